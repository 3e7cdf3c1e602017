package render

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/townpress/townpress/layouts"
)

// reportPages renders every page with a narrative for 2024 whose Markdown
// carries raw HTML and a javascript: link, as a careless or hostile edit
// of data/narrative might.
func reportPages(t *testing.T, pdf bool) map[string]string {
	t.Helper()
	r, err := New(testSite(t, "电机小镇"), layouts.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.PDF = pdf
	r.Data = fstest.MapFS{
		"narrative/reports/2024.md": {Data: []byte("## 综述\n\n**示例文本**：产值稳步增长。\n\n<script>alert(1)</script>\n\n<b onclick=\"alert(2)\">粗</b> [链接](javascript:alert(3))\n")},
	}
	r.Downloads = []Download{
		{Path: "downloads/report-2024.xlsx", Size: 12345, Kind: ReportXLSXFile, Lang: "zh-CN", Year: 2024, Group: ReportFiles},
		{Path: "en/downloads/report-2024.xlsx", Size: 12000, Kind: ReportXLSXFile, Lang: "en", Year: 2024, Group: ReportFiles},
		{Path: "downloads/data/values.csv", Size: 800, Kind: CSVFile, Name: "values", Group: DataFiles},
		{Path: "downloads/towns/vinegar.csv", Size: 90, Kind: TownCSVFile, Town: r.Site.Town("vinegar"), Group: TownFiles},
	}
	out := map[string]string{}
	for _, p := range r.Pages() {
		b, err := r.Render(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p.FullPath()] = string(b)
	}
	return out
}

func TestGoldenReportPage(t *testing.T) {
	pages := reportPages(t, false)
	name := "reports/2024/index.html"
	got := pages[name]
	golden := filepath.Join("testdata", "golden", "reports_2024_index.html")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/render -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s; run go test ./internal/render -update and review the diff", name, golden)
	}
}

func TestReportPages(t *testing.T) {
	pages := reportPages(t, false)
	for _, want := range []string{"reports/index.html", "reports/2023/index.html", "reports/2024/index.html", "en/reports/2024/index.html", "downloads/index.html", "en/downloads/index.html"} {
		if _, ok := pages[want]; !ok {
			t.Errorf("no page %s", want)
		}
	}
	report := pages["reports/2024/index.html"]
	for _, want := range []string{
		"<h1>2024年度专业镇发展报告</h1>",
		"<strong>示例文本</strong>",                                                    // the narrative's Markdown
		`href="../../downloads/report-2024.xlsx"`,                                  // its workbook
		`<th scope="row"><a href="../../towns/vinegar/index.html">老陈醋专业镇</a></th>`, // every town's row
		"工业产值增速20%以上",                                                              // the year's target
		"&#43;20.4%",                                                               // output growth over the towns in both years: (24.1+9.5)/(19.9+8) - 1
		`class="badge sample"`,
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert(1)", "onclick=", "javascript:alert"} {
		if strings.Contains(report, bad) {
			t.Errorf("raw HTML from the narrative reached the page: %q", bad)
		}
	}
	if strings.Contains(report, "report-2024.pdf") {
		t.Errorf("without -pdf the report should not link to a PDF")
	}
	if !strings.Contains(reportPages(t, true)["reports/2024/index.html"], `href="../../downloads/report-2024.pdf"`) {
		t.Errorf("with -pdf the report should link to its PDF")
	}
	// 2023 has no targets, no later years in its charts.
	old := pages["reports/2023/index.html"]
	if !strings.Contains(old, "行动计划未设定2023年的目标") {
		t.Errorf("a year without targets should say so")
	}
	if strings.Contains(old, `"2024年"`) {
		t.Errorf("the 2023 report's charts should stop at 2023")
	}
	// The English edition falls back to the Chinese narrative, marked as Chinese.
	if en := pages["en/reports/2024/index.html"]; !strings.Contains(en, `class="narrative" lang="zh-CN"`) || !strings.Contains(en, "Specialty Towns Annual Report 2024") {
		t.Errorf("English report: want its title and the Chinese narrative marked lang=zh-CN")
	} else if !strings.Contains(en, `<p class="narrative-note" lang="en">Chinese original`) {
		t.Errorf("English report: the Chinese narrative should say, in English, that it is the Chinese original")
	}
	if strings.Contains(pages["reports/2024/index.html"], "narrative-note") {
		t.Errorf("the Chinese report's own narrative needs no note")
	}
	if !strings.Contains(pages["reports/index.html"], `href="../reports/2024/index.html"`) {
		t.Errorf("the reports index should link to each year")
	}
}

func TestDownloadsPage(t *testing.T) {
	pages := reportPages(t, false)
	zh, en := pages["downloads/index.html"], pages["en/downloads/index.html"]
	for _, want := range []string{`href="../downloads/report-2024.xlsx" download>report-2024.xlsx</a>`, "12 KB", `href="../downloads/data/values.csv"`, "老陈醋专业镇 历年数据 CSV"} {
		if !strings.Contains(zh, want) {
			t.Errorf("downloads page lacks %q", want)
		}
	}
	if strings.Contains(zh, "en/downloads/report-2024.xlsx") {
		t.Errorf("the Chinese downloads page should not list the English report")
	}
	if !strings.Contains(en, `href="../../en/downloads/report-2024.xlsx"`) || !strings.Contains(en, `href="../../downloads/data/values.csv"`) {
		t.Errorf("the English downloads page should list its report and the shared data")
	}
	if m := regexp.MustCompile(`\[[a-z_-]+\]`).FindString(zh + en); m != "" {
		t.Errorf("a missing translation shows: %s", m)
	}
}

func TestDownloadsPageStaysSmallForManyTowns(t *testing.T) {
	r, err := New(testSite(t, "电机小镇"), layouts.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	town := r.Site.Town("vinegar")
	for i := range maxListedTownFiles + 57 {
		r.Downloads = append(r.Downloads, Download{Path: fmt.Sprintf("downloads/towns/t%d.csv", i), Size: 90, Kind: TownCSVFile, Town: town, Group: TownFiles})
	}
	for _, p := range r.Pages() {
		if p.Kind != "downloads" || p.Lang.Code != "zh-CN" {
			continue
		}
		b, err := r.Render(p)
		if err != nil {
			t.Fatal(err)
		}
		html := string(b)
		if n := strings.Count(html, "downloads/towns/t"); n != maxListedTownFiles {
			t.Errorf("listed %d town files, want %d", n, maxListedTownFiles)
		}
		if !strings.Contains(html, "另有 57 个文件未列出") {
			t.Errorf("the page should say how many files it left off")
		}
	}
}
