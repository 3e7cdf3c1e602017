package num

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cockroachdb/apd/v3"
)

// apdGrowth and apdQuo are Growth and Quo through apd alone: what quoInt
// stands in for.
func apdGrowth(cur, prev Dec) (Dec, bool) {
	if !cur.OK() || !prev.OK() || prev.Sign() <= 0 {
		return Dec{}, false
	}
	var c, p apd.Decimal
	cur.APD(&c)
	prev.APD(&p)
	exact.Sub(&c, &c, &p)
	return quo(&c, &p, 100)
}

func apdQuo(x, y Dec, scale int64) (Dec, bool) {
	var a, b apd.Decimal
	return quo(x.APD(&a), y.APD(&b), scale)
}

// randDec is a figure of 1 to 19 digits at an exponent of -14 to 14, as
// typed figures, sums and the odd extreme are.
func randDec(r *rand.Rand) Dec {
	digits := 1 + r.IntN(19)
	var c int64
	switch r.IntN(4) {
	case 0: // small, as most figures are
		c = r.Int64N(100000)
	case 1:
		c = r.Int64N(int64(pow10[min(digits, 18)]))
	case 2: // round: exact quotients and cut zeros
		c = r.Int64N(1000) * int64(pow10[r.IntN(16)])
	default:
		c = r.Int64()
	}
	if r.IntN(3) == 0 {
		c = -c
	}
	d := Dec{coef: c, exp: int16(r.IntN(29) - 14), flags: isNum}
	// A quotient's marks, which sums and quotients of it pass over.
	if r.IntN(6) == 0 {
		d.flags |= derived
	}
	if r.IntN(6) == 0 && c != 0 {
		d.flags |= more
	}
	return d
}

func TestQuoIntMatchesAPD(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 400000
	if testing.Short() {
		n = 40000
	}
	fast := 0
	for i := range n {
		x, y := randDec(r), randDec(r)
		if i%7 == 0 { // near each other: small growths, long quotients
			y = Dec{coef: x.coef + r.Int64N(9) - 4, exp: x.exp, flags: isNum}
		}
		if y.coef == 0 && i%2 == 0 {
			y.coef = 3
		}
		g, ok := Growth(x, y)
		wg, wok := apdGrowth(x, y)
		if g != wg || ok != wok {
			t.Fatalf("Growth(%v, %v) = %v %v (%+v), apd %v %v (%+v)", x, y, g, ok, g, wg, wok, wg)
		}
		for _, scale := range []int64{1, 100, -7} {
			q, ok := Quo(x, y, scale)
			wq, wok := apdQuo(x, y, scale)
			if q != wq || ok != wok {
				t.Fatalf("Quo(%v, %v, %d) = %v %v (%+v), apd %v %v (%+v)", x, y, scale, q, ok, q, wq, wok, wq)
			}
			if _, _, done := quoInt(x.coef, int(x.exp), y.coef, int(y.exp), scale); done {
				fast++
			}
		}
	}
	// The test means little if quoInt gave up on most pairs.
	if fast < n {
		t.Errorf("quoInt answered %d of %d quotients", fast, 3*n)
	}
	edges := []Dec{
		{coef: math.MaxInt64, flags: isNum}, {coef: math.MinInt64, flags: isNum}, {coef: 1, exp: math.MaxInt16, flags: isNum},
		{coef: 1, exp: math.MinInt16, flags: isNum}, {coef: 1, flags: isNum}, {coef: -1, flags: isNum}, Zero,
		{coef: 999999999999999999, exp: -3, flags: isNum}, {coef: 3, exp: -12, flags: isNum}, {coef: 7, exp: 14, flags: isNum},
		{coef: 1844674407370955161, flags: isNum}, {coef: 123456789, exp: -4, flags: isNum | more},
		// Quotients at MaxQuo, whose float decides: 9999999999.9999999 is 1e10 as a float.
		{coef: 99999999999999999, exp: -7, flags: isNum}, {coef: 9999999999, flags: isNum}, {coef: 1, exp: 10, flags: isNum},
		{coef: 99999999999999, exp: -4, flags: isNum}, {coef: 100, flags: isNum}, {coef: 99999999, flags: isNum},
	}
	for _, x := range edges {
		for _, y := range edges {
			g, ok := Growth(x, y)
			wg, wok := apdGrowth(x, y)
			if g != wg || ok != wok {
				t.Errorf("Growth(%#v, %#v) = %#v %v, apd %#v %v", x, y, g, ok, wg, wok)
			}
			for _, scale := range []int64{1, 100} {
				q, ok := Quo(x, y, scale)
				wq, wok := apdQuo(x, y, scale)
				if q != wq || ok != wok {
					t.Errorf("Quo(%#v, %#v, %d) = %#v %v, apd %#v %v", x, y, scale, q, ok, wq, wok)
				}
			}
		}
	}
}

func BenchmarkGrowth(b *testing.B) {
	cur, prev := New(1994, -1), New(1731, -1)
	for b.Loop() {
		Growth(cur, prev)
	}
}

// TestSumMatchesAPD holds Sum's int64 form to sums kept in apd alone, as
// Sum kept them before: the same Dec, difference, ratio and growth, also
// across the addition that widens a sum.
func TestSumMatchesAPD(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	type ref struct {
		a apd.Decimal
		n int
	}
	add := func(s *ref, d Dec) {
		if !d.OK() {
			return
		}
		var x apd.Decimal
		exact.Add(&s.a, &s.a, d.APD(&x))
		s.n++
	}
	dec := func(s *ref) Dec {
		if s.n == 0 {
			return Dec{}
		}
		return fromExact(&s.a)
	}
	widened := 0
	for range 20000 {
		var s, u Sum
		var rs, ru ref
		for k := range r.IntN(12) {
			d, e := randDec(r), randDec(r)
			if k%5 == 4 {
				d = Dec{} // a missing figure
			}
			s.Add(d)
			add(&rs, d)
			u.Add(e)
			add(&ru, e)
			if got, want := s.Dec(), dec(&rs); got != want {
				t.Fatalf("sum %#v, apd %#v", got, want)
			}
		}
		if s.wide {
			widened++
		}
		if s.Count() != rs.n {
			t.Fatalf("count %d, apd %d", s.Count(), rs.n)
		}
		var z apd.Decimal
		wantSub := Dec{}
		if rs.n > 0 && ru.n > 0 {
			exact.Sub(&z, &rs.a, &ru.a)
			wantSub = fromExact(&z)
		}
		if got := s.Sub(&u); got != wantSub {
			t.Fatalf("difference %#v, apd %#v", got, wantSub)
		}
		if rs.n > 0 && ru.n > 0 {
			var a apd.Decimal
			a.Set(&rs.a)
			wq, wok := quo(&a, &ru.a, 100)
			if q, ok := s.Quo(&u, 100); q != wq || ok != wok {
				t.Fatalf("ratio %#v %v, apd %#v %v", q, ok, wq, wok)
			}
			wg, gok := Dec{}, false
			if ru.a.Sign() > 0 {
				var c apd.Decimal
				exact.Sub(&c, &rs.a, &ru.a)
				wg, gok = quo(&c, &ru.a, 100)
			}
			if g, ok := s.Growth(&u); g != wg || ok != gok {
				t.Fatalf("growth %#v %v, apd %#v %v", g, ok, wg, gok)
			}
		}
	}
	if widened == 0 {
		t.Error("no sum left the int64 form: the wide path went untested")
	}
	// Exponents far apart, whose difference leaves an int16.
	far := []Dec{{coef: 1, exp: math.MaxInt16, flags: isNum}, {coef: -3, exp: math.MinInt16, flags: isNum}, {coef: 5, flags: isNum}}
	for _, x := range far {
		for _, y := range far {
			var s Sum
			var rs ref
			s.Add(x)
			add(&rs, x)
			s.Add(y)
			add(&rs, y)
			if got, want := s.Dec(), dec(&rs); got != want {
				t.Errorf("%#v + %#v = %#v, apd %#v", x, y, got, want)
			}
		}
	}
}

// FuzzQuoInt looks for figures whose growth, quotient or sum the int64
// paths give otherwise than apd.
func FuzzQuoInt(f *testing.F) {
	f.Add(int64(1994), int16(-1), int64(1731), int16(-1), int64(100))
	f.Add(int64(99999999999999999), int16(-7), int64(1), int16(0), int64(1))
	f.Add(int64(math.MaxInt64), int16(3), int64(-7), int16(-12), int64(-7))
	f.Add(int64(1), int16(math.MinInt16), int64(3), int16(math.MaxInt16), int64(100))
	f.Fuzz(func(t *testing.T, xc int64, xe int16, yc int64, ye int16, scale int64) {
		x, y := Dec{coef: xc, exp: xe, flags: isNum}, Dec{coef: yc, exp: ye, flags: isNum}
		g, ok := Growth(x, y)
		wg, wok := apdGrowth(x, y)
		if g != wg || ok != wok {
			t.Fatalf("Growth(%#v, %#v) = %#v %v, apd %#v %v", x, y, g, ok, wg, wok)
		}
		q, ok := Quo(x, y, scale)
		wq, wok := apdQuo(x, y, scale)
		if q != wq || ok != wok {
			t.Fatalf("Quo(%#v, %#v, %d) = %#v %v, apd %#v %v", x, y, scale, q, ok, wq, wok)
		}
		var s Sum
		s.Add(x)
		s.Add(y)
		var a, b apd.Decimal
		exact.Add(&a, x.APD(&a), y.APD(&b))
		if got, want := s.Dec(), fromExact(&a); got != want {
			t.Fatalf("%#v + %#v = %#v, apd %#v", x, y, got, want)
		}
	})
}
