package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/layouts"
)

func buildGood(t *testing.T, opts Options) (map[string][]byte, *Result) {
	t.Helper()
	dir := goodSite(t)
	opts.Config, opts.Out = filepath.Join(dir, "config.toml"), filepath.Join(dir, "public")
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	return readTree(t, opts.Out), res
}

// TestEveryLinkResolves follows every relative href and src of every page,
// downloads and chart data included, to a file of the build.
func TestEveryLinkResolves(t *testing.T) {
	files, _ := buildGood(t, Options{})
	for _, broken := range brokenLinks(files) {
		t.Error(broken)
	}
}

var linkRef = regexp.MustCompile(`(?:href|src)="([^"#?]+)[^"]*"`)

// pageLinks are the files a page links to, by the path of each in files.
func pageLinks(name string, page []byte) []string {
	var out []string
	for _, m := range linkRef.FindAllStringSubmatch(string(page), -1) {
		out = append(out, path.Join(path.Dir(name), m[1]))
	}
	return out
}

// brokenLinks are the relative links of every page of files that lead
// to no file of the build.
func brokenLinks(files map[string][]byte) []string {
	var out []string
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, target := range pageLinks(name, b) {
			if _, ok := files[target]; !ok {
				out = append(out, fmt.Sprintf("%s links to %s, which the build did not write", name, target))
			}
		}
	}
	return out
}

func TestDownloadsAgreeWithTheModel(t *testing.T) {
	files, res := buildGood(t, Options{})
	site := res.Site

	// Every workbook opens, has sheets, and charts of its own.
	for name, b := range files {
		if !strings.HasSuffix(name, ".xlsx") {
			continue
		}
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(f.GetSheetList()) == 0 {
			t.Errorf("%s: no sheets", name)
		}
		if !strings.Contains(name, "townpress-data") && !bytes.Contains(b, []byte("xl/charts/chart1.xml")) {
			t.Errorf("%s: no native chart", name)
		}
		f.Close()
	}
	f, err := excelize.OpenReader(bytes.NewReader(files["downloads/report-2024.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "摘要,历年合计,专业镇,省级,市级,排名,说明" {
		t.Errorf("report sheets = %s", got)
	}
	v, _ := f.GetCellValue("摘要", "C3", excelize.Options{RawCellValue: true})
	total := site.ScopeFigure(site.Indicator("output"), site.Tiers, site.YearIndex(2024)).Value.Round(1, site.Rule).Float()
	if got, _ := strconv.ParseFloat(v, 64); math.Abs(got-total) > 1e-9 {
		t.Errorf("report summary output = %q, want %v", v, total)
	}
	// The page shows the same total.
	page := string(files["reports/2024/index.html"])
	if !strings.Contains(page, `<td class="num">33.6</td>`) {
		t.Errorf("the report page should show the 2024 total 33.6 (24.1 + 9.5)")
	}

	// CSV: BOM, and the numbers of the model.
	for name, b := range files {
		if strings.HasSuffix(name, ".csv") && !bytes.HasPrefix(b, []byte("\ufeff")) {
			t.Errorf("%s: no UTF-8 BOM", name)
		}
	}
	recs, err := csv.NewReader(bytes.NewReader(files["downloads/towns/vinegar.csv"][3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "year,output" || strings.Join(recs[2], ",") != "2024,24.1" {
		t.Errorf("town CSV = %v", recs)
	}
	recs, _ = csv.NewReader(bytes.NewReader(files["towns/motors/motors-output-trend.csv"][3:])).ReadAll()
	if len(recs) != 3 || recs[1][1] != "" || recs[2][1] != "9.5" {
		t.Errorf("chart CSV should keep 2023 missing and 2024 = 9.5: %v", recs)
	}
	var meta struct{ Title, Unit, Source, Data string }
	if err := json.Unmarshal(files["towns/motors/motors-output-trend.json"], &meta); err != nil || meta.Unit != "亿元" || meta.Data != "motors-output-trend.csv" || meta.Title == "" {
		t.Errorf("chart metadata = %+v %v", meta, err)
	}

	// datapackage.json describes files that exist, with their headers.
	var pkg struct {
		Resources []struct {
			Path   string
			Schema struct{ Fields []struct{ Name string } }
		}
	}
	if err := json.Unmarshal(files["downloads/datapackage.json"], &pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Resources) == 0 {
		t.Fatal("datapackage.json lists no resources")
	}
	for _, r := range pkg.Resources {
		b, ok := files["downloads/"+r.Path]
		if !ok {
			t.Errorf("datapackage.json: %s does not exist", r.Path)
			continue
		}
		header, _ := csv.NewReader(bytes.NewReader(b[3:])).Read()
		var fields []string
		for _, f := range r.Schema.Fields {
			fields = append(fields, f.Name)
		}
		if strings.Join(header, ",") != strings.Join(fields, ",") {
			t.Errorf("%s: header %v, fields %v", r.Path, header, fields)
		}
	}

	// SHA256SUMS verifies every file in its folder.
	for _, dir := range []string{"downloads/", "en/downloads/"} {
		listed := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(string(files[dir+"SHA256SUMS"])), "\n") {
			sum, name, ok := strings.Cut(line, "  ")
			if !ok {
				t.Fatalf("%sSHA256SUMS: bad line %q", dir, line)
			}
			h := sha256.Sum256(files[dir+name])
			if hex.EncodeToString(h[:]) != sum {
				t.Errorf("%sSHA256SUMS: %s does not match", dir, name)
			}
			listed[dir+name] = true
		}
		for name := range files {
			if strings.HasPrefix(name, dir) && !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, "SHA256SUMS") && !listed[name] && (dir != "downloads/" || !strings.HasPrefix(name, "en/")) {
				t.Errorf("%s is not in %sSHA256SUMS", name, dir)
			}
		}
	}
	if !strings.Contains(string(files["downloads/index.html"]), "townpress-data.xlsx") {
		t.Errorf("the downloads page should list the data workbook")
	}
}

func TestPDFSkippedWithoutChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("TOWNPRESS_CHROMIUM", "")
	files, res := buildGood(t, Options{PDF: true})
	if !strings.Contains(res.PDFSkipped, "apt-get install chromium") {
		t.Errorf("PDFSkipped = %q, want how to get Chromium", res.PDFSkipped)
	}
	if _, ok := files["downloads/report-2024.pdf"]; ok {
		t.Errorf("no PDF can be printed without Chromium")
	}
	if strings.Contains(string(files["reports/2024/index.html"]), "report-2024.pdf") {
		t.Errorf("the report must not link to a PDF that was not printed")
	}
}

// pdfTools is the Chromium to print PDFs with, for a test that reads
// them back with poppler's tools; the test is skipped without both, or
// with -short, but fails in CI, which must install them.
func pdfTools(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser test: run without -short")
	}
	chromium := browser.Find()
	_, errInfo := exec.LookPath("pdftotext")
	if chromium == "" || errInfo != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install chromium and poppler-utils")
		}
		t.Skip("needs chromium and poppler-utils (pdftotext, pdfinfo)")
	}
	return chromium
}

// TestReportPDF prints the sample-sized site's reports and reads them back
// with poppler's tools, as a reader's PDF viewer would.
func TestReportPDF(t *testing.T) {
	chromium := pdfTools(t)
	dir := goodSite(t)
	out := filepath.Join(dir, "public")
	res, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out, PDF: true, Chromium: chromium})
	if err != nil {
		t.Fatal(err)
	}
	if res.PDFSkipped != "" || len(res.PDFs) != 4 {
		t.Fatalf("PDFs = %v, skipped %q; want 2 years in 2 languages", res.PDFs, res.PDFSkipped)
	}
	pdf := filepath.Join(out, "downloads", "report-2024.pdf")
	info, err := exec.CommandContext(context.Background(), "pdfinfo", pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if pages, _ := strconv.Atoi(string(m[1])); pages < 2 {
		t.Errorf("the PDF has %d page(s), want a cover and the report", pages)
	}
	text, err := exec.CommandContext(context.Background(), "pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2024年度专业镇发展报告", "老陈醋专业镇"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	// The PDF is listed, checksummed and linked, like every download.
	sums, _ := os.ReadFile(filepath.Join(out, "downloads", "SHA256SUMS"))
	if !strings.Contains(string(sums), "  report-2024.pdf\n") {
		t.Errorf("SHA256SUMS should list the PDF")
	}
	page, _ := os.ReadFile(filepath.Join(out, "reports", "2024", "index.html"))
	if !strings.Contains(string(page), `href="../../downloads/report-2024.pdf"`) {
		t.Errorf("the report page should link to its PDF")
	}
}

// A sample site's CSV files, the chart data beside the pages included,
// say so on every row in a last column, and the chart's JSON lists it.
func TestCSVFilesCarryTheSampleMark(t *testing.T) {
	dir := goodSite(t)
	cfgPath := filepath.Join(dir, "config.toml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, bytes.Replace(cfg, []byte("[site]\n"), []byte("[site]\nsample_data = true\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	if _, err := Build(Options{Config: cfgPath, Out: out}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	csvs := 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		csvs++
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		mark, head := "示例数据 / sample data", "note"
		// Data files: the downloads, and releases/ (the archived
		// downloads, the snapshots and revisions of the releases).
		if !strings.HasPrefix(name, "downloads/") && !strings.HasPrefix(name, "releases/") {
			mark, head = "示例数据", "说明"
			if strings.HasPrefix(name, "en/") {
				mark, head = "Sample data", "Note"
			}
		}
		if h := recs[0]; h[len(h)-1] != head {
			t.Errorf("%s: header %v, want a last column %q", name, h, head)
		}
		for _, r := range recs[1:] {
			if r[len(r)-1] != mark {
				t.Errorf("%s: row %v lacks the sample-data mark %q", name, r, mark)
				break
			}
		}
	}
	if csvs < 10 {
		t.Errorf("only %d CSV files checked", csvs)
	}
	var meta struct{ Columns []string }
	if err := json.Unmarshal(files["towns/motors/motors-output-trend.json"], &meta); err != nil || meta.Columns[len(meta.Columns)-1] != "说明" {
		t.Errorf("chart metadata columns = %v %v, want the note column last", meta.Columns, err)
	}
}

// TestSlowReportPDF makes the Chinese 2024 report's page wait forever for
// a chart that is never drawn. Its PDF is given up once the page stops
// making progress, with the page named and why; the other PDFs, and the
// whole site, are still built, and nothing links to the missing PDF.
// Before, a fixed deadline for all reports failed the whole build.
func TestSlowReportPDF(t *testing.T) {
	chromium := browser.Find()
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install chromium")
		}
		t.Skip("needs chromium")
	}
	if testing.Short() {
		t.Skip("waits for a report page that never finishes")
	}
	defer func(d time.Duration) { pdfIdle = d }(pdfIdle)
	pdfIdle = 10 * time.Second
	dir := goodSite(t)
	tmpl, err := fs.ReadFile(layouts.FS, "report.html")
	if err != nil {
		t.Fatal(err)
	}
	slow := strings.Replace(string(tmpl), `{{define "main" -}}`, `{{define "main" -}}{{if and (eq .ReportYear 2024) (not .Lang.IsEn)}}<div><div class="chart" id="never-drawn"></div></div>{{end}}`, 1)
	os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
	os.WriteFile(filepath.Join(dir, "layouts", "report.html"), []byte(slow), 0o644)
	out := filepath.Join(dir, "public")
	res, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out, PDF: true, Chromium: chromium})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.PDFs) != "[downloads/report-2023.pdf en/downloads/report-2023.pdf en/downloads/report-2024.pdf]" {
		t.Errorf("PDFs = %v; want all but the Chinese 2024 one", res.PDFs)
	}
	failed := strings.Join(res.PDFFailed, "\n")
	if want := "reports/2024/index.html: no progress for 10s while drawing its charts ("; len(res.PDFFailed) != 1 || !strings.HasPrefix(failed, want) {
		t.Errorf("PDFFailed:\n%s\nwant one, saying %q", failed, want)
	}
	files := readTree(t, out)
	if _, ok := files["downloads/report-2024.pdf"]; ok {
		t.Errorf("a PDF of the slow report was written")
	}
	for name, b := range files {
		chinese := !strings.HasPrefix(name, "en/")
		if chinese && strings.HasSuffix(name, ".html") && strings.Contains(string(b), "report-2024.pdf") {
			t.Errorf("%s links to the PDF that was not printed", name)
		}
	}
	if strings.Contains(string(files["downloads/SHA256SUMS"]), "report-2024.pdf") {
		t.Errorf("SHA256SUMS lists the PDF that was not printed")
	}
	for name, want := range map[string]string{"reports/index.html": "report-2023.pdf", "en/reports/2024/index.html": "report-2024.pdf", "en/downloads/SHA256SUMS": "report-2024.pdf"} {
		if !strings.Contains(string(files[name]), want) {
			t.Errorf("%s lost %s, which was printed", name, want)
		}
	}
}

// A site whose figures carry marks and a footnote builds to the same
// bytes twice, lists notes.csv with a description of its own, checks it
// and describes it in datapackage.json.
func TestMarkedBuildIsDeterministic(t *testing.T) {
	dir := writeSite(t,
		[][]any{{"vinegar", "老陈醋专业镇", "Vinegar town", "省级"}, {"motors", "电机小镇", "Motor town", "市级"}},
		[][]any{{"vinegar", 2023, "19.9r①"}, {"vinegar", 2024, "24.1"}, {"电机小镇", 2023, "保密"}, {"电机小镇", 2024, "9.5p"},
			{"注：①老陈醋专业镇2023年为修订数。"}})
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
	notes := string(fa["downloads/data/notes.csv"])
	if !strings.Contains(notes, "老陈醋专业镇2023年为修订数") {
		t.Fatalf("notes.csv = %q", notes)
	}
	values := string(fa["downloads/data/values.csv"])
	for _, want := range []string{"output_status", "output_note", ",19.9,revised,1\r\n", ",,confidential,\r\n"} {
		if !strings.Contains(values, want) {
			t.Errorf("values.csv lacks %q:\n%s", want, values)
		}
	}
	for _, page := range []string{"downloads/index.html", "en/downloads/index.html"} {
		html := string(fa[page])
		if !strings.Contains(html, "notes.csv") || strings.Contains(html, "[dl_") {
			t.Errorf("%s: notes.csv not listed, or listed without its description", page)
		}
	}
	if !strings.Contains(string(fa["downloads/SHA256SUMS"]), "  data/notes.csv\n") {
		t.Errorf("SHA256SUMS does not check notes.csv")
	}
	if !strings.Contains(string(fa["downloads/datapackage.json"]), `"path": "data/notes.csv"`) {
		t.Errorf("datapackage.json does not describe notes.csv")
	}
}
