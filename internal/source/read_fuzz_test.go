package source

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"
)

// FuzzRead feeds damaged workbooks to Read: it must report, never panic.
func FuzzRead(f *testing.F) {
	valid := xlsx(f, sheet{name: "2023年", rows: [][]any{{"专业镇", "工业产值（亿元）"}, {"甲镇", "1,250"}, {"合计", 1250}}})
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte{})
	f.Add(zipOf(f, map[string]string{
		"xl/workbook.xml":            `<workbook><sheets><sheet name="2023" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>`,
	}))
	cfg := testConfig()
	f.Fuzz(func(t *testing.T, book []byte) {
		data, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, cfg)
		if data == nil {
			t.Fatal("nil data")
		}
		for _, p := range problems {
			if p.Loc.File != "data/x.xlsx" {
				t.Fatalf("problem outside the workbook: %v", p)
			}
		}
	})
}

// FuzzReadSheetXML fuzzes the XML of a sheet inside a well-formed package,
// where the reader's own row and cell handling is reached.
func FuzzReadSheetXML(f *testing.F) {
	f.Add(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>专业镇</t></is></c><c r="B1" t="inlineStr"><is><t>工业产值（亿元）</t></is></c></row>`+
		`<row r="3"><c r="A3" t="inlineStr"><is><t>甲镇</t></is></c><c r="B3" s="1"><v>45047</v></c></row>`+
		`<row r="4"><c r="A4" t="inlineStr"><is><t>乙镇</t></is></c><c r="B4" t="e"><f>1/0</f><v>#DIV/0!</v></c></row></sheetData></worksheet>`, `<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`)
	f.Add(`<worksheet><sheetData><row r="2"><c r="ZZ2" t="s"><v>7</v></c><c><v>1</v></c></row><row><c r="A1048577"/></row></sheetData></worksheet>`, `<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy"/></numFmts><cellXfs><xf numFmtId="164"/></cellXfs></styleSheet>`)
	// Damaged sheets, each of which excelize's row iterator cut short
	// without a word: an undefined entity, a mismatched tag, a raw '<', a
	// DOCTYPE, a cell written twice or out of order, a cell in the wrong
	// row, rows out of order, a cut file; and a dimension past the last
	// row, which is not damage.
	styles := `<styleSheet><cellXfs><xf numFmtId="0"/></cellXfs></styleSheet>`
	head := `<worksheet><dimension ref="A1:B4"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>专业镇</t></is></c><c r="B1" t="inlineStr"><is><t>工业产值</t></is></c></row>`
	town := func(r int, v string) string {
		return fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>镇%d</t></is></c><c r="B%d"><v>%s</v></c></row>`, r, r, r, r, v)
	}
	tail := `</sheetData></worksheet>`
	for _, damaged := range []string{
		head + town(2, "1&nbsp;2") + town(3, "3") + town(4, "4") + tail,
		head + town(2, "1") + `<row r="3"><c r="A3"><v>1</c></v></row>` + town(4, "4") + tail,
		head + town(2, "1<2") + town(3, "3") + town(4, "4") + tail,
		`<!DOCTYPE worksheet [<!ENTITY e "9">]>` + head + town(2, "&e;") + town(3, "3") + town(4, "4") + tail,
		head + `<row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2"><v>1</v></c><c r="B2"><v>2</v></c></row>` + town(3, "3") + tail,
		head + `<row r="2"><c r="B2"><v>1</v></c><c r="A2" t="inlineStr"><is><t>甲</t></is></c></row>` + tail,
		head + `<row r="2"><c r="A3" t="inlineStr"><is><t>甲</t></is></c></row>` + tail,
		head + town(3, "3") + town(2, "2") + town(4, "4") + tail,
		head + town(2, "2") + tail,
		head + town(2, "2") + `<row r="3"><c r="A3" t="inlineStr"><is><t>甲`,
		head + town(2, "2") + `<row r="3"><c r="A3" t="s"><v>99</v></c></row>` + tail,
	} {
		f.Add(damaged, styles)
	}
	cfg := testConfig()
	f.Fuzz(func(t *testing.T, sheetXML, stylesXML string) {
		book := zipOf(t, map[string]string{
			"[Content_Types].xml":        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
			"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
			"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="2023年" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml":   sheetXML,
			"xl/styles.xml":              stylesXML,
		})
		data, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, cfg)
		if data == nil {
			t.Fatal("nil data")
		}
		for _, p := range problems {
			if p.Loc.File != "data/x.xlsx" || p.Msg == "" {
				t.Fatalf("problem without a place or a message: %v", p)
			}
		}
		// A sheet read without a word must be read whole: every row the
		// XML holds under <sheetData> is one the reader saw.
		if !problems.HasErrors() {
			rows := newSheetRows(strings.NewReader(sheetXML), nil, excelize.NewFile().CharsetReader)
			for rows.next() {
			}
			if rows.fault != nil {
				t.Fatalf("Read reported no error, but the sheet has a fault: %+v", rows.fault)
			}
		}
	})
}
