package build

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/internal/sitetest"
)

// writeSite writes a small site: config.toml and data/towns.xlsx made with
// excelize, as an official's workbook would be, from towns and values rows
// (without their header rows).
func writeSite(t *testing.T, towns [][]any, values [][]any) string {
	t.Helper()
	return sitetest.New(t, `
-- config.toml --

[site]
title = "测试门户"
title_en = "Test portal"
languages = ["zh-CN", "en"]
[[tiers]]
id = "provincial"
name = "省级"
name_en = "Provincial"
[[tiers]]
id = "municipal"
name = "市级"
name_en = "Municipal"
[[indicators]]
id = "output"
name = "工业产值"
name_en = "Industrial output"
unit = "亿元"
decimals = 1
sum = true
-- data/towns.xlsx.txt --
`+sitetest.Sheet(t, "专业镇名录", append([][]any{{"编号", "名称", "英文名称", "级别"}}, towns...))+
		sitetest.Sheet(t, "指标数据", append([][]any{{"专业镇", "年份", "工业产值（亿元）"}}, values...))).Dir
}

func goodSite(t *testing.T) string {
	return writeSite(t,
		[][]any{{"vinegar", "老陈醋专业镇", "Vinegar town", "省级"}, {"motors", "电机小镇", "Motor town", "市级"}},
		[][]any{{"vinegar", 2023, 19.9}, {"vinegar", 2024, "24.1"}, {"电机小镇", 2023, "—"}, {"电机小镇", 2024, 9.5}})
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestBuildWritesEveryPage(t *testing.T) {
	dir := goodSite(t)
	out := filepath.Join(dir, "public")
	res, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	site := sitetest.At(t, dir)
	for _, want := range []string{
		"index.html", "404.html", "sitemap.xml", "robots.txt",
		"tiers/index.html", "tiers/provincial/index.html", "tiers/municipal/index.html",
		"towns/index.html", "towns/vinegar/index.html", "towns/motors/index.html",
		"indicators/index.html", "indicators/output/index.html",
		"en/index.html", "en/towns/motors/index.html",
		"reports/index.html", "reports/2023/index.html", "reports/2024/index.html", "en/reports/2024/index.html",
		"downloads/index.html", "en/downloads/index.html", "downloads/SHA256SUMS", "en/downloads/SHA256SUMS",
		"downloads/report-2024.xlsx", "en/downloads/report-2024.xlsx", "downloads/townpress-data.xlsx",
		"downloads/data.json", "downloads/datapackage.json", "downloads/data/values.csv",
		"downloads/towns/vinegar.csv", "downloads/towns/vinegar.xlsx",
		"towns/vinegar/vinegar-output-trend.csv", "towns/vinegar/vinegar-output-trend.json",
		"assets/echarts.min.js", "assets/echarts-LICENSE.txt", "assets/townpress.css", "assets/townpress.js",
		"search/index.html", "compare/index.html", "en/compare/index.html", "assets/explore.js",
		"assets/search-index.js", "assets/data/output.js",
	} {
		site.Exists("public/" + want)
	}
	// Per language: home, tiers, towns, indicators, 404, search, compare,
	// 2 tiers, 2 towns, 1 indicator, the reports index, 2 report years,
	// downloads.
	if res.Pages != 2*16 {
		t.Errorf("pages = %d, want 32", res.Pages)
	}
	// Missing stays missing: the motor town's 2023 output shows as —, not 0.
	site.Contains("public/towns/motors/index.html", `<th scope="row">2023年</th><td>—</td>`)
}

func TestBuildIsDeterministic(t *testing.T) {
	dir := goodSite(t)
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, out := range []string{a, b} {
		if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
			t.Fatal(err)
		}
	}
	fa, fb := readTree(t, a), readTree(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files vs %d", len(fa), len(fb))
	}
	for name, content := range fa {
		if !bytes.Equal(content, fb[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestFailedBuildLeavesPreviousSite(t *testing.T) {
	dir := goodSite(t)
	out := filepath.Join(dir, "public")
	if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)

	bad := writeSite(t,
		[][]any{{"vinegar", "老陈醋专业镇", "", "国家级"}, {"../x", "坏镇", "", "市级"}},
		[][]any{{"vinegar", 2023, "12k"}, {"没有这个镇", 2024, 1}})
	os.Rename(filepath.Join(bad, "data", "towns.xlsx"), filepath.Join(dir, "data", "towns.xlsx"))
	_, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out})
	var perr *ProblemsError
	if !errors.As(err, &perr) {
		t.Fatalf("err = %v, want input problems", err)
	}
	got := perr.Problems.Error()
	for _, want := range []string{
		`data/towns.xlsx:指标数据!C2: 工业产值: "12k" is not a number`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	after := readTree(t, out)
	if len(after) != len(before) {
		t.Fatalf("public/ changed: %d files, had %d", len(after), len(before))
	}
	for name := range before {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("%s changed after a failed build", name)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary folder left behind: %s", e.Name())
		}
	}
}

func TestModelErrorsAreAllListed(t *testing.T) {
	dir := writeSite(t,
		[][]any{{"vinegar", "老陈醋专业镇", "", "国家级"}, {"../x", "坏镇", "", "市级"}, {"ok", "好镇", "", "市级"}},
		[][]any{{"没有这个镇", 2024, 1}, {"ok", 2024, 1}, {"ok", 2024, 2}})
	_, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: filepath.Join(dir, "public")})
	var perr *ProblemsError
	if !errors.As(err, &perr) {
		t.Fatalf("err = %v", err)
	}
	got := perr.Problems.Error()
	for _, want := range []string{
		`data/towns.xlsx:专业镇名录!D2: unknown tier "国家级"`,
		`data/towns.xlsx:专业镇名录!A3: town id "../x" is not valid`,
		`data/towns.xlsx:指标数据!A2: unknown town "没有这个镇"`,
		`data/towns.xlsx:指标数据!C4: 工业产值 of 好镇 in 2024 is given twice, differently: 2 here and 1 at data/towns.xlsx:指标数据!C3`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("a failed first build should write no public/")
	}
}

// BenchmarkBuild builds the sample site and reports pages per second.
func BenchmarkBuild(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	pages := 0
	b.ReportAllocs()
	for b.Loop() {
		res, err := Build(Options{Config: "../../config.toml", Out: out})
		if err != nil {
			b.Fatal(err)
		}
		pages += res.Pages
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkPrepare reads the sample site and makes its renderer, what serve
// does after a save before it renders the page a tab shows.
func BenchmarkPrepare(b *testing.B) {
	for b.Loop() {
		d, err := Prepare(Options{Config: "../../config.toml"})
		if err != nil {
			b.Fatal(err)
		}
		d.res.in.Close()
	}
}

func TestOutMustNotDestroyOtherFolders(t *testing.T) {
	dir := goodSite(t)
	cfg := filepath.Join(dir, "config.toml")
	foreign := filepath.Join(dir, "notes")
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "keep.txt"), []byte("mine"), 0o644)
	for _, out := range []string{dir, filepath.Join(dir, "data"), filepath.Dir(dir), foreign} {
		if _, err := Build(Options{Config: cfg, Out: out}); err == nil || !strings.Contains(err.Error(), "refusing to replace") {
			t.Errorf("-out %s: err = %v, want a refusal", out, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "config.toml")); err != nil {
		t.Fatalf("the site's config is gone: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "keep.txt")); string(b) != "mine" {
		t.Fatalf("a foreign folder was touched")
	}
	// An empty folder, or the previous build's output, is fine.
	out := filepath.Join(dir, "public")
	os.Mkdir(out, 0o755)
	for range 2 {
		if _, err := Build(Options{Config: cfg, Out: out}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChartFilesCanBeTurnedOff(t *testing.T) {
	dir := goodSite(t)
	cfg := filepath.Join(dir, "config.toml")
	raw, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(raw), "[site]\n", "[site]\nchart_files = false\n", 1)), 0o644)
	out := filepath.Join(dir, "public")
	if _, err := Build(Options{Config: cfg, Out: out}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	for name := range files {
		if strings.HasPrefix(name, "towns/") && (strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".json")) && !strings.Contains(name, "/downloads/") {
			t.Errorf("chart data file %s written with chart_files = false", name)
		}
	}
	if strings.Contains(string(files["towns/vinegar/index.html"]), `class="chart-files"`) {
		t.Errorf("town page links chart files that are not written")
	}
}

// TestBuildAgreesWithRender builds the sample site to disk, where each file
// is written as it is made, and renders it in memory as serve does: the
// two must hold the same files, byte for byte, and the same summary.
func TestBuildAgreesWithRender(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	built, err := Build(Options{Config: "../../config.toml", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	rendered, files, err := Render(Options{Config: "../../config.toml"})
	if err != nil {
		t.Fatal(err)
	}
	disk := readTree(t, out)
	if _, ok := disk[output.Marker]; !ok {
		t.Errorf("the built folder has no %s", output.Marker)
	}
	delete(disk, output.Marker) // Build's own; serve has no folder to guard
	if len(disk) != len(files) {
		t.Errorf("Build wrote %d files, Render made %d", len(disk), len(files))
	}
	for name, b := range files {
		if d, ok := disk[name]; !ok {
			t.Errorf("%s: rendered but not built", name)
		} else if !bytes.Equal(d, b) {
			t.Errorf("%s: built and rendered bytes differ", name)
		}
	}
	for name := range disk {
		if _, ok := files[name]; !ok {
			t.Errorf("%s: built but not rendered", name)
		}
	}
	var size int64
	for _, b := range disk {
		size += int64(len(b))
	}
	if built.Files != len(disk)+1 || built.Bytes != size+int64(len(output.MarkerContent)) {
		t.Errorf("Build says %d files, %d bytes; the folder holds %d, %d", built.Files, built.Bytes, len(disk)+1, size+int64(len(output.MarkerContent)))
	}
	if rendered.Files != len(files) || rendered.Pages != built.Pages || rendered.Pages < 50 {
		t.Errorf("Render says %d files, %d pages; Build %d pages; want %d files and the same pages", rendered.Files, rendered.Pages, built.Pages, len(files))
	}
}

// TestTownWorkbooksCanBeTurnedOff: with town_workbooks = false no town
// xlsx is written, linked from a town page, listed on the downloads pages
// or in the checksums; the town CSVs stay, linked and listed.
func TestTownWorkbooksCanBeTurnedOff(t *testing.T) {
	dir := goodSite(t)
	cfg := filepath.Join(dir, "config.toml")
	out := filepath.Join(dir, "public")
	if _, err := Build(Options{Config: cfg, Out: out}); err != nil {
		t.Fatal(err)
	}
	on := readTree(t, out)
	raw, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(raw), "[site]\n", "[site]\ntown_workbooks = false\n", 1)), 0o644)
	if _, err := Build(Options{Config: cfg, Out: out}); err != nil {
		t.Fatal(err)
	}
	off := readTree(t, out)
	for _, check := range []struct {
		files map[string][]byte
		want  bool
	}{{on, true}, {off, false}} {
		_, wrote := check.files["downloads/towns/vinegar.xlsx"]
		for what, has := range map[string]bool{
			"the file":            wrote,
			"the town page link":  strings.Contains(string(check.files["towns/vinegar/index.html"]), "downloads/towns/vinegar.xlsx"),
			"the English link":    strings.Contains(string(check.files["en/towns/vinegar/index.html"]), "downloads/towns/vinegar.xlsx"),
			"the downloads page":  strings.Contains(string(check.files["downloads/index.html"]), "towns/vinegar.xlsx"),
			"the checksums":       strings.Contains(string(check.files["downloads/SHA256SUMS"]), "towns/vinegar.xlsx"),
			"the English listing": strings.Contains(string(check.files["en/downloads/index.html"]), "towns/vinegar.xlsx"),
		} {
			if has != check.want {
				t.Errorf("town_workbooks = %v: %s has the town xlsx: %v", check.want, what, has)
			}
		}
		if _, ok := check.files["downloads/towns/vinegar.csv"]; !ok {
			t.Errorf("town_workbooks = %v: the town CSV is missing", check.want)
		}
		for _, page := range []string{"towns/vinegar/index.html", "downloads/index.html"} {
			if !strings.Contains(string(check.files[page]), "towns/vinegar.csv") {
				t.Errorf("town_workbooks = %v: %s does not link the town CSV", check.want, page)
			}
		}
		if !strings.Contains(string(check.files["downloads/SHA256SUMS"]), "towns/vinegar.csv") {
			t.Errorf("town_workbooks = %v: the checksums miss the town CSV", check.want)
		}
	}
}

// What serve renders first (Draft.Page, Draft.Assets) is what the whole
// site holds, byte for byte; the downloads page, which lists every file's
// size, is only made with the whole site.
func TestDraftPagesAreTheSite(t *testing.T) {
	d, err := Prepare(Options{Config: "../../config.toml"})
	if err != nil {
		t.Fatal(err)
	}
	early, err := d.Assets()
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, p := range d.res.renderer.Pages() {
		files, ok, err := d.Page(p.FullPath())
		if err != nil {
			t.Fatal(err)
		}
		if p.Kind == render.DownloadsPage {
			if ok {
				t.Errorf("%s rendered alone", p.FullPath())
			}
			continue
		}
		if !ok {
			t.Errorf("%s: no such page", p.FullPath())
			continue
		}
		pages++
		maps.Copy(early, files)
	}
	if _, ok, _ := d.Page("towns/no-such-town/index.html"); ok {
		t.Error("a page that does not exist was rendered")
	}
	_, all, err := d.All()
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range early {
		if !bytes.Equal(all[name], b) {
			t.Errorf("%s: Page made %d bytes, All %d", name, len(b), len(all[name]))
		}
	}
	if pages < 80 || len(early) < 1000 {
		t.Errorf("only %d pages and %d files rendered alone", pages, len(early))
	}
}

// A layout that fails fails on every page of its kind: the error says so
// once, with how many pages and the first, not once a page.
func TestBrokenLayoutIsOneError(t *testing.T) {
	dir := goodSite(t)
	if err := os.MkdirAll(filepath.Join(dir, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "layouts", "town.html"), []byte(`{{template "nope" .}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: filepath.Join(dir, "public")})
	var le *LayoutError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want a LayoutError", err)
	}
	if len(le.Failures) != 1 || len(le.Failures[0].Pages) < 2 || !strings.Contains(le.Failures[0].Err, `no such template "nope"`) {
		t.Fatalf("failures: %+v", le.Failures)
	}
	zh := le.In(diag.Zh)
	if strings.Count(zh, "\n") != 0 || !strings.Contains(zh, "个页面，第一个为 towns/") {
		t.Errorf("in Chinese: %s", zh)
	}
}
