package oracle

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/xuri/excelize/v2"
)

// siteConfig is what the oracle needs of config.toml, read with the TOML
// library directly (not internal/config), so that a mistake in townpress's
// reading of the config is not copied into the expectations.
type siteConfig struct {
	Site struct {
		DataDir    string   `toml:"data_dir"`
		Languages  []string `toml:"languages"`
		Rounding   string   `toml:"rounding"`
		Membership string   `toml:"membership"`
	} `toml:"site"`
	Sheets struct {
		Towns  []string `toml:"towns"`
		Values []string `toml:"values"`
	} `toml:"sheets"`
	Marks struct {
		ProvisionalYears []int `toml:"provisional_years"`
	} `toml:"marks"`
	Tiers      []tierConfig      `toml:"tiers"`
	Indicators []indicatorConfig `toml:"indicators"`
	Targets    []targetConfig    `toml:"targets"`
}

type tierConfig struct {
	ID      string   `toml:"id"`
	Name    string   `toml:"name"`
	NameEn  string   `toml:"name_en"`
	Aliases []string `toml:"aliases"`
}

type indicatorConfig struct {
	ID             string   `toml:"id"`
	GrowthBasis    string   `toml:"growth_basis"`
	GrowthAliases  []string `toml:"growth_aliases"`
	DisplayUnit    string   `toml:"display_unit"`
	DisplayUnitEn  string   `toml:"display_unit_en"`
	DisplayFactor  float64  `toml:"display_factor"`
	Name           string   `toml:"name"`
	NameEn         string   `toml:"name_en"`
	Unit           string   `toml:"unit"`
	UnitEn         string   `toml:"unit_en"`
	Decimals       int      `toml:"decimals"`
	HigherIsBetter *bool    `toml:"higher_is_better"`
	Sum            bool     `toml:"sum"`
	Kind           string   `toml:"kind"`
	Numerator      string   `toml:"numerator"`
	Denominator    string   `toml:"denominator"`
	Aliases        []string `toml:"aliases"`
}

type targetConfig struct {
	ID        string   `toml:"id"`
	Year      int      `toml:"year"`
	Indicator string   `toml:"indicator"`
	Scope     []string `toml:"scope"`
	Measure   string   `toml:"measure"`
	Compare   string   `toml:"compare"`
	Value     toml.Primitive
	Text      string `toml:"text"`
	TextEn    string `toml:"text_en"`

	goal *big.Rat // Value as typed in the config
}

// rate reports whether the indicator is a rate: its change is in
// percentage points and it is never summed (issue 10, class 7).
func (ind *indicatorConfig) rate() bool {
	return ind.Kind == "rate" || (ind.Kind == "" && (ind.Unit == "%" || ind.Unit == "‰"))
}

func (ind *indicatorConfig) better() bool { return ind.HigherIsBetter == nil || *ind.HigherIsBetter }

// factor is what a figure kept in the workbooks' unit is multiplied by to
// be shown in the indicator's display unit (display_factor, a power of
// ten), exactly; 1 without one.
func (ind *indicatorConfig) factor() *big.Rat {
	if ind.DisplayUnit == "" {
		return big.NewRat(1, 1)
	}
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(ind.DisplayFactor, 'f', -1, 64))
	return r
}

// shownUnit is the unit the indicator's figures are shown in.
func (ind *indicatorConfig) shownUnit() string {
	if ind.DisplayUnit != "" {
		return ind.DisplayUnit
	}
	return ind.Unit
}

// rateScale is what a ratio of totals is multiplied by for the unit.
func (ind *indicatorConfig) rateScale() int64 {
	switch ind.Unit {
	case "%":
		return 100
	case "‰":
		return 1000
	}
	return 1
}

// readConfig reads config.toml; a target's value keeps the digits typed
// (30, 2.5), read from the TOML text rather than through a float.
func readConfig(path string) (*siteConfig, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c siteConfig
	md, err := toml.Decode(string(raw), &c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i := range c.Targets {
		t := &c.Targets[i]
		var v any
		if err := md.PrimitiveDecode(t.Value, &v); err != nil {
			return nil, fmt.Errorf("%s: targets[%d].value: %w", path, i, err)
		}
		var text string
		switch v := v.(type) {
		case int64:
			text = strconv.FormatInt(v, 10)
		case float64:
			// The shortest text that reads back as the float is what was typed.
			text = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			return nil, fmt.Errorf("%s: targets[%d].value: %v is not a number", path, i, v)
		}
		t.goal, _ = new(big.Rat).SetString(text)
		if t.Compare == "" {
			t.Compare = ">="
		}
	}
	if c.Site.DataDir == "" {
		c.Site.DataDir = "data"
	}
	if c.Site.Rounding == "" {
		c.Site.Rounding = string(halfUp)
	}
	return &c, nil
}

// town is a row of the towns sheet.
type town struct {
	id, name, nameEn string
	tier             int // index in config order
	recognised       int // 0 when not given
	sheetRow         int // order in the towns sheet
}

// marks are what an office marks on a figure (issue 11), as the README's
// symbols table (符号说明) names them: the oracle's own set, not
// townpress's.
type marks uint8

const (
	mProvisional   marks = 1 << iota // p 初步
	mRevised                         // r 修订
	mEstimated                       // e 估计
	mBreak                           // b 口径调整
	mConfidential                    // c 保密: no figure shown
	mNotApplicable                   // 不适用: no figure
	mBelow                           // <0.1: only a bound
	// mFinal (最终核实) is a figure verified in a year otherwise
	// provisional: the year's provisional mark is not on it. It shows no
	// symbol of its own, so it is taken off once read and kept as the
	// cell's final (data files still say "final").
	mFinal
)

// carriedMarks are the marks a figure computed from marked figures takes
// on: a sum or a growth of provisional figures is provisional.
const carriedMarks = mProvisional | mRevised | mEstimated | mBreak

// markNames are each mark's words, as outputs may write them: the
// symbol, the data files' key, the Chinese and English words.
var markNames = []struct {
	m     marks
	words []string
}{
	{mProvisional, []string{"p", "provisional", "初步", "prelim"}},
	{mRevised, []string{"r", "revised", "修订"}},
	{mEstimated, []string{"e", "estimated", "估计", "推算", "estimate"}},
	{mBreak, []string{"b", "break", "口径调整", "口径变化"}},
	{mConfidential, []string{"c", "confidential", "保密", "*", "withheld"}},
	{mNotApplicable, []string{"x", "not_applicable", "不适用", "not applicable", "n/a"}},
	{mBelow, []string{"<", "below", "小于"}},
}

func (m marks) String() string {
	var parts []string
	for _, n := range markNames {
		if m&n.m != 0 {
			parts = append(parts, n.words[1])
		}
	}
	return strings.Join(parts, "+")
}

// symbols are the marks a workbook writes, by the README's table: after a
// number (12.5p, 12.5（初步）), alone in an empty cell (保密, *), or in a
// status column (数据状态, 工业产值状态).
var symbols = map[string]marks{
	"p": mProvisional, "初步": mProvisional, "初步数": mProvisional, "初步核算": mProvisional, "初步核算数": mProvisional,
	"r": mRevised, "修订": mRevised, "修订数": mRevised, "调整后": mRevised,
	"e": mEstimated, "估计": mEstimated, "估计数": mEstimated, "推算": mEstimated, "推算数": mEstimated, "估算": mEstimated,
	"b": mBreak, "口径调整": mBreak, "口径变化": mBreak,
	"c": mConfidential, "*": mConfidential, "保密": mConfidential, "涉密": mConfidential,
	"不适用": mNotApplicable,
	"f":   mFinal, "最终": mFinal, "最终核实": mFinal, "最终核实数": mFinal, "终核": mFinal,
}

// cell is a figure as a workbook gives it: the number (nil when none),
// the marks on it and its footnote's text.
type cell struct {
	v     *big.Rat
	marks marks
	note  string
	// noteEn is the footnote's English, where the workbook gives it (a
	// row 注（英文）：① under the table, a comment's line （英文）…):
	// what the English outputs show in place of note.
	noteEn string
	at     string // sheet!cell, for messages
	// final: the office marked the figure 最终核实, so that its year's
	// provisional note (2024年为初步数) is not on it; data files say so.
	final bool
}

// official is an office's total row of a scope in a year: its figure
// and the growth typed on it.
type official struct {
	value, growth *cell
}

type officialKey struct {
	scope     string // "all" or a tier id
	ind, year int
}

type cellKey struct {
	town, ind string
	year      int
}

// workbookData is what the oracle reads from the workbooks: the towns,
// every typed figure keyed by town id, indicator id and year, what the
// office marked on them, the growth it typed, its total rows, and the
// years its notes call provisional.
type workbookData struct {
	towns       []*town
	values      map[string]map[string]map[int]*big.Rat // town -> indicator -> year -> value as kept; nil or absent: no figure
	cells       map[cellKey]*cell                      // every figure cell read, with its marks and note
	growth      map[cellKey]*cell                      // the office's typed growth (a rate's: its change in points)
	officials   map[officialKey]*official
	provisional map[int]bool
	years       []int
	read        int // figures read, for the report
}

var (
	yearSheetRE = regexp.MustCompile(`^(\d{4})(年|年度)?$`)
	unitRE      = regexp.MustCompile(`[（(]([^（）()]*)[）)]\s*$`)
	// A note saying a year's figures are provisional: 2024年为初步数.
	provisionalNoteRE = regexp.MustCompile(`(\d{4})年(?:数据|数字)?(?:为|是|系|均为)初步`)
	// A note row giving the English of the footnotes it marks:
	// 注（英文）：①…, 说明(英文):①….
	englishRowRE = regexp.MustCompile(`^(?:注|说明|备注)\s*[（(]\s*英文\s*[)）]\s*[:：]?`)
	// The line of a comment that starts its English: （英文）….
	englishCommentRE = regexp.MustCompile(`(?m)^\s*[（(]\s*英文\s*[)）]\s*[:：]?`)
)

// headerKey folds a header or name for matching: no spaces, lower case.
func headerKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// readWorkbooks reads every .xlsx of the data folder with excelize: the
// towns sheet, one sheet per year of that year's towns with the office's
// total rows, a status column and a typed growth column, and long sheets
// of towns by year, as the sample keeps them. It reads only what the
// sample holds and fails on anything else, so that a new kind of sheet or
// cell is added to the oracle on purpose rather than skipped.
func readWorkbooks(cfg *siteConfig, siteDir string) (*workbookData, error) {
	dir := filepath.Join(siteDir, cfg.Site.DataDir)
	names, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil {
		return nil, err
	}
	data := &workbookData{values: map[string]map[string]map[int]*big.Rat{}, cells: map[cellKey]*cell{}, growth: map[cellKey]*cell{},
		officials: map[officialKey]*official{}, provisional: map[int]bool{}}
	for _, y := range cfg.Marks.ProvisionalYears {
		data.provisional[y] = true
	}
	type valueSheet struct {
		file, sheet string
		year        int // 0 for a long sheet
		f           *excelize.File
	}
	var valueSheets []valueSheet
	for _, name := range names {
		if strings.HasPrefix(filepath.Base(name), "~$") {
			continue
		}
		f, err := excelize.OpenFile(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer f.Close()
		for _, sheet := range f.GetSheetList() {
			switch {
			case isTownsSheet(cfg, sheet):
				if err := readTowns(cfg, data, f, name, sheet); err != nil {
					return nil, err
				}
			case yearSheetRE.MatchString(sheet):
				y, _ := strconv.Atoi(yearSheetRE.FindStringSubmatch(sheet)[1])
				valueSheets = append(valueSheets, valueSheet{name, sheet, y, f})
			case isLongSheet(cfg, sheet):
				valueSheets = append(valueSheets, valueSheet{name, sheet, 0, f})
			default:
				return nil, fmt.Errorf("%s:%s: the oracle reads a towns sheet, one sheet per year and long sheets named in [sheets] values; teach it this sheet", name, sheet)
			}
		}
	}
	if len(data.towns) == 0 {
		return nil, fmt.Errorf("%s: no towns sheet", dir)
	}
	seen := map[int]bool{}
	for _, vs := range valueSheets {
		if err := readValues(cfg, data, vs.f, vs.file, vs.sheet, vs.year); err != nil {
			return nil, err
		}
		if vs.year != 0 {
			seen[vs.year] = true
		}
	}
	// The site's years run without gaps from the first year with a row
	// to the last.
	for _, byInd := range data.values {
		for _, byYear := range byInd {
			for y := range byYear {
				seen[y] = true
			}
		}
	}
	if len(seen) > 0 {
		for y := minYear(seen); y <= maxYear(seen); y++ {
			data.years = append(data.years, y)
		}
	}
	// Towns in site order: by tier, then in the towns sheet's order.
	sort.SliceStable(data.towns, func(i, j int) bool {
		if data.towns[i].tier != data.towns[j].tier {
			return data.towns[i].tier < data.towns[j].tier
		}
		return data.towns[i].sheetRow < data.towns[j].sheetRow
	})
	return data, nil
}

func minYear(m map[int]bool) int {
	first := 1 << 30
	for y := range m {
		first = min(first, y)
	}
	return first
}

func maxYear(m map[int]bool) int {
	last := 0
	for y := range m {
		last = max(last, y)
	}
	return last
}

func isTownsSheet(cfg *siteConfig, sheet string) bool {
	for _, n := range append([]string{"专业镇名录", "名录", "专业镇", "towns"}, cfg.Sheets.Towns...) {
		if headerKey(n) == headerKey(sheet) {
			return true
		}
	}
	return false
}

func isLongSheet(cfg *siteConfig, sheet string) bool {
	for _, n := range append([]string{"指标数据", "数据", "values"}, cfg.Sheets.Values...) {
		if headerKey(n) == headerKey(sheet) {
			return true
		}
	}
	return false
}

// rawRows are a sheet's cells as stored (not as their number format shows
// them: a 0.0 format would turn 15.01 into 15.0).
func rawRows(f *excelize.File, sheet string) ([][]string, error) {
	return f.GetRows(sheet, excelize.Options{RawCellValue: true})
}

// findHeader is the index of the first of the first 20 rows that has a
// cell matching each of want (each a list of accepted header texts).
func findHeader(rows [][]string, want ...[]string) (int, []int) {
	for r := 0; r < len(rows) && r < 20; r++ {
		cols := make([]int, len(want))
		found := 0
		for i, names := range want {
			cols[i] = -1
			for c, cell := range rows[r] {
				k := headerKey(unitRE.ReplaceAllString(cell, ""))
				for _, n := range names {
					if k == headerKey(n) {
						cols[i] = c
					}
				}
				if cols[i] >= 0 {
					break
				}
			}
			if cols[i] >= 0 {
				found++
			}
		}
		if found == len(want) {
			return r, cols
		}
	}
	return -1, nil
}

func cellAt(row []string, c int) string {
	if c < 0 || c >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[c])
}

func readTowns(cfg *siteConfig, data *workbookData, f *excelize.File, file, sheet string) error {
	rows, err := rawRows(f, sheet)
	if err != nil {
		return fmt.Errorf("%s:%s: %w", file, sheet, err)
	}
	h, cols := findHeader(rows, []string{"编号", "id"}, []string{"专业镇名称", "名称", "name"}, []string{"级别", "tier"})
	if h < 0 {
		return fmt.Errorf("%s:%s: no header row with 编号, 名称 and 级别", file, sheet)
	}
	_, extra := findHeader(rows[h:h+1], []string{"英文名称", "name_en"}, []string{"认定年份", "recognised"})
	if extra == nil {
		return fmt.Errorf("%s:%s: no 英文名称 or 认定年份 column", file, sheet)
	}
	for r := h + 1; r < len(rows); r++ {
		row := rows[r]
		id, name := cellAt(row, cols[0]), cellAt(row, cols[1])
		if name == "" || strings.HasPrefix(name, "注") || strings.HasPrefix(cellAt(row, 0), "注") {
			continue
		}
		t := &town{id: id, name: name, nameEn: cellAt(row, extra[0]), tier: -1, sheetRow: r}
		t.tier = tierOf(cfg, cellAt(row, cols[2]))
		if t.tier < 0 {
			return fmt.Errorf("%s:%s!row %d: tier %q is not in config.toml", file, sheet, r+1, cellAt(row, cols[2]))
		}
		if y := cellAt(row, extra[1]); y != "" {
			if t.recognised, err = strconv.Atoi(y); err != nil {
				return fmt.Errorf("%s:%s!row %d: year recognised %q", file, sheet, r+1, y)
			}
		}
		data.towns = append(data.towns, t)
	}
	return nil
}

// tierOf is the index of the tier a text names (id, name, English name
// or alias), -1 for none.
func tierOf(cfg *siteConfig, text string) int {
	k := headerKey(text)
	for i, tier := range cfg.Tiers {
		for _, n := range append([]string{tier.ID, tier.Name, tier.NameEn}, tier.Aliases...) {
			if n != "" && headerKey(n) == k {
				return i
			}
		}
	}
	return -1
}

// indicatorOf finds the indicator a values header names, by the names and
// aliases of config.toml; a unit in parentheses must be the configured one.
func indicatorOf(cfg *siteConfig, header string) (int, error) {
	unit := ""
	if m := unitRE.FindStringSubmatch(header); m != nil {
		unit = m[1]
	}
	key := headerKey(unitRE.ReplaceAllString(header, ""))
	for i, ind := range cfg.Indicators {
		for _, n := range append([]string{ind.ID, ind.Name, ind.NameEn}, ind.Aliases...) {
			if n != "" && headerKey(n) == key {
				if unit != "" && unit != ind.Unit && unit != ind.UnitEn {
					return -1, fmt.Errorf("header %q: unit %q is not %s's %q", header, unit, ind.ID, ind.Unit)
				}
				return i, nil
			}
		}
	}
	return -1, nil
}

// columnKind is what a column of a values sheet holds.
type columnKind int

const (
	colLevel     columnKind = iota + 1 // an indicator's figures
	colGrowth                          // the office's growth of an indicator, in %
	colStatus                          // the status marks of an indicator's figures
	colRowStatus                       // the status marks of every figure of the row
)

type valueColumn struct {
	kind columnKind
	ind  int
}

// columnOf reads a values header other than the town's and year's: an
// indicator's level, its typed growth (工业产值增速（%）, a growth_aliases
// header), its status column (工业产值状态) or the row's (数据状态); ok is
// false for a column the oracle passes over (序号, 级别).
func columnOf(cfg *siteConfig, header string) (valueColumn, bool, error) {
	k := headerKey(unitRE.ReplaceAllString(header, ""))
	switch k {
	case "", "序号", "级别":
		return valueColumn{}, false, nil
	case "数据状态":
		return valueColumn{kind: colRowStatus, ind: -1}, true, nil
	}
	if i, err := indicatorOf(cfg, header); err != nil || i >= 0 {
		return valueColumn{kind: colLevel, ind: i}, err == nil, err
	}
	for i, ind := range cfg.Indicators {
		for _, n := range append([]string{ind.Name}, ind.Aliases...) {
			switch k {
			case headerKey(n) + "状态", headerKey(n) + "标志":
				return valueColumn{kind: colStatus, ind: i}, true, nil
			case headerKey(n) + "增速", headerKey(n) + "增长率":
				return valueColumn{kind: colGrowth, ind: i}, true, nil
			}
		}
		for _, n := range ind.GrowthAliases {
			if k == headerKey(n) {
				return valueColumn{kind: colGrowth, ind: i}, true, nil
			}
		}
	}
	return valueColumn{}, false, fmt.Errorf("header %q: the oracle does not know this column; teach it", header)
}

// readValues reads a sheet of one year (year > 0) or a long sheet with a
// 年份 column: town rows, the office's total rows (合计, 其中：<tier>), and
// the notes under the table: footnotes (①…), a year said to be
// provisional; then the comments on cells, each its cell's note.
func readValues(cfg *siteConfig, data *workbookData, f *excelize.File, file, sheet string, year int) error {
	rows, err := rawRows(f, sheet)
	if err != nil {
		return fmt.Errorf("%s:%s: %w", file, sheet, err)
	}
	want := [][]string{{"专业镇", "专业镇名称", "名称", "town"}}
	if year == 0 {
		want = append(want, []string{"年份", "year"})
	}
	h, cols := findHeader(rows, want...)
	if h < 0 {
		return fmt.Errorf("%s:%s: no header row with a 专业镇 column (and 年份 in a long sheet)", file, sheet)
	}
	townCol, yearCol := cols[0], -1
	if year == 0 {
		yearCol = cols[1]
	}
	columns := map[int]valueColumn{}
	for c, head := range rows[h] {
		if c == townCol || c == yearCol {
			continue
		}
		vc, ok, err := columnOf(cfg, head)
		if err != nil {
			return fmt.Errorf("%s:%s!%s: %w", file, sheet, cellName(c, h), err)
		}
		if ok {
			columns[c] = vc
		}
	}
	// A status column marks its indicator's figures.
	statusOf := map[int]int{} // indicator -> column
	rowStatus := -1
	for c, vc := range columns {
		switch vc.kind {
		case colStatus:
			statusOf[vc.ind] = c
		case colRowStatus:
			rowStatus = c
		}
	}
	byName := map[string]*town{}
	for _, t := range data.towns {
		byName[t.name], byName[t.id] = t, t
	}
	type pending struct {
		c    *cell
		mark string // a footnote mark, resolved once the notes are read
	}
	var marked []pending
	byCell := map[string]*cell{} // A1 -> the figure read there, for comments
	// readCell reads a figure cell, with the marks of its status columns.
	readCell := func(row []string, r, c int, ind int, asGrowth bool) (*cell, error) {
		at := sheet + "!" + cellName(c, r)
		v, m, note, err := markedNumber(cellAt(row, c))
		if err != nil {
			return nil, fmt.Errorf("%s:%s: %w", file, at, err)
		}
		var status []int
		if sc, ok := statusOf[ind]; ok && !asGrowth {
			status = append(status, sc)
		}
		if rowStatus >= 0 {
			status = append(status, rowStatus)
		}
		for _, sc := range status {
			sm, snote, err := statusMarks(cellAt(row, sc))
			if err != nil {
				return nil, fmt.Errorf("%s:%s!%s: %w", file, sheet, cellName(sc, r), err)
			}
			m |= sm
			if snote != "" {
				note = snote
			}
		}
		switch {
		case m&mConfidential != 0:
			v = nil // withheld, whatever the cell holds
		case v == nil:
			m &^= carriedMarks // a mark on no data: still no data
		}
		x := &cell{v: v, marks: m, at: at}
		if note != "" {
			marked = append(marked, pending{x, note})
		}
		byCell[cellName(c, r)] = x
		return x, nil
	}
	notesFrom := -1
	for r := h + 1; r < len(rows); r++ {
		row := rows[r]
		name := cellAt(row, townCol)
		first := cellAt(row, 0)
		if strings.HasPrefix(first, "注") || strings.HasPrefix(name, "注") {
			notesFrom = r
			break
		}
		if name == "" && first == "" {
			continue
		}
		rowYear := year
		if yearCol >= 0 {
			if rowYear, err = strconv.Atoi(strings.TrimSuffix(cellAt(row, yearCol), "年")); err != nil {
				return fmt.Errorf("%s:%s!%s: year %q", file, sheet, cellName(yearCol, r), cellAt(row, yearCol))
			}
		}
		if name == "" {
			name = first // a total row's label merged across the first columns
		}
		scope, total := totalScope(cfg, name)
		var t *town
		if !total {
			if t = byName[name]; t == nil {
				return fmt.Errorf("%s:%s!%s: town %q is not in the towns sheet", file, sheet, cellName(townCol, r), name)
			}
		}
		for c, vc := range columns {
			if vc.kind != colLevel && vc.kind != colGrowth {
				continue
			}
			x, err := readCell(row, r, c, vc.ind, vc.kind == colGrowth)
			if err != nil {
				return err
			}
			id := cfg.Indicators[vc.ind].ID
			x.final = x.marks&mFinal != 0 && x.v != nil
			if data.provisional[rowYear] && x.v != nil && !x.final {
				x.marks |= mProvisional
			}
			x.marks &^= mFinal
			switch {
			case total:
				k := officialKey{scope, vc.ind, rowYear}
				o := data.officials[k]
				if o == nil {
					o = &official{}
					data.officials[k] = o
				}
				if vc.kind == colGrowth {
					o.growth = x
				} else {
					o.value = x
				}
			case vc.kind == colGrowth:
				data.growth[cellKey{t.id, id, rowYear}] = x
			default:
				k := cellKey{t.id, id, rowYear}
				if data.cells[k] != nil {
					return fmt.Errorf("%s:%s: %s %s %d typed twice", file, x.at, t.id, id, rowYear)
				}
				data.cells[k] = x
				if x.v == nil {
					continue
				}
				if data.values[t.id] == nil {
					data.values[t.id] = map[string]map[int]*big.Rat{}
				}
				if data.values[t.id][id] == nil {
					data.values[t.id][id] = map[int]*big.Rat{}
				}
				data.values[t.id][id][rowYear] = x.v
				data.read++
			}
		}
	}
	// The notes under the table: footnotes by their mark, and a year
	// whose every figure is provisional.
	footnotes, english := map[string]string{}, map[string]string{}
	if notesFrom >= 0 {
		for r := notesFrom; r < len(rows); r++ {
			text := firstCell(rows[r])
			if m := englishRowRE.FindString(text); m != "" {
				for mark, note := range splitFootnotes(text[len(m):]) {
					english[mark] = note
				}
				continue
			}
			for _, m := range provisionalNoteRE.FindAllStringSubmatch(text, -1) {
				y, _ := strconv.Atoi(m[1])
				if !data.provisional[y] {
					// Figures read later are marked as they are read;
					// those read so far, this table's among them, here.
					data.provisional[y] = true
					markYear(data, y)
				}
			}
			body := strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(text, "注："), "注:"), " ")
			for mark, note := range splitFootnotes(body) {
				footnotes[mark] = note
			}
		}
	}
	for _, p := range marked {
		note, ok := footnotes[p.mark]
		if !ok {
			return fmt.Errorf("%s:%s: the mark %s has no note under the table; teach the oracle", file, p.c.at, p.mark)
		}
		p.c.note, p.c.noteEn = note, english[p.mark]
	}
	comments, err := f.GetComments(sheet)
	if err != nil {
		return fmt.Errorf("%s:%s: comments: %w", file, sheet, err)
	}
	for _, cm := range comments {
		x := byCell[cm.Cell]
		if x == nil {
			return fmt.Errorf("%s:%s!%s: a comment on a cell that is not a figure; teach the oracle", file, sheet, cm.Cell)
		}
		text := cm.Text
		if text == "" {
			var b strings.Builder
			for _, run := range cm.Paragraph {
				b.WriteString(run.Text)
			}
			text = b.String()
		}
		text = strings.TrimSpace(text)
		if a := strings.TrimSpace(cm.Author); a != "" {
			text = strings.TrimSpace(strings.TrimPrefix(text, a+":"))
		}
		en := ""
		if loc := englishCommentRE.FindStringIndex(text); loc != nil {
			text, en = text[:loc[0]], text[loc[1]:]
		}
		x.note = strings.Join(strings.Fields(text), "")
		x.noteEn = strings.Join(strings.Fields(en), " ")
	}
	return nil
}

// markYear marks every figure of year read so far provisional: a note
// under one table says so of every table.
func markYear(data *workbookData, year int) {
	mark := func(c *cell) {
		if c != nil && c.v != nil && !c.final {
			c.marks |= mProvisional
		}
	}
	for k, c := range data.cells {
		if k.year == year {
			mark(c)
		}
	}
	for k, c := range data.growth {
		if k.year == year {
			mark(c)
		}
	}
	for k, o := range data.officials {
		if k.year == year {
			mark(o.value)
			mark(o.growth)
		}
	}
}

func firstCell(row []string) string {
	for _, c := range row {
		if t := strings.TrimSpace(c); t != "" {
			return t
		}
	}
	return ""
}

// splitFootnotes splits a note at its marks ①…⑳: "①…。②…" gives ① and ②.
func splitFootnotes(text string) map[string]string {
	out := map[string]string{}
	mark, start := "", 0
	flush := func(end int) {
		if mark != "" {
			out[mark] = strings.TrimSpace(text[start:end])
		}
	}
	for i, r := range text {
		if r >= '①' && r <= '⑳' {
			flush(i)
			mark, start = string(r), i+len(string(r))
		}
	}
	flush(len(text))
	return out
}

// totalScope reads a row's label as the office's total row: 合计 totals
// every tier ("all"), 其中：<tier> one tier. Other total rows are not in
// the sample: the oracle fails on them rather than guess.
func totalScope(cfg *siteConfig, label string) (string, bool) {
	switch {
	case label == "合计":
		return "all", true
	case strings.HasPrefix(label, "其中："):
		if i := tierOf(cfg, strings.TrimPrefix(label, "其中：")); i >= 0 {
			return cfg.Tiers[i].ID, true
		}
	}
	for _, w := range []string{"总计", "小计", "全市", "全区", "全县", "其中"} {
		if strings.HasPrefix(label, w) {
			panic(fmt.Sprintf("oracle: total row %q is not one it reads; teach it", label))
		}
	}
	return "", false
}

// markedNumber reads a figure cell: a number as typedNumber reads it,
// with status marks after it (12.5p, 12.5（修订）) and a footnote mark
// (12.5①); or a mark alone in place of a figure (保密, 不适用), or a bound
// (<0.1).
func markedNumber(s string) (*big.Rat, marks, string, error) {
	t := strings.TrimSpace(s)
	if m, ok := symbols[strings.ToLower(t)]; ok && m&(mConfidential|mNotApplicable) != 0 {
		return nil, m, "", nil
	}
	if strings.HasPrefix(t, "<") || strings.HasPrefix(t, "＜") {
		return nil, mBelow, "", nil
	}
	var m marks
	note := ""
	for changed := true; changed; {
		changed = false
		r, size := utf8.DecodeLastRuneInString(t)
		if r >= '①' && r <= '⑳' && note == "" {
			note, t, changed = string(r), strings.TrimSpace(t[:len(t)-size]), true
			continue
		}
		for _, open := range []string{"（", "("} {
			if i := strings.LastIndex(t, open); i > 0 && (strings.HasSuffix(t, "）") || strings.HasSuffix(t, ")")) {
				_, closeSize := utf8.DecodeLastRuneInString(t)
				if sm, ok := symbols[strings.ToLower(t[i+len(open):len(t)-closeSize])]; ok {
					m, t, changed = m|sm, strings.TrimSpace(t[:i]), true
				}
			}
		}
		for sym, sm := range symbols {
			if sm&(mConfidential|mNotApplicable) != 0 || !strings.HasSuffix(strings.ToLower(t), sym) {
				continue
			}
			rest := strings.TrimSpace(t[:len(t)-len(sym)])
			if rest != "" && strings.ContainsAny(rest[len(rest)-1:], "0123456789") {
				m, t, changed = m|sm, rest, true
			}
		}
	}
	v, err := typedNumber(t)
	return v, m, note, err
}

// statusMarks reads a cell of a status column: symbols apart or run
// together (p r, 初步、修订, pr) and a footnote mark (r①).
func statusMarks(s string) (marks, string, error) {
	t := strings.TrimSpace(s)
	if missingText(t) {
		return 0, "", nil
	}
	var m marks
	note := ""
	for _, tok := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(" ,，、;；/+", r) }) {
		if r, size := utf8.DecodeLastRuneInString(tok); r >= '①' && r <= '⑳' {
			note, tok = string(r), tok[:len(tok)-size]
		}
		if tok == "" {
			continue
		}
		if sm, ok := symbols[strings.ToLower(tok)]; ok {
			m |= sm
			continue
		}
		for _, r := range strings.ToLower(tok) {
			sm, ok := symbols[string(r)]
			if !ok {
				return 0, "", fmt.Errorf("status %q is not one the oracle reads", s)
			}
			m |= sm
		}
	}
	return m, note, nil
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col+1, row+1)
	return name
}

// typedNumber reads a value cell as an official types it: a number (as
// stored, rounded to Excel's 15 significant digits), or text with
// thousands separators, full-width digits or a trailing unit or %; —, -,
// /, … or empty is no data (nil). Anything else is an error.
func typedNumber(s string) (*big.Rat, error) {
	if missingText(s) {
		return nil, nil
	}
	t := strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '，' || r == ',' || r == ' ':
			return -1
		case r == '－' || r == '−':
			return '-'
		}
		return r
	}, s)
	t = strings.TrimRight(t, "%‰亿万元户家人个")
	v, ok := new(big.Rat).SetString(t)
	if !ok {
		return nil, fmt.Errorf("%q is not a number the oracle reads", s)
	}
	return excel15(v, t), nil
}

// excel15 rounds a stored number to the 15 significant digits Excel keeps
// and shows (a cell saved as 0.30000000000000004 holds 0.3).
func excel15(v *big.Rat, text string) *big.Rat {
	digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(strings.Split(strings.ToLower(text), "e")[0]), "0")
	if len(digits) <= 15 || v.Sign() == 0 {
		return v
	}
	// Scale so that the 15th significant digit is the last before the point.
	f, _ := v.Float64()
	exp := 0
	for a := abs(f); a >= 1; a /= 10 {
		exp++
	}
	for a := abs(f); a != 0 && a < 0.1; a *= 10 {
		exp--
	}
	places := 15 - exp
	if places >= 0 {
		return roundRat(v, places, halfUp)
	}
	scale := new(big.Rat).SetInt(pow10(-places))
	q := new(big.Rat).Quo(v, scale)
	return q.Mul(roundRat(q, 0, halfUp), scale)
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// TestOracleReadsOfficialFigures checks the oracle's own reading of the
// sample against what the workbook holds, as config.toml and the README
// describe it: the oracle is only as good as this.
func TestOracleReadsOfficialFigures(t *testing.T) {
	s := loadOracle(t, root)
	if !s.data.provisional[2024] || len(s.data.provisional) != 1 {
		t.Errorf("provisional years = %v, want 2024 (注：2024年为初步数)", s.data.provisional)
	}
	town := func(id string) *town {
		t.Helper()
		if tw := s.townByKey[id]; tw != nil {
			return tw
		}
		t.Fatalf("no town %s", id)
		return nil
	}
	output, profit, rate := s.indIndex("output"), s.indIndex("profit"), s.indIndex("rd-intensity")
	if c := s.cellOf(town("zhongbei-stainless-steel"), output, 2023); c.marks != mRevised || !strings.Contains(c.note, "第五次全国经济普查") ||
		!strings.HasPrefix(c.noteEn, "Zhongbei Stainless Steel Town's 2023") || strings.Contains(c.noteEn, "英文") {
		t.Errorf("不锈钢 2023 output: %+v, want revised with its footnote, in Chinese and in English (注（英文）：①…)", c)
	}
	// 2024 is provisional (注：2024年为初步数), but three towns' output was
	// verified (最终核实) and revised since the release 2024-preliminary.
	if c := s.cellOf(town("zhongbei-stainless-steel"), output, 2024); c.marks != mRevised || !c.final {
		t.Errorf("不锈钢 2024 output: %s (final %v), want revised and final, not provisional", c.marks, c.final)
	}
	if c := s.cellOf(town("zhongbei-stainless-steel"), profit, 2024); c.marks != mProvisional || c.final {
		t.Errorf("不锈钢 2024 profit: %s (final %v), want provisional", c.marks, c.final)
	}
	if c := s.cellOf(town("yangqu-carbon-fibre"), output, 2024); c.marks != mProvisional || c.final {
		t.Errorf("碳纤维 2024 output: %s (final %v), want provisional (not revised)", c.marks, c.final)
	}
	if f := s.figure("municipal", output, 2024); f.value.marks != mProvisional|mRevised || !f.official {
		t.Errorf("市级 2024 output total: %s, want the office's, provisional and revised since 2024-preliminary", f.value.marks)
	}
	if c := s.cellOf(town("yangqu-carbon-fibre"), profit, 2024); c.v != nil || c.marks != mConfidential|0 || !strings.Contains(c.note, "单个企业") || strings.Contains(c.note, "英文") ||
		!strings.HasPrefix(c.noteEn, "The town's total profit") {
		t.Errorf("碳纤维 2024 profit: %+v, want withheld with the comment's note", c)
	}
	if e := s.townDelta(town("qingxu-vinegar"), output, 2023); e.x == nil || exactText(e.x) != "32.6" || e.derived {
		t.Errorf("清徐老陈醋 2023 growth = %v, want the office's 32.6 as typed", e)
	}
	if e := s.townDelta(town("qingxu-vinegar"), output, 2021); e.x == nil || !e.derived {
		t.Errorf("清徐老陈醋 2021 growth = %v, want computed (no typed growth before recognition)", e)
	}
	// Every official total is within rounding of the towns': the sample
	// has no reconciliation warning.
	n := 0
	for k, o := range s.data.officials {
		if o.value == nil || o.value.v == nil {
			continue
		}
		f := s.figure(k.scope, k.ind, k.year)
		if !f.official || f.summed == nil {
			t.Errorf("%v: the official total is not published", k)
			continue
		}
		if s.reconciles(k.ind, f) != "" {
			t.Errorf("%v: official %s, towns %s: beyond rounding", k, exactText(f.value.x), exactText(f.summed))
		}
		n++
	}
	if n < 5*len(s.cfg.Indicators) {
		t.Errorf("%d official totals, want a 合计 of every indicator each year", n)
	}
	f := s.figure("all", rate, 2023)
	if exactText(f.value.x) != "2.5" || f.value.derived || f.summed.Cmp(f.value.x) == 0 {
		t.Errorf("R&D intensity 2023 = %v (summed %v), want the office's 2.50", f.value, f.summed)
	}
	if f := s.figure("all", output, 2023); !f.official || !f.prevOfficial || !f.broken() || f.delta.x == nil || f.delta.derived {
		t.Errorf("city output 2023: %+v; want the office's total and typed growth, a break (five towns joined)", f)
	}
	if f := s.figure("provincial", output, 2023); f.broken() || exactText(f.change.x) != "4.89" {
		t.Errorf("provincial output 2023: change %v, break %v; want 19.9 − 15.01 between two official totals of the same town", f.change, f.broken())
	}
}
