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

// workbookData is what the oracle reads from the workbooks: the towns and
// every typed figure, keyed by town id, indicator id and year.
type workbookData struct {
	towns  []*town
	values map[string]map[string]map[int]*big.Rat // town -> indicator -> year -> value
	years  []int
	cells  int // figures read, for the report
}

var (
	yearSheetRE = regexp.MustCompile(`^(\d{4})(年|年度)?$`)
	unitRE      = regexp.MustCompile(`[（(]([^（）()]*)[）)]\s*$`)
)

// headerKey folds a header or name for matching: no spaces, lower case.
func headerKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// readWorkbooks reads every .xlsx of the data folder with excelize: the
// towns sheet and one sheet per year, as the sample keeps them. It reads
// only what the sample holds and fails on anything else, so that a new
// kind of sheet is added to the oracle on purpose rather than skipped.
func readWorkbooks(cfg *siteConfig, siteDir string) (*workbookData, error) {
	dir := filepath.Join(siteDir, cfg.Site.DataDir)
	names, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil {
		return nil, err
	}
	data := &workbookData{values: map[string]map[string]map[int]*big.Rat{}}
	type yearSheet struct {
		file, sheet string
		year        int
		f           *excelize.File
	}
	var yearSheets []yearSheet
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
				yearSheets = append(yearSheets, yearSheet{name, sheet, y, f})
			default:
				return nil, fmt.Errorf("%s:%s: the oracle reads a towns sheet and one sheet per year; teach it this sheet", name, sheet)
			}
		}
	}
	if len(data.towns) == 0 {
		return nil, fmt.Errorf("%s: no towns sheet", dir)
	}
	for _, ys := range yearSheets {
		if err := readYear(cfg, data, ys.f, ys.file, ys.sheet, ys.year); err != nil {
			return nil, err
		}
	}
	// The site's years run from the first year with a row to the last.
	seen := map[int]bool{}
	for _, byInd := range data.values {
		for _, byYear := range byInd {
			for y := range byYear {
				seen[y] = true
			}
		}
	}
	for _, ys := range yearSheets {
		seen[ys.year] = true
	}
	// The site's years run without gaps from the first year to the last.
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
		tierText := headerKey(cellAt(row, cols[2]))
		for i, tier := range cfg.Tiers {
			for _, n := range append([]string{tier.ID, tier.Name, tier.NameEn}, tier.Aliases...) {
				if n != "" && headerKey(n) == tierText {
					t.tier = i
				}
			}
		}
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

func readYear(cfg *siteConfig, data *workbookData, f *excelize.File, file, sheet string, year int) error {
	rows, err := rawRows(f, sheet)
	if err != nil {
		return fmt.Errorf("%s:%s: %w", file, sheet, err)
	}
	h, cols := findHeader(rows, []string{"专业镇", "专业镇名称", "名称", "town"})
	if h < 0 {
		return fmt.Errorf("%s:%s: no header row with a 专业镇 column", file, sheet)
	}
	townCol := cols[0]
	indCol := map[int]int{} // column -> indicator index
	for c, head := range rows[h] {
		if c == townCol || strings.TrimSpace(head) == "" {
			continue
		}
		i, err := indicatorOf(cfg, head)
		if err != nil {
			return fmt.Errorf("%s:%s!%s: %w", file, sheet, cellName(c, h), err)
		}
		if i >= 0 {
			indCol[c] = i
		}
	}
	byName := map[string]*town{}
	for _, t := range data.towns {
		byName[t.name], byName[t.id] = t, t
	}
	for r := h + 1; r < len(rows); r++ {
		row := rows[r]
		name := cellAt(row, townCol)
		first := cellAt(row, 0)
		if name == "" || isTotalOrNote(name) || isTotalOrNote(first) {
			continue
		}
		t := byName[name]
		if t == nil {
			return fmt.Errorf("%s:%s!%s: town %q is not in the towns sheet", file, sheet, cellName(townCol, r), name)
		}
		for c, i := range indCol {
			v, err := typedNumber(cellAt(row, c))
			if err != nil {
				return fmt.Errorf("%s:%s!%s: %w", file, sheet, cellName(c, r), err)
			}
			if v == nil {
				continue
			}
			id := cfg.Indicators[i].ID
			if data.values[t.id] == nil {
				data.values[t.id] = map[string]map[int]*big.Rat{}
			}
			if data.values[t.id][id] == nil {
				data.values[t.id][id] = map[int]*big.Rat{}
			}
			if data.values[t.id][id][year] != nil {
				return fmt.Errorf("%s:%s!%s: %s %s %d typed twice", file, sheet, cellName(c, r), t.id, id, year)
			}
			data.values[t.id][id][year] = v
			data.cells++
		}
	}
	return nil
}

func isTotalOrNote(s string) bool {
	for _, p := range []string{"合计", "总计", "小计", "注", "说明"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
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
