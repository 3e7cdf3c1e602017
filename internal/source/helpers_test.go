package source

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/config"
)

// sheet describes a worksheet of a test workbook.
type sheet struct {
	name    string
	rows    [][]any           // from row 1; nil cells stay empty, a nil row is an empty row
	merge   []string          // ranges such as "A1:F1"
	formula map[string]string // cell -> formula; the cell's value in rows is the cached value
	date    []string          // cells given a date number format
	// comments are Excel comments on cells, as Excel writes them: the
	// author's name in bold on the first line, then the text.
	comments map[string]string // cell -> text
}

// xlsx writes a workbook with excelize, as a test's input.
func xlsx(t testing.TB, sheets ...sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				if err := f.SetCellValue(s.name, cellName(c, r+1), v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.merge {
			from, to, _ := strings.Cut(m, ":")
			if err := f.MergeCell(s.name, from, to); err != nil {
				t.Fatal(err)
			}
		}
		for cell, formula := range s.formula {
			if err := f.SetCellFormula(s.name, cell, formula); err != nil {
				t.Fatal(err)
			}
		}
		for cell, text := range s.comments {
			if err := f.AddComment(s.name, excelize.Comment{Cell: cell, Author: "统计员", Paragraph: []excelize.RichTextRun{
				{Text: "统计员:", Font: &excelize.Font{Bold: true}}, {Text: "\n" + text},
			}}); err != nil {
				t.Fatal(err)
			}
		}
		if len(s.date) > 0 {
			style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
			if err != nil {
				t.Fatal(err)
			}
			for _, cell := range s.date {
				if err := f.SetCellStyle(s.name, cell, cell, style); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withErrorCell rewrites cell of the n-th sheet (from 1) the way Excel saves
// a formula whose result is an error such as #DIV/0!.
func withErrorCell(t testing.TB, book []byte, n int, cell, value string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	part := "xl/worksheets/sheet" + string(rune('0'+n)) + ".xml"
	cellRE := regexp.MustCompile(`<c r="` + cell + `"[^>]*?(/>|>.*?</c>)`)
	found := false
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == part {
			b = cellRE.ReplaceAllFunc(b, func([]byte) []byte {
				found = true
				return []byte(`<c r="` + cell + `" t="e"><f>1/0</f><v>` + value + `</v></c>`)
			})
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("withErrorCell: no cell %s in %s", cell, part)
	}
	return out.Bytes()
}

func testConfig() *config.Config {
	return &config.Config{
		File: "config.toml",
		Site: config.Site{DataDir: "data"},
		Tiers: []config.Tier{
			{ID: "provincial", Name: "省级"}, {ID: "municipal", Name: "市级"}, {ID: "county", Name: "县级"},
		},
		Indicators: []config.Indicator{
			{ID: "output", Name: "工业产值", NameEn: "Industrial output", Unit: "亿元", Aliases: []string{"工业总产值", "产值"}},
			{ID: "investment", Name: "新增投资", NameEn: "New investment", Unit: "亿元"},
			{ID: "entities", Name: "经营主体", NameEn: "Business entities", Unit: "户"},
			{ID: "rd-share", Name: "研发投入占比", NameEn: "R&D share", Unit: "%"},
		},
	}
}

// zipOf writes a zip with the given files.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for name, text := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, text)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// ind is the index of indicator id in testConfig, as ValueRecord.Values is indexed.
func ind(id string) int {
	for i, in := range testConfig().Indicators {
		if in.ID == id {
			return i
		}
	}
	panic("no indicator " + id)
}
