package sitetest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/tools/txtar"
)

const archive = `
-- config.toml --
[site]
title = "测试门户"
-- data/towns.xlsx.txt --
[专业镇名录]
编号 | 名称 | 级别
jia  | 甲镇 | 省级

[指标数据]
专业镇 | 年份 | 工业产值（亿元）
jia    | 2024 | "24.1"
jia    | 2023 |  19.9 | | "" | NaN
-- data/narrative/reports/2024.md --
# 2024
`

// TestArchiveToSite: the archive's files are written as they are, and a
// workbook's text form as a real workbook whose cells hold numbers, text
// and nothing as the text says.
func TestArchiveToSite(t *testing.T) {
	s := New(t, archive)
	if got := s.Read("config.toml"); got != "[site]\ntitle = \"测试门户\"\n" {
		t.Errorf("config.toml = %q", got)
	}
	s.Exists("data/towns.xlsx", "data/narrative/reports/2024.md")
	s.Missing("data/towns.xlsx.txt", "public")
	s.Contains("data/narrative/reports/2024.md", "# 2024")
	s.NotContains("data/narrative/reports/2024.md", "2023")

	f, err := excelize.OpenFile(s.Path("data/towns.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "专业镇名录,指标数据" {
		t.Errorf("sheets = %s", got)
	}
	for _, c := range []struct {
		sheet, cell string
		typ         excelize.CellType
		value       string
	}{
		{"专业镇名录", "B2", excelize.CellTypeSharedString, "甲镇"},
		{"指标数据", "B2", excelize.CellTypeUnset, "2024"}, // a number: no type attribute
		{"指标数据", "C2", excelize.CellTypeSharedString, "24.1"},
		{"指标数据", "C3", excelize.CellTypeUnset, "19.9"},
		{"指标数据", "D3", excelize.CellTypeUnset, ""},
		{"指标数据", "E3", excelize.CellTypeSharedString, ""},
		{"指标数据", "F3", excelize.CellTypeSharedString, "NaN"},
	} {
		typ, err := f.GetCellType(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := f.GetCellValue(c.sheet, c.cell)
		if typ != c.typ || v != c.value {
			t.Errorf("%s!%s = %q of type %v, want %q of type %v", c.sheet, c.cell, v, typ, c.value, c.typ)
		}
	}
}

func TestWorkbookErrors(t *testing.T) {
	for text, want := range map[string]string{
		"a | b\n":             "line 1: a row before the first [sheet] line",
		"[s]\na\n[s]\nb\n":    `line 3: sheet "s" named twice`,
		"\n\n":                "no [sheet] line",
		"[bad/name]\na | b\n": "line 1:",
	} {
		_, err := Workbook(text)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Workbook(%q) = %v, want %s", text, err, want)
		}
	}
}

func TestArchivePathsStayInside(t *testing.T) {
	for _, name := range []string{"../x", "/etc/x", "a/../../x", "a//b"} {
		dir := t.TempDir()
		err := Write(dir, txtar.Parse([]byte("-- "+name+" --\nx\n")))
		if err == nil {
			t.Errorf("%s: written", name)
		}
	}
}

func TestBuildAndAssertions(t *testing.T) {
	s := New(t, archive)
	// A builder that copies the narrative, to see what Build passes.
	s.Build(func(config, out string) error {
		if config != s.Path("config.toml") || out != s.Path("public") {
			t.Errorf("Build(%s, %s)", config, out)
		}
		b, err := os.ReadFile(filepath.Join(filepath.Dir(config), "data/narrative/reports/2024.md"))
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(out, "reports"), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, "reports", "2024.md"), b, 0o644)
	})
	if got := s.Files("public"); len(got) != 1 || string(got["reports/2024.md"]) != "# 2024\n" {
		t.Errorf("public = %q", got)
	}
	golden := filepath.Join(t.TempDir(), "2024.golden")
	os.WriteFile(golden, []byte("# 2024\n"), 0o644)
	s.Golden("public/reports/2024.md", golden)

	// The assertions fail when they should: run on a recorder.
	rec := &recorder{TB: t}
	r := &Site{t: rec, Dir: s.Dir}
	r.Exists("public/nothing.html")
	r.Missing("public/reports/2024.md")
	r.Contains("public/reports/2024.md", "2023")
	r.NotContains("public/reports/2024.md", "2024")
	os.WriteFile(golden, []byte("# 2023\n"), 0o644)
	r.Golden("public/reports/2024.md", golden)
	if len(rec.errs) != 5 {
		t.Errorf("want 5 failures, got %d: %q", len(rec.errs), rec.errs)
	}
	for i, want := range []string{"want public/nothing.html", "want no public/reports/2024.md", `lacks "2023"`, `has "2024"`, "line 1:\n got: # 2024\nwant: # 2023"} {
		if i < len(rec.errs) && !strings.Contains(rec.errs[i], want) {
			t.Errorf("failure %d = %q, want %q", i, rec.errs[i], want)
		}
	}
	if err := s.BuildErr(func(string, string) error { return os.ErrInvalid }); err != os.ErrInvalid {
		t.Errorf("BuildErr = %v", err)
	}
}

type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

// TestMakeWorkbooks: the files testscript wrote, workbooks made in place.
func TestMakeWorkbooks(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "data", "towns.xlsx.txt"), []byte("[s]\na | 1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("[s]\n"), 0o644)
	if err := MakeWorkbooks(dir); err != nil {
		t.Fatal(err)
	}
	s := At(t, dir)
	s.Exists("data/towns.xlsx", "notes.txt")
	s.Missing("data/towns.xlsx.txt")
	f, err := excelize.OpenFile(s.Path("data/towns.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("s", "B1"); v != "1" {
		t.Errorf("s!B1 = %q", v)
	}
	os.WriteFile(filepath.Join(dir, "bad.xlsx.txt"), []byte("x\n"), 0o644)
	if err := MakeWorkbooks(dir); err == nil || !strings.Contains(err.Error(), "bad.xlsx.txt: line 1:") {
		t.Errorf("a bad text form: %v", err)
	}
}

// TestSheetRoundTrip: rows written with Sheet and read back by Workbook
// give the cells SetSheetRow gives, value and type, whatever the text.
func TestSheetRoundTrip(t *testing.T) {
	rows := [][]any{
		{"编号", "名称", "年份", "值"},
		{"jia", "甲\u2060镇", 2024, 24.1},
		{"yi", "a | b", int64(7), "24.1"},
		{"[bing]", `say "hi"`, nil, ""},
		{},
		{nil},
		{" padded ", "NaN", "—", 0.1 + 0.2},
		{"line\nbreak", "tab\there", "-0.2", 1e21},
	}
	text := Sheet(t, "数据", rows)
	book, err := Workbook(text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	got, err := excelize.OpenReader(strings.NewReader(string(book)))
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	want := excelize.NewFile()
	defer want.Close()
	want.SetSheetName("Sheet1", "数据")
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := want.SetSheetRow("数据", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for r := 1; r <= len(rows); r++ {
		for c := 1; c <= 4; c++ {
			ref, _ := excelize.CoordinatesToCellName(c, r)
			gv, _ := got.GetCellValue("数据", ref, excelize.Options{RawCellValue: true})
			wv, _ := want.GetCellValue("数据", ref, excelize.Options{RawCellValue: true})
			gt, _ := got.GetCellType("数据", ref)
			wt, _ := want.GetCellType("数据", ref)
			if gv != wv || gt != wt {
				t.Errorf("%s = %q (type %v), want %q (type %v)\n%s", ref, gv, gt, wv, wt, text)
			}
		}
	}
}

func TestCopyAndEdit(t *testing.T) {
	src := New(t, archive)
	s := Copy(t, src.Dir, "config.toml", "data")
	s.Exists("config.toml", "data/towns.xlsx", "data/narrative/reports/2024.md")
	s.Edit("config.toml", func(c string) string { return strings.Replace(c, "测试门户", "门户", 1) })
	if got := s.Read("config.toml"); got != "[site]\ntitle = \"门户\"\n" {
		t.Errorf("config.toml = %q", got)
	}
	src.Contains("config.toml", "测试门户") // the original is untouched
	only := Copy(t, src.Dir, "data/narrative")
	only.Exists("data/narrative/reports/2024.md")
	only.Missing("config.toml", "data/towns.xlsx")
}
