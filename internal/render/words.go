package render

import (
	"strings"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
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
// differs from the year before and on what basis the change is counted.
func (w words) breakTip(ind *model.Indicator, f model.Figure) string {
	if ind.Rate() {
		return w.l.T("break_tip_rate", w.prevCoverage(f))
	}
	return w.l.T("break_tip", w.prevCoverage(f), f.Matched)
}

// breakNote is the footnote of a year whose coverage differs from the
// year before.
func (w words) breakNote(year int, ind *model.Indicator, f model.Figure) string {
	if ind.Rate() {
		return w.l.T("break_year_rate", w.l.Year(year), w.coverage(f), w.prevCoverage(f))
	}
	return w.l.T("break_year", w.l.Year(year), w.coverage(f), w.prevCoverage(f), f.Matched)
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
		ReportingOf:   func(scope string) string { return l.T("reporting_of", scope) },
		ReportingNOf:  func(scope string) string { return l.T("reporting_n_of", scope) },
		MembersNOf:    func(scope string) string { return l.T("members_n_of", scope) },
		OthersTowns:   func(n int) string { return l.T("others_towns", n) },
		MissingTowns:  func(n int) string { return l.T("missing_towns", n) },
		ReportingText: w.reporting,
		BreakTip:      w.breakTip,
		BreakNote:     w.breakNote,
		BreakStyle:    l.T("break_style"),
		Why:           w.why,
		Paren:         func(s string) string { return l.T("paren", s) },
		Colon:         l.T("colon"),
		Semicolon:     l.T("semicolon"),
		MarkNames:     w.markNames,
		StatusOf:      func(head string) string { return l.T("status_of", head) },
		NotesCol:      l.T("notes_col"),
		NoteLine:      w.noteLine,
		Hatched:       l.T("hatched_note"),
		Dashed:        l.T("dashed_note"),
	}
}
