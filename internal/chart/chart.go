package chart

import (
	"encoding/json"
	"slices"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
)

// Chart is one chart of a page: its option and the table of the same
// numbers, written in the page's language (see Words). How a card shows
// it is render's.
type Chart struct {
	ID       string // unique within its page; also the id of its data files
	Title    string
	Unit     string
	Source   string
	Decimals int
	Height   int    // pixels on a desktop
	Option   string // ECharts option as JSON, with <, > and & escaped
	Table    Table
	// Footnotes are the table's notes, shown under it: why a change is
	// "—", where coverage differs from the year before.
	Footnotes []string

	text *pointText // what finish puts under "townpress"; textHole in a skeleton
}

// pointText is what a chart shows of its points, as the option carries it
// under "townpress": the page script labels each point and writes each
// tooltip from it, and never formats a number of its own.
type pointText struct {
	// Text is, per series and data point, the figure as the table shows
	// it: the value label, "—" for a gap.
	Text [][]string `json:"text"`
	// Tip is, per series and data point, the tooltip's line when it says
	// more than the label and the unit (coverage, a rank); nil for none.
	Tip [][]string `json:"tip,omitempty"`
	// Foot is, per category, a line the tooltip adds after the series: a
	// stack's total with its coverage.
	Foot []string `json:"foot,omitempty"`
	// Say is, per series, what a point of it is called when the page
	// script reads it out to a keyboard user ("2023年 工业产值 19.9 亿元"):
	// the indicator where the series is the page's own town or scope;
	// nil where the series' names say it.
	Say []string `json:"say,omitempty"`
}

// Table is the chart's numbers as a table.
type Table struct {
	Caption string
	Head    []string // column headers; the first heads the row headers
	// DataHead heads the columns of the rows' Data where they differ
	// from the table's: a coverage the table shows as "12/13" is two
	// numbers in a data file (a spreadsheet reads 12/13 as a date).
	DataHead []string
	Rows     []Row
}

// Row is one table row: a header cell and the formatted values.
type Row struct {
	Header string
	Cells  []string
	Data   []string // the same values as data files carry them (columns of DataHead, or of Head): no separators, "" when missing; nil when the site makes no chart files
}

// Palette is the series colours, in order: Okabe and Ito's colours for
// the common colour-vision deficiencies, darkened to keep 3:1 against
// white (WCAG's contrast for graphics). Eight is as many colours as stay
// apart for every reader; a chart of more series tells them apart by a
// second cue as well (SeriesCue). The first three are the tiers'.
var Palette = []string{"#1f5fa8", "#d55e00", "#009e73", "#b8860b", "#8e44ad", "#cc3e7a", "#2f8bc0", "#56697a"}

// The second and third cues of a line: its markers' shape and its dash.
// Seven shapes, each in a solid and then a dotted line, make 14 lines
// told apart without colour; against eight colours no two of the first
// 56 series look alike (a chart draws at most 30). Never dashed: a dashed
// line says its figures are provisional.
var (
	lineSymbols = []string{"circle", "rect", "triangle", "diamond", "roundRect", "pin", "arrow"}
	lineDashes  = []string{"solid", "dotted"}
)

// SeriesCue is how the k-th series of a chart of lines looks: the colour
// ECharts gives it from the option's Palette (k mod 8), its markers'
// shape and its dash (solid or dotted).
type SeriesCue struct {
	Color  string `json:"c"`
	Symbol string `json:"s"`
	Dash   string `json:"d"`
}

// Cue is the k-th series' cue, from 0.
func Cue(k int) SeriesCue {
	return SeriesCue{Palette[k%len(Palette)], lineSymbols[k%len(lineSymbols)], lineDashes[k/len(lineSymbols)%len(lineDashes)]}
}

// Cues are the first n series' cues, for the page script's own charts
// (the comparison), which take them rather than decide again.
func Cues(n int) []SeriesCue {
	out := make([]SeriesCue, n)
	for k := range out {
		out[k] = Cue(k)
	}
	return out
}

// Builder makes charts for one site in one language.
type Builder struct {
	Site  *model.Site
	Words *Words // the language's
	// Until is the last year charts show, for an annual report of an earlier
	// year; 0 shows every year.
	Until int
	// Skeletons, when set, caches chart options shared by the pages of one
	// language.
	Skeletons *Skeletons
}

// Words are what a chart writes in its reader's language, and how it
// writes figures: render makes them from the page's language
// (render/words.go), so that a chart's table, labels and tooltips say
// what the page around them says, by the same rules. Texts with numbers
// in them are functions.
type Words struct {
	Format Formatter

	// Column headers.
	Year, Town, Rank, Total string
	// Tier, Longitude and Latitude head a town map's table.
	Tier, Longitude, Latitude string
	Growth                    string // of a change in percent, "同比增长 (%)"
	ChangePoints              string // of a rate's change, in percentage points
	Reporting                 string // of a total's coverage, "12/13"
	ReportingN, MembersN      string // of the two numbers of a coverage in a data file
	// ValueOf heads a column of an indicator's figures in its unit.
	ValueOf func(name, unit string) string
	// ReportingOf, ReportingNOf and MembersNOf head a scope's coverage
	// columns in a table of several scopes.
	ReportingOf, ReportingNOf, MembersNOf func(scope string) string

	// PointsUnit is the unit of a rate's change, "百分点".
	PointsUnit string
	// RankAll heads a rank among all towns, "全部专业镇中排名", and
	// RankInTier one within a tier, "市级专业镇中排名".
	RankAll    string
	RankInTier func(tier string) string
	// GrowthRankNote says under a growth ranking what it ranks and
	// leaves out.
	GrowthRankNote string

	// OthersTowns and MissingTowns head the rows of a capped ranking for
	// the n towns it leaves out and the n without a figure.
	OthersTowns, MissingTowns func(n int) string

	// Reporting is a total's coverage in words, "12/13个镇报送".
	ReportingText func(f model.Figure) string
	// BreakTip says, in a tooltip, that a total's coverage differs from the
	// year before and on what basis its change is counted; BreakNote is
	// the same as a year's footnote, and BreakStyle the note on how such
	// totals are drawn.
	BreakTip   func(ind *model.Indicator, f model.Figure) string
	BreakNote  func(year int, ind *model.Indicator, f model.Figure) string
	BreakStyle string
	// Why is the footnote that says why a change is "—", or "" when "—"
	// says enough.
	Why func(model.Why) string

	Paren            func(string) string // "（…）"
	Colon, Semicolon string
}

// Formatter writes figures, counts, years and names as every page does;
// *i18n.Lang is one.
type Formatter interface {
	Fig(d num.Dec, places int) string       // a figure, rounded by the site's rule; "—" when missing
	SignedFig(d num.Dec, places int) string // a change, with its sign
	Int(n int) string                       // a count: 20,000
	Year(y int) string                      // "2024年"
	Pick(zh, en string) string              // a name in the language, Chinese when there is no English
	WithUnit(figure, unit string) string    // a figure and its unit: 19.9 亿元, 3.00%
}

// span is how many of the site's years the charts show.
func (b *Builder) span() int {
	n := len(b.Site.Years)
	if b.Until != 0 {
		for n > 0 && b.Site.Years[n-1] > b.Until {
			n--
		}
	}
	return n
}

func (b *Builder) indName(ind *model.Indicator) string {
	return b.Words.Format.Pick(ind.Name, ind.NameEn)
}
func (b *Builder) unit(ind *model.Indicator) string { return b.Words.Format.Pick(ind.Unit, ind.UnitEn) }
func (b *Builder) townName(t *model.Town) string    { return b.Words.Format.Pick(t.Name, t.NameEn) }
func (b *Builder) tierName(t *model.Tier) string    { return b.Words.Format.Pick(t.Name, t.NameEn) }
func (b *Builder) source() string {
	return b.Words.Format.Pick(b.Site.Config.Site.Source, b.Site.Config.Site.SourceEn)
}
func (b *Builder) year(y int) string { return b.Words.Format.Year(y) }

func (b *Builder) years() []string {
	out := make([]string, b.span())
	for i, y := range b.Site.Years[:b.span()] {
		out[i] = b.year(y)
	}
	return out
}

// cell formats a value for a table, as every page writes figures.
func (b *Builder) cell(v model.Value, decimals int) string {
	return b.Words.Format.Fig(v.Dec, decimals)
}

// delta formats a year-on-year change for a table, with its sign: a
// growth in percent or a rate's change in points (the column's header
// says which); "—" when there is none.
func (b *Builder) delta(d model.Delta) string { return b.Words.Format.SignedFig(d.Dec, d.Decimals) }

// whyNotes are the footnotes that say why changes in a table are "—", one
// for each reason that needs saying: a missing figure says so itself, a
// base of zero or less does not.
func (b *Builder) whyNotes(notes []string, deltas ...model.Delta) []string {
	for _, d := range deltas {
		if note := b.Words.Why(d.Why); note != "" && !slices.Contains(notes, note) {
			notes = append(notes, note)
		}
	}
	return notes
}

// raw formats a value for a data file: as typed (or summed), or, for a
// derived figure, rounded as the table shows it.
func (b *Builder) raw(v model.Value, decimals int) string { return v.Data(decimals, b.Site.Rule) }

// point is a value as ECharts reads it: a number, or "-" for a gap. It is
// the figure as a data file carries it (num.Dec.Data: every digit of a
// typed figure or sum, a derived one as shown); what a label shows is the
// table's text (see Labels).
func (b *Builder) point(v model.Value, places int) any {
	if !v.Valid() {
		return "-"
	}
	return json.Number(v.Data(places, b.Site.Rule))
}

// finish writes the chart's option, with what it shows of its points.
func (b *Builder) finish(c *Chart, o *Option) *Chart {
	o.Text = c.text
	c.Option = o.marshal(c.ID)
	return c
}
