package build

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"sync"
	"time"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/render"
)

// A report page has pdfIdle to make progress — open, load, draw one more
// chart, print — before its PDF is given up. There is no deadline for the
// whole: a busy machine only makes every step slower, and a large report
// that keeps drawing charts keeps its time. Variables so that tests can
// shorten them.
var (
	pdfIdle   = 60 * time.Second
	pdfLaunch = 60 * time.Second // for Chromium to start and answer
)

// printReports prints every report page of the staged site in dir to
// <edition>downloads/report-<year>.pdf with headless Chromium, once its
// charts have drawn. Pages load from file://, as a reader opening the
// folder would, with "?print" so the page script turns animation off.
//
// A report that cannot be printed (a page that stops making progress,
// Chromium that will not start or dies) costs only its own PDF: it is
// left out, failed says which and why, and the build goes on.
func printReports(chromium, dir string, r *render.Renderer) (list []render.Download, printed map[string][]byte, failed []string) {
	var reports []*render.Page
	for _, p := range r.Pages() {
		if p.Kind == render.ReportPage {
			reports = append(reports, p)
		}
	}
	if len(reports) == 0 {
		return nil, nil, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, []string{fmt.Sprintf("every report: %v", err)}
	}
	l := &launcher{path: chromium}
	defer l.close()
	printed = map[string][]byte{}
	for _, p := range reports {
		b, err := l.browser()
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: Chromium did not start: %v", p.FullPath(), err))
			continue
		}
		pdf, err := printPage(b, filepath.Join(abs, filepath.FromSlash(p.FullPath())))
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", p.FullPath(), err))
			continue
		}
		name := pdfPath(p)
		printed[name] = pdf
		list = append(list, render.Download{Path: name, Size: int64(len(pdf)), Kind: render.ReportPDFFile, Lang: p.Lang.Code, Year: p.ReportYear, Group: render.ReportFiles})
	}
	return list, printed, failed
}

// withoutPDFs renders again the pages that link to report PDFs, now that
// the renderer knows which were printed: the report pages and the lists
// of reports.
func withoutPDFs(r *render.Renderer, printed map[string][]byte) (map[string][]byte, error) {
	r.PrintedPDF = func(path string) bool { _, ok := printed[path]; return ok }
	again := map[string][]byte{}
	for _, p := range r.Pages() {
		if p.Kind != render.ReportPage && p.Kind != render.ReportsPage {
			continue
		}
		b, err := r.Render(p)
		if err != nil {
			return nil, err
		}
		again[p.FullPath()] = b
	}
	return again, nil
}

// pdfPath is where a report page's PDF goes.
func pdfPath(p *render.Page) string {
	return p.Lang.Prefix + fmt.Sprintf("downloads/report-%d.pdf", p.ReportYear)
}

// pdfWidth is the viewport the report is laid out in before printing: A4's
// width less the margins, in CSS pixels, so the charts are drawn at about
// the size they print at.
const pdfWidth = 700

func printPage(b *browser.Browser, file string) ([]byte, error) {
	ctx, w := watch(context.Background(), pdfIdle)
	defer w.stop()
	w.progress("opening a tab")
	page, err := b.NewPage(ctx, pdfWidth, 1000, false)
	if err != nil {
		return nil, w.explain(err)
	}
	defer page.Close()
	w.progress("loading the page")
	u := (&url.URL{Scheme: "file", Path: file, RawQuery: "print"}).String()
	if err := page.Navigate(ctx, u); err != nil {
		return nil, w.explain(err)
	}
	drawn := -1
	for {
		var c [2]int
		if err := page.Eval(ctx, browser.ChartsProgress, &c); err != nil {
			return nil, w.explain(err)
		}
		if c[0] > drawn {
			drawn = c[0]
			w.progress(fmt.Sprintf("drawing its charts (%d of %d drawn)", c[0], c[1]))
		}
		if c[0] == c[1] {
			break
		}
		select {
		case <-ctx.Done():
			return nil, w.explain(ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	for _, m := range page.Console() {
		if m.Level == "error" {
			return nil, fmt.Errorf("the page reported a problem: %s", m)
		}
	}
	w.progress("printing it")
	pdf, err := page.PrintPDF(ctx, browser.PDFOptions{PageNumbers: true})
	if err != nil {
		return nil, w.explain(err)
	}
	return pdf, nil
}

// watchdog cancels a context when no progress has been made for idle,
// and says what was going on then.
type watchdog struct {
	ctx   context.Context
	idle  time.Duration
	stop  func()
	timer *time.Timer

	mu   sync.Mutex
	step string
}

var errNoProgress = errors.New("no progress")

func watch(parent context.Context, idle time.Duration) (context.Context, *watchdog) {
	ctx, cancel := context.WithCancelCause(parent)
	w := &watchdog{ctx: ctx, idle: idle}
	w.timer = time.AfterFunc(idle, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		cancel(fmt.Errorf("%w for %s while %s", errNoProgress, idle, w.step))
	})
	w.stop = func() {
		w.timer.Stop()
		cancel(nil)
	}
	return ctx, w
}

// progress says the work moved on, to step, and gives it idle again.
func (w *watchdog) progress(step string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.step = step
	w.timer.Reset(w.idle)
}

// explain puts the watchdog's reason in place of the bare "context
// canceled" of a step it cut short.
func (w *watchdog) explain(err error) error {
	if cause := context.Cause(w.ctx); errors.Is(cause, errNoProgress) {
		return cause
	}
	return err
}

// launcher is a Chromium started on first need and again after a crash,
// so that one page that brought it down does not cost the others.
type launcher struct {
	path string
	b    *browser.Browser
}

// browser is the running Chromium, started if there is none.
func (l *launcher) browser() (*browser.Browser, error) {
	if l.b != nil && !l.b.Gone() {
		return l.b, nil
	}
	l.close()
	ctx, cancel := context.WithTimeout(context.Background(), pdfLaunch)
	defer cancel()
	b, err := browser.Launch(ctx, l.path)
	if err != nil {
		return nil, err
	}
	l.b = b
	return b, nil
}

func (l *launcher) close() {
	if l.b != nil {
		l.b.Close()
		l.b = nil
	}
}
