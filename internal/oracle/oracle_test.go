// Package oracle is an independent check of every figure the sample site
// publishes (issues 10 and 11): it reads the sample workbook with
// excelize and config.toml with the TOML library, recomputes every town
// value, tier and city total with its coverage, growth and change, rate,
// rank and target with exact rationals (math/big), builds the site, and
// compares what each output writes — pages, charts, chart data, data
// downloads, workbooks, the browser's data — with its own figures.
//
// Issue 11's official figures are the office's, read by the oracle from
// the workbook as the README describes them: its 合计 and 其中 rows are
// the totals (published in place of the sums, which they must reconcile
// with within rounding), its typed growth is the growth, and every
// figure carries its marks (provisional, revised, estimated, a break,
// confidential …) and its footnote into every output that shows it
// (marks_test.go says where each output may carry them); an indicator's
// display_unit is how its figures are shown. A figure changed since the
// previous publication (the store's releases, releases_test.go) is
// marked revised, and where a page shows one the current release
// revised, its r links to the figure's own entry on the release's page
// (read from the release's revisions.csv), and no other mark links to a
// revision. TestOracleOfficialVariant
// builds a copy with a total that does not reconcile and a display unit.
//
// Every release of the store is published under releases/<id>/: the
// oracle checks each archived file against its release's SHA256SUMS, and
// every release but the one the site's figures are against that
// release's own figures (archive_test.go), with the same readers.
//
// It imports no townpress package to read or compute a figure; it uses
// internal/build only to build the site under test, and internal/sitetest
// (which imports no townpress package) to copy the sample for a variant.
//
// Run it with
//
//	go test ./internal/oracle
//	go test ./internal/oracle -run TestOracle -args -oracle.report=/tmp/oracle.txt
//	go test ./internal/oracle -run 'TestOracle$' -args -oracle.out=/tmp/public
//
// The second form writes every disagreement, not only examples of each
// class, to a file; the third checks a site already built from this
// repository's config.toml and data/ (by another branch's code, say).
package oracle

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/build"
	"github.com/townpress/townpress/internal/sitetest"
)

var (
	reportFile = flag.String("oracle.report", "", "write every disagreement the oracle finds to this file")
	// builtOut checks a site already built from this repository's
	// config.toml and data/ (by another branch's code, say) instead of
	// building it.
	builtOut = flag.String("oracle.out", "", "check this built site folder instead of building the sample")
)

// root is the repository, whose config.toml and data/ are the sample site.
const root = "../.."

// sampleDir holds the built sample site, removed when the tests end.
var sampleDir string

// builtSample builds the sample site once for the tests of this package.
var builtSample = sync.OnceValues(func() (string, error) {
	if *builtOut != "" {
		return *builtOut, nil
	}
	dir, err := os.MkdirTemp("", "oracle-site-")
	if err != nil {
		return "", err
	}
	sampleDir = dir
	out := filepath.Join(dir, "public")
	abs, _ := filepath.Abs(filepath.Join(root, "config.toml"))
	if _, err := build.Build(build.Options{Config: abs, Out: out}); err != nil {
		return "", err
	}
	return out, nil
})

func TestMain(m *testing.M) {
	code := m.Run()
	if sampleDir != "" {
		os.RemoveAll(sampleDir)
	}
	os.Exit(code)
}

// loadOracle reads the site's config and workbooks the oracle's way.
func loadOracle(t *testing.T, siteDir string) *oracleSite {
	t.Helper()
	cfg, err := readConfig(filepath.Join(siteDir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	wb, err := readWorkbooks(cfg, siteDir)
	if err != nil {
		t.Fatal(err)
	}
	s := newOracleSite(cfg, wb)
	s.siteDir = siteDir
	base, err := s.applyRevisions(siteDir)
	if err != nil {
		t.Fatal(err)
	}
	if base != "" {
		t.Logf("revised (r) since release %s", base)
	}
	return s
}

// checkSite compares every output of a built site with the oracle.
func checkSite(t *testing.T, s *oracleSite, out string) *findings {
	t.Helper()
	f := newFindings()
	var pages, csvs []string
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		rel = filepath.ToSlash(rel)
		switch {
		case strings.HasPrefix(rel, "assets/"):
		case strings.HasPrefix(rel, "releases/"), strings.HasPrefix(rel, "en/releases/"),
			strings.HasPrefix(rel, "calendar/"), strings.HasPrefix(rel, "en/calendar/"):
			// What the releases published, checked by checkReleases
			// against their SHA256SUMS and, but for the release the
			// site's figures are (whose downloads are the site's), against
			// each release's own figures, not today's workbooks; the
			// build's snapshot, checked by the release tests; and the
			// releases' pages (a release's revisions are the figures it
			// replaced, the calendar's are dates), held to golden pages in
			// package build.
		case strings.HasSuffix(rel, ".html"):
			pages = append(pages, rel)
		case strings.HasSuffix(rel, ".csv") && !strings.Contains(rel, "downloads/"):
			csvs = append(csvs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	for _, p := range pages {
		if err := s.checkPage(out, p, f); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range csvs {
		if !s.chartCSVs[c] {
			f.add(finding{class: "oracle: a chart data file no page links (not checked)", where: c, what: "file", want: "linked from a chart", got: "not linked"})
		}
	}
	if err := s.checkDownloads(out, "", f); err != nil {
		t.Fatal(err)
	}
	if err := s.checkReleases(out, f); err != nil {
		t.Fatal(err)
	}
	if err := s.checkAssetData(out, f); err != nil {
		t.Fatal(err)
	}
	return f
}

// checkDownloads checks every download of a built site under prefix: the
// site's own ("") or an archived release's ("releases/<id>/"), which
// holds downloads/ and en/downloads/ as the site does.
func (s *oracleSite) checkDownloads(out, prefix string, f *findings) error {
	if err := s.checkDataJSON(out, prefix, f); err != nil {
		return err
	}
	for _, name := range []string{"values", "totals", "targets", "towns", "indicators"} {
		if err := s.checkCSV(out, prefix+"downloads/data/"+name+".csv", noCtx(), "downloads/data/*.csv", f); err != nil {
			return err
		}
	}
	s.checkNotesFile(out, prefix, f)
	s.checkDataPackage(out, prefix, f)
	for _, tw := range s.towns {
		ctx := noCtx()
		ctx.town = tw
		if err := s.checkCSV(out, prefix+"downloads/towns/"+tw.id+".csv", ctx, "downloads/towns/*.csv", f); err != nil {
			return err
		}
		if err := s.checkWorkbook(out, prefix+"downloads/towns/"+tw.id+".xlsx", ctx, "downloads/towns/*.xlsx", f); err != nil {
			return err
		}
	}
	if err := s.checkWorkbook(out, prefix+"downloads/townpress-data.xlsx", noCtx(), "townpress-data.xlsx", f); err != nil {
		return err
	}
	reports, _ := filepath.Glob(filepath.Join(out, filepath.FromSlash(prefix), "downloads", "report-*.xlsx"))
	enReports, _ := filepath.Glob(filepath.Join(out, filepath.FromSlash(prefix), "en", "downloads", "report-*.xlsx"))
	if len(reports) == 0 {
		f.add(finding{class: "not present: a download", where: prefix + "downloads/report-<year>.xlsx", what: "report workbooks", want: "one a year", got: "none"})
	}
	for _, path := range append(reports, enReports...) {
		rel, _ := filepath.Rel(out, path)
		ctx := noCtx()
		ctx.year, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "report-"), ".xlsx"))
		ctx.scope = "all"
		if strings.HasPrefix(filepath.ToSlash(rel), prefix+"en/") {
			// An English report shows the notes' English.
			ctx.lang = "en"
		}
		if err := s.checkWorkbook(out, filepath.ToSlash(rel), ctx, "report-<year>.xlsx", f); err != nil {
			return err
		}
	}
	return nil
}

// explain logs the oracle's findings and fails the test on any.
func explain(t *testing.T, f *findings, label string) {
	t.Helper()
	var summary bytes.Buffer
	f.report(&summary, 6)
	if *reportFile != "" {
		var full bytes.Buffer
		f.report(&full, -1)
		name := *reportFile
		if label != "half-up" {
			name = strings.TrimSuffix(name, filepath.Ext(name)) + "-" + label + filepath.Ext(name)
		}
		if err := os.WriteFile(name, full.Bytes(), 0o644); err != nil {
			t.Error(err)
		}
	}
	if len(f.list) > 0 {
		t.Errorf("%s: %d disagreements between the outputs and the oracle\n%s", label, len(f.list), summary.String())
	} else {
		t.Logf("%s: %s", label, summary.String())
	}
}

// TestOracle checks the sample site as built from the repository, with
// its rounding (四舍五入).
func TestOracle(t *testing.T) {
	out, err := builtSample()
	if err != nil {
		t.Fatal(err)
	}
	s := loadOracle(t, root)
	if s.rule != halfUp {
		t.Fatalf("the sample site rounds %s; this test expects half-up (TestOracleHalfEven covers half-even)", s.rule)
	}
	f := checkSite(t, s, out)
	if f.total() < 10000 {
		t.Errorf("compared only %d figures: the oracle no longer finds the site's tables", f.total())
	}
	explain(t, f, "half-up")
}

var roundingRE = regexp.MustCompile(`(?m)^rounding\s*=.*$`)

// TestOracleHalfEven builds a copy of the sample site with site.rounding =
// "half-even" and checks it the same way.
func TestOracleHalfEven(t *testing.T) {
	site := sitetest.Copy(t, root, "config.toml", "data").Edit("config.toml", func(conf string) string {
		if roundingRE.MatchString(conf) {
			return roundingRE.ReplaceAllString(conf, `rounding = "half-even"`)
		}
		return strings.Replace(conf, "[site]\n", "[site]\nrounding = \"half-even\"\n", 1)
	})
	dir := site.Dir
	out := filepath.Join(dir, "public")
	if _, err := build.Build(build.Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	s := loadOracle(t, dir)
	if s.rule != halfEven {
		t.Fatalf("the copy rounds %s, want half-even", s.rule)
	}
	explain(t, checkSite(t, s, out), "half-even")
}

func fmtFindings(list []finding) string {
	var b strings.Builder
	for _, x := range list {
		fmt.Fprintf(&b, "  %s: %s: %s: want %s, got %s\n", x.class, x.where, x.what, x.want, x.got)
	}
	return b.String()
}

// issue11Classes are the classes of outputs that do not show issue 11's
// official figures and marks yet (pages and downloads are being taught
// them): TestOracleOfficialVariant tolerates them, and only them.
var issue11Classes = []string{"not present: status mark", "not present: footnote", "official: growth computed from the levels shown in place of the office's typed growth"}

// TestOracleOfficialVariant builds a copy of the sample in which the
// office's 2022 合计 of new investment is 1 亿元 more than its towns' (a
// total that does not reconcile) and operating revenue, kept in 万元, is
// shown in 亿元 (display_unit): the oracle expects that 合计 published as
// the office's wherever the total is shown, one reconciliation warning at
// its cell and no other, and every revenue figure in 亿元 with R&D
// intensity still the ratio of its parts as kept.
func TestOracleOfficialVariant(t *testing.T) {
	site := sitetest.Copy(t, root, "config.toml", "data").Edit("config.toml", func(conf string) string {
		block := strings.Index(conf, `id = "revenue"`)
		unit := strings.Index(conf[max(block, 0):], "decimals = 0\n")
		if block < 0 || unit < 0 {
			t.Fatal("config.toml: no revenue indicator with decimals = 0; update the test")
		}
		at := block + unit
		return conf[:at] + "decimals = 2\ndisplay_unit = \"亿元\"\ndisplay_unit_en = \"100 million yuan\"\ndisplay_factor = 0.0001\n" + conf[at+len("decimals = 0\n"):]
	})
	dir := site.Dir
	book := filepath.Join(dir, "data", "taiyuan.xlsx")
	cell := offsetTotal(t, book, "2022年", "新增投资（亿元）", 1)

	out := filepath.Join(dir, "public")
	res, err := build.Build(build.Options{Config: filepath.Join(dir, "config.toml"), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	s := loadOracle(t, dir)
	// The oracle's reconciliation against the build's warnings.
	var want, got []string
	for k, o := range s.data.officials {
		if why := s.reconciles(k.ind, s.figure(k.scope, k.ind, k.year)); why != "" {
			want = append(want, o.value.at)
			t.Logf("%s %s %d: %s", k.scope, s.cfg.Indicators[k.ind].ID, k.year, why)
		}
	}
	for _, p := range res.Problems {
		got = append(got, p.Loc.Sheet+"!"+p.Loc.Cell)
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(want, " ") != "2022年!"+cell || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("reconciliation: the oracle finds %v beyond rounding (want 2022年!%s), the build warns at %v:\n%v", want, cell, got, res.Problems)
	}
	if f := s.figure("all", s.indIndex("investment"), 2022); !f.official || f.value.x.Cmp(f.summed) == 0 {
		t.Fatalf("the oracle does not read the changed 合计: %+v", f)
	}
	f := checkSite(t, s, out)
	var other []finding
	for _, x := range f.list {
		if !slices.Contains(issue11Classes, x.class) {
			other = append(other, x)
		}
	}
	if len(other) > 0 {
		g := newFindings()
		g.list, g.compared = other, f.compared
		var b bytes.Buffer
		g.report(&b, 6)
		t.Errorf("%d disagreements besides issue 11's marks:\n%s", len(other), b.String())
	}
}

// offsetTotal adds delta to the 合计 row's figure under header in sheet
// of the workbook at path, as an office typing its own total would (the
// formula replaced by the number), and returns the cell.
func offsetTotal(t *testing.T, path, sheet, header string, delta float64) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	col, row := -1, -1
	for r, cells := range rows {
		for c, v := range cells {
			switch strings.TrimSpace(v) {
			case header:
				col = c
			case "合计":
				row = r
			}
		}
	}
	if col < 0 || row < 0 || col >= len(rows[row]) {
		t.Fatalf("%s: no 合计 row or %s column; update the test", sheet, header)
	}
	v, err := strconv.ParseFloat(rows[row][col], 64)
	if err != nil {
		t.Fatal(err)
	}
	name := cellName(col, row)
	if err := f.SetCellFormula(sheet, name, ""); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue(sheet, name, v+delta); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return name
}
