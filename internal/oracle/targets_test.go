package oracle

import (
	"fmt"
	"regexp"
	"strings"
)

func (s *oracleSite) targetResultOf(i int) targetResult {
	if s.targetList == nil {
		s.targetList = s.targets()
	}
	return s.targetList[i]
}

// missingEach are the members of an "each" target's scope without a figure.
func (tr targetResult) missingEach(s *oracleSite) []*town {
	ind := s.indIndex(tr.cfg.Indicator)
	var out []*town
	for _, t := range s.towns {
		for _, id := range tr.scopeIDs {
			if s.cfg.Tiers[t.tier].ID == id && s.member(t, tr.cfg.Year) && s.value(t, ind, tr.cfg.Year) == nil {
				out = append(out, t)
			}
		}
	}
	return out
}

var intRE = regexp.MustCompile(`\d+`)

// compareTarget compares a target's value, actual or gap. A page may show
// more places than the measure's, but never so few that the figure
// rounds onto or across the goal: 29.96 against 30 is not "30.0"
// (issue 10, class 9).
func (s *oracleSite) compareTarget(g *grid, fr figRef, cell gcell, where string, f *findings) {
	tr := s.targetResultOf(fr.target)
	what := s.describe(fr)
	text := cell.text
	if g.xlsx || (g.sem == data && cell.isRaw) {
		// Stored values are data: compared exactly below; the shown text
		// of a workbook is checked as a page would be.
		if g.xlsx && g.sem == display {
			s.compareTargetShown(g, tr, fr, cell.text, where+" (shown)", what, f)
		}
		text = cell.raw
		where += " (stored)"
		s.compareTargetData(g, tr, fr, text, where, what, f)
		return
	}
	if g.sem == data {
		s.compareTargetData(g, tr, fr, text, where, what, f)
		return
	}
	s.compareTargetShown(g, tr, fr, text, where, what, f)
}

func (s *oracleSite) compareTargetData(g *grid, tr targetResult, fr figRef, text, where, what string, f *findings) {
	switch fr.kind {
	case kGoal:
		s.compareData(g, expect{x: tr.goal}, text, where, what, f)
	case kActual:
		if tr.cfg.Measure == "each" && strings.TrimSpace(text) == "" {
			return // an "each" target's towns meeting it may be a column of their own
		}
		s.compareData(g, tr.actual, text, where, what, f)
	case kGap:
		if tr.cfg.Measure == "each" {
			s.compareData(g, expect{why: "an each target has no gap"}, text, where, what, f)
			return
		}
		s.compareData(g, tr.gap, text, where, what, f)
	}
}

func (s *oracleSite) compareTargetShown(g *grid, tr targetResult, fr figRef, text, where, what string, f *findings) {
	f.count(g.output)
	measure := tr.cfg.Measure
	if fr.kind == kActual && measure == "each" && strings.TrimSpace(text) == "" {
		return // the count may be in a column of its own
	}
	if fr.kind == kActual && (measure == "each" || measure == "new_towns") {
		var want []string
		if measure == "each" {
			want = []string{fmt.Sprint(tr.met), fmt.Sprint(tr.of)}
		} else if tr.actual.x != nil {
			want = []string{tr.actual.x.RatString()}
		}
		// The text may say more (a town page adds the town's own value);
		// it must say the count met and, when it gives two, of how many.
		got := intRE.FindAllString(strings.ReplaceAll(text, ",", ""), -1)
		if len(got) == 1 && len(want) == 2 {
			want = want[:1] // a workbook's cell: the count met, its unit beside
		}
		if !containsAll(got, want) {
			f.add(finding{class: "target: wrong actual", where: where, what: what, want: strings.Join(want, " of "), got: text})
		}
		return
	}
	var e expect
	switch fr.kind {
	case kGoal:
		e = expect{x: tr.goal}
	case kActual:
		e = tr.actual
	case kGap:
		if measure == "each" {
			if _, ok := parseNumber(text); ok && !missingText(text) {
				f.add(finding{class: "target: a gap shown for an each target", where: where, what: what, want: "—", got: text})
			}
			return
		}
		e = tr.gap
	}
	got, ok := parseNumber(text)
	switch {
	case e.x == nil && (!ok || missingText(text)):
		return
	case e.x == nil:
		f.add(finding{class: "target: a figure where there is none", where: where, what: what, want: "—", got: text})
		return
	case !ok:
		f.add(finding{class: "target: — for a figure that exists", where: where, what: what, want: exactText(e.x), got: text})
		return
	}
	if fr.kind == kGoal {
		if got.v.Cmp(e.x) != 0 {
			f.add(finding{class: "target: wrong target value", where: where, what: what, want: exactText(e.x), got: text})
		} else if got.places < tr.base {
			f.add(finding{class: "target: shown with fewer places than its measure", where: where, what: what, want: fixed(e.x, tr.base, s.rule), got: text})
		}
		return
	}
	if got.v.Cmp(roundRat(e.x, got.places, s.rule)) != 0 {
		class := "target: wrong " + kindNames[fr.kind]
		if got.v.Cmp(roundRat(e.x, got.places, s.rule.other())) == 0 || ratText(got.v, got.places) == floatFixed(e.x, got.places) {
			class = "rounding: target figure rounded by another rule"
		}
		f.add(finding{class: class, where: where, what: what + " = " + exactText(e.x), want: fixed(e.x, max(got.places, tr.base), s.rule), got: text})
		return
	}
	if got.places < tr.base {
		f.add(finding{class: "target: shown with fewer places than its measure", where: where, what: what, want: fixed(e.x, tr.base, s.rule), got: text})
		return
	}
	// The shown actual must stand on the same side of the goal as the
	// actual, and a gap must not round to zero when the goal is missed.
	actualSide := tr.actual.x.Cmp(tr.goal)
	shownSide := 0
	if fr.kind == kActual {
		shownSide = got.v.Cmp(tr.goal)
	} else {
		shownSide = got.v.Sign()
	}
	if shownSide != actualSide {
		need := tr.base
		for need < 6 && roundRat(tr.actual.x, need, s.rule).Cmp(tr.goal) != actualSide {
			need++
		}
		f.add(finding{class: "target: too few digits to agree with its status (issue 10, class 9)", where: where, what: what + " = " + exactText(e.x),
			want: fixed(e.x, need, s.rule), got: text})
	}
}

// containsAll reports whether have holds every string of want, as many
// times as want does.
func containsAll(have, want []string) bool {
	n := map[string]int{}
	for _, h := range have {
		n[h]++
	}
	for _, w := range want {
		if n[w] == 0 {
			return false
		}
		n[w]--
	}
	return true
}

func sortedStrings(in []string) []string {
	out := append([]string(nil), in...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
