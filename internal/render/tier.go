package render

import (
	"html/template"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
)

// TierView is a tier's page, or a page of its members when they are too
// many for one: its totals, members, targets and charts. Totals, targets
// and charts are on the first page only.
type TierView struct {
	*Frame
	List
	TierKPIs []KPI // the tier's totals in the latest year
	// TierRows are the member table's rows for the page's Items
	// (fragments.go), TierRowsNotes its footnotes.
	TierRows      template.HTML
	TierRowsNotes []string
	Targets       []*model.TargetResult
	TargetGroups  []TargetGroup
	TierTrends    []*Card // the tier's totals over the years
	TierCompare   []*Card // its members ranked on each indicator
	FigureNotes   []string
}

func newTierView(f *Frame) *TierView {
	v := &TierView{Frame: f, List: f.list()}
	if len(f.Tier.Towns) > 0 {
		var notes []int
		if f.prints.lists {
			v.TierRows = f.listRows(false, &notes)
		}
		if len(f.Site.Years) > 0 {
			v.TierRowsNotes = append(f.WhyNotes(f.Items, f.First, f.LatestIndex), f.noteLines(notes)...)
		}
	}
	if f.PageNo != 1 {
		return v
	}
	v.Targets = f.targets()
	v.TargetGroups = f.targetGroups(v.Targets)
	if len(f.Site.Years) == 0 {
		return v
	}
	tiers := []*model.Tier{f.Tier}
	v.TierKPIs = f.scopeKPIs(tiers, f.LatestIndex)
	if len(f.Tier.Towns) > 0 {
		var trends, compare []*chart.Chart
		for _, ind := range f.Site.Indicators {
			if ind.HasTotal() {
				trends = append(trends, f.charts.TotalTrend(chartID(f.Tier.ID, ind.ID, "trend"),
					f.T("tier_trend", f.IndName(ind)), ind, f.Site.ScopeFigures(ind, tiers), f.TierName(f.Tier), f.Site.TotalFigure(ind, tiers, 0)))
			}
		}
		for _, ind := range f.Site.Indicators {
			compare = append(compare, f.ranking(chartID(f.Tier.ID, ind.ID, "compare"),
				f.T("tier_compare", f.IndName(ind), f.Latest), ind, f.Tier.Towns, f.r.ranks.tier[f.Tier][ind.ID], nil))
		}
		v.TierTrends, v.TierCompare = f.cards(trends...), f.cards(compare...)
	}
	v.FigureNotes = f.figureNotes()
	return v
}
