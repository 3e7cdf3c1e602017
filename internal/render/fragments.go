package render

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
)

// Every piece of a page's markup that Go writes is in this file; the rest
// is in the layouts. Go writes what a page repeats in every row of a long
// table or every chart card, where a template action for each cell would
// cost more than the page's other work (see BENCHMARKS.md), and what the
// layouts print whole. Text is escaped as html/template escapes it
// (escape.go), so a page reads the same whichever wrote it. A layout of a
// site's own can do without any of these: the data each is made from is
// beside it in the view.

// Chart cards (partials/chart.html).

// chartFigure is the whole card, as partials/chart.html printed it from
// the card's fields (partials_test.go holds it to that): the caption, the
// drawing element with its static chart, the option, the table and what
// follows it. The parts a site's own partial asked for (printing.cards)
// are copied from the card; the others are written in place, with no
// string of their own. static says the card draws its chart statically
// if it has a drawing; def is where its definition is.
func (f *Frame) chartFigure(k *Card, h *cardHead, def string, share, static bool) template.HTML {
	c := k.Chart
	var a strings.Builder
	// Cards alike are much the same size: start at the last one's, so
	// the card is written without growing, and no larger.
	if n := h.figureSize.Load(); n > 0 {
		a.Grow(int(n) + 512)
	} else {
		a.Grow(2048 + len(k.JSON) + tableSize(h.tableHead, c.Table.Rows))
	}
	defer func() { h.figureSize.Store(int64(a.Len())) }()
	a.WriteString(`<figure class="chart-card" id="`)
	escapeText(&a, k.ID)
	a.WriteString("\">\n  <figcaption>")
	a.WriteString(string(k.Caption))
	a.WriteString("</figcaption>\n  <div class=\"chart\" ")
	pieces := f.prints.cards
	if pieces {
		a.WriteString(string(k.Attrs))
	} else {
		writeChartAttrs(&a, k)
	}
	a.WriteString(">")
	switch {
	case pieces:
		a.WriteString(string(k.Static))
	case static:
		if f.drawStatic(&a, c) {
			f.statics++
		}
	}
	a.WriteString("</div>\n  <script type=\"application/json\" class=\"chart-option\">")
	a.WriteString(string(k.JSON))
	a.WriteString("</script>\n  <details class=\"chart-data\" open>\n    <summary>")
	escapeText(&a, k.DataTable)
	a.WriteString("</summary>\n    <div class=\"table-scroll\">")
	if pieces {
		a.WriteString(string(k.Table.HTML))
	} else {
		f.writeChartTable(&a, h.tableHead, c.Table.Rows)
	}
	a.WriteString("</div>\n  </details>")
	switch {
	case pieces:
		a.WriteString(string(k.Notes))
		a.WriteString(string(k.Share))
	default:
		f.writeChartNotes(&a, c, h, def)
		if share {
			writeChartShare(&a, c.ID, c.Height, f.share())
		}
	}
	a.WriteString("\n</figure>")
	return template.HTML(a.String())
}

// chartCaption is the card's heading and unit line, with the sample-data
// badge on a sample site.
func chartCaption(title, meta string, sample bool, sampleText string) template.HTML {
	var a strings.Builder
	a.WriteString(`<h3 class="chart-title">`)
	escapeText(&a, title)
	a.WriteString(`</h3><p class="chart-meta">`)
	escapeText(&a, meta)
	if sample {
		a.WriteString(` · <span class="badge sample">`)
		escapeText(&a, sampleText)
		a.WriteString(`</span>`)
	}
	a.WriteString(`</p>`)
	return template.HTML(a.String())
}

// chartSource is the card's source line, "" without a source.
func chartSource(line string) string {
	if line == "" {
		return ""
	}
	var a strings.Builder
	a.WriteString(`<p class="chart-source">`)
	escapeText(&a, line)
	a.WriteString(`</p>`)
	return a.String()
}

// chartAttrs are the drawing element's attributes after its class.
func chartAttrs(c *Card) template.HTMLAttr {
	var a strings.Builder
	a.Grow(96 + len(c.ID) + len(c.Unit) + len(c.Label))
	writeChartAttrs(&a, c)
	return template.HTMLAttr(a.String())
}

func writeChartAttrs(a *strings.Builder, c *Card) {
	a.WriteString(`id="`)
	escapeText(a, c.ID)
	a.WriteString(`-chart" style="`)
	escapeText(a, string(c.Style))
	a.WriteString(`" data-unit="`)
	escapeText(a, c.Unit)
	a.WriteString(`" data-decimals="`)
	a.WriteString(strconv.Itoa(c.Decimals))
	a.WriteString(`" role="img" aria-label="`)
	escapeText(a, c.Label)
	a.WriteString(`"`)
}

// chartNotes are what the card shows after the table: the table's
// footnotes, the source line and the links to the chart's data files.
func (f *Frame) chartNotes(c *chart.Chart, h *cardHead, definition string) template.HTML {
	if !h.files && len(c.Footnotes) == 0 && definition == "" {
		return template.HTML(h.sourceHTML)
	}
	var a strings.Builder
	f.writeChartNotes(&a, c, h, definition)
	return template.HTML(a.String())
}

func (f *Frame) writeChartNotes(a *strings.Builder, c *chart.Chart, h *cardHead, definition string) {
	// The table's footnotes come first, under the table they explain.
	for _, n := range c.Footnotes {
		a.WriteString(`<p class="chart-note">`)
		f.writeNoteHTML(a, n)
		a.WriteString(`</p>`)
	}
	a.WriteString(h.sourceHTML)
	if h.files {
		// The files sit next to the page; ids are slugs (a-z, 0-9, -), so
		// the link needs no URL escaping.
		a.WriteString("\n  <p class=\"chart-files\"><a href=\"")
		escapeText(a, c.ID)
		a.WriteString(`.csv" download>`)
		escapeText(a, h.filesText[0])
		a.WriteString(`</a> · <a href="`)
		escapeText(a, c.ID)
		a.WriteString(`.json">`)
		escapeText(a, h.filesText[1])
		a.WriteString(`</a></p>`)
	}
	if definition != "" {
		// What the figures are: the indicator's definition on its page.
		a.WriteString("\n  <p class=\"chart-def\"><a href=\"")
		escapeText(a, definition)
		a.WriteString(`">`)
		escapeText(a, h.definition)
		a.WriteString(`</a></p>`)
	}
}

// chartTableHead is the table's HTML up to its first row: the caption
// with the unit line meta, and the column headers.
func chartTableHead(t chart.Table, meta string) string {
	var b strings.Builder
	b.Grow(96 + len(t.Caption) + len(meta) + 24*len(t.Head))
	b.WriteString("<table><caption>")
	escapeText(&b, t.Caption)
	b.WriteString(" · ")
	escapeText(&b, meta)
	b.WriteString("</caption><thead><tr>")
	for _, h := range t.Head {
		b.WriteString(`<th scope="col">`)
		escapeText(&b, h)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	return b.String()
}

// chartTableHTML is the table as the chart partial shows it: head (see
// chartTableHead), then a row per Row with its header cell. Ranging over
// the rows and cells in the template cost one reflective call per cell,
// thousands per town page and most of a national build's time.
func (f *Frame) chartTableHTML(head string, rows []chart.Row) template.HTML {
	var b strings.Builder
	b.Grow(tableSize(head, rows))
	f.writeChartTable(&b, head, rows)
	return template.HTML(b.String())
}

// tableSize is about the size of a chart's table: its head, then its
// rows without marks.
func tableSize(head string, rows []chart.Row) int {
	n := len(head) + 16
	for _, r := range rows {
		n += len(r.Header) + 32
		for _, c := range r.Cells {
			n += len(c) + 9
		}
	}
	return n
}

func (f *Frame) writeChartTable(b *strings.Builder, head string, rows []chart.Row) {
	b.WriteString(head)
	for _, r := range rows {
		b.WriteString(`<tr><th scope="row">`)
		escapeText(b, r.Header)
		b.WriteString("</th>")
		for k, c := range r.Cells {
			b.WriteString("<td>")
			escapeText(b, c)
			if r.Marks != nil {
				f.markHTML(b, r.Marks[k])
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
}

// Marks on figures (marks.go).

// markHTML writes a figure's mark after its text: its status symbols as
// a superscript (p, r …; a cell without a figure says why in its text),
// the r linked to the figure's revision where a release lists it
// (writeSymbols), and its footnote's number, linked to the note in the
// page's legend.
func (f *Frame) markHTML(b *strings.Builder, m chart.Mark) {
	if m.Symbols != "" {
		b.WriteString(`<sup class="mark">`)
		if m.Ref != nil {
			f.writeSymbols(b, m.Symbols, *m.Ref)
		} else {
			escapeText(b, m.Symbols)
		}
		b.WriteString(`</sup>`)
	}
	if m.Note != 0 {
		b.WriteString(`<sup class="fn"><a href="#`)
		b.WriteString(noteID(m.Note))
		b.WriteString(`">`)
		b.WriteString(chart.NoteRef(m.Note))
		b.WriteString(`</a></sup>`)
	}
}

// markString is markHTML as a string.
func (f *Frame) markString(m chart.Mark) template.HTML {
	if m.Zero() {
		return ""
	}
	var b strings.Builder
	f.markHTML(&b, m)
	return template.HTML(b.String())
}

// KPIs (partials/kpis.html): a headline figure's list item.
func (k *KPI) html() template.HTML {
	var b strings.Builder
	b.Grow(256)
	b.WriteString(`<li class="kpi"><a class="kpi-label" href="`)
	escapeURL(&b, k.Href)
	b.WriteString(`">`)
	escapeText(&b, k.Name)
	b.WriteString(`</a><span class="kpi-value">`)
	escapeText(&b, k.ValueText)
	b.WriteString(string(k.ValueMark))
	if k.Value.Valid() {
		// No figure, no unit: "— 亿元" would measure nothing.
		b.WriteString(` <small>`)
		escapeText(&b, k.UnitText)
		b.WriteString(`</small>`)
	}
	b.WriteString(`</span><span class="kpi-change `)
	escapeText(&b, k.TrendClass)
	b.WriteString(`">`)
	escapeText(&b, k.GrowthText)
	b.WriteString(string(k.GrowthMark))
	b.WriteString(`</span>`)
	for _, note := range []string{k.BasisText, k.ReportingText, k.OfficialText, k.BreakText, k.WhyText, k.RankText} {
		if note != "" {
			b.WriteString(`<span class="kpi-note">`)
			escapeText(&b, note)
			b.WriteString(`</span>`)
		}
	}
	for _, note := range k.Notes {
		b.WriteString(`<span class="kpi-note footnote">`)
		writeNoteHTML(&b, note, k.chinese)
		b.WriteString(`</span>`)
	}
	b.WriteString(`</li>`)
	return template.HTML(b.String())
}

// Targets (partials/targets.html).

// html is the row as the targets table shows it; labels are the column
// headers that narrow screens show beside each cell.
func (r *TargetRow) html(labels [5]string) template.HTML {
	var b strings.Builder
	b.Grow(320)
	b.WriteString(`<tr><th scope="row">`)
	escapeText(&b, r.Text)
	b.WriteString(`</th>`)
	for i, v := range []string{r.Scope, r.Goal, r.Actual, r.Gap} {
		b.WriteString(`<td data-label="`)
		escapeText(&b, labels[i])
		b.WriteString(`">`)
		if i == 2 && (r.Coverage != "" || r.Missing != "") {
			// The actual's coverage goes with it, in one block (a phone
			// lays the cell out as label and value): a total of 7 towns
			// of 8 is not the scope's total.
			b.WriteString(`<span class="target-actual">`)
			escapeText(&b, v)
			b.WriteString(string(r.ActualMark))
			for _, note := range []string{r.Basis, r.Coverage, r.Missing} {
				if note != "" {
					b.WriteString(`<small class="target-cov">`)
					escapeText(&b, note)
					b.WriteString(`</small>`)
				}
			}
			b.WriteString(`</span>`)
		} else {
			escapeText(&b, v)
			if i == 2 {
				b.WriteString(string(r.ActualMark))
			}
		}
		b.WriteString(`</td>`)
	}
	b.WriteString(`<td data-label="`)
	escapeText(&b, labels[4])
	b.WriteString(`"><span class="status `)
	escapeText(&b, string(r.Status))
	b.WriteString(`">`)
	escapeText(&b, r.StatusText)
	b.WriteString(`</span></td></tr>`)
	return template.HTML(b.String())
}

// Long lists: the rows of the towns list (towns.html) and of a tier's
// member table (tier.html), for the page's Items: a page of 500 towns
// would otherwise run thousands of template actions.
func (f *Frame) listRows(towns bool, notes *[]int) template.HTML {
	var b strings.Builder
	b.Grow(len(f.Items) * 260)
	first, years := f.First, len(f.Site.Years) > 0
	cell := func(class, s string) {
		b.WriteString(`<td`)
		b.WriteString(class)
		b.WriteString(`>`)
		escapeText(&b, s)
		b.WriteString(`</td>`)
	}
	figure := func(s string, v model.Value, ref model.FigureRef) {
		b.WriteString(`<td class="num">`)
		escapeText(&b, s)
		f.markHTML(&b, f.markIn(notes, v, ref))
		b.WriteString(`</td>`)
	}
	for _, t := range f.Items {
		b.WriteString(`<tr><th scope="row"><a href="`)
		escapeURL(&b, f.TownHref(t))
		b.WriteString(`">`)
		escapeText(&b, f.TownName(t))
		b.WriteString(`</a></th>`)
		if towns {
			b.WriteString(`<td><a href="`)
			escapeURL(&b, f.TierHref(t.Tier))
			b.WriteString(`">`)
			escapeText(&b, f.TierName(t.Tier))
			b.WriteString(`</a></td>`)
		}
		cell("", f.County(t))
		cell("", f.Industry(t))
		if !towns {
			rec := "—"
			if t.Recognised != 0 {
				rec = strconv.Itoa(t.Recognised)
			}
			cell("", rec)
		}
		if years {
			v, ref := f.LatestValue(t, first), model.TownFigure(t, first, f.Latest)
			figure(f.Num(v, first), v, ref)
			if !towns {
				d := t.Delta(first, f.LatestIndex)
				figure(f.Pct(d), d.Value, ref.GrowthOf(d))
			}
		}
		b.WriteString(`</tr>`)
	}
	return template.HTML(b.String())
}

// Annual reports (report.html): the notes, total rows and rows of the
// tables of towns.

type link struct{ href, text string }

// reportNote is the sentence key, of the scope's town count, the year, the
// indicator and the number listed, followed by report_where with the links
// joined as a list; a scope of no more than ReportTop towns, all of them
// listed, is told by key_all alone. The translations are text: they are escaped, and only
// the links are HTML.
func (f *Frame) reportNote(key string, count int, links ...link) template.HTML {
	var b strings.Builder
	if count <= ReportTop {
		// Every town is listed, ranked: there is nowhere else to send
		// the reader.
		escapeText(&b, f.T(key+"_all", f.Lang.Num(float64(count), 0), f.Year(f.ReportYear), f.IndName(f.First)))
		return template.HTML(b.String())
	}
	escapeText(&b, f.T(key, f.Lang.Num(float64(count), 0), f.Year(f.ReportYear), f.IndName(f.First), ReportTop))
	var as []string
	for _, l := range links {
		var a strings.Builder
		a.WriteString(`<a href="`)
		escapeURL(&a, l.href)
		a.WriteString(`">`)
		escapeText(&a, l.text)
		a.WriteString(`</a>`)
		as = append(as, a.String())
	}
	list := strings.Join(as[:len(as)-1], f.escaped("list_sep")) + f.escaped("list_and") + as[len(as)-1]
	// The sentence around the links is a translation with one %s.
	b.WriteString(strings.Replace(f.escaped("report_where"), "%s", list, 1))
	return template.HTML(b.String())
}

// escaped is a translation escaped for HTML.
func (f *Frame) escaped(key string) string {
	var b strings.Builder
	escapeText(&b, f.T(key))
	return b.String()
}

// reportTotal is a total row over the tiers: a sum for each summable
// indicator, the growth of the first over the towns that reported both
// years.
func (f *Frame) reportTotal(tiers []*model.Tier, textCols int, header string, notes *[]int) template.HTML {
	var b strings.Builder
	yi, first := f.reportIndex(), f.First
	year := f.ReportYear
	// The header spans the rank, town and text columns: it is longer
	// than a town's name.
	b.WriteString(`<tr><th scope="row" colspan="`)
	b.WriteString(strconv.Itoa(2 + textCols))
	b.WriteString(`">`)
	escapeText(&b, header)
	b.WriteString(`</th>`)
	for _, ind := range f.Site.Indicators {
		b.WriteString(`<td class="num">`)
		if ind.HasTotal() {
			// A total says how many members it counts: they need not
			// all have reported.
			fig := f.Site.ScopeFigure(ind, tiers, yi)
			escapeText(&b, f.Num(fig.Value, ind))
			f.markHTML(&b, f.markIn(notes, fig.Value, f.Site.TotalFigure(ind, tiers, year)))
			b.WriteString(`<small class="cov">`)
			escapeText(&b, f.Coverage(fig))
			b.WriteString(`</small>`)
		}
		b.WriteString(`</td>`)
	}
	b.WriteString(`<td class="num">`)
	if first.HasTotal() {
		d := f.Site.ScopeFigure(first, tiers, yi).Delta
		escapeText(&b, f.Pct(d))
		f.markHTML(&b, f.markIn(notes, d.Value, f.Site.TotalFigure(first, tiers, year).GrowthOf(d)))
	}
	b.WriteString(`</td></tr>`)
	return template.HTML(b.String())
}

// reportRows are a report table's rows: with the tier's column (the
// table of every town), or with the county's and the industry's where
// the table has them (ReportTier.HasCounty, HasIndustry).
func (f *Frame) reportRows(all []*model.Town, tier, county, industry bool, notes *[]int) template.HTML {
	towns, capped := f.reportListed(all), reportCapped(all)
	var b strings.Builder
	b.Grow(len(towns) * (120 + 30*len(f.Site.Indicators)))
	first, yi := f.First, f.reportIndex()
	year := f.ReportYear
	rank := 0
	for i, t := range towns {
		b.WriteString(`<tr>`)
		if capped {
			// Equal values share a rank, as in the charts' rankings;
			// a town without a value has none.
			v := t.Values[first.ID].At(yi)
			if i == 0 || !v.Valid() || v.Cmp(towns[i-1].Values[first.ID].At(yi).Dec) != 0 {
				rank = i + 1
			}
			b.WriteString(`<td class="num">`)
			if v.Valid() {
				b.WriteString(f.Lang.Int(rank))
			} else {
				b.WriteString("—")
			}
			b.WriteString(`</td>`)
		}
		b.WriteString(`<th scope="row"><a href="`)
		escapeURL(&b, f.TownHref(t))
		b.WriteString(`">`)
		escapeText(&b, f.TownName(t))
		b.WriteString(`</a></th>`)
		var cells []string
		switch {
		case tier:
			cells = []string{f.TierName(t.Tier)}
		case county && industry:
			cells = []string{f.County(t), f.Industry(t)}
		case county:
			cells = []string{f.County(t)}
		case industry:
			cells = []string{f.Industry(t)}
		}
		for _, c := range cells {
			b.WriteString(`<td>`)
			escapeText(&b, c)
			b.WriteString(`</td>`)
		}
		for _, ind := range f.Site.Indicators {
			v := t.Values[ind.ID].At(yi)
			b.WriteString(`<td class="num">`)
			escapeText(&b, f.Num(v, ind))
			f.markHTML(&b, f.markIn(notes, v, model.TownFigure(t, ind, year)))
			b.WriteString(`</td>`)
		}
		d := t.Delta(first, yi)
		b.WriteString(`<td class="num">`)
		escapeText(&b, f.Pct(d))
		f.markHTML(&b, f.markIn(notes, d.Value, model.TownFigure(t, first, year).GrowthOf(d)))
		b.WriteString(`</td></tr>`)
	}
	return template.HTML(b.String())
}

// chartShare is the card's 分享 panel (see share.go): the chart's image
// files when the build made them, its address, the page's QR code and
// the embed snippet when the site's address is known; a link to the
// chart in the page otherwise. Ids are slugs, so they need no URL
// escaping.
func chartShare(id string, height int, s *pageShare) template.HTML {
	var a strings.Builder
	writeChartShare(&a, id, height, s)
	return template.HTML(a.String())
}

func writeChartShare(a *strings.Builder, id string, height int, s *pageShare) {
	w := s.words
	a.WriteString("\n  <details class=\"chart-share\"><summary>")
	escapeText(a, w.share)
	a.WriteString(`</summary><div class="share-body">`)
	if s.images {
		a.WriteString(`<p class="share-image">`)
		escapeText(a, w.image)
		a.WriteString(` <a href="` + id + `.png" download>PNG</a> · <a href="` + id + `.svg" download>SVG</a></p>`)
	}
	if s.url == "" {
		a.WriteString(`<p><a href="#` + id + `">`)
		escapeText(a, w.chartLink)
		a.WriteString(`</a></p></div></details>`)
		return
	}
	a.WriteString(`<p><label>`)
	escapeText(a, w.link)
	a.WriteString(` <input class="share-url" readonly value="`)
	escapeText(a, s.url+"#"+id)
	a.WriteString(`"></label></p><figure class="share-qr"><img src="` + QRFile + `" width="144" height="144" loading="lazy" alt="`)
	escapeText(a, w.qr)
	a.WriteString(`"><figcaption>`)
	escapeText(a, w.qrNote)
	a.WriteString(`</figcaption></figure><p><label>`)
	escapeText(a, w.embed)
	a.WriteString(` <textarea class="share-embed" readonly rows="3">`)
	escapeText(a, fmt.Sprintf(`<iframe src="%s?embed=%s" title="%s" width="100%%" height="%d" style="border:0" loading="lazy"></iframe>`, s.url, id, w.embedTitle, height+130))
	a.WriteString(`</textarea></label></p></div></details>`)
}

// Marks on figures: the revised mark's link.

// writeSymbols writes a figure's status symbols ("pr") as a table cell or
// headline figure shows them after the figure, with the r linked to the
// figure's entry on the page of the release that revised it
// (Frame.RevisionHref), where a release lists it: p<a class="rev"
// href="…#rev_value_x_output_2024" title="…">r</a>. Without a release
// that lists the figure (no releases, a draft, an r typed by the office)
// it writes the symbols escaped, as escapeText does, so it can stand in
// for that call unconditionally.
//
// The writer of the superscript calls it with the figure it marks, in
// place of escaping the symbols: inside <sup class="mark">,
// f.writeSymbols(b, mark.Symbols, ref) where ref names the cell's figure
// (model.FigureRef: Kind TownValue or TownGrowth with Town, ScopeTotal or
// ScopeGrowth with Scope, "" for all towns, a tier's id for a tier; and
// Indicator, Year). The links are relative to f's page, so the writer
// needs the page's Frame.
func (f *Frame) writeSymbols(b *strings.Builder, symbols string, ref model.FigureRef) {
	i := strings.IndexByte(symbols, 'r')
	href := ""
	if i >= 0 {
		href = f.RevisionHref(ref)
	}
	if href == "" {
		escapeText(b, symbols)
		return
	}
	escapeText(b, symbols[:i])
	b.WriteString(`<a class="rev" href="`)
	escapeURL(b, href)
	b.WriteString(`" title="`)
	escapeText(b, f.T("rev_link"))
	b.WriteString(`">r</a>`)
	escapeText(b, symbols[i+1:])
}

// Static charts (static.go lays them out): the SVG the build draws of a
// page's first charts, in the chart's box, until ECharts draws its own.

// endBar ends a bar's group: the hatching over a provisional figure's
// bar (a rect of the bar's class and place, which place writes), then the
// point's title.
func (d *drawing) endBar(cat string, s *chart.PlotSeries, pt chart.PlotPoint, class string, place func()) {
	b := d.b
	if pt.Hatched {
		b.WriteString(`<rect` + class)
		place()
		b.WriteString(` fill="url(#`)
		escapeText(b, d.hatchID())
		b.WriteString(`)"/>`)
	}
	d.title(cat, s, pt)
	b.WriteString(`</g>`)
}

// column writes a column's place: its x and width, or for a lone series
// its centre (townpress.css makes it as wide as barMax at most, from the
// svg's --h, half of min(barW, barMax)); then its y and height.
func (d *drawing) column(single bool, center, barW, y1, y0 float64) {
	b := d.b
	// x and width as attributes always: a browser that does not take
	// them from CSS (SVG 2's geometry properties) still draws the column,
	// as wide as its slot allows.
	d.pctAttr("x", center-barW/2)
	d.pctAttr("width", barW)
	if single {
		b.WriteString(` style="x:calc(`)
		pct(b, center)
		b.WriteString(` - var(--h))"`)
	}
	d.pxAttr("y", y1)
	d.pxAttr("height", math.Max(y0-y1, 0.5))
}

// pct writes a percentage of the plot area, to a tenth.
func pct(b *strings.Builder, v float64) {
	tenths(b, math.Round(v*1000))
	b.WriteByte('%')
}

// px writes a length in pixels, to a tenth.
func px(b *strings.Builder, v float64) {
	tenths(b, math.Round(v*10))
}

// tenths writes t/10, t a whole number, as strconv.FormatFloat(t/10, 'f',
// -1, 64) writes it (the shortest decimal that reads back as the same
// float: the tenths, without a trailing ".0"), from the integer: a static
// chart writes hundreds of coordinates. Beyond 2^49 tenths, where floats
// are further apart than a twentieth, it leaves it to strconv.
func tenths(b *strings.Builder, t float64) {
	var digits [32]byte
	if math.Abs(t) >= 1<<49 || t != t {
		b.Write(strconv.AppendFloat(digits[:0], t/10, 'f', -1, 64))
		return
	}
	n := int64(t)
	if n < 0 || n == 0 && math.Signbit(t) {
		b.WriteByte('-') // -0 too, as strconv writes it
		n = -n
	}
	b.Write(strconv.AppendInt(digits[:0], n/10, 10))
	if r := n % 10; r != 0 {
		b.WriteByte('.')
		b.WriteByte(byte('0' + r))
	}
}

func (d *drawing) attr(name string) {
	d.b.WriteByte(' ')
	d.b.WriteString(name)
	d.b.WriteString(`="`)
}

// pctAttr writes the attribute name with v as a percentage of the plot
// area, pxAttr with v in pixels.
func (d *drawing) pctAttr(name string, v float64) {
	d.attr(name)
	pct(d.b, v)
	d.b.WriteByte('"')
}

func (d *drawing) pxAttr(name string, v float64) {
	d.attr(name)
	px(d.b, v)
	d.b.WriteByte('"')
}

// title is a point's <title>: what the chart reads out for it (the
// category, what the series is, and the tooltip's line).
func (d *drawing) title(cat string, s *chart.PlotSeries, pt chart.PlotPoint) {
	line := pt.Tip
	if line == "" {
		line = d.f.Lang.WithUnit(pt.Label, d.c.Unit)
	}
	say := s.Say
	if say == "" {
		say = s.Name
	}
	d.b.WriteString("<title>")
	if parts := d.f.ed.pointText; parts != nil {
		// T's Sprintf, written in place: escaping goes byte by byte, so
		// the parts escaped are the whole escaped.
		for k, arg := range [3]string{cat, say, line} {
			escapeText(d.b, parts[k])
			escapeText(d.b, arg)
		}
		escapeText(d.b, parts[3])
	} else {
		escapeText(d.b, d.f.T("chart_point", cat, say, line))
	}
	d.b.WriteString("</title>")
}

func (d *drawing) svg() {
	p := d.p
	b := d.b
	b.Grow(2048 + 400*len(p.Categories)*len(p.Series))
	// The plot area's left is the widest value or category label's, plus
	// ECharts' 3% margin; normal text and 长辈模式's.
	left := &d.left
	right := "4%"
	// A ranking's names take the room the longest needs, up to
	// rankNameShare of the chart or rankNameFloor (townpress.js:
	// fitNames): their room is min(names, max(floor, share)), which only
	// the browser can work out, in the box's width; the names are cut
	// with "…" beyond it.
	names := &d.names
	for i, size := range []float64{fontSize, largeFontSize} {
		w := 0.0
		switch p.Kind {
		case chart.Columns:
			for k := range d.ticks.n() {
				w = math.Max(w, textWidth(d.tickText(k), size))
			}
		case chart.Bars:
			for _, c := range p.Categories {
				names[i] = math.Max(names[i], math.Ceil(textWidth(c, size)))
			}
			// As townpress.js gives ECharts' names (fitNames), which
			// measures them a few pixels wider than they are drawn.
			names[i] += 4
		}
		left[i] = w + labelGap
	}
	// The plot area's top and bottom, as townpress.js and ECharts put
	// them: below the legend's line if there is one, with room above for
	// the tallest bar's label (more in 长辈模式, where the labels are
	// larger), and above the grid's bottom margin (3%) and the category
	// or value labels under the axis.
	top := 40.0
	if len(p.Series) > 1 {
		top = 44 // the legend's line (chart/option.go)
	}
	top += 10
	bottom := d.h - 0.03*d.h - (fontSize + labelGap)
	topL, bottomL := top+(largeTopRoom-10), d.h-0.03*d.h-(largeFontSize+labelGap)
	if p.Kind == chart.Bars {
		right = "48px"
	}

	b.WriteString(`<svg class="chart-static" focusable="false" style="--l:calc(3% + `)
	d.room(names[0], left[0])
	b.WriteString(`px);--L:calc(3% + `)
	d.room(names[1], left[1])
	b.WriteString(`px);`)
	if p.Kind == chart.Bars {
		// The names' room, for their boxes (townpress.css: .nm): the
		// share in cqw, of the box, their container.
		for i, name := range []string{`--n:`, `;--N:`} {
			b.WriteString(name)
			d.nameRoom(names[i], "cqw")
		}
		b.WriteString(`;`)
	}
	b.WriteString(`--r:`)
	b.WriteString(right)
	// 长辈模式's plot area, from this one: townpress.css scales the plot
	// (class pl) by --k and moves it down by --d, and keeps its texts
	// their size.
	k := (bottomL - topL) / (bottom - top)
	b.WriteString(`;--k:`)
	b.WriteString(strconv.FormatFloat(math.Round(k*10000)/10000, 'f', -1, 64))
	b.WriteString(`;--d:`)
	px(b, topL-k*top)
	b.WriteString(`px`)
	if p.Kind == chart.Columns && (p.Stacked || len(p.Series) == 1) {
		// Half a column's width: the band less ECharts' category gap
		// (45%), never wider than barMax; townpress.css sizes the
		// columns (class b) from it.
		b.WriteString(`;--h:min(`)
		pct(b, 0.55/2/float64(len(p.Categories)))
		b.WriteString(`,`)
		px(b, barMax/2)
		b.WriteString(`px)`)
	}
	b.WriteString(`">`)
	hatch := d.hatched()
	if hatch {
		// ECharts' decal: white stripes 3 px wide and 4 px apart, at 45°.
		b.WriteString(`<defs><pattern id="`)
		escapeText(b, d.hatchID())
		b.WriteString(`" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"><rect width="3" height="7" class="hatch"/></pattern></defs>`)
	}
	b.WriteString(`<g class="pl">`)
	switch p.Kind {
	case chart.Columns:
		d.columns(top, bottom)
	case chart.Bars:
		d.bars(top, bottom)
	}
	b.WriteString(`</g></svg>`)
	d.legend()
}

// legend is the chart's legend, as HTML over the box's top left, where
// ECharts draws its scrolling legend: one line, entries of a 25×14 swatch,
// 5 px and the name, 10 px apart, cut where the toolbox begins. The
// browser sets its text, so it is as wide as the reading mode's text is;
// townpress.css gives it ECharts' place and sizes.
func (d *drawing) legend() {
	if len(d.p.Series) < 2 {
		return
	}
	b := d.b
	b.WriteString(`<div class="chart-lg" aria-hidden="true">`)
	for k, s := range d.p.Series {
		b.WriteString(`<span><i class="c`)
		b.WriteString(strconv.Itoa(k % len(chart.Palette)))
		b.WriteString(`"></i>`)
		escapeText(b, s.Name)
		b.WriteString(`</span>`)
	}
	b.WriteString(`</div>`)
}

// columns draws vertical bars over the categories, value axis on the
// left: gridlines at the ticks, the ticks' labels, the categories below.
func (d *drawing) columns(top, bottom float64) {
	p, b, t := d.p, d.b, d.ticks
	y := func(v float64) float64 { return bottom - t.frac(v)*(bottom-top) }
	for k := range t.n() {
		b.WriteString(`<line class="g" x2="100%"`)
		d.pxAttr("y1", y(t.at(k)))
		d.pxAttr("y2", y(t.at(k)))
		b.WriteString(`/><text class="t" dx="-8" dy=".35em" text-anchor="end"`)
		d.pxAttr("y", y(t.at(k)))
		b.WriteString(`>`)
		escapeText(b, d.tickText(k))
		b.WriteString(`</text>`)
	}
	n := float64(len(p.Categories))
	band := 1 / n
	// The columns of one category: one (a stack, a single series) or
	// several side by side, each the band's 55% shared with ECharts'
	// barGap of 30% between them.
	groups := len(p.Series)
	if p.Stacked {
		groups = 1
	}
	barW := band * 0.55 / (float64(groups) + 0.3*float64(groups-1))
	single := groups == 1
	zero := y(0)
	pos := make([]float64, len(p.Categories)) // a stack's top so far
	neg := make([]float64, len(p.Categories))
	for k := range p.Series {
		s := &p.Series[k]
		for i, pt := range s.Points {
			if i >= len(p.Categories) || !pt.Value.Valid() {
				continue
			}
			v := pt.Value.Float()
			base := 0.0
			if p.Stacked {
				if v >= 0 {
					base, pos[i] = pos[i], pos[i]+v
				} else {
					base, neg[i] = neg[i], neg[i]+v
				}
			}
			y0, y1 := y(base), y(base+v)
			if y1 > y0 {
				y0, y1 = y1, y0
			}
			center := (float64(i) + 0.5) * band
			if !single {
				left := center - band*0.55/2
				center = left + float64(k)*barW*1.3 + barW/2
			}
			b.WriteString(`<g><rect`)
			d.attr("class")
			b.WriteString(d.fill(k, pt))
			if single {
				b.WriteString(` b`)
			}
			b.WriteString(`"`)
			d.column(single, center, barW, y1, y0)
			b.WriteString(`/>`)
			class := ""
			if single {
				class = ` class="b"`
			}
			d.endBar(p.Categories[i], s, pt, class, func() { d.column(single, center, barW, y1, y0) })
			if p.Labels {
				b.WriteString(`<text class="v" text-anchor="middle"`)
				d.pctAttr("x", center)
				// Over the column's top, as ECharts writes it: for a
				// column that goes down, over the zero line.
				d.pxAttr("y", y1)
				b.WriteString(` dy="-5">`)
				escapeText(b, pt.Label)
				b.WriteString(`</text>`)
			}
		}
	}
	// The category axis: its line at zero and the categories under it,
	// every other one left out on a phone when they are many (ECharts
	// leaves out the labels that would overlap).
	b.WriteString(`<line class="ax" x2="100%"`)
	d.pxAttr("y1", zero)
	d.pxAttr("y2", zero)
	b.WriteString(`/>`)
	// ECharts' ticks between the categories.
	for i := range len(p.Categories) + 1 {
		b.WriteString(`<line class="ax"`)
		d.pctAttr("x1", float64(i)*band)
		d.pctAttr("x2", float64(i)*band)
		d.pxAttr("y1", zero)
		d.pxAttr("y2", zero+5)
		b.WriteString(`/>`)
	}
	// Too many for a phone's plot area: every other one, as ECharts
	// leaves out labels when one, and 30% more, is wider than the band
	// (its axisTickLabelBuilder). The plot area on a 375 px phone is about
	// 295 px less the value labels' room; 长辈模式's labels are larger and
	// its room less, so more charts leave out labels there (class oddL).
	var crowded [2]bool
	for m, size := range []float64{fontSize, largeFontSize} {
		widest := 0.0
		for _, c := range p.Categories {
			widest = math.Max(widest, textWidth(c, size))
		}
		crowded[m] = 1.3*widest*n > phonePlot-d.left[m]
	}
	for i, c := range p.Categories {
		b.WriteString(`<text class="t`)
		if i%2 == 1 && crowded[0] {
			b.WriteString(` odd`)
		} else if i%2 == 1 && crowded[1] {
			b.WriteString(` oddL`)
		}
		b.WriteString(`" text-anchor="middle" dy="1.2em"`)
		d.pctAttr("x", (float64(i)+0.5)*band)
		d.pxAttr("y", bottom+labelGap-4)
		b.WriteString(`>`)
		escapeText(b, c)
		b.WriteString(`</text>`)
	}
}

// tickEvery is, in normal text and in 长辈模式, one tick in how many
// whose figure a ranking's value axis shows on a phone, as townpress.js
// leaves them out (fitTicks): there the names take their floor of
// 150 px, and eight figures, 0 5 10 … 35, touched under the 100 px
// left of the plot. The other ticks' figures are classed odd (oddL in
// 长辈模式), which townpress.css hides on a phone. 长辈模式's one in so
// many is a multiple of normal text's, whose odd it hides too.
func (d *drawing) tickEvery() [2]int {
	t := d.ticks
	chartWidth := phonePlot / 0.93 // the plot area is the chart less 3% and 4%
	var every [2]int
	for m, size := range []float64{fontSize, largeFontSize} {
		room := math.Min(d.names[m], math.Max(rankNameFloor, rankNameShare*chartWidth))
		plot := 0.97*chartWidth - room - labelGap - 48
		widest := math.Max(textWidth(d.tickText(0), size), textWidth(d.tickText(t.n()-1), size))
		every[m] = max(1, int(math.Ceil((widest+8)/(plot/float64(max(1, t.n()-1))))))
	}
	every[1] = (every[1] + every[0] - 1) / every[0] * every[0]
	return every
}

// bars draws a ranking: horizontal bars, the first category at the top,
// the value axis at the bottom with vertical gridlines, each bar's label
// right of it.
func (d *drawing) bars(top, bottom float64) {
	p, b, t := d.p, d.b, d.ticks
	x := t.frac
	every := d.tickEvery()
	for k := range t.n() {
		b.WriteString(`<line class="g"`)
		d.pctAttr("x1", x(t.at(k)))
		d.pctAttr("x2", x(t.at(k)))
		d.pxAttr("y1", top)
		d.pxAttr("y2", bottom)
		b.WriteString(`/><text class="t`)
		if k%every[0] != 0 {
			b.WriteString(` odd`)
		} else if k%every[1] != 0 {
			b.WriteString(` oddL`)
		}
		b.WriteString(`" text-anchor="middle" dy="1.2em"`)
		d.pctAttr("x", x(t.at(k)))
		d.pxAttr("y", bottom+labelGap-4)
		b.WriteString(`>`)
		escapeText(b, d.tickText(k))
		b.WriteString(`</text>`)
	}
	band := (bottom - top) / float64(len(p.Categories))
	thick := math.Min(band*0.65, barMax)
	zero := x(0)
	s := &p.Series[0]
	for i, c := range p.Categories {
		mid := top + (float64(i)+0.5)*band
		// A box of HTML in the names' room, where the browser cuts a
		// name too long for it with "…", as ECharts does, at whatever
		// width the box has; townpress.css places it.
		b.WriteString(`<foreignObject class="nm"`)
		d.pxAttr("y", mid-rankNameHeight/2)
		b.WriteString(` height="`)
		px(b, rankNameHeight)
		b.WriteString(`"><div>`)
		escapeText(b, c)
		b.WriteString(`</div></foreignObject>`)
		if i >= len(s.Points) {
			continue
		}
		pt := s.Points[i]
		if !pt.Value.Valid() {
			continue
		}
		v := pt.Value.Float()
		x0, x1 := zero, x(v)
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		rect := func() {
			d.pctAttr("x", x0)
			d.pctAttr("width", x1-x0)
			d.pxAttr("y", mid-thick/2)
			d.pxAttr("height", thick)
		}
		b.WriteString(`<g><rect`)
		d.attr("class")
		b.WriteString(d.fill(0, pt))
		b.WriteString(`"`)
		rect()
		b.WriteString(`/>`)
		d.endBar(p.Categories[i], s, pt, "", rect)
		if p.Labels {
			// Right of the bar's right end, as ECharts writes it: for a
			// bar that goes left, right of zero, clear of the names.
			b.WriteString(`<text class="v" dy=".35em" dx="5"`)
			d.pctAttr("x", x1)
			d.pxAttr("y", mid)
			b.WriteString(`>`)
			escapeText(b, pt.Label)
			b.WriteString(`</text>`)
		}
	}
	b.WriteString(`<line class="ax" y2="`)
	px(b, bottom)
	b.WriteString(`"`)
	d.pctAttr("x1", zero)
	d.pctAttr("x2", zero)
	d.pxAttr("y1", top)
	b.WriteString(`/>`)
}

// room writes, between "calc(3% + " and "px)", the room left of the plot
// area for the labels and their gap: a ranking's names' (nameRoom; a
// padding's percentage is of the box); other charts' labels are left
// wide.
func (d *drawing) room(names, left float64) {
	if d.p.Kind != chart.Bars {
		px(d.b, left)
		return
	}
	d.nameRoom(names, "%")
	d.b.WriteString(` + `)
	px(d.b, left)
}

// nameRoom writes the room of a ranking's names as CSS: the longest's
// width (names, in pixels), up to the larger of rankNameFloor and
// rankNameShare of the box, in unit: "%" in the box's padding, "cqw" in
// the box as container.
func (d *drawing) nameRoom(names float64, unit string) {
	d.b.WriteString(`min(`)
	px(d.b, names)
	d.b.WriteString(`px,max(`)
	px(d.b, rankNameFloor)
	d.b.WriteString(`px,`)
	tenths(d.b, math.Round(rankNameShare*1000))
	d.b.WriteString(unit)
	d.b.WriteString(`))`)
}

// writeNoteHTML writes line to b, escaped, each of the texts chinese in
// it in a span of lang="zh-CN".
func writeNoteHTML(b *strings.Builder, line string, chinese []string) {
	for _, zh := range chinese {
		before, after, ok := strings.Cut(line, zh)
		if !ok || zh == "" {
			continue
		}
		writeNoteHTML(b, before, chinese)
		b.WriteString(`<span lang="zh-CN">`)
		escapeText(b, zh)
		b.WriteString(`</span>`)
		writeNoteHTML(b, after, chinese)
		return
	}
	escapeText(b, line)
}
