package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/source"
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

// rankedConfig is a site of three tiers and two indicators, one where
// lower is better, for the generated site of tiedSite.
const rankedConfig = `
[site]
title = "测试"
first_year = 2000
last_year = 2050
[[tiers]]
id = "provincial"
name = "省级"
[[tiers]]
id = "municipal"
name = "市级"
[[tiers]]
id = "county"
name = "县级"
[[indicators]]
id = "output"
name = "工业产值"
unit = "亿元"
decimals = 1
sum = true
[[indicators]]
id = "energy"
name = "单位能耗"
unit = "吨标准煤/万元"
decimals = 2
higher_is_better = false
`

// tiedSite generates a site of n towns over five years whose figures
// come from a handful of values, so that most towns tie with others, a
// fifth of them are blank, and some towns are recognised late (members
// of their tier only from then). Towns are listed tier by tier in the
// sheet so that the site's order differs from the sheet's.
func tiedSite(t testing.TB, n int, seed uint64) *Site {
	t.Helper()
	cfg, problems, err := config.Parse("config.toml", []byte(rankedConfig))
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v", err, problems)
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	tiers := []string{"县级", "省级", "市级"}
	figures := []float64{0, 1, 1.5, 2, 2, 7.25, 10, 100}
	data := &source.Data{}
	row := 1
	for i := range n {
		row++
		id := fmt.Sprintf("t%d", i)
		data.Towns = append(data.Towns, town(strconv.Itoa(row), id, "镇"+id, tiers[rng.IntN(len(tiers))], float64(2020+rng.IntN(4))*float64(rng.IntN(2))))
	}
	row = 1
	for i := range n {
		for year := 2020; year <= 2024; year++ {
			row++
			pick := func() *float64 {
				if rng.IntN(5) == 0 {
					return nil // blank: missing, not zero
				}
				return f(figures[rng.IntN(len(figures))])
			}
			data.Values = append(data.Values, values(strconv.Itoa(row), fmt.Sprintf("t%d", i), float64(year), pick(), pick()))
		}
	}
	site, problems := New(cfg, data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	return site
}

// sameRanking says how got differs from want, as every output reads a
// ranking: its towns in order, their ranks, the towns missing, the total,
// and each town's place and rank looked up.
func sameRanking(got, want *Ranking, towns []*Town) error {
	if len(got.Towns) != len(want.Towns) || got.Missing != want.Missing || got.Total.String() != want.Total.String() {
		return fmt.Errorf("%d towns, %d missing, total %s; want %d, %d, %s", len(got.Towns), got.Missing, got.Total, len(want.Towns), want.Missing, want.Total)
	}
	for i := range want.Towns {
		if got.Towns[i] != want.Towns[i] || got.RankAt(i) != want.RankAt(i) {
			return fmt.Errorf("place %d: %s rank %d; want %s rank %d", i, got.Towns[i].ID, got.RankAt(i), want.Towns[i].ID, want.RankAt(i))
		}
	}
	for _, tw := range towns {
		if got.Position(tw) != want.Position(tw) || got.Rank(tw) != want.Rank(tw) {
			return fmt.Errorf("%s at %d rank %d; want %d rank %d", tw.ID, got.Position(tw), got.Rank(tw), want.Position(tw), want.Rank(tw))
		}
	}
	return nil
}

// The rankings the site keeps, and those cut from them, are what ranking
// the same towns afresh gives, for every indicator and year, with ties
// and blanks: over all towns, within each tier's members of that year
// and of today, and as every year's ranks (RankYears) the scripts and
// rank charts read.
func TestRankedIsRank(t *testing.T) {
	site := tiedSite(t, 600, 15)
	ties := 0
	for _, ind := range site.Indicators {
		var sorted []*Ranking // the first asked for, sorted; then laid out from the ranks kept
		for yi := range site.Years {
			sorted = append(sorted, site.Ranked(ind, yi))
		}
		yr := site.RankYears(ind)
		for yi, y := range site.Years {
			got, want := site.Ranked(ind, yi), Rank(site.Towns, ind, yi)
			if err := sameRanking(sorted[yi], want, site.Towns); err != nil {
				t.Errorf("%s %d over all towns, sorted: %v", ind.ID, y, err)
			}
			if err := sameRanking(got, want, site.Towns); err != nil {
				t.Errorf("%s %d over all towns, laid out: %v", ind.ID, y, err)
			}
			if want.Missing == 0 || len(want.Towns) < 2 {
				t.Fatalf("%s %d: the generated site should have blanks and figures", ind.ID, y)
			}
			for i := 1; i < len(want.Towns); i++ {
				if want.RankAt(i) == want.RankAt(i-1) {
					ties++
				}
			}
			for _, tier := range site.Tiers {
				members := site.MembersIn(tier, y)
				wantTier := Rank(members, ind, yi)
				if err := sameRanking(got.Among(members), wantTier, site.Towns); err != nil {
					t.Errorf("%s %d among the %s members: %v", ind.ID, y, tier.ID, err)
				}
				if err := sameRanking(got.Among(tier.Towns), Rank(tier.Towns, ind, yi), site.Towns); err != nil {
					t.Errorf("%s %d among today's %s members: %v", ind.ID, y, tier.ID, err)
				}
				if yr.TierOf[yi][tier.Index] != len(wantTier.Towns) {
					t.Errorf("%s %d: %d %s members ranked; want %d", ind.ID, y, yr.TierOf[yi][tier.Index], tier.ID, len(wantTier.Towns))
				}
				for _, tw := range members {
					if got := int(yr.Tier[yi][tw.Index]); got != wantTier.Rank(tw) {
						t.Errorf("%s %d: %s's rank in %s %d; want %d", ind.ID, y, tw.ID, tier.ID, got, wantTier.Rank(tw))
					}
				}
			}
			if yr.SiteOf[yi] != len(want.Towns) {
				t.Errorf("%s %d: %d towns ranked; want %d", ind.ID, y, yr.SiteOf[yi], len(want.Towns))
			}
			for _, tw := range site.Towns {
				if got := int(yr.Site[yi][tw.Index]); got != want.Rank(tw) {
					t.Errorf("%s %d: %s's rank %d; want %d", ind.ID, y, tw.ID, got, want.Rank(tw))
				}
				if !site.Member(tw, y) && yr.Tier[yi][tw.Index] != 0 {
					t.Errorf("%s %d: %s ranked in its tier before it was a member", ind.ID, y, tw.ID)
				}
			}
		}
	}
	if ties < 100 {
		t.Errorf("only %d ties: the generated site should tie often", ties)
	}
}

// Towns that are not some of the site's in its order (another order, a
// town twice, a town of another site) are ranked afresh by Among, and a
// town of another site is in no place of the site's ranking.
func TestAmongOtherTowns(t *testing.T) {
	site := tiedSite(t, 60, 7)
	other := tiedSite(t, 60, 8)
	ind := site.Indicators[0]
	r := site.Ranked(ind, 0)
	reversed := slices.Clone(site.Towns)
	slices.Reverse(reversed)
	for name, towns := range map[string][]*Town{
		"reversed":   reversed,
		"twice":      {site.Towns[3], site.Towns[3]},
		"other site": other.Towns[:20],
		"mixed":      {site.Towns[0], other.Towns[1], site.Towns[2]},
	} {
		if err := sameRanking(r.Among(towns), Rank(towns, ind, 0), towns); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, tw := range other.Towns {
		if r.Position(tw) != -1 || r.Rank(tw) != 0 {
			t.Errorf("%s of another site at %d, rank %d", tw.ID, r.Position(tw), r.Rank(tw))
		}
	}
	if r.Among(site.Towns) != r {
		t.Error("the site's towns are cut again from their own ranking")
	}
}

// Pages and downloads ask for the same rankings on several cores at once;
// each is sorted once and all get it (go test -race checks the memo).
func TestRankedConcurrently(t *testing.T) {
	site := tiedSite(t, 200, 3)
	got := make([][]*Ranking, 8)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			for _, ind := range site.Indicators {
				site.RankYears(ind)
				for yi := range site.Years {
					got[g] = append(got[g], site.Ranked(ind, yi))
				}
			}
		})
	}
	wg.Wait()
	for g := range got {
		k := 0
		for _, ind := range site.Indicators {
			for yi, y := range site.Years {
				if err := sameRanking(got[g][k], Rank(site.Towns, ind, yi), site.Towns); err != nil {
					t.Errorf("goroutine %d, %s %d: %v", g, ind.ID, y, err)
				}
				k++
			}
		}
	}
}

// A tier's ranking cut from the site's, against sorting the tier again,
// at 10,000 towns.
func BenchmarkAmong(b *testing.B) {
	site := tiedSite(b, 10_000, 1)
	ind, yi := site.Indicators[0], len(site.Years)-1
	tier := site.Tiers[2]
	b.Run("rank", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Rank(tier.Towns, ind, yi)
		}
	})
	b.Run("among", func(b *testing.B) {
		r := site.Ranked(ind, yi)
		b.ReportAllocs()
		for b.Loop() {
			r.Among(tier.Towns)
		}
	})
}
