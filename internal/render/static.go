package render

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/townpress/townpress/internal/chart"
)

// The first charts of a page are drawn by the build as well, as a static
// SVG inside the chart's box (issue 16): on a slow phone it is painted
// with the page, a second before ECharts has come and run, and a reader
// without JavaScript sees it above the table. The page script puts the
// interactive chart in its place, in the same box, when it draws it.
//
// It is drawn from the chart's Plot: the model's figures for the
// geometry, and for every text the chart's own (its table's figures and
// marks, its tooltip lines), so that it shows no number the chart does
// not. Each bar carries a <title>, the line the chart reads out for the
// point ("2023年 工业产值 24.3p 亿元（初步数）"), which the oracle checks.
//
// It lays out as ECharts lays the chart out, with the same plot area,
// nice ticks, gridlines, labels and colours, and scales as it does: the
// box's height is the chart's, its width the page's, and the text keeps
// its size. Horizontal positions are percentages of the plot area (the
// svg's content box, inside paddings that leave room for the axis
// labels, larger in 长辈模式), vertical ones pixels; the colours, text
// sizes and paddings are townpress.css's, by class and custom property,
// so that the reading modes restyle it as they restyle the rest.
//
// This file holds the layout (ticks, sizes, which bars are hatched); the
// markup is written with the rest of Go's in fragments.go.

// staticCharts is how many charts of a page are drawn statically: the
// first screen's (two side by side on a desktop's town page). Each costs
// the page 1-3 KB gzipped.
const staticCharts = 2

// chartMinHeight is .chart's min-height in townpress.css: a chart box is
// never lower, whatever height the chart asks for.
const chartMinHeight = 220

// Layout as ECharts lays out townpress's charts (chart/option.go: the
// grids' top, and what ECharts gives an axis), in pixels.
const (
	fontSize, largeFontSize = 12, 16 // axis and value labels (townpress.js: styleOption)
	labelGap                = 8      // an axis label from its axis (ECharts' axisLabel.margin)
	rankNameShare           = 0.4    // the most of the chart's width a ranking's names take (townpress.js: nameShare)
	rankNameFloor           = 150    // … unless that is less than this, in pixels (townpress.js: nameFloor)
	rankNameHeight          = 24     // the line of a ranking's name, its box's height
	barMax                  = 32     // a bar's widest (townpress.js: barMaxWidth)
	largeTopRoom            = 24     // room above the plot for the values' labels in 长辈模式 (townpress.js: styleOption)
	splitNumber             = 5      // ECharts' ticks of a value axis
	phonePlot               = 295    // a 375 px phone's plot area with no labels' room
)

// staticChart is the chart's static SVG, "" for a chart that has none.
func (f *Frame) staticChart(c *chart.Chart) template.HTML {
	var b strings.Builder
	if !f.drawStatic(&b, c) {
		return ""
	}
	return template.HTML(b.String())
}

// drawStatic writes the chart's static SVG to b, and says whether the
// chart has one.
func (f *Frame) drawStatic(b *strings.Builder, c *chart.Chart) bool {
	p := c.Plot()
	if p == nil || len(p.Categories) == 0 || len(p.Series) == 0 || p.Kind == chart.Lines {
		return false
	}
	figures := false
	for _, s := range p.Series {
		for _, pt := range s.Points {
			figures = figures || pt.Value.Valid()
		}
	}
	if !figures {
		return false // nothing to draw; the table says why
	}
	lo, hi := p.Extent()
	if lo, hi = min(lo, 0), max(hi, 0); lo == hi {
		hi = 1 // every figure 0: ECharts' axis goes from 0 to 1
	}
	// The box is at least .chart's min-height (townpress.css), which
	// ECharts draws in when the chart asks for less.
	d := &drawing{f: f, c: c, p: p, h: max(float64(c.Height), chartMinHeight), b: b}
	d.ticks = niceTicks(lo, hi)
	d.svg()
	return true
}

type drawing struct {
	f *Frame
	c *chart.Chart
	p *chart.Plot
	h float64 // the box's height
	// left is the room left of the plot area for the labels, in normal
	// text and in 长辈模式.
	left [2]float64
	// names is the room a ranking's longest name needs, in normal text
	// and in 长辈模式.
	names [2]float64
	ticks ticks
	b     *strings.Builder // what the drawing is written to
}

// ticks are a value axis' ticks: from lo to hi by step, written with
// places decimals.
type ticks struct {
	lo, hi, step float64
	places       int
}

func (t ticks) n() int { return int(math.Round((t.hi-t.lo)/t.step)) + 1 }
func (t ticks) at(k int) float64 {
	return t.lo + float64(k)*t.step
}

// frac is where v is along the axis, from 0 at lo to 1 at hi.
func (t ticks) frac(v float64) float64 { return (v - t.lo) / (t.hi - t.lo) }

// niceTicks are ECharts' ticks of a value axis from lo to hi (the axis
// takes in 0): about five steps, each 1, 2, 3 or 5 times a power of ten
// (ECharts' numberUtil.nice), the ends rounded out to a step.
func niceTicks(lo, hi float64) ticks {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	step := nice((hi - lo) / splitNumber)
	t := ticks{lo: math.Floor(lo/step) * step, hi: math.Ceil(hi/step) * step, step: step}
	if e := math.Floor(math.Log10(step)); e < 0 {
		t.places = int(-e)
	}
	return t
}

func nice(v float64) float64 {
	e := math.Floor(math.Log10(v))
	p := math.Pow(10, e)
	switch f := v / p; {
	case f < 1.5:
		return p
	case f < 2.5:
		return 2 * p
	case f < 4:
		return 3 * p
	case f < 7:
		return 5 * p
	}
	return 10 * p
}

// textWidth estimates how wide s is drawn at size px: a Chinese character
// is as wide as the font is high, a digit or Latin letter a little over
// half, the narrow and wide letters of a sans-serif (Arial, Liberation
// Sans, Roboto) less and more, a little over their width there. English
// names are mostly lower case: at 0.58 for every letter, Gujiao
// Energy-saving and Environmental Protection Town was estimated 20% wider
// than it is drawn.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= 0x2E80 || unicode.Is(unicode.Han, r):
			w += 1
		case r == ' ' || r == '.' || r == ',' || r == '\'':
			w += 0.3
		case r == 'i' || r == 'j' || r == 'l' || r == 'I':
			w += 0.25
		case r == 'f' || r == 't' || r == 'r' || r == '-':
			w += 0.36
		case r == 'm' || r == 'w' || r == 'M' || r == 'W':
			w += 0.88
		case unicode.IsUpper(r):
			w += 0.68
		case r >= 'a' && r <= 'z':
			w += 0.57
		default:
			w += 0.58
		}
	}
	return w * size
}

// tickText is tick k's label, written as ECharts writes an axis' ticks:
// without trailing zeros (0, 0.5, 1, not 0.0, 0.5, 1.0).
func (d *drawing) tickText(k int) string {
	t := d.f.Lang.Num(d.ticks.at(k), d.ticks.places)
	if strings.Contains(t, ".") {
		t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	}
	if t == "-0" {
		t = "0"
	}
	return t
}

// fill is a bar's class: its series' colour, the highlight's, and how
// it is marked.
func (d *drawing) fill(k int, pt chart.PlotPoint) string {
	c := "c" + strconv.Itoa(k%len(chart.Palette))
	if pt.Highlight {
		c = "c1"
	}
	if pt.Break {
		c += " brk"
	}
	return c
}

// hatchID is the id of the chart's hatching pattern.
func (d *drawing) hatchID() string { return d.c.ID + "-hatch" }

func (d *drawing) hatched() bool {
	for _, s := range d.p.Series {
		for _, pt := range s.Points {
			if pt.Hatched && pt.Value.Valid() {
				return true
			}
		}
	}
	return false
}

// cutVerbs cuts a translation at its verbs when it has n of them, each
// %s, and no other %: the n+1 texts around them, for a caller to write
// the arguments between without fmt.Sprintf. nil otherwise.
func cutVerbs(format string, n int) []string {
	parts := strings.Split(format, "%s")
	if len(parts) != n+1 {
		return nil
	}
	for _, p := range parts {
		if strings.Contains(p, "%") {
			return nil
		}
	}
	return parts
}
