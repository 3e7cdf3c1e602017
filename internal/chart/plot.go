package chart

import (
	"math"

	"github.com/townpress/townpress/internal/model"
)

// A Plot is what a chart draws, as data: its categories, its series and
// each point's figure with the text its label and tooltip show. render
// draws the first charts of a page from it as a static SVG that is on
// screen with the page's first paint, before ECharts has come over a slow
// network (issue 16); the page script puts the interactive chart in its
// place. The figures are the model's and the texts the ones the chart's
// table and option carry: a drawing made from a Plot shows no number that
// the chart does not.
//
// A Plot is made on demand (Chart.Plot), from what the chart kept when it
// was made: most charts of a national build are never drawn statically,
// and a page of a dozen charts draws one or two.
type Plot struct {
	Kind PlotKind
	// Stacked: the series' bars stand on one another (a city's total of
	// its tiers); else they stand side by side.
	Stacked bool
	// Labels: each bar carries its figure's text, on top of a column or
	// right of a bar, as the chart's value labels do.
	Labels     bool
	Categories []string // the years, or the towns of a ranking (best first)
	Series     []PlotSeries
}

// PlotKind is how a Plot lays out its figures.
type PlotKind uint8

const (
	Columns PlotKind = iota // vertical bars over the categories (years)
	Bars                    // horizontal bars, the first category at the top: a ranking
	Lines                   // a line a series over the categories
)

// PlotSeries is one series of a Plot.
type PlotSeries struct {
	Name string // as the legend and the option name it
	// Say is what a point of the series is called when read out, "工业产值",
	// where the series' name does not say it (see pointText.Say); "" for
	// the name.
	Say    string
	Cue    SeriesCue // its colour and, for a line, its marker and dash
	Points []PlotPoint
	// Provisional: the dashed part of a line split at its provisional
	// figures (see Lines), one legend entry with the series before it.
	Provisional bool
}

// PlotPoint is one figure of a series.
type PlotPoint struct {
	// Value is the figure drawn; a value that is not Valid draws nothing.
	Value model.Value
	// Label is the figure's text as the table and the value label write
	// it, marked ("24.3p①"), or why there is none ("—", "c"); "" where
	// the point is another series' (a split line's).
	Label string
	// Tip is the tooltip's line for the point where it says more than the
	// label and the unit (coverage, rank, what a mark means); "" for none.
	Tip string
	// Hatched: a provisional figure, hatched as the chart hatches it.
	// Break: a total whose coverage differs from the year before, paler
	// with an outline. Highlight: the page's own town in a ranking.
	Hatched, Break, Highlight bool
}

// Plot is what the chart draws, as data (see Plot); nil for a chart that
// has no static drawing (a map, a chart of ranks).
func (c *Chart) Plot() *Plot {
	if c.plot == nil {
		return nil
	}
	return c.plot()
}

// columnsPlot is the Plot of one series of columns over the years, as
// Trend and TotalTrend draw it.
func (b *Builder) columnsPlot(name, say string, vals func(i int) model.Value, breaks func(i int) bool, labels, tips []string) func() *Plot {
	return func() *Plot {
		n := len(labels)
		pts := make([]PlotPoint, n)
		for i := range pts {
			v := vals(i)
			pts[i] = PlotPoint{Value: v, Label: labels[i], Hatched: hatched(v), Break: breaks != nil && breaks(i)}
			if tips != nil {
				pts[i].Tip = tips[i]
			}
		}
		return &Plot{Kind: Columns, Labels: true, Categories: b.years()[:n],
			Series: []PlotSeries{{Name: name, Say: say, Cue: Cue(0), Points: pts}}}
	}
}

// barsPlot is the Plot of a ranking: one series of horizontal bars, the
// towns down the side, each labelled right of its bar.
func barsPlot(name string, names []string, vals []model.Value, labels, tips []string, highlight []bool) func() *Plot {
	return func() *Plot {
		pts := make([]PlotPoint, len(vals))
		for i, v := range vals {
			pts[i] = PlotPoint{Value: v, Label: labels[i], Tip: tips[i], Hatched: hatched(v), Highlight: highlight != nil && highlight[i]}
		}
		return &Plot{Kind: Bars, Labels: true, Categories: names, Series: []PlotSeries{{Name: name, Cue: Cue(0), Points: pts}}}
	}
}

// Extent is the smallest and largest value the plot draws: of its
// figures, or of its stacks' ends (positive and negative figures stack
// apart, as ECharts stacks them); 0, 0 when it has no figure.
func (p *Plot) Extent() (lo, hi float64) {
	first := true
	see := func(v float64) {
		if first {
			lo, hi, first = v, v, false
			return
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	var pos, neg []float64
	if p.Stacked {
		pos, neg = make([]float64, len(p.Categories)), make([]float64, len(p.Categories))
	}
	for _, s := range p.Series {
		for i, pt := range s.Points {
			if !pt.Value.Valid() {
				continue
			}
			v := pt.Value.Float()
			if p.Stacked && i < len(pos) {
				if v >= 0 {
					pos[i] += v
					v = pos[i]
				} else {
					neg[i] += v
					v = neg[i]
				}
			}
			see(v)
		}
	}
	return lo, hi
}
