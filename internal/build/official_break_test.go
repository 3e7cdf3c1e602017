package build

import (
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/sitetest"
)

// The office's 合计 totals the towns that reported: a figure withheld in
// one year (保密, 合计不含该数) leaves that year's total over fewer towns
// than the year before's, though the members are the same. The two
// official totals then do not compare; the change is over the town that
// reported in both years and the total is marked as a break, in the
// data files and on the pages, as for a total the site sums itself.
// The sample's municipal profit of 2024 is such a total: its carbon fibre
// town's figure is withheld, and it showed -7.7% where the four towns
// that reported in both years grew 19.6%.
func TestOfficialTotalsOfDifferentReportingTowns(t *testing.T) {
	s := sitetest.New(t, `
-- config.toml --
[site]
title = "测试门户"
title_en = "Test portal"
languages = ["zh-CN", "en"]
[[tiers]]
id = "provincial"
name = "省级"
name_en = "Provincial"
[[indicators]]
id = "output"
name = "工业产值"
name_en = "Industrial output"
unit = "亿元"
decimals = 1
sum = true
-- data/towns.xlsx.txt --
`+sitetest.Sheet(t, "专业镇名录", [][]any{{"编号", "名称", "级别"}, {"jia", "甲镇", "省级"}, {"yi", "乙镇", "省级"}})+
		sitetest.Sheet(t, "2023年", [][]any{{"专业镇", "工业产值（亿元）"}, {"甲镇", 10}, {"乙镇", 5}, {"合计", 15}})+
		sitetest.Sheet(t, "2024年", [][]any{{"专业镇", "工业产值（亿元）"}, {"甲镇", 12}, {"乙镇", "保密"}, {"合计", 12},
			{"注：“保密”表示涉及单个企业、依法不予公布的数据，合计不含该数。"}})).Build(buildSite)

	// scope, year, …, value, status, note, bound, basis, summed, reporting,
	// towns, previous, its status, prev_reporting, prev_towns, matched,
	// change, its status, growth_pct, …: 甲镇 alone reported in both
	// years, 10 → 12.
	totals := s.Read("public/downloads/data/totals.csv")
	var row string
	for _, line := range strings.Split(totals, "\r\n") {
		if strings.HasPrefix(line, "all,") && strings.Contains(line, ",2024,output,") {
			row = line
		}
	}
	if !strings.Contains(row, ",12,,,,official,12,1,2,15,,2,2,1,2,,20.0,") || !strings.Contains(row, ",computed,false,,true") {
		t.Errorf("totals.csv, all towns' 2024 output = %q\nwant the change 2 and growth 20 over 甲镇, the one town in both years, and a break", row)
	}
	for _, page := range []string{"public/index.html", "public/tiers/provincial/index.html", "public/reports/2024/index.html"} {
		s.NotContains(page, "-20.0")
	}
	s.Contains("public/tiers/provincial/index.html", "同比增长 &#43;20.0%", "<td>&#43;20.0</td><td>1/2 ※</td>")
}
