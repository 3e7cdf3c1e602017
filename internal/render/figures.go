package render

import (
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/model"
)

// This file holds what a page says about its figures besides the figures:
// on what basis a change is counted, how many towns a total rests on,
// where coverage or membership changes, and why a change is "—". The
// words are the translations'; the facts are the model's.

// DeltaHead heads a column of year-on-year changes of ind: growth, or for
// a rate its change in percentage points.
func (p *Page) DeltaHead(ind *model.Indicator) string {
	if ind.Rate() {
		return p.T("change_points")
	}
	return p.T("growth")
}

// TotalLine is the indicator page's total of every tier in the latest
// year, with its change and coverage: "全市合计（2024年）：67.2 亿元 · 同比增长
// +8.2% · 13/13个镇报送". "" for an indicator without totals. The page
// script writes the same line for the year and tier a reader picks
// (explore.js, totalLine), from the same figures.
func (p *Page) TotalLine() string {
	ind := p.Indicator
	if ind == nil || !ind.HasTotal() || len(p.Site.Years) == 0 {
		return ""
	}
	f := p.Site.ScopeFigure(ind, p.Site.Tiers, p.LatestIndex())
	value := p.Num(f.Value, ind)
	if value != "—" {
		value += " " + p.Unit(ind)
	}
	reporting := p.words().reporting(f)
	if f.Of == 0 {
		reporting = p.T("no_members") // not a total of nothing
	}
	parts := []string{value, p.T("growth") + " " + p.Pct(f.Delta), reporting}
	if f.Break() {
		parts = append(parts, p.words().breakTip(ind, f))
	}
	return p.T("scope_year", p.T("indicator_total"), p.Year(p.Latest())) + p.T("colon") + strings.Join(parts, " · ")
}

// WhyNotes are the footnotes of a table of towns' changes of ind in year
// index yi: why a change is "—", once for each reason that needs saying
// (a base of zero or less; a missing figure says so itself).
func (p *Page) WhyNotes(towns []*model.Town, ind *model.Indicator, yi int) []string {
	var out []string
	for _, t := range towns {
		if note := p.words().why(ind.Delta(t.Values[ind.ID], yi).Why); note != "" && !slices.Contains(out, note) {
			out = append(out, note)
		}
	}
	return out
}

// TierRowsNotes are the footnotes of a tier's member table (TierRows).
func (p *Page) TierRowsNotes() []string {
	if len(p.Site.Years) == 0 {
		return nil
	}
	return p.WhyNotes(p.Items, p.First(), p.LatestIndex())
}

// ReportRowsNotes are the footnotes of a report's table of towns
// (ReportTierRows, ReportTownRows): towns nil for every town.
func (p *Page) ReportRowsNotes(t *model.Tier) []string {
	towns := p.Site.Towns
	if t != nil {
		towns = p.reportMembers(t)
	}
	return p.WhyNotes(p.reportListed(towns), p.First(), p.ReportIndex())
}

// FigureNotes are the notes a page of figures ends with: on what basis
// its totals' changes are counted, how rates change, and how tier
// membership runs over the years.
func (p *Page) FigureNotes() []string {
	var out []string
	inds, tiers, yi := p.Site.Indicators, []*model.Tier(nil), p.LatestIndex()
	switch p.Kind {
	case HomePage:
		tiers = p.Site.Tiers
	case IndicatorPage:
		inds, tiers = []*model.Indicator{p.Indicator}, p.Site.Tiers
	case TierPage:
		tiers = []*model.Tier{p.Tier}
	case ReportPage:
		tiers, yi = p.Site.Tiers, p.ReportIndex()
	}
	if len(p.Site.Years) > 0 && tiers != nil {
		if n := p.basisNote(inds, tiers, yi); n != "" {
			out = append(out, n)
		}
	}
	if slices.ContainsFunc(inds, (*model.Indicator).Rate) {
		out = append(out, p.T("rate_note"))
	}
	return append(out, p.MembershipNotes()...)
}

// basisNote says on what basis the changes of the scope's totals are
// counted: the towns that reported in both years, and how many those are.
func (p *Page) basisNote(inds []*model.Indicator, tiers []*model.Tier, yi int) string {
	type basis struct {
		name    string
		matched int
	}
	var bases []basis
	for _, ind := range inds {
		if !ind.Summed() {
			continue // a rate's change compares two ratios; no total, no change
		}
		f := p.Site.ScopeFigure(ind, tiers, yi)
		if !f.Delta.Valid() {
			continue
		}
		bases = append(bases, basis{p.IndName(ind), f.Matched})
	}
	if len(bases) == 0 {
		return ""
	}
	same := true
	for _, b := range bases {
		same = same && b.matched == bases[0].matched
	}
	if same {
		return p.T("basis_note", p.Count(bases[0].matched))
	}
	parts := make([]string, len(bases))
	for i, b := range bases {
		parts[i] = p.T("basis_of", b.name, p.Count(b.matched))
	}
	return p.T("basis_note_each", strings.Join(parts, p.T("list_sep")))
}

// MembershipNotes say how tier membership runs over the years: with
// retrospective membership, that every year counts today's members; else,
// for the page's tiers, the years in which members were added.
func (p *Page) MembershipNotes() []string {
	if p.Site.Retrospective {
		return []string{p.T("membership_retrospective")}
	}
	var tiers []*model.Tier
	until := 0
	switch p.Kind {
	case HomePage, IndicatorPage:
		tiers = p.Site.Tiers
	case ReportPage:
		tiers, until = p.Site.Tiers, p.ReportYear
	case TierPage:
		tiers = []*model.Tier{p.Tier}
	case TownPage:
		if y := p.Town.Recognised; y != 0 && len(p.Site.Years) > 0 && y > p.Site.Years[0] {
			return []string{p.T("membership_town", p.Year(y), p.TierName(p.Town.Tier))}
		}
		return nil
	}
	var out []string
	for _, t := range tiers {
		var years []string
		for _, j := range p.r.ranks.joined[t] {
			if until != 0 && j.year > until {
				break
			}
			names := make([]string, 0, len(j.towns))
			for _, town := range j.towns {
				names = append(names, p.TownName(town))
			}
			list := strings.Join(names, p.T("list_sep"))
			if j.count > len(j.towns) {
				list = p.T("and_more", list)
			}
			years = append(years, p.T("membership_year", p.Year(j.year), p.Count(j.count), list))
		}
		if len(years) > 0 {
			out = append(out, p.T("membership_changes", p.TierName(t), strings.Join(years, p.T("semicolon"))))
		}
	}
	return out
}

// joined is the towns of a tier recognised in one year after the first
// year with data: from that year on they count in the tier's totals,
// which so change in membership.
type joined struct {
	year  int
	count int
	towns []*model.Town // the first few, to name
}

// namedJoins is how many towns a membership note names for one year.
const namedJoins = 3

// joinedByTier finds, once for every page, each tier's members
// recognised after the site's first year, by year.
func joinedByTier(site *model.Site) map[*model.Tier][]joined {
	out := map[*model.Tier][]joined{}
	if len(site.Years) == 0 {
		return out
	}
	for _, tier := range site.Tiers {
		at := map[int]int{}
		var js []joined
		for _, t := range tier.Towns {
			y := t.Recognised
			if y == 0 || y <= site.Years[0] {
				continue
			}
			i, ok := at[y]
			if !ok {
				i = len(js)
				at[y] = i
				js = append(js, joined{year: y})
			}
			js[i].count++
			if len(js[i].towns) < namedJoins {
				js[i].towns = append(js[i].towns, t)
			}
		}
		slices.SortFunc(js, func(a, b joined) int { return a.year - b.year })
		out[tier] = js
	}
	return out
}

// Coverage is a figure's coverage as a table cell shows it: "12/13",
// the members that reported of the members that year.
func (p *Page) Coverage(f model.Figure) string { return p.words().coverage(f) }

// LatestFigure is the figure of every tier for ind in the latest year.
func (p *Page) LatestFigure(ind *model.Indicator) model.Figure {
	return p.Site.ScopeFigure(ind, p.Site.Tiers, p.LatestIndex())
}

// LatestBreakNotes are the notes under a table of every indicator's city
// total in the latest year (the indicators list): for each total marked ※,
// what the two years' coverages are and what its change is counted on;
// indicators whose coverage changed alike share one note.
func (p *Page) LatestBreakNotes() []string {
	var order []string
	names := map[string][]string{}
	for _, ind := range p.Site.Indicators {
		if !ind.HasTotal() || len(p.Site.Years) == 0 {
			continue
		}
		f := p.LatestFigure(ind)
		if !f.Break() {
			continue
		}
		note := p.words().breakNote(p.Latest(), ind, f)
		if _, ok := names[note]; !ok {
			order = append(order, note)
		}
		names[note] = append(names[note], p.IndName(ind))
	}
	out := make([]string, len(order))
	for i, note := range order {
		out[i] = "※ " + strings.Join(names[note], p.T("list_sep")) + p.T("colon") + note
	}
	return out
}

// RetrospectiveNote is, on a site that counts today's members in every
// year (site.membership = "retrospective"), the note every page's footer
// carries; "" otherwise.
func (p *Page) RetrospectiveNote() string {
	if !p.Site.Retrospective {
		return ""
	}
	return p.T("membership_retrospective")
}
