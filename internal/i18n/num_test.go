package i18n

import (
	"math"
	"testing"
)

func TestNum(t *testing.T) {
	l := &Lang{Code: "zh-CN"}
	for _, tc := range []struct {
		v    float64
		d    int
		want string
	}{
		{0, 1, "0.0"}, {-0.04, 1, "0.0"}, {-0.06, 1, "-0.1"}, {999, 0, "999"}, {1000, 0, "1,000"},
		{-1234567.891, 2, "-1,234,567.89"}, {123456, 1, "123,456.0"}, {1e21, 0, "1,000,000,000,000,000,000,000"},
		{math.NaN(), 1, "—"}, {math.Inf(-1), 0, "—"},
	} {
		if got := l.Num(tc.v, tc.d); got != tc.want {
			t.Errorf("Num(%v, %d) = %q, want %q", tc.v, tc.d, got, tc.want)
		}
	}
	if got := l.Signed(12.34, 1); got != "+12.3" {
		t.Errorf("Signed = %q", got)
	}
}
