package render

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/search"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/layouts"
)

// townRow is a town of a test site: id, tier and year recognised (0 for
// not on record).
type townRow struct {
	id, tier   string
	recognised int
}

// valueRow is one town's figures in one year, as typed: indicator id to
// the cell's text ("" leaves the cell empty).
type valueRow struct {
	town   string
	year   int
	values map[string]string
}

// figureSite builds a site from a config and records as the reader would
// make them; each town is named after its id (中文 id, English ID).
func figureSite(t testing.TB, cfgText string, towns []townRow, values []valueRow) *model.Site {
	t.Helper()
	cfg, problems, err := config.Parse("config.toml", []byte(cfgText))
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v", err, problems)
	}
	data := &source.Data{}
	for _, tr := range towns {
		rec := source.TownRecord{ID: source.Text{S: tr.id, Loc: at("A1")}, Name: source.Text{S: tr.id + "镇", Loc: at("B1")},
			NameEn: source.Text{S: strings.ToUpper(tr.id)}, Tier: source.Text{S: tr.tier, Loc: at("C1")}}
		if tr.recognised != 0 {
			rec.Recognised = source.NumberOf(num.Int(int64(tr.recognised)), at("D1"))
		}
		data.Towns = append(data.Towns, rec)
	}
	for _, vr := range values {
		byID := map[string]source.Number{}
		for id, text := range vr.values {
			if text == "" {
				continue
			}
			d, err := num.Parse(text)
			if err != nil {
				t.Fatalf("%s %d %s: %v", vr.town, vr.year, id, err)
			}
			byID[id] = source.NumberOf(d, at("E2"))
		}
		data.Values = append(data.Values, source.ValueRecord{Town: source.Text{S: vr.town, Loc: at("A2")},
			Year: source.Number{V: float64(vr.year), Valid: true}, Values: source.ValuesOf(cfg, byID)})
	}
	site, problems := model.New(cfg, data)
	if problems.HasErrors() {
		t.Fatalf("model: %v", problems)
	}
	return site
}

// renderPages renders the pages of site whose full paths are named.
func renderPages(t testing.TB, site *model.Site, names ...string) map[string]string {
	t.Helper()
	r, err := New(site, layouts.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	out := map[string]string{}
	for _, p := range r.Pages() {
		if !want[p.FullPath()] {
			continue
		}
		b, err := r.Render(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p.FullPath()] = string(b)
	}
	for _, n := range names {
		if _, ok := out[n]; !ok {
			t.Fatalf("no page %s", n)
		}
	}
	return out
}

// figureConfig is a site of two tiers and one indicator; rounding and
// membership are filled in.
const figureConfig = `
[site]
title = "测试门户"
title_en = "Test portal"
languages = ["zh-CN", "en"]
rounding = "%s"
membership = "%s"
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
unit_en = "100 million yuan"
decimals = 1
sum = true
`

// A half-even site's pages round half to even in both languages: the
// languages take the site's rule.
func TestPagesRoundBySiteRule(t *testing.T) {
	for _, c := range []struct{ rule, want string }{{"half-up", "6.3"}, {"half-even", "6.2"}} {
		site := figureSite(t, strings.Replace(strings.Replace(figureConfig, `"%s"`, `"`+c.rule+`"`, 1), `"%s"`, `"recognition"`, 1),
			[]townRow{{"a", "provincial", 0}}, []valueRow{{"a", 2024, map[string]string{"output": "6.25"}}})
		pages := renderPages(t, site, "towns/a/index.html", "en/towns/a/index.html")
		for name, html := range pages {
			if !strings.Contains(html, `<span class="kpi-value">`+c.want+` <small>`) {
				t.Errorf("%s, %s: the KPI should show 6.25 as %s", c.rule, name, c.want)
			}
		}
	}
}

// coverageConfig has a level with a total, a rate whose total is the
// ratio of two others, and targets over a tier with a town without data.
const coverageConfig = `
[site]
title = "测试门户"
title_en = "Test portal"
languages = ["zh-CN", "en"]
membership = "%s"
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
unit_en = "100 million yuan"
decimals = 1
sum = true
[[indicators]]
id = "rd"
name = "研发投入强度"
name_en = "R&D intensity"
unit = "%%"
unit_en = "%%"
decimals = 2
numerator = "rdspend"
denominator = "revenue"
[[indicators]]
id = "rdspend"
name = "研发投入"
name_en = "R&D spending"
unit = "亿元"
unit_en = "100 million yuan"
decimals = 2
sum = true
[[indicators]]
id = "revenue"
name = "营业收入"
name_en = "Revenue"
unit = "亿元"
unit_en = "100 million yuan"
decimals = 1
sum = true
[[targets]]
id = "output-2024"
year = 2024
indicator = "output"
scope = ["municipal"]
measure = "total"
value = 12
text = "市级工业产值12亿元以上"
text_en = "Municipal output of at least 1.2 billion yuan"
`

// coverageSite: the municipal tier has a town recognised in 2024 (c), a
// town missing in 2023 (d) and one whose 2022 output is negative (b), so
// its 2024 total rests on other towns than 2023's; the provincial town
// has the rate's parts.
func coverageSite(t testing.TB, membership string) *model.Site {
	return figureSite(t, fmt.Sprintf(coverageConfig, membership),
		[]townRow{{"a", "provincial", 0}, {"b", "municipal", 0}, {"c", "municipal", 2024}, {"d", "municipal", 0}},
		[]valueRow{
			{"a", 2022, map[string]string{"output": "10"}},
			{"a", 2023, map[string]string{"output": "15.01", "rd": "2.50", "rdspend": "0.5", "revenue": "20"}},
			{"a", 2024, map[string]string{"output": "19.9", "rd": "3.00", "rdspend": "0.6", "revenue": "20"}},
			{"b", 2022, map[string]string{"output": "-0.2"}},
			{"b", 2023, map[string]string{"output": "0.8"}},
			{"b", 2024, map[string]string{"output": "1.0"}},
			{"c", 2023, map[string]string{"output": "5"}},
			{"c", 2024, map[string]string{"output": "6"}},
			{"d", 2022, map[string]string{"output": "4"}},
			{"d", 2024, map[string]string{"output": "5"}},
		})
}

// Every total a page shows carries its coverage; where coverage differs
// from the year before, the page says so and on what basis the change is
// counted, the chart marks the year, and the change is never a
// difference of totals over different towns.
func TestTotalsCarryCoverage(t *testing.T) {
	pages := renderPages(t, coverageSite(t, "recognition"), "tiers/municipal/index.html", "en/tiers/municipal/index.html",
		"reports/2024/index.html", "index.html", "indicators/output/index.html")
	tier := pages["tiers/municipal/index.html"]
	// 2024: b, c (recognised 2024) and d reported, of 3 members; 2023: b
	// of 2 (c not yet a member, d missing). Only b reported in both.
	for _, want := range []string{
		`<span class="kpi-value">12.0 <small>亿元</small></span>`,
		`<span class="kpi-note">3/3个镇报送</span>`,
		`<span class="kpi-note">与上年口径不同（上年1/2个镇报送），同比按两年均有数据的1个镇计算</span>`,
		`<span class="kpi-change up good">同比增长 &#43;25.0%</span>`, // b: 0.8 → 1.0, not 0.8 → 12.0
		// The trend's table: coverage per year, marked and explained.
		`<th scope="col">报送专业镇</th>`,
		`<td>12.0</td><td>&#43;25.0</td><td>3/3 ※</td>`,
		`※ 2024年：报送的专业镇与上年不同（本年3/3，上年1/2），合计不宜直接比较；同比按两年均有数据的1个镇计算。`,
		`浅色加框的柱：该年报送的专业镇与上年不同。`,
		`"itemStyle":{"borderColor":"#1b2430","borderWidth":1.5,"opacity":0.5}`,
		`"tip":[["3.8 亿元（2/2个镇报送）","0.8 亿元（1/2个镇报送）；与上年口径不同（上年2/2个镇报送），同比按两年均有数据的1个镇计算","12.0 亿元（3/3个镇报送）；与上年口径不同（上年1/2个镇报送），同比按两年均有数据的1个镇计算"]]`,
		// b's growth over a negative base is "—", and the table says why.
		`“—”：上年数值为零或负数，增长率无意义，不予计算。`,
		// Membership follows recognition, and the page says where it changed.
		`市级成员随认定年份变化：2024年新增 1 个（c镇）。各年合计只计当年已认定的专业镇。`,
		`同比增长按两年均有数据的专业镇计算（可比口径 1 个镇）。`,
		// The target's actual names its coverage.
		`12.0 亿元<small class="target-cov">3/3个镇报送</small>`,
	} {
		if !strings.Contains(tier, want) {
			t.Errorf("tier page lacks %s", want)
		}
	}
	if en := pages["en/tiers/municipal/index.html"]; !strings.Contains(en, "Municipal membership follows the year of recognition: 2024: 1 added (C).") ||
		!strings.Contains(en, "the towns reporting differ from the year before (1/2 then); change over the 1 town that reported in both years") {
		t.Errorf("English tier page lacks the membership or coverage note")
	}

	report := pages["reports/2024/index.html"]
	for _, want := range []string{
		// The summary's change and growth are both on the matched basis
		// (a 15.01 → 19.9 and b 0.8 → 1.0: +5.09, +32.2 %), not 31.9 − 15.8.
		`<tr><th scope="row">工业产值</th><td>亿元</td><td class="num">31.9</td><td class="num">15.8</td><td class="num">&#43;5.1</td><td class="num">&#43;32.2%</td><td class="num">4/4 ※</td><td class="num">2/3</td></tr>`,
		`工业产值：※ 2024年：报送的专业镇与上年不同（本年4/4，上年2/3），合计不宜直接比较；同比按两年均有数据的2个镇计算。`,
		// A rate's total is its parts' ratio, its change in points, and it
		// has no growth.
		`<tr><th scope="row">研发投入强度</th><td>%</td><td class="num">3.00</td><td class="num">2.50</td><td class="num">&#43;0.50个百分点</td><td class="num">—</td><td class="num">1/4 ※</td><td class="num">1/3</td></tr>`,
		`比率类指标（%、‰）的同比变化为两年比率之差，单位为百分点；比率不跨镇相加。`,
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report page lacks %s", want)
		}
	}
	// The city's tiers chart pins the years whose city coverage differs
	// from the year before: 2023 (2 of 3 towns after 3 of 3) and 2024.
	if home := pages["index.html"]; !strings.Contains(home, `"markPoint":{"data":[{"name":"合计","coord":["2023年",15.81],"value":"※","itemStyle":{"color":"#1b2430"},"symbol":"pin","symbolSize":30},{"name":"合计","coord":["2024年",31.9],`) {
		t.Errorf("the home page's tiers chart should pin the city totals of 2023 and 2024")
	}
	if ind := pages["indicators/output/index.html"]; !strings.Contains(ind,
		`<p class="scope-total" id="output-total">全市合计（2024年）：31.9 亿元 · 同比增长 &#43;32.2% · 4/4个镇报送 · 与上年口径不同（上年2/3个镇报送），同比按两年均有数据的2个镇计算</p>`) {
		t.Errorf("indicator page lacks its total line")
	}
}

// A rate changes in percentage points everywhere, and its totals are the
// ratio of its parts, never a sum over towns: they stand beside each
// other, not stacked.
func TestRatesChangeInPoints(t *testing.T) {
	pages := renderPages(t, coverageSite(t, "recognition"), "towns/a/index.html", "en/towns/a/index.html", "indicators/rd/index.html")
	for name, want := range map[string]string{
		"towns/a/index.html":       `<span class="kpi-change up good">同比增长 &#43;0.50个百分点</span>`,
		"en/towns/a/index.html":    `<span class="kpi-change up good">Growth &#43;0.50 pts</span>`,
		"indicators/rd/index.html": `全市合计（2024年）：3.00% · 同比增长 &#43;0.50个百分点 · 1/4个镇报送`,
	} {
		if !strings.Contains(pages[name], want) {
			t.Errorf("%s lacks %s", name, want)
		}
	}
	ind := pages["indicators/rd/index.html"]
	if !strings.Contains(ind, `<th scope="col">同比增减（百分点）</th>`) {
		t.Errorf("the rate's ranking table should head its changes in points")
	}
	option := chartOption(t, ind, "rd-tiers")
	series := option["series"].([]any)
	if len(series) != 3 || series[2].(map[string]any)["name"] != "合计" {
		t.Errorf("the rate's tiers chart should draw each tier and the city side by side: %v", series)
	}
	for _, s := range series {
		if _, stacked := s.(map[string]any)["stack"]; stacked {
			t.Errorf("a rate's totals must not stack: %v", s)
		}
	}
}

// chartOption is the option of the chart with id on a page.
func chartOption(t testing.TB, html, id string) map[string]any {
	t.Helper()
	at := strings.Index(html, `id="`+id+`"`)
	if at < 0 {
		t.Fatalf("no chart %s", id)
	}
	rest := html[at:]
	start := strings.Index(rest, `class="chart-option">`) + len(`class="chart-option">`)
	end := strings.Index(rest[start:], "</script>")
	var option map[string]any
	if err := json.Unmarshal([]byte(rest[start:start+end]), &option); err != nil {
		t.Fatalf("chart %s: %v", id, err)
	}
	return option
}

// With retrospective membership, every page says so; by recognition
// year, none does.
func TestRetrospectiveMembershipIsSaid(t *testing.T) {
	names := []string{"index.html", "towns/a/index.html", "en/tiers/municipal/index.html", "indicators/rd/index.html", "compare/index.html"}
	for _, c := range []struct {
		membership string
		said       bool
	}{{"retrospective", true}, {"recognition", false}} {
		for name, html := range renderPages(t, coverageSite(t, c.membership), names...) {
			said := strings.Contains(html, "梯队成员按现有名单回溯") || strings.Contains(html, "Tier membership is backdated to today")
			if said != c.said {
				t.Errorf("%s membership, %s: says it is backdated: %v", c.membership, name, said)
			}
		}
	}
}

// edgeConfig is figureConfig with the rounding rule and the indicator's
// places filled in.
const edgeConfig = `
[site]
title = "测试门户"
title_en = "Test portal"
languages = ["zh-CN", "en"]
rounding = "%s"
[[tiers]]
id = "provincial"
name = "省级"
name_en = "Provincial"
[[indicators]]
id = "output"
name = "工业产值"
name_en = "Industrial output"
unit = "亿元"
unit_en = "100 million yuan"
decimals = %d
sum = true
`

// Every writer of a page (HTML table cells, KPI cards, chart labels and
// tooltips, the indicator scripts) shows a figure with the same digits,
// by the site's rule, for the values where rounding a binary float or
// another rule would differ. The expected digits are written out here,
// not computed.
func TestEveryPageWriterShowsTheSameDigits(t *testing.T) {
	values := []struct {
		typed            string
		places           int
		halfUp, halfEven string
	}{
		{"0.05", 1, "0.1", "0.0"},
		{"0.15", 1, "0.2", "0.2"},
		{"0.25", 1, "0.3", "0.2"},
		{"2.65", 1, "2.7", "2.6"},
		{"2.675", 2, "2.68", "2.68"},
		{"1.005", 2, "1.01", "1.00"},
		{"4.125", 2, "4.13", "4.12"},
		{"6.25", 1, "6.3", "6.2"},
		{"-6.25", 1, "-6.3", "-6.2"},
		{"50.5", 0, "51", "50"},
		{"6660.5", 0, "6,661", "6,660"},
		{"55980.5", 0, "55,981", "55,980"},
		{"12.345", 2, "12.35", "12.34"},
		{"12.345", 1, "12.3", "12.3"},
	}
	// Growths of exactly these percents, shown to one place: 2000 to the
	// value.
	growths := []struct {
		typed            string
		halfUp, halfEven string
	}{
		{"2001", "+0.1", "0.0"}, // 0.05 %
		{"2003", "+0.2", "+0.2"},
		{"2005", "+0.3", "+0.2"},
		{"2053", "+2.7", "+2.6"},
		{"2125", "+6.3", "+6.2"},
		{"1875", "-6.3", "-6.2"},
	}
	for _, rule := range []string{"half-up", "half-even"} {
		for _, c := range values {
			want := c.halfUp
			if rule == "half-even" {
				want = c.halfEven
			}
			site := figureSite(t, fmt.Sprintf(edgeConfig, rule, c.places), []townRow{{"a", "provincial", 0}},
				[]valueRow{{"a", 2023, map[string]string{"output": "1"}}, {"a", 2024, map[string]string{"output": c.typed}}})
			writers := pageWriters(t, site)
			for what, got := range writers.values {
				if got != want {
					t.Errorf("%s, %s at %d places: %s shows %q, want %q", rule, c.typed, c.places, what, got, want)
				}
			}
		}
		for _, c := range growths {
			want := c.halfUp
			if rule == "half-even" {
				want = c.halfEven
			}
			site := figureSite(t, fmt.Sprintf(edgeConfig, rule, 0), []townRow{{"a", "provincial", 0}},
				[]valueRow{{"a", 2023, map[string]string{"output": "2000"}}, {"a", 2024, map[string]string{"output": c.typed}}})
			for what, got := range pageWriters(t, site).deltas {
				if got != want {
					t.Errorf("%s, 2000 to %s: %s shows the growth %q, want %q", rule, c.typed, what, got, want)
				}
			}
		}
	}
}

// writers are what each page writer shows of town a's 2024 figure and
// its growth, by writer.
type writers struct{ values, deltas map[string]string }

// pageWriters reads town a's 2024 figure and growth out of every writer
// of the pages: the town, tier and indicator pages in both languages,
// their charts' labels and tooltips, and the indicator's script.
func pageWriters(t *testing.T, site *model.Site) writers {
	t.Helper()
	w := writers{values: map[string]string{}, deltas: map[string]string{}}
	pages := renderPages(t, site, "towns/a/index.html", "en/towns/a/index.html", "tiers/provincial/index.html", "indicators/output/index.html")
	find := func(what, html, pattern string, into map[string]string) {
		m := regexp.MustCompile(pattern).FindStringSubmatch(html)
		if m == nil {
			t.Fatalf("%s: nothing matches %s", what, pattern)
		}
		into[what] = strings.ReplaceAll(m[1], "&#43;", "+")
	}
	for _, name := range []string{"towns/a/index.html", "en/towns/a/index.html"} {
		town := pages[name]
		find(name+" KPI", town, `<span class="kpi-value">([^<]*) <small>`, w.values)
		find(name+" KPI growth", town, `<span class="kpi-change [^"]*">[^<]* ((?:&#43;|-)?[0-9.,]+|—)%?</span>`, w.deltas)
		find(name+" trend table", town, `<th scope="row">2024(?:年)?</th><td>([^<]*)</td>`, w.values)
		find(name+" trend table growth", town, `<th scope="row">2024(?:年)?</th><td>[^<]*</td><td>([^<]*)</td>`, w.deltas)
		trend := chartOption(t, town, "a-output-trend")["townpress"].(map[string]any)
		w.values[name+" trend label"] = trend["text"].([]any)[0].([]any)[1].(string)
		peers := chartOption(t, town, "a-output-peers")["townpress"].(map[string]any)
		w.values[name+" peers label"] = peers["text"].([]any)[0].([]any)[0].(string)
		w.values[name+" peers tooltip"] = strings.Fields(peers["tip"].([]any)[0].([]any)[0].(string))[0]
	}
	tier := pages["tiers/provincial/index.html"]
	find("tier KPI", tier, `<span class="kpi-value">([^<]*) <small>`, w.values)
	find("tier member table", tier, `<td>—</td><td class="num">([^<]*)</td>`, w.values)
	find("tier member table growth", tier, `<td class="num">[^<]*</td><td class="num">([^<]*?)%?</td></tr>`, w.deltas)
	totals := chartOption(t, tier, "provincial-output-trend")["townpress"].(map[string]any)
	w.values["tier total label"] = totals["text"].([]any)[0].([]any)[1].(string)
	w.values["tier total tooltip"] = strings.Fields(totals["tip"].([]any)[0].([]any)[1].(string))[0]
	ind := pages["indicators/output/index.html"]
	ranking := chartOption(t, ind, "output-ranking")["townpress"].(map[string]any)
	w.values["indicator ranking label"] = ranking["text"].([]any)[0].([]any)[0].(string)
	find("indicator total line", ind, `全市合计（2024年）：([^ ]*) `, w.values)
	byTier := chartOption(t, ind, "output-tiers")["townpress"].(map[string]any)
	w.values["indicator tiers tooltip"] = strings.Fields(byTier["tip"].([]any)[0].([]any)[1].(string))[0]
	w.values["indicator tiers total"] = strings.Fields(strings.TrimPrefix(byTier["foot"].([]any)[1].(string), "合计："))[0]
	v, yv := search.NewValues(site, site.Indicator("output")), search.NewYearValues(site, site.Indicator("output"), 1)
	w.values["assets/data text"], w.deltas["assets/data growth"] = v.Text[0][1].(string), yv.Delta[0].(string)
	w.values["assets/data total"] = yv.Totals[""].Text.(string)
	return w
}
