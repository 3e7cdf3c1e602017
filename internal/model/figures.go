package model

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
)

// figureMemo keeps, per indicator and scope (a set of tiers), every year's
// sums, so that ScopeFigure walks the scope's towns once rather than three
// times per call: report workbooks, the totals table and the pages ask for
// the same figures hundreds of times, and at national scale each walk is
// 40,000 towns. Pages render and workbooks are written on several cores at
// once, hence the sync.Map.
type figureMemo struct{ m sync.Map } // key -> *scopeSums

// scopeSums are one indicator's sums over one scope, by year index.
type scopeSums struct {
	total     Series
	reporting []int
	growth    Series // matched growth: towns that reported in both years
}

func (k *figureMemo) sums(s *Site, indicator string, tiers []*Tier) *scopeSums {
	if k == nil {
		return s.scopeSums(indicator, tiers)
	}
	var b strings.Builder
	b.WriteString(indicator)
	for _, t := range tiers {
		b.WriteByte(0)
		b.WriteString(t.ID)
	}
	key := b.String()
	if v, ok := k.m.Load(key); ok {
		return v.(*scopeSums)
	}
	// Two cores may compute the same sums at once; both get the same
	// numbers, and the first stored is kept.
	v, _ := k.m.LoadOrStore(key, s.scopeSums(indicator, tiers))
	return v.(*scopeSums)
}

// scopeSums makes in one pass what Total, Reporting and MatchedGrowth make,
// adding in the same order (tier by tier, town by town), so the figures are
// the same to the last bit.
func (s *Site) scopeSums(indicator string, tiers []*Tier) *scopeSums {
	n := len(s.Years)
	out := &scopeSums{total: make(Series, n), reporting: make([]int, n), growth: make(Series, n)}
	cur, prev := make([]float64, n), make([]float64, n)
	matched := make([]bool, n)
	for _, tier := range tiers {
		for _, t := range tier.Towns {
			series := t.Values[indicator]
			for i := range n {
				v := series.At(i)
				if !v.Valid {
					continue
				}
				out.total[i].V += v.V
				out.total[i].Valid = true
				out.reporting[i]++
				if p := series.At(i - 1); i > 0 && p.Valid {
					cur[i] += v.V
					prev[i] += p.V
					matched[i] = true
				}
			}
		}
	}
	for i := 1; i < n; i++ {
		if matched[i] && prev[i] != 0 {
			out.growth[i] = Value{V: (cur[i] - prev[i]) / math.Abs(prev[i]) * 100, Valid: true}
		}
	}
	return out
}

// Leading is the n towns with the largest value of the indicator in year
// index yi, largest first; towns without a value come last, ties keep the
// order of towns. A report's page and its workbook list a large tier's
// members this way, so the two show the same towns in the same order.
func Leading(towns []*Town, indicator string, yi, n int) []*Town {
	// Each town's value is looked up once, not at every comparison: a
	// national tier has thousands of members.
	type key struct {
		v     float64
		valid bool
		i     int
	}
	keys := make([]key, len(towns))
	for i, t := range towns {
		v := t.Values[indicator].At(yi)
		keys[i] = key{v.V, v.Valid, i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case a.valid != b.valid:
			if a.valid {
				return -1
			}
			return 1
		case a.valid && a.v != b.v:
			return cmp.Compare(b.v, a.v)
		}
		return cmp.Compare(a.i, b.i)
	})
	out := make([]*Town, min(n, len(towns)))
	for i := range out {
		out[i] = towns[keys[i].i]
	}
	return out
}
