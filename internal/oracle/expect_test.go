package oracle

import (
	"fmt"
	"math/big"
	"strings"
)

// oracleSite holds the oracle's own computation of every figure the site
// publishes, from the cells and the config alone. It follows issue 10 and
// DESIGN.md ("Figures: one number"):
//   - a town counts in its tier's figures of a year from the year it was
//     recognised (or in every year with site.membership = "retrospective");
//   - a total is the exact sum over the members that reported; its
//     coverage is reporting/members;
//   - change and growth of a total are over the members that reported in
//     both years (the matched basis); growth over a base of zero or below
//     is no figure;
//   - a rate (% or ‰, or kind = "rate") is never summed: its total is the
//     ratio of its numerator's and denominator's sums over the members
//     that reported both, and its change is in percentage points, a break
//     when the towns behind the two ratios differ;
//   - equal values share a rank (1, 2, 2, 4);
//   - figures are rounded only when shown, by site.rounding;
//
// and issue 11 (official figures):
//   - a total row of the office (合计 for every tier, 其中：<tier> for one)
//     is published in place of the sum, as typed; the sum stays for
//     reconciliation, within rounding of it (half a unit of the last
//     place per town, or half a unit for counts; half of the last place
//     for a rate);
//   - a growth the office typed (a town's, or on its total row) is
//     published as typed; without one, a total's change is over the two
//     years' official totals when both are official and total the same
//     towns (a rate's: always), else on the matched basis; official
//     totals of different towns (members, or towns that reported) are a
//     break;
//   - every figure carries the office's marks (provisional, revised,
//     estimated, a break, or why it has none: confidential, not
//     applicable, below the precision shown), 2024年为初步数 under a table
//     marks every figure of 2024, a sum or growth of marked figures
//     carries their marks, and a footnote (①, a comment) goes with its
//     figure;
//   - an indicator with display_unit is shown in it: every figure times
//     display_factor, exactly; a rate's total is the ratio of its parts
//     as kept, whatever units they are shown in.
type oracleSite struct {
	cfg   *siteConfig
	data  *workbookData
	rule  rule
	retro bool
	towns []*town
	years []int
	// lookup by id, Chinese and English name (headerKey)
	townByKey map[string]*town
	indByKey  map[string]int
	tierByKey map[string]int

	figures    map[scopeKey]scopeFigure // computed once each
	targetList []targetResult
	chartCSVs  map[string]bool // chart data files reached from their pages
	// current is the release whose figures are the site's, "" for none
	// (no store, or a draft): its downloads are the site's.
	current string
	// siteDir is the site's folder (config.toml, data/, releases/);
	// releases are the store's releases, oldest first, and each one's
	// figures (figures.csv).
	siteDir  string
	releases []string
	released map[string]map[releaseKey]releaseFigure
	// notesUnknown: the figures' footnotes are not known (an archived
	// release keeps none of its own), so a note on a figure is only
	// checked to be one of its file's notes.
	notesUnknown bool
	// revisedNow are the figures the current release revised, each with
	// its entry on the release's page (revisions.csv's entry column):
	// where a page shows one, its r links there. Empty for a first
	// release, a draft or a site without releases.
	revisedNow map[releaseKey]string
}

func newOracleSite(cfg *siteConfig, data *workbookData) *oracleSite {
	s := &oracleSite{cfg: cfg, data: data, rule: rule(cfg.Site.Rounding), retro: cfg.Site.Membership == "retrospective",
		towns: data.towns, years: data.years,
		townByKey: map[string]*town{}, indByKey: map[string]int{}, tierByKey: map[string]int{},
		figures: map[scopeKey]scopeFigure{}, chartCSVs: map[string]bool{}}
	for _, t := range data.towns {
		for _, k := range []string{t.id, t.name, t.nameEn} {
			if k != "" {
				s.townByKey[headerKey(k)] = t
			}
		}
	}
	for i, ind := range cfg.Indicators {
		for _, k := range []string{ind.ID, ind.Name, ind.NameEn} {
			if k != "" {
				s.indByKey[headerKey(k)] = i
			}
		}
	}
	for i, tier := range cfg.Tiers {
		for _, k := range []string{tier.ID, tier.Name, tier.NameEn} {
			if k != "" {
				s.tierByKey[headerKey(k)] = i
			}
		}
	}
	return s
}

func (s *oracleSite) latest() int { return s.years[len(s.years)-1] }

func (s *oracleSite) ind(i int) *indicatorConfig { return &s.cfg.Indicators[i] }

func (s *oracleSite) indIndex(id string) int {
	for i, ind := range s.cfg.Indicators {
		if ind.ID == id {
			return i
		}
	}
	return -1
}

// value is a town's typed figure as shown (in the display unit), nil for
// no data.
func (s *oracleSite) value(t *town, ind, year int) *big.Rat {
	v := s.kept(t, ind, year)
	if v == nil || s.ind(ind).DisplayUnit == "" {
		return v
	}
	return new(big.Rat).Mul(v, s.ind(ind).factor())
}

// kept is a town's figure as the workbook keeps it, nil for no data.
func (s *oracleSite) kept(t *town, ind, year int) *big.Rat {
	return s.data.values[t.id][s.cfg.Indicators[ind].ID][year]
}

// cellOf is what the workbook says of a town's figure: its marks and its
// note; a cell without marks for a figure not typed.
func (s *oracleSite) cellOf(t *town, ind, year int) cell {
	if c := s.data.cells[cellKey{t.id, s.cfg.Indicators[ind].ID, year}]; c != nil {
		return *c
	}
	return cell{}
}

// officialOf is the office's total row of a scope in year, nil without
// one: a scope of several tiers (a target's) has none.
func (s *oracleSite) officialOf(scope string, ind, year int) *official {
	o := s.data.officials[officialKey{scope, ind, year}]
	if o == nil || o.value == nil || (o.value.v == nil && o.value.marks == 0) {
		return nil
	}
	return o
}

// member reports whether t counts in its tier's figures of year.
func (s *oracleSite) member(t *town, year int) bool {
	return s.retro || t.recognised == 0 || t.recognised <= year
}

// scopeTowns are the towns of a scope ("all" or a tier id) that are
// members in year.
func (s *oracleSite) scopeTowns(scope string, year int) []*town {
	var out []*town
	for _, t := range s.towns {
		if s.inScope(t, scope) && s.member(t, year) {
			out = append(out, t)
		}
	}
	return out
}

// inScope reports whether t is in scope: "all", a tier id, or tier ids
// joined by "+" (a target's scope).
func (s *oracleSite) inScope(t *town, scope string) bool {
	if scope == "all" {
		return true
	}
	for _, id := range strings.Split(scope, "+") {
		if s.cfg.Tiers[t.tier].ID == id {
			return true
		}
	}
	return false
}

// expect is one expected figure: its exact value and how it is shown.
type expect struct {
	x       *big.Rat // nil: no figure
	places  int      // decimals it is shown with
	derived bool     // a quotient (growth, ratio): data files carry it rounded
	why     string   // why there is no figure
	// for coverage pairs
	n, of int
	// marks are the office's marks the figure carries, note its
	// footnote's text; every output that shows it shows them.
	marks marks
	note  string
	// noteEn is the footnote's English, "" where the workbook gives none
	// (the English outputs then show note, said to be in Chinese).
	noteEn string
	// final: verified in a provisional year (最终核实), which data files
	// say in the figure's status.
	final bool
}

func (e expect) String() string {
	if e.x == nil {
		if e.why != "" {
			return "— (" + e.why + ")"
		}
		return "—"
	}
	return exactText(e.x)
}

// shown is the expected text of a page: the figure rounded by the rule.
func (e expect) shown(r rule) string {
	if e.x == nil {
		return "—"
	}
	return fixed(e.x, e.places, r)
}

var hundred = big.NewRat(100, 1)

// growth is (cur-prev)/prev×100, nil where it has no meaning.
func growth(cur, prev *big.Rat) (*big.Rat, string) {
	switch {
	case cur == nil:
		return nil, "no figure"
	case prev == nil:
		return nil, "no base"
	case prev.Sign() <= 0:
		return nil, "base not above zero"
	}
	g := new(big.Rat).Sub(cur, prev)
	g.Quo(g, prev)
	return g.Mul(g, hundred), ""
}

// townValue is the figure of a town.
func (s *oracleSite) townValue(t *town, ind, year int) expect {
	c := s.cellOf(t, ind, year)
	why := "no data"
	if c.marks&(mConfidential|mNotApplicable|mBelow) != 0 {
		why = c.marks.String()
	}
	return expect{x: s.value(t, ind, year), places: s.ind(ind).Decimals, why: why, marks: c.marks, note: c.note, noteEn: c.noteEn, final: c.final}
}

// carried are the marks a figure computed from a and b takes on.
func carried(a, b marks) marks { return (a | b) & carriedMarks }

// townDelta is a town's year-on-year growth, or a rate's change in
// points: the office's, where it typed one, else computed from the
// levels.
func (s *oracleSite) townDelta(t *town, ind, year int) expect {
	if g := s.typedGrowth(t, ind, year); g != nil {
		places := 1
		if s.ind(ind).rate() {
			places = s.ind(ind).Decimals
		}
		return expect{x: g.v, places: places, why: "no typed growth", marks: g.marks, note: g.note, noteEn: g.noteEn, final: g.final}
	}
	return s.computedDelta(t, ind, year)
}

// typedGrowth is the growth the office typed for a town's figure, nil
// when it typed none.
func (s *oracleSite) typedGrowth(t *town, ind, year int) *cell {
	if g := s.data.growth[cellKey{t.id, s.cfg.Indicators[ind].ID, year}]; g != nil && (g.v != nil || g.marks != 0) {
		return g
	}
	return nil
}

// computedDelta is a town's growth (a rate's change in points) computed
// from its levels.
func (s *oracleSite) computedDelta(t *town, ind, year int) expect {
	cur, prev := s.value(t, ind, year), s.value(t, ind, year-1)
	m := carried(s.cellOf(t, ind, year).marks, s.cellOf(t, ind, year-1).marks)
	if s.ind(ind).rate() {
		e := expect{places: s.ind(ind).Decimals, marks: m}
		switch {
		case cur == nil:
			e.why = "no figure"
		case prev == nil:
			e.why = "no base"
		default:
			e.x = new(big.Rat).Sub(cur, prev)
		}
		return e
	}
	g, why := growth(cur, prev)
	return expect{x: g, places: 1, derived: true, why: why, marks: m}
}

// townChange is a town's change in the indicator's unit.
func (s *oracleSite) townChange(t *town, ind, year int) expect {
	cur, prev := s.value(t, ind, year), s.value(t, ind, year-1)
	if cur == nil || prev == nil {
		return expect{places: s.ind(ind).Decimals, why: "no base"}
	}
	m := carried(s.cellOf(t, ind, year).marks, s.cellOf(t, ind, year-1).marks)
	return expect{x: new(big.Rat).Sub(cur, prev), places: s.ind(ind).Decimals, marks: m}
}

// scopeFigure is a total with everything a reader needs to judge it.
type scopeFigure struct {
	value                 expect
	reporting, of         int
	prevReporting, prevOf int
	prev                  *big.Rat
	matched               int
	change, delta         expect
	hasTotal              bool
	// official: value is the office's total row; summed is then the sum
	// of the towns (a rate's ratio of its parts), for reconciliation.
	official, prevOfficial bool
	// typedGrowth: the growth (a rate's change in points) is the one
	// the office typed on its total row.
	typedGrowth bool
	summed      *big.Rat
	// computed are the value, change and growth the towns' figures give,
	// before the office's official ones took their place: what a site
	// that ignores the official figures would show.
	computed [3]expect
}

// broken reports whether the coverage differs from the year before, so
// that the two totals do not compare. The office's totals are no
// exception: a 合计 row totals the towns that reported (the sample's 2024
// table says of its withheld profit 合计不含该数), so they compare only
// when the same towns reported in both years.
func (f scopeFigure) broken() bool {
	return f.prev != nil && (f.reporting != f.matched || f.prevReporting != f.matched || f.of != f.prevOf)
}

type scopeKey struct {
	scope     string
	ind, year int
}

// figure computes (and remembers) a scope's figure.
func (s *oracleSite) figure(scope string, ind, year int) scopeFigure {
	k := scopeKey{scope, ind, year}
	if f, ok := s.figures[k]; ok {
		return f
	}
	f := s.computeFigure(scope, ind, year)
	s.figures[k] = f
	return f
}

func (s *oracleSite) computeFigure(scope string, ind, year int) scopeFigure {
	ic := s.ind(ind)
	var f scopeFigure
	places := ic.Decimals
	f.value = expect{places: places, why: "no member reported"}
	f.change = expect{places: places, why: "no base"}
	f.delta = expect{places: 1, derived: true, why: "no base"}
	members := s.scopeTowns(scope, year)
	f.of = len(members)
	var prevMarks marks
	if year > s.years[0] {
		prev := s.figure(scope, ind, year-1)
		f.prevReporting, f.prevOf, f.prev = prev.reporting, prev.of, prev.value.x
		f.prevOfficial, prevMarks = prev.official, prev.value.marks
	}
	switch {
	case ic.rate() && ic.Numerator != "":
		f.hasTotal = true
		num, den := s.indIndex(ic.Numerator), s.indIndex(ic.Denominator)
		// The parts as kept: a ratio of 万元 to 亿元 is not a percentage.
		sn, sd := new(big.Rat), new(big.Rat)
		for _, t := range members {
			p, q := s.kept(t, num, year), s.kept(t, den, year)
			if p != nil && q != nil {
				sn.Add(sn, p)
				sd.Add(sd, q)
				f.reporting++
				f.value.marks |= carried(s.cellOf(t, num, year).marks, s.cellOf(t, den, year).marks)
				if s.member(t, year-1) && s.kept(t, num, year-1) != nil && s.kept(t, den, year-1) != nil {
					f.matched++
				}
			}
		}
		if f.reporting > 0 && sd.Sign() != 0 {
			r := new(big.Rat).Quo(sn, sd)
			f.value.x = r.Mul(r, big.NewRat(ic.rateScale(), 1))
			f.value.derived = true
		}
		f.delta = expect{places: places, derived: true, why: "no base"}
		f.change = f.delta
		switch {
		case f.value.x == nil:
			f.delta.why, f.change.why = "no figure", "no figure"
		case f.prev != nil:
			d := new(big.Rat).Sub(f.value.x, f.prev)
			f.delta.x, f.change.x = d, d
			f.delta.marks = carried(f.value.marks, prevMarks)
			f.change.marks = f.delta.marks
		}
	case ic.rate() || !ic.Sum:
		// No total: a rate without its parts, or a level that does not add up.
		for _, t := range members {
			if s.value(t, ind, year) != nil {
				f.reporting++
			}
		}
		f.value.why, f.delta.why, f.change.why = "no total", "no total", "no total"
	default:
		f.hasTotal = true
		total, cur, prev := new(big.Rat), new(big.Rat), new(big.Rat)
		var matchedMarks marks
		for _, t := range members {
			v := s.value(t, ind, year)
			if v == nil {
				continue
			}
			f.reporting++
			total.Add(total, v)
			m := s.cellOf(t, ind, year).marks
			f.value.marks |= m & carriedMarks
			if p := s.value(t, ind, year-1); p != nil && s.member(t, year-1) {
				f.matched++
				cur.Add(cur, v)
				prev.Add(prev, p)
				matchedMarks |= carried(m, s.cellOf(t, ind, year-1).marks)
			}
		}
		if f.reporting > 0 {
			f.value.x = total
		}
		switch {
		case f.value.x == nil:
			f.delta.why, f.change.why = "no figure", "no figure"
		case f.matched == 0:
		default:
			f.change.x = new(big.Rat).Sub(cur, prev)
			f.change.why = ""
			f.delta.x, f.delta.why = growth(cur, prev)
			f.change.marks, f.delta.marks = matchedMarks, matchedMarks
		}
	}
	f.computed = [3]expect{f.value, f.change, f.delta}
	if o := s.officialOf(scope, ind, year); o != nil && f.hasTotal {
		s.withOfficial(&f, o, ind, prevMarks)
	}
	return f
}

// withOfficial puts the office's total row in place of the computed
// total: its figure as typed, its typed growth, or the change between two
// official totals of the same towns.
func (s *oracleSite) withOfficial(f *scopeFigure, o *official, ind int, prevMarks marks) {
	ic := s.ind(ind)
	f.summed = f.value.x
	f.official = true
	v := o.value.v
	if v != nil && ic.DisplayUnit != "" {
		v = new(big.Rat).Mul(v, ic.factor())
	}
	f.value = expect{x: v, places: ic.Decimals, why: "no figure", marks: o.value.marks, note: o.value.note, noteEn: o.value.noteEn, final: o.value.final}
	compares := f.prevOfficial && (ic.rate() || !f.broken())
	places := 1
	if ic.rate() {
		places = ic.Decimals
	}
	diff := func() expect {
		e := expect{places: ic.Decimals, why: "no base", marks: carried(f.value.marks, prevMarks)}
		if f.value.x != nil && f.prev != nil {
			e.x = new(big.Rat).Sub(f.value.x, f.prev)
		}
		return e
	}
	switch {
	case o.growth != nil && (o.growth.v != nil || o.growth.marks != 0):
		f.delta = expect{x: o.growth.v, places: places, why: "no typed growth", marks: o.growth.marks, note: o.growth.note, noteEn: o.growth.noteEn, final: o.growth.final}
		f.typedGrowth = true
		if compares {
			f.change = diff()
		}
	case compares && ic.rate():
		f.change = diff()
		f.delta = f.change
	case compares:
		f.change = diff()
		g, why := growth(f.value.x, f.prev)
		f.delta = expect{x: g, places: 1, derived: true, why: why, marks: f.change.marks}
	}
}

// rank is a town's rank among set in ind's figures of year: one more than
// the towns with a strictly better value; 0 without a value. of is how
// many towns of set have a value.
func (s *oracleSite) rank(set []*town, t *town, ind, year int) (rank, of int) {
	v := s.value(t, ind, year)
	better := s.ind(ind).better()
	rank = 1
	for _, u := range set {
		w := s.value(u, ind, year)
		if w == nil {
			continue
		}
		of++
		if v == nil {
			continue
		}
		if c := w.Cmp(v); (better && c > 0) || (!better && c < 0) {
			rank++
		}
	}
	if v == nil {
		rank = 0
	}
	return rank, of
}

// growthRank is a town's rank among set by its growth (a rate's change
// in points) in year, as published (townDelta): one more than the towns
// with a strictly better one; 0 without one. Lower is better for an
// indicator where lower is better.
func (s *oracleSite) growthRank(set []*town, t *town, ind, year int) int {
	v := s.townDelta(t, ind, year).x
	if v == nil {
		return 0
	}
	better := s.ind(ind).better()
	rank := 1
	for _, u := range set {
		if w := s.townDelta(u, ind, year).x; w != nil {
			if c := w.Cmp(v); (better && c > 0) || (!better && c < 0) {
				rank++
			}
		}
	}
	return rank
}

// sequentialRank is the rank a ranking that does not share ties gives t
// (1, 2, 3 for equal values, in the towns' order): how a disagreement on
// ranks is told apart from other mistakes.
func (s *oracleSite) sequentialRank(set []*town, t *town, ind, year int) int {
	r, _ := s.rank(set, t, ind, year)
	v := s.value(t, ind, year)
	for _, u := range set {
		if u == t {
			break
		}
		if w := s.value(u, ind, year); w != nil && v != nil && w.Cmp(v) == 0 {
			r++
		}
	}
	return r
}

// tierTowns are today's towns of a tier, whatever their recognition.
func (s *oracleSite) tierTowns(scope string) []*town {
	var out []*town
	for _, t := range s.towns {
		if s.inScope(t, scope) {
			out = append(out, t)
		}
	}
	return out
}

// rankSet is the towns a ranking of scope ranks in year: a tier's members
// that year, or every town.
func (s *oracleSite) rankSet(scope string, year int) []*town {
	if scope == "all" || scope == "" {
		return s.towns
	}
	return s.scopeTowns(scope, year)
}

// targetResult is how a target of config.toml stands.
type targetResult struct {
	cfg      *targetConfig
	goal     *big.Rat
	actual   expect
	gap      expect
	status   string // met, not-met, no-data
	met, of  int    // for "each"
	figure   *scopeFigure
	base     int // decimals of the measure and the goal
	scopeIDs []string
}

func (s *oracleSite) targets() []targetResult {
	var out []targetResult
	for i := range s.cfg.Targets {
		out = append(out, s.target(&s.cfg.Targets[i]))
	}
	return out
}

func compare(a *big.Rat, op string, b *big.Rat) bool {
	c := a.Cmp(b)
	switch op {
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	case "<":
		return c < 0
	case "=":
		return c == 0
	}
	return c >= 0
}

func (s *oracleSite) target(tc *targetConfig) targetResult {
	r := targetResult{cfg: tc, goal: tc.goal, scopeIDs: tc.Scope}
	if len(r.scopeIDs) == 0 {
		for _, t := range s.cfg.Tiers {
			r.scopeIDs = append(r.scopeIDs, t.ID)
		}
	}
	ind := s.indIndex(tc.Indicator)
	scopeTowns := func(year int, membersOnly bool) []*town {
		var out []*town
		for _, t := range s.towns {
			for _, id := range r.scopeIDs {
				if s.cfg.Tiers[t.tier].ID == id && (!membersOnly || s.member(t, year)) {
					out = append(out, t)
				}
			}
		}
		return out
	}
	switch tc.Measure {
	case "total", "growth":
		f := s.unionFigure(r.scopeIDs, ind, tc.Year)
		r.figure = &f
		if tc.Measure == "total" {
			r.actual = f.value
			r.base = s.ind(ind).Decimals
		} else {
			r.actual = f.delta
			r.base = 1
		}
	case "new_towns":
		n, known := 0, false
		for _, t := range scopeTowns(tc.Year, false) {
			known = known || t.recognised > 0
			if t.recognised == tc.Year {
				n++
			}
		}
		if known {
			r.actual = expect{x: big.NewRat(int64(n), 1)}
		}
	case "each":
		missing := 0
		for _, t := range scopeTowns(tc.Year, true) {
			r.of++
			v := s.value(t, ind, tc.Year)
			switch {
			case v == nil:
				missing++
			case compare(v, tc.Compare, tc.goal):
				r.met++
			}
		}
		r.actual = expect{x: big.NewRat(int64(r.met), 1)}
		switch {
		case r.of == 0 || (missing > 0 && r.met+missing == r.of):
			r.status = "no-data"
		case r.met == r.of:
			r.status = "met"
		default:
			r.status = "not-met"
		}
		r.base = s.ind(ind).Decimals
		r.base = max(r.base, placesOf(tc.goal))
		return r
	}
	r.base = max(r.base, placesOf(tc.goal))
	r.actual.places = r.base
	switch {
	case r.actual.x == nil:
		r.status = "no-data"
	case compare(r.actual.x, tc.Compare, tc.goal):
		r.status = "met"
	default:
		r.status = "not-met"
	}
	r.gap = expect{places: r.base, derived: r.actual.derived, why: "no data"}
	if r.actual.x != nil {
		r.gap.x = new(big.Rat).Sub(r.actual.x, tc.goal)
	}
	return r
}

// unionFigure is the figure of a scope of several tiers: the members of
// any of them.
func (s *oracleSite) unionFigure(tierIDs []string, ind, year int) scopeFigure {
	if len(tierIDs) == len(s.cfg.Tiers) {
		return s.figure("all", ind, year)
	}
	if len(tierIDs) == 1 {
		return s.figure(tierIDs[0], ind, year)
	}
	return s.figure(strings.Join(tierIDs, "+"), ind, year)
}

// reconciles says how an official total differs from the towns' beyond
// rounding, "" when it does not: half a unit of the indicator's last
// place for each town that reported (each may have been rounded so), or
// half a unit in all for counts (no decimals: not rounded); half a unit
// of the last place for a rate, against the ratio of its parts.
func (s *oracleSite) reconciles(ind int, f scopeFigure) string {
	if !f.official || f.value.x == nil || f.summed == nil {
		return ""
	}
	ic := s.ind(ind)
	tol := new(big.Rat).SetFrac(big.NewInt(5), pow10(ic.Decimals+1))
	switch {
	case ic.rate():
	case ic.Decimals == 0:
		tol = big.NewRat(1, 2)
	default:
		tol.Mul(tol, big.NewRat(int64(max(f.reporting, 1)), 1))
	}
	diff := new(big.Rat).Sub(f.value.x, f.summed)
	if diff.Abs(diff).Cmp(tol) <= 0 {
		return ""
	}
	return fmt.Sprintf("official %s, towns %s: %s apart, more than ±%s", exactText(f.value.x), exactText(f.summed), exactText(diff), exactText(tol))
}
