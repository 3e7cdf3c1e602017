package model

import (
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
