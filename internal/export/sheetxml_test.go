package export

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// withExcelizeRows runs make with the rows written by excelize's
// StreamWriter, as before sheetRows, and restores the switch.
func withExcelizeRows(t *testing.T, make func() ([]byte, error)) []byte {
	t.Helper()
	xmlRows = false
	defer func() { xmlRows = true }()
	b, err := make()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sheetRows writes the rows excelize would write, to the byte: every
// workbook of the test site, and a table of awkward texts and numbers, are
// the same bytes either way.
func TestSheetXMLMatchesExcelize(t *testing.T) {
	site := testSite(t)
	awkward := &Table{
		Name: "awkward", Title: "awkward", Missing: "—", TotalRows: map[int]bool{2: true},
		Columns: []Column{{Name: "t", Title: "t", Type: "string"}, {Name: "n", Title: "n", Type: "number", Decimals: 2}, {Name: "i", Title: "i", Type: "integer"}},
	}
	texts := []string{"", "plain", "Xi'an", `say "hi" & <b>`, " lead", "trail ", "\tTab", "two\nlines", "cr\r", "bell\x07", "\ufffe\uffff", "emoji 😀", "\ue000private", "中文，全角", strings.Repeat("长", 2000), "=1+2", "a\u2028b"}
	nums := []float64{0, -0.0, 1.005, -3.5, 123456789.125, 1e20, 12345678901234567, 0.1 + 0.2, math.NaN(), math.Inf(1), math.Inf(-1), 2.675, 1e-7}
	for i := range max(len(texts), len(nums)) {
		row := []Cell{Text(texts[i%len(texts)]), Num(nums[i%len(nums)], i%5), Int(i * 1000)}
		if i%4 == 3 {
			row[1], row[2] = NoNum(), NoNum()
		}
		awkward.Rows = append(awkward.Rows, row)
	}
	plainMissing := *awkward
	plainMissing.Name, plainMissing.Sheet, plainMissing.Missing = "plain", "plain", ""
	escaped := &Table{Name: "escaped", Title: "escaped", Columns: []Column{{Name: "t", Title: "t"}},
		Rows: [][]Cell{{Text("_x0041_ as excelize escapes it")}, {Text("ok")}}} // written by excelize, as before
	workbooks := map[string]func() ([]byte, error){
		"data": func() ([]byte, error) { return DataWorkbook(site) },
		"town": func() ([]byte, error) { return TownWorkbook(site, site.Town("vinegar")) },
		"tables": func() ([]byte, error) {
			return Workbook(Props{Time: "2024-12-31T00:00:00Z"}, []*Table{awkward, &plainMissing, escaped})
		},
	}
	for _, code := range []string{"zh-CN", "en"} {
		rep := &Report{Site: site, Lang: lang(t, code), Year: 2024}
		workbooks["report "+code] = func() ([]byte, error) { return Workbook(rep.Props(), rep.Tables()) }
	}
	for name, make := range workbooks {
		got, err := make()
		if err != nil {
			t.Fatal(err)
		}
		want := withExcelizeRows(t, make)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the workbook differs from excelize's own rows", name)
		}
		open(t, got)
	}
	if fastText("_x0041_") || !fastText("plain") || fastText(string([]byte{0xff})) {
		t.Errorf("fastText misjudges")
	}
}
