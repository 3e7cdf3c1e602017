package model

import (
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/num"
)

// growthTolerance is how far, in percentage points, a growth rate typed in
// a sheet may be from the one computed from the levels: typed rates are
// rounded to one decimal, and some offices compute them from unrounded
// levels.
var growthTolerance = num.New(5, -1)

// checkStatedGrowth compares every growth rate typed beside the levels
// (工业产值增速（%）) with the growth computed from the levels of that year
// and the year before. A rate that cannot be computed is not checked.
func (s *Site) checkStatedGrowth(rows []valueRow, problems *diag.List) {
	for _, r := range rows {
		yi := s.YearIndex(r.year)
		if yi < 1 {
			continue
		}
		for _, ind := range s.Indicators {
			stated, ok := r.rec.GrowthOf(ind.Index)
			if !ok || !stated.Valid {
				continue
			}
			series := r.town.Values[ind.ID]
			computed := series.Growth(yi)
			if !computed.Valid() || num.Sub(stated.D, computed.Dec).Abs().Cmp(growthTolerance) <= 0 {
				continue
			}
			problems.Warnf(stated.Loc.Diag(), "%s growth of %s: %s%% is typed, but %s went from %s to %s %s (%d to %d), a growth of %s%% (expected within %s points of the growth computed from the levels; check both cells)",
				ind.Name, r.town.Name, stated.D, ind.Name,
				series[yi-1].Dec, series[yi].Dec, ind.Unit, r.year-1, r.year,
				computed.Fixed(GrowthDecimals, s.Rule), growthTolerance)
		}
	}
}

// checkLatestYear warns about towns with no number at all in the latest
// year: a row left out of the newest sheet is easy to miss, and the town's
// page would then show last year's figures as its newest.
func (s *Site) checkLatestYear(problems *diag.List) {
	if len(s.Years) < 2 {
		return
	}
	latest := len(s.Years) - 1
	for _, t := range s.Towns {
		has := false
		for _, series := range t.Values {
			if series.At(latest).Valid() {
				has = true
				break
			}
		}
		if !has {
			problems.Warnf(t.Loc, "%s has no data for %d, the latest year in the workbooks (expected a row with its numbers for %d; write — in a cell that has no data)",
				t.Name, s.LatestYear(), s.LatestYear())
		}
	}
}
