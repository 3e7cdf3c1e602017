package render

import (
	"crypto/sha256"
	"encoding/base64"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/release"
	"github.com/townpress/townpress/layouts"
)

// The README's "Layouts" tables name every field and helper of every view,
// and of the types a view's fields hold, and nothing else: they are what a
// site's layouts can use, and a table that drifts from the code misleads.
func TestREADMENamesEveryViewField(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	start := strings.Index(section, "\n## Layouts\n")
	if start < 0 {
		t.Fatal(`README.md has no "## Layouts" section`)
	}
	section = section[start+1:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}

	// What the README names, by type: a row's type column (the view in
	// the table of views) names one or more types in backquotes, its last
	// column the fields and helpers as `.Name`.
	// A type of another package is named with it: `release.ReleaseRow`.
	typeName := regexp.MustCompile("`((?:release\\.)?[A-Z][A-Za-z]*)`")
	fieldName := regexp.MustCompile("`\\.([A-Z][A-Za-z0-9]*)`")
	named := map[string][]string{}
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if !strings.HasPrefix(line, "| ") || len(cells) < 2 {
			continue
		}
		types := typeName.FindAllStringSubmatch(cells[len(cells)-2], -1)
		fields := fieldName.FindAllStringSubmatch(cells[len(cells)-1], -1)
		if len(types) == 0 || len(fields) == 0 {
			continue
		}
		for _, ty := range types {
			for _, f := range fields {
				named[ty[1]] = append(named[ty[1]], f[1])
			}
		}
	}

	// What the code has: every kind's view, as Render makes it, and the
	// types their fields hold. A site with releases has every kind,
	// and with a map, the map page.
	r := releasedRenderer(t)
	r.Site.Config.Map = config.Map{BaseMap: "map.geojson", ReviewNumber: "测试S（2099）000号", BoundarySource: "虚构"}
	types := map[string]reflect.Type{"Frame": reflect.TypeFor[*Frame]()}
	for _, p := range r.Pages() {
		v, err := views[p.Kind](r.frame(p))
		if err != nil {
			t.Fatal(err)
		}
		types[reflect.TypeOf(v).Elem().Name()] = reflect.TypeOf(v)
	}
	if len(types) != len(Kinds)+1 {
		t.Fatalf("%d views for %d kinds of page", len(types)-1, len(Kinds))
	}
	for _, v := range []any{KPI{}, Card{}, CardTable{}, TargetGroup{}, TargetRow{}, TownInfo{}, ReportTier{}, Summary{},
		SummaryRow{}, Narrative{}, TierCount{}, YearOption{}, DownloadGroup{}, Download{}, AboutItem{}, NavItem{},
		Alternate{}, Crumb{}, Link{}, PagerLink{}, chart.Row{}, chart.Mark{}, Legend{}, LegendItem{}, DefItem{}, IndicatorDef{}, Versions{}, Version{}} {
		types[reflect.TypeOf(v).Name()] = reflect.PointerTo(reflect.TypeOf(v))
	}
	for _, v := range []any{release.ReleaseRow{}, release.ReleaseView{}, release.DownloadRow{}, release.RevisionGroup{}, release.RevisionEntry{},
		release.Citation{}, release.UpdatesLine{}, release.CalendarRow{}, release.CalendarView{}} {
		types["release."+reflect.TypeOf(v).Name()] = reflect.PointerTo(reflect.TypeOf(v))
	}

	for name, ty := range types {
		have := members(ty)
		readme := named[name]
		for _, m := range have {
			if !slices.Contains(readme, m) {
				t.Errorf("%s.%s is not in README.md's Layouts tables", name, m)
			}
		}
		for _, m := range readme {
			if !slices.Contains(have, m) {
				t.Errorf("README.md names %s.%s, which %s does not have", name, m, name)
			}
		}
	}
	for name := range named {
		if types[name] == nil {
			t.Errorf("README.md's Layouts tables name %s, which is not a view or what one holds", name)
		}
	}
}

// members are the exported fields and methods a layout finds on a value of
// type ty (a pointer), the frame's left out of a view's: those are
// the frame's own row.
func members(ty reflect.Type) []string {
	frame := reflect.TypeFor[*Frame]()
	var out []string
	var fields func(t reflect.Type)
	fields = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		for f := range t.Fields() {
			switch {
			case !f.IsExported():
			case f.Anonymous && f.Type == frame && ty != frame:
			case f.Anonymous:
				fields(f.Type)
			case !slices.Contains(out, f.Name):
				out = append(out, f.Name)
			}
		}
	}
	fields(ty)
	for m := range ty.Methods() {
		if _, ok := frame.MethodByName(m.Name); (!ok || ty == frame) && !slices.Contains(out, m.Name) {
			out = append(out, m.Name)
		}
	}
	return out
}

// TestModesScriptHash: the README gives the sha256 of the head script that
// sets the reading modes, for a host's Content-Security-Policy; a changed
// script with an old hash would be blocked on such a host, and the modes
// with it.
func TestModesScriptHash(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	base, err := layouts.FS.ReadFile("base.html")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<script id="tp-modes">(.*?)</script>`).FindSubmatch(base)
	if m == nil {
		t.Fatal(`base.html has no <script id="tp-modes">`)
	}
	sum := sha256.Sum256(m[1])
	want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md should give the modes script's hash %s", want)
	}
}
