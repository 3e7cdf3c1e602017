// Package search builds the site's search index: towns, tiers, indicators,
// counties and industries with their Chinese and English names and the
// pinyin of the Chinese, so a reader finds 清徐老陈醋专业镇 by typing 老陈醋,
// laochencu, qxlcc or "vinegar".
//
// The index ships as a script file (assets/search-index.js) rather than
// fetched JSON, because fetch does not work from file:// and the site must.
// It is shared by both language editions: names travel in both languages
// once, and the page builds its links from ids. Rows are arrays with
// numbers for references, so a national site of ~40,000 towns stays a few
// megabytes, loaded only when a reader first focuses the search box.
//
// Matching runs in the browser (layouts/assets/townpress.js); Match here is
// the same rule in Go, so the rule is unit-tested and the browser test runs
// the same cases through the script.
package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/status"
)

// Syllables returns the pinyin of s without tones, one syllable per Han
// character; runs of ASCII letters and digits stay words of their own, and
// everything else separates. "阳曲县T3镇" gives [yang qu xian t3 zhen].
func Syllables(s string) []string {
	args := pinyin.NewArgs() // Normal style: no tones
	var out []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			if py := pinyin.SinglePinyin(r, args); len(py) > 0 {
				out = append(out, py[0])
			}
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			word.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// Keys is what a name is matched by.
type Keys struct {
	Zh       string // the Chinese name as written
	En       string // lower case, without its spaces
	Pinyin   string // syllables run together: qingxulaochencu
	Initials string // first letters of the syllables: qxlcc
	// EnStarts and PinyinStarts are where En's words and Pinyin's
	// syllables begin (byte offsets after the first, which is 0): letters
	// match inside a name only from one of them, so "vinegar" and
	// "laochencu" find 清徐老陈醋专业镇 and "inegar" does not. Every
	// initial and every character of the Chinese begins a syllable.
	EnStarts, PinyinStarts []int
}

// KeysOf derives the keys of a name from its Chinese and English forms and
// the pinyin syllables (as the index stores them, space-separated).
func KeysOf(zh, en, syllables string) Keys {
	k := Keys{Zh: zh}
	for _, w := range strings.Split(strings.ToLower(en), " ") {
		if w == "" {
			continue
		}
		if k.En != "" {
			k.EnStarts = append(k.EnStarts, len(k.En))
		}
		k.En += w
	}
	for _, s := range strings.Fields(syllables) {
		if k.Pinyin != "" {
			k.PinyinStarts = append(k.PinyinStarts, len(k.Pinyin))
		}
		k.Pinyin += s
		k.Initials += s[:1]
	}
	return k
}

// Normalize is what a query is compared as: lower case, without spaces,
// apostrophes (xi'an) and the separators people type between syllables.
func Normalize(q string) string {
	q = strings.ToLower(strings.TrimSpace(q))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\'', '’', '-', '·', '　':
			return -1
		}
		return r
	}, q)
}

// Match scores how well the query q (already normalized) matches keys: 0
// is no match; higher is better. A whole-name match beats a prefix, a
// prefix beats a match inside the name, and Chinese beats English beats
// pinyin beats initials when they tie, which keeps short initials from
// crowding out real names. Inside a name, letters match from the start
// of a word or syllable, two letters at least (three for initials: one
// or two would match half the index); a Chinese character matches
// anywhere. A query of one letter matches nothing: at national scale it
// would list thousands, and the index is split by a query's first two
// letters (ShardKey). The page script implements the same rule.
func Match(k Keys, q string) int {
	if q == "" || len(q) == 1 && q[0] < utf8.RuneSelf {
		return 0
	}
	best := 0
	try := func(key string, starts []int, weight, minInside int) {
		if key == "" {
			return
		}
		s := 0
		switch {
		case key == q:
			s = 30
		case strings.HasPrefix(key, q):
			s = 20
		case len(q) >= minInside && inside(key, starts, q):
			s = 10
		default:
			return
		}
		if s+weight > best {
			best = s + weight
		}
	}
	try(k.Zh, nil, 4, 1)
	try(k.En, k.EnStarts, 3, 2)
	try(k.Pinyin, k.PinyinStarts, 2, 2)
	try(k.Initials, nil, 1, 3)
	return best
}

// inside says whether q is in key from one of starts, or from anywhere
// when starts is nil.
func inside(key string, starts []int, q string) bool {
	if starts == nil {
		return strings.Contains(key, q)
	}
	for _, at := range starts {
		if strings.HasPrefix(key[at:], q) {
			return true
		}
	}
	return false
}

// Index is the search index's content, written as short arrays:
//
//	tiers:      [id, zh, en, pinyin]
//	indicators: [id, zh, en, pinyin, unit, unit_en, decimals, better(0/1)]
//	counties:   [zh, en, pinyin]
//	industries: [zh, en, pinyin]
//	towns:      [id, zh, en, pinyin, tier, county, industry]  (references are indexes, -1 for none)
//
// years lists the years of the value files (assets/data/<indicator>.js),
// whose rows follow the order of towns.
type Index struct {
	Years      []int   `json:"years"`
	Tiers      [][]any `json:"tiers"`
	Indicators [][]any `json:"inds"`
	Counties   [][]any `json:"counties"`
	Industries [][]any `json:"industries"`
	Towns      [][]any `json:"towns"`
}

// New builds the index of a site.
func New(site *model.Site) *Index {
	ix := &Index{Years: site.Years}
	if ix.Years == nil {
		ix.Years = []int{}
	}
	py := func(s string) string { return strings.Join(Syllables(s), " ") }
	tierIndex := map[*model.Tier]int{}
	for i, t := range site.Tiers {
		tierIndex[t] = i
		ix.Tiers = append(ix.Tiers, []any{t.ID, t.Name, t.NameEn, py(t.Name)})
	}
	for _, ind := range site.Indicators {
		better := 0
		if ind.Better() {
			better = 1
		}
		ix.Indicators = append(ix.Indicators, []any{ind.ID, ind.Name, ind.NameEn, py(ind.Name), ind.Unit, ind.UnitEn, ind.Decimals, better})
	}
	// Counties and industries are named, not configured: a name is the same
	// place or industry wherever it appears.
	intern := func(list *[][]any, seen map[string]int, zh, en string) int {
		if strings.TrimSpace(zh) == "" {
			return -1
		}
		if i, ok := seen[zh]; ok {
			return i
		}
		seen[zh] = len(*list)
		*list = append(*list, []any{zh, en, py(zh)})
		return seen[zh]
	}
	counties, industries := map[string]int{}, map[string]int{}
	for _, t := range site.Towns {
		c := intern(&ix.Counties, counties, t.County, t.CountyEn)
		ind := intern(&ix.Industries, industries, t.Industry, t.IndustryEn)
		ix.Towns = append(ix.Towns, []any{t.ID, t.Name, t.NameEn, py(t.Name), tierIndex[t.Tier], c, ind})
	}
	for _, l := range []*[][]any{&ix.Tiers, &ix.Indicators, &ix.Counties, &ix.Industries, &ix.Towns} {
		if *l == nil {
			*l = [][]any{}
		}
	}
	return ix
}

// Script is the index as a script that hands it to the page:
// townpress.index({...}).
func (ix *Index) Script() []byte {
	return script("townpressIndex", ix)
}

// Values is what the comparison view and the indicator page draw of one
// indicator: every town's figures of every year, for drawing, and each as
// the pages write it, so that the browser displays and never formats or
// derives. It is the same for both language editions: figures are digits
// and signs. Rows follow the index's towns, columns its years. What the
// indicator page shows of one year only (changes, ranks, totals) is in
// YearValues, a file per year, so that a view loads one year's, not ten.
type Values struct {
	ID string `json:"id"`
	// Points says the changes are in percentage points (a rate), not a
	// growth in percent.
	Points bool `json:"points"`
	// Rows are the figures as typed, null for no data: for drawing only.
	// A marked figure is a Marked whose value is the number (null when
	// it is withheld), so that the view draws a provisional one as the
	// pages do.
	Rows [][]any `json:"rows"`
	// Text is each figure as pages show it, "—" for no data; a Marked
	// where it has marks.
	Text [][]any `json:"text"`
	// Notes are the footnotes of the figures, by their id (Marked.Note);
	// NotesEn those the workbook gives in English too, in English. An
	// English page shows a note without one in Chinese, and says so.
	Notes   map[string]string `json:"notes,omitempty"`
	NotesEn map[string]string `json:"notes_en,omitempty"`
}

// Marked is a figure the browser shows with marks (issue 11): its text,
// or for drawing its number; its status symbols as pages write them
// beside it ("pr"), or for a figure that is none the reason (c, x, <);
// and its footnote's id in the file's notes. A figure without marks is
// written as its text or number alone.
type Marked struct {
	Value any    `json:"value"`
	Mark  string `json:"mark,omitempty"`
	Note  uint16 `json:"note,omitempty"`
}

// marked is v's text (or number) x with v's marks; x itself for a figure
// without. reason says whether the text does not say why a cell is blank
// (a number to draw), so that the mark does.
func marked(x any, v model.Value, reason bool, notes map[string]string, site *model.Site) any {
	m := (*chart.Marks)(nil).Of(v) // the symbols; footnotes are numbered on pages, here by id
	mark := m.Symbols
	if reason && !v.Valid() {
		// A number to draw is null: the mark says why.
		for _, g := range status.Flags {
			if m.Flag.Has(g) {
				mark += g.Symbol()
			}
		}
	}
	if mark == "" && v.Note == 0 {
		return x
	}
	if v.Note != 0 && int(v.Note) <= len(site.Notes) {
		notes[strconv.Itoa(int(v.Note))] = site.Notes[v.Note-1].Text
	}
	return Marked{Value: x, Mark: mark, Note: v.Note}
}

// YearValues is what the indicator page's ranking of one year shows
// besides the figures: each town's change and ranks, and the totals.
type YearValues struct {
	ID   string `json:"id"`
	Year int    `json:"year"`
	// Delta is each town's year-on-year change as pages show it, with its
	// sign and without its unit, "—" for none; a Marked where it has
	// marks.
	Delta []any `json:"delta"`
	// Why lists the changes that are "—" for a reason a footnote gives:
	// [town, translation key of the note].
	Why [][2]any `json:"why"`
	// Rank is each town's rank among all towns with a figure, and TierRank
	// among its tier's; 0 without a figure. Equal figures share a rank
	// (1, 2, 2, 4), as everywhere.
	Rank     []int `json:"rank"`
	TierRank []int `json:"tierRank"`
	// Later are the towns not yet members of their tier in the year (by
	// index): recognised afterwards, they are in no tier's figures, rank
	// or list of that year.
	Later []int `json:"later,omitempty"`
	// Totals are, by tier id ("" for every tier), the year's total as
	// pages show it; absent for an indicator without totals.
	Totals map[string]Total `json:"totals,omitempty"`
	// Notes are the footnotes of the year's figures, by id, and NotesEn
	// in English (Values.NotesEn).
	Notes   map[string]string `json:"notes,omitempty"`
	NotesEn map[string]string `json:"notes_en,omitempty"`
}

// englishNotes are the English texts of notes, by id: those the workbook
// gives; nil for none.
func englishNotes(site *model.Site, notes map[string]string) map[string]string {
	var out map[string]string
	for k := range notes {
		id, err := strconv.Atoi(k)
		if err != nil || id < 1 || id > len(site.Notes) || site.Notes[id-1].TextEn == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = site.Notes[id-1].TextEn
	}
	return out
}

// Total is a scope's total in one year (model.Figure) as the indicator
// page shows it.
type Total struct {
	Text          any  `json:"text"`  // the total, "—" for none; a Marked where it has marks
	Delta         any  `json:"delta"` // its change, signed, "—" for none; a Marked where it has marks
	Reporting     int  `json:"reporting"`
	Of            int  `json:"of"`
	PrevReporting int  `json:"prevReporting"`
	PrevOf        int  `json:"prevOf"`
	Matched       int  `json:"matched"` // the towns the change is counted over
	Break         bool `json:"break"`   // coverage differs from the year before
	// What is the translation key of what the total is (TotalKey):
	// official_total, summed_total, ratio_total, or "" to say nothing;
	// Summed is the towns' sum of an official total where the two differ
	// as shown, the reconciliation the page shows.
	What   string `json:"what,omitempty"`
	Summed string `json:"summed,omitempty"`
	// Basis is the translation key of what the change is, where the
	// scope's changes are the office's in some year (basis_comparable,
	// basis_typed, basis_computed); "" where none is.
	Basis string `json:"growthBasis,omitempty"`
}

// ValueScripts are the figures of every indicator, as scripts keyed by
// file name under assets/: data/<indicator>.js calls
// townpressValues(Values), data/<indicator>/<year>.js
// townpressYear(YearValues).
func ValueScripts(site *model.Site) map[string][]byte {
	out := map[string][]byte{}
	for _, ind := range site.Indicators {
		maps.Copy(out, IndicatorScripts(site, ind))
	}
	return out
}

// IndicatorScripts are ValueScripts' scripts of one indicator. They show
// the towns' figures of ind, and for a rate those of its numerator and
// denominator, whose totals make its total.
func IndicatorScripts(site *model.Site, ind *model.Indicator) map[string][]byte {
	out := map[string][]byte{"data/" + ind.ID + ".js": script("townpressValues", NewValues(site, ind))}
	for yi, y := range site.Years {
		out["data/"+ind.ID+"/"+strconv.Itoa(y)+".js"] = script("townpressYear", NewYearValues(site, ind, yi))
	}
	return out
}

// figures writes figures as the pages write them: by the function pages
// use (Lang.Fig), with the site's rule. Digits and signs are the same in
// every language.
func figures(site *model.Site) *i18n.Lang { return &i18n.Lang{Rule: site.Rule} }

// NewValues writes ind's figures as the pages write them.
func NewValues(site *model.Site, ind *model.Indicator) *Values {
	fig := figures(site)
	n, years := len(site.Towns), len(site.Years)
	v := &Values{ID: ind.ID, Points: ind.Rate(), Rows: make([][]any, n), Text: make([][]any, n), Notes: map[string]string{}}
	// Each town's rows are cut from one allocation per list.
	texts, rows := make([]any, n*years), make([]any, n*years)
	for i, t := range site.Towns {
		series := t.Values[ind.ID]
		lo, hi := i*years, (i+1)*years
		for yi := range years {
			val := series.At(yi)
			var num any // null for no figure
			if val.Valid() {
				num = json.Number(val.String())
			}
			rows[lo+yi] = marked(num, val, true, v.Notes, site)
			texts[lo+yi] = marked(fig.Value(val, ind.Decimals), val, false, v.Notes, site)
		}
		v.Rows[i], v.Text[i] = rows[lo:hi:hi], texts[lo:hi:hi]
	}
	v.NotesEn = englishNotes(site, v.Notes)
	return v
}

// NewYearValues writes ind's changes, ranks and totals in year index yi
// as the pages write them.
func NewYearValues(site *model.Site, ind *model.Indicator, yi int) *YearValues {
	fig := figures(site)
	n := len(site.Towns)
	v := &YearValues{ID: ind.ID, Year: site.Years[yi], Delta: make([]any, n), Why: [][2]any{},
		Rank: make([]int, n), TierRank: make([]int, n), Notes: map[string]string{}}
	for i, t := range site.Towns {
		d := t.Delta(ind, yi) // as published: the office's typed growth where it gives one
		v.Delta[i] = marked(deltaText(fig, d), d.Value, false, v.Notes, site)
		if key := i18n.WhyKey(d.Why); key != "" {
			v.Why = append(v.Why, [2]any{i, key})
		}
	}
	// The ranks the pages show: the site's, and a tier's among its
	// members that year (MembersIn), made once for the whole build.
	yr := site.RankYears(ind)
	for i, t := range site.Towns {
		v.Rank[i], v.TierRank[i] = int(yr.Site[yi][t.Index]), int(yr.Tier[yi][t.Index])
	}
	for i, t := range site.Towns {
		if !site.Member(t, site.Years[yi]) {
			v.Later = append(v.Later, i)
		}
	}
	if ind.HasTotal() {
		v.Totals = map[string]Total{"": total(site, fig, site.Tiers, yi, ind, v.Notes)}
		for _, tier := range site.Tiers {
			v.Totals[tier.ID] = total(site, fig, []*model.Tier{tier}, yi, ind, v.Notes)
		}
	}
	v.NotesEn = englishNotes(site, v.Notes)
	return v
}

// deltaText is a change as pages write it.
func deltaText(fig *i18n.Lang, d model.Delta) string { return fig.SignedValue(d.Value, d.Decimals) }

func total(site *model.Site, fig *i18n.Lang, tiers []*model.Tier, yi int, ind *model.Indicator, notes map[string]string) Total {
	f := site.ScopeFigure(ind, tiers, yi)
	t := Total{Text: marked(fig.Value(f.Value, ind.Decimals), f.Value, false, notes, site), Delta: marked(deltaText(fig, f.Delta), f.Delta.Value, false, notes, site),
		Reporting: f.Reporting, Of: f.Of, PrevReporting: f.PrevReporting, PrevOf: f.PrevOf, Matched: f.Matched, Break: f.Break(), What: TotalKey(ind, f)}
	if f.Official && f.Value.Valid() && f.Summed.Valid() {
		if towns := fig.Value(f.Summed, ind.Decimals); towns != fig.Value(f.Value, ind.Decimals) {
			t.Summed = towns
		}
	}
	if SaysBasis(site, ind, tiers) {
		t.Basis = BasisKey(f.Delta)
	}
	return t
}

// TotalKey is the translation key of what a total is, where the
// indicator has official totals in some scope or year: official_total
// (the office's 合计 or 其中 row), summed_total (the towns' figures
// summed) or ratio_total (a rate's ratio of its parts' sums); "" where
// it has none, or the total no figure: every total is then the towns',
// as the pages' notes say. Pages (render) and the browser's files say it
// with the same words.
func TotalKey(ind *model.Indicator, f model.Figure) string {
	switch {
	case !ind.HasOfficial():
		return ""
	case f.Official:
		return "official_total"
	case !f.Value.Valid():
		return ""
	case ind.Numerator != nil:
		return "ratio_total"
	}
	return "summed_total"
}

// SaysBasis reports whether the changes of ind's totals over tiers are
// each said to be the office's or computed (BasisKey): where the office
// publishes the indicator's growth at comparable prices, or the scope's
// change in some year. Elsewhere every change is computed, as the pages'
// notes say once.
func SaysBasis(site *model.Site, ind *model.Indicator, tiers []*model.Tier) bool {
	return ind.Comparable() || site.TypedDelta(ind, tiers)
}

// BasisKey is the translation key of what a change is: the office's
// growth at comparable prices, the office's, or computed from the levels.
// Pages (render) and the browser's files say it with the same words.
func BasisKey(d model.Delta) string {
	switch {
	case d.Typed && d.Comparable:
		return "basis_comparable"
	case d.Typed:
		return "basis_typed"
	}
	return "basis_computed"
}

// script writes v as the argument of a call to the global function fn.
// encoding/json escapes <, > and &, and U+2028/2029, so no name from the
// data can end the script or break the parse.
func script(fn string, v any) []byte {
	var buf bytes.Buffer
	buf.WriteString("/* townpress: generated, do not edit */\n")
	buf.WriteString(fn + "(")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		// Only strings and numbers we made are in v; failing is a bug.
		panic(fmt.Sprintf("search: %v", err))
	}
	buf.Truncate(buf.Len() - 1) // the encoder's newline
	buf.WriteString(");\n")
	return buf.Bytes()
}
