package source

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/townpress/townpress/internal/diag"
	decimal "github.com/townpress/townpress/internal/num" // "num" names a test helper
)

// missingTexts are the ways officials write "no data". They are compared
// after normText, so full-width forms (－, ／) are covered too.
var missingTexts = map[string]bool{
	"": true, "—": true, "——": true, "–": true, "-": true, "--": true, "/": true,
	"…": true, "……": true, "...": true, "n/a": true, "na": true, "无数据": true, "暂无": true,
}

// formulaErrors are the error values Excel and WPS store as a formula's
// cached result.
var formulaErrors = map[string]bool{
	"#DIV/0!": true, "#N/A": true, "#NAME?": true, "#NULL!": true, "#NUM!": true,
	"#REF!": true, "#VALUE!": true, "#SPILL!": true, "#CALC!": true, "#GETTING_DATA": true,
	"#FIELD!": true, "#BLOCKED!": true, "#CONNECT!": true, "#BUSY!": true, "#UNKNOWN!": true,
}

// A NumberError says why a cell's text is not a number. Its message leaves
// out the column name and location; the reader adds them.
type NumberError struct {
	Text    string    // the cell's text, trimmed
	Formula bool      // the text is a formula error value such as #DIV/0!
	Reason  diag.Text // what was expected
}

func (e *NumberError) Error() string { return e.In(diag.En) }

// In is the message in lang.
func (e *NumberError) In(lang diag.Lang) string {
	if e.Formula {
		return diag.Sprint(lang, diag.M("formula error %s (fix the formula, or type — for no data)", "公式错误 %s（请改正公式，无数据请填 —）"), e.Text)
	}
	return diag.Sprint(lang, diag.M("%q %s", "“%s”%s"), e.Text, e.Reason)
}

var notNumber = diag.T("is not a number (expected a number such as 19.9, or — for no data)", "不是数字（应为数字，如 19.9；无数据请填 —）")

// ParseNumber reads a cell's text as officials type numbers: numbers stored
// as text, thousands separators (1,234.5 or 1，234), full-width digits,
// surrounding spaces (also no-break and ideographic), a leading + or -,
// Excel's scientific notation (1.99E+1) and a trailing unit or % (19.9亿元,
// 32.6%). ok is false, with no error, for "no data": an empty cell, —, -, /,
// …, N/A, 无数据, 暂无. Anything else is a *NumberError. The unit is dropped;
// ParseNumberUnit returns it so that it can be checked.
func ParseNumber(s string) (v float64, ok bool, err error) {
	v, _, ok, err = ParseNumberUnit(s)
	return v, ok, err
}

// ParseNumberUnit is ParseNumber that also returns the unit typed after the
// number ("亿元", "%"), normalised to half-width; "" when there is none.
// A unit is a run of Chinese characters or a single %; "12k" is an error.
// The number is the nearest float64 of ParseDecUnit's decimal.
func ParseNumberUnit(s string) (v float64, unit string, ok bool, err error) {
	d, unit, ok, err := ParseDecUnit(s)
	if !ok || err != nil {
		return 0, "", ok, err
	}
	return d.Float(), unit, true, nil
}

// ParseDecUnit is ParseNumberUnit with the number as the exact decimal it
// was typed, kept to Excel's 15 significant digits (decimal.Parse), so that a
// cell stored as 0.30000000000000004 reads as 0.3. A number of sixteen
// digits or more before the point, or closer to zero than 10⁻¹², is an
// error: no statistic is, and published figures must stay finite.
func ParseDecUnit(s string) (d decimal.Dec, unit string, ok bool, err error) {
	if d, ok := plainDecimal(s); ok {
		return d, "", true, nil
	}
	return parseDecUnit(s)
}

// parseDecUnit is ParseDecUnit without the fast path for plain decimals.
func parseDecUnit(s string) (d decimal.Dec, unit string, ok bool, err error) {
	t := normText(s)
	if missingTexts[strings.ToLower(t)] {
		return decimal.Dec{}, "", false, nil
	}
	if formulaErrors[strings.ToUpper(t)] {
		return decimal.Dec{}, "", false, &NumberError{Text: t, Formula: true}
	}
	text, unit, good := splitNumber(t)
	if !good {
		return decimal.Dec{}, "", false, &NumberError{Text: t, Reason: notNumber}
	}
	d, perr := decimal.Parse(text)
	if perr != nil {
		// splitNumber only lets through decimal syntax, so the one way
		// Parse fails is a value out of range.
		return decimal.Dec{}, "", false, &NumberError{Text: t, Reason: outOfRange}
	}
	return d, unit, true, nil
}

var outOfRange = diag.T("is out of range (expected a number below 10^15 and, unless it is 0, not below 10^-12; check the cell and the indicator's unit)",
	"超出范围（应小于 10^15，且除 0 外不小于 10^-12；请检查单元格和指标的单位）")

// plainDecimal reads the way nearly every number cell is stored, such as
// 19.9 or -3: digits with at most one point and a leading minus. Anything
// else, or a number decimal.Parse's fast path does not take, is left to the
// full grammar.
func plainDecimal(s string) (decimal.Dec, bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits, point := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return decimal.Dec{}, false
		}
	}
	if digits == 0 {
		return decimal.Dec{}, false
	}
	d, err := decimal.Parse(s)
	return d, err == nil
}

// splitNumber checks t against the grammar
//
//	[+-−] digits-with-optional-thousands-groups [. digits] [eE [+-] digits] [space] [unit]
//
// and returns the number in Go syntax and the unit.
func splitNumber(t string) (num, unit string, ok bool) {
	var b strings.Builder
	b.Grow(len(t))
	i := 0
	switch {
	case strings.HasPrefix(t, "+"):
		i++
	case strings.HasPrefix(t, "-"):
		b.WriteByte('-')
		i++
	case strings.HasPrefix(t, "−"): // U+2212 MINUS SIGN
		b.WriteByte('-')
		i += len("−")
	}
	// Integer part, with commas only between groups of three digits.
	intDigits, group, commas := 0, 0, 0
	for i < len(t) {
		c := t[i]
		if c >= '0' && c <= '9' {
			b.WriteByte(c)
			intDigits++
			group++
			i++
			continue
		}
		if c == ',' {
			if group == 0 || (commas == 0 && group > 3) || (commas > 0 && group != 3) {
				return "", "", false
			}
			commas++
			group = 0
			i++
			continue
		}
		break
	}
	if commas > 0 && group != 3 {
		return "", "", false
	}
	fracDigits := 0
	if i < len(t) && t[i] == '.' {
		b.WriteByte('.')
		i++
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			b.WriteByte(t[i])
			fracDigits++
			i++
		}
	}
	if intDigits+fracDigits == 0 {
		return "", "", false
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		b.WriteByte('e')
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			b.WriteByte(t[i])
			i++
		}
		expDigits := 0
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			b.WriteByte(t[i])
			expDigits++
			i++
		}
		if expDigits == 0 {
			return "", "", false
		}
	}
	unit = strings.TrimLeft(t[i:], " ")
	if !isUnit(unit) {
		return "", "", false
	}
	return b.String(), unit, true
}

// isUnit reports whether u may follow a number: nothing, %, or Chinese
// characters such as 亿元, 户, 家.
func isUnit(u string) bool {
	if u == "" || u == "%" {
		return true
	}
	for _, r := range u {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

var (
	yearDateRE = regexp.MustCompile(`^(\d{4}) ?(?:年 ?\d{1,2} ?月(?: ?\d{1,2} ?日)?|[-/.]\d{1,2}(?:[-/.]\d{1,2})?)$`)
	errNoYear  = errors.New("no year")
)

// yearText is how a year should look, for messages.
var yearText = diag.T("expected a year such as 2023", "应为年份，如 2023")

// ParseYear reads a year cell: 2023, 2023年, 2023年度, or Excel's 2023.0.
// ok is false, with no error, for an empty cell or another "no data" mark.
// Years outside 1900–2200 are errors.
func ParseYear(s string) (year int, ok bool, err error) {
	v, unit, ok, err := ParseNumberUnit(s)
	if err != nil {
		var ne *NumberError
		if errors.As(err, &ne) && ne.Formula {
			return 0, false, err
		}
		return 0, false, &NumberError{Text: normText(s), Reason: diag.M("is not a year (%s)", "不是年份（%s）").Text(yearText)}
	}
	if !ok {
		return 0, false, nil
	}
	if (unit != "" && unit != "年" && unit != "年度") || v != math.Trunc(v) || v < 1900 || v > 2200 {
		return 0, false, &NumberError{Text: normText(s), Reason: diag.M("is not a year between 1900 and 2200 (%s)", "不是 1900 至 2200 之间的年份（%s）").Text(yearText)}
	}
	return int(v), true, nil
}

// parseDegrees reads decimal degrees as a towns sheet writes a place:
// 112.55, 112.55°, 112.55°E, 37.87 N (a letter E or N; W and S are
// negative).
func parseDegrees(raw string) (float64, error) {
	s := strings.TrimSpace(normText(raw))
	sign := 1.0
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'E', 'e', 'N', 'n':
			s = s[:n-1]
		case 'W', 'w', 'S', 's':
			s, sign = s[:n-1], -1
		}
	}
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "°"))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("not decimal degrees: %q", raw)
	}
	return sign * v, nil
}

// parseRecognised reads a year-recognised cell, which officials also fill
// with a date: 2023年6月, 2023-06-01, 2023/6, 2023.6.
func parseRecognised(s string) (year int, ok bool, err error) {
	if m := yearDateRE.FindStringSubmatch(normText(s)); m != nil {
		y, _ := strconv.Atoi(m[1])
		if y >= 1900 && y <= 2200 {
			return y, true, nil
		}
	}
	return ParseYear(s)
}

// normText trims a cell's text and makes the ways of typing it on a Chinese
// keyboard the same: full-width letters, digits and punctuation become
// half-width, every kind of space becomes one ASCII space, zero-width
// characters are dropped, and runs of spaces collapse to one.
func normText(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x200B || r == 0x200C || r == 0x200D || r == 0xFEFF || r == utf8.RuneError:
			continue
		case unicode.IsSpace(r) || r == 0x3000:
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isPlain reports whether s is already normalised: printable ASCII with no
// leading, trailing or double spaces. Most raw cell values are.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F {
			if c == ' ' && i > 0 && i < len(s)-1 && s[i+1] != ' ' {
				continue
			}
			return false
		}
	}
	return true
}

// Key is the form in which names are compared: normalised as the reader
// normalises cell text, without spaces, in lower case. Header texts, sheet
// names, tier names and town names all match by Key, so "工业产值 ", "工业
// 产值" and "ＯＵＴＰＵＴ" find the same column as "工业产值" and "output".
func Key(s string) string {
	t := normText(s)
	if strings.IndexByte(t, ' ') >= 0 {
		t = strings.ReplaceAll(t, " ", "")
	}
	return strings.ToLower(t)
}
