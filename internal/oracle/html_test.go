package oracle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Pages are read with an HTML parser and searched by meaning: a table by
// its caption and headers, a chart by its card (title, option, table,
// data files), a headline figure by its KPI classes.

// pageCtx is what a page's path says about its figures.
func (s *oracleSite) pageCtx(rel string) gctx {
	ctx := noCtx()
	ctx.lang = "zh-CN"
	p := rel
	if strings.HasPrefix(p, "en/") {
		ctx.lang, p = "en", strings.TrimPrefix(p, "en/")
	}
	ctx.year = s.latest()
	parts := strings.Split(p, "/")
	if len(parts) == 3 && parts[2] == "index.html" {
		switch parts[0] {
		case "towns":
			ctx.town = s.townByKey[headerKey(parts[1])]
		case "tiers":
			if i, ok := s.tierByKey[headerKey(parts[1])]; ok {
				ctx.scope = s.cfg.Tiers[i].ID
			}
		case "indicators":
			ctx.ind = s.indIndex(parts[1])
		case "reports":
			if y, err := strconv.Atoi(parts[1]); err == nil {
				ctx.year = y
			}
		}
	}
	return ctx
}

// captionCtx adds what a caption or chart title says: a year, an
// indicator, a tier.
func (s *oracleSite) captionCtx(ctx gctx, caption string) gctx {
	for _, m := range yearInRE.FindAllString(caption, -1) {
		y, _ := strconv.Atoi(m)
		if y >= s.years[0] && y <= s.latest() {
			ctx.year = y
			break
		}
	}
	if i := s.indicatorIn(caption); i >= 0 {
		ctx.ind = i
	}
	// What a table of ranks says of itself: its unit, or that it ranks
	// growth.
	lower := strings.ToLower(caption)
	if containsAny(lower, "单位：排名", "unit: rank") {
		ctx.ranks = true
	}
	if containsAny(lower, "增速排名", "增减排名", "growth ranking", "ranking by change") {
		ctx.byGrowth = true
	}
	for _, tier := range s.cfg.Tiers {
		for _, n := range []string{tier.Name, tier.NameEn} {
			if n != "" && strings.Contains(caption, n) {
				ctx.scope = tier.ID
			}
		}
	}
	return ctx
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// cellText is a table cell's text without its footnote marks (<sup>),
// which would otherwise run into the figure ("23.5¹" is not 23.51).
func cellText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte(' ')
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Sup):
			return
		}
		// Elements are words apart: "134.1<small>13/13</small>" is a
		// figure and its coverage, not 134.113.
		if n.Type == html.ElementNode {
			b.WriteByte(' ')
			defer b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// text is a node's text, with <br> and block boundaries as spaces.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte(' ')
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
			return
		}
		if n.Type == html.ElementNode {
			b.WriteByte(' ')
			defer b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func first(n *html.Node, match func(*html.Node) bool) *html.Node {
	if all := find(n, match); len(all) > 0 {
		return all[0]
	}
	return nil
}

func isElem(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.DataAtom == a }
}

func ancestor(n *html.Node, match func(*html.Node) bool) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && match(p) {
			return p
		}
	}
	return nil
}

// marked reports whether a cell carries a note mark: a footnote
// reference, or an element whose class or attributes say so.
func marked(n *html.Node) bool {
	return first(n, func(e *html.Node) bool {
		if e.DataAtom == atom.Sup {
			return true
		}
		c := attr(e, "class")
		return strings.Contains(c, "break") || strings.Contains(c, "note") || attr(e, "data-break") != ""
	}) != nil || strings.Contains(attr(n, "class"), "break")
}

// tableGrid reads an HTML table: the header row, then every row with its
// cells, colspans repeated so that columns line up.
func tableGrid(t *html.Node) (caption string, header []string, rows [][]gcell) {
	if c := first(t, isElem(atom.Caption)); c != nil {
		caption = text(c)
	}
	trs := find(t, isElem(atom.Tr))
	for i, tr := range trs {
		var cells []gcell
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
				continue
			}
			span, _ := strconv.Atoi(attr(c, "colspan"))
			cell := gcell{text: cellText(c), mark: marked(c), marks: htmlMarks(c), links: markLinks(c)}
			for range max(span, 1) {
				cells = append(cells, cell)
			}
		}
		inHead := ancestor(tr, isElem(atom.Thead)) != nil
		if header == nil && (inHead || i == 0) {
			for _, c := range cells {
				header = append(header, c.text)
			}
			continue
		}
		if inHead {
			continue // a second header row
		}
		rows = append(rows, cells)
	}
	return caption, header, rows
}

// tableNotes is the text of a table's notes: its footer and the
// paragraphs that follow it in its figure or section.
func tableNotes(t *html.Node) string {
	var b strings.Builder
	for _, n := range find(t, isElem(atom.Tfoot)) {
		b.WriteString(text(n) + "\n")
	}
	// Up the wrappers (a scrolling div, details) to the figure or
	// section, then the notes after the table.
	n := t
	for n.Parent != nil && n.Parent.DataAtom != atom.Figure && n.Parent.DataAtom != atom.Section && n.Parent.DataAtom != atom.Body {
		n = n.Parent
	}
	for sib, i := n.NextSibling, 0; sib != nil && i < 6; sib = sib.NextSibling {
		if sib.Type != html.ElementNode {
			continue
		}
		i++
		if sib.DataAtom == atom.Table || hasClass(sib, "chart-card") || sib.DataAtom == atom.H2 || sib.DataAtom == atom.H3 {
			break
		}
		b.WriteString(text(sib) + "\n")
	}
	return b.String()
}

// checkPage checks every table, chart and headline figure of a page.
func (s *oracleSite) checkPage(out, rel string, f *findings) error {
	raw, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		return err
	}
	doc, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	page := s.pageCtx(rel)
	for _, t := range find(doc, isElem(atom.Table)) {
		caption, header, rows := tableGrid(t)
		ctx := s.captionCtx(page, caption)
		if card := ancestor(t, func(n *html.Node) bool { return hasClass(n, "chart-card") }); card != nil {
			if title := first(card, func(n *html.Node) bool { return hasClass(n, "chart-title") }); title != nil {
				ctx = s.captionCtx(ctx, text(title))
				ctx = s.captionCtx(ctx, caption)
			}
		}
		g := &grid{where: fmt.Sprintf("%s table %q", rel, caption), output: "HTML tables", header: header, rows: rows,
			ctx: ctx, sem: display, firstIsKey: true, notes: tableNotes(t), page: rel}
		s.checkGrid(g, f)
	}
	for _, card := range find(doc, func(n *html.Node) bool { return hasClass(n, "chart-card") }) {
		if err := s.checkChartCard(out, rel, page, card, f); err != nil {
			return err
		}
	}
	s.checkKPIs(rel, page, doc, f)
	return nil
}

// checkChartCard checks a chart's option and its data file against the
// oracle, in the context of the chart's title and table caption.
func (s *oracleSite) checkChartCard(out, rel string, page gctx, card *html.Node, f *findings) error {
	ctx := page
	title := ""
	if t := first(card, func(n *html.Node) bool { return hasClass(n, "chart-title") }); t != nil {
		title = text(t)
		ctx = s.captionCtx(ctx, title)
	}
	if c := first(card, isElem(atom.Caption)); c != nil {
		ctx = s.captionCtx(ctx, text(c))
	}
	if opt := first(card, func(n *html.Node) bool { return n.DataAtom == atom.Script && hasClass(n, "chart-option") }); opt != nil {
		s.checkChartOption(fmt.Sprintf("%s chart option %q", rel, title), text0(opt), ctx, text(card), f)
		if svg := first(card, func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "chart-static") }); svg != nil {
			s.checkStaticChart(fmt.Sprintf("%s static chart %q", rel, title), svg, text0(opt), ctx, text(card), f)
		}
	}
	for _, a := range find(card, isElem(atom.A)) {
		href := attr(a, "href")
		if !strings.HasSuffix(href, ".csv") {
			continue
		}
		path := filepath.Join(filepath.Dir(filepath.Join(out, rel)), filepath.FromSlash(href))
		name, _ := filepath.Rel(out, path)
		raw, err := os.ReadFile(path)
		if err != nil {
			f.add(finding{class: "not present: a chart's data file it links to", where: rel, what: title, want: href, got: err.Error()})
			continue
		}
		header, rows, err := readCSV(raw)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		s.checkGrid(&grid{where: filepath.ToSlash(name), output: "chart CSV files", header: header, rows: rows, ctx: ctx, sem: data, firstIsKey: true, notes: string(raw)}, f)
		s.chartCSVs[filepath.ToSlash(name)] = true
		checkSampleMark(filepath.ToSlash(name), raw, f)
	}
	return nil
}

// text0 is a script's raw content.
func text0(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// checkChartOption reads an ECharts option: the category axis names the
// rows (years or towns), each series a column (a town, a tier, an
// indicator, growth); the data are compared as data (a chart draws the
// figure at full precision; its labels round in the browser).
func (s *oracleSite) checkChartOption(where, raw string, ctx gctx, notes string, f *findings) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var opt map[string]any
	if err := dec.Decode(&opt); err != nil {
		f.add(finding{class: "oracle: a chart option that is not JSON", where: where, what: "option", want: "JSON", got: err.Error()})
		return
	}
	var categories []string
	for _, axis := range []string{"xAxis", "yAxis"} {
		for _, a := range asList(opt[axis]) {
			m, _ := a.(map[string]any)
			for _, c := range asList(m["data"]) {
				switch c := c.(type) {
				case string:
					categories = append(categories, c)
				case map[string]any:
					categories = append(categories, fmt.Sprint(c["value"]))
				}
			}
		}
	}
	series := asList(opt["series"])
	if len(categories) == 0 || len(series) == 0 {
		return
	}
	// The text of each point as the table writes it (the option's
	// townpress key), which may carry its marks.
	var pointText [][]any
	if tp, ok := opt["townpress"].(map[string]any); ok {
		for _, sr := range asList(tp["text"]) {
			pointText = append(pointText, asList(sr))
		}
	}
	header := []string{""}
	rows := make([][]gcell, len(categories))
	for i, c := range categories {
		rows[i] = []gcell{{text: c}}
	}
	// A line split into series of the same name (a provisional segment
	// drawn dashed) is one column: each point from the series that has
	// it, with the marks of all.
	column := map[string]int{}
	for si, sr := range series {
		m, _ := sr.(map[string]any)
		name, _ := m["name"].(string)
		col, seen := column[name]
		if !seen {
			col = len(header)
			column[name] = col
			header = append(header, name)
			for i := range rows {
				rows[i] = append(rows[i], gcell{isRaw: true})
			}
		}
		marks := m["markLine"] != nil || m["markArea"] != nil || m["markPoint"] != nil
		dashed := false
		if ls, ok := m["lineStyle"].(map[string]any); ok && ls["type"] == "dashed" {
			dashed = true
		}
		data := asList(m["data"])
		for i := range rows {
			cell := &rows[i][col]
			cell.mark = cell.mark || marks
			if i >= len(data) {
				continue
			}
			v := data[i]
			if o, ok := v.(map[string]any); ok {
				for k, x := range o {
					if k != "value" && k != "name" {
						cell.mark = true
						cell.marks += fmt.Sprintf(" %s %v", k, x)
					}
				}
				v = o["value"]
			}
			raw := ""
			switch v := v.(type) {
			case json.Number:
				raw = v.String()
			case string:
				raw = v
			}
			if raw == "" || raw == "-" {
				continue
			}
			if cell.raw == "" {
				cell.raw, cell.text = raw, raw
			}
			if dashed {
				cell.marks += " provisional (dashed)"
			}
			if si < len(pointText) && i < len(pointText[si]) {
				cell.marks += " " + fmt.Sprint(pointText[si][i])
			}
		}
	}
	s.checkGrid(&grid{where: where, output: "chart option JSON", header: header, rows: rows, ctx: ctx, sem: data, firstIsKey: true, noCoverage: true, notes: notes}, f)
}

// checkStaticChart reads the static SVG the build draws of a page's
// first charts: each bar's <title> is "category series figure" as the
// chart reads a point out (zh "2023年 工业产值 24.3p 亿元", en "2023,
// Industrial output: 24.3p CNY 100 million"). The categories and what
// each series is called are the option's (its axis, its series' names
// and the townpress key's say); the figures, as shown, are checked
// against the workbook like a page's table, marks and all.
func (s *oracleSite) checkStaticChart(where string, svg *html.Node, rawOption string, ctx gctx, notes string, f *findings) {
	dec := json.NewDecoder(strings.NewReader(rawOption))
	dec.UseNumber()
	var opt map[string]any
	if err := dec.Decode(&opt); err != nil {
		return // checkChartOption has said so
	}
	var categories []string
	for _, axis := range []string{"xAxis", "yAxis"} {
		for _, a := range asList(opt[axis]) {
			m, _ := a.(map[string]any)
			for _, c := range asList(m["data"]) {
				if c, ok := c.(string); ok {
					categories = append(categories, c)
				}
			}
		}
	}
	var say []any
	if tp, ok := opt["townpress"].(map[string]any); ok {
		say = asList(tp["say"])
	}
	header := []string{""}
	type called struct {
		as  string // what a title calls the series
		col int
	}
	var names []called
	column := map[string]int{}
	for k, sr := range asList(opt["series"]) {
		m, _ := sr.(map[string]any)
		name, _ := m["name"].(string)
		col, seen := column[name]
		if !seen {
			col = len(header)
			column[name] = col
			header = append(header, name)
		}
		as := name
		if k < len(say) {
			if s, ok := say[k].(string); ok && s != "" {
				as = s
			}
		}
		names = append(names, called{as, col})
	}
	rows := make([][]gcell, len(categories))
	for i, c := range categories {
		rows[i] = make([]gcell, len(header))
		rows[i][0] = gcell{text: c}
	}
	catSep, nameSep := " ", " "
	if ctx.lang == "en" {
		catSep, nameSep = ", ", ": "
	}
	titles := 0
	for _, t := range find(svg, func(n *html.Node) bool { return n.Data == "title" }) {
		titles++
		got := text(t)
		row, col, line := -1, -1, ""
		for i, c := range categories {
			rest, ok := strings.CutPrefix(got, c+catSep)
			if !ok || (row >= 0 && len(c) <= len(categories[row])) {
				continue
			}
			for _, n := range names {
				if l, ok := strings.CutPrefix(rest, n.as+nameSep); ok {
					row, col, line = i, n.col, l
				}
			}
		}
		if row < 0 {
			f.add(finding{class: "oracle: a static chart's title that names no category and series of its chart", where: where, what: "title", want: "category" + catSep + "series" + nameSep + "figure", got: got})
			continue
		}
		rows[row][col] = gcell{text: line, marks: line}
		// The figure written over the bar, when it has one, is the one
		// its title says: the title is checked, the label is what is seen.
		if label := labelAfter(t.Parent); label != nil {
			// A title's figure may carry its unit's % ("+20.0p%"), which
			// the label over the bar leaves to the axis.
			figure, _, _ := strings.Cut(line, " ")
			if got := text(label); got != figure && got+"%" != figure {
				f.add(finding{class: "static chart: a bar's label is not its figure", where: where, what: got, want: figure, got: got})
			}
		}
	}
	if titles == 0 {
		f.add(finding{class: "not present: a static chart's figures (a <title> on each bar)", where: where, what: "titles", want: "a <title> on each bar", got: "none"})
		return
	}
	// A cell without a title is a category the chart draws no bar for
	// (no figure): it says nothing, as a gap in a chart says nothing.
	for i := range rows {
		for k := 1; k < len(header); k++ {
			if rows[i][k].text == "" {
				rows[i][k].text = "—"
			}
		}
	}
	s.checkGrid(&grid{where: where, output: "static chart SVG", header: header, rows: rows, ctx: ctx, sem: display, firstIsKey: true, noCoverage: true, notes: notes}, f)
}

// labelAfter is the figure label a static chart writes after a bar's
// group (<g><rect/><title/></g><text class="v">), or nil.
func labelAfter(g *html.Node) *html.Node {
	for n := g.NextSibling; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode {
			if n.Data == "text" && hasClass(n, "v") {
				return n
			}
			return nil
		}
	}
	return nil
}

func asList(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case nil:
		return nil
	}
	return []any{v}
}

// kpiRankRE finds a town's rank in its KPI notes: "排名 3/7", "Rank 3 of 7".
var kpiRankRE = regexp.MustCompile(`(?i)(?:排名|rank)\D{0,3}(\d+)\s*(?:/|of)\s*(\d+)`)

// checkKPIs checks the headline figures (KPI cards): value, growth or
// change, and coverage or rank.
func (s *oracleSite) checkKPIs(rel string, page gctx, doc *html.Node, f *findings) {
	for _, li := range find(doc, func(n *html.Node) bool { return hasClass(n, "kpi") }) {
		label := first(li, func(n *html.Node) bool { return hasClass(n, "kpi-label") })
		if label == nil {
			continue
		}
		ind := -1
		if href := attr(label, "href"); strings.Contains(href, "indicators/") {
			id := strings.TrimSuffix(href[strings.Index(href, "indicators/")+len("indicators/"):], "/index.html")
			ind = s.indIndex(id)
		}
		if ind < 0 {
			ind = s.indicatorIn(text(label))
		}
		if ind < 0 {
			continue
		}
		// A report's tier section has its own headline figures: the
		// section's heading names the tier.
		kctx := page
		for p := li.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Section {
				if h := first(p, func(n *html.Node) bool { return n.DataAtom == atom.H2 }); h != nil {
					for _, tier := range s.cfg.Tiers {
						if strings.HasPrefix(text(h), tier.Name) || strings.HasPrefix(text(h), tier.NameEn) {
							kctx.scope = tier.ID
						}
					}
				}
				break
			}
		}
		page := kctx
		where := fmt.Sprintf("%s KPI %q", rel, text(label))
		g := &grid{where: where, output: "KPI cards", sem: display, ctx: page, page: rel}
		fr := figRef{kind: kValue, ind: ind, year: page.year, town: page.town, scope: orAll(page.scope), target: -1}
		if fr.town != nil {
			fr.scope = ""
		}
		var fig scopeFigure
		if fr.town == nil {
			fig = s.figure(fr.scope, ind, fr.year)
		}
		if v := first(li, func(n *html.Node) bool { return hasClass(n, "kpi-value") }); v != nil {
			s.compareCell(g, fr, gcell{text: text(v)}, where+" value", f)
			s.checkMarks(g, s.markExpect(fr), text(v)+" "+htmlMarks(v), text(li), where+" value", s.describe(fr), false, f)
			s.checkRevisionLink(g, fr, markLinks(v), where+" value", f)
		}
		if c := first(li, func(n *html.Node) bool { return hasClass(n, "kpi-change") }); c != nil {
			fr.kind = kDelta
			t := text(c)
			// The label before the figure ("同比增长", "Growth") holds no digits.
			s.compareCell(g, fr, gcell{text: t}, where+" change", f)
			s.checkMarks(g, s.markExpect(fr), t+" "+htmlMarks(c), text(li), where+" change", s.describe(fr), false, f)
			s.checkRevisionLink(g, fr, markLinks(c), where+" change", f)
			fr.kind = kValue
		}
		var notes []string
		for _, n := range find(li, func(n *html.Node) bool { return hasClass(n, "kpi-note") }) {
			notes = append(notes, text(n))
		}
		note := strings.Join(notes, " · ")
		m := pairRE.FindStringSubmatch(note)
		if fr.town != nil {
			m = kpiRankRE.FindStringSubmatch(note)
		}
		switch {
		case fr.town != nil:
			scope := s.cfg.Tiers[fr.town.tier].ID
			set := s.rankSet(scope, fr.year)
			rank, of := s.rank(set, fr.town, ind, fr.year)
			f.count(g.output)
			want := fmt.Sprintf("%d/%d", rank, of)
			if !s.member(fr.town, fr.year) {
				want = "no rank (not a member)"
			}
			if m == nil && rank == 0 {
				continue
			}
			if m == nil || m[1]+"/"+m[2] != want {
				f.add(finding{class: "rank: KPI rank among the tier's members", where: where + " rank", what: s.describe(figRef{kind: kRank, ind: ind, town: fr.town, year: fr.year, rankIn: scope, target: -1}), want: want, got: note})
			}
		case fig.hasTotal && fig.of > 0:
			f.count(g.output)
			want := fmt.Sprintf("%d/%d", fig.reporting, fig.of)
			if m == nil {
				f.add(finding{class: "not present: coverage (reporting/members) beside a total", where: where, what: s.describe(fr), want: want, got: note})
			} else if m[1]+"/"+m[2] != want {
				f.add(finding{class: "coverage: wrong", where: where, what: s.describe(fr), want: want, got: note})
			}
			if fig.broken() && !marked(li) && !strings.Contains(note, "可比") && !strings.Contains(strings.ToLower(note), "comparable") {
				f.add(finding{class: "not present: note that coverage differs from the year before (break)", where: where, what: s.describe(fr),
					want: fmt.Sprintf("a note: %d/%d against %d/%d the year before, growth over %d towns in both", fig.reporting, fig.of, fig.prevReporting, fig.prevOf, fig.matched), got: note})
			}
		}
	}
}
