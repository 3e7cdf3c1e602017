package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// A table's data rows are most of a workbook: at national scale 40,000
// towns in every report, 4.8 million value rows in the dataset. excelize's
// StreamWriter spends most of a build's workbook time on them (a cell
// reference, an interface and a string per cell), so they are written here
// instead, straight into the compressed part, as the same XML excelize
// would write (TestSheetXMLMatchesExcelize holds the two to the byte).
// excelize still writes everything else: the sheet's title, header, notes,
// panes, widths, charts, styles. Where the rows go, its sheet holds a
// placeholder row; the workbook's parts pass through partsZip, which puts
// the rows in place of the placeholder while compressing.

// rowsMarker is the text of a placeholder row: a private-use character no
// table holds, and the table's number in the workbook.
func rowsMarker(k int) string { return "\ue000townpress-rows-" + strconv.Itoa(k) + "\ue000" }

// sheetRows writes a table's data rows as sheet XML.
type sheetRows struct {
	t        *Table
	s        *styles
	firstRow int      // sheet row of the table's first row
	cols     []string // column letters
}

// fastText reports whether s is written as excelize would write it by
// xmlText: no "_x" (excelize escapes _xHHHH_ sequences), short enough not
// to be cut to Excel's 32,767 characters, and valid UTF-8.
func fastText(s string) bool {
	return len(s) <= excelize.TotalCellChars && !strings.Contains(s, "_x") && utf8.ValidString(s)
}

// write streams the rows to w.
func (sr *sheetRows) write(w io.Writer) error {
	t := sr.t
	buf := make([]byte, 0, 1<<16+4096)
	row := make([]Cell, 0, len(t.Columns))
	for i := range t.Len() {
		row = t.Row(i, row)
		r := strconv.Itoa(sr.firstRow + i)
		total := t.TotalRows[i]
		buf = append(buf, `<row r="`...)
		buf = append(buf, r...)
		buf = append(buf, `">`...)
		for j, c := range row {
			col := t.Columns[j]
			buf = append(buf, `<c r="`...)
			buf = append(buf, sr.cols[j]...)
			buf = append(buf, r...)
			buf = append(buf, '"')
			switch {
			case c.IsNum:
				d := c.decimals(col)
				buf = appendStyle(buf, sr.s.number(d, total))
				buf = appendNumber(buf, roundTo(c.Num, d))
			case c.Missing() && col.Type != "string":
				buf = appendStyle(buf, sr.s.number(0, total))
				if t.Missing != "" {
					buf = appendInlineStr(buf, t.Missing)
				} else {
					buf = append(buf, `></c>`...)
				}
			default:
				st := sr.s.text
				if total {
					st = sr.s.totalText
				}
				buf = appendStyle(buf, st)
				buf = appendInlineStr(buf, c.Text)
			}
		}
		buf = append(buf, `</row>`...)
		if len(buf) >= 1<<16 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

func appendStyle(b []byte, style int) []byte {
	if style == 0 {
		return b
	}
	b = append(b, ` s="`...)
	b = strconv.AppendInt(b, int64(style), 10)
	return append(b, '"')
}

// appendNumber ends a number cell as excelize does (float64, automatic
// precision): the shortest text that reads back as the number, cut to
// Excel's 15 significant digits; NaN and infinities as text.
func appendNumber(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return appendInlineStr(b, fmt.Sprint(v))
	}
	b = append(b, `><v>`...)
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', -1, 64)
	if math.Abs(v) != math.MaxFloat64 {
		b = append(b[:start], cutDigits(b[start:])...)
	}
	return append(b, `</v></c>`...)
}

// cutDigits is excelize's formatCellFloat on an automatic-precision text:
// beyond 15 significant digits, decimals are dropped and whole digits
// become zeros.
func cutDigits(str []byte) []byte {
	const maxPrec = 15
	decimal := bytes.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return bytes.TrimSuffix(str[:idx], []byte("."))
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := slices.Clone(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return truncated
	}
	return str
}

// appendInlineStr ends a text cell as excelize does: an inline string,
// space-preserving when it starts or ends with white space, escaped as
// encoding/xml's EscapeText escapes, except that line feeds stay as they
// are. The caller has checked fastText.
func appendInlineStr(b []byte, s string) []byte {
	b = append(b, ` t="inlineStr"><is><t`...)
	if s != "" {
		first, last := s[0], s[len(s)-1]
		if first == ' ' || first == '\t' || first == '\n' || first == '\r' || last == ' ' || last == '\t' || last == '\n' || last == '\r' {
			b = append(b, ` xml:space="preserve"`...)
		}
	}
	b = append(b, '>')
	b = appendEscaped(b, s)
	return append(b, `</t></is></c>`...)
}

func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\'' && c != '&' && c != '<' && c != '>' {
			i++
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "\n" // excelize turns EscapeText's &#xA; back into a line feed
		case '\r':
			esc = "&#xD;"
		default:
			if xmlChar(r) && (r != utf8.RuneError || width != 1) {
				i += width
				continue
			}
			esc = "\uFFFD"
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}

// xmlChar is encoding/xml's isInCharacterRange.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// partsZip is the zip writer excelize writes a workbook's parts to. It
// keeps them (the large sheets are placeholders, so they are small) and
// writes the package when the workbook is done: parts in a fixed order
// (excelize writes streamed sheets in map order), each deflated once, the
// rows written in place of their placeholders.
type partsZip struct {
	parts map[string]*bytes.Buffer
	rows  map[string]*sheetRows // marker -> rows
}

func (z *partsZip) Create(name string) (io.Writer, error) {
	if _, dup := z.parts[name]; dup {
		return nil, fmt.Errorf("xlsx: part %s written twice", name)
	}
	b := new(bytes.Buffer)
	z.parts[name] = b
	return b, nil
}

func (z *partsZip) AddFS(fs.FS) error { return fmt.Errorf("xlsx: adding files is not supported") }
func (z *partsZip) Close() error      { return nil }

// write writes the package: parts by name descending, the order excelize
// gives the parts it does not stream.
func (z *partsZip) write(out io.Writer) error {
	names := make([]string, 0, len(z.parts))
	for n := range z.parts {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(b, a) })
	zw := newZipWriter(out).(*zip.Writer)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			return fmt.Errorf("xlsx %s: %w", name, err)
		}
		if err := z.writePart(w, z.parts[name].Bytes()); err != nil {
			return fmt.Errorf("xlsx %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// writePart writes a part, replacing each placeholder row with its rows.
func (z *partsZip) writePart(w io.Writer, b []byte) error {
	for len(z.rows) > 0 {
		at := bytes.Index(b, []byte("\ue000townpress-rows-"))
		if at < 0 {
			break
		}
		end := bytes.Index(b[at+3:], []byte("\ue000"))
		start := bytes.LastIndex(b[:at], []byte("<row "))
		close := bytes.Index(b[at:], []byte("</row>"))
		if end < 0 || start < 0 || close < 0 {
			return fmt.Errorf("placeholder row not understood")
		}
		marker := string(b[at : at+3+end+3])
		sr := z.rows[marker]
		if sr == nil {
			return fmt.Errorf("no rows for placeholder %q", marker)
		}
		if _, err := w.Write(b[:start]); err != nil {
			return err
		}
		if err := sr.write(w); err != nil {
			return err
		}
		b = b[at+close+len("</row>"):]
	}
	_, err := w.Write(b)
	return err
}
