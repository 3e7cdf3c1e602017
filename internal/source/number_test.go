package source

import (
	"errors"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		v    float64
		unit string
		ok   bool
		err  string // the error's text; "" for none
	}{
		{in: "19.9", v: 19.9, ok: true},
		{in: "0", v: 0, ok: true},
		{in: "-0", v: 0, ok: true},
		{in: "1,234.5", v: 1234.5, ok: true},
		{in: "1，234", v: 1234, ok: true},
		{in: "12,345,678", v: 12345678, ok: true},
		{in: "１２３．４", v: 123.4, ok: true},
		{in: "  7 ", v: 7, ok: true},
		{in: "\u00a07.5\u00a0", v: 7.5, ok: true},
		{in: "\u30008\u3000", v: 8, ok: true},
		{in: "\u200b9", v: 9, ok: true},
		{in: "19.9亿元", v: 19.9, unit: "亿元", ok: true},
		{in: "19.9 亿元", v: 19.9, unit: "亿元", ok: true},
		{in: "32.6%", v: 32.6, unit: "%", ok: true},
		{in: "32.6％", v: 32.6, unit: "%", ok: true},
		{in: "+3", v: 3, ok: true},
		{in: "-2.5", v: -2.5, ok: true},
		{in: "−2.5", v: -2.5, ok: true},
		{in: "－2.5", v: -2.5, ok: true},
		{in: "1.99E+1", v: 19.9, ok: true},
		{in: "1.99e1", v: 19.9, ok: true},
		{in: "2E-3", v: 0.002, ok: true},
		{in: ".5", v: 0.5, ok: true},
		{in: "5.", v: 5, ok: true},
		{in: "19.899999999999999", v: 19.9, ok: true},
		{in: "1250户", v: 1250, unit: "户", ok: true},

		{in: ""},
		{in: "   "},
		{in: "—"},
		{in: "——"},
		{in: "–"},
		{in: "-"},
		{in: "--"},
		{in: "/"},
		{in: "／"},
		{in: "…"},
		{in: "……"},
		{in: "..."},
		{in: "N/A"},
		{in: "n/a"},
		{in: "NA"},
		{in: "无数据"},
		{in: "暂无"},

		{in: "12k", err: `"12k" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "abc", err: `"abc" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "2023-05-01", err: `"2023-05-01" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "1,2", err: `"1,2" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "1234,567", err: `"1234,567" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: ",123", err: `",123" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "1.2.3", err: `"1.2.3" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "1 234", err: `"1 234" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "Inf", err: `"Inf" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "NaN", err: `"NaN" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "0x10", err: `"0x10" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "1e", err: `"1e" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "%", err: `"%" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "亿元", err: `"亿元" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "5%%", err: `"5%%" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "无", err: `"无" is not a number (expected a number such as 19.9, or — for no data)`},
		{in: "1e999", err: `"1e999" ` + outOfRange.En},
		{in: "1e15", err: `"1e15" ` + outOfRange.En},
		{in: "1e-13", err: `"1e-13" ` + outOfRange.En},
		{in: "1000000000000000", err: `"1000000000000000" ` + outOfRange.En},
		{in: "999999999999999", v: 999999999999999, ok: true},
		{in: "0.30000000000000004", v: 0.3, ok: true},
		{in: "#DIV/0!", err: `formula error #DIV/0! (fix the formula, or type — for no data)`},
		{in: "#REF!", err: `formula error #REF! (fix the formula, or type — for no data)`},
		{in: "#N/A", err: `formula error #N/A (fix the formula, or type — for no data)`},
	}
	for _, tt := range tests {
		v, unit, ok, err := ParseNumberUnit(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseNumberUnit(%q): error %v, want %s", tt.in, err, tt.err)
			}
			var ne *NumberError
			if !errors.As(err, &ne) {
				t.Errorf("ParseNumberUnit(%q): error %T, want *NumberError", tt.in, err)
			}
			continue
		}
		if err != nil || v != tt.v || unit != tt.unit || ok != tt.ok {
			t.Errorf("ParseNumberUnit(%q) = %v, %q, %v, %v; want %v, %q, %v", tt.in, v, unit, ok, err, tt.v, tt.unit, tt.ok)
		}
		if v2, ok2, err2 := ParseNumber(tt.in); v2 != v || ok2 != ok || err2 != nil {
			t.Errorf("ParseNumber(%q) disagrees with ParseNumberUnit", tt.in)
		}
	}
}

func TestParseYear(t *testing.T) {
	tests := []struct {
		in   string
		year int
		ok   bool
		bad  bool
	}{
		{"2023", 2023, true, false},
		{"2023年", 2023, true, false},
		{"2023年度", 2023, true, false},
		{"2023.0", 2023, true, false},
		{"２０２３", 2023, true, false},
		{" 2023 ", 2023, true, false},
		{"2.023E+3", 2023, true, false},
		{"", 0, false, false},
		{"—", 0, false, false},
		{"2023.5", 0, false, true},
		{"1899", 0, false, true},
		{"2201", 0, false, true},
		{"23", 0, false, true},
		{"2023年6月", 0, false, true},
		{"二〇二三", 0, false, true},
		{"2023亿元", 0, false, true},
	}
	for _, tt := range tests {
		y, ok, err := ParseYear(tt.in)
		if (err != nil) != tt.bad || y != tt.year || ok != tt.ok {
			t.Errorf("ParseYear(%q) = %d, %v, %v; want %d, %v, error %v", tt.in, y, ok, err, tt.year, tt.ok, tt.bad)
		}
	}
	for in, want := range map[string]int{"2023年6月": 2023, "2023年6月1日": 2023, "2023-06-01": 2023, "2023/6": 2023, "2023.6": 2023, "2022": 2022} {
		if y, ok, err := parseRecognised(in); y != want || !ok || err != nil {
			t.Errorf("parseRecognised(%q) = %d, %v, %v; want %d", in, y, ok, err, want)
		}
	}
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"工业产值（亿元）":     "工业产值(亿元)",
		" 工业 产值\n":     "工业产值",
		"ＯＵＴＰＵＴ":       "output",
		"English Name": "englishname",
		"县（市、区）":       "县(市、区)",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsNoteIsTotal(t *testing.T) {
	for _, s := range []string{"注：除清徐老陈醋外均为示例数据", "注:", "注", "注1：", "说明：", "备注", "数据来源：市统计局", "资料来源:", "Note: sample", "NOTES"} {
		if !isNote(s) {
			t.Errorf("isNote(%q) = false", s)
		}
	}
	for _, s := range []string{"注塑专业镇", "清徐老陈醋专业镇", "Notebook town", ""} {
		if isNote(s) {
			t.Errorf("isNote(%q) = true", s)
		}
	}
	for _, s := range []string{"合计", "合 计", "总计", "小计", "全市", "Total", "全市合计", "县级小计"} {
		if !isTotal(s) {
			t.Errorf("isTotal(%q) = false", s)
		}
	}
	for _, s := range []string{"清徐老陈醋专业镇", "全市通", ""} {
		if isTotal(s) {
			t.Errorf("isTotal(%q) = true", s)
		}
	}
}

func TestIsDateFormat(t *testing.T) {
	tests := []struct {
		id   int
		code string
		want bool
	}{
		{0, "", false}, {2, "", false}, {10, "", false}, {14, "", true}, {22, "", true}, {31, "", true}, {58, "", true},
		{164, "General", false}, {164, `0.0"亿元"`, false}, {164, `0"年"`, false}, {164, `#,##0.00_);[Red](#,##0.00)`, false},
		{164, "0.00E+00", false}, {164, `yyyy"年"m"月"d"日"`, true}, {164, "[$-804]yyyy年m月d日", true},
		{164, "m/d", true}, {164, "[h]:mm", true}, {164, `[DBNum1][$-804]G/通用格式`, false}, {164, `\d0`, false},
	}
	for _, tt := range tests {
		if got := isDateFormat(tt.id, tt.code); got != tt.want {
			t.Errorf("isDateFormat(%d, %q) = %v, want %v", tt.id, tt.code, got, tt.want)
		}
	}
}

func BenchmarkParseNumber(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ParseNumber("19.899999999999999")
		ParseNumber("1,250")
	}
}
