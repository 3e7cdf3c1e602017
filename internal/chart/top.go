package chart

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/townpress/townpress/internal/model"
)

// Ranked is the towns of a scope ordered by one indicator in one year, made
// once and shared by every page that ranks them: at 40,000 towns, sorting
// for each town page would cost more than rendering it.
type Ranked struct {
	Towns   []*model.Town // with a value, best first; ties keep the sheet's order
	Missing int           // towns of the scope without a value
	Sum     float64       // of the values of Towns
	pos     map[*model.Town]int
	ranks   []int // ranks[i] is the rank of Towns[i]; equal values share one
}

// Rank orders towns by ind in year index yi.
func Rank(towns []*model.Town, ind *model.Indicator, yi int) *Ranked {
	r := &Ranked{pos: make(map[*model.Town]int, len(towns))}
	// Each value is looked up once, not in every comparison: a national
	// site sorts 40,000 towns dozens of times.
	type entry struct {
		t *model.Town
		v float64
	}
	entries := make([]entry, 0, len(towns))
	for _, t := range towns {
		if v := t.Values[ind.ID].At(yi); v.Valid {
			entries = append(entries, entry{t, v.V})
		} else {
			r.Missing++
		}
	}
	better := ind.Better()
	slices.SortStableFunc(entries, func(x, y entry) int {
		if better {
			return cmp.Compare(y.v, x.v)
		}
		return cmp.Compare(x.v, y.v)
	})
	r.Towns = make([]*model.Town, len(entries))
	r.ranks = make([]int, len(entries))
	for i, e := range entries {
		r.Towns[i] = e.t
		r.pos[e.t] = i
		r.Sum += e.v
		r.ranks[i] = i + 1
		if i > 0 && entries[i-1].v == e.v {
			r.ranks[i] = r.ranks[i-1]
		}
	}
	return r
}

// Position is a town's 0-based place in the ranking, or -1 without a value.
func (r *Ranked) Position(t *model.Town) int {
	if i, ok := r.pos[t]; ok {
		return i
	}
	return -1
}

// Rank is a town's rank from 1, counting towns with a strictly better value,
// so that equal values share a rank; 0 without a value.
func (r *Ranked) Rank(t *model.Town) int {
	if i := r.Position(t); i >= 0 {
		return r.ranks[i]
	}
	return 0
}

// RankingTop is Ranking for a scope too large to draw whole: the top towns,
// the highlighted town with its neighbours in the ranking, and one table row
// for the others (their total when the indicator sums). The chart stays the
// same size whether the scope has 30 towns or 13,000.
func (b *Builder) RankingTop(id, title string, ind *model.Indicator, r *Ranked, yi int, highlight *model.Town, top int) *Chart {
	// The rows to show, in rank order: the top, then the highlighted town
	// and two on either side of it.
	var show []int
	for i := 0; i < top && i < len(r.Towns); i++ {
		show = append(show, i)
	}
	if at := r.Position(highlight); highlight != nil && at >= 0 {
		for i := max(at-2, top); i <= at+2 && i < len(r.Towns); i++ {
			show = append(show, i)
		}
	}
	c := &Chart{ID: id, Title: title, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals}
	c.Table = Table{Caption: title, Head: []string{b.Lang.T("town"), b.Lang.T("rank"), b.indName(ind) + " (" + b.unit(ind) + ")", b.Lang.T("growth") + " (%)"}}
	var names []string
	var data []opts.BarData
	// The others' total is the scope's less the towns shown: a page's work
	// must not grow with the size of its tier.
	othersSum := r.Sum
	others := len(r.Towns)
	for _, i := range show {
		t := r.Towns[i]
		val := t.Values[ind.ID].At(yi)
		others--
		othersSum -= val.V
		rank := b.Lang.Num(float64(r.ranks[i]), 0)
		// The rank goes into the axis label: with rows left out, a reader
		// needs it to see where the gap is.
		names = append(names, rank+". "+b.townName(t))
		d := opts.BarData{Value: point(val, ind.Decimals)}
		if t == highlight {
			d.ItemStyle = &opts.ItemStyle{Color: Palette[1]}
		}
		data = append(data, d)
		c.Table.Rows = append(c.Table.Rows, Row{Header: b.townName(t), Cells: []string{
			rank, b.cell(val, ind.Decimals), b.cell(t.Values[ind.ID].Growth(yi), 1),
		}})
	}
	if others > 0 {
		total := "—"
		if ind.Sum {
			total = b.cell(model.Value{V: othersSum, Valid: true}, ind.Decimals)
		}
		c.Table.Rows = append(c.Table.Rows, Row{Header: b.Lang.T("others_towns", others), Cells: []string{"…", total, "—"}})
	}
	if r.Missing > 0 {
		c.Table.Rows = append(c.Table.Rows, Row{Header: b.Lang.T("missing_towns", r.Missing), Cells: []string{"—", "—", "—"}})
	}
	c.Height = 90 + 30*max(len(names), 3)
	if b.Skeletons != nil && len(names) > 0 {
		// Every town page of a tier charts the same ranking but for the
		// rows near its own town: the option is made once per title.
		key := "top\x00" + ind.ID + "\x00" + title
		v, ok := b.Skeletons.m.Load(key)
		if !ok {
			hole := []opts.BarData{{Value: holeData}}
			shared := &Chart{Title: c.Title, Unit: c.Unit, Source: c.Source, Decimals: c.Decimals, Table: Table{Caption: c.Table.Caption, Head: c.Table.Head}}
			b.completeShared(shared)
			v, _ = b.Skeletons.m.LoadOrStore(key, &trendProto{
				sk:    cut(b.finish(&Chart{ID: holeID}, b.topBar(holeID, title, ind, []string{holeCats}, hole)).Option),
				chart: shared,
			})
		}
		proto := v.(*trendProto)
		own := *proto.chart
		own.ID, own.Height, own.Table.Rows = id, c.Height, c.Table.Rows
		own.Style = template.CSS("height:" + strconv.Itoa(own.Height) + "px")
		own.Option = proto.sk.fill(id, "", data, names)
		return own.completeOwn()
	}
	return b.finish(c, b.topBar(id, title, ind, names, data))
}

func (b *Builder) topBar(id, title string, ind *model.Indicator, names []string, data []opts.BarData) *charts.Bar {
	bar := b.rankingBar(id, title, ind)
	bar.SetXAxis(names)
	bar.AddSeries(b.indName(ind), data, charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "35%"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	bar.XYReversal()
	return bar
}

// LinesTop is Lines for the first n towns of a ranking: a chart of 40,000
// lines draws nothing a reader can follow.
func (b *Builder) LinesTop(id, title string, ind *model.Indicator, r *Ranked, n int) *Chart {
	return b.Lines(id, title, ind, r.Towns[:min(n, len(r.Towns))])
}
