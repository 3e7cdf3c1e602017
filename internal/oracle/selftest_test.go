package oracle

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestOracleCatchesWrongFigures shows that the oracle can fail: in a copy
// of the built site it changes one figure in each kind of output — a
// tie rounded the wrong way on a page, a typed figure rounded in a data
// file, a wrong value in data.json and in a report workbook, a rank that
// does not share a tie, a chart's data, an official total replaced by the
// towns', a revised figure's r linked to another's revision or to none,
// a static chart's title — and expects a disagreement for
// each, of the right class, at the right place, that the untouched site
// does not have.
func TestOracleCatchesWrongFigures(t *testing.T) {
	built, err := builtSample()
	if err != nil {
		t.Fatal(err)
	}
	s := loadOracle(t, root)
	baseline := checkSite(t, s, built)

	out := filepath.Join(t.TempDir(), "public")
	if err := os.CopyFS(out, os.DirFS(built)); err != nil {
		t.Fatal(err)
	}
	type mutation struct {
		file, class string
	}
	var want []mutation

	// 清徐老陈醋 规上企业 went 16 → 17 in 2020: +6.25%, shown 6.3 by 四舍五入;
	// a page that shows 6.2 rounds half-even or a binary float.
	mutateCell(t, out, "towns/qingxu-vinegar/index.html", "规上企业", "2020", "+6.3", "+6.2")
	want = append(want, mutation{"towns/qingxu-vinegar/index.html", "rounding:"})
	// A rank that counts a tie twice: in 2024 清徐葡萄酒 and 阳曲小杂粮 both
	// made 1.5 亿元.
	mutateTiedRank(t, s, out, "indicators/output/index.html")
	want = append(want, mutation{"indicators/output/index.html", "rank: ties not shared"})
	// 15.01 rounded to 15.0 in a data file.
	mutateCSV(t, out, "downloads/data/values.csv", "15.01", "15.0")
	want = append(want, mutation{"downloads/data/values.csv", "data: precision dropped"})
	// A wrong figure in data.json.
	mutateText(t, out, "downloads/data.json", "19.9,", "19.91,")
	want = append(want, mutation{"downloads/data.json", "data: wrong figure"})
	// A wrong figure in a report workbook, stored and shown.
	mutateWorkbook(t, out, "downloads/report-2023.xlsx", "19.9", 19.8)
	want = append(want, mutation{"downloads/report-2023.xlsx", "data: wrong figure"})
	want = append(want, mutation{"downloads/report-2023.xlsx", "value: wrong figure shown"})
	// A chart that draws 12.3 where the cell holds 12.345.
	mutateText(t, out, "indicators/output/index.html", "12.345", "12.3")
	want = append(want, mutation{"indicators/output/index.html", "data: precision dropped"})
	// The city's R&D intensity of 2023 as the ratio of the summed parts,
	// 2.4986, where the office's 合计 row says 2.50 (issue 11).
	mutateText(t, out, "downloads/data/totals.csv", "all,全部,2023,rd-intensity,研发投入强度,%,2.5,", "all,全部,2023,rd-intensity,研发投入强度,%,2.4986,")
	want = append(want, mutation{"downloads/data/totals.csv", "official: the sum of the towns shown in place of the office's total"})

	// Issue 11's columns beside a figure: a final, revised figure said
	// provisional in values.csv; a mark a figure has not in a town's CSV;
	// another figure's footnote in data.json; a typed growth changed in
	// the data workbook.
	mutateCSV(t, out, "downloads/data/values.csv", "revised+final", "provisional")
	want = append(want, mutation{"downloads/data/values.csv", "not present: status mark"})
	mutateText(t, out, "downloads/towns/zhongbei-stainless-steel.csv", "2023,24.3,revised,1,", "2023,24.3,revised+estimated,1,")
	want = append(want, mutation{"downloads/towns/zhongbei-stainless-steel.csv", "wrong: a status mark the figure does not have"})
	mutateText(t, out, "downloads/data.json", "\"output\": {\n          \"2023\": 1\n", "\"output\": {\n          \"2023\": 2\n")
	want = append(want, mutation{"downloads/data.json", "wrong: another figure's footnote"})
	mutateText(t, out, "downloads/data.json", "\"key\": \"final\"", "\"key\": \"verified\"")
	want = append(want, mutation{"downloads/data.json", "not present: a mark in the legend"})
	// A total said to be the towns' sum that is the office's, and a
	// typed growth said to be computed.
	mutateCSV(t, out, "downloads/data/totals.csv", "official", "summed")
	want = append(want, mutation{"downloads/data/totals.csv", "official: wrong basis of a total"})
	mutateCSV(t, out, "downloads/data/totals.csv", "typed", "computed")
	want = append(want, mutation{"downloads/data/totals.csv", "official: wrong growth origin of a total"})
	// The current release's copy of a download changed.
	if s.current == "" {
		t.Fatal("the sample's figures are not its latest release's; update the self-test")
	}
	mutateText(t, out, "releases/"+s.current+"/downloads/data/values.csv", "15.01", "15.0")
	want = append(want, mutation{"releases/" + s.current + "/downloads/data/values.csv", "releases: the current release's download differs"})
	// … and no longer matches the release's SHA256SUMS (and its
	// downloads/SHA256SUMS: two findings).
	want = append(want, mutation{"releases/" + s.current + "/downloads/data/values.csv", "releases: an archived file does not match its release's SHA256SUMS"})
	mutateWorkbook(t, out, "downloads/townpress-data.xlsx", "32.6", 32.7)
	want = append(want, mutation{"downloads/townpress-data.xlsx", "data: wrong figure"})

	// The r of a revised figure linked to another town's entry, an r
	// without its link, and a p linked as if it were revised.
	entry := func(town string) string { return "index.html#rev_value_" + town + "_output_2024" }
	mutateText(t, out, "towns/xiaodian-motors/index.html", "releases/"+s.current+"/"+entry("xiaodian-motors"), "releases/"+s.current+"/"+entry("qingxu-vinegar"))
	want = append(want, mutation{"towns/xiaodian-motors/index.html", "revisions: the r links to another entry than its figure's"})
	mutateText(t, out, "en/towns/zhongbei-stainless-steel/index.html",
		`<a class="rev" href="../../../en/releases/`+s.current+"/"+entry("zhongbei-stainless-steel")+`" title="revised: see the revision">r</a>`, "r")
	want = append(want, mutation{"en/towns/zhongbei-stainless-steel/index.html", "revisions: a revised figure's r does not link to its revision entry"})
	mutateText(t, out, "towns/xiaodian-motors/index.html", `<sup class="mark">p</sup>`,
		`<sup class="mark"><a class="rev" href="../../releases/`+s.current+"/"+entry("xiaodian-motors")+`">p</a></sup>`)
	want = append(want, mutation{"towns/xiaodian-motors/index.html", "revisions: a mark links to a revision the figure has not"})

	// The static SVG of a town page's first chart (issue 16): a bar whose
	// title says 19.8 where the workbook's 19.9 is, and a provisional
	// figure whose title lost its mark.
	mutateText(t, out, "towns/qingxu-vinegar/index.html", "<title>2023年 工业产值 19.9 亿元</title>", "<title>2023年 工业产值 19.8 亿元</title>")
	want = append(want, mutation{"towns/qingxu-vinegar/index.html static chart", "value: wrong figure shown"})
	mutateText(t, out, "towns/qingxu-vinegar/index.html", "<title>2024年 新增投资 5.90p 亿元（初步数）</title>", "<title>2024年 新增投资 5.90 亿元</title>")
	want = append(want, mutation{"towns/qingxu-vinegar/index.html static chart", "not present: status mark"})
	mutateText(t, out, "en/towns/qingxu-vinegar/index.html", `dy="-5">19.9</text>`, `dy="-5">19.8</text>`)
	want = append(want, mutation{"en/towns/qingxu-vinegar/index.html static chart", "static chart: a bar's label is not its figure"})

	// Footnotes in the wrong language: an English page and an English
	// report that show the Chinese of a note the workbook gives in
	// English (注（英文）：①…), a Chinese page that shows its English, and
	// notes.csv giving one note's English for another's.
	const revisedZh, revisedEn = "中北高新区不锈钢专业镇2023年工业产值根据第五次全国经济普查结果修订", "Zhongbei Stainless Steel Town's 2023 industrial output was revised in line with the results of the Fifth National Economic Census"
	mutateEveryText(t, out, "en/towns/zhongbei-stainless-steel/index.html", html.EscapeString(revisedEn), "(in Chinese) "+revisedZh)
	want = append(want, mutation{"en/towns/zhongbei-stainless-steel/index.html", "not present: footnote"})
	mutateWorkbookText(t, out, "en/downloads/report-2023.xlsx", revisedEn, revisedZh)
	want = append(want, mutation{"en/downloads/report-2023.xlsx", "wrong: another figure's footnote"})
	mutateEveryText(t, out, "towns/zhongbei-stainless-steel/index.html", revisedZh, html.EscapeString(revisedEn))
	want = append(want, mutation{"towns/zhongbei-stainless-steel/index.html", "not present: footnote"})
	withheldEn := s.cellOf(s.townByKey["yangqu-carbon-fibre"], s.indIndex("profit"), 2024).noteEn
	mutateCSV(t, out, "downloads/data/notes.csv", withheldEn, revisedEn+".")
	want = append(want, mutation{"downloads/data/notes.csv", "wrong: a footnote's English"})

	got := checkSite(t, s, out)
	seen := map[string]bool{}
	for _, x := range baseline.list {
		seen[x.class+"\x00"+x.where+"\x00"+x.what] = true
	}
	var fresh []finding
	for _, x := range got.list {
		if !seen[x.class+"\x00"+x.where+"\x00"+x.what] {
			fresh = append(fresh, x)
		}
	}
	for _, m := range want {
		found := false
		for _, x := range fresh {
			if strings.HasPrefix(x.where, m.file) && strings.HasPrefix(x.class, m.class) {
				found = true
			}
		}
		if !found {
			t.Errorf("the oracle did not catch the change in %s (want a %q disagreement); new findings:\n%s", m.file, m.class, fmtFindings(fresh))
		}
	}
	// A footnote in the wrong language is found in each table and chart
	// of its page: up to four findings a change.
	if len(fresh) > 48 {
		t.Errorf("the changed figures gave %d new disagreements; each change should be found where it is:\n%s", len(fresh), fmtFindings(fresh))
	}
}

// mutateCell changes a page's cell: in the table whose caption holds
// caption, the row whose header starts with row, the cell showing from.
func mutateCell(t *testing.T, out, rel, caption, row, from, to string) {
	t.Helper()
	doc := readHTML(t, out, rel)
	done := false
	for _, table := range find(doc, isElem(atom.Table)) {
		c := first(table, isElem(atom.Caption))
		if done || c == nil || !strings.Contains(text(c), caption) {
			continue
		}
		for _, tr := range find(table, isElem(atom.Tr)) {
			cells := find(tr, func(n *html.Node) bool { return n.DataAtom == atom.Td || n.DataAtom == atom.Th })
			if done || len(cells) == 0 || !strings.HasPrefix(text(cells[0]), row) {
				continue
			}
			for _, cell := range cells[1:] {
				if tn := textNode(cell, from); tn != nil && !done {
					tn.Data = strings.Replace(tn.Data, from, to, 1)
					done = true
				}
			}
		}
	}
	if !done {
		t.Fatalf("%s: no cell %q in row %q of a table %q; update the self-test to the page", rel, from, row, caption)
	}
	writeHTML(t, out, rel, doc)
}

// mutateTiedRank gives the second of two tied towns in the ranking table
// the next rank, as a ranking that does not share ties would.
func mutateTiedRank(t *testing.T, s *oracleSite, out, rel string) {
	t.Helper()
	doc := readHTML(t, out, rel)
	wine, grains := s.townByKey[headerKey("qingxu-wine")], s.townByKey[headerKey("yangqu-grains")]
	ind := s.indIndex("output")
	r, _ := s.rank(s.towns, wine, ind, s.latest())
	if r2, _ := s.rank(s.towns, grains, ind, s.latest()); r2 != r {
		t.Fatalf("the sample's tie is gone: ranks %d and %d", r, r2)
	}
	done := false
	for _, table := range find(doc, isElem(atom.Table)) {
		head := find(table, isElem(atom.Th))
		rankCol := -1
		for i, th := range head {
			if strings.Contains(text(th), "排名") {
				rankCol = i
				break
			}
		}
		if rankCol < 0 || done {
			continue
		}
		for _, tr := range find(table, isElem(atom.Tr)) {
			cells := find(tr, func(n *html.Node) bool { return n.DataAtom == atom.Td || n.DataAtom == atom.Th })
			if len(cells) <= rankCol || text(cells[0]) != grains.name {
				continue
			}
			if tn := textNode(cells[rankCol], strconv.Itoa(r)); tn != nil {
				tn.Data = strconv.Itoa(r + 1)
				done = true
			}
		}
	}
	if !done {
		t.Fatalf("%s: no ranking with %s ranked %d; update the self-test to the page", rel, grains.name, r)
	}
	writeHTML(t, out, rel, doc)
}

func textNode(n *html.Node, s string) *html.Node {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) == s {
			found = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return found
}

func readHTML(t *testing.T, out, rel string) *html.Node {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func writeHTML(t *testing.T, out, rel string, doc *html.Node) {
	t.Helper()
	var b bytes.Buffer
	if err := html.Render(&b, doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, rel), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mutateText replaces the first occurrence of from in a file.
func mutateText(t *testing.T, out, rel, from, to string) {
	t.Helper()
	path := filepath.Join(out, rel)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(from)) {
		t.Fatalf("%s: no %q; update the self-test to the file", rel, from)
	}
	if err := os.WriteFile(path, bytes.Replace(raw, []byte(from), []byte(to), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mutateEveryText changes every from in a file.
func mutateEveryText(t *testing.T, out, rel, from, to string) {
	t.Helper()
	path := filepath.Join(out, rel)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(from)) {
		t.Fatalf("%s: no %q; update the self-test to the file", rel, from)
	}
	if err := os.WriteFile(path, bytes.ReplaceAll(raw, []byte(from), []byte(to)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mutateWorkbookText changes from in the text of every cell of a
// workbook that holds it.
func mutateWorkbookText(t *testing.T, out, rel, from, to string) {
	t.Helper()
	path := filepath.Join(out, rel)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	changed := 0
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		for r, row := range rows {
			for c, v := range row {
				if strings.Contains(v, from) {
					if err := f.SetCellValue(sheet, cellName(c, r), strings.ReplaceAll(v, from, to)); err != nil {
						t.Fatal(err)
					}
					changed++
				}
			}
		}
	}
	if changed == 0 {
		t.Fatalf("%s: no cell holding %q; update the self-test to the file", rel, from)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// mutateCSV changes the first field that is exactly from.
func mutateCSV(t *testing.T, out, rel, from, to string) {
	t.Helper()
	path := filepath.Join(out, rel)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bom := bytes.HasPrefix(raw, []byte("\xef\xbb\xbf"))
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	done := false
	for _, rec := range records {
		for i, v := range rec {
			if v == from && !done {
				rec[i], done = to, true
			}
		}
	}
	if !done {
		t.Fatalf("%s: no field %q; update the self-test to the file", rel, from)
	}
	var b bytes.Buffer
	if bom {
		b.WriteString("\xef\xbb\xbf")
	}
	w := csv.NewWriter(&b)
	w.WriteAll(records)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mutateWorkbook stores to in the first cell of a workbook that holds from.
func mutateWorkbook(t *testing.T, out, rel, from string, to float64) {
	t.Helper()
	path := filepath.Join(out, rel)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		for r, row := range rows {
			for c, v := range row {
				if v == from {
					if err := f.SetCellValue(sheet, cellName(c, r), to); err != nil {
						t.Fatal(err)
					}
					if err := f.Save(); err != nil {
						t.Fatal(err)
					}
					return
				}
			}
		}
	}
	t.Fatalf("%s: no cell holding %s; update the self-test to the file", rel, from)
}

// TestOracleCatchesWrongArchivedFigures shows that the oracle checks an
// older release's downloads against that release's own figures, not the
// site's: in a copy of the built site it puts the revised release's
// figures in place of two that the preliminary release published — in its
// values.csv and in its 2024 report workbook — and expects each found
// where it is, as a wrong figure and as a file that no longer matches the
// release's SHA256SUMS, and nothing else.
func TestOracleCatchesWrongArchivedFigures(t *testing.T) {
	built, err := builtSample()
	if err != nil {
		t.Fatal(err)
	}
	s := loadOracle(t, root)
	old := ""
	for _, id := range s.releases {
		if id != s.current {
			old = id
			break
		}
	}
	if old != "2024-preliminary" {
		t.Fatalf("releases %v, current %q: the self-test changes 2024-preliminary's archive; update it", s.releases, s.current)
	}
	baseline := newFindings()
	if err := s.checkReleases(built, baseline); err != nil {
		t.Fatal(err)
	}
	if len(baseline.list) > 0 || baseline.compared["releases/"+old+" downloads"] < 10000 {
		t.Fatalf("the untouched archive: %d findings, %d figures compared:\n%s", len(baseline.list), baseline.compared["releases/"+old+" downloads"], fmtFindings(baseline.list))
	}

	out := filepath.Join(t.TempDir(), "public")
	if err := os.CopyFS(out, os.DirFS(built)); err != nil {
		t.Fatal(err)
	}
	prefix := "releases/" + old + "/downloads/"
	// 清徐老陈醋's 2024 output was 22.8 (provisional) in the preliminary
	// release, 23.5 since; 中北高新区不锈钢's 27.3, 28.1 since.
	values, report := prefix+"data/values.csv", prefix+"report-2024.xlsx"
	mutateCSV(t, out, values, "22.8", "23.5")
	mutateWorkbook(t, out, report, "27.3", 28.1)

	got := newFindings()
	if err := s.checkReleases(out, got); err != nil {
		t.Fatal(err)
	}
	type want struct{ class, where, got string }
	for _, w := range []want{
		{"data: wrong figure", values + ` row 6 (qingxu-vinegar · 清徐老陈醋专业镇) col "output"`, "23.5"},
		{"releases: an archived file does not match its release's SHA256SUMS", values, ""},
		{"data: wrong figure", report + ":", "28.1"},
		{"value: wrong figure shown", report + ":", "28.1"},
		{"releases: an archived file does not match its release's SHA256SUMS", report, ""},
	} {
		found := false
		for _, x := range got.list {
			if x.class == w.class && strings.HasPrefix(x.where, w.where) && strings.HasPrefix(x.got, w.got) {
				found = true
				t.Logf("found: %s: %s: %s: want %s, got %s", x.class, x.where, x.what, x.want, x.got)
			}
		}
		if !found {
			t.Errorf("the oracle did not report %q at %s; findings:\n%s", w.class, w.where, fmtFindings(got.list))
		}
	}
	// The workbook's finding names the cell that holds the figure.
	for _, x := range got.list {
		if strings.HasPrefix(x.where, report+":") && !regexp.MustCompile(` cell [A-Z]+\d+`).MatchString(x.where) {
			t.Errorf("a workbook's finding does not name its cell: %s", x.where)
		}
		if !strings.HasPrefix(x.where, values) && !strings.HasPrefix(x.where, report) {
			t.Errorf("a finding outside the two files changed: %s: %s: %s", x.class, x.where, x.what)
		}
	}
}
