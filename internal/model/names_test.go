package model

import (
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/source"
)

// A towns sheet without 编号: ids made from the names, stable, never
// colliding, and reported.
func TestDerivedIDs(t *testing.T) {
	data := sampleData()
	data.Towns = []source.TownRecord{
		town("2", "", "大良街道", "省级", 0),
		town("3", "", "黄冈镇", "市级", 0),
		town("4", "", "黄岗镇", "市级", 0),
		town("5", "huanggangzhen-3", "岗镇", "市级", 0),
		town("6", "", "黄冈镇T3", "市级", 0),
		town("7", "", "「」", "市级", 0),
	}
	data.Towns[2].County = text("清徐县", "E4")
	data.Values = []source.ValueRecord{values("2", "大良街道", 2024, f(1), nil), values("3", "daliangjiedao", 2023, f(2), nil)}
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatal(problems)
	}
	var got []string
	for _, d := range site.DerivedIDs {
		got = append(got, d.Name+"="+d.ID+"@"+d.Loc.Cell)
	}
	want := "大良街道=daliangjiedao@B2 黄冈镇=huanggangzhen@B3 黄岗镇=huanggangzhen-qingxu@B4 黄冈镇T3=huanggangzhen-t3@B6 「」=town@B7"
	if strings.Join(got, " ") != want {
		t.Errorf("derived ids:\n%s\nwant:\n%s", strings.Join(got, " "), want)
	}
	if town := site.Town("daliangjiedao"); town == nil || !town.Values["output"].At(site.YearIndex(2024)).Valid() {
		t.Error("values by name and by derived id do not reach the town")
	}
	if slug("阳曲县T3镇") != "yangquxian-t3-zhen" || len(slug(strings.Repeat("镇", 40))) > maxDerivedID {
		t.Errorf("slug: %q", slug("阳曲县T3镇"))
	}
}

// Names as the sheets print them find their town: spaces, aliases from the
// 别名 column and config, and an unknown name gets "did you mean".
func TestTownAliasesAndSuggestions(t *testing.T) {
	data := sampleData()
	data.Towns[0].Aliases = text("电机镇、小店电机", "F2")
	data.Values = append(data.Values,
		values("10", "电机镇", 2022, f(1), nil),
		values("11", "花卉", 2022, f(1), nil),
		values("12", "老 陈 醋 专业镇", 2022, f(1), nil),
		values("13", "电机小城", 2021, f(1), nil),
		values("14", "花卉小镇园区", 2021, f(1), nil),
	)
	cfg := loadConfig(t)
	cfg.TownAliases = map[string][]string{"m2": {"花卉"}, "无此镇": {"x"}}
	_, problems := New(cfg, data)
	want := []string{
		`config.toml: town_aliases: "无此镇" is not the id or name of a town in the towns sheet`,
		`data/t.xlsx:s!A13: unknown town "电机小城" (did you mean 电机小镇?`,
		`data/t.xlsx:s!A14: unknown town "花卉小镇园区" (did you mean 花卉小镇?`,
	}
	got := strings.Split(problems.Error(), "\n")
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s", problems)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n%s\nwant:\n%s…", i, got[i], want[i])
		}
	}
}

func TestAliasOfTwoTownsIsAnError(t *testing.T) {
	data := sampleData()
	data.Towns[0].Aliases = text("老陈醋专业镇", "F2")
	_, problems := New(loadConfig(t), data)
	if want := `data/t.xlsx:s!F2: alias "老陈醋专业镇" of 电机小镇 is already another town's name or alias`; !strings.HasPrefix(problems.Error(), want) {
		t.Errorf("problems:\n%s\nwant %s…", problems, want)
	}
}

// A town-year may come from several records (one sheet per indicator); a
// figure given twice must agree.
func TestRecordsOfOneTownYearMustAgree(t *testing.T) {
	data := sampleData()
	sameOutput := values("20", "p1", 2024, f(24), nil)
	platforms := values("21", "p1", 2024, nil, f(2))
	platforms.Values[output] = source.Number{} // no output column in that sheet
	otherPlatforms := values("22", "p1", 2024, nil, f(3))
	otherPlatforms.Values[output] = source.Number{}
	data.Values = append(data.Values, sameOutput, platforms, otherPlatforms)
	site, problems := New(loadConfig(t), data)
	want := `data/t.xlsx:s!D22: 公共服务平台 of 老陈醋专业镇 in 2024 is given twice, differently: 3 here and 2 at data/t.xlsx:s!D3 (expected one figure per town, year and indicator; delete or correct one of them)
data/t.xlsx:s!D22: 公共服务平台 of 老陈醋专业镇 in 2024 is given twice, differently: 3 here and 2 at data/t.xlsx:s!D21 (expected one figure per town, year and indicator; delete or correct one of them)`
	if problems.Error() != want || site != nil {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
}

// A town recognised before the first year of data is fine.
func TestRecognisedBeforeFirstYear(t *testing.T) {
	data := sampleData()
	data.Towns[1].Recognised = numCell(1985, "D3")
	site, problems := New(loadConfig(t), data)
	if problems.HasErrors() || site.Town("p1").Recognised != 1985 {
		t.Errorf("problems: %v", problems)
	}
	data.Towns[1].Recognised = numCell(2060, "D3")
	_, problems = New(loadConfig(t), data)
	if want := "data/t.xlsx:s!D3: year recognised 2060 is after site.last_year 2050"; !strings.HasPrefix(problems.Error(), want) {
		t.Errorf("problems: %v", problems)
	}
}

func TestSubtotalNamingATown(t *testing.T) {
	data := sampleData()
	data.Totals = []source.TotalRecord{{Label: text("其中:电机小镇", "A9"), Scope: "电机小镇", Subtotal: true}}
	_, problems := New(loadConfig(t), data)
	want := `data/t.xlsx:s!A9: warning: "其中:电机小镇" is read as a subtotal, not as the figures of the town 电机小镇 (if the row is the town's, write its name alone)`
	if problems.Error() != want {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
}
