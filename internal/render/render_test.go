package render

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/status"
	"github.com/townpress/townpress/layouts"
)

var update = flag.Bool("update", false, "update golden files")

const testConfig = `
[site]
title = "测试门户"
title_en = "Test portal"
languages = ["zh-CN", "en"]
source = "测试来源"
source_en = "Test source"
sample_data = true
[[tiers]]
id = "provincial"
name = "省级"
name_en = "Provincial"
announced = 1
[[tiers]]
id = "municipal"
name = "市级"
name_en = "Municipal"
announced = 5
[[indicators]]
id = "output"
name = "工业产值"
name_en = "Industrial output"
unit = "亿元"
unit_en = "100 million yuan"
decimals = 1
sum = true
[[targets]]
id = "growth-2024"
year = 2024
indicator = "output"
scope = ["provincial", "municipal"]
measure = "growth"
value = 20
text = "工业产值增速20%以上"
text_en = "Output growth of at least 20%"
`

// dec is v as the decimal a cell would hold.
func dec(v float64) num.Dec {
	d, err := num.Parse(strconv.FormatFloat(v, 'f', -1, 64))
	if err != nil {
		panic(err)
	}
	return d
}

func at(cell string) source.Loc {
	return source.LocOf(diag.Loc{File: "data/t.xlsx", Sheet: "s", Cell: cell})
}

// testSite builds a small site whose second town has a hostile name.
func testSite(t *testing.T, townName string) *model.Site {
	t.Helper()
	return testEdition(t, townName, 24.1, 0)
}

// testEdition is testSite with the vinegar town's 2024 output v, and
// every 2024 figure marked flag: an edition of its figures, for releases.
func testEdition(t *testing.T, townName string, v float64, flag status.Flag) *model.Site {
	t.Helper()
	cfg, problems, err := config.Parse("config.toml", []byte(testConfig))
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v", err, problems)
	}
	tr := func(id, name, nameEn, tier string) source.TownRecord {
		return source.TownRecord{ID: source.Text{S: id, Loc: at("A1")}, Name: source.Text{S: name, Loc: at("B1")},
			NameEn: source.Text{S: nameEn}, Tier: source.Text{S: tier, Loc: at("C1")},
			County: source.Text{S: "清徐县"}, CountyEn: source.Text{S: "Qingxu County"}}
	}
	vr := func(town string, year, v float64) source.ValueRecord {
		return source.ValueRecord{Town: source.Text{S: town, Loc: at("A2")}, Year: source.Number{V: year, Valid: true},
			Values: source.ValuesOf(cfg, map[string]source.Number{"output": source.NumberOf(dec(v), source.Loc{})})}
	}
	data := &source.Data{
		Towns:  []source.TownRecord{tr("vinegar", "老陈醋专业镇", "Aged vinegar town", "provincial"), tr("motors", townName, townName, "municipal")},
		Values: []source.ValueRecord{vr("vinegar", 2023, 19.9), vr("vinegar", 2024, v), vr("motors", 2023, 8), vr("motors", 2024, 9.5)},
	}
	data.Values[1].Values[0].Flag, data.Values[3].Values[0].Flag = flag, flag
	site, problems := model.New(cfg, data)
	if problems.HasErrors() {
		t.Fatalf("model: %v", problems)
	}
	return site
}

func renderAll(t *testing.T, site *model.Site) map[string]string {
	t.Helper()
	r, err := New(site, layouts.FS, nil)
	if err != nil {
		t.Fatal(err)
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

func TestGoldenPages(t *testing.T) {
	pages := renderAll(t, testSite(t, "电机小镇"))
	for _, name := range []string{"index.html", "towns/vinegar/index.html", "en/tiers/municipal/index.html", "indicators/output/index.html", "en/towns/index.html"} {
		got, ok := pages[name]
		if !ok {
			t.Fatalf("no page %s", name)
		}
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(name, "/", "_"))
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/render -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s; run go test ./internal/render -update and review the diff", name, golden)
		}
	}
}

func TestHostileNamesStayText(t *testing.T) {
	evil := `</script><script>alert(1)</script><img src=x onerror=alert(2)>`
	pages := renderAll(t, testSite(t, evil))
	for name, html := range pages {
		for _, bad := range []string{"<script>alert(1)", "<img src=x", "</script><script>alert"} {
			if strings.Contains(html, bad) {
				t.Errorf("%s: hostile name broke out as markup (%q found)", name, bad)
			}
		}
	}
	town := pages["towns/motors/index.html"]
	if !strings.Contains(town, `\u003c/script\u003e\u003cscript\u003ealert(1)`) {
		t.Errorf("town page: the chart option should carry the name with < and > escaped")
	}
	if !strings.Contains(town, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("town page: the heading should show the name as text")
	}
}

func TestLinksAreRelative(t *testing.T) {
	for name, html := range renderAll(t, testSite(t, "电机小镇")) {
		for _, bad := range []string{`href="/`, `src="/`, `href="http`, `src="http`, `src="//`} {
			if strings.Contains(html, bad) {
				t.Errorf("%s: found %s", name, bad)
			}
		}
	}
	pages := renderAll(t, testSite(t, "电机小镇"))
	if !strings.Contains(pages["en/towns/vinegar/index.html"], `href="../../../assets/townpress.css"`) {
		t.Errorf("English town page should reach assets three folders up")
	}
	if !strings.Contains(pages["en/towns/vinegar/index.html"], `href="../../../towns/vinegar/index.html" hreflang="zh-CN"`) {
		t.Errorf("language switch should link to the same page in Chinese")
	}
}

func TestSiteLayoutOverridesOneFile(t *testing.T) {
	own := fstest.MapFS{
		"partials/footer.html": {Data: []byte(`{{define "footer"}}<footer>OWN FOOTER</footer>{{end}}`)},
		"i18n/zh-CN.toml":      {Data: []byte(`nav_home = "门户首页"`)},
	}
	r, err := New(testSite(t, "电机小镇"), layouts.FS, own)
	if err != nil {
		t.Fatal(err)
	}
	p := r.Pages()[0]
	b, err := r.Render(p)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	if !strings.Contains(html, "OWN FOOTER") || !strings.Contains(html, "门户首页") {
		t.Errorf("site layouts should override the footer and one string")
	}
	if !strings.Contains(html, `class="tier-cards"`) {
		t.Errorf("the default home layout should still be used")
	}
}

func TestTranslationsComplete(t *testing.T) {
	site := testSite(t, "x")
	r, err := New(site, layouts.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	zh, en := r.Langs[0].Keys(), r.Langs[1].Keys()
	if strings.Join(zh, ",") != strings.Join(en, ",") {
		t.Errorf("translation keys differ:\nzh: %v\nen: %v", zh, en)
	}
	for path, html := range renderAll(t, site) {
		if i := strings.Index(html, "[nav_"); i >= 0 || strings.Contains(html, "\"[") {
			t.Errorf("%s: a missing translation key shows", path)
		}
	}
}
