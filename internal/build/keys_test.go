package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/internal/scalegen"
	"github.com/townpress/townpress/internal/sitetest"
)

// TestKeysSeeEveryEdit edits a site every way an office does, one edit
// after another, and after each builds into the previous output with
// CheckKeys on: every page taken by its key is rendered anyway and must be
// the same bytes, and the folder must be what a clean build makes. A key
// that missed an input a page shows fails here. The site has a tier small
// enough to chart whole and two that chart their leaders.
func TestKeysSeeEveryEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 150 towns 18 times")
	}
	defer func(was bool) { CheckKeys = was }(CheckKeys)
	CheckKeys = true
	dir := t.TempDir()
	towns, err := scalegen.Generate(dir, scalegen.Options{Towns: 150, Counties: 12, Years: 5, Indicators: 6})
	if err != nil {
		t.Fatal(err)
	}
	cfg, out := filepath.Join(dir, "config.toml"), filepath.Join(dir, "public")
	if _, err := Build(Options{Config: cfg, Out: out}); err != nil {
		t.Fatal(err)
	}
	pages := 2 * len(towns) // town pages, in two languages
	values, names := filepath.Join(dir, "data", "values.xlsx"), filepath.Join(dir, "data", "towns.xlsx")
	// row is the row of the n-th town in both workbooks.
	row := func(n int) int { return n + 2 }
	edits := []struct {
		name string
		edit func(t *testing.T)
		// most says how many town pages at most the edit may make again;
		// 0 for any number.
		most int
	}{
		{"nothing", func(*testing.T) {}, 0 + 1},
		{"an earlier year's figure of a later indicator", func(t *testing.T) {
			sitetest.SetCell(t, values, "2021年", fmt.Sprintf("D%d", row(100)), 1234.5)
		}, pages / 2},
		{"the latest figure of the first indicator, in a tier that charts its leaders", func(t *testing.T) {
			sitetest.SetCell(t, values, "2024年", fmt.Sprintf("B%d", row(120)), 99999)
		}, 0},
		{"the latest figure of the first indicator of a town far from its tier's leaders", func(t *testing.T) {
			// A tenth more moves the tier's total, which every page of the
			// tier shows beside its leaders, and barely the town's rank.
			cell := fmt.Sprintf("B%d", row(130))
			v, err := strconv.ParseFloat(sitetest.Cell(t, values, "2024年", cell), 64)
			if err != nil {
				t.Fatalf("2024年!%s: %v", cell, err)
			}
			sitetest.SetCell(t, values, "2024年", cell, v+0.1)
		}, 0},
		{"the latest figure of the first indicator, in the tier charted whole", func(t *testing.T) {
			sitetest.SetCell(t, values, "2024年", fmt.Sprintf("B%d", row(3)), 0.5)
		}, 0},
		{"a figure made blank", func(t *testing.T) {
			sitetest.SetCell(t, values, "2022年", fmt.Sprintf("C%d", row(60)), "—")
		}, 0},
		{"a town's name", func(t *testing.T) {
			sitetest.SetCell(t, names, "专业镇名录", fmt.Sprintf("B%d", row(70)), "改名专业镇")
		}, 0},
		{"a town's description", func(t *testing.T) {
			sitetest.SetCell(t, names, "专业镇名录", fmt.Sprintf("H%d", row(71)), "新的简介。")
		}, 0},
		{"a town's year of recognition", func(t *testing.T) {
			sitetest.SetCell(t, names, "专业镇名录", fmt.Sprintf("G%d", row(72)), 2023)
		}, 0},
		{"a figure typed where there was none", func(t *testing.T) {
			sitetest.SetCell(t, values, "2024年", fmt.Sprintf("B%d", row(40)), 12.5)
		}, 0},
		{"a status mark on one figure", func(t *testing.T) {
			sitetest.SetCell(t, values, "2024年", "H1", "工业产值状态")
			sitetest.SetCell(t, values, "2024年", fmt.Sprintf("H%d", row(40)), "p")
		}, 0},
		{"the config", func(t *testing.T) {
			b, err := os.ReadFile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cfg, bytes.Replace(b, []byte("合成数据"), []byte("合成的数据"), 1), 0o644); err != nil {
				t.Fatal(err)
			}
		}, 0},
		{"a site's own layout", func(t *testing.T) {
			if err := os.MkdirAll(filepath.Join(dir, "layouts", "partials"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "layouts", "partials", "footer-extra.html"), []byte("<p>x</p>"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, 0},
		{"a town removed", func(t *testing.T) {
			sitetest.EditWorkbook(t, names, func(f *excelize.File) error { return f.RemoveRow("专业镇名录", row(80)) })
			sitetest.EditWorkbook(t, values, func(f *excelize.File) error {
				for y := 2020; y <= 2024; y++ {
					if err := f.RemoveRow(fmt.Sprintf("%d年", y), row(80)); err != nil {
						return err
					}
				}
				return nil
			})
		}, 0},
	}
	for _, e := range edits {
		e.edit(t)
		res, got := rebuildAsClean(t, cfg, out, e.name)
		pages := 0
		for name := range got {
			if strings.Contains(name, "towns/") && strings.HasSuffix(name, "/index.html") && !strings.HasSuffix(name, "towns/index.html") && !strings.Contains(name, "/page/") {
				pages++
			}
		}
		made := pages - res.Taken[render.TownPage]
		t.Logf("%s: %d of %d indicator pages taken", e.name, res.Taken[render.IndicatorPage], 2*6)
		if e.name == "an earlier year's figure of a later indicator" && res.Taken[render.IndicatorPage] != 2*5 {
			t.Errorf("after %s: %d indicator pages taken, want those of the five other indicators", e.name, res.Taken[render.IndicatorPage])
		}
		t.Logf("%s: %d of %d town pages made again", e.name, made, pages)
		if e.name != "nothing" && made < 2 {
			t.Errorf("after %s: %d town pages made again, want at least the town's own two", e.name, made)
		}
		if e.most > 0 && made >= e.most {
			t.Errorf("after %s: %d town pages made again, want fewer than %d", e.name, made, e.most)
		}
	}
}

// rebuildAsClean builds the site of cfg into out, where the previous build
// is, and fails unless out is then byte for byte what a clean build makes;
// what names the edit made before, for messages.
func rebuildAsClean(t *testing.T, cfg, out, what string) (*Result, map[string][]byte) {
	t.Helper()
	res, err := Build(Options{Config: cfg, Out: out})
	if err != nil {
		t.Fatalf("after %s: %v", what, err)
	}
	clean := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Config: cfg, Out: clean}); err != nil {
		t.Fatal(err)
	}
	got, want := readTree(t, out), readTree(t, clean)
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("after %s: %s differs from a clean build's", what, name)
		}
	}
	if len(got) != len(want) {
		t.Errorf("after %s: %d files, a clean build makes %d", what, len(got), len(want))
	}
	return res, got
}
