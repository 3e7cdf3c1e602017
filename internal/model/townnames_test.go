package model

import (
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/source"
)

// A town named like another town's id took that town's values, without a
// word. Every way two towns could answer to one text is an error naming
// both cells.
func TestTownNamesAndIDsAreUnambiguous(t *testing.T) {
	data := sampleData()
	enName := func(r source.TownRecord, en, cell string) source.TownRecord {
		r.NameEn = text(en, cell)
		return r
	}
	data.Towns = append(data.Towns,
		town("5", "a1", "m2", "省级", 0),                       // another town's id as a name
		town("6", "a2", "MOTOR 小镇", "省级", 0),                 // a name differing from another only in case
		enName(town("7", "a3", "果园小镇", "省级", 0), "M1", "D7"), // another town's id as an English name
		enName(town("8", "a4", "motor小镇", "省级", 0), "x", "D8"),
		enName(town("9", "a5", "葡萄小镇", "省级", 0), "Motor 小镇", "D9"),
		town("10", "a6", "\uf900镇", "省级", 0), // CJK compatibility ideograph 豈
		town("11", "a7", "豈镇", "省级", 0),
		town("12", "page", "翻页镇", "省级", 0),
		town("13", "sum", "合计镇", "省级", 0),
	)
	_, problems := New(loadConfig(t), data)
	want := []string{
		`data/t.xlsx:s!A12: town id "page" is reserved: towns/page/2/ and on are the pages of the list of towns (expected another id)`,
		`data/t.xlsx:s!A13: town id "sum" is reserved: a row whose town is sum is read as a total row (合计) and skipped (expected another id)`,
		`data/t.xlsx:s!B8: town name "motor小镇" differs from the name "MOTOR 小镇" of another town (data/t.xlsx:s!B6) only in case or spaces; a values row could mean either (give the towns names that differ)`,
		"data/t.xlsx:s!B11: town name \"豈镇\" shows as the name \"\uf900镇\" of another town (data/t.xlsx:s!B10): they differ only in how characters are encoded (U+F900 is a compatibility form of 豈 (U+8C48); retype the name, or give the towns names that differ)",
		`data/t.xlsx:s!B5: town name "m2" is the id of another town (data/t.xlsx:s!A4); a values row naming m2 would take that town's values (give one of them another name or id)`,
		`data/t.xlsx:s!D7: town English name "M1" is the id of another town (data/t.xlsx:s!A2); a values row naming M1 would take that town's values (give one of them another English name or id)`,
		`data/t.xlsx:s!D9: town English name "Motor 小镇" is the name of another town (data/t.xlsx:s!B6); a values row naming it could mean either (give one of them another name)`,
	}
	got := problems.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing problem %q in:\n%s", w, got)
		}
	}
	if e, _ := problems.Count(); e != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", e, len(want), got)
	}
}

// Two towns may share an English name (新庄镇 and 辛庄镇 are both Xinzhuang
// Town); pages tell them apart by their Chinese names. A values row naming
// one by that English name is an error naming both.
func TestSharedEnglishNameInAValuesRow(t *testing.T) {
	data := sampleData()
	data.Towns[0].NameEn = text("Xinzhuang Town", "D2")
	data.Towns[2].NameEn = text("xinzhuang town", "D4")
	data.Values = append(data.Values, values("8", "Xinzhuang Town", 2022, f(1), nil))
	_, problems := New(loadConfig(t), data)
	want := `data/t.xlsx:s!A8: town "Xinzhuang Town" is the English name of 电机小镇 (data/t.xlsx:s!B2) and 花卉小镇 (data/t.xlsx:s!B4) (expected the town's id or Chinese name)`
	if got := problems.Error(); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}

	data.Values = data.Values[:len(data.Values)-1]
	if site, problems := New(loadConfig(t), data); site == nil || problems.HasErrors() {
		t.Errorf("a shared English name no row uses: %v", problems)
	}
}

// An id made from a name (no 编号) is never one the output reserves, nor
// another town's name, English name or alias: a values row naming that
// text would mean two towns. The checks of names see the made ids.
func TestDerivedIDsAvoidReservedIDsAndNames(t *testing.T) {
	data := sampleData()
	data.Towns = []source.TownRecord{
		town("2", "", "Page", "省级", 0), // would be page, the list's pages
		town("3", "", "大良", "省级", 0),   // would be daliang, 乙镇's English name
		town("4", "yi", "乙镇", "省级", 0),
		town("5", "", "容桂", "省级", 0), // would be ronggui, 丙镇's alias
		town("6", "bing", "丙镇", "省级", 0),
		town("7", "", "Total", "省级", 0), // a word of total rows
	}
	data.Towns[2].NameEn = text("Daliang", "D4")
	data.Towns[4].Aliases = text("ronggui", "F6")
	data.Values = []source.ValueRecord{values("2", "Daliang", 2024, f(1), nil), values("3", "ronggui", 2024, f(2), nil)}
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	var got []string
	for _, d := range site.DerivedIDs {
		got = append(got, d.Name+"="+d.ID)
	}
	if want := "Page=page-2 大良=daliang-2 容桂=ronggui-2 Total=total-2"; strings.Join(got, " ") != want {
		t.Errorf("derived ids: %s, want %s", strings.Join(got, " "), want)
	}
	if yi := site.Town("yi"); !yi.Values["output"].At(site.YearIndex(2024)).Valid() {
		t.Error("the row naming Daliang did not reach 乙镇")
	}
	if bing := site.Town("bing"); !bing.Values["output"].At(site.YearIndex(2024)).Valid() {
		t.Error("the row naming ronggui did not reach 丙镇")
	}
}

// An alias that is another town's English name would never find its own
// town: the values row finds the English name first.
func TestAliasThatIsAnotherTownsEnglishName(t *testing.T) {
	data := sampleData()
	data.Towns[1].NameEn = text("Vinegar Town", "D3")
	data.Towns[0].Aliases = text("vinegar town", "F2")
	_, problems := New(loadConfig(t), data)
	want := `data/t.xlsx:s!F2: alias "vinegar town" of 电机小镇 is already another town's name or alias (data/t.xlsx:s!B3; expected each name to name one town)`
	if got := problems.Error(); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// The checks of names speak Chinese too.
func TestTownNameProblemsInChinese(t *testing.T) {
	data := sampleData()
	data.Towns = append(data.Towns, town("5", "page", "翻页镇", "省级", 0), town("6", "a6", "m2", "省级", 0))
	data.Towns[0].NameEn = text("Xinzhuang", "D2")
	data.Towns[2].NameEn = text("xinzhuang", "D4")
	data.Values = append(data.Values, values("8", "Xinzhuang", 2022, f(1), nil))
	_, problems := New(loadConfig(t), data)
	want := []string{
		`data/t.xlsx:s!A5: 专业镇编号“page”是保留的编号：towns/page/2/ 起是专业镇列表的分页（请换一个编号）`,
		`data/t.xlsx:s!B6: 专业镇名称“m2”是另一个专业镇的编号（data/t.xlsx:s!A4）；写着 m2 的数据行会取那个专业镇的数据（请给其中一个换名称或编号）`,
		`data/t.xlsx:s!A8: “Xinzhuang”是电机小镇（data/t.xlsx:s!B2）和花卉小镇（data/t.xlsx:s!B4）共用的英文名称（应写专业镇的编号或中文名称）`,
	}
	got := problems.In(diag.Zh)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %s in:\n%s", w, got)
		}
	}
}
