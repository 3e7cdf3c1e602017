package num

import (
	"math"

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
type Sum struct {
	a apd.Decimal
	n int
}

// Add adds d; a missing d is passed over.
func (s *Sum) Add(d Dec) {
	if !d.OK() {
		return
	}
	if s.n == 0 {
		d.APD(&s.a)
	} else {
		var x apd.Decimal
		exact.Add(&s.a, &s.a, d.APD(&x))
	}
	s.n++
}

// Count is how many numbers were added.
func (s *Sum) Count() int { return s.n }

// Dec is the sum, missing when nothing was added. A sum of more than 18
// significant digits keeps 18 and notes that more were cut off.
func (s *Sum) Dec() Dec {
	if s.n == 0 {
		return Dec{}
	}
	return fromExact(&s.a)
}

// Sub is the exact difference of two sums (s minus t), or missing when
// either is empty.
func (s *Sum) Sub(t *Sum) Dec {
	if s.n == 0 || t.n == 0 {
		return Dec{}
	}
	var z apd.Decimal
	exact.Sub(&z, &s.a, &t.a)
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

// Quo is x/y×scale, cut to 18 digits (see Dec). ok is false when y is
// zero, either is missing, or the quotient's magnitude reaches MaxQuo.
func Quo(x, y Dec, scale int64) (q Dec, ok bool) {
	if !x.OK() || !y.OK() {
		return Dec{}, false
	}
	var a, b apd.Decimal
	return quo(x.APD(&a), y.APD(&b), scale)
}

// Quo is Quo of two sums: a ratio of totals (numerator over denominator).
func (s *Sum) Quo(t *Sum, scale int64) (Dec, bool) {
	if s.n == 0 || t.n == 0 {
		return Dec{}, false
	}
	var a apd.Decimal
	a.Set(&s.a)
	return quo(&a, &t.a, scale)
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
	var c, p apd.Decimal
	cur.APD(&c)
	prev.APD(&p)
	exact.Sub(&c, &c, &p)
	return quo(&c, &p, 100)
}

// Growth is Growth of two sums, this year's over the year before's.
func (s *Sum) Growth(prev *Sum) (Dec, bool) {
	if s.n == 0 || prev.n == 0 || prev.a.Sign() <= 0 {
		return Dec{}, false
	}
	var c apd.Decimal
	exact.Sub(&c, &s.a, &prev.a)
	return quo(&c, &prev.a, 100)
}
