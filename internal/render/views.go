package render

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
)

// TierCount is a tier with how many towns it has on record and announced.
type TierCount struct {
	Tier      *model.Tier
	Count     int
	Announced int
}

// TierCounts is the tier structure, "1+5+7" of the announced "1+5+15".
func (p *Page) TierCounts() []TierCount {
	var out []TierCount
	for _, t := range p.Site.Tiers {
		out = append(out, TierCount{Tier: t, Count: len(t.Towns), Announced: t.Announced})
	}
	return out
}

// Structure returns the counts joined as the plan writes them: "1+5+7", and
// the announced structure, "1+5+15", empty when not configured.
func (p *Page) Structure() (onRecord, announced string) {
	var have, plan []string
	known := true
	for _, t := range p.Site.Tiers {
		have = append(have, p.Lang.Num(float64(len(t.Towns)), 0))
		plan = append(plan, p.Lang.Num(float64(t.Announced), 0))
		known = known && t.Announced > 0
	}
	if !known {
		return strings.Join(have, "+"), ""
	}
	return strings.Join(have, "+"), strings.Join(plan, "+")
}

func (p *Page) StructureHave() string { h, _ := p.Structure(); return h }
func (p *Page) StructurePlan() string { _, a := p.Structure(); return a }

// KPI is a headline figure: a value in the latest year with its change.
type KPI struct {
	Indicator *model.Indicator
	Value     model.Value
	Previous  model.Value // the year before
	Growth    model.Delta // growth in percent, or a rate's change in points
	Change    model.Value
	Reporting int // towns with a value
	Of        int // towns in scope
	Rank      int // the town's rank among its tier, 0 when unranked
	RankOf    int

	// The same, formatted in the page's language for the kpis partial:
	// a template action costs more than the Go that makes its text.
	Name, Href    string
	ValueText     string // the value, — when missing
	UnitText      string
	TrendClass    string // see Page.Trend
	GrowthText    string // "增长 +5.1%", "增长 —" when unknown
	ReportingText string // how many towns a total counts; "" for a town's own figure
	// BreakText says a total's coverage differs from the year before, and
	// on what basis its change is counted; "" when it does not.
	BreakText string
	WhyText   string        // why the change is "—", where "—" does not say it
	RankText  string        // "排名 3/5"; "" when unranked
	Figure    *model.Figure // a total's figure; nil for a town's
	// HTML is the KPI's list item as the default kpis partial shows it,
	// made from the fields above: one template action instead of a dozen.
	HTML template.HTML
}

// formatKPIs fills in the KPIs' texts.
func (p *Page) formatKPIs(ks []KPI) []KPI {
	growth, rank := p.T("growth")+" ", p.T("rank")+" "
	for i := range ks {
		k := &ks[i]
		ind := k.Indicator
		k.Name, k.Href, k.UnitText = p.IndName(ind), p.IndHref(ind), p.Unit(ind)
		k.ValueText, k.TrendClass, k.GrowthText = p.Num(k.Value, ind), p.Trend(k.Growth, ind), growth+p.Pct(k.Growth)
		switch {
		case k.Of != 0:
			k.ReportingText = p.T("reporting", k.Reporting, k.Of)
		case k.Figure != nil:
			// Membership follows recognition: a year before any member
			// was recognised has no total, which is not a total of 0.
			k.ReportingText = p.T("no_members")
		}
		if k.Figure != nil && k.Figure.Break() {
			k.BreakText = p.words().breakTip(ind, *k.Figure)
		}
		k.WhyText = p.words().why(k.Growth.Why)
		if k.RankOf != 0 {
			k.RankText = rank + strconv.Itoa(k.Rank) + "/" + strconv.Itoa(k.RankOf)
		}
		k.HTML = k.html()
	}
	return ks
}

// Headlines are the city's totals of every summable indicator in the
// latest year, with growth over the towns that reported in both years.
func (p *Page) Headlines() []KPI { return p.scopeKPIs(p.Site.Tiers) }

// TierKPIs are the totals of the page's tier.
func (p *Page) TierKPIs() []KPI { return p.scopeKPIs([]*model.Tier{p.Tier}) }

func (p *Page) scopeKPIs(tiers []*model.Tier) []KPI { return p.scopeKPIsAt(tiers, p.LatestIndex()) }

// scopeKPIsAt are the totals of tiers in year index yi: the same figures
// the report workbooks carry (model.ScopeFigure).
func (p *Page) scopeKPIsAt(tiers []*model.Tier, yi int) []KPI {
	var out []KPI
	for _, ind := range p.Site.Indicators {
		if !ind.HasTotal() {
			continue
		}
		f := p.Site.ScopeFigure(ind, tiers, yi) // memoised by the model
		out = append(out, KPI{
			Indicator: ind, Value: f.Value, Previous: f.Previous, Change: f.Change,
			Growth: f.Delta, Reporting: f.Reporting, Of: f.Of, Figure: &f,
		})
	}
	return p.formatKPIs(out)
}

// TownKPIs are the page town's figures in the latest year, with its rank
// among the towns of its tier.
func (p *Page) TownKPIs() []KPI {
	yi := p.LatestIndex()
	var out []KPI
	for _, ind := range p.Site.Indicators {
		s := p.Town.Values[ind.ID]
		k := KPI{Indicator: ind, Value: s.At(yi), Change: s.Change(yi), Growth: ind.Delta(s, yi)}
		if k.Value.Valid() {
			ranked := p.r.ranks.tier[p.Town.Tier][ind.ID]
			k.Rank, k.RankOf = ranked.Rank(p.Town), len(ranked.Towns)
		}
		out = append(out, k)
	}
	return p.formatKPIs(out)
}

// Targets are the action plan's targets that apply to the page: all of them
// on the home page, those whose scope includes the tier on tier and town pages.
func (p *Page) Targets() []*model.TargetResult {
	var tier *model.Tier
	switch {
	case p.Tier != nil:
		tier = p.Tier
	case p.Town != nil:
		tier = p.Town.Tier
	case p.Kind == ReportPage:
		return p.Site.TargetsOf(p.ReportYear)
	default:
		return p.Site.Targets
	}
	var out []*model.TargetResult
	for _, t := range p.Site.Targets {
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
	Status            model.Status // the class: met, on_track, …
	StatusText        string
	HTML              template.HTML // the table row the default targets partial shows
}

// TargetGroups splits the page's targets by year, the latest first, so each
// table's heading names the year all its targets belong to.
func (p *Page) TargetGroups() []TargetGroup {
	var groups []TargetGroup
	at := map[int]int{}
	for _, t := range p.Targets() {
		i, ok := at[t.Year]
		if !ok {
			i = len(groups)
			at[t.Year] = i
			groups = append(groups, TargetGroup{Year: t.Year})
		}
		g := &groups[i]
		g.Targets = append(g.Targets, t)
		if src := p.Pick(t.Source, t.SourceEn); src != "" && !slices.Contains(g.Sources, src) {
			g.Sources = append(g.Sources, src)
		}
	}
	slices.SortStableFunc(groups, func(a, b TargetGroup) int { return b.Year - a.Year })
	labels := [5]string{p.T("scope"), p.T("target_value"), p.T("actual"), p.T("gap"), p.T("status")}
	for i := range groups {
		g := &groups[i]
		g.Caption = strings.Join(append([]string{p.Year(g.Year)}, g.Sources...), " · ")
		g.Rows = make([]TargetRow, len(g.Targets))
		for k, t := range g.Targets {
			g.Rows[k] = TargetRow{Text: p.TargetText(t), Scope: p.TargetScope(t), Goal: p.TargetGoal(t),
				Actual: p.TargetActual(t), Gap: p.TargetGap(t), Coverage: p.TargetCoverage(t), Missing: p.TargetMissing(t),
				Status: t.Status, StatusText: p.StatusText(t.Status)}
			g.Rows[k].HTML = g.Rows[k].html(labels)
		}
	}
	return groups
}

// TargetText is the target's wording in the page's language.
func (p *Page) TargetText(t *model.TargetResult) string { return p.Pick(t.Text, t.TextEn) }

// TargetScope names the tiers a target applies to, "省级+市级".
func (p *Page) TargetScope(t *model.TargetResult) string {
	var names []string
	for _, tier := range t.Scope {
		names = append(names, p.TierName(tier))
	}
	return strings.Join(names, "+")
}

// targetUnit is the unit a target's value is in.
func (p *Page) targetUnit(t *model.TargetResult) string {
	switch t.Measure {
	case config.Growth:
		return "%"
	case config.NewTowns:
		return ""
	}
	return " " + p.Unit(t.Indicator)
}

// TargetGoal is the target as a comparison: "≥ 30 亿元".
func (p *Page) TargetGoal(t *model.TargetResult) string {
	op := map[string]string{">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}[t.Compare]
	return op + " " + p.Lang.Fig(t.Goal, t.Decimals()) + p.targetUnit(t)
}

// TargetActual is the measured value in the target's terms.
func (p *Page) TargetActual(t *model.TargetResult) string {
	switch {
	case !t.Actual.Valid():
		return p.T("no_data")
	case t.Measure == config.Each:
		all := p.T("targets_each", t.Of, int(t.Actual.Float()))
		// On a town page the reader's first question is this town's own figure.
		if own := p.TownCheck(t); p.Town != nil && own != nil {
			mine := p.T("no_data")
			if own.Actual.Valid() {
				mine = p.Lang.Fig(own.Actual.Dec, t.Decimals()) + p.targetUnit(t)
			}
			return p.T("town_own", mine) + p.T("semicolon") + all
		}
		return all
	case t.Measure == config.NewTowns:
		return p.T("targets_new_towns", p.Lang.Fig(t.Actual.Dec, 0))
	}
	return p.Lang.Fig(t.Actual.Dec, t.Decimals()) + p.targetUnit(t)
}

// TargetGap is actual minus target, signed, or — where it has no meaning.
func (p *Page) TargetGap(t *model.TargetResult) string {
	g := t.Gap()
	if !g.Valid() {
		return "—"
	}
	unit := p.targetUnit(t)
	if t.Measure == config.Growth {
		unit = p.T("points")
	}
	return p.Lang.SignedFig(g.Dec, t.Decimals()) + unit
}

func (p *Page) StatusText(s model.Status) string { return p.T("status_" + string(s)) }

// TargetCoverage is how many towns of the target's scope its actual rests
// on: those that reported (a total; each town's own figure), or for a
// growth those that reported in both years. "" for a count of towns
// recognised.
func (p *Page) TargetCoverage(t *model.TargetResult) string {
	switch t.Measure {
	case config.Total:
		return p.T("reporting", t.Figure.Reporting, t.Figure.Of)
	case config.Growth:
		return p.T("reporting_both", t.Figure.Matched, t.Figure.Of)
	case config.Each:
		return p.T("reporting", t.Of-len(t.Missing), t.Of)
	}
	return ""
}

// targetNamed is how many towns without data a target's row names.
const targetNamed = 5

// TargetMissing names the towns of the target's scope without the figures
// its actual needs: "无数据：甲镇、乙镇"; "" when there are none.
func (p *Page) TargetMissing(t *model.TargetResult) string {
	if len(t.Missing) == 0 {
		return ""
	}
	names := make([]string, 0, min(len(t.Missing), targetNamed))
	for _, town := range t.Missing[:min(len(t.Missing), targetNamed)] {
		names = append(names, p.TownName(town))
	}
	list := strings.Join(names, p.T("list_sep"))
	if len(t.Missing) > targetNamed {
		list = p.T("and_n_more", list, p.Count(len(t.Missing)))
	}
	return p.T("target_missing", list)
}

// TownCheck is the page town's own standing against an "each" target.
func (p *Page) TownCheck(t *model.TargetResult) *model.TownCheck {
	return p.r.ranks.checks[t][p.Town]
}

// Latest returns a town's latest value of the first indicator, for lists.
func (p *Page) LatestValue(t *model.Town, ind *model.Indicator) model.Value {
	return t.Values[ind.ID].At(p.LatestIndex())
}

// LatestTotal is the total of every town for ind in the latest year.
func (p *Page) LatestTotal(ind *model.Indicator) model.Value {
	return p.Site.ScopeFigure(ind, p.Site.Tiers, p.LatestIndex()).Value
}

// First is the site's first indicator, the one lists and the home page lead with.
func (p *Page) First() *model.Indicator { return p.Site.Indicators[0] }

// Charts of each page kind. Ids are unique within their page.

func (p *Page) HomeCharts() []*Card {
	ind := p.First()
	out := []*chart.Chart{
		p.ranking(chartID("home", ind.ID, "towns"), p.T("towns_output", p.IndName(ind), p.Latest()), ind, p.Site.Towns, p.r.ranks.site[ind.ID], nil),
	}
	if ind.HasTotal() {
		out = append(out, p.charts.ByTier(chartID("home", ind.ID, "tiers"), p.T("city_trend", p.IndName(ind)), ind))
	}
	return p.cards(out...)
}

func (p *Page) TierTrends() []*Card {
	var out []*chart.Chart
	if len(p.Tier.Towns) == 0 {
		return nil
	}
	tiers := []*model.Tier{p.Tier}
	for _, ind := range p.Site.Indicators {
		if ind.HasTotal() {
			out = append(out, p.charts.TotalTrend(chartID(p.Tier.ID, ind.ID, "trend"),
				p.T("tier_trend", p.IndName(ind)), ind, p.Site.ScopeFigures(ind, tiers), p.TierName(p.Tier)))
		}
	}
	return p.cards(out...)
}

func (p *Page) TierCompare() []*Card {
	var out []*chart.Chart
	if len(p.Tier.Towns) == 0 {
		return nil
	}
	for _, ind := range p.Site.Indicators {
		out = append(out, p.ranking(chartID(p.Tier.ID, ind.ID, "compare"),
			p.T("tier_compare", p.IndName(ind), p.Latest()), ind, p.Tier.Towns, p.r.ranks.tier[p.Tier][ind.ID], nil))
	}
	return p.cards(out...)
}

func (p *Page) TownTrends() []*Card {
	out := make([]*Card, len(p.Site.Indicators))
	for i, ind := range p.Site.Indicators {
		// Every town's trend of an indicator has the same title, unit and
		// table head: its card's share of them is made once.
		out[i] = p.card(p.charts.Trend(chartID(p.Town.ID, ind.ID, "trend"),
			p.T("town_trend", p.IndName(ind)), ind, p.Town.Values[ind.ID],
			ind.Deltas(p.Town.Values[ind.ID]), p.TownName(p.Town)), "trend\x00"+ind.ID)
	}
	return out
}

func (p *Page) TownPeers() *Card {
	ind := p.First()
	return p.card(p.ranking(chartID(p.Town.ID, ind.ID, "peers"),
		p.T("town_peers", p.TierName(p.Town.Tier), p.Latest())+" · "+p.IndName(ind), ind, p.Town.Tier.Towns, p.r.ranks.tier[p.Town.Tier][ind.ID], p.Town),
		"peers\x00"+p.Town.Tier.ID+"\x00"+ind.ID)
}

func (p *Page) IndicatorCharts() []*Card {
	ind := p.Indicator
	out := []*chart.Chart{
		p.ranking(chartID(ind.ID, "ranking"), p.T("indicator_ranking", p.IndName(ind), p.Latest()), ind, p.Site.Towns, p.r.ranks.site[ind.ID], nil),
		p.lines(chartID(ind.ID, "towns"), p.T("indicator_all", p.IndName(ind)), ind),
	}
	if ind.HasTotal() {
		out = append(out, p.charts.ByTier(chartID(ind.ID, "tiers"), p.T("city_trend", p.IndName(ind)), ind))
	}
	return p.cards(out...)
}

// Neighbours are the towns before and after this one in its tier.
func (p *Page) PrevTown() *model.Town { return p.neighbour(-1) }
func (p *Page) NextTown() *model.Town { return p.neighbour(+1) }

func (p *Page) neighbour(d int) *model.Town {
	// Site.Towns is in tier order, so a town's place in its tier is its
	// place in the site less that of the tier's first town.
	towns := p.Town.Tier.Towns
	i := p.Town.Index - towns[0].Index + d
	if i < 0 || i >= len(towns) {
		return nil
	}
	return towns[i]
}

// Link is a named link.
type Link struct{ Name, Href string }

// TownView is what the town page shows of its town, formatted in the
// page's language: one call from the template instead of one per field.
type TownView struct {
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

// TownInfo is the page town as the town page shows it.
func (p *Page) TownInfo() *TownView {
	t := p.Town
	v := &TownView{
		Tier: Link{p.TierName(t.Tier), p.TierHref(t.Tier)}, TierID: t.Tier.ID,
		County: p.County(t), Industry: p.Industry(t), Enterprises: p.Enterprises(t),
		Description: p.TownDescription(t), CSV: p.TownCSV(t), Compare: p.CompareHref(t),
	}
	if t.Recognised != 0 {
		v.Recognised = p.Year(t.Recognised)
	}
	if p.Site.Config.WantTownWorkbooks() {
		v.XLSX = p.TownXLSX(t)
	}
	if len(p.Site.Years) > 0 {
		v.KPIHeading = p.T("town_kpis", p.Latest())
	}
	if o := p.PrevTown(); o != nil {
		v.Prev = &Link{p.TownName(o), p.TownHref(o)}
	}
	if o := p.NextTown(); o != nil {
		v.Next = &Link{p.TownName(o), p.TownHref(o)}
	}
	return v
}
