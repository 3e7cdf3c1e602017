package source

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/diag"
)

// Sheets whose XML is damaged. excelize's row iterator stops at the first
// XML error without a word, so a workbook like these passed `check -strict`
// with most of its towns' values missing. Each is written as a real
// workbook with excelize, then its sheet XML is damaged in the zip.

// sixTownsBook is a 2023年 sheet of six towns with two indicators.
func sixTownsBook(t testing.TB) []byte {
	rows := [][]any{{"专业镇", "工业产值（亿元）", "新增投资（亿元）"}}
	for i, name := range []string{"甲镇", "乙镇", "丙镇", "丁镇", "戊镇", "己镇"} {
		rows = append(rows, []any{name, 10.5 + float64(i), i + 1})
	}
	return xlsx(t, sheet{name: "2023年", rows: rows})
}

// rewritePart is book with one part's bytes edited and every other
// entry copied as it was, compressed bytes and all (the read cache's
// keys are of the stored bytes).
func rewritePart(t testing.TB, book []byte, part string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, zf := range zr.File {
		if zf.Name != part {
			if err := zw.Copy(zf); err != nil {
				t.Fatal(err)
			}
			continue
		}
		found = true
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		edited := edit(string(b))
		if edited == string(b) {
			t.Fatalf("rewritePart: the edit changed nothing in %s:\n%s", part, b)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zf.Method})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, edited)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("rewritePart: no part %s", part)
	}
	return out.Bytes()
}

func sub(re, repl string) func(string) string {
	return func(s string) string { return regexp.MustCompile(re).ReplaceAllString(s, repl) }
}

func TestDamagedSheetXMLIsAnError(t *testing.T) {
	const sheet1 = "xl/worksheets/sheet1.xml"
	for _, c := range []struct {
		name, part string
		edit       func(string) string
		loc, what  string
	}{
		{"undefined entity", sheet1, sub(`<v>13.5</v>`, `<v>13&nbsp;5</v>`), "data/x.xlsx:2023年!B5", "invalid character entity &nbsp;"},
		{"mismatched tag", sheet1, sub(`(<c r="C4"><v>3)</v></c>`, `$1</c></v>`), "data/x.xlsx:2023年!C4", "</c> where </v> was expected"},
		{"raw <", sheet1, sub(`<v>13.5</v>`, `<v>13<5</v>`), "data/x.xlsx:2023年!B5", "line 2"},
		{"DOCTYPE", sheet1, sub(`\?>`, `?><!DOCTYPE worksheet [<!ENTITY n "0">]>`), "data/x.xlsx:2023年!A1", "<!DOCTYPE> declaration"},
		{"duplicate cell", sheet1, sub(`(<c r="B3"><v>[^<]*</v></c>)`, `$1$1`), "data/x.xlsx:2023年!B3", "cell B3 is written twice"},
		{"cell out of order", sheet1, sub(`(<c r="B3"><v>[^<]*</v></c>)(<c r="C3"><v>[^<]*</v></c>)`, `$2$1`), "data/x.xlsx:2023年!B3", "cell B3 comes after C3"},
		{"cell in another row", sheet1, sub(`<c r="C4">`, `<c r="C5">`), "data/x.xlsx:2023年!C4", "cell C5 is inside row 4"},
		{"row twice", sheet1, sub(`<row r="5"`, `<row r="4"`), "data/x.xlsx:2023年!A4", "row 4 comes after row 4"},
		{"cut short", sheet1, func(s string) string { return s[:strings.Index(s, `<row r="4"`)+20] }, "data/x.xlsx:2023年!A4", "unexpected EOF"},
		{"shared strings", "xl/sharedStrings.xml", sub(`<t>丙镇</t>`, `<t>丙&nbsp;镇</t>`), "data/x.xlsx", "invalid character entity &nbsp;"},
	} {
		t.Run(c.name, func(t *testing.T) {
			book := rewritePart(t, sixTownsBook(t), c.part, c.edit)
			data, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, testConfig())
			wantError(t, problems, c.loc, c.what)
			if len(data.Values) == 6 && c.part == sheet1 {
				t.Errorf("all six towns read from a damaged sheet")
			}
		})
	}
	// The undamaged workbook reads whole, so that the cases above test the
	// damage and not the workbook.
	data, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: sixTownsBook(t)}}, testConfig())
	if len(problems) > 0 || len(data.Values) != 6 {
		t.Fatalf("the undamaged workbook: %d values; %v", len(data.Values), problems)
	}
}

// TestLargerDimensionIsNotDamage: LibreOffice writes <dimension
// ref="A1:C1048576"> when a whole column is formatted, Google Sheets its
// whole grid; the rows are all there.
func TestLargerDimensionIsNotDamage(t *testing.T) {
	book := rewritePart(t, sixTownsBook(t), "xl/worksheets/sheet1.xml", sub(`<dimension ref="A1">`, `<dimension ref="A1:C1048576">`))
	data, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, testConfig())
	if len(problems) > 0 || len(data.Values) != 6 {
		t.Errorf("%d towns; %v", len(data.Values), problems)
	}
}

// TestByteOrderMarkIsNotDamage: a UTF-8 byte-order mark before the XML
// declaration is allowed.
func TestByteOrderMarkIsNotDamage(t *testing.T) {
	book := rewritePart(t, sixTownsBook(t), "xl/worksheets/sheet1.xml", func(s string) string { return "\ufeff" + s })
	book = rewritePart(t, book, "xl/sharedStrings.xml", func(s string) string { return "\ufeff" + s })
	data, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, testConfig())
	if len(problems) > 0 || len(data.Values) != 6 {
		t.Errorf("%d towns; %v", len(data.Values), problems)
	}
}

// TestDamagedSheetKeepsRowsBeforeFault checks that a fault halfway is
// reported even though the rows before it were read: a build must not
// publish the two towns that survived as if they were the six.
func TestDamagedSheetKeepsRowsBeforeFault(t *testing.T) {
	book := rewritePart(t, sixTownsBook(t), "xl/worksheets/sheet1.xml", sub(`<v>12.5</v>`, `<v>12.5&nbsp;</v>`))
	data, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, testConfig())
	if len(data.Values) != 2 {
		t.Errorf("read %d towns before the fault in row 4; want 2", len(data.Values))
	}
	if !problems.HasErrors() {
		t.Fatalf("no error for a sheet cut at row 4 of 7")
	}
	wantError(t, problems, "data/x.xlsx:2023年!B4", "the sheet's later rows are missing")
	// In Chinese too, the tokenizer's own words kept as they are.
	if zh := problems.In(diag.Zh); !strings.Contains(zh, "data/x.xlsx:2023年!B4: 工作表的 XML 在这个单元格处损坏（第 2 行：invalid character entity &nbsp;）；从这里起的内容都无法读取") {
		t.Errorf("in Chinese:\n%s", zh)
	}
	book = rewritePart(t, sixTownsBook(t), "xl/worksheets/sheet1.xml", sub(`(<c r="B3"><v>[^<]*</v></c>)`, `$1$1`))
	_, problems = Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, testConfig())
	if zh := problems.In(diag.Zh); !strings.Contains(zh, "（单元格 B3 写了两次）") {
		t.Errorf("in Chinese:\n%s", zh)
	}
}

// TestSheetRowsMatchExcelize reads workbooks written by excelize with both
// the reader's own sheet stream and excelize's row iterator: on sound
// XML they must agree cell for cell.
func TestSheetRowsMatchExcelize(t *testing.T) {
	books := map[string][]byte{
		"messy":     messyWorkbook(t),
		"six towns": sixTownsBook(t),
		"wide":      xlsx(t, sheet{name: "2023年", rows: [][]any{{"a", nil, nil, "d"}, nil, {nil, 1.25, "_x0041_ und _x005F_x0041_", true}}}),
	}
	for name, book := range books {
		t.Run(name, func(t *testing.T) { compareWithExcelize(t, book) })
	}
}

// compareWithExcelize checks every sheet of book.
func compareWithExcelize(t *testing.T, book []byte) {
	t.Helper()
	wb, err := excelize.OpenReader(bytes.NewReader(book), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	b := &workbook{fsys: fstest.MapFS{"x.xlsx": {Data: book}}, file: "x.xlsx", wb: wb}
	if b.sst, err = b.sharedStrings(); err != nil {
		t.Fatal(err)
	}
	sheets, err := findSheets(wb)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(sheets), len(wb.GetSheetList()); got != want {
		t.Fatalf("%d sheets found; excelize lists %d", got, want)
	}
	for i, sh := range sheets {
		if sh.name != wb.GetSheetList()[i] {
			t.Fatalf("sheet %d is %q; excelize says %q", i, sh.name, wb.GetSheetList()[i])
		}
		want, err := wb.GetRows(sh.name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		r, err := b.openPart(sh.part)
		if err != nil {
			t.Fatal(err)
		}
		rows := newSheetRows(r, b.sst, wb.CharsetReader)
		var got [][]string
		for rows.next() {
			for len(got) < rows.row-1 {
				got = append(got, nil)
			}
			var dense []string
			for _, c := range rows.cells {
				for len(dense) < c.col {
					dense = append(dense, "")
				}
				dense = append(dense, c.text)
			}
			got = append(got, dense)
		}
		r.Close()
		if rows.fault != nil {
			t.Fatalf("%s: fault in a sound sheet: %+v", sh.name, rows.fault)
		}
		// excelize keeps empty trailing cells and rows of formatting only.
		for len(want) > 0 && strings.Join(want[len(want)-1], "") == "" {
			want = want[:len(want)-1]
		}
		for len(got) > 0 && strings.Join(got[len(got)-1], "") == "" {
			got = got[:len(got)-1]
		}
		for i := range want {
			for len(want[i]) > 0 && want[i][len(want[i])-1] == "" {
				want[i] = want[i][:len(want[i])-1]
			}
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Errorf("%s:\n got %q\nwant %q", sh.name, got, want)
		}
	}
}

func TestParseCellRef(t *testing.T) {
	for _, c := range []struct {
		ref      string
		col, row int
		ok       bool
	}{
		{"A1", 0, 1, true}, {"b2", 1, 2, true}, {"XFD1048576", 16383, 1048576, true}, {"AA10", 26, 10, true},
		{"A0", 0, 0, false}, {"1A", 0, 0, false}, {"A", 0, 0, false}, {"ABCD1", 0, 0, false}, {"A1B", 0, 0, false}, {"", 0, 0, false}, {"A12345678", 0, 0, false},
	} {
		col, row, ok := parseCellRef(c.ref)
		if ok != c.ok || (ok && (col != c.col || row != c.row)) {
			t.Errorf("parseCellRef(%q) = %d, %d, %v; want %d, %d, %v", c.ref, col, row, ok, c.col, c.row, c.ok)
		}
	}
}

func TestUnescapeOOXML(t *testing.T) {
	for in, want := range map[string]string{
		"plain":               "plain",
		"a_x0041_b":           "aAb",
		"_x005F_x0041_":       "_x0041_",
		"_x00":                "_x00",
		"_x00zz_ and _x0001_": "_x00zz_ and \x01",
		"_xD800_":             "",
	} {
		if got := unescapeOOXML(in); got != want {
			t.Errorf("unescapeOOXML(%q) = %q; want %q", in, got, want)
		}
	}
}
