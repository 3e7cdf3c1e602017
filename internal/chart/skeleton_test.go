package chart

import (
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/layouts"
)

// A trend filled into a skeleton is byte for byte what go-echarts writes.
func TestTrendSkeletonMatchesGoEcharts(t *testing.T) {
	lang, err := i18n.Load("zh-CN", "", layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	site := &model.Site{Config: &config.Config{}, Years: []int{2022, 2023, 2024}}
	ind := &model.Indicator{Indicator: config.Indicator{ID: "output", Name: "工业产值", Unit: "亿元", Decimals: 1}}
	plain := &Builder{Site: site, Lang: lang}
	cached := &Builder{Site: site, Lang: lang, Skeletons: &Skeletons{}}
	for _, tc := range []struct {
		id, name string
		series   model.Series
	}{
		{"a-output-trend", "甲镇", model.Series{{V: 1.25, Valid: true}, {}, {V: -3, Valid: true}}},
		{"b-output-trend", `</script><script>alert("x")</script>&"'` + holeName, model.Series{{}, {}, {}}},
		{"c-output-trend", "乙镇", model.Series{{V: 1e9, Valid: true}, {V: 0, Valid: true}, {V: 0.04, Valid: true}}},
	} {
		want := plain.Trend(tc.id, "工业产值：历年变化", ind, tc.series, growthOf(tc.series), tc.name)
		got := cached.Trend(tc.id, "工业产值：历年变化", ind, tc.series, growthOf(tc.series), tc.name)
		if got.Option != want.Option {
			t.Errorf("%s:\n got %s\nwant %s", tc.id, got.Option, want.Option)
		}
	}
}

func growthOf(s model.Series) model.Series {
	g := make(model.Series, len(s))
	for i := range s {
		g[i] = s.Growth(i)
	}
	return g
}
