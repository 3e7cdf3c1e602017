package source

import (
	"strconv"
	"strings"

	"github.com/townpress/townpress/internal/diag"
)

// maxHiddenListed is how many hidden rows a warning lists.
const maxHiddenListed = 10

// reportHidden warns about the rows of the table and the columns read
// that Excel hides, by hand or by a filter. They are read and published,
// as a hidden sheet is (a SUM in the 合计 counts them too); leaving them
// out would drop figures without a word, reading them without one would
// publish what the official who hid them does not see.
func (s *sheetReader) reportHidden(l *layout) {
	var rows []string
	for _, r := range s.hiddenRows {
		if r > l.bottom {
			rows = append(rows, strconv.Itoa(r))
		}
	}
	var cols []string
	if len(s.hideCols) > 0 {
		for c := range l.width {
			switch l.meaning[c].col {
			case colUnknown, colIgnored, colEmpty, colConflict:
				continue
			}
			for _, h := range s.hideCols {
				if c >= h.from && c <= h.to {
					cols = append(cols, columnLetters(c))
					break
				}
			}
		}
	}
	if len(rows) == 0 && len(cols) == 0 {
		return
	}
	more := len(rows) > maxHiddenListed
	if more {
		rows = rows[:maxHiddenListed]
	}
	var en, zh []string
	if len(rows) > 0 {
		e, z := "row "+rows[0], "第 "+strings.Join(rows, "、")+" 行"
		if len(rows) > 1 {
			e = "rows " + strings.Join(rows, ", ")
		}
		if more {
			e, z = e+" …", z+"等"
		}
		en, zh = append(en, e), append(zh, z)
	}
	if len(cols) > 0 {
		word := "column "
		if len(cols) > 1 {
			word = "columns "
		}
		en = append(en, word+strings.Join(cols, ", "))
		zh = append(zh, strings.Join(cols, "、")+" 列")
	}
	s.problems.Warn(s.loc(""), diag.M("%s of the table are hidden in Excel (by hand or by a filter); they are read and published all the same (unhide them to check what is published; delete a row or column that must not be)",
		"%s在 Excel 中是隐藏的（手动隐藏或被筛选隐藏），但照样会被读取和发布（请取消隐藏，核对要发布的内容；不应发布的行或列请删除）"),
		diag.T(strings.Join(en, " and "), strings.Join(zh, "和 ")))
}

// townYear is a town, as typed, and a year of a table's rows.
type townYear struct {
	town string // Key of the name or id
	year float64
}

// listedTwice warns when a table lists a town's figures of a year in a
// second row. Figures given twice must agree (that is checked once the
// towns are known), so a row pasted twice said nothing, though a 合计
// typed as a SUM over the rows counts it twice.
func (s *sheetReader) listedTwice(l *layout, town Text, year Number, row int) {
	if !year.Valid {
		return
	}
	k := townYear{Key(town.S), year.V}
	first, seen := s.townRows[k]
	switch {
	case !seen:
		if s.townRows == nil {
			s.townRows = map[townYear]int{}
		}
		s.townRows[k] = row
	case first != row && s.twiceRow != row:
		// Reported once a row, though a wide row holds several years.
		s.twiceRow = row
		s.problems.Warn(s.cellLoc(l.townCols[len(l.townCols)-1], row), diag.M("the figures of %s in %v are listed in two rows of the table: row %d and this one (a row copied twice? delete the one too many, and check the total)",
			"%s %v 年的数字在本表中列了两行：第 %d 行和这一行（同一行复制了两次？请删除多余的一行，并核对合计）"), town.S, year.V, first)
	}
}
