package source

import (
	"bytes"
	"encoding/xml"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The fast row reader.
//
// excelize's row iterator decodes a sheet with encoding/xml, token by
// token, and allocates for every cell: on a national site (5 million cells)
// it was four fifths of reading. fastRows reads the sheet XML that excelize
// has already unzipped into memory with a small scanner that knows the
// shapes Excel, WPS and excelize write, and gives the same rows and cells as
// excelize's iterator with RawCellValue. Anything else in the XML, such as
// a comment, a rich-text inline string, a row number out of order, an
// entity it does not know or a character XML forbids, makes it give up
// before the sheet's records are kept, and the sheet is read again with
// excelize: unusual and hostile files get exactly the old reader, and
// FuzzFastRows checks that the two agree wherever the fast one answers.

// sharedStrings are a workbook's shared strings as excelize reads them,
// made once for all its sheets.
type sharedStrings struct {
	once sync.Once
	list []string
	ok   bool // the table is in memory and was read without error
}

// load makes the list from excelize's table; excelize must have read it
// (any Rows.Columns call does).
func (ss *sharedStrings) load(b *workbook) ([]string, bool) {
	ss.once.Do(func() {
		if _, inMemory := b.wb.Pkg.Load(sharedStringsPart); !inMemory || b.wb.SharedStrings == nil {
			return // absent, in a temporary file, or damaged: excelize's way
		}
		si := b.wb.SharedStrings.SI
		ss.list = make([]string, len(si))
		for i := range si {
			ss.list[i] = si[i].String()
		}
		ss.ok = true
	})
	return ss.list, ss.ok
}

const sharedStringsPart = "xl/sharedStrings.xml" // where excelize reads them from

// slowPath is how the scanner gives up, as a panic that fastRows recovers;
// never shown to a user.
type slowPath struct{}

// sheetXML returns the sheet's XML as excelize holds it in memory, and
// makes excelize read the shared strings; ok is false when the fast reader
// cannot be used.
func (s *sheetReader) sheetXML() (data []byte, ok bool) {
	rows, err := s.wb.Rows(s.sheet)
	if err != nil {
		return nil, false
	}
	defer rows.Close()
	// The part excelize reads for the sheet: its own lookup (names match
	// without case, targets resolve against the workbook's folder), not a
	// copy of it. If a later excelize renames the field, the fast reader
	// is off, which TestFastRowsUsed notices.
	f := reflect.ValueOf(rows).Elem().FieldByName("sheet")
	if !f.IsValid() || f.Kind() != reflect.String {
		return nil, false
	}
	part := f.String()
	if rows.Next() {
		// This reads the shared strings. An error (a damaged table, a bad
		// cell in row 1) is for excelize's reader to report, which reads
		// them again: an error in the table itself stays. (An error
		// excelize makes after reading the table, in its content types,
		// was only ever reported for the first sheet to ask, and now for
		// none.)
		if _, err := rows.Columns(); err != nil {
			return nil, false
		}
	}
	v, _ := s.wb.Pkg.Load(part)
	data, ok = v.([]byte)
	return data, ok
}

// fastRows reads the sheet as eachRow does and reports true, or gives up
// and reports false before fn has seen a row it could not read exactly.
// fn may then have seen rows; the caller starts the sheet again.
func (s *sheetReader) fastRows(fn func(row int, cells []string) bool) (done bool) {
	data, ok := s.sheetXML()
	if !ok || !plainXML(data) {
		return false
	}
	sc := &xmlScanner{b: data}
	if !sc.start() {
		return false
	}
	defer func() {
		// The scanner gives up by panicking with slowPath from deep in a
		// row; any other panic is a bug, and goes on.
		if r := recover(); r != nil {
			if _, gaveUp := r.(slowPath); !gaveUp {
				panic(r)
			}
			done = false
		}
	}()
	var (
		cells []string
		row   int
		texts []byte
		spans []cellSpan
	)
	for !sc.empty {
		n, more := sc.row(&texts, &spans)
		if !more {
			break
		}
		if n == 0 {
			n = row + 1
		}
		if n <= row || n > maxRows {
			return false // excelize would merge or drop rows out of order
		}
		// Rows not in the XML are empty rows, as excelize gives them.
		for row+1 < n {
			row++
			if !s.checkRow(row, nil) || !fn(row, nil) {
				return true
			}
		}
		row = n
		cells = cells[:0]
		var joined string
		if len(texts) > 0 {
			joined = string(texts) // one allocation for the row's texts
		}
		for _, sp := range spans {
			val := ""
			switch {
			case sp.shared >= 0:
				list, ok := s.shared.load(s.workbook)
				if !ok || sp.shared >= len(list) {
					return false
				}
				val = list[sp.shared]
			default:
				val = joined[sp.start:sp.end]
			}
			if val == "" && !sp.formula {
				continue
			}
			for blank := sp.col - len(cells); blank > 1; blank-- {
				cells = append(cells, "")
			}
			cells = append(cells, val)
		}
		if !s.checkRow(row, cells) || !fn(row, cells) {
			return true
		}
	}
	return true
}

// cellSpan is a cell of a row being scanned: its column (1-based, as
// excelize counts) and its value, a shared string or a slice of the row's
// texts.
type cellSpan struct {
	col        int
	shared     int // index in the shared strings, or -1
	start, end int // in the row's texts
	formula    bool
}

// plainXML reports whether the sheet is valid UTF-8 without characters XML
// forbids or carriage returns, which encoding/xml rewrites in text.
func plainXML(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' {
			return false
		}
	}
	return utf8.Valid(b) && !bytes.Contains(b, []byte("\xef\xbf\xbe")) && !bytes.Contains(b, []byte("\xef\xbf\xbf"))
}

// xmlScanner reads sheetData: rows of cells, nothing else.
type xmlScanner struct {
	b     []byte
	i     int
	empty bool // <sheetData/>, or no sheetData: no rows
}

func (sc *xmlScanner) fail() { panic(slowPath{}) }

// start checks the XML up to sheetData with encoding/xml, as excelize's
// iterator reads it, and moves to its first row.
func (sc *xmlScanner) start() bool {
	d := xml.NewDecoder(bytes.NewReader(sc.b))
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				sc.empty = true
				return true
			}
			return false
		}
		if el, ok := tok.(xml.StartElement); ok {
			switch el.Name.Local {
			case "row", "c":
				return false
			case "sheetData":
				sc.i = int(d.InputOffset())
				sc.empty = sc.i >= 2 && string(sc.b[sc.i-2:sc.i]) == "/>"
				return true
			}
		}
	}
}

func (sc *xmlScanner) space() {
	for sc.i < len(sc.b) {
		switch sc.b[sc.i] {
		case ' ', '\t', '\n':
			sc.i++
		default:
			return
		}
	}
}

func (sc *xmlScanner) has(s string) bool {
	return len(sc.b)-sc.i >= len(s) && string(sc.b[sc.i:sc.i+len(s)]) == s
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80
}

// name reads an element or attribute name and returns it and its local
// part, as slices of the XML: compared, never kept.
func (sc *xmlScanner) name() (full, local []byte) {
	j := sc.i
	for j < len(sc.b) && isNameByte(sc.b[j]) {
		j++
	}
	if j == sc.i {
		sc.fail()
	}
	full = sc.b[sc.i:j]
	sc.i = j
	local = full
	if k := bytes.LastIndexByte(full, ':'); k >= 0 {
		local = full[k+1:]
	}
	return full, local
}

// tag reads a start tag; attrs gets the values of r, s and t. It returns
// the tag's name, its local part, and whether it closed itself.
func (sc *xmlScanner) tag(attrs *[3][]byte) (full, local []byte, closed bool) {
	if !sc.has("<") {
		sc.fail()
	}
	sc.i++
	full, local = sc.name()
	seen := [3]bool{}
	for {
		sc.space()
		switch {
		case sc.has("/>"):
			sc.i += 2
			return full, local, true
		case sc.has(">"):
			sc.i++
			return full, local, false
		}
		aFull, _ := sc.name()
		sc.space()
		if !sc.has("=") {
			sc.fail()
		}
		sc.i++
		sc.space()
		if sc.i >= len(sc.b) || (sc.b[sc.i] != '"' && sc.b[sc.i] != '\'') {
			sc.fail()
		}
		q := sc.b[sc.i]
		end := bytes.IndexByte(sc.b[sc.i+1:], q)
		if end < 0 {
			sc.fail()
		}
		val := sc.b[sc.i+1 : sc.i+1+end]
		sc.i += end + 2
		if bytes.ContainsAny(val, "<&") {
			sc.fail()
		}
		k := -1
		switch string(aFull) {
		case "r":
			k = 0
		case "s":
			k = 1
		case "t":
			k = 2
		default:
			// excelize matches attributes by local name: x:r would count.
			if i := bytes.LastIndexByte(aFull, ':'); i >= 0 {
				switch string(aFull[i+1:]) {
				case "r", "s", "t":
					sc.fail()
				}
			}
		}
		if k >= 0 && attrs != nil {
			if seen[k] {
				sc.fail()
			}
			seen[k] = true
			attrs[k] = val
		}
	}
}

// endTag reads </full>.
func (sc *xmlScanner) endTag(full []byte) {
	if !sc.has("</") {
		sc.fail()
	}
	sc.i += 2
	if !bytes.HasPrefix(sc.b[sc.i:], full) {
		sc.fail()
	}
	sc.i += len(full)
	sc.space()
	if !sc.has(">") {
		sc.fail()
	}
	sc.i++
}

// text reads character data up to the next tag, decoding entities, onto buf.
func (sc *xmlScanner) text(buf []byte) []byte {
	j := bytes.IndexByte(sc.b[sc.i:], '<')
	if j < 0 {
		sc.fail()
	}
	raw := sc.b[sc.i : sc.i+j]
	sc.i += j
	for {
		k := bytes.IndexByte(raw, '&')
		if k < 0 {
			return append(buf, raw...)
		}
		buf = append(buf, raw[:k]...)
		raw = raw[k+1:]
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 {
			sc.fail()
		}
		ent := string(raw[:semi])
		raw = raw[semi+1:]
		switch ent {
		case "lt":
			buf = append(buf, '<')
		case "gt":
			buf = append(buf, '>')
		case "amp":
			buf = append(buf, '&')
		case "quot":
			buf = append(buf, '"')
		case "apos":
			buf = append(buf, '\'')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				sc.fail()
			}
			r := rune(n)
			if err != nil || len(ent) < 2 || !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
				sc.fail()
			}
			buf = utf8.AppendRune(buf, r)
		}
	}
}

// skipSpaceText skips whitespace between elements; other text there is not
// in the shapes the scanner knows.
func (sc *xmlScanner) skipSpaceText() {
	sc.space()
	if sc.i >= len(sc.b) || sc.b[sc.i] != '<' {
		sc.fail()
	}
}

// row reads the next row element: its number (0 when it has none) and its
// cells. more is false at the end of sheetData.
func (sc *xmlScanner) row(texts *[]byte, spans *[]cellSpan) (n int, more bool) {
	*texts, *spans = (*texts)[:0], (*spans)[:0]
	sc.skipSpaceText()
	if sc.has("</") {
		_, local := sc.endName()
		if string(local) != "sheetData" {
			sc.fail()
		}
		return 0, false
	}
	var attrs [3][]byte
	full, local, closed := sc.tag(&attrs)
	if string(local) != "row" {
		sc.fail()
	}
	if attrs[0] != nil {
		n = digits(attrs[0])
		if n <= 0 {
			sc.fail()
		}
	}
	if closed {
		return n, true
	}
	col := 0
	for {
		sc.skipSpaceText()
		if sc.has("</") {
			sc.endTag(full)
			return n, true
		}
		col = sc.cell(col, texts, spans)
	}
}

// endName reads an end tag's name.
func (sc *xmlScanner) endName() (full, local []byte) {
	sc.i += 2
	full, local = sc.name()
	sc.space()
	if !sc.has(">") {
		sc.fail()
	}
	sc.i++
	return full, local
}

// cell reads a c element after column col and returns its column.
func (sc *xmlScanner) cell(col int, texts *[]byte, spans *[]cellSpan) int {
	var attrs [3][]byte
	full, local, closed := sc.tag(&attrs)
	if string(local) != "c" {
		sc.fail()
	}
	col++
	if attrs[0] != nil {
		col = cellColumn(attrs[0])
	}
	if attrs[1] != nil && digits(attrs[1]) < 0 {
		sc.fail() // excelize drops the rest of such a cell's attributes
	}
	sp := cellSpan{col: col, shared: -1}
	// The texts of v and of the inline string go onto the row's texts;
	// the one that is the cell's value is kept.
	vStart, vEnd, isStart, isEnd := 0, 0, 0, 0
	hasV, hasIS := false, false
	for !closed {
		sc.skipSpaceText()
		if sc.has("</") {
			sc.endTag(full)
			break
		}
		cFull, cLocal, cClosed := sc.tag(nil)
		mark := len(*texts)
		switch string(cLocal) {
		case "v":
			if hasV {
				sc.fail()
			}
			hasV = true
			if !cClosed {
				*texts = sc.text(*texts)
				sc.endTag(cFull)
			}
			vStart, vEnd = mark, len(*texts)
		case "f":
			sp.formula = true
			if !cClosed {
				*texts = sc.text(*texts)[:mark]
				sc.endTag(cFull)
			}
		case "is":
			if hasIS {
				sc.fail()
			}
			hasIS = true
			if !cClosed {
				*texts = sc.inline(cFull, *texts)
			}
			isStart, isEnd = mark, len(*texts)
		default:
			sc.fail()
		}
	}
	sp.start, sp.end = vStart, vEnd
	switch string(attrs[2]) {
	case "s":
		if vEnd > vStart {
			sp.shared = digits((*texts)[vStart:vEnd])
			if sp.shared < 0 {
				sc.fail()
			}
		}
	case "inlineStr":
		if hasIS {
			sp.start, sp.end = isStart, isEnd
			if v := (*texts)[isStart:isEnd]; bytes.Contains(v, []byte("_x")) || bytes.Contains(v, []byte("_X")) {
				sc.fail() // _x0001_ escapes: excelize decodes them
			}
		}
	}
	*spans = append(*spans, sp)
	return col
}

// inline reads an inline string's one plain t element, up to </is>,
// onto buf.
func (sc *xmlScanner) inline(full, buf []byte) []byte {
	out := buf
	seen := false
	for {
		sc.skipSpaceText()
		if sc.has("</") {
			sc.endTag(full)
			return out
		}
		tFull, tLocal, closed := sc.tag(nil)
		if string(tLocal) != "t" || seen {
			sc.fail() // rich text runs and phonetic guides: excelize's way
		}
		seen = true
		if !closed {
			out = sc.text(out)
			sc.endTag(tFull)
		}
	}
}

// digits reads a plain decimal number, -1 when s is not one.
func digits(s []byte) int {
	if len(s) == 0 || len(s) > 9 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// cellColumn reads the column of a cell reference such as AB12, 1-based.
// A reference excelize would not take, or might read otherwise (lower
// case, a row with leading zeros), gives up.
func cellColumn(ref []byte) int {
	col, i := 0, 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	row := digits(ref[i:])
	if i == 0 || col > maxColumns || row < 1 || row > maxRows || ref[i] == '0' {
		panic(slowPath{})
	}
	return col
}
