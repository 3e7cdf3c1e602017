package render

import (
	"fmt"
	"html/template"
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
	a.WriteString(`id="`)
	escapeText(&a, c.ID)
	a.WriteString(`-chart" style="`)
	escapeText(&a, string(c.Style))
	a.WriteString(`" data-unit="`)
	escapeText(&a, c.Unit)
	a.WriteString(`" data-decimals="`)
	a.WriteString(strconv.Itoa(c.Decimals))
	a.WriteString(`" role="img" aria-label="`)
	escapeText(&a, c.Label)
	a.WriteString(`"`)
	return template.HTMLAttr(a.String())
}

// chartNotes are what the card shows after the table: the table's
// footnotes, the source line and the links to the chart's data files.
func chartNotes(c *chart.Chart, h *cardHead, definition string) template.HTML {
	if !h.files && len(c.Footnotes) == 0 && definition == "" {
		return template.HTML(h.sourceHTML)
	}
	var a strings.Builder
	// The table's footnotes come first, under the table they explain.
	for _, n := range c.Footnotes {
		a.WriteString(`<p class="chart-note">`)
		escapeText(&a, n)
		a.WriteString(`</p>`)
	}
	a.WriteString(h.sourceHTML)
	if h.files {
		// The files sit next to the page; ids are slugs (a-z, 0-9, -), so
		// the link needs no URL escaping.
		a.WriteString("\n  <p class=\"chart-files\"><a href=\"")
		escapeText(&a, c.ID)
		a.WriteString(`.csv" download>`)
		escapeText(&a, h.filesText[0])
		a.WriteString(`</a> · <a href="`)
		escapeText(&a, c.ID)
		a.WriteString(`.json">`)
		escapeText(&a, h.filesText[1])
		a.WriteString(`</a></p>`)
	}
	if definition != "" {
		// What the figures are: the indicator's definition on its page.
		a.WriteString("\n  <p class=\"chart-def\"><a href=\"")
		escapeText(&a, definition)
		a.WriteString(`">`)
		escapeText(&a, h.definition)
		a.WriteString(`</a></p>`)
	}
	return template.HTML(a.String())
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
	n := len(head) + 16
	for _, r := range rows {
		n += len(r.Header) + 32
		for _, c := range r.Cells {
			n += len(c) + 9
		}
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(head)
	for _, r := range rows {
		b.WriteString(`<tr><th scope="row">`)
		escapeText(&b, r.Header)
		b.WriteString("</th>")
		for k, c := range r.Cells {
			b.WriteString("<td>")
			escapeText(&b, c)
			if r.Marks != nil {
				f.markHTML(&b, r.Marks[k])
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return template.HTML(b.String())
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
		b.WriteString(`<small> `)
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
		escapeText(&b, note)
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
	w := s.words
	var a strings.Builder
	a.WriteString("\n  <details class=\"chart-share\"><summary>")
	escapeText(&a, w.share)
	a.WriteString(`</summary><div class="share-body">`)
	if s.images {
		a.WriteString(`<p class="share-image">`)
		escapeText(&a, w.image)
		a.WriteString(` <a href="` + id + `.png" download>PNG</a> · <a href="` + id + `.svg" download>SVG</a></p>`)
	}
	if s.url == "" {
		a.WriteString(`<p><a href="#` + id + `">`)
		escapeText(&a, w.chartLink)
		a.WriteString(`</a></p></div></details>`)
		return template.HTML(a.String())
	}
	a.WriteString(`<p><label>`)
	escapeText(&a, w.link)
	a.WriteString(` <input class="share-url" readonly value="`)
	escapeText(&a, s.url+"#"+id)
	a.WriteString(`"></label></p><figure class="share-qr"><img src="` + QRFile + `" width="144" height="144" loading="lazy" alt="`)
	escapeText(&a, w.qr)
	a.WriteString(`"><figcaption>`)
	escapeText(&a, w.qrNote)
	a.WriteString(`</figcaption></figure><p><label>`)
	escapeText(&a, w.embed)
	a.WriteString(` <textarea class="share-embed" readonly rows="3">`)
	escapeText(&a, fmt.Sprintf(`<iframe src="%s?embed=%s" title="%s" width="100%%" height="%d" style="border:0" loading="lazy"></iframe>`, s.url, id, w.embedTitle, height+130))
	a.WriteString(`</textarea></label></p></div></details>`)
	return template.HTML(a.String())
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
