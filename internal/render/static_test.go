package render

import (
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/layouts"
)

// ECharts' ticks: about five nice steps that take in zero.
func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi          float64
		wantLo, wantHi  float64
		step            float64
		places, howMany int
	}{
		{9.8, 23.5, 0, 25, 5, 0, 6},
		{2.5, 5.9, 0, 6, 1, 0, 7},
		{0.6, 33.4, 0, 35, 5, 0, 8},
		{1080, 1458, 0, 1500, 300, 0, 6},
		{-3.2, 12.5, -6, 15, 3, 0, 8}, // 15.7/5 is 3.14: a step of 3
		{0.012, 0.049, 0, 0.05, 0.01, 2, 6},
		{0, 1, 0, 1, 0.2, 1, 6}, // every figure 0 (staticChart's axis)
	} {
		got := niceTicks(c.lo, c.hi)
		if got.lo != c.wantLo || got.hi != c.wantHi || got.step != c.step || got.places != c.places || got.n() != c.howMany {
			t.Errorf("niceTicks(%g, %g) = %+v (%d ticks); want %g to %g by %g, %d places, %d ticks", c.lo, c.hi, got, got.n(), c.wantLo, c.wantHi, c.step, c.places, c.howMany)
		}
	}
}

var titleRE = regexp.MustCompile(`<title>([^<]*)</title>`)

// A town page's first two charts are drawn statically, the rest not; each
// drawn bar's title is the chart's point as read out, with the table's
// figure, and a provisional figure's bar is hatched. The cards' .Static
// is made for a chart partial that prints it; the default partial's
// card holds the same drawing (TestChartFigureIsTheFieldsPrinted).
func TestStaticChartsOfATownPage(t *testing.T) {
	_, v := townView(t, fstest.MapFS{"partials/chart.html": {Data: []byte(fieldsChartPartial)}})
	var cards []*Card
	cards = append(cards, v.TownTrends...)
	cards = append(cards, v.TownPeers, v.TownRanks)
	drawn := 0
	for i, c := range cards {
		if c.Static == "" {
			continue
		}
		drawn++
		if i >= 2 {
			t.Errorf("card %d (%s) is drawn statically; only the first two should be", i, c.ID)
		}
		svg := string(c.Static)
		if !strings.HasPrefix(svg, `<svg class="chart-static"`) || !strings.HasSuffix(svg, `</svg>`) {
			t.Errorf("%s: not an svg of class chart-static: %.80s", c.ID, svg)
		}
		p := c.Plot()
		titles := titleRE.FindAllStringSubmatch(svg, -1)
		var want []string
		for _, s := range p.Series {
			for k, pt := range s.Points {
				if pt.Value.Valid() {
					line := pt.Tip
					if line == "" {
						line = v.Lang.WithUnit(pt.Label, c.Unit)
					}
					say := s.Say
					if say == "" {
						say = s.Name
					}
					want = append(want, v.T("chart_point", p.Categories[k], say, line))
				}
			}
		}
		if len(titles) != len(want) {
			t.Fatalf("%s: %d titles for %d figures", c.ID, len(titles), len(want))
		}
		for k, m := range titles {
			if m[1] != escaped(want[k]) {
				t.Errorf("%s: title %d is %q; want %q", c.ID, k, m[1], want[k])
			}
		}
		// The table's figures are the titles': the same text, row by row.
		for k, row := range c.Table.Rows {
			if p.Series[0].Points[k].Value.Valid() && !strings.Contains(titles[k][1], escaped(row.Cells[0])) {
				t.Errorf("%s: the table shows %q for %s, the title says %q", c.ID, row.Cells[0], row.Header, titles[k][1])
			}
		}
		hatched := false
		for _, s := range p.Series {
			for _, pt := range s.Points {
				hatched = hatched || pt.Hatched
			}
		}
		if got := strings.Contains(svg, `fill="url(#`+c.ID+`-hatch)"`); got != hatched {
			t.Errorf("%s: hatched bars drawn %v; the chart has provisional figures: %v", c.ID, got, hatched)
		}
	}
	if drawn != 2 {
		t.Errorf("%d charts drawn statically; want 2", drawn)
	}
}

func escaped(s string) string {
	var b strings.Builder
	escapeText(&b, s)
	return b.String()
}

// townpress.css colours the static charts' bars and legend swatches as
// the charts are coloured: chart.Palette, in its order.
func TestStaticChartPaletteIsTheCharts(t *testing.T) {
	css, err := fs.ReadFile(layouts.FS, "assets/townpress.css")
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range chart.Palette {
		rule := fmt.Sprintf(".chart .c%d { --c: %s; }", k, c)
		if !strings.Contains(string(css), rule) {
			t.Errorf("townpress.css has no %q", rule)
		}
	}
}

// tenths writes what strconv.FormatFloat writes of a tenth.
func TestTenthsIsFormatFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := []float64{0, math.Copysign(0, -1), 1, -1, 5, 10, -10, 123456789, 1 << 48, -(1 << 48) + 3, 1 << 49, 1 << 60, math.Inf(1), math.NaN()}
	for range 100000 {
		cases = append(cases, math.Round((r.Float64()-0.5)*math.Pow(10, float64(r.IntN(15)))))
	}
	for _, c := range cases {
		var b strings.Builder
		tenths(&b, c)
		if want := strconv.FormatFloat(c/10, 'f', -1, 64); b.String() != want {
			t.Errorf("tenths(%v) = %s; want %s", c, b.String(), want)
		}
	}
}

// A translation cut at its verbs writes what fmt.Sprintf writes of it;
// one formatted otherwise is not cut.
func TestCutVerbs(t *testing.T) {
	args := []any{"2023年", "工业<产值>", "24.3p 亿元"}
	for _, format := range []string{"%s %s %s", "%s, %s: %s", "点 %s：%s（%s）", "%s%s%s"} {
		parts := cutVerbs(format, 3)
		if parts == nil {
			t.Fatalf("%q: not cut", format)
		}
		got := parts[0]
		for k, a := range args {
			got += a.(string) + parts[k+1]
		}
		if want := fmt.Sprintf(format, args...); got != want {
			t.Errorf("%q: %q, want %q", format, got, want)
		}
	}
	for _, format := range []string{"%[2]s %[1]s %[3]s", "%s %s", "%s %s %s %s", "%s %s %v", "%s 100%% %s %s"} {
		if parts := cutVerbs(format, 3); parts != nil {
			t.Errorf("%q: cut as %q; should be left to Sprintf", format, parts)
		}
	}
}
