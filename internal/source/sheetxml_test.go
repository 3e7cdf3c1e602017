package source

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readRow is a row as a row reader gave it to the sheet reader.
type readRow struct {
	n     int
	cells []string
}

// rowsBoth reads the first sheet of book with the fast reader and with
// excelize's; fast is nil when the fast reader gave up.
func rowsBoth(t testing.TB, book []byte) (fast, slow []readRow, fastProblems, slowProblems string) {
	t.Helper()
	wb, err := excelize.OpenReader(bytes.NewReader(book), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Skip("not a workbook:", err)
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		t.Skip("no sheets")
	}
	book1 := &workbook{file: "x.xlsx", wb: wb}
	collect := func(out *[]readRow) func(int, []string) bool {
		return func(n int, cells []string) bool {
			*out = append(*out, readRow{n, append([]string(nil), cells...)})
			return true
		}
	}
	s := &sheetReader{workbook: book1, sheet: sheets[0]}
	if !s.fastRows(collect(&fast)) {
		fast = nil
	} else if fast == nil {
		fast = []readRow{}
	}
	fastProblems = s.problems.Error()
	s = &sheetReader{workbook: &workbook{file: "x.xlsx", wb: wb}, sheet: sheets[0]}
	s.eachRow(collect(&slow))
	return fast, slow, fastProblems, s.problems.Error()
}

func sstBook(t testing.TB, sheetXML, sst string) []byte {
	parts := map[string]string{
		"[Content_Types].xml":        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="2023年" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   sheetXML,
	}
	if sst != "" {
		parts["xl/sharedStrings.xml"] = sst
	}
	return zipOf(t, parts)
}

const testSST = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>专业镇</t></si><si><r><t>工业</t></r><r><rPr><b/></rPr><t>产值</t></r></si><si><t xml:space="preserve"> 甲 镇 </t></si></sst>`

// TestFastRowsUsed checks that the fast reader reads the workbooks that
// excelize, Excel and WPS write, as excelize's reader does; if an excelize
// upgrade turned it off, reading would still be right, only slow.
func TestFastRowsUsed(t *testing.T) {
	books := map[string][]byte{
		"excelize": xlsx(t, sheet{name: "2023年", rows: [][]any{{"专业镇", "工业产值（亿元）"}, nil, {"甲镇", 19.9, nil, "a&b<c>"}, {"乙镇", "—"}},
			formula: map[string]string{"B4": "B3*2"}}),
		"shared strings, Excel's row attributes, gaps": sstBook(t, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><dimension ref="A1:C5"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>`+
			`<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>`+
			`<row r="3" spans="1:3"><c r="A3" t="s"><v>2</v></c><c r="C3" s="1"><v>19.9</v></c></row>`+
			`<row r="4"><c r="A4" t="inlineStr"><is><t>乙&amp;镇&#x4e00;</t></is></c><c r="B4"><f>B3*2</f><v></v></c><c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>`+
			`<row><c><v>1</v></c><c/><c t="str"><v>x</v></c><c r="E5" t="b"><v>1</v></c></row>`+
			`<row r="6"/></sheetData><pageMargins left="0.7"/></worksheet>`, testSST),
		"prefixed names": sstBook(t, `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>甲</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`, ""),
		"empty sheet":    sstBook(t, `<worksheet><sheetData/></worksheet>`, ""),
	}
	for name, book := range books {
		t.Run(name, func(t *testing.T) {
			fast, slow, fp, sp := rowsBoth(t, book)
			if fast == nil {
				t.Fatal("the fast reader gave up")
			}
			if len(slow) == 0 && len(fast) == 0 {
				return
			}
			if !reflect.DeepEqual(fast, slow) || fp != sp {
				t.Errorf("fast:\n%v\n%s\nexcelize:\n%v\n%s", fast, fp, slow, sp)
			}
		})
	}
}

// TestFastRowsGivesUp checks that what the fast reader does not know is left to excelize.
func TestFastRowsGivesUp(t *testing.T) {
	for _, body := range []string{
		`<row r="1"><c r="A1"><v>1</v></c></row><!-- comment --><row r="2"/>`,
		`<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>`,
		`<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r></is></c></row>`,
		`<row r="1"><c r="A1" t="inlineStr"><is><t>a_x0001_</t></is></c></row>`,
		`<row r="1"><c r="a1"><v>1</v></c></row>`,
		`<row r="1"><c r="A1" x:r="B1"><v>1</v></c></row>`,
		`<row r="1"><c r="A1"><v>&nbsp;</v></c></row>`,
		"<row r=\"1\"><c r=\"A1\"><v>1\r\n2</v></c></row>",
		`<row r="1"><c r="A1" t="s"><v>9</v></c></row>`,
		`<row r="1"><c r="A1"><v><![CDATA[1]]></v></c></row>`,
	} {
		book := sstBook(t, `<worksheet><sheetData>`+body+`</sheetData></worksheet>`, testSST)
		if fast, _, _, _ := rowsBoth(t, book); fast != nil {
			t.Errorf("%s: read by the fast reader as %v", body, fast)
		}
	}
}

// FuzzFastRows checks that wherever the fast reader answers, it answers as
// excelize's reader does.
func FuzzFastRows(f *testing.F) {
	f.Add(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>a&lt;b</t></is></c></row><row r="3"><c><v>1.5</v></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c></row></sheetData></worksheet>`, testSST)
	f.Add(`<worksheet><sheetData><row><c r="B1"><v> 1 </v></c><c r="B1"><v>2</v></c></row><row r="2" spans="1:2"/></sheetData></worksheet>`, "")
	f.Add(`<worksheet><sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>`, "")
	f.Fuzz(func(t *testing.T, sheetXML, sst string) {
		fast, slow, fp, sp := rowsBoth(t, sstBook(t, sheetXML, sst))
		if fast == nil {
			return
		}
		if fmt.Sprint(fast) != fmt.Sprint(slow) || fp != sp {
			t.Errorf("fast:\n%s\n%s\nexcelize:\n%s\n%s", brief(fast), fp, brief(slow), sp)
		}
	})
}

// brief shows rows without their runs of empty cells.
func brief(rows []readRow) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%d:", r.n)
		for i, c := range r.cells {
			if c != "" {
				fmt.Fprintf(&b, " %d=%q", i, c)
			}
		}
		fmt.Fprintf(&b, " (%d cells)\n", len(r.cells))
	}
	return b.String()
}
