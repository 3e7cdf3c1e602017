package model

import (
	"slices"
	"testing"
)

// The memoised figures are the ones Total, Reporting and MatchedGrowth make
// walking the towns each time, to the last bit, for every scope, indicator
// and year (and a year index outside the data), asked twice.
func TestScopeFigureMemoMatchesWalks(t *testing.T) {
	site, problems := New(loadConfig(t), sampleData())
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	scopes := [][]*Tier{site.Tiers}
	for _, tier := range site.Tiers {
		scopes = append(scopes, []*Tier{tier})
	}
	for range 2 {
		for _, sc := range scopes {
			for _, ind := range site.Indicators {
				total := site.Total(ind.ID, sc)
				for i := -1; i <= len(site.Years); i++ {
					want := Figure{
						Value: total.At(i), Previous: total.At(i - 1), Change: total.Change(i),
						Growth:    site.MatchedGrowth(ind.ID, sc, i),
						Reporting: site.Reporting(ind.ID, sc, i),
					}
					for _, tier := range sc {
						want.Of += len(tier.Towns)
					}
					if got := site.ScopeFigure(ind.ID, sc, i); got != want {
						t.Errorf("%s, %d tiers, year index %d: got %+v, want %+v", ind.ID, len(sc), i, got, want)
					}
					bare := &Site{Years: site.Years, Tiers: site.Tiers, Towns: site.Towns, Indicators: site.Indicators}
					if got := bare.ScopeFigure(ind.ID, sc, i); got != want {
						t.Errorf("without memo: %s, %d tiers, year index %d: got %+v, want %+v", ind.ID, len(sc), i, got, want)
					}
				}
			}
		}
	}
}

// Leading ranks largest first, ties in the towns' order, towns without a
// value last (in their order), and stops at n.
func TestLeading(t *testing.T) {
	town := func(id string, v float64, valid bool) *Town {
		return &Town{ID: id, Values: map[string]Series{"x": {{}, {V: v, Valid: valid}}}}
	}
	towns := []*Town{
		town("a", 5, true), town("gap1", 0, false), town("b", 9, true), town("c", 5, true),
		town("gap2", 0, false), town("d", -1, true), town("e", 9, true),
	}
	ids := func(ts []*Town) (out []string) {
		for _, t := range ts {
			out = append(out, t.ID)
		}
		return out
	}
	if got, want := ids(Leading(towns, "x", 1, 100)), []string{"b", "e", "a", "c", "d", "gap1", "gap2"}; !slices.Equal(got, want) {
		t.Errorf("Leading = %v, want %v", got, want)
	}
	if got, want := ids(Leading(towns, "x", 1, 3)), []string{"b", "e", "a"}; !slices.Equal(got, want) {
		t.Errorf("Leading n=3 = %v, want %v", got, want)
	}
	if towns[0].ID != "a" {
		t.Errorf("Leading reordered its argument")
	}
}
