package chart

import (
	"fmt"
	"testing"

	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/layouts"
)

// testWords are Chinese words for the tests' charts: the figures formatted
// by the default layouts' language, the texts plain. render makes the
// site's own (render/words.go).
func testWords(t *testing.T) *Words {
	t.Helper()
	lang, err := i18n.Load("zh-CN", "", layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	n := func(format string) func(int) string { return func(n int) string { return fmt.Sprintf(format, n) } }
	s := func(format string) func(string) string {
		return func(s string) string { return fmt.Sprintf(format, s) }
	}
	return &Words{
		Format: lang, Year: "年份", Town: "专业镇", Rank: "排名", Total: "合计", Growth: "同比增长 (%)", ChangePoints: "增减（百分点）",
		Reporting: "报送", ReportingN: "报送数", MembersN: "成员数",
		ValueOf:     func(name, unit string) string { return name + "（" + unit + "）" },
		ReportingOf: s("%s报送"), ReportingNOf: s("%s报送数"), MembersNOf: s("%s成员数"),
		OthersTowns: n("其余 %d 个镇"), MissingTowns: n("%d 个镇无数据"),
		ReportingText: func(f model.Figure) string { return fmt.Sprintf("%d/%d个镇报送", f.Reporting, f.Of) },
		BreakTip:      func(*model.Indicator, model.Figure) string { return "口径变化" },
		BreakNote: func(year int, _ *model.Indicator, _ model.Figure) string {
			return fmt.Sprintf("%d年口径变化", year)
		},
		BreakStyle: "浅色为口径变化",
		Why: func(w model.Why) string {
			if key := i18n.WhyKey(w); key != "" {
				return lang.T(key)
			}
			return ""
		},
		Paren: s("（%s）"), Colon: "：", Semicolon: "；",
		PointsUnit: "百分点", RankAll: "全部专业镇中排名", RankInTier: s("%s专业镇中排名"), GrowthRankNote: "增速排名说明",
		Official: func(_ *model.Indicator, f model.Figure) string {
			if f.Official {
				return "官方合计"
			}
			return "各镇汇总"
		},
		Reconcile: func(*model.Indicator, model.Figure) string { return "" },
		OfficialNote: func(scopes []string, years []int, all bool, differs []string) string {
			return fmt.Sprintf("官方合计：%v %v %v %v", scopes, years, all, differs)
		},
		GrowthBasis: func(head string, typed, computed []string, comparable bool) string {
			if len(typed) == 0 {
				return ""
			}
			return fmt.Sprintf("%s：%v公布（可比价 %v），其余计算 %v", head, typed, comparable, computed)
		},
		TownsCount: n("%d个镇"),
	}
}
