package model

import (
	"strconv"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/num"
)

// Status is the state of a target.
type Status string

const (
	Met    Status = "met"
	NotMet Status = "not-met"
	NoData Status = "no-data"
)

// TargetResult is a target of the action plan and how it stands.
type TargetResult struct {
	config.Target
	Indicator *Indicator // nil for measure "new_towns"
	Scope     []*Tier    // the tiers it applies to
	Goal      num.Dec    // the target's value, as the config writes it
	// Actual is the measured value: the scope's total, its growth, the
	// number of towns recognised, or for "each" the number of towns that
	// meet the goal.
	Actual Value
	// Figure is the scope's figure the target reads (measures "total" and
	// "growth"): its coverage says how many towns Actual rests on.
	Figure Figure
	// Missing are the members without the figures Actual needs: for
	// "growth", a figure in either year.
	Missing []*Town
	Of      int // for "each": the number of towns in scope
	Status  Status
	Towns   []TownCheck // for "each": every town's value and whether it meets the target

	rule num.Rule // the site's, for Decimals
}

// TownCheck is one town's standing against an "each" target.
type TownCheck struct {
	Town   *Town
	Actual Value
	Met    bool
}

// Decimals is how many places the target's goal and actual are written
// with: the measure's own (a growth to one place, a level with its
// indicator's, a count of towns with none), the goal's if it has more
// (an "each" target of 2.5 platforms), and more while fewer would round
// the actual onto the wrong side of the goal or onto it (29.96 against 30
// is shown 29.96, not 30.0), up to six.
func (t *TargetResult) Decimals() int {
	d := 0
	switch {
	case t.Measure == config.Growth:
		d = GrowthDecimals
	case t.Measure != config.NewTowns && t.Indicator != nil:
		d = t.Indicator.Decimals
	}
	d = max(d, num.Places(t.Goal))
	if t.Measure == config.Each || !t.Actual.Valid() {
		return d
	}
	for ; d < 6; d++ {
		shown := t.Actual.Round(d, t.rule)
		if shown.Cmp(t.Goal) == t.Actual.Cmp(t.Goal) {
			break
		}
	}
	return d
}

// Gap is Actual minus the goal, missing without data and for "each".
func (t *TargetResult) Gap() Value {
	if !t.Actual.Valid() || t.Measure == config.Each {
		return Value{}
	}
	return V(num.Sub(t.Actual.Dec, t.Goal))
}

// AppliesTo reports whether the target's scope includes tier.
func (t *TargetResult) AppliesTo(tier *Tier) bool {
	for _, s := range t.Scope {
		if s == tier {
			return true
		}
	}
	return false
}

// goalOf is a target's value as the decimal the config typed: a TOML float
// holds the nearest binary fraction, whose shortest form is what was typed.
func goalOf(v float64) num.Dec {
	d, err := num.Parse(strconv.FormatFloat(v, 'g', -1, 64))
	if err != nil {
		return num.Dec{}
	}
	return d
}

func (s *Site) evaluateTargets() {
	tierByID := map[string]*Tier{}
	for _, t := range s.Tiers {
		tierByID[t.ID] = t
	}
	for _, ct := range s.Config.Targets {
		r := &TargetResult{Target: ct, Indicator: s.Indicator(ct.Indicator), Goal: goalOf(ct.Value), rule: s.Rule}
		for _, id := range ct.Scope {
			r.Scope = append(r.Scope, tierByID[id])
		}
		if len(r.Scope) == 0 {
			r.Scope = s.Tiers
		}
		s.evaluate(r)
		s.Targets = append(s.Targets, r)
	}
}

func (s *Site) evaluate(r *TargetResult) {
	yi := s.YearIndex(r.Year)
	switch r.Measure {
	case config.Total:
		r.Figure = s.ScopeFigure(r.Indicator, r.Scope, yi)
		r.Actual = r.Figure.Value
		r.Missing = s.Missing(r.Indicator, r.Scope, yi)
	case config.Growth:
		r.Figure = s.ScopeFigure(r.Indicator, r.Scope, yi)
		r.Actual = r.Figure.Delta.Value
		r.Missing = s.Missing(r.Indicator, r.Scope, yi)
		if yi > 0 {
			for _, t := range s.Missing(r.Indicator, r.Scope, yi-1) {
				if !containsTown(r.Missing, t) && s.Member(t, r.Year) {
					r.Missing = append(r.Missing, t)
				}
			}
		}
	case config.NewTowns:
		n, known := 0, false
		for _, tier := range r.Scope {
			for _, t := range tier.Towns {
				known = known || t.Recognised > 0
				if t.Recognised == r.Year {
					n++
				}
			}
		}
		// Without any year recognised in the towns sheet, "0 new towns"
		// would be a guess.
		if known {
			r.Actual = V(num.Int(int64(n)))
		}
	case config.Each:
		missing, met := 0, 0
		for _, tier := range r.Scope {
			for _, t := range tier.Towns {
				v := t.Values[r.Indicator.ID].At(yi)
				check := TownCheck{Town: t, Actual: v, Met: v.Valid() && compare(v.Dec, r.Compare, r.Goal)}
				r.Towns = append(r.Towns, check)
				r.Of++
				if !v.Valid() {
					missing++
					r.Missing = append(r.Missing, t)
				} else if check.Met {
					met++
				}
			}
		}
		if r.Of > 0 {
			r.Actual = V(num.Int(int64(met)))
		}
		switch {
		case r.Of == 0 || (missing > 0 && met+missing == r.Of):
			r.Status = NoData
		case met == r.Of:
			r.Status = Met
		default:
			r.Status = NotMet
		}
		return
	}
	switch {
	case !r.Actual.Valid():
		r.Status = NoData
	case compare(r.Actual.Dec, r.Compare, r.Goal):
		r.Status = Met
	default:
		r.Status = NotMet
	}
}

func containsTown(ts []*Town, t *Town) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// compare applies a target's comparison, exactly: 29.96 is below 30.
func compare(actual num.Dec, op string, goal num.Dec) bool {
	c := actual.Cmp(goal)
	switch op {
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	case "<":
		return c < 0
	case "=":
		return c == 0
	default:
		return c >= 0
	}
}
