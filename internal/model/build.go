package model

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/status"
)

// MaxTowns is the most towns a site may have. A build's memory and time
// grow with the towns; 100,000 is two and a half times a national site.
const MaxTowns = 100_000

// New validates the records read from the spreadsheets against the config
// and builds the site's domain. Every problem is reported with the cell it
// comes from; the returned site is nil when any of them is an error.
func New(cfg *config.Config, data *source.Data) (*Site, diag.List) {
	var problems diag.List
	site := &Site{Config: cfg, townByID: map[string]*Town{}, rejected: map[string]bool{}, figures: &figureMemo{}}
	site.Rule, _ = num.ParseRule(cfg.Site.Rounding)
	site.Retrospective = cfg.Site.Membership == "retrospective"
	for i, ct := range cfg.Tiers {
		site.Tiers = append(site.Tiers, &Tier{Tier: ct, Index: i})
	}
	for i, ci := range cfg.Indicators {
		site.Indicators = append(site.Indicators, &Indicator{Indicator: ci, Index: i})
	}
	for _, ind := range site.Indicators {
		if ind.Rate() && ind.Indicator.Numerator != "" {
			ind.Numerator, ind.Denominator = site.Indicator(ind.Indicator.Numerator), site.Indicator(ind.Indicator.Denominator)
		}
		// Shown in another unit than kept: every figure converted once,
		// here, so every output shows the same converted figure.
		if ind.DisplayUnit != "" {
			ind.shift = int(math.Round(math.Log10(ind.DisplayFactor)))
			ind.Unit, ind.UnitEn = ind.DisplayUnit, ind.DisplayUnitEn
			if ind.UnitEn == "" {
				ind.UnitEn = ind.DisplayUnit
			}
		}
	}

	towns := site.addTowns(data.Towns, &problems)
	byKey := site.aliasIndex(data.Towns, &problems)
	rows := site.matchValues(data.Values, byKey, &problems)
	site.checkSubtotals(data.Totals, byKey, &problems)
	if problems.HasErrors() {
		return nil, problems
	}

	site.readNotes(data, &problems)
	site.fillSeries(towns, rows)
	site.readOfficial(data.Totals, &problems)
	site.dropOtherScopes(&problems)
	if len(rows) == 0 {
		problems.Warn(diag.Loc{File: cfg.Site.DataDir}, diag.M("no values found: the site will show towns but no figures (expected a sheet per year such as 2024年, or a sheet named 指标数据 with a 年份 column; [sheets] values in %s adds names)",
			"没有找到任何数据：站点只会显示专业镇名单，没有数字（应有每年一张的工作表，如 2024年，或名为“指标数据”并有“年份”列的工作表；可在 %s 的 [sheets] values 中添加表名）"), cfgName(cfg.File))
	}
	site.checkStatedGrowth(rows, &problems)
	site.checkOfficial(&problems)
	site.checkLatestYear(&problems)
	site.checkDecimals(rows, &problems)
	site.ranks = newRankMemo(site) // the years are known
	site.evaluateTargets()
	return site, problems
}

// valueRow is a value record whose town has been found.
type valueRow struct {
	town *Town
	year int
	rec  *source.ValueRecord
}

func (s *Site) addTowns(records []source.TownRecord, problems *diag.List) []*Town {
	tierOf := map[string]*Tier{}
	for _, t := range s.Tiers {
		for _, name := range append([]string{t.ID, t.Name, t.NameEn}, t.Aliases...) {
			if name != "" {
				tierOf[foldKey(name)] = t
			}
		}
	}
	byName := make(map[string]source.Loc, len(records))
	byID := make(map[string]source.Loc, len(records))
	ids, derived := deriveIDs(records)
	s.DerivedIDs = derived
	checkTownNames(records, ids, problems)
	var towns []*Town
	for i, r := range records {
		ok := true
		id := ids[i] // typed in the 编号 column, or made from the name
		switch {
		case id == "":
			ok = false // no name either: reported below
		case !config.ValidID(id):
			problems.Err(r.ID.Loc.Diag(), diag.M("town id %q is not valid (expected lowercase letters a-z, digits and '-', at most 63 characters, such as qingxu-vinegar)",
				"专业镇编号“%s”无效（应由小写字母 a-z、数字和“-”组成，最多 63 个字符，如 qingxu-vinegar）"), clip(id))
			ok = false
		case !byID[id].IsZero():
			problems.Err(r.ID.Loc.Diag(), diag.M("duplicate town id %q (first used at %s)", "专业镇编号“%s”重复（首次出现在 %s）"), id, byID[id])
			ok = false
		default:
			byID[id] = orRowLoc(r.ID.Loc, r.Row)
		}
		name := strings.TrimSpace(r.Name.S)
		if name == "" {
			problems.Err(orRow(r.Name.Loc, r.Row), diag.M("town has no name (expected its Chinese name, such as 清徐老陈醋专业镇)", "专业镇没有名称（应填中文名称，如 清徐老陈醋专业镇）"))
			ok = false
		} else if first, dup := byName[name]; dup {
			problems.Err(r.Name.Loc.Diag(), diag.M("duplicate town name %q (first used at %s)", "专业镇名称“%s”重复（首次出现在 %s）"), name, first)
			ok = false
		} else {
			byName[name] = r.Name.Loc
		}
		tier := tierOf[foldKey(r.Tier.S)]
		if tier == nil {
			problems.Err(orRow(r.Tier.Loc, r.Row), diag.M("unknown tier %q (expected one of %s; to accept this spelling, add it to that tier's aliases in %s)",
				"没有级别“%s”（应为 %s 之一；如需接受这种写法，请加到 %s 中该级别的 aliases）"), r.Tier.S, s.tierChoices(), cfgName(s.Config.File))
			ok = false
		}
		recognised := 0
		if r.Recognised.Valid {
			// A town may have been recognised long before the first year
			// of data: only site.last_year bounds it.
			y := r.Recognised.V
			if y != float64(int(y)) || int(y) > s.Config.Site.LastYear {
				problems.Err(r.Recognised.Loc.Diag(), diag.M("year recognised %v is after site.last_year %d (expected the year the town was recognised; if it is right, raise site.last_year in %s)",
					"认定年份 %v 晚于 site.last_year（%d）（应为专业镇的认定年份；如果无误，请调大 %s 中的 site.last_year）"), y, s.Config.Site.LastYear, cfgName(s.Config.File))
				ok = false
			}
			recognised = int(y)
		}
		if !ok {
			// Its rows in the value sheets are not "unknown towns": the
			// problem is reported once, here.
			s.rejected[name] = true
			s.rejected[id] = true
			continue
		}
		town := &Town{
			ID: id, Name: name, NameEn: r.NameEn.S, Tier: tier, Loc: orRow(r.Name.Loc, r.Row),
			County: r.County.S, CountyEn: r.CountyEn.S,
			Industry: r.Industry.S, IndustryEn: r.IndustryEn.S,
			Recognised:  recognised,
			Enterprises: r.Enterprises.S, EnterprisesEn: r.EnterprisesEn.S,
			Description: r.Description.S, DescriptionEn: r.DescriptionEn.S,
		}
		if r.Longitude.Valid && r.Latitude.Valid {
			town.Place = &Place{Longitude: r.Longitude.V, Latitude: r.Latitude.V}
		}
		towns = append(towns, town)
		s.townByID[id] = town
	}
	if len(records) == 0 {
		problems.Err(diag.Loc{File: s.Config.Site.DataDir}, diag.M("no towns found (expected a towns sheet named 专业镇名录 in a workbook; [sheets] towns in %s adds names)",
			"没有找到专业镇（工作簿中应有名为“专业镇名录”的工作表；可在 %s 的 [sheets] towns 中添加表名）"), cfgName(s.Config.File))
	}
	if len(towns) > MaxTowns {
		problems.Err(records[MaxTowns].Row.Diag(), diag.M("%d towns: a site holds at most %d (all of China's township-level towns number about 40,000); split it into several sites",
			"%d 个专业镇：一个站点最多 %d 个（全国乡镇级单位约 4 万个）；请拆分为几个站点"), len(towns), MaxTowns)
	}
	// Pages list towns by tier, keeping the sheet's order inside a tier.
	slices.SortStableFunc(towns, func(a, b *Town) int { return a.Tier.Index - b.Tier.Index })
	for i, t := range towns {
		t.Index = i
		t.Tier.Towns = append(t.Tier.Towns, t)
		t.resetComputed(len(s.Indicators))
	}
	s.Towns = towns
	return towns
}

// findTown is the town a values row names (key, trimmed): by id, name,
// English name (lookup), then alias (byKey); nil when none, or when the
// key is an English name two towns share. matchValues and Cells find
// towns alike.
func (s *Site) findTown(lookup *townLookup, key string, byKey map[string]*Town) (town *Town, either []*Town) {
	town, either = lookup.find(key)
	if len(either) > 0 {
		return nil, either
	}
	if town == nil {
		town = byKey[source.Key(key)] // 大　良, an alias
	}
	return town, nil
}

func (s *Site) matchValues(records []source.ValueRecord, byKey map[string]*Town, problems *diag.List) []valueRow {
	lookup := newTownLookup(s.townByID, s.Towns)
	// seen holds, per town and year of the config's range, the index+1
	// of the record first read for it: a slice, not a map keyed by text,
	// for the 400,000 town-years of a national site. A town-year may have
	// several records (one sheet per indicator, a year's sheet repeating
	// the year before): next chains them, and they must agree.
	first, span := s.Config.Site.FirstYear, s.Config.Site.LastYear-s.Config.Site.FirstYear+1
	seen := make([]int32, len(s.Towns)*max(span, 0))
	var next map[int32]int32 // record index+1 -> the next record's of the same town-year
	rows := make([]valueRow, 0, len(records))
	for i := range records {
		r := &records[i]
		key := strings.TrimSpace(r.Town.S)
		town, either := s.findTown(lookup, key, byKey)
		if len(either) > 0 {
			problems.Err(r.Town.Loc.Diag(), diag.M("town %q is the English name of %s (expected the town's id or Chinese name)",
				"“%s”是%s共用的英文名称（应写专业镇的编号或中文名称）"), clip(key), townList(either))
			continue
		}
		if town == nil && (s.rejected[key] || key == "") {
			continue
		}
		if town == nil {
			s.unknownTown(r, key, byKey, problems)
			continue
		}
		if !r.Year.Valid {
			problems.Err(r.Year.Loc.Diag(), diag.M("missing year for town %q (expected a year such as 2023)", "专业镇“%s”缺少年份（应为年份，如 2023）"), town.Name)
			continue
		}
		year := int(r.Year.V)
		if r.Year.V != float64(year) || year < s.Config.Site.FirstYear || year > s.Config.Site.LastYear {
			problems.Err(r.Year.Loc.Diag(), diag.M("year %v is out of range (expected a whole year from site.first_year %d to site.last_year %d; if the year is right, change them in %s)",
				"年份 %v 超出范围（应为 site.first_year %d 至 site.last_year %d 之间的整年；如果年份无误，请修改 %s 中的这两个键）"),
				r.Year.V, s.Config.Site.FirstYear, s.Config.Site.LastYear, cfgName(s.Config.File))
			continue
		}
		k := town.Index*span + year - first
		if j := seen[k]; j > 0 {
			if next == nil {
				next = map[int32]int32{}
			}
			if !s.agree(records, j, next, r, town, year, problems) {
				continue
			}
			for next[j] > 0 {
				j = next[j]
			}
			next[j] = int32(i + 1)
		} else {
			seen[k] = int32(i + 1)
		}
		rows = append(rows, valueRow{town: town, year: year, rec: r})
	}
	return rows
}

// agree checks a town-year's record against those read before it (the
// chain from first, an index+1): a figure given twice must be the same,
// else it is an error naming both cells, and the record is dropped.
func (s *Site) agree(records []source.ValueRecord, first int32, next map[int32]int32, r *source.ValueRecord, town *Town, year int, problems *diag.List) bool {
	ok := true
	for j := first; j > 0; j = next[j] {
		prev := &records[j-1]
		for i, ind := range s.Indicators {
			a, inA := prev.Value(i)
			b, inB := r.Value(i)
			if !inA || !inB || a.Valid == b.Valid && (!a.Valid || a.D.Cmp(b.D) == 0) {
				continue
			}
			problems.Err(b.Loc.Diag(), diag.M("%s of %s in %d is given twice, differently: %s here and %s at %s (expected one figure per town, year and indicator; delete or correct one of them)",
				"%[2]s %[3]d 年的%[1]s填了两次，且不一致：此处为 %[4]s，%[6]s 为 %[5]s（每个专业镇、年份和指标只能有一个数字；请删除或改正其中一个）"),
				ind.Name, town.Name, year, figureText(b), figureText(a), a.Loc)
			ok = false
		}
	}
	return ok
}

func figureText(n source.Number) string {
	if !n.Valid {
		return "—"
	}
	return n.D.String()
}

func (s *Site) fillSeries(towns []*Town, rows []valueRow) {
	years := map[int]bool{}
	for _, r := range rows {
		years[r.year] = true
	}
	// Years run without gaps from the first year with data to the last, so
	// that the value before index i is always the year before: a year no
	// town reported is a column of missing values, not a skipped one.
	if len(years) > 0 {
		first, last := math.MaxInt, math.MinInt
		for y := range years {
			first, last = min(first, y), max(last, y)
		}
		for y := first; y <= last; y++ {
			s.Years = append(s.Years, y)
		}
	}
	// All series share one allocation, town after town: a national site
	// has half a million of them, and they live as long as the site.
	ny, ni := len(s.Years), len(s.Indicators)
	slab := make(Series, len(towns)*ni*ny)
	all := make([]Series, len(s.Towns)) // by Town.Index: indicator i's series at [i*ny:]
	for _, t := range towns {
		t.Values = make(map[string]Series, ni)
		all[t.Index] = slab[t.Index*ni*ny : (t.Index+1)*ni*ny]
		for i, ind := range s.Indicators {
			t.Values[ind.ID] = all[t.Index][i*ny : (i+1)*ny : (i+1)*ny]
		}
	}
	firstYear := 0
	if ny > 0 {
		firstYear = s.Years[0]
	}
	for _, r := range rows {
		series := all[r.town.Index]
		yi := r.year - firstYear
		for i, n := range r.rec.Values[:min(len(r.rec.Values), ni)] {
			if v, ok := s.value(i, r.year, n); ok {
				series[i*ny+yi] = v
			}
		}
		// The office's own changes, typed beside the levels: a level's
		// growth, a rate's change in points.
		typed := r.rec.Growth
		for i, ind := range s.Indicators {
			n, ok := Number{}, false
			if ind.Rate() {
				n, ok = r.rec.PointsOf(i)
			} else if typed != nil {
				n, ok = r.rec.GrowthOf(i)
			}
			if !ok || (!n.Valid && n.Flag == 0) {
				continue
			}
			if r.town.Typed == nil {
				r.town.Typed = map[string]Series{}
			}
			t := r.town.Typed[ind.ID]
			if t == nil {
				t = make(Series, ny)
				r.town.Typed[ind.ID] = t
			}
			v, _ := s.value(-1, r.year, n)
			t[yi] = v
		}
	}
}

// Number is a cell as the reader gives it.
type Number = source.Number

// value is a cell's figure as the model keeps it: with its marks, the
// year's provisional mark, its footnote, and in the indicator's display
// unit (indicator index i; -1 for a growth, which has no unit). ok is
// false for an empty cell.
func (s *Site) value(i, year int, n Number) (Value, bool) {
	if !n.Valid && n.Flag == 0 {
		return Value{}, false
	}
	v := Value{Dec: n.D, Flag: n.Flag}
	if !n.Valid && !n.Flag.Has(status.Below) {
		v.Dec = num.Dec{}
	}
	if s.provisional[year] && v.Valid() && !v.Flag.Has(status.Final) {
		v.Flag |= status.Provisional
	}
	if i >= 0 {
		v.Dec = v.Dec.Shift(s.Indicators[i].shift)
	}
	if len(s.noteAt) > 0 {
		v.Note = s.noteAt[n.Loc]
	}
	return v, true
}

func (s *Site) tierChoices() string {
	var names []string
	for _, t := range s.Tiers {
		names = append(names, fmt.Sprintf("%s (%s)", t.Name, t.ID))
	}
	return strings.Join(names, ", ")
}

// foldKey makes tier and English names compare without case or spaces.
func foldKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// clip keeps messages readable when a cell holds a long text.
func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// orRow is a cell's location, or its row's when the sheet has no such column.
func orRow(loc, row source.Loc) diag.Loc {
	return orRowLoc(loc, row).Diag()
}

func orRowLoc(loc, row source.Loc) source.Loc {
	if loc.Cell() != "" {
		return loc
	}
	return row
}
