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

// staticCharts is how many charts of a page are drawn statically: the
// first screen's (two side by side on a desktop's town page). Each costs
// the page 1-3 KB gzipped.
const staticCharts = 2

// Layout as ECharts lays out townpress's charts (chart/option.go: the
// grids' top, and what ECharts gives an axis), in pixels.
const (
	fontSize, largeFontSize = 12, 16 // axis and value labels (townpress.js: styleOption)
	labelGap                = 8      // an axis label from its axis (ECharts' axisLabel.margin)
	rankLabelWidth          = 150    // a ranking's town names, truncated beyond (rankingBar)
	barMax                  = 32     // a bar's widest (townpress.js: barMaxWidth)
	largeTopRoom            = 24     // room above the plot for the values' labels in 长辈模式 (townpress.js: styleOption)
	splitNumber             = 5      // ECharts' ticks of a value axis
	phonePlot               = 295    // a 375 px phone's plot area with no labels' room
)

// staticChart is the chart's static SVG, "" for a chart that has none.
func (f *Frame) staticChart(c *chart.Chart) template.HTML {
	p := c.Plot()
	if p == nil || len(p.Categories) == 0 || len(p.Series) == 0 || p.Kind == chart.Lines {
		return ""
	}
	lo, hi := p.Extent()
	if lo, hi = min(lo, 0), max(hi, 0); lo == hi {
		return "" // nothing to draw: no figures
	}
	d := &drawing{f: f, c: c, p: p, h: float64(c.Height)}
	d.ticks = niceTicks(lo, hi)
	return template.HTML(d.svg())
}

type drawing struct {
	f *Frame
	c *chart.Chart
	p *chart.Plot
	h float64 // the box's height
	// left is the room left of the plot area for the labels, in normal
	// text and in 长辈模式.
	left  [2]float64
	ticks ticks
	b     strings.Builder
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
// half.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= 0x2E80 || unicode.Is(unicode.Han, r):
			w += 1
		case r == ' ' || r == '.' || r == ',' || r == '\'':
			w += 0.3
		case unicode.IsUpper(r):
			w += 0.68
		default:
			w += 0.58
		}
	}
	return w * size
}

// truncate cuts s to fit width at size px, with "…", as ECharts truncates
// a ranking's names.
func truncate(s string, width, size float64) string {
	if textWidth(s, size) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && textWidth(string(r)+"…", size) > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// pct writes a percentage of the plot area, to a tenth.
func pct(b *strings.Builder, v float64) {
	b.WriteString(strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64))
	b.WriteByte('%')
}

// px writes a length in pixels, to a tenth.
func px(b *strings.Builder, v float64) {
	b.WriteString(strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64))
}

func (d *drawing) attr(name string) {
	d.b.WriteByte(' ')
	d.b.WriteString(name)
	d.b.WriteString(`="`)
}

// tick writes tick k's label.
func (d *drawing) tickText(k int) string { return d.f.Lang.Num(d.ticks.at(k), d.ticks.places) }

// title is a point's <title>: what the chart reads out for it (the
// category, what the series is, and the tooltip's line).
func (d *drawing) title(cat string, s *chart.PlotSeries, pt chart.PlotPoint) {
	line := pt.Tip
	if line == "" {
		line = d.f.Lang.WithUnit(pt.Label, d.c.Unit)
	}
	say := s.Say
	if say == "" {
		say = s.Name
	}
	d.b.WriteString("<title>")
	escapeText(&d.b, d.f.T("chart_point", cat, say, line))
	d.b.WriteString("</title>")
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

func (d *drawing) svg() string {
	p := d.p
	b := &d.b
	b.Grow(2048 + 400*len(p.Categories)*len(p.Series))
	// The plot area's left is the widest value or category label's, plus
	// ECharts' 3% margin; normal text and 长辈模式's.
	left := &d.left
	right := "4%"
	var cats []string
	for i, size := range []float64{fontSize, largeFontSize} {
		w := 0.0
		switch p.Kind {
		case chart.Columns:
			for k := range d.ticks.n() {
				w = math.Max(w, textWidth(d.tickText(k), size))
			}
		case chart.Bars:
			for _, c := range p.Categories {
				w = math.Max(w, math.Min(textWidth(c, size), rankLabelWidth))
			}
		}
		left[i] = w + labelGap
	}
	// The plot area's top and bottom, as townpress.js and ECharts put
	// them: below the legend's line if there is one, with room above for
	// the tallest bar's label (more in 长辈模式, where the labels are
	// larger), and above the grid's bottom margin (3%) and the category
	// or value labels under the axis.
	top := 40.0
	if len(p.Series) > 1 {
		top = 44 // the legend's line (chart/option.go)
	}
	top += 10
	bottom := d.h - 0.03*d.h - (fontSize + labelGap)
	topL, bottomL := top+(largeTopRoom-10), d.h-0.03*d.h-(largeFontSize+labelGap)
	if p.Kind == chart.Bars {
		right = "48px"
		for _, c := range p.Categories {
			cats = append(cats, truncate(c, rankLabelWidth, fontSize))
		}
	}

	b.WriteString(`<svg class="chart-static" focusable="false" style="--l:calc(3% + `)
	px(b, left[0])
	b.WriteString(`px);--L:calc(3% + `)
	px(b, left[1])
	b.WriteString(`px);--r:`)
	b.WriteString(right)
	// 长辈模式's plot area, from this one: townpress.css scales the plot
	// (class pl) by --k and moves it down by --d, and keeps its texts
	// their size.
	k := (bottomL - topL) / (bottom - top)
	b.WriteString(`;--k:`)
	b.WriteString(strconv.FormatFloat(math.Round(k*10000)/10000, 'f', -1, 64))
	b.WriteString(`;--d:`)
	px(b, topL-k*top)
	b.WriteString(`px`)
	if p.Kind == chart.Columns && (p.Stacked || len(p.Series) == 1) {
		// Half a column's width: the band less ECharts' category gap
		// (45%), never wider than barMax; townpress.css sizes the
		// columns (class b) from it.
		b.WriteString(`;--h:min(`)
		pct(b, 0.55/2/float64(len(p.Categories)))
		b.WriteString(`,`)
		px(b, barMax/2)
		b.WriteString(`px)`)
	}
	b.WriteString(`">`)
	hatch := d.hatched()
	if hatch {
		// ECharts' decal: white stripes 3 px wide and 4 px apart, at 45°.
		b.WriteString(`<defs><pattern id="`)
		escapeText(b, d.hatchID())
		b.WriteString(`" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"><rect width="3" height="7" class="hatch"/></pattern></defs>`)
	}
	b.WriteString(`<g class="pl">`)
	switch p.Kind {
	case chart.Columns:
		d.columns(top, bottom)
	case chart.Bars:
		d.bars(cats, top, bottom)
	}
	b.WriteString(`</g></svg>`)
	d.legend()
	return b.String()
}

// legend is the chart's legend, as HTML over the box's top left, where
// ECharts draws its scrolling legend: one line, entries of a 25×14 swatch,
// 5 px and the name, 10 px apart, cut where the toolbox begins. The
// browser sets its text, so it is as wide as the reading mode's text is;
// townpress.css gives it ECharts' place and sizes.
func (d *drawing) legend() {
	if len(d.p.Series) < 2 {
		return
	}
	b := &d.b
	b.WriteString(`<div class="chart-lg" aria-hidden="true">`)
	for k, s := range d.p.Series {
		b.WriteString(`<span><i class="c`)
		b.WriteString(strconv.Itoa(k % len(chart.Palette)))
		b.WriteString(`"></i>`)
		escapeText(b, s.Name)
		b.WriteString(`</span>`)
	}
	b.WriteString(`</div>`)
}

// columns draws vertical bars over the categories, value axis on the
// left: gridlines at the ticks, the ticks' labels, the categories below.
func (d *drawing) columns(top, bottom float64) {
	p, b, t := d.p, &d.b, d.ticks
	y := func(v float64) float64 { return bottom - t.frac(v)*(bottom-top) }
	for k := range t.n() {
		b.WriteString(`<line class="g" x2="100%"`)
		d.attr("y1")
		px(b, y(t.at(k)))
		b.WriteString(`"`)
		d.attr("y2")
		px(b, y(t.at(k)))
		b.WriteString(`"/><text class="t" dx="-8" dy=".35em" text-anchor="end"`)
		d.attr("y")
		px(b, y(t.at(k)))
		b.WriteString(`">`)
		escapeText(b, d.tickText(k))
		b.WriteString(`</text>`)
	}
	n := float64(len(p.Categories))
	band := 1 / n
	// The columns of one category: one (a stack, a single series) or
	// several side by side, each the band's 55% shared with ECharts'
	// barGap of 30% between them.
	groups := len(p.Series)
	if p.Stacked {
		groups = 1
	}
	barW := band * 0.55 / (float64(groups) + 0.3*float64(groups-1))
	single := groups == 1
	zero := y(0)
	pos := make([]float64, len(p.Categories)) // a stack's top so far
	neg := make([]float64, len(p.Categories))
	for k := range p.Series {
		s := &p.Series[k]
		for i, pt := range s.Points {
			if i >= len(p.Categories) || !pt.Value.Valid() {
				continue
			}
			v := pt.Value.Float()
			base := 0.0
			if p.Stacked {
				if v >= 0 {
					base, pos[i] = pos[i], pos[i]+v
				} else {
					base, neg[i] = neg[i], neg[i]+v
				}
			}
			y0, y1 := y(base), y(base+v)
			if y1 > y0 {
				y0, y1 = y1, y0
			}
			center := (float64(i) + 0.5) * band
			if !single {
				left := center - band*0.55/2
				center = left + float64(k)*barW*1.3 + barW/2
			}
			b.WriteString(`<g><rect`)
			d.attr("class")
			b.WriteString(d.fill(k, pt))
			if single {
				// As wide as barMax at most: townpress.css sets its width
				// from the svg's --h, half of min(barW, barMax).
				b.WriteString(` b" style="x:calc(`)
				pct(b, center)
				b.WriteString(` - var(--h))"`)
			} else {
				b.WriteString(`"`)
				d.attr("x")
				pct(b, center-barW/2)
				b.WriteString(`"`)
				d.attr("width")
				pct(b, barW)
				b.WriteString(`"`)
			}
			d.attr("y")
			px(b, y1)
			b.WriteString(`"`)
			d.attr("height")
			px(b, math.Max(y0-y1, 0.5))
			b.WriteString(`"/>`)
			if pt.Hatched {
				b.WriteString(`<rect`)
				if single {
					b.WriteString(` class="b" style="x:calc(`)
					pct(b, center)
					b.WriteString(` - var(--h))"`)
				} else {
					d.attr("x")
					pct(b, center-barW/2)
					b.WriteString(`"`)
					d.attr("width")
					pct(b, barW)
					b.WriteString(`"`)
				}
				d.attr("y")
				px(b, y1)
				b.WriteString(`"`)
				d.attr("height")
				px(b, math.Max(y0-y1, 0.5))
				b.WriteString(`" fill="url(#`)
				escapeText(b, d.hatchID())
				b.WriteString(`)"/>`)
			}
			d.title(p.Categories[i], s, pt)
			b.WriteString(`</g>`)
			if p.Labels {
				b.WriteString(`<text class="v" text-anchor="middle"`)
				d.attr("x")
				pct(b, center)
				b.WriteString(`"`)
				d.attr("y")
				if v < 0 {
					px(b, y0) // under a column that goes down
					b.WriteString(`" dy="1.1em">`)
				} else {
					px(b, y1)
					b.WriteString(`" dy="-5">`)
				}
				escapeText(b, pt.Label)
				b.WriteString(`</text>`)
			}
		}
	}
	// The category axis: its line at zero and the categories under it,
	// every other one left out on a phone when they are many (ECharts
	// leaves out the labels that would overlap).
	b.WriteString(`<line class="ax" x2="100%"`)
	d.attr("y1")
	px(b, zero)
	b.WriteString(`"`)
	d.attr("y2")
	px(b, zero)
	b.WriteString(`"/>`)
	// ECharts' ticks between the categories.
	for i := range len(p.Categories) + 1 {
		b.WriteString(`<line class="ax"`)
		d.attr("x1")
		pct(b, float64(i)*band)
		b.WriteString(`"`)
		d.attr("x2")
		pct(b, float64(i)*band)
		b.WriteString(`"`)
		d.attr("y1")
		px(b, zero)
		b.WriteString(`"`)
		d.attr("y2")
		px(b, zero+5)
		b.WriteString(`"/>`)
	}
	// Too many for a phone's plot area: every other one, as ECharts
	// leaves out labels when one, and 30% more, is wider than the band
	// (its axisTickLabelBuilder). The plot area on a 375 px phone is about
	// 295 px less the value labels' room; 长辈模式's labels are larger and
	// its room less, so more charts leave out labels there (class oddL).
	var crowded [2]bool
	for m, size := range []float64{fontSize, largeFontSize} {
		widest := 0.0
		for _, c := range p.Categories {
			widest = math.Max(widest, textWidth(c, size))
		}
		crowded[m] = 1.3*widest*n > phonePlot-d.left[m]
	}
	for i, c := range p.Categories {
		b.WriteString(`<text class="t`)
		if i%2 == 1 && crowded[0] {
			b.WriteString(` odd`)
		} else if i%2 == 1 && crowded[1] {
			b.WriteString(` oddL`)
		}
		b.WriteString(`" text-anchor="middle" dy="1.2em"`)
		d.attr("x")
		pct(b, (float64(i)+0.5)*band)
		b.WriteString(`"`)
		d.attr("y")
		px(b, bottom+labelGap-4)
		b.WriteString(`">`)
		escapeText(b, c)
		b.WriteString(`</text>`)
	}
}

// bars draws a ranking: horizontal bars, the first category at the top,
// the value axis at the bottom with vertical gridlines, each bar's label
// right of it.
func (d *drawing) bars(cats []string, top, bottom float64) {
	p, b, t := d.p, &d.b, d.ticks
	x := t.frac
	for k := range t.n() {
		b.WriteString(`<line class="g"`)
		d.attr("x1")
		pct(b, x(t.at(k)))
		b.WriteString(`"`)
		d.attr("x2")
		pct(b, x(t.at(k)))
		b.WriteString(`"`)
		d.attr("y1")
		px(b, top)
		b.WriteString(`"`)
		d.attr("y2")
		px(b, bottom)
		b.WriteString(`"/><text class="t" text-anchor="middle" dy="1.2em"`)
		d.attr("x")
		pct(b, x(t.at(k)))
		b.WriteString(`"`)
		d.attr("y")
		px(b, bottom+labelGap-4)
		b.WriteString(`">`)
		escapeText(b, d.tickText(k))
		b.WriteString(`</text>`)
	}
	band := (bottom - top) / float64(len(p.Categories))
	thick := math.Min(band*0.65, barMax)
	zero := x(0)
	s := &p.Series[0]
	for i, c := range cats {
		mid := top + (float64(i)+0.5)*band
		b.WriteString(`<text class="t" dx="-8" dy=".35em" text-anchor="end" x="0"`)
		d.attr("y")
		px(b, mid)
		b.WriteString(`">`)
		escapeText(b, c)
		b.WriteString(`</text>`)
		if i >= len(s.Points) {
			continue
		}
		pt := s.Points[i]
		if !pt.Value.Valid() {
			continue
		}
		v := pt.Value.Float()
		x0, x1 := zero, x(v)
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		rect := func() {
			d.attr("x")
			pct(b, x0)
			b.WriteString(`"`)
			d.attr("width")
			pct(b, x1-x0)
			b.WriteString(`"`)
			d.attr("y")
			px(b, mid-thick/2)
			b.WriteString(`"`)
			d.attr("height")
			px(b, thick)
			b.WriteString(`"`)
		}
		b.WriteString(`<g><rect`)
		d.attr("class")
		b.WriteString(d.fill(0, pt))
		b.WriteString(`"`)
		rect()
		b.WriteString(`/>`)
		if pt.Hatched {
			b.WriteString(`<rect`)
			rect()
			b.WriteString(` fill="url(#`)
			escapeText(b, d.hatchID())
			b.WriteString(`)"/>`)
		}
		d.title(p.Categories[i], s, pt)
		b.WriteString(`</g>`)
		if p.Labels {
			b.WriteString(`<text class="v" dy=".35em"`)
			if v < 0 {
				b.WriteString(` dx="-5" text-anchor="end"`)
				d.attr("x")
				pct(b, x0)
			} else {
				b.WriteString(` dx="5"`)
				d.attr("x")
				pct(b, x1)
			}
			b.WriteString(`"`)
			d.attr("y")
			px(b, mid)
			b.WriteString(`">`)
			escapeText(b, pt.Label)
			b.WriteString(`</text>`)
		}
	}
	b.WriteString(`<line class="ax" y2="`)
	px(b, bottom)
	b.WriteString(`"`)
	d.attr("x1")
	pct(b, zero)
	b.WriteString(`"`)
	d.attr("x2")
	pct(b, zero)
	b.WriteString(`"`)
	d.attr("y1")
	px(b, top)
	b.WriteString(`"/>`)
}
