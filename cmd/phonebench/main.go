// Command phonebench measures what a built page costs a reader on a slow
// phone: the bytes it transfers and how long until its first chart is on
// screen, in headless Chromium with the network and the CPU throttled over
// the DevTools protocol. It is a benchmark that prints figures for
// BENCHMARKS.md, not a test: nothing it measures passes or fails.
//
// Usage:
//
//	go run ./cmd/phonebench [flags] SITE_DIR PAGE ...
//
// SITE_DIR is a built site (the folder `townpress build` writes); each PAGE
// is a path inside it, such as towns/qingxu-vinegar/index.html. The site is
// served over HTTP from 127.0.0.1 on a free port, as a static host would
// serve it, with and without gzip (-gzip); every run opens the page in a
// fresh tab with the browser cache off, so every run is a first visit.
//
// The phone is "slow 4G" as issue 16 gives it: 1.6 Mbit/s down, 0.75 Mbit/s
// up, 150 ms round trip (Network.emulateNetworkConditions), and a CPU four
// times slower than this machine's (Emulation.setCPUThrottlingRate), in a
// 375×812 mobile viewport.
//
// A reader who opens a page and goes straight to its charts is the case
// that matters for charts drawn on demand: with -scroll (the default) the
// page is scrolled to its first chart as soon as the document is parsed.
// What is measured, from the start of navigation:
//
//	first paint    first contentful paint (the Paint Timing API)
//	ECharts run    when the ECharts bundle has been run (its last statement,
//	               window.echarts = ..., seen by the benchmark's script)
//	first chart    the first chart on screen, whichever came first: the
//	               static SVG the build draws into a page's first charts
//	               (render/static.go), at the first animation frame after
//	               the page was parsed and taken to it, and never before
//	               the first contentful paint; or ECharts' chart
//	ECharts chart  the first .chart holding the canvas or SVG ECharts draws,
//	               at the animation frame it is painted in (a script the
//	               benchmark adds to the page watches for it)
//	load           the load event
//	KB by chart    what had come over the wire when the first chart was drawn
//	KB in all      everything the page loaded until the network was quiet
//	               for two seconds after the first chart (or the load event,
//	               for a page without charts)
//
// Bytes are as DevTools counts them (Network.loadingFinished's
// encodedDataLength: headers and body as sent, compressed if it was).
// Each figure is the median of -runs runs, with the range.
//
// Flags:
//
//	-gzip both|on|off  serve with gzip (Content-Encoding, level -level), without, or both (default)
//	-level 6           gzip level, as most hosts compress (nginx's default is 1)
//	-runs 5            runs per page and setting
//	-down 1.6 -up 0.75 throughput in Mbit/s; -rtt 150 round trip in ms; -cpu 4 slow-down
//	-w 375 -h 812      viewport in CSS pixels (mobile)
//	-scroll=true       go to the first chart as soon as the page is parsed
//	-files             list each file's bytes (of the last run)
package main

import (
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/townpress/townpress/internal/browser"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "phonebench:", err)
			os.Exit(2)
		}
	}
}

type options struct {
	gzip          string
	level, runs   int
	down, up      float64 // Mbit/s
	rtt, cpu      float64 // ms, slow-down factor
	width, height int
	scroll, files bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("phonebench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.gzip, "gzip", "both", "serve with gzip: `on`, off or both")
	fs.IntVar(&o.level, "level", 6, "gzip `level` (1-9)")
	fs.IntVar(&o.runs, "runs", 5, "`runs` per page and setting")
	fs.Float64Var(&o.down, "down", 1.6, "download throughput in `Mbit/s`")
	fs.Float64Var(&o.up, "up", 0.75, "upload throughput in `Mbit/s`")
	fs.Float64Var(&o.rtt, "rtt", 150, "round-trip time in `ms`")
	fs.Float64Var(&o.cpu, "cpu", 4, "CPU slow-down `factor`")
	fs.IntVar(&o.width, "w", 375, "viewport `width` in CSS pixels")
	fs.IntVar(&o.height, "h", 812, "viewport `height` in CSS pixels")
	fs.BoolVar(&o.scroll, "scroll", true, "scroll to the first chart as soon as the page is parsed")
	fs.BoolVar(&o.files, "files", false, "list each file's bytes (of the last run)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/phonebench [flags] SITE_DIR PAGE ...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		fs.Usage()
		return errors.New("give a built site's folder and at least one page in it")
	}
	var modes []bool
	switch o.gzip {
	case "on":
		modes = []bool{true}
	case "off":
		modes = []bool{false}
	case "both":
		modes = []bool{false, true}
	default:
		return fmt.Errorf("-gzip %q: want on, off or both", o.gzip)
	}
	if o.level < 1 || o.level > 9 || o.runs < 1 {
		return errors.New("-level is 1 to 9 and -runs at least 1")
	}
	site, pages := fs.Arg(0), fs.Args()[1:]
	for _, p := range pages {
		if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(strings.SplitN(p, "#", 2)[0]))); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	files := http.FileServer(http.Dir(site))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/gz/") {
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/gz")
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				gz := &gzipWriter{ResponseWriter: w, level: o.level}
				defer gz.Close()
				w = gz
			}
		}
		files.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/"

	path := browser.Find()
	if path == "" {
		return errors.New("no Chromium found: install chromium or set TOWNPRESS_CHROMIUM")
	}
	b, err := browser.Launch(ctx, path)
	if err != nil {
		return err
	}
	defer b.Close()

	fmt.Fprintf(stdout, "phone: %.2g Mbit/s down, %.2g up, %g ms round trip, CPU %g× slower, %d×%d; %d runs each, median (range)\n",
		o.down, o.up, o.rtt, o.cpu, o.width, o.height, o.runs)
	fmt.Fprintf(stdout, "\n| page | gzip | first paint | ECharts run | first chart | ECharts chart | load | KB by chart | KB in all | requests |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, p := range pages {
		for _, gz := range modes {
			prefix, label := "", "off"
			if gz {
				prefix, label = "gz/", fmt.Sprintf("level %d", o.level)
			}
			var runs []result
			for range o.runs {
				// A host serves towns/x/index.html at towns/x/ (Go's file
				// server redirects the one to the other).
				r, err := measure(ctx, b, base+prefix+strings.TrimSuffix(p, "index.html"), o)
				if err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
				runs = append(runs, r)
			}
			fmt.Fprintf(stdout, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p, label,
				ms(runs, func(r result) float64 { return r.paint }),
				ms(runs, func(r result) float64 { return r.lib }),
				ms(runs, func(r result) float64 { return r.first }),
				ms(runs, func(r result) float64 { return r.chart }),
				ms(runs, func(r result) float64 { return r.load }),
				kb(runs, func(r result) float64 { return float64(r.bytesByChart) }),
				kb(runs, func(r result) float64 { return float64(r.bytes) }),
				stat(runs, func(r result) float64 { return float64(r.requests) }, "%.0f"))
			if o.files {
				last := runs[len(runs)-1]
				for _, f := range last.files {
					fmt.Fprintf(stderr, "  %s %s: %.1f KB at %.0f ms\n", label, strings.TrimPrefix(f.URL, base), float64(f.Bytes)/1000, f.at)
				}
			}
		}
	}
	return nil
}

type result struct {
	paint, lib, chart, load float64 // ms from the start of navigation; 0 when it did not happen
	static, first           float64 // the static SVG's paint, and the first chart's (static or ECharts)
	bytes, bytesByChart     int64
	requests                int
	files                   []file
}

type file struct {
	URL   string
	Bytes int64
	at    float64 // ms from the start of navigation
}

// watch is added to the page before its own scripts: it notes when the
// first chart is painted, and with scroll it takes the reader to the
// first chart as soon as the document is parsed.
const watch = `(() => {
	const seen = window.__phonebench = {chart: 0, lib: 0, static: 0};
	// The ECharts bundle's last act is window.echarts = ...: when it has run.
	Object.defineProperty(window, "echarts", {configurable: true, set(v) {
		seen.lib = performance.now();
		Object.defineProperty(window, "echarts", {value: v, writable: true, configurable: true});
	}});
	const look = () => {
		if (seen.chart || seen.waiting) return;
		for (const el of document.querySelectorAll(".chart")) {
			// The build's static drawing is not ECharts' chart.
			if (el.querySelector("canvas, svg:not(.chart-static)")) {
				// ECharts paints in an animation frame; this one runs after.
				seen.waiting = true;
				requestAnimationFrame(() => { seen.chart = performance.now(); });
				return;
			}
		}
	};
	new MutationObserver(look).observe(document, {childList: true, subtree: true});
	document.addEventListener("DOMContentLoaded", () => {
		const first = document.querySelector(".chart-card, .chart");
		if (SCROLL && first) first.scrollIntoView();
		// A static chart is painted in the first frame after the page is
		// parsed and scrolled to it (the benchmark counts it no earlier
		// than the first contentful paint), unless ECharts was first.
		if (document.querySelector(".chart > svg.chart-static")) {
			requestAnimationFrame(() => { if (document.querySelector(".chart > svg.chart-static")) seen.static = performance.now(); });
		}
	});
})()`

func measure(ctx context.Context, b *browser.Browser, url string, o options) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	page, err := b.NewPage(ctx, o.width, o.height, true)
	if err != nil {
		return result{}, err
	}
	defer page.Close()
	bytesPerSec := func(mbit float64) float64 { return mbit * 1e6 / 8 }
	for _, step := range []struct {
		method string
		params any
	}{
		{"Network.setCacheDisabled", map[string]any{"cacheDisabled": true}},
		{"Network.emulateNetworkConditions", map[string]any{"offline": false, "latency": o.rtt,
			"downloadThroughput": bytesPerSec(o.down), "uploadThroughput": bytesPerSec(o.up)}},
		{"Emulation.setCPUThrottlingRate", map[string]any{"rate": o.cpu}},
		{"Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": strings.Replace(watch, "SCROLL", fmt.Sprint(o.scroll), 1)}},
	} {
		if err := page.Call(ctx, step.method, step.params, nil); err != nil {
			return result{}, err
		}
	}
	if err := page.Navigate(ctx, url); err != nil {
		return result{}, err
	}
	var r result
	// Wait for the first chart (pages without charts: the load event),
	// then for two quiet seconds on the network.
	var hasCharts bool
	if err := page.Eval(ctx, `document.querySelectorAll(".chart").length > 0`, &hasCharts); err != nil {
		return r, err
	}
	if hasCharts {
		if err := page.WaitFor(ctx, `window.__phonebench.chart > 0`); err != nil {
			return r, fmt.Errorf("no chart was drawn: %w", err)
		}
	}
	quietSince, last := time.Now(), -1
	for time.Since(quietSince) < 2*time.Second {
		done, pending := page.Transfers()
		if len(done) != last || pending > 0 {
			quietSince, last = time.Now(), len(done)
		}
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	var timing struct{ Paint, Lib, Chart, Static, Load float64 }
	err = page.Eval(ctx, `({
		Paint: (performance.getEntriesByName("first-contentful-paint")[0] || {startTime: 0}).startTime,
		Lib: window.__phonebench.lib,
		Chart: window.__phonebench.chart,
		Static: window.__phonebench.static,
		Load: performance.getEntriesByType("navigation")[0].loadEventStart,
	})`, &timing)
	if err != nil {
		return r, err
	}
	r.paint, r.lib, r.chart, r.load = timing.Paint, timing.Lib, timing.Chart, timing.Load
	r.first = r.chart
	if timing.Static > 0 {
		r.static = max(timing.Static, r.paint)
		if r.first == 0 || r.static < r.first {
			r.first = r.static
		}
	}
	done, _ := page.Transfers()
	if len(done) == 0 {
		return r, errors.New("nothing was transferred")
	}
	// The document's request is the first: the page's clock starts there.
	start := done[0].Start
	for _, t := range done {
		start = min(start, t.Start)
	}
	for _, t := range done {
		at := (t.At - start) * 1000
		r.bytes += t.Bytes
		r.requests++
		if r.first > 0 && at <= r.first {
			r.bytesByChart += t.Bytes
		}
		r.files = append(r.files, file{URL: t.URL, Bytes: t.Bytes, at: at})
	}
	if !hasCharts {
		r.bytesByChart = 0
	}
	return r, nil
}

func stat(runs []result, f func(result) float64, format string) string {
	v := make([]float64, len(runs))
	for i, r := range runs {
		v[i] = f(r)
	}
	slices.Sort(v)
	med := v[len(v)/2]
	if len(v)%2 == 0 {
		med = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	if v[0] == v[len(v)-1] {
		return fmt.Sprintf(format, med)
	}
	return fmt.Sprintf(format+" ("+format+"–"+format+")", med, v[0], v[len(v)-1])
}

func ms(runs []result, f func(result) float64) string {
	for _, r := range runs {
		if f(r) == 0 {
			return "—"
		}
	}
	return stat(runs, func(r result) float64 { return f(r) / 1000 }, "%.2f s")
}

func kb(runs []result, f func(result) float64) string {
	for _, r := range runs {
		if f(r) == 0 {
			return "—"
		}
	}
	return stat(runs, func(r result) float64 { return f(r) / 1000 }, "%.0f")
}

// gzipWriter compresses a response whose type is text, as a host's gzip
// setting does (nginx's gzip_types, Apache's mod_deflate).
type gzipWriter struct {
	http.ResponseWriter
	level   int
	gz      *gzip.Writer
	decided bool
}

func (w *gzipWriter) WriteHeader(code int) {
	if !w.decided {
		w.decided = true
		ct := w.Header().Get("Content-Type")
		if code == http.StatusOK && compressible(ct) {
			w.Header().Del("Content-Length")
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Add("Vary", "Accept-Encoding")
			w.gz, _ = gzip.NewWriterLevel(w.ResponseWriter, w.level)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *gzipWriter) Write(p []byte) (int, error) {
	if !w.decided {
		w.WriteHeader(http.StatusOK)
	}
	if w.gz != nil {
		return w.gz.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

func (w *gzipWriter) Close() {
	if w.gz != nil {
		w.gz.Close()
	}
}

func compressible(contentType string) bool {
	for _, t := range []string{"text/", "application/javascript", "text/javascript", "application/json", "image/svg+xml", "application/xml"} {
		if strings.HasPrefix(contentType, t) {
			return true
		}
	}
	return false
}
