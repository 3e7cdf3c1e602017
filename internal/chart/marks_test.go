package chart

import (
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// A data file's status column holds a figure's marks, or for a cell
// without a figure its reason; a final figure, whose mark has no symbol,
// leaves it empty (it held the figure itself: "23.5").
func TestStatusText(t *testing.T) {
	for _, c := range []struct {
		text string
		mark Mark
		want string
	}{
		{"23.5", Mark{}, ""},
		{"23.5", Mark{Flag: status.Provisional, Symbols: "p"}, "p"},
		{"23.5", Mark{Flag: status.Revised, Symbols: "r", Note: 1}, "r①"},
		{"23.5", Mark{Flag: status.Final}, ""},
		{"23.5", Mark{Flag: status.Final, Note: 2}, "②"},
		{"23.5", Mark{Flag: status.Final | status.Revised, Symbols: "r"}, "r"},
		{"c", Mark{Flag: status.Confidential, Note: 1}, "c①"},
		{"<0.1", Mark{Flag: status.Below}, "<0.1"},
	} {
		if got := statusText(c.text, c.mark); got != c.want {
			t.Errorf("statusText(%q, %+v) = %q, want %q", c.text, c.mark, got, c.want)
		}
	}
}

// A revised figure's mark names the figure, for the page's link to its
// revision; a change computed from it carries its r but no name (it is
// no published figure of its own, and no release lists it), and a
// change the office typed is named as the office's growth.
func TestTrendMarksNameRevisedFigures(t *testing.T) {
	site := &model.Site{Config: &config.Config{}, Years: []int{2023, 2024}}
	ind := &model.Indicator{Indicator: config.Indicator{ID: "output", Name: "工业产值", Unit: "亿元", Decimals: 1}}
	series := model.Series{model.V(num.Int(10)), {Dec: num.Int(12), Flag: status.Revised}}
	of := model.FigureRef{Kind: model.TownValue, Town: "a", Indicator: "output"}
	words := testWords(t)
	words.MarkNames = func(f status.Flag) string { return f.Symbols() }
	words.StatusOf = func(head string) string { return head + "状态" }
	b := &Builder{Site: site, Words: words}

	deltas := ind.Deltas(series)
	c := b.Trend("a-output-trend", "工业产值", ind, series, deltas, nil, "甲镇", of)
	if m := c.Table.Rows[0].Marks; m != nil {
		t.Errorf("2023 is not revised, yet marked %+v", m)
	}
	marks := c.Table.Rows[1].Marks
	if marks == nil || marks[0].Ref == nil || *marks[0].Ref != of.In(2024) {
		t.Fatalf("2024's figure: marks %+v, want its mark named %+v", marks, of.In(2024))
	}
	if !marks[1].Flag.Has(status.Revised) || marks[1].Ref != nil {
		t.Errorf("computed change of a revised figure: mark %+v, want r without a name", marks[1])
	}

	deltas[1].Typed = true
	c = b.Trend("a-output-trend", "工业产值", ind, series, deltas, nil, "甲镇", of)
	want := model.FigureRef{Kind: model.TownGrowth, Town: "a", Indicator: "output", Year: 2024}
	if m := c.Table.Rows[1].Marks[1]; m.Ref == nil || *m.Ref != want {
		t.Errorf("typed change of a revised figure: mark %+v, want it named %+v", m, want)
	}
}
