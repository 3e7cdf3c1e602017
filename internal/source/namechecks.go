package source

import "github.com/townpress/townpress/internal/config"

// checkInvisible reports the names and ids that hold an invisible
// character (config.Invisible), at their cells. The records are kept: the
// error stops the build anyway, and a values row naming the town the same
// way still finds it, so one mistake is one message.
func (s *sheetReader) checkInvisible(l *layout, texts ...Text) {
	for _, t := range texts {
		if r, bad := config.Invisible(t.S); bad {
			s.problems.Errorf(t.Loc.Diag(), "%s: %s %s", l.texts[t.Loc.col], config.QuoteVisible(t.S), config.InvisibleMessage(r))
		}
	}
}

// reservedTownID reports a town whose id is a word of total or note rows
// (config.ReservedID) when that id comes first in its row: the row would
// be skipped as a total row, or end the sheet as its notes, and the town
// with every town below it would be lost without a word. A row with a
// name and a tier is a town's, whatever its first cell says.
func (s *sheetReader) reservedTownID(l *layout, row int, cells []string) bool {
	i, ok := l.cols[colID]
	if !ok {
		return false
	}
	id := normText(cell(cells, i))
	if firstText(cells) != id || (!isTotal(id) && !isNote(id)) {
		return false
	}
	why, reserved := config.ReservedID("town", id)
	if !reserved || normText(cell(cells, l.cols[colName])) == "" || normText(cell(cells, l.cols[colTier])) == "" {
		return false
	}
	s.problems.Errorf(s.cellLoc(i, row), "town id %q is reserved: %s (expected another id)", id, why)
	return true
}
