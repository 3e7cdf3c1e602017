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
	v := NewValues(site, site.Indicator("output"))
	if got := v.Text; !slices.Equal(got[0], []string{"15.0", "19.9"}) || !slices.Equal(got[1], []string{"-0.2", "6,660.6"}) ||
		!slices.Equal(got[2], []string{"—", "19.9"}) || !slices.Equal(got[3], []string{"4.3", "0.1"}) {
		t.Errorf("text = %q", got)
	}
	// 19.9 over 15.01 is +32.58 %, +32.6; over a negative base, none.
	if got := v.Delta; !slices.Equal(got[0], []string{"—", "+32.6"}) || !slices.Equal(got[1], []string{"—", "—"}) ||
		!slices.Equal(got[2], []string{"—", "—"}) || !slices.Equal(got[3], []string{"—", "-98.8"}) {
		t.Errorf("delta = %q", got)
	}
	if len(v.Why) != 1 || v.Why[0] != [3]any{1, 1, "why_base"} {
		t.Errorf("why = %v, want b's 2024 growth over a base below zero", v.Why)
	}
	// Drawn at source precision: 15.01, not 15.0.
	if got := string(*v.Rows[0][0]); got != "15.01" || v.Rows[2][0] != nil {
		t.Errorf("rows = %v", v.Rows)
	}
	// 2024: b 6660.55, a and c tied at 19.9, d 0.05: ranks 1, 2, 2, 4.
	wantRank := [][]int{{1, 2}, {3, 1}, {0, 2}, {2, 4}}
	wantTier := [][]int{{1, 1}, {2, 1}, {0, 2}, {1, 3}}
	for i := range wantRank {
		if !slices.Equal(v.Rank[i], wantRank[i]) || !slices.Equal(v.TierRank[i], wantTier[i]) {
			t.Errorf("town %d: rank %v tier rank %v, want %v %v", i, v.Rank[i], v.TierRank[i], wantRank[i], wantTier[i])
		}
	}
	county := v.Totals["county"][1]
	if county.Text != "6,680.5" || county.Reporting != 3 || county.Of != 3 || !county.Break || county.Matched != 2 || county.PrevReporting != 2 {
		t.Errorf("county total 2024 = %+v", county)
	}
	share := NewValues(site, site.Indicator("share"))
	if !share.Points || share.Delta[0][1] != "+0.50" || share.Totals != nil {
		t.Errorf("a rate without parts changes in points and has no totals: %+v", share)
	}
	// The script is a call with JSON that reads back.
	b := ValueScripts(site)["data/output.js"]
	arg := strings.TrimSuffix(strings.SplitN(string(b), "townpressValues(", 2)[1], ");\n")
	var back Values
	if err := json.Unmarshal([]byte(arg), &back); err != nil || back.Text[1][1] != "6,660.6" {
		t.Errorf("script does not read back: %v", err)
	}
}
