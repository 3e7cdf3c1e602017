package chart

import (
	"encoding/json"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
)

// No two of the series a chart of every town's line may draw (FullRanking
// is 30 in render) look alike: the colour repeats after eight, so the
// marker and dash must tell them apart; no line is dashed, which says
// provisional.
func TestCuesTellSeriesApart(t *testing.T) {
	seen := map[SeriesCue]int{}
	for k := range 56 {
		c := Cue(k)
		if j, dup := seen[c]; dup {
			t.Fatalf("series %d looks like series %d: %+v", k, j, c)
		}
		seen[c] = k
		if c.Dash == "dashed" {
			t.Errorf("series %d is dashed, which marks provisional figures", k)
		}
	}
	// Without colour (a reader who cannot tell two of them apart, or a
	// grey print), the first 14 series still differ by marker and dash.
	shapes := map[[2]string]int{}
	for k := range 14 {
		c := Cue(k)
		key := [2]string{c.Symbol, c.Dash}
		if j, dup := shapes[key]; dup {
			t.Errorf("series %d and %d differ only in colour: %+v", k, j, c)
		}
		shapes[key] = k
	}
	for i, a := range Palette {
		for _, b := range Palette[i+1:] {
			if a == b {
				t.Errorf("the palette holds %s twice", a)
			}
		}
	}
}

// A chart of lines gives each series its marker and dash in the option.
func TestLinesCarryCues(t *testing.T) {
	ind := &model.Indicator{Indicator: config.Indicator{ID: "output", Name: "产值", Unit: "亿元", Decimals: 1}}
	var towns []*model.Town
	for i := range 10 {
		towns = append(towns, &model.Town{ID: string(rune('a' + i)), Name: string(rune('a' + i)),
			Values: map[string]model.Series{"output": {model.V(num.Int(int64(i)))}}})
	}
	b := &Builder{Site: &model.Site{Config: &config.Config{}, Years: []int{2024}}, Words: testWords(t)}
	c := b.Lines("l", "各镇", ind, towns)
	var o struct {
		Series []struct {
			Symbol    string
			LineStyle *struct{ Type string }
		}
	}
	if err := json.Unmarshal([]byte(c.Option), &o); err != nil {
		t.Fatal(err)
	}
	if len(o.Series) != 10 {
		t.Fatalf("%d series, want 10", len(o.Series))
	}
	// The ninth line has the first one's colour: its marker differs; the
	// eighth has the first one's marker, in a dotted line.
	first, eighth, ninth := o.Series[0], o.Series[7], o.Series[8]
	if first.LineStyle != nil || eighth.LineStyle == nil || eighth.LineStyle.Type != "dotted" {
		t.Errorf("the first line should be solid and the eighth dotted: %+v, %+v", first.LineStyle, eighth.LineStyle)
	}
	if first.Symbol == ninth.Symbol || first.Symbol == "" {
		t.Errorf("the first and ninth lines share the marker %q", first.Symbol)
	}
	if first.Symbol != eighth.Symbol {
		t.Errorf("the eighth line should have the first one's marker: %q", eighth.Symbol)
	}
}
