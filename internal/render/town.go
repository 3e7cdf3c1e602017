package render

import (
	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
)

// TownView is a town's page: its profile, figures, targets and charts.
type TownView struct {
	*Frame
	TownInfo     *TownInfo
	TownKPIs     []KPI // the town's figures in the latest year, with its rank in its tier
	Targets      []*model.TargetResult
	TargetGroups []TargetGroup
	TownTrends   []*Card // each indicator over the years
	TownPeers    *Card   // the town among its tier, on the first indicator
	TownRanks    *Card   // its rank by the first indicator over the years, among all towns and in its tier
	FigureNotes  []string
	// PrevTown and NextTown are the towns before and after this one in
	// its tier; nil at either end.
	PrevTown, NextTown *model.Town
}

// TownInfo is what the town page shows of its town, formatted in the
// page's language.
type TownInfo struct {
	Tier        Link
	TierID      string
	County      string // "" when not on record
	Industry    string
	Recognised  string // the year recognised, "" when not on record
	Enterprises string
	Description string
	CSV, XLSX   string // the town's downloads; XLSX "" when the site makes none
	Compare     string // the comparison view with this town picked
	KPIHeading  string // "2024年主要指标"
	Prev, Next  *Link  // the towns before and after in its tier
}

// Link is a named link.
type Link struct{ Name, Href string }

func newTownView(f *Frame) *TownView {
	t := f.Town
	v := &TownView{Frame: f, PrevTown: f.neighbour(-1), NextTown: f.neighbour(+1)}
	info := &TownInfo{
		Tier: Link{f.TierName(t.Tier), f.TierHref(t.Tier)}, TierID: t.Tier.ID,
		County: f.County(t), Industry: f.Industry(t), Enterprises: f.Enterprises(t),
		Description: f.TownDescription(t), CSV: f.TownCSV(t), Compare: f.CompareHref(t),
	}
	if t.Recognised != 0 {
		info.Recognised = f.Year(t.Recognised)
	}
	if f.Site.Config.WantTownWorkbooks() {
		info.XLSX = f.TownXLSX(t)
	}
	if len(f.Site.Years) > 0 {
		info.KPIHeading = f.T("town_kpis", f.Latest)
	}
	if o := v.PrevTown; o != nil {
		info.Prev = &Link{f.TownName(o), f.TownHref(o)}
	}
	if o := v.NextTown; o != nil {
		info.Next = &Link{f.TownName(o), f.TownHref(o)}
	}
	v.TownInfo = info
	if len(f.Site.Years) == 0 {
		return v // the layout shows the profile alone
	}
	// The town's changes and its trends' texts are the same in every
	// language: the first of its pages makes them (townshare.go).
	shared := f.townShared(func() *townShared {
		s := &townShared{deltas: make([][]model.Delta, len(f.Site.Indicators)), texts: make([]*chart.SeriesTexts, len(f.Site.Indicators))}
		for i, ind := range f.Site.Indicators {
			s.deltas[i] = t.Deltas(ind)
			s.texts[i] = f.charts.SeriesTexts(ind, t.Values[ind.ID], s.deltas[i])
		}
		return s
	})
	deltas := shared.deltas
	v.TownKPIs = f.townKPIs(deltas)
	v.Targets = f.targets()
	v.TargetGroups = f.targetGroups(v.Targets)
	v.TownTrends = make([]*Card, len(f.Site.Indicators))
	for i, ind := range f.Site.Indicators {
		// Every town's trend of an indicator has the same title, unit and
		// table head: its card's share of them is made once.
		v.TownTrends[i] = f.card(f.charts.Trend(chartID(t.ID, ind.ID, "trend"),
			f.T("town_trend", f.IndName(ind)), ind, t.Values[ind.ID], deltas[i], shared.texts[i], f.TownName(t), model.TownFigure(t, ind, 0)),
			"trend\x00"+ind.ID)
	}
	ind := f.First
	v.TownPeers = f.card(f.ranking(chartID(t.ID, ind.ID, "peers"),
		f.T("town_peers", f.TierName(t.Tier), f.Latest)+" · "+f.IndName(ind), ind, t.Tier.Towns, f.r.ranks.tier[t.Tier][ind.ID], t),
		"peers\x00"+t.Tier.ID+"\x00"+ind.ID)
	v.TownRanks = f.card(f.charts.RankHistory(chartID(t.ID, ind.ID, "ranks"), f.T("town_rank_history", f.IndName(ind)), ind, t, f.yearRanks(ind)),
		"ranks\x00"+t.Tier.ID+"\x00"+ind.ID)
	v.FigureNotes = f.figureNotes()
	return v
}

// neighbour is the town d places from the page's town in its tier.
func (f *Frame) neighbour(d int) *model.Town {
	// Site.Towns is in tier order, so a town's place in its tier is its
	// place in the site less that of the tier's first town.
	towns := f.Town.Tier.Towns
	i := f.Town.Index - towns[0].Index + d
	if i < 0 || i >= len(towns) {
		return nil
	}
	return towns[i]
}
