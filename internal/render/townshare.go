package render

import (
	"sync"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
)

// A town's pages in each language show the same figures: its changes and
// the texts of its trend tables are the same digits in every language.
// They are made once, by whichever of its pages is rendered first, and
// let go once every language has taken them. The build renders a town's
// pages one after another (RenderOrder), so few towns are held at once.

// townShared is what a town's pages in every language share.
type townShared struct {
	deltas [][]model.Delta      // each indicator's changes over the years (model.Town.Deltas)
	texts  []*chart.SeriesTexts // each indicator's trend texts
}

// townShares holds the shares of the towns being rendered.
type townShares struct {
	mu      sync.Mutex
	entries map[*model.Town]*townShare
	// recent are the towns last asked for, oldest first: a town whose
	// pages are not all rendered (some taken from the previous build by
	// their key, or a page rendered alone) is let go when it falls off.
	recent []*model.Town
}

type townShare struct {
	once sync.Once
	v    *townShared
	left int // the languages yet to take it
}

// keepTowns is how many towns' shares are held at most: a page's worth of
// towns for each core, and more, at 13 KB or so each.
const keepTowns = 64

// townShared is the share of the page's town, made by make when its page
// is the first of the town's to ask.
func (f *Frame) townShared(make func() *townShared) *townShared {
	s, t := &f.r.towns, f.Town
	s.mu.Lock()
	e := s.entries[t]
	if e == nil {
		if s.entries == nil {
			s.entries = map[*model.Town]*townShare{}
		}
		e = &townShare{left: len(f.r.Langs)}
		s.entries[t] = e
		s.recent = append(s.recent, t)
		if len(s.recent) > keepTowns {
			if old := s.recent[0]; s.entries[old] != nil && old != t {
				delete(s.entries, old)
			}
			s.recent = append(s.recent[:0], s.recent[1:]...)
		}
	}
	if e.left--; e.left <= 0 {
		delete(s.entries, t)
	}
	s.mu.Unlock()
	e.once.Do(func() { e.v = make() })
	return e.v
}

// RenderOrder is the order in which to render pages (a list such as
// Pages gives), as indexes into it: as listed, but for a town's pages in
// every language, which follow the first of them, so that what they share
// is made once and let go (townShared).
func RenderOrder(pages []*Page) []int {
	byTown := map[*model.Town][]int{}
	for i, p := range pages {
		if p.Kind == TownPage {
			byTown[p.Town] = append(byTown[p.Town], i)
		}
	}
	order := make([]int, 0, len(pages))
	for i, p := range pages {
		switch {
		case p.Kind != TownPage:
			order = append(order, i)
		case byTown[p.Town] != nil:
			order = append(order, byTown[p.Town]...)
			delete(byTown, p.Town)
		}
	}
	return order
}
