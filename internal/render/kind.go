package render

// Kind is a kind of page. Its value names the page's layout
// (layouts/<kind>.html), its body's class (page-<kind>) and, for the page
// script, what page it runs on (tp-config's "kind"). Adding a kind of page
// is a constant here, its view (a type and its constructor, listed in
// views) and its layout.
type Kind string

const (
	HomePage       Kind = "home"
	TiersPage      Kind = "tiers"
	TierPage       Kind = "tier"
	TownsPage      Kind = "towns"
	TownPage       Kind = "town"
	IndicatorsPage Kind = "indicators"
	IndicatorPage  Kind = "indicator"
	ReportsPage    Kind = "reports"
	ReportPage     Kind = "report"
	DownloadsPage  Kind = "downloads"
	NotFoundPage   Kind = "404"
	SearchPage     Kind = "search"
	ComparePage    Kind = "compare"
	// The releases (releases.go), listed when the site has them.
	ReleasesPage Kind = "releases" // releases/index.html: every release
	ReleasePage  Kind = "release"  // releases/<id>/index.html: one release, its downloads and revisions
	CalendarPage Kind = "calendar" // calendar/index.html: the release calendar (发布日程)
)

// Kinds lists every kind of page: a layout set provides a template for
// each.
var Kinds = []Kind{HomePage, TiersPage, TierPage, TownsPage, TownPage, IndicatorsPage, IndicatorPage,
	ReportsPage, ReportPage, DownloadsPage, NotFoundPage, SearchPage, ComparePage, ReleasesPage, ReleasePage, CalendarPage}

// views make each kind's view, the data its layout shows (home.go,
// town.go, …).
var views = map[Kind]func(*Frame) (any, error){
	HomePage:       view(newHomeView),
	TiersPage:      view(newTiersView),
	TierPage:       view(newTierView),
	TownsPage:      view(newTownsView),
	TownPage:       view(newTownView),
	IndicatorsPage: view(newIndicatorsView),
	IndicatorPage:  view(newIndicatorView),
	ReportsPage:    view(newReportsView),
	ReportPage:     func(f *Frame) (any, error) { return newReportView(f) },
	DownloadsPage:  view(newDownloadsView),
	NotFoundPage:   view(func(f *Frame) *NotFoundView { return &NotFoundView{f} }),
	SearchPage:     view(func(f *Frame) *SearchView { return &SearchView{f} }),
	ComparePage:    view(newCompareView),
	ReleasesPage:   view(newReleasesView),
	ReleasePage:    func(f *Frame) (any, error) { return newReleaseView(f) },
	CalendarPage:   view(newCalendarView),
}

// view adapts a view's constructor that cannot fail.
func view[V any](make func(*Frame) V) func(*Frame) (any, error) {
	return func(f *Frame) (any, error) { return make(f), nil }
}

// Layout is the kind's layout file.
func (k Kind) Layout() string { return string(k) + ".html" }

// Section is the part of the site a page of the kind belongs to, the main
// navigation's current item: a town's page is under the towns.
func (k Kind) Section() Kind {
	switch k {
	case TierPage:
		return TiersPage
	case TownPage:
		return TownsPage
	case IndicatorPage:
		return IndicatorsPage
	case ReportPage:
		return ReportsPage
	case ReleasesPage, ReleasePage, CalendarPage:
		// Releases are the downloads as published, and the calendar
		// says when the next come.
		return DownloadsPage
	}
	return k
}

// Figures says whether pages of the kind show the site's figures, and so
// say which release they are ("数据截至 …") and how to cite them.
func (k Kind) Figures() bool {
	switch k {
	case HomePage, TierPage, TownsPage, TownPage, IndicatorsPage, IndicatorPage, ReportPage, ComparePage:
		return true
	}
	return false
}

// Indexed says whether search engines should list pages of the kind: the
// 404 page and the search results are not content (no sitemap entry, a
// robots noindex).
func (k Kind) Indexed() bool { return k != NotFoundPage && k != SearchPage }

// FileKind is what a download holds; the downloads page describes each by
// the translation dl_<kind>.
type FileKind string

const (
	ReportXLSXFile  FileKind = "report-xlsx"
	ReportPDFFile   FileKind = "report-pdf"
	DataXLSXFile    FileKind = "data-xlsx"
	CSVFile         FileKind = "csv"
	DataJSONFile    FileKind = "data-json"
	DataPackageFile FileKind = "datapackage"
	TownCSVFile     FileKind = "town-csv"
	TownXLSXFile    FileKind = "town-xlsx"
	SumsFile        FileKind = "sums"
)

// FileGroup is the section of the downloads page a file is listed in, in
// the order of FileGroups; its heading is the translation dl_group_<group>.
type FileGroup string

const (
	ReportFiles FileGroup = "reports"
	DataFiles   FileGroup = "data"
	TownFiles   FileGroup = "towns"
	CheckFiles  FileGroup = "checks"
)

// FileGroups lists the groups in the order the downloads page shows them.
var FileGroups = []FileGroup{ReportFiles, DataFiles, TownFiles, CheckFiles}
