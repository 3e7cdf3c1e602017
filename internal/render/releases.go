package render

import (
	"fmt"
	"strings"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/release"
)

// The releases' pages (README, Releases): the list of releases, a page per
// release (what it is, its revisions, its downloads with their checksums,
// how to cite it) and the release calendar; and what other pages say of
// their release: "数据截至 …" and how to cite on every page of figures,
// "本版发布于 …；历次版本" on the downloads page and the reports, "最近更新
// / 下次更新" on indicators and reports, and the link of a figure marked r.
// The data is the release package's (release/view.go), in the page's
// language: a PageHref goes through .Rel, a FileHref through .Root.

// SetReleases gives the renderer the site's releases, as build prepared
// them (release.Prepare): Pages then lists the releases' pages, and pages
// of figures say which release they are. Call it before rendering; a
// renderer without releases makes none of this.
func (r *Renderer) SetReleases(a *release.Archive) {
	r.releases = a
	for lang, ed := range r.editions {
		en := lang.IsEn()
		lines := &releaseLines{asOf: a.AsOf(en)}
		if cur := a.Current; cur != nil {
			lines.asOfPath = release.ReleasePagePath(cur.ID)
		} else {
			lines.asOfPath = release.ListPage
		}
		if a.Store.Latest() != nil {
			lines.cite = a.Cite(en)
			lines.list = a.ReleaseList(en)
			lines.version, lines.listText, _ = a.Version(en)
		}
		lines.calendar = len(a.Calendar().Events) > 0
		ed.rel = lines
	}
}

// releaseLines are what the pages of one language say of the releases,
// made once.
type releaseLines struct {
	asOf     string // 数据截至 …; "" without releases
	asOfPath string // the page it links to: the current release's, or the list for a draft
	cite     release.Citation
	list     []release.ReleaseRow // newest first
	version  string               // 本版发布于 …
	listText string               // 历次版本
	calendar bool                 // the site has a calendar page
}

// releasePages are the pages of the releases, for Pages: the list and a
// page per release when the store has any, and the calendar when it has
// an event.
func (r *Renderer) releasePages() []*Page {
	a := r.releases
	if a == nil {
		return nil
	}
	var pages []*Page
	if a.Store.Latest() != nil {
		pages = append(pages, &Page{Kind: ReleasesPage, Path: release.ListPage})
		for i := len(a.Store.Releases) - 1; i >= 0; i-- {
			id := a.Store.Releases[i].ID
			pages = append(pages, &Page{Kind: ReleasePage, Path: release.ReleasePagePath(id), Release: id})
		}
	}
	if len(a.Calendar().Events) > 0 {
		pages = append(pages, &Page{Kind: CalendarPage, Path: release.CalendarPath})
	}
	return pages
}

// release is the release of a release's page, else nil.
func (f *Frame) release() *release.Release {
	if f.Release == "" || f.r.releases == nil {
		return nil
	}
	return f.r.releases.Store.Release(f.Release)
}

// releaseLines of the page's language; nil without releases.
func (f *Frame) releaseLines() *releaseLines { return f.ed.rel }

// Cite is how to cite the page's figures (如何引用): the current release,
// for a draft the latest; its Text is "" on a site without releases.
func (f *Frame) Cite() release.Citation {
	if l := f.releaseLines(); l != nil {
		return l.cite
	}
	return release.Citation{}
}

// CiteHref is the link to the cited release's page, its permalink: the
// absolute address with the site's base URL, else relative; "" without
// releases.
func (f *Frame) CiteHref() string {
	c := f.Cite()
	switch {
	case c.URL == "" || c.Release == "":
		return ""
	case strings.Contains(c.URL, "://"):
		return c.URL
	}
	return f.Rel(c.URL)
}

// ReleasesHref links to the list of releases, "" when the site has none.
func (f *Frame) ReleasesHref() string {
	if l := f.releaseLines(); l != nil && len(l.list) > 0 {
		return f.Rel(release.ListPage)
	}
	return ""
}

// CalendarHref links to the release calendar, "" when the site has none.
func (f *Frame) CalendarHref() string {
	if l := f.releaseLines(); l != nil && l.calendar {
		return f.Rel(release.CalendarPath)
	}
	return ""
}

// RevisionHref links a figure marked revised (r) to its entry on the page
// of the release that revised it: the cells and cards that write the r
// mark make it a link with this. "" where no release page lists the
// figure: not revised since the release before (the office's own r mark,
// explained by its footnote), or a draft not yet released.
func (f *Frame) RevisionHref(ref model.FigureRef) string {
	if f.r.releases == nil {
		return ""
	}
	if href := f.r.releases.RevisionHref(ref); href != "" {
		return f.Rel(href)
	}
	return ""
}

// Versions is the line "本版发布于 …；历次版本" with the releases it lists,
// on the downloads page and each report.
type Versions struct {
	Text     string // 本版发布于 2025年9月30日; for a draft, 本版尚未发布
	ListText string // 历次版本
	ListHref string // the list of releases, from the page
	Releases []Version
}

// Version is a release as Versions lists it, newest first.
type Version struct {
	release.ReleaseRow
	// Files are the page's files as the release archived them, their
	// permalinks: a report's workbook (and PDF) of the release, when it
	// had them.
	Files []release.DownloadRow
}

// versions is the page's Versions, with each release's copies of paths
// (as the site publishes them); nil without releases.
func (f *Frame) versions(paths ...string) *Versions {
	l := f.releaseLines()
	if l == nil || len(l.list) == 0 {
		return nil
	}
	v := &Versions{Text: l.version, ListText: l.listText, ListHref: f.Rel(release.ListPage)}
	for _, row := range l.list {
		ver := Version{ReleaseRow: row}
		if len(paths) > 0 {
			ver.Files = f.r.releases.Files(row.ID, paths...)
		}
		v.Releases = append(v.Releases, ver)
	}
	return v
}

// updates is "最近更新 / 下次更新" of an indicator's page (ind) or a
// report (nil); zero without releases.
func (f *Frame) updates(ind *model.Indicator) release.UpdatesLine {
	if f.r.releases == nil {
		return release.UpdatesLine{}
	}
	return f.r.releases.Updates(ind, f.Lang.IsEn())
}

// ReleasesView is the list of releases (历次版本).
type ReleasesView struct {
	*Frame
	Releases []release.ReleaseRow // newest first
	// Next is the calendar's next planned publication, nil when none is.
	Next *release.CalendarRow
	// IndexJSON links to releases/index.json, the list for programs.
	IndexJSON string
}

func newReleasesView(f *Frame) *ReleasesView {
	v := &ReleasesView{Frame: f, IndexJSON: f.Root("releases/index.json")}
	if l := f.releaseLines(); l != nil {
		v.Releases = l.list
	}
	if a := f.r.releases; a != nil {
		v.Next = a.CalendarPage(f.Lang.IsEn()).Next
	}
	return v
}

// ReleaseView is the page of one release: what it is, the figures it
// revised since the release before, its downloads with their size and
// SHA-256, and how to cite it.
type ReleaseView struct {
	*Frame
	Release *release.ReleaseView
	// Shown is the release whose figures the site shows, when this page's
	// release is another: an old release's page says where the current
	// figures are. Nil on the current release's page and in a draft.
	Shown *release.ReleaseRow
	// MoreFiles is how many towns' files the downloads table leaves out
	// (SHA256SUMS lists every file).
	MoreFiles int
}

func newReleaseView(f *Frame) (*ReleaseView, error) {
	a := f.r.releases
	var problems diag.List
	rel := a.ReleasePage(f.Release, f.Lang.IsEn(), &problems)
	if rel == nil {
		return nil, fmt.Errorf("no release %s in the store", f.Release)
	}
	if problems.HasErrors() {
		return nil, problems
	}
	v := &ReleaseView{Frame: f, Release: rel}
	if cur := a.Current; cur != nil && cur.ID != rel.ID {
		for _, row := range f.releaseLines().list {
			if row.Current {
				v.Shown = &row
			}
		}
	}
	// A national site's release holds a file for every town: the table
	// keeps to the first ones, as the downloads page does.
	var listed []release.DownloadRow
	towns := 0
	for _, d := range rel.Downloads {
		if strings.Contains(d.Name, "downloads/towns/") {
			if towns++; towns > maxListedTownFiles {
				v.MoreFiles++
				continue
			}
		}
		listed = append(listed, d)
	}
	rel.Downloads = listed
	return v, nil
}

// CalendarView is the release calendar (发布日程): every publication,
// planned and published, and the calendar file to subscribe to.
type CalendarView struct {
	*Frame
	Calendar release.CalendarView
}

func newCalendarView(f *Frame) *CalendarView {
	v := &CalendarView{Frame: f}
	if a := f.r.releases; a != nil {
		v.Calendar = a.CalendarPage(f.Lang.IsEn())
	}
	return v
}
