package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/townpress/townpress/internal/build"
	tpconfig "github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/release"
)

// Exit codes besides 0, 1 and 2.
const (
	// exitStore is a release that could not be written into the store (a
	// full disk, no permission): the input may be fine.
	exitStore = 3
	// exitChanged is check -against finding anything that publishing
	// would change: 0 says nothing would, 1 stays for errors in the input.
	exitChanged = 4
)

func runRelease(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("release", "release -id ID -date YYYY-MM-DD -title TEXT [-title-en TEXT] [-reason scheduled|correction] [-note TEXT] [-note-en TEXT] [-config config.toml] [-out public] [-base-url URL] [-strict] [-pdf [-chromium PATH]] [-quiet] [-lang zh|en]",
		`  townpress release -id 2024-preliminary -date 2025-03-31 -title "2024年年报 初步数"
  townpress release -id 2024-revised -date 2025-09-30 -title "2024年年报 修订" -reason correction -note "2024年数据改为最终核实数"
  townpress release -pdf               the stamp from [release] in config.toml; the report PDFs archived too

A release archives the downloads and every figure in releases/<id>/ beside
data/ (commit it like the data), lists the figures revised since the
release before, and builds the site, which publishes every release under
releases/<id>/. The date is never taken from the clock.`, stderr)
	opts := build.Options{}
	fs.StringVar(&opts.Config, "config", "config.toml", "the site's config `file`; its folder holds data/, layouts/ and releases/")
	fs.StringVar(&opts.Out, "out", "public", "output `folder` the site is built into after the release is stored")
	fs.StringVar(&opts.BaseURL, "base-url", "", "absolute `URL` the site is published at; overrides site.base_url")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings as errors: release nothing if there are any")
	fs.BoolVar(&opts.PDF, "pdf", false, "also print and archive each annual report as downloads/report-<year>.pdf (headless Chromium)")
	fs.StringVar(&opts.Chromium, "chromium", "", "Chromium or Chrome `program` for -pdf")
	id := fs.String("id", "", "the release's `id`, a slug such as 2024-revised (default: id under [release] in config.toml)")
	date := fs.String("date", "", "the release's date, `YYYY-MM-DD` (default: date under [release]); never the clock, so a release made again is the same")
	title := fs.String("title", "", "the release's `title`, such as \"2024年年报 初步数\" (default: title under [release])")
	titleEn := fs.String("title-en", "", "its English `title`")
	reason := fs.String("reason", "", "why: `scheduled` (a release of the calendar, the default) or correction")
	note := fs.String("note", "", "what changed and why, shown with the revisions (`text`)")
	noteEn := fs.String("note-en", "", "the note in English (`text`)")
	quiet := fs.Bool("quiet", false, "print nothing but problems")
	langName := langFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	lang, ok := language(*langName, opts.Config, stderr)
	if !ok {
		return 2
	}
	stamp := stampOf(opts.Config, map[string]*string{"id": id, "date": date, "title": title, "title_en": titleEn, "reason": reason, "note": note, "note_en": noteEn})
	made, res, err := build.Release(opts, stamp)
	if res != nil {
		report(stderr, res.Problems, lang)
	}
	if err != nil {
		var (
			perr *build.ProblemsError
			serr *build.StoreError
		)
		switch {
		case errors.As(err, &perr):
			if res == nil {
				report(stderr, perr.Problems, lang)
			}
			fmt.Fprintln(stderr, diag.Sprint(lang, diag.M("townpress: nothing was released: %s", "townpress：未发布任何版本：%s"), summaryText(perr.Problems)))
			return 1
		case errors.As(err, &serr):
			fmt.Fprintln(stderr, diag.Sprint(lang, diag.M("townpress: nothing was released: %v", "townpress：未发布任何版本：%v"), err))
			return exitStore
		}
		printErr(stderr, err, lang)
		return 1
	}
	counts := release.Count(made.Changes)
	what := diag.T("the first release", "首个版本")
	if made.Meta.Previous != "" {
		what = diag.M("against %s: %d figures revised, %d with other marks, %d added, %d removed", "与 %s 相比：修订 %d 个数字，标记变化 %d 个，新增 %d 个，删除 %d 个").
			Text(made.Meta.Previous, counts.Revised, counts.Status, counts.Added, counts.Removed)
	}
	if !*quiet {
		fmt.Fprintln(stdout, diag.Sprint(lang, diag.M("released %s (%s, %s), %s; stored in %s: %d files, %s",
			"已发布 %s（%s，%s），%s；存入 %s：%d 个文件，%s"), made.Meta.ID, made.Meta.Date, made.Meta.Title, what, made.Folder, made.Files, humanBytes(made.Bytes)))
	}
	// The site is built with the new release among the others.
	buildArgs := []string{"-config", opts.Config, "-out", opts.Out, "-lang", lang.String()}
	if opts.BaseURL != "" {
		buildArgs = append(buildArgs, "-base-url", opts.BaseURL)
	}
	if opts.PDF {
		buildArgs = append(buildArgs, "-pdf")
		if opts.Chromium != "" {
			buildArgs = append(buildArgs, "-chromium", opts.Chromium)
		}
	}
	if *quiet {
		buildArgs = append(buildArgs, "-quiet")
	}
	return runBuild(buildArgs, stdout, io.Discard)
}

// stampOf is the new release's stamp: each flag given, else its key under
// [release] in the config, with where each came from for messages.
func stampOf(configPath string, flags map[string]*string) release.Stamp {
	var cfg *tpconfig.Config
	if raw, err := os.ReadFile(configPath); err == nil {
		cfg, _, _ = tpconfig.Parse(configPath, raw)
	}
	st := release.Stamp{At: map[string]diag.Loc{}}
	fields := map[string]*string{"id": &st.ID, "date": &st.Date, "title": &st.Title, "title_en": &st.TitleEn, "reason": &st.Reason, "note": &st.Note, "note_en": &st.NoteEn}
	for key, dst := range fields {
		if v := *flags[key]; v != "" {
			*dst = v
			st.At[key] = diag.Loc{File: "-" + strings.ReplaceAll(key, "_", "-")} // the flag: -id, -title-en
			continue
		}
		if cfg == nil {
			continue
		}
		r := cfg.Release
		*dst = map[string]string{"id": r.ID, "date": string(r.Date), "title": r.Title, "title_en": r.TitleEn, "reason": r.Reason, "note": r.Note, "note_en": r.NoteEn}[key]
		if line := cfg.Line("release", -1, key); *dst != "" && line > 0 {
			st.At[key] = diag.Loc{File: configPath, Line: line}
		}
	}
	return st
}

// checkAgainst is check -against: the check's problems, then what
// publishing would change.
func checkAgainst(configPath, against string, strict bool, lang diag.Lang, stdout, stderr io.Writer) int {
	cmp, problems, err := build.Compare(configPath, against)
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
	var perr *build.ProblemsError
	switch {
	case errors.Is(err, build.ErrNoSuchAgainst):
		fmt.Fprintf(stderr, "townpress check: %v\n", err)
		return 2
	case errors.As(err, &perr):
		fmt.Fprintln(stdout, diag.Sprint(lang, diag.M("%s; the site cannot be built until the errors are fixed", "%s；改正错误后才能构建站点"), summaryText(problems)))
		return 1
	case err != nil:
		printErr(stderr, err, lang)
		return 1
	case strict && len(warns) > 0:
		fmt.Fprintln(stdout, diag.Sprint(lang, diag.M("%s; -strict: warnings count as errors", "%s；-strict：警告按错误处理"), summaryText(problems)))
		return 1
	}
	cmp.Write(stdout, lang)
	if cmp.Empty() {
		return 0
	}
	return exitChanged
}
