// Package model turns located records into the site's domain: towns in
// tiers, yearly series per indicator with missing values kept missing,
// year-on-year growth, the figures of each tier and of all towns with
// their coverage, rankings, and the action plan's targets evaluated. It
// knows nothing of pages or charts.
//
// Every figure is an exact decimal (num.Dec) computed here, once: the
// outputs only round what the model gives them, by the site's rule, and
// never derive a figure of their own.
package model

import (
	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/num"
)

// Site is the whole domain of one site.
type Site struct {
	Config     *config.Config
	Years      []int // every year that has data, ascending
	Tiers      []*Tier
	Towns      []*Town // in tier order, then by the order of the towns sheet
	Indicators []*Indicator
	Targets    []*TargetResult
	// Rule rounds every figure the site shows (site.rounding).
	Rule num.Rule
	// Retrospective is site.membership = "retrospective": today's members
	// count in every year's figures, not only from their recognition.
	Retrospective bool
	// DerivedIDs are the town ids made from names, for a towns sheet
	// without an 编号 column, in the sheet's order.
	DerivedIDs []DerivedID

	townByID map[string]*Town
	rejected map[string]bool // names and ids of towns the towns sheet got wrong
	figures  *figureMemo     // ScopeFigures made once per scope; nil computes each time
}

// LatestYear is the last year with any data, or 0 for a site without data.
func (s *Site) LatestYear() int {
	if len(s.Years) == 0 {
		return 0
	}
	return s.Years[len(s.Years)-1]
}

// YearIndex returns the index of year in Years, or -1.
func (s *Site) YearIndex(year int) int {
	if len(s.Years) == 0 || year < s.Years[0] || year > s.LatestYear() {
		return -1
	}
	return year - s.Years[0] // Years run without gaps
}

// Town returns the town with id, or nil.
func (s *Site) Town(id string) *Town { return s.townByID[id] }

// Indicator returns the indicator with id, or nil.
func (s *Site) Indicator(id string) *Indicator {
	for _, ind := range s.Indicators {
		if ind.ID == id {
			return ind
		}
	}
	return nil
}

// Member reports whether town t counts in its tier's figures of year: from
// the year it was recognised on (or always, when the year is unknown or
// the site counts its members retrospectively).
func (s *Site) Member(t *Town, year int) bool {
	return s.Retrospective || t.Recognised == 0 || t.Recognised <= year
}

// Tier is one level of the structure and its members.
type Tier struct {
	config.Tier
	Index int     // position in config order
	Towns []*Town // members today, in the towns sheet's order
}

// Indicator is a configured indicator.
type Indicator struct {
	config.Indicator
	Index int
	// Numerator and Denominator are the indicators whose totals' ratio is
	// a rate's total; nil for a rate without them and for levels.
	Numerator, Denominator *Indicator
}

// GrowthDecimals is how many places a growth in percent is shown with.
const GrowthDecimals = 1

// DeltaDecimals is how many places the indicator's year-on-year change is
// shown with: a growth in percent to one place, a rate's change in
// percentage points to the rate's own.
func (ind *Indicator) DeltaDecimals() int {
	if ind.Rate() {
		return ind.Decimals
	}
	return GrowthDecimals
}

// Summed reports whether the indicator has totals as sums over towns.
func (ind *Indicator) Summed() bool { return ind.Sum && !ind.Rate() }

// HasTotal reports whether the indicator has totals over a scope: a sum,
// or a rate's ratio of two sums.
func (ind *Indicator) HasTotal() bool { return ind.Summed() || ind.Numerator != nil }

// Town is one specialty town.
type Town struct {
	ID            string
	Name          string
	NameEn        string
	Tier          *Tier
	County        string
	CountyEn      string
	Industry      string
	IndustryEn    string
	Recognised    int // year recognised; 0 when unknown
	Enterprises   string
	EnterprisesEn string
	Description   string
	DescriptionEn string
	Loc           diag.Loc          // the town's name cell in the towns sheet, for messages
	Index         int               // position in Site.Towns
	Values        map[string]Series // indicator id -> series over Site.Years
}

// Series is one value per year of Site.Years.
type Series []Value

// Value is a figure that may be missing: the exact decimal typed or
// computed, whose zero is "no data". Missing is not zero.
type Value struct {
	num.Dec
}

// V makes a Value of a decimal.
func V(d num.Dec) Value { return Value{d} }

// Valid reports whether the value is there (not missing).
func (v Value) Valid() bool { return v.OK() }

// At returns the value at index i, missing when out of range.
func (s Series) At(i int) Value {
	if i < 0 || i >= len(s) {
		return Value{}
	}
	return s[i]
}

// Why says why a change or growth is not shown.
type Why uint8

const (
	Shown        Why = iota
	NoFigure         // no figure this year
	NoBase           // no figure the year before
	BaseNotAbove     // the year before is zero or negative: a growth in percent has no meaning
	OutOfScale       // a growth past num.MaxQuo, ten billion percent
	NoTotal          // the indicator has no total over towns
)

// Delta is the year-on-year change a table shows beside a figure: for a
// level, its growth in percent; for a rate, its change in percentage
// points. Missing, Why says why.
type Delta struct {
	Value
	Points   bool // percentage points, the change of a rate
	Decimals int  // places it is shown with
	Why      Why
}

// Growth returns the year-on-year growth in percent at index i.
func (s Series) Growth(i int) Delta {
	return growth(s.At(i), s.At(i-1), i > 0)
}

func growth(cur, prev Value, hasPrev bool) Delta {
	d := Delta{Decimals: GrowthDecimals}
	switch {
	case !cur.Valid():
		d.Why = NoFigure
	case !hasPrev || !prev.Valid():
		d.Why = NoBase
	case prev.Sign() <= 0:
		d.Why = BaseNotAbove
	default:
		g, ok := num.Growth(cur.Dec, prev.Dec)
		if !ok {
			d.Why = OutOfScale
		} else {
			d.Value = Value{g}
		}
	}
	return d
}

// Change returns the change on the year before at index i, in the
// figure's own unit, exactly.
func (s Series) Change(i int) Value {
	cur, prev := s.At(i), s.At(i-1)
	if !cur.Valid() || !prev.Valid() {
		return Value{}
	}
	return Value{num.Sub(cur.Dec, prev.Dec)}
}

// Delta is the indicator's year-on-year change of series at index i:
// growth for a level, percentage points for a rate.
func (ind *Indicator) Delta(s Series, i int) Delta {
	if !ind.Rate() {
		return s.Growth(i)
	}
	d := Delta{Points: true, Decimals: ind.Decimals}
	switch {
	case !s.At(i).Valid():
		d.Why = NoFigure
	case !s.At(i - 1).Valid():
		d.Why = NoBase
	default:
		d.Value = s.Change(i)
	}
	return d
}

// Deltas is Delta for every year of the series.
func (ind *Indicator) Deltas(s Series) []Delta {
	out := make([]Delta, len(s))
	for i := range s {
		out[i] = ind.Delta(s, i)
	}
	return out
}

// ReportYears are the years with at least one value of any town, ascending:
// a year that appears in the sheets only as empty rows has nothing to report.
func (s *Site) ReportYears() []int {
	var years []int
	for i, y := range s.Years {
	town:
		for _, t := range s.Towns {
			for _, series := range t.Values {
				if series.At(i).Valid() {
					years = append(years, y)
					break town
				}
			}
		}
	}
	return years
}

// TargetsOf are the targets set for year.
func (s *Site) TargetsOf(year int) []*TargetResult {
	var out []*TargetResult
	for _, t := range s.Targets {
		if t.Year == year {
			out = append(out, t)
		}
	}
	return out
}
