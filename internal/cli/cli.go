// Package cli is townpress's command line: flags, subcommands, messages and
// exit codes (0 ok, 1 errors in the input or the build, 2 usage errors).
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/townpress/townpress/internal/build"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/third_party/echarts"
)

// Version is set at release time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = "devel"

const usage = `townpress builds a static statistics portal about specialty towns
from Excel workbooks and a TOML config.

Usage:
  townpress build [-config config.toml] [-out public] [-base-url URL] [-quiet]
  townpress check [-config config.toml]
  townpress version

Examples:
  townpress build                      build the site in this folder into public/
  townpress build -out /srv/www/towns  build into another folder
  townpress check                      list every problem in config and data

Run 'townpress COMMAND -h' for a command's flags.
`

// Run runs the command line args and returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "townpress %s (%s, ECharts %s)\n", Version, runtime.Version(), echarts.Version)
		return 0
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "townpress: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: townpress %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse handles -h (exit 0) and bad flags (exit 2); ok is false when the
// command should stop with code.
func parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "townpress %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return 2, false
	}
	return 0, true
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "build [-config config.toml] [-out public] [-base-url URL] [-quiet]", stderr)
	opts := build.Options{}
	fs.StringVar(&opts.Config, "config", "config.toml", "the site's config `file`; its folder holds data/ and layouts/")
	fs.StringVar(&opts.Out, "out", "public", "output `folder`, replaced whole when the build succeeds")
	fs.StringVar(&opts.BaseURL, "base-url", "", "absolute `URL` the site is published at (for the sitemap); overrides site.base_url")
	quiet := fs.Bool("quiet", false, "print nothing but problems")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	res, err := build.Build(opts)
	if res != nil {
		report(stderr, res.Problems)
	}
	if err != nil {
		var perr *build.ProblemsError
		if errors.As(err, &perr) {
			fmt.Fprintf(stderr, "townpress: build stopped: %s; %s was not changed\n", summary(perr.Problems), opts.Out)
			return 1
		}
		fmt.Fprintf(stderr, "townpress: %v\n", err)
		return 1
	}
	if !*quiet {
		fmt.Fprintf(stdout, "built %s: %d pages, %d files, %s in %s\n",
			opts.Out, res.Pages, res.Files, humanBytes(res.Bytes), res.Elapsed.Round(1e6))
	}
	return 0
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [-config config.toml]", stderr)
	config := fs.String("config", "config.toml", "the site's config `file`")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	site, problems, err := build.Load(*config)
	report(stdout, problems)
	if err != nil {
		var perr *build.ProblemsError
		if errors.As(err, &perr) {
			fmt.Fprintln(stdout, summary(problems))
			return 1
		}
		fmt.Fprintf(stderr, "townpress: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "ok: %d tiers, %d towns, %d indicators, years %s; %s\n",
		len(site.Tiers), len(site.Towns), len(site.Indicators), yearSpan(site.Years), summary(problems))
	return 0
}

func report(w io.Writer, problems diag.List) {
	for _, p := range problems {
		fmt.Fprintln(w, p)
	}
}

func summary(problems diag.List) string {
	e, w := problems.Count()
	return fmt.Sprintf("%d error%s, %d warning%s", e, plural(e), w, plural(w))
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
