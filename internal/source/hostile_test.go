package source

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/townpress/townpress/internal/diag"
)

// Workbooks that are broken or built to hurt. Each must give a clear error
// at its file (and cell, when there is one), never a panic or a hang.

// sheetBook is a well-formed package whose one sheet, named 2023年, is
// sheetXML (its <sheetData> content), with styles for a date format.
func sheetBook(t testing.TB, sheetData string) []byte {
	t.Helper()
	return zipOf(t, map[string]string{
		"[Content_Types].xml":        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="2023年" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`,
		"xl/styles.xml":              `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
	})
}

func is(r, c int, s string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, cellName(c, r), s)
}

func num(r, c int, v string) string { return fmt.Sprintf(`<c r="%s"><v>%s</v></c>`, cellName(c, r), v) }

const hostileHeader = `<row r="1">` + `<c r="A1" t="inlineStr"><is><t>专业镇</t></is></c><c r="B1" t="inlineStr"><is><t>工业产值（亿元）</t></is></c></row>`

// readHostile reads one workbook, failing the test if Read takes so long
// that it would look like a hang to a user.
func readHostile(t *testing.T, book []byte) (*Data, diag.List) {
	t.Helper()
	type result struct {
		data     *Data
		problems diag.List
	}
	done := make(chan result, 1)
	go func() {
		d, p := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, testConfig())
		done <- result{d, p}
	}()
	select {
	case r := <-done:
		return r.data, r.problems
	case <-time.After(2 * time.Minute):
		t.Fatal("Read did not return: it hangs on this workbook")
		return nil, nil
	}
}

// wantError checks that some error names loc (file, or file:sheet!cell) and
// says what.
func wantError(t *testing.T, problems diag.List, loc, what string) {
	t.Helper()
	for _, p := range problems {
		if p.Severity == diag.Error && p.Loc.String() == loc && strings.Contains(p.Msg, what) {
			return
		}
	}
	t.Errorf("want an error at %s saying %q; got:\n%s", loc, what, problems)
}

func TestHostileNotAZip(t *testing.T) {
	_, problems := readHostile(t, []byte("This is a text file renamed to .xlsx\n"))
	wantError(t, problems, "data/x.xlsx", "not an Excel .xlsx workbook")
}

func TestHostileTruncatedZip(t *testing.T) {
	book := sheetBook(t, hostileHeader+`<row r="2">`+is(2, 0, "甲镇")+num(2, 1, "1")+`</row>`)
	for _, n := range []int{len(book) / 3, len(book) - 30, 4} {
		_, problems := readHostile(t, book[:n])
		wantError(t, problems, "data/x.xlsx", "not an Excel .xlsx workbook")
	}
}

func TestHostileZipBomb(t *testing.T) {
	defer func(n int64) { maxUnzipBytes = n }(maxUnzipBytes)
	maxUnzipBytes = 8 << 20
	// 16 MB of one repeated row compresses to a few kilobytes.
	row := `<row>` + is(0, 0, "甲镇") + num(0, 1, "1") + `</row>`
	book := sheetBook(t, hostileHeader+strings.Repeat(row, (16<<20)/len(row)))
	if len(book) > 1<<20 {
		t.Fatalf("the bomb is %d bytes; it should be small", len(book))
	}
	_, problems := readHostile(t, book)
	wantError(t, problems, "data/x.xlsx", "unpacks to more than 8 MB")
}

func TestHostileMillionFormattedRows(t *testing.T) {
	var b strings.Builder
	b.WriteString(hostileHeader)
	b.WriteString(`<row r="2">` + is(2, 0, "甲镇") + num(2, 1, "19.9") + `</row>`)
	// Formatting applied to whole rows down to Excel's last row leaves a
	// million empty rows in the file.
	for r := 3; r <= 1_000_000; r++ {
		fmt.Fprintf(&b, `<row r="%d" s="1" customFormat="1"/>`, r)
	}
	data, problems := readHostile(t, sheetBook(t, b.String()))
	if problems.HasErrors() || len(data.Values) != 1 || data.Values[0].Values[ind("output")].V != 19.9 {
		t.Errorf("the one data row should be read and the empty rows passed over; got %d values, %v", len(data.Values), problems)
	}
}

func TestHostileHundredThousandColumns(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<row r="1">`)
	for c := range 100_000 {
		b.WriteString(`<c t="inlineStr"><is><t>x</t></is></c>`)
		_ = c
	}
	b.WriteString(`</row>`)
	_, problems := readHostile(t, sheetBook(t, b.String()))
	if !problems.HasErrors() {
		t.Fatalf("100,000 columns should be an error; got %v", problems)
	}
	found := false
	for _, p := range problems {
		if strings.Contains(p.Msg, "columns") || strings.Contains(p.Msg, "column number exceeds") {
			found = p.Loc.File == "data/x.xlsx" && p.Loc.Sheet == "2023年"
		}
	}
	if !found {
		t.Errorf("want an error at the sheet about its columns; got:\n%s", problems)
	}
}

func TestHostileMegabyteCell(t *testing.T) {
	big := strings.Repeat("镇", 1<<20/3)
	book := sheetBook(t, hostileHeader+`<row r="2">`+is(2, 0, big)+num(2, 1, "1")+`</row>`+
		`<row r="3">`+is(3, 0, "乙镇")+is(3, 1, strings.Repeat("9", 1<<20))+`</row>`)
	data, problems := readHostile(t, book)
	wantError(t, problems, "data/x.xlsx:2023年!A2", "more than Excel's limit of 32767")
	wantError(t, problems, "data/x.xlsx:2023年!B3", "more than Excel's limit of 32767")
	for _, v := range data.Values {
		if len(v.Town.S) > maxCellChars {
			t.Errorf("a 1 MB town name was kept")
		}
	}
}

func TestHostileControlCharacters(t *testing.T) {
	// XML 1.0 cannot hold U+0001 or U+001B even as a reference; excelize's
	// row iterator dropped the rest of the sheet without a word.
	for _, c := range []struct{ ref, code string }{{"&#1;", "U+0001"}, {"&#x1B;[31m", "U+001B"}} {
		book := sheetBook(t, hostileHeader+`<row r="2">`+is(2, 0, "甲"+c.ref+"镇")+num(2, 1, "1")+`</row>`)
		_, problems := readHostile(t, book)
		wantError(t, problems, "data/x.xlsx:2023年!A2", "illegal character code "+c.code)
	}
	for _, c := range []string{"&#127;", "&#x85;", "&#x9F;"} {
		book := sheetBook(t, hostileHeader+`<row r="2">`+is(2, 0, "甲"+c+"镇")+num(2, 1, "1")+`</row>`)
		data, problems := readHostile(t, book)
		wantError(t, problems, "data/x.xlsx:2023年!A2", "control character")
		for _, v := range data.Values {
			if _, bad := controlChar(v.Town.S); bad {
				t.Errorf("%s: a town name with a control character was kept: %q", c, v.Town.S)
			}
		}
	}
	// Excel's own escape for characters XML cannot hold, _x0001_, is read
	// by excelize back into the character, and caught the same way.
	book := sheetBook(t, hostileHeader+`<row r="2">`+is(2, 0, "甲_x0001_镇")+num(2, 1, "1")+`</row>`)
	_, problems := readHostile(t, book)
	wantError(t, problems, "data/x.xlsx:2023年!A2", "control character U+0001")
}

func TestHostileDatesWhereNumbersBelong(t *testing.T) {
	// 45047 in a date-formatted cell is 2023-05-01, typed as 5-1 or 5/1.
	book := sheetBook(t, hostileHeader+`<row r="2">`+is(2, 0, "甲镇")+`<c r="B2" s="1"><v>45047</v></c></row>`+
		`<row r="3">`+is(3, 0, "乙镇")+is(3, 1, "2023-05-01")+`</row>`)
	data, problems := readHostile(t, book)
	wantError(t, problems, "data/x.xlsx:2023年!B2", "the date 2023-05-01, not a number")
	wantError(t, problems, "data/x.xlsx:2023年!B3", "工业产值")
	for _, v := range data.Values {
		if n, ok := v.Value(ind("output")); ok && n.Valid {
			t.Errorf("%s: a date was read as the number %v", v.Town.S, n.V)
		}
	}
}

func TestHostileDuplicateHeaders(t *testing.T) {
	book := sheetBook(t, `<row r="1">`+is(1, 0, "专业镇")+is(1, 1, "工业产值（亿元）")+is(1, 2, "产值")+is(1, 3, "专业镇")+`</row>`+
		`<row r="2">`+is(2, 0, "甲镇")+num(2, 1, "1")+num(2, 2, "2")+is(2, 3, "乙镇")+`</row>`)
	_, problems := readHostile(t, book)
	wantError(t, problems, "data/x.xlsx:2023年!C1", "duplicate column")
	wantError(t, problems, "data/x.xlsx:2023年!D1", "duplicate column")
}

func TestHostileFormulaErrors(t *testing.T) {
	for _, e := range []string{"#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?"} {
		book := sheetBook(t, hostileHeader+`<row r="2">`+is(2, 0, "甲镇")+`<c r="B2" t="e"><f>A1/0</f><v>`+e+`</v></c></row>`)
		data, problems := readHostile(t, book)
		wantError(t, problems, "data/x.xlsx:2023年!B2", e)
		for _, v := range data.Values {
			if n, ok := v.Value(ind("output")); ok && n.Valid {
				t.Errorf("%s was read as %v", e, n.V)
			}
		}
	}
}

func TestHostileZipWithoutWorkbook(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte("<document/>"))
	zw.Close()
	_, problems := readHostile(t, buf.Bytes())
	wantError(t, problems, "data/x.xlsx", "not an Excel .xlsx workbook")
}

func TestHostileSparseWideRows(t *testing.T) {
	// Every data row also has a cell in column XFD; one of them holds a
	// control character, which is still reported though the column is
	// far right of the table.
	book := rewritePart(t, sparseWideBook(t, 200), "xl/worksheets/sheet1.xml", sub(`<c r="XFD7" t="inlineStr"><is><t>x</t>`, `<c r="XFD7" t="inlineStr"><is><t>x&#x7f;</t>`))
	data, problems := readHostile(t, book)
	wantError(t, problems, "data/x.xlsx:2023年!XFD7", "control character U+007F")
	if len(data.Values) != 200 {
		t.Errorf("read %d towns of 200", len(data.Values))
	}
	for _, v := range data.Values {
		if n := v.Values[ind("output")]; !n.Valid || n.V != 1.5 {
			t.Fatalf("%s: output %+v, want 1.5", v.Town.S, n)
		}
	}
}

// TestReadLargeParts reads a workbook whose sheet and shared strings are
// larger than maxXMLInMemory, which excelize keeps in temporary files: the
// reader streams them from the zip instead.
func TestReadLargeParts(t *testing.T) {
	defer func(n int64) { maxXMLInMemory = n }(maxXMLInMemory)
	maxXMLInMemory = 200
	data, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: sixTownsBook(t)}}, testConfig())
	if len(problems) > 0 || len(data.Values) != 6 || data.Values[5].Town.S != "己镇" || data.Values[5].Values[ind("output")].V != 15.5 {
		t.Fatalf("%d values (%+v); %v", len(data.Values), data.Values, problems)
	}
	book := rewritePart(t, sixTownsBook(t), "xl/worksheets/sheet1.xml", sub(`<v>13.5</v>`, `<v>13&nbsp;5</v>`))
	_, problems = Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, testConfig())
	wantError(t, problems, "data/x.xlsx:2023年!B5", "invalid character entity &nbsp;")
}
