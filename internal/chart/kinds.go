package chart

import (
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/status"
)

// Trend draws one series over the years, as bars with the year-on-year
// change (model.Delta) in the table beside them: a town's figures. The
// changes are given rather than derived: as published (model.Town.Deltas).
// A provisional figure's bar is hatched, as the chart's note says. of
// names the series' figures (the year aside: model.TownFigure), the zero
// FigureRef for a series of no one town. texts are the series' and
// changes' texts (SeriesTexts), when the caller has them from a page in
// another language; nil makes them.
func (b *Builder) Trend(id, title string, ind *model.Indicator, series model.Series, deltas []model.Delta, texts *SeriesTexts, name string, of model.FigureRef) *Chart {
	n := b.span()
	if texts == nil || len(texts.Cells) != 2*n {
		texts = b.SeriesTexts(ind, series, deltas)
	}
	var c *Chart
	var sk *skeleton
	var years []string // the years' labels
	if b.Skeletons != nil {
		// Every town's chart of an indicator differs only in its id,
		// name and numbers: the rest is made once per indicator.
		key := "trend\x00" + ind.ID + "\x00" + title + "\x00" + strconv.Itoa(n)
		v, ok := b.Skeletons.m.Load(key)
		if !ok {
			placeholder := []point{{Value: holeData}}
			v, _ = b.Skeletons.m.LoadOrStore(key, &trendProto{
				sk:    cut(b.finish(&Chart{ID: holeID, text: textHole}, b.trendBar(holeName, placeholder)).Option),
				chart: b.trendShared(title, ind),
				years: b.years(),
			})
		}
		proto := v.(*trendProto)
		own := *proto.chart
		c, sk, years = &own, proto.sk, proto.years
		c.ID = id
	} else {
		c = b.trendShared(title, ind)
		c.ID = id
		years = b.years()
	}
	// One allocation for the rows: a national site makes a dozen of these
	// tables for each of its 80,000 pages. Their cells are the texts',
	// shared with the page in the other language.
	c.Table.Rows = make([]Row, n)
	cells, data := texts.Cells, texts.Data
	labels := make([]string, n)
	var tips []string
	var extra []point // the bars that carry more than their value: a style, a reason for no figure
	unit := b.unit(ind)
	bs := bases{computed: make([]string, 0, n)}
	for i, y := range b.Site.Years[:n] {
		delta := deltaAt(deltas, i)
		bs.add(delta, years[i])
		ref := of.In(y)
		var raw [2]string // as data files carry them, for a site that makes them
		if data != nil {
			raw = [2]string{data[2*i], data[2*i+1]}
		}
		// The marks are the page's (its footnotes are numbered on it).
		v, d := b.marked(c, series.At(i), cells[2*i], raw[0], ref), b.marked(c, delta.Value, cells[2*i+1], raw[1], ref.GrowthOf(delta))
		labels[i] = v.label // the label is the table's figure, marked
		row := &c.Table.Rows[i]
		*row = Row{Header: years[i], Cells: cells[2*i : 2*i+2 : 2*i+2]}
		row.mark(0, v.mark)
		row.mark(1, d.mark)
		if data != nil {
			row.Data = data[2*i : 2*i+2 : 2*i+2]
			row.markData(0, v)
			row.markData(1, d)
		}
		if tip := b.markTip(v, unit); tip != "" {
			if tips == nil {
				tips = make([]string, n)
			}
			tips[i] = tip
		}
		// What a bar carries besides its value (which is written from
		// the series below): most carry nothing, and make nothing.
		if st, blank := barStyle(series.At(i), false, false), b.blank(series.At(i), ind.Decimals); st != nil || blank != "" {
			if extra == nil {
				extra = make([]point, n)
			}
			extra[i] = point{Mark: blank, ItemStyle: st}
			c.drawn.hatched = c.drawn.hatched || st != nil
		}
		c.Footnotes = b.whyNotes(c.Footnotes, delta)
	}
	text := &pointText{Text: [][]string{labels}, Say: []string{b.indName(ind)}}
	if tips != nil {
		text.Tip = [][]string{tips}
	}
	b.basisNote(c, bs, b.deltaHead(ind), false)
	b.notes(c)
	c.plot = b.columnsPlot(name, b.indName(ind), series.At, nil, labels, tips)
	if sk != nil {
		c.Option = sk.fillSeries(id, name, series, n, ind.Decimals, b.Site.Rule, text, extra)
		return c
	}
	c.text = text
	points := make([]point, n)
	for i := range points {
		points[i] = point{Value: b.point(series.At(i), ind.Decimals)}
		if extra != nil {
			points[i].Mark, points[i].ItemStyle = extra[i].Mark, extra[i].ItemStyle
		}
	}
	return b.finish(c, b.trendBar(name, points))
}

// TotalTrend draws a scope's totals over the years (model.Figure), as
// Trend draws a town's, with what a total needs beside it: how many
// members reported each year, and where that coverage differs from the
// year before, so the two totals do not compare, a paler bar with an
// outline and a note saying on what basis the change is counted. of names
// the totals (the year aside: Site.TotalFigure).
func (b *Builder) TotalTrend(id, title string, ind *model.Indicator, figs []model.Figure, name string, of model.FigureRef) *Chart {
	n := min(b.span(), len(figs))
	c := b.trendShared(title, ind)
	c.ID = id
	c.Table.Head = append(c.Table.Head, b.Words.Reporting)
	c.Table.DataHead = append(slices.Clone(c.Table.Head[:len(c.Table.Head)-1]), b.Words.ReportingN, b.Words.MembersN)
	labels, tips := make([]string, n), make([]string, n)
	data := make([]point, n)
	breaks := false
	var bs bases
	for i, y := range b.Site.Years[:n] {
		f := figs[i]
		bs.add(f.Delta, b.year(y))
		ref := of.In(y)
		v, d := b.fig(c, f.Value, ind.Decimals, ref), b.deltaFig(c, f.Delta, ref)
		labels[i] = v.label
		tips[i] = b.totalTip(v, ind, f)
		row := Row{Header: b.year(y), Cells: []string{v.text, d.text, b.coverageCell(f)},
			Data: []string{v.raw, d.raw, strconv.Itoa(f.Reporting), strconv.Itoa(f.Of)}}
		row.mark(0, v.mark)
		row.mark(1, d.mark)
		row.markData(0, v)
		row.markData(1, d)
		c.Table.Rows = append(c.Table.Rows, row)
		data[i] = b.bar(f.Value, ind.Decimals, barStyle(f.Value, f.Break(), false))
		c.drawn.hatched = c.drawn.hatched || hatched(f.Value)
		if f.Break() {
			breaks = true
			c.Footnotes = append(c.Footnotes, b.Words.BreakNote(y, ind, f))
		}
		c.Footnotes = b.whyNotes(c.Footnotes, f.Delta)
	}
	if breaks {
		c.Footnotes = append(c.Footnotes, b.Words.BreakStyle)
	}
	b.officialNote(c, []string{name}, [][]model.Figure{figs[:n]}, ind)
	b.basisNote(c, bs, b.deltaHead(ind), false)
	c.text = &pointText{Text: [][]string{labels}, Tip: [][]string{tips}, Say: []string{b.indName(ind)}}
	c.plot = b.columnsPlot(name, b.indName(ind), func(i int) model.Value { return figs[i].Value }, func(i int) bool { return figs[i].Break() }, labels, tips)
	b.notes(c)
	return b.finish(c, b.trendBar(name, data))
}

// A bar is drawn otherwise than its series' others where its figure says
// something a reader must see: a total whose coverage differs from the
// year before is paler, with an outline; a provisional figure is hatched,
// white diagonal lines that tell it apart in colour and in grey print
// alike; the highlighted town is in another colour. The chart's notes say
// what each means. The styles are made once: every chart shares them.
var barStyles = func() (out [8]*style) {
	hatch := &decal{Symbol: "rect", SymbolSize: 1, DashArrayX: []float64{1, 0}, DashArrayY: []float64{3, 4}, Rotation: -0.7854, Color: "rgba(255,255,255,0.7)"}
	for k := 1; k < len(out); k++ {
		st := &style{}
		if k&1 != 0 {
			st.Decal = hatch
		}
		if k&2 != 0 {
			st.Opacity, st.BorderColor, st.BorderWidth = opts.Float(0.5), "#1b2430", 1.5
		}
		if k&4 != 0 {
			st.Color = Palette[1]
		}
		out[k] = st
	}
	return out
}()

// hatched reports whether v's bar is hatched: a provisional figure.
func hatched(v model.Value) bool { return v.Valid() && v.Flag.Has(status.Provisional) }

// barStyle is the style of v's bar, nil for its series' own: hatched when
// provisional, paler with an outline where coverage breaks, in the
// highlight's colour.
func barStyle(v model.Value, brk, highlight bool) *style {
	k := 0
	if hatched(v) {
		k |= 1
	}
	if brk {
		k |= 2
	}
	if highlight {
		k |= 4
	}
	return barStyles[k]
}

// ProvisionalStyle is the style of a provisional figure's bar, for the
// page script that draws a ranking of another year (explore.js): the
// same pattern as the build's.
func ProvisionalStyle() any { return barStyles[1] }

// coverageCell is a total's coverage as its table shows it, "12/13",
// marked ※ where it differs from the year before (a note says how).
func (b *Builder) coverageCell(f model.Figure) string {
	s := b.Words.Format.Int(f.Reporting) + "/" + b.Words.Format.Int(f.Of)
	if f.Break() {
		s += " ※"
	}
	return s
}

// totalTip is a total's tooltip line: the figure, its unit and coverage,
// and where coverage differs from the year before, on what basis the
// change is counted.
func (b *Builder) totalTip(v fig, ind *model.Indicator, f model.Figure) string {
	if v.raw == "" {
		return v.label // no figure: "—", or why there is none
	}
	s := b.Words.Format.WithUnit(v.label, b.unit(ind))
	about := b.Words.ReportingText(f)
	if what := b.Words.Official(ind, f); what != "" {
		about = what + b.Words.Semicolon + about
	}
	if v.mark.Flag != 0 {
		about += b.Words.Semicolon + b.Words.MarkNames(v.mark.Flag)
	}
	s += b.Words.Paren(about)
	if f.Break() {
		s += b.Words.Semicolon + b.Words.BreakTip(ind, f)
	}
	return s
}

// SeriesTexts are a series' figures and their changes as a trend's table
// writes them, year by year: the digits alone, which every language
// writes alike (i18n.Lang.Fig rounds by the site's rule and says no word
// of the language), so the pages of a town in each language make them
// once. Read only: the tables of those pages share them.
type SeriesTexts struct {
	// Cells are each year's figure, then its change: "7.9", "+0.7".
	Cells []string
	// Data are the same as data files carry them (no separators, "" for
	// no figure); nil when the site makes no chart files.
	Data []string
}

// SeriesTexts are the texts of series and its changes deltas over the
// years Trend shows (Builder.Until).
func (b *Builder) SeriesTexts(ind *model.Indicator, series model.Series, deltas []model.Delta) *SeriesTexts {
	n := b.span()
	t := &SeriesTexts{Cells: make([]string, 2*n)}
	if b.Site.Config.WantChartFiles() {
		t.Data = make([]string, 2*n)
	}
	for i := range n {
		v, d := series.At(i), deltaAt(deltas, i)
		t.Cells[2*i], t.Cells[2*i+1] = b.cell(v, ind.Decimals), b.delta(d)
		if t.Data != nil {
			t.Data[2*i], t.Data[2*i+1] = b.raw(v, ind.Decimals), b.raw(d.Value, d.Decimals)
		}
	}
	return t
}

// trendProto is what every town's trend chart of one indicator shares.
type trendProto struct {
	sk    *skeleton
	chart *Chart   // without id, rows or option
	years []string // the years' labels, as rows head them
}

// trendShared is a trend chart without its id and numbers.
func (b *Builder) trendShared(title string, ind *model.Indicator) *Chart {
	c := &Chart{Title: title, Indicator: ind, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals, Height: 300}
	c.Table = Table{Caption: title, Head: []string{b.Words.Year, b.Words.ValueOf(b.indName(ind), b.unit(ind)), b.deltaHead(ind)}}
	return c
}

// trendBar is a trend's option: one series of bars over the years, each
// labelled on top.
func (b *Builder) trendBar(name string, data []point) *Option {
	return newOption("40", "3%", "4%").categories(b.years()).bars(name, values(data),
		charts.SingleSeries{BarCategoryGap: "45%", Label: &opts.Label{Show: opts.Bool(true), Position: "top"}})
}

// ByTier stacks the totals of every tier over the years: the city's trend.
// A rate's totals are ratios, which do not stack: its tiers stand side by
// side with the city's. Each total carries its coverage in the table and
// the tooltip; a tier's total whose coverage differs from the year
// before is drawn paler with an outline, with a note.
func (b *Builder) ByTier(id, title string, ind *model.Indicator) *Chart {
	o := newOption("44", "3%", "4%").categories(b.years())
	o.Legend = scrollLegend()
	n := b.span()
	c := &Chart{ID: id, Title: title, Indicator: ind, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals, Height: 320}
	c.Table = Table{Caption: title, Head: []string{b.Words.Year}, DataHead: []string{b.Words.Year}}
	scopes := make([][]*model.Tier, 0, len(b.Site.Tiers)+1)
	for _, tier := range b.Site.Tiers {
		scopes = append(scopes, []*model.Tier{tier})
		name := b.tierName(tier)
		c.Table.Head = append(c.Table.Head, name, b.Words.ReportingOf(name))
		c.Table.DataHead = append(c.Table.DataHead, name, b.Words.ReportingNOf(name), b.Words.MembersNOf(name))
	}
	scopes = append(scopes, b.Site.Tiers)
	total := b.Words.Total
	c.Table.Head = append(c.Table.Head, total, b.Words.ReportingOf(total))
	c.Table.DataHead = append(c.Table.DataHead, total, b.Words.ReportingNOf(total), b.Words.MembersNOf(total))
	figs := make([][]model.Figure, len(scopes))
	shown := make([][]fig, len(scopes)) // each total as the chart shows it, marked once
	for k, sc := range scopes {
		figs[k] = b.Site.ScopeFigures(ind, sc)
		shown[k] = make([]fig, n)
		for i, y := range b.Site.Years[:n] {
			shown[k][i] = b.fig(c, figs[k][i].Value, ind.Decimals, b.Site.TotalFigure(ind, sc, y))
		}
	}
	stack := ""
	if !ind.Rate() {
		stack = "total"
	}
	text := &pointText{}
	series := len(b.Site.Tiers)
	if ind.Rate() {
		series++ // the city's ratio, beside its tiers'
	}
	breaks := false
	for k := range series {
		data := make([]point, n)
		labels, tips := make([]string, n), make([]string, n)
		for i := range data {
			f, v := figs[k][i], shown[k][i]
			data[i] = b.bar(f.Value, ind.Decimals, barStyle(f.Value, f.Break(), false))
			labels[i] = v.label
			tips[i] = b.totalTip(v, ind, f)
			breaks = breaks || f.Break()
			c.drawn.hatched = c.drawn.hatched || hatched(f.Value)
		}
		name := total
		if k < len(b.Site.Tiers) {
			name = b.tierName(b.Site.Tiers[k])
		}
		style := charts.SingleSeries{Stack: stack, BarCategoryGap: "45%"}
		if k == len(b.Site.Tiers)-1 && stack != "" {
			// The stack's top is the city's total, which no bar is: a
			// year whose city coverage differs from the year before is
			// marked with a pin on it, as the note explains.
			var marks []opts.MarkPointNameCoordItem
			for i, f := range figs[len(scopes)-1][:n] {
				if f.Break() && f.Value.Valid() {
					marks = append(marks, opts.MarkPointNameCoordItem{Name: total, Coordinate: []any{b.year(b.Site.Years[i]), b.point(f.Value, ind.Decimals)},
						Value: "※", Symbol: "pin", SymbolSize: 30, ItemStyle: &opts.ItemStyle{Color: "#1b2430"}})
				}
			}
			if len(marks) > 0 {
				style.MarkPoints = &opts.MarkPoints{}
				for _, m := range marks {
					style.MarkPoints.Data = append(style.MarkPoints.Data, m)
				}
			}
		}
		o.bars(name, values(data), style)
		text.Text = append(text.Text, labels)
		text.Tip = append(text.Tip, tips)
	}
	for i, y := range b.Site.Years[:n] {
		row := Row{Header: b.year(y), Cells: make([]string, 0, 2*len(scopes)), Data: make([]string, 0, 3*len(scopes))}
		for k := range scopes {
			f, v := figs[k][i], shown[k][i]
			row.Cells = append(row.Cells, v.text, b.coverageCell(f))
			row.Data = append(row.Data, v.raw, strconv.Itoa(f.Reporting), strconv.Itoa(f.Of))
		}
		for k := range scopes {
			// Marked once the row is whole: a mark needs every cell's place.
			row.mark(2*k, shown[k][i].mark)
			row.markData(3*k, shown[k][i])
			f := figs[k][i]
			if f.Break() {
				name := total
				if k < len(b.Site.Tiers) {
					name = b.tierName(b.Site.Tiers[k])
				}
				c.Footnotes = append(c.Footnotes, name+b.Words.Colon+b.Words.BreakNote(y, ind, f))
			}
		}
		c.Table.Rows = append(c.Table.Rows, row)
		if !ind.Rate() {
			// The stack's total is the city's, with its own coverage.
			all := len(scopes) - 1
			text.Foot = append(text.Foot, total+b.Words.Colon+b.totalTip(shown[all][i], ind, figs[all][i]))
		}
	}
	if breaks {
		c.Footnotes = append(c.Footnotes, b.Words.BreakStyle)
	}
	names := make([]string, len(scopes))
	shownFigs := make([][]model.Figure, len(scopes))
	for k := range scopes {
		names[k], shownFigs[k] = total, figs[k][:n]
		if k < len(b.Site.Tiers) {
			names[k] = b.tierName(b.Site.Tiers[k])
		}
	}
	b.officialNote(c, names, shownFigs, ind)
	c.text = text
	c.plot = func() *Plot {
		p := &Plot{Kind: Columns, Stacked: stack != "", Categories: b.years()[:n]}
		for k := range series {
			pts := make([]PlotPoint, n)
			for i := range pts {
				f := figs[k][i]
				pts[i] = PlotPoint{Value: f.Value, Label: text.Text[k][i], Tip: text.Tip[k][i], Hatched: hatched(f.Value), Break: f.Break()}
			}
			p.Series = append(p.Series, PlotSeries{Name: names[k], Cue: Cue(k), Points: pts})
		}
		return p
	}
	b.notes(c)
	return b.finish(c, o)
}

// Ranking lays towns out as horizontal bars, largest first, for one year;
// the highlighted town stands out in another colour. Towns without a value
// that year are listed in the table as missing, not drawn as zero.
func (b *Builder) Ranking(id, title string, ind *model.Indicator, towns []*model.Town, yi int, highlight *model.Town) *Chart {
	ranking := model.Rank(towns, ind, yi)
	// Towns without a value follow the ranked ones, in their order.
	ranked := slices.Clone(ranking.Towns)
	for _, t := range towns {
		if ranking.Position(t) < 0 {
			ranked = append(ranked, t)
		}
	}
	var names, labels, tips []string
	var data []point
	var vals []model.Value
	var own []bool // the highlighted town's bar
	c := &Chart{ID: id, Title: title, Indicator: ind, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals}
	c.Table = Table{Caption: title, Head: []string{b.Words.Town, b.Words.Rank, b.indName(ind) + " (" + b.unit(ind) + ")", b.deltaHead(ind)}}
	var bs bases
	for _, t := range ranked {
		val := t.Values[ind.ID].At(yi)
		delta := t.Delta(ind, yi)
		bs.add(delta, b.townName(t))
		ref := model.TownFigure(t, ind, b.Site.Years[yi])
		v, d := b.fig(c, val, ind.Decimals, ref), b.deltaFig(c, delta, ref)
		rankText, rankData := "—", ""
		if rank := ranking.Rank(t); rank > 0 {
			rankText, rankData = b.Words.Format.Int(rank), strconv.Itoa(rank)
			names = append(names, b.townName(t))
			labels = append(labels, v.label)
			tips = append(tips, b.rankTip(v, ind, rankText, len(ranking.Towns)))
			data = append(data, point{Value: b.point(val, ind.Decimals), ItemStyle: barStyle(val, false, highlight != nil && t == highlight)})
			vals, own = append(vals, val), append(own, highlight != nil && t == highlight)
			c.drawn.hatched = c.drawn.hatched || hatched(val)
		}
		row := Row{Header: b.townName(t), Cells: []string{rankText, v.text, d.text},
			Data: []string{rankData, v.raw, d.raw}}
		row.mark(1, v.mark)
		row.mark(2, d.mark)
		row.markData(1, v)
		row.markData(2, d)
		c.Table.Rows = append(c.Table.Rows, row)
		c.Footnotes = b.whyNotes(c.Footnotes, delta)
	}
	c.text = &pointText{Text: [][]string{labels}, Tip: [][]string{tips}}
	c.plot = barsPlot(b.indName(ind), names, vals, labels, tips, own)
	c.Height = 90 + 30*max(len(names), 3)
	b.basisNote(c, bs, b.deltaHead(ind), true)
	b.notes(c)
	return b.finish(c, b.rankingBar(ind, names, data))
}

// Lines draws every town's series over the years, one line each. A
// segment that leads to a provisional figure is dashed: ECharts styles a
// line, not its segments, so such a town is two series of one name (one
// legend entry, one colour): the solid one holds its final figures, the
// dashed one its provisional figures and the final ones next to them,
// and each point's text is in the series that owns it ("" in the other,
// which the tooltip leaves out).
func (b *Builder) Lines(id, title string, ind *model.Indicator, towns []*model.Town) *Chart {
	o := newOption("48", "3%", "4%").categories(b.years())
	o.Legend = scrollLegend()
	n := b.span()
	c := &Chart{ID: id, Title: title, Indicator: ind, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals, Height: 380}
	c.Table = Table{Caption: title, Head: []string{b.Words.Town}}
	for _, y := range b.Site.Years[:n] {
		c.Table.Head = append(c.Table.Head, b.year(y))
	}
	text := &pointText{}
	unit := b.unit(ind)
	files := b.Site.Config.WantChartFiles()
	for _, t := range towns {
		series := t.Values[ind.ID]
		data := make([]any, n)
		labels, tips := make([]string, n), make([]string, n)
		row := Row{Header: b.townName(t), Cells: make([]string, n)}
		if files {
			row.Data = make([]string, n)
		}
		provisional := false
		for i := range data {
			v := b.fig(c, series.At(i), ind.Decimals, model.TownFigure(t, ind, b.Site.Years[i]))
			data[i] = b.linePoint(series.At(i), ind.Decimals)
			row.Cells[i] = v.text
			if files {
				row.Data[i] = v.raw
			}
			row.mark(i, v.mark)
			row.markData(i, v)
			labels[i], tips[i] = v.label, b.markTip(v, unit)
			provisional = provisional || hatched(series.At(i))
		}
		name := b.townName(t)
		if !provisional {
			o.line(name, data)
			text.Text = append(text.Text, labels)
			text.Tip = append(text.Tip, tips)
		} else {
			c.drawn.dashed = true
			solid, dashed := make([]any, n), make([]any, n)
			solidText, dashedText := make([]string, n), make([]string, n)
			for i := range data {
				solid[i], dashed[i] = "-", "-"
				switch {
				case hatched(series.At(i)):
					dashed[i], dashedText[i] = data[i], labels[i]
				default:
					solid[i], solidText[i] = data[i], labels[i]
					if hatched(series.At(i-1)) || hatched(series.At(i+1)) {
						dashed[i] = data[i] // the joint: the dashed segment starts here
					}
				}
			}
			o.line(name, solid)
			o.Series = append(o.Series, charts.SingleSeries{Name: name, Type: types.ChartLine, Data: dashed,
				LineStyle: &opts.LineStyle{Type: "dashed"}})
			text.Text = append(text.Text, solidText, dashedText)
			text.Tip = append(text.Tip, ownTips(tips, solidText), ownTips(tips, dashedText))
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	if tipsEmpty(text.Tip) {
		text.Tip = nil
	}
	c.text = text
	b.notes(c)
	return b.finish(c, o)
}

// ownTips are tips where the series owns the point (its text is not
// ""), else "".
func ownTips(tips, own []string) []string {
	out := make([]string, len(tips))
	for i := range tips {
		if own[i] != "" {
			out[i] = tips[i]
		}
	}
	return out
}

// tipsEmpty reports whether no tip says anything.
func tipsEmpty(tips [][]string) bool {
	for _, row := range tips {
		for _, t := range row {
			if t != "" {
				return false
			}
		}
	}
	return true
}

// rankTip is a ranked town's tooltip line: its figure, unit and rank,
// and what the figure's marks mean.
func (b *Builder) rankTip(v fig, ind *model.Indicator, rank string, of int) string {
	s := b.Words.Format.WithUnit(v.label, b.unit(ind)) + " · " + b.Words.Rank + " " + rank + "/" + b.Words.Format.Int(of)
	if v.mark.Flag != 0 {
		s += b.Words.Paren(b.Words.MarkNames(v.mark.Flag))
	}
	return s
}

// deltaHead heads the column of year-on-year changes: growth in percent,
// or for a rate the change in percentage points.
func (b *Builder) deltaHead(ind *model.Indicator) string {
	if ind.Rate() {
		return b.Words.ChangePoints
	}
	return b.Words.Growth
}

// deltaAt is deltas[i], or a missing change outside them.
func deltaAt(deltas []model.Delta, i int) model.Delta {
	if i < 0 || i >= len(deltas) {
		return model.Delta{}
	}
	return deltas[i]
}

// rankingBar is a horizontal bar chart of towns (names), best at the
// top, as Ranking and RankingTop draw them: the plot area leaves room for
// the axis labels (rank and name) on the left and the value labels on
// the right.
//
// The names are cut with "…" where they would take more than their share
// of the chart (the tooltip has the whole name). How wide that is depends
// on the chart's width and the reading mode's text, which only the page
// knows, so townpress.js gives the axis its width (fitNames): the room the
// longest name needs, up to a share of the chart (150 px at least). A
// fixed 150 px cut
// English names (Zhongbei Semiconductor Materials Town) on a desktop with
// most of the chart empty.
func (b *Builder) rankingBar(ind *model.Indicator, names any, data []point) *Option {
	o := newOption("40", "3%", "48")
	o.Tooltip.AxisPointer = &opts.AxisPointer{Type: "shadow"}
	// On a phone the value axis is a third of the width: six-digit ticks
	// (0 100,000 200,000 …) ran together, so ECharts drops those that
	// would touch.
	o.XAxis = []opts.XAxis{{Type: "value", AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}}
	o.YAxis = []opts.YAxis{{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Overflow: "truncate"}, Data: names}}
	return o.bars(b.indName(ind), values(data), charts.SingleSeries{BarCategoryGap: "35%", Label: &opts.Label{Show: opts.Bool(true), Position: "right"}})
}
