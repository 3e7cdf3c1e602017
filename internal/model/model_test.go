package model

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/status"
)

const testConfig = `
[site]
title = "测试"
first_year = 2000
last_year = 2050
[[tiers]]
id = "provincial"
name = "省级"
[[tiers]]
id = "municipal"
name = "市级"
aliases = ["市级专业镇"]
[[indicators]]
id = "output"
name = "工业产值"
unit = "亿元"
decimals = 1
sum = true
[[indicators]]
id = "platforms"
name = "公共服务平台"
unit = "个"
sum = true
[[targets]]
id = "growth"
year = 2024
indicator = "output"
scope = ["provincial", "municipal"]
measure = "growth"
value = 20
text = "增速20%以上"
[[targets]]
id = "total"
year = 2024
indicator = "output"
measure = "total"
value = 100
text = "产值100亿元以上"
[[targets]]
id = "each"
year = 2024
indicator = "platforms"
scope = ["municipal"]
measure = "each"
value = 1
text = "每镇1个平台"
[[targets]]
id = "new"
year = 2024
scope = ["municipal"]
measure = "new_towns"
value = 1
text = "新增1个"
`

func loc(cell string) diag.Loc        { return diag.Loc{File: "data/t.xlsx", Sheet: "s", Cell: cell} }
func at(cell string) source.Loc       { return source.LocOf(loc(cell)) }
func text(s, cell string) source.Text { return source.Text{S: s, Loc: at(cell)} }
func numCell(v float64, cell string) source.Number {
	d, err := num.Parse(strconv.FormatFloat(v, 'f', -1, 64))
	if err != nil {
		panic(err)
	}
	return source.NumberOf(d, at(cell))
}

// dec is a decimal written as text, for expected figures.
func dec(s string) num.Dec {
	d, err := num.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Indexes of the indicators of testConfig, as source.ValueRecord holds them.
const (
	output    = 0
	platforms = 1
)

// growthOf is a record's typed growth rate of output, the only one set.
func growthOf(n source.Number) []source.Number { return []source.Number{output: n, platforms: {}} }

func town(row, id, name, tier string, recognised float64) source.TownRecord {
	r := source.TownRecord{Row: at("A" + row), ID: text(id, "A"+row), Name: text(name, "B"+row), Tier: text(tier, "C"+row)}
	if recognised > 0 {
		r.Recognised = numCell(recognised, "D"+row)
	}
	return r
}

func values(row, town string, year float64, out, plat *float64) source.ValueRecord {
	r := source.ValueRecord{Town: text(town, "A"+row), Year: numCell(year, "B"+row), Values: make([]source.Number, 2)}
	if out != nil {
		r.Values[output] = numCell(*out, "C"+row)
	} else {
		r.Values[output] = source.Number{Loc: at("C" + row)}
	}
	if plat != nil {
		r.Values[platforms] = numCell(*plat, "D"+row)
	}
	return r
}

func f(v float64) *float64 { return &v }

func loadConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, problems, err := config.Parse("config.toml", []byte(testConfig))
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v", err, problems)
	}
	return cfg
}

func sampleData() *source.Data {
	return &source.Data{
		Towns: []source.TownRecord{
			town("2", "m1", "电机小镇", "市级专业镇", 2024),
			town("3", "p1", "老陈醋专业镇", "省级", 2022),
			town("4", "m2", "花卉小镇", "municipal", 2023),
		},
		Values: []source.ValueRecord{
			values("2", "p1", 2023, f(19.9), f(1)),
			values("3", "p1", 2024, f(24.0), f(2)),
			values("4", "电机小镇", 2023, f(10), f(0)),
			values("5", "电机小镇", 2024, f(12), f(1)),
			values("6", "m2", 2023, nil, nil), // reported nothing: missing, not zero
			values("7", "m2", 2024, f(5), f(0)),
		},
	}
}

func TestNewBuildsSeriesTotalsAndTargets(t *testing.T) {
	site, problems := New(loadConfig(t), sampleData())
	if problems.HasErrors() {
		t.Fatalf("problems: %v", problems)
	}
	if got := len(site.Years); got != 2 || site.LatestYear() != 2024 {
		t.Fatalf("years = %v", site.Years)
	}
	// Towns are ordered by tier, then sheet order.
	var ids []string
	for _, tw := range site.Towns {
		ids = append(ids, tw.ID)
	}
	if strings.Join(ids, ",") != "p1,m1,m2" {
		t.Errorf("town order = %v", ids)
	}
	m2 := site.Town("m2")
	if v := m2.Values["output"].At(0); v.Valid() {
		t.Errorf("m2 2023 output = %v, want missing", v)
	}
	if g := m2.Values["output"].Growth(1); g.Valid() || g.Why != NoBase {
		t.Errorf("growth from a missing year = %v (%v), want missing for want of a base", g, g.Why)
	}
	p1 := site.Town("p1")
	if g := p1.Values["output"].Growth(1); !g.Valid() || g.Fixed(3, num.HalfUp) != "20.603" {
		t.Errorf("p1 growth = %v", g)
	}
	output := site.Indicator("output")
	city := site.TotalSeries(output, site.Tiers)
	// m1 (电机小镇) was recognised in 2024: in 2023 only p1 is a member,
	// m2 recognised 2023 reported nothing.
	if city[0].String() != "19.9" || city[1].String() != "41" {
		t.Errorf("city output = %v", city)
	}
	if f := site.ScopeFigure(output, site.Tiers, 0); f.Reporting != 1 || f.Of != 2 {
		t.Errorf("coverage 2023 = %d/%d, want 1/2 (m1 joined in 2024)", f.Reporting, f.Of)
	}
	f := site.ScopeFigure(output, site.Tiers, 1)
	if f.Reporting != 3 || f.Of != 3 || f.PrevReporting != 1 || f.PrevOf != 2 || f.Matched != 1 || !f.Break() {
		t.Errorf("coverage 2024 = %+v", f)
	}
	// Change and growth on the same basis: p1 alone, 19.9 -> 24.
	if f.Change.String() != "4.1" || f.Delta.Fixed(1, num.HalfUp) != "20.6" {
		t.Errorf("change %v, growth %v; want 4.1 and 20.6 over the one town in both years", f.Change, f.Delta)
	}

	status := map[string]*TargetResult{}
	for _, r := range site.Targets {
		status[r.ID] = r
	}
	if r := status["growth"]; r.Status != Met || r.Actual.Fixed(1, num.HalfUp) != "20.6" {
		t.Errorf("growth target = %v %v", r.Status, r.Actual)
	}
	if r := status["total"]; r.Status != NotMet || r.Actual.String() != "41" || r.Gap().String() != "-59" {
		t.Errorf("total target = %v %v gap %v", r.Status, r.Actual, r.Gap())
	}
	if r := status["each"]; r.Status != NotMet || r.Actual.String() != "1" || r.Of != 2 {
		t.Errorf("each target = %v %v of %d", r.Status, r.Actual, r.Of)
	}
	if r := status["new"]; r.Status != Met || r.Actual.String() != "1" {
		t.Errorf("new towns target = %v %v", r.Status, r.Actual)
	}
}

func TestNewReportsEveryProblemWithItsCell(t *testing.T) {
	data := sampleData()
	data.Towns = append(data.Towns,
		town("5", "m1", "重复编号", "市级", 0),
		town("6", "x2", "未知梯队", "国家级", 0),
		town("7", "../../etc", "坏编号", "省级", 0),
		town("8", "", "无编号", "省级", 0),
		town("9", "x3", "电机小镇", "省级", 0),
	)
	data.Values = append(data.Values,
		values("8", "不存在的镇", 2024, f(1), nil),
		values("9", "p1", 2024, f(1), nil),
		values("10", "p1", 1850, f(1), nil),
	)
	_, problems := New(loadConfig(t), data)
	want := []string{
		`data/t.xlsx:s!A5: duplicate town id "m1" (first used at data/t.xlsx:s!A2)`,
		`data/t.xlsx:s!C6: unknown tier "国家级"`,
		`data/t.xlsx:s!A7: town id "../../etc" is not valid`,
		`data/t.xlsx:s!B9: duplicate town name "电机小镇"`,
		`data/t.xlsx:s!A8: unknown town "不存在的镇"`,
		`data/t.xlsx:s!C9: 工业产值 of 老陈醋专业镇 in 2024 is given twice, differently: 1 here and 24 at data/t.xlsx:s!C3`,
		`data/t.xlsx:s!B10: year 1850 is out of range (expected a whole year from site.first_year 2000 to site.last_year 2050`,
	}
	got := problems.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing problem %q in:\n%s", w, got)
		}
	}
	if e, _ := problems.Count(); e != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", e, len(want), got)
	}
}

func TestSeriesGrowthEdgeCases(t *testing.T) {
	s := Series{V(num.Zero), V(num.Int(5)), {}, V(num.Int(-2)), V(num.Int(-1)), V(dec("0.8"))}
	for _, tt := range []struct {
		i   int
		why Why
	}{{0, NoBase}, {1, BaseNotAbove}, {2, NoFigure}, {3, NoBase}, {4, BaseNotAbove}, {5, BaseNotAbove}} {
		if g := s.Growth(tt.i); g.Valid() || g.Why != tt.why {
			t.Errorf("growth at %d = %v (%v), want missing because %v", tt.i, g, g.Why, tt.why)
		}
	}
	if c := s.Change(4); c.String() != "1" {
		t.Errorf("change from -2 to -1 = %v, want 1", c)
	}
}

// A rate changes in percentage points and never sums.
func TestRateDeltaIsPoints(t *testing.T) {
	ind := &Indicator{Indicator: config.Indicator{ID: "rd", Unit: "%", Decimals: 2}}
	s := Series{V(dec("2.5")), V(dec("3"))}
	d := ind.Delta(s, 1)
	if !d.Points || d.Decimals != 2 || d.String() != "0.5" {
		t.Errorf("rate delta = %+v, want +0.50 points", d)
	}
	if ind.Summed() || ind.HasTotal() {
		t.Error("a rate without numerator has a total")
	}
}

func TestYearsHaveNoGaps(t *testing.T) {
	data := sampleData()
	data.Values = append(data.Values, values("8", "p1", 2026, f(30), f(2)))
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	if got := site.Years; len(got) != 4 || got[2] != 2025 {
		t.Fatalf("years = %v, want 2023-2026", got)
	}
	p1 := site.Town("p1").Values["output"]
	if p1.At(2).Valid() {
		t.Errorf("2025 should be missing")
	}
	if g := p1.Growth(3); g.Valid() {
		t.Errorf("growth 2026 over a missing 2025 = %v, want missing (not growth over 2024)", g)
	}
}

func TestRejectedTownsDoNotCascade(t *testing.T) {
	data := sampleData()
	data.Towns[0].ID = text("Motors", "A2") // 电机小镇 with a bad id
	_, problems := New(loadConfig(t), data)
	got := problems.Error()
	if e, _ := problems.Count(); e != 1 || !strings.Contains(got, `town id "Motors" is not valid`) {
		t.Errorf("want one error for the bad id, got:\n%s", got)
	}
}

func TestNewTownsWithoutRecognitionYearsIsNoData(t *testing.T) {
	data := sampleData()
	for i := range data.Towns {
		data.Towns[i].Recognised = source.Number{}
	}
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	for _, r := range site.Targets {
		if r.ID == "new" && r.Status != NoData {
			t.Errorf("new_towns target without any recognition year = %v, want no data", r.Status)
		}
	}
}

func TestNoValuesIsAWarning(t *testing.T) {
	data := sampleData()
	data.Values = nil
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() || site == nil {
		t.Fatal(problems)
	}
	if !strings.Contains(problems.Error(), "no values found") {
		t.Errorf("want a warning that there are no values, got %v", problems)
	}
}

func TestGrowthOnNegativeBaseIsNotShown(t *testing.T) {
	data := sampleData()
	data.Values = []source.ValueRecord{
		values("2", "p1", 2023, f(-10), nil),
		values("3", "p1", 2024, f(-5), nil),
	}
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	town := site.Town("p1").Values["output"].Growth(1)
	fig := site.ScopeFigure(site.Indicator("output"), site.Tiers, 1)
	if town.Valid() || town.Why != BaseNotAbove || fig.Delta.Valid() || fig.Delta.Why != BaseNotAbove {
		t.Errorf("growth from -10 to -5: town %v %v, scope %v %v; want none, base not above zero", town, town.Why, fig.Delta, fig.Delta.Why)
	}
	if fig.Change.String() != "5" {
		t.Errorf("change = %v, want 5", fig.Change)
	}
}

func TestTooManyTowns(t *testing.T) {
	cfg := &config.Config{Site: config.Site{DataDir: "data", FirstYear: 1990, LastYear: 2100},
		Tiers: []config.Tier{{ID: "county", Name: "县级"}}}
	data := &source.Data{}
	for i := range MaxTowns + 1 {
		row := source.LocOf(diag.Loc{File: "data/x.xlsx", Sheet: "专业镇名录", Cell: fmt.Sprintf("A%d", i+2)})
		data.Towns = append(data.Towns, source.TownRecord{Row: row,
			ID: source.Text{S: fmt.Sprintf("t%d", i), Loc: row}, Name: source.Text{S: fmt.Sprintf("镇%d", i), Loc: row}, Tier: source.Text{S: "县级", Loc: row}})
	}
	_, problems := New(cfg, data)
	want := fmt.Sprintf("data/x.xlsx:专业镇名录!A%d: %d towns: a site holds at most %d", MaxTowns+2, MaxTowns+1, MaxTowns)
	for _, p := range problems {
		if strings.HasPrefix(p.String(), want) {
			return
		}
	}
	t.Errorf("want %q; got %d problems, first %v", want, len(problems), problems[:min(3, len(problems))])
}

// Within gives each subset of a ranking the ranks Rank gives the subset
// alone, ties (并列) included.
func TestRankingWithin(t *testing.T) {
	ind := &Indicator{Index: 0}
	ind.ID = "output"
	vals := []int64{5, 3, 5, 7, 3, 3, 9, 5, 0, 7, 1, 5}
	var towns []*Town
	place := map[*Town]int{}
	for i, v := range vals {
		s := Series{{}}
		if i%5 != 4 { // some without a value
			s = Series{V(num.Int(v))}
		}
		town := &Town{ID: fmt.Sprint("t", i), Values: map[string]Series{"output": s}}
		place[town] = i
		towns = append(towns, town)
	}
	full := Rank(towns, ind, 0)
	for mask := range 1 << 6 {
		keep := func(town *Town) bool { return mask&(1<<(place[town]%6)) != 0 }
		var sub []*Town
		for _, town := range towns {
			if keep(town) {
				sub = append(sub, town)
			}
		}
		want := Rank(sub, ind, 0)
		k := 0
		full.Within(keep, func(town *Town, rank int) {
			if k >= len(want.Towns) || want.Towns[k] != town || want.RankAt(k) != rank {
				t.Errorf("mask %b: place %d is %s ranked %d; Rank of the subset differs", mask, k, town.ID, rank)
			}
			k++
		})
		if k != len(want.Towns) {
			t.Errorf("mask %b: Within gave %d towns, Rank %d", mask, k, len(want.Towns))
		}
	}
}

// A town's memoised changes are the ones computed from its series, for a
// level (growth in percent) and a rate (points) alike, every year; and
// MarkRevised's marks reach them.
func TestComputedIsDelta(t *testing.T) {
	site, problems := New(loadConfig(t), sampleData())
	if problems.HasErrors() {
		t.Fatalf("problems: %v", problems)
	}
	check := func() {
		for _, town := range site.Towns {
			for _, ind := range site.Indicators {
				all := town.ComputedDeltas(ind)
				for i := -1; i <= len(site.Years); i++ {
					want := ind.Delta(town.Values[ind.ID], i)
					if got := town.Computed(ind, i); got != want {
						t.Errorf("%s %s [%d]: Computed %+v, Delta %+v", town.ID, ind.ID, i, got, want)
					}
					if i >= 0 && i < len(all) && all[i] != want {
						t.Errorf("%s %s [%d]: ComputedDeltas %+v, Delta %+v", town.ID, ind.ID, i, all[i], want)
					}
				}
			}
		}
	}
	check()
	// A rate's change, in points with the rate's places.
	rate := &Indicator{Indicator: config.Indicator{ID: "rd", Unit: "%", Decimals: 2}}
	town := &Town{Values: map[string]Series{"rd": {V(num.Int(3)), V(num.Int(4)), {}}}}
	town.resetComputed(1)
	for i := range 3 {
		if got, want := town.Computed(rate, i), rate.Delta(town.Values["rd"], i); got != want || (i == 1 && !got.Points) {
			t.Errorf("rate [%d]: Computed %+v, Delta %+v", i, got, want)
		}
	}
	if site.MarkRevised([]FigureRef{{Kind: TownValue, Town: "p1", Indicator: "output", Year: 2024}}) != 1 {
		t.Fatal("nothing marked")
	}
	if d := site.Town("p1").Computed(site.Indicator("output"), 1); d.Flag&status.Revised == 0 {
		t.Errorf("the growth of a revised figure is not marked revised: %+v", d)
	}
	check()
}
