package render

import (
	"sync"

	"github.com/townpress/townpress/internal/model"
)

// Keys of pages (output.Key): the digest of every input a page shows,
// by which a build takes the page and its files from the previous site
// without rendering it. Town pages are keyed, the national site's many
// pages, and indicator pages, whose charts of every town cost the most;
// the others, a few hundred, are rendered every build.
//
// A town page shows, besides what every page shows (the build's input
// key: the program, config, layouts, releases and the site's shared
// figures): its town's row; its neighbours' names in the pager; its rank
// in its tier by every indicator in the latest year; its rank among all
// towns and in its tier by the first indicator over the years; its tier's
// leaders by the first indicator with the tier's total, or every member
// of a tier small enough to chart whole; and the targets of its scope.
// An indicator's page shows every town's figures of the indicator and
// every town's name.
// What newTownView reads must be here: TestKeysSeeEveryEdit builds sites
// edited every way and checks each keyed page against a fresh render.

// SetInputKey sets the key of every input but the towns' rows, which
// pages' keys start from; the zero key (the default) keys no page.
func (r *Renderer) SetInputKey(k [32]byte) { r.inputKey = k }

// InputKey is the key SetInputKey set, which the downloads' keys start
// from too.
func (r *Renderer) InputKey() [32]byte { return r.inputKey }

// PageKey is the key of p's files, or false for a page made every build.
func (r *Renderer) PageKey(p *Page) ([32]byte, bool) {
	if r.inputKey == ([32]byte{}) || len(r.Site.Years) == 0 || len(r.Site.Indicators) == 0 {
		return [32]byte{}, false
	}
	switch p.Kind {
	case TownPage:
		return r.townKey(p), true
	case IndicatorPage:
		return r.indicatorKey(p), true
	}
	return [32]byte{}, false
}

// indicatorKey is the key of an indicator's page: its towns ranked, over
// the years and by tier, show every town's figures of the indicator (its
// value scripts' key) and every town's name and tier.
func (r *Renderer) indicatorKey(p *Page) [32]byte {
	d := model.NewDigest()
	values, _ := r.ValuesKey(p.Indicator)
	d.Bytes(values[:])
	d.Str(string(p.Kind))
	d.Str(p.FullPath())
	names := r.townNames()
	d.Bytes(names[:])
	return d.Sum()
}

// townNames is the digest of every town's name, tier and the rest but its
// figures (model.Digest.TownInfo), made once: every indicator's pages
// show them.
func (r *Renderer) townNames() [32]byte {
	r.namesOnce.Do(func() {
		d := model.NewDigest()
		for _, t := range r.Site.Towns {
			d.TownInfo(t)
		}
		r.names = d.Sum()
	})
	return r.names
}

// townKey is the key of a town's page: its town's part (townPart), which
// its pages in every language share, and the page's kind and path.
func (r *Renderer) townKey(p *Page) [32]byte {
	part := r.townPart(p.Town)
	d := model.NewDigest()
	d.Bytes(part[:])
	d.Str(string(p.Kind))
	d.Str(p.FullPath())
	return d.Sum()
}

// townPart is the digest of what a town's page shows in any language,
// made once a build for the town's pages in every language: digesting
// the town's every figure is most of a page key's cost.
func (r *Renderer) townPart(t *model.Town) [32]byte {
	r.partsOnce.Do(func() { r.parts = make([]townPart, len(r.Site.Towns)) })
	pt := &r.parts[t.Index]
	pt.once.Do(func() { pt.key = r.makeTownPart(t) })
	return pt.key
}

// townPart is a town's townPart, made once.
type townPart struct {
	once sync.Once
	key  [32]byte
}

func (r *Renderer) makeTownPart(t *model.Town) [32]byte {
	site := r.Site
	d := model.NewDigest()
	d.Bytes(r.inputKey[:])
	d.Town(t)
	towns := t.Tier.Towns
	at := t.Index - towns[0].Index
	for _, i := range []int{at - 1, at + 1} {
		if i < 0 || i >= len(towns) {
			d.Str("")
			continue
		}
		d.Str(towns[i].ID)
		d.Str(towns[i].Name)
		d.Str(towns[i].NameEn)
	}
	for _, ind := range site.Indicators {
		ranked := r.ranks.tier[t.Tier][ind.ID]
		d.Int(ranked.Rank(t))
		d.Int(len(ranked.Towns))
	}
	first := site.Indicators[0]
	yr := site.RankYears(first)
	for yi := range site.Years {
		d.Int(int(yr.Site[yi][t.Index]))
		d.Int(yr.SiteOf[yi])
		d.Int(int(yr.Tier[yi][t.Index]))
		d.Int(yr.TierOf[yi][t.Tier.Index])
	}
	tk := r.tierKeys()[t.Tier]
	d.Bytes(tk.targets[:])
	d.Bytes(tk.peers[:])
	if len(towns) > FullRanking {
		// The chart of the tier's leaders shows the town too, with the
		// two on either side of it.
		ranked := r.ranks.tier[t.Tier][first.ID]
		pos := ranked.Position(t)
		d.Int(pos)
		for i := max(pos-2, RankingTop); pos >= 0 && i <= pos+2 && i < len(ranked.Towns); i++ {
			peerRow(d, ranked, i, first)
		}
	}
	return d.Sum()
}

// tierKey is what every town page of a tier shows of it.
type tierKey struct {
	targets [32]byte // the results of the targets whose scope takes in the tier
	peers   [32]byte // the tier's leaders by the first indicator, or all its towns
}

// tierKeys are the tiers' keys, made the first time a page asks.
func (r *Renderer) tierKeys() map[*model.Tier]tierKey {
	r.tierKeysOnce.Do(func() {
		site := r.Site
		first := site.Indicators[0]
		r.tierKeyMap = map[*model.Tier]tierKey{}
		for _, tier := range site.Tiers {
			var k tierKey
			d := model.NewDigest()
			for _, t := range site.Targets {
				if t.AppliesTo(tier) {
					d.Target(t)
				}
			}
			k.targets = d.Sum()
			d = model.NewDigest()
			if len(tier.Towns) <= FullRanking {
				for _, t := range tier.Towns {
					d.Town(t)
				}
			} else {
				ranked := r.ranks.tier[tier][first.ID]
				d.Int(len(ranked.Towns))
				d.Int(ranked.Missing)
				d.Value(ranked.Total)
				for i := 0; i < RankingTop && i < len(ranked.Towns); i++ {
					peerRow(d, ranked, i, first)
				}
			}
			k.peers = d.Sum()
			r.tierKeyMap[tier] = k
		}
	})
	return r.tierKeyMap
}

// peerRow writes the row of the ranking's i-th town a chart of leaders
// shows: its rank, names and figures of the indicator.
func peerRow(d *model.Digest, ranked *model.Ranking, i int, ind *model.Indicator) {
	t := ranked.Towns[i]
	d.Int(ranked.RankAt(i))
	d.Str(t.ID)
	d.Str(t.Name)
	d.Str(t.NameEn)
	d.Series(t.Values[ind.ID])
	d.Series(t.Typed[ind.ID])
}

// keysState is the renderer's part of page keys.
type keysState struct {
	inputKey     [32]byte
	tierKeysOnce sync.Once
	tierKeyMap   map[*model.Tier]tierKey
	namesOnce    sync.Once
	names        [32]byte
	values       sync.Map // indicator id -> [32]byte: ValuesKey, made once
	partsOnce    sync.Once
	parts        []townPart // by Town.Index
}

// ValuesKey is the key of an indicator's value scripts
// (search.IndicatorScripts): every town's figures of the indicator and,
// for a rate, of its numerator and denominator, whose totals make its
// total; false when no input key is set.
func (r *Renderer) ValuesKey(ind *model.Indicator) ([32]byte, bool) {
	if r.inputKey == ([32]byte{}) {
		return [32]byte{}, false
	}
	if k, ok := r.values.Load(ind.ID); ok {
		return k.([32]byte), true
	}
	d := model.NewDigest()
	d.Bytes(r.inputKey[:])
	d.Str("values")
	d.Str(ind.ID)
	for _, in := range []*model.Indicator{ind, ind.Numerator, ind.Denominator} {
		if in == nil {
			d.Str("")
			continue
		}
		d.Str(in.ID)
		for _, t := range r.Site.Towns {
			d.Str(t.ID)
			d.Series(t.Values[in.ID])
			d.Series(t.Typed[in.ID])
		}
	}
	k := d.Sum()
	r.values.Store(ind.ID, k)
	return k, true
}
