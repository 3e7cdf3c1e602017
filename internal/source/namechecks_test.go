package source

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/townpress/townpress/internal/diag"
)

// 甲\u2060镇 and \u202e镇甲 show as 甲镇: next to it they would be two towns
// no reader can tell apart. Every name and id holding such a character is
// an error at its cell; the zero-width space, which normText drops from
// every name, is not.
func TestInvisibleCharactersInNames(t *testing.T) {
	book := xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{
			{"编号", "名称", "英文名称", "级别", "县市区", "主导产业"},
			{"a1", "甲镇", "Jia", "省级", "清徐县", "醋"},
			{"a2", "甲\u2060镇", "Jia 2", "省级", "清徐县", "醋"},
			{"a3", "\u202e镇甲", "Jia 3", "省级", "清徐县", "醋"},
			{"a4", "乙镇", "Yi\u200e", "省级", "清徐县\ufe01", "醋\u00ad"},
			{"a\u20605", "丙\u200b镇", "Bing\u200b Town", "省\u2066级", "清徐县", "醋"},
		}},
		sheet{name: "2024年", rows: [][]any{
			{"专业镇", "工业产值"},
			{"甲镇", 1},
			{"甲\u2060镇", 2},
			{"丙镇", 3},
		}},
	)
	data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	const why = "; with it a name looks like another on the page (delete the character; it comes in when text is copied from a web page or another program)"
	checkProblems(t, problems, []string{
		`data/t.xlsx:专业镇名录!B3: 名称: "甲\u2060镇" holds the invisible character U+2060, word joiner` + why,
		`data/t.xlsx:专业镇名录!B4: 名称: "\u202e镇甲" holds the invisible character U+202E, right-to-left override` + why,
		`data/t.xlsx:专业镇名录!C5: 英文名称: "Yi\u200e" holds the invisible character U+200E, left-to-right mark` + why,
		`data/t.xlsx:专业镇名录!E5: 县市区: "清徐县\ufe01" holds the invisible character U+FE01, variation selector-2` + why,
		`data/t.xlsx:专业镇名录!F5: 主导产业: "醋\u00ad" holds the invisible character U+00AD, soft hyphen` + why,
		`data/t.xlsx:专业镇名录!A6: 编号: "a\u20605" holds the invisible character U+2060, word joiner` + why,
		`data/t.xlsx:专业镇名录!D6: 级别: "省\u2066级" holds the invisible character U+2066, left-to-right isolate` + why,
		`data/t.xlsx:2024年!A3: 专业镇: "甲\u2060镇" holds the invisible character U+2060, word joiner` + why,
	})
	// The zero-width space is dropped, in English names too.
	if n := data.Towns[4].Name.S; n != "丙镇" {
		t.Errorf("name %q, want 丙镇", n)
	}
	if n := data.Towns[4].NameEn.S; n != "Bing Town" {
		t.Errorf("English name %q, want Bing Town", n)
	}
}

// A town whose id is the word of a total or notes row, in the first
// column, was skipped, or ended the sheet with every town below it.
func TestTownIDsOfTotalAndNoteRows(t *testing.T) {
	book := xlsx(t, sheet{name: "专业镇名录", rows: [][]any{
		{"编号", "名称", "级别"},
		{"a1", "甲镇", "省级"},
		{"sum", "乙镇", "省级"},
		{"notes", "丙镇", "省级"},
		{"a4", "丁镇", "省级"},
		{"合计", "", ""},
		{"注：示例数据"},
		{"a5", "戊镇", "省级"},
	}})
	data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	checkProblems(t, problems, []string{
		`data/t.xlsx:专业镇名录!A3: town id "sum" is reserved: a row whose town is sum is read as a total row (合计) and skipped (expected another id)`,
		`data/t.xlsx:专业镇名录!A4: town id "notes" is reserved: a row starting with notes is read as the notes under a table (expected another id)`,
	})
	var names []string
	for _, r := range data.Towns {
		names = append(names, r.Name.S)
	}
	if got := strings.Join(names, " "); got != "甲镇 丁镇" {
		t.Errorf("towns read: %s, want 甲镇 丁镇 (戊镇 is under the notes)", got)
	}
}

// The reader's own words for total and note rows, as the towns sheet's
// first cell: all (a total row since the reader learnt yearbook tables)
// is reserved like sum; note1 is no reserved id, but a row starting with
// it is the notes under the table all the same.
func TestTownIDsOfTotalAndNoteWords(t *testing.T) {
	book := xlsx(t, sheet{name: "专业镇名录", rows: [][]any{
		{"编号", "名称", "级别"},
		{"all", "甲镇", "省级"},
		{"note1", "乙镇", "省级"},
		{"a3", "丙镇", "省级"},
	}})
	data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	checkProblems(t, problems, []string{
		`data/t.xlsx:专业镇名录!A2: town id "all" is reserved: a row whose town is all is read as a total row (合计) and skipped (expected another id)`,
		`data/t.xlsx:专业镇名录!A3: town id "note1" is reserved: a row starting with note1 is read as the notes under a table (expected another id)`,
	})
	if len(data.Towns) != 1 || data.Towns[0].Name.S != "丙镇" {
		t.Errorf("towns read: %+v, want 丙镇 (the rows in error are left out, the rows after them read)", data.Towns)
	}
	if got, want := problems[1].In(diag.Zh), `data/t.xlsx:专业镇名录!A3: 专业镇编号“note1”是保留的编号：以 note1 开头的行会按表下的注释读取（请换一个编号）`; got != want {
		t.Errorf("in Chinese:\n%s\nwant:\n%s", got, want)
	}
}
