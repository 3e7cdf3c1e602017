package model

import (
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/status"
)

func marked(v float64, cell string, f status.Flag) source.Number {
	n := numCell(v, cell)
	n.Flag = f
	return n
}

// Marks travel with the figures they are on, a year the notes call
// provisional marks every figure of it, sums and growths of provisional
// figures are provisional, and a withheld cell is no figure.
func TestMarksTravel(t *testing.T) {
	data := sampleData()
	data.Values[1].Values[output] = marked(24.0, "C3", status.Revised)                         // p1 2024
	data.Values[3].Values[platforms] = source.Number{Flag: status.Confidential, Loc: at("D5")} // 电机小镇 2024
	data.Provisional = []source.YearNote{{Year: 2024, At: at("A9")}}
	data.Notes = []source.CellNote{{At: at("C3"), Mark: "①", Text: "2024年数据为修订后数字"}}
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	v := site.Town("p1").Values["output"].At(1)
	if v.Flag != status.Revised|status.Provisional || v.Note != 1 || site.Notes[0].Text != "2024年数据为修订后数字" {
		t.Errorf("p1 2024 output = %s flag %v note %d, notes %v", v, v.Flag, v.Note, site.Notes)
	}
	if v := site.Town("p1").Values["output"].At(0); v.Flag != 0 {
		t.Errorf("2023 is not provisional: %+v", v)
	}
	if g := site.Town("p1").Values["output"].Growth(1); !g.Flag.Has(status.Provisional) {
		t.Errorf("a growth of a provisional figure should be provisional: %+v", g)
	}
	c := site.Town("m1").Values["platforms"].At(1)
	if c.Valid() || c.Flag != status.Confidential {
		t.Errorf("confidential cell = %+v, want no figure, marked c", c)
	}
	f := site.ScopeFigure(site.Indicator("output"), site.Tiers, 1)
	if !f.Value.Flag.Has(status.Provisional) || !f.Value.Flag.Has(status.Revised) {
		t.Errorf("a total of provisional and revised figures = %v", f.Value.Flag)
	}
	// The withheld platform count is not counted as reported.
	if f := site.ScopeFigure(site.Indicator("platforms"), site.Tiers, 1); f.Reporting != 2 {
		t.Errorf("platforms 2024 reporting = %d, want 2 (one withheld)", f.Reporting)
	}
}

// The office's typed growth is what a town shows, labelled typed and, for
// a comparable-price indicator, comparable; check compares typed and
// computed growth only for nominal growth.
func TestTypedGrowthIsPublished(t *testing.T) {
	cfg := loadConfig(t)
	cfg.Indicators[output].GrowthBasis = "comparable"
	data := sampleData()
	data.Values[1].Growth = growthOf(numCell(32.6, "E3")) // p1 2024: the levels give 20.6
	site, problems := New(cfg, data)
	if problems.HasErrors() || len(problems) != 0 {
		t.Fatalf("a comparable growth unlike the levels' is no problem: %v", problems)
	}
	d := site.Town("p1").Delta(site.Indicator("output"), 1)
	if !d.Typed || !d.Comparable || d.String() != "32.6" {
		t.Errorf("p1 2024 delta = %+v, want the typed 32.6 at comparable prices", d)
	}
	if d := site.Town("p1").Delta(site.Indicator("output"), 0); d.Typed {
		t.Errorf("2023 has no typed growth: %+v", d)
	}
	cfg.Indicators[output].GrowthBasis = ""
	_, problems = New(cfg, data)
	if !strings.Contains(problems.Error(), "32.6% is typed") {
		t.Errorf("a nominal typed growth far from the levels' should be warned: %v", problems)
	}
}

// An official total row is published in place of the sum, with its typed
// growth; a subtotal naming a tier is that tier's; a total unlike the sum
// of the towns is a warning at its cell.
func TestOfficialTotals(t *testing.T) {
	data := sampleData()
	total := func(row, label, scope string, year, out float64, growth *float64) source.TotalRecord {
		r := source.TotalRecord{Label: text(label, "A"+row), Scope: scope, Subtotal: scope != "", Year: numCell(year, "B"+row),
			Values: []source.Number{output: numCell(out, "C"+row), platforms: {}}}
		if growth != nil {
			r.Growth = []source.Number{output: numCell(*growth, "E"+row), platforms: {}}
		}
		return r
	}
	data.Totals = []source.TotalRecord{
		total("8", "合计", "", 2023, 19.9, nil),     // m1 joins in 2024
		total("9", "合计", "", 2024, 41.3, f(25.0)), // the towns sum to 41
		total("10", "其中：省级", "省级", 2024, 24, nil),
		total("11", "其中：街道", "街道", 2024, 7, nil), // no tier: not published
		total("12", "其中：市级", "市级", 2023, 9, nil), // m2, 2023's only member, reported nothing
	}
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	out := site.Indicator("output")
	fig := site.ScopeFigure(out, site.Tiers, 1)
	if !fig.Official || fig.Value.String() != "41.3" || fig.Summed.String() != "41" || !fig.Delta.Typed || fig.Delta.String() != "25" {
		t.Errorf("2024 total = %+v", fig)
	}
	// m1 joined in 2024: the two official totals total different towns,
	// so they do not compare; the change is over p1, which reported in
	// both years (m2 reported nothing in 2023).
	if !fig.Break() {
		t.Errorf("official totals of different members compare: %+v", fig)
	}
	// The office gives a total where the towns give no figure: its
	// change is missing for want of a base, not of a figure.
	if f := site.ScopeFigure(out, []*Tier{site.Tiers[1]}, 0); !f.Official || f.Value.String() != "9" || f.Delta.Valid() || f.Delta.Why != NoBase {
		t.Errorf("municipal 2023 = %+v, want the official 9, its change missing for want of a base", f)
	}
	if fig.Change.String() != "4.1" {
		t.Errorf("change between official totals of different members = %v, want 4.1 over p1 alone", fig.Change)
	}
	prov := site.ScopeFigure(out, []*Tier{site.Tiers[0]}, 1)
	if !prov.Official || prov.Value.String() != "24" {
		t.Errorf("provincial 2024 = %+v", prov)
	}
	if mun := site.ScopeFigure(out, []*Tier{site.Tiers[1]}, 1); mun.Official {
		t.Errorf("no subtotal names the municipal tier: %+v", mun)
	}
	// The same members in both years: the official totals compare (the
	// office's 19.95 against p1's 19.9, within rounding).
	data.Totals = append(data.Totals, total("12", "其中：省级", "省级", 2023, 19.95, nil))
	site2, _ := New(loadConfig(t), data)
	prov2 := site2.ScopeFigure(out, []*Tier{site2.Tiers[0]}, 1)
	if prov2.Break() || prov2.Change.String() != "4.05" || prov2.Delta.Typed || prov2.Delta.Fixed(2, num.HalfUp) != "20.30" {
		t.Errorf("provincial 2024 over official totals of the same town = %+v", prov2)
	}
	// 41.3 against 41 over 3 towns: more than 3 × 0.05 apart.
	if !strings.Contains(problems.Error(), "C9: warning: official total of 工业产值 in 2024: 41.3, but the sum of the 3 towns that reported is 41.0, 0.3 apart") {
		t.Errorf("want a reconciliation warning at the total's cell, got:\n%v", problems)
	}
	if strings.Contains(problems.Error(), "C8") {
		t.Errorf("19.9 equals the sum of 2023's members: no warning")
	}
}

// An indicator kept in one unit and shown in another is converted once,
// exactly, for every output.
func TestDisplayUnit(t *testing.T) {
	cfg := loadConfig(t)
	cfg.Indicators[output].Unit = "万元"
	cfg.Indicators[output].DisplayUnit = "亿元"
	cfg.Indicators[output].DisplayFactor = 0.0001
	data := sampleData()
	data.Values[0].Values[output] = numCell(199000, "C2")
	site, problems := New(cfg, data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	ind := site.Indicator("output")
	if v := site.Town("p1").Values["output"].At(0); v.String() != "19.9" || ind.Unit != "亿元" {
		t.Errorf("199000 万元 shown as %s %s, want 19.9 亿元", v, ind.Unit)
	}
	_ = config.Total
	_ = num.Zero
}

// A rate's total is the ratio of its parts as kept, whatever units they
// are shown in: revenue kept in 万元 and shown in 亿元 does not make R&D
// intensity ten thousand times larger.
func TestRateOfPartsShownInOtherUnits(t *testing.T) {
	cfg := loadConfig(t)
	cfg.Indicators = append(cfg.Indicators,
		config.Indicator{ID: "rd", Name: "研发经费", Unit: "万元", Sum: true},
		config.Indicator{ID: "revenue", Name: "营业收入", Unit: "万元", Sum: true, Decimals: 2, DisplayUnit: "亿元", DisplayFactor: 0.0001},
		config.Indicator{ID: "intensity", Name: "研发投入强度", Unit: "%", Kind: "rate", Decimals: 2, Numerator: "rd", Denominator: "revenue"})
	data := sampleData()
	n := len(cfg.Indicators)
	for i := range data.Values {
		for len(data.Values[i].Values) < n {
			data.Values[i].Values = append(data.Values[i].Values, source.Number{})
		}
	}
	data.Values[0].Values[n-3] = numCell(500, "F2")   // p1 2023: 500 万元 of R&D
	data.Values[0].Values[n-2] = numCell(20000, "G2") // over 20000 万元 of revenue: 2.5%
	site, problems := New(cfg, data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	if v := site.Town("p1").Values["revenue"].At(0); v.String() != "2" {
		t.Errorf("revenue shown as %s 亿元, want 2", v)
	}
	if f := site.ScopeFigure(site.Indicator("intensity"), site.Tiers, 0); f.Value.Fixed(2, num.HalfUp) != "2.50" {
		t.Errorf("intensity = %s, want 2.50 (500 万元 over 2 亿元)", f.Value.Fixed(2, num.HalfUp))
	}
}

// A rate's change compares two ratios; when the towns behind them are not
// the same, the two years' counts may still be equal (one town stopped
// reporting, another began), and the total is a break all the same.
func TestRateOfDifferentTownsIsABreak(t *testing.T) {
	cfg := loadConfig(t)
	cfg.Indicators = append(cfg.Indicators,
		config.Indicator{ID: "rd", Name: "研发经费", Unit: "万元", Sum: true},
		config.Indicator{ID: "revenue", Name: "营业收入", Unit: "万元", Sum: true},
		config.Indicator{ID: "intensity", Name: "研发投入强度", Unit: "%", Kind: "rate", Decimals: 2, Numerator: "rd", Denominator: "revenue"})
	data := sampleData()
	for i := range data.Towns {
		data.Towns[i].Recognised = numCell(2022, "D2") // members in both years
	}
	n := len(cfg.Indicators)
	for i := range data.Values {
		for len(data.Values[i].Values) < n {
			data.Values[i].Values = append(data.Values[i].Values, source.Number{})
		}
	}
	parts := func(row int, rd, revenue float64) {
		data.Values[row].Values[n-3] = numCell(rd, "F2")
		data.Values[row].Values[n-2] = numCell(revenue, "G2")
	}
	parts(0, 500, 20000) // p1 2023
	parts(1, 600, 20000) // p1 2024
	parts(2, 100, 10000) // 电机小镇 2023, then nothing in 2024
	parts(5, 300, 10000) // m2 2024, nothing in 2023
	site, problems := New(cfg, data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	f := site.ScopeFigure(site.Indicator("intensity"), site.Tiers, 1)
	if f.Reporting != 2 || f.PrevReporting != 2 || f.Of != f.PrevOf {
		t.Fatalf("coverage %d/%d, before %d/%d; want 2 reporting of the same members in both years", f.Reporting, f.Of, f.PrevReporting, f.PrevOf)
	}
	if f.Matched != 1 || !f.Break() {
		t.Errorf("matched %d, break %v; want 1 town (p1) in both years, and a break", f.Matched, f.Break())
	}
	// The change is still the difference of the two ratios: 3.00 % - 2.00 %.
	if f.Change.Fixed(2, num.HalfUp) != "1.00" {
		t.Errorf("change %s points, want 1.00", f.Change.Fixed(2, num.HalfUp))
	}
}
