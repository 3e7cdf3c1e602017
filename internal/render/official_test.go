package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/status"
)

// officialSite is coverageSite as an office publishes it (issue 11):
// output's growth is typed at comparable prices, the city's 2024 output
// comes from a 合计 row (32.0 with its growth 8.5, where the towns sum to
// 31.9), town b's 2024 output is provisional and town a's final, and
// output has a definition.
func officialSite(t *testing.T) *model.Site {
	t.Helper()
	// The indicator's table ends with its definition, [indicators.meta].
	block := "id = \"output\"\nname = \"工业产值\"\nname_en = \"Industrial output\"\nunit = \"亿元\"\nunit_en = \"100 million yuan\"\ndecimals = 1\nsum = true\n"
	text := fmt.Sprintf(coverageConfig, "recognition")
	if !strings.Contains(text, block) {
		t.Fatal("coverageConfig's output indicator changed; update officialSite")
	}
	text = strings.Replace(text, block, block+"growth_basis = \"comparable\"\n[indicators.meta]\ndefinition = \"专业镇内工业企业的总产值。\"\nscope = \"规模以上工业企业。\"\n", 1)
	// A growth target of the whole city reads the office's growth.
	text += "[[targets]]\nid = \"output-growth\"\nyear = 2024\nindicator = \"output\"\nscope = [\"provincial\", \"municipal\"]\nmeasure = \"growth\"\nvalue = 5\ntext = \"工业产值增长5%以上\"\n"
	cfg, problems, err := config.Parse("config.toml", []byte(text))
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v\n%s", err, problems, text)
	}
	n := func(s string, flag status.Flag) source.Number {
		d, err := num.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		x := source.NumberOf(d, at("E2"))
		x.Flag = flag
		return x
	}
	data := &source.Data{}
	for _, tr := range []townRow{{"a", "provincial", 0}, {"b", "municipal", 0}, {"c", "municipal", 2024}, {"d", "municipal", 0}} {
		rec := source.TownRecord{ID: source.Text{S: tr.id, Loc: at("A1")}, Name: source.Text{S: tr.id + "镇", Loc: at("B1")},
			NameEn: source.Text{S: strings.ToUpper(tr.id)}, Tier: source.Text{S: tr.tier, Loc: at("C1")}}
		if tr.recognised != 0 {
			rec.Recognised = source.NumberOf(num.Int(int64(tr.recognised)), at("D1"))
		}
		data.Towns = append(data.Towns, rec)
	}
	for _, v := range []struct {
		town string
		year int
		out  source.Number
	}{
		{"a", 2022, n("10", 0)}, {"a", 2023, n("15.01", 0)}, {"a", 2024, n("19.9", status.Final)},
		{"b", 2022, n("-0.2", 0)}, {"b", 2023, n("0.8", 0)}, {"b", 2024, n("1.0", status.Provisional)},
		{"c", 2023, n("5", 0)}, {"c", 2024, n("6", 0)},
		{"d", 2022, n("4", 0)}, {"d", 2024, n("5", 0)},
	} {
		data.Values = append(data.Values, source.ValueRecord{Town: source.Text{S: v.town, Loc: at("A2")},
			Year: source.Number{V: float64(v.year), Valid: true}, Values: source.ValuesOf(cfg, map[string]source.Number{"output": v.out})})
	}
	data.Totals = append(data.Totals, source.TotalRecord{Label: source.Text{S: "合计", Loc: at("A9")}, Year: source.Number{V: 2024, Valid: true},
		Values: source.ValuesOf(cfg, map[string]source.Number{"output": n("32.0", 0)}),
		Growth: source.ValuesOf(cfg, map[string]source.Number{"output": n("8.5", 0)})})
	site, problems := model.New(cfg, data)
	if problems.HasErrors() {
		t.Fatalf("model: %v", problems)
	}
	return site
}

// Pages say what the office published: an official total as such, with
// the towns' sum beside it where the two differ, the other years' totals
// as the towns' summed; the office's growth with its basis; the final
// mark in the legend's words; the indicator's definition on its page,
// linked from its charts. A site without official totals says none of
// it (TestTotalsCarryCoverage holds its total line to the letter).
func TestOfficialFiguresAreSaid(t *testing.T) {
	pages := renderPages(t, officialSite(t), "indicators/output/index.html", "en/indicators/output/index.html", "tiers/municipal/index.html", "reports/2024/index.html")
	ind := pages["indicators/output/index.html"]
	for _, want := range []string{
		`全市合计（2024年）：32.0 亿元 · 同比增长 &#43;8.5% · 按可比价计算（统计部门公布） · 4/4个镇报送 · 官方合计（各镇数值之和 31.9）`,
		// The chart of the tiers names the city's official total and its
		// reconciliation, and the years summed in its tooltips.
		`合计（2024年）为统计部门公布的官方合计（合计 2024年：各镇数值之和 31.9）；其余合计为各镇数值汇总。`,
		`各镇数值汇总；`,
		// The final figure shows no p; the legend says what that means.
		`<p class="unmarked">初步数年份中未标 p 的数字为最终核实数</p>`,
		`<section class="definition" id="definition" aria-labelledby="definition-h">`,
		`<dt>定义</dt><dd>专业镇内工业企业的总产值。</dd>`,
		`<dt>增长</dt><dd>统计部门公布的增速按可比价计算`,
		`<p class="chart-def"><a href="#definition">指标解释</a></p>`,
	} {
		if !strings.Contains(ind, want) {
			t.Errorf("indicator page lacks %s", want)
		}
	}
	if en := pages["en/indicators/output/index.html"]; !strings.Contains(en, `City total (2024): 32.0 100 million yuan · Growth &#43;8.5% · at comparable prices (published by the office) · 4 of 4 towns reported · official total (the towns&#39; figures sum to 31.9)`) {
		t.Errorf("English indicator page lacks its official total line")
	}
	// The municipal tier has no official total: its KPI says it is the
	// towns' summed, and its growth computed.
	tier := pages["tiers/municipal/index.html"]
	for _, want := range []string{`<span class="kpi-note">由数值计算</span>`, `<span class="kpi-note">各镇数值汇总</span>`, `<p class="chart-def"><a href="../../indicators/output/index.html#definition">指标解释</a></p>`} {
		if !strings.Contains(tier, want) {
			t.Errorf("tier page lacks %s", want)
		}
	}
	report := pages["reports/2024/index.html"]
	for _, want := range []string{`<dt><a href="../../indicators/output/index.html#definition">工业产值</a></dt><dd><span class="def-item">定义：专业镇内工业企业的总产值。</span>`, `<span class="kpi-note">官方合计（各镇数值之和 31.9）</span>`,
		// The summary table says which of its totals are the office's.
		`<p class="table-note">工业产值（各镇数值之和 31.9）的合计为统计部门公布的官方合计。</p>`,
		`合计为统计部门公布的官方合计（合计、其中行）；未公布合计的，为各梯队已报送数据的专业镇之和，并予注明。`,
		// The growth target is met on the office's 8.5 %, and says so.
		`8.5%<small class="target-cov">增速为统计部门公布的合计增速，按可比价计算</small>`,
		`“增速”取统计部门公布的合计增速，未公布的只计两年均有数据的专业镇`} {
		if !strings.Contains(report, want) {
			t.Errorf("report page lacks %s", want)
		}
	}
}
