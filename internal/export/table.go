// Package export writes the files officials download: workbooks made with
// excelize (a report per year with native Excel charts, the whole dataset, a
// workbook per town), CSV with a UTF-8 byte-order mark so Excel and WPS read
// Chinese correctly, data.json, a Frictionless datapackage.json describing the
// CSV files, and SHA256SUMS.
//
// Every file is built from Tables: named columns with types and units and
// rows of cells that keep numbers as numbers and missing values missing. The
// same table becomes a CSV, a sheet and a datapackage resource, so the three
// cannot disagree.
//
// Output is deterministic: workbooks carry fixed document times, and nothing
// depends on map order or the clock.
package export

import (
	"unicode"
	"unicode/utf8"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// Table is one table of a download.
type Table struct {
	Name        string // file stem and datapackage resource name: lowercase ASCII
	Sheet       string // sheet name in a workbook (at most 31 characters)
	Title       string // shown above the table in a workbook
	Description string
	Columns     []Column
	// Rows are the rows of a short table. A long one (a row per town, or
	// per town, year and indicator) leaves them nil and says how many it
	// has (N) and how to make row i (Make), so CSV and workbook writers
	// stream it a row at a time instead of holding millions of cells: use
	// Len and Row, which serve both.
	Rows      [][]Cell
	N         int
	Make      func(i int, row []Cell) []Cell // appends row i's cells to row[:0]
	Notes     []string                       // shown as visible rows under the table: sources, units, sample data
	Charts    []ChartSpec                    // native charts drawn from the table in a workbook
	Missing   string                         // what a workbook shows for a missing number: "" (empty) or "—"
	TotalRows map[int]bool                   // rows (0-based) styled as totals
	// CoverageRows (0-based) say how many towns the row above rests on:
	// small type, under the figures they qualify.
	CoverageRows map[int]bool
	// Rule rounds the numbers a report table shows, and derived figures
	// (growth, ratios) of a data table; the site's.
	Rule num.Rule
	// Note, when set, is a last column "note" of the table's CSV, the
	// same on every row: the sample-data mark, which a CSV forwarded on
	// its own would otherwise lose (workbooks carry it in their notes
	// rows, data.json in sample_data). A column rather than a comment
	// line keeps the file a plain table for every CSV reader.
	Note string
	// Report marks a report's table, whose numbers are shown rounded to
	// the column's places, as the report page shows them, with their
	// marks and footnotes' marks after them (19.9 p①). A data table's
	// numbers keep every digit they were typed with, and its marks have
	// columns of their own.
	Report bool
	// Legend, when set, words what the table's cells show (Shown: their
	// marks and footnotes) as lines under its Notes in a workbook: a
	// report's 符号说明 and numbered notes.
	Legend func(Shown) []string
	// Fill, when set, makes the table's rows in a workbook from what the
	// sheets before it show: a report's notes sheet lists the marks and
	// footnotes of all the others.
	Fill func(Shown) [][]Cell
}

// Len is the number of rows.
func (t *Table) Len() int {
	if t.Make != nil {
		return t.N
	}
	return len(t.Rows)
}

// Row is row i. A made row is written into buf (grown when too short) and
// is valid until buf is used again; a stored row is returned as it is.
func (t *Table) Row(i int, buf []Cell) []Cell {
	if t.Make != nil {
		return t.Make(i, buf[:0])
	}
	return t.Rows[i]
}

// Materialise returns the table with every row stored: what Rows would
// hold had the table been built whole. For tests and small tables.
func (t *Table) Materialise() *Table {
	if t.Make == nil {
		return t
	}
	cp := *t
	cp.Rows = make([][]Cell, t.N)
	for i := range t.N {
		cp.Rows[i] = t.Make(i, make([]Cell, 0, len(t.Columns)))
	}
	cp.N, cp.Make = 0, nil
	return &cp
}

// Column is one column of a table.
type Column struct {
	Name     string // field name in CSV headers and datapackage: lowercase ASCII
	Title    string // header in workbooks, with the unit
	Type     string // "string", "integer", "number" or "year"
	Unit     string // unit of a number column, "" for none
	Decimals int    // decimals shown for numbers (a cell may override)
	Right    bool   // text aligned right, as numbers are: a coverage such as 12/13
}

// Cell is a value: a text, a number, or a missing number; a figure's
// cell carries the figure's marks and footnote too, which a report's
// sheet shows beside the number (a data table gives them columns of
// their own).
type Cell struct {
	Text     string
	Num      num.Dec // a number; for a missing number marked status.Below, the bound
	Decimals int     // decimals of a number; -1 uses the column's
	IsNum    bool
	blank    bool        // nothing applies here, which is not "no data"
	Flag     status.Flag // the figure's marks, or why there is none (confidential …)
	Note     uint16      // the figure's footnote in model.Site.Notes, from 1; 0 for none
}

// Text makes a text cell.
func Text(s string) Cell { return Cell{Text: s, Decimals: -1} }

// Int makes a whole-number cell.
func Int(n int) Cell { return Cell{Num: num.Int(int64(n)), IsNum: true} }

// Num makes a number cell shown with decimals.
func Num(d num.Dec, decimals int) Cell {
	if !d.OK() {
		return NoNum()
	}
	return Cell{Num: d, IsNum: true, Decimals: decimals}
}

// NoNum is a missing number: empty in CSV, never zero.
func NoNum() Cell { return Cell{Decimals: -1} }

// value is a figure's cell: its number shown with decimals, with its
// marks and footnote; a figure withheld, not applicable or only a bound
// (<0.1) is a missing number that says why, holding the bound.
func value(v model.Value, decimals int) Cell {
	if v.Valid() {
		return Cell{Num: v.Dec, IsNum: true, Decimals: decimals, Flag: v.Flag, Note: v.Note}
	}
	if !v.Flag.Blank() {
		// No data: the marks a missing total or growth carries over from
		// the figures it would be made of describe nothing shown.
		return NoNum()
	}
	c := Cell{Decimals: -1, Flag: v.Flag, Note: v.Note}
	if v.Flag.Has(status.Below) {
		c.Num = v.Dec
	}
	return c
}

// Blank is an empty cell where no figure applies (a rate's growth, the
// total of an indicator without totals): empty everywhere, where a
// missing number would show "—", no data.
func Blank() Cell { return Cell{Decimals: -1, blank: true} }

// Missing reports whether the cell is a missing number.
func (c Cell) Missing() bool { return !c.IsNum && c.Text == "" && !c.blank }

// plain writes a number as a CSV or JSON file carries it, without
// thousands separators: in a data table, as typed (or summed) with every
// digit, a derived figure as shown (num.Dec.Data); in a report's table,
// rounded as the report shows it.
func (t *Table) plain(c Cell, col Column) string {
	if !c.IsNum {
		return c.Text
	}
	if t.Report {
		return c.Num.Fixed(c.decimals(col), t.Rule)
	}
	return c.Num.Data(c.decimals(col), t.Rule)
}

func (c Cell) decimals(col Column) int {
	if c.Decimals >= 0 {
		return c.Decimals
	}
	return col.Decimals
}

// displayWidth counts a CJK character as two columns, as spreadsheets draw
// them, so column widths fit Chinese headers.
func displayWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			w++
		case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs, all Han: the common case, without a table search
			w += 2.1
		case unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x3000 && r <= 0x303F):
			w += 2.1
		default:
			w += 1.2
		}
	}
	return w
}
