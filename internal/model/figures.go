package model

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// Figure is a scope's figure for one indicator in one year: what headline
// cards, tables, report pages, workbooks and data files show, with what a
// reader needs to judge it. A scope is a set of tiers; a town counts in
// a year's figure when it is a member that year (Site.Member).
type Figure struct {
	// Value is the total: for a level, the sum over the members that
	// reported; for a rate, the ratio of its numerator's and
	// denominator's totals over the members that reported both. Missing
	// when no member reported, or when the indicator has no total.
	Value Value
	// Reporting of Of members had a figure this year (for a rate: both
	// parts of its ratio); the same for the year before.
	Reporting, Of         int
	PrevReporting, PrevOf int
	// Previous is the total the year before, on that year's coverage.
	Previous Value
	// Matched is how many members reported in both years: the basis of
	// Change and Delta for a level, whose totals change with coverage.
	Matched int
	// Change is the change in the indicator's unit: for a level, the
	// matched members' total this year less theirs the year before; for
	// a rate, Value less Previous, in percentage points.
	Change Value
	// Delta is what tables show beside the total: the matched growth in
	// percent for a level, Change in percentage points for a rate; the
	// office's typed change where its total row gives one.
	Delta Delta
	// Official is set when Value is the office's own total (a 合计 or
	// 其中 row of the workbooks), not the sum of the towns; Summed is then
	// the sum, for reconciliation. PrevOfficial says the same of Previous.
	Official, PrevOfficial bool
	Summed                 Value
}

// Break reports whether the figure's coverage differs from the year
// before: the towns behind this year's total are not the same as those
// behind last year's, so the two totals do not compare, and the change is
// on the matched basis.
//
// The office's totals are no exception: a 合计 row totals the towns that
// reported (a withheld figure is left out of it, 合计不含该数, and check
// reconciles it with their sum), so a town without a figure in one of
// the two years makes them totals of different towns even when the
// members are the same.
func (f Figure) Break() bool {
	return f.Previous.Valid() && (f.Reporting != f.Matched || f.PrevReporting != f.Matched || f.Of != f.PrevOf)
}

// figureMemo keeps, per indicator and scope (a set of tiers), every year's
// figures, so that each scope's towns are walked once: report workbooks,
// data files and pages ask for the same figures hundreds of times, and at
// national scale each walk is 40,000 towns. Pages render and workbooks are
// written on several cores at once, hence the sync.Map.
type figureMemo struct{ m sync.Map } // key -> []Figure

func memoKey(ind *Indicator, tiers []*Tier) string {
	var b strings.Builder
	b.WriteString(ind.ID)
	for _, t := range tiers {
		b.WriteByte(0)
		b.WriteString(t.ID)
	}
	return b.String()
}

// ScopeFigures are the figures of ind over the towns of tiers, one per
// year of Years.
func (s *Site) ScopeFigures(ind *Indicator, tiers []*Tier) []Figure {
	if s.figures == nil {
		return s.scopeFigures(ind, tiers)
	}
	key := memoKey(ind, tiers)
	if v, ok := s.figures.m.Load(key); ok {
		return v.([]Figure)
	}
	// Two cores may compute the same figures at once; both get the same
	// numbers, and the first stored is kept.
	v, _ := s.figures.m.LoadOrStore(key, s.scopeFigures(ind, tiers))
	return v.([]Figure)
}

// ScopeFigure is ScopeFigures at year index i; a figure with nothing in it
// outside the years.
func (s *Site) ScopeFigure(ind *Indicator, tiers []*Tier, i int) Figure {
	figs := s.ScopeFigures(ind, tiers)
	if i < 0 || i >= len(figs) {
		return Figure{Delta: Delta{Decimals: ind.DeltaDecimals(), Points: ind.Rate(), Why: NoFigure}}
	}
	return figs[i]
}

// TotalSeries is the Value of every year's ScopeFigure: a scope's totals
// over the years, as charts draw them.
func (s *Site) TotalSeries(ind *Indicator, tiers []*Tier) Series {
	figs := s.ScopeFigures(ind, tiers)
	out := make(Series, len(figs))
	for i, f := range figs {
		out[i] = f.Value
	}
	return out
}

// TypedDelta reports whether the office types the change of ind's total
// over tiers in some year (a growth column on its total row): pages then
// say of each year's change whether it is the office's or computed.
func (s *Site) TypedDelta(ind *Indicator, tiers []*Tier) bool {
	for _, f := range s.ScopeFigures(ind, tiers) {
		if f.Delta.Typed {
			return true
		}
	}
	return false
}

// DeltaSeries is the Delta of every year's ScopeFigure.
func (s *Site) DeltaSeries(ind *Indicator, tiers []*Tier) []Delta {
	figs := s.ScopeFigures(ind, tiers)
	out := make([]Delta, len(figs))
	for i, f := range figs {
		out[i] = f.Delta
	}
	return out
}

// sums are one year's running totals of a scope.
type sums struct {
	total         num.Sum // every reporting member
	cur, prev     num.Sum // members that reported in both years, this year and the year before
	numer, denom  num.Sum // a rate's parts, over members that reported both
	reporting, of int
	both          int         // a rate's members that reported both parts in both years
	flag, matched status.Flag // marks of the figures in total, and in cur and prev
}

// scopeFigures walks the scope's towns once for every year.
func (s *Site) scopeFigures(ind *Indicator, tiers []*Tier) []Figure {
	n := len(s.Years)
	acc := make([]sums, n)
	for _, tier := range tiers {
		for _, t := range tier.Towns {
			series := t.Values[ind.ID]
			var numer, denom Series
			if ind.Numerator != nil {
				numer, denom = t.Values[ind.Numerator.ID], t.Values[ind.Denominator.ID]
			}
			for i, y := range s.Years {
				if !s.Member(t, y) {
					continue
				}
				a := &acc[i]
				a.of++
				if ind.Numerator != nil {
					if p, q := numer.At(i), denom.At(i); p.Valid() && q.Valid() {
						a.numer.Add(p.Dec)
						a.denom.Add(q.Dec)
						a.reporting++
						a.flag |= (p.Flag | q.Flag) & carried
						if i > 0 && numer.At(i-1).Valid() && denom.At(i-1).Valid() && s.Member(t, s.Years[i-1]) {
							a.both++
						}
					}
					continue
				}
				v := series.At(i)
				if !v.Valid() {
					continue
				}
				a.reporting++
				a.total.Add(v.Dec)
				a.flag |= v.Flag & carried
				if p := series.At(i - 1); i > 0 && p.Valid() && s.Member(t, s.Years[i-1]) {
					a.cur.Add(v.Dec)
					a.prev.Add(p.Dec)
					a.matched |= (v.Flag | p.Flag) & carried
				}
			}
		}
	}
	out := make([]Figure, n)
	for i := range out {
		a := &acc[i]
		f := &out[i]
		f.Reporting, f.Of = a.reporting, a.of
		if i > 0 {
			f.PrevReporting, f.PrevOf = acc[i-1].reporting, acc[i-1].of
		}
		switch {
		case ind.Numerator != nil:
			// The parts are summed as shown: a part shown in another unit
			// than kept (revenue kept in 万元, shown in 亿元) is undone, so
			// the rate is the ratio of the parts as kept.
			if r, ok := a.numer.Quo(&a.denom, ind.RateScale()); ok {
				f.Value = V(r.Shift(ind.Denominator.shift - ind.Numerator.shift))
			}
		case ind.Summed():
			f.Value = V(a.total.Dec())
		}
		// A total of provisional figures is provisional.
		f.Value.Flag = a.flag
		if i > 0 {
			f.Previous = out[i-1].Value
		}
		f.Delta = Delta{Decimals: ind.DeltaDecimals(), Points: ind.Rate()}
		switch {
		case !ind.HasTotal():
			f.Delta.Why = NoTotal
		case ind.Rate():
			// A rate's coverage is its ratio's; the change in points
			// compares the two years' ratios as published. Matched counts
			// the towns behind both, not the smaller count: one town
			// stopping and another starting leaves the counts equal and
			// the ratios of different towns, which Break must mark.
			f.Matched = a.cur.Count()
			if ind.Numerator != nil {
				f.Matched = a.both
			}
			switch {
			case !f.Value.Valid():
				f.Delta.Why = NoFigure
			case !f.Previous.Valid():
				f.Delta.Why = NoBase
			default:
				f.Change = Value{Dec: num.Sub(f.Value.Dec, f.Previous.Dec), Flag: (f.Value.Flag | f.Previous.Flag) & carried}
				f.Delta.Value = f.Change
			}
		default:
			f.Matched = a.cur.Count()
			switch {
			case !f.Value.Valid():
				f.Delta.Why = NoFigure
			case f.Matched == 0:
				f.Delta.Why = NoBase
			default:
				f.Change = Value{Dec: a.cur.Sub(&a.prev), Flag: a.matched}
				if g, ok := a.cur.Growth(&a.prev); ok {
					f.Delta.Value = Value{Dec: g, Flag: a.matched}
				} else if a.prev.Dec().Sign() <= 0 {
					f.Delta.Why = BaseNotAbove
				} else {
					f.Delta.Why = OutOfScale
				}
			}
		}
	}
	s.withOfficial(ind, tiers, out)
	return out
}

// MembersIn are tier's members in year, in the towns' order: today's
// members recognised in or before it, as its figures of that year count
// them (all of today's members on a retrospective site). An annual report
// lists a tier's members of its year.
func (s *Site) MembersIn(tier *Tier, year int) []*Town {
	if s.Retrospective {
		return tier.Towns
	}
	out := make([]*Town, 0, len(tier.Towns))
	for _, t := range tier.Towns {
		if s.Member(t, year) {
			out = append(out, t)
		}
	}
	return out
}

// Missing lists the members of tiers without a figure of ind in year index
// i, in the towns' order: who a coverage of 7/8 leaves out.
func (s *Site) Missing(ind *Indicator, tiers []*Tier, i int) []*Town {
	if i < 0 || i >= len(s.Years) {
		return nil
	}
	var out []*Town
	for _, tier := range tiers {
		for _, t := range tier.Towns {
			if !s.Member(t, s.Years[i]) {
				continue
			}
			has := t.Values[ind.ID].At(i).Valid()
			if ind.Numerator != nil {
				has = t.Values[ind.Numerator.ID].At(i).Valid() && t.Values[ind.Denominator.ID].At(i).Valid()
			}
			if !has {
				out = append(out, t)
			}
		}
	}
	return out
}

// Leading is the n towns with the largest value of the indicator in year
// index yi, largest first; towns without a value come last, ties keep the
// order of towns. A report's page and its workbook list a large tier's
// members this way, so the two show the same towns in the same order.
func Leading(towns []*Town, indicator string, yi, n int) []*Town {
	n = max(0, min(n, len(towns)))
	// Each town's value is looked up once, not at every comparison: a
	// national tier has thousands of members.
	keys := make([]leadKey, len(towns))
	for i, t := range towns {
		keys[i] = leadKey{t.Values[indicator].At(yi), i}
	}
	if n < len(keys)/8 {
		// A report lists a national tier's leading hundred of thousands:
		// keep the n best seen so far, not the whole tier sorted.
		keys = leadingKeys(keys, n)
	} else {
		slices.SortFunc(keys, leadCmp)
	}
	out := make([]*Town, n)
	for i := range out {
		out[i] = towns[keys[i].i]
	}
	return out
}

// leadKey is a town's value and its place in the towns Leading ranks.
type leadKey struct {
	v Value
	i int
}

// leadCmp orders Leading's keys: valid values first, largest first, ties
// (and towns without a value) in the towns' order. Every two keys differ,
// so the n first are the same however they are found.
func leadCmp(a, b leadKey) int {
	switch {
	case a.v.Valid() != b.v.Valid():
		if a.v.Valid() {
			return -1
		}
		return 1
	case a.v.Valid():
		if c := b.v.Cmp(a.v.Dec); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.i, b.i)
}

// leadingKeys is the n first of keys by leadCmp, in that order: a heap of
// the n first so far whose root is the last of them, so that most keys
// are turned away by one comparison.
func leadingKeys(keys []leadKey, n int) []leadKey {
	if n == 0 {
		return nil
	}
	h := slices.Clone(keys[:n])
	// after reports whether h[a] comes after h[b]: the root is the last.
	after := func(a, b int) bool { return leadCmp(h[a], h[b]) > 0 }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && after(r, l) {
				l = r
			}
			if !after(l, i) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, k := range keys[n:] {
		if leadCmp(k, h[0]) < 0 {
			h[0] = k
			down(0)
		}
	}
	slices.SortFunc(h, leadCmp)
	return h
}
