package chart

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
)

// rankSite is two tiers over three years: b and c tie in 2024, a has
// no figure in 2023, d joins its tier in 2024.
func rankSite(t *testing.T) (*model.Site, *model.Indicator) {
	t.Helper()
	ind := &model.Indicator{Indicator: config.Indicator{ID: "output", Name: "产值", Unit: "亿元", Decimals: 1}}
	v := func(s string) model.Value {
		if s == "" {
			return model.Value{}
		}
		d, err := num.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return model.V(d)
	}
	p := &model.Tier{Tier: config.Tier{ID: "p", Name: "省级"}, Index: 0}
	m := &model.Tier{Tier: config.Tier{ID: "m", Name: "市级"}, Index: 1}
	town := func(id string, tier *model.Tier, recognised int, vals ...string) *model.Town {
		s := make(model.Series, len(vals))
		for i, x := range vals {
			s[i] = v(x)
		}
		tw := &model.Town{ID: id, Name: id, Tier: tier, Recognised: recognised, Values: map[string]model.Series{"output": s}}
		tier.Towns = append(tier.Towns, tw)
		return tw
	}
	towns := []*model.Town{
		town("a", p, 0, "5", "", "9"),
		town("b", m, 0, "4", "6", "8"),
		town("c", m, 0, "3", "7", "8"),
		town("d", m, 2024, "9", "9", "1"),
	}
	for i, tw := range towns {
		tw.Index = i
	}
	site := &model.Site{Config: &config.Config{}, Years: []int{2022, 2023, 2024}, Towns: towns, Tiers: []*model.Tier{p, m},
		Indicators: []*model.Indicator{ind}}
	return site, ind
}

func TestBumpDrawsModelRanks(t *testing.T) {
	site, ind := rankSite(t)
	b := &Builder{Site: site, Words: testWords(t)}
	c := b.Bump("bump", "排名变化", ind, site.Towns, site.RankYears(ind))
	rows := map[string][]string{}
	for _, r := range c.Table.Rows {
		rows[r.Header] = r.Cells
	}
	// 2022: d 9, a 5, b 4, c 3; 2023: d 9, c 7, b 6, a none; 2024: a 9, b c 8 (tied), d 1.
	want := map[string][]string{"a": {"2", "—", "1"}, "b": {"3", "3", "2"}, "c": {"4", "2", "2"}, "d": {"1", "1", "4"}}
	for id, cells := range want {
		if !slices.Equal(rows[id], cells) {
			t.Errorf("%s: ranks %v, want %v", id, rows[id], cells)
		}
	}
	var o struct {
		Series []struct{ Data []any }
		YAxis  []struct {
			Inverse  bool
			Min, Max int
		}
	}
	if err := json.Unmarshal([]byte(c.Option), &o); err != nil {
		t.Fatal(err)
	}
	if len(o.YAxis) != 1 || !o.YAxis[0].Inverse || o.YAxis[0].Min != 1 || o.YAxis[0].Max != 4 {
		t.Errorf("rank axis %+v: want rank 1 at the top, down to 4", o.YAxis)
	}
	if got := o.Series[0].Data[1]; got != "-" {
		t.Errorf("a year without a figure should be a gap, got %v", got)
	}
}

func TestRankHistoryInTierFromMembership(t *testing.T) {
	site, ind := rankSite(t)
	b := &Builder{Site: site, Words: testWords(t)}
	d := site.Towns[3]
	c := b.RankHistory("h", "历年排名", ind, d, site.RankYears(ind))
	if got := c.Table.Head; !slices.Equal(got[2:], []string{"全部专业镇中排名", "市级专业镇中排名"}) {
		t.Errorf("head %v", got)
	}
	var got [][]string
	for _, r := range c.Table.Rows {
		got = append(got, r.Cells)
	}
	// d is a member of 市级 from 2024: no rank in its tier before; in 2024
	// it is last of three members (b, c tied at 8 above it).
	want := [][]string{{"9.0", "1/4", "—"}, {"9.0", "1/3", "—"}, {"1.0", "4/4", "3/3"}}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("%d: %v, want %v", site.Years[i], got[i], want[i])
		}
	}
}

func TestGrowthRankingCapped(t *testing.T) {
	site, ind := rankSite(t)
	b := &Builder{Site: site, Words: testWords(t)}
	r := model.RankGrowth(site.Towns, ind, 2)
	c := b.GrowthRanking("g", "增速排名", ind, r, 2, 2)
	var heads []string
	for _, row := range c.Table.Rows {
		heads = append(heads, row.Header)
	}
	// 2024 growth: b +33.3, c +14.3, d −88.9; a has no base.
	if !slices.Equal(heads, []string{"b", "c", "其余 1 个镇", "1 个镇无数据"}) {
		t.Errorf("rows %v", heads)
	}
	if c.Table.Rows[0].Cells[1] != "+33.3" || c.Unit != "%" {
		t.Errorf("first row %v, unit %q", c.Table.Rows[0].Cells, c.Unit)
	}
}
