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
		{"nan", `value = 1`, `value = nan`,
			`config.toml:24: targets[0].value: nan is not a number a target can have (expected a number such as 30)`},
		{"-nan", `value = 1`, `value = -nan`,
			`config.toml:24: targets[0].value: nan is not a number a target can have`},
		{"inf", `value = 1`, `value = inf`,
			`config.toml:24: targets[0].value: inf is not a number a target can have`},
		{"+inf", `value = 1`, `value = +inf`,
			`config.toml:24: targets[0].value: inf is not a number a target can have`},
		{"-inf", `value = 1`, `value = -inf`,
			`config.toml:24: targets[0].value: -inf is not a number a target can have`},
		{"tier name with a word joiner", `name = "省级"`, `name = "省\u2060级"`,
			`config.toml:6: tiers[0].name: "省\u2060级" holds the invisible character U+2060, word joiner; with it a name looks like another on the page`},
		{"indicator alias with an override", `name = "新增投资"`, `name = "新增投资"` + "\naliases = [\"投资\", \"\u202e资投\"]",
			`config.toml:16: indicators[1].aliases: "\u202e资投" holds the invisible character U+202E, right-to-left override`},
		{"unit with a variation selector", `unit = "亿元"` + "\ndecimals", `unit = "亿元\ufe00"` + "\ndecimals",
			`config.toml:16: indicators[1].unit: "亿元\ufe00" holds the invisible character U+FE00, variation selector-1`},
		{"reserved tier id", `id = "provincial"`, `id = "all"`,
			`config.toml:5: tiers[0].id: "all" is reserved: totals.csv and the report workbooks use the scope "all" for all towns (expected another id)`},
		{"reserved tier id in a class", `id = "provincial"`, `id = "count"`,
			`config.toml:5: tiers[0].id: "count" is reserved: the pages style the class tier-count`},
		{"reserved indicator id", `id = "investment"`, `id = "year"`,
			`config.toml:14: indicators[1].id: "year" is reserved: values.csv and the town CSVs have a column year beside a column per indicator id (expected another id)`},
		{"tier id of another's heading", `name = "省级"`, `name = "省级"` + "\n[[tiers]]\nid = \"provincial-h\"\nname = \"市级\"",
			`config.toml:8: tiers[1].id: "provincial-h" would give its section of a report page the id of tier "provincial"'s heading, tier-provincial-h (expected another id)`},
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
		{`value = 1`, `value = nan`, `config.toml:24: targets[0].value：nan 不能作为目标值（应为数字，如 30）`},
		{`id = "provincial"`, `id = "all"`, `config.toml:5: tiers[0].id：“all”是保留的 id：totals.csv 和报告工作簿用范围“all”表示全部专业镇（请换一个 id）`},
		{`title = "测试"`, `title = "测试"` + "\nbase_url = \"https://x.cn/?a=1\"",
			`config.toml:3: site.base_url："https://x.cn/?a=1" 含有查询部分（? 及其后）；页面的路径接在基础网址之后，所以网址须以路径结尾（应为网址，如 https://towns.example.gov.cn/ 或 https://www.example.gov.cn/towns/）`},
		{`name = "省级"`, "name = \"省\u2060级\"", "config.toml:6: tiers[0].name：\"省\\u2060级\"含有不可见字符 U+2060（词连接符）；有了它，一个名称在页面上看起来会和另一个一样（请删除这个字符；从网页或其他程序复制文字时常会带进来）"},
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

func TestSkipHidden(t *testing.T) {
	for value, want := range map[string]bool{"": false, "skip_hidden = true": true, "skip_hidden = false": false} {
		cfg, problems, err := Parse("config.toml", []byte(base+"\n[sheets]\n"+value+"\n"))
		if err != nil || len(problems) > 0 {
			t.Fatalf("%q: %v %v", value, err, problems)
		}
		if cfg.Sheets.SkipHidden != want {
			t.Errorf("%q: skip_hidden %v, want %v", value, cfg.Sheets.SkipHidden, want)
		}
	}
}

// The towns sheet names a town's tier by its id, name, English name or an
// alias, compared without case and spaces: one that two tiers answer to
// would put the town in whichever came last.
func TestTierNamesAreUnambiguous(t *testing.T) {
	raw := strings.Replace(base, `name = "省级"`, `name = "省级"
[[tiers]]
id = "municipal"
name = "市级"
aliases = ["Provincial", "省 级", "市级"]
[[tiers]]
id = "county"
name = "县级"
name_en = "MUNICIPAL"`, 1)
	_, problems, err := Parse("config.toml", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := `config.toml:10: tiers[1].aliases: "Provincial" is also the id of tiers[0] (config.toml:5); a town whose 级别 is Provincial could be in either (give each tier its own names and aliases)
config.toml:10: tiers[1].aliases: "省 级" is also the name of tiers[0] (config.toml:6); a town whose 级别 is 省 级 could be in either (give each tier its own names and aliases)
config.toml:14: tiers[2].name_en: "MUNICIPAL" is also the id of tiers[1] (config.toml:8); a town whose 级别 is MUNICIPAL could be in either (give each tier its own names and aliases)`
	if got := problems.Error(); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}
