package chart

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/townpress/townpress/internal/htmlesc"
)

// The chart partial shows every chart's numbers as a table. Ranging over
// the rows and cells in the template cost one reflective call per cell,
// thousands per town page and most of a national build's time, so the
// builder writes the table's HTML once, here, and the partial prints it.
// Rows stay in Table for layouts that draw their own table.

// complete fills in what the chart partial prints: the unit line, the
// accessible description, the height and the table's HTML.
func (b *Builder) complete(c *Chart) *Chart {
	c.Meta = b.Lang.T("unit") + b.Lang.T("colon") + c.Unit
	c.Label = c.Title + b.Lang.T("sentence_end") + b.Lang.T("chart_note")
	c.Style = template.CSS("height:" + strconv.Itoa(c.Height) + "px")
	c.Table.HTML = c.Table.html(c.Meta)
	c.JSON = template.JS(c.Option)
	if c.Source != "" {
		c.SourceLine = b.Lang.T("source") + b.Lang.T("colon") + c.Source
	}
	cfg := b.Site.Config
	c.Sample, c.Files = cfg.Site.SampleData, cfg.WantChartFiles()
	var a strings.Builder
	a.WriteString(`id="`)
	escape(&a, c.ID)
	a.WriteString(`-chart" style="`)
	escape(&a, string(c.Style))
	a.WriteString(`" data-unit="`)
	escape(&a, c.Unit)
	a.WriteString(`" data-decimals="`)
	a.WriteString(strconv.Itoa(c.Decimals))
	a.WriteString(`" role="img" aria-label="`)
	escape(&a, c.Label)
	a.WriteString(`"`)
	c.Attrs = template.HTMLAttr(a.String())

	a.Reset()
	a.WriteString(`<h3 class="chart-title">`)
	escape(&a, c.Title)
	a.WriteString(`</h3><p class="chart-meta">`)
	escape(&a, c.Meta)
	if c.Sample {
		a.WriteString(` · <span class="badge sample">`)
		escape(&a, b.Lang.T("sample_data"))
		a.WriteString(`</span>`)
	}
	a.WriteString(`</p>`)
	c.Caption = template.HTML(a.String())
	a.Reset()
	if c.SourceLine != "" {
		a.WriteString(`<p class="chart-source">`)
		escape(&a, c.SourceLine)
		a.WriteString(`</p>`)
	}
	if c.Files {
		// The files sit next to the page; ids are slugs (a-z, 0-9, -), so
		// the link needs no URL escaping.
		a.WriteString("\n  <p class=\"chart-files\"><a href=\"")
		escape(&a, c.ID)
		a.WriteString(`.csv" download>`)
		escape(&a, b.Lang.T("download_csv"))
		a.WriteString(`</a> · <a href="`)
		escape(&a, c.ID)
		a.WriteString(`.json">`)
		escape(&a, b.Lang.T("chart_meta"))
		a.WriteString(`</a></p>`)
	}
	c.Notes = template.HTML(a.String())
	c.DataTable = b.Lang.T("data_table")
	return c
}

// html is the table as the chart partial shows it: the caption with the
// unit, a header row of column headers and one row per Row with its header
// cell, every text escaped.
func (t *Table) html(meta string) template.HTML {
	n := 64 + len(t.Caption) + len(meta)
	for _, h := range t.Head {
		n += len(h) + 24
	}
	for _, r := range t.Rows {
		n += len(r.Header) + 32
		for _, c := range r.Cells {
			n += len(c) + 9
		}
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString("<table><caption>")
	escape(&b, t.Caption)
	b.WriteString(" · ")
	escape(&b, meta)
	b.WriteString("</caption><thead><tr>")
	for _, h := range t.Head {
		b.WriteString(`<th scope="col">`)
		escape(&b, h)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for _, r := range t.Rows {
		b.WriteString(`<tr><th scope="row">`)
		escape(&b, r.Header)
		b.WriteString("</th>")
		for _, c := range r.Cells {
			b.WriteString("<td>")
			escape(&b, c)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return template.HTML(b.String())
}

// escape writes s as html/template writes text.
func escape(b *strings.Builder, s string) { htmlesc.Text(b, s) }
