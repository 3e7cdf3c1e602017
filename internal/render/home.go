package render

import (
	"strings"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
)

// HomeView is the home page's: the tier structure, the city's headline
// figures, the targets and the city's charts.
type HomeView struct {
	*Frame
	Structure
	Headlines    []KPI // the city's totals in the latest year
	Targets      []*model.TargetResult
	TargetGroups []TargetGroup
	HomeCharts   []*Card
	FigureNotes  []string
}

// TiersView is the tiers page's: the structure and each tier's towns.
type TiersView struct {
	*Frame
	Structure
}

// Structure is the tier structure, "1+5+7" of the announced "1+5+15".
type Structure struct {
	TierCounts    []TierCount
	StructureHave string // the towns on record, as the plan writes them: "1+5+7"
	StructurePlan string // the towns announced, "1+5+15"; "" when not configured
}

// TierCount is a tier with how many towns it has on record and announced.
type TierCount struct {
	Tier      *model.Tier
	Count     int
	Announced int
}

func newHomeView(f *Frame) *HomeView {
	v := &HomeView{Frame: f, Structure: f.structure()}
	if len(f.Site.Years) == 0 {
		return v // the layout shows the structure alone
	}
	v.Headlines = f.scopeKPIs(f.Site.Tiers, f.LatestIndex)
	v.Targets = f.targets()
	v.TargetGroups = f.targetGroups(v.Targets)
	ind := f.First
	charts := []*chart.Chart{
		f.ranking(chartID("home", ind.ID, "towns"), f.T("towns_output", f.IndName(ind), f.Latest), ind, f.Site.Towns, f.r.ranks.site[ind.ID], nil),
	}
	if ind.HasTotal() {
		charts = append(charts, f.charts.ByTier(chartID("home", ind.ID, "tiers"), f.T("city_trend", f.IndName(ind)), ind))
	}
	v.HomeCharts = f.cards(charts...)
	v.FigureNotes = f.figureNotes()
	return v
}

func newTiersView(f *Frame) *TiersView { return &TiersView{Frame: f, Structure: f.structure()} }

func (f *Frame) structure() Structure {
	var s Structure
	var have, plan []string
	known := true
	for _, t := range f.Site.Tiers {
		s.TierCounts = append(s.TierCounts, TierCount{Tier: t, Count: len(t.Towns), Announced: t.Announced})
		have = append(have, f.Lang.Num(float64(len(t.Towns)), 0))
		plan = append(plan, f.Lang.Num(float64(t.Announced), 0))
		known = known && t.Announced > 0
	}
	s.StructureHave = strings.Join(have, "+")
	if known {
		s.StructurePlan = strings.Join(plan, "+")
	}
	return s
}
