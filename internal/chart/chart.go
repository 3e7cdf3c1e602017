package chart

import (
	"encoding/json"
	"html/template"
	"slices"

	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
)

// Chart is one chart of a page.
type Chart struct {
	ID       string // unique within its page; also the id of its data files
	Title    string
	Unit     string
	Source   string
	Decimals int
	Height   int    // pixels on a desktop
	Option   string // ECharts option as JSON, with <, > and & escaped
	Table    Table

	// Made once by the builder for the chart partial, already translated:
	// a template action costs more than the Go that makes its text.
	Meta  string       // the unit line, "单位：亿元"
	Label string       // the accessible description: title and a note that a table follows
	Style template.CSS // the chart's height, "height:300px"
	JSON  template.JS  // Option, typed for html/template (see Option)
	// Attrs are the drawing element's attributes after its class: id,
	// style, data-unit, data-decimals, role and aria-label, escaped.
	Attrs      template.HTMLAttr
	SourceLine string // "数据来源：…", "" without a source
	Sample     bool   // the site publishes sample data: the card says so
	Files      bool   // the chart has its own CSV and JSON next to the page
	// Caption is the card's heading and unit line (with the sample-data
	// badge), and Notes the source line and data-file links after the
	// table: HTML the default partial prints whole.
	Caption, Notes template.HTML
	DataTable      string // the label of the table's disclosure, "数据表"

	tableHead  string     // Table.HTML up to its rows
	sourceHTML string     // Notes without the files' links
	filesText  [2]string  // the files' link texts, when Files
	text       *pointText // what finish puts under "townpress"; textHole in a skeleton
	// notes are the table's footnotes, shown under it: why a change is
	// "—", where coverage differs from the year before.
	notes []string
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
}

// Footnotes are the notes the card shows under the chart's table.
func (c *Chart) Footnotes() []string { return c.notes }

// Table is the chart's numbers as a table.
type Table struct {
	Caption string
	Head    []string // column headers; the first heads the row headers
	// DataHead heads the columns of the rows' Data where they differ
	// from the table's: a coverage the table shows as "12/13" is two
	// numbers in a data file (a spreadsheet reads 12/13 as a date).
	DataHead []string
	Rows     []Row
	// HTML is the whole <table>, escaped, its caption followed by the unit
	// line: what the default chart partial prints.
	HTML template.HTML
}

// Row is one table row: a header cell and the formatted values.
type Row struct {
	Header string
	Cells  []string
	Data   []string // the same values as data files carry them (columns of DataHead, or of Head): no separators, "" when missing; nil when the site makes no chart files
}

// Palette is colour-blind-safe and keeps contrast on white (Okabe-Ito, darkened).
var Palette = []string{"#1f5fa8", "#d55e00", "#009e73", "#b8860b", "#8e44ad", "#0072b2", "#cc3e7a", "#56697a"}

// Builder makes charts for one site in one language.
type Builder struct {
	Site *model.Site
	Lang *i18n.Lang
	// Until is the last year charts show, for an annual report of an earlier
	// year; 0 shows every year.
	Until int
	// Skeletons, when set, caches chart options shared by the pages of Lang.
	Skeletons *Skeletons
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

func (b *Builder) indName(ind *model.Indicator) string { return b.Lang.Pick(ind.Name, ind.NameEn) }
func (b *Builder) unit(ind *model.Indicator) string    { return b.Lang.Pick(ind.Unit, ind.UnitEn) }
func (b *Builder) townName(t *model.Town) string       { return b.Lang.Pick(t.Name, t.NameEn) }
func (b *Builder) tierName(t *model.Tier) string       { return b.Lang.Pick(t.Name, t.NameEn) }
func (b *Builder) source() string {
	return b.Lang.Pick(b.Site.Config.Site.Source, b.Site.Config.Site.SourceEn)
}

func (b *Builder) years() []string {
	out := make([]string, b.span())
	for i, y := range b.Site.Years[:b.span()] {
		out[i] = b.Lang.Year(y)
	}
	return out
}

// cell formats a value for a table, as every page writes figures.
func (b *Builder) cell(v model.Value, decimals int) string { return b.Lang.Fig(v.Dec, decimals) }

// delta formats a year-on-year change for a table, with its sign: a
// growth in percent or a rate's change in points (the column's header
// says which); "—" when there is none.
func (b *Builder) delta(d model.Delta) string { return b.Lang.SignedFig(d.Dec, d.Decimals) }

// whyNotes are the footnotes that say why changes in a table are "—", one
// for each reason that needs saying: a missing figure says so itself, a
// base of zero or less does not.
func (b *Builder) whyNotes(notes []string, deltas ...model.Delta) []string {
	for _, d := range deltas {
		if key := WhyKey(d.Why); key != "" {
			note := b.Lang.T(key)
			if !slices.Contains(notes, note) {
				notes = append(notes, note)
			}
		}
	}
	return notes
}

// WhyKey is the translation key of the footnote that says why a change is
// not shown, or "" when "—" says enough (no figure this year or the year
// before).
func WhyKey(w model.Why) string {
	switch w {
	case model.BaseNotAbove:
		return "why_base"
	case model.OutOfScale:
		return "why_scale"
	}
	return ""
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
	return b.complete(c)
}
