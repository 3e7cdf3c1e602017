package render

import (
	"strings"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/search"
	"github.com/townpress/townpress/internal/status"
)

// words say, in one language, what the pages and their charts say of
// figures besides the figures: coverage, breaks in coverage, why a change
// is "—". Pages and charts (through chartWords) use the same.
type words struct{ l *i18n.Lang }

// reporting is a total's coverage in words: "12/13个镇报送".
func (w words) reporting(f model.Figure) string { return w.l.T("reporting", f.Reporting, f.Of) }

// coverage is a figure's coverage as a table cell shows it: "12/13",
// the members that reported of the members that year.
func (w words) coverage(f model.Figure) string { return w.l.Int(f.Reporting) + "/" + w.l.Int(f.Of) }

// prevCoverage is the year before's coverage, "11/13".
func (w words) prevCoverage(f model.Figure) string {
	return w.l.Int(f.PrevReporting) + "/" + w.l.Int(f.PrevOf)
}

// breakTip says, in a tooltip or beside a headline figure, that coverage
// differs from the year before and on what basis the change is counted:
// the matched towns, or the office's own growth where it typed one.
func (w words) breakTip(ind *model.Indicator, f model.Figure) string {
	switch {
	case f.Delta.Typed:
		return w.l.T("break_tip_typed", w.prevCoverage(f))
	case ind.Rate():
		return w.l.T("break_tip_rate", w.prevCoverage(f))
	}
	return w.l.T("break_tip", w.prevCoverage(f), f.Matched)
}

// breakNote is the footnote of a year whose coverage differs from the
// year before.
func (w words) breakNote(year int, ind *model.Indicator, f model.Figure) string {
	switch {
	case f.Delta.Typed:
		return w.l.T("break_year_typed", w.l.Year(year), w.coverage(f), w.prevCoverage(f))
	case ind.Rate():
		return w.l.T("break_year_rate", w.l.Year(year), w.coverage(f), w.prevCoverage(f))
	}
	return w.l.T("break_year", w.l.Year(year), w.coverage(f), w.prevCoverage(f), f.Matched)
}

// official says what a total is, where the indicator has official totals
// in some scope or year (else "": every total is the towns', as the
// page's notes say): the office's (官方合计), with the towns' sum where the
// two differ as shown, the reconciliation a reader needs; or the towns'
// figures summed (各镇数值汇总), or a rate's ratio of its parts' sums.
func (w words) official(ind *model.Indicator, f model.Figure) string {
	switch key := search.TotalKey(ind, f); key {
	case "":
		return ""
	case "summed_total", "ratio_total":
		return w.l.T(key)
	}
	if r := w.reconcile(ind, f); r != "" {
		return w.l.T("official_total") + w.l.T("official_differs", r)
	}
	return w.l.T("official_total")
}

// reconcile is the towns' sum of an official total where it differs from
// the office's as the page shows them, "各镇数值之和 109.3"; "" where they
// agree (to the places shown) or there is no sum.
func (w words) reconcile(ind *model.Indicator, f model.Figure) string {
	if !f.Official || !f.Value.Valid() || !f.Summed.Valid() {
		return ""
	}
	if own, towns := w.l.Value(f.Value, ind.Decimals), w.l.Value(f.Summed, ind.Decimals); own != towns {
		return w.l.T("reconcile", towns)
	}
	return ""
}

// officialNote is the note on a chart's official totals (Words.OfficialNote).
func (w words) officialNote(scopes []string, years []int, all bool, differs []string) string {
	what := strings.Join(scopes, w.l.T("list_sep"))
	if years != nil && !all {
		what += w.l.T("paren", w.yearRuns(years))
	}
	detail := ""
	if len(differs) > 0 {
		detail = w.l.T("official_differs", strings.Join(differs, w.l.T("semicolon")))
	}
	if all {
		return w.l.T("official_note_all", what, detail)
	}
	return w.l.T("official_note", what, detail)
}

// yearRuns writes years as runs, "2020年—2024年、2026年" ("2020–2024, 2026").
func (w words) yearRuns(years []int) string {
	var parts []string
	for i := 0; i < len(years); {
		j := i
		for j+1 < len(years) && years[j+1] == years[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, w.l.T("year_run", w.l.Year(years[i]), w.l.Year(years[j])))
		} else {
			parts = append(parts, w.l.Year(years[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, w.l.T("list_sep"))
}

// basis says what a change is: the office's growth (at comparable
// prices, 按可比价计算), or computed from the levels.
func (w words) basis(d model.Delta) string { return w.l.T(search.BasisKey(d)) }

// growthBasis is the note under a table of changes (headed head) some of
// which the office typed: which (typed, the years or towns) and on what
// basis, the others computed; "" when it shows none typed, whose changes
// are all computed as every page says.
func (w words) growthBasis(head string, typed, computed []string, comparable bool) string {
	if len(typed) == 0 {
		return ""
	}
	basis := w.basis(model.Delta{Typed: true, Comparable: comparable})
	if len(computed) == 0 {
		return w.l.T("basis_all", head, basis)
	}
	return w.l.T("basis_mixed", head, strings.Join(typed, w.l.T("list_sep")), basis, w.l.T("basis_computed"))
}

// why is the footnote that says why a change is "—", or "" when "—" says
// enough.
func (w words) why(why model.Why) string {
	if key := i18n.WhyKey(why); key != "" {
		return w.l.T(key)
	}
	return ""
}

// markNames names marks as a tooltip or a line of text says them:
// "初步数、修订数". The symbols are status's; the words the translations'
// (mark_provisional …).
func (w words) markNames(f status.Flag) string {
	var names []string
	for _, g := range status.Flags {
		if f.Has(g) {
			names = append(names, w.l.T("mark_"+g.Key()))
		}
	}
	return strings.Join(names, w.l.T("list_sep"))
}

// noteLine is a footnote as the notes under a table write it: "① …".
func (w words) noteLine(ref, text string) string { return w.l.T("footnote", ref, text) }

// chartWords are the words of the language's charts.
func chartWords(l *i18n.Lang) *chart.Words {
	w := words{l}
	return &chart.Words{
		Format:       l,
		Year:         l.T("year"),
		Town:         l.T("town"),
		Rank:         l.T("rank"),
		Total:        l.T("total"),
		Tier:         l.T("tier"),
		Longitude:    l.T("longitude"),
		Latitude:     l.T("latitude"),
		Growth:       l.T("growth") + " (%)",
		ChangePoints: l.T("change_points"),
		Reporting:    l.T("reporting_col"),
		ReportingN:   l.T("reporting_n"),
		MembersN:     l.T("members_n"),
		ValueOf: func(name, unit string) string {
			if l.IsEn() {
				return name + " (" + unit + ")"
			}
			return name + "（" + unit + "）"
		},
		ReportingOf:    func(scope string) string { return l.T("reporting_of", scope) },
		ReportingNOf:   func(scope string) string { return l.T("reporting_n_of", scope) },
		MembersNOf:     func(scope string) string { return l.T("members_n_of", scope) },
		PointsUnit:     l.T("points_unit"),
		RankAll:        l.T("rank_all"),
		RankInTier:     func(tier string) string { return l.T("rank_in_tier", tier) },
		GrowthRankNote: l.T("growth_rank_note"),
		OthersTowns:    func(n int) string { return l.T("others_towns", n) },
		MissingTowns:   func(n int) string { return l.T("missing_towns", n) },
		ReportingText:  w.reporting,
		BreakTip:       w.breakTip,
		BreakNote:      w.breakNote,
		BreakStyle:     l.T("break_style"),
		Why:            w.why,
		Paren:          func(s string) string { return l.T("paren", s) },
		Colon:          l.T("colon"),
		Semicolon:      l.T("semicolon"),
		MarkNames:      w.markNames,
		StatusOf:       func(head string) string { return l.T("status_of", head) },
		NotesCol:       l.T("notes_col"),
		NoteLine:       w.noteLine,
		Hatched:        l.T("hatched_note"),
		Dashed:         l.T("dashed_note"),
		Official:       w.official,
		Reconcile:      w.reconcile,
		OfficialNote:   w.officialNote,
		GrowthBasis:    w.growthBasis,
		TownsCount:     func(n int) string { return l.T("n_towns", l.Int(n)) },
	}
}
