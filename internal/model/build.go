package model

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/source"
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
	for i, ct := range cfg.Tiers {
		site.Tiers = append(site.Tiers, &Tier{Tier: ct, Index: i})
	}
	for i, ci := range cfg.Indicators {
		site.Indicators = append(site.Indicators, &Indicator{Indicator: ci, Index: i})
	}

	towns := site.addTowns(data.Towns, &problems)
	rows := site.matchValues(data.Values, &problems)
	if problems.HasErrors() {
		return nil, problems
	}

	site.fillSeries(towns, rows)
	if len(rows) == 0 {
		problems.Warnf(diag.Loc{File: cfg.Site.DataDir}, "no values found: the site will show towns but no figures (expected a sheet per year such as 2024年, or a sheet named 指标数据 with a 年份 column)")
	}
	site.checkStatedGrowth(rows, &problems)
	site.checkLatestYear(&problems)
	site.aggregate()
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
	checkTownNames(records, problems)
	byName := make(map[string]source.Loc, len(records))
	byID := make(map[string]source.Loc, len(records))
	var towns []*Town
	for _, r := range records {
		ok := true
		id := strings.TrimSpace(r.ID.S)
		switch {
		case id == "":
			problems.Errorf(orRow(r.ID.Loc, r.Row), "town %q has no id (expected an 编号 column with a lowercase id such as qingxu-vinegar; it becomes the town's web address)", r.Name.S)
			ok = false
		case !config.ValidID(id):
			problems.Errorf(r.ID.Loc.Diag(), "town id %q is not valid (expected lowercase letters a-z, digits and '-', at most 63 characters, such as qingxu-vinegar)", clip(id))
			ok = false
		case !byID[id].IsZero():
			problems.Errorf(r.ID.Loc.Diag(), "duplicate town id %q (first used at %s)", id, byID[id])
			ok = false
		default:
			byID[id] = r.ID.Loc
		}
		name := strings.TrimSpace(r.Name.S)
		if name == "" {
			problems.Errorf(orRow(r.Name.Loc, r.Row), "town has no name (expected its Chinese name, such as 清徐老陈醋专业镇)")
			ok = false
		} else if first, dup := byName[name]; dup {
			problems.Errorf(r.Name.Loc.Diag(), "duplicate town name %q (first used at %s)", name, first)
			ok = false
		} else {
			byName[name] = r.Name.Loc
		}
		tier := tierOf[foldKey(r.Tier.S)]
		if tier == nil {
			problems.Errorf(orRow(r.Tier.Loc, r.Row), "unknown tier %q (expected one of %s)", r.Tier.S, s.tierChoices())
			ok = false
		}
		recognised := 0
		if r.Recognised.Valid {
			y := r.Recognised.V
			if y != float64(int(y)) || int(y) < s.Config.Site.FirstYear || int(y) > s.Config.Site.LastYear {
				problems.Errorf(r.Recognised.Loc.Diag(), "year recognised %v is not a year between %d and %d", y, s.Config.Site.FirstYear, s.Config.Site.LastYear)
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
		towns = append(towns, town)
		s.townByID[id] = town
	}
	if len(records) == 0 {
		problems.Errorf(diag.Loc{File: s.Config.Site.DataDir}, "no towns found (expected a towns sheet named 专业镇名录 in a workbook)")
	}
	if len(towns) > MaxTowns {
		problems.Errorf(records[MaxTowns].Row.Diag(), "%d towns: a site holds at most %d (all of China's township-level towns number about 40,000); split it into several sites", len(towns), MaxTowns)
	}
	// Pages list towns by tier, keeping the sheet's order inside a tier.
	slices.SortStableFunc(towns, func(a, b *Town) int { return a.Tier.Index - b.Tier.Index })
	for i, t := range towns {
		t.Index = i
		t.Tier.Towns = append(t.Tier.Towns, t)
	}
	s.Towns = towns
	return towns
}

func (s *Site) matchValues(records []source.ValueRecord, problems *diag.List) []valueRow {
	lookup := newTownLookup(s.townByID, s.Towns)
	// seen holds, per town and year of the config's range, the index+1
	// of the record first read for it: a slice, not a map keyed by text,
	// for the 400,000 town-years of a national site.
	first, span := s.Config.Site.FirstYear, s.Config.Site.LastYear-s.Config.Site.FirstYear+1
	seen := make([]int32, len(s.Towns)*max(span, 0))
	rows := make([]valueRow, 0, len(records))
	for i := range records {
		r := &records[i]
		key := strings.TrimSpace(r.Town.S)
		town, either := lookup.find(key)
		if len(either) > 0 {
			problems.Errorf(r.Town.Loc.Diag(), "town %q is the English name of %s (expected the town's id or Chinese name)", clip(key), townList(either))
			continue
		}
		if town == nil && (s.rejected[key] || key == "") {
			continue
		}
		if town == nil {
			problems.Errorf(r.Town.Loc.Diag(), "unknown town %q (expected the id or Chinese name of a town in the towns sheet)", clip(key))
			continue
		}
		if !r.Year.Valid {
			problems.Errorf(r.Year.Loc.Diag(), "missing year for town %q (expected a year such as 2023)", town.Name)
			continue
		}
		year := int(r.Year.V)
		if r.Year.V != float64(year) || year < s.Config.Site.FirstYear || year > s.Config.Site.LastYear {
			problems.Errorf(r.Year.Loc.Diag(), "year %v is out of range (expected a whole year from %d to %d; see site.first_year and site.last_year)", r.Year.V, s.Config.Site.FirstYear, s.Config.Site.LastYear)
			continue
		}
		k := town.Index*span + year - first
		if j := seen[k]; j > 0 {
			problems.Errorf(r.Town.Loc.Diag(), "duplicate row for %s in %d (first at %s)", town.Name, year, records[j-1].Town.Loc)
			continue
		}
		seen[k] = int32(i + 1)
		rows = append(rows, valueRow{town: town, year: year, rec: r})
	}
	return rows
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
			if n.Valid {
				series[i*ny+yi] = Value{V: n.V, Valid: true}
			}
		}
	}
}

// aggregate sums every summable indicator per tier and for the city. A total
// is missing only when no town reported; Reporting tells how many did.
func (s *Site) aggregate() {
	s.City = map[string]Series{}
	for _, ind := range s.Indicators {
		if !ind.Sum {
			continue
		}
		for _, tier := range s.Tiers {
			if tier.Totals == nil {
				tier.Totals = map[string]Series{}
			}
			tier.Totals[ind.ID] = s.Total(ind.ID, []*Tier{tier})
		}
		s.City[ind.ID] = s.Total(ind.ID, s.Tiers)
	}
}

// Total sums an indicator over the towns of tiers, year by year; a year in
// which no town reported is missing.
func (s *Site) Total(indicator string, tiers []*Tier) Series {
	total := make(Series, len(s.Years))
	for _, tier := range tiers {
		for _, t := range tier.Towns {
			for i, v := range t.Values[indicator] {
				if v.Valid {
					total[i].V += v.V
					total[i].Valid = true
				}
			}
		}
	}
	return total
}

// Reporting counts the towns of tiers with a value for indicator in year index i.
func (s *Site) Reporting(indicator string, tiers []*Tier, i int) int {
	n := 0
	for _, tier := range tiers {
		for _, t := range tier.Towns {
			if t.Values[indicator].At(i).Valid {
				n++
			}
		}
	}
	return n
}

// MatchedGrowth is the growth in percent of the sum over the towns of tiers
// that reported in both year index i and the year before, so that a town
// joining the statistics does not count as growth.
func (s *Site) MatchedGrowth(indicator string, tiers []*Tier, i int) Value {
	if i < 1 {
		return Value{}
	}
	var cur, prev float64
	matched := false
	for _, tier := range tiers {
		for _, t := range tier.Towns {
			c, p := t.Values[indicator].At(i), t.Values[indicator].At(i-1)
			if c.Valid && p.Valid {
				cur += c.V
				prev += p.V
				matched = true
			}
		}
	}
	if !matched || prev == 0 {
		return Value{}
	}
	return Value{V: (cur - prev) / math.Abs(prev) * 100, Valid: true}
}

// MatchedGrowthSeries is MatchedGrowth for every year.
func (s *Site) MatchedGrowthSeries(indicator string, tiers []*Tier) Series {
	out := make(Series, len(s.Years))
	for i := range out {
		out[i] = s.MatchedGrowth(indicator, tiers, i)
	}
	return out
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
	if loc.Cell() != "" {
		return loc.Diag()
	}
	return row.Diag()
}
