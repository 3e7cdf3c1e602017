package source

import (
	"math"
	"strconv"
	"testing"
)

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{
		"19.9", "1,234.5", "1，234", "１２３．４", "\u00a07\u3000", "19.9亿元", "32.6%", "+3", "-2.5", "−2.5",
		"1.99E+1", "", "—", "-", "/", "…", "N/A", "无数据", "12k", "2023-05-01", "#DIV/0!", "1e999", "1,2", ".", "e5",
		"\xff\xfe", "0x1p3", "1_000", "-0", "-0.0", "1.", ".5", "-.5", "007", "1.2.3", "--1", "9" + string(make([]byte, 400)),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, unit, ok, err := ParseNumberUnit(s)
		if err != nil && ok {
			t.Fatalf("ParseNumberUnit(%q): ok and error %v", s, err)
		}
		if ok && (math.IsInf(v, 0) || math.IsNaN(v)) {
			t.Fatalf("ParseNumberUnit(%q) = %v", s, v)
		}
		if !ok && (v != 0 || unit != "") {
			t.Fatalf("ParseNumberUnit(%q) = %v, %q without ok", s, v, unit)
		}
		if d, _, dok, _ := ParseDecUnit(s); ok && unit == "" {
			// The decimal's own form reads back the same, and so does
			// Excel's form of its float.
			back, _, ok2, err2 := ParseDecUnit(d.String())
			if !dok || !ok2 || err2 != nil || back != d {
				t.Fatalf("ParseDecUnit(%q) = %v, which does not read back: %v %v %v", s, d, back, ok2, err2)
			}
			if fb, _, ok3, _ := ParseNumberUnit(strconv.FormatFloat(v, 'G', -1, 64)); !ok3 || fb != v {
				t.Fatalf("ParseNumberUnit(%q) = %v, which does not read back: %v", s, v, fb)
			}
		}
		if fd, fok := plainDecimal(s); fok {
			// The fast path reads as the full grammar does.
			sd, sunit, sok, serr := parseDecUnit(s)
			if sd != fd || sunit != "" || !sok || serr != nil {
				t.Fatalf("plainDecimal(%q) = %v; the grammar reads %v %q %v %v", s, fd, sd, sunit, sok, serr)
			}
		}
		if err != nil && err.Error() == "" {
			t.Fatalf("ParseNumberUnit(%q): empty error", s)
		}
		ParseYear(s)
		parseRecognised(s)
		Key(s)
	})
}
