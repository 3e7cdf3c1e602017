package chart

import (
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
)

func TestRankingTiesShareARank(t *testing.T) {
	ind := &model.Indicator{Indicator: config.Indicator{ID: "output", Name: "产值", Unit: "亿元", Decimals: 1}}
	town := func(id string, v int64, ok bool) *model.Town {
		val := model.Value{}
		if ok {
			val = model.V(num.Int(v))
		}
		return &model.Town{ID: id, Name: id, Values: map[string]model.Series{"output": {val}}}
	}
	towns := []*model.Town{town("a", 5, true), town("b", 3, true), town("c", 5, true), town("d", 0, false), town("e", 1, true)}
	words := testWords(t)
	b := &Builder{Site: &model.Site{Config: &config.Config{}, Years: []int{2024}}, Words: words}
	c := b.Ranking("r", "排名", ind, towns, 0, nil)
	want := map[string]string{"a": "1", "c": "1", "b": "3", "e": "4", "d": "—"}
	for _, row := range c.Table.Rows {
		if got := row.Cells[0]; got != want[row.Header] {
			t.Errorf("%s: rank %s, want %s", row.Header, got, want[row.Header])
		}
	}
	if last := c.Table.Rows[len(c.Table.Rows)-1]; last.Header != "d" || last.Cells[1] != "—" {
		t.Errorf("a town without a value should come last and show —, got %v", last)
	}
}
