package model

import (
	"strings"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/status"
)

// FigureKind is what a published figure is: a town's figure or the
// office's growth typed beside it, or a scope's total or the growth typed
// on its total row.
type FigureKind uint8

const (
	TownValue   FigureKind = iota // a town's figure of an indicator in a year
	TownGrowth                    // the office's typed growth of it (a rate's change in points)
	ScopeTotal                    // a scope's total: the office's own, or the sum (a rate's ratio) of the towns
	ScopeGrowth                   // the growth typed on an official total row
)

// FigureRef names one published figure: what release snapshots key their
// figures by, and what MarkRevised and Cells take.
type FigureRef struct {
	Kind      FigureKind
	Town      string // the town's id, for TownValue and TownGrowth
	Scope     string // for ScopeTotal and ScopeGrowth: "" for every tier, else a tier's id
	Indicator string // the indicator's id
	Year      int
}

// Named reports whether r names a figure: the zero FigureRef names none.
func (r FigureRef) Named() bool { return r.Indicator != "" }

// TownFigure names town t's figure of ind in year.
func TownFigure(t *Town, ind *Indicator, year int) FigureRef {
	return FigureRef{Kind: TownValue, Town: t.ID, Indicator: ind.ID, Year: year}
}

// TotalFigure names the total of ind over tiers in year: the scope ""
// when tiers are every tier of the site, a tier's id for one tier. Other
// sets of tiers have no name (a release lists no total of theirs): the
// zero FigureRef.
func (s *Site) TotalFigure(ind *Indicator, tiers []*Tier, year int) FigureRef {
	r := FigureRef{Kind: ScopeTotal, Indicator: ind.ID, Year: year}
	switch {
	case len(tiers) == 1 && len(s.Tiers) != 1:
		r.Scope = tiers[0].ID
	case len(tiers) != len(s.Tiers):
		return FigureRef{}
	default:
		for i, t := range tiers {
			if t != s.Tiers[i] {
				return FigureRef{}
			}
		}
	}
	return r
}

// In is r in another year: a series' figures differ only in theirs.
func (r FigureRef) In(year int) FigureRef {
	if !r.Named() {
		return r
	}
	r.Year = year
	return r
}

// GrowthOf names the change d shown beside r's figure where it is the
// office's own, typed in the workbook (TownGrowth of a town's figure,
// ScopeGrowth of a total); a change computed from the levels is no
// published figure of its own, and has no name (the zero FigureRef).
func (r FigureRef) GrowthOf(d Delta) FigureRef {
	switch {
	case !r.Named() || !d.Typed:
		return FigureRef{}
	case r.Kind == TownValue:
		r.Kind = TownGrowth
	case r.Kind == ScopeTotal:
		r.Kind = ScopeGrowth
	}
	return r
}

// MarkRevised puts the revised mark (status.Revised) on the figures refs
// name: what changed since the previous release, so that every output
// shows them as revised (r). A ref the site does not have is passed over,
// and the count of figures marked is returned. A total summed from the
// towns takes the mark from its revised members, as it takes every other
// mark; an official total is marked itself. The site's figures and
// targets are worked out again from the marked values.
//
// It is called once, after New and before any output is made: the
// figures of scopes computed before it are dropped.
func (s *Site) MarkRevised(refs []FigureRef) int {
	marked := 0
	mark := func(v *Value) {
		if v.Valid() || v.Flag != 0 {
			v.Flag |= status.Revised
			marked++
		}
	}
	for _, r := range refs {
		ind := s.Indicator(r.Indicator)
		yi := s.YearIndex(r.Year)
		if ind == nil || yi < 0 {
			continue
		}
		switch r.Kind {
		case TownValue, TownGrowth:
			t := s.Town(r.Town)
			if t == nil {
				continue
			}
			series := t.Values[ind.ID]
			if r.Kind == TownGrowth {
				series = t.Typed[ind.ID]
			}
			if yi < len(series) {
				mark(&series[yi])
			}
		case ScopeTotal, ScopeGrowth:
			o := s.official[officialKey{r.Scope, ind.Index, r.Year}]
			if o == nil {
				continue
			}
			if r.Kind == ScopeTotal {
				mark(&o.Value)
			} else {
				mark(&o.Typed)
			}
		}
	}
	if marked > 0 {
		for _, t := range s.Towns {
			t.resetComputed(len(s.Indicators))
		}
		s.figures = &figureMemo{}
		s.Targets = nil
		s.evaluateTargets()
	}
	return marked
}

// Cells finds the cells the figures refs name were read from, for
// messages that send an official to a figure (check -against): a town's
// figure or typed growth at its cell, an official total at its total
// row's. A figure read from no cell (a sum of towns) is not in the map.
// The records are walked again, as matchValues walks them (the last
// record with a figure wins, as in fillSeries), rather than a location
// being kept for each of a national site's millions of figures.
func (s *Site) Cells(data *source.Data, refs []FigureRef) map[FigureRef]diag.Loc {
	out := map[FigureRef]diag.Loc{}
	type townYear struct {
		town *Town
		year int
	}
	wanted := map[townYear][]FigureRef{}
	for _, r := range refs {
		switch r.Kind {
		case TownValue, TownGrowth:
			if t := s.Town(r.Town); t != nil {
				k := townYear{t, r.Year}
				wanted[k] = append(wanted[k], r)
			}
		case ScopeTotal:
			if ind := s.Indicator(r.Indicator); ind != nil {
				if o := s.official[officialKey{r.Scope, ind.Index, r.Year}]; o != nil && !o.At.IsZero() {
					out[r] = o.At.Diag()
				}
			}
		}
	}
	if len(wanted) == 0 || data == nil {
		return out
	}
	var scratch diag.List // the problems were reported by New
	lookup, byKey := newTownLookup(s.townByID, s.Towns), s.aliasIndex(data.Towns, &scratch)
	for i := range data.Values {
		rec := &data.Values[i]
		if !rec.Year.Valid {
			continue
		}
		town, _ := s.findTown(lookup, strings.TrimSpace(rec.Town.S), byKey)
		if town == nil {
			continue
		}
		for _, r := range wanted[townYear{town, int(rec.Year.V)}] {
			ind := s.Indicator(r.Indicator)
			var n source.Number
			var ok bool
			switch {
			case r.Kind == TownValue:
				n, ok = rec.Value(ind.Index)
			case ind.Rate():
				n, ok = rec.PointsOf(ind.Index)
			default:
				n, ok = rec.GrowthOf(ind.Index)
			}
			if ok && (n.Valid || n.Flag != 0) {
				out[r] = n.Loc.Diag()
			}
		}
	}
	return out
}
