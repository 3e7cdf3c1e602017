package num

import (
	"math"
	"strconv"
	"testing"

	"github.com/cockroachdb/apd/v3"
)

func mustParse(t testing.TB, s string) Dec {
	t.Helper()
	d, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return d
}

// The values the issue on rounding lists, each rounded by both rules to the
// places a page shows them with. Binary floats get several of these wrong
// (6.25 → 6.2, 2.675 → 2.67, 1.005 → 1.00 with strconv).
func TestFixedEdgeValues(t *testing.T) {
	tests := []struct {
		in       string
		places   int
		up, even string
	}{
		{"0.05", 1, "0.1", "0.0"},
		{"0.15", 1, "0.2", "0.2"},
		{"0.25", 1, "0.3", "0.2"},
		{"2.65", 1, "2.7", "2.6"},
		{"2.675", 2, "2.68", "2.68"},
		{"1.005", 2, "1.01", "1.00"},
		{"4.125", 2, "4.13", "4.12"},
		{"6.25", 1, "6.3", "6.2"},
		{"-6.25", 1, "-6.3", "-6.2"},
		{"50.5", 0, "51", "50"},
		{"6660.5", 0, "6661", "6660"},
		{"55980.5", 0, "55981", "55980"},
		{"12.345", 1, "12.3", "12.3"},
		{"12.345", 2, "12.35", "12.34"},
		{"15.01", 1, "15.0", "15.0"},
		{"-0.04", 1, "0.0", "0.0"},
		{"-0.05", 1, "-0.1", "0.0"},
		{"0", 2, "0.00", "0.00"},
		{"1250", 0, "1250", "1250"},
		{"19.9", 3, "19.900", "19.900"},
		{"999.95", 1, "1000.0", "1000.0"},
		{"-999.95", 1, "-1000.0", "-1000.0"},
		{"0.000000000001", 6, "0.000000", "0.000000"},
		{"999999999999999", 2, "999999999999999.00", "999999999999999.00"},
		{"0.5", 0, "1", "0"},
		{"1.5", 0, "2", "2"},
		{"2.5", 0, "3", "2"},
	}
	for _, tt := range tests {
		d := mustParse(t, tt.in)
		if got := d.Fixed(tt.places, HalfUp); got != tt.up {
			t.Errorf("%s to %d places half-up = %s, want %s", tt.in, tt.places, got, tt.up)
		}
		if got := d.Fixed(tt.places, HalfEven); got != tt.even {
			t.Errorf("%s to %d places half-even = %s, want %s", tt.in, tt.places, got, tt.even)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"19.9", "19.9"},
		{"19.90", "19.9"},
		{"-0", "0"},
		{"0.30000000000000004", "0.3"}, // Excel's 15 digits, not float noise
		{"15.010000000000002", "15.01"},
		{"1.99E+1", "19.9"},
		{"1e3", "1000"},
		{"123456789012345", "123456789012345"},
		{"1234567890123456", ""},                       // out of range
		{"0.1234567890123456789", "0.123456789012346"}, // 15 digits, half up
		{"000012.50", "12.5"},
		{".5", "0.5"},
		{"5.", "5"},
		{"1e-12", "0.000000000001"},
		{"1e-13", ""},
		{"1e308", ""},
		{"NaN", ""},
		{"Inf", ""},
		{"+5", ""},
		{"1,000", ""},
		{"", ""},
		{"-", ""},
		{"1e", ""},
	}
	for _, tt := range tests {
		d, err := Parse(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("Parse(%q) = %s, want an error", tt.in, d)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if d.String() != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, d, tt.want)
		}
	}
}

func TestGrowth(t *testing.T) {
	tests := []struct {
		cur, prev string
		want      string // to 1 place, half-up; "" for none
	}{
		{"17", "16", "6.3"},    // exactly 6.25
		{"15", "16", "-6.3"},   // exactly -6.25
		{"19.9", "15", "32.7"}, // 32.666…
		{"0.8", "-0.2", ""},    // negative base
		{"5", "0", ""},         // zero base
		{"3", "3", "0.0"},
		{"1", "8", "-87.5"},
		{"100000000000000", "0.000000000001", ""}, // past MaxQuo
	}
	for _, tt := range tests {
		g, ok := Growth(mustParse(t, tt.cur), mustParse(t, tt.prev))
		got := ""
		if ok {
			got = g.Fixed(1, HalfUp)
		}
		if got != tt.want {
			t.Errorf("growth %s over %s = %q, want %q", tt.cur, tt.prev, got, tt.want)
		}
	}
}

// A quotient cut at 18 digits rounds as the exact rational would, also at
// the half-way points where the cut-off digits decide.
func TestQuoRoundsAsExact(t *testing.T) {
	cases := [][2]string{
		{"1", "3"}, {"2", "3"}, {"1", "8"}, {"1", "16"}, {"5", "16"}, {"13", "80"},
		{"100.00000000000001", "200"}, {"1", "7"}, {"0.0000005", "1"},
		{"1000000000000001", "20"}, {"-1", "8"}, {"-1", "16"},
	}
	for _, c := range cases {
		x, err1 := Parse(c[0])
		y := mustParse(t, c[1])
		if err1 != nil {
			continue
		}
		q, ok := Quo(x, y, 1)
		if !ok {
			t.Fatalf("Quo(%s, %s) failed", c[0], c[1])
		}
		for places := 0; places <= 6; places++ {
			for _, rule := range []Rule{HalfUp, HalfEven} {
				want := oracleQuo(t, x, y, places, rule)
				if got := q.Fixed(places, rule); got != want {
					t.Errorf("%s/%s to %d places %v = %s, want %s", c[0], c[1], places, rule, got, want)
				}
			}
		}
	}
}

// oracleQuo rounds x/y with apd at 60 digits, then quantizes: a rounding
// of the exact quotient whenever the 60-digit one is not a tie by accident.
func oracleQuo(t testing.TB, x, y Dec, places int, rule Rule) string {
	ctx := apd.BaseContext.WithPrecision(80)
	var a, b, q apd.Decimal
	if _, err := ctx.Quo(&q, x.APD(&a), y.APD(&b)); err != nil {
		t.Fatal(err)
	}
	return oracleFixed(t, &q, places, rule)
}

func oracleFixed(t testing.TB, a *apd.Decimal, places int, rule Rule) string {
	ctx := apd.BaseContext.WithPrecision(100)
	ctx.Rounding = apd.RoundHalfUp
	if rule == HalfEven {
		ctx.Rounding = apd.RoundHalfEven
	}
	var r apd.Decimal
	if _, err := ctx.Quantize(&r, a, int32(-places)); err != nil {
		t.Fatal(err)
	}
	if r.IsZero() {
		r.Negative = false
	}
	return r.Text('f')
}

func TestFloat(t *testing.T) {
	for _, s := range []string{"19.9", "0.1", "0.3", "-6.25", "123456789012345", "0.000000000001", "2.675", "1e10"} {
		d := mustParse(t, s)
		want, _ := strconv.ParseFloat(s, 64)
		if got := d.Float(); got != want {
			t.Errorf("Float(%s) = %v, want %v", s, got, want)
		}
	}
	if !math.IsNaN(Dec{}.Float()) {
		t.Error("a missing figure's Float is not NaN")
	}
}

func TestSum(t *testing.T) {
	var s Sum
	if s.Dec().OK() {
		t.Fatal("empty sum is a number")
	}
	for _, v := range []string{"0.1", "0.2", "19.9", "-3.2"} {
		s.Add(mustParse(t, v))
	}
	s.Add(Dec{})
	if got := s.Dec().String(); got != "17" {
		t.Errorf("sum = %s, want 17 (exactly)", got)
	}
	if s.Count() != 4 {
		t.Errorf("count = %d", s.Count())
	}
	var prev Sum
	prev.Add(mustParse(t, "16"))
	g, ok := s.Growth(&prev)
	if !ok || g.Fixed(1, HalfUp) != "6.3" {
		t.Errorf("growth = %s %v, want 6.3", g.Fixed(1, HalfUp), ok)
	}
	if d := s.Sub(&prev); d.String() != "1" {
		t.Errorf("change = %s", d)
	}
	// A sum of more digits than an int64 holds keeps 18 and rounds right.
	var big Sum
	for range 100 {
		big.Add(mustParse(t, "99999999999999.9"))
	}
	big.Add(mustParse(t, "0.05"))
	if got := big.Dec().Fixed(1, HalfUp); got != "9999999999999990.1" {
		t.Errorf("big sum = %s", got)
	}
}

// A sum or difference with a derived figure is derived, so that a data
// file rounds it as shown; of typed figures it keeps every digit.
func TestAddSubKeepDerived(t *testing.T) {
	typed := mustParse(t, "3.005")
	ratio, ok := Quo(mustParse(t, "1"), mustParse(t, "3"), 100) // 33.333…
	if !ok || !ratio.Derived() {
		t.Fatalf("Quo = %v %v, want a derived figure", ratio, ok)
	}
	for _, tt := range []struct {
		name string
		d    Dec
		data string
	}{
		{"typed - typed", Sub(typed, mustParse(t, "1")), "2.005"},
		{"typed + typed", Add(typed, mustParse(t, "1")), "4.005"},
		{"ratio - typed", Sub(ratio, typed), "30.33"},
		{"typed - ratio", Sub(typed, ratio), "-30.33"},
		{"ratio + ratio", Add(ratio, ratio), "66.67"},
		{"ratio - ratio", Sub(ratio, ratio), "0.00"},
	} {
		if got := tt.d.Data(2, HalfUp); got != tt.data {
			t.Errorf("%s: Data = %s, want %s", tt.name, got, tt.data)
		}
	}
	if Sub(ratio, Dec{}).OK() {
		t.Error("a difference with a missing figure is a number")
	}
}

func TestCmp(t *testing.T) {
	a, b := mustParse(t, "0.3"), Add(mustParse(t, "0.1"), mustParse(t, "0.2"))
	if a.Cmp(b) != 0 || a != b {
		t.Errorf("0.3 and 0.1+0.2 differ: %v %v", a, b)
	}
	if mustParse(t, "-1").Cmp(mustParse(t, "0.5")) >= 0 {
		t.Error("-1 >= 0.5")
	}
	third, _ := Quo(Int(1), Int(3), 1)
	cutThird := mustParse(t, "0.333333333333333")
	if third.Cmp(cutThird) <= 0 {
		t.Error("1/3 is not above its 15-digit cut")
	}
	if (Dec{}).Cmp(Int(-5)) >= 0 {
		t.Error("missing sorts after a number")
	}
}

func TestGroupedSigned(t *testing.T) {
	for _, tt := range []struct {
		in     string
		places int
		g, s   string
	}{
		{"1234567.891", 2, "1,234,567.89", "+1,234,567.89"},
		{"-1234.5", 0, "-1,235", "-1,235"},
		{"0.04", 1, "0.0", "0.0"},
		{"999.5", 0, "1,000", "+1,000"},
	} {
		d := mustParse(t, tt.in)
		if got := d.Grouped(tt.places, HalfUp); got != tt.g {
			t.Errorf("Grouped(%s) = %s, want %s", tt.in, got, tt.g)
		}
		if got := d.Signed(tt.places, HalfUp); got != tt.s {
			t.Errorf("Signed(%s) = %s, want %s", tt.in, got, tt.s)
		}
	}
}

// FuzzRound checks Fixed against apd's Quantize for any typed value, both
// rules, every number of places a site may show.
func FuzzRound(f *testing.F) {
	for _, s := range []string{"6.25", "-6.25", "2.675", "1.005", "0.05", "55980.5", "999999999999999", "0.000000000001"} {
		f.Add(s, uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, p uint8) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		places := int(p % 8)
		var a apd.Decimal
		for _, rule := range []Rule{HalfUp, HalfEven} {
			if got, want := d.Fixed(places, rule), oracleFixed(t, d.APD(&a), places, rule); got != want {
				t.Fatalf("%s (%s) to %d places %v = %s, want %s", s, d, places, rule, got, want)
			}
		}
		if back := mustParse(t, d.String()); back != d {
			t.Fatalf("%s does not read back: %v vs %v", d, back, d)
		}
	})
}

// FuzzQuo checks that cut quotients round as the exact quotient does.
func FuzzQuo(f *testing.F) {
	f.Add(int64(1), int64(3), int8(0), int8(0))
	f.Add(int64(17), int64(16), int8(0), int8(0))
	f.Add(int64(-1), int64(16), int8(-3), int8(2))
	f.Fuzz(func(t *testing.T, x, y int64, ex, ey int8) {
		if x > 1e15 || x < -1e15 || y > 1e15 || y < -1e15 {
			return
		}
		a, b := New(x, int(ex%12)), New(y, int(ey%12))
		q, ok := Quo(a, b, 100)
		if !ok {
			return
		}
		var s apd.Decimal
		s.SetInt64(100)
		var xa apd.Decimal
		ctx := apd.BaseContext.WithPrecision(80)
		ctx.Mul(&xa, a.APD(&xa), &s)
		scaled, _ := fromAPD(&xa, 0)
		_ = scaled
		for places := 0; places <= 6; places++ {
			for _, rule := range []Rule{HalfUp, HalfEven} {
				var qa, ya apd.Decimal
				ctx.Quo(&qa, &xa, b.APD(&ya))
				if got, want := q.Fixed(places, rule), oracleFixed(t, &qa, places, rule); got != want {
					t.Fatalf("%v×100/%v to %d places %v = %s, want %s", a, b, places, rule, got, want)
				}
			}
		}
	})
}

// FuzzCmp checks the int64 comparison against apd's.
func FuzzCmp(f *testing.F) {
	f.Add(int64(3), int8(-1), int64(30), int8(-2))
	f.Add(int64(-9223372036854775807), int8(3), int64(1), int8(-5))
	f.Fuzz(func(t *testing.T, a int64, ea int8, b int64, eb int8) {
		if a == math.MinInt64 || b == math.MinInt64 {
			return
		}
		x, y := New(a, int(ea)), New(b, int(eb))
		var p, q apd.Decimal
		if got, want := x.Cmp(y), x.APD(&p).Cmp(y.APD(&q)); got != want {
			t.Fatalf("Cmp(%v, %v) = %d, want %d", x, y, got, want)
		}
	})
}

func TestShift(t *testing.T) {
	for _, tt := range []struct {
		in   string
		k    int
		want string
	}{{"235000", -4, "23.5"}, {"6660.5", -4, "0.66605"}, {"23.5", 4, "235000"}, {"0", -4, "0"}, {"-1.5", 2, "-150"}} {
		if got := mustParse(t, tt.in).Shift(tt.k).String(); got != tt.want {
			t.Errorf("%s shifted %d = %s, want %s", tt.in, tt.k, got, tt.want)
		}
	}
}
