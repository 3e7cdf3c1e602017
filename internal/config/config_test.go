package config

import (
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/diag"
)

const base = `[site]
title = "测试"

[[tiers]]
id = "provincial"
name = "省级"

[[indicators]]
id = "output"
name = "工业产值"
unit = "亿元"

[[indicators]]
id = "investment"
name = "新增投资"
unit = "亿元"
decimals = 1

[[targets]]
id = "t1"
year = 2024
indicator = "output"
measure = "each"
value = 1
text = "目标"
`

// Every config problem names its line and key, so an official can go
// straight to it.
func TestConfigProblemsNameLineAndKey(t *testing.T) {
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"unknown site key", `title = "测试"`, `title = "测试"` + "\ntitel = \"x\"",
			`config.toml:3: unknown key "site.titel" (did you mean site.title? the README lists the keys config.toml takes)`},
		{"unknown indicator key", "decimals = 1", "decimals = 1\nunti = \"户\"",
			`config.toml:18: unknown key "indicators.unti" (did you mean indicators.unit? the README lists the keys config.toml takes)`},
		{"unknown key far from any", "decimals = 1", "decimals = 1\ncolour = \"red\"",
			`config.toml:18: unknown key "indicators.colour" (a typo? the README lists the keys config.toml takes)`},
		{"key with a dash", `title = "测试"`, `title = "测试"` + "\nfirst-year = 2000",
			`config.toml:3: unknown key "site.first-year" (did you mean site.first_year? the README lists the keys config.toml takes)`},
		{"unknown table", "[[targets]]", "[[target]]\nid = \"x\"\n[[targets]]",
			`config.toml:19: unknown table [[target]] (did you mean [[targets]]? the README lists the tables config.toml takes: [site], [sheets], [columns], [rows], [town_aliases], [[tiers]], [[indicators]], [[targets]], [marks], [release], [[calendar]])`},
		{"decimals", "decimals = 1", "decimals = 9",
			`config.toml:17: indicators[1].decimals: 9 is out of range (expected 0 to 6)`},
		{"unit", `unit = "亿元"` + "\ndecimals", `unit = "亿元（现价）"` + "\ndecimals",
			`config.toml:16: indicators[1].unit: "亿元（现价）" has parentheses (expected the unit alone, such as 亿元; headers write it in parentheses, as in 工业产值（亿元）)`},
		{"tier without name", `name = "省级"`, `name_en = "Provincial"`,
			`config.toml:4: tiers[0].name: must not be empty (expected the tier's name as the towns sheet writes it, such as 省级)`},
		{"measure", `measure = "each"`, `measure = "sum"`,
			`config.toml:23: targets[0].measure: "sum" is not one of total, growth, each, new_towns`},
		{"target indicator", `indicator = "output"`, `indicator = "outptu"`,
			`config.toml:22: targets[0].indicator: "outptu" is not an indicator id`},
		{"syntax", `value = 1`, `value = 1 1`,
			`config.toml:24: expected a top-level item to end with a newline, comment, or EOF, but got '1' instead`},
		{"wrong type", `value = 1`, `value = "一"`,
			`config.toml:24: targets.value: the value is text in quotes, but a number is expected (write it without quotes)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.old) {
				t.Fatalf("base has no %q", c.old)
			}
			_, problems, err := Parse("config.toml", []byte(strings.Replace(base, c.old, c.new, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), c.want) {
				t.Errorf("problems:\n%v\nwant:\n%s", problems, c.want)
			}
		})
	}
}

func TestBaseConfigIsGood(t *testing.T) {
	if _, problems, err := Parse("config.toml", []byte(base)); err != nil || len(problems) > 0 {
		t.Fatalf("%v %v", err, problems)
	}
}

// Problems read naturally in Chinese, with the same lines and keys.
func TestConfigProblemsInChinese(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{`title = "测试"`, `title = "测试"` + "\ntitel = \"x\"",
			`config.toml:3: 没有“site.titel”这个键（是不是 site.title？README 列出了 config.toml 可用的键）`},
		{"decimals = 1", "decimals = 9", `config.toml:17: indicators[1].decimals：9 超出范围（应为 0 至 6）`},
		{`value = 1`, `value = "一"`, `config.toml:24: targets.value：值是带引号的文字，但这里应为数字（请去掉引号）`},
		{"[[tiers]]", "[columns]\nname = [\"地区\"]\ntier = [\"地区\"]\n\n[[tiers]]", `config.toml:6: columns.tier：“地区”同时出现在 columns.name 中（每个表头文字只能属于一个键）`},
	} {
		_, problems, err := Parse("config.toml", []byte(strings.Replace(base, c.old, c.new, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if got := problems.In(diag.Zh); got != c.want {
			t.Errorf("problems:\n%s\nwant:\n%s", got, c.want)
		}
	}
	if FirstLanguage([]byte("[site]\nlanguages = [\"en\"]")) != "en" || FirstLanguage([]byte("[site")) != "zh-CN" {
		t.Error("FirstLanguage")
	}
}
