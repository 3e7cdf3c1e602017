package source

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/townpress/townpress/internal/diag"
	decimal "github.com/townpress/townpress/internal/num" // "num" names a test helper
	"github.com/townpress/townpress/internal/status"
)

var notBound = diag.T("is not a bound such as <0.1 (expected < and a positive number: the figure is below the precision shown)",
	"不是“<0.1”这样的界值（应为 < 加正数，表示数值小于所示精度）")

// Marks are the symbols of each status mark, as a site's workbooks write
// them (config [marks] or status.DefaultSymbols), compiled for reading.
type Marks struct {
	flag map[string]status.Flag // symbol, normalised and lower-cased -> mark
	// list is the symbols as messages name them, in legend order:
	// "p 初步 …, r 修订 …, e 估计 …"; a status cell that holds anything
	// else is an error that shows them.
	list string
}

// NewMarks compiles the symbols of each mark.
func NewMarks(symbols map[status.Flag][]string) *Marks {
	m := &Marks{flag: map[string]status.Flag{}}
	var groups []string
	for _, f := range status.Flags {
		var shown []string
		for _, s := range symbols[f] {
			if k := strings.ToLower(normText(s)); k != "" {
				m.flag[k] = f
				shown = append(shown, s)
			}
		}
		if len(shown) > 0 {
			groups = append(groups, strings.Join(shown, " "))
		}
	}
	m.list = strings.Join(groups, ", ")
	return m
}

var notStatus = diag.T("is not a status mark", "不是状态标记")

// ParseStatus reads a cell of a status column (数据状态, 工业产值状态):
// the marks of the figure or figures beside it, as offices write them —
// one symbol (p, 初步, r, 修订, 保密, *), several (p r, 初步、修订, pr,
// p/b), and one footnote mark (r①, ①) resolved against the notes under
// the table. An empty cell, or one saying "no data" (—), marks nothing.
// Anything else is an error: a status read wrongly would publish a
// provisional figure as final.
func (m *Marks) ParseStatus(s string) (flag status.Flag, note string, err error) {
	t := strings.TrimSpace(normText(s))
	if t == "" || missingTexts[strings.ToLower(t)] {
		return 0, "", nil
	}
	bad := func() (status.Flag, string, error) {
		return 0, "", &NumberError{Text: t, Reason: diag.M("%s (expected one or more of %s, and a footnote mark such as ①; or empty for none)",
			"%s（应为 %s 中的一个或几个，可另加脚注标记如 ①；无标记请留空）").Text(notStatus, m.list)}
	}
	tokens := strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(" ,;、/+|", r) })
	for _, tok := range tokens {
		k := strings.ToLower(tok)
		if f, ok := m.flag[k]; ok {
			flag |= f
			continue
		}
		// A footnote mark after the symbols: r①, 修订①.
		if r, size := utf8.DecodeLastRuneInString(k); size < len(k) && isNoteMark(string(r)) && note == "" {
			if f, ok := m.flag[k[:len(k)-size]]; ok {
				flag |= f
				note = string(r)
				continue
			}
		}
		if isNoteMark(k) && note == "" {
			note = k
			continue
		}
		// Letters run together: pr, bp.
		all := k != ""
		var run status.Flag
		for _, r := range k {
			f, ok := m.flag[string(r)]
			if !ok || r >= utf8.RuneSelf || !unicode.IsLetter(r) {
				all = false
				break
			}
			run |= f
		}
		if !all {
			return bad()
		}
		flag |= run
	}
	if flag.Has(status.Confidential) && flag.Has(status.NotApplicable) {
		return bad()
	}
	return flag, note, nil
}

// Marked is a figure cell read with what the office marked on it.
type Marked struct {
	D    decimal.Dec // the figure; for a Below mark, the bound ("<0.1" holds 0.1)
	Unit string      // a unit typed after the number, "" for none
	Flag status.Flag // the marks: provisional, revised …; or why there is no figure
	Note string      // a footnote mark after the number (①, *, #), resolved against the sheet's notes
	OK   bool        // the cell holds a figure (or, with Below, a bound)
}

// ParseMarked reads a figure cell as offices write it: a number as
// ParseDecUnit reads it, followed by status marks (12.5p, 12.5 r,
// 12.5（初步）, 12.5初步), a footnote mark (12.5①, 12.5*), or in place of
// the figure a mark saying why there is none (*, 保密, 不适用) or a bound
// (<0.1, ＜0.1: below the precision shown). "No data" (empty, —, …) is not
// OK and has no mark; anything else that is not a number is an error.
func (m *Marks) ParseMarked(s string) (Marked, error) {
	// Nearly every cell is a plain number: no marks to look for.
	if d, ok := plainDecimal(s); ok {
		return Marked{D: d, OK: true}, nil
	}
	t := normText(s)
	if f, ok := m.flag[strings.ToLower(t)]; ok && f.Blank() {
		return Marked{Flag: f}, nil
	}
	var out Marked
	if rest, ok := strings.CutPrefix(t, "<"); ok {
		d, unit, ok, err := ParseDecUnit(strings.TrimSpace(rest))
		if err != nil || !ok || d.Sign() <= 0 {
			return Marked{}, &NumberError{Text: t, Reason: notBound}
		}
		return Marked{D: d, Unit: unit, Flag: status.Below, OK: true}, nil
	}
	t, out.Flag, out.Note = m.cutMarks(t)
	d, unit, ok, err := ParseDecUnit(t)
	if err != nil {
		if e, isNE := err.(*NumberError); isNE && (out.Flag != 0 || out.Note != "") {
			// Say what the cell holds, marks and all.
			return Marked{}, &NumberError{Text: normText(s), Formula: e.Formula, Reason: e.Reason}
		}
		return Marked{}, err
	}
	if !ok {
		// A mark on no figure: a provisional "—" is still no data.
		return Marked{Flag: out.Flag &^ (status.Provisional | status.Revised | status.Estimated | status.Break)}, nil
	}
	out.D, out.Unit, out.OK = d, unit, true
	return out, nil
}

// cutMarks takes the marks off the end of t: bracketed words or letters
// ((初步), (p)), words (初步), letters (p, r, e, b after the number,
// one at a time, so "12.5 bp" is both), and one footnote mark (①-⑳, *,
// #). It stops at anything else, which is the number and its unit.
func (m *Marks) cutMarks(t string) (rest string, flag status.Flag, note string) {
	rest = t
	for {
		rest = strings.TrimRight(rest, " ")
		switch {
		case strings.HasSuffix(rest, ")"):
			open := strings.LastIndexByte(rest, '(')
			if open < 0 {
				return rest, flag, note
			}
			inner := strings.ToLower(strings.TrimSpace(rest[open+1 : len(rest)-1]))
			if f, ok := m.flag[inner]; ok && !f.Blank() {
				flag |= f
			} else if isNoteMark(inner) && note == "" {
				note = inner
			} else {
				return rest, flag, note
			}
			rest = rest[:open]
			continue
		}
		r, size := utf8.DecodeLastRuneInString(rest)
		switch {
		case size == 0:
			return rest, flag, note
		case isNoteMark(string(r)) && note == "" && m.hasNumberBefore(rest[:len(rest)-size]):
			note = string(r)
			rest = rest[:len(rest)-size]
			continue
		case r < utf8.RuneSelf && unicode.IsLetter(r):
			if f, ok := m.flag[strings.ToLower(string(r))]; ok && !f.Blank() && m.hasNumberBefore(rest[:len(rest)-size]) {
				flag |= f
				rest = rest[:len(rest)-size]
				continue
			}
			return rest, flag, note
		case unicode.Is(unicode.Han, r):
			// The longest run of Han characters at the end that is a mark:
			// 初步数, not 数; a unit such as 亿元 is left for the number.
			start := len(rest) - size
			for start > 0 {
				p, n := utf8.DecodeLastRuneInString(rest[:start])
				if !unicode.Is(unicode.Han, p) {
					break
				}
				start -= n
			}
			word := rest[start:]
			for i := 0; i < len(word); {
				if f, ok := m.flag[word[i:]]; ok && !f.Blank() && m.hasNumberBefore(rest[:start+i]) {
					flag |= f
					rest = rest[:start+i]
					break
				}
				_, n := utf8.DecodeRuneInString(word[i:])
				i += n
				if i == len(word) {
					return rest, flag, note
				}
			}
			continue
		}
		return rest, flag, note
	}
}

// isNoteMark reports whether s is a footnote mark: a circled number ①-⑳,
// *, # or ※.
func isNoteMark(s string) bool {
	if r, size := utf8.DecodeRuneInString(s); size == len(s) && size > 0 {
		return (r >= '①' && r <= '⑳') || r == '*' || r == '#' || r == '※'
	}
	return false
}

// hasNumberBefore reports whether what is left once a mark is cut off
// still ends in a digit or a unit after one: the mark follows a figure
// ("12.5p", "12.5亿元p"), not a word ("temp").
func (m *Marks) hasNumberBefore(s string) bool {
	s = strings.TrimRight(s, " ")
	if missingTexts[strings.ToLower(s)] && s != "" {
		return true // a mark on "no data": —p
	}
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		switch {
		case r >= '0' && r <= '9' || r == '.':
			return true
		case r == '%' || unicode.Is(unicode.Han, r) || r == ')' || r == '(' || r == ' ' || isNoteMark(string(r)):
			s = s[:len(s)-size]
		case r < utf8.RuneSelf && unicode.IsLetter(r) && !m.flag[strings.ToLower(string(r))].Blank() && m.flag[strings.ToLower(string(r))] != 0:
			s = s[:len(s)-size] // another mark: 12.5 bp
		default:
			return missingTexts[strings.ToLower(strings.TrimRight(s, " "))] && s != ""
		}
	}
	return false
}
