package chart

import (
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/townpress/townpress/internal/model"
)

// Trend draws one series over the years, as bars with the year-on-year
// change (model.Delta) in the table beside them: town pages and tier
// totals. The changes are given rather than derived, because a total's
// growth counts only the towns that reported in both years
// (model.Figure.Delta).
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
			shared := b.trendShared(title, ind)
			b.completeShared(shared)
			v, _ = b.Skeletons.m.LoadOrStore(key, &trendProto{
				sk:    cut(b.finish(&Chart{ID: holeID}, b.trendBar(holeID, title, ind, holeName, placeholder)).Option),
				chart: shared,
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
	var data []string
	if b.Site.Config.WantChartFiles() {
		data = make([]string, 2*n)
	}
	for i, y := range b.Site.Years[:n] {
		cell := cells[2*i : 2*i+2 : 2*i+2]
		delta := deltaAt(deltas, i)
		cell[0], cell[1] = b.cell(series.At(i), ind.Decimals), b.cell(delta.Value, delta.Decimals)
		c.Table.Rows[i] = Row{Header: b.Lang.Year(y), Cells: cell}
		if data != nil {
			d := data[2*i : 2*i+2 : 2*i+2]
			d[0], d[1] = b.raw(series.At(i), ind.Decimals), b.raw(delta.Value, delta.Decimals)
			c.Table.Rows[i].Data = d
		}
	}
	if sk != nil {
		c.Option = sk.fillSeries(id, name, series, n)
		return c.completeOwn()
	}
	data2 := make([]opts.BarData, n)
	for i := range data2 {
		data2[i] = opts.BarData{Value: point(series.At(i))}
	}
	return b.finish(c, b.trendBar(id, title, ind, name, data2))
}

// trendProto is what every town's trend chart of one indicator shares, or
// every town's peers chart of one tier (RankingTop).
type trendProto struct {
	sk    *skeleton
	chart *Chart // without id, rows or option; completeShared
}

// trendShared is a trend chart without its id and numbers.
func (b *Builder) trendShared(title string, ind *model.Indicator) *Chart {
	c := &Chart{Title: title, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals, Height: 300}
	c.Table = Table{Caption: title, Head: []string{b.Lang.T("year"), b.indName(ind) + "（" + b.unit(ind) + "）", b.deltaHead(ind)}}
	if b.Lang.IsEn() {
		c.Table.Head[1] = b.indName(ind) + " (" + b.unit(ind) + ")"
	}
	return c
}

func (b *Builder) trendBar(id, title string, ind *model.Indicator, name string, data []opts.BarData) *charts.Bar {
	bar := charts.NewBar()
	bar.SetGlobalOptions(b.base(id, title, ind)...)
	bar.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}), grid("40", "3%", "4%"))
	bar.SetXAxis(b.years()).AddSeries(name, data,
		charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "45%"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}))
	return bar
}

// ByTier stacks the totals of every tier over the years: the city's trend.
func (b *Builder) ByTier(id, title string, ind *model.Indicator) *Chart {
	bar := charts.NewBar()
	bar.SetGlobalOptions(b.base(id, title, ind)...)
	bar.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "4", Left: "0"}))
	bar.SetGlobalOptions(grid("44", "3%", "4%"))
	bar.SetXAxis(b.years())
	c := &Chart{ID: id, Title: title, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals, Height: 320}
	c.Table = Table{Caption: title, Head: []string{b.Lang.T("year")}}
	for _, tier := range b.Site.Tiers {
		c.Table.Head = append(c.Table.Head, b.tierName(tier))
	}
	c.Table.Head = append(c.Table.Head, b.Lang.T("total"))
	totals := make([]model.Series, len(b.Site.Tiers))
	for k, tier := range b.Site.Tiers {
		series := b.Site.TotalSeries(ind, []*model.Tier{tier})
		totals[k] = series
		data := make([]opts.BarData, b.span())
		for i := range data {
			data[i] = opts.BarData{Value: point(series.At(i))}
		}
		bar.AddSeries(b.tierName(tier), data, charts.WithBarChartOpts(opts.BarChart{Stack: "total", BarCategoryGap: "45%"}))
	}
	all := b.Site.TotalSeries(ind, b.Site.Tiers)
	for i, y := range b.Site.Years[:b.span()] {
		row := Row{Header: b.Lang.Year(y)}
		for k := range b.Site.Tiers {
			row.Cells = append(row.Cells, b.cell(totals[k].At(i), ind.Decimals))
			row.Data = append(row.Data, b.raw(totals[k].At(i), ind.Decimals))
		}
		row.Cells = append(row.Cells, b.cell(all.At(i), ind.Decimals))
		row.Data = append(row.Data, b.raw(all.At(i), ind.Decimals))
		c.Table.Rows = append(c.Table.Rows, row)
	}
	return b.finish(c, bar)
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
	bar := b.rankingBar(id, title, ind)
	var names []string
	var data []opts.BarData
	c := &Chart{ID: id, Title: title, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals}
	c.Table = Table{Caption: title, Head: []string{b.Lang.T("town"), b.Lang.T("rank"), b.indName(ind) + " (" + b.unit(ind) + ")", b.deltaHead(ind)}}
	for _, t := range ranked {
		val := t.Values[ind.ID].At(yi)
		rankText, rankData := "—", ""
		if rank := ranking.Rank(t); rank > 0 {
			rankText, rankData = b.Lang.Int(rank), strconv.Itoa(rank)
			names = append(names, b.townName(t))
			d := opts.BarData{Value: point(val)}
			if highlight != nil && t == highlight {
				d.ItemStyle = &opts.ItemStyle{Color: Palette[1]}
			}
			data = append(data, d)
		}
		delta := ind.Delta(t.Values[ind.ID], yi)
		c.Table.Rows = append(c.Table.Rows, Row{Header: b.townName(t), Cells: []string{
			rankText, b.cell(val, ind.Decimals), b.cell(delta.Value, delta.Decimals),
		}, Data: []string{rankData, b.raw(val, ind.Decimals), b.raw(delta.Value, delta.Decimals)}})
	}
	bar.SetXAxis(names)
	bar.AddSeries(b.indName(ind), data, charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "35%"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	bar.XYReversal()
	c.Height = 90 + 30*max(len(names), 3)
	return b.finish(c, bar)
}

// Lines draws every town's series over the years, one line each.
func (b *Builder) Lines(id, title string, ind *model.Indicator, towns []*model.Town) *Chart {
	line := charts.NewLine()
	line.SetGlobalOptions(b.base(id, title, ind)...)
	line.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "4", Left: "0", Right: "40"}),
		grid("48", "3%", "4%"),
	)
	line.SetXAxis(b.years())
	c := &Chart{ID: id, Title: title, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals, Height: 380}
	c.Table = Table{Caption: title, Head: []string{b.Lang.T("town")}}
	for _, y := range b.Site.Years[:b.span()] {
		c.Table.Head = append(c.Table.Head, b.Lang.Year(y))
	}
	for _, t := range towns {
		series := t.Values[ind.ID]
		data := make([]opts.LineData, b.span())
		row := Row{Header: b.townName(t)}
		for i := range data {
			data[i] = opts.LineData{Value: point(series.At(i))}
			row.Cells = append(row.Cells, b.cell(series.At(i), ind.Decimals))
			row.Data = append(row.Data, b.raw(series.At(i), ind.Decimals))
		}
		line.AddSeries(b.townName(t), data)
		c.Table.Rows = append(c.Table.Rows, row)
	}
	return b.finish(c, line)
}

// deltaHead heads the column of year-on-year changes: growth in percent,
// or for a rate the change in percentage points.
func (b *Builder) deltaHead(ind *model.Indicator) string {
	if ind.Rate() {
		return b.Lang.T("change_points")
	}
	return b.Lang.T("growth") + " (%)"
}

// deltaAt is deltas[i], or a missing change outside them.
func deltaAt(deltas []model.Delta, i int) model.Delta {
	if i < 0 || i >= len(deltas) {
		return model.Delta{}
	}
	return deltas[i]
}

// rankingBar is a horizontal bar chart of towns, best at the top, as
// Ranking and RankingTop draw them: the plot area leaves room for the
// axis labels (rank and name) on the left and the value labels on the
// right.
func (b *Builder) rankingBar(id, title string, ind *model.Indicator) *charts.Bar {
	bar := charts.NewBar()
	bar.SetGlobalOptions(b.base(id, title, ind)...)
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Width: 150, Overflow: "truncate"}}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value"}),
		grid("40", "3%", "48"),
	)
	return bar
}
