package chart

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// Chart is one chart of a page: its option and the table of the same
// numbers, written in the page's language (see Words). How a card shows
// it is render's.
type Chart struct {
	ID    string // unique within its page; also the id of its data files
	Title string
	// Indicator is what the chart shows: its page holds the definition
	// (指标解释) that the chart's card links to.
	Indicator *model.Indicator
	Unit      string
	Source    string
	Decimals  int
	Height    int    // pixels on a desktop
	Option    string // ECharts option as JSON, with <, > and & escaped
	Table     Table
	// Footnotes are the table's notes, shown under it: why a change is
	// "—", where coverage differs from the year before, the footnotes of
	// its figures ("① …") and how marked figures are drawn.
	Footnotes []string

	text  *pointText   // what finish puts under "townpress"; textHole in a skeleton
	notes []int        // the page's numbers of the footnotes its figures show
	drawn drawn        // how it draws marked figures, for its notes
	plot  func() *Plot // what it draws, as data, made on demand; nil for none
}

// drawn says how a chart draws marked figures, so that its notes say so.
type drawn struct {
	hatched bool // provisional figures as hatched bars
	dashed  bool // lines to provisional figures dashed
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
	// Marks are the cells' marks (status symbols and footnote), by cell;
	// nil when no cell of the row has one.
	Marks []Mark
	Data  []string // the same values as data files carry them (columns of DataHead, or of Head): no separators, "" when missing; nil when the site makes no chart files

	status []string // the marks of Data's figures as a status column writes them, by column of Data; nil for none
	notes  []int    // the page's numbers of the row's footnotes
}

// mark sets cell k's mark, making Marks when it is the row's first.
func (r *Row) mark(k int, m Mark) {
	if m.Zero() {
		return
	}
	if r.Marks == nil {
		r.Marks = make([]Mark, len(r.Cells))
	}
	r.Marks[k] = m
}

// markData sets the status of Data's column k from f.
func (r *Row) markData(k int, f fig) {
	if f.status == "" || r.Data == nil {
		return
	}
	if r.status == nil {
		r.status = make([]string, len(r.Data))
	}
	r.status[k] = f.status
	r.notes = AddNote(r.notes, f.mark.Note)
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
	// Marks are the page's: the marks its charts show and the numbers of
	// their footnotes. Nil marks figures without numbering footnotes.
	Marks *Marks
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

	// MarkNames names marks in a tooltip, "初步数、修订数".
	MarkNames func(status.Flag) string
	// StatusOf heads the status column of a data file's column head.
	StatusOf func(head string) string
	// NotesCol heads a data file's column of footnotes.
	NotesCol string
	// NoteLine writes a footnote under a table, "① …".
	NoteLine func(ref, text string) string
	// Hatched and Dashed are the notes on how provisional figures are
	// drawn: as hatched bars, and on lines as dashed segments.
	Hatched, Dashed string
	// Official says what a total is: the office's official total (with
	// the towns' sum where they differ), or the towns' figures summed;
	// Reconcile is the towns' sum of an official total where the two
	// differ as shown, "" where they do not.
	Official, Reconcile func(ind *model.Indicator, f model.Figure) string
	// GrowthBasis is the note under a table of changes some of which
	// the office typed (typed: the years or towns): which are the
	// office's and on what basis; "" when none is.
	GrowthBasis func(head string, typed, computed []string, comparable bool) string
	// TownsCount writes a number of towns, "12个镇".
	TownsCount func(n int) string
	// OfficialNote is the note on a chart's official totals: the scopes
	// whose totals are the office's, in which years (nil: in years of
	// their own), whether every total shown is, and where one differs
	// from the towns' sum.
	OfficialNote func(scopes []string, years []int, all bool, differs []string) string
}

// officialNote adds to c's notes which of its totals (figs, of the
// scopes named names) are the office's, by year, and where one differs
// from the towns' figures as shown, their sum: a chart of official
// totals says so, and a reader sees the reconciliation.
func (b *Builder) officialNote(c *Chart, names []string, figs [][]model.Figure, ind *model.Indicator) {
	var official []string // names whose totals include official ones
	var years []int
	all, same := true, true
	var differs []string
	for k, fs := range figs {
		var ys []int
		for i, f := range fs {
			if !f.Official {
				all = all && !f.Value.Valid()
				continue
			}
			ys = append(ys, b.Site.Years[i])
			if r := b.Words.Reconcile(ind, f); r != "" {
				differs = append(differs, names[k]+" "+b.year(b.Site.Years[i])+b.Words.Colon+r)
			}
		}
		if len(ys) == 0 {
			continue
		}
		if years != nil && !slices.Equal(ys, years) {
			same = false
		}
		years = ys
		official = append(official, names[k])
	}
	if len(official) == 0 {
		return
	}
	if !same {
		years = nil // each scope's own years: the note names the scopes only
	}
	c.Footnotes = append(c.Footnotes, b.Words.OfficialNote(official, years, all, differs))
}

// bases collects which changes a table shows are the office's (typed)
// and which computed, for its note (Words.GrowthBasis).
type bases struct {
	typed, computed []string
	comparable      bool
}

// add records change d, shown in the row labelled label.
func (bs *bases) add(d model.Delta, label string) {
	if !d.Valid() {
		return
	}
	if d.Typed {
		bs.typed = append(bs.typed, label)
		bs.comparable = bs.comparable || d.Comparable
	} else {
		bs.computed = append(bs.computed, label)
	}
}

// note adds the basis note to c's notes, naming the typed rows, or when
// they are many (a ranking of towns), counting them.
func (b *Builder) basisNote(c *Chart, bs bases, head string, count bool) {
	typed, computed := bs.typed, bs.computed
	if count && len(typed) > 0 {
		typed, computed = []string{b.Words.TownsCount(len(bs.typed))}, computed[:min(len(computed), 1)]
	}
	if note := b.Words.GrowthBasis(head, typed, computed, bs.comparable); note != "" {
		c.Footnotes = append(c.Footnotes, note)
	}
}

// Formatter writes figures, counts, years and names as every page does;
// *i18n.Lang is one.
type Formatter interface {
	Fig(d num.Dec, places int) string             // a figure, rounded by the site's rule; "—" when missing
	Value(v model.Value, places int) string       // a value as a table cell shows it: Fig, or why a cell holds no figure (c, x, <0.1, —)
	SignedValue(v model.Value, places int) string // a change as Value writes a value, signed
	SignedFig(d num.Dec, places int) string       // a change, with its sign
	Int(n int) string                             // a count: 20,000
	Year(y int) string                            // "2024年"
	Pick(zh, en string) string                    // a name in the language, Chinese when there is no English
	WithUnit(figure, unit string) string          // a figure and its unit: 19.9 亿元, 3.00%
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
	return b.Words.Format.Value(v, decimals)
}

// delta formats a year-on-year change for a table, with its sign: a
// growth in percent or a rate's change in points (the column's header
// says which); "—" when there is none.
func (b *Builder) delta(d model.Delta) string { return b.Words.Format.SignedValue(d.Value, d.Decimals) }

// fig is a figure as a chart shows it: its table cell's text and mark,
// its label (the text, marked), and what its data file carries.
type fig struct {
	text   string // as the table writes it
	mark   Mark
	label  string // text and mark, for value labels and tooltips: "24.3r①"
	raw    string // as data files carry it; "" for no figure
	status string // its marks as a data file's status column writes them
}

// fig is v in c, with decimals places; its mark is recorded for the page
// and its footnote for the chart's notes. ref names the figure (the zero
// FigureRef where it has no name): a revised one's mark carries it, for
// the link to its revision.
func (b *Builder) fig(c *Chart, v model.Value, decimals int, ref model.FigureRef) fig {
	return b.marked(c, v, b.cell(v, decimals), b.raw(v, decimals), ref)
}

// deltaFig is fig for a year-on-year change of the figure of names: the
// change is a figure of its own only where the office typed it
// (FigureRef.GrowthOf).
func (b *Builder) deltaFig(c *Chart, d model.Delta, of model.FigureRef) fig {
	return b.marked(c, d.Value, b.delta(d), b.raw(d.Value, d.Decimals), of.GrowthOf(d))
}

func (b *Builder) marked(c *Chart, v model.Value, text, raw string, ref model.FigureRef) fig {
	if v.Flag == 0 && v.Note == 0 {
		// Most figures have no mark (Marks.Of), which a page's charts
		// ask of thousands.
		return fig{text: text, label: text, raw: raw}
	}
	m := b.Marks.OfFigure(v, ref)
	c.notes = AddNote(c.notes, m.Note)
	return fig{text: text, mark: m, label: Marked(text, m), raw: raw, status: statusText(text, m)}
}

// markTip is the tooltip's line of a marked figure: its label, unit and
// what its marks mean, "28.1p 亿元（初步数）"; "" for a figure without
// marks, whose line is its label and unit.
func (b *Builder) markTip(f fig, unit string) string {
	if f.mark.Flag == 0 {
		return ""
	}
	return f.label + " " + unit + b.Words.Paren(b.Words.MarkNames(f.mark.Flag))
}

// notes adds to c's footnotes those of its figures and how it draws
// marked ones, and its data file the status and notes columns.
func (b *Builder) notes(c *Chart) {
	c.Footnotes = append(c.Footnotes, b.Marks.NoteLines(c.notes, b.Words.NoteLine)...)
	if c.drawn.hatched {
		c.Footnotes = append(c.Footnotes, b.Words.Hatched)
	}
	if c.drawn.dashed {
		c.Footnotes = append(c.Footnotes, b.Words.Dashed)
	}
	b.statusColumns(c)
}

// statusColumns gives a chart's data file a status column after each
// column of figures that has a marked one, headed "<column> 状态", and
// a column of footnotes after them all when a row has one: a file
// forwarded alone still says which figures are provisional, and why a
// cell is empty.
func (b *Builder) statusColumns(c *Chart) {
	t := &c.Table
	head := t.DataHead
	if head == nil {
		head = t.Head
	}
	marked, notes := make([]bool, len(head)), false
	for _, r := range t.Rows {
		for k, s := range r.status {
			marked[k] = marked[k] || s != ""
		}
		notes = notes || len(r.notes) > 0
	}
	if !notes && !slices.Contains(marked, true) {
		return
	}
	out := []string{head[0]}
	for k, h := range head[1:] {
		out = append(out, h)
		if marked[k] {
			out = append(out, b.Words.StatusOf(h))
		}
	}
	if notes {
		out = append(out, b.Words.NotesCol)
	}
	t.DataHead = out
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Data == nil {
			continue
		}
		d := make([]string, 0, len(out)-1)
		for k, v := range r.Data {
			d = append(d, v)
			if k < len(marked) && marked[k] {
				s := ""
				if k < len(r.status) {
					s = r.status[k]
				}
				d = append(d, s)
			}
		}
		if notes {
			d = append(d, strings.Join(b.Marks.NoteLines(r.notes, b.Words.NoteLine), b.Words.Semicolon))
		}
		r.Data = d
	}
}

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
// A value that is no figure (withheld, only a bound) is "": its status
// column says why.
func (b *Builder) raw(v model.Value, decimals int) string {
	if !v.Valid() {
		return ""
	}
	return v.Data(decimals, b.Site.Rule)
}

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

// bar is v as a bar chart's point, drawn in st (nil for its series'
// style), and where it has no figure, saying why.
func (b *Builder) bar(v model.Value, places int, st *style) point {
	return point{Value: b.point(v, places), Mark: b.blank(v, places), ItemStyle: st}
}

// blank is why v holds no figure, as its table cell writes it (c, x,
// <0.1); "" for a figure, and for no data.
func (b *Builder) blank(v model.Value, places int) string {
	if !v.Flag.Blank() || v.Valid() {
		return ""
	}
	return b.cell(v, places)
}

// linePoint is v as a line chart's point: the number, or for a point
// without a figure that says why, an object that says it.
func (b *Builder) linePoint(v model.Value, places int) any {
	if m := b.blank(v, places); m != "" {
		return point{Value: "-", Mark: m}
	}
	return b.point(v, places)
}

// finish writes the chart's option, with what it shows of its points.
func (b *Builder) finish(c *Chart, o *Option) *Chart {
	o.Text = c.text
	c.Option = o.marshal(c.ID)
	return c
}
