// Package source reads officials' spreadsheets into located records: every
// value keeps the file, sheet and cell it came from, so that later stages can
// report problems where the user can find them.
package source

import "github.com/townpress/townpress/internal/diag"

// Data is everything read from a site's data folder.
type Data struct {
	Towns  []TownRecord
	Values []ValueRecord
	// Indicators lists, per workbook sheet, header texts that matched no
	// configured indicator (reported as warnings, kept here for check).
	Files []string // workbooks read, relative to the site folder, sorted
}

// TownRecord is one row of a towns sheet (专业镇名录), as typed.
type TownRecord struct {
	Row           diag.Loc // the row's first cell
	ID            Text     // may be empty: the model then asks for one
	Name          Text
	NameEn        Text
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
}

// ValueRecord is one town-year of indicator values, from a long sheet row or
// a per-year sheet row.
type ValueRecord struct {
	Town   Text              // id or Chinese name, not yet resolved
	Year   Number            // from the year column, or from the sheet name
	Values map[string]Number // indicator id -> value; missing cells are absent or !Valid
}

// Text is a trimmed cell text and where it was.
type Text struct {
	S   string
	Loc diag.Loc
}

// Number is a cell read as a number. Valid is false for "no data" (an
// empty cell, —, -, /, …); it is never a silent zero.
type Number struct {
	V     float64
	Valid bool
	Loc   diag.Loc
}
