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
	b.completeShared(c)
	return c.completeOwn()
}

// completeShared fills in what depends only on the chart's title, unit,
// source, height and table head, which every town's chart of one indicator
// shares: Trend makes it once per indicator and language.
func (b *Builder) completeShared(c *Chart) {
	c.Meta = b.Lang.T("unit") + b.Lang.T("colon") + c.Unit
	c.Label = c.Title + b.Lang.T("sentence_end") + b.Lang.T("chart_note")
	c.Style = template.CSS("height:" + strconv.Itoa(c.Height) + "px")
	if c.Source != "" {
		c.SourceLine = b.Lang.T("source") + b.Lang.T("colon") + c.Source
	}
	cfg := b.Site.Config
	c.Sample, c.Files = cfg.Site.SampleData, cfg.WantChartFiles()
	c.DataTable = b.Lang.T("data_table")
	var a strings.Builder
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
	c.sourceHTML = a.String()
	if c.Files {
		c.filesText = [2]string{b.Lang.T("download_csv"), b.Lang.T("chart_meta")}
	}
	c.tableHead = c.Table.head(c.Meta)
}

// completeOwn fills in what is the chart's own: its id and data.
func (c *Chart) completeOwn() *Chart {
	c.JSON = template.JS(c.Option)
	c.Table.HTML = c.Table.html(c.tableHead)
	var a strings.Builder
	a.Grow(96 + len(c.ID) + len(c.Unit) + len(c.Label))
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
	if !c.Files && len(c.notes) == 0 {
		c.Notes = template.HTML(c.sourceHTML)
		return c
	}
	a.Reset()
	// The table's footnotes come first, under the table they explain.
	for _, n := range c.notes {
		a.WriteString(`<p class="chart-note">`)
		escape(&a, n)
		a.WriteString(`</p>`)
	}
	a.WriteString(c.sourceHTML)
	if c.Files {
		// The files sit next to the page; ids are slugs (a-z, 0-9, -), so
		// the link needs no URL escaping.
		a.WriteString("\n  <p class=\"chart-files\"><a href=\"")
		escape(&a, c.ID)
		a.WriteString(`.csv" download>`)
		escape(&a, c.filesText[0])
		a.WriteString(`</a> · <a href="`)
		escape(&a, c.ID)
		a.WriteString(`.json">`)
		escape(&a, c.filesText[1])
		a.WriteString(`</a></p>`)
	}
	c.Notes = template.HTML(a.String())
	return c
}

// head is the table's HTML up to its first row: the caption with the unit
// line meta, and the column headers.
func (t *Table) head(meta string) string {
	var b strings.Builder
	b.Grow(96 + len(t.Caption) + len(meta) + 24*len(t.Head))
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
	return b.String()
}

// html is the table as the chart partial shows it: head (see Table.head),
// then one row per Row with its header cell, every text escaped.
func (t *Table) html(head string) template.HTML {
	n := len(head) + 16
	for _, r := range t.Rows {
		n += len(r.Header) + 32
		for _, c := range r.Cells {
			n += len(c) + 9
		}
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(head)
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
