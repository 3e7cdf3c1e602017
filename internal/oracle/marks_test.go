package oracle

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Issue 11: a reader must be able to tell, in every output that shows a
// figure, whether it is provisional, revised, estimated or confidential,
// and read its footnote. The oracle knows each figure's marks from the
// workbook (input_test.go, expect_test.go); here it looks for them where
// each output can carry them, without prescribing one form:
//
//   - an HTML cell: a superscript (<sup>p</sup>, <sup>①</sup>), a class or
//     data- attribute naming the mark, or the mark in the cell's text
//     (23.5（初步）); a footnote's text under the table;
//   - a chart option: a point written as an object with more than its
//     value ({"value": 23.5, "flag": "p"}), the point's text under the
//     option's townpress key, or a dashed series (a provisional segment);
//   - CSV, xlsx and data.json records: a status column, per value column
//     (output_status, 工业产值状态, "工业产值·状态 / Industrial output ·
//     status", data.json's status by indicator and year) or for the row
//     (status, 数据状态); a cell comment in a workbook; a value written as
//     an object in JSON. A figure's own status column holds exactly its
//     marks' keys joined by + (a missing mark and one it has not are
//     both findings; final for a figure verified in a provisional year);
//   - a footnote's text anywhere in a download, or its number in the
//     figure's note column (output_note, 工业产值·注), which must be the
//     number of its note in the file's notes (notes.csv, the notes sheet,
//     data.json's notes); a report's cell its symbols and its note's mark
//     after the number (24.3 r①), and no mark the figure has not.

// marksIn reads the marks an output's text names: the words of
// markNames (初步, provisional, 保密 …), and the symbols p, r, e, b, c, x
// alone or run together ("pr"), but not a word that merely holds the
// letters ("pp" is percentage points, "price" is no mark).
func marksIn(text string) marks {
	var m marks
	k := strings.ToLower(text)
	for _, n := range markNames {
		for _, w := range n.words {
			if utf8.RuneCountInString(w) > 1 && strings.Contains(k, w) {
				m |= n.m
			}
		}
	}
	for _, tok := range strings.FieldsFunc(k, func(r rune) bool { return r < 'a' || r > 'z' }) {
		var tm marks
		seen := map[rune]bool{}
		ok := len(tok) <= 5
		for _, r := range tok {
			var sm marks
			switch r {
			case 'p':
				sm = mProvisional
			case 'r':
				sm = mRevised
			case 'e':
				sm = mEstimated
			case 'b':
				sm = mBreak
			case 'c':
				sm = mConfidential
			case 'x':
				sm = mNotApplicable
			}
			if sm == 0 || seen[r] {
				ok = false
				break
			}
			seen[r] = true
			tm |= sm
		}
		if ok {
			m |= tm
		}
	}
	if strings.ContainsAny(k, "*") {
		m |= mConfidential
	}
	if strings.ContainsAny(k, "<＜") {
		m |= mBelow
	}
	return m
}

// htmlMarks are the marks an HTML cell carries outside its figure's text:
// its superscripts, and its elements' classes, titles and data-
// attributes.
func htmlMarks(n *html.Node) string {
	var parts []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.DataAtom == atom.Sup {
				parts = append(parts, text(n))
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "class":
					for _, c := range strings.Fields(a.Val) {
						for _, w := range []string{"flag", "status", "mark", "provisional", "revised", "estimated", "confidential", "withheld", "not-applicable", "footnote"} {
							if strings.Contains(c, w) {
								parts = append(parts, strings.NewReplacer("-", " ", "_", " ").Replace(c))
							}
						}
					}
				case a.Key == "title" || a.Key == "aria-label" || strings.HasPrefix(a.Key, "data-"):
					parts = append(parts, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(parts, " ")
}

// statusSuffixRE finds a status column's header: output_status, 工业产值状态,
// "Output (flag)", or status alone (the row's).
var statusSuffixRE = regexp.MustCompile(`(?i)^(.*?)[\s_\-]*[（(]?(status|flags?|marks?|状态|标志|标记|符号|数据状态)[）)]?$`)

// sideSuffixRE finds the columns a data file gives a figure beside it
// (README, "marks on figures"): output_status, output_note, output_bound
// in a CSV or JSON record; "工业产值·状态 / Industrial output · status",
// "·注 / · note", "·上限 / · bound" in a workbook, whose value column is
// "工业产值（亿元） / Industrial output (100 million yuan)".
var sideSuffixRE = regexp.MustCompile(`^(.+?)(?:_|\s*·\s*)(status|note|bound|状态|注|上限)$`)

// sideKind is what a column beside a figure holds.
type sideKind int

const (
	sideStatus sideKind = iota + 1 // the figure's marks (keys joined by +)
	sideNote                       // the number of its footnote in the file's notes
	sideBound                      // the bound of a figure below the precision shown
)

// sideCols are the columns that say something of a value column: its
// own status, note and bound columns, and the row's status columns.
type sideCols struct {
	status []int // every column whose marks apply (its own and the row's)
	own    int   // its own status column, -1 for none: its marks must be exactly the figure's
	note   int   // its note column, -1 for none
	bound  int   // its bound column, -1 for none
}

// valueKeys are the names a header answers to as a side column's base:
// the whole header folded, its first part (a bilingual header's Chinese),
// and that part without its unit.
func valueKeys(h string) []string {
	first, _, _ := strings.Cut(h, " / ")
	return []string{headerKey(h), headerKey(first), headerKey(unitRE.ReplaceAllString(strings.TrimSpace(first), ""))}
}

// statusColumns finds a grid's side columns: for each value column, its
// status, note and bound columns (its header with _status, ·状态, 状态 …
// after it), and the columns of the row's marks (a header that is only
// status, 数据状态 …); isSide holds every such column, none a figure.
func statusColumns(header []string) (of map[int]*sideCols, isSide map[int]bool) {
	of, isSide = map[int]*sideCols{}, map[int]bool{}
	byHeader := map[string]int{}
	for c := len(header) - 1; c >= 0; c-- {
		for _, k := range valueKeys(header[c]) {
			if k != "" {
				byHeader[k] = c
			}
		}
	}
	get := func(c int) *sideCols {
		if of[c] == nil {
			of[c] = &sideCols{own: -1, note: -1, bound: -1}
		}
		return of[c]
	}
	var row []int
	for c, h := range header {
		first, _, _ := strings.Cut(strings.TrimSpace(h), " / ")
		if m := sideSuffixRE.FindStringSubmatch(strings.TrimSpace(first)); m != nil {
			if v, ok := byHeader[headerKey(m[1])]; ok && v != c {
				isSide[c] = true
				sc := get(v)
				switch m[2] {
				case "status", "状态":
					sc.own = c
					sc.status = append(sc.status, c)
				case "note", "注":
					sc.note = c
				case "bound", "上限":
					sc.bound = c
				}
				continue
			}
		}
		m := statusSuffixRE.FindStringSubmatch(strings.TrimSpace(h))
		if m == nil {
			continue
		}
		isSide[c] = true
		base := headerKey(m[1])
		if base == "" || base == "数据" {
			row = append(row, c)
			continue
		}
		if v, ok := byHeader[base]; ok && v != c {
			get(v).status = append(get(v).status, c)
		}
	}
	for c := range header {
		if !isSide[c] {
			get(c).status = append(get(c).status, row...)
		}
	}
	return of, isSide
}

// readStatus reads a status column's cell as the data files write it:
// marks' keys joined by + (provisional+revised, final, confidential);
// ok is false for a word the oracle does not know.
func readStatus(text string) (m marks, final, ok bool) {
	ok = true
	for _, tok := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r == '+' || r == ',' || r == ' ' }) {
		if tok == "final" {
			final = true
			continue
		}
		found := false
		for _, n := range markNames {
			if slices.Contains(n.words, tok) {
				m |= n.m
				found = true
			}
		}
		ok = ok && found
	}
	return m, final, ok
}

// checkStatus checks a figure's own status column: exactly its marks,
// and final for a figure verified in a provisional year. A figure that is
// not there says why only (confidential, not applicable, below): marks
// carried onto no figure describe nothing.
func (s *oracleSite) checkStatus(g *grid, e expect, text, where, what string, f *findings) {
	want, wantFinal := e.marks, e.final
	if e.x == nil {
		want, wantFinal = e.marks&(mConfidential|mNotApplicable|mBelow), false
	}
	f.countKind(g.output, "status mark")
	got, final, ok := readStatus(text)
	switch {
	case !ok:
		f.add(finding{class: "oracle: a status it cannot read (teach the oracle)", where: where, what: what, want: statusKeys(want, wantFinal), got: text})
	case want&^got != 0 || (wantFinal && !final):
		f.add(finding{class: "not present: status mark", where: where, what: fmt.Sprintf("%s (%s)", what, statusKeys(want&^got, wantFinal && !final)),
			want: "status " + statusKeys(want, wantFinal), got: text})
	case got&^want != 0 || (final && !wantFinal):
		f.add(finding{class: "wrong: a status mark the figure does not have", where: where, what: fmt.Sprintf("%s (%s)", what, statusKeys(got&^want, final && !wantFinal)),
			want: "status " + orDash(statusKeys(want, wantFinal)), got: text})
	}
}

// checkNoteColumn checks a figure's note column: the number of its
// footnote among the file's notes, empty for a figure without one.
func (s *oracleSite) checkNoteColumn(g *grid, e expect, text, where, what string, f *findings) {
	text = strings.TrimSpace(text)
	e.note = g.noteFor(e)
	if s.notesUnknown {
		if !missingText(text) && g.noteIDs[text] == "" {
			f.add(finding{class: "not present: footnote", where: where, what: what, want: "one of the file's notes", got: "note " + text + ", not among the file's notes"})
		}
		return
	}
	want := e.note
	if e.x == nil && e.marks == 0 {
		want = ""
	}
	if want != "" {
		f.countKind(g.output, "footnote")
	}
	switch {
	case want == "" && missingText(text):
	case want == "":
		f.add(finding{class: "wrong: a footnote on a figure that has none", where: where, what: what, want: "no note", got: text + " " + clip(g.noteIDs[text])})
	case missingText(text):
		f.add(finding{class: "not present: footnote", where: where, what: what, want: "the note " + clip(want), got: "no note number"})
	case g.noteIDs[text] == "":
		f.add(finding{class: "not present: footnote", where: where, what: what, want: "the note " + clip(want), got: "note " + text + ", not among the file's notes"})
	case !strings.Contains(squash(g.noteIDs[text]), notePrefix(want)):
		f.add(finding{class: "wrong: another figure's footnote", where: where, what: what, want: "the note " + clip(want), got: "note " + text + ": " + clip(g.noteIDs[text])})
	}
}

// leadingNumberRE is the figure at the start of a report's cell, before
// its marks ("28.1 r", "+14.9 p①", "1,458 p").
var leadingNumberRE = regexp.MustCompile(`^\s*[+\-−]?[\d,]*\.?\d+\s*%?`)

// checkShownMarks checks that a report's cell shows no mark its figure
// has not: the symbols after the number ("28.1 r"), or in place of it
// ("c②"). (Missing marks are checkMarks'.)
func (s *oracleSite) checkShownMarks(g *grid, e expect, text, where, what string, f *findings) {
	e.note = g.noteFor(e)
	rest := leadingNumberRE.ReplaceAllString(text, "")
	got := marksIn(rest)
	want := e.marks
	if e.x == nil {
		want = e.marks & (mConfidential | mNotApplicable | mBelow)
	}
	if extra := got &^ want; extra != 0 {
		f.add(finding{class: "wrong: a status mark the figure does not have", where: where, what: fmt.Sprintf("%s (%s)", what, extra),
			want: "marks " + orDash(want.String()), got: text})
	}
	// Its footnote's mark (①, or (21) past ⑳), the note of that number
	// under the table.
	ref := ""
	for _, r := range rest {
		if r >= '①' && r <= '⑳' {
			ref = strconv.Itoa(int(r-'①') + 1)
		}
	}
	if m := noteRefRE.FindStringSubmatch(rest); m != nil {
		ref = m[1]
	}
	note := e.note
	if e.x == nil && e.marks == 0 {
		note = ""
	}
	switch {
	case s.notesUnknown:
		if ref != "" && g.noteIDs[ref] == "" {
			f.add(finding{class: "not present: footnote", where: where, what: what, want: "one of the workbook's notes", got: text + ": no note " + ref})
		}
	case note == "" && ref == "":
	case note == "":
		f.add(finding{class: "wrong: a footnote on a figure that has none", where: where, what: what, want: "no note", got: text})
	case ref == "":
		f.add(finding{class: "not present: footnote", where: where, what: what, want: "a footnote mark on the figure (its note is under the table)", got: text})
	case !strings.Contains(squash(g.noteIDs[ref]), notePrefix(note)):
		f.add(finding{class: "wrong: another figure's footnote", where: where, what: what, want: "the note " + clip(note), got: text + ": " + clip(g.noteIDs[ref])})
	}
}

// noteRefRE is a footnote's mark past ⑳: (21).
var noteRefRE = regexp.MustCompile(`\((\d+)\)`)

func orDash(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// figureKinds are the kinds of cell that show a figure, and so its marks.
func figureKind(k kind) bool {
	switch k {
	case kValue, kDelta, kGrowth, kPoints, kChange, kPrev, kSummed:
		return true
	}
	return false
}

// markExpect is the figure a cell shows, for its marks: the growth of a
// rate is its change in points, the previous year's figure that year's.
func (s *oracleSite) markExpect(fr figRef) expect {
	switch fr.kind {
	case kActual:
		// A target's actual: the total or growth it is measured on, with
		// its marks; a count of towns has none.
		return s.targetResultOf(fr.target).actual
	case kGrowth:
		if s.ind(fr.ind).rate() {
			return expect{}
		}
	case kPoints:
		if !s.ind(fr.ind).rate() {
			return expect{}
		}
	case kPrev:
		if fr.town != nil {
			return s.townValue(fr.town, fr.ind, fr.year-1)
		}
		return s.figure(fr.scope, fr.ind, fr.year-1).value
	}
	return s.expected(fr)
}

// checkMarks checks that a cell showing a figure carries the figure's
// marks and its footnote. shown is everything the output says of the
// cell: its text, its superscripts and attributes, its status columns'
// text, a comment on it; notes is where a footnote's text may be (the
// table's notes, or the whole download); ref says the output numbers its
// footnotes in the cell (an HTML table).
func (s *oracleSite) checkMarks(g *grid, e expect, shown, notes, where, what string, ref bool, f *findings) {
	s.checkMarksRef(g, e, shown, shown, notes, where, what, ref, f)
}

// checkMarksRef is checkMarks where the footnote's reference is looked
// for in refs (an HTML cell's superscripts and attributes), not in the
// figure's own digits.
func (s *oracleSite) checkMarksRef(g *grid, e expect, shown, refs, notes, where, what string, ref bool, f *findings) {
	s.checkMarksParts(g, e, shown, refs, notes, where, what, ref, true, true, f)
}

// checkMarksParts is checkMarksRef for the marks (status) and the
// footnote (note) not checked in columns of their own.
func (s *oracleSite) checkMarksParts(g *grid, e expect, shown, refs, notes, where, what string, ref, status, note bool, f *findings) {
	e.note = g.noteFor(e)
	need := e.marks &^ (mConfidential | mNotApplicable | mBelow)
	if e.x == nil {
		// No figure: only why there is none is to be told.
		need = e.marks & (mConfidential | mNotApplicable | mBelow)
	}
	if need != 0 && status {
		f.countKind(g.output, "status mark")
		if missing := need &^ marksIn(shown); missing != 0 {
			f.add(finding{class: "not present: status mark", where: where, what: fmt.Sprintf("%s (%s)", what, missing),
				want: "a mark: " + need.String(), got: clip(shown)})
		}
	}
	if e.note != "" && (e.x != nil || e.marks != 0) && note {
		f.countKind(g.output, "footnote")
		key := notePrefix(e.note)
		switch {
		case !strings.Contains(squash(notes+" "+shown), key):
			f.add(finding{class: "not present: footnote", where: where, what: what, want: "the note " + clip(e.note), got: "not in the output"})
		case ref && !strings.ContainsFunc(refs, func(r rune) bool { return r >= '0' && r <= '9' || r >= '①' && r <= '⑳' || r == '*' || r == '†' }):
			f.add(finding{class: "not present: footnote", where: where, what: what, want: "a footnote mark on the figure (its note is under the table)", got: clip(shown)})
		}
	}
}

// noteFor is the text of a figure's footnote that an output in the
// grid's language shows: an English output the English the workbook
// gives, or the Chinese where it gives none (said to be in Chinese);
// every other output the Chinese.
func (g *grid) noteFor(e expect) string {
	if g.ctx.lang == "en" && e.noteEn != "" {
		return e.noteEn
	}
	return e.note
}

// notePrefix is the start of a note, enough to find it in an output that
// may punctuate or wrap it otherwise.
func notePrefix(note string) string {
	r := []rune(squash(note))
	return string(r[:min(len(r), 12)])
}

// squash drops spaces and folds full-width punctuation, so that a note
// found in an output matches however it was wrapped.
func squash(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '\n' || r == '\t' || r == '\u3000':
			return -1
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		}
		return r
	}, s)
	return strings.ToLower(s)
}

func clip(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}

// TestOracleFindsMarks shows that the mark classes can fail and pass:
// the same figures, with and without their marks and footnotes, in each
// form an output may give them.
func TestOracleFindsMarks(t *testing.T) {
	s := loadOracle(t, root)
	steel, carbon := s.townByKey["zhongbei-stainless-steel"], s.townByKey["yangqu-carbon-fibre"]
	revisedNote := s.cellOf(steel, s.indIndex("output"), 2023).note
	if steel == nil || carbon == nil || revisedNote == "" {
		t.Fatalf("the sample has changed: no 不锈钢 2023 footnote (%q)", revisedNote)
	}
	htmlGrid := func(t *testing.T, town *town, cells, notes string) *grid {
		t.Helper()
		doc, err := html.Parse(strings.NewReader("<table><thead><tr><th>年份</th><th>工业产值</th><th>利润总额</th></tr></thead><tbody>" + cells + "</tbody></table>"))
		if err != nil {
			t.Fatal(err)
		}
		_, header, rows := tableGrid(first(doc, isElem(atom.Table)))
		ctx := noCtx()
		ctx.town = town
		return &grid{where: "test.html", output: "HTML tables", header: header, rows: rows, ctx: ctx, sem: display, firstIsKey: true, notes: notes}
	}
	csvGrid := func(town *town, header []string, rows [][]string, notes string) *grid {
		g := &grid{where: "test.csv", output: "CSV", header: header, ctx: noCtx(), sem: data, notes: notes}
		g.ctx.town = town
		for _, r := range rows {
			var row []gcell
			for _, c := range r {
				row = append(row, gcell{text: c})
			}
			g.rows = append(g.rows, row)
		}
		return g
	}
	classes := func(g *grid) []string {
		f := newFindings()
		s.checkGrid(g, f)
		var out []string
		for _, x := range f.list {
			out = append(out, x.class+" @ "+x.what)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		g    *grid
		want []string
	}{
		{"a revised figure with its mark and footnote", htmlGrid(t, steel, `<tr><th>2023年</th><td>24.3<sup class="flag">r</sup><sup>①</sup></td><td>1.22</td></tr>`, "① "+revisedNote), nil},
		{"a revised figure without them", htmlGrid(t, steel, `<tr><th>2023年</th><td>24.3</td><td>1.22</td></tr>`, ""), []string{
			"not present: status mark @ value of output of 中北高新区不锈钢专业镇 in 2023 (revised)",
			"not present: footnote @ value of output of 中北高新区不锈钢专业镇 in 2023",
		}},
		{"a footnote under the table but no mark on the figure", htmlGrid(t, steel, `<tr><th>2023年</th><td>24.3（修订）</td><td>1.22</td></tr>`, "① "+revisedNote), []string{
			"not present: footnote @ value of output of 中北高新区不锈钢专业镇 in 2023",
		}},
		{"a provisional figure marked in its cell's class", htmlGrid(t, steel, `<tr><th>2024年</th><td class="num">28.1<sup class="flag-revised">r</sup></td><td>1.41</td></tr>`, ""), []string{
			"not present: status mark @ value of profit of 中北高新区不锈钢专业镇 in 2024 (provisional)",
		}},
		{"a withheld figure shown as no data", htmlGrid(t, carbon, `<tr><th>2024年</th><td>14.8<sup>p</sup></td><td>—</td></tr>`, "该镇利润总额主要来自一家企业，属单个企业数据，依法不予公布。"), []string{
			"not present: status mark @ value of profit of 阳曲县碳纤维专业镇 in 2024 (confidential)",
			"not present: footnote @ value of profit of 阳曲县碳纤维专业镇 in 2024",
		}},
		{"a withheld figure shown as withheld", htmlGrid(t, carbon, `<tr><th>2024年</th><td>14.8<sup>p</sup></td><td>保密<sup>1</sup></td></tr>`, "1 该镇利润总额主要来自一家企业，属单个企业数据，依法不予公布。"), nil},
		{"a status column per value", csvGrid(steel, []string{"year", "output", "output_status"}, [][]string{{"2023", "24.3", "revised"}, {"2024", "28.1", "revised+final"}}, revisedNote), nil},
		{"a tidy status column without the marks", csvGrid(steel, []string{"year", "output", "status"}, [][]string{{"2023", "24.3", ""}, {"2024", "28.1", "r"}}, revisedNote), []string{
			"not present: status mark @ value of output of 中北高新区不锈钢专业镇 in 2023 (revised)",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := classes(tt.g)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}

	// A chart whose provisional segment is a dashed series of the same
	// name: 碳纤维's 2024 point is provisional, drawn dashed; 不锈钢's
	// 2023 and 2024 are revised, and the chart says nothing of it.
	opt := `{"xAxis":{"data":["2023年","2024年"]},"series":[` +
		`{"name":"阳曲县碳纤维专业镇","type":"line","data":[12.345,null]},` +
		`{"name":"阳曲县碳纤维专业镇","type":"line","lineStyle":{"type":"dashed"},"data":[12.345,14.8]},` +
		`{"name":"中北高新区不锈钢专业镇","type":"line","data":[24.3,28.1]}]}`
	f := newFindings()
	ctx := noCtx()
	ctx.ind = s.indIndex("output")
	s.checkChartOption("chart", opt, ctx, revisedNote, f)
	var got []string
	for _, x := range f.list {
		got = append(got, x.class+" @ "+x.what)
	}
	if want := "not present: status mark @ value of output of 中北高新区不锈钢专业镇 in 2023 (revised)\n" +
		"not present: status mark @ value of output of 中北高新区不锈钢专业镇 in 2024 (revised)"; strings.Join(got, "\n") != want {
		t.Errorf("chart findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

func TestMarksIn(t *testing.T) {
	for text, want := range map[string]marks{
		"24.3 r": mRevised, "24.3 pr": mProvisional | mRevised, "初步": mProvisional, "provisional+revised": mProvisional | mRevised,
		"保密": mConfidential, "+0.50 pp": 0, "price": 0, "12/13个镇报送": 0, "不适用": mNotApplicable, "<0.1": mBelow, "28.1ᵖ": 0,
	} {
		if got := marksIn(text); got != want {
			t.Errorf("marksIn(%q) = %s, want %s", text, got, want)
		}
	}
}

// TestOracleFindsMarksInDownloads shows that the oracle reads the data
// files' columns beside a figure — its status (keys joined by +), its
// note (a number in the file's notes), the office's typed growth and its
// status — as the CSV and the data workbook head them, and that a wrong
// or missing mark, note or figure in them is a finding.
func TestOracleFindsMarksInDownloads(t *testing.T) {
	s := loadOracle(t, root)
	steel, carbon := s.townByKey["zhongbei-stainless-steel"], s.townByKey["yangqu-carbon-fibre"]
	revisedNote := s.cellOf(steel, s.indIndex("output"), 2023).note
	withheldNote := s.cellOf(carbon, s.indIndex("profit"), 2024).note
	if steel == nil || carbon == nil || revisedNote == "" || withheldNote == "" {
		t.Fatal("the sample has changed: no 不锈钢 2023 footnote or 碳纤维 2024 withheld profit")
	}
	ids := map[string]string{"1": revisedNote, "2": withheldNote}
	csvGrid := func(town *town, header []string, rows [][]string) *grid {
		g := &grid{where: "test.csv", output: "CSV", header: header, ctx: noCtx(), sem: data, notes: revisedNote + withheldNote, noteIDs: ids}
		g.ctx.town = town
		for _, r := range rows {
			var row []gcell
			for _, c := range r {
				row = append(row, gcell{text: c})
			}
			g.rows = append(g.rows, row)
		}
		return g
	}
	csvHeader := []string{"year", "output", "output_status", "output_note", "output_growth_typed", "output_growth_typed_status", "profit", "profit_status", "profit_note"}
	xlsxHeader := []string{"年份 / Year", "工业产值（亿元） / Industrial output (100 million yuan)", "工业产值·状态 / Industrial output · status", "工业产值·注 / Industrial output · note",
		"工业产值增长（%，公布数） / Industrial output growth (%, as published)", "工业产值增长·状态 / Industrial output growth · status",
		"利润总额（亿元） / Total profit (100 million yuan)", "利润总额·状态 / Total profit · status", "利润总额·注 / Total profit · note"}
	steelRows := func(edit func(r [][]string)) [][]string {
		r := [][]string{
			{"2022", "21.2", "", "", "", "", "1.06", "", ""},
			{"2023", "24.3", "revised", "1", "16", "", "1.22", "", ""},
			{"2024", "28.1", "revised+final", "", "14.9", "provisional", "1.41", "provisional", ""},
		}
		if edit != nil {
			edit(r)
		}
		return r
	}
	carbonRows := func(profit, status, note string) [][]string {
		return [][]string{{"2024", "14.8", "provisional", "", "19.2", "provisional", profit, status, note}}
	}
	for _, header := range [][]string{csvHeader, xlsxHeader} {
		for _, tt := range []struct {
			name string
			g    *grid
			want []string
		}{
			{"every mark, note and typed growth as published", csvGrid(steel, header, steelRows(nil)), nil},
			{"the confidential figure blank with its mark and note", csvGrid(carbon, header, carbonRows("", "confidential", "2")), nil},
			{"a final figure said provisional, a revised one said provisional too", csvGrid(steel, header, steelRows(func(r [][]string) {
				r[2][2] = "provisional"
				r[1][2] = "revised+provisional"
			})), []string{
				"wrong: a status mark the figure does not have @ value of output of 中北高新区不锈钢专业镇 in 2023 (provisional)",
				"not present: status mark @ value of output of 中北高新区不锈钢专业镇 in 2024 (revised+final)",
			}},
			{"a provisional growth without its mark, a mark on a figure without one", csvGrid(steel, header, steelRows(func(r [][]string) {
				r[2][5] = ""
				r[0][7] = "estimated"
			})), []string{
				"wrong: a status mark the figure does not have @ value of profit of 中北高新区不锈钢专业镇 in 2022 (estimated)",
				"not present: status mark @ growth of output of 中北高新区不锈钢专业镇 in 2024 (provisional)",
			}},
			{"a footnote on the wrong figure, another's number", csvGrid(steel, header, steelRows(func(r [][]string) {
				r[1][3] = "2"
				r[2][3] = "1"
			})), []string{
				"wrong: another figure's footnote @ value of output of 中北高新区不锈钢专业镇 in 2023",
				"wrong: a footnote on a figure that has none @ value of output of 中北高新区不锈钢专业镇 in 2024",
			}},
			{"a wrong typed growth, a computed growth where the office typed none", csvGrid(steel, header, steelRows(func(r [][]string) {
				r[1][4] = "16.5"
				r[0][4] = "11.6"
			})), []string{
				"data: a figure where there is none (the office typed no growth) @ growth of output of 中北高新区不锈钢专业镇 in 2022",
				"data: wrong figure @ growth of output of 中北高新区不锈钢专业镇 in 2023",
			}},
			{"the confidential figure published", csvGrid(carbon, header, carbonRows("1.52", "", "")), []string{
				"data: a figure where there is none (confidential) @ value of profit of 阳曲县碳纤维专业镇 in 2024",
				"not present: status mark @ value of profit of 阳曲县碳纤维专业镇 in 2024 (confidential)",
				"not present: footnote @ value of profit of 阳曲县碳纤维专业镇 in 2024",
			}},
		} {
			t.Run(header[1]+": "+tt.name, func(t *testing.T) {
				f := newFindings()
				s.checkGrid(tt.g, f)
				var got []string
				for _, x := range f.list {
					got = append(got, x.class+" @ "+x.what)
				}
				want := slices.Sorted(slices.Values(tt.want))
				slices.Sort(got)
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				}
			})
		}
	}

	// A report's cells show the marks after the number ("28.1 r"): one it
	// has not is a finding, as is one it lacks.
	reportOf := func(year int, cells ...string) *grid {
		g := &grid{where: "report.xlsx:专业镇", output: "report-<year>.xlsx", header: []string{"专业镇", "工业产值（亿元）"}, ctx: noCtx(), sem: display, xlsx: true,
			notes: "注①：" + revisedNote + "\n注②：" + withheldNote, noteIDs: ids}
		g.ctx.year = year
		for i := 0; i+1 < len(cells); i += 2 {
			num := leadingNumberRE.FindString(cells[i+1])
			g.rows = append(g.rows, []gcell{{text: cells[i]}, {text: cells[i+1], raw: strings.TrimSpace(num), isRaw: true}})
		}
		return g
	}
	report := func(cells ...string) *grid { return reportOf(2024, cells...) }
	for _, tt := range []struct {
		name string
		g    *grid
		want []string
	}{
		{"the marks as published", report(steel.name, "28.1 r", carbon.name, "14.8 p"), nil},
		{"a footnote's mark as published", reportOf(2023, steel.name, "24.3 r①", carbon.name, "12.3"), nil},
		{"a footnote's mark missing, or another's", reportOf(2023, steel.name, "24.3 r", carbon.name, "12.3②"), []string{
			"not present: footnote @ value of output of 中北高新区不锈钢专业镇 in 2023",
			"wrong: a footnote on a figure that has none @ value of output of 阳曲县碳纤维专业镇 in 2023",
		}},
		{"another figure's footnote", reportOf(2023, steel.name, "24.3 r②", carbon.name, "12.3"), []string{
			"wrong: another figure's footnote @ value of output of 中北高新区不锈钢专业镇 in 2023",
		}},
		{"a revised mark on a provisional figure", report(steel.name, "28.1 r", carbon.name, "14.8 r"), []string{
			"not present: status mark @ value of output of 阳曲县碳纤维专业镇 in 2024 (provisional)",
			"wrong: a status mark the figure does not have @ value of output of 阳曲县碳纤维专业镇 in 2024 (revised)",
		}},
	} {
		t.Run("report: "+tt.name, func(t *testing.T) {
			f := newFindings()
			s.checkGrid(tt.g, f)
			var got []string
			for _, x := range f.list {
				got = append(got, x.class+" @ "+x.what)
			}
			slices.Sort(got)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestOracleReadsReportLegend: a report sheet's legend must explain the
// symbols its cells show, and no other; the notes sheet lists them as
// rows.
func TestOracleReadsReportLegend(t *testing.T) {
	for _, tt := range []struct {
		name string
		rows [][]string
		want string
	}{
		{"as published", [][]string{{"工业产值", "134.1 pr", "13/13", "17.3 p"}, {"利润总额", "c②", "官方合计；增长由数值计算"}, {"符号说明：p 初步数（以后可能修订）；r 修订数（已对首次公布的数字作了修订）；c 保密（数字不予公布）"}}, ""},
		{"in English", [][]string{{"Output", "24.3 r①"}, {"Symbols: r revised (changed since first published)"}}, ""},
		{"a symbol not explained", [][]string{{"工业产值", "134.1 pr"}, {"符号说明：p 初步数（以后可能修订）"}}, "not present: a mark in the legend (revised)"},
		{"no legend", [][]string{{"工业产值", "19.9 p"}}, "not present: a mark in the legend (provisional)"},
		{"a symbol explained, not shown", [][]string{{"工业产值", "19.9"}, {"符号说明：c 保密（数字不予公布）"}}, "wrong: the legend explains a mark not shown (confidential)"},
	} {
		f := newFindings()
		shown, listed, _, legend := reportMarks(tt.rows)
		checkLegend("test", shown, listed, legend, f)
		var got []string
		for _, x := range f.list {
			got = append(got, x.class+" "+strings.TrimPrefix(x.what, "符号说明 "))
		}
		if strings.Join(got, "\n") != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if _, listed, table, _ := reportMarks([][]string{{"符号说明", "p", "初步数：以后可能修订"}, {"符号说明", "—", "— 无数据（不等于零）"}}); !table || listed != mProvisional {
		t.Errorf("the notes sheet's rows: %s (table %v), want provisional", listed, table)
	}
}
