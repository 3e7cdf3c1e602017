// Package model turns located records into the site's domain: towns in
// tiers, yearly series per indicator with missing values kept missing,
// derived year-on-year growth, aggregates per tier and scope, and the action
// plan's targets evaluated. It knows nothing of pages or charts.
package model

import (
	"math"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
)

// Site is the whole domain of one site.
type Site struct {
	Config     *config.Config
	Years      []int // every year that has data, ascending
	Tiers      []*Tier
	Towns      []*Town // in tier order, then by the order of the towns sheet
	Indicators []*Indicator
	Targets    []*TargetResult
	// City holds the totals of all towns: indicator id -> series over Years.
	City map[string]Series

	townByID map[string]*Town
	rejected map[string]bool // names and ids of towns the towns sheet got wrong
	figures  *figureMemo     // ScopeFigure's sums, made once per scope; nil computes each time
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
	for i, y := range s.Years {
		if y == year {
			return i
		}
	}
	return -1
}

// Town returns the town with id, or nil.
func (s *Site) Town(id string) *Town { return s.townByID[id] }

// Tier is one level of the structure and its members.
type Tier struct {
	config.Tier
	Index  int     // position in config order
	Towns  []*Town // members, in the towns sheet's order
	Totals map[string]Series
}

// Indicator is a configured indicator.
type Indicator struct {
	config.Indicator
	Index int
}

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

// Value is a number that may be missing. Missing is not zero.
type Value struct {
	V     float64
	Valid bool
}

// At returns the value at index i, missing when out of range.
func (s Series) At(i int) Value {
	if i < 0 || i >= len(s) {
		return Value{}
	}
	return s[i]
}

// Growth returns the year-on-year growth in percent at index i, missing when
// either year is missing or the year before is zero.
func (s Series) Growth(i int) Value {
	cur, prev := s.At(i), s.At(i-1)
	if !cur.Valid || !prev.Valid || prev.V == 0 {
		return Value{}
	}
	return Value{V: (cur.V - prev.V) / math.Abs(prev.V) * 100, Valid: true}
}

// GrowthSeries is Growth for every year.
func (s Series) GrowthSeries() Series {
	out := make(Series, len(s))
	for i := range s {
		out[i] = s.Growth(i)
	}
	return out
}

// Change returns the absolute change from the year before at index i.
func (s Series) Change(i int) Value {
	cur, prev := s.At(i), s.At(i-1)
	if !cur.Valid || !prev.Valid {
		return Value{}
	}
	return Value{V: cur.V - prev.V, Valid: true}
}

// Status is the state of a target.
type Status string

const (
	Met    Status = "met"
	NotMet Status = "not-met"
	NoData Status = "no-data"
)

// TargetResult is a target of the action plan and how it stands.
type TargetResult struct {
	config.Target
	Indicator *Indicator // nil for measure "new_towns"
	Scope     []*Tier    // the tiers it applies to
	Actual    Value      // the measured value (for "each": the number of towns that meet it)
	Of        int        // for "each": the number of towns in scope
	Status    Status
	Towns     []TownCheck // for "each": every town's value and whether it meets the target
}

// Gap is Actual minus Value, missing without data.
func (t *TargetResult) Gap() Value {
	if !t.Actual.Valid || t.Measure == "each" {
		return Value{}
	}
	return Value{V: t.Actual.V - t.Value, Valid: true}
}

// Decimals is how many decimals the target's value is written with: growth
// in percent to one place, a level with its indicator's, a count of towns
// with none.
func (t *TargetResult) Decimals() int {
	switch {
	case t.Measure == "growth":
		return 1
	case t.Indicator != nil && t.Measure != "new_towns":
		return t.Indicator.Decimals
	}
	return 0
}

// AppliesTo reports whether the target's scope includes tier.
func (t *TargetResult) AppliesTo(tier *Tier) bool {
	for _, s := range t.Scope {
		if s == tier {
			return true
		}
	}
	return false
}

// TownCheck is one town's standing against an "each" target.
type TownCheck struct {
	Town   *Town
	Actual Value
	Met    bool
}

// ReportYears are the years with at least one value of any town, ascending:
// a year that appears in the sheets only as empty rows has nothing to report.
func (s *Site) ReportYears() []int {
	var years []int
	for i, y := range s.Years {
	town:
		for _, t := range s.Towns {
			for _, series := range t.Values {
				if series.At(i).Valid {
					years = append(years, y)
					break town
				}
			}
		}
	}
	return years
}

// Figure is a scope's figure for one indicator in one year, as headline
// cards, report pages and report workbooks show it.
type Figure struct {
	Value     Value // the total over the scope's towns
	Previous  Value // the total the year before
	Change    Value // Value minus Previous
	Growth    Value // growth in percent over the towns that reported in both years
	Reporting int   // towns with a value
	Of        int   // towns in scope
}

// ScopeFigure sums indicator over the towns of tiers in year index i.
func (s *Site) ScopeFigure(indicator string, tiers []*Tier, i int) Figure {
	sums := s.figures.sums(s, indicator, tiers)
	total := sums.total
	f := Figure{
		Value: total.At(i), Previous: total.At(i - 1), Change: total.Change(i),
		Growth: sums.growth.At(i),
	}
	if i >= 0 && i < len(sums.reporting) {
		f.Reporting = sums.reporting[i]
	}
	for _, t := range tiers {
		f.Of += len(t.Towns)
	}
	return f
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
