package model

import (
	"testing"

	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/status"
)

// MarkRevised marks exactly the figures named, the sums of towns take the
// mark from their members, an official total is marked itself, and the
// targets read the marked figures.
func TestMarkRevised(t *testing.T) {
	data := sampleData()
	data.Values[1].Growth = growthOf(numCell(20.6, "E3"))
	data.Totals = []source.TotalRecord{{Label: text("合计", "A8"), Year: numCell(2024, "B8"),
		Values: []source.Number{output: numCell(41, "C8"), platforms: {}}}}
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	out := site.Indicator("output")
	// Figures computed before the marks must not be kept.
	_ = site.ScopeFigures(out, []*Tier{site.Tiers[0]})
	n := site.MarkRevised([]FigureRef{
		{Kind: TownValue, Town: "p1", Indicator: "output", Year: 2024},
		{Kind: TownGrowth, Town: "p1", Indicator: "output", Year: 2024},
		{Kind: ScopeTotal, Indicator: "output", Year: 2024},
		{Kind: TownValue, Town: "gone", Indicator: "output", Year: 2024},  // a town no longer in the site
		{Kind: TownValue, Town: "p1", Indicator: "output", Year: 2019},    // a year it does not have
		{Kind: TownValue, Town: "m2", Indicator: "platforms", Year: 2023}, // no figure: nothing to mark
	})
	if n != 3 {
		t.Errorf("marked %d figures, want 3", n)
	}
	if v := site.Town("p1").Values["output"].At(1); v.Flag != status.Revised {
		t.Errorf("p1 2024 flag = %v, want revised", v.Flag)
	}
	if v := site.Town("p1").Values["output"].At(0); v.Flag != 0 {
		t.Errorf("p1 2023 was not revised: %v", v.Flag)
	}
	if g := site.Town("p1").Delta(out, 1); !g.Typed || g.Flag != status.Revised {
		t.Errorf("p1's typed growth = %+v, want revised", g)
	}
	if v := site.Town("m1").Values["output"].At(1); v.Flag != 0 {
		t.Errorf("m1 was not revised: %v", v.Flag)
	}
	if f := site.ScopeFigure(out, []*Tier{site.Tiers[0]}, 1); !f.Value.Flag.Has(status.Revised) {
		t.Errorf("the provincial sum of a revised figure is revised: %v", f.Value.Flag)
	}
	if f := site.ScopeFigure(out, []*Tier{site.Tiers[1]}, 1); f.Value.Flag.Has(status.Revised) {
		t.Errorf("the municipal sum has no revised member: %v", f.Value.Flag)
	}
	if f := site.ScopeFigure(out, site.Tiers, 1); !f.Official || !f.Value.Flag.Has(status.Revised) {
		t.Errorf("the official total = %+v, want revised", f)
	}
	for _, tr := range site.Targets {
		if tr.ID == "total" && !tr.Actual.Flag.Has(status.Revised) {
			t.Errorf("the target reads the revised total: %+v", tr.Actual)
		}
	}
	if len(site.Targets) != len(site.Config.Targets) {
		t.Errorf("%d targets after marking, want %d", len(site.Targets), len(site.Config.Targets))
	}
}

// Cells finds the cell of each figure named, the last record with a
// figure winning, as the series take it; sums have no cell.
func TestCells(t *testing.T) {
	data := sampleData()
	data.Values[3].Growth = growthOf(numCell(20, "E5"))
	// 电机小镇 2024 again, without the column, then with the same figure
	// further down.
	again := values("9", "m1", 2024, nil, f(1))
	again.Values[output] = source.Number{}
	data.Values = append(data.Values, again, values("10", "电机小镇", 2024, f(12), nil))
	data.Totals = []source.TotalRecord{{Label: text("合计", "A8"), Year: numCell(2024, "B8"),
		Values: []source.Number{output: numCell(41, "C8"), platforms: {}}}}
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	refs := []FigureRef{
		{Kind: TownValue, Town: "m1", Indicator: "output", Year: 2024},
		{Kind: TownGrowth, Town: "m1", Indicator: "output", Year: 2024},
		{Kind: TownValue, Town: "p1", Indicator: "platforms", Year: 2023},
		{Kind: ScopeTotal, Indicator: "output", Year: 2024},
		{Kind: ScopeTotal, Scope: "provincial", Indicator: "output", Year: 2024},
	}
	cells := site.Cells(data, refs)
	want := map[FigureRef]string{refs[0]: "C10", refs[1]: "E5", refs[2]: "D2", refs[3]: "C8"}
	for r, cell := range want {
		if got := cells[r]; got.Cell != cell {
			t.Errorf("%+v at %v, want %s", r, got, cell)
		}
	}
	if _, ok := cells[refs[4]]; ok || len(cells) != 4 {
		t.Errorf("a summed total has no cell: %v", cells)
	}
}
