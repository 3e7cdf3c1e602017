package model

func (s *Site) evaluateTargets() {
	tierByID := map[string]*Tier{}
	for _, t := range s.Tiers {
		tierByID[t.ID] = t
	}
	indByID := map[string]*Indicator{}
	for _, ind := range s.Indicators {
		indByID[ind.ID] = ind
	}
	for _, ct := range s.Config.Targets {
		r := &TargetResult{Target: ct, Indicator: indByID[ct.Indicator]}
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
	case "total":
		r.Actual = s.Total(r.Indicator.ID, r.Scope).At(yi)
	case "growth":
		r.Actual = s.MatchedGrowth(r.Indicator.ID, r.Scope, yi)
	case "new_towns":
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
		r.Actual = Value{V: float64(n), Valid: known}
	case "each":
		missing, met := 0, 0
		for _, tier := range r.Scope {
			for _, t := range tier.Towns {
				v := t.Values[r.Indicator.ID].At(yi)
				check := TownCheck{Town: t, Actual: v, Met: v.Valid && compare(v.V, r.Compare, r.Value)}
				r.Towns = append(r.Towns, check)
				r.Of++
				if !v.Valid {
					missing++
				} else if check.Met {
					met++
				}
			}
		}
		r.Actual = Value{V: float64(met), Valid: r.Of > 0}
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
	case !r.Actual.Valid:
		r.Status = NoData
	case compare(r.Actual.V, r.Compare, r.Value):
		r.Status = Met
	default:
		r.Status = NotMet
	}
}

// compare applies a target's comparison. Equality allows for the rounding
// of numbers typed with a few decimals.
func compare(actual float64, op string, want float64) bool {
	const eps = 1e-9
	switch op {
	case ">":
		return actual > want+eps
	case "<=":
		return actual <= want+eps
	case "<":
		return actual < want-eps
	case "=":
		return actual >= want-eps && actual <= want+eps
	default:
		return actual >= want-eps
	}
}
