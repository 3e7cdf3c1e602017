package sitetest

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

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
// line that is not blank is the next row, its cells split at "|" (not at
// a "|" inside a quoted cell) and trimmed; a line that is only "|" is an
// empty row. A cell that reads as a number is stored as a number, as Excel
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
		for col, cell := range splitCells(line) {
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

// splitCells splits a row at "|", keeping a "quoted" cell whole whatever
// it holds; the cells are trimmed, quoted ones still quoted.
func splitCells(line string) []string {
	var cells []string
	for {
		rest := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(rest, `"`) {
			if q, err := strconv.QuotedPrefix(rest); err == nil {
				after := strings.TrimLeft(rest[len(q):], " \t")
				if after == "" || after[0] == '|' {
					cells = append(cells, q)
					if after == "" {
						return cells
					}
					line = after[1:]
					continue
				}
			}
		}
		cell, next, more := strings.Cut(line, "|")
		cells = append(cells, strings.TrimSpace(cell))
		if !more {
			return cells
		}
		line = next
	}
}

// Sheet writes rows in the text form Workbook reads, under "[name]": for
// tests that make their rows in Go. A cell is nil (empty), a string (stored
// as text: quoted when it would otherwise read as a number, an empty cell
// or the markup), an integer or a float (stored as a number).
func Sheet(t testing.TB, name string, rows [][]any) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("[" + name + "]\n")
	for r, row := range rows {
		if len(row) == 0 {
			b.WriteString("|\n")
			continue
		}
		empty := true
		for c, cell := range row {
			if c > 0 {
				b.WriteString(" | ")
			}
			var text string
			switch v := cell.(type) {
			case nil:
			case string:
				text = v
				_, err := strconv.ParseFloat(v, 64)
				if err == nil || v == "" || v != strings.TrimSpace(v) || strings.ContainsAny(v, "|\"\n\r") ||
					(c == 0 && strings.HasPrefix(v, "[")) || !strconv.CanBackquote(v) {
					text = strconv.Quote(v)
				}
			case int:
				text = strconv.Itoa(v)
			case int64:
				text = strconv.FormatInt(v, 10)
			case float64:
				if math.IsInf(v, 0) || math.IsNaN(v) {
					t.Fatalf("sitetest.Sheet %s: row %d, cell %d: %v is no number a workbook holds", name, r+1, c+1, v)
				}
				text = strconv.FormatFloat(v, 'f', -1, 64)
			default:
				t.Fatalf("sitetest.Sheet %s: row %d, cell %d: a %T, want nil, a string, an int or a float64", name, r+1, c+1, cell)
			}
			b.WriteString(text)
			empty = empty && text == ""
		}
		if empty {
			// Every cell empty: "|" keeps the row.
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// EditWorkbook opens the workbook file, changes it with edit and saves it,
// as an official saving in Excel would.
func EditWorkbook(t testing.TB, file string, edit func(f *excelize.File) error) {
	t.Helper()
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := edit(f); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// SetCell sets one cell of the workbook file.
func SetCell(t testing.TB, file, sheet, cell string, v any) {
	t.Helper()
	EditWorkbook(t, file, func(f *excelize.File) error { return f.SetCellValue(sheet, cell, v) })
}

// Cell is one cell of the workbook file, as excelize reads it.
func Cell(t testing.TB, file, sheet, cell string) string {
	t.Helper()
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return v
}
