package chart

import (
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/townpress/townpress/internal/model"
)

// Trend draws one series over the years, as bars with the year-on-year
// change (model.Delta) in the table beside them: a town's figures. The
// changes are given rather than derived: as published (model.Town.Deltas).
func (b *Builder) Trend(id, title string, ind *model.Indicator, series model.Series, deltas []model.Delta, name string) *Chart {
	n := b.span()
	var c *Chart
	var sk *skeleton
	if b.Skeletons != nil {
		// Every town's chart of an indicator differs only in its id,
		// name and numbers: the rest is made once per indicator.
		key := "trend\x00" + ind.ID + "\x00" + title + "\x00" + strconv.Itoa(n)
		v, ok := b.Skeletons.m.Load(key)
		if !ok {
			placeholder := []opts.BarData{{Value: holeData}}
			v, _ = b.Skeletons.m.LoadOrStore(key, &trendProto{
				sk:    cut(b.finish(&Chart{ID: holeID, text: textHole}, b.trendBar(holeName, placeholder)).Option),
				chart: b.trendShared(title, ind),
			})
		}
		proto := v.(*trendProto)
		own := *proto.chart
		c, sk = &own, proto.sk
		c.ID = id
	} else {
		c = b.trendShared(title, ind)
		c.ID = id
	}
	// One allocation each for the rows and their cells: a national site
	// makes a dozen of these tables for each of its 80,000 pages.
	c.Table.Rows = make([]Row, n)
	cells := make([]string, 2*n)
	labels := make([]string, n)
	var data []string
	if b.Site.Config.WantChartFiles() {
		data = make([]string, 2*n)
	}
	for i, y := range b.Site.Years[:n] {
		cell := cells[2*i : 2*i+2 : 2*i+2]
		delta := deltaAt(deltas, i)
		cell[0], cell[1] = b.cell(series.At(i), ind.Decimals), b.delta(delta)
		labels[i] = cell[0] // the label is the table's figure
		c.Table.Rows[i] = Row{Header: b.year(y), Cells: cell}
		if data != nil {
			d := data[2*i : 2*i+2 : 2*i+2]
			d[0], d[1] = b.raw(series.At(i), ind.Decimals), b.raw(delta.Value, delta.Decimals)
			c.Table.Rows[i].Data = d
		}
		c.Footnotes = b.whyNotes(c.Footnotes, delta)
	}
	text := &pointText{Text: [][]string{labels}}
	if sk != nil {
		c.Option = sk.fillSeries(id, name, series, n, ind.Decimals, b.Site.Rule, text)
		return c
	}
	c.text = text
	data2 := make([]opts.BarData, n)
	for i := range data2 {
		data2[i] = opts.BarData{Value: b.point(series.At(i), ind.Decimals)}
	}
	return b.finish(c, b.trendBar(name, data2))
}

// TotalTrend draws a scope's totals over the years (model.Figure), as
// Trend draws a town's, with what a total needs beside it: how many
// members reported each year, and where that coverage differs from the
// year before, so the two totals do not compare, a paler bar with an
// outline and a note saying on what basis the change is counted.
func (b *Builder) TotalTrend(id, title string, ind *model.Indicator, figs []model.Figure, name string) *Chart {
	n := min(b.span(), len(figs))
	c := b.trendShared(title, ind)
	c.ID = id
	c.Table.Head = append(c.Table.Head, b.Words.Reporting)
	c.Table.DataHead = append(slices.Clone(c.Table.Head[:len(c.Table.Head)-1]), b.Words.ReportingN, b.Words.MembersN)
	labels, tips := make([]string, n), make([]string, n)
	data := make([]opts.BarData, n)
	breaks := false
	for i, y := range b.Site.Years[:n] {
		f := figs[i]
		labels[i] = b.cell(f.Value, ind.Decimals)
		tips[i] = b.totalTip(labels[i], ind, f)
		row := Row{Header: b.year(y), Cells: []string{labels[i], b.delta(f.Delta), b.coverageCell(f)},
			Data: []string{b.raw(f.Value, ind.Decimals), b.raw(f.Delta.Value, f.Delta.Decimals), strconv.Itoa(f.Reporting), strconv.Itoa(f.Of)}}
		c.Table.Rows = append(c.Table.Rows, row)
		data[i] = opts.BarData{Value: b.point(f.Value, ind.Decimals)}
		if f.Break() {
			breaks = true
			data[i].ItemStyle = breakStyle
			c.Footnotes = append(c.Footnotes, b.Words.BreakNote(y, ind, f))
		}
		c.Footnotes = b.whyNotes(c.Footnotes, f.Delta)
	}
	if breaks {
		c.Footnotes = append(c.Footnotes, b.Words.BreakStyle)
	}
	c.text = &pointText{Text: [][]string{labels}, Tip: [][]string{tips}}
	return b.finish(c, b.trendBar(name, data))
}

// breakStyle draws a total whose coverage differs from the year before:
// paler, with an outline, as the chart's note explains.
var breakStyle = &opts.ItemStyle{Opacity: opts.Float(0.5), BorderColor: "#1b2430", BorderWidth: 1.5}

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
func (b *Builder) totalTip(label string, ind *model.Indicator, f model.Figure) string {
	if label == "—" {
		return label
	}
	s := label + " " + b.unit(ind) + b.Words.Paren(b.Words.ReportingText(f))
	if f.Break() {
		s += b.Words.Semicolon + b.Words.BreakTip(ind, f)
	}
	return s
}

// trendProto is what every town's trend chart of one indicator shares.
type trendProto struct {
	sk    *skeleton
	chart *Chart // without id, rows or option
}

// trendShared is a trend chart without its id and numbers.
func (b *Builder) trendShared(title string, ind *model.Indicator) *Chart {
	c := &Chart{Title: title, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals, Height: 300}
	c.Table = Table{Caption: title, Head: []string{b.Words.Year, b.Words.ValueOf(b.indName(ind), b.unit(ind)), b.deltaHead(ind)}}
	return c
}

// trendBar is a trend's option: one series of bars over the years, each
// labelled on top.
func (b *Builder) trendBar(name string, data []opts.BarData) *Option {
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
	c := &Chart{ID: id, Title: title, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals, Height: 320}
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
	for k, sc := range scopes {
		figs[k] = b.Site.ScopeFigures(ind, sc)
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
		data := make([]opts.BarData, n)
		labels, tips := make([]string, n), make([]string, n)
		for i := range data {
			f := figs[k][i]
			data[i] = opts.BarData{Value: b.point(f.Value, ind.Decimals)}
			labels[i] = b.cell(f.Value, ind.Decimals)
			tips[i] = b.totalTip(labels[i], ind, f)
			if f.Break() {
				data[i].ItemStyle = breakStyle
				breaks = true
			}
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
		row := Row{Header: b.year(y)}
		for k := range scopes {
			f := figs[k][i]
			row.Cells = append(row.Cells, b.cell(f.Value, ind.Decimals), b.coverageCell(f))
			row.Data = append(row.Data, b.raw(f.Value, ind.Decimals), strconv.Itoa(f.Reporting), strconv.Itoa(f.Of))
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
			all := figs[len(scopes)-1][i]
			text.Foot = append(text.Foot, total+b.Words.Colon+b.totalTip(b.cell(all.Value, ind.Decimals), ind, all))
		}
	}
	if breaks {
		c.Footnotes = append(c.Footnotes, b.Words.BreakStyle)
	}
	c.text = text
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
	var data []opts.BarData
	c := &Chart{ID: id, Title: title, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals}
	c.Table = Table{Caption: title, Head: []string{b.Words.Town, b.Words.Rank, b.indName(ind) + " (" + b.unit(ind) + ")", b.deltaHead(ind)}}
	for _, t := range ranked {
		val := t.Values[ind.ID].At(yi)
		valText := b.cell(val, ind.Decimals)
		rankText, rankData := "—", ""
		if rank := ranking.Rank(t); rank > 0 {
			rankText, rankData = b.Words.Format.Int(rank), strconv.Itoa(rank)
			names = append(names, b.townName(t))
			labels = append(labels, valText)
			tips = append(tips, b.rankTip(valText, ind, rankText, len(ranking.Towns)))
			d := opts.BarData{Value: b.point(val, ind.Decimals)}
			if highlight != nil && t == highlight {
				d.ItemStyle = &opts.ItemStyle{Color: Palette[1]}
			}
			data = append(data, d)
		}
		delta := t.Delta(ind, yi)
		c.Table.Rows = append(c.Table.Rows, Row{Header: b.townName(t), Cells: []string{
			rankText, valText, b.delta(delta),
		}, Data: []string{rankData, b.raw(val, ind.Decimals), b.raw(delta.Value, delta.Decimals)}})
		c.Footnotes = b.whyNotes(c.Footnotes, delta)
	}
	c.text = &pointText{Text: [][]string{labels}, Tip: [][]string{tips}}
	c.Height = 90 + 30*max(len(names), 3)
	return b.finish(c, b.rankingBar(ind, names, data))
}

// Lines draws every town's series over the years, one line each.
func (b *Builder) Lines(id, title string, ind *model.Indicator, towns []*model.Town) *Chart {
	o := newOption("48", "3%", "4%").categories(b.years())
	o.Legend = scrollLegend()
	c := &Chart{ID: id, Title: title, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals, Height: 380}
	c.Table = Table{Caption: title, Head: []string{b.Words.Town}}
	for _, y := range b.Site.Years[:b.span()] {
		c.Table.Head = append(c.Table.Head, b.year(y))
	}
	text := &pointText{}
	for _, t := range towns {
		series := t.Values[ind.ID]
		data := make([]any, b.span())
		row := Row{Header: b.townName(t)}
		for i := range data {
			data[i] = b.point(series.At(i), ind.Decimals)
			row.Cells = append(row.Cells, b.cell(series.At(i), ind.Decimals))
			row.Data = append(row.Data, b.raw(series.At(i), ind.Decimals))
		}
		o.line(b.townName(t), data)
		c.Table.Rows = append(c.Table.Rows, row)
		text.Text = append(text.Text, row.Cells) // the labels are the table's figures
	}
	c.text = text
	return b.finish(c, o)
}

// rankTip is a ranked town's tooltip line: its figure, unit and rank.
func (b *Builder) rankTip(label string, ind *model.Indicator, rank string, of int) string {
	return label + " " + b.unit(ind) + " · " + b.Words.Rank + " " + rank + "/" + b.Words.Format.Int(of)
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
func (b *Builder) rankingBar(ind *model.Indicator, names any, data []opts.BarData) *Option {
	o := newOption("40", "3%", "48")
	o.Tooltip.AxisPointer = &opts.AxisPointer{Type: "shadow"}
	o.XAxis = []opts.XAxis{{Type: "value"}}
	o.YAxis = []opts.YAxis{{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Width: 150, Overflow: "truncate"}, Data: names}}
	return o.bars(b.indName(ind), values(data), charts.SingleSeries{BarCategoryGap: "35%", Label: &opts.Label{Show: opts.Bool(true), Position: "right"}})
}
