package source

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/townpress/townpress/internal/config"
)

// sheetKind is what a sheet holds, told by its name.
type sheetKind int

const (
	otherSheet  sheetKind = iota
	townsSheet            // 专业镇名录: one row per town
	valuesSheet           // 指标数据: one row per town and year
	yearSheet             // 2023年: one row per town, the year in the sheet name
)

// Built-in sheet names; config.toml's [sheets] adds more.
var (
	townsSheetNames  = []string{"专业镇名录", "名录", "专业镇", "专业镇名单", "towns"}
	valuesSheetNames = []string{"指标数据", "数据", "统计数据", "values", "data"}
	yearSheetRE      = regexp.MustCompile(`^(\d{4})(?:年|年度)?$`)
)

// column is what a header says a column holds.
type column int

const (
	colUnknown column = iota
	colIgnored        // known, not read: 序号, 备注, or a towns column in a values sheet
	colID
	colName
	colNameEn
	colTier
	colCounty
	colCountyEn
	colIndustry
	colIndustryEn
	colRecognised
	colEnterprises
	colEnterprisesEn
	colDescription
	colDescriptionEn
	colTownID   // values sheets: the town's id
	colTownName // values sheets: the town's name
	colYear
	colIndicator // values sheets: one of the configured indicators
	colGrowth    // values sheets: an indicator's growth rate as typed (工业产值增速（%）)
	colPoints    // values sheets: an indicator's change in percentage points as typed (增减（百分点）)
	colAliases   // towns sheets: other names of the town (别名)
	colEmpty     // no header at all
	colConflict  // a header that cannot be read one way; reported where it is found
	colStatus    // values sheets: the status marks of an indicator's figures (工业产值状态, 状态 under 工业产值)
	colRowStatus // values sheets: the status marks of every figure of the row (数据状态)
	colLongitude // towns sheets: where the town is, east (经度), in decimal degrees
	colLatitude  // towns sheets: where the town is, north (纬度)
)

// statusWords end a header that holds the status marks of an indicator's
// figures: 工业产值状态, 产值标志. Longer words come first so the longest
// is cut.
var statusWords = []string{"数据状态", "状态标志", "数据标志", "状态", "标志", "status", "flags", "flag"}

// Headers of a status column that name no indicator: 数据状态 and its
// kin say the marks are of every figure of the row; a bare 状态 or 标志
// says only that they are of some figure, which the header above it or
// the table must tell (see layout.resolveStatus).
var (
	rowStatusMarks = wordSet("数据状态", "状态标志", "数据标志", "row status", "rowstatus")
	statusMarks    = wordSet("状态", "标志", "status", "flag", "flags")
)

// growthWords end a header that holds an indicator's growth rate in
// percent, typed by hand beside the levels: 工业产值增速（%）, 产值增长率,
// output growth. Longer words come first so the longest is cut.
var growthWords = []string{"比上年增长率", "比上年增长", "同比增长率", "同比增长", "同比增速", "增长率", "增长速度", "增速", "增幅", "growthrate", "growth", "增长"}

// townsColumns are the header texts of a towns sheet. The first text of
// each column names it in messages.
var townsColumns = []struct {
	col   column
	names []string
}{
	{colID, []string{"编号", "代码", "ID", "标识"}},
	{colName, []string{"名称", "专业镇名称", "专业镇", "name", "镇(街道)", "镇(街道)名称", "镇街", "镇街名称", "乡镇", "乡镇名称", "乡镇(街道)", "单位名称"}},
	{colAliases, []string{"别名", "简称", "又名", "曾用名", "aliases"}},
	{colNameEn, []string{"英文名称", "英文名", "name_en", "english name"}},
	{colTier, []string{"级别", "层级", "梯队", "tier"}},
	{colCounty, []string{"县市区", "县（市、区）", "所在县区", "区县", "所属县区", "地区", "所在地区", "county"}},
	{colCountyEn, []string{"县市区（英文）", "county_en"}},
	{colIndustry, []string{"主导产业", "industry"}},
	{colIndustryEn, []string{"主导产业（英文）", "industry_en"}},
	{colRecognised, []string{"认定年份", "认定时间", "recognised", "year recognised"}},
	{colEnterprises, []string{"龙头企业", "重点企业", "leading enterprises"}},
	{colEnterprisesEn, []string{"龙头企业（英文）", "enterprises_en"}},
	{colDescription, []string{"简介", "说明", "description"}},
	{colDescriptionEn, []string{"简介（英文）", "description_en"}},
	{colLongitude, []string{"经度", "东经", "longitude", "lon", "lng"}},
	{colLatitude, []string{"纬度", "北纬", "latitude", "lat"}},
}

// valuesColumns are the header texts of a values sheet besides indicators.
var valuesColumns = []struct {
	col   column
	names []string
}{
	{colTownName, []string{"专业镇", "名称", "专业镇名称", "镇", "town", "地区", "镇(街道)", "镇街", "乡镇", "单位名称", "地区名称", "镇(街道)名称", "镇街名称", "乡镇名称", "乡镇(街道)", "街道", "区域"}},
	{colTownID, []string{"编号", "id", "代码", "标识"}},
	{colYear, []string{"年份", "年度", "year", "统计年度"}},
}

// ignoredColumns are known columns that hold nothing to read.
var ignoredColumns = []string{"序号", "no", "no.", "备注", "remarks", "note", "notes"}

// noteStarts begin the notes under a table; the rows from there on are not data.
var noteStarts = []string{"注释", "注", "说明", "备注", "数据来源", "资料来源", "来源", "notes", "note", "source"}

// totalNames mark a total row (合计) in the town column: the table's
// total, or the whole of the area it covers (全区, 全县, and the region's
// own name from site.region). A row starting 其中 or # is a subtotal.
var totalNames = []string{"合计", "总计", "小计", "汇总", "全市", "全区", "全县", "全镇", "全乡", "全省", "全旗", "全盟", "全州", "全国", "全部", "total", "sum", "subtotal", "all"}

// names knows the header texts and sheet names of one site: the built-in
// ones and those config.toml adds.
type names struct {
	cfg          *config.Config
	towns        map[string]column // Key(header) -> column, towns sheets
	values       map[string]column // Key(header) -> column, values sheets (not indicators)
	indicators   map[string]int    // Key(header) -> index in cfg.Indicators
	sheets       map[string]sheetKind
	totals       map[string]bool // Key(first cell) of total rows, besides the built-in words
	units        map[string]bool // Key(unit) of units a unit row or line may name
	indicatorEgs []string        // example headers, for messages
	marks        *Marks          // the status marks a figure cell may carry
	// growthAliases are indicators' growth_aliases: Key(header) -> index
	// of the indicator whose typed growth the column holds.
	growthAliases map[string]int
}

func newNames(cfg *config.Config) *names {
	n := &names{
		marks:         NewMarks(cfg.Marks.Symbols()),
		growthAliases: map[string]int{},
		cfg:           cfg,
		towns:         map[string]column{},
		values:        map[string]column{},
		indicators:    map[string]int{},
		sheets:        map[string]sheetKind{},
		totals:        map[string]bool{},
		units:         map[string]bool{},
	}
	add := func(m map[string]column, texts []string, col column) {
		for _, t := range texts {
			if _, dup := m[Key(t)]; !dup {
				m[Key(t)] = col
			}
		}
	}
	// Config's names come first: a site may give a built-in text to
	// another column.
	cc := cfg.Columns
	for _, c := range []struct {
		col   column
		texts []string
	}{
		{colID, cc.ID}, {colName, cc.Name}, {colNameEn, cc.NameEn}, {colAliases, cc.Aliases}, {colTier, cc.Tier},
		{colCounty, cc.County}, {colCountyEn, cc.CountyEn}, {colIndustry, cc.Industry}, {colIndustryEn, cc.IndustryEn},
		{colRecognised, cc.Recognised}, {colEnterprises, cc.Enterprises}, {colEnterprisesEn, cc.EnterprisesEn},
		{colDescription, cc.Description}, {colDescriptionEn, cc.DescriptionEn}, {colIgnored, cc.Ignore},
	} {
		add(n.towns, c.texts, c.col)
	}
	add(n.values, cc.Name, colTownName)
	add(n.values, cc.ID, colTownID)
	add(n.values, cc.Year, colYear)
	add(n.values, cc.Ignore, colIgnored)
	for _, c := range townsColumns {
		add(n.towns, c.names, c.col)
	}
	add(n.towns, ignoredColumns, colIgnored)
	for _, c := range valuesColumns {
		add(n.values, c.names, c.col)
	}
	add(n.values, ignoredColumns, colIgnored)
	for _, t := range append([]string{cfg.Site.Region}, cfg.Rows.Totals...) {
		if k := Key(t); k != "" {
			n.totals[k] = true
		}
	}
	for _, u := range knownUnits {
		n.units[Key(u)] = true
	}
	// Officials often repeat a town's county or tier beside its numbers.
	for _, c := range townsColumns {
		add(n.values, c.names, colIgnored)
	}
	for i, ind := range cfg.Indicators {
		for _, t := range append([]string{ind.Name, ind.NameEn, ind.ID}, ind.Aliases...) {
			k := Key(t)
			if _, dup := n.indicators[k]; !dup && k != "" {
				n.indicators[k] = i
			}
		}
		for _, t := range ind.GrowthAliases {
			if k := Key(t); k != "" {
				n.growthAliases[k] = i
			}
		}
		eg := ind.Name
		if ind.Unit != "" {
			eg += "（" + ind.Unit + "）"
			n.units[Key(ind.Unit)] = true
		}
		n.indicatorEgs = append(n.indicatorEgs, eg)
	}
	for _, s := range append(append([]string{}, townsSheetNames...), cfg.Sheets.Towns...) {
		n.sheets[Key(s)] = townsSheet
	}
	for _, s := range append(append([]string{}, valuesSheetNames...), cfg.Sheets.Values...) {
		if _, dup := n.sheets[Key(s)]; !dup {
			n.sheets[Key(s)] = valuesSheet
		}
	}
	return n
}

// sheetKind tells what a sheet holds from its name, and for a per-year
// sheet its year.
func (n *names) sheetKind(name string) (sheetKind, int) {
	k := Key(name)
	if kind, ok := n.sheets[k]; ok {
		return kind, 0
	}
	if m := yearSheetRE.FindStringSubmatch(k); m != nil {
		if y, _ := strconv.Atoi(m[1]); y >= 1900 && y <= 2200 {
			return yearSheet, y
		}
	}
	if _, ok := n.sheetIndicator(name); ok {
		return valuesSheet, 0
	}
	return otherSheet, 0
}

var yearRangeRE = regexp.MustCompile(`^\d{4}(?:[-—~至]\d{4})?年度?`)

// sheetIndicator reads a sheet named for one indicator, as yearbooks name
// their tables: 表3-1 规上工业增加值, 3-2 工业产值（亿元）, 2019-2024年新增投资情况.
// The name must be the indicator's, give or take those words: a sheet
// such as 工业产值图表 is not read.
func (n *names) sheetIndicator(name string) (int, bool) {
	k := Key(name)
	k = tableNumberRE.ReplaceAllString(k, "")
	k = yearRangeRE.ReplaceAllString(k, "")
	_, k, _ = splitHeader(k)
	for _, w := range titleTailWords {
		if rest, ok := strings.CutSuffix(k, w); ok && rest != "" {
			k = rest
			break
		}
	}
	i, ok := n.indicators[k]
	return i, ok
}

// splitHeader returns a header's Key and, when it ends in a unit in
// parentheses (工业产值（亿元）), the Key without it and the unit.
func splitHeader(text string) (full, base, unit string) {
	full = Key(text)
	if strings.HasSuffix(full, ")") {
		if i := strings.LastIndexByte(full, '('); i > 0 {
			return full, full[:i], full[i+1 : len(full)-1]
		}
	}
	return full, full, ""
}

// headerCell is what one header cell was read as.
type headerCell struct {
	col       column
	indicator int    // index in cfg.Indicators when col is colIndicator or colGrowth
	unit      string // the unit in the header, Key form; "" when none
}

// header reads one header cell of a sheet of kind.
func (n *names) header(kind sheetKind, text string) headerCell {
	full, base, unit := splitHeader(text)
	if full == "" {
		return headerCell{}
	}
	known := n.values
	if kind == townsSheet {
		known = n.towns
	}
	col, isKnown := known[full]
	if isKnown && col != colIgnored {
		return headerCell{col: col}
	}
	// An indicator wins over a column that is known only to be ignored.
	if kind != townsSheet {
		if i, ok := n.indicators[full]; ok {
			return headerCell{col: colIndicator, indicator: i}
		}
		if i, ok := n.indicators[base]; ok {
			return headerCell{col: colIndicator, indicator: i, unit: unit}
		}
	}
	if isKnown {
		return headerCell{col: col}
	}
	if col, ok := known[base]; ok {
		return headerCell{col: col}
	}
	if kind != townsSheet && (unit == "" || unit == "%") {
		if i, ok := n.growthOf(base); ok {
			return headerCell{col: colGrowth, indicator: i, unit: unit}
		}
	}
	if kind != townsSheet && unit == "" {
		if i, ok := n.statusOf(base); ok {
			return headerCell{col: colStatus, indicator: i}
		}
	}
	return headerCell{}
}

// statusOf reads a header such as 工业产值状态 or 产值标志 as the status
// column of an indicator's figures.
func (n *names) statusOf(base string) (int, bool) {
	for _, w := range statusWords {
		name, ok := strings.CutSuffix(base, w)
		if !ok || name == "" {
			continue
		}
		if i, ok := n.indicators[name]; ok {
			return i, true
		}
	}
	return 0, false
}

// growthOf reads a header such as 工业产值增速 or 产值同比增长(%) as the
// growth rate of an indicator.
func (n *names) growthOf(base string) (int, bool) {
	if i, ok := n.growthAliases[base]; ok {
		return i, true
	}
	for _, w := range growthWords {
		name, ok := strings.CutSuffix(base, w)
		if !ok || name == "" {
			continue
		}
		// "产值(亿元)增速": a unit may sit between the name and the word.
		if strings.HasSuffix(name, ")") {
			if i := strings.LastIndexByte(name, '('); i > 0 {
				name = name[:i]
			}
		}
		if i, ok := n.indicators[name]; ok {
			return i, true
		}
	}
	return 0, false
}

// columnName is how messages name a column of a sheet.
func columnName(col column) string {
	for _, c := range townsColumns {
		if c.col == col {
			return c.names[0]
		}
	}
	for _, c := range valuesColumns {
		if c.col == col {
			return c.names[0]
		}
	}
	return "?"
}

// columnTexts lists the headers a column may have, for messages: the
// first few, then "…".
func columnTexts(col column) string {
	for _, list := range [][]struct {
		col   column
		names []string
	}{townsColumns, valuesColumns} {
		for _, c := range list {
			if c.col == col {
				if len(c.names) > maxNamesShown {
					return strings.Join(c.names[:maxNamesShown], ", ") + " …"
				}
				return strings.Join(c.names, ", ")
			}
		}
	}
	return ""
}

// maxNamesShown is how many headers of a column a message lists.
const maxNamesShown = 10

// isNote reports whether a row's first text starts the notes under a table:
// 注：…, 说明, 数据来源：…, Note: …. The word must stand alone, so a town
// such as 注塑专业镇 is not a note.
func isNote(first string) bool {
	k := strings.ToLower(normText(first))
	for _, p := range noteStarts {
		rest, ok := strings.CutPrefix(k, p)
		if !ok {
			continue
		}
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " "))
		if rest == "" || strings.ContainsRune(":：、.,，;；)）]】 ", r) || (r >= '0' && r <= '9') || r == '(' || r == '（' {
			return true
		}
	}
	return false
}

// isTotal reports whether a town cell marks a total row with a built-in
// word; names.total also knows the region and config's words.
func isTotal(town string) bool { return isTotalKey(Key(town)) }

// isTotalKey is isTotal of a Key.
func isTotalKey(k string) bool {
	if k == "" {
		return false
	}
	for _, t := range totalNames {
		if k == t {
			return true
		}
	}
	// 全市合计, 县级小计, 总计（省市）
	return strings.Contains(k, "合计") || strings.Contains(k, "总计") || strings.Contains(k, "小计")
}

// total reads a row's label as a total row: ok, and for a subtotal
// (其中：街道, #工业, 其中 镇 小计) the part it totals.
func (n *names) total(label string) (scope string, ok bool) {
	t := normText(label)
	if t == "" {
		return "", false
	}
	if rest, cut := cutSubtotal(t); cut {
		return rest, true
	}
	k := Key(t)
	if n.totals[k] || isTotalKey(k) {
		return "", true
	}
	if name, _ := cleanName(t); name != t {
		k = Key(name) // 全区①
		return "", n.totals[k] || isTotalKey(k)
	}
	return "", false
}

// cutSubtotal reads 其中：街道, 其中:街道, 其中 街道 and #街道 as a
// subtotal of 街道; "其中" alone is a subtotal whose part the rows under
// it name.
func cutSubtotal(t string) (scope string, ok bool) {
	if rest, cut := strings.CutPrefix(t, "其中"); cut {
		rest = strings.TrimLeft(rest, ":：、, ")
		name, _ := cleanName(rest)
		return name, true
	}
	if rest, cut := strings.CutPrefix(t, "#"); cut && rest != "" {
		name, _ := cleanName(strings.TrimLeft(rest, "# "))
		return name, true
	}
	return "", false
}
