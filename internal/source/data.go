// Package source reads officials' spreadsheets into located records: every
// value keeps the file, sheet and cell it came from, so that later stages can
// report problems where the user can find them.
//
// # Workbooks
//
// Read reads every .xlsx in the site's data folder (site.data_dir), in name
// order. Lock and temporary files of Excel, WPS and LibreOffice (~$x.xlsx,
// .~lock.x.xlsx#) and hidden files are skipped; .xls, .et, .ods and .csv
// files get a warning that they are not read.
//
// # Sheets
//
// Sheets are found by name (trimmed, case and width ignored); other sheets
// are ignored, but a workbook must have at least one of these:
//
//   - towns: 专业镇名录, 名录, 专业镇, 专业镇名单, towns, and [sheets] towns
//   - values, one row per town and year: 指标数据, 数据, 统计数据, values,
//     data, and [sheets] values
//   - values of one year: 2023, 2023年, 2023年度
//
// # Columns
//
// Columns are found by header text, not position. The header row is the
// first of the first 20 rows that has the required columns, so merged title
// rows and 单位：亿元 lines above it are passed over. Headers are compared
// trimmed, with full-width characters made half-width, spaces and line
// breaks removed and case ignored; a unit in parentheses at the end
// (工业产值（亿元）) is set aside, and must be the indicator's unit.
//
// Towns sheet (name and tier required): 编号/ID, 名称/专业镇名称, 英文名称,
// 级别/层级/梯队, 县市区/县（市、区）, 县市区（英文）, 主导产业,
// 主导产业（英文）, 认定年份/认定时间, 龙头企业/重点企业, 简介/说明, and
// the English headers id, name, name_en, tier, county, county_en, industry,
// industry_en, recognised, leading enterprises, enterprises_en,
// description, description_en.
//
// Values sheets: a town column (专业镇, 名称, 镇, town, or an id column 编号,
// id), a year column (年份, 年度, year) unless the sheet is a year's, and a
// column per indicator, matched by the indicator's name, English name, id or
// aliases. A column named for an indicator followed by 增速, 增长率, 增幅,
// 同比增长 or growth, with no unit or (%), holds a growth rate typed by hand;
// it is read so that the model can check it against the levels. 序号 and 备注 columns, and towns-sheet columns repeated beside the
// numbers, are passed over; any other header gets a warning.
//
// # Rows
//
// Empty rows are skipped. A row that starts with 注, 说明, 备注, 数据来源,
// 资料来源 or Note ends the table: it and the rows below are notes. A row whose
// town is 合计, 总计, 小计, 全市 or total is a total row and skipped.
//
// # Cells
//
// Numbers are read as ParseNumber describes; a formula's cached value is
// read, and a formula error (#DIV/0!) is an error at its cell. Missing is
// not zero: —, -, /, … and an empty cell are "no data". A unit typed after a
// number must be the indicator's unit. A number in a cell formatted as a
// date (Excel turns "3-5" into 5 March) is an error.
package source

import "github.com/townpress/townpress/internal/diag"

// Data is everything read from a site's data folder.
type Data struct {
	Towns  []TownRecord  // in file, sheet and row order
	Values []ValueRecord // in file, sheet and row order
	Files  []string      // workbooks read, relative to the site folder, sorted
}

// TownRecord is one row of a towns sheet (专业镇名录), as typed. Name and
// Tier are never empty: a row without them is reported by Read and left
// out. ID, Name and Tier are normalised as Key's text is (full-width
// characters made half-width, spaces collapsed) but keep their case; the
// other texts are only trimmed. A column the sheet lacks gives an empty
// Text located at Row.
type TownRecord struct {
	Row           diag.Loc // the row's first cell (column A)
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
// a per-year sheet row. Town is never empty and Year is Valid: a row without
// them is reported by Read and left out.
type ValueRecord struct {
	Town   Text              // id or Chinese name as typed, normalised like TownRecord.Name; match with Key
	Year   Number            // from the year column, or from the sheet name (Loc then has no Cell)
	Values map[string]Number // indicator id -> value; !Valid for "no data"; absent when the sheet has no such column or the cell was an error

	// Growth holds growth rates typed beside the levels, in percent:
	// indicator id -> value, from a column such as 工业产值增速（%）. They
	// are not published; the model checks them against the levels.
	Growth map[string]Number
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
