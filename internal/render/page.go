package render

import (
	"fmt"
	"strconv"

	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
)

// Page is one page of the site: its kind, its language and the part of
// the model it shows. Pages lists them all, which for a national site is
// 80,000, so a Page holds no more than that; Render makes its view (see
// Frame) when it is rendered, and lets it go.
type Page struct {
	Kind       Kind
	Path       string // inside the language edition, such as "towns/qingxu-vinegar/index.html"
	Lang       *i18n.Lang
	Tier       *model.Tier      // tier pages
	Town       *model.Town      // town pages
	Indicator  *model.Indicator // indicator pages
	ReportYear int              // report pages
	Release    string           // release pages: the release's id

	// Lists of towns too long for one page come in pages (see paged).
	PageNo    int           // from 1
	PageCount int           // 1 for a list that fits one page
	Items     []*model.Town // the towns of this page of the list
}

// Pages lists every page of every language, in a stable order.
func (r *Renderer) Pages() []*Page {
	var pages []*Page
	for _, lang := range r.Langs {
		add := func(ps ...*Page) {
			for _, p := range ps {
				p.Lang = lang
				pages = append(pages, p)
			}
		}
		add(&Page{Kind: HomePage, Path: "index.html"}, &Page{Kind: TiersPage, Path: "tiers/index.html"})
		add(paged(&Page{Kind: TownsPage, Path: "towns/index.html"}, "towns", r.Site.Towns)...)
		add(&Page{Kind: IndicatorsPage, Path: "indicators/index.html"}, &Page{Kind: NotFoundPage, Path: "404.html"},
			&Page{Kind: SearchPage, Path: "search/index.html"}, &Page{Kind: ComparePage, Path: "compare/index.html"})
		for _, t := range r.Site.Tiers {
			add(paged(&Page{Kind: TierPage, Path: "tiers/" + t.ID + "/index.html", Tier: t}, "tiers/"+t.ID, t.Towns)...)
		}
		for _, t := range r.Site.Towns {
			add(&Page{Kind: TownPage, Path: "towns/" + t.ID + "/index.html", Town: t})
		}
		for _, ind := range r.Site.Indicators {
			add(&Page{Kind: IndicatorPage, Path: "indicators/" + ind.ID + "/index.html", Indicator: ind})
		}
		add(&Page{Kind: ReportsPage, Path: "reports/index.html"})
		for _, y := range r.Site.ReportYears() {
			add(&Page{Kind: ReportPage, Path: fmt.Sprintf("reports/%d/index.html", y), ReportYear: y})
		}
		add(&Page{Kind: DownloadsPage, Path: "downloads/index.html"})
		add(r.releasePages()...)
	}
	return pages
}

// FullPath is the page's path from the site root.
func (p *Page) FullPath() string { return p.Lang.Prefix + p.Path }

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
