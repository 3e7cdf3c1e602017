package source

import (
	"testing"

	"github.com/townpress/townpress/internal/status"
)

// Every form of mark offices write is read, the number keeps its digits,
// and nothing that is not a mark is taken for one.
func TestParseMarked(t *testing.T) {
	m := NewMarks(status.DefaultSymbols)
	for _, tt := range []struct {
		in   string
		want string // the decimal, "" for none
		flag status.Flag
		note string
		unit string
		err  bool
	}{
		{in: "12.5", want: "12.5"},
		{in: "12.5p", want: "12.5", flag: status.Provisional},
		{in: "12.5 p", want: "12.5", flag: status.Provisional},
		{in: "12.5P", want: "12.5", flag: status.Provisional},
		{in: "12.5r", want: "12.5", flag: status.Revised},
		{in: "12.5e", want: "12.5", flag: status.Estimated},
		{in: "12.5 bp", want: "12.5", flag: status.Break | status.Provisional},
		{in: "12.5（初步）", want: "12.5", flag: status.Provisional},
		{in: "12.5(初步数)", want: "12.5", flag: status.Provisional},
		{in: "12.5初步", want: "12.5", flag: status.Provisional},
		{in: "12.5（修订）", want: "12.5", flag: status.Revised},
		{in: "12.5 (p)", want: "12.5", flag: status.Provisional},
		{in: "12.5①", want: "12.5", note: "①"},
		{in: "12.5*", want: "12.5", note: "*"},
		{in: "12.5p①", want: "12.5", flag: status.Provisional, note: "①"},
		{in: "19.9亿元", want: "19.9", unit: "亿元"},
		{in: "19.9亿元p", want: "19.9", unit: "亿元", flag: status.Provisional},
		{in: "32.6%", want: "32.6", unit: "%"},
		{in: "1e3", want: "1000"},
		{in: "1.5E+1e", want: "15", flag: status.Estimated},
		{in: "*", flag: status.Confidential},
		{in: "保密", flag: status.Confidential},
		{in: "c", flag: status.Confidential},
		{in: "不适用", flag: status.NotApplicable},
		{in: "<0.1", want: "0.1", flag: status.Below},
		{in: "＜0.05", want: "0.05", flag: status.Below},
		{in: "—"},
		{in: ""},
		{in: "—p"},
		{in: "12k", err: true},
		{in: "12.5x", err: true},
		{in: "<-1", err: true},
		{in: "<", err: true},
		{in: "abc", err: true},
		{in: "temp", err: true},
		{in: "12.5(note)", err: true},
	} {
		got, err := m.ParseMarked(tt.in)
		if tt.err {
			if err == nil {
				t.Errorf("ParseMarked(%q) = %+v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseMarked(%q): %v", tt.in, err)
			continue
		}
		if got.D.String() != tt.want || got.Flag != tt.flag || got.Note != tt.note || got.Unit != tt.unit || got.OK != (tt.want != "") {
			t.Errorf("ParseMarked(%q) = %s %v %q %q ok=%v; want %s %v %q %q", tt.in, got.D, got.Flag, got.Note, got.Unit, got.OK, tt.want, tt.flag, tt.note, tt.unit)
		}
	}
}

// A site's own symbols replace the built-in ones of that mark.
func TestParseMarkedOwnSymbols(t *testing.T) {
	syms := map[status.Flag][]string{}
	for f, s := range status.DefaultSymbols {
		syms[f] = s
	}
	syms[status.Provisional] = []string{"预计"}
	m := NewMarks(syms)
	if got, err := m.ParseMarked("12.5预计"); err != nil || got.Flag != status.Provisional {
		t.Errorf("own symbol: %+v %v", got, err)
	}
	if _, err := m.ParseMarked("12.5p"); err == nil {
		t.Errorf("a built-in symbol the site replaced is still read")
	}
}

func FuzzParseMarked(f *testing.F) {
	for _, s := range []string{"12.5p", "12.5（初步）", "<0.1", "保密", "12.5①", "19.9亿元p", "1e3e", "(", ")", "()", "12.5()", "p", "初步"} {
		f.Add(s)
	}
	m := NewMarks(status.DefaultSymbols)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := m.ParseMarked(s)
		if err != nil && got.OK {
			t.Fatalf("%q: error and a figure", s)
		}
		if got.OK && !got.D.OK() {
			t.Fatalf("%q: OK without a number", s)
		}
		if !got.OK && got.Flag.Has(status.Provisional) {
			t.Fatalf("%q: a provisional mark on no figure", s)
		}
	})
}
