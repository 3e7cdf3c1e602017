package render

import (
	"html/template"
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/search"
)

// targets are the action plan's targets that apply to the page: all of
// them on the home page, those whose scope includes the tier on tier and
// town pages, those of the year on a report's.
func (f *Frame) targets() []*model.TargetResult {
	var tier *model.Tier
	switch {
	case f.Tier != nil:
		tier = f.Tier
	case f.Town != nil:
		tier = f.Town.Tier
	case f.Kind == ReportPage:
		return f.Site.TargetsOf(f.ReportYear)
	default:
		return f.Site.Targets
	}
	var out []*model.TargetResult
	for _, t := range f.Site.Targets {
		if t.AppliesTo(tier) {
			out = append(out, t)
		}
	}
	return out
}

// TargetGroup is the targets of one year, with the plans they come from.
type TargetGroup struct {
	Year    int
	Targets []*model.TargetResult
	Sources []string

	// Made for the targets partial, in the page's language.
	Caption string      // the year and the plans: "2024年 · 行动方案"
	Rows    []TargetRow // one per target
}

// TargetRow is a target as the targets table shows it.
type TargetRow struct {
	Text, Scope, Goal, Actual, Gap string
	// Coverage is how many towns of the scope the actual rests on, "7/8个镇
	// 报送", and Missing names those without the figures it needs; "" when
	// every town has them, or the target counts towns recognised.
	Coverage, Missing string
	// ActualMark is the actual's marks (a total of provisional figures
	// is provisional), as the page writes them after a figure.
	ActualMark template.HTML
	// Basis says what a growth target's actual is: the office's growth
	// (at comparable prices, 按可比价计算), or computed from the towns'
	// levels; "" for other targets.
	Basis      string
	Status     model.Status // the class: met, on_track, …
	StatusText string
	HTML       template.HTML // the table row the default targets partial shows
}

// targetGroups splits targets by year, the latest first, so each
// table's heading names the year all its targets belong to.
func (f *Frame) targetGroups(targets []*model.TargetResult) []TargetGroup {
	var groups []TargetGroup
	at := map[int]int{}
	for _, t := range targets {
		i, ok := at[t.Year]
		if !ok {
			i = len(groups)
			at[t.Year] = i
			groups = append(groups, TargetGroup{Year: t.Year})
		}
		g := &groups[i]
		g.Targets = append(g.Targets, t)
		if src := f.Pick(t.Source, t.SourceEn); src != "" && !slices.Contains(g.Sources, src) {
			g.Sources = append(g.Sources, src)
		}
	}
	slices.SortStableFunc(groups, func(a, b TargetGroup) int { return b.Year - a.Year })
	labels := [5]string{f.T("scope"), f.T("target_value"), f.T("actual"), f.T("gap"), f.T("status")}
	for i := range groups {
		g := &groups[i]
		g.Caption = strings.Join(append([]string{f.Year(g.Year)}, g.Sources...), " · ")
		g.Rows = make([]TargetRow, len(g.Targets))
		for k, t := range g.Targets {
			g.Rows[k] = TargetRow{Text: f.TargetText(t), Scope: f.TargetScope(t), Goal: f.TargetGoal(t),
				Actual: f.TargetActual(t), Gap: f.TargetGap(t), Coverage: f.TargetCoverage(t), Missing: f.TargetMissing(t),
				Status: t.Status, StatusText: f.StatusText(t.Status)}
			if t.Measure == config.Total || t.Measure == config.Growth {
				g.Rows[k].ActualMark = f.Mark(t.Actual)
			}
			if t.Measure == config.Growth && t.Actual.Valid() && search.SaysBasis(f.Site, t.Indicator, t.Scope) {
				// Which growth the target was measured on, where the
				// office publishes growth of the indicator (at comparable
				// prices) or of the scope: its typed growth of the
				// scope's total where a total row gives it, else the
				// towns' levels, at current prices.
				g.Rows[k].Basis = f.T("target_" + search.BasisKey(t.Figure.Delta))
			}
			if f.prints.targets {
				g.Rows[k].HTML = g.Rows[k].html(labels)
			}
		}
	}
	return groups
}

// TargetText is the target's wording in the page's language.
func (f *Frame) TargetText(t *model.TargetResult) string { return f.Pick(t.Text, t.TextEn) }

// TargetScope names the tiers a target applies to, "省级+市级".
func (f *Frame) TargetScope(t *model.TargetResult) string {
	var names []string
	for _, tier := range t.Scope {
		names = append(names, f.TierName(tier))
	}
	return strings.Join(names, "+")
}

// targetUnit is the unit a target's value is in.
func (f *Frame) targetUnit(t *model.TargetResult) string {
	switch t.Measure {
	case config.Growth:
		return "%"
	case config.NewTowns:
		return ""
	}
	return f.Lang.UnitSuffix(f.Unit(t.Indicator))
}

// TargetGoal is the target as a comparison: "≥ 30 亿元".
func (f *Frame) TargetGoal(t *model.TargetResult) string {
	op := map[string]string{">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}[t.Compare]
	return op + " " + f.Lang.Fig(t.Goal, t.Decimals()) + f.targetUnit(t)
}

// TargetActual is the measured value in the target's terms.
func (f *Frame) TargetActual(t *model.TargetResult) string {
	switch {
	case !t.Actual.Valid():
		return f.T("no_data")
	case t.Measure == config.Each:
		all := f.T("targets_each", t.Of, int(t.Actual.Float()))
		// On a town page the reader's first question is this town's own figure.
		if own := f.TownCheck(t); f.Town != nil && own != nil {
			mine := f.T("no_data")
			if own.Actual.Valid() {
				mine = f.Lang.Fig(own.Actual.Dec, t.Decimals()) + f.targetUnit(t)
			}
			return f.T("town_own", mine) + f.T("semicolon") + all
		}
		return all
	case t.Measure == config.NewTowns:
		return f.T("targets_new_towns", f.Lang.Fig(t.Actual.Dec, 0))
	}
	return f.Lang.Fig(t.Actual.Dec, t.Decimals()) + f.targetUnit(t)
}

// TargetGap is actual minus target, signed, or — where it has no meaning.
func (f *Frame) TargetGap(t *model.TargetResult) string {
	g := t.Gap()
	if !g.Valid() {
		return "—"
	}
	unit := f.targetUnit(t)
	if t.Measure == config.Growth {
		unit = f.T("points")
	}
	return f.Lang.SignedFig(g.Dec, t.Decimals()) + unit
}

func (f *Frame) StatusText(s model.Status) string { return f.T("status_" + string(s)) }

// TargetCoverage is how many towns of the target's scope its actual rests
// on: those that reported (a total; each town's own figure), or for a
// growth those that reported in both years. "" for a count of towns
// recognised.
func (f *Frame) TargetCoverage(t *model.TargetResult) string {
	switch t.Measure {
	case config.Total:
		return f.T("reporting", t.Figure.Reporting, t.Figure.Of)
	case config.Growth:
		return f.T("reporting_both", t.Figure.Matched, t.Figure.Of)
	case config.Each:
		return f.T("reporting", t.Of-len(t.Missing), t.Of)
	}
	return ""
}

// targetNamed is how many towns without data a target's row names.
const targetNamed = 5

// TargetMissing names the towns of the target's scope without the figures
// its actual needs: "无数据：甲镇、乙镇"; "" when there are none.
func (f *Frame) TargetMissing(t *model.TargetResult) string {
	if len(t.Missing) == 0 {
		return ""
	}
	names := make([]string, 0, min(len(t.Missing), targetNamed))
	for _, town := range t.Missing[:min(len(t.Missing), targetNamed)] {
		names = append(names, f.TownName(town))
	}
	list := strings.Join(names, f.T("list_sep"))
	if len(t.Missing) > targetNamed {
		list = f.T("and_n_more", list, f.Count(len(t.Missing)))
	}
	return f.T("target_missing", list)
}

// TownCheck is the page town's own standing against an "each" target.
func (f *Frame) TownCheck(t *model.TargetResult) *model.TownCheck {
	return f.r.ranks.checks[t][f.Town]
}
