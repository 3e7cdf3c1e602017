package model

import (
	"slices"
	"testing"
)

// Every year's ranks, over all towns and within a tier of that year's
// members: 电机小镇 (m1) was recognised in 2024, so it has no rank in
// its tier in 2023, though it has one among all towns.
func TestRankYears(t *testing.T) {
	site, problems := New(loadConfig(t), sampleData())
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	yr := site.RankYears(site.Indicator("output"))
	byID := func(ranks []int32) map[string]int32 {
		m := map[string]int32{}
		for _, tw := range site.Towns {
			m[tw.ID] = ranks[tw.Index]
		}
		return m
	}
	// 2023: p1 19.9, m1 10, m2 no figure.
	if got := byID(yr.Site[0]); got["p1"] != 1 || got["m1"] != 2 || got["m2"] != 0 || yr.SiteOf[0] != 2 {
		t.Errorf("2023 over all towns: %v of %d", got, yr.SiteOf[0])
	}
	if got := byID(yr.Tier[0]); got["m1"] != 0 || got["m2"] != 0 || got["p1"] != 1 {
		t.Errorf("2023 within tiers: %v (m1 was not yet a member)", got)
	}
	// 2024: p1 24, m1 12, m2 5.
	if got := byID(yr.Tier[1]); got["m1"] != 1 || got["m2"] != 2 || got["p1"] != 1 {
		t.Errorf("2024 within tiers: %v", got)
	}
	municipal := site.Tiers[1]
	if yr.TierOf[1][municipal.Index] != 2 || yr.TierOf[0][municipal.Index] != 0 {
		t.Errorf("municipal towns ranked: %v", yr.TierOf)
	}
}

// A growth ranking shares ranks between equal changes and leaves out the
// towns without one.
func TestRankGrowth(t *testing.T) {
	site, problems := New(loadConfig(t), sampleData())
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	out := site.Indicator("output")
	// 2024 growth: p1 24/19.9 = +20.6%, m1 12/10 = +20%, m2 no base.
	r := RankGrowth(site.Towns, out, 1)
	var ids []string
	for _, tw := range r.Towns {
		ids = append(ids, tw.ID)
	}
	if !slices.Equal(ids, []string{"p1", "m1"}) || r.Missing != 1 {
		t.Errorf("growth ranking %v, missing %d", ids, r.Missing)
	}
	a := &Town{ID: "a", Values: map[string]Series{"output": {V(dec("10")), V(dec("11"))}}}
	b := &Town{ID: "b", Values: map[string]Series{"output": {V(dec("20")), V(dec("22"))}}}
	c := &Town{ID: "c", Values: map[string]Series{"output": {V(dec("10")), V(dec("10.5"))}}}
	r = RankGrowth([]*Town{c, a, b}, out, 1)
	if r.Rank(a) != 1 || r.Rank(b) != 1 || r.Rank(c) != 3 {
		t.Errorf("equal growths share a rank: a %d b %d c %d", r.Rank(a), r.Rank(b), r.Rank(c))
	}
}
