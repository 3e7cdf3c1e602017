package search

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
)

const valuesConfig = `
[site]
title = "测试"
languages = ["zh-CN", "en"]
[[tiers]]
id = "provincial"
name = "省级"
[[tiers]]
id = "county"
name = "县级"
[[indicators]]
id = "output"
name = "工业产值"
unit = "亿元"
decimals = 1
sum = true
[[indicators]]
id = "share"
name = "占比"
unit = "%"
decimals = 2
`

// valuesSite: four towns over two years, two of them tied in 2024, one
// with a negative base, one without data in 2023.
func valuesSite(t *testing.T) *model.Site {
	t.Helper()
	cfg, problems, err := config.Parse("config.toml", []byte(valuesConfig))
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v", err, problems)
	}
	town := func(id, tier string) source.TownRecord {
		return source.TownRecord{ID: source.Text{S: id}, Name: source.Text{S: id + "镇"}, Tier: source.Text{S: tier}}
	}
	row := func(id string, year int, output, share string) source.ValueRecord {
		byID := map[string]source.Number{}
		for k, v := range map[string]string{"output": output, "share": share} {
			if v != "" {
				d, err := num.Parse(v)
				if err != nil {
					t.Fatal(err)
				}
				byID[k] = source.NumberOf(d, source.Loc{})
			}
		}
		return source.ValueRecord{Town: source.Text{S: id}, Year: source.Number{V: float64(year), Valid: true}, Values: source.ValuesOf(cfg, byID)}
	}
	data := &source.Data{
		Towns: []source.TownRecord{town("a", "provincial"), town("b", "county"), town("c", "county"), town("d", "county")},
		Values: []source.ValueRecord{
			row("a", 2023, "15.01", "2.50"), row("a", 2024, "19.9", "3.00"),
			row("b", 2023, "-0.2", ""), row("b", 2024, "6660.55", ""),
			row("c", 2023, "", ""), row("c", 2024, "19.9", ""),
			row("d", 2023, "4.25", ""), row("d", 2024, "0.05", ""),
		},
	}
	site, problems := model.New(cfg, data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	return site
}

// The value files carry every figure, change, rank and total as the pages
// write them: the browser has nothing to compute.
func TestValuesCarryTheFigures(t *testing.T) {
	site := valuesSite(t)
	output := site.Indicator("output")
	v := NewValues(site, output)
	if got := v.Text; !slices.Equal(got[0], []any{"15.0", "19.9"}) || !slices.Equal(got[1], []any{"-0.2", "6,660.6"}) ||
		!slices.Equal(got[2], []any{"—", "19.9"}) || !slices.Equal(got[3], []any{"4.3", "0.1"}) {
		t.Errorf("text = %q", got)
	}
	// Drawn at source precision: 15.01, not 15.0.
	if got := v.Rows[0][0]; got != json.Number("15.01") || v.Rows[2][0] != nil {
		t.Errorf("rows = %v", v.Rows)
	}
	first, last := NewYearValues(site, output, 0), NewYearValues(site, output, 1)
	if first.Year != 2023 || last.Year != 2024 {
		t.Errorf("years %d, %d", first.Year, last.Year)
	}
	// 19.9 over 15.01 is +32.58 %, +32.6; over a negative base, none.
	if !slices.Equal(first.Delta, []any{"—", "—", "—", "—"}) || !slices.Equal(last.Delta, []any{"+32.6", "—", "—", "-98.8"}) {
		t.Errorf("deltas = %q, %q", first.Delta, last.Delta)
	}
	if len(last.Why) != 1 || last.Why[0] != [2]any{1, "why_base"} || len(first.Why) != 0 {
		t.Errorf("why = %v, want b's 2024 growth over a base below zero", last.Why)
	}
	// 2024: b 6660.55, a and c tied at 19.9, d 0.05: ranks 1, 2, 2, 4;
	// in the county tier b, c, d: 1, 2, 3.
	if !slices.Equal(first.Rank, []int{1, 3, 0, 2}) || !slices.Equal(first.TierRank, []int{1, 2, 0, 1}) ||
		!slices.Equal(last.Rank, []int{2, 1, 2, 4}) || !slices.Equal(last.TierRank, []int{1, 1, 2, 3}) {
		t.Errorf("ranks %v %v, %v %v", first.Rank, first.TierRank, last.Rank, last.TierRank)
	}
	county := last.Totals["county"]
	if county.Text != "6,680.5" || county.Reporting != 3 || county.Of != 3 || !county.Break || county.Matched != 2 || county.PrevReporting != 2 {
		t.Errorf("county total 2024 = %+v", county)
	}
	share := site.Indicator("share")
	if !NewValues(site, share).Points || NewYearValues(site, share, 1).Delta[0] != any("+0.50") || NewYearValues(site, share, 1).Totals != nil {
		t.Errorf("a rate without parts changes in points and has no totals")
	}
	// The scripts are calls with JSON that reads back.
	scripts := ValueScripts(site)
	var back Values
	if err := json.Unmarshal(callArg(t, scripts["data/output.js"], "townpressValues"), &back); err != nil || back.Text[1][1] != any("6,660.6") {
		t.Errorf("data/output.js does not read back: %v", err)
	}
	var year YearValues
	if err := json.Unmarshal(callArg(t, scripts["data/output/2024.js"], "townpressYear"), &year); err != nil || year.Delta[0] != any("+32.6") {
		t.Errorf("data/output/2024.js does not read back: %v", err)
	}
	if len(scripts) != 2*(1+2) {
		t.Errorf("%d scripts, want one per indicator and one per indicator and year", len(scripts))
	}
}

// callArg is the argument of the call to fn that a script makes.
func callArg(t *testing.T, script []byte, fn string) []byte {
	t.Helper()
	_, arg, ok := strings.Cut(string(script), fn+"(")
	if !ok {
		t.Fatalf("script does not call %s: %.80s", fn, script)
	}
	return []byte(strings.TrimSuffix(arg, ");\n"))
}

// The browser's totals say what the pages say of each: the office's (with
// the towns' sum where the two differ as shown) or the towns' summed, and
// which changes the office published; a site without official totals
// says nothing of either (TestValuesCarryTheFigures).
func TestTotalsSayWhatTheyAre(t *testing.T) {
	cfg, problems, err := config.Parse("config.toml", []byte(strings.Replace(valuesConfig, "sum = true\n", "sum = true\ngrowth_basis = \"comparable\"\n", 1)))
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v", err, problems)
	}
	n := func(s string) source.Number {
		d, err := num.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return source.NumberOf(d, source.Loc{})
	}
	row := func(id string, year int, output string) source.ValueRecord {
		return source.ValueRecord{Town: source.Text{S: id}, Year: source.Number{V: float64(year), Valid: true},
			Values: source.ValuesOf(cfg, map[string]source.Number{"output": n(output)})}
	}
	data := &source.Data{
		Towns: []source.TownRecord{{ID: source.Text{S: "a"}, Name: source.Text{S: "a镇"}, Tier: source.Text{S: "provincial"}},
			{ID: source.Text{S: "b"}, Name: source.Text{S: "b镇"}, Tier: source.Text{S: "county"}}},
		Values: []source.ValueRecord{row("a", 2023, "10"), row("a", 2024, "12"), row("b", 2023, "5"), row("b", 2024, "6")},
		// The office's 2024 total, 18.5 against the towns' 18, and its
		// growth, 20.5 %.
		Totals: []source.TotalRecord{{Label: source.Text{S: "合计"}, Year: source.Number{V: 2024, Valid: true},
			Values: source.ValuesOf(cfg, map[string]source.Number{"output": n("18.5")}),
			Growth: source.ValuesOf(cfg, map[string]source.Number{"output": n("20.5")})}},
	}
	site, problems := model.New(cfg, data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	output := site.Indicator("output")
	all, county := NewYearValues(site, output, 1).Totals[""], NewYearValues(site, output, 1).Totals["county"]
	if all.What != "official_total" || all.Summed != "18.0" || all.Basis != "basis_comparable" || all.Delta != "+20.5" {
		t.Errorf("the city's 2024 total = %+v, want the office's 18.5 with its growth, the towns' 18.0 beside it", all)
	}
	if county.What != "summed_total" || county.Summed != "" || county.Basis != "basis_computed" {
		t.Errorf("the county tier's 2024 total = %+v, want the towns' summed, its growth computed", county)
	}
	if first := NewYearValues(site, output, 0).Totals[""]; first.What != "summed_total" || first.Basis != "basis_computed" {
		t.Errorf("the city's 2023 total = %+v, want the towns' summed", first)
	}
}
