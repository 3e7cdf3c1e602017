package render

import (
	"slices"
	"strconv"
	"sync"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
)

// Limits that keep every page small however many towns a site has. A page
// that would list or chart every town lists a page of them, or charts the
// top ones and sums up the rest. Sites as small as the sample never reach
// them, so their pages show everything.
const (
	// RowsPerPage is the number of towns in one page of the towns list and
	// of a tier's member table: about 200 KB of HTML, and a page a phone
	// can still scroll.
	RowsPerPage = 500
	// FullRanking is the most towns a ranking chart draws whole; above it
	// the chart draws the top RankingTop towns and the page's town.
	FullRanking = 30
	RankingTop  = 20
	// ReportTop is how many towns an annual report's table lists of a
	// tier, or of the site, of more than FullRanking: the leading ones by
	// the first indicator, as the report workbook's tier sheets do.
	ReportTop = 100
	// LinesTop is how many towns a chart of every town's line draws when
	// there are more than FullRanking.
	LinesTop = 10
	// LinkSample is how many towns a list of links on the home, tiers and
	// 404 pages shows before a link to the whole list.
	LinkSample = 12
)

// ranks holds what many pages share and that costs time in proportion to the
// number of towns: the rankings of each indicator in the latest year, for the
// site (the model's, model.Site.Ranked) and for each tier (cut from it), and
// every town's standing on "each" targets. Made once in New, so that no
// page's work grows with the site's size.
type ranks struct {
	site   map[string]*model.Ranking                 // indicator id ->
	tier   map[*model.Tier]map[string]*model.Ranking // tier -> indicator id ->
	checks map[*model.TargetResult]map[*model.Town]*model.TownCheck
	joined map[*model.Tier][]joined // members recognised after the first year, for membershipNotes
	// growths rank each indicator's changes, the first time a page asks.
	growths map[string]*growthRank
}

type growthRank struct {
	once sync.Once
	r    *model.Ranking
}

// yearRanks are every town's ranks by ind in every year, made once a
// site (model.Site.RankYears).
func (f *Frame) yearRanks(ind *model.Indicator) *model.YearRanks { return f.Site.RankYears(ind) }

// growthRanking ranks every town by its change of ind in the latest year,
// once per site: each language's page draws it.
func (f *Frame) growthRanking(ind *model.Indicator) *model.Ranking {
	g := f.r.ranks.growths[ind.ID]
	g.once.Do(func() { g.r = model.RankGrowth(f.Site.Towns, ind, f.LatestIndex) })
	return g.r
}

// bumpTowns are the towns a chart of ranks over the years draws: every
// town when they are few, the leading ones of the latest year otherwise.
func (f *Frame) bumpTowns(ind *model.Indicator) []*model.Town {
	r := f.r.ranks.site[ind.ID]
	if len(f.Site.Towns) <= FullRanking {
		// Those without a figure in the latest year may have had one before.
		towns := slices.Clone(r.Towns)
		for _, t := range f.Site.Towns {
			if r.Position(t) < 0 {
				towns = append(towns, t)
			}
		}
		return towns
	}
	return r.Towns[:min(LinesTop, len(r.Towns))]
}

func newRanks(site *model.Site) *ranks {
	yi := len(site.Years) - 1
	r := &ranks{
		site:    map[string]*model.Ranking{},
		tier:    map[*model.Tier]map[string]*model.Ranking{},
		checks:  map[*model.TargetResult]map[*model.Town]*model.TownCheck{},
		joined:  joinedByTier(site),
		growths: map[string]*growthRank{},
	}
	for _, ind := range site.Indicators {
		r.site[ind.ID] = site.Ranked(ind, yi)
		r.growths[ind.ID] = &growthRank{}
	}
	for _, t := range site.Tiers {
		r.tier[t] = map[string]*model.Ranking{}
		for _, ind := range site.Indicators {
			r.tier[t][ind.ID] = r.site[ind.ID].Among(t.Towns)
		}
	}
	for _, t := range site.Targets {
		if len(t.Towns) == 0 {
			continue
		}
		m := make(map[*model.Town]*model.TownCheck, len(t.Towns))
		for i := range t.Towns {
			m[t.Towns[i].Town] = &t.Towns[i]
		}
		r.checks[t] = m
	}
	return r
}

// ranking charts towns of a scope for ind in the latest year: all of them
// when they are few, the top ones and highlight otherwise.
func (f *Frame) ranking(id, title string, ind *model.Indicator, towns []*model.Town, ranked *model.Ranking, highlight *model.Town) *chart.Chart {
	if len(towns) <= FullRanking {
		return f.charts.Ranking(id, title, ind, towns, f.LatestIndex, highlight)
	}
	return f.charts.RankingTop(id, title, ind, ranked, f.LatestIndex, highlight, RankingTop)
}

// rankingAt is ranking for year index yi, which need not be the latest: an
// annual report's, cut from the site's ranking of that year.
func (f *Frame) rankingAt(id, title string, ind *model.Indicator, towns []*model.Town, yi int) *chart.Chart {
	if len(towns) <= FullRanking {
		return f.charts.Ranking(id, title, ind, towns, yi, nil)
	}
	return f.charts.RankingTop(id, title, ind, f.Site.Ranked(ind, yi).Among(towns), yi, nil, RankingTop)
}

// lines charts every town's series when they are few, the leading ones
// otherwise.
func (f *Frame) lines(id, title string, ind *model.Indicator) *chart.Chart {
	if len(f.Site.Towns) <= FullRanking {
		return f.charts.Lines(id, title, ind, f.Site.Towns)
	}
	return f.charts.LinesTop(id, title, ind, f.r.ranks.site[ind.ID], LinesTop)
}

// PagerLink is one link of a list's pager.
type PagerLink struct {
	Name    string
	Href    string
	Current bool
	Gap     bool // stands for pages left out
}

// pager links the pages of a list: first, last, and those near this one.
func (f *Frame) pager() []PagerLink {
	if f.PageCount <= 1 {
		return nil
	}
	dir := f.listDir()
	href := func(n int) string {
		if n == 1 {
			return f.Rel(dir + "/index.html")
		}
		return f.Rel(dir + "/page/" + strconv.Itoa(n) + "/index.html")
	}
	var out []PagerLink
	last := 0
	for n := 1; n <= f.PageCount; n++ {
		if n != 1 && n != f.PageCount && (n < f.PageNo-2 || n > f.PageNo+2) {
			continue
		}
		if last != 0 && n != last+1 {
			out = append(out, PagerLink{Name: "…", Gap: true})
		}
		out = append(out, PagerLink{Name: f.Lang.Num(float64(n), 0), Href: href(n), Current: n == f.PageNo})
		last = n
	}
	return out
}

// listDir is the folder of a paged list's first page.
func (f *Frame) listDir() string {
	if f.Kind == TierPage {
		return "tiers/" + f.Tier.ID
	}
	return "towns"
}

// List is one page of a list of towns too long for one page (the towns
// list, a tier's members): its pager, and which rows of the whole list it
// shows.
type List struct {
	Pager    []PagerLink // nil for a list that fits one page
	FirstRow int         // 1-based, in the whole list
	LastRow  int
}

func (f *Frame) list() List {
	first := (f.PageNo-1)*RowsPerPage + 1
	return List{Pager: f.pager(), FirstRow: first, LastRow: first + len(f.Items) - 1}
}
