// Package config reads a site's config.toml: the site's settings, its tiers,
// its indicators and the targets of its action plan.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/townpress/townpress/internal/diag"
)

// Config is everything config.toml says.
type Config struct {
	Site       Site        `toml:"site"`
	Sheets     Sheets      `toml:"sheets"`
	Tiers      []Tier      `toml:"tiers"`
	Indicators []Indicator `toml:"indicators"`
	Targets    []Target    `toml:"targets"`

	// File is the config's path as the user named it, for messages.
	File string `toml:"-"`
}

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
	Note          string `toml:"note"`       // footer note
	NoteEn        string `toml:"note_en"`    //
	FirstYear     int    `toml:"first_year"` // years outside [first_year, last_year] are errors
	LastYear      int    `toml:"last_year"`  //

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
	ID             string   `toml:"id"`
	Name           string   `toml:"name"`
	NameEn         string   `toml:"name_en"`
	Unit           string   `toml:"unit"`
	UnitEn         string   `toml:"unit_en"`
	Decimals       int      `toml:"decimals"`
	HigherIsBetter *bool    `toml:"higher_is_better"` // default true
	Sum            bool     `toml:"sum"`              // totals across towns are meaningful
	Aliases        []string `toml:"aliases"`          // other header texts for the column
	Description    string   `toml:"description"`
	DescriptionEn  string   `toml:"description_en"`
}

// Better reports whether a higher value is an improvement.
func (ind Indicator) Better() bool { return ind.HigherIsBetter == nil || *ind.HigherIsBetter }

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
	Measure  string  `toml:"measure"`
	Compare  string  `toml:"compare"` // ">=", ">", "<=", "<", "=" ; default ">="
	Value    float64 `toml:"value"`
	Text     string  `toml:"text"`
	TextEn   string  `toml:"text_en"`
	Source   string  `toml:"source"` // the plan the target comes from
	SourceEn string  `toml:"source_en"`
}

// Measures and comparisons a target may name.
var (
	Measures    = []string{"total", "growth", "each", "new_towns"}
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
		return nil, nil, fmt.Errorf("no %s here (run 'townpress new DIR' to start a site, or name one with -config)", path)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, raw)
}

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
			problems.Errorf(loc, "%s", perr.Message)
		} else if m := typeErrorRE.FindStringSubmatch(err.Error()); m != nil {
			loc.Line, _ = strconv.Atoi(m[1])
			problems.Errorf(loc, "%s: %s", m[2], typeMessage(m[3], m[4]))
		} else {
			problems.Errorf(loc, "%v", err)
		}
		return nil, problems, nil
	}
	lines := indexLines(raw)
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
			problems.Errorf(diag.Loc{File: path, Line: line},
				"unknown table %s (a typo? the README lists the tables config.toml takes: [site], [sheets], [[tiers]], [[indicators]], [[targets]])", header)
		default:
			n := seen[key.String()]
			seen[key.String()]++
			problems.Errorf(diag.Loc{File: path, Line: lines.nth(table, name, n)},
				"unknown key %q (a typo? the README lists the keys config.toml takes)", key.String())
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
func typeMessage(got, want string) string {
	what := map[string]string{
		"string": "text in quotes", "integer": "a whole number", "float": "a number", "bool": "true or false",
		"[]string": "a list of texts such as [\"a\", \"b\"]", "array": "a list", "table": "a table", "datetime": "a date",
	}
	var name func(t string) string
	name = func(t string) string {
		if s, ok := what[t]; ok {
			return s
		}
		switch {
		case strings.HasPrefix(t, "int"):
			return "a whole number"
		case strings.HasPrefix(t, "float"):
			return "a number"
		case strings.HasPrefix(t, "[]"):
			return "a list"
		case strings.HasPrefix(t, "*"):
			return name(t[1:])
		}
		return t
	}
	hint := ""
	if got == "string" && (strings.HasPrefix(want, "int") || strings.HasPrefix(want, "float")) {
		hint = " (write it without quotes)"
	}
	return fmt.Sprintf("the value is %s, but %s is expected%s", name(got), name(want), hint)
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
			c.Targets[i].Measure = "total"
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
		problems.Errorf(at("site", -1, "title"), "site.title: must not be empty")
	}
	for _, lang := range c.Site.Languages {
		if lang != "zh-CN" && lang != "en" {
			problems.Errorf(at("site", -1, "languages"), "site.languages: %q is not supported (expected \"zh-CN\" or \"en\")", lang)
		}
	}
	if c.Site.Languages[0] != "zh-CN" {
		problems.Errorf(at("site", -1, "languages"), "site.languages: the first language must be \"zh-CN\"")
	}
	if c.Site.BaseURL != "" {
		if clean, err := CleanBaseURL(c.Site.BaseURL); err != nil {
			problems.Errorf(at("site", -1, "base_url"), "site.base_url: %v", err)
		} else {
			c.Site.BaseURL = clean
		}
	}
	if c.Site.FirstYear > c.Site.LastYear {
		problems.Errorf(at("site", -1, "first_year"), "site.first_year %d is after site.last_year %d", c.Site.FirstYear, c.Site.LastYear)
	}
	if len(c.Tiers) == 0 {
		problems.Errorf(diag.Loc{File: c.File}, "no [[tiers]]: a site needs at least one tier")
	}
	if len(c.Indicators) == 0 {
		problems.Errorf(diag.Loc{File: c.File}, "no [[indicators]]: a site needs at least one indicator")
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
			problems.Errorf(loc, "%s.id: %q is used by another tier", key, t.ID)
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
					problems.Errorf(at("tiers", i, n.key), "%s.%s: %q is also the %s of tiers[%d] (%s:%d); a town whose 级别 is %s could be in either (give each tier its own names and aliases)",
						key, n.key, name, tierKeyWords[first.key], first.tier, c.File, lines.find("tiers", first.tier, first.key), name)
				} else if !dup {
					tierOf[k] = tierName{i, n.key}
				}
			}
		}
		c.checkNames(problems, at, "tiers", i, map[string][]string{"name": {t.Name}, "name_en": {t.NameEn}, "aliases": t.Aliases})
		if t.Name == "" {
			problems.Errorf(at("tiers", i, "name"), "%s.name: must not be empty (expected the tier's name as the towns sheet writes it, such as 省级)", key)
		}
	}
	for i, t := range c.Tiers {
		// A report page's section of tier x is #tier-x, and its heading
		// #tier-x-h: tier x-h's section would take tier x's heading's id.
		if base, ok := strings.CutSuffix(t.ID, "-h"); ok && tierIDs[base] {
			problems.Errorf(at("tiers", i, "id"), "tiers[%d].id: %q would give its section of a report page the id of tier %q's heading, tier-%s (expected another id)", i, t.ID, base, t.ID)
		}
	}
	indIDs := map[string]bool{}
	summable := map[string]bool{}
	headerOf := map[string]string{} // a header text -> the indicator it reads into
	for i, ind := range c.Indicators {
		key := fmt.Sprintf("indicators[%d]", i)
		loc := at("indicators", i, "id")
		checkID(problems, loc, key, ind.ID)
		checkReserved(problems, loc, key, "indicator", ind.ID)
		summable[ind.ID] = ind.Sum
		// Two indicators answering to one header would read a column into
		// whichever came first.
		for _, h := range append([]string{ind.ID, ind.Name, ind.NameEn}, ind.Aliases...) {
			k := strings.ToLower(strings.Join(strings.Fields(h), ""))
			if k == "" {
				continue
			}
			if other, dup := headerOf[k]; dup && other != ind.ID {
				problems.Errorf(at("indicators", i, "aliases"), "%s: the header %q would match both %q and %q (give each indicator its own names and aliases)", key, h, other, ind.ID)
			}
			headerOf[k] = ind.ID
		}
		if indIDs[ind.ID] {
			problems.Errorf(loc, "%s.id: %q is used by another indicator", key, ind.ID)
		}
		indIDs[ind.ID] = true
		c.checkNames(problems, at, "indicators", i, map[string][]string{
			"name": {ind.Name}, "name_en": {ind.NameEn}, "aliases": ind.Aliases, "unit": {ind.Unit}, "unit_en": {ind.UnitEn},
		})
		if ind.Name == "" {
			problems.Errorf(at("indicators", i, "name"), "%s.name: must not be empty (expected the column header, such as 工业产值)", key)
		}
		if ind.Decimals < 0 || ind.Decimals > 6 {
			problems.Errorf(at("indicators", i, "decimals"), "%s.decimals: %d is out of range (expected 0 to 6)", key, ind.Decimals)
		}
		// Headers carry the unit in parentheses (工业产值（亿元）), so a
		// unit with parentheses could never match one.
		for _, u := range []struct{ key, unit string }{{"unit", ind.Unit}, {"unit_en", ind.UnitEn}} {
			if strings.ContainsAny(u.unit, "()（）") {
				problems.Errorf(at("indicators", i, u.key), "%s.%s: %q has parentheses (expected the unit alone, such as 亿元; headers write it in parentheses, as in 工业产值（亿元）)", key, u.key, u.unit)
			}
		}
	}
	targetIDs := map[string]bool{}
	for i, t := range c.Targets {
		key := fmt.Sprintf("targets[%d]", i)
		loc := at("targets", i, "id")
		checkID(problems, loc, key, t.ID)
		if targetIDs[t.ID] {
			problems.Errorf(loc, "%s.id: %q is used by another target", key, t.ID)
		}
		targetIDs[t.ID] = true
		if !slices.Contains(Measures, t.Measure) {
			problems.Errorf(at("targets", i, "measure"), "%s.measure: %q is not one of %s", key, t.Measure, strings.Join(Measures, ", "))
		}
		if !slices.Contains(Comparisons, t.Compare) {
			problems.Errorf(at("targets", i, "compare"), "%s.compare: %q is not one of %s", key, t.Compare, strings.Join(Comparisons, " "))
		}
		if t.Measure != "new_towns" && !indIDs[t.Indicator] {
			problems.Errorf(at("targets", i, "indicator"), "%s.indicator: %q is not an indicator id", key, t.Indicator)
		} else if (t.Measure == "total" || t.Measure == "growth") && !summable[t.Indicator] {
			problems.Errorf(at("targets", i, "measure"), "%s.measure: %q adds %s up across towns, but that indicator has sum = false (use measure = \"each\", or set sum = true if totals make sense)", key, t.Measure, t.Indicator)
		}
		for _, s := range t.Scope {
			if !tierIDs[s] {
				problems.Errorf(at("targets", i, "scope"), "%s.scope: %q is not a tier id", key, s)
			}
		}
		if t.Year < c.Site.FirstYear || t.Year > c.Site.LastYear {
			problems.Errorf(at("targets", i, "year"), "%s.year: %d is outside %d-%d", key, t.Year, c.Site.FirstYear, c.Site.LastYear)
		}
		if math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
			// TOML takes nan and inf as floats; no comparison with them
			// means anything, and no download can hold them.
			problems.Errorf(at("targets", i, "value"), "%s.value: %s is not a number a target can have (expected a number such as 30)", key, nonFinite(t.Value))
		}
		if t.Text == "" {
			problems.Errorf(at("targets", i, "text"), "%s.text: must not be empty", key)
		}
	}
}

// checkNames reports the names and aliases of the idx-th [[table]] that
// hold an invisible character, by key.
func (c *Config) checkNames(problems *diag.List, at func(string, int, string) diag.Loc, table string, idx int, names map[string][]string) {
	for _, key := range slices.Sorted(maps.Keys(names)) {
		for _, name := range names[key] {
			if r, bad := Invisible(name); bad {
				problems.Errorf(at(table, idx, key), "%s[%d].%s: %s %s", table, idx, key, QuoteVisible(name), InvisibleMessage(r))
			}
		}
	}
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
var tierKeyWords = map[string]string{"id": "id", "name": "name", "name_en": "English name", "aliases": "alias"}

func checkReserved(problems *diag.List, loc diag.Loc, key, kind, id string) {
	if why, reserved := ReservedID(kind, id); reserved {
		problems.Errorf(loc, "%s.id: %q is reserved: %s (expected another id)", key, id, why)
	}
}

func checkID(problems *diag.List, loc diag.Loc, key, id string) {
	if !ValidID(id) {
		problems.Errorf(loc, "%s.id: %q is not a valid id (expected lowercase letters, digits and '-', at most 63 characters)", key, id)
	}
}
