// Package source reads officials' spreadsheets into located records: every
// value keeps the file, sheet and cell it came from, so that later stages can
// report problems where the user can find them.
//
// # Workbooks
//
// Read reads every .xlsx in the site's data folder (site.data_dir), in name
// order. Lock and temporary files of Excel, WPS and LibreOffice (~$x.xlsx,
// .~lock.x.xlsx#) and hidden files are skipped; .xls, .et, .ods, .numbers
// and .csv files, and workbooks in sub-folders, get a warning that they are
// not read (with the soffice command that converts the former).
//
// # Sheets
//
// Sheets are found by name (trimmed, case and width ignored); other sheets
// are ignored, but a workbook must have at least one of these:
//
//   - towns: 专业镇名录, 名录, 专业镇, 专业镇名单, towns, and [sheets] towns
//   - values: 指标数据, 数据, 统计数据, values, data, and [sheets] values
//   - values of one year: 2023, 2023年, 2023年度
//   - values of one indicator, named as yearbooks number their tables:
//     表3-1 规上工业增加值, 3-2 工业产值（亿元）
//
// # Sheet XML
//
// excelize opens the package and reads the styles; the rows themselves are
// streamed from the sheet's XML by the reader (sheetxml.go, parts.go) in
// strict mode, so a sheet is read whole or is an error at the place of its
// fault (an undefined entity, a tag that does not close, cells or rows
// out of order or written twice), never a sheet silently cut short. Each
// cell comes with its style, which tells a date from a number. Until the
// header is settled every row is laid out whole, rows the XML leaves out
// as empty ones; below it, a row is laid out as wide as the header, and
// its cells with text further right cost what they are, not their column:
// numbers there are still reported, a note there still read.
//
// # Headers
//
// Columns are found by header text, not position (header.go, layout.go,
// meaning.go). The header is found in the first 20 rows by the column of
// the towns' names (the stub: 专业镇, 名称, 地区, 镇（街道）, 镇街, 乡镇,
// 单位名称 … or an id column), with up to two rows of indicator groups
// above it and rows of years, growth and units under it: up to three
// header rows and a unit row. Merged cells are filled across and down (read
// from the sheet's XML, merge.go); a group header followed by blank cells
// over years heads them too. Each column's meaning is what its header cells
// say together: an indicator (its name, English name, id or alias, a unit
// in parentheses that must be the indicator's), a year (2023年, 上年), a
// growth (增长%, 比上年±%, 工业产值增速（%）), a change in points
// (增减（百分点）), a unit. A column without an indicator of its own takes the
// one the sheet's name or title names, or, for a bare growth, the column on
// its left; a growth takes the latest year of its group. The year of a
// figure is its header's, else the 年份 column's, else the sheet's (its
// name, or a title naming one year). A 单位：亿元 line is the unit of the
// figures with none of their own. [columns] in config adds headers for
// every kind of column.
//
// Nothing is read silently wrong: a header merged across columns that
// nothing under it tells apart, two columns of the same figure, a header
// naming two indicators or years, and numbers under no header are errors;
// numbers under a header that names nothing known are a warning naming
// their cells. SheetInfo records what each sheet was read as, for check
// -explain.
//
// # Rows
//
// Empty rows are skipped. A row that starts with 注, 说明, 备注, 数据来源,
// 资料来源 or Note ends the table: it and the rows below are notes. A row
// whose label is 合计, 总计, 小计, 全市, 全区, 全县 …, site.region or one
// of [rows] totals is a total row, and 其中：街道 or #街道 a subtotal: kept
// as a TotalRecord, never as a town. Town names are read as printed:
// padding spaces between Chinese characters and footnote marks (①, *, #)
// are set aside. A wide row gives one record per year.
//
// # Cells
//
// Numbers are read as ParseNumber describes; a formula's cached value is
// read, and a formula error (#DIV/0!) is an error at its cell. Missing is
// not zero: —, -, /, … and an empty cell are "no data". A unit typed after a
// number must be the indicator's unit. A number in a cell formatted as a
// date (Excel turns "3-5" into 5 March) is an error, and so is a figure
// merged over several towns or years.
//
// # Marks
//
// A figure carries what the office marked on it (see package status and
// ParseMarked): a symbol after the number (12.5p, 12.5（初步）, 12.5 r),
// a mark instead of a figure (*, 保密, 不适用), a bound (<0.1), a footnote
// mark (12.5①) resolved against the notes under the table (注：①…), or a
// status column beside the figures (ParseStatus): an indicator's own
// (工业产值状态, or 状态 under 工业产值's merged header) or the row's
// (数据状态). A note such as 2024年为初步数 makes a year provisional; a
// comment on a cell is that cell's note.
package source

import (
	"strconv"
	"sync"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	decimal "github.com/townpress/townpress/internal/num" // "num" names a test helper
	"github.com/townpress/townpress/internal/status"
)

// Data is everything read from a site's data folder.
type Data struct {
	Towns  []TownRecord  // in file, sheet and row order
	Values []ValueRecord // in file, sheet and row order
	Totals []TotalRecord // official total and subtotal rows, in file, sheet and row order
	// Notes are the footnotes of figure cells: a mark after the number
	// (12.5①) resolved against the notes under the table (注：①…), or a
	// comment on the cell.
	Notes []CellNote
	// Provisional are the years a table's notes call provisional
	// (2024年为初步数): every figure of those years is.
	Provisional []YearNote
	Files       []string    // workbooks read, relative to the site folder, sorted
	Sheets      []SheetInfo // what was read from each sheet, in file and sheet order
	// SheetsTaken is how many of the Sheets were taken from the read
	// cache (ReadWith), not parsed.
	SheetsTaken int
}

// CellNote is a footnote of one cell.
type CellNote struct {
	At   Loc    // the figure's cell
	Mark string // ①, *, #; "" for a comment on the cell
	Text string // the note, as written under the table or in the comment
	// TextEn is the note in English where the workbook gives it: a note
	// row 注（英文）：①… under the table, or a comment's line that starts
	// （英文）; "" where it does not.
	TextEn string
}

// YearNote is a table's note that a year's figures are provisional.
type YearNote struct {
	Year int
	At   Loc // the note's cell
}

// TownRecord is one row of a towns sheet (专业镇名录), as typed. Name and
// Tier are never empty: a row without them is reported by Read and left
// out. ID, Name and Tier are normalised as Key's text is (full-width
// characters made half-width, spaces collapsed) but keep their case; the
// other texts are only trimmed. A column the sheet lacks gives an empty
// Text located at Row.
type TownRecord struct {
	Row           Loc    // the row's first cell (column A)
	ID            Text   // may be empty: the model then derives one from the name
	Name          Text   // as printed, without padding spaces and footnote marks (大　良① is 大良)
	NameMark      string // the footnote mark after the name (①, *), "" when none
	NameEn        Text
	Aliases       Text // other names of the town, from a 别名 column: 大良、大良镇; not split
	Tier          Text // a tier id, name or alias, not yet resolved
	County        Text
	CountyEn      Text
	Industry      Text
	IndustryEn    Text
	Recognised    Number // year recognised (认定年份); Valid false when empty
	Enterprises   Text   // leading enterprises, as one text
	EnterprisesEn Text
	Description   Text
	DescriptionEn Text
	// Longitude and Latitude are where the town is, in decimal degrees
	// (经度, 纬度), for a map: both Valid or neither (Read reports a town
	// with one).
	Longitude, Latitude Number
}

// ValueRecord is one town-year of indicator values, from a long sheet row or
// a per-year sheet row. Town is never empty and Year is Valid: a row without
// them is reported by Read and left out.
//
// Values and Growth are indexed like the config's indicators, not keyed by
// id: a national site has 400,000 town-years, and a map per record cost
// more than the numbers in it.
type ValueRecord struct {
	Town Text   // id or Chinese name as typed, cleaned like TownRecord.Name; match with Key
	Year Number // from the year column, a header's year (2023年), or the sheet's name or title (Loc then has no Cell)

	// Values[i] is the value of cfg.Indicators[i]; !Valid for "no data".
	// It is absent, the zero Number, when the sheet has no such column or
	// the cell was an error; Value tells.
	Values []Number

	// Growth holds growth rates typed beside the levels, in percent,
	// indexed like Values, from a column such as 工业产值增速（%） or 增长%
	// under an indicator; nil when the sheet has none. They are the
	// office's own figures, published as typed.
	Growth []Number

	// Extra holds what few rows have; nil for most. A pointer, not its
	// fields: a national site has 400,000 records.
	Extra *RecordExtra
}

// RecordExtra is what few value rows have.
type RecordExtra struct {
	TownMark string // a footnote mark after the town's name (容桂街道①), "" when none

	// Points holds changes in percentage points typed beside a rate
	// (增减（百分点）), indexed like Values; nil when the sheet has none.
	Points []Number
}

// TownMark is the footnote mark after the town's name, "" when none.
func (r *ValueRecord) TownMark() string {
	if r.Extra == nil {
		return ""
	}
	return r.Extra.TownMark
}

// Points are the typed changes in percentage points, nil when none.
func (r *ValueRecord) Points() []Number {
	if r.Extra == nil {
		return nil
	}
	return r.Extra.Points
}

// TotalRecord is a total or subtotal row of a values sheet, one year of
// it: 合计, 总计, 全区, the region's name (site.region), [rows] totals, or
// a part of the whole (其中：街道, #工业). Its figures are the office's
// own; they are kept, not added to any town.
type TotalRecord struct {
	Label    Text   // the row's label as printed: 合计, 全区, 其中：街道
	Scope    string // the part a subtotal totals (街道); "" for the whole table
	Subtotal bool   // a 其中 or # row: a part of the whole
	Year     Number
	Values   []Number // indexed like ValueRecord.Values
	Growth   []Number // nil when the sheet has no growth columns
	Points   []Number
}

// GrowthOf returns indicator i's typed growth rate and whether the record has it.
func (r *TotalRecord) GrowthOf(i int) (Number, bool) { return at(r.Growth, i) }

// Value returns indicator i's value and whether the record has it.
func (r *TotalRecord) Value(i int) (Number, bool) { return at(r.Values, i) }

// Value returns indicator i's value and whether the record has it.
func (r *ValueRecord) Value(i int) (Number, bool) { return at(r.Values, i) }

// GrowthOf returns indicator i's typed growth rate and whether the record has it.
func (r *ValueRecord) GrowthOf(i int) (Number, bool) { return at(r.Growth, i) }

// PointsOf returns indicator i's typed change in percentage points and
// whether the record has it.
func (r *ValueRecord) PointsOf(i int) (Number, bool) { return at(r.Points(), i) }

func at(ns []Number, i int) (Number, bool) {
	if i < 0 || i >= len(ns) || ns[i] == (Number{}) {
		return Number{}, false
	}
	return ns[i], true
}

// ValuesOf lays out numbers keyed by indicator id as ValueRecord.Values
// holds them, for records made by hand; ids not configured are dropped.
func ValuesOf(cfg *config.Config, byID map[string]Number) []Number {
	out := make([]Number, len(cfg.Indicators))
	for i, ind := range cfg.Indicators {
		out[i] = byID[ind.ID]
	}
	return out
}

// Text is a trimmed cell text and where it was.
type Text struct {
	S   string
	Loc Loc
}

// Number is a cell read as a number. Valid is false for "no data" (an
// empty cell, —, -, /, …); it is never a silent zero. D is the number as
// the exact decimal typed (see decimal.Dec), what the model publishes; V is
// its nearest float64, for years and counts.
type Number struct {
	V     float64
	D     decimal.Dec
	Valid bool
	// Flag is what the office marked on the figure (see package status):
	// provisional, revised …, or why the cell holds none (confidential,
	// not applicable; for Below, D holds the bound of "<0.1" and Valid is
	// false).
	Flag status.Flag
	Loc  Loc
}

// NumberOf is a valid Number holding d, for records made by hand.
func NumberOf(d decimal.Dec, at Loc) Number {
	return Number{V: d.Float(), D: d, Valid: d.OK(), Loc: at}
}

// Loc is where a record's cell is, in 16 bytes: its sheet and the cell's
// column and row. A national site reads five million cells; a diag.Loc with
// its cell name made as a string for each cost more than the values. Diag
// makes the diag.Loc that messages take, only when one is needed.
type Loc struct {
	sheet *sheetRef // nil for the zero Loc
	col   int32     // 0-based column
	row   int32     // 1-based row; 0 when the whole sheet is meant
}

// sheetRef is a sheet of a workbook, shared by the locations of its cells.
type sheetRef struct{ file, sheet string }

// LocOf turns a diag.Loc with a file, a sheet and an A1-style cell (or no
// cell) into a Loc, for records made by hand.
//
// Locations of one sheet share its sheetRef, as the reader's do, so that
// Locs of the same cell are equal and can key a map.
func LocOf(d diag.Loc) Loc {
	key := sheetRef{file: d.File, sheet: d.Sheet}
	ref, _ := handMade.LoadOrStore(key, &key)
	l := Loc{sheet: ref.(*sheetRef)}
	if col, row, ok := parseCell(d.Cell); ok {
		l.col, l.row = int32(col), int32(row)
	}
	return l
}

// handMade interns the sheets of LocOf: sheetRef -> *sheetRef.
var handMade sync.Map

// parseCell reads "AB12" as column 27 (0-based) and row 12.
func parseCell(cell string) (col, row int, ok bool) {
	i := 0
	for i < len(cell) && cell[i] >= 'A' && cell[i] <= 'Z' && i < 3 {
		col = col*26 + int(cell[i]-'A'+1)
		i++
	}
	if i == 0 || col > maxColumns {
		return 0, 0, false
	}
	row, err := strconv.Atoi(cell[i:])
	if err != nil || row < 1 || row > maxRows {
		return 0, 0, false
	}
	return col - 1, row, true
}

// IsZero reports whether l is the zero Loc, which names no place.
func (l Loc) IsZero() bool { return l.sheet == nil }

// File is the workbook's path relative to the site folder.
func (l Loc) File() string {
	if l.sheet == nil {
		return ""
	}
	return l.sheet.file
}

// Cell is the A1-style name of the cell, "" when the whole sheet is meant.
func (l Loc) Cell() string {
	if l.sheet == nil || l.row == 0 {
		return ""
	}
	return cellName(int(l.col), int(l.row))
}

// Diag is the location as messages take it.
func (l Loc) Diag() diag.Loc {
	if l.sheet == nil {
		return diag.Loc{}
	}
	return diag.Loc{File: l.sheet.file, Sheet: l.sheet.sheet, Cell: l.Cell()}
}

func (l Loc) String() string { return l.Diag().String() }
