// Command shot opens pages in headless Chromium and saves what a person
// would see: a PNG screenshot, or with -pdf the printed page. It is for
// engineers looking at a built site, not part of the build.
//
// Usage:
//
//	go run ./cmd/shot [flags] URL_OR_FILE ...
//
// A file or folder path becomes a file:// URL (a folder means its
// index.html). Each page is loaded, then shot waits until every .chart
// element holds the canvas or svg ECharts draws and its animations are over
// (at most -wait), then a little longer (-settle).
//
// For one input, -out (or -pdf) is the file to write; for several it is a
// folder, and each file is named after its input's path. The paths written
// are printed on stdout.
//
// Console errors and warnings, uncaught exceptions, failed loads and every
// request to anything but file:// and the loopback address are printed on
// stderr; they do not change the exit status. The browser resolves no outside
// host, so such requests fail instead of leaving the machine.
//
// Flags:
//
//	-w 1280, -h 800    viewport in CSS pixels (with -pdf, -w defaults to the
//	                   A4 text width, 680, or 1009 in landscape, because a
//	                   canvas chart keeps the width it was drawn at)
//	-mobile            emulate a phone (mobile viewport meta, touch)
//	-full              the whole page, not just the viewport
//	-out FILE|DIR      PNG to write (default $TMPDIR/shot.png, or $TMPDIR/shots/)
//	-pdf FILE|DIR      print to PDF (A4) instead of a screenshot
//	-landscape         PDF in landscape
//	-page-numbers      PDF with "n / total" in the footer
//	-wait 5s           longest wait for the charts
//	-settle 500ms      extra wait after the charts are drawn
//	-modes large,contrast  the reading modes to turn on (长辈模式 and high
//	                   contrast), as the header's switches do; the others are off
//	-text 200          the browser's text size in percent (a reader's
//	                   "text size" setting), 100 by default
//	-at SELECTOR       scroll the first element the CSS selector finds to the
//	                   top of the viewport before the shot
//
// Chromium is found as by internal/browser.Find: $TOWNPRESS_CHROMIUM, then
// chromium, chromium-browser, google-chrome, google-chrome-stable on PATH.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/townpress/townpress/internal/browser"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.As(err, new(usageError)):
		fmt.Fprintln(os.Stderr, "shot:", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "shot:", err)
		os.Exit(1)
	}
}

type usageError string

func (e usageError) Error() string { return string(e) }

type options struct {
	width, height   int
	mobile, full    bool
	out, pdf        string
	landscape       bool
	pageNumbers     bool
	wait, settle    time.Duration
	navigateTimeout time.Duration
	modes           string
	text            int
	at              string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("shot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.width, "w", 1280, "viewport `width` in CSS pixels")
	fs.IntVar(&o.height, "h", 800, "viewport `height` in CSS pixels")
	fs.BoolVar(&o.mobile, "mobile", false, "emulate a phone (mobile viewport meta, touch)")
	fs.BoolVar(&o.full, "full", false, "shoot the whole page, not just the viewport")
	fs.StringVar(&o.out, "out", "", "PNG `file` to write, or folder for several inputs (default $TMPDIR/shot.png or $TMPDIR/shots)")
	fs.StringVar(&o.pdf, "pdf", "", "print to this PDF `file` (folder for several inputs) instead of a screenshot")
	fs.BoolVar(&o.landscape, "landscape", false, "PDF in landscape")
	fs.BoolVar(&o.pageNumbers, "page-numbers", false, "PDF with page numbers in the footer")
	fs.DurationVar(&o.wait, "wait", 5*time.Second, "longest wait for every .chart to be drawn")
	fs.DurationVar(&o.settle, "settle", 500*time.Millisecond, "extra wait after the charts are drawn")
	fs.StringVar(&o.modes, "modes", "", "reading `modes` to turn on: large, contrast or large,contrast")
	fs.IntVar(&o.text, "text", 100, "the browser's text size in `percent`")
	fs.StringVar(&o.at, "at", "", "scroll the element this CSS `selector` finds to the top first")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/shot [flags] URL_OR_FILE ...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError(err.Error())
	}
	inputs := fs.Args()
	switch {
	case len(inputs) == 0:
		fs.Usage()
		return usageError("no page given")
	case o.out != "" && o.pdf != "":
		return usageError("give -out or -pdf, not both")
	case o.width <= 0 || o.height <= 0:
		return usageError("-w and -h must be positive")
	case o.text < 50 || o.text > 400:
		return usageError("-text is a percentage from 50 to 400")
	}
	for _, m := range strings.Split(o.modes, ",") {
		if m != "" && m != "large" && m != "contrast" {
			return usageError(fmt.Sprintf("-modes: %q is no mode (large, contrast)", m))
		}
	}
	o.navigateTimeout = 30 * time.Second
	if o.pdf != "" && !isSet(fs, "w") {
		// Charts keep the size they were drawn at, so draw them at the
		// width of the printed A4 page (less the 1.5 cm margins).
		o.width = 680
		if o.landscape {
			o.width = 1009
		}
	}

	ext, target := ".png", o.out
	if o.pdf != "" {
		ext, target = ".pdf", o.pdf
	}
	if target == "" {
		target = filepath.Join(os.TempDir(), "shot.png")
		if len(inputs) > 1 {
			target = filepath.Join(os.TempDir(), "shots")
		}
	}
	pages := make([]string, len(inputs))
	outputs := make([]string, len(inputs))
	for i, in := range inputs {
		pageURL, err := toURL(in)
		if err != nil {
			return err
		}
		pages[i] = pageURL
		outputs[i] = target
		if len(inputs) > 1 {
			outputs[i] = filepath.Join(target, fmt.Sprintf("%02d-%s%s", i+1, fileName(pageURL), ext))
		}
	}
	if len(inputs) > 1 {
		if err := os.MkdirAll(target, 0o755); err != nil {
			return err
		}
	}

	path := browser.Find()
	if path == "" {
		return errors.New("no Chromium found: install chromium or set TOWNPRESS_CHROMIUM")
	}
	b, err := browser.Launch(ctx, path)
	if err != nil {
		return err
	}
	defer b.Close()

	var failed int
	for i := range pages {
		data, err := shoot(ctx, b, pages[i], o, stderr)
		if err == nil {
			err = os.WriteFile(outputs[i], data, 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", pages[i], err)
			failed++
			continue
		}
		fmt.Fprintln(stdout, outputs[i])
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d pages failed", failed, len(pages))
	}
	return nil
}

// shoot loads one page in a fresh tab and returns its PNG or PDF, reporting
// the page's problems on stderr.
func shoot(ctx context.Context, b *browser.Browser, pageURL string, o options, stderr io.Writer) ([]byte, error) {
	page, err := b.NewPage(ctx, o.width, o.height, o.mobile)
	if err != nil {
		return nil, err
	}
	defer page.Close()
	if err := page.OnNewDocument(ctx, modesScript(o.modes)); err != nil {
		return nil, err
	}
	if o.text != 100 {
		if err := page.SetTextSize(ctx, o.text); err != nil {
			return nil, err
		}
	}
	navCtx, cancel := context.WithTimeout(ctx, o.navigateTimeout)
	err = page.Navigate(navCtx, pageURL)
	cancel()
	if err != nil {
		return nil, err
	}
	waitCtx, cancel := context.WithTimeout(ctx, o.wait)
	err = page.WaitFor(waitCtx, browser.ChartsDrawn)
	cancel()
	if err != nil && ctx.Err() == nil {
		fmt.Fprintf(stderr, "%s: warning: not every .chart was drawn and done animating after %v\n", pageURL, o.wait)
	}
	select {
	case <-time.After(o.settle):
	case <-ctx.Done():
		return nil, ctx.Err()
	}

	if o.at != "" {
		sel, _ := json.Marshal(o.at)
		var found bool
		if err := page.Eval(ctx, `(() => { const el = document.querySelector(`+string(sel)+`); if (el) el.scrollIntoView(); return !!el; })()`, &found); err != nil {
			return nil, err
		}
		if !found {
			fmt.Fprintf(stderr, "%s: warning: -at %s finds nothing\n", pageURL, o.at)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, m := range page.Console() {
		fmt.Fprintf(stderr, "%s: %v\n", pageURL, m)
	}
	for _, r := range page.Requests() {
		if !isLocal(r) {
			fmt.Fprintf(stderr, "%s: request leaves the site: %s\n", pageURL, r)
		}
	}
	if o.pdf != "" {
		return page.PrintPDF(ctx, browser.PDFOptions{Landscape: o.landscape, PageNumbers: o.pageNumbers})
	}
	return page.Screenshot(ctx, o.full)
}

// modesScript stores the reading modes as the header's switches do
// (layouts/assets/townpress.js), before the page's head reads them: the
// modes named on, the others off.
func modesScript(modes string) string {
	on := map[string]bool{}
	for _, m := range strings.Split(modes, ",") {
		on[m] = true
	}
	js := "try {"
	for _, m := range []string{"large", "contrast"} {
		v := "0"
		if on[m] {
			v = "1"
		}
		js += fmt.Sprintf(` localStorage.setItem("townpress-%s", %q);`, m, v)
	}
	return js + " } catch (e) {}"
}

func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// toURL keeps a URL as it is and turns a file or folder path into a
// file:// URL.
func toURL(in string) (string, error) {
	if u, err := url.Parse(in); err == nil && len(u.Scheme) > 1 { // "C:" is a drive, not a scheme
		return in, nil
	}
	abs, err := filepath.Abs(in)
	if err != nil {
		return "", err
	}
	info, err := os.Stat(abs)
	if err != nil {
		return "", err
	}
	if info.IsDir() {
		abs = filepath.Join(abs, "index.html")
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), nil
}

// isLocal reports whether a request stays on this machine: a file, the
// loopback address, or data the page already holds.
func isLocal(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "file", "data", "blob", "about":
		return true
	case "http", "https", "ws", "wss":
		host := u.Hostname()
		return host == "127.0.0.1" || host == "localhost" || host == "::1"
	}
	return false
}

var notNameChars = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// fileName makes a readable file name from a page URL's last path segments,
// e.g. file:///x/public/towns/qingxu/index.html -> towns_qingxu_index.
func fileName(pageURL string) string {
	u, err := url.Parse(pageURL)
	if err != nil {
		return "page"
	}
	segments := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	if len(segments) > 3 {
		segments = segments[len(segments)-3:]
	}
	name := strings.TrimSuffix(strings.Join(segments, "_"), ".html")
	name = strings.Trim(notNameChars.ReplaceAllString(name, "_"), "_.")
	if name == "" {
		return "page"
	}
	return name
}
