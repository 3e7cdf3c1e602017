package render

import (
	"slices"
	"testing"

	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
)

// A town's share is made once for its pages in every language, let go
// when the last has taken it, and never held for more than keepTowns
// towns whose other pages do not come.
func TestTownSharesLetGo(t *testing.T) {
	r := &Renderer{Langs: []*i18n.Lang{{Code: "zh-CN"}, {Code: "en"}}}
	made := 0
	make := func() *townShared { made++; return &townShared{} }
	town := &model.Town{ID: "a"}
	f := &Frame{r: r, Town: town}
	first, second := f.townShared(make), f.townShared(make)
	if made != 1 || first != second {
		t.Errorf("two languages' pages: made %d shares, the same one %v; want 1, true", made, first == second)
	}
	if len(r.towns.entries) != 0 {
		t.Errorf("held after every language took it: %d towns", len(r.towns.entries))
	}
	if f.townShared(make); made != 2 {
		t.Errorf("a town rendered again: made %d shares in all, want 2", made)
	}
	for i := range 3 * keepTowns {
		(&Frame{r: r, Town: &model.Town{ID: string(rune('b' + i))}}).townShared(make)
	}
	if n := len(r.towns.entries); n > keepTowns || len(r.towns.recent) > keepTowns {
		t.Errorf("towns whose other pages never came: %d held, %d recent; want at most %d", n, len(r.towns.recent), keepTowns)
	}
}

// RenderOrder puts a town's pages in every language together, at the
// first one's place, and keeps the order of the others.
func TestRenderOrder(t *testing.T) {
	zh, en := &i18n.Lang{Code: "zh-CN"}, &i18n.Lang{Code: "en", Prefix: "en/"}
	a, b := &model.Town{ID: "a"}, &model.Town{ID: "b"}
	pages := []*Page{
		{Kind: HomePage, Lang: zh}, {Kind: TownPage, Town: a, Lang: zh}, {Kind: TownPage, Town: b, Lang: zh}, {Kind: IndicatorPage, Lang: zh},
		{Kind: HomePage, Lang: en}, {Kind: TownPage, Town: a, Lang: en}, {Kind: TownPage, Town: b, Lang: en}, {Kind: IndicatorPage, Lang: en},
	}
	if got, want := RenderOrder(pages), []int{0, 1, 5, 2, 6, 3, 4, 7}; !slices.Equal(got, want) {
		t.Errorf("RenderOrder = %v, want %v", got, want)
	}
}
