package render

import (
	"html/template"
	"strconv"
	"sync/atomic"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
)

// Card is a chart as the chart partial shows it: the chart, with what its
// card says of it in the page's language, made once here because a
// template action costs more than the Go that makes its text.
type Card struct {
	*chart.Chart
	// ID is the chart's, here too so that a layout finds it without a
	// search through the embedded chart.
	ID    string
	Meta  string       // the unit line, "单位：亿元"
	Label string       // the accessible description: title and a note that a table follows
	Style template.CSS // the chart's height, "height:300px"
	JSON  template.JS  // the option (escaped for a script element by chart)
	// SourceLine is "数据来源：…", "" without a source.
	SourceLine string
	Sample     bool   // the site publishes sample data: the card says so
	Files      bool   // the chart has its own CSV and JSON next to the page
	DataTable  string // the label of the table's disclosure, "数据表"
	Table      CardTable

	// The default chart partial prints these whole (fragments.go): the
	// card's heading and unit line with the sample-data badge; the
	// drawing element's attributes after its class (id, style, data-unit,
	// data-decimals, role and aria-label); and the footnotes, source line
	// and data-file links after the table.
	Caption template.HTML
	Attrs   template.HTMLAttr
	Notes   template.HTML
	// Share is the 分享 panel: the chart's image, link, the page's QR
	// code and the embed snippet (share.go).
	Share template.HTML
	// Static is the chart drawn by the build as an SVG, for the drawing
	// element to hold until the page script draws the chart (static.go):
	// the page's first charts only, "" for the others.
	Static template.HTML
	// Figure is the whole card as the default partial prints it: the
	// <figure> with all of the above in place (fragments.go). One action
	// in place of a dozen: a national site prints a million cards.
	Figure template.HTML
}

// CardTable is the chart's table, with its HTML for the default partial:
// the whole <table>, its caption followed by the unit line.
type CardTable struct {
	chart.Table
	HTML template.HTML
}

// cardHead is what the cards of charts alike share: every town's trend
// chart of one indicator has the same title, unit, source and table head.
type cardHead struct {
	meta, label, sourceLine, dataTable string
	sample, files                      bool
	caption                            template.HTML
	tableHead                          string       // the table's HTML up to its rows
	sourceHTML                         string       // the notes' source line
	filesText                          [2]string    // the data files' link texts, when files
	definition                         string       // the definition link's text, "指标解释"
	figureSize                         atomic.Int64 // the size of the last card written whole (Card.Figure)
}

// definitionHref links to ind's definition (指标解释) on its page; "" for
// none (a chart of no one indicator).
func (f *Frame) definitionHref(ind *model.Indicator) string {
	switch {
	case ind == nil:
		return ""
	case ind == f.Indicator && f.Kind == IndicatorPage:
		return "#definition" // on this page: no reload
	}
	return f.IndHref(ind) + "#definition"
}

// card makes the card of a chart the page shows, and records the chart
// for its data files. Charts alike (every town's trend of an indicator)
// pass the same shared key, so their common part is made once per
// language and kind of page (whose layouts decide what is printed); ""
// makes it for the chart alone.
func (f *Frame) card(c *chart.Chart, shared string) *Card {
	f.Charts = append(f.Charts, c)
	var h *cardHead
	if shared != "" {
		key := string(f.Kind) + "\x00" + shared
		if v, ok := f.ed.cardHeads.Load(key); ok {
			h = v.(*cardHead)
		} else {
			h = f.cardHead(c)
			f.ed.cardHeads.Store(key, h)
		}
	} else {
		h = f.cardHead(c)
	}
	k := &Card{Chart: c, ID: c.ID, Meta: h.meta, Label: h.label, SourceLine: h.sourceLine, Sample: h.sample, Files: h.files,
		DataTable: h.dataTable, Caption: h.caption, JSON: template.JS(c.Option), Table: CardTable{Table: c.Table},
		Style: template.CSS("height:" + strconv.Itoa(c.Height) + "px")}
	// A report is printed; its charts are shared from their pages. A
	// report is read on paper, where the charts are drawn before
	// printing: only pages draw their first charts.
	share := f.page.Shares()
	static := share && f.statics < staticCharts
	def := f.definitionHref(c.Indicator)
	if f.prints.cards {
		k.Table.HTML = f.chartTableHTML(h.tableHead, c.Table.Rows)
		k.Attrs = chartAttrs(k)
		k.Notes = f.chartNotes(c, h, def)
		if share {
			k.Share = chartShare(c.ID, c.Height, f.share())
		}
		if static {
			if k.Static = f.staticChart(c); k.Static != "" {
				f.statics++
			}
		}
	}
	if f.prints.figures {
		k.Figure = f.chartFigure(k, h, def, share, static)
	}
	return k
}

// cards are the cards of charts that share nothing.
func (f *Frame) cards(cs ...*chart.Chart) []*Card {
	out := make([]*Card, len(cs))
	for i, c := range cs {
		out[i] = f.card(c, "")
	}
	return out
}

func (f *Frame) cardHead(c *chart.Chart) *cardHead {
	cfg := f.Site.Config
	h := &cardHead{
		meta:      f.T("unit") + f.T("colon") + c.Unit,
		label:     c.Title + f.T("sentence_end") + f.T("chart_note"),
		sample:    cfg.Site.SampleData,
		files:     cfg.WantChartFiles(),
		dataTable: f.T("data_table"),
	}
	if c.Source != "" {
		h.sourceLine = f.T("source") + f.T("colon") + c.Source
	}
	if h.files {
		h.filesText = [2]string{f.T("download_csv"), f.T("chart_meta")}
	}
	h.definition = f.T("definition")
	if f.prints.cards || f.prints.figures {
		h.caption = chartCaption(c.Title, h.meta, h.sample, f.T("sample_data"))
		h.sourceHTML = chartSource(h.sourceLine)
		h.tableHead = chartTableHead(c.Table, h.meta)
	}
	return h
}
