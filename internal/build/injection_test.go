package build

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/sitetest"
)

// evil is text built to break out of every context a page puts text in:
// element content, attributes, a script element, JSON strings, URLs, XML,
// and a spreadsheet formula.
const evil = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"'` + "`" + `${x}{{.}}&amp;<!--]]>=HYPERLINK("http://x")`

// writeEvilSite writes a site where every text from config and data is evil.
func writeEvilSite(t *testing.T) string {
	t.Helper()
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) } // a TOML basic string
	cfg := `
[site]
title = ` + q("门户"+evil) + `
title_en = ` + q("Portal"+evil) + `
description = ` + q(evil) + `
description_en = ` + q(evil) + `
languages = ["zh-CN", "en"]
source = ` + q(evil) + `
source_en = ` + q(evil) + `
note = ` + q(evil) + `
note_en = ` + q(evil) + `
organiser = ` + q(evil) + `
contact = ` + q(evil) + `
sample_data = true
[[tiers]]
id = "provincial"
name = ` + q("省级"+evil) + `
name_en = ` + q("Provincial"+evil) + `
aliases = ["省级"]
[[indicators]]
id = "output"
name = "工业产值"
name_en = ` + q("Output"+evil) + `
unit = "亿元"
unit_en = ` + q("bn</script><script>alert`1`</script><img src=x onerror=alert`2`>\"'&amp;") + `
description = ` + q(evil) + `
decimals = 1
sum = true
[[targets]]
id = "t"
year = 2024
indicator = "output"
measure = "each"
compare = ">="
value = 1
text = ` + q(evil) + `
text_en = ` + q(evil) + `
source = ` + q(evil) + `
`
	towns := [][]any{
		{"编号", "名称", "英文名称", "级别", "县市区", "县市区（英文）", "主导产业", "主导产业（英文）", "龙头企业", "简介", "简介（英文）"},
		{"evil", "镇" + evil, "Town" + evil, "省级", evil, evil, evil, evil, evil, evil, evil},
		{"plain", "平安镇", "Ping'an", "省级", "县", "County", "醋", "vinegar", "", "", ""},
	}
	values := [][]any{{"编号", "年份", "工业产值（亿元）"}, {"evil", 2023, 1.5}, {"evil", 2024, 2}, {"plain", 2023, 3}, {"plain", 2024, 4}}
	return sitetest.New(t, "-- config.toml --\n"+cfg+"-- data/towns.xlsx.txt --\n"+
		sitetest.Sheet(t, "专业镇名录", towns)+sitetest.Sheet(t, "指标数据", values)).Dir
}

var scriptTagRE = regexp.MustCompile(`<script[^>]*>`)

var chartOptionRE = regexp.MustCompile(`(?s)<script type="application/json" class="chart-option">(.*?)</script>`)

// TestHostileTextStaysText builds a site whose every text is hostile and
// checks each kind of output file: no markup or script gets out of HTML,
// chart options are valid JSON holding the text, XML stays well-formed.
func TestHostileTextStaysText(t *testing.T) {
	dir := writeEvilSite(t)
	out := filepath.Join(dir, "public")
	if res, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
		if res != nil {
			t.Log(res.Problems)
		}
		t.Fatal(err)
	}
	files := readTree(t, out)
	checked, checkedCSV := 0, 0
	for name, b := range files {
		text := string(b)
		switch {
		case strings.HasSuffix(name, ".html"):
			checked++
			for _, bad := range []string{"<script>alert", "<img src=x", "<!--]]>", `" onerror`} {
				if strings.Contains(text, bad) {
					t.Errorf("%s: hostile text got out as markup: %q", name, bad)
				}
			}
			// Every script element is one of the site's files or a chart's
			// JSON option; none comes from the data.
			options := chartOptionRE.FindAllStringSubmatch(text, -1)
			for _, tag := range scriptTagRE.FindAllString(text, -1) {
				if !strings.HasPrefix(tag, `<script src="`) && !strings.HasPrefix(tag, `<script type="application/json"`) && !strings.HasPrefix(tag, `<script defer src="`) {
					t.Errorf("%s: unexpected script element %q", name, tag)
				}
			}
			for _, m := range options {
				var v any
				if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
					t.Errorf("%s: a chart option is not valid JSON: %v", name, err)
				}
			}
			if name == "towns/evil/index.html" && !strings.Contains(text, "镇&lt;/script&gt;&lt;script&gt;alert(1)") {
				t.Errorf("%s: the town's name should show as text", name)
			}
		case strings.HasSuffix(name, ".csv"):
			// Downloads open in Excel: no cell may start a formula.
			records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			for _, rec := range records {
				for _, f := range rec {
					if f == "" || !strings.ContainsAny(f[:1], "=+-@\t\r") {
						continue
					}
					if _, err := strconv.ParseFloat(f, 64); err != nil {
						t.Errorf("%s: cell %q would run as a formula in Excel", name, f)
					}
				}
			}
			checkedCSV++
		case strings.HasSuffix(name, ".xml"):
			d := xml.NewDecoder(bytes.NewReader(b))
			for {
				if _, err := d.Token(); err != nil {
					if !errors.Is(err, io.EOF) {
						t.Errorf("%s: not well-formed XML: %v", name, err)
					}
					break
				}
			}
		}
	}
	if checked < 10 || checkedCSV == 0 {
		t.Fatalf("only %d pages and %d CSV files checked", checked, checkedCSV)
	}
	// The name reaches the chart JSON intact, with < and > escaped.
	town := string(files["towns/evil/index.html"])
	var found bool
	for _, m := range chartOptionRE.FindAllStringSubmatch(town, -1) {
		found = found || strings.Contains(m[1], `\u003c/script\u003e\u003cscript\u003ealert(1)`)
	}
	if !found {
		t.Errorf("the town's chart options should carry its name with < and > escaped")
	}
}

// TestBadTownIDsAreRejected builds sites whose town ids would escape the
// output folder or could not be a file name, and wants a clear error at
// the id's cell, and no site written. (A blank id is no error: the id is
// then made from the name.)
func TestBadTownIDsAreRejected(t *testing.T) {
	for _, id := range []string{"../../x", "..", "CON", "con", "nul", "com1", "a/b", `a\b`, "x.html", "Town", "镇", strings.Repeat("a", 300), "-x", "a b", "%2e%2e"} {
		dir := writeSite(t, [][]any{{id, "甲镇", "Town A", "省级"}}, [][]any{{"甲镇", 2024, 1}})
		out := filepath.Join(dir, "public")
		_, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out})
		var perr *ProblemsError
		if !errors.As(err, &perr) {
			t.Errorf("id %.20q: want input errors, got %v", id, err)
			continue
		}
		found := false
		for _, p := range perr.Problems {
			found = found || (p.Loc.String() == "data/towns.xlsx:专业镇名录!A2" && strings.Contains(p.Msg, "town id") || strings.Contains(p.Msg, "no id"))
		}
		if !found {
			t.Errorf("id %.20q: want an error at 专业镇名录!A2 about the id; got:\n%s", id, perr.Problems)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("id %.20q: a site was written", id)
		}
		if matches, _ := filepath.Glob(filepath.Join(dir, "..", "x*")); len(matches) > 0 {
			t.Errorf("id %.20q: something was written outside the site: %v", id, matches)
		}
	}
}
