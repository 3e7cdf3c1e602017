package model

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/num"
)

// The memoised figures are the ones made walking the towns each time, for
// every scope, indicator and year (and a year index outside the data),
// asked twice.
func TestScopeFigureMemoMatchesWalks(t *testing.T) {
	site, problems := New(loadConfig(t), sampleData())
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	scopes := [][]*Tier{site.Tiers}
	for _, tier := range site.Tiers {
		scopes = append(scopes, []*Tier{tier})
	}
	bare := &Site{Years: site.Years, Tiers: site.Tiers, Towns: site.Towns, Indicators: site.Indicators}
	for range 2 {
		for _, sc := range scopes {
			for _, ind := range site.Indicators {
				for i := -1; i <= len(site.Years); i++ {
					want := bare.ScopeFigure(ind, sc, i)
					if got := site.ScopeFigure(ind, sc, i); got != want {
						t.Errorf("%s, %d tiers, year index %d: got %+v, want %+v", ind.ID, len(sc), i, got, want)
					}
				}
			}
		}
	}
}

// Leading ranks largest first, ties in the towns' order, towns without a
// value last (in their order), and stops at n.
func TestLeading(t *testing.T) {
	town := func(id string, v int64, valid bool) *Town {
		val := Value{}
		if valid {
			val = V(num.Int(v))
		}
		return &Town{ID: id, Values: map[string]Series{"x": {{}, val}}}
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

// Leading's bounded selection (few of many) lists what sorting them all
// lists, ties and missing values included.
func TestLeadingSelectsAsSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 200 {
		towns := make([]*Town, 1+r.IntN(3000))
		for i := range towns {
			var v Value
			switch r.IntN(5) {
			case 0: // missing
			case 1: // a tie among few values
				v = V(num.Int(int64(r.IntN(4))))
			default:
				v = V(num.New(r.Int64N(2000000)-1000000, -r.IntN(3)))
			}
			towns[i] = &Town{ID: strconv.Itoa(i), Values: map[string]Series{"x": {v}}}
		}
		sorted := slices.Clone(towns)
		slices.SortStableFunc(sorted, func(a, b *Town) int {
			x, y := a.Values["x"][0], b.Values["x"][0]
			switch {
			case x.Valid() != y.Valid():
				if x.Valid() {
					return -1
				}
				return 1
			case x.Valid():
				return y.Cmp(x.Dec)
			}
			return 0
		})
		for _, n := range []int{0, 1, 7, 100, len(towns) / 9, len(towns), len(towns) + 3} {
			got := Leading(towns, "x", 0, n)
			want := sorted[:min(n, len(towns))]
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, %d towns, n=%d: Leading differs from sorting them all", round, len(towns), n)
			}
		}
	}
}

// Equal values share a rank, and the next rank counts the towns before
// it: exact decimals, so 0.1+0.2 ties with 0.3.
func TestRankTies(t *testing.T) {
	ind := &Indicator{}
	ind.ID = "x"
	mk := func(id string, d num.Dec) *Town { return &Town{ID: id, Values: map[string]Series{"x": {V(d)}}} }
	towns := []*Town{
		mk("a", num.Int(0)), mk("b", num.Add(num.New(1, -1), num.New(2, -1))), mk("c", num.New(3, -1)),
		mk("d", num.Int(5)), mk("e", num.Int(0)), {ID: "f", Values: map[string]Series{"x": {{}}}},
	}
	r := Rank(towns, ind, 0)
	want := map[string]int{"d": 1, "b": 2, "c": 2, "a": 4, "e": 4, "f": 0}
	for _, tw := range towns {
		if got := r.Rank(tw); got != want[tw.ID] {
			t.Errorf("rank of %s = %d, want %d", tw.ID, got, want[tw.ID])
		}
	}
	if r.Missing != 1 {
		t.Errorf("missing = %d", r.Missing)
	}
	// Ties keep the towns' order, as pages and the indicator view list them.
	var order []string
	for _, tw := range r.Towns {
		order = append(order, tw.ID)
	}
	if got := strings.Join(order, ","); got != "d,b,c,a,e" {
		t.Errorf("ranked order %s, want d,b,c,a,e", got)
	}
}

// BenchmarkLeading lists the leading hundred of a national tier, as a
// report does.
func BenchmarkLeading(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	towns := make([]*Town, 13000)
	for i := range towns {
		towns[i] = &Town{ID: strconv.Itoa(i), Values: map[string]Series{"x": {V(num.New(r.Int64N(1000000), -1))}}}
	}
	for b.Loop() {
		Leading(towns, "x", 0, 100)
	}
}
