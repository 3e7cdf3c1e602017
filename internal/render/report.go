package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
)

// Report pages: reports/index.html lists the years, reports/<year>/ is one
// year's report, printable (see @media print in townpress.css).

// ReportTitle is the report's title: 2024年度专业镇发展报告.
func (p *Page) ReportTitle() string { return p.T("report_title", p.ReportYear) }

// ReportIndex is the report year's index in Site.Years.
func (p *Page) ReportIndex() int { return p.Site.YearIndex(p.ReportYear) }

// ReportKPIs are the city's totals in the report year.
func (p *Page) ReportKPIs() []KPI { return p.scopeKPIsAt(p.Site.Tiers, p.ReportIndex()) }

// SummaryRow is one indicator's line of a report's summary table.
type SummaryRow struct {
	Indicator                *model.Indicator
	Name, Unit               string
	Value, Previous          string // the totals of the report year and the year before, each on its own coverage
	Change, Growth, Coverage string // the change on the matched basis; coverage "13/13", marked ※ where it differs from the year before
	PrevCoverage             string // the year before's coverage, behind Previous
}

// ReportSummary is the report's summary table: every indicator with a
// total, its total in the report year and the year before, the change
// and growth over the towns that reported in both years, and coverage.
// Its notes are the table's footnotes: where coverage differs from the
// year before, what the two coverages are and what the change is counted
// on.
func (p *Page) ReportSummary() Summary {
	var rows []SummaryRow
	var notes, whys []string
	// Indicators whose coverage differs alike share one note: the
	// towns behind them are the same.
	breaks := map[string][]string{}
	var breakOrder []string
	yi := p.ReportIndex()
	for _, ind := range p.Site.Indicators {
		if !ind.HasTotal() {
			continue
		}
		f := p.Site.ScopeFigure(ind, p.Site.Tiers, yi)
		r := SummaryRow{Indicator: ind, Name: p.IndName(ind), Unit: p.Unit(ind), Value: p.Num(f.Value, ind),
			Previous: p.Num(f.Previous, ind), Coverage: p.Coverage(f), PrevCoverage: "—"}
		if f.Previous.Valid() || f.PrevOf > 0 {
			r.PrevCoverage = p.words().prevCoverage(f)
		}
		if ind.Rate() {
			// A rate's change is in points, and a growth of a rate in
			// percent means nothing.
			r.Change, r.Growth = p.Pct(f.Delta), "—"
		} else {
			r.Change, r.Growth = p.SignedNum(f.Change, ind), p.Pct(f.Delta)
		}
		if f.Break() {
			r.Coverage += " ※"
			note := p.words().breakNote(p.ReportYear, ind, f)
			if _, ok := breaks[note]; !ok {
				breakOrder = append(breakOrder, note)
			}
			breaks[note] = append(breaks[note], r.Name)
		}
		if why := p.words().why(f.Delta.Why); why != "" && !slices.Contains(whys, why) {
			whys = append(whys, why)
		}
		rows = append(rows, r)
	}
	for _, note := range breakOrder {
		notes = append(notes, strings.Join(breaks[note], p.T("list_sep"))+p.T("colon")+note)
	}
	return Summary{rows, append(notes, whys...)}
}

// Summary is a report's summary table and its footnotes.
type Summary struct {
	Rows  []SummaryRow
	Notes []string
}

// ReportTier is a tier's section of a report.
type ReportTier struct {
	Tier    *model.Tier
	Members []*model.Town // the tier's members in the report's year
	KPIs    []KPI
	Chart   *Card
	Capped  bool // the members table lists the leading ReportTop
}

// ReportTiers are the report's sections per tier: totals with growth, and
// the members compared on the first indicator.
func (p *Page) ReportTiers() []ReportTier {
	var out []ReportTier
	ind, yi := p.First(), p.ReportIndex()
	for _, t := range p.Site.Tiers {
		members := p.reportMembers(t)
		rt := ReportTier{Tier: t, Members: members, KPIs: p.scopeKPIsAt([]*model.Tier{t}, yi), Capped: reportCapped(members)}
		if len(members) > 0 {
			rt.Chart = p.card(p.rankingAt(chartID("report", t.ID, ind.ID), p.T("tier_compare", p.IndName(ind), p.ReportYear)+" · "+p.TierName(t), ind, members, yi), "")
		}
		out = append(out, rt)
	}
	return out
}

// ReportCharts are the city's charts: every tier's total over the years up
// to the report's, and every town ranked on the first indicator.
func (p *Page) ReportCharts() []*Card {
	ind, yi := p.First(), p.ReportIndex()
	var out []*chart.Chart
	if ind.HasTotal() {
		out = append(out, p.charts.ByTier(chartID("report", ind.ID, "tiers"), p.T("city_trend", p.IndName(ind)), ind))
	}
	out = append(out, p.rankingAt(chartID("report", ind.ID, "towns"), p.T("towns_output", p.IndName(ind), p.ReportYear), ind, p.Site.Towns, yi))
	return p.cards(out...)
}

// ReportValue is a town's value in the report year.
func (p *Page) ReportValue(t *model.Town, ind *model.Indicator) model.Value {
	return t.Values[ind.ID].At(p.ReportIndex())
}

// ReportGrowth is a town's year-on-year change in the report year: its
// growth, or for a rate its change in percentage points.
func (p *Page) ReportGrowth(t *model.Town, ind *model.Indicator) model.Delta {
	return ind.Delta(t.Values[ind.ID], p.ReportIndex())
}

// ReportYears are the years that have a report, latest first.
func (p *Page) ReportYears() []int {
	years := p.Site.ReportYears()
	out := make([]int, len(years))
	for i, y := range years {
		out[len(years)-1-i] = y
	}
	return out
}

// ReportHref links to a year's report page.
func (p *Page) ReportHref(year int) string { return p.Rel(fmt.Sprintf("reports/%d/index.html", year)) }

// ReportXLSX links to a year's report workbook in this edition.
func (p *Page) ReportXLSX(year int) string {
	return p.Rel(fmt.Sprintf("downloads/report-%d.xlsx", year))
}

// ReportPDF links to a year's printed report, empty when the build made none.
func (p *Page) ReportPDF(year int) string {
	if !p.r.PDF {
		return ""
	}
	return p.Rel(fmt.Sprintf("downloads/report-%d.pdf", year))
}

// Root links to a file shared by every edition, such as downloads/data.json.
func (p *Page) Root(target string) string { return p.up() + target }

// TownCSV and TownXLSX link to a town's own data files.
func (p *Page) TownCSV(t *model.Town) string  { return p.Root("downloads/towns/" + t.ID + ".csv") }
func (p *Page) TownXLSX(t *model.Town) string { return p.Root("downloads/towns/" + t.ID + ".xlsx") }

// Narrative is the report year's text from narrative/reports/<year>.md in
// the data folder (<year>.en.md for the English edition when there is one),
// as HTML. Raw HTML in the Markdown is dropped: the text comes from data.
func (p *Page) Narrative() (Narrative, error) {
	if p.r.Data == nil {
		return Narrative{}, nil
	}
	base := fmt.Sprintf("narrative/reports/%d", p.ReportYear)
	names := []string{base + ".md"}
	if p.Lang.IsEn() {
		names = []string{base + ".en.md", base + ".md"}
	}
	for _, name := range names {
		src, err := fs.ReadFile(p.r.Data, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Narrative{}, fmt.Errorf("narrative: %w", err)
		}
		var buf bytes.Buffer
		if err := markdown().Convert(src, &buf); err != nil {
			return Narrative{}, fmt.Errorf("narrative %s: %w", name, err)
		}
		n := Narrative{HTML: template.HTML(buf.String()), Lang: "en"}
		if name == base+".md" {
			n.Lang = "zh-CN"
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
}

// markdown converts with goldmark's defaults, which leave raw HTML out and
// drop javascript: links; tables and strikethrough are allowed.
var markdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
})

// Download is a file on the downloads page.
type Download struct {
	Path  string      // from the site root, such as "downloads/report-2024.xlsx"
	Size  int64       // bytes
	Kind  FileKind    // what it holds
	Lang  string      // the edition it belongs to; "" for files both share
	Year  int         // report files
	Name  string      // csv: the table's name
	Town  *model.Town // town files
	Group FileGroup   // where the downloads page lists it
}

// DownloadGroup is the downloads of one kind, as the page lists them.
type DownloadGroup struct {
	Name  FileGroup
	Files []Download
	More  int // files left off the list
}

// maxListedTownFiles keeps the downloads page small for a national site:
// every town's files are linked from its own page, and every number is in
// the whole-dataset files anyway.
const maxListedTownFiles = 200

// DownloadGroups are the files of this edition and the shared ones.
func (p *Page) DownloadGroups() []DownloadGroup {
	var out []DownloadGroup
	for _, g := range FileGroups {
		group := DownloadGroup{Name: g}
		for _, d := range p.r.Downloads {
			if d.Group == g && (d.Lang == "" || d.Lang == p.Lang.Code) {
				group.Files = append(group.Files, d)
			}
		}
		if g == TownFiles && len(group.Files) > maxListedTownFiles {
			group.More = len(group.Files) - maxListedTownFiles
			group.Files = group.Files[:maxListedTownFiles]
		}
		if len(group.Files) > 0 {
			out = append(out, group)
		}
	}
	return out
}

// DownloadText says what a file holds.
func (p *Page) DownloadText(d Download) string {
	switch d.Kind {
	case ReportXLSXFile, ReportPDFFile:
		return p.T("dl_"+string(d.Kind), d.Year)
	case CSVFile:
		return p.T("dl_csv_" + d.Name)
	case TownCSVFile, TownXLSXFile:
		return p.T("dl_"+string(d.Kind), p.TownName(d.Town))
	}
	return p.T("dl_" + string(d.Kind))
}

// Size is a file size as people read it.
func (p *Page) Size(n int64) string {
	switch {
	case n >= 1<<20:
		return p.Lang.Num(float64(n)/(1<<20), 1) + " MB"
	case n >= 1<<10:
		return p.Lang.Num(float64(n)/(1<<10), 0) + " KB"
	}
	return fmt.Sprintf("%d B", n)
}

// Base is a path's file name.
func (p *Page) Base(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[i+1:]
		}
	}
	return path
}

// ReportTierRows are the rows of a tier's members table, and ReportTownRows
// those of the table of every town: HTML written in Go, as these tables
// hold a town's every indicator and a large site's would otherwise run
// thousands of template actions. A tier, or a site, of more than
// FullRanking towns lists only its leading ReportTop, ranked (see
// reportListed): every town of a national site would make the page tens of
// megabytes, and its members are all on the tier page, the towns list and
// the report workbook.
func (p *Page) ReportTierRows(t *model.Tier) template.HTML {
	return p.reportRows(p.reportMembers(t), false)
}

// reportMembers are the tier's members in the report's year: a town
// recognised later is not in the tier's section of an earlier report, as
// it is not in the tier's figures of that year.
func (p *Page) reportMembers(t *model.Tier) []*model.Town { return p.Site.MembersIn(t, p.ReportYear) }

// ReportTownRows: see ReportTierRows.
func (p *Page) ReportTownRows() template.HTML { return p.reportRows(p.Site.Towns, true) }

// ReportTier.Capped, and ReportTownsCapped for the table of every town,
// tell whether the table lists only the leading towns, with a rank column
// and a total row of the whole scope.
func (p *Page) ReportTownsCapped() bool { return reportCapped(p.Site.Towns) }

func reportCapped(towns []*model.Town) bool { return len(towns) > FullRanking }

// reportListed is the towns a report table lists: every one when they are
// few, else the leading ReportTop by the first indicator in the report
// year, in the order of the report workbook's tier sheets.
func (p *Page) reportListed(towns []*model.Town) []*model.Town {
	if !reportCapped(towns) {
		return towns
	}
	return model.Leading(towns, p.First().ID, p.ReportIndex(), ReportTop)
}

// ReportTownsTitle heads the table of every town, or of the leading ones.
func (p *Page) ReportTownsTitle() string {
	if p.ReportTownsCapped() {
		return p.T("report_towns_top", p.IndName(p.First()), min(ReportTop, len(p.Site.Towns)))
	}
	return p.T("report_towns")
}

// ReportTierCaption is a tier's members table's caption.
func (p *Page) ReportTierCaption(t *model.Tier) string {
	what := p.T("members")
	if members := p.reportMembers(t); reportCapped(members) {
		what = p.T("report_top", p.IndName(p.First()), min(ReportTop, len(members)))
	}
	return p.TierName(t) + " · " + what + p.T("paren", p.Year(p.ReportYear))
}

// ReportTierNote says, under a capped tier's table, which towns it lists
// and where every member is: the tier's page, the towns list and the
// report workbook, all linked.
func (p *Page) ReportTierNote(t *model.Tier) template.HTML {
	return p.reportNote("report_tier_top", len(p.reportMembers(t)),
		link{p.TierHref(t), p.T("report_where_tier", p.TierName(t))},
		link{p.Rel("towns/index.html"), p.T("report_where_towns")},
		link{p.ReportXLSX(p.ReportYear), p.T("report_where_xlsx")})
}

// ReportTownsNote is ReportTierNote for the table of every town.
func (p *Page) ReportTownsNote() template.HTML {
	return p.reportNote("report_towns_note", len(p.Site.Towns),
		link{p.Rel("towns/index.html"), p.T("report_where_towns")},
		link{p.ReportXLSX(p.ReportYear), p.T("report_where_xlsx")})
}

// ReportTierTotal is the total row of a capped tier's table: the whole
// tier's totals, not the listed towns', as in the report workbook.
func (p *Page) ReportTierTotal(t *model.Tier) template.HTML {
	return p.reportTotal([]*model.Tier{t}, 2, p.T("report_total_of", p.Lang.Int(len(p.reportMembers(t)))))
}

// ReportTownsTotal is the total row of the capped table of every town.
func (p *Page) ReportTownsTotal() template.HTML {
	return p.reportTotal(p.Site.Tiers, 1, p.T("report_total_of", p.Lang.Num(float64(len(p.Site.Towns)), 0)))
}
