package source

import (
	"strings"

	"github.com/townpress/townpress/internal/diag"
)

// warnUnreadTable warns about a sheet that is not read, by its name, but
// whose first rows hold a header of a table of figures: a town column and
// an indicator's. Excel names a copied sheet "2024年 (2)", and an office
// renames a year's table (2024年数据) or leaves it in Sheet1; without a
// word the site lacked the whole year. Other sheets (说明, 图表数据, a
// cover) are passed over, as before.
func (b *workbook) warnUnreadTable(sheet sheetRef, part string, problems *diag.List) {
	town, indicators := b.tableHeader(part)
	if town == "" || len(indicators) == 0 {
		return
	}
	// Three headers tell which table it is; a yearbook's dozen would
	// only make the line long.
	more := len(indicators) > 3
	if more {
		indicators = indicators[:3]
	}
	var zh strings.Builder
	for _, h := range indicators {
		zh.WriteString("“" + h + "”")
	}
	en := strings.Join(indicators, ", ")
	if more {
		en += " …"
		zh.WriteString("等")
	}
	problems.Warn(diag.Loc{File: sheet.file, Sheet: sheet.sheet}, diag.M(
		"the sheet looks like a table of figures (a town column %q and indicator columns %s), but its name is not one that is read, so it is not read (name a year's table for its year, such as 2024年, or add the sheet's name to [sheets] values in %s; delete a copy, or move it to a workbook outside the data folder)",
		"这张工作表看起来是数据表（有专业镇列“%s”和指标列%s），但表名不是会读取的名称，所以没有读取（某年的数据表请以年份为表名，如 2024年，或把表名加到 %s 的 [sheets] values；表格的副本请删除，或移到数据文件夹以外的工作簿）"),
		diag.T(town, town), diag.T(en, zh.String()), cfgName(b.names.cfg))
}

// tableHeader looks in the first rows of a sheet for a row with a town
// column and indicator columns, and returns their headers.
func (b *workbook) tableHeader(part string) (town string, indicators []string) {
	if part == "" {
		return "", nil
	}
	r, err := b.openPart(part)
	if err != nil {
		return "", nil
	}
	defer r.Close()
	rows := newSheetRows(r, b.sst, b.wb.CharsetReader)
	for rows.next() && rows.row <= headerSearchRows {
		town, indicators = "", indicators[:0]
		for _, c := range rows.cells {
			text := strings.TrimSpace(c.text)
			switch b.names.header(yearSheet, text).col {
			case colTownName, colTownID:
				if town == "" {
					town = text
				}
			case colIndicator:
				indicators = append(indicators, text)
			}
		}
		if town != "" && len(indicators) > 0 {
			return town, indicators
		}
	}
	return "", nil
}
