package source

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/yearbook"
)

// The committed workbooks of testdata/yearbook are what cmd/genyearbook
// writes: a change to the generator is committed with its files.
func TestYearbookFilesAreGenerated(t *testing.T) {
	books, err := yearbook.Workbooks()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range books {
		got, err := os.ReadFile(filepath.Join("testdata", "yearbook", name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("testdata/yearbook/%s differs from what cmd/genyearbook writes (err %v): run go run ./cmd/genyearbook", name, err)
		}
	}
	if cfg, _ := os.ReadFile("testdata/yearbook/config.toml"); string(cfg) != yearbook.Config {
		t.Error("testdata/yearbook/config.toml differs from yearbook.Config: run go run ./cmd/genyearbook")
	}
}

// Every layout reads to exactly the figures of its long twin: the same
// town, year and indicator for every number, typed growth and changes in
// points, and the same official totals.
func TestLayoutsReadAsTheirLongTwin(t *testing.T) {
	raw, err := os.ReadFile("testdata/yearbook/config.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, problems, err := config.Parse("config.toml", raw)
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	read := func(name string) ([]string, *Data) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("testdata", "yearbook", name))
		if err != nil {
			t.Fatal(err)
		}
		data, problems := Read(fstest.MapFS{"data/" + name: {Data: b}}, cfg)
		if len(problems) > 0 {
			t.Errorf("%s: problems:\n%s", name, problems)
		}
		return canonicalFigures(cfg, data), data
	}
	want, _ := read("long.xlsx")
	if len(want) < 80 {
		t.Fatalf("the long twin reads only %d figures:\n%s", len(want), strings.Join(want, "\n"))
	}
	for _, name := range []string{"wide.xlsx", "single.xlsx", "peryear.xlsx", "yearbook.xlsx"} {
		got, data := read(name)
		if d := diffLines(want, got); d != "" {
			t.Errorf("%s reads differently from long.xlsx:\n%s", name, d)
		}
		if len(data.Towns) != len(yearbook.Towns) {
			t.Errorf("%s: %d towns", name, len(data.Towns))
		}
	}
}

// canonicalFigures lists every figure read as "town year indicator kind =
// value", the town by its name in the towns sheet (a yearbook prints 大　良①
// for 大良街道), sorted.
func canonicalFigures(cfg *config.Config, data *Data) []string {
	name := map[string]string{}
	for _, tr := range data.Towns {
		name[Key(tr.Name.S)] = tr.Name.S
		for _, a := range strings.FieldsFunc(tr.Aliases.S, func(r rune) bool { return strings.ContainsRune("、,，;；/", r) }) {
			name[Key(a)] = tr.Name.S
		}
	}
	var out []string
	add := func(who string, year float64, kind string, ns []Number) {
		for i, n := range ns {
			// A growth cell left empty is a growth not typed, as a
			// layout without the column.
			if n == (Number{}) || (kind != "level" && !n.Valid) {
				continue
			}
			out = append(out, fmt.Sprintf("%s %v %s %s = %s", who, year, cfg.Indicators[i].ID, kind, numText(n)))
		}
	}
	for _, v := range data.Values {
		who, ok := name[Key(v.Town.S)]
		if !ok {
			who = "?" + v.Town.S
		}
		add(who, v.Year.V, "level", v.Values)
		add(who, v.Year.V, "growth", v.Growth)
		add(who, v.Year.V, "points", v.Points())
	}
	for _, tr := range data.Totals {
		who := "total"
		if tr.Subtotal {
			who = "subtotal " + tr.Scope
		}
		add(who, tr.Year.V, "level", tr.Values)
		add(who, tr.Year.V, "growth", tr.Growth)
		add(who, tr.Year.V, "points", tr.Points)
	}
	slices.Sort(out)
	return out
}

// diffLines lists the lines only one of two sorted lists has.
func diffLines(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if _, found := slices.BinarySearch(got, w); !found {
			fmt.Fprintf(&b, "- %s\n", w)
		}
	}
	for _, g := range got {
		if _, found := slices.BinarySearch(want, g); !found {
			fmt.Fprintf(&b, "+ %s\n", g)
		}
	}
	return b.String()
}
