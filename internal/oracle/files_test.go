package oracle

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readCSV reads a CSV download: UTF-8 with or without a byte-order mark,
// comment lines (#) allowed, rows of any length.
func readCSV(raw []byte) (header []string, rows [][]gcell, err error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	r.Comment = '#'
	records, err := r.ReadAll()
	if err != nil {
		return nil, nil, err
	}
	if len(records) == 0 {
		return nil, nil, nil
	}
	header = records[0]
	for _, rec := range records[1:] {
		row := make([]gcell, len(rec))
		for i, v := range rec {
			row[i] = gcell{text: v}
		}
		rows = append(rows, row)
	}
	return header, rows, nil
}

func (s *oracleSite) checkCSV(out, rel string, ctx gctx, output string, f *findings) error {
	raw, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		f.add(finding{class: "not present: a download", where: rel, what: "file", want: "the file", got: err.Error()})
		return nil
	}
	header, rows, err := readCSV(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	// A footnote may be anywhere in the file: a note column (numbered in
	// notes.csv), comment lines.
	ids, notes := csvNotes(out, downloadsPrefix(rel))
	s.checkGrid(&grid{where: rel, output: output, header: header, rows: rows, ctx: ctx, sem: data, notes: string(raw) + "\n" + notes, noteIDs: ids}, f)
	checkSampleMark(rel, raw, f)
	return nil
}

// downloadsPrefix is the folder a download's downloads/ is in: "" for
// the site's own, releases/<id>/ for an archived release's.
func downloadsPrefix(rel string) string {
	if i := strings.Index(rel, "downloads/"); i >= 0 {
		return rel[:i]
	}
	return ""
}

// csvNotes are the data files' footnotes, <prefix>downloads/data/notes.csv:
// by number, and all their text.
func csvNotes(out, prefix string) (map[string]string, string) {
	ids := map[string]string{}
	raw, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(prefix), "downloads", "data", "notes.csv"))
	if err != nil {
		return ids, ""
	}
	header, rows, err := readCSV(raw)
	if err != nil {
		return ids, ""
	}
	id, text := slices.Index(header, "note_id"), slices.Index(header, "text")
	for _, row := range rows {
		if id >= 0 && text >= 0 && id < len(row) && text < len(row) {
			ids[strings.TrimSpace(row[id].text)] = row[text].text
		}
	}
	return ids, string(raw)
}

// checkNotesFile checks downloads/data/notes.csv (under prefix): every
// footnote of the workbook's figures, and no other; each once. An
// archived release keeps no footnotes of its own (notesUnknown): its
// notes.csv is only read for the notes its files refer to.
func (s *oracleSite) checkNotesFile(out, prefix string, f *findings) {
	rel := prefix + "downloads/data/notes.csv"
	want := s.footnotes()
	raw, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		if len(want) > 0 {
			f.add(finding{class: "not present: a download", where: rel, what: "file", want: fmt.Sprintf("%d footnotes", len(want)), got: err.Error()})
		}
		return
	}
	checkSampleMark(rel, raw, f)
	if s.notesUnknown {
		return
	}
	header, rows, err := readCSV(raw)
	if err != nil {
		f.add(finding{class: "not present: a download", where: rel, what: "file", want: fmt.Sprintf("%d footnotes", len(want)), got: err.Error()})
		return
	}
	id, text, textEn := slices.Index(header, "note_id"), slices.Index(header, "text"), slices.Index(header, "text_en")
	col := func(row []gcell, i int) string {
		if i >= 0 && i < len(row) {
			return row[i].text
		}
		return ""
	}
	var list []listedNote
	for _, row := range rows {
		list = append(list, listedNote{id: strings.TrimSpace(col(row, id)), text: col(row, text), textEn: col(row, textEn), hasEn: textEn >= 0})
	}
	s.checkNoteList(rel, "notes.csv", list, want, f)
}

// footnotes are the workbook's footnotes of its figures, each with its
// English ("" where it gives none).
func (s *oracleSite) footnotes() map[string]string {
	want := map[string]string{}
	add := func(c *cell) {
		if c != nil && c.note != "" && (c.v != nil || c.marks != 0) {
			want[c.note] = c.noteEn
		}
	}
	for _, c := range s.data.cells {
		add(c)
	}
	for _, c := range s.data.growth {
		add(c)
	}
	for _, o := range s.data.officials {
		add(o.value)
		add(o.growth)
	}
	return want
}

// listedNote is a footnote as a data file lists it: its number, its text
// and its English (hasEn: the file has a place for the English).
type listedNote struct {
	id, text, textEn string
	hasEn            bool
}

// checkNoteList checks a data file's list of footnotes against want, the
// workbook's (Chinese text -> English): each once, no other, and each
// with its English where the workbook gives one, none where it does not.
func (s *oracleSite) checkNoteList(rel, file string, list []listedNote, want map[string]string, f *findings) {
	seen := map[string]bool{}
	for _, n := range list {
		f.count(rel)
		known := ""
		for w := range want {
			if strings.Contains(squash(n.text), notePrefix(w)) {
				known = w
			}
		}
		switch {
		case known == "":
			f.add(finding{class: "wrong: a footnote the workbook does not have", where: rel + " note " + n.id, what: "footnote", want: "a note of the workbook", got: clip(n.text)})
		case seen[known]:
			f.add(finding{class: "wrong: a footnote listed twice", where: rel + " note " + n.id, what: "footnote", want: "once", got: clip(n.text)})
		case want[known] == "" && strings.TrimSpace(n.textEn) != "":
			f.add(finding{class: "wrong: a footnote's English", where: rel + " note " + n.id, what: "footnote in English", want: "none (the workbook gives no English)", got: clip(n.textEn)})
		case want[known] != "" && !n.hasEn:
			f.add(finding{class: "not present: a footnote's English", where: rel + " note " + n.id, what: "footnote in English", want: clip(want[known]), got: "no text_en"})
		case want[known] != "" && !strings.Contains(squash(n.textEn), notePrefix(want[known])):
			f.add(finding{class: "wrong: a footnote's English", where: rel + " note " + n.id, what: "footnote in English", want: clip(want[known]), got: orDash(clip(n.textEn))})
		}
		if known != "" {
			seen[known] = true
		}
	}
	for n := range want {
		if !seen[n] {
			f.add(finding{class: "not present: footnote", where: rel, what: "footnote", want: "the note " + clip(n), got: "not in " + file})
		}
	}
}

// checkDataPackage checks that datapackage.json (under prefix) describes
// every column of each CSV it lists, a figure's status, note and bound
// columns among them, in the file's order.
func (s *oracleSite) checkDataPackage(out, prefix string, f *findings) {
	rel := prefix + "downloads/datapackage.json"
	raw, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		f.add(finding{class: "not present: a download", where: rel, what: "file", want: "datapackage.json", got: err.Error()})
		return
	}
	var doc struct {
		Resources []struct {
			Name, Path string
			Schema     struct {
				Fields []struct{ Name string }
			}
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		f.add(finding{class: "oracle: a datapackage.json it cannot read", where: rel, what: "file", want: "JSON", got: err.Error()})
		return
	}
	for _, r := range doc.Resources {
		if !strings.HasSuffix(r.Path, ".csv") {
			continue
		}
		csvRaw, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(prefix), "downloads", filepath.FromSlash(r.Path)))
		if err != nil {
			f.add(finding{class: "not present: a download", where: rel + " " + r.Name, what: r.Path, want: "the file it describes", got: err.Error()})
			continue
		}
		header, _, _ := readCSV(csvRaw)
		var fields []string
		for _, fd := range r.Schema.Fields {
			fields = append(fields, fd.Name)
		}
		f.count(rel)
		if strings.Join(fields, ",") != strings.Join(header, ",") {
			f.add(finding{class: "wrong: datapackage.json's fields are not the file's columns", where: rel + " " + r.Name, what: r.Path,
				want: strings.Join(header, ","), got: strings.Join(fields, ",")})
		}
	}
}

var (
	// markedCellRE is a report's cell of a figure with its marks after it
	// (134.1 pr, 24.3 r①), or the marks of a cell without a figure (c②).
	markedCellRE = regexp.MustCompile(`^(?:[+\-−]?[\d,]*\.?\d+\s*%?\s*([a-z]*)|([a-z]+)|<[\d.]+\s*([a-z]*))[①-⑳]*(?:\(\d+\))?$`)
	legendRE     = regexp.MustCompile(`^(?:符号说明[：:]|Symbols:)\s*(.*)$`)
)

// reportMarks reads a report sheet's marks: those its cells show after
// a figure or in place of one, and those its legend lists — a line
// (符号说明：p 初步数（…）；r …) or, on the notes sheet, rows of 符号说明 |
// symbol | words (table).
func reportMarks(rows [][]string) (shown, listed marks, table bool, legend string) {
	symbol := func(sym string) marks {
		if strings.HasPrefix(sym, "<") {
			return mBelow
		}
		return marksIn(sym)
	}
	for _, row := range rows {
		if len(row) >= 2 && (strings.TrimSpace(row[0]) == "符号说明" || strings.TrimSpace(row[0]) == "Symbols") {
			table = true
			listed |= symbol(strings.TrimSpace(row[1]))
			continue
		}
		for _, c := range row {
			t := strings.TrimSpace(c)
			if m := legendRE.FindStringSubmatch(t); m != nil {
				legend = t
				for _, item := range strings.FieldsFunc(m[1], func(r rune) bool { return r == '；' || r == ';' }) {
					sym, _, _ := strings.Cut(strings.TrimSpace(item), " ")
					listed |= symbol(sym)
				}
				continue
			}
			if m := markedCellRE.FindStringSubmatch(t); m != nil {
				shown |= marksIn(m[1] + " " + m[2] + " " + m[3])
				if strings.HasPrefix(t, "<") {
					shown |= mBelow
				}
			}
		}
	}
	return shown, listed, table, legend
}

// checkLegend: a legend explains every symbol shown, and only those.
func checkLegend(where string, shown, listed marks, legend string, f *findings) {
	f.count("report-<year>.xlsx")
	if missing := shown &^ listed; missing != 0 {
		f.add(finding{class: "not present: a mark in the legend", where: where, what: "符号说明 (" + missing.String() + ")", want: "every symbol shown: " + shown.String(), got: orDash(legend)})
	}
	if extra := listed &^ shown; extra != 0 {
		f.add(finding{class: "wrong: the legend explains a mark not shown", where: where, what: "符号说明 (" + extra.String() + ")", want: orDash(shown.String()), got: legend})
	}
}

// noteLineRE is a footnote written under a table or on a notes sheet:
// "注 / Note 2：…", "注②：…", "Note 2: …".
var noteLineRE = regexp.MustCompile(`^(?:注|Note)\s*(?:/\s*Note\s*)?(\d+|[①-⑳])\s*[：:]\s*(.+)$`)

// workbookNotes are a workbook's footnotes by number: the rows of its
// notes sheet (注释: number, text) and the notes under its tables.
func workbookNotes(wb *excelize.File) map[string]string {
	ids := map[string]string{}
	for _, sheet := range wb.GetSheetList() {
		rows, _ := wb.GetRows(sheet)
		notesSheet := strings.HasPrefix(sheet, "注释") || strings.EqualFold(sheet, "notes")
		for _, row := range rows {
			if notesSheet && len(row) >= 2 {
				if _, err := strconv.Atoi(strings.TrimSpace(row[0])); err == nil {
					ids[strings.TrimSpace(row[0])] = row[1]
				}
			}
			for _, c := range row {
				if m := noteLineRE.FindStringSubmatch(strings.TrimSpace(c)); m != nil {
					k := m[1]
					if r := []rune(k); len(r) == 1 && r[0] >= '①' && r[0] <= '⑳' {
						k = strconv.Itoa(int(r[0]-'①') + 1)
					}
					ids[k] = m[2]
				}
			}
		}
	}
	return ids
}

// checkSampleMark: a CSV forwarded alone still says its figures are
// sample data (issue 10, class 12), in a comment line or a column.
func checkSampleMark(rel string, raw []byte, f *findings) {
	k := strings.ToLower(string(raw))
	if !strings.Contains(k, "示例") && !strings.Contains(k, "sample") {
		f.add(finding{class: "not present: the sample-data mark in a CSV (issue 10, class 12)", where: rel, what: "the file",
			want: "示例数据 / sample data in a comment line or a column", got: "no mark"})
	}
}

// builtinFormats are Excel's built-in number formats the writers use.
var builtinFormats = map[int]string{0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 49: "@"}

// excelShown is the text Excel shows for a stored number under a number
// format: Excel rounds the decimal value half away from zero to the
// format's places (whatever the site's rule). Only the formats a writer
// of statistics uses are read; ok is false for others.
func excelShown(raw, code string) (string, bool) {
	v, isNum := new(big.Rat).SetString(strings.TrimSpace(raw))
	if !isNum || code == "@" {
		return raw, true
	}
	if code == "" || strings.EqualFold(code, "General") {
		return raw, true
	}
	sections := splitSections(code)
	section := sections[0]
	neg := v.Sign() < 0
	if neg && len(sections) > 1 {
		section = sections[1]
		v = new(big.Rat).Abs(v)
		neg = false
	} else if v.Sign() == 0 && len(sections) > 2 {
		section = sections[2]
	}
	var prefix, suffix, pattern strings.Builder
	inPattern, done := false, false
	for i := 0; i < len(section); i++ {
		c := section[i]
		switch {
		case c == '"':
			j := strings.IndexByte(section[i+1:], '"')
			if j < 0 {
				return "", false
			}
			lit := section[i+1 : i+1+j]
			if inPattern {
				done = true
			}
			if done {
				suffix.WriteString(lit)
			} else {
				prefix.WriteString(lit)
			}
			i += j + 1
		case c == '\\' && i+1 < len(section):
			if inPattern || done {
				done = true
				suffix.WriteByte(section[i+1])
			} else {
				prefix.WriteByte(section[i+1])
			}
			i++
		case c == '[':
			j := strings.IndexByte(section[i:], ']')
			if j < 0 {
				return "", false
			}
			i += j
		case c == '_' || c == '*':
			i++
		case !done && strings.IndexByte("0#?,.", c) >= 0:
			inPattern = true
			pattern.WriteByte(c)
		case c == '%':
			done = true
			v = new(big.Rat).Mul(v, hundred)
			suffix.WriteByte('%')
		default:
			if inPattern {
				done = true
			}
			if done {
				suffix.WriteByte(c)
			} else {
				prefix.WriteByte(c)
			}
		}
	}
	p := pattern.String()
	intPart, fracPart, _ := strings.Cut(p, ".")
	places := strings.Count(fracPart, "0") + strings.Count(fracPart, "#") + strings.Count(fracPart, "?")
	group := strings.Contains(intPart, ",")
	num := fixed(v, places, halfUp)
	if group {
		num = groupThousands(num)
	}
	if neg && len(sections) > 1 {
		num = strings.TrimPrefix(num, "-")
	}
	return prefix.String() + num + suffix.String(), true
}

func splitSections(code string) []string {
	var out []string
	var b strings.Builder
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case c == ';' && !inQuote:
			out = append(out, b.String())
			b.Reset()
			continue
		}
		b.WriteByte(c)
	}
	return append(out, b.String())
}

func groupThousands(num string) string {
	sign := ""
	if strings.HasPrefix(num, "-") {
		sign, num = "-", num[1:]
	}
	intPart, frac, hasFrac := strings.Cut(num, ".")
	var b strings.Builder
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(intPart[i])
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// numberFormat is the format code of a cell's style.
func numberFormat(f *excelize.File, sheet, cell string) string {
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		return ""
	}
	st, err := f.GetStyle(id)
	if err != nil || st == nil {
		return ""
	}
	if st.CustomNumFmt != nil && *st.CustomNumFmt != "" {
		return *st.CustomNumFmt
	}
	return builtinFormats[st.NumFmt]
}

// checkWorkbook checks every sheet of an output workbook: stored values as
// data, the text Excel shows under each cell's number format as a page.
func (s *oracleSite) checkWorkbook(out, rel string, ctx gctx, output string, f *findings) error {
	path := filepath.Join(out, rel)
	wb, err := excelize.OpenFile(path)
	if err != nil {
		f.add(finding{class: "not present: a download", where: rel, what: "workbook", want: "the file", got: err.Error()})
		return nil
	}
	defer wb.Close()
	// Everything the workbook says, for its footnotes: every cell's text
	// and every comment, on any sheet; and its numbered notes.
	noteIDs := workbookNotes(wb)
	var all strings.Builder
	comments := map[string]map[string]string{} // sheet -> cell -> comment
	for _, sheet := range wb.GetSheetList() {
		raw, _ := wb.GetRows(sheet)
		for _, row := range raw {
			all.WriteString(strings.Join(row, " ") + "\n")
		}
		cms, _ := wb.GetComments(sheet)
		for _, cm := range cms {
			text := cm.Text
			for _, run := range cm.Paragraph {
				text += run.Text
			}
			if comments[sheet] == nil {
				comments[sheet] = map[string]string{}
			}
			comments[sheet][cm.Cell] = text
			all.WriteString(text + "\n")
		}
	}
	// A report's marks: each sheet's legend explains what the sheet
	// shows, its notes sheet (说明) what any sheet shows.
	var allShown, notesListed marks
	notesWhere := ""
	defer func() {
		if notesWhere != "" {
			checkLegend(notesWhere, allShown, notesListed, "符号说明 rows", f)
		}
	}()
	for _, sheet := range wb.GetSheetList() {
		raw, err := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("%s:%s: %w", rel, sheet, err)
		}
		// The header is the first row with three cells or more; the rows
		// above it are titles, which may name the year and tier.
		h := -1
		sctx := s.captionCtx(ctx, sheet)
		for r, row := range raw {
			n := 0
			for _, c := range row {
				if strings.TrimSpace(c) != "" {
					n++
				}
			}
			if n >= 3 {
				h = r
				break
			}
			sctx = s.captionCtx(sctx, strings.Join(row, " "))
		}
		if h < 0 {
			continue
		}
		if strings.Contains(rel, "report-") {
			shownRows, _ := wb.GetRows(sheet)
			shown, listed, table, legend := reportMarks(shownRows[h+1:])
			if table {
				notesListed, notesWhere = notesListed|listed, fmt.Sprintf("%s:%s", rel, sheet)
			} else {
				checkLegend(fmt.Sprintf("%s:%s", rel, sheet), shown, listed, legend, f)
				allShown |= shown
			}
		}
		g := &grid{where: fmt.Sprintf("%s:%s", rel, sheet), output: output, header: raw[h], ctx: sctx, sem: display, xlsx: true, firstRow: h + 1,
			dataDownload: !strings.Contains(rel, "report-"), notes: all.String(), noteIDs: noteIDs}
		for r := h + 1; r < len(raw); r++ {
			row := make([]gcell, len(raw[r]))
			for c, v := range raw[r] {
				name := cellName(c, r)
				code := numberFormat(wb, sheet, name)
				cell := gcell{raw: v, isRaw: true, text: v, marks: comments[sheet][name]}
				if shown, ok := excelShown(v, code); ok {
					cell.text = shown
				} else {
					f.add(finding{class: "oracle: a number format it cannot read", where: fmt.Sprintf("%s:%s!%s", rel, sheet, name), what: "format", want: "a known format", got: code})
				}
				row[c] = cell
			}
			g.rows = append(g.rows, row)
		}
		s.checkGrid(g, f)
	}
	return nil
}

// checkDataJSON checks downloads/data.json (under prefix): every town's
// series and the targets; the totals with their coverage must be there
// too (issue 10, class 5).
func (s *oracleSite) checkDataJSON(out, prefix string, f *findings) error {
	rel := prefix + "downloads/data.json"
	raw, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		f.add(finding{class: "not present: a download", where: rel, what: "file", want: "data.json", got: err.Error()})
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	var years []int
	for _, y := range asList(doc["years"]) {
		n, _ := strconv.Atoi(fmt.Sprint(y))
		years = append(years, n)
	}
	s.checkLegend(rel, doc, f)
	// The file's footnotes by number: notes[] {id, text}.
	noteIDs := map[string]string{}
	var listed []listedNote
	for _, n := range asList(doc["notes"]) {
		if m, ok := n.(map[string]any); ok {
			noteIDs[fmt.Sprint(m["id"])] = fmt.Sprint(m["text"])
			en, hasEn := m["text_en"].(string)
			listed = append(listed, listedNote{id: fmt.Sprint(m["id"]), text: fmt.Sprint(m["text"]), textEn: en, hasEn: hasEn})
		}
	}
	if !s.notesUnknown {
		s.checkNoteList(rel+" notes[]", "data.json", listed, s.footnotes(), f)
	}
	// towns[].values[indicator][i]: a grid per indicator, a row per town,
	// a column a year with its status and note beside it (status and
	// notes by indicator and year); towns[].typed[indicator][i], the
	// office's typed growth (a rate's change in points), with
	// typed_status, likewise.
	for i, ind := range s.cfg.Indicators {
		typedName := "growth_typed"
		if ind.rate() {
			typedName = "change_pp_typed"
		}
		for _, part := range []struct{ values, status, notes, bounds, suffix string }{
			{"values", "status", "notes", "bounds", ""},
			{"typed", "typed_status", "typed_notes", "typed_bounds", " " + typedName},
		} {
			header := []string{"town"}
			for _, y := range years {
				h := strconv.Itoa(y) + part.suffix
				header = append(header, h, h+"_status", h+"_note", h+"_bound")
			}
			g := &grid{where: fmt.Sprintf("%s towns[].%s[%q]", rel, part.values, ind.ID), output: "downloads/data.json", header: header, ctx: noCtx(), sem: data, firstIsKey: true,
				notes: string(raw), noteIDs: noteIDs}
			g.ctx.ind = i
			found := false
			for _, t := range asList(doc["towns"]) {
				m, _ := t.(map[string]any)
				values, _ := m[part.values].(map[string]any)
				list := asList(values[ind.ID])
				found = found || len(list) > 0
				row := []gcell{{text: fmt.Sprint(m["id"])}}
				byYear := func(key string, y int) gcell {
					byInd, _ := m[key].(map[string]any)
					years, _ := byInd[ind.ID].(map[string]any)
					v, ok := years[strconv.Itoa(y)]
					if !ok || v == nil {
						return gcell{}
					}
					return gcell{text: fmt.Sprint(v)}
				}
				for yi, y := range years {
					c := gcell{isRaw: true}
					if yi < len(list) {
						c = jsonCell(list[yi])
					}
					row = append(row, c, byYear(part.status, y), byYear(part.notes, y), byYear(part.bounds, y))
				}
				g.rows = append(g.rows, row)
			}
			if part.values == "typed" && !found {
				for k := range s.data.growth {
					if k.ind == ind.ID && s.typedGrowth(s.townByKey[headerKey(k.town)], i, k.year) != nil {
						f.add(finding{class: "not present: the office's typed growth in data.json", where: g.where, what: ind.ID, want: "towns[].typed", got: "none"})
						break
					}
				}
				continue // no typed growth of this indicator
			}
			s.checkGrid(g, f)
		}
	}
	// Any list of records (targets, totals): a grid with their keys as
	// columns.
	found := false
	for key, v := range doc {
		list := asList(v)
		if key == "towns" || key == "tiers" || key == "indicators" || key == "years" || len(list) == 0 {
			continue
		}
		if _, ok := list[0].(map[string]any); !ok {
			continue
		}
		if strings.Contains(key, "total") {
			found = true
		}
		s.checkRecords(fmt.Sprintf("%s %s[]", rel, key), "downloads/data.json", list, string(raw), f)
	}
	if !found {
		f.add(finding{class: "not present: totals with their coverage in data.json", where: rel, what: "every tier's and the city's totals by year",
			want: "a list of totals with reporting/members", got: "no totals"})
	}
	return nil
}

// checkLegend checks data.json's legend (marks[]): every mark a status
// in the file names is explained there, by its key, with its words.
func (s *oracleSite) checkLegend(rel string, doc map[string]any, f *findings) {
	legend := map[string]bool{}
	for _, m := range asList(doc["marks"]) {
		if o, ok := m.(map[string]any); ok && fmt.Sprint(o["name"]) != "" && fmt.Sprint(o["meaning"]) != "" {
			legend[fmt.Sprint(o["key"])] = true
		}
	}
	used := map[string]bool{}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if strings.HasSuffix(k, "_status") || strings.HasSuffix(key, "_status") {
					walk(k+"_status", x)
				} else {
					walk(k, x)
				}
			}
		case []any:
			for _, x := range v {
				walk(key, x)
			}
		case string:
			if strings.HasSuffix(key, "_status") {
				for _, k := range strings.Split(v, "+") {
					if k != "" {
						used[k] = true
					}
				}
			}
		}
	}
	// A town's status and typed_status are marks by indicator and year;
	// a target's status is met or not, its actual_status the marks.
	walk("", doc["totals"])
	walk("", doc["targets"])
	for _, t := range asList(doc["towns"]) {
		if m, ok := t.(map[string]any); ok {
			walk("_status", m["status"])
			walk("_status", m["typed_status"])
		}
	}
	var keys []string
	for k := range used {
		keys = append(keys, k)
	}
	for _, k := range sortedStrings(keys) {
		f.count(rel)
		if !legend[k] {
			f.add(finding{class: "not present: a mark in the legend", where: rel + " marks[]", what: "mark " + k, want: "its key and words in marks[]", got: "not listed"})
		}
	}
}

func jsonCell(v any) gcell {
	if o, ok := v.(map[string]any); ok {
		// A figure written with its marks: {"value": 23.5, "flag": "p"}.
		if x, has := o["value"]; has {
			c := jsonCell(x)
			for k, y := range o {
				if k != "value" {
					c.marks += fmt.Sprintf(" %s %v", k, y)
				}
			}
			return c
		}
	}
	switch v := v.(type) {
	case json.Number:
		return gcell{text: v.String(), raw: v.String(), isRaw: true}
	case nil:
		return gcell{isRaw: true}
	case string:
		return gcell{text: v, raw: v, isRaw: true}
	case bool:
		return gcell{text: strconv.FormatBool(v)}
	}
	return gcell{text: fmt.Sprint(v)}
}

// checkRecords checks a list of JSON objects as a grid, their keys as
// columns.
func (s *oracleSite) checkRecords(where, output string, list []any, notes string, f *findings) {
	// Columns in the keys' order, so that the places in messages are the
	// same from run to run (a map has no order).
	var header []string
	col := map[string]int{}
	for _, item := range list {
		m, _ := item.(map[string]any)
		for _, k := range sortedStrings(mapKeys(m)) {
			if _, ok := col[k]; !ok {
				col[k] = len(header)
				header = append(header, k)
			}
		}
	}
	g := &grid{where: where, output: output, header: header, ctx: noCtx(), sem: data, notes: notes}
	for _, item := range list {
		m, _ := item.(map[string]any)
		row := make([]gcell, len(header))
		for k, v := range m {
			if l, ok := v.([]any); ok {
				var parts []string
				for _, x := range l {
					parts = append(parts, fmt.Sprint(x))
				}
				v = strings.Join(parts, "+")
			}
			row[col[k]] = jsonCell(v)
		}
		g.rows = append(g.rows, row)
	}
	s.checkGrid(g, f)
}

var jsPayloadRE = regexp.MustCompile(`(?s)townpressValues\((.*)\)\s*;?\s*$`)

// checkAssetData checks assets/data/<indicator>.js, the figures the
// browser's indicator views and comparison show: values as data, and the
// growth and ranks the browser must display rather than derive
// (issue 10, classes 3 and 4).
func (s *oracleSite) checkAssetData(out string, f *findings) error {
	for i, ind := range s.cfg.Indicators {
		rel := "assets/data/" + ind.ID + ".js"
		raw, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			f.add(finding{class: "not present: a browser data file", where: rel, what: ind.ID, want: "the file", got: err.Error()})
			continue
		}
		m := jsPayloadRE.FindSubmatch(bytes.TrimSpace(raw))
		if m == nil {
			f.add(finding{class: "oracle: a browser data file it cannot read", where: rel, what: ind.ID, want: "townpressValues({...})", got: string(raw[:min(80, len(raw))])})
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(m[1]))
		dec.UseNumber()
		var doc map[string]any
		if err := dec.Decode(&doc); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		if err := mergeYearFiles(out, ind.ID, s.years, doc); err != nil {
			return err
		}
		// Rows are the site's towns in order, unless the file names them.
		towns := s.towns
		if ids := asList(doc["towns"]); len(ids) > 0 {
			towns = nil
			for _, id := range ids {
				if t := s.townByKey[headerKey(fmt.Sprint(id))]; t != nil {
					towns = append(towns, t)
				}
			}
		}
		years := s.years
		if ys := asList(doc["years"]); len(ys) > 0 {
			years = nil
			for _, y := range ys {
				n, _ := strconv.Atoi(fmt.Sprint(y))
				years = append(years, n)
			}
		}
		found := map[kind]bool{}
		keys := make([]string, 0, len(doc))
		for key := range doc {
			keys = append(keys, key)
		}
		for _, key := range sortedStrings(keys) {
			k, ownTier := assetKind(key)
			rows := asList(doc[key])
			if key == "totals" {
				s.checkAssetTotals(rel, i, years, doc[key], f)
				found[kTotal] = true
				continue
			}
			if k == kNone || len(rows) == 0 {
				continue
			}
			found[k] = true
			header := []string{"town"}
			for _, y := range years {
				header = append(header, strconv.Itoa(y)+map[kind]string{kValue: "", kDelta: " delta", kRank: " rank"}[k])
			}
			g := &grid{where: fmt.Sprintf("%s %s", rel, key), output: "assets/data/*.js", header: header, ctx: noCtx(), sem: leafSemantics(rows),
				firstIsKey: true, rankOwnTier: ownTier, notes: string(raw)}
			g.ctx.ind = i
			for r, row := range rows {
				if r >= len(towns) {
					break
				}
				cells := []gcell{{text: towns[r].id}}
				for _, v := range asList(row) {
					cells = append(cells, jsonCell(v))
				}
				g.rows = append(g.rows, cells)
			}
			s.checkGrid(g, f)
		}
		for _, need := range []kind{kDelta, kRank} {
			if !found[need] {
				f.add(finding{class: "not present: growth and ranks for the browser (it derives them itself)", where: rel, what: kindNames[need] + " of " + ind.ID,
					want: fmt.Sprintf("%d figures computed in Go", len(towns)*len(years)), got: "keys: " + keysOf(doc)})
			}
		}
		if !found[kTotal] && (ind.Sum || ind.Numerator != "") {
			f.add(finding{class: "not present: totals with coverage for the browser", where: rel, what: "totals of " + ind.ID,
				want: "every tier's and the city's totals with reporting/members", got: "keys: " + keysOf(doc)})
		}
	}
	return nil
}

var jsYearRE = regexp.MustCompile(`(?s)townpressYear\((.*)\)\s*;?\s*$`)

// mergeYearFiles reads the files of a year's changes, ranks and totals
// (assets/data/<indicator>/<year>.js, loaded when a year is picked) into
// doc as if the one file held every year: delta, rank and tierRank as rows
// of a town by year, totals as a list a year for each scope. A year
// without its file leaves its cells empty, which the grid reports.
func mergeYearFiles(out, id string, years []int, doc map[string]any) error {
	var delta, rank, tierRank [][]any
	totals := map[string]any{}
	found := false
	for yi, y := range years {
		rel := fmt.Sprintf("assets/data/%s/%d.js", id, y)
		raw, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			continue
		}
		m := jsYearRE.FindSubmatch(bytes.TrimSpace(raw))
		if m == nil {
			return fmt.Errorf("%s: not townpressYear({...})", rel)
		}
		dec := json.NewDecoder(bytes.NewReader(m[1]))
		dec.UseNumber()
		var yd map[string]any
		if err := dec.Decode(&yd); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		found = true
		put := func(dst *[][]any, key string) {
			for t, v := range asList(yd[key]) {
				for len(*dst) <= t {
					*dst = append(*dst, make([]any, len(years)))
				}
				(*dst)[t][yi] = v
			}
		}
		put(&delta, "delta")
		put(&rank, "rank")
		put(&tierRank, "tierRank")
		if ts, ok := yd["totals"].(map[string]any); ok {
			for scope, rec := range ts {
				list, _ := totals[scope].([]any)
				if list == nil {
					list = make([]any, len(years))
				}
				list[yi] = rec
				totals[scope] = list
			}
		}
	}
	if !found {
		return nil
	}
	rows := func(m [][]any) []any {
		out := make([]any, len(m))
		for i, r := range m {
			out[i] = r
		}
		return out
	}
	if doc["delta"] == nil && delta != nil {
		doc["delta"] = rows(delta)
	}
	if doc["rank"] == nil && rank != nil {
		doc["rank"] = rows(rank)
	}
	if doc["tierRank"] == nil && tierRank != nil {
		doc["tierRank"] = rows(tierRank)
	}
	if doc["totals"] == nil && len(totals) > 0 {
		doc["totals"] = totals
	}
	return nil
}

// kTotal marks a browser data file's totals in the found set.
const kTotal = kUnknown + 1

// assetKind is what a key of a browser data file holds: values (rows,
// text), changes, ranks among all towns or within the town's tier.
func assetKind(key string) (k kind, ownTier bool) {
	switch strings.ToLower(key) {
	case "rows", "values", "text", "texts":
		return kValue, false
	case "delta", "deltas", "growth", "change":
		return kDelta, false
	case "rank", "ranks":
		return kRank, false
	case "tierrank", "tier_rank", "tierranks", "tier_ranks":
		return kRank, true
	}
	return kNone, false
}

// leafSemantics: numbers are data, strings are text as shown.
func leafSemantics(rows []any) semantics {
	for _, row := range rows {
		for _, v := range asList(row) {
			switch v.(type) {
			case string:
				return display
			case json.Number:
				return data
			}
		}
	}
	return data
}

// checkAssetTotals checks a browser data file's totals: for each scope
// ("" or "all" for the city), one record a year.
func (s *oracleSite) checkAssetTotals(rel string, ind int, years []int, v any, f *findings) {
	byScope, _ := v.(map[string]any)
	rename := map[string]string{"text": "value", "of": "members", "prevreporting": "prev_reporting", "prevof": "prev_of"}
	for scope, list := range byScope {
		var header []string
		col := map[string]int{}
		records := asList(list)
		for _, rec := range records {
			m, _ := rec.(map[string]any)
			for _, k := range sortedStrings(mapKeys(m)) {
				if _, ok := col[k]; !ok {
					col[k] = len(header)
					name := k
					if r, ok := rename[strings.ToLower(k)]; ok {
						name = r
					}
					header = append(header, name)
				}
			}
		}
		g := &grid{where: fmt.Sprintf("%s totals[%q]", rel, scope), output: "assets/data/*.js", header: append([]string{"year"}, header...),
			ctx: noCtx(), sem: display, firstIsKey: true}
		g.ctx.ind = ind
		g.ctx.scope = scope
		if scope == "" {
			g.ctx.scope = "all"
		}
		for i, rec := range records {
			if i >= len(years) {
				break
			}
			m, _ := rec.(map[string]any)
			row := make([]gcell, len(header)+1)
			row[0] = gcell{text: strconv.Itoa(years[i])}
			for k, x := range m {
				row[col[k]+1] = jsonCell(x)
			}
			// The format leaves an official total's towns' sum out where
			// it reads the same as the total (the page then says nothing
			// of it): it stands for that figure, which is checked.
			if c, ok := col["summed"]; ok && m["what"] == "official_total" && m["summed"] == nil {
				if x, ok := m["text"]; ok {
					row[c+1] = jsonCell(x)
				}
			}
			g.rows = append(g.rows, row)
		}
		s.checkGrid(g, f)
	}
}

func keysOf(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return strings.Join(sortedStrings(ks), ",")
}

func mapKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
