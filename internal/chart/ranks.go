package chart

import (
	"strconv"

	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/townpress/townpress/internal/model"
)

// The charts of ranks: where towns stand over the years (Bump), who grew
// fastest (GrowthRanking) and a town's own rank history (RankHistory).
// Every rank is model's (model.Rank: equal figures share a rank), read
// from model.YearRanks; none is counted here.

// Bump draws the towns' ranks over the years, one line each, rank 1 at
// the top: the towns given, in their order (the leading ones of the
// latest year on a large site, so that the chart stays the same size at
// 40,000 towns). A year without a figure is a gap in the town's line.
func (b *Builder) Bump(id, title string, ind *model.Indicator, towns []*model.Town, yr *model.YearRanks) *Chart {
	n := b.span()
	o := newOption("48", "3%", "4%").categories(b.years())
	o.Legend = scrollLegend()
	c := &Chart{ID: id, Title: title, Unit: b.Words.Rank, Source: b.source(), Height: 380}
	c.Table = Table{Caption: title, Head: []string{b.Words.Town}}
	for _, y := range b.Site.Years[:n] {
		c.Table.Head = append(c.Table.Head, b.year(y))
	}
	text := &pointText{}
	lowest := 1
	for _, t := range towns {
		series := t.Values[ind.ID]
		data := make([]any, n)
		row := Row{Header: b.townName(t), Cells: make([]string, n), Data: make([]string, n)}
		tips := make([]string, n)
		for i := range data {
			rank := int(yr.Site[i][t.Index])
			if rank == 0 {
				data[i], row.Cells[i], tips[i] = "-", "—", "—"
				continue
			}
			lowest = max(lowest, rank)
			data[i] = rank
			row.Cells[i], row.Data[i] = b.Words.Format.Int(rank), strconv.Itoa(rank)
			// The figure is in the tooltip only, which links nowhere.
			tips[i] = b.rankTip(b.fig(c, series.At(i), ind.Decimals, model.FigureRef{}), ind, row.Cells[i], yr.SiteOf[i])
		}
		o.line(b.townName(t), data)
		c.Table.Rows = append(c.Table.Rows, row)
		text.Text = append(text.Text, row.Cells)
		text.Tip = append(text.Tip, tips)
	}
	o.YAxis = []opts.YAxis{rankAxis(lowest)}
	c.text = text
	b.notes(c)
	return b.finish(c, o)
}

// rankAxis is a vertical axis of ranks: 1 at the top, whole ranks only,
// down to the lowest rank drawn.
func rankAxis(lowest int) opts.YAxis {
	return opts.YAxis{Type: "value", Inverse: opts.Bool(true), Min: 1, Max: max(lowest, 2), MinInterval: 1}
}

// GrowthRanking lays towns out by their change in year index yi as
// published (model.RankGrowth: a growth in percent, a rate's change in
// points, the office's typed growth where it typed one), best first, as Ranking
// lays out their figures: every town when they are few, else the top
// towns and a row for the others. Towns without a change (no figure the
// year before, or a base of zero or less) are listed as missing.
func (b *Builder) GrowthRanking(id, title string, ind *model.Indicator, r *model.Ranking, yi, top int) *Chart {
	c := &Chart{ID: id, Title: title, Unit: b.deltaUnit(ind), Source: b.source(), Decimals: ind.DeltaDecimals()}
	c.Table = Table{Caption: title, Head: []string{b.Words.Town, b.Words.Rank, b.deltaHead(ind), b.Words.ValueOf(b.indName(ind), b.unit(ind))}}
	shown := len(r.Towns)
	if top > 0 {
		shown = min(shown, top)
	}
	var names, labels, tips []string
	var data []point
	var vals []model.Value
	var bs bases
	for i, t := range r.Towns[:shown] {
		delta := t.Delta(ind, yi) // as RankGrowth ranks it
		bs.add(delta, b.townName(t))
		rank := b.Words.Format.Int(r.RankAt(i))
		val := t.Values[ind.ID].At(yi)
		ref := model.TownFigure(t, ind, b.Site.Years[yi])
		d, v := b.deltaFig(c, delta, ref), b.fig(c, val, ind.Decimals, ref)
		names = append(names, rank+". "+b.townName(t))
		labels = append(labels, d.label)
		tip := b.Words.Format.WithUnit(d.label, c.Unit) + " · " + b.Words.Rank + " " + rank + "/" + b.Words.Format.Int(len(r.Towns))
		if d.mark.Flag != 0 {
			tip += b.Words.Paren(b.Words.MarkNames(d.mark.Flag))
		}
		tips = append(tips, tip)
		data = append(data, point{Value: b.point(delta.Value, delta.Decimals), ItemStyle: barStyle(delta.Value, false, false)})
		vals = append(vals, delta.Value)
		c.drawn.hatched = c.drawn.hatched || hatched(delta.Value)
		row := Row{Header: b.townName(t), Cells: []string{rank, d.text, v.text},
			Data: []string{strconv.Itoa(r.RankAt(i)), d.raw, v.raw}}
		row.mark(1, d.mark)
		row.mark(2, v.mark)
		row.markData(1, d)
		row.markData(2, v)
		c.Table.Rows = append(c.Table.Rows, row)
	}
	if others := len(r.Towns) - shown; others > 0 {
		c.Table.Rows = append(c.Table.Rows, Row{Header: b.Words.OthersTowns(others), Cells: []string{"…", "—", "—"}, Data: []string{"", "", ""}})
	}
	if r.Missing > 0 {
		c.Table.Rows = append(c.Table.Rows, Row{Header: b.Words.MissingTowns(r.Missing), Cells: []string{"—", "—", "—"}, Data: []string{"", "", ""}})
	}
	c.Footnotes = append(c.Footnotes, b.Words.GrowthRankNote)
	c.Height = 90 + 30*max(len(names), 3)
	c.text = &pointText{Text: [][]string{labels}, Tip: [][]string{tips}}
	c.plot = barsPlot(b.deltaHead(ind), names, vals, labels, tips, nil)
	b.basisNote(c, bs, b.deltaHead(ind), true)
	b.notes(c)
	o := b.rankingBar(ind, names, data)
	o.Series[0].Name = b.deltaHead(ind)
	return b.finish(c, o)
}

// deltaUnit is the unit of a change: % of a growth, or percentage points.
func (b *Builder) deltaUnit(ind *model.Indicator) string {
	if ind.Rate() {
		return b.Words.PointsUnit
	}
	return "%"
}

// RankHistory draws a town's rank by ind over the years, among all towns
// and within its tier (from the year it was a member), rank 1 at the top.
func (b *Builder) RankHistory(id, title string, ind *model.Indicator, t *model.Town, yr *model.YearRanks) *Chart {
	n := b.span()
	all, tier := b.Words.RankAll, b.Words.RankInTier(b.tierName(t.Tier))
	c := &Chart{ID: id, Title: title, Unit: b.Words.Rank, Source: b.source(), Height: 300}
	c.Table = Table{Caption: title, Head: []string{b.Words.Year, b.Words.ValueOf(b.indName(ind), b.unit(ind)), all, tier}}
	text := &pointText{Text: make([][]string, 2), Tip: make([][]string, 2)}
	lowest := 1
	scopes := [2]struct {
		name  string
		ranks [][]int32
		of    func(i int) int
	}{
		{all, yr.Site, func(i int) int { return yr.SiteOf[i] }},
		{tier, yr.Tier, func(i int) int { return yr.TierOf[i][t.Tier.Index] }},
	}
	var lines [2][]any // each scope's ranks, as the option's data
	rows, vals := make([]Row, n), make([]fig, n)
	// A row's cells are the figure and its two ranks: one allocation for
	// every row's, and for their data.
	cells, rowData := make([]string, 3*n), make([]string, 3*n)
	for i, y := range b.Site.Years[:n] {
		vals[i] = b.fig(c, t.Values[ind.ID].At(i), ind.Decimals, model.TownFigure(t, ind, y))
		rows[i] = Row{Header: b.year(y), Cells: append(cells[3*i:3*i:3*i+3], vals[i].text), Data: append(rowData[3*i:3*i:3*i+3], vals[i].raw)}
	}
	for k, sc := range scopes {
		data := make([]any, n)
		labels, tips := make([]string, n), make([]string, n)
		for i := range data {
			rank := int(sc.ranks[i][t.Index])
			if rank == 0 {
				data[i], labels[i], tips[i] = "-", "—", "—"
				rows[i].Cells, rows[i].Data = append(rows[i].Cells, "—"), append(rows[i].Data, "")
				continue
			}
			lowest = max(lowest, rank)
			data[i] = rank
			of := b.Words.Format.Int(sc.of(i))
			labels[i] = b.Words.Format.Int(rank)
			tips[i] = labels[i] + "/" + of
			rows[i].Cells = append(rows[i].Cells, labels[i]+"/"+of)
			rows[i].Data = append(rows[i].Data, strconv.Itoa(rank))
		}
		lines[k] = data
		text.Text[k], text.Tip[k] = labels, tips
	}
	for i := range rows {
		// Marked once every cell is there: a row's marks are by cell.
		rows[i].mark(0, vals[i].mark)
		rows[i].markData(0, vals[i])
	}
	c.Table.Rows = rows
	c.Table.DataHead = []string{b.Words.Year, b.Words.ValueOf(b.indName(ind), b.unit(ind)), all, tier}
	b.notes(c)
	axis := rankAxis(lowest)
	if b.Skeletons != nil {
		// Every town page of a tier charts the same two lines but for
		// their ranks and the axis' reach: the option is made once.
		key := "ranks\x00" + title + "\x00" + all + "\x00" + tier + "\x00" + strconv.Itoa(n)
		v, ok := b.Skeletons.m.Load(key)
		if !ok {
			hole := []any{holeData}
			holeAxis := axis
			holeAxis.Max = holeMax
			o := rankLines(b.years(), all, tier, hole, hole, holeAxis)
			v, _ = b.Skeletons.m.LoadOrStore(key, cut(b.finish(&Chart{ID: holeID, text: textHole}, o).Option))
		}
		// A name that reads as a placeholder would cut the skeleton
		// wrong: such a chart is made whole.
		if sk := v.(*skeleton); sk.count(holeData) == 2 && sk.count(holeMax) == 1 && sk.count(holeText) == 1 && len(sk.holes) == 4 {
			c.Option = sk.fillLines(id, lines[:], axis.Max.(int), text)
			return c
		}
	}
	c.text = text
	return b.finish(c, rankLines(b.years(), all, tier, lines[0], lines[1], axis))
}

// rankLines is a rank history's option: a line of ranks among all towns
// and one within the tier, over the years.
func rankLines(years []string, all, tier string, allRanks, tierRanks []any, axis opts.YAxis) *Option {
	o := newOption("48", "3%", "4%").categories(years)
	o.Legend = scrollLegend()
	o.line(all, allRanks).line(tier, tierRanks)
	o.YAxis = []opts.YAxis{axis}
	return o
}
