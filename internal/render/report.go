package render

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/release"
)

// Report pages: reports/index.html lists the years, reports/<year>/ is one
// year's report, printable (see @media print in townpress.css).

// ReportsView is the list of annual reports.
type ReportsView struct {
	*Frame
	ReportYears []int // the years that have a report, latest first
}

func newReportsView(f *Frame) *ReportsView {
	years := f.Site.ReportYears()
	out := make([]int, len(years))
	for i, y := range years {
		out[len(years)-1-i] = y
	}
	return &ReportsView{Frame: f, ReportYears: out}
}

// ReportView is one year's annual report.
type ReportView struct {
	*Frame
	ReportTitle   string // 2024年度专业镇发展报告
	ReportIndex   int    // the report year's index in Site.Years
	Narrative     Narrative
	ReportKPIs    []KPI // the city's totals in the report year
	ReportSummary Summary
	ReportCharts  []*Card
	Targets       []*model.TargetResult // the targets of the report year
	TargetGroups  []TargetGroup
	ReportTiers   []ReportTier
	// The table of every town, or of the leading ones (see ReportTier).
	ReportTownsCapped bool
	ReportTownsTitle  string
	ReportTownsNote   template.HTML // a capped table's note
	ReportTownRows    template.HTML
	ReportTownsTotal  template.HTML // a capped table's total row
	ReportTownsNotes  []string      // the table's footnotes
	FigureNotes       []string
	// Versions says which release the report is, with every release's
	// copy of its workbook (and PDF); Updates is "最近更新 / 下次更新".
	// Nil and zero on a site without releases.
	Versions *Versions
	Updates  release.UpdatesLine
}

// ReportTier is a tier's section of a report. A tier of more than
// FullRanking towns lists only its leading ReportTop, ranked (Capped):
// every town of a national site would make the page tens of megabytes,
// and its members are all on the tier page, the towns list and the
// report workbook.
type ReportTier struct {
	Tier    *model.Tier
	Members []*model.Town // the tier's members in the report's year
	KPIs    []KPI
	Chart   *Card
	Capped  bool // the members table lists the leading ReportTop
	Caption string
	// Rows are the members table's rows (fragments.go), RowsNotes its
	// footnotes; a capped table's Note says which towns it lists and
	// where every member is, and Total is its total row.
	Rows      template.HTML
	RowsNotes []string
	Note      template.HTML
	Total     template.HTML
	// HasCounty and HasIndustry say whether any member has a county or
	// a leading industry on record: a column with nothing in it is left
	// out, not printed empty on a phone or on paper.
	HasCounty, HasIndustry bool
}

// memberColumns says which text columns of a members table hold
// something: a towns sheet without 县市区 leaves that column out.
func (f *Frame) memberColumns(towns []*model.Town) (county, industry bool) {
	for _, t := range towns {
		county = county || f.County(t) != ""
		industry = industry || f.Industry(t) != ""
		if county && industry {
			break
		}
	}
	return county, industry
}

func newReportView(f *Frame) (*ReportView, error) {
	v := &ReportView{Frame: f, ReportTitle: f.Title, ReportIndex: f.reportIndex(), Updates: f.updates(nil)}
	report := fmt.Sprintf("%sdownloads/report-%d", f.Lang.Prefix, f.ReportYear)
	v.Versions = f.versions(report+".xlsx", report+".pdf")
	var err error
	if v.Narrative, err = f.narrative(); err != nil {
		return nil, err
	}
	ind, yi := f.First, v.ReportIndex
	v.ReportKPIs = f.scopeKPIs(f.Site.Tiers, yi)
	v.ReportSummary = f.reportSummary()
	var charts []*chart.Chart
	if ind.HasTotal() {
		charts = append(charts, f.charts.ByTier(chartID("report", ind.ID, "tiers"), f.T("city_trend", f.IndName(ind)), ind))
	}
	charts = append(charts, f.rankingAt(chartID("report", ind.ID, "towns"), f.T("towns_output", f.IndName(ind), f.ReportYear), ind, f.Site.Towns, yi))
	v.ReportCharts = f.cards(charts...)
	v.Targets = f.targets()
	v.TargetGroups = f.targetGroups(v.Targets)
	for _, t := range f.Site.Tiers {
		v.ReportTiers = append(v.ReportTiers, f.reportTier(t))
	}
	v.ReportTownsCapped = reportCapped(f.Site.Towns)
	v.ReportTownsTitle = f.T("report_towns")
	if v.ReportTownsCapped {
		v.ReportTownsTitle = f.T("report_towns_top", f.IndName(ind), min(ReportTop, len(f.Site.Towns)))
	}
	var notes []int
	if f.prints.reports {
		if v.ReportTownsCapped {
			v.ReportTownsNote = f.reportNote("report_towns_note", len(f.Site.Towns),
				link{f.Rel("towns/index.html"), f.T("report_where_towns")},
				link{f.ReportXLSX(f.ReportYear), f.T("report_where_xlsx")})
			v.ReportTownsTotal = f.reportTotal(f.Site.Tiers, 1, f.T("report_total_of", f.Lang.Num(float64(len(f.Site.Towns)), 0)), &notes)
		}
		v.ReportTownRows = f.reportRows(f.Site.Towns, true, false, false, &notes)
	}
	v.ReportTownsNotes = append(f.WhyNotes(f.reportListed(f.Site.Towns), ind, yi), f.noteLines(notes)...)
	v.FigureNotes = f.figureNotes()
	return v, nil
}

// reportTier is a tier's section: totals with growth, and the members
// compared on the first indicator. Its members are those of the report's
// year: a town recognised later is not in the tier's section of an
// earlier report, as it is not in the tier's figures of that year.
func (f *Frame) reportTier(t *model.Tier) ReportTier {
	ind, yi := f.First, f.reportIndex()
	members := f.Site.MembersIn(t, f.ReportYear)
	rt := ReportTier{Tier: t, Members: members, KPIs: f.scopeKPIs([]*model.Tier{t}, yi), Capped: reportCapped(members)}
	what := f.T("members")
	if rt.Capped {
		what = f.T("report_top", f.IndName(ind), min(ReportTop, len(members)))
	}
	rt.Caption = f.TierName(t) + " · " + what + f.T("paren", f.Year(f.ReportYear))
	if len(members) == 0 {
		return rt
	}
	var notes []int
	rt.HasCounty, rt.HasIndustry = true, true
	if f.prints.dropEmpty {
		rt.HasCounty, rt.HasIndustry = f.memberColumns(members)
	}
	if f.prints.reports {
		rt.Rows = f.reportRows(members, false, rt.HasCounty, rt.HasIndustry, &notes)
	}
	if rt.Capped && f.prints.reports {
		rt.Note = f.reportNote("report_tier_top", len(members),
			link{f.TierHref(t), f.T("report_where_tier", f.TierName(t))},
			link{f.Rel("towns/index.html"), f.T("report_where_towns")},
			link{f.ReportXLSX(f.ReportYear), f.T("report_where_xlsx")})
		textCols := 0
		for _, has := range []bool{rt.HasCounty, rt.HasIndustry} {
			if has {
				textCols++
			}
		}
		rt.Total = f.reportTotal([]*model.Tier{t}, textCols, f.T("report_total_of", f.Lang.Int(len(members))), &notes)
	}
	rt.RowsNotes = append(f.WhyNotes(f.reportListed(members), ind, yi), f.noteLines(notes)...)
	rt.Chart = f.card(f.rankingAt(chartID("report", t.ID, ind.ID), f.T("tier_compare", f.IndName(ind), f.ReportYear)+" · "+f.TierName(t), ind, members, yi), "")
	return rt
}

// section is the report's section of tier t.
func (v *ReportView) section(t *model.Tier) *ReportTier {
	for i := range v.ReportTiers {
		if v.ReportTiers[i].Tier == t {
			return &v.ReportTiers[i]
		}
	}
	return &ReportTier{}
}

// ReportTierRows, ReportTierCaption, ReportTierNote and ReportTierTotal
// are a tier's section's Rows, Caption, Note and Total, for layouts
// written before the sections held them; ReportRowsNotes is a section's
// RowsNotes, or for nil, ReportTownsNotes.
func (v *ReportView) ReportTierRows(t *model.Tier) template.HTML  { return v.section(t).Rows }
func (v *ReportView) ReportTierCaption(t *model.Tier) string      { return v.section(t).Caption }
func (v *ReportView) ReportTierNote(t *model.Tier) template.HTML  { return v.section(t).Note }
func (v *ReportView) ReportTierTotal(t *model.Tier) template.HTML { return v.section(t).Total }
func (v *ReportView) ReportRowsNotes(t *model.Tier) []string {
	if t == nil {
		return v.ReportTownsNotes
	}
	return v.section(t).RowsNotes
}

// ReportValue is a town's value in the report year.
func (v *ReportView) ReportValue(t *model.Town, ind *model.Indicator) model.Value {
	return t.Values[ind.ID].At(v.ReportIndex)
}

// ReportGrowth is a town's year-on-year change in the report year: its
// growth, or for a rate its change in percentage points.
func (v *ReportView) ReportGrowth(t *model.Town, ind *model.Indicator) model.Delta {
	return t.Delta(ind, v.ReportIndex)
}

func reportCapped(towns []*model.Town) bool { return len(towns) > FullRanking }

// reportListed is the towns a report table lists: every one when they are
// few, else the leading ReportTop by the first indicator in the report
// year, in the order of the report workbook's tier sheets.
func (f *Frame) reportListed(towns []*model.Town) []*model.Town {
	if !reportCapped(towns) {
		return towns
	}
	return model.Leading(towns, f.First.ID, f.reportIndex(), ReportTop)
}

// SummaryRow is one indicator's line of a report's summary table.
type SummaryRow struct {
	Indicator                *model.Indicator
	Name, Unit               string
	Value, Previous          string // the totals of the report year and the year before, each on its own coverage
	Change, Growth, Coverage string // the change on the matched basis; coverage "13/13", marked ※ where it differs from the year before
	PrevCoverage             string // the year before's coverage, behind Previous
	// The marks of Value, Previous, Change and Growth as the page writes
	// them after a figure (p, r …, a footnote's number).
	ValueMark, PreviousMark, ChangeMark, GrowthMark template.HTML
}

// reportSummary is the report's summary table: every indicator with a
// total, its total in the report year and the year before, the change
// and growth over the towns that reported in both years, and coverage.
// Its notes are the table's footnotes: where coverage differs from the
// year before, what the two coverages are and what the change is counted
// on.
func (f *Frame) reportSummary() Summary {
	var rows []SummaryRow
	var lines, whys []string
	var notes []int // the footnotes of the table's figures
	// The totals that are the office's, with the towns' sum where it
	// differs as shown, and those summed: where some are the office's,
	// the table says which is which.
	var official, summed []string
	reconciled := true // every official total is its towns' sum as shown
	// Indicators whose coverage differs alike share one note: the
	// towns behind them are the same.
	breaks := map[string][]string{}
	var breakOrder []string
	yi := f.reportIndex()
	for _, ind := range f.Site.Indicators {
		if !ind.HasTotal() {
			continue
		}
		fig := f.Site.ScopeFigure(ind, f.Site.Tiers, yi)
		r := SummaryRow{Indicator: ind, Name: f.IndName(ind), Unit: f.Unit(ind), Value: f.Num(fig.Value, ind),
			Previous: f.Num(fig.Previous, ind), Coverage: f.Coverage(fig), PrevCoverage: "—"}
		if fig.Previous.Valid() || fig.PrevOf > 0 {
			r.PrevCoverage = f.words().prevCoverage(fig)
		}
		mark := func(v model.Value, ref model.FigureRef) template.HTML { return f.markString(f.markIn(&notes, v, ref)) }
		ref := f.Site.TotalFigure(ind, f.Site.Tiers, f.ReportYear)
		r.ValueMark, r.PreviousMark = mark(fig.Value, ref), mark(fig.Previous, ref.In(f.ReportYear-1))
		if ind.Rate() {
			// A rate's change is in points, and a growth of a rate in
			// percent means nothing.
			r.Change, r.Growth = f.Pct(fig.Delta), "—"
			r.ChangeMark = mark(fig.Delta.Value, ref.GrowthOf(fig.Delta))
		} else {
			// The change in the unit is computed: no figure of its own.
			r.Change, r.Growth = f.SignedNum(fig.Change, ind), f.Pct(fig.Delta)
			r.ChangeMark, r.GrowthMark = mark(fig.Change, model.FigureRef{}), mark(fig.Delta.Value, ref.GrowthOf(fig.Delta))
		}
		if fig.Break() {
			r.Coverage += " ※"
			note := f.words().breakNote(f.ReportYear, ind, fig)
			if _, ok := breaks[note]; !ok {
				breakOrder = append(breakOrder, note)
			}
			breaks[note] = append(breaks[note], r.Name)
		}
		switch {
		case fig.Official:
			name := r.Name
			if rec := f.words().reconcile(ind, fig); rec != "" {
				name += f.T("paren", rec)
				reconciled = false
			}
			official = append(official, name)
		case fig.Value.Valid():
			summed = append(summed, r.Name) // the towns' sum, or a rate's ratio of sums
		}
		if why := f.words().why(fig.Delta.Why); why != "" && !slices.Contains(whys, why) {
			whys = append(whys, why)
		}
		rows = append(rows, r)
	}
	for _, note := range breakOrder {
		lines = append(lines, strings.Join(breaks[note], f.T("list_sep"))+f.T("colon")+note)
	}
	switch sep := f.T("list_sep"); {
	case len(official) > 0 && len(summed) > 0:
		lines = append(lines, f.T("summary_official", strings.Join(official, sep), strings.Join(summed, sep)))
	case len(official) == len(rows) && reconciled:
		lines = append(lines, f.T("summary_official_every"))
	case len(official) > 0:
		lines = append(lines, f.T("summary_official_all", strings.Join(official, sep)))
	}
	return Summary{rows, append(append(lines, whys...), f.noteLines(notes)...)}
}

// Summary is a report's summary table and its footnotes.
type Summary struct {
	Rows  []SummaryRow
	Notes []string
}

// narrative is the report year's text from narrative/reports/<year>.md in
// the data folder (<year>.en.md for the English edition when there is one),
// as HTML. Raw HTML in the Markdown is dropped: the text comes from data.
func (f *Frame) narrative() (Narrative, error) {
	if f.r.Data == nil {
		return Narrative{}, nil
	}
	names := NarrativeNames(f.ReportYear, f.Lang.IsEn())
	for _, name := range names {
		src, ok, err := readNarrative(f.r.Data, name)
		if err != nil {
			return Narrative{}, err
		}
		if !ok {
			continue
		}
		var buf bytes.Buffer
		if err := markdown().Convert(src, &buf); err != nil {
			return Narrative{}, fmt.Errorf("narrative %s: %w", name, err)
		}
		n := Narrative{HTML: template.HTML(buf.String()), Lang: f.Lang.Code}
		if len(names) > 1 && name == names[len(names)-1] {
			// The English edition shows the Chinese text, and says so.
			n.Lang, n.Note = "zh-CN", f.T("narrative_original")
		}
		return n, nil
	}
	return Narrative{}, nil
}

// Narrative is a report's text and the language it is written in, which
// differs from the page's when an English page falls back to Chinese text.
type Narrative struct {
	HTML template.HTML
	Lang string
	// Note says, in the page's language, that the text is the Chinese
	// original where no translation was given; "" otherwise.
	Note string
}

// markdown converts with goldmark's defaults, which leave raw HTML out and
// drop javascript: links; tables and strikethrough are allowed.
var markdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
})
