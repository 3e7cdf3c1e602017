package model

import (
	"slices"
	"sort"
	"sync"

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
	ranks   []int32 // ranks[i] is the rank of Towns[i]

	// A town's place is found by its Index when the towns ranked were
	// listed by ascending Index (the site's towns, a tier's, any of them
	// in Site.Towns' order): rankOf[t.Index] is its rank, 0 without a
	// value, and ties then keep Index order, so the town is found among
	// its equals by a binary search. Four bytes a town, where a map costs
	// 20 to 40: Site.Ranked keeps them for every indicator and year of a
	// national site. Other lists of towns (tests' made-up towns) get the
	// map.
	rankOf []int32
	pos    map[*Town]int

	// What Among needs to rank some of the towns without sorting again:
	// the towns ranked when they were a site's (from[i].Index == i), and
	// how they were ranked.
	from        []*Town
	of          func(*Town) Value
	higherFirst bool
}

// Rank orders towns by ind in year index yi: highest first, or lowest
// first for an indicator where lower is better. Site.Ranked keeps the
// site-wide ones.
func Rank(towns []*Town, ind *Indicator, yi int) *Ranking {
	return RankBy(towns, rankedBy(ind, yi), ind.Better())
}

// rankedBy is the value Rank ranks a town by.
func rankedBy(ind *Indicator, yi int) func(*Town) Value {
	return func(t *Town) Value { return t.Values[ind.ID].At(yi) }
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
	r := &Ranking{of: of, higherFirst: higherFirst}
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
	r.ranks = make([]int32, len(entries))
	if byIndex(towns) {
		r.rankOf = make([]int32, indexBound(towns))
		if len(towns) > 0 && towns[len(towns)-1].Index == len(towns)-1 {
			r.from = towns // ascending from 0 without a gap: from[i].Index == i
		}
	} else {
		r.pos = make(map[*Town]int, len(entries))
	}
	for i, e := range entries {
		r.Towns[i] = e.t
		r.ranks[i] = int32(i + 1)
		if i > 0 && entries[i-1].v.Cmp(e.v.Dec) == 0 {
			r.ranks[i] = r.ranks[i-1]
		}
		r.place(e.t, i)
	}
	return r
}

// byIndex says whether towns are listed by strictly ascending Index, as
// the site's towns and any part of them in their order are.
func byIndex(towns []*Town) bool {
	for i, t := range towns {
		if t.Index < 0 || i > 0 && towns[i-1].Index >= t.Index {
			return false
		}
	}
	return true
}

// indexBound is one more than the largest Index of towns listed by
// ascending Index.
func indexBound(towns []*Town) int {
	if len(towns) == 0 {
		return 0
	}
	return towns[len(towns)-1].Index + 1
}

// place records that t is at Towns[i].
func (r *Ranking) place(t *Town, i int) {
	if r.pos != nil {
		r.pos[t] = i
	} else {
		r.rankOf[t.Index] = r.ranks[i]
	}
}

// Position is a town's 0-based place in the ranking, or -1 without a value.
func (r *Ranking) Position(t *Town) int {
	if t == nil {
		return -1
	}
	if r.rankOf == nil {
		if i, ok := r.pos[t]; ok {
			return i
		}
		return -1
	}
	if t.Index < 0 || t.Index >= len(r.rankOf) || r.rankOf[t.Index] == 0 {
		return -1
	}
	// The towns of rank rk start at place rk-1 and follow one another by
	// Index: the first place from there that holds a worse rank or an
	// Index not below t's holds t, if t was ranked.
	rk := r.rankOf[t.Index]
	lo := int(rk) - 1
	if r.Towns[lo] == t {
		return lo // no tie before it: most towns
	}
	i := lo + sort.Search(len(r.Towns)-lo, func(k int) bool {
		return r.ranks[lo+k] != rk || r.Towns[lo+k].Index >= t.Index
	})
	if i < len(r.Towns) && r.Towns[i] == t {
		return i
	}
	return -1 // another town with t's Index: t was not ranked
}

// Rank is a town's rank from 1, counting towns with a strictly better
// value, so that equal values share a rank; 0 without a value.
func (r *Ranking) Rank(t *Town) int {
	if i := r.Position(t); i >= 0 {
		return int(r.ranks[i])
	}
	return 0
}

// RankAt is the rank of Towns[i].
func (r *Ranking) RankAt(i int) int { return int(r.ranks[i]) }

// Within calls do for each town of the ranking that keep keeps, best
// first, with its rank among the kept towns alone: what Rank of those
// towns gives, without sorting them again, when they are listed in the
// same order as the towns ranked (a tier's members are, in Site.Towns):
// ties keep that order in both. The indicator scripts rank every year in
// every tier; each such Rank sorted a tier of a national site anew.
func (r *Ranking) Within(keep func(*Town) bool, do func(t *Town, rank int)) {
	n, prevFull, prevRank := 0, int32(0), 0
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

// Among is the ranking of towns alone, as RankBy of towns by the same
// values gives it, cut from r rather than sorted again when r ranks a
// site's towns and towns are some of them in the site's order (a tier's
// members, that year's or today's). Other towns are ranked afresh.
func (r *Ranking) Among(towns []*Town) *Ranking {
	if !r.holds(towns) {
		return RankBy(towns, r.of, r.higherFirst)
	}
	if len(towns) == len(r.from) {
		return r // all of them
	}
	kept := make([]bool, len(r.from))
	for _, t := range towns {
		kept[t.Index] = true
	}
	sub := &Ranking{of: r.of, higherFirst: r.higherFirst, rankOf: make([]int32, indexBound(towns))}
	r.Within(func(t *Town) bool { return kept[t.Index] }, func(t *Town, rank int) {
		sub.Towns = append(sub.Towns, t)
		sub.ranks = append(sub.ranks, int32(rank))
		sub.rankOf[t.Index] = int32(rank)
	})
	sub.Missing = len(towns) - len(sub.Towns)
	// Summed in the towns' order, as they lie in memory, rather than
	// the ranking's: an exact sum is the same in any order.
	var total num.Sum
	for _, t := range towns {
		if v := r.of(t); v.Valid() {
			total.Add(v.Dec)
		}
	}
	sub.Total = V(total.Dec())
	return sub
}

// holds says whether towns are some of the site's towns r ranks, listed
// in the site's order: what Among can cut from r.
func (r *Ranking) holds(towns []*Town) bool {
	if r.from == nil {
		return false
	}
	prev := -1
	for _, t := range towns {
		if t.Index <= prev || t.Index >= len(r.from) || r.from[t.Index] != t {
			return false
		}
		prev = t.Index
	}
	return true
}

// Ranked is the ranking of all the site's towns by ind in year index yi.
// The towns are sorted once a build: the indicator pages, the indicator
// scripts, the rank histories, the reports and their workbooks all rank
// the same towns by the same figures, and at national scale each sort
// is of 40,000 towns. Only each town's rank is kept (four bytes a town,
// RankYears' own), for every indicator and year; the ranking is laid
// out again from the ranks in one pass over the towns, so that keeping
// them all costs a quarter of keeping the rankings, which would take a
// national build past its 2 GiB. The first caller sorts, as pages and
// downloads are made on several cores at once; every caller gets the
// same ranking.
func (s *Site) Ranked(ind *Indicator, yi int) *Ranking {
	if !s.ranks.memoised(s, ind) || yi < 0 || yi >= len(s.ranks.ranked[ind.Index]) {
		return Rank(s.Towns, ind, yi)
	}
	c := &s.ranks.ranked[ind.Index][yi]
	var sorted *Ranking
	c.once.Do(func() {
		sorted = Rank(s.Towns, ind, yi)
		c.rankOf, c.ranked, c.total = sorted.rankOf, len(sorted.Towns), sorted.Total
	})
	if sorted != nil {
		return sorted
	}
	if c.rankOf == nil {
		return Rank(s.Towns, ind, yi) // towns not listed by Index (a site made by hand)
	}
	return c.layOut(s.Towns, ind, yi)
}

// siteRanks are one sorted ranking of a site's towns as Ranked keeps it.
type siteRanks struct {
	once   sync.Once
	rankOf []int32 // by Town.Index, as Ranking.rankOf; nil when the site's towns are not listed by Index
	ranked int     // towns with a value
	total  Value
}

// layOut is the ranking c keeps: a town of rank r is at place r-1 or,
// tied with towns before it, after those of them listed before it.
func (c *siteRanks) layOut(towns []*Town, ind *Indicator, yi int) *Ranking {
	r := &Ranking{Towns: make([]*Town, c.ranked), ranks: make([]int32, c.ranked), rankOf: c.rankOf,
		Missing: len(towns) - c.ranked, Total: c.total, from: towns}
	r.of, r.higherFirst = rankedBy(ind, yi), ind.Better()
	placed := make([]int32, c.ranked+1) // [rank]: towns of that rank placed
	for i, rk := range c.rankOf {
		if rk == 0 {
			continue
		}
		at := rk - 1 + placed[rk]
		placed[rk]++
		r.Towns[at], r.ranks[at] = towns[i], rk
	}
	return r
}

// rankMemo holds the site's rankings (Ranked) and rank histories
// (RankYears), by Indicator.Index and year index, each made once.
type rankMemo struct {
	ranked [][]siteRanks   // [indicator][year]
	years  []onceYearRanks // [indicator]
}

type onceYearRanks struct {
	once sync.Once
	yr   *YearRanks
}

func newRankMemo(s *Site) *rankMemo {
	m := &rankMemo{ranked: make([][]siteRanks, len(s.Indicators)), years: make([]onceYearRanks, len(s.Indicators))}
	for i := range m.ranked {
		m.ranked[i] = make([]siteRanks, len(s.Years))
	}
	return m
}

// memoised says whether m keeps ind's rankings: a site made by New, and
// one of its own indicators.
func (m *rankMemo) memoised(s *Site, ind *Indicator) bool {
	return m != nil && ind.Index < len(m.ranked) && s.Indicators[ind.Index] == ind
}

// YearRanks are every town's ranks by one indicator in every year, over
// all towns and within its tier, as the indicator scripts give them
// (search.YearValues): a town's rank history and the rank-over-time
// charts read them. They are kept by town index, not as rankings, so
// that a national site's ten years of 40,000 towns cost 3 MB an
// indicator rather than a map per year. Read only: Site[yi] is the
// site's ranking's own (Site.Ranked).
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

// RankYears ranks every town by ind in every year, once per site (as
// Ranked): the indicator scripts, the indicator page's chart and every
// town page's rank history read the same ranks.
func (s *Site) RankYears(ind *Indicator) *YearRanks {
	if !s.ranks.memoised(s, ind) {
		return s.rankYears(ind)
	}
	c := &s.ranks.years[ind.Index]
	c.once.Do(func() { c.yr = s.rankYears(ind) })
	return c.yr
}

func (s *Site) rankYears(ind *Indicator) *YearRanks {
	n := len(s.Towns)
	yr := &YearRanks{}
	for yi, y := range s.Years {
		r := s.Ranked(ind, yi)
		site := r.rankOf // by Index, as the site's towns are listed
		if len(site) != n {
			site = make([]int32, n)
			for k, t := range r.Towns {
				site[t.Index] = r.ranks[k]
			}
		}
		// A tier's ranks are those of its members that year, cut from
		// the site's ranking: its members are listed in the site's order.
		tier := make([]int32, n)
		of := make([]int, len(s.Tiers))
		for ti, tr := range s.Tiers {
			r.Within(func(t *Town) bool { return t.Tier == tr && s.Member(t, y) }, func(t *Town, rank int) {
				tier[t.Index] = int32(rank)
				of[ti]++
			})
		}
		yr.Site, yr.Tier = append(yr.Site, site), append(yr.Tier, tier)
		yr.SiteOf, yr.TierOf = append(yr.SiteOf, len(r.Towns)), append(yr.TierOf, of)
	}
	return yr
}
