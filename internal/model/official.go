package model

import (
	"cmp"
	"maps"
	"slices"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
)

// Official is an office's own total of an indicator over a scope in one
// year, as a table's 合计, 全区 or 其中：省级 row gives it: published as
// given, in place of the sum of the towns.
type Official struct {
	Value Value      // the total, with its marks
	Typed Value      // its growth (a rate's change in points) as typed; missing when the row has none
	At    source.Loc // the cell, for messages
}

// officialKey is a scope (a tier's id, or "" for every tier), an
// indicator's index and a year.
type officialKey struct {
	scope string
	ind   int
	year  int
}

// OfficialOf is the office's total of ind over tiers in year, nil when the
// workbooks give none: a total row is the whole site's (all tiers), and a
// subtotal row (其中：…) one tier's.
func (s *Site) OfficialOf(ind *Indicator, tiers []*Tier, year int) *Official {
	if len(s.official) == 0 {
		return nil
	}
	return s.official[officialKey{s.scopeKey(tiers), ind.Index, year}]
}

// scopeKey names a scope as official totals do: "" for every tier, a
// tier's id for one; "-" for any other set of tiers, which no table totals.
func (s *Site) scopeKey(tiers []*Tier) string {
	switch {
	case len(tiers) == len(s.Tiers) && slices.Equal(tiers, s.Tiers):
		return ""
	case len(tiers) == 1:
		return tiers[0].ID
	}
	return "-"
}

// readNotes numbers the footnotes of figures and notes the years the
// tables call provisional.
func (s *Site) readNotes(data *source.Data, problems *diag.List) {
	s.provisional = map[int]bool{}
	for _, y := range s.Config.Marks.ProvisionalYears {
		s.provisional[y] = true
	}
	for _, y := range data.Provisional {
		s.provisional[y.Year] = true
	}
	if len(data.Notes) == 0 {
		return
	}
	s.noteAt = make(map[source.Loc]uint16, len(data.Notes))
	byText := map[string]uint16{}
	for _, n := range data.Notes {
		// One note in Chinese may be put in English two ways: two notes.
		key := n.Text + "\x00" + n.TextEn
		id, ok := byText[key]
		if !ok {
			if len(s.Notes) >= 1<<16-1 {
				problems.Err(n.At.Diag(), diag.M("more than %d different notes on figures: a site holds at most that many (merge notes that say the same)",
					"数字的注释超过 %d 条：一个站点最多容纳这么多（请合并内容相同的注释）"), 1<<16-1)
				return
			}
			s.Notes = append(s.Notes, Note{Text: n.Text, TextEn: n.TextEn, At: n.At.Diag()})
			id = uint16(len(s.Notes))
			byText[key] = id
		}
		s.noteAt[n.At] = id
	}
}

// readOfficial keeps the offices' total rows as official totals of the
// scope each names: 合计, 全区 and the region's name total every tier, a
// 其中 row naming a tier totals that tier. A subtotal of anything else
// (其中：街道) is no scope of the site, and is left out. Two rows giving
// one total differently are an error naming both cells.
func (s *Site) readOfficial(records []source.TotalRecord, problems *diag.List) {
	if len(records) == 0 {
		return
	}
	tierOf := map[string]*Tier{}
	for _, t := range s.Tiers {
		for _, name := range append([]string{t.ID, t.Name, t.NameEn}, t.Aliases...) {
			if name != "" {
				tierOf[source.Key(name)] = t
			}
		}
	}
	s.official = map[officialKey]*Official{}
	for ri := range records {
		r := &records[ri]
		if !r.Year.Valid {
			continue
		}
		scope := ""
		if r.Subtotal {
			t := tierOf[source.Key(r.Scope)]
			if t == nil {
				continue
			}
			scope = t.ID
		}
		year := int(r.Year.V)
		for i := range s.Indicators {
			n, ok := r.Value(i)
			if !ok {
				continue
			}
			v, ok := s.value(i, year, n)
			if !ok {
				continue
			}
			o := &Official{Value: v, At: n.Loc}
			if g, ok := s.typedOf(r, i); ok {
				o.Typed, _ = s.value(-1, year, g)
			}
			k := officialKey{scope, i, year}
			if prev, dup := s.official[k]; dup {
				if prev.Value.Dec.Cmp(v.Dec) != 0 || prev.Value.Valid() != v.Valid() {
					problems.Err(n.Loc.Diag(), diag.M("the official total of %s in %d is given twice, differently: %s here and %s at %s (delete or correct one of them)",
						"%[2]d 年%[1]s的官方合计填了两次，且不一致：此处为 %[3]s，%[5]s 为 %[4]s（请删除或改正其中一个）"),
						s.Indicators[i].Name, year, figureText(n), prev.Value.Dec.String(), prev.At.Diag())
				}
				continue
			}
			s.official[k] = o
			s.Indicators[i].official = true
		}
	}
}

// dropOtherScopes leaves out the total rows that total another set of
// towns than the site's figures of their year count: a table of every
// town, some not yet recognised that year, whose 合计 is the total of all
// it lists. Publishing it as the total of that year's members would
// mislead; a row equal to neither is published, the office's figure, with
// checkOfficial's warning. One warning for each row left out.
func (s *Site) dropOtherScopes(problems *diag.List) {
	warned := map[source.Loc]bool{}
	keys := slices.SortedFunc(maps.Keys(s.official), func(a, b officialKey) int {
		return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.scope, b.scope), cmp.Compare(a.ind, b.ind))
	})
	for _, k := range keys {
		o := s.official[k]
		ind := s.Indicators[k.ind]
		if !ind.Summed() || !o.Value.Valid() {
			continue
		}
		tiers := s.Tiers
		if k.scope != "" {
			for _, t := range s.Tiers {
				if t.ID == k.scope {
					tiers = []*Tier{t}
				}
			}
		}
		yi := s.YearIndex(k.year)
		var members, all num.Sum
		nMembers, nAll := 0, 0
		for _, t := range tiers {
			for _, town := range t.Towns {
				v := town.Values[ind.ID].At(yi)
				if !v.Valid() {
					continue
				}
				all.Add(v.Dec)
				nAll++
				if s.Member(town, k.year) {
					members.Add(v.Dec)
					nMembers++
				}
			}
		}
		if nAll == nMembers {
			continue
		}
		near := func(sum num.Dec, n int) bool {
			return sum.OK() && num.Sub(o.Value.Dec, sum).Abs().Cmp(roundingTolerance(ind, n)) <= 0
		}
		if near(members.Dec(), nMembers) || !near(all.Dec(), nAll) {
			continue
		}
		delete(s.official, k)
		row := source.LocOf(diag.Loc{File: o.At.File(), Sheet: o.At.Diag().Sheet})
		if warned[row] {
			continue
		}
		warned[row] = true
		problems.Warn(o.At.Diag(), diag.M("the total row of %d totals every town the table lists (%s: %s), %d of which were not yet recognised in %[1]d; the site's figures of %[1]d count only the towns recognised by then (site.membership), so the row is not published as their total (list only those towns, or set site.membership = \"retrospective\")",
			"%[1]d 年的合计行是表中所列全部专业镇的合计（%[2]s %[3]s），其中 %[4]d 个当年尚未认定；本站 %[1]d 年的数字只计当年已认定的专业镇（site.membership），因此该合计行不作为其官方合计发布（可只列已认定的专业镇，或设 site.membership = \"retrospective\"）"),
			k.year, ind.Name, o.Value.Dec.String(), nAll-nMembers)
	}
}

// typedOf is a total row's typed change of indicator i: growth for a
// level, points for a rate.
func (s *Site) typedOf(r *source.TotalRecord, i int) (source.Number, bool) {
	ns := r.Growth
	if s.Indicators[i].Rate() {
		ns = r.Points
	}
	if i >= len(ns) || (!ns[i].Valid && ns[i].Flag == 0) {
		return source.Number{}, false
	}
	return ns[i], true
}

// withOfficial puts the office's totals of a scope into its figures: the
// value as given (the sum of towns kept as Summed, for reconciliation), the
// change as typed on the total row, or else from the two years' official
// totals when they total the same towns (a rate's, always: it compares
// its published ratios, as a computed rate does). Official totals of
// different towns (a town recognised this year, or one that reported in
// only one of the two years) do not compare: the change stays on the
// matched basis, and Break says so.
func (s *Site) withOfficial(ind *Indicator, tiers []*Tier, figs []Figure) {
	if len(s.official) == 0 {
		return
	}
	key := s.scopeKey(tiers)
	for i := range figs {
		o := s.official[officialKey{key, ind.Index, s.Years[i]}]
		if o == nil {
			continue
		}
		f := &figs[i]
		f.Summed, f.Value, f.Official = f.Value, o.Value, true
	}
	for i := range figs {
		f := &figs[i]
		if i > 0 {
			f.Previous, f.PrevOfficial = figs[i-1].Value, figs[i-1].Official
		}
		if !f.Official {
			continue
		}
		o := s.official[officialKey{key, ind.Index, s.Years[i]}]
		compares := f.PrevOfficial && (ind.Rate() || !f.Break())
		switch {
		case o.Typed.Valid() || o.Typed.Flag != 0:
			f.Delta = Delta{Value: o.Typed, Points: ind.Rate(), Decimals: ind.DeltaDecimals(), Typed: true, Comparable: ind.Comparable() && !ind.Rate()}
			if compares && f.Value.Valid() && f.Previous.Valid() {
				f.Change = Value{Dec: num.Sub(f.Value.Dec, f.Previous.Dec), Flag: (f.Value.Flag | f.Previous.Flag) & carried}
			}
		case compares:
			series := Series{f.Previous, f.Value}
			if ind.Rate() {
				f.Delta = ind.Delta(series, 1)
				f.Change = f.Delta.Value
			} else {
				f.Delta, f.Change = series.Growth(1), series.Change(1)
			}
		}
		if f.Delta.Why == NoFigure && f.Value.Valid() {
			// The towns had no figure to change, the office has one: what
			// is missing is a base to change from.
			f.Delta.Why = NoBase
		}
	}
}

// roundingTolerance is how far a total may be from the sum of n towns'
// figures for rounding alone: half a unit of the indicator's last decimal
// for each town, as each town's figure may have been rounded so; for an
// indicator without decimals, whose figures are counts and not rounded,
// half a unit in all.
func roundingTolerance(ind *Indicator, n int) num.Dec {
	if ind.Decimals == 0 {
		return num.New(5, -1)
	}
	return num.New(5*int64(max(n, 1)), -ind.Decimals-1)
}

// checkOfficial warns where an official total and the sum of the towns
// that reported differ by more than rounding (roundingTolerance). A rate's
// total is checked against the ratio of its parts'.
func (s *Site) checkOfficial(problems *diag.List) {
	if len(s.official) == 0 {
		return
	}
	scopes := [][]*Tier{s.Tiers}
	for _, t := range s.Tiers {
		scopes = append(scopes, []*Tier{t})
	}
	for _, tiers := range scopes {
		for _, ind := range s.Indicators {
			if !ind.HasTotal() {
				continue
			}
			for i, f := range s.ScopeFigures(ind, tiers) {
				if !f.Official || !f.Value.Valid() || !f.Summed.Valid() {
					continue
				}
				places := max(num.Places(f.Value.Dec), ind.Decimals)
				tol := roundingTolerance(ind, f.Reporting)
				if ind.Rate() {
					tol = num.New(5, -ind.Decimals-1)
				}
				diff := num.Sub(f.Value.Dec, f.Summed.Dec)
				if diff.Abs().Cmp(tol) <= 0 {
					continue
				}
				o := s.official[officialKey{s.scopeKey(tiers), ind.Index, s.Years[i]}]
				what := diag.M("the sum of the %d towns that reported", "已报送的 %d 个专业镇之和")
				if ind.Rate() {
					what = diag.M("the ratio of its parts over the %d towns that reported", "已报送的 %d 个专业镇按分子分母计算的比率")
				}
				problems.Warn(o.At.Diag(), diag.M("official total of %s in %d: %s, but %s is %s, %s apart (expected them to agree within rounding, ±%s; check the total row and the towns' cells)",
					"%[2]d 年%[1]s的官方合计为 %[3]s，但%[4]s为 %[5]s，相差 %[6]s（两者应在修约误差 ±%[7]s 内一致；请核对合计行和各镇数字）"),
					ind.Name, s.Years[i], f.Value.Dec.String(), what.Text(f.Reporting), f.Summed.Fixed(places, s.Rule), diff.Abs().Fixed(places, s.Rule), tol.String())
			}
		}
	}
}
