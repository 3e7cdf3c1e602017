// Package cli is townpress's command line: flags, subcommands, messages and
// exit codes (0 ok, 1 errors in the input or the build, 2 usage errors, 3
// the output folder or the release store could not be written, 4 check
// -against found changes).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/townpress/townpress/internal/build"
	tpconfig "github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/serve"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/starter"
	"github.com/townpress/townpress/third_party/echarts"
)

// Version is set at release time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = "devel"

const usage = `townpress builds a static statistics portal about specialty towns
from Excel workbooks and a TOML config.

Usage:
  townpress new DIR [-force] [-yearbook]
  townpress serve [-config config.toml] [-addr 127.0.0.1:1313] [-strict] [-lang zh|en]
  townpress check [-config config.toml] [-strict] [-explain] [-lang zh|en]
  townpress check -against RELEASE|FOLDER [-config config.toml] [-lang zh|en]
  townpress build [-config config.toml] [-out public] [-base-url URL] [-strict] [-pdf] [-images] [-chromium PATH] [-quiet] [-lang zh|en]
  townpress release -id ID -date YYYY-MM-DD -title TEXT [-reason scheduled|correction] [-note TEXT] [build's flags]
  townpress version

Examples:
  townpress new mysite                 start a site in the folder mysite
  townpress serve                      preview the site; pages reload as you save
  townpress check                      list every problem in config and data
  townpress check -explain             also show how every sheet was read, column by column
  townpress build                      build the site in this folder into public/
  townpress build -out /srv/www/towns  build into another folder
  townpress build -pdf                 also print each annual report to a PDF (needs Chromium)
  townpress check -against public      what publishing would change in the site last built into public/
  townpress release -id 2024-revised -date 2025-09-30 -title "2024年年报 修订" -reason correction
                                       archive a release in releases/ and build the site with it

Run 'townpress COMMAND -h' for a command's flags.
`

// Run runs the command line args and returns the exit code. Ctrl-C stops
// serve; the other commands finish quickly.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "serve" {
		// Only serve stops by itself on a signal. A build that caught
		// Ctrl-C and SIGTERM would not stop at all: let the signal end it,
		// which leaves public/ as it was (the next build removes the
		// half-written temporary folder).
		return RunContext(context.Background(), args, stdout, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return RunContext(ctx, args, stdout, stderr)
}

// RunContext is Run with a context whose end stops serve.
func RunContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "release":
		return runRelease(args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "version":
		fs := newFlags("version", "version", "  townpress version      prints townpress's version and the Go and ECharts versions it was built with", stderr)
		if code, ok := parse(fs, args[1:]); !ok {
			return code
		}
		fmt.Fprintf(stdout, "townpress %s (%s, ECharts %s)\n", Version, runtime.Version(), echarts.Version)
		return 0
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "townpress: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func newFlags(name, synopsis, examples string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: townpress %s\n", synopsis)
		if hasFlags(fs) {
			fmt.Fprint(stderr, "\nFlags:\n")
			fs.PrintDefaults()
		}
		fmt.Fprintf(stderr, "\nExamples:\n%s\n", examples)
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse handles -h (exit 0) and bad flags (exit 2); ok is false when the
// command should stop with code. Flags may come after the arguments too
// (townpress new mysite -force) as officials type them.
func parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	code, ok, _ = parseArgs(fs, args, 0)
	return code, ok
}

// parseArgs parses flags and up to maxArgs arguments, in any order.
func parseArgs(fs *flag.FlagSet, args []string, maxArgs int) (code int, ok bool, rest []string) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0, false, nil
			}
			return 2, false, nil
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(rest) > maxArgs {
		fmt.Fprintf(fs.Output(), "townpress %s: unexpected argument %q\n", fs.Name(), rest[maxArgs])
		fs.Usage()
		return 2, false, nil
	}
	return 0, true, rest
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "build [-config config.toml] [-out public] [-base-url URL] [-strict] [-pdf] [-images] [-chromium PATH] [-quiet] [-timings] [-cpuprofile FILE] [-lang zh|en]", `  townpress build                           build into public/
  townpress build -out /srv/www/towns       build into another folder
  townpress build -base-url https://x.cn/   absolute URLs in sitemap.xml
  townpress build -pdf                      also print downloads/report-<year>.pdf with Chromium
  townpress build -images                   also make chart images and share cards with Chromium
  townpress build -strict -quiet            for scripts: warnings fail too, print only problems`, stderr)
	opts := build.Options{}
	fs.StringVar(&opts.Config, "config", "config.toml", "the site's config `file`; its folder holds data/ and layouts/")
	fs.StringVar(&opts.Out, "out", "public", "output `folder`, replaced whole when the build succeeds")
	fs.StringVar(&opts.BaseURL, "base-url", "", "absolute `URL` the site is published at (for the sitemap); overrides site.base_url")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings as errors: build nothing if there are any")
	fs.BoolVar(&opts.PDF, "pdf", false, "also print each annual report to downloads/report-<year>.pdf with headless Chromium")
	fs.BoolVar(&opts.Images, "images", false, "also make a PNG and SVG of every chart and a share card (og:image) per page with headless Chromium")
	fs.StringVar(&opts.Chromium, "chromium", "", "Chromium or Chrome `program` for -pdf and -images; default: $TOWNPRESS_CHROMIUM, else chromium, chromium-browser or google-chrome on PATH")
	quiet := fs.Bool("quiet", false, "print nothing but problems")
	timings := fs.Bool("timings", false, "also print how long each stage took (read, model, pages, downloads, finish)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file`, for go tool pprof")
	memProfile := fs.String("memprofile", "", "write a heap profile taken when the build's live heap was largest to `file`, for go tool pprof")
	langName := langFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	lang, ok := language(*langName, opts.Config, stderr)
	if !ok {
		return 2
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "townpress: %v\n", err)
			return 1
		}
		defer stop()
	}
	if *memProfile != "" {
		defer startPeakHeapProfile(*memProfile, stderr)()
	}
	if opts.BaseURL != "" {
		// A usage error, found before anything is read: the flag is wrong
		// whatever the site holds.
		if _, err := tpconfig.CleanBaseURL(opts.BaseURL); err != nil {
			fmt.Fprintf(stderr, "townpress build: -base-url: %s\n", diag.Sprint(lang, diag.M("%v", "%v"), err))
			return 2
		}
	}
	if opts.Chromium != "" && !opts.PDF && !opts.Images {
		fmt.Fprintln(stderr, "townpress build: -chromium is used only with -pdf or -images")
		return 2
	}
	var bar *progress
	if !*quiet && isTerminal(stderr) {
		bar = newProgress(stderr, time.Now())
		opts.Progress = bar.update
	}
	opts.Waiting = func(msg diag.Text) { fmt.Fprintf(stderr, "townpress: %s\n", msg.In(lang)) }
	res, err := build.Build(opts)
	bar.done()
	if res != nil {
		report(stderr, res.Problems, lang)
	}
	if err != nil {
		var (
			perr *build.ProblemsError
			oerr *build.OutputError
		)
		switch {
		case errors.As(err, &perr):
			why := diag.T(perr.Problems.Summary(diag.En), perr.Problems.Summary(diag.Zh))
			if perr.Strict {
				why = diag.M("%s (-strict: warnings count as errors)", "%s（-strict：警告按错误处理）").Text(why)
			}
			fmt.Fprintln(stderr, diag.Sprint(lang, diag.M("townpress: build stopped: %s; %s", "townpress：构建已停止：%s；%s"), why, unchanged(opts.Out)))
			return 1
		case errors.As(err, &oerr):
			fmt.Fprintln(stderr, diag.Sprint(lang, diag.M("townpress: %s; %s", "townpress：%s；%s"), errText(err, lang), unchanged(opts.Out)))
			return exitOutput
		}
		fmt.Fprintln(stderr, diag.Sprint(lang, diag.M("townpress: %s; %s", "townpress：%s；%s"), errText(err, lang), unchanged(opts.Out)))
		return 1
	}
	if res.ImagesSkipped != "" {
		// Not an error either: the pages are complete without their images.
		fmt.Fprintln(stderr, diag.Sprint(lang, diag.M("townpress: chart images skipped: %s", "townpress：未生成图表图片：%s"), res.ImagesSkipped))
	}
	for _, f := range res.ImagesFailed {
		fmt.Fprintln(stderr, diag.Sprint(lang, diag.M("townpress: images not made: %s", "townpress：未能生成图片：%s"), f))
	}
	if res.PDFSkipped != "" {
		// Not an error: the site is complete, only the PDFs are missing.
		fmt.Fprintln(stderr, diag.Sprint(lang, diag.M("townpress: report PDFs skipped: %s", "townpress：未打印报告 PDF：%s"), res.PDFSkipped))
	}
	for _, f := range res.PDFFailed {
		fmt.Fprintln(stderr, diag.Sprint(lang, diag.M("townpress: report PDF not printed: %s; the site was built without it", "townpress：报告 PDF 未能打印：%s；站点已在没有它的情况下构建"), f))
	}
	if !*quiet {
		fmt.Fprintln(stdout, diag.Sprint(lang, diag.M("built %s: %d pages, %d files, %s in %s; %s", "已构建 %s：%d 个页面，%d 个文件，%s，用时 %s；%s"),
			opts.Out, res.Pages, res.Files, humanBytes(res.Bytes), res.Elapsed.Round(time.Millisecond), summaryText(res.Problems)))
		if *timings {
			for i, st := range res.Stages {
				fmt.Fprintf(stdout, "  %-10s %s", st.Name, st.Took.Round(time.Millisecond))
				if st.Parallel && i > 0 {
					fmt.Fprintf(stdout, " (at the same time as %s)", res.Stages[i-1].Name)
				}
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "  %d of %d files unchanged since the previous build (linked, not written)\n", res.Unchanged, res.Files)
			fmt.Fprintf(stdout, "  %d of %d sheets not parsed: their inputs had not changed\n", res.SheetsTaken, res.SheetsRead)
			fmt.Fprintf(stdout, "  %d of %d pages not rendered: their inputs had not changed\n", res.PagesTaken, res.Pages)
			fmt.Fprintf(stdout, "  %d of %d downloads not made: their inputs had not changed\n", res.DownloadsTaken, res.Downloads)
		}
		if len(res.PDFs) > 0 {
			fmt.Fprintf(stdout, "printed %d report PDF%s: %s\n", len(res.PDFs), plural(len(res.PDFs)), strings.Join(res.PDFs, ", "))
		}
	}
	return 0
}

// exitOutput is the exit code of a build that could not write its output
// folder (a full disk, no permission): the input may be fine.
const exitOutput = 3

// unchanged says what became of the output folder of a build that failed:
// a failed build never touches it, and it is there unless it never was.
func unchanged(out string) diag.Text {
	if _, err := os.Stat(out); err != nil {
		return diag.M("nothing was written to %s", "没有向 %s 写入任何内容").Text(out)
	}
	return diag.M("%s was not changed", "%s 未改动").Text(out)
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "serve [-config config.toml] [-addr 127.0.0.1:1313] [-strict] [-lang zh|en]", `  townpress serve                        open http://127.0.0.1:1313/ and edit the workbook
  townpress serve -addr 127.0.0.1:8080   another port
  townpress serve -addr 0.0.0.0:1313     let other computers on the network look too`, stderr)
	opts := serve.Options{Log: stdout}
	fs.StringVar(&opts.Config, "config", "config.toml", "the site's config `file`; its folder holds data/ and layouts/")
	fs.StringVar(&opts.Addr, "addr", "127.0.0.1:1313", "`host:port` to serve on")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings as errors: show them over the page and keep the last good site")
	fs.StringVar(&opts.Lang, "lang", "", "language of the problems shown: zh or en (default: the site's first language)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if _, ok := language(opts.Lang, opts.Config, stderr); !ok {
		return 2
	}
	if err := serve.Run(ctx, opts); err != nil {
		fmt.Fprintf(stderr, "townpress: %v\n", err)
		return 1
	}
	return 0
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "new DIR [-force] [-yearbook]", `  townpress new mysite                   start a site in the new folder mysite
  townpress new -yearbook mysite         start from a statistics bureau's yearbook table, read as it is kept
  townpress new -force .                 write the starter files into this folder anyway`, stderr)
	force := fs.Bool("force", false, "write into DIR even if it is not empty (files of the same names are replaced)")
	yearbook := fs.Bool("yearbook", false, "start from a yearbook table (merged headers, years as columns, 全区 rows) and a config that says how to point it at your own workbook")
	code, ok, rest := parseArgs(fs, args, 1)
	if !ok {
		return code
	}
	if len(rest) == 0 {
		fmt.Fprintln(stderr, "townpress new: missing DIR, the folder to create")
		fs.Usage()
		return 2
	}
	dir := rest[0]
	write, workbook := starter.Write, starter.Workbook
	if *yearbook {
		write, workbook = starter.WriteYearbook, starter.YearbookWorkbook
	}
	written, err := write(dir, *force)
	if err != nil {
		fmt.Fprintf(stderr, "townpress new: %v\n", err)
		if errors.Is(err, starter.ErrNotEmpty) {
			return 2
		}
		return 1
	}
	fmt.Fprintf(stdout, "created a site in %s:\n", dir)
	for _, f := range written {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	fmt.Fprintf(stdout, "\nNext:\n  cd %s\n  townpress serve      preview at http://127.0.0.1:1313/; edit %s and watch the page change\n  townpress build      write the site into public/ to publish\n", dir, workbook)
	if *yearbook {
		fmt.Fprintf(stdout, "  townpress check -explain   see how the table was read, column by column; config.toml says how to use your own workbook\n")
	}
	return 0
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [-config config.toml] [-strict] [-explain | -against RELEASE|FOLDER] [-lang zh|en]", `  townpress check                 errors first, then warnings; exit 1 on errors
  townpress check -against public        what publishing would change in the site built into public/: exit 4 if anything
  townpress check -against 2024-revised  the same, compared with a release of the store (releases/2024-revised)
  townpress check -explain        first show how every sheet was read: its layout, header rows and what each column holds
  townpress check -strict         exit 1 on warnings too (for scripts and CI)
  townpress check -lang en        problems in English (default: the site's first language)
  townpress check -config other/config.toml`, stderr)
	config := fs.String("config", "config.toml", "the site's config `file`")
	strict := fs.Bool("strict", false, "exit 1 on warnings too")
	explain := fs.Bool("explain", false, "show how every sheet was read: layout, header rows, each column's meaning, total rows, ids made from names")
	against := fs.String("against", "", "list what publishing would change, compared with a `release` id of the store or the folder of a site townpress built (exit 4 when anything would change)")
	fs.BoolVar(explain, "v", false, "the same as -explain")
	langName := langFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	lang, ok := language(*langName, *config, stderr)
	if !ok {
		return 2
	}
	if *against != "" && *explain {
		fmt.Fprintln(stderr, "townpress check: -explain and -against do not go together; run them one after the other")
		return 2
	}
	if *against != "" {
		return checkAgainst(*config, *against, *strict, lang, stdout, stderr)
	}
	site, sheets, problems, err := build.LoadExplain(*config)
	if err != nil {
		var perr *build.ProblemsError
		if !errors.As(err, &perr) {
			printErr(stderr, err, lang)
			return 1
		}
	}
	if *explain {
		source.WriteExplain(stdout, sheets, lang)
		if len(sheets) > 0 {
			fmt.Fprintln(stdout)
		}
		if site != nil && len(site.DerivedIDs) > 0 {
			fmt.Fprintln(stdout, diag.Sprint(lang, diag.M("town ids made from names (write them into an 编号 column to keep them when a name changes):",
				"由名称生成的专业镇编号（如需在名称变化时保持不变，请把它们写进“编号”列）：")))
			for _, d := range site.DerivedIDs {
				fmt.Fprintf(stdout, "  %s → %s (%s)\n", d.Name, d.ID, d.Loc)
			}
			fmt.Fprintln(stdout)
		}
	}
	// Errors first, then warnings, each sorted by place: the errors are
	// what stops the build.
	var errs, warns diag.List
	for _, p := range problems {
		if p.Severity == diag.Error {
			errs = append(errs, p)
		} else {
			warns = append(warns, p)
		}
	}
	report(stdout, errs, lang)
	report(stdout, warns, lang)
	switch {
	case err != nil:
		fmt.Fprintln(stdout, diag.Sprint(lang, diag.M("%s; the site cannot be built until the errors are fixed", "%s；改正错误后才能构建站点"), summaryText(problems)))
		return 1
	case *strict && len(warns) > 0:
		fmt.Fprintln(stdout, diag.Sprint(lang, diag.M("%s; -strict: warnings count as errors", "%s；-strict：警告按错误处理"), summaryText(problems)))
		return 1
	}
	fmt.Fprintln(stdout, diag.Sprint(lang, diag.M("ok: %d tiers, %d towns, %d indicators, years %s; %s", "通过：%d 个级别，%d 个专业镇，%d 个指标，年份 %s；%s"),
		len(site.Tiers), len(site.Towns), len(site.Indicators), yearSpan(site.Years), summaryText(problems)))
	if n := len(site.DerivedIDs); n > 0 && !*explain {
		fmt.Fprintln(stdout, diag.Sprint(lang, diag.M("%d town ids made from names (check -explain lists them; write them into an 编号 column to keep them when a name changes)",
			"%d 个专业镇编号由名称生成（check -explain 列出它们；如需在名称变化时保持不变，请写进“编号”列）"), n))
	}
	return 0
}

// langFlag adds -lang to a command.
func langFlag(fs *flag.FlagSet) *string {
	return fs.String("lang", "", "language of problems and summaries: `zh` or en (default: the site's first language, site.languages)")
}

// language is the language problems are shown in: -lang, else the
// site's first language; false (a usage error, reported) for a -lang
// that is neither.
func language(flagValue, configPath string, stderr io.Writer) (diag.Lang, bool) {
	if flagValue != "" {
		lang, ok := diag.ParseLang(flagValue)
		if !ok {
			fmt.Fprintf(stderr, "townpress: -lang %q: expected zh or en\n", flagValue)
		}
		return lang, ok
	}
	return SiteLang(configPath), true
}

// SiteLang is the language of a site's problems: its first language,
// Chinese when the config cannot be read.
func SiteLang(configPath string) diag.Lang {
	// As the build reads it: a config that is a named pipe must not hang
	// the command before the build can say what it is.
	raw, _ := build.ReadConfig(configPath)
	return tpconfig.ProblemsLang(raw)
}

// printErr prints an error that is not an input problem, in lang when it
// has a text in each language.
func printErr(w io.Writer, err error, lang diag.Lang) {
	fmt.Fprintf(w, "townpress: %s\n", errText(err, lang))
}

// errText is an error that is not an input problem in lang: in Chinese,
// the text of the error in the chain that has one in each language (a
// config error, a file the build may not read, an output folder it cannot
// write), without the English words wrapped around it; in English, the
// error as it is.
func errText(err error, lang diag.Lang) string {
	var bilingual interface{ In(diag.Lang) string }
	if lang != diag.En && errors.As(err, &bilingual) {
		return bilingual.In(lang)
	}
	return err.Error()
}

func report(w io.Writer, problems diag.List, lang diag.Lang) {
	for _, p := range problems {
		fmt.Fprintln(w, p.In(lang))
	}
}

// summaryText counts errors and warnings in both languages.
func summaryText(problems diag.List) diag.Text {
	return diag.T(problems.Summary(diag.En), problems.Summary(diag.Zh))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func yearSpan(years []int) string {
	switch len(years) {
	case 0:
		return "none"
	case 1:
		return fmt.Sprint(years[0])
	}
	return fmt.Sprintf("%d-%d", years[0], years[len(years)-1])
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return strings.TrimSpace(fmt.Sprintf("%d B", n))
}

// startPeakHeapProfile samples the live heap four times a second until
// stop is called and writes a heap profile to file whenever the heap has
// grown a tenth past its largest so far: what holds memory at the peak,
// which a profile at the end of the build no longer shows.
func startPeakHeapProfile(file string, stderr io.Writer) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	go func() {
		defer close(finished)
		var peak uint64
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			live := sample[0].Value.Uint64()
			if live < peak+peak/10 {
				continue
			}
			peak = live
			f, err := os.Create(file)
			if err != nil {
				fmt.Fprintf(stderr, "townpress: -memprofile: %v\n", err)
				return
			}
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}()
	return func() { close(done); <-finished }
}

// startCPUProfile profiles the process into file until stop is called.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
