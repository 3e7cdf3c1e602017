package model

import (
	"slices"

	"github.com/townpress/townpress/internal/num"
)

// Ranking is towns ordered by one indicator in one year, best first, with
// their ranks: equal values share a rank (并列) and the next rank counts
// the towns before it (1, 2, 2, 4). Every page, chart, download and the
// browser show these ranks; none ranks for itself.
type Ranking struct {
	Towns   []*Town // with a value, best first; ties keep the towns' order
	Missing int     // towns without a value
	Total   Value   // the sum of the values of Towns, exactly
	ranks   []int   // ranks[i] is the rank of Towns[i]
	pos     map[*Town]int
}

// Rank orders towns by ind in year index yi: highest first, or lowest
// first for an indicator where lower is better.
func Rank(towns []*Town, ind *Indicator, yi int) *Ranking {
	return RankBy(towns, func(t *Town) Value { return t.Values[ind.ID].At(yi) }, ind.Better())
}

// RankGrowth orders towns by their change of ind in year index yi as
// published (Town.Delta: the office's typed growth where it typed one,
// else the growth of the levels; a rate's change in points), best first:
// the fastest rise, or for an indicator where lower is better the fastest
// fall. A town without a change (no figure, no base) is missing. Total is
// a sum of changes, which means nothing.
func RankGrowth(towns []*Town, ind *Indicator, yi int) *Ranking {
	return RankBy(towns, func(t *Town) Value { return t.Delta(ind, yi).Value }, ind.Better())
}

// RankBy orders towns by the value each has (of), highest first when
// higher is better; towns without a value are missing.
func RankBy(towns []*Town, of func(*Town) Value, higherFirst bool) *Ranking {
	r := &Ranking{pos: make(map[*Town]int, len(towns))}
	// Each value is looked up once, not in every comparison: a national
	// site sorts 40,000 towns dozens of times.
	type entry struct {
		t *Town
		v Value
		i int // the town's place in towns: ties keep it
	}
	entries := make([]entry, 0, len(towns))
	for i, t := range towns {
		if v := of(t); v.Valid() {
			entries = append(entries, entry{t, v, i})
		} else {
			r.Missing++
		}
	}
	better := higherFirst
	// An unstable sort with the towns' order as the last key is stable,
	// and much faster than a stable sort's merging at 40,000 towns (the
	// indicator scripts rank every year in every tier).
	slices.SortFunc(entries, func(x, y entry) int {
		c := x.v.Cmp(y.v.Dec)
		if better {
			c = -c
		}
		if c != 0 {
			return c
		}
		return x.i - y.i
	})
	var total num.Sum
	for _, e := range entries {
		total.Add(e.v.Dec)
	}
	r.Total = V(total.Dec())
	r.Towns = make([]*Town, len(entries))
	r.ranks = make([]int, len(entries))
	for i, e := range entries {
		r.Towns[i] = e.t
		r.pos[e.t] = i
		r.ranks[i] = i + 1
		if i > 0 && entries[i-1].v.Cmp(e.v.Dec) == 0 {
			r.ranks[i] = r.ranks[i-1]
		}
	}
	return r
}

// Position is a town's 0-based place in the ranking, or -1 without a value.
func (r *Ranking) Position(t *Town) int {
	if i, ok := r.pos[t]; ok {
		return i
	}
	return -1
}

// Rank is a town's rank from 1, counting towns with a strictly better
// value, so that equal values share a rank; 0 without a value.
func (r *Ranking) Rank(t *Town) int {
	if i := r.Position(t); i >= 0 {
		return r.ranks[i]
	}
	return 0
}

// RankAt is the rank of Towns[i].
func (r *Ranking) RankAt(i int) int { return r.ranks[i] }

// Within calls do for each town of the ranking that keep keeps, best
// first, with its rank among the kept towns alone: what Rank of those
// towns gives, without sorting them again, when they are listed in the
// same order as the towns ranked (a tier's members are, in Site.Towns):
// ties keep that order in both. The indicator scripts rank every year in
// every tier; each such Rank sorted a tier of a national site anew.
func (r *Ranking) Within(keep func(*Town) bool, do func(t *Town, rank int)) {
	n, prevFull, prevRank := 0, 0, 0
	for i, t := range r.Towns {
		if !keep(t) {
			continue
		}
		n++
		rank := n
		if n > 1 && r.ranks[i] == prevFull {
			rank = prevRank // equal values, contiguous in the ranking
		}
		do(t, rank)
		prevFull, prevRank = r.ranks[i], rank
	}
}

// YearRanks are every town's ranks by one indicator in every year, over
// all towns and within its tier, as the indicator scripts give them
// (search.YearValues): a town's rank history and the rank-over-time
// charts read them. They are kept by town index, not as rankings, so
// that a national site's ten years of 40,000 towns cost 3 MB an
// indicator rather than a map per year.
type YearRanks struct {
	// Site[yi][t.Index] is town t's rank among all towns with a figure
	// in year index yi; SiteOf[yi] how many have one. 0 without a figure.
	Site   [][]int32
	SiteOf []int
	// Tier[yi][t.Index] is its rank among its tier's members that year
	// (Site.MembersIn); TierOf[yi][tier.Index] how many of them have a
	// figure. 0 without a figure, or before the town was a member.
	Tier   [][]int32
	TierOf [][]int
}

// RankYears ranks every town by ind in every year.
func (s *Site) RankYears(ind *Indicator) *YearRanks {
	n := len(s.Towns)
	yr := &YearRanks{}
	for yi, y := range s.Years {
		site, tier := make([]int32, n), make([]int32, n)
		r := Rank(s.Towns, ind, yi)
		for k, t := range r.Towns {
			site[t.Index] = int32(r.RankAt(k))
		}
		of := make([]int, len(s.Tiers))
		for ti, tr := range s.Tiers {
			r := Rank(s.MembersIn(tr, y), ind, yi)
			for k, t := range r.Towns {
				tier[t.Index] = int32(r.RankAt(k))
			}
			of[ti] = len(r.Towns)
		}
		yr.Site, yr.Tier = append(yr.Site, site), append(yr.Tier, tier)
		yr.SiteOf, yr.TierOf = append(yr.SiteOf, len(r.Towns)), append(yr.TierOf, of)
	}
	return yr
}
