package sitetest

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// WorkbookSuffix ends the name of an archive file that is the text form of a
// workbook: data/towns.xlsx.txt is written to the site as data/towns.xlsx.
const WorkbookSuffix = ".xlsx.txt"

// Workbook makes a real .xlsx with excelize from its text form, so that a
// test's workbook can be read, diffed and reviewed like the rest of the
// archive:
//
//	[专业镇名录]
//	编号 | 名称 | 级别
//	jia  | 甲镇 | 省级
//	[指标数据]
//	专业镇 | 年份 | 工业产值（亿元）
//	jia    | 2024 | "24.1"
//
// "[name]" starts a sheet (the first one renames Sheet1), and every other
// line that is not blank is the next row, its cells split at "|" and
// trimmed. A cell that reads as a number is stored as a number, as Excel
// does when one is typed; a "quoted" cell (Go syntax) is stored as the text
// inside the quotes (NaN and Inf stay text too), so "24.1" is a number typed as text and "" an empty
// text; an empty cell is left empty. Rows before the first sheet line are
// an error, as is a sheet named twice.
func Workbook(text string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet, row := "", 0
	seen := map[string]bool{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			name := t[1 : len(t)-1]
			if seen[name] {
				return nil, fmt.Errorf("line %d: sheet %q named twice", n+1, name)
			}
			if len(seen) == 0 {
				if err := f.SetSheetName("Sheet1", name); err != nil {
					return nil, fmt.Errorf("line %d: %w", n+1, err)
				}
			} else if _, err := f.NewSheet(name); err != nil {
				return nil, fmt.Errorf("line %d: %w", n+1, err)
			}
			seen[name] = true
			sheet, row = name, 0
			continue
		}
		if sheet == "" {
			return nil, fmt.Errorf("line %d: a row before the first [sheet] line", n+1)
		}
		row++
		for col, cell := range strings.Split(line, "|") {
			cell = strings.TrimSpace(cell)
			if cell == "" {
				continue
			}
			ref, err := excelize.CoordinatesToCellName(col+1, row)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n+1, err)
			}
			var v any = cell
			if x, err := strconv.ParseFloat(cell, 64); err == nil && !math.IsInf(x, 0) && !math.IsNaN(x) {
				v = x
			} else if uq, err := strconv.Unquote(cell); err == nil {
				v = uq
			}
			if err := f.SetCellValue(sheet, ref, v); err != nil {
				return nil, fmt.Errorf("line %d: %s: %w", n+1, ref, err)
			}
		}
	}
	if len(seen) == 0 {
		return nil, fmt.Errorf("no [sheet] line")
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
