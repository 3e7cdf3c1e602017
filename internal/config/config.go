// Package config reads a site's config.toml: the site's settings, its tiers,
// its indicators and the targets of its action plan.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// Config is everything config.toml says.
type Config struct {
	Site       Site        `toml:"site"`
	Sheets     Sheets      `toml:"sheets"`
	Columns    Columns     `toml:"columns"`
	Rows       Rows        `toml:"rows"`
	Marks      Marks       `toml:"marks"`
	Tiers      []Tier      `toml:"tiers"`
	Indicators []Indicator `toml:"indicators"`
	Targets    []Target    `toml:"targets"`
	// Release stamps the next release (townpress release's flags override
	// it) and says where releases are kept; see package release.
	Release Release `toml:"release"`
	// Calendar is the release calendar (发布日程): what is published when.
	Calendar []CalendarEntry `toml:"calendar"`
	// TownAliases gives other names a town goes by in the sheets (short
	// forms, former names), keyed by the town's id or name:
	// "大良街道" = ["大良", "大良镇"].
	TownAliases map[string][]string `toml:"town_aliases"`

	// File is the config's path as the user named it, for messages.
	File string `toml:"-"`

	lines lineIndex // where each key is, for later stages' messages
}

// Line is the line of key in the idx-th [[table]] (idx -1 for a [table]),
// else of the table's header, else 0: for messages of later stages about
// a key, such as a town_aliases entry naming no town.
func (c *Config) Line(table string, idx int, key string) int { return c.lines.find(table, idx, key) }

// Site holds the settings shown on every page.
type Site struct {
	Title       string   `toml:"title"`
	TitleEn     string   `toml:"title_en"`
	Description string   `toml:"description"`
	DescEn      string   `toml:"description_en"`
	BaseURL     string   `toml:"base_url"`    // absolute URL of the published site; optional
	Languages   []string `toml:"languages"`   // "zh-CN" first; "en" adds the English edition
	DataDir     string   `toml:"data_dir"`    // folder of the workbooks, relative to the config
	Source      string   `toml:"source"`      // where the numbers come from, shown under every chart
	SourceEn    string   `toml:"source_en"`   //
	SampleData  bool     `toml:"sample_data"` // the numbers are illustrative; every page says so
	// ChartFiles writes each chart's numbers as CSV and JSON beside its page
	// (default true). A national site may turn it off: it is two files per
	// chart, some two million files for 40,000 towns.
	ChartFiles *bool `toml:"chart_files"`
	// TownWorkbooks writes an Excel workbook of each town's numbers beside
	// its CSV (default true). A national site may turn it off: 40,000
	// workbooks cost more time than every page of the site.
	TownWorkbooks *bool  `toml:"town_workbooks"`
	Note          string `toml:"note"`    // footer note
	NoteEn        string `toml:"note_en"` //
	// Region is the area the site covers, as tables name it (顺德区): a
	// row so named is the region's total row, not a town.
	Region    string `toml:"region"`
	FirstYear int    `toml:"first_year"` // data years outside [first_year, last_year] are errors
	LastYear  int    `toml:"last_year"`  //

	// ECharts is which bundle of the chart library the site serves:
	// "lite" (the default: the bar and line charts the default layouts
	// draw, 40% smaller) or "full" (every chart type, for layouts that
	// draw others).
	ECharts string `toml:"echarts"`
	// Rounding is how figures are rounded for display: "half-up" (四舍五入,
	// the default) or "half-even" (GB/T 8170 修约).
	Rounding string `toml:"rounding"`
	// Membership says which towns count in a tier's figures of a year:
	// "recognition" (the default) counts a town from the year it was
	// recognised; "retrospective" counts today's members in every year,
	// and every page says so.
	Membership string `toml:"membership"`

	// Footer fields Chinese government sites must show; omitted when empty.
	SiteCode    string `toml:"site_code"`       // 网站标识码
	ICP         string `toml:"icp"`             // ICP备案号
	PublicSec   string `toml:"public_security"` // 公安备案号
	Organiser   string `toml:"organiser"`       // 主办单位
	OrganiserEn string `toml:"organiser_en"`
	Contact     string `toml:"contact"`
}

// Sheets lists the names under which the reader looks for each kind of
// sheet, in addition to the built-in Chinese and English names.
type Sheets struct {
	Towns  []string `toml:"towns"`
	Values []string `toml:"values"`
	// SkipHidden leaves hidden and very hidden sheets out; by default they
	// are read with a warning.
	SkipHidden bool `toml:"skip_hidden"`
}

// Columns lists header texts under which the reader finds each column,
// in addition to the built-in ones (编号, 名称, 级别 …); indicators have
// their own aliases. Name and ID are the town's columns in every sheet.
type Columns struct {
	ID            []string `toml:"id"`
	Name          []string `toml:"name"`
	NameEn        []string `toml:"name_en"`
	Aliases       []string `toml:"aliases"`
	Tier          []string `toml:"tier"`
	County        []string `toml:"county"`
	CountyEn      []string `toml:"county_en"`
	Industry      []string `toml:"industry"`
	IndustryEn    []string `toml:"industry_en"`
	Recognised    []string `toml:"recognised"`
	Enterprises   []string `toml:"enterprises"`
	EnterprisesEn []string `toml:"enterprises_en"`
	Description   []string `toml:"description"`
	DescriptionEn []string `toml:"description_en"`
	Year          []string `toml:"year"`
	Ignore        []string `toml:"ignore"` // columns that hold nothing to read: no warning for them
}

// Rows lists the texts that mark rows of a table, in addition to the
// built-in ones.
type Rows struct {
	// Totals are first cells of total rows (合计, 全区 and the region's
	// name are built in): such a row is read as an official total, not a town.
	Totals []string `toml:"totals"`
}

// Marks are the status marks workbooks write beside figures (see package
// status): each list, when given, replaces that mark's built-in symbols.
type Marks struct {
	Provisional   []string `toml:"provisional"`    // built in: p, 初步, 初步数, 初步核算
	Revised       []string `toml:"revised"`        // r, 修订, 修订数
	Estimated     []string `toml:"estimated"`      // e, 估计, 推算
	Break         []string `toml:"break"`          // b, 口径调整
	Confidential  []string `toml:"confidential"`   // c, *, 保密
	NotApplicable []string `toml:"not_applicable"` // 不适用
	Final         []string `toml:"final"`          // f, 最终, 最终核实: verified in a provisional year
	// ProvisionalYears are years whose every figure is provisional, as a
	// table's note says "2024年为初步数" (which the reader also reads).
	ProvisionalYears []int `toml:"provisional_years"`
}

// Symbols are the symbols of each mark: the config's, or the built-in ones.
func (m Marks) Symbols() map[status.Flag][]string {
	out := map[status.Flag][]string{}
	for f, def := range status.DefaultSymbols {
		out[f] = def
	}
	for f, own := range map[status.Flag][]string{
		status.Provisional: m.Provisional, status.Revised: m.Revised, status.Estimated: m.Estimated,
		status.Break: m.Break, status.Confidential: m.Confidential, status.NotApplicable: m.NotApplicable,
		status.Final: m.Final,
	} {
		if own != nil {
			out[f] = own
		}
	}
	return out
}

// Tier is one level of the tier structure, such as provincial (省级).
type Tier struct {
	ID        string   `toml:"id"`
	Name      string   `toml:"name"`
	NameEn    string   `toml:"name_en"`
	Announced int      `toml:"announced"` // how many towns the plan announces in this tier, e.g. 15; 0 when unknown
	Aliases   []string `toml:"aliases"`   // other ways the tier is written in the towns sheet
}

// Indicator is one statistic kept for every town and year.
type Indicator struct {
	ID             string `toml:"id"`
	Name           string `toml:"name"`
	NameEn         string `toml:"name_en"`
	Unit           string `toml:"unit"`
	UnitEn         string `toml:"unit_en"`
	Decimals       int    `toml:"decimals"`
	HigherIsBetter *bool  `toml:"higher_is_better"` // default true
	Sum            bool   `toml:"sum"`              // totals across towns are meaningful
	// Kind is "level" (an amount: totals, growth in percent) or "rate" (a
	// share or intensity such as 研发投入强度 %: never summed, its change
	// in percentage points). Empty means rate for a unit of % or ‰.
	Kind string `toml:"kind"`
	// Numerator and Denominator name two summed indicators whose ratio
	// is a rate's total: 研发投入强度 = R&D spending / revenue × 100.
	Numerator     string   `toml:"numerator"`
	Denominator   string   `toml:"denominator"`
	Aliases       []string `toml:"aliases"` // other header texts for the column
	Description   string   `toml:"description"`
	DescriptionEn string   `toml:"description_en"`
	// GrowthBasis says what a growth typed in the workbooks is: "nominal"
	// (the default: at current prices, the growth of the levels) or
	// "comparable" (按可比价计算: at constant prices, which the levels do
	// not give, so check does not compare the two).
	GrowthBasis string `toml:"growth_basis"`
	// GrowthAliases are more header texts of the column of the
	// indicator's typed growth (besides 增长%, 同比增长（%）, 比上年增长 …).
	GrowthAliases []string `toml:"growth_aliases"`
	// DisplayUnit, with DisplayFactor, shows the indicator in another unit
	// than the workbooks keep it in: kept in 万元, shown in 亿元 with
	// display_factor = 0.0001. Every output shows the same converted
	// figure; Decimals are the displayed unit's.
	DisplayUnit   string  `toml:"display_unit"`
	DisplayUnitEn string  `toml:"display_unit_en"`
	DisplayFactor float64 `toml:"display_factor"`
	// Meta is the indicator's definition (指标解释), shown on its page and
	// in the report's notes and the data workbook.
	Meta Meta `toml:"meta"`
}

// Meta is an indicator's definition as a yearbook's 主要统计指标解释 gives
// it, in both languages; any part may be empty.
type Meta struct {
	Definition   string `toml:"definition"`
	DefinitionEn string `toml:"definition_en"`
	Scope        string `toml:"scope"` // 统计范围
	ScopeEn      string `toml:"scope_en"`
	Method       string `toml:"method"` // how it is counted, at current or comparable prices
	MethodEn     string `toml:"method_en"`
	Source       string `toml:"source"`
	SourceEn     string `toml:"source_en"`
	Frequency    string `toml:"frequency"` // 年度
	FrequencyEn  string `toml:"frequency_en"`
	Updated      string `toml:"updated"`     // last updated, a date such as 2025-03-31
	NextUpdate   string `toml:"next_update"` // next update, a date
	Breaks       string `toml:"breaks"`      // notes on breaks in the series
	BreaksEn     string `toml:"breaks_en"`
}

// Comparable reports whether the indicator's typed growth is at
// comparable prices.
func (ind Indicator) Comparable() bool { return ind.GrowthBasis == "comparable" }

// Better reports whether a higher value is an improvement.
func (ind Indicator) Better() bool { return ind.HigherIsBetter == nil || *ind.HigherIsBetter }

// Rate reports whether the indicator is a rate: configured so, or in % or ‰.
func (ind Indicator) Rate() bool {
	return ind.Kind == "rate" || (ind.Kind == "" && (ind.Unit == "%" || ind.Unit == "‰"))
}

// RateScale is what a rate's ratio of totals is multiplied by: 100 for
// %, 1000 for ‰, 1 otherwise.
func (ind Indicator) RateScale() int64 {
	switch ind.Unit {
	case "%":
		return 100
	case "‰":
		return 1000
	}
	return 1
}

// Target is one goal of an action plan.
type Target struct {
	ID        string   `toml:"id"`
	Year      int      `toml:"year"`
	Indicator string   `toml:"indicator"` // empty for measure "new_towns"
	Scope     []string `toml:"scope"`     // tier ids; empty means all tiers
	// Measure says what is compared with Value:
	//   "total":     the sum of the indicator over the scope's towns in Year
	//   "growth":    the growth of that sum over the year before, in percent
	//   "each":      the indicator of every town in the scope (met when all meet it)
	//   "new_towns": the number of towns in the scope recognised in Year
	Measure  Measure `toml:"measure"`
	Compare  string  `toml:"compare"` // ">=", ">", "<=", "<", "=" ; default ">="
	Value    float64 `toml:"value"`
	Text     string  `toml:"text"`
	TextEn   string  `toml:"text_en"`
	Source   string  `toml:"source"` // the plan the target comes from
	SourceEn string  `toml:"source_en"`
}

// Measure is what a target compares with its value.
type Measure string

// The measures a target may name.
const (
	Total    Measure = "total"     // the indicator's total over the scope in the year
	Growth   Measure = "growth"    // that total's growth in percent on the year before
	Each     Measure = "each"      // every town of the scope
	NewTowns Measure = "new_towns" // towns of the scope recognised in the year
)

// Measures and comparisons a target may name.
var (
	Measures    = []Measure{Total, Growth, Each, NewTowns}
	Comparisons = []string{">=", ">", "<=", "<", "="}
)

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// ValidID reports whether id is a lowercase ASCII slug, safe as a URL segment
// and a folder name on every file system.
func ValidID(id string) bool {
	if !slugRE.MatchString(id) {
		return false
	}
	// Windows reserves these names whatever the extension.
	switch strings.SplitN(id, "-", 2)[0] {
	case "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
		"lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9":
		return id != strings.SplitN(id, "-", 2)[0]
	}
	return true
}

// Load reads and checks the config at path in fsys. Problems are returned as
// a diag.List; other failures (the file cannot be read) as an error.
func Load(fsys fs.FS, path string) (*Config, diag.List, error) {
	raw, err := fs.ReadFile(fsys, path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, &LangError{diag.M("no %s here (run 'townpress new DIR' to start a site, or name one with -config)", "这里没有 %s（用 townpress new 文件夹 新建站点，或用 -config 指定配置文件）").Text(path)}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, raw)
}

// decodeLoose decodes config text into v, keys v lacks ignored.
func decodeLoose(raw []byte, v any) (toml.MetaData, error) { return toml.Decode(string(raw), v) }

// LangError is an error with a text in each language.
type LangError struct{ diag.Text }

func (e *LangError) Error() string { return e.En }

// Parse decodes and checks config text; path is used in messages.
func Parse(path string, raw []byte) (*Config, diag.List, error) {
	var problems diag.List
	cfg := &Config{File: path}
	md, err := toml.Decode(string(raw), cfg)
	if err != nil {
		var perr toml.ParseError
		loc := diag.Loc{File: path}
		if errors.As(err, &perr) {
			loc.Line = perr.Position.Line
			problems.Err(loc, diag.M("%s", "TOML 格式错误：%s"), perr.Message)
		} else if m := typeErrorRE.FindStringSubmatch(err.Error()); m != nil {
			loc.Line, _ = strconv.Atoi(m[1])
			problems.Err(loc, diag.M("%s: %s", "%s：%s"), m[2], typeMessage(m[3], m[4]))
		} else {
			problems.Err(loc, diag.M("%v", "%v"), err)
		}
		return nil, problems, nil
	}
	lines := indexLines(raw)
	cfg.lines = lines
	seen := map[string]int{}
	var unknownTables []string
	for _, key := range md.Undecoded() {
		if slices.ContainsFunc(unknownTables, func(t string) bool { return strings.HasPrefix(key.String(), t+".") }) {
			continue // inside a table already reported
		}
		table, name := strings.Join(key[:len(key)-1], "."), key[len(key)-1]
		switch typ := md.Type(key...); typ {
		case "Hash", "ArrayHash":
			unknownTables = append(unknownTables, key.String())
			header, line := "["+key.String()+"]", lines.find(key.String(), -1, "")
			if typ == "ArrayHash" {
				header, line = "["+header+"]", lines.find(key.String(), 0, "")
			}
			guess := diag.T("a typo?", "是否写错了？")
			if k := nearestKey("", key.String()); k != "" {
				guess = diag.M("did you mean %s?", "是不是 %s？").Text(strings.Replace(header, key.String(), k, 1))
			}
			problems.Err(diag.Loc{File: path, Line: line}, diag.M(
				"unknown table %s (%s the README lists the tables config.toml takes: [site], [sheets], [columns], [rows], [town_aliases], [[tiers]], [[indicators]], [[targets]], [marks], [release], [[calendar]])",
				"没有 %s 这个表（%sREADME 列出了 config.toml 可用的表：[site]、[sheets]、[columns]、[rows]、[town_aliases]、[[tiers]]、[[indicators]]、[[targets]]、[marks]、[release]、[[calendar]]）"), header, guess)
		default:
			n := seen[key.String()]
			seen[key.String()]++
			guess := diag.T("a typo?", "是否写错了？")
			if k := nearestKey(table, name); k != "" {
				guess = diag.M("did you mean %s?", "是不是 %s？").Text(strings.TrimPrefix(table+"."+k, "."))
			}
			problems.Err(diag.Loc{File: path, Line: lines.nth(table, name, n)}, diag.M(
				"unknown key %q (%s the README lists the keys config.toml takes)",
				"没有“%s”这个键（%sREADME 列出了 config.toml 可用的键）"), key.String(), guess)
		}
	}
	cfg.applyDefaults()
	cfg.check(&problems, lines)
	return cfg, problems, nil
}

// typeErrorRE matches the decoder's message for a value of the wrong type,
// which it gives as text, not as a ParseError.
var typeErrorRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]+)"\): incompatible types: TOML value has type (\S+); destination has type (.+)$`)

// typeMessage says in an official's words what a value is and what it
// should be: TOML types and Go types mean little to them.
func typeMessage(got, want string) diag.Text {
	what := map[string]diag.Text{
		"string": diag.T("text in quotes", "带引号的文字"), "integer": diag.T("a whole number", "整数"), "float": diag.T("a number", "数字"),
		"bool": diag.T("true or false", "true 或 false"), "[]string": diag.T("a list of texts such as [\"a\", \"b\"]", "文字列表，如 [\"a\", \"b\"]"),
		"array": diag.T("a list", "列表"), "table": diag.T("a table", "表"), "datetime": diag.T("a date", "日期"),
		"map[string][]string": diag.T("a table of lists such as { \"大良街道\" = [\"大良\"] }", "由列表组成的表，如 { \"大良街道\" = [\"大良\"] }"),
	}
	var name func(t string) diag.Text
	name = func(t string) diag.Text {
		if s, ok := what[t]; ok {
			return s
		}
		switch {
		case strings.HasPrefix(t, "int"):
			return what["integer"]
		case strings.HasPrefix(t, "float"):
			return what["float"]
		case strings.HasPrefix(t, "[]"):
			return what["array"]
		case strings.HasPrefix(t, "*"):
			return name(t[1:])
		}
		return diag.T(t, t)
	}
	hint := diag.T("", "")
	if got == "string" && (strings.HasPrefix(want, "int") || strings.HasPrefix(want, "float")) {
		hint = diag.T(" (write it without quotes)", "（请去掉引号）")
	}
	return diag.M("the value is %s, but %s is expected%s", "值是%s，但这里应为%s%s").Text(name(got), name(want), hint)
}

func (c *Config) applyDefaults() {
	if len(c.Site.Languages) == 0 {
		c.Site.Languages = []string{"zh-CN"}
	}
	if c.Site.DataDir == "" {
		c.Site.DataDir = "data"
	}
	if c.Site.FirstYear == 0 {
		c.Site.FirstYear = 1990
	}
	if c.Site.LastYear == 0 {
		c.Site.LastYear = 2100
	}
	for i := range c.Targets {
		if c.Targets[i].Compare == "" {
			c.Targets[i].Compare = ">="
		}
		if c.Targets[i].Measure == "" {
			c.Targets[i].Measure = Total
		}
	}
}

// WantChartFiles reports whether charts get their own data files.
func (c *Config) WantChartFiles() bool { return c.Site.ChartFiles == nil || *c.Site.ChartFiles }

// WantTownWorkbooks reports whether each town gets its own xlsx download.
func (c *Config) WantTownWorkbooks() bool {
	return c.Site.TownWorkbooks == nil || *c.Site.TownWorkbooks
}

// HasLanguage reports whether the site is published in lang.
func (c *Config) HasLanguage(lang string) bool { return slices.Contains(c.Site.Languages, lang) }

func (c *Config) check(problems *diag.List, lines lineIndex) {
	at := func(table string, idx int, key string) diag.Loc {
		return diag.Loc{File: c.File, Line: lines.find(table, idx, key)}
	}
	if strings.TrimSpace(c.Site.Title) == "" {
		problems.Err(at("site", -1, "title"), diag.M("site.title: must not be empty", "site.title：不能为空"))
	}
	for _, lang := range c.Site.Languages {
		if lang != "zh-CN" && lang != "en" {
			problems.Err(at("site", -1, "languages"), diag.M("site.languages: %q is not supported (expected \"zh-CN\" or \"en\")", "site.languages：不支持“%s”（应为 \"zh-CN\" 或 \"en\"）"), lang)
		}
	}
	if c.Site.Languages[0] != "zh-CN" {
		problems.Err(at("site", -1, "languages"), diag.M("site.languages: the first language must be \"zh-CN\"", "site.languages：第一种语言必须是 \"zh-CN\""))
	}
	if c.Site.BaseURL != "" {
		if clean, err := CleanBaseURL(c.Site.BaseURL); err != nil {
			problems.Err(at("site", -1, "base_url"), diag.M("site.base_url: %v", "site.base_url：%v"), err)
		} else {
			c.Site.BaseURL = clean
		}
	}
	if _, ok := num.ParseRule(c.Site.Rounding); !ok {
		problems.Err(at("site", -1, "rounding"), diag.M("site.rounding: %q is not a rounding rule (expected \"half-up\", 四舍五入, or \"half-even\", GB/T 8170 修约)",
			"site.rounding：“%s”不是修约规则（应为 \"half-up\"（四舍五入）或 \"half-even\"（GB/T 8170 修约））"), c.Site.Rounding)
	}
	if e := c.Site.ECharts; e != "" && e != "lite" && e != "full" {
		problems.Err(at("site", -1, "echarts"), diag.M("site.echarts: %q is not \"lite\" (bar and line charts, the default) or \"full\" (every chart type ECharts has)",
			"site.echarts：“%s”无效（应为 \"lite\"（柱状图和折线图，默认）或 \"full\"（ECharts 的全部图表类型））"), e)
	}
	if m := c.Site.Membership; m != "" && m != "recognition" && m != "retrospective" {
		problems.Err(at("site", -1, "membership"), diag.M("site.membership: %q is not one of \"recognition\" (a town counts in its tier from the year it was recognised) or \"retrospective\" (today's members in every year)",
			"site.membership：“%s”无效（应为 \"recognition\"（专业镇自认定之年起计入所在级别）或 \"retrospective\"（现有成员计入每一年））"), m)
	}
	if c.Site.FirstYear > c.Site.LastYear {
		problems.Err(at("site", -1, "first_year"), diag.M("site.first_year %d is after site.last_year %d", "site.first_year（%d）晚于 site.last_year（%d）"), c.Site.FirstYear, c.Site.LastYear)
	}
	if len(c.Tiers) == 0 {
		problems.Err(diag.Loc{File: c.File}, diag.M("no [[tiers]]: a site needs at least one tier", "没有 [[tiers]]：站点至少需要一个级别"))
	}
	if len(c.Indicators) == 0 {
		problems.Err(diag.Loc{File: c.File}, diag.M("no [[indicators]]: a site needs at least one indicator", "没有 [[indicators]]：站点至少需要一个指标"))
	}
	tierIDs := map[string]bool{}
	type tierName struct {
		tier int
		key  string
	}
	tierOf := map[string]tierName{} // a name as the towns sheet's 级别 column may write it -> the tier
	for i, t := range c.Tiers {
		key := fmt.Sprintf("tiers[%d]", i)
		loc := at("tiers", i, "id")
		checkID(problems, loc, key, t.ID)
		checkReserved(problems, loc, key, "tier", t.ID)
		if tierIDs[t.ID] {
			problems.Err(loc, diag.M("%s.id: %q is used by another tier", "%s.id：“%s”已被另一个级别使用"), key, t.ID)
		}
		tierIDs[t.ID] = true
		// The towns sheet names a town's tier by any of these; one that two
		// tiers answer to would put its towns in whichever came last.
		for _, n := range []struct {
			key   string
			names []string
		}{{"id", []string{t.ID}}, {"name", []string{t.Name}}, {"name_en", []string{t.NameEn}}, {"aliases", t.Aliases}} {
			for _, name := range n.names {
				k := strings.ToLower(strings.Join(strings.Fields(name), ""))
				if k == "" {
					continue
				}
				if first, dup := tierOf[k]; dup && first.tier != i {
					problems.Err(at("tiers", i, n.key), diag.M("%s.%s: %q is also the %s of tiers[%d] (%s:%d); a town whose 级别 is %s could be in either (give each tier its own names and aliases)",
						"%[1]s.%[2]s：“%[3]s”也是 tiers[%[5]d] 的%[4]s（%[6]s:%[7]d）；级别写作 %[8]s 的专业镇可能归入其中任何一个（请给每个级别各自的名称和别名）"),
						key, n.key, name, tierKeyWords[first.key], first.tier, c.File, lines.find("tiers", first.tier, first.key), name)
				} else if !dup {
					tierOf[k] = tierName{i, n.key}
				}
			}
		}
		c.checkNames(problems, at, "tiers", i, map[string][]string{"name": {t.Name}, "name_en": {t.NameEn}, "aliases": t.Aliases})
		if t.Name == "" {
			problems.Err(at("tiers", i, "name"), diag.M("%s.name: must not be empty (expected the tier's name as the towns sheet writes it, such as 省级)", "%s.name：不能为空（应为名录中写的级别名称，如 省级）"), key)
		}
	}
	for i, t := range c.Tiers {
		// A report page's section of tier x is #tier-x, and its heading
		// #tier-x-h: tier x-h's section would take tier x's heading's id.
		if base, ok := strings.CutSuffix(t.ID, "-h"); ok && tierIDs[base] {
			problems.Err(at("tiers", i, "id"), diag.M("tiers[%d].id: %q would give its section of a report page the id of tier %q's heading, tier-%s (expected another id)",
				"tiers[%d].id：“%s”会使它在报告页上那一节的 id 与级别“%s”的标题相同，都是 tier-%s（请换一个 id）"), i, t.ID, base, t.ID)
		}
	}
	indIDs := map[string]bool{}
	summable := map[string]bool{}
	for _, ind := range c.Indicators {
		summable[ind.ID] = ind.Sum && !ind.Rate()
	}
	headerOf := map[string]string{} // a header text -> the indicator it reads into
	for i, ind := range c.Indicators {
		key := fmt.Sprintf("indicators[%d]", i)
		loc := at("indicators", i, "id")
		checkID(problems, loc, key, ind.ID)
		checkReserved(problems, loc, key, "indicator", ind.ID)
		if ind.Kind != "" && ind.Kind != "level" && ind.Kind != "rate" {
			problems.Err(at("indicators", i, "kind"), diag.M("%s.kind: %q is not \"level\" (an amount) or \"rate\" (a share or intensity such as %%)", "%s.kind：“%s”无效（应为 \"level\"（总量）或 \"rate\"（比率、强度，如 %%））"), key, ind.Kind)
		}
		if ind.Rate() && ind.Sum {
			problems.Err(at("indicators", i, "sum"), diag.M("%s.sum: %s is a rate (%s), and rates are never summed across towns (remove sum = true; give numerator and denominator for its total)",
				"%s.sum：%s 是比率（%s），比率不能跨专业镇相加（请删除 sum = true；合计值请用 numerator 和 denominator 给出）"), key, ind.ID, ind.Unit)
		}
		if (ind.Numerator == "") != (ind.Denominator == "") {
			problems.Err(at("indicators", i, "numerator"), diag.M("%s: numerator and denominator go together (expected both, such as numerator = \"rd-spending\" and denominator = \"revenue\")",
				"%s：numerator 和 denominator 须同时给出（如 numerator = \"rd-spending\" 和 denominator = \"revenue\"）"), key)
		}
		if ind.Numerator != "" && !ind.Rate() {
			problems.Err(at("indicators", i, "numerator"), diag.M("%s.numerator: only a rate's total is a ratio (set kind = \"rate\")", "%s.numerator：只有比率的合计才是两数之比（请设 kind = \"rate\"）"), key)
		}
		for _, part := range []struct{ key, id string }{{"numerator", ind.Numerator}, {"denominator", ind.Denominator}} {
			if part.id != "" && !summable[part.id] {
				problems.Err(at("indicators", i, part.key), diag.M("%s.%s: %q is not an indicator with sum = true (expected the id of an amount summed across towns)", "%s.%s：“%s”不是 sum = true 的指标（应为可跨专业镇相加的总量指标的 id）"), key, part.key, part.id)
			}
		}
		// Two indicators answering to one header would read a column into
		// whichever came first.
		for _, h := range append([]string{ind.ID, ind.Name, ind.NameEn}, ind.Aliases...) {
			k := strings.ToLower(strings.Join(strings.Fields(h), ""))
			if k == "" {
				continue
			}
			if other, dup := headerOf[k]; dup && other != ind.ID {
				problems.Err(at("indicators", i, "aliases"), diag.M("%s: the header %q would match both %q and %q (give each indicator its own names and aliases)", "%s：表头“%s”会同时对应“%s”和“%s”（每个指标的名称和别名须各不相同）"), key, h, other, ind.ID)
			}
			headerOf[k] = ind.ID
		}
		if indIDs[ind.ID] {
			problems.Err(loc, diag.M("%s.id: %q is used by another indicator", "%s.id：“%s”已被另一个指标使用"), key, ind.ID)
		}
		indIDs[ind.ID] = true
		c.checkNames(problems, at, "indicators", i, map[string][]string{
			"name": {ind.Name}, "name_en": {ind.NameEn}, "aliases": ind.Aliases, "unit": {ind.Unit}, "unit_en": {ind.UnitEn},
		})
		if ind.Name == "" {
			problems.Err(at("indicators", i, "name"), diag.M("%s.name: must not be empty (expected the column header, such as 工业产值)", "%s.name：不能为空（应为列的表头，如 工业产值）"), key)
		}
		if ind.Decimals < 0 || ind.Decimals > 6 {
			problems.Err(at("indicators", i, "decimals"), diag.M("%s.decimals: %d is out of range (expected 0 to 6)", "%s.decimals：%d 超出范围（应为 0 至 6）"), key, ind.Decimals)
		}
		if b := ind.GrowthBasis; b != "" && b != "nominal" && b != "comparable" {
			problems.Err(at("indicators", i, "growth_basis"), diag.M("%s.growth_basis: %q is not \"nominal\" (at current prices, the default) or \"comparable\" (按可比价计算)",
				"%s.growth_basis：“%s”无效（应为 \"nominal\"（按现价，默认）或 \"comparable\"（按可比价计算））"), key, b)
		}
		switch {
		case ind.DisplayUnit == "" && (ind.DisplayFactor != 0 || ind.DisplayUnitEn != ""):
			problems.Err(at("indicators", i, "display_factor"), diag.M("%s: display_factor and display_unit_en need display_unit (the unit the figures are shown in, such as 亿元)",
				"%s：display_factor 和 display_unit_en 须与 display_unit（显示所用单位，如 亿元）同时给出"), key)
		case ind.DisplayUnit != "" && (ind.DisplayFactor <= 0 || math.IsInf(ind.DisplayFactor, 0) || math.IsNaN(ind.DisplayFactor)):
			problems.Err(at("indicators", i, "display_factor"), diag.M("%s.display_factor: %v is not a positive number (expected what a figure in %s is multiplied by to be in %s, such as 0.0001 for 万元 to 亿元)",
				"%s.display_factor：%v 不是正数（应为以 %s 计的数乘以多少得到以 %s 计的数，如 万元 换算为 亿元 为 0.0001）"), key, ind.DisplayFactor, ind.Unit, ind.DisplayUnit)
		case ind.DisplayUnit != "" && !exactFactor(ind.DisplayFactor):
			problems.Err(at("indicators", i, "display_factor"), diag.M("%s.display_factor: %v is not a power of ten (expected 10000, 0.0001 and such: a conversion between 万元, 亿元 and 元 that keeps every digit)",
				"%s.display_factor：%v 不是 10 的整数次幂（应为 10000、0.0001 之类，单位换算须不改变数字）"), key, ind.DisplayFactor)
		}
		// Headers carry the unit in parentheses (工业产值（亿元）), so a
		// unit with parentheses could never match one.
		for _, u := range []struct{ key, unit string }{{"unit", ind.Unit}, {"unit_en", ind.UnitEn}} {
			if strings.ContainsAny(u.unit, "()（）") {
				problems.Err(at("indicators", i, u.key), diag.M("%s.%s: %q has parentheses (expected the unit alone, such as 亿元; headers write it in parentheses, as in 工业产值（亿元）)", "%s.%s：“%s”带有括号（只写单位本身，如 亿元；表头中的单位才写在括号里，如 工业产值（亿元））"), key, u.key, u.unit)
			}
		}
	}
	c.checkColumns(problems, lines, headerOf)
	c.checkReleases(problems, at)
	targetIDs := map[string]bool{}
	for i, t := range c.Targets {
		key := fmt.Sprintf("targets[%d]", i)
		loc := at("targets", i, "id")
		checkID(problems, loc, key, t.ID)
		if targetIDs[t.ID] {
			problems.Err(loc, diag.M("%s.id: %q is used by another target", "%s.id：“%s”已被另一个目标使用"), key, t.ID)
		}
		targetIDs[t.ID] = true
		if !slices.Contains(Measures, t.Measure) {
			var names []string
			for _, m := range Measures {
				names = append(names, string(m))
			}
			problems.Err(at("targets", i, "measure"), diag.M("%s.measure: %q is not one of %s", "%s.measure：“%s”无效（应为 %s 之一）"), key, t.Measure, strings.Join(names, ", "))
		}
		if !slices.Contains(Comparisons, t.Compare) {
			problems.Err(at("targets", i, "compare"), diag.M("%s.compare: %q is not one of %s", "%s.compare：“%s”无效（应为 %s 之一）"), key, t.Compare, strings.Join(Comparisons, " "))
		}
		ind := c.Indicator(t.Indicator)
		switch {
		case t.Measure != NewTowns && ind == nil:
			problems.Err(at("targets", i, "indicator"), diag.M("%s.indicator: %q is not an indicator id", "%s.indicator：“%s”不是指标的 id"), key, t.Indicator)
		case t.Measure == Growth && ind.Rate():
			problems.Err(at("targets", i, "measure"), diag.M("%s.measure: %s is a rate, whose change is in percentage points, not a growth in percent (use measure = \"total\" or \"each\")",
				"%s.measure：%s 是比率，其变化以百分点计，不是百分比增速（请用 measure = \"total\" 或 \"each\"）"), key, t.Indicator)
		case t.Measure == Total && ind.Rate() && ind.Numerator == "":
			problems.Err(at("targets", i, "measure"), diag.M("%s.measure: %s is a rate, which has a total only from a numerator and a denominator (give them in its [[indicators]], or use measure = \"each\")",
				"%s.measure：%s 是比率，只有给出分子和分母才有合计值（请在其 [[indicators]] 中给出，或用 measure = \"each\"）"), key, t.Indicator)
		case (t.Measure == Total || t.Measure == Growth) && !ind.Rate() && !summable[t.Indicator]:
			problems.Err(at("targets", i, "measure"), diag.M("%s.measure: %q adds %s up across towns, but that indicator has sum = false (use measure = \"each\", or set sum = true if totals make sense)",
				"%s.measure：“%s”要把各专业镇的%s相加，但该指标是 sum = false（请用 measure = \"each\"，或在合计有意义时设 sum = true）"), key, t.Measure, t.Indicator)
		}
		for _, s := range t.Scope {
			if !tierIDs[s] {
				problems.Err(at("targets", i, "scope"), diag.M("%s.scope: %q is not a tier id", "%s.scope：“%s”不是级别的 id"), key, s)
			}
		}
		if t.Year < c.Site.FirstYear || t.Year > c.Site.LastYear {
			problems.Err(at("targets", i, "year"), diag.M("%s.year: %d is outside %d-%d (site.first_year to site.last_year)", "%s.year：%d 不在 %d—%d（site.first_year 至 site.last_year）之内"), key, t.Year, c.Site.FirstYear, c.Site.LastYear)
		}
		if math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
			// TOML takes nan and inf as floats; no comparison with them
			// means anything, and no download can hold them.
			problems.Err(at("targets", i, "value"), diag.M("%s.value: %s is not a number a target can have (expected a number such as 30)", "%s.value：%s 不能作为目标值（应为数字，如 30）"), key, nonFinite(t.Value))
		}
		if t.Text == "" {
			problems.Err(at("targets", i, "text"), diag.M("%s.text: must not be empty", "%s.text：不能为空"), key)
		}
	}
}

// checkColumns finds a header text that [columns] gives to two kinds of
// column, or to a column and an indicator: the reader could only guess.
func (c *Config) checkColumns(problems *diag.List, lines lineIndex, indicatorOf map[string]string) {
	kinds := map[string]string{} // a header text -> the key it is given under
	v := reflect.ValueOf(c.Columns)
	for i := range v.NumField() {
		key, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("toml"), ",")
		for _, h := range v.Field(i).Interface().([]string) {
			k := strings.ToLower(strings.Join(strings.Fields(h), ""))
			loc := diag.Loc{File: c.File, Line: lines.find("columns", -1, key)}
			switch other, dup := kinds[k]; {
			case k == "":
				problems.Err(loc, diag.M("columns.%s: an empty header text", "columns.%s：表头文字为空"), key)
			case dup && other != key:
				problems.Err(loc, diag.M("columns.%s: %q is also given under columns.%s (expected each header text under one key)", "columns.%s：“%s”同时出现在 columns.%s 中（每个表头文字只能属于一个键）"), key, h, other)
			case indicatorOf[k] != "":
				problems.Err(loc, diag.M("columns.%s: %q is also the name or an alias of the indicator %q", "columns.%s：“%s”同时是指标“%s”的名称或别名"), key, h, indicatorOf[k])
			}
			kinds[k] = key
		}
	}
	for town, aliases := range c.TownAliases {
		if strings.TrimSpace(town) == "" || len(aliases) == 0 {
			problems.Err(diag.Loc{File: c.File, Line: lines.find("town_aliases", -1, town)}, diag.M("town_aliases: %q = %q (expected a town's id or name and its other names, such as \"大良街道\" = [\"大良\"])", "town_aliases：%q = %q（应为专业镇的编号或名称及其别名，如 \"大良街道\" = [\"大良\"]）"), town, aliases)
		}
		for _, a := range aliases {
			if r, bad := Invisible(a); bad {
				problems.Err(diag.Loc{File: c.File, Line: lines.find("town_aliases", -1, town)}, diag.M("town_aliases: %q: %s %s", "town_aliases：%q：%s%s"), town, QuoteVisible(a), InvisibleMessage(r))
			}
		}
	}
}

// checkNames reports the names and aliases of the idx-th [[table]] that
// hold an invisible character, by key.
func (c *Config) checkNames(problems *diag.List, at func(string, int, string) diag.Loc, table string, idx int, names map[string][]string) {
	for _, key := range slices.Sorted(maps.Keys(names)) {
		for _, name := range names[key] {
			if r, bad := Invisible(name); bad {
				problems.Err(at(table, idx, key), diag.M("%s[%d].%s: %s %s", "%s[%d].%s：%s%s"), table, idx, key, QuoteVisible(name), InvisibleMessage(r))
			}
		}
	}
}

// exactFactor reports whether a display factor is a power of ten: a
// conversion between 元, 万元 and 亿元 moves the point and keeps every
// digit, so a figure shown converted is the same figure.
func exactFactor(f float64) bool {
	e := math.Round(math.Log10(f))
	return e >= -12 && e <= 12 && math.Abs(f-math.Pow(10, e)) <= 1e-9*f
}

// Indicator is the indicator with id, or nil.
func (c *Config) Indicator(id string) *Indicator {
	for i := range c.Indicators {
		if c.Indicators[i].ID == id {
			return &c.Indicators[i]
		}
	}
	return nil
}

// nonFinite writes NaN and the infinities as TOML does.
func nonFinite(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case v < 0:
		return "-inf"
	}
	return "inf"
}

// tierKeyWords name a tier's keys in messages.
var tierKeyWords = map[string]diag.Text{"id": diag.T("id", "id"), "name": diag.T("name", "名称"), "name_en": diag.T("English name", "英文名称"), "aliases": diag.T("alias", "别名")}

func checkReserved(problems *diag.List, loc diag.Loc, key, kind, id string) {
	if why, reserved := ReservedID(kind, id); reserved {
		problems.Err(loc, diag.M("%s.id: %q is reserved: %s (expected another id)", "%s.id：“%s”是保留的 id：%s（请换一个 id）"), key, id, why)
	}
}

func checkID(problems *diag.List, loc diag.Loc, key, id string) {
	if !ValidID(id) {
		problems.Err(loc, diag.M("%s.id: %q is not a valid id (expected lowercase letters, digits and '-', at most 63 characters)", "%s.id：“%s”不是有效的 id（应由小写字母、数字和“-”组成，最多 63 个字符）"), key, id)
	}
}
