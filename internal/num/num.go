// Package num holds the site's figures as exact decimals, and the one
// rounding rule that every output follows when it shows them.
//
// A figure typed in a workbook is kept as the decimal it was typed (19.9
// is 199×10⁻¹, not the binary fraction nearest to it), so a total is the
// exact sum of what the offices typed and a data download carries each
// value as typed. Derived figures (growth, ratios) are quotients with no
// finite decimal expansion; they are kept to 18 significant digits with a
// note of whether anything was cut off, which is enough to round them
// exactly to any number of places a page shows (see Dec).
//
// Rounding happens only when a figure is shown, by Dec.Fixed, with the
// site's Rule: 四舍五入 (half away from zero) by default, the rule readers
// check with a calculator and that Excel's display follows, or half-even
// for offices that follow GB/T 8170's 修约 rule. Pages, CSV, JSON,
// workbooks and the browser all print the digits Fixed makes.
package num

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/cockroachdb/apd/v3"
)

// Rule is how a figure is rounded for display.
type Rule uint8

const (
	// HalfUp rounds half away from zero: 6.25 → 6.3, −6.25 → −6.3
	// (四舍五入). The default.
	HalfUp Rule = iota
	// HalfEven rounds half to the even digit: 6.25 → 6.2, 6.35 → 6.4
	// (GB/T 8170 修约: 四舍六入五成双).
	HalfEven
)

// ParseRule reads the config's name of a rule.
func ParseRule(s string) (Rule, bool) {
	switch s {
	case "", "half-up":
		return HalfUp, true
	case "half-even":
		return HalfEven, true
	}
	return HalfUp, false
}

func (r Rule) String() string {
	if r == HalfEven {
		return "half-even"
	}
	return "half-up"
}

// Digits is how many significant digits a typed figure keeps: Excel keeps
// 15, so a cell whose stored binary value prints as 0.30000000000000004
// holds 0.3, as Excel shows it.
const Digits = 15

// MaxAbs bounds typed figures: no statistic has sixteen digits before the
// point, and a bound keeps every derived figure finite.
const MaxAbs = 1e15

// MinAbs is the smallest typed figure other than zero.
const MinAbs = 1e-12

// quoDigits is how many significant digits a quotient keeps: as many as
// an int64 holds in every case.
const quoDigits = 18

// Dec is an exact decimal, coef×10^exp, or a quotient cut to 18
// significant digits whose true value lies a little further from zero
// (more is set). The zero Dec is not a number: it stands for a figure
// that is missing, and OK is false.
//
// Cutting a quotient off (rounding toward zero) and keeping the fact
// that something was cut off is what makes its display exact: rounding
// to d places only needs to know on which side of each half-way point
// the value lies, and the cut digits with that one bit tell, as long as
// they reach one place past d (see Fixed).
type Dec struct {
	coef  int64
	exp   int16
	flags uint8
}

const (
	isNum   uint8 = 1 << iota
	more          // the true value is beyond coef×10^exp, away from zero
	derived       // a quotient: a figure computed, not typed or summed
)

// ErrRange is returned for a typed figure outside MinAbs..MaxAbs.
var ErrRange = errors.New("out of range")

// ErrSyntax is returned for a text that is not a plain decimal.
var ErrSyntax = errors.New("not a decimal number")

// Zero is the number 0.
var Zero = Dec{flags: isNum}

// Int is the integer n.
func Int(n int64) Dec { return norm(n, 0, 0) }

// New is coef×10^exp, exactly; for tests and figures made in code.
func New(coef int64, exp int) Dec {
	if exp < math.MinInt16 || exp > math.MaxInt16 {
		panic("num.New: exponent out of range")
	}
	return norm(coef, int16(exp), 0)
}

// norm makes the canonical form: no trailing zeros in the coefficient of
// an exact value, so that equal values have equal fields.
func norm(coef int64, exp int16, flags uint8) Dec {
	if coef == 0 && flags&more == 0 {
		return Dec{flags: isNum | flags&derived}
	}
	if flags&more == 0 && coef != 0 {
		for coef%10 == 0 && exp < math.MaxInt16 {
			coef /= 10
			exp++
		}
	}
	return Dec{coef: coef, exp: exp, flags: flags | isNum}
}

// OK reports whether d is a number (not the zero Dec).
func (d Dec) OK() bool { return d.flags&isNum != 0 }

// Exact reports whether d is exactly its digits.
func (d Dec) Exact() bool { return d.flags&more == 0 }

// Derived reports whether d is a quotient (a growth, a ratio): a figure
// with no digits of its own, which data files carry rounded as shown,
// where typed figures and their sums keep every digit.
func (d Dec) Derived() bool { return d.flags&derived != 0 }

// Data is d as a data file carries it: a typed figure or a sum with every
// digit it has (String), a derived one rounded to places by rule (Fixed),
// the figure the pages show. Missing is "".
func (d Dec) Data(places int, rule Rule) string {
	if d.Derived() {
		return d.Fixed(places, rule)
	}
	return d.String()
}

// Sign is -1, 0 or +1.
func (d Dec) Sign() int {
	switch {
	case d.coef < 0:
		return -1
	case d.coef > 0:
		return 1
	case d.flags&more != 0:
		return 1 // a cut-off quotient of 0.000…: positive, see Quo
	}
	return 0
}

// IsZero reports whether d is the number 0.
func (d Dec) IsZero() bool { return d.OK() && d.coef == 0 && d.flags&more == 0 }

// Neg is -d.
func (d Dec) Neg() Dec {
	if !d.OK() {
		return d
	}
	d.coef = -d.coef
	return d
}

// Abs is |d|.
func (d Dec) Abs() Dec {
	if d.coef < 0 {
		d.coef = -d.coef
	}
	return d
}

// Parse reads a plain decimal, [-]digits[.digits][e[+-]digits], as the
// source package hands cell values over once it has taken off units,
// separators and full-width forms. It keeps Digits significant digits,
// rounding half away from zero beyond them as Excel does; the result is
// never negative zero.
func Parse(s string) (Dec, error) {
	if d, ok := parsePlain(s); ok {
		return d, nil
	}
	var a apd.Decimal
	if _, _, err := a.SetString(s); err != nil || a.Form != apd.Finite || !plainSyntax(s) {
		return Dec{}, fmt.Errorf("%q: %w", s, ErrSyntax)
	}
	ctx := apd.BaseContext.WithPrecision(Digits)
	ctx.Rounding = apd.RoundHalfUp
	if _, err := ctx.Round(&a, &a); err != nil {
		return Dec{}, fmt.Errorf("%q: %w", s, ErrSyntax)
	}
	d, ok := fromAPD(&a, 0)
	if !ok || !inRange(d) {
		return Dec{}, fmt.Errorf("%q: %w", s, ErrRange)
	}
	return d, nil
}

// plainSyntax is the grammar Parse accepts, which apd's is wider than
// (apd also reads "Inf", "NaN" and leading "+").
func plainSyntax(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// parsePlain reads the way nearly every cell is stored, digits with at most
// one point and a leading minus and at most 15 significant digits, without
// apd: a national site reads five million of them.
func parsePlain(s string) (Dec, bool) {
	i, neg := 0, false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	var coef int64
	sig, frac, digits, point := 0, 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if sig > 0 || c != '0' {
				sig++
			}
			if sig > Digits {
				return Dec{}, false
			}
			coef = coef*10 + int64(c-'0')
			if point {
				frac++
			}
		case c == '.' && !point:
			point = true
		default:
			return Dec{}, false
		}
	}
	if digits == 0 {
		return Dec{}, false
	}
	if neg {
		coef = -coef
	}
	d := norm(coef, int16(-frac), 0)
	if !inRange(d) {
		return Dec{}, false // the full path says why
	}
	return d, true
}

func inRange(d Dec) bool {
	if d.coef == 0 {
		return true
	}
	// |d| has n digits before the point: n = digits(coef)+exp.
	n := numDigits(abs64(d.coef)) + int(d.exp)
	return n <= 15 && n > -12
}

// fromAPD converts a finite apd value of at most 18 digits.
func fromAPD(a *apd.Decimal, flags uint8) (Dec, bool) {
	if a.Exponent < math.MinInt16 || a.Exponent > math.MaxInt16 {
		return Dec{}, false
	}
	if !a.Coeff.IsInt64() {
		return Dec{}, false
	}
	c := a.Coeff.Int64()
	if a.Negative {
		c = -c
	}
	return norm(c, int16(a.Exponent), flags), true
}

// APD sets a to d's digits (cut-off digits of an inexact d are lost).
func (d Dec) APD(a *apd.Decimal) *apd.Decimal {
	a.SetFinite(d.coef, int32(d.exp))
	return a
}

// String is d at the precision it holds: 19.9, -0.05, 1250, with no
// exponent and no trailing zeros. It is how data downloads carry a typed
// figure: the cell's value, no float noise. A missing figure is "".
func (d Dec) String() string {
	if !d.OK() {
		return ""
	}
	var buf [48]byte
	return string(d.AppendText(buf[:0]))
}

// AppendText appends String's form of d.
func (d Dec) AppendText(b []byte) []byte {
	if !d.OK() {
		return b
	}
	if d.coef < 0 {
		b = append(b, '-')
	}
	return appendDigits(b, abs64(d.coef), int(d.exp))
}

// appendDigits writes c×10^exp in positional form.
func appendDigits(b []byte, c uint64, exp int) []byte {
	var tmp [24]byte
	digits := strconv.AppendUint(tmp[:0], c, 10)
	switch {
	case exp >= 0:
		b = append(b, digits...)
		if c != 0 {
			for range exp {
				b = append(b, '0')
			}
		}
	case -exp >= len(digits):
		b = append(b, '0', '.')
		for range -exp - len(digits) {
			b = append(b, '0')
		}
		b = append(b, digits...)
	default:
		at := len(digits) + exp
		b = append(b, digits[:at]...)
		b = append(b, '.')
		b = append(b, digits[at:]...)
	}
	return b
}

// Float is d as the nearest float64, for drawing and sorting only.
func (d Dec) Float() float64 {
	if !d.OK() {
		return math.NaN()
	}
	// coef and 10^k are exact floats below these bounds, and IEEE division
	// and multiplication round correctly, so this is the nearest float.
	if c := abs64(d.coef); c < 1<<53 {
		switch e := int(d.exp); {
		case e >= 0 && e <= 22:
			return float64(d.coef) * pow10f[e]
		case e < 0 && e >= -22:
			return float64(d.coef) / pow10f[-e]
		}
	}
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}

var pow10f = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// Cmp compares exactly: -1 if d < e, 0 if equal, +1 if d > e. Missing
// figures sort before every number.
func (d Dec) Cmp(e Dec) int {
	switch {
	case !d.OK() || !e.OK():
		return boolCmp(d.OK(), e.OK())
	case d == e:
		return 0
	}
	c, ok := cmpDigits(d, e)
	if !ok {
		var x, y apd.Decimal
		c = d.APD(&x).Cmp(e.APD(&y))
	}
	if c != 0 {
		return c
	}
	// Equal digits: the one with more cut off lies further from zero.
	c = boolCmp(d.flags&more != 0, e.flags&more != 0)
	if d.Sign() < 0 {
		c = -c
	}
	return c
}

// cmpDigits compares the digits of d and e when both fit an int64 at the
// smaller exponent, which rankings of thousands of towns nearly always do.
func cmpDigits(d, e Dec) (int, bool) {
	a, b := d.coef, e.coef
	switch diff := int(d.exp) - int(e.exp); {
	case diff > 0:
		if diff >= len(pow10u) || abs64(a) > uint64(math.MaxInt64)/pow10u[diff] {
			return 0, false
		}
		a *= int64(pow10u[diff])
	case diff < 0:
		if -diff >= len(pow10u) || abs64(b) > uint64(math.MaxInt64)/pow10u[-diff] {
			return 0, false
		}
		b *= int64(pow10u[-diff])
	}
	switch {
	case a < b:
		return -1, true
	case a > b:
		return 1, true
	}
	return 0, true
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func abs64(c int64) uint64 {
	if c < 0 {
		return uint64(-c)
	}
	return uint64(c)
}

func numDigits(c uint64) int {
	n := 1
	for c >= 10 {
		c /= 10
		n++
	}
	return n
}

var pow10u = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// Places is how many decimals d has: 2 for 15.01, 0 for 1250.
func Places(d Dec) int {
	if !d.OK() || d.exp >= 0 {
		return 0
	}
	return int(-d.exp)
}

// Shift is d×10^k, exactly: a change of unit between 元, 万元 and 亿元
// moves the point and keeps every digit.
func (d Dec) Shift(k int) Dec {
	if !d.OK() || d.coef == 0 {
		return d
	}
	e := int(d.exp) + k
	if e < math.MinInt16 || e > math.MaxInt16 {
		return Dec{}
	}
	d.exp = int16(e)
	return d
}

// AppendKey appends d's exact state to b, for digests: two decimals
// append the same bytes only when they are the same in every respect.
func (d Dec) AppendKey(b []byte) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(d.coef))
	b = binary.LittleEndian.AppendUint16(b, uint16(d.exp))
	return append(b, d.flags)
}

// Raw is d's exact state: its coefficient, exponent and flags, for a
// record kept on disk (the source package's read cache). FromRaw makes
// the same Dec again.
func (d Dec) Raw() (coef int64, exp int16, flags uint8) { return d.coef, d.exp, d.flags }

// FromRaw is the Dec whose Raw state is coef, exp and flags, as it was,
// not normalised; ok is false for flags no Dec has.
func FromRaw(coef int64, exp int16, flags uint8) (d Dec, ok bool) {
	if flags&^(isNum|more|derived) != 0 || (flags != 0 && flags&isNum == 0) || (flags == 0 && (coef != 0 || exp != 0)) {
		return Dec{}, false
	}
	return Dec{coef: coef, exp: exp, flags: flags}, true
}
