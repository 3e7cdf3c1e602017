package num

import (
	"math"
	"math/bits"

	"github.com/cockroachdb/apd/v3"
)

// exact is the context of sums and differences: wide enough that adding
// any figures this package holds is exact.
var exact = func() *apd.Context {
	c := apd.BaseContext.WithPrecision(60)
	c.Rounding = apd.RoundDown
	return c
}()

// cut is the context of quotients: quoDigits digits, the rest cut off
// (rounded toward zero), so that the Inexact condition tells whether the
// true value lies further out.
var cut = func() *apd.Context {
	c := apd.BaseContext.WithPrecision(quoDigits)
	c.Rounding = apd.RoundDown
	return c
}()

// Sum adds figures exactly. The zero Sum is empty: its Dec is missing
// until a number is added.
//
// A sum is kept as c×10^e while it fits an int64, as nearly every sum of
// figures does, and in apd's wide decimal from the first addition that
// would leave it: summing 40,000 towns through apd cost more than the rest
// of a rebuild's arithmetic.
type Sum struct {
	c    int64
	e    int16
	wide bool        // a holds the sum
	a    apd.Decimal // the sum, once wide
	n    int
}

// Add adds d; a missing d is passed over.
func (s *Sum) Add(d Dec) {
	if !d.OK() {
		return
	}
	switch {
	case s.wide:
		var x apd.Decimal
		exact.Add(&s.a, &s.a, d.APD(&x))
	case s.n == 0:
		s.c, s.e = d.coef, d.exp
	default:
		if c, e, ok := addInt(s.c, s.e, d.coef, d.exp); ok {
			s.c, s.e = c, e
			break
		}
		var x apd.Decimal
		s.a.SetFinite(s.c, int32(s.e))
		exact.Add(&s.a, &s.a, d.APD(&x))
		s.wide = true
	}
	s.n++
}

// addInt is a+b for a = ac×10^ae and b = bc×10^be, or false when the sum
// does not fit an int64 at the smaller exponent.
func addInt(ac int64, ae int16, bc int64, be int16) (int64, int16, bool) {
	e := min(ae, be)
	x, okx := mul10(ac, int(ae)-int(e)) // in int: the int16 difference can wrap
	y, oky := mul10(bc, int(be)-int(e))
	if !okx || !oky {
		return 0, 0, false
	}
	z := x + y
	if (x >= 0) == (y >= 0) && (z >= 0) != (x >= 0) { // overflowed
		return 0, 0, false
	}
	return z, e, true
}

// apd is the sum as an apd decimal: s's own, or tmp set to it.
func (s *Sum) apd(tmp *apd.Decimal) *apd.Decimal {
	if s.wide {
		return &s.a
	}
	return tmp.SetFinite(s.c, int32(s.e))
}

// Count is how many numbers were added.
func (s *Sum) Count() int { return s.n }

// Dec is the sum, missing when nothing was added. A sum of more than 18
// significant digits keeps 18 and notes that more were cut off.
func (s *Sum) Dec() Dec {
	if s.n == 0 {
		return Dec{}
	}
	if !s.wide && (s.c == 0 || decimalDigits(abs64(s.c)) <= quoDigits) {
		return norm(s.c, s.e, 0)
	}
	var tmp apd.Decimal
	return fromExact(s.apd(&tmp))
}

// Sub is the exact difference of two sums (s minus t), or missing when
// either is empty.
func (s *Sum) Sub(t *Sum) Dec {
	if s.n == 0 || t.n == 0 {
		return Dec{}
	}
	var z, x, y apd.Decimal
	exact.Sub(&z, s.apd(&x), t.apd(&y))
	return fromExact(&z)
}

// fromExact stores an exact apd value, cutting it to 18 digits if it has
// more.
func fromExact(a *apd.Decimal) Dec {
	var r apd.Decimal
	flags := uint8(0)
	cond, _ := cut.Round(&r, a)
	if cond.Inexact() {
		flags = more
	}
	d, ok := fromAPD(&r, flags)
	if !ok {
		return Dec{}
	}
	return d
}

// Add is a+b, missing if either is. The sum of a derived figure is
// derived (see Derived).
func Add(a, b Dec) Dec {
	if !a.OK() || !b.OK() {
		return Dec{}
	}
	var x, y apd.Decimal
	exact.Add(&x, a.APD(&x), b.APD(&y))
	return derivedIf(fromExact(&x), a, b)
}

// Sub is a-b, missing if either is. The difference of a derived figure is
// derived: a rate's change in percentage points between two ratios of
// totals, a growth's gap to its target, has no digits of its own either,
// and a data file carries it rounded as shown (Data).
func Sub(a, b Dec) Dec {
	if !a.OK() || !b.OK() {
		return Dec{}
	}
	var x, y apd.Decimal
	exact.Sub(&x, a.APD(&x), b.APD(&y))
	return derivedIf(fromExact(&x), a, b)
}

// derivedIf marks d derived when a or b is.
func derivedIf(d, a, b Dec) Dec {
	if d.OK() && (a.Derived() || b.Derived()) {
		d.flags |= derived
	}
	return d
}

// MaxQuo bounds quotients: one of 10^10 or more (a growth of ten billion
// percent) says more about a typing error than about a town, and beyond
// it 18 digits no longer reach six places past the point.
const MaxQuo = 1e10

// maxQuoDigits is how many digits before the point a quotient below
// MaxQuo has at most.
const maxQuoDigits = 10

// Quo is x/y×scale, cut to 18 digits (see Dec). ok is false when y is
// zero, either is missing, or the quotient's magnitude reaches MaxQuo.
func Quo(x, y Dec, scale int64) (q Dec, ok bool) {
	if !x.OK() || !y.OK() {
		return Dec{}, false
	}
	if q, ok, done := quoInt(x.coef, int(x.exp), y.coef, int(y.exp), scale); done {
		return q, ok
	}
	var a, b apd.Decimal
	return quo(x.APD(&a), y.APD(&b), scale)
}

// Quo is Quo of two sums: a ratio of totals (numerator over denominator).
func (s *Sum) Quo(t *Sum, scale int64) (Dec, bool) {
	if s.n == 0 || t.n == 0 {
		return Dec{}, false
	}
	if !s.wide && !t.wide {
		if q, ok, done := quoInt(s.c, int(s.e), t.c, int(t.e), scale); done {
			return q, ok
		}
	}
	var a, b apd.Decimal
	a.Set(s.apd(&a))
	return quo(&a, t.apd(&b), scale)
}

// quo is x/y×scale; x is overwritten.
func quo(x, y *apd.Decimal, scale int64) (Dec, bool) {
	if y.IsZero() {
		return Dec{}, false
	}
	if scale != 1 {
		var s apd.Decimal
		s.SetInt64(scale)
		exact.Mul(x, x, &s)
	}
	cond, err := cut.Quo(x, x, y)
	if err != nil {
		return Dec{}, false
	}
	flags := derived
	if cond.Inexact() {
		flags |= more
	}
	q, ok := fromAPD(x, flags)
	if !ok || math.Abs(q.Float()) >= MaxQuo {
		return Dec{}, false
	}
	return q, true
}

// Growth is (cur-prev)/prev×100, the growth in percent, computed from the
// exact figures. ok is false where growth has no meaning: a missing
// figure, a base of zero or below, or a quotient past MaxQuo.
func Growth(cur, prev Dec) (Dec, bool) {
	if !cur.OK() || !prev.OK() || prev.Sign() <= 0 {
		return Dec{}, false
	}
	// prev is above zero, so -prev.coef is an int64.
	if diff, e, ok := addInt(cur.coef, cur.exp, -prev.coef, prev.exp); ok {
		if q, ok, done := quoInt(diff, int(e), prev.coef, int(prev.exp), 100); done {
			return q, ok
		}
	}
	var c, p apd.Decimal
	cur.APD(&c)
	prev.APD(&p)
	exact.Sub(&c, &c, &p)
	return quo(&c, &p, 100)
}

// decimalDigits is how many digits c > 0 has.
func decimalDigits(c uint64) int {
	t := bits.Len64(c) * 1233 >> 12 // log10(2) ≈ 1233/4096
	if c >= pow10[t] {
		t++
	}
	return t
}

// pow10 are the powers of ten a uint64 holds.
var pow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// mul10 is c×10^k, or false when it leaves an int64.
func mul10(c int64, k int) (int64, bool) {
	if k >= len(pow10) {
		return 0, c == 0
	}
	hi, lo := bits.Mul64(abs64(c), pow10[k])
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if c < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

// quoInt is quo for x = xc×10^xe and y = yc×10^ye whose digits fit in a
// uint64 (most growths and ratios): the same long division apd does,
// cut after quoDigits significant digits, without its allocations. done
// is false when it cannot say (an operand too wide); the caller then
// goes through apd. TestQuoIntMatchesAPD holds the two together.
func quoInt(xc int64, xe int, yc int64, ye int, scale int64) (q Dec, ok, done bool) {
	if yc == 0 {
		return Dec{}, false, true
	}
	hi, n := bits.Mul64(abs64(xc), abs64(scale))
	d := abs64(yc)
	if hi != 0 || xc == math.MinInt64 || yc == math.MinInt64 || scale == math.MinInt64 {
		return Dec{}, false, false
	}
	exp := xe - ye
	if exp < math.MinInt16+2*len(pow10) || exp > math.MaxInt16-2*len(pow10) {
		// apd's working digits would leave Dec's exponent: its answer
		// (no quotient) is the one to give.
		return Dec{}, false, false
	}
	c, r := n/d, n%d
	if c >= pow10[quoDigits] {
		// More than quoDigits digits before the point: cut the last ones.
		k := 1
		for k < len(pow10)-quoDigits && c >= pow10[quoDigits+k] {
			k++
		}
		if c%pow10[k] != 0 {
			r = 1 // only whether anything was cut matters now
		}
		c /= pow10[k]
		exp += k
	}
	// The digits after the point, as many at a time as reach quoDigits:
	// r < d, so r×10^m / d is below 10^m and fits (m ≤ 19).
	for r != 0 && c < pow10[quoDigits-1] {
		m := quoDigits
		if c != 0 {
			m -= decimalDigits(c)
		}
		hi, lo := bits.Mul64(r, pow10[m])
		var next uint64
		next, r = bits.Div64(hi, lo, d)
		c = c*pow10[m] + next
		exp -= m
	}
	flags := derived
	if r != 0 {
		flags |= more
	}
	coef := int64(c)
	if (xc < 0) != (yc < 0) != (scale < 0) {
		coef = -coef
	}
	q = norm(coef, int16(exp), flags)
	// |q| ≥ MaxQuo as quo decides it, on q's float; Float parses a text
	// for 18 digits, so only a q near the bound goes through it.
	if c != 0 {
		switch mag := decimalDigits(c) + exp; {
		case mag > maxQuoDigits:
			return Dec{}, false, true
		case mag == maxQuoDigits && math.Abs(q.Float()) >= MaxQuo:
			return Dec{}, false, true
		}
	}
	return q, true, true
}

// Growth is Growth of two sums, this year's over the year before's.
func (s *Sum) Growth(prev *Sum) (Dec, bool) {
	if s.n == 0 || prev.n == 0 {
		return Dec{}, false
	}
	var pa apd.Decimal
	p := prev.apd(&pa)
	if p.Sign() <= 0 {
		return Dec{}, false
	}
	if !s.wide && !prev.wide {
		if diff, e, ok := addInt(s.c, s.e, -prev.c, prev.e); ok && prev.c != math.MinInt64 {
			if q, ok, done := quoInt(diff, int(e), prev.c, int(prev.e), 100); done {
				return q, ok
			}
		}
	}
	var c, x apd.Decimal
	exact.Sub(&c, s.apd(&x), p)
	return quo(&c, p, 100)
}
