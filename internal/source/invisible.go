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
