package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/model"
)

// rankSite's output in 2024 ranks a (290) first, then d and b sharing
// second place (260 each), and c without data; the values sit far from
// zero, where a spreadsheet scaling its own axis starts it near them.
func rankSite(t *testing.T) *model.Site {
	return siteOf(t, coverageConfig, [][3]string{{"d", "prov", ""}, {"a", "county", ""}, {"b", "county", ""}, {"c", "county", ""}}, [][6]string{
		{"d", "2023", "230", "", "", ""}, {"d", "2024", "260", "", "", ""},
		{"a", "2023", "250", "", "", ""}, {"a", "2024", "290", "", "", ""},
		{"b", "2023", "240", "", "", ""}, {"b", "2024", "260", "", "", ""},
		{"c", "2023", "235", "", "", ""},
	})
}

var (
	chartTitle = regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	chartRef   = regexp.MustCompile(`<f>[^<]*</f>(<strCache>|<numCache>)?`)
	cachePoint = regexp.MustCompile(`<pt idx="(\d+)"><v>([^<]*)</v></pt>`)
)

// cacheOf is the points of the cache after the first reference whose
// text contains ref: index to value.
func cacheOf(t *testing.T, part, ref string) map[int]string {
	t.Helper()
	i := strings.Index(part, ref)
	if i < 0 {
		t.Fatalf("no reference %s in the chart", ref)
	}
	rest := part[i:]
	end := strings.Index(rest, "Cache>")
	end2 := strings.Index(rest[end+1:], "Cache>")
	points := map[int]string{}
	for _, m := range cachePoint.FindAllStringSubmatch(rest[:end+1+end2], -1) {
		k, _ := strconv.Atoi(m[1])
		points[k] = m[2]
	}
	return points
}

// The report workbook's charts draw what the page's do, in a
// spreadsheet that does not recalculate too: every series carries its
// cached values, bars start at zero, the rankings are in the page's
// order with shared ranks, and labels are in the text colour.
func TestReportChartsCarryCachesAndStartAtZero(t *testing.T) {
	site := rankSite(t)
	rep := &Report{Site: site, Lang: lang(t, "zh-CN"), Year: 2024}
	b := mustWorkbook(t)(Workbook(rep.Props(), rep.Tables()))
	parts := charts(t, b)
	if len(parts) != 2+1+len(site.Tiers) {
		t.Fatalf("%d charts, want 2 of the totals by year and %d rankings", len(parts), 1+len(site.Tiers))
	}
	var ranking string
	for name, part := range parts {
		for _, m := range chartRef.FindAllStringSubmatch(part, -1) {
			if m[1] == "" {
				t.Errorf("%s: %s has no cache", name, m[0])
			}
		}
		if strings.Contains(part, "<ptCount val=\"0\">") || !cachePoint.MatchString(part) {
			t.Errorf("%s: an empty cache", name)
		}
		// Every value here is above zero: the axis starts at zero.
		if !regexp.MustCompile(`<valAx>.*?<scaling><orientation val="minMax"></orientation><min val="0"></min></scaling>`).MatchString(part) {
			t.Errorf("%s: the value axis does not start at zero", name)
		}
		for _, el := range []string{"dLbls", "catAx", "valAx"} {
			i := strings.Index(part, "<"+el+">")
			if i < 0 {
				continue
			}
			// The element's own text properties: its last, after any title's.
			txPr := part[i : i+strings.Index(part[i:], "</"+el+">")]
			txPr = txPr[strings.LastIndex(txPr, "<txPr>"):]
			txPr = txPr[:strings.Index(txPr, "</txPr>")]
			if !strings.Contains(txPr, `<a:srgbClr val="`+chartText+`">`) {
				t.Errorf("%s: %s text is not in the text colour: %s", name, el, txPr)
			}
		}
		if titles := chartTitle.FindAllStringSubmatch(part, -1); len(titles) > 0 && titles[0][1] == "工业产值：各专业镇（2024年）" {
			ranking = part
		}
	}
	if ranking == "" {
		t.Fatalf("no chart of every town's output")
	}
	// The page's ranking: model.Rank, best first, ties in the towns' order.
	ranked := model.Rank(site.Towns, site.Indicator("output"), site.YearIndex(2024))
	var names, values []string
	for _, town := range ranked.Towns {
		names = append(names, town.Name)
		values = append(values, town.Values["output"].At(site.YearIndex(2024)).String())
	}
	if want := []string{"镇a", "镇d", "镇b"}; !slices.Equal(names, want) {
		t.Fatalf("model ranks %v, the test wants %v", names, want)
	}
	cats, vals := cacheOf(t, ranking, "<cat>"), cacheOf(t, ranking, "<val>")
	for k := range names {
		if cats[k] != names[k] || vals[k] != values[k] {
			t.Errorf("ranking chart point %d = %s %s, want %s %s", k, cats[k], vals[k], names[k], values[k])
		}
	}
	if len(cats) != 3 || len(vals) != 3 {
		t.Errorf("ranking chart has %d towns, want the 3 with data", len(cats))
	}
	// Its sheet lists them with shared ranks, c unranked after them.
	f := open(t, b)
	rows, _ := f.GetRows("排名")
	var got []string
	for _, r := range rows[2:6] {
		got = append(got, r[1]+" "+r[2]+" "+r[3])
	}
	if want := []string{"1 镇a 290.0", "2 镇d 260.0", "2 镇b 260.0", "— 镇c —"}; !slices.Equal(got, want) {
		t.Errorf("ranking sheet = %q, want %q", got, want)
	}
	if !strings.Contains(ranking, `<crosses val="max">`) {
		t.Errorf("the ranking's value axis should cross at the last town, at the bottom")
	}
}

// A chart of figures below zero ends its axis at zero, and a missing
// figure is no point, never a zero.
func TestChartOfNegativesAndMissing(t *testing.T) {
	site := testSite(t) // motors: output missing in 2023, -3.5 in 2024
	b := mustWorkbook(t)(TownWorkbook(site, site.Town("motors")))
	var output string
	for _, part := range charts(t, b) {
		if strings.Contains(part, "$B$3:$B$4") {
			output = part
		}
	}
	if output == "" {
		t.Fatal("no chart of the town's output")
	}
	if !strings.Contains(output, `<max val="0"></max>`) || strings.Contains(output, `<min val="0">`) {
		t.Errorf("an axis of negative bars should end at zero")
	}
	vals := cacheOf(t, output, "<val>")
	if len(vals) != 1 || vals[1] != "-3.5" || !strings.Contains(output, `<ptCount val="2"></ptCount><pt idx="1"><v>-3.5</v>`) {
		t.Errorf("output cache = %v, want 2023 missing (no point) and -3.5", vals)
	}
}

// LibreOffice draws the report's charts from zero, with the values and
// the page's order: the workbook printed to PDF and read back as text.
// Look at it too: TOWNPRESS_PDF_OUT=dir keeps the PDF (dir/report.pdf),
// and pdftoppm -png turns its pages into images.
func TestReportChartsInLibreOffice(t *testing.T) {
	soffice := requireSoffice(t)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install poppler-utils (pdftotext)")
		}
		t.Skip("needs pdftotext (poppler-utils)")
	}
	site := rankSite(t)
	rep := &Report{Site: site, Lang: lang(t, "zh-CN"), Year: 2024}
	dir := t.TempDir()
	in := filepath.Join(dir, "report.xlsx")
	if err := os.WriteFile(in, mustWorkbook(t)(Workbook(rep.Props(), rep.Tables())), 0o644); err != nil {
		t.Fatal(err)
	}
	runSoffice(t, soffice, dir, "pdf", in)
	pdf := filepath.Join(dir, "report.pdf")
	if keep := os.Getenv("TOWNPRESS_PDF_OUT"); keep != "" {
		b, err := os.ReadFile(pdf)
		if err == nil {
			err = os.WriteFile(filepath.Join(keep, "report.pdf"), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.CommandContext(t.Context(), "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	at := strings.Index(text, "工业产值：各专业镇")
	if at < 0 {
		t.Fatalf("no ranking chart in the PDF:\n%s", text)
	}
	chart := text[at:]
	if end := strings.Index(chart, "成员比较"); end > 0 {
		chart = chart[:end]
	}
	// The towns in the page's order, each with its label.
	last := -1
	for _, want := range []string{"镇a", "290.0", "镇d", "260.0", "镇b", "260.0"} {
		i := strings.Index(chart[last+1:], want)
		if i < 0 {
			t.Errorf("the ranking chart lacks %q after position %d:\n%s", want, last, chart)
			break
		}
		last += 1 + i
	}
	// The value axis's labels run from 0.
	if !regexp.MustCompile(`(?m)^\s*0\s+50\s+100\b`).MatchString(chart) {
		t.Errorf("the ranking chart's axis does not start at 0:\n%s", chart)
	}
	if bytes.Contains(out, []byte("镇c")) && strings.Contains(chart, "镇c") {
		t.Errorf("a town without data is drawn in the ranking chart")
	}
}
