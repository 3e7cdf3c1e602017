package num

import "testing"

// TestRawRoundTrip: FromRaw makes every Dec again from its Raw state, as
// it was (a quotient's cut digits and flags too), and refuses a state no
// Dec has.
func TestRawRoundTrip(t *testing.T) {
	q, _ := Quo(Int(2), Int(3), 1)
	for _, d := range []Dec{{}, Zero, Int(-7), New(125, -1), New(1, 300), q, q.Neg()} {
		coef, exp, flags := d.Raw()
		got, ok := FromRaw(coef, exp, flags)
		if !ok || got != d {
			t.Errorf("FromRaw(%d, %d, %d) = %v, %v; want %v", coef, exp, flags, got, ok, d)
		}
	}
	for _, bad := range []struct {
		coef  int64
		exp   int16
		flags uint8
	}{{1, 0, 0}, {0, 2, 0}, {1, 0, more}, {1, 0, 1 << 6}} {
		if d, ok := FromRaw(bad.coef, bad.exp, bad.flags); ok {
			t.Errorf("FromRaw(%d, %d, %d) = %v, a Dec no arithmetic makes", bad.coef, bad.exp, bad.flags, d)
		}
	}
}
