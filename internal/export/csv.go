package export

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
)

// BOM starts every CSV file: without it Excel and WPS read UTF-8 as the
// system's legacy code page and Chinese turns to mojibake.
const BOM = "\ufeff"

// CSV writes a table with its field names as the header row.
func CSV(t *Table) []byte {
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([]string, len(r))
		for j, cell := range r {
			rows[i][j] = cell.plain(t.Columns[j])
		}
	}
	return Records(header, rows)
}

// Records writes a header and rows as CSV with the BOM and CRLF line ends,
// which every spreadsheet reads. Text that a spreadsheet would run as a
// formula is neutralised; numbers, negative ones included, stay numbers.
func Records(header []string, rows [][]string) []byte {
	var buf bytes.Buffer
	buf.WriteString(BOM)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	write := func(rec []string) {
		safe := make([]string, len(rec))
		for i, s := range rec {
			safe[i] = Neutralise(s)
		}
		w.Write(safe) // writes to a bytes.Buffer cannot fail
	}
	write(header)
	for _, r := range rows {
		write(r)
	}
	w.Flush()
	return buf.Bytes()
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
