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
// and the year before. A rate that cannot be computed is not checked, nor
// one at comparable prices (growth_basis = "comparable"), which the
// levels at current prices do not give.
func (s *Site) checkStatedGrowth(rows []valueRow, problems *diag.List) {
	for _, r := range rows {
		yi := s.YearIndex(r.year)
		if yi < 1 {
			continue
		}
		for _, ind := range s.Indicators {
			series := r.town.Values[ind.ID]
			if stated, ok := r.rec.GrowthOf(ind.Index); ok && stated.Valid && !ind.Comparable() {
				computed := series.Growth(yi)
				if computed.Valid() && num.Sub(stated.D, computed.Dec).Abs().Cmp(growthTolerance) > 0 {
					problems.Warn(stated.Loc.Diag(), diag.M("%s growth of %s: %s%% is typed, but %s went from %s to %s %s (%d to %d), a growth of %s%% (expected within %s points of the growth computed from the levels; check both cells)",
						"%[2]s%[1]s增速：填的是 %[3]s%%，但%[4]s从 %[5]s %[7]s变为 %[6]s %[7]s（%[8]d 年至 %[9]d 年），增长 %[10]s%%（应与按绝对值计算的增速相差不超过 %[11]s 个百分点；请核对两处）"),
						ind.Name, r.town.Name, stated.D, ind.Name,
						series[yi-1].Dec, series[yi].Dec, ind.Unit, r.year-1, r.year,
						computed.Fixed(GrowthDecimals, s.Rule), growthTolerance)
				}
			}
			// A change in percentage points typed beside a rate (增减（百分点）).
			if stated, ok := r.rec.PointsOf(ind.Index); ok && stated.Valid {
				change := series.Change(yi)
				if change.Valid() && num.Sub(stated.D, change.Dec).Abs().Cmp(growthTolerance) > 0 {
					problems.Warn(stated.Loc.Diag(), diag.M("%s change of %s: %s points is typed, but %s went from %s to %s (%d to %d), a change of %s points (expected within %s points; check both cells)",
						"%[2]s%[1]s增减：填的是 %[3]s 个百分点，但%[4]s从 %[5]s 变为 %[6]s（%[7]d 年至 %[8]d 年），增减 %[9]s 个百分点（相差应不超过 %[10]s 个百分点；请核对两处）"),
						ind.Name, r.town.Name, stated.D, ind.Name,
						series[yi-1].Dec, series[yi].Dec, r.year-1, r.year,
						change.Dec, growthTolerance)
				}
			}
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
			problems.Warn(t.Loc, diag.M("%s has no data for %d, the latest year in the workbooks (expected a row with its numbers for %d; write — in a cell that has no data)",
				"%s没有 %d 年（工作簿中最新的年份）的数据（应有一行 %d 年的数字；无数据的单元格请填 —）"),
				t.Name, s.LatestYear(), s.LatestYear())
		}
	}
}

// maxDecimals is the most places config allows an indicator.
const maxDecimals = 6

// checkDecimals warns, once an indicator, when its decimals round typed
// figures by more than a fifth of them: at one place 0.05 亿元 is shown
// 0.1 and 0.15 is shown 0.2, so a town's table reads 0.2, 0.1 (-66.7%),
// 0.1 (+100.0%), two equal figures a hundred percent apart, and a chart
// labels its bar of 0.05 as the bar of 0.1 beside it. The warning names
// the cell of the figure rounding moves most, and the places that would
// show every such figure within a fifth.
func (s *Site) checkDecimals(rows []valueRow, problems *diag.List) {
	for _, ind := range s.Indicators {
		// Rounding to p places moves a figure by at most half of 10^-p, a
		// fifth of 2.5×10^-p: only figures below that are looked at (as
		// typed, before display_factor shifts them, which is cheaper than
		// looking each up in its town's series).
		below := num.New(25, -(ind.Decimals+1)-ind.shift)
		var (
			n     int
			worst num.Dec // the largest part of a figure rounding moves it by
			first valueRow
			shown Value
			need  = ind.Decimals
		)
		for _, r := range rows {
			typed, ok := r.rec.Value(ind.Index)
			if !ok || !typed.Valid || typed.D.IsZero() || typed.D.Abs().Cmp(below) >= 0 {
				continue
			}
			v := r.town.Values[ind.ID].At(s.YearIndex(r.year)) // in the unit shown
			if !v.Valid() || v.Dec.IsZero() {
				continue
			}
			part := roundingPart(v.Dec, ind.Decimals, s.Rule)
			if part.Cmp(distortion) <= 0 {
				continue
			}
			n++
			if n == 1 || part.Cmp(worst) > 0 {
				worst, first, shown = part, r, v
			}
			for need < maxDecimals && roundingPart(v.Dec, need, s.Rule).Cmp(distortion) > 0 {
				need++
			}
		}
		if n == 0 {
			continue
		}
		typed, _ := first.rec.Value(ind.Index)
		problems.Warn(typed.Loc.Diag(), diag.M("%[1]s is rounded to decimals = %[2]d, which moves %[3]d of its figures by more than a fifth: %[4]s's %[5]d figure %[6]s %[7]s is shown %[8]s (expected decimals = %[10]d for %[1]s in %[9]s, or its figures in a smaller unit)",
			"%[1]s保留 %[2]d 位小数（decimals = %[2]d），有 %[3]d 个数字因此变动超过五分之一：%[4]s %[5]d 年的 %[6]s %[7]s显示为 %[8]s（建议在 %[9]s 中把%[1]s的 decimals 改为 %[10]d，或改用更小的单位）"),
			ind.Name, ind.Decimals, n, first.town.Name, first.year,
			shown.Dec, ind.Unit, shown.Dec.Fixed(ind.Decimals, s.Rule), cfgName(s.Config.File), need)
	}
}

// distortion is the part of a figure rounding may move it by before
// checkDecimals warns.
var distortion = num.New(2, -1)

// roundingPart is how far rounding d (not zero) to places moves it, as a
// part of d.
func roundingPart(d num.Dec, places int, rule num.Rule) num.Dec {
	part, _ := num.Quo(num.Sub(d.Round(places, rule), d).Abs(), d.Abs(), 1)
	return part
}
