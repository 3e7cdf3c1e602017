package render

import (
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/search"
)

// This file holds what a page says about its figures besides the figures:
// on what basis a change is counted, how many towns a total rests on,
// where coverage or membership changes, and why a change is "—". The
// words are the translations'; the facts are the model's.

// totalLine is the indicator page's total of every tier in the latest
// year, with its change and coverage: "全市合计（2024年）：67.2 亿元 · 同比增长
// +8.2% · 13/13个镇报送". "" for an indicator without totals. The page
// script writes the same line for the year and tier a reader picks
// (explore.js, totalLine), from the same figures.
func (f *Frame) totalLine() string {
	ind := f.Indicator
	if ind == nil || !ind.HasTotal() || len(f.Site.Years) == 0 {
		return ""
	}
	fig := f.Site.ScopeFigure(ind, f.Site.Tiers, f.LatestIndex)
	value := f.Lang.WithUnit(f.Num(fig.Value, ind), f.Unit(ind))
	reporting := f.words().reporting(fig)
	if fig.Of == 0 {
		reporting = f.T("no_members") // not a total of nothing
	}
	parts := []string{value, f.T("growth") + " " + f.Pct(fig.Delta)}
	if search.SaysBasis(f.Site, ind, f.Site.Tiers) {
		parts = append(parts, f.words().basis(fig.Delta))
	}
	parts = append(parts, reporting)
	if what := f.words().official(ind, fig); what != "" {
		parts = append(parts, what)
	}
	if fig.Break() {
		parts = append(parts, f.words().breakTip(ind, fig))
	}
	if marks := f.marksLine(fig.Value, fig.Delta.Value); marks != "" {
		parts = append(parts, marks)
	}
	return f.T("scope_year", f.T("indicator_total"), f.Year(f.Latest)) + f.T("colon") + strings.Join(parts, " · ")
}

// WhyNotes are the footnotes of a table of towns' changes of ind in year
// index yi: why a change is "—", once for each reason that needs saying
// (a base of zero or less; a missing figure says so itself).
func (f *Frame) WhyNotes(towns []*model.Town, ind *model.Indicator, yi int) []string {
	var out []string
	for _, t := range towns {
		if note := f.words().why(t.Delta(ind, yi).Why); note != "" && !slices.Contains(out, note) {
			out = append(out, note)
		}
	}
	return out
}

// figureNotes are the notes a page of figures ends with: on what basis
// its totals' changes are counted, how rates change, and how tier
// membership runs over the years.
func (f *Frame) figureNotes() []string {
	var out []string
	inds, tiers, yi := f.Site.Indicators, []*model.Tier(nil), f.LatestIndex
	switch f.Kind {
	case HomePage:
		tiers = f.Site.Tiers
	case IndicatorPage:
		inds, tiers = []*model.Indicator{f.Indicator}, f.Site.Tiers
	case TierPage:
		tiers = []*model.Tier{f.Tier}
	case ReportPage:
		tiers, yi = f.Site.Tiers, f.reportIndex()
	}
	if len(f.Site.Years) > 0 && tiers != nil {
		if n := f.basisNote(inds, tiers, yi); n != "" {
			out = append(out, n)
		}
	}
	if slices.ContainsFunc(inds, (*model.Indicator).Rate) {
		out = append(out, f.T("rate_note"))
	}
	return append(out, f.membershipNotes()...)
}

// basisNote says on what basis the changes of the scope's totals are
// counted: the towns that reported in both years, and how many those are.
func (f *Frame) basisNote(inds []*model.Indicator, tiers []*model.Tier, yi int) string {
	type basis struct {
		name    string
		matched int
	}
	var bases []basis
	for _, ind := range inds {
		if !ind.Summed() {
			continue // a rate's change compares two ratios; no total, no change
		}
		fig := f.Site.ScopeFigure(ind, tiers, yi)
		if !fig.Delta.Valid() || fig.Delta.Typed {
			continue // the office's growth is on no basis of ours: its figures say so
		}
		bases = append(bases, basis{f.IndName(ind), fig.Matched})
	}
	if len(bases) == 0 {
		return ""
	}
	same := true
	for _, b := range bases {
		same = same && b.matched == bases[0].matched
	}
	if same {
		return f.T("basis_note", f.Count(bases[0].matched))
	}
	parts := make([]string, len(bases))
	for i, b := range bases {
		parts[i] = f.T("basis_of", b.name, f.Count(b.matched))
	}
	return f.T("basis_note_each", strings.Join(parts, f.T("list_sep")))
}

// membershipNotes say how tier membership runs over the years: with
// retrospective membership, that every year counts today's members; else,
// for the page's tiers, the years in which members were added.
func (f *Frame) membershipNotes() []string {
	if f.Site.Retrospective {
		return []string{f.T("membership_retrospective")}
	}
	var tiers []*model.Tier
	until := 0
	switch f.Kind {
	case HomePage, IndicatorPage:
		tiers = f.Site.Tiers
	case ReportPage:
		tiers, until = f.Site.Tiers, f.ReportYear
	case TierPage:
		tiers = []*model.Tier{f.Tier}
	case TownPage:
		if y := f.Town.Recognised; y != 0 && len(f.Site.Years) > 0 && y > f.Site.Years[0] {
			return []string{f.T("membership_town", f.Year(y), f.TierName(f.Town.Tier))}
		}
		return nil
	}
	var out []string
	for _, t := range tiers {
		var years []string
		for _, j := range f.r.ranks.joined[t] {
			if until != 0 && j.year > until {
				break
			}
			names := make([]string, 0, len(j.towns))
			for _, town := range j.towns {
				names = append(names, f.TownName(town))
			}
			list := strings.Join(names, f.T("list_sep"))
			if j.count > len(j.towns) {
				list = f.T("and_more", list)
			}
			years = append(years, f.T("membership_year", f.Year(j.year), f.Count(j.count), list))
		}
		if len(years) > 0 {
			out = append(out, f.T("membership_changes", f.TierName(t), strings.Join(years, f.T("semicolon"))))
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

// latestBreakNotes are the notes under a table of every indicator's city
// total in the latest year (the indicators list): for each total marked ※,
// what the two years' coverages are and what its change is counted on;
// indicators whose coverage changed alike share one note.
func (f *Frame) latestBreakNotes() []string {
	var order []string
	names := map[string][]string{}
	for _, ind := range f.Site.Indicators {
		if !ind.HasTotal() || len(f.Site.Years) == 0 {
			continue
		}
		fig := f.LatestFigure(ind)
		if !fig.Break() {
			continue
		}
		note := f.words().breakNote(f.Latest, ind, fig)
		if _, ok := names[note]; !ok {
			order = append(order, note)
		}
		names[note] = append(names[note], f.IndName(ind))
	}
	out := make([]string, len(order))
	for i, note := range order {
		out[i] = "※ " + strings.Join(names[note], f.T("list_sep")) + f.T("colon") + note
	}
	return out
}

// reportIndex is the report year's index in Site.Years.
func (f *Frame) reportIndex() int { return f.Site.YearIndex(f.ReportYear) }
