package source

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/townpress/townpress/internal/diag"
)

// The rows of a sheet are streamed from its XML here rather than through
// excelize's row iterator, for two reasons the iterator cannot be worked
// around from outside (excelize v2.11.1, rows.go):
//
//   - It discards the XML decoder's errors (`token, _ := decoder.Token()`):
//     a sheet with an undefined entity such as &nbsp;, a mismatched tag or a
//     raw '<' simply ends there, and every row after the fault vanished
//     without a word. A cell whose r attribute repeats or goes backwards
//     (<c r="B2"> twice) was silently moved to the next column.
//   - Rows.Columns pads a row with an empty string for every column up to
//     its last cell, so a row with one stray cell in column XFD costs
//     16,384 strings; a sheet of such rows took about 10 minutes.
//
// The reader below is the standard library's XML tokenizer in strict mode
// with a check that every end tag closes its start tag; anything it cannot
// read, and any row or cell whose reference disagrees with its place, is a
// fault that names the sheet and the row or cell. Rows come out sparse:
// the work follows the cells a row has, not its width. Values are what
// excelize's Rows.Columns gives with RawCellValue (the oracle of
// TestSheetRowsMatchExcelize and FuzzSheetRowsMatchExcelize).
// excelize still opens the package, reads the styles and says why a file
// is not a workbook.

// sheetCell is a cell of a row that holds text.
type sheetCell struct {
	col   int    // 0-based column
	style int    // index into the workbook's cell formats (s attribute); 0 for text, boolStyle for TRUE or FALSE
	text  string // the value as stored: the number as typed, the shared or inline text
}

// boolStyle is the style of a cell that holds a logical value, TRUE or
// FALSE, whose text is 1 or 0 as stored: no figure, though it reads as a
// number.
const boolStyle = -1

// xmlFault is why a sheet's XML could not be read to its end. Reading
// stops at a fault: after it, no row or cell can be placed with certainty.
type xmlFault struct {
	row, col int // where it was found; row 0 outside any row, col -1 outside any cell
	msg      diag.Text
}

// cellProblem is a cell that cannot be read although the XML around it is
// sound, such as a reference to shared text the workbook does not have.
type cellProblem struct {
	col int
	msg diag.Text
}

// xmlError is a fault of the XML with its text in each language. The
// encoding/xml tokenizer's own messages ("invalid character entity
// &nbsp;") stay in English inside one, as an error from the system does.
type xmlError struct{ diag.Text }

func (e *xmlError) Error() string { return e.En }

func faultf(m diag.Message, args ...any) error { return &xmlError{m.Text(args...)} }

// faultText is why the XML could not be read, in each language.
func faultText(err error) diag.Text {
	var xe *xmlError
	var se *xml.SyntaxError
	switch {
	case errors.As(err, &xe):
		return xe.Text
	case errors.As(err, &se):
		return diag.M("line %d: %s", "第 %d 行：%s").Text(se.Line, se.Msg)
	}
	return diag.T(err.Error(), err.Error())
}

// sheetRows streams the rows of one worksheet.
type sheetRows struct {
	dec *xml.Decoder
	sst []string // the workbook's shared strings

	open     []xml.Name // elements open, innermost last
	rootSeen bool
	inData   bool // inside <sheetData>

	row      int         // the current row, 1-based; 0 before the first
	hidden   bool        // the current row is hidden (by hand or by a filter)
	hideCols []colSpan   // the columns hidden, from <cols>
	cells    []sheetCell // the current row's cells with text, in column order
	problems []cellProblem
	lastCol  int // the current row's last cell, -1 for none

	text  []byte // the text of the element being read
	fault *xmlFault
	done  bool // the document was read to its end
}

func newSheetRows(r io.Reader, sst []string, charset func(string, io.Reader) (io.Reader, error)) *sheetRows {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	dec.CharsetReader = charset
	return &sheetRows{dec: dec, sst: sst, lastCol: -1}
}

// token reads the next token and checks what RawToken leaves unchecked:
// end tags close their start tags, one root element, no DOCTYPE.
func (s *sheetRows) token() (xml.Token, error) {
	tok, err := s.dec.RawToken()
	if err != nil {
		if err == io.EOF {
			switch {
			case len(s.open) > 0:
				return nil, faultf(diag.M("the XML ends inside <%s>: the file is cut short", "XML 在 <%s> 之中就结束了：文件不完整"), s.open[len(s.open)-1].Local)
			case !s.rootSeen:
				return nil, faultf(diag.M("the XML is empty", "XML 是空的"))
			}
		}
		return nil, err
	}
	switch t := tok.(type) {
	case xml.StartElement:
		if len(s.open) == 0 && s.rootSeen {
			return nil, faultf(diag.M("line %d: a second root element <%s>", "第 %d 行：第二个根元素 <%s>"), s.line(), t.Name.Local)
		}
		s.rootSeen = true
		s.open = append(s.open, t.Name)
	case xml.EndElement:
		n := len(s.open)
		if n == 0 || s.open[n-1] != t.Name {
			want := diag.T("nothing", "空")
			if n > 0 {
				end := "</" + qname(s.open[n-1]) + ">"
				want = diag.T(end, end)
			}
			return nil, faultf(diag.M("line %d: </%s> where %s was expected", "第 %d 行：出现 </%s>，此处应为 %s"), s.line(), qname(t.Name), want)
		}
		s.open = s.open[:n-1]
	case xml.Directive:
		// Excel never writes one; a DOCTYPE can declare entities that
		// change what the cells say.
		return nil, faultf(diag.M("line %d: a <!%s> declaration, which a workbook never has", "第 %d 行：<!%s> 声明，工作簿里从不会有"), s.line(), firstWord(t))
	case xml.CharData:
		// A byte-order mark may come before the XML declaration.
		if len(s.open) == 0 && len(bytes.TrimSpace(bytes.TrimPrefix(t, []byte("\ufeff")))) > 0 {
			return nil, faultf(diag.M("line %d: text outside the root element", "第 %d 行：根元素之外有文字"), s.line())
		}
	}
	return tok, nil
}

func (s *sheetRows) line() int {
	line, _ := s.dec.InputPos()
	return line
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func firstWord(d xml.Directive) string {
	w, _, _ := strings.Cut(strings.TrimSpace(string(d)), " ")
	if len(w) > 20 {
		w = w[:20]
	}
	return w
}

// fail records a fault; col is -1 outside a cell.
func (s *sheetRows) fail(row, col int, err error) bool {
	if s.fault == nil {
		s.fault = &xmlFault{row: row, col: col, msg: faultText(err)}
	}
	return false
}

// next reads the next row; false at the end of the sheet or at a fault.
// After the last row the rest of the document is read too, so that damage
// after <sheetData> is found: a sheet read to its end with every tag
// closed was not cut short. (Its <dimension ref> tells nothing more, and
// is not checked: LibreOffice writes A1:A1048576 for a formatted column,
// Google Sheets its whole grid, over far fewer rows.)
func (s *sheetRows) next() bool {
	if s.fault != nil || s.done {
		return false
	}
	for {
		tok, err := s.token()
		if err == io.EOF {
			s.done = true
			return false
		}
		if err != nil {
			return s.fail(s.row+1, -1, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth := len(s.open) // 1 for the root
			switch {
			case depth == 2 && t.Name.Local == "sheetData":
				s.inData = true
			case depth == 3 && s.inData && t.Name.Local == "row":
				return s.readRow(t)
			case depth == 3 && s.open[1].Local == "cols" && t.Name.Local == "col" && isTrue(attr(t, "hidden")):
				lo, err1 := strconv.Atoi(attr(t, "min"))
				hi, err2 := strconv.Atoi(attr(t, "max"))
				if err1 == nil && err2 == nil && lo >= 1 && hi >= lo {
					s.hideCols = append(s.hideCols, colSpan{lo - 1, min(hi, maxColumns) - 1})
				}
			}
		case xml.EndElement:
			if len(s.open) == 1 && t.Name.Local == "sheetData" {
				s.inData = false
			}
		}
	}
}

// colSpan is a run of columns, 0-based, both ends included.
type colSpan struct{ from, to int }

// colHidden reports whether column col is hidden.
func (s *sheetRows) colHidden(col int) bool {
	for _, h := range s.hideCols {
		if col >= h.from && col <= h.to {
			return true
		}
	}
	return false
}

// isTrue reads an XML boolean attribute.
func isTrue(v string) bool { return v == "1" || v == "true" }

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// readRow reads a <row> to its end tag.
func (s *sheetRows) readRow(start xml.StartElement) bool {
	row := s.row + 1
	if r := attr(start, "r"); r != "" {
		n, err := strconv.Atoi(r)
		switch {
		case err != nil || n < 1:
			return s.fail(0, -1, faultf(diag.M("the row after row %d is numbered %q", "第 %d 行之后的行编号为 %q"), s.row, r))
		case n > maxRows:
			return s.fail(0, -1, faultf(diag.M("row %d is past Excel's last row, %d", "第 %d 行超出了 Excel 的最后一行 %d"), n, maxRows))
		case n <= s.row:
			return s.fail(n, -1, faultf(diag.M("row %d comes after row %d: rows out of order or written twice", "第 %d 行出现在第 %d 行之后：行的顺序错乱或重复"), n, s.row))
		}
		row = n
	}
	s.row, s.cells, s.problems, s.lastCol = row, s.cells[:0], s.problems[:0], -1
	s.hidden = isTrue(attr(start, "hidden"))
	depth := len(s.open)
	for {
		tok, err := s.token()
		if err != nil {
			return s.fail(row, s.lastCol+1, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(s.open) == depth+1 && t.Name.Local == "c" {
				if !s.readCell(t) {
					return false
				}
			}
		case xml.EndElement:
			if len(s.open) < depth {
				return true
			}
		}
	}
}

// readCell reads a <c> to its end tag.
func (s *sheetRows) readCell(start xml.StartElement) bool {
	col := s.lastCol + 1
	var typ, style string
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "r":
			c, r, ok := parseCellRef(a.Value)
			switch {
			case !ok:
				return s.fail(s.row, col, faultf(diag.M("a cell is named %q, not a cell reference such as B2", "有单元格名为 %q，不是 B2 这样的单元格引用"), a.Value))
			case r != s.row:
				return s.fail(s.row, c, faultf(diag.M("cell %s is inside row %d", "单元格 %s 在第 %d 行之中"), a.Value, s.row))
			case c == s.lastCol:
				return s.fail(s.row, c, faultf(diag.M("cell %s is written twice", "单元格 %s 写了两次"), a.Value))
			case c < s.lastCol:
				return s.fail(s.row, c, faultf(diag.M("cell %s comes after %s: cells out of order", "单元格 %s 出现在 %s 之后：单元格顺序错乱"), a.Value, cellName(s.lastCol, s.row)))
			}
			col = c
		case "t":
			typ = a.Value
		case "s":
			style = a.Value
		}
	}
	if col >= maxColumns {
		return s.fail(s.row, -1, faultf(diag.M("row %d has more than Excel's %d columns", "第 %d 行超过 Excel 的 %d 列"), s.row, maxColumns))
	}
	s.lastCol = col
	// The cell's text: <v> for most types, the <t> runs of <is> for an
	// inline string (phonetic runs, <rPh>, are not part of the text).
	depth := len(s.open)
	var value, inline, formula []byte
	inV, inT, inF, hasIS, hasV, hasF := false, false, false, false, false, false
	for {
		tok, err := s.token()
		if err != nil {
			return s.fail(s.row, col, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			rel := len(s.open) - depth // 1 for a child of <c>
			switch {
			case rel == 1 && t.Name.Local == "v":
				inV, hasV = true, true
			case rel == 1 && t.Name.Local == "f":
				inF, hasF = true, true
			case rel == 1 && t.Name.Local == "is":
				hasIS = true
			case t.Name.Local == "t" && hasIS && s.open[depth].Local == "is" && (rel == 2 || rel == 3 && s.open[depth+1].Local == "r"):
				inT = true
			}
		case xml.EndElement:
			if len(s.open) < depth {
				if hasF && !hasV && !hasIS {
					s.noResult(col, formula)
					return true
				}
				s.cell(col, typ, style, value, inline, hasIS)
				return true
			}
			inV, inT, inF = false, false, false
		case xml.CharData:
			switch {
			case inV:
				value = append(value, t...)
			case inT:
				inline = append(inline, t...)
			case inF:
				formula = append(formula, t...)
			}
		}
	}
}

// noResult records a formula cell saved without its result. Excel and WPS
// always save a formula's result, if only an empty <v/>; a program that
// sets formulas without computing them (a script, a report generator)
// does not, and what Excel would show there is then unknown: read as
// empty, a town's figure would be "no data" and an official 合计 the
// site's own sum.
func (s *sheetRows) noResult(col int, formula []byte) {
	f := strings.TrimSpace(string(formula))
	if f == "" {
		// A cell of a shared formula has only a reference to the first
		// cell's text.
		f = "…"
	}
	s.problems = append(s.problems, cellProblem{col, diag.M("the cell is the formula =%s, but the file holds no result for it (the program that saved it did not compute its formulas); open the workbook in Excel or WPS and save it once, so that every formula's result is saved",
		"单元格是公式 =%s，但文件里没有保存它的计算结果（保存文件的程序没有计算公式）；请在 Excel 或 WPS 中打开并保存一次，让每个公式的结果都保存下来").Text(f)})
}

// cell keeps a cell's text as excelize's Rows.Columns gives it with
// RawCellValue.
func (s *sheetRows) cell(col int, typ, style string, value, inline []byte, hasIS bool) {
	var text string
	switch typ {
	case "s":
		if len(value) == 0 {
			return
		}
		i, err := strconv.Atoi(strings.TrimSpace(string(value)))
		if err != nil || i < 0 || i >= len(s.sst) {
			s.problems = append(s.problems, cellProblem{col, diag.M("the cell refers to shared text number %q, which the workbook does not have; the file is damaged (open and save it again in Excel or WPS)",
				"单元格引用的共用文字编号 %q 在工作簿中不存在；文件已损坏（请在 Excel 或 WPS 中打开后重新保存）").Text(value)})
			return
		}
		text = s.sst[i]
	case "inlineStr":
		if hasIS {
			text = unescapeOOXML(string(inline))
		} else {
			text = string(value)
		}
	default:
		text = string(value)
	}
	if text == "" {
		return
	}
	// Most cells have no style: parsing "" would only allocate the
	// syntax error that says so (61 MB at 10,000 towns), for the same 0.
	// A number format shows numbers only: text, such as "17.4" in a
	// percentage cell, is shown as typed, and keeps style 0.
	n := 0
	switch {
	case typ == "b":
		n = boolStyle
	case style != "" && (typ == "" || typ == "n"):
		n, _ = strconv.Atoi(style)
	}
	s.cells = append(s.cells, sheetCell{col: col, style: n, text: text})
}

// parseCellRef reads a reference such as B2: a 0-based column and a
// 1-based row.
func parseCellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 4 && (ref[i]|0x20) >= 'a' && (ref[i]|0x20) <= 'z' {
		col = col*26 + int(ref[i]|0x20-'a') + 1
		i++
	}
	if i == 0 || i == len(ref) || i > 3 || ref[i] < '1' || ref[i] > '9' || len(ref)-i > 7 {
		return 0, 0, false
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
	}
	return col - 1, row, true
}

// unescapeOOXML turns Excel's escapes for characters XML cannot hold,
// _xHHHH_, back into the characters, and _x005F_ into the underscore
// that protects a literal "_xHHHH_", as excelize does.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s)-i < 7 {
			break
		}
		if s[i+6] != '_' || !isHex4(s[i+2:i+6]) {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		if s[i:i+7] == "_x005F_" {
			b.WriteByte('_')
		} else if n, _ := strconv.ParseUint(s[i+2:i+6], 16, 32); utf8.ValidRune(rune(n)) {
			b.WriteRune(rune(n))
		} // a lone surrogate is dropped, as excelize drops it
		s = s[i+7:]
	}
	b.WriteString(s)
	return b.String()
}

func isHex4(s string) bool {
	for i := range 4 {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// readSharedStrings reads a workbook's shared strings (xl/sharedStrings.xml):
// the text of each <si>, its <t> and the <t> of its rich-text runs.
func readSharedStrings(r io.Reader, charset func(string, io.Reader) (io.Reader, error)) ([]string, error) {
	s := newSheetRows(r, nil, charset)
	var list []string
	var text []byte
	inT := false
	for {
		tok, err := s.token()
		if err == io.EOF {
			return list, nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return list, &xmlError{faultText(se)}
			}
			return list, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			d := len(s.open)
			switch {
			case d == 2 && t.Name.Local == "si":
				text = text[:0]
			case t.Name.Local == "t" && (d == 3 && s.open[1].Local == "si" || d == 4 && s.open[1].Local == "si" && s.open[2].Local == "r"):
				inT = true
			}
		case xml.EndElement:
			inT = false
			if len(s.open) == 1 && t.Name.Local == "si" {
				list = append(list, unescapeOOXML(string(text)))
			}
		case xml.CharData:
			if inT {
				text = append(text, t...)
			}
		}
	}
}
