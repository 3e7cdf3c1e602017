package chart

import (
	"strconv"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
)

// RankingTop is Ranking for a scope too large to draw whole: the top towns,
// the highlighted town with its neighbours in the ranking, and one table row
// for the others (their total when the indicator sums). The chart stays the
// same size whether the scope has 30 towns or 13,000.
func (b *Builder) RankingTop(id, title string, ind *model.Indicator, r *model.Ranking, yi int, highlight *model.Town, top int) *Chart {
	// The rows to show, in rank order: the top, then the highlighted town
	// and two on either side of it.
	show := make([]int, 0, top+5)
	for i := 0; i < top && i < len(r.Towns); i++ {
		show = append(show, i)
	}
	if at := r.Position(highlight); highlight != nil && at >= 0 {
		for i := max(at-2, top); i <= at+2 && i < len(r.Towns); i++ {
			show = append(show, i)
		}
	}
	c := &Chart{ID: id, Title: title, Indicator: ind, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals}
	c.Table = Table{Caption: title, Head: []string{b.Words.Town, b.Words.Rank, b.indName(ind) + " (" + b.unit(ind) + ")", b.deltaHead(ind)}}
	// Every town page makes one: each list is made at its size.
	n := len(show)
	names, labels, tips := make([]string, 0, n), make([]string, 0, n), make([]string, 0, n)
	data, vals := make([]point, 0, n), make([]model.Value, 0, n)
	own := make([]bool, 0, n) // the highlighted town's bar
	c.Table.Rows = make([]Row, 0, n+2)
	files := b.Site.Config.WantChartFiles()
	// The others' total is the scope's less the towns shown: a page's work
	// must not grow with the size of its tier.
	var shown num.Sum
	others := len(r.Towns)
	cached := b.topRows(ind, r, yi, top)
	var bs bases
	for _, i := range show {
		var tr topRow
		if i < len(cached) {
			tr = cached[i]
		} else {
			tr = b.topRow(ind, r, yi, i, files)
		}
		others--
		shown.Add(tr.value.Dec)
		// The marks are the page's (its footnotes are numbered on it), so
		// they are put on the shared row here.
		v, d := b.marked(c, tr.value, tr.valText, tr.row.dataAt(1), tr.ref), b.marked(c, tr.delta.Value, tr.row.Cells[2], tr.row.dataAt(2), tr.ref.GrowthOf(tr.delta))
		row := tr.row
		row.Marks = nil
		row.mark(1, v.mark)
		row.mark(2, d.mark)
		row.markData(1, v)
		row.markData(2, d)
		names, labels, tips = append(names, tr.name), append(labels, v.label), append(tips, b.rankTip(v, ind, tr.rank, len(r.Towns)))
		data = append(data, point{Value: tr.point, ItemStyle: barStyle(tr.value, false, r.Towns[i] == highlight)})
		vals, own = append(vals, tr.value), append(own, r.Towns[i] == highlight)
		c.drawn.hatched = c.drawn.hatched || hatched(tr.value)
		c.Table.Rows = append(c.Table.Rows, row)
		c.Footnotes = b.whyNotes(c.Footnotes, tr.delta)
		bs.add(tr.delta, tr.row.Header)
	}
	text := &pointText{Text: [][]string{labels}, Tip: [][]string{tips}}
	c.plot = barsPlot(b.indName(ind), names, vals, labels, tips, own)
	if others > 0 {
		total, totalData := "—", ""
		if ind.Summed() {
			var all num.Sum
			all.Add(r.Total.Dec)
			rest := model.V(all.Sub(&shown))
			total, totalData = b.cell(rest, ind.Decimals), b.raw(rest, ind.Decimals)
		}
		row := Row{Header: b.Words.OthersTowns(others), Cells: []string{"…", total, "—"}}
		if files {
			row.Data = []string{"", totalData, ""}
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	if r.Missing > 0 {
		row := Row{Header: b.Words.MissingTowns(r.Missing), Cells: []string{"—", "—", "—"}}
		if files {
			row.Data = []string{"", "", ""}
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	c.Height = 90 + 30*max(len(names), 3)
	b.basisNote(c, bs, b.deltaHead(ind), true)
	b.notes(c)
	if b.Skeletons != nil && len(names) > 0 {
		// Every town page of a tier charts the same ranking but for the
		// rows near its own town: the option is made once per title.
		key := "top\x00" + ind.ID + "\x00" + title
		v, ok := b.Skeletons.m.Load(key)
		if !ok {
			hole := []point{{Value: holeData}}
			v, _ = b.Skeletons.m.LoadOrStore(key, cut(b.finish(&Chart{ID: holeID, text: textHole}, b.rankingBar(ind, []string{holeCats}, hole)).Option))
		}
		c.Option = v.(*skeleton).fill(id, "", data, names, text)
		return c
	}
	c.text = text
	return b.finish(c, b.rankingBar(ind, names, data))
}

// LinesTop is Lines for the first n towns of a ranking: a chart of 40,000
// lines draws nothing a reader can follow.
func (b *Builder) LinesTop(id, title string, ind *model.Indicator, r *model.Ranking, n int) *Chart {
	return b.Lines(id, title, ind, r.Towns[:min(n, len(r.Towns))])
}

// topRow is the i-th town of a ranking as RankingTop shows it: its axis
// label, rank, point and table row, without the marks of its figures,
// which are the page's.
type topRow struct {
	name, valText, rank string
	point               any
	row                 Row
	value               model.Value     // for its marks, style and the others' total
	delta               model.Delta     // for its marks and the table's footnotes
	ref                 model.FigureRef // value's name, for its mark's link to its revision
}

func (b *Builder) topRow(ind *model.Indicator, r *model.Ranking, yi, i int, files bool) topRow {
	t := r.Towns[i]
	val := t.Values[ind.ID].At(yi)
	rank := b.Words.Format.Int(r.RankAt(i))
	valText := b.cell(val, ind.Decimals)
	delta := t.Delta(ind, yi)
	tr := topRow{
		// The rank goes into the axis label: with rows left out, a reader
		// needs it to see where the gap is.
		name:    rank + ". " + b.townName(t),
		valText: valText,
		rank:    rank,
		point:   b.point(val, ind.Decimals),
		row:     Row{Header: b.townName(t), Cells: []string{rank, valText, b.delta(delta)}},
		value:   val,
		delta:   delta,
		ref:     model.TownFigure(t, ind, b.Site.Years[yi]),
	}
	if files {
		tr.row.Data = []string{strconv.Itoa(r.RankAt(i)), b.raw(val, ind.Decimals), b.raw(delta.Value, delta.Decimals)}
	}
	return tr
}

// dataAt is Data's column k, "" without data.
func (r Row) dataAt(k int) string {
	if k >= len(r.Data) {
		return ""
	}
	return r.Data[k]
}

// topKey finds a ranking's top rows among the Skeletons.
type topKey struct {
	r       *model.Ranking
	yi, top int
}

// topRows are the top rows of the ranking, which every town page of a
// tier shows alike (but for its own town's colour), made once per
// ranking, year and language when the builder has Skeletons; nil
// otherwise. Each is what topRow makes: a page's peers chart costs the
// rows near its own town, not the twenty at the top again (a growth is a
// division of decimals).
func (b *Builder) topRows(ind *model.Indicator, r *model.Ranking, yi, top int) []topRow {
	if b.Skeletons == nil {
		return nil
	}
	key := topKey{r, yi, top}
	if v, ok := b.Skeletons.m.Load(key); ok {
		return v.([]topRow)
	}
	files := b.Site.Config.WantChartFiles()
	rows := make([]topRow, min(top, len(r.Towns)))
	for i := range rows {
		rows[i] = b.topRow(ind, r, yi, i, files)
	}
	v, _ := b.Skeletons.m.LoadOrStore(key, rows)
	return v.([]topRow)
}
