package render

import (
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
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
			if !strings.Contains(html, `<span class="kpi-value">`+c.want+`<small>`) {
				t.Errorf("%s, %s: the KPI should show 6.25 as %s", c.rule, name, c.want)
			}
		}
	}
}
