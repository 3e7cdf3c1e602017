package render

import (
	"html/template"
	"strconv"

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
// site and for each tier, and every town's standing on "each" targets. Made
// once in New, so that no page's work grows with the site's size.
type ranks struct {
	site   map[string]*model.Ranking                 // indicator id ->
	tier   map[*model.Tier]map[string]*model.Ranking // tier -> indicator id ->
	checks map[*model.TargetResult]map[*model.Town]*model.TownCheck
	joined map[*model.Tier][]joined // members recognised after the first year, for MembershipNotes
}

func newRanks(site *model.Site) *ranks {
	yi := len(site.Years) - 1
	r := &ranks{
		site:   map[string]*model.Ranking{},
		tier:   map[*model.Tier]map[string]*model.Ranking{},
		checks: map[*model.TargetResult]map[*model.Town]*model.TownCheck{},
		joined: joinedByTier(site),
	}
	for _, ind := range site.Indicators {
		r.site[ind.ID] = model.Rank(site.Towns, ind, yi)
	}
	for _, t := range site.Tiers {
		r.tier[t] = map[string]*model.Ranking{}
		for _, ind := range site.Indicators {
			r.tier[t][ind.ID] = model.Rank(t.Towns, ind, yi)
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
func (p *Page) ranking(id, title string, ind *model.Indicator, towns []*model.Town, ranked *model.Ranking, highlight *model.Town) *chart.Chart {
	if len(towns) <= FullRanking {
		return p.charts.Ranking(id, title, ind, towns, p.LatestIndex(), highlight)
	}
	return p.charts.RankingTop(id, title, ind, ranked, p.LatestIndex(), highlight, RankingTop)
}

// rankingAt is ranking for year index yi, which need not be the latest: an
// annual report's. Such pages are few, so the ranking is made for the page.
func (p *Page) rankingAt(id, title string, ind *model.Indicator, towns []*model.Town, yi int) *chart.Chart {
	if len(towns) <= FullRanking {
		return p.charts.Ranking(id, title, ind, towns, yi, nil)
	}
	return p.charts.RankingTop(id, title, ind, model.Rank(towns, ind, yi), yi, nil, RankingTop)
}

// lines charts every town's series when they are few, the leading ones
// otherwise.
func (p *Page) lines(id, title string, ind *model.Indicator) *chart.Chart {
	if len(p.Site.Towns) <= FullRanking {
		return p.charts.Lines(id, title, ind, p.Site.Towns)
	}
	return p.charts.LinesTop(id, title, ind, p.r.ranks.site[ind.ID], LinesTop)
}

// Capped tells, for a chart drawn from a ranking, whether it leaves towns
// out, so the page can say so.
func (p *Page) Capped() bool { return len(p.Site.Towns) > FullRanking }

// Some is the first LinkSample towns of a list, for lists of links.
func (p *Page) Some(towns []*model.Town) []*model.Town { return towns[:min(len(towns), LinkSample)] }

// More is how many towns Some leaves out.
func (p *Page) More(towns []*model.Town) int { return max(len(towns)-LinkSample, 0) }

// paged splits a list page of towns into pages of RowsPerPage. The first
// page keeps the list's own path; page n (from 2) is dir/page/n/index.html,
// two folders deep, so it can never be a town's or tier's page.
func paged(base *Page, dir string, towns []*model.Town) []*Page {
	count := max((len(towns)+RowsPerPage-1)/RowsPerPage, 1)
	out := make([]*Page, count)
	for n := range count {
		p := *base
		p.PageNo, p.PageCount = n+1, count
		p.Items = towns[n*RowsPerPage : min((n+1)*RowsPerPage, len(towns))]
		if n > 0 {
			p.Path = dir + "/page/" + strconv.Itoa(n+1) + "/index.html"
		}
		out[n] = &p
	}
	return out
}

// PagerLink is one link of a list's pager.
type PagerLink struct {
	Name    string
	Href    string
	Current bool
	Gap     bool // stands for pages left out
}

// Pager links the pages of a list: first, last, and those near this one.
func (p *Page) Pager() []PagerLink {
	if p.PageCount <= 1 {
		return nil
	}
	dir := p.listDir()
	href := func(n int) string {
		if n == 1 {
			return p.Rel(dir + "/index.html")
		}
		return p.Rel(dir + "/page/" + strconv.Itoa(n) + "/index.html")
	}
	var out []PagerLink
	last := 0
	for n := 1; n <= p.PageCount; n++ {
		if n != 1 && n != p.PageCount && (n < p.PageNo-2 || n > p.PageNo+2) {
			continue
		}
		if last != 0 && n != last+1 {
			out = append(out, PagerLink{Name: "…", Gap: true})
		}
		out = append(out, PagerLink{Name: p.Lang.Num(float64(n), 0), Href: href(n), Current: n == p.PageNo})
		last = n
	}
	return out
}

// FirstRow is the 1-based number of the page's first town in the whole list.
func (p *Page) FirstRow() int { return (p.PageNo-1)*RowsPerPage + 1 }

// LastRow is the number of the page's last town in the whole list.
func (p *Page) LastRow() int { return p.FirstRow() + len(p.Items) - 1 }

// listDir is the folder of a paged list's first page.
func (p *Page) listDir() string {
	if p.Kind == TierPage {
		return "tiers/" + p.Tier.ID
	}
	return "towns"
}

// ReleaseCharts forgets the charts the page drew, once their data files
// are made, so that a build of many pages does not hold them all.
func (p *Page) ReleaseCharts() { p.made = nil }

// TownsRows are the rows of the towns list and TierRows those of a tier's
// member table, for the page's Items: HTML written in Go, as a page of 500
// towns would otherwise run thousands of template actions.
func (p *Page) TownsRows() template.HTML { return p.listRows(true) }

// TierRows: see TownsRows.
func (p *Page) TierRows() template.HTML { return p.listRows(false) }
