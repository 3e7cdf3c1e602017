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
	"sync"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/status"
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

	// Notes are the footnotes of figures (Value.Note numbers them from 1).
	Notes []Note

	townByID map[string]*Town
	rejected map[string]bool // names and ids of towns the towns sheet got wrong

	noteAt      map[source.Loc]uint16 // a figure's cell -> its note's number
	provisional map[int]bool          // years whose every figure is provisional
	official    map[officialKey]*Official
	figures     *figureMemo // ScopeFigures made once per scope; nil computes each time
	ranks       *rankMemo   // Ranked and RankYears made once; nil ranks each time
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

	shift    int  // powers of ten from the kept unit to the shown one (display_factor)
	official bool // the workbooks give official totals of it
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
// a rate's ratio of two sums, or the office's own totals.
func (ind *Indicator) HasTotal() bool { return ind.Summed() || ind.Numerator != nil || ind.official }

// HasOfficial reports whether the workbooks give official totals of the
// indicator (a 合计 or 其中 row) for some scope and year: its pages then
// say of every total whether it is the office's or the towns' summed.
func (ind *Indicator) HasOfficial() bool { return ind.official }

// HasOfficial reports whether the office publishes totals of some
// indicator: the notes under headline totals then say that totals are
// its, where it gives them, rather than sums of the towns.
func (s *Site) HasOfficial() bool {
	for _, ind := range s.Indicators {
		if ind.HasOfficial() {
			return true
		}
	}
	return false
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
	// Place is where the town is, from the towns sheet's 经度 and 纬度,
	// for the map; nil when the sheet does not say.
	Place  *Place
	Loc    diag.Loc          // the town's name cell in the towns sheet, for messages
	Index  int               // position in Site.Towns
	Values map[string]Series // indicator id -> series over Site.Years
	// Typed holds the office's own changes typed in the workbooks, by
	// indicator id, over Site.Years: a level's growth in percent, a rate's
	// change in points. Nil, or absent for an indicator, without any.
	Typed map[string]Series

	// computed memoises each indicator's changes computed from Values
	// (Indicator.Deltas), by Indicator.Index: a growth is a division of
	// exact decimals, and a national build asked for each town's several
	// times (its page, its peers' charts, the reports, the search index),
	// about a tenth of the build's CPU. Made on first use, once.
	computed []memoDeltas
}

type memoDeltas struct {
	once sync.Once
	d    []computed
}

// computed is what varies of a computed Delta, packed: a national site
// keeps 4.8 million of them (as whole Deltas, 230 MB of the peak heap).
// The rest (Points, Decimals) is the indicator's, and a computed change
// is never Typed nor Comparable.
type computed struct {
	dec  num.Dec
	flag status.Flag
	why  Why
	note uint16
}

func (c computed) delta(ind *Indicator) Delta {
	d := Delta{Value: Value{Dec: c.dec, Flag: c.flag, Note: c.note}, Why: c.why, Decimals: GrowthDecimals}
	if ind.Rate() {
		d.Points, d.Decimals = true, ind.Decimals
	}
	return d
}

// resetComputed drops the memoised changes (the values' marks changed).
func (t *Town) resetComputed(indicators int) {
	t.computed = make([]memoDeltas, indicators)
}

// Computed is ind.Delta of the town's series at index i, computed from
// the levels (never the office's typed growth; see Delta), made once.
func (t *Town) Computed(ind *Indicator, i int) Delta {
	m := t.memo(ind)
	if m == nil || i < 0 || i >= len(m) {
		return ind.Delta(t.Values[ind.ID], i)
	}
	return m[i].delta(ind)
}

// ComputedDeltas is ind.Deltas of the town's series, from what Computed
// keeps.
func (t *Town) ComputedDeltas(ind *Indicator) []Delta {
	m := t.memo(ind)
	if m == nil {
		return ind.Deltas(t.Values[ind.ID])
	}
	out := make([]Delta, len(m))
	for i, c := range m {
		out[i] = c.delta(ind)
	}
	return out
}

// memo is the town's computed changes of ind, made on first use; nil for
// a town made outside New.
func (t *Town) memo(ind *Indicator) []computed {
	if ind.Index < 0 || ind.Index >= len(t.computed) {
		return nil
	}
	m := &t.computed[ind.Index]
	m.once.Do(func() {
		s := t.Values[ind.ID]
		m.d = make([]computed, len(s))
		for i := range s {
			d := ind.Delta(s, i)
			m.d[i] = computed{dec: d.Dec, flag: d.Flag, why: d.Why, note: d.Note}
		}
	})
	return m.d
}

// Place is a point on the earth in decimal degrees, as the towns sheet
// gives it (the reader has checked the ranges).
type Place struct {
	Longitude float64 // east positive
	Latitude  float64 // north positive
}

// Series is one value per year of Site.Years.
type Series []Value

// Value is a figure that may be missing: the exact decimal typed or
// computed, whose zero is "no data" (missing is not zero), with what the
// office marked on it.
type Value struct {
	num.Dec
	// Flag holds the figure's marks (provisional, revised …) or why there
	// is no figure (confidential, not applicable; for status.Below, Dec is
	// the bound of "<0.1" and the value is not Valid).
	Flag status.Flag
	// Note is the number of the figure's footnote in Site.Notes, from 1;
	// 0 for none.
	Note uint16
}

// V makes a Value of a decimal.
func V(d num.Dec) Value { return Value{Dec: d} }

// Valid reports whether the value is a figure: not missing, and not
// withheld or only a bound.
func (v Value) Valid() bool { return v.Dec.OK() && !v.Flag.Blank() }

// OK is Valid: a Value holding only a bound (<0.1) is no figure, though
// its decimal is a number.
func (v Value) OK() bool { return v.Valid() }

// Note is a footnote on figures: the text under a table that a mark
// (12.5①) points to, or a comment on a cell.
type Note struct {
	Text string
	// TextEn is the note in English, where the workbook gives it (a note
	// row 注（英文）：①…, a comment's line （英文）…); "" where it does not.
	TextEn string
	At     diag.Loc // where it was written: the note row, or the commented cell
}

// In is the note's text in English (en) or Chinese, and whether it is the
// Chinese text shown in English's place: a note the workbook gives no
// English for is shown in Chinese on the English pages and in the
// English workbooks, and said to be, never passed off as English.
func (n Note) In(en bool) (text string, chinese bool) {
	if en && n.TextEn == "" {
		return n.Text, true
	}
	if en {
		return n.TextEn, false
	}
	return n.Text, false
}

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
	// Typed is set for the office's own growth (or change in points), as
	// typed in the workbook and published as typed; otherwise the change
	// is computed from the levels.
	Typed bool
	// Comparable is set for a typed growth at comparable prices
	// (按可比价计算; indicator growth_basis = "comparable").
	Comparable bool
}

// Growth returns the year-on-year growth in percent at index i.
func (s Series) Growth(i int) Delta {
	return growth(s.At(i), s.At(i-1), i > 0)
}

func growth(cur, prev Value, hasPrev bool) Delta {
	d := Delta{Decimals: GrowthDecimals}
	// A change computed from a provisional or estimated figure is so too.
	d.Flag = (cur.Flag | prev.Flag) & carried
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
			d.Dec = g
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
	return Value{Dec: num.Sub(cur.Dec, prev.Dec), Flag: (cur.Flag | prev.Flag) & carried}
}

// carried are the marks a figure computed from marked figures takes on: a
// sum or a growth of provisional figures is provisional.
const carried = status.Provisional | status.Estimated | status.Revised | status.Break

// Delta is the indicator's year-on-year change of series at index i,
// computed from the levels:
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

// Delta is the town's year-on-year change of ind at index i, as
// published: the office's typed growth (or change in points) where the
// workbooks give one, else computed from the levels.
func (t *Town) Delta(ind *Indicator, i int) Delta {
	if typed := t.Typed[ind.ID].At(i); typed.Valid() || typed.Flag != 0 {
		return Delta{Value: typed, Points: ind.Rate(), Decimals: ind.DeltaDecimals(), Typed: true, Comparable: ind.Comparable() && !ind.Rate()}
	}
	return t.Computed(ind, i)
}

// Deltas is Town.Delta for every year.
func (t *Town) Deltas(ind *Indicator) []Delta {
	out := make([]Delta, len(t.Values[ind.ID]))
	for i := range out {
		out[i] = t.Delta(ind, i)
	}
	return out
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
