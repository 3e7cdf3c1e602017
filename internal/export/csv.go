package export

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// BOM starts every CSV file: without it Excel and WPS read UTF-8 as the
// system's legacy code page and Chinese turns to mojibake.
const BOM = "\ufeff"

// CSV writes a table with its field names as the header row.
func CSV(t *Table) []byte {
	var buf bytes.Buffer
	WriteCSV(&buf, t) // writes to a bytes.Buffer cannot fail
	return buf.Bytes()
}

// WriteCSV writes CSV(t) to w. Rows are written as they are made, numbers
// straight into the output: the values table of a national site is 4.8
// million rows.
func WriteCSV(w io.Writer, t *Table) error {
	n := t.Len()
	written := 0
	bp := csvChunks.Get().(*[]byte)
	b := append((*bp)[:0], BOM...) // filled, then written
	defer func() {
		*bp = b[:0]
		csvChunks.Put(bp)
	}()
	for j, c := range t.Columns {
		if j > 0 {
			b = append(b, ',')
		}
		b = appendField(b, Neutralise(c.Name))
	}
	var note []byte // the note column's field, with its comma
	if t.Note != "" {
		b = append(b, ","+NoteColumn...)
		note = appendField([]byte{','}, Neutralise(t.Note))
	}
	b = append(b, '\r', '\n')
	row := make([]Cell, 0, len(t.Columns))
	for i := range n {
		if g, ok := w.(interface{ Grow(int) }); ok && i == 256 && n > 512 {
			// Sized from the first rows, so a long table's file in memory
			// is not copied over and over as it grows.
			g.Grow((written + len(b)) / 256 * n * 21 / 20)
		}
		row = t.Row(i, row)
		for j, c := range row {
			if j > 0 {
				b = append(b, ',')
			}
			if c.IsNum {
				// A number never needs quoting or neutralising: -3.5 stays a number.
				b = append(b, t.plain(c, t.Columns[j])...)
				continue
			}
			b = appendField(b, Neutralise(c.Text))
		}
		b = append(b, note...)
		b = append(b, '\r', '\n')
		if len(b) > 1<<16 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			written += len(b)
			b = b[:0]
		}
	}
	_, err := w.Write(b)
	return err
}

// csvChunks are WriteCSV's buffers, reused: a build writes a CSV file
// per town, most of a kilobyte, and a new 65 KB buffer for each was
// 2.6 GB of garbage at 40,000 towns.
var csvChunks = sync.Pool{New: func() any {
	b := make([]byte, 0, 1<<16+1024)
	return &b
}}

// NoteColumn names the column of a table's Note in its CSV.
const NoteColumn = "note"

// Records writes a header and rows as CSV with the BOM and CRLF line ends,
// which every spreadsheet reads. Text that a spreadsheet would run as a
// formula is neutralised; numbers, negative ones included, stay numbers.
func Records(header []string, rows [][]string) []byte {
	b := []byte(BOM)
	for _, rec := range append([][]string{header}, rows...) {
		for j, s := range rec {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendField(b, Neutralise(s))
		}
		b = append(b, '\r', '\n')
	}
	return b
}

// appendField writes a field as encoding/csv's Writer does with UseCRLF:
// quoted when it holds a comma, quote or line break, starts with a space,
// or is `\.`; quotes doubled and line breaks written as CRLF.
func appendField(b []byte, field string) []byte {
	if !fieldNeedsQuotes(field) {
		return append(b, field...)
	}
	b = append(b, '"')
	for len(field) > 0 {
		i := strings.IndexAny(field, "\"\r\n")
		if i < 0 {
			i = len(field)
		}
		b = append(b, field[:i]...)
		field = field[i:]
		if len(field) > 0 {
			switch field[0] {
			case '"':
				b = append(b, '"', '"')
			case '\n':
				b = append(b, '\r', '\n')
			} // a lone \r is dropped, as encoding/csv does with UseCRLF
			field = field[1:]
		}
	}
	return append(b, '"')
}

func fieldNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` || strings.ContainsAny(field, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

// Neutralise prefixes a ' to text that starts like a formula (= + - @, tab
// or carriage return), so a town name such as "=HYPERLINK(…)" opens as
// text (OWASP "CSV injection"). A plain number such as -3.5 is left alone.
func Neutralise(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil && s[0] != '=' && s[0] != '@' {
		return s
	}
	return "'" + s
}
