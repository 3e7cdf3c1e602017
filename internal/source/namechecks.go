package source

import (
	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
)

// checkInvisible reports the names and ids that hold an invisible
// character (config.Invisible), at their cells. The records are kept: the
// error stops the build anyway, and a values row naming the town the same
// way still finds it, so one mistake is one message.
func (s *sheetReader) checkInvisible(l *layout, texts ...Text) {
	for _, t := range texts {
		if r, bad := config.Invisible(t.S); bad {
			s.problems.Err(t.Loc.Diag(), diag.M("%s: %s %s", "%s：%s%s"), l.texts[t.Loc.col], config.QuoteVisible(t.S), config.InvisibleMessage(r))
		}
	}
}

// reservedTownID reports a town whose id is a word of total or note rows
// when that id comes first in its row: the row would be skipped as a total
// row, or end the sheet as its notes, and the town with every town below
// it would be lost without a word. A row with a name and a tier is a
// town's, whatever its first cell says. The words that are ids are
// reserved (config.ReservedID), and the model reports them wherever they
// stand; a word that only starts a note (note1, source2024) is reported
// here.
func (s *sheetReader) reservedTownID(l *layout, row int, cells []string) bool {
	i, ok := l.cols[colID]
	if !ok {
		return false
	}
	id := normText(cell(cells, i))
	if !config.ValidID(id) || firstText(cells) != id {
		return false
	}
	_, total := s.names.total(id)
	note := isNote(id)
	if !total && !note {
		return false
	}
	if normText(cell(cells, l.cols[colName])) == "" || normText(cell(cells, l.cols[colTier])) == "" {
		return false
	}
	why, reserved := config.ReservedID("town", id)
	switch {
	case reserved:
	case total:
		why = diag.M("a row whose town is %s is read as a total row and skipped", "专业镇一格写 %s 的行会按合计行读取并跳过").Text(id)
	default:
		why = diag.M("a row starting with %s is read as the notes under a table", "以 %s 开头的行会按表下的注释读取").Text(id)
	}
	s.problems.Err(s.cellLoc(i, row), diag.M("town id %q is reserved: %s (expected another id)", "专业镇编号“%s”是保留的编号：%s（请换一个编号）"), id, why)
	return true
}
