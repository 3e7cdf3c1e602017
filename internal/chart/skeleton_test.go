package chart

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
	"github.com/townpress/townpress/layouts"
)

// A trend filled into a skeleton is byte for byte its Option marshalled.
func TestTrendSkeletonMatchesOption(t *testing.T) {
	words := testWords(t)
	site := &model.Site{Config: &config.Config{}, Years: []int{2022, 2023, 2024}}
	ind := &model.Indicator{Indicator: config.Indicator{ID: "output", Name: "工业产值", Unit: "亿元", Decimals: 1}}
	plain := &Builder{Site: site, Words: words}
	cached := &Builder{Site: site, Words: words, Skeletons: &Skeletons{}}
	for _, tc := range []struct {
		id, name string
		series   model.Series
	}{
		{"a-output-trend", "甲镇", model.Series{model.V(num.New(125, -2)), {}, model.V(num.Int(-3))}},
		{"b-output-trend", `</script><script>alert("x")</script>&"'` + holeName, model.Series{{}, {}, {}}},
		{"c-output-trend", "乙镇", model.Series{model.V(num.Int(1e9)), model.V(num.Zero), model.V(num.New(4, -2))}},
	} {
		want := plain.Trend(tc.id, "工业产值：历年变化", ind, tc.series, ind.Deltas(tc.series), nil, tc.name, model.FigureRef{Town: tc.id[:1], Indicator: "output"})
		got := cached.Trend(tc.id, "工业产值：历年变化", ind, tc.series, ind.Deltas(tc.series), nil, tc.name, model.FigureRef{Town: tc.id[:1], Indicator: "output"})
		if got.Option != want.Option {
			t.Errorf("%s:\n got %s\nwant %s", tc.id, got.Option, want.Option)
		}
		if !reflect.DeepEqual(got.Table, want.Table) || !slices.Equal(got.Footnotes, want.Footnotes) {
			t.Errorf("%s: tables differ:\n got %v %v\nwant %v %v", tc.id, got.Table, got.Footnotes, want.Table, want.Footnotes)
		}
	}
}

// A ranking filled into a skeleton is byte for byte its Option marshalled,
// the highlighted town's bar and hostile names included.
func TestRankingTopSkeletonMatchesOption(t *testing.T) {
	words := testWords(t)
	site := &model.Site{Config: &config.Config{}, Years: []int{2023, 2024}}
	ind := &model.Indicator{Indicator: config.Indicator{ID: "output", Name: "工业产值", Unit: "亿元", Decimals: 1, Sum: true}}
	var towns []*model.Town
	for i, name := range []string{"甲镇", `</script><script>alert("x")</script>&"'` + holeCats, "丙镇", "丁镇", "戊镇", "己镇", "庚镇"} {
		v := model.Value{}
		if i != 3 {
			v = model.V(num.Int(int64(10 - i)))
		}
		towns = append(towns, &model.Town{ID: string(rune('a' + i)), Name: name,
			Values: map[string]model.Series{"output": {model.V(num.Int(1)), v}}})
	}
	r := model.Rank(towns, ind, 1)
	plain := &Builder{Site: site, Words: words}
	cached := &Builder{Site: site, Words: words, Skeletons: &Skeletons{}}
	for _, hl := range []*model.Town{towns[1], towns[5], towns[3], nil} {
		want := plain.RankingTop("x-peers", "排名", ind, r, 1, hl, 2)
		got := cached.RankingTop("x-peers", "排名", ind, r, 1, hl, 2)
		if got.Option != want.Option {
			t.Errorf("highlight %v:\n got %s\nwant %s", hl, got.Option, want.Option)
		}
		if !reflect.DeepEqual(got.Table, want.Table) || got.Height != want.Height || !slices.Equal(got.Footnotes, want.Footnotes) {
			t.Errorf("highlight %v: tables or heights differ", hl)
		}
	}
}

// writeJSONString writes what encoding/json writes.
func TestWriteJSONString(t *testing.T) {
	for _, s := range []string{"", "甲镇", "1. Town", `a"b`, `a\b`, "<>&", "tab\there", "\x00", "a\u2028b\u2029", "bad \xff utf8", "é", "\u2027\u202a"} {
		var b strings.Builder
		writeJSONString(&b, s)
		want, _ := json.Marshal(s)
		if b.String() != string(want) {
			t.Errorf("%q: got %s, want %s", s, b.String(), want)
		}
	}
}

// What a chart shows of its points is written as encoding/json writes the
// same struct by its tags.
func TestPointTextMatchesEncodingJSON(t *testing.T) {
	type plain pointText // the same fields and tags, without MarshalJSON
	for _, pt := range []*pointText{
		{},
		{Text: [][]string{{"1.0", "—"}}},
		{Text: [][]string{{"<b>", "a&b"}, nil}, Tip: [][]string{{"x\u2028y", `"q"`}, {}}, Foot: []string{"合计：1", "\x00"}},
		{Text: [][]string{}, Tip: [][]string{nil}, Foot: []string{}},
		{Text: [][]string{{"19.9"}}, Say: []string{"工业产值", "</script>"}},
		{Say: []string{}},
	} {
		got, err := json.Marshal(pt)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(plain(*pt))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}

// A rank history filled into a skeleton is byte for byte its Option
// marshalled: every town of the site, with gaps, a tier's name that
// needs escaping, and one with a placeholder in it.
func TestRankHistorySkeletonMatchesOption(t *testing.T) {
	site, ind := rankSite(t)
	words := testWords(t)
	plain := &Builder{Site: site, Words: words}
	cached := &Builder{Site: site, Words: words, Skeletons: &Skeletons{}}
	yr := site.RankYears(ind)
	filled := 0
	for _, tierName := range []string{"市级", `</script>&"'`, `x"` + holeMax} {
		site.Tiers[1].Name = tierName
		for _, tw := range site.Towns {
			for range 2 { // the second from the skeleton the first made
				want := plain.RankHistory(tw.ID+"-ranks", "历年排名", ind, tw, yr)
				got := cached.RankHistory(tw.ID+"-ranks", "历年排名", ind, tw, yr)
				if got.Option != want.Option {
					t.Errorf("%s in %q:\n got %s\nwant %s", tw.ID, tierName, got.Option, want.Option)
				}
				if !reflect.DeepEqual(got.Table, want.Table) {
					t.Errorf("%s: tables differ", tw.ID)
				}
				if got.text == nil {
					filled++
				}
			}
		}
	}
	if filled == 0 {
		t.Error("no rank history was filled into a skeleton")
	}
}

// A town's trend made with the texts its page in another language made
// (SeriesTexts, shared by the build) is the trend made without them: the
// digits are the same in every language; what the page's marks add to
// them is the page's own.
func TestTrendTextsFromAnotherLanguage(t *testing.T) {
	zh := testWords(t)
	zh.MarkNames = func(f status.Flag) string { return f.Symbols() }
	zh.StatusOf = func(head string) string { return head + "状态" }
	zh.NoteLine = func(ref, text string) string { return ref + " " + text }
	enLang, err := i18n.Load("en", "en/", layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	en := *zh
	en.Format = enLang
	site := &model.Site{Config: &config.Config{}, Years: []int{2021, 2022, 2023, 2024}, Notes: []model.Note{{Text: "含新设企业"}}}
	ind := &model.Indicator{Indicator: config.Indicator{ID: "output", Name: "工业产值", Unit: "亿元", Decimals: 1}}
	series := model.Series{
		model.V(num.New(123456, -1)), {Dec: num.New(-25, -1), Flag: status.Provisional, Note: 1},
		{Flag: status.Confidential}, {Dec: num.New(7, 0), Flag: status.Revised},
	}
	of := model.FigureRef{Kind: model.TownValue, Town: "a", Indicator: "output"}
	deltas := ind.Deltas(series)
	for _, files := range []bool{true, false} {
		site.Config.Site.ChartFiles = &files
		texts := (&Builder{Site: site, Words: &en}).SeriesTexts(ind, series, deltas)
		make := func(texts *SeriesTexts) *Chart {
			b := &Builder{Site: site, Words: zh, Skeletons: &Skeletons{}, Marks: NewMarks(site)}
			return b.Trend("a-output-trend", "工业产值：历年变化", ind, series, deltas, texts, "甲镇", of)
		}
		got, want := make(texts), make(nil)
		if got.Option != want.Option || !reflect.DeepEqual(got.Table, want.Table) || !slices.Equal(got.Footnotes, want.Footnotes) {
			t.Errorf("files %v: with the English page's texts\n got %s %+v %v\nwant %s %+v %v", files, got.Option, got.Table, got.Footnotes, want.Option, want.Table, want.Footnotes)
		}
		if files != (texts.Data != nil) {
			t.Errorf("files %v: data texts %q", files, texts.Data)
		}
	}
}
