package render

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
)

// Page is one page to render: its kind, its language and the part of the
// model it shows. Templates reach everything else through its methods.
type Page struct {
	Kind       Kind
	Path       string // inside the language edition, such as "towns/qingxu-vinegar/index.html"
	Lang       *i18n.Lang
	Site       *model.Site
	Tier       *model.Tier      // tier pages
	Town       *model.Town      // town pages
	Indicator  *model.Indicator // indicator pages
	ReportYear int              // report pages

	// Lists of towns too long for one page come in pages (see paged).
	PageNo    int           // from 1
	PageCount int           // 1 for a list that fits one page
	Items     []*model.Town // the towns of this page of the list

	// Tr is the page language's UI strings by key: {{.Tr.unit}} is
	// {{.T "unit"}} for strings without arguments, at a fraction of the cost.
	Tr map[string]string

	r      *Renderer
	ed     *edition
	charts *chart.Builder
	made   []*chart.Chart // charts the page drew, for their data files
}

// Charts are the charts the page drew when it was rendered, each once, in
// the order drawn: build writes their CSV and metadata next to the page.
func (p *Page) Charts() []*chart.Chart { return p.made }

// keep records a chart the page draws. A page renders on one goroutine.
func (p *Page) keep(cs ...*chart.Chart) []*chart.Chart {
	for _, c := range cs {
		if !slices.ContainsFunc(p.made, func(m *chart.Chart) bool { return m.ID == c.ID }) {
			p.made = append(p.made, c)
		}
	}
	return cs
}

// Pages lists every page of every language, in a stable order.
func (r *Renderer) Pages() []*Page {
	var pages []*Page
	for _, lang := range r.Langs {
		ed := r.editions[lang]
		add := func(p *Page) {
			p.Lang, p.Site, p.r, p.Tr, p.ed = lang, r.Site, r, lang.Strings(), ed
			p.charts = &chart.Builder{Site: r.Site, Words: ed.words, Skeletons: ed.skeletons}
			pages = append(pages, p)
		}
		add(&Page{Kind: HomePage, Path: "index.html"})
		add(&Page{Kind: TiersPage, Path: "tiers/index.html"})
		for _, p := range paged(&Page{Kind: TownsPage, Path: "towns/index.html"}, "towns", r.Site.Towns) {
			add(p)
		}
		add(&Page{Kind: IndicatorsPage, Path: "indicators/index.html"})
		add(&Page{Kind: NotFoundPage, Path: "404.html"})
		add(&Page{Kind: SearchPage, Path: "search/index.html"})
		add(&Page{Kind: ComparePage, Path: "compare/index.html"})
		for _, t := range r.Site.Tiers {
			for _, p := range paged(&Page{Kind: TierPage, Path: "tiers/" + t.ID + "/index.html", Tier: t}, "tiers/"+t.ID, t.Towns) {
				add(p)
			}
		}
		for _, t := range r.Site.Towns {
			add(&Page{Kind: TownPage, Path: "towns/" + t.ID + "/index.html", Town: t})
		}
		for _, ind := range r.Site.Indicators {
			add(&Page{Kind: IndicatorPage, Path: "indicators/" + ind.ID + "/index.html", Indicator: ind})
		}
		add(&Page{Kind: ReportsPage, Path: "reports/index.html"})
		for _, y := range r.Site.ReportYears() {
			p := &Page{Kind: ReportPage, Path: fmt.Sprintf("reports/%d/index.html", y), ReportYear: y}
			add(p)
			p.charts.Until = y
		}
		add(&Page{Kind: DownloadsPage, Path: "downloads/index.html"})
	}
	return pages
}

// FullPath is the page's path from the site root.
func (p *Page) FullPath() string { return p.Lang.Prefix + p.Path }

// up is the relative way from the page's folder back to the site root. The
// 404 page is the exception: hosts serve it at whatever depth the missing
// address had, where relative links lead nowhere, so it links absolutely
// when the site's base URL is known.
func (p *Page) up() string {
	if p.Kind == NotFoundPage && p.Site.Config.Site.BaseURL != "" {
		return strings.TrimRight(p.Site.Config.Site.BaseURL, "/") + "/"
	}
	return strings.Repeat("../", strings.Count(p.FullPath(), "/"))
}

// Rel links to target, a path inside the same language edition. Links are
// always relative, so the site works from any sub-path and from file://.
func (p *Page) Rel(target string) string { return p.up() + p.Lang.Prefix + target }

// Asset links to a file under the shared assets/ folder.
func (p *Page) Asset(name string) string { return p.up() + "assets/" + name }

// T translates a UI string.
func (p *Page) T(key string, args ...any) string { return p.Lang.T(key, args...) }

// words are what the page's language says of figures.
func (p *Page) words() words { return words{p.Lang} }

// Pick chooses the English text in the English edition when there is one.
func (p *Page) Pick(zh, en string) string { return p.Lang.Pick(zh, en) }

// Alternate is the same page in another language.
type Alternate struct {
	Code, Name, Href string
	Current          bool
	URL              string // for the head's hreflang link: see AlternateURL
}

// Alternates lists the page in every language of the site.
func (p *Page) Alternates() []Alternate {
	var out []Alternate
	for _, l := range p.r.Langs {
		out = append(out, Alternate{Code: l.Code, Name: l.T("lang_name"), Href: p.up() + l.Prefix + p.Path, Current: l == p.Lang})
		out[len(out)-1].URL = p.AlternateURL(out[len(out)-1])
	}
	return out
}

// Title is the page's own title, without the site's.
func (p *Page) Title() string {
	switch p.Kind {
	case HomePage:
		return p.SiteTitle()
	case TiersPage:
		return p.T("nav_tiers")
	case TownsPage:
		return p.T("all_towns")
	case IndicatorsPage:
		return p.T("all_indicators")
	case NotFoundPage:
		return p.T("not_found")
	case SearchPage:
		return p.T("search")
	case ComparePage:
		return p.T("compare")
	case TierPage:
		return p.TierName(p.Tier)
	case TownPage:
		return p.TownName(p.Town)
	case IndicatorPage:
		return p.IndName(p.Indicator)
	case ReportsPage:
		return p.T("nav_reports")
	case ReportPage:
		return p.ReportTitle()
	case DownloadsPage:
		return p.T("nav_downloads")
	}
	return ""
}

// HeadTitle is the document title: the page, then the site.
func (p *Page) HeadTitle() string {
	if p.Kind == HomePage {
		return p.SiteTitle()
	}
	if p.PageNo > 1 {
		return p.Title() + " (" + p.T("page_n", p.PageNo, p.PageCount) + ") - " + p.SiteTitle()
	}
	return p.Title() + " - " + p.SiteTitle()
}

func (p *Page) SiteTitle() string {
	return p.Pick(p.Site.Config.Site.Title, p.Site.Config.Site.TitleEn)
}
func (p *Page) Description() string {
	switch p.Kind {
	case TownPage:
		parts := []string{p.TownName(p.Town), p.TierName(p.Town.Tier)}
		for _, s := range []string{p.County(p.Town), p.Industry(p.Town)} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " · ")
	}
	return p.Pick(p.Site.Config.Site.Description, p.Site.Config.Site.DescEn)
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct{ Name, Href string }

// Crumbs is the trail from the home page to this page's parent.
func (p *Page) Crumbs() []Crumb {
	home := Crumb{p.T("nav_home"), p.Rel("index.html")}
	switch p.Kind {
	case TierPage:
		return []Crumb{home, {p.T("nav_tiers"), p.Rel("tiers/index.html")}}
	case TownPage:
		return []Crumb{home, {p.T("nav_towns"), p.Rel("towns/index.html")}, {p.TierName(p.Town.Tier), p.TierHref(p.Town.Tier)}}
	case IndicatorPage:
		return []Crumb{home, {p.T("nav_indicators"), p.Rel("indicators/index.html")}}
	case ReportPage:
		return []Crumb{home, {p.T("nav_reports"), p.Rel("reports/index.html")}}
	case HomePage, NotFoundPage:
		return nil
	}
	return []Crumb{home}
}

// NavItem is an entry of the main navigation.
type NavItem struct {
	Name, Href string
	Current    bool
}

// NavHTML is the main navigation's list items, as the default base layout
// shows them: every page has them, so they are written in Go.
func (p *Page) NavHTML() template.HTML {
	// The same for every page of one kind, language and depth.
	key := "nav\x00" + p.Lang.Code + "\x00" + string(p.Kind) + "\x00" + p.up()
	if h, ok := p.r.shared.Load(key); ok {
		return h.(template.HTML)
	}
	h := p.navHTML()
	p.r.shared.Store(key, h)
	return h
}

// Nav is the main navigation.
func (p *Page) Nav() []NavItem {
	section := p.Kind.Section()
	return []NavItem{
		{p.T("nav_home"), p.Rel("index.html"), section == HomePage},
		{p.T("nav_tiers"), p.Rel("tiers/index.html"), section == TiersPage},
		{p.T("nav_towns"), p.Rel("towns/index.html"), section == TownsPage},
		{p.T("nav_indicators"), p.Rel("indicators/index.html"), section == IndicatorsPage},
		{p.T("compare"), p.Rel("compare/index.html"), section == ComparePage},
		{p.T("nav_reports"), p.Rel("reports/index.html"), section == ReportsPage},
		{p.T("nav_downloads"), p.Rel("downloads/index.html"), section == DownloadsPage},
	}
}

func (p *Page) TierName(t *model.Tier) string     { return p.Pick(t.Name, t.NameEn) }
func (p *Page) TownName(t *model.Town) string     { return p.Pick(t.Name, t.NameEn) }
func (p *Page) IndName(i *model.Indicator) string { return p.Pick(i.Name, i.NameEn) }
func (p *Page) Unit(i *model.Indicator) string    { return p.Pick(i.Unit, i.UnitEn) }
func (p *Page) TierHref(t *model.Tier) string     { return p.Rel("tiers/" + t.ID + "/index.html") }
func (p *Page) TownHref(t *model.Town) string     { return p.Rel("towns/" + t.ID + "/index.html") }
func (p *Page) IndHref(i *model.Indicator) string { return p.Rel("indicators/" + i.ID + "/index.html") }
func (p *Page) Year(y int) string                 { return p.Lang.Year(y) }
func (p *Page) Latest() int                       { return p.Site.LatestYear() }
func (p *Page) LatestIndex() int                  { return len(p.Site.Years) - 1 }
func (p *Page) SampleData() bool                  { return p.Site.Config.Site.SampleData }
func (p *Page) Source() string                    { return p.Pick(p.Site.Config.Site.Source, p.Site.Config.Site.SourceEn) }
func (p *Page) Note() string                      { return p.Pick(p.Site.Config.Site.Note, p.Site.Config.Site.NoteEn) }
func (p *Page) Organiser() string {
	return p.Pick(p.Site.Config.Site.Organiser, p.Site.Config.Site.OrganiserEn)
}
func (p *Page) County(t *model.Town) string          { return p.Pick(t.County, t.CountyEn) }
func (p *Page) Industry(t *model.Town) string        { return p.Pick(t.Industry, t.IndustryEn) }
func (p *Page) Enterprises(t *model.Town) string     { return p.Pick(t.Enterprises, t.EnterprisesEn) }
func (p *Page) TownDescription(t *model.Town) string { return p.Pick(t.Description, t.DescriptionEn) }

// Count is a number of things as the page's language writes it: 20,000.
func (p *Page) Count(n int) string { return p.Lang.Num(float64(n), 0) }

// Num formats a value with an indicator's decimals; missing shows as —.
func (p *Page) Num(v model.Value, ind *model.Indicator) string {
	return p.Lang.Fig(v.Dec, ind.Decimals)
}

// SignedNum formats a change with its sign and the indicator's decimals.
func (p *Page) SignedNum(v model.Value, ind *model.Indicator) string {
	return p.Lang.SignedFig(v.Dec, ind.Decimals)
}

// Pct formats a year-on-year change with its sign: a growth in percent
// (+5.1%), or a rate's change in percentage points (+0.50个百分点).
func (p *Page) Pct(d model.Delta) string {
	if !d.Valid() {
		return "—"
	}
	if d.Points {
		return p.T("points_fmt", p.Lang.SignedFig(d.Dec, d.Decimals))
	}
	return p.Lang.SignedFig(d.Dec, d.Decimals) + "%"
}

// Trend names the direction of a change for styling: up, down or flat as
// the change is shown (a change that rounds to 0.0 is flat), and good or
// bad by the indicator's sense.
func (p *Page) Trend(d model.Delta, ind *model.Indicator) string {
	if !d.Valid() {
		return "none"
	}
	switch sign := d.Round(d.Decimals, p.Site.Rule).Sign(); {
	case sign > 0 && ind.Better():
		return "up good"
	case sign > 0:
		return "up bad"
	case sign < 0 && ind.Better():
		return "down bad"
	case sign < 0:
		return "down good"
	}
	return "flat"
}

// chartID makes ids unique within a page and stable across builds.
func chartID(parts ...string) string { return strings.Join(parts, "-") }

// Height is a chart's height as an inline style.
func (p *Page) Height(c *Card) template.CSS { return c.Style }
