package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progressAfter is how long a build runs before a progress line appears: a
// quick build prints only its summary.
const progressAfter = 2 * time.Second

// progress draws one line, rewritten in place, on a terminal.
type progress struct {
	w     io.Writer
	start time.Time

	mu    sync.Mutex
	shown bool
	last  time.Time
}

func newProgress(w io.Writer, start time.Time) *progress {
	return &progress{w: w, start: start}
}

// update is build.Options.Progress.
func (p *progress) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < progressAfter || (now.Sub(p.last) < 100*time.Millisecond && done < total) {
		return
	}
	p.last = now
	p.shown = true
	fmt.Fprintf(p.w, "\r\033[Kbuilding: %d/%d pages (%d%%), %s", done, total, done*100/max(total, 1), now.Sub(p.start).Round(time.Second))
}

// done clears the line, if one was drawn; a nil progress does nothing.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// isTerminal reports whether w is a terminal (a character device), not a
// file or a pipe, where a line rewritten with \r would be noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
}
