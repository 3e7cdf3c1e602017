package render

import (
	"html/template"
	"strings"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
)

// Frame is what the view of every page holds, whatever its kind: the page
// and the site, what the frame (base.html) and its partials print, and
// the helpers layouts call (helpers.go). Every kind's view embeds it and
// adds what its layout shows (home.go, town.go, …), so a layout reaches
// .Title and .TownKPIs alike.
//
// What the default layouts print on every page is a field, made before
// the template runs: a field costs a template a lookup, a method a
// reflective call. Methods are for helpers that take arguments and for
// what only a partial made once per language and folder depth, or a
// site's own layout, asks for (Nav, AboutItems, YearsCovered, NavHTML).
type Frame struct {
	// The page, as Pages lists it (a copy, so that layouts find its
	// fields without a search through an embedded struct).
	Kind       Kind
	Path       string // inside the language edition, such as "towns/qingxu-vinegar/index.html"
	Lang       *i18n.Lang
	Tier       *model.Tier      // tier pages
	Town       *model.Town      // town pages
	Indicator  *model.Indicator // indicator pages
	ReportYear int              // report pages
	Release    string           // release pages: the release's id
	PageNo     int              // a long list's page, from 1
	PageCount  int              // 1 for a list that fits one page
	Items      []*model.Town    // the towns of this page of the list

	Site *model.Site
	// Tr is the page language's UI strings by key: {{.Tr.unit}} is
	// {{.T "unit"}} for strings without arguments, at a fraction of the cost.
	Tr map[string]string

	Title       string // the page's own title, without the site's
	HeadTitle   string // the document title: the page, then the site
	SiteTitle   string
	Description string
	Canonical   string // the page's absolute address; "" without a base URL
	OGLocale    string // the language as Open Graph writes it, zh_CN
	Robots      string // "noindex" for pages that are not content, else ""
	Alternates  []Alternate
	Crumbs      []Crumb // from the home page to this page's parent
	// JSConfig is the page script's settings: where the site root and
	// this edition are, the language and the strings the script shows.
	JSConfig template.JS
	// ECharts is the chart library's file in assets/: the site's bundle,
	// or the whole library on the map page of a site that serves the lite
	// one (the lite bundle has no maps).
	ECharts string
	// Scripts are the scripts a page loads after townpress.js.
	Scripts []string
	// SearchAction is where the search form goes when submitted (the
	// search page), SearchShards the folder of the index's pieces the
	// search box loads (internal/search.Shards), SearchIndex the whole
	// index, for the comparison page's picker.
	SearchAction, SearchShards, SearchIndex string

	SampleData        bool   // the site publishes sample data
	Source            string // where the numbers come from
	Note              string // the footer's note
	Organiser         string // 主办单位
	RetrospectiveNote string // the footer's note on retrospective membership; ""
	Latest            int    // the latest year with data
	LatestIndex       int    // its index in Site.Years
	// First is the site's first indicator, the one lists and the home page
	// lead with.
	First           *model.Indicator
	IndicatorsAbout []*model.Indicator
	// Capped tells whether charts drawn from a ranking of every town
	// leave towns out, so a page can say so.
	Capped bool

	// AsOf is the line "数据截至 <date>（<release>）" of a page of figures
	// (Kind.Figures) on a site with releases, else ""; AsOfHref links it
	// to that release's page (for a draft, to the list of releases).
	AsOf, AsOfHref string

	// Charts are the charts the page shows, in the order its view made
	// them: build writes each one's data files next to the page.
	Charts []*chart.Chart

	r         *Renderer
	shareInfo *pageShare // made by the first card that shares
	page      *Page
	ed        *edition
	marks     *chart.Marks // the marks and footnotes of the page's figures, for its legend
	prints    printing     // which fragments the page's layouts print
	statics   int          // how many of its charts are drawn statically so far (static.go)
	charts    *chart.Builder
	up        string // the relative way from the page's folder to the site root
}

// Alternate is the same page in another language.
type Alternate struct {
	Code, Name, Href string
	Current          bool
	URL              string // for the head's hreflang link: see AlternateURL
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct{ Name, Href string }

// NavItem is an entry of the main navigation.
type NavItem struct {
	Name, Href string
	Current    bool
}

// frame makes the page's frame.
func (r *Renderer) frame(p *Page) *Frame {
	site := r.Site
	f := &Frame{Kind: p.Kind, Path: p.Path, Lang: p.Lang, Tier: p.Tier, Town: p.Town, Indicator: p.Indicator,
		ReportYear: p.ReportYear, Release: p.Release, PageNo: p.PageNo, PageCount: p.PageCount, Items: p.Items,
		Site: site, Tr: p.Lang.Strings(), r: r, page: p, ed: r.editions[p.Lang], prints: r.pages[p.Kind].prints}
	f.marks = chart.NewMarks(site)
	if p.Lang.IsEn() {
		f.marks.English(f.T("note_in_chinese"))
	}
	f.charts = &chart.Builder{Site: site, Words: f.ed.words, Skeletons: f.ed.skeletons, Marks: f.marks}
	if p.Kind == ReportPage {
		// The charts of an earlier year's report stop at that year.
		f.charts.Until = p.ReportYear
	}
	f.up = strings.Repeat("../", strings.Count(f.FullPath(), "/"))
	if p.Kind == NotFoundPage && site.Config.Site.BaseURL != "" {
		// Hosts serve the 404 page at whatever depth the missing address
		// had, where relative links lead nowhere: it links absolutely
		// when the site's base URL is known.
		f.up = strings.TrimRight(site.Config.Site.BaseURL, "/") + "/"
	}
	cfg := site.Config.Site
	f.SiteTitle = f.Pick(cfg.Title, cfg.TitleEn)
	f.SampleData, f.Source, f.Note = cfg.SampleData, f.Pick(cfg.Source, cfg.SourceEn), f.Pick(cfg.Note, cfg.NoteEn)
	f.Organiser = f.Pick(cfg.Organiser, cfg.OrganiserEn)
	if site.Retrospective {
		f.RetrospectiveNote = f.T("membership_retrospective")
	}
	f.Latest, f.LatestIndex = site.LatestYear(), len(site.Years)-1
	if len(site.Indicators) > 0 {
		f.First = site.Indicators[0]
	}
	f.IndicatorsAbout = site.Indicators
	f.Capped = len(site.Towns) > FullRanking

	if l := f.releaseLines(); l != nil && l.asOf != "" && p.Kind.Figures() {
		f.AsOf, f.AsOfHref = l.asOf, f.Rel(l.asOfPath)
	}

	f.Title = f.title()
	f.HeadTitle = f.Title + " - " + f.SiteTitle
	switch {
	case p.Kind == HomePage:
		f.HeadTitle = f.SiteTitle
	case p.PageNo > 1:
		f.HeadTitle = f.Title + " (" + f.T("page_n", p.PageNo, p.PageCount) + ") - " + f.SiteTitle
	}
	f.Description = f.Pick(cfg.Description, cfg.DescEn)
	if p.Kind == TownPage {
		parts := []string{f.TownName(p.Town), f.TierName(p.Town.Tier)}
		for _, s := range []string{f.County(p.Town), f.Industry(p.Town)} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		f.Description = strings.Join(parts, " · ")
	}
	if rel := f.release(); rel != nil && rel.Note != "" {
		f.Description = f.Pick(rel.Note, rel.NoteEn)
	}
	if p.Kind != NotFoundPage {
		f.Canonical = f.AbsURL(p.Path)
	}
	f.OGLocale = strings.ReplaceAll(p.Lang.Code, "-", "_")
	if p.Lang.IsEn() {
		f.OGLocale = "en_US"
	}
	if !p.Kind.Indexed() {
		f.Robots = "noindex"
	}
	for _, l := range r.Langs {
		a := Alternate{Code: l.Code, Name: l.T("lang_name"), Href: f.up + l.Prefix + p.Path, Current: l == p.Lang}
		a.URL = f.AlternateURL(a)
		f.Alternates = append(f.Alternates, a)
	}
	f.Crumbs = f.crumbs()
	f.ECharts = "echarts.min.js"
	if p.Kind == MapPage && site.Config.Site.ECharts != "full" {
		f.ECharts = FullEChartsFile
	}
	f.JSConfig = f.jsConfig()
	f.Scripts = f.scripts()
	f.SearchAction, f.SearchShards, f.SearchIndex = f.Rel("search/index.html"), f.Asset("search/"), f.Asset("search-index.js")
	return f
}

// title is the page's own title, without the site's.
func (f *Frame) title() string {
	switch f.Kind {
	case HomePage:
		return f.SiteTitle
	case TiersPage:
		return f.T("nav_tiers")
	case TownsPage:
		return f.T("all_towns")
	case IndicatorsPage:
		return f.T("all_indicators")
	case NotFoundPage:
		return f.T("not_found")
	case SearchPage:
		return f.T("search")
	case ComparePage:
		return f.T("compare")
	case MapPage:
		return f.T("map_title")
	case TierPage:
		return f.TierName(f.Tier)
	case TownPage:
		return f.TownName(f.Town)
	case IndicatorPage:
		return f.IndName(f.Indicator)
	case ReportsPage:
		return f.T("nav_reports")
	case ReportPage:
		return f.T("report_title", f.ReportYear)
	case DownloadsPage:
		return f.T("nav_downloads")
	case ReleasesPage:
		return f.T("releases_title")
	case ReleasePage:
		if rel := f.release(); rel != nil {
			return f.Pick(rel.Title, rel.TitleEn)
		}
	case CalendarPage:
		return f.T("calendar_title")
	}
	return ""
}

func (f *Frame) crumbs() []Crumb {
	home := Crumb{f.T("nav_home"), f.Rel("index.html")}
	switch f.Kind {
	case TierPage:
		return []Crumb{home, {f.T("nav_tiers"), f.Rel("tiers/index.html")}}
	case TownPage:
		return []Crumb{home, {f.T("nav_towns"), f.Rel("towns/index.html")}, {f.TierName(f.Town.Tier), f.TierHref(f.Town.Tier)}}
	case IndicatorPage:
		return []Crumb{home, {f.T("nav_indicators"), f.Rel("indicators/index.html")}}
	case ReportPage:
		return []Crumb{home, {f.T("nav_reports"), f.Rel("reports/index.html")}}
	case ReleasesPage, CalendarPage:
		return []Crumb{home, {f.T("nav_downloads"), f.Rel("downloads/index.html")}}
	case ReleasePage:
		return []Crumb{home, {f.T("nav_downloads"), f.Rel("downloads/index.html")}, {f.T("releases_title"), f.Rel("releases/index.html")}}
	case HomePage, NotFoundPage:
		return nil
	}
	return []Crumb{home}
}

// Nav is the main navigation, its current item the page's section.
func (f *Frame) Nav() []NavItem {
	section := f.Kind.Section()
	items := []NavItem{
		{f.T("nav_home"), f.Rel("index.html"), section == HomePage},
		{f.T("nav_tiers"), f.Rel("tiers/index.html"), section == TiersPage},
		{f.T("nav_towns"), f.Rel("towns/index.html"), section == TownsPage},
		{f.T("nav_indicators"), f.Rel("indicators/index.html"), section == IndicatorsPage},
		{f.T("compare"), f.Rel("compare/index.html"), section == ComparePage},
	}
	if f.Site.Config.HasMap() {
		items = append(items, NavItem{f.T("nav_map"), f.Rel("map/index.html"), section == MapPage})
	}
	return append(items,
		NavItem{f.T("nav_reports"), f.Rel("reports/index.html"), section == ReportsPage},
		NavItem{f.T("nav_downloads"), f.Rel("downloads/index.html"), section == DownloadsPage})
}

// NavHTML is the main navigation's list items as partials/nav.html
// writes them, for base layouts written before that partial.
func (f *Frame) NavHTML() (template.HTML, error) {
	return f.r.partialCached(f.r.pages[f.Kind], "nav", f, f.Kind.Section())
}

// FullPath is the page's path from the site root.
func (f *Frame) FullPath() string { return f.Lang.Prefix + f.Path }

// YearsCovered is the span of years with data, "2020–2024".
func (f *Frame) YearsCovered() string {
	if len(f.Site.Years) == 0 {
		return ""
	}
	first, last := f.Site.Years[0], f.Site.LatestYear()
	if first == last {
		return f.Year(first)
	}
	return f.Year(first) + "–" + f.Year(last)
}

// AboutItem is an indicator as the "about the data" block lists it.
type AboutItem struct {
	Name, Href string
	Note       string // the unit in brackets, then the description
}

// AboutItems are the indicators for the "about the data" block, formatted.
// Pages of one language at one depth share them, so they are made once.
func (f *Frame) AboutItems() []AboutItem {
	key := "about\x00" + f.Lang.Code + "\x00" + f.up
	if items, ok := f.r.shared.Load(key); ok {
		return items.([]AboutItem)
	}
	items := make([]AboutItem, len(f.Site.Indicators))
	for i, ind := range f.Site.Indicators {
		note := f.T("paren", f.Unit(ind))
		if d := f.Pick(ind.Description, ind.DescriptionEn); d != "" {
			note += f.T("colon") + d
		}
		items[i] = AboutItem{Name: f.IndName(ind), Href: f.IndHref(ind), Note: note}
	}
	f.r.shared.Store(key, items)
	return items
}
