package release

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/status"
)

// The data of the release pages and lines, ready to print: every text in
// the page's language (en), every figure rounded as the pages round it.
// Links come in two kinds:
//
//   - PageHref: a page of the edition, from the edition's root
//     ("releases/2024-revised/index.html"); a page passes it through its
//     .Rel, which adds en/ in the English edition.
//   - FileHref: a file every edition shares, from the site's root
//     ("releases/2024-revised/downloads/report-2024.xlsx"); a page links it
//     as it links assets, without the edition's prefix.
//
// The pages these serve (see the README's Releases section):
// releases/index.html (ReleaseList), releases/<id>/index.html
// (ReleasePage: the release, its downloads, its revisions, how to cite
// it), calendar/index.html (CalendarPage), and on pages of figures the
// lines AsOf, Version, Updates and Cite, and the link of an r mark,
// Archive.RevisionHref.

// Pages of the releases, from the edition's root.
const (
	ListPage     = "releases/index.html"
	CalendarPath = "calendar/index.html"
)

// ReleasePagePath is the page of release id, from the edition's root.
func ReleasePagePath(id string) string { return "releases/" + id + "/index.html" }

// ReleaseRow is a release as lists show it.
type ReleaseRow struct {
	ID         string
	Date       string // YYYY-MM-DD
	DateText   string // 2025年9月30日 / 30 September 2025
	Title      string
	ReasonText string // 按日程发布 / 更正
	Note       string
	CountsText string // 3 个数字修订，12 个数字由初步数改为正式数; "" for the first release
	PageHref   string
	Current    bool // the release the site shows
	Latest     bool
}

// DownloadRow is one archived file.
type DownloadRow struct {
	Name     string // downloads/report-2024.xlsx, as the release folder names it
	FileHref string
	Size     int64
	SizeText string // 1.2 MB
	SHA256   string // hex
}

// ReleaseView is the page of one release.
type ReleaseView struct {
	ReleaseRow
	PreviousTitle    string // the release before, "" for the first
	PreviousPageHref string
	Downloads        []DownloadRow // the downloads of the page's edition: downloads/… and, in English, en/downloads/…
	SumsFileHref     string        // the release's SHA256SUMS: every file of it
	VerifyText       string        // how to check the files: sha256sum -c SHA256SUMS
	RevisionsCSV     string        // FileHref of revisions.csv, "" for the first release
	RevisionsJSON    string
	Groups           []RevisionGroup
	MarksNote        string // the legend of the marks the revisions show, from status.Words: 数字后的 p 表示初步数…
	Cite             Citation
}

// RevisionGroup is the changes of one indicator in one year.
type RevisionGroup struct {
	Title     string // 2024年 工业产值（亿元）
	CountText string // 3 个数字
	Entries   []RevisionEntry
}

// RevisionEntry is one changed figure, the target of its r mark's link.
type RevisionEntry struct {
	Anchor   string // the element id: Anchor(ref)
	What     What
	WhatText string // 修订 / 状态变化 / 新增 / 删除
	Who      string // the town's name, or the scope's (全部专业镇, 省级)
	WhoHref  string // PageHref of the town's page, "" for a scope or a town no longer in the site
	KindText string // 数值 / 增速 / 合计 / 合计增速
	Old, New string // as pages show them, with their marks: 22.1p → 22.8; — for none
}

// Citation is how to cite a release (如何引用 / How to cite).
type Citation struct {
	Text      string // the whole citation, to copy
	Title     string // the site's title
	Publisher string
	Release   string // the release's title and id
	Date      string
	URL       string // the archived release's page: absolute with site.base_url, else from the edition's root
}

// UpdatesLine is "最近更新 / 下次更新" of a page.
type UpdatesLine struct {
	Last, Next string // dates as text, "" when unknown
	Text       string // 最近更新：2025年9月30日；下次更新：2026年3月31日
}

// CalendarRow is one event of the release calendar page.
type CalendarRow struct {
	Date, DateText, What, StatusText string
	Published                        bool
	PageHref                         string // the release's page, "" for a planned event
}

// CalendarView is the release calendar page (发布日程).
type CalendarView struct {
	Rows     []CalendarRow
	Next     *CalendarRow // the first planned publication
	FileHref string       // calendar.ics of the edition (en/calendar.ics in English)
	ICSText  string       // 订阅日历（.ics）
}

// DateText writes a YYYY-MM-DD date as the page's language does.
func DateText(date string, en bool) string {
	t, err := parseDay(date)
	if err != nil {
		return date
	}
	if en {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

func parseDay(date string) (time.Time, error) { return time.Parse(time.DateOnly, date) }

func (a *Archive) row(r *Release, en bool) ReleaseRow {
	row := ReleaseRow{ID: r.ID, Date: r.Date, DateText: DateText(r.Date, en), Title: pick(en, r.Title, r.TitleEn), Note: pick(en, r.Note, r.NoteEn),
		PageHref: ReleasePagePath(r.ID), Current: r == a.Current, Latest: r == a.Store.Latest()}
	row.ReasonText = pick(en, "按日程发布", "Scheduled release")
	if r.Reason == config.Correction {
		row.ReasonText = pick(en, "更正", "Correction")
	}
	if r.prev != nil {
		row.CountsText = countsText(r.Counts, en)
	}
	return row
}

// countsText says how many figures changed, by what.
func countsText(c Counts, en bool) string {
	var parts []string
	add := func(n int, zh, enOne, enMany string) {
		if n == 0 {
			return
		}
		if !en {
			parts = append(parts, fmt.Sprintf(zh, n))
		} else if n == 1 {
			parts = append(parts, fmt.Sprintf(enOne, n))
		} else {
			parts = append(parts, fmt.Sprintf(enMany, n))
		}
	}
	add(c.Revised, "%d 个数字修订", "%d figure revised", "%d figures revised")
	add(c.Status, "%d 个数字状态变化", "%d figure changed status", "%d figures changed status")
	add(c.Added, "%d 个数字新增", "%d figure added", "%d figures added")
	add(c.Removed, "%d 个数字删除", "%d figure removed", "%d figures removed")
	if len(parts) == 0 {
		return pick(en, "数字无变化", "no figure changed")
	}
	return strings.Join(parts, pick(en, "，", ", "))
}

// ReleaseList is the list of releases (历次版本), newest first.
func (a *Archive) ReleaseList(en bool) []ReleaseRow {
	var rows []ReleaseRow
	for i := len(a.Store.Releases) - 1; i >= 0; i-- {
		rows = append(rows, a.row(a.Store.Releases[i], en))
	}
	return rows
}

// ReleasePage is the page of release id, nil when there is no such
// release. Problems reading its snapshots were reported when the store
// was opened and verified; any left go to problems.
func (a *Archive) ReleasePage(id string, en bool, problems *diag.List) *ReleaseView {
	r := a.Store.Release(id)
	if r == nil {
		return nil
	}
	v := &ReleaseView{ReleaseRow: a.row(r, en), SumsFileHref: "releases/" + r.ID + "/" + SumsFile, Cite: a.cite(r, en)}
	v.VerifyText = pick(en, "下载后可用 sha256sum -c SHA256SUMS 核对每个文件", "Check every file after downloading with sha256sum -c SHA256SUMS")
	if r.prev != nil {
		v.PreviousTitle = pick(en, r.prev.Title, r.prev.TitleEn)
		v.PreviousPageHref = ReleasePagePath(r.prev.ID)
		v.RevisionsCSV = "releases/" + r.ID + "/" + RevisionsCSVFile
		v.RevisionsJSON = "releases/" + r.ID + "/" + RevisionsJSONFile
	}
	dir := "downloads/"
	if en {
		dir = "en/downloads/"
	}
	for _, f := range r.Files {
		shared := strings.HasPrefix(f.Path, "downloads/")
		if !(strings.HasPrefix(f.Path, dir) || en && shared && !strings.HasPrefix(f.Path, "downloads/report-")) {
			continue
		}
		v.Downloads = append(v.Downloads, downloadRow(r, f))
	}
	changes := r.Changes(problems)
	v.Groups = a.groups(changes, r, en, problems)
	v.MarksNote = marksNote(changes, en)
	return v
}

// marksNote is the legend below a release's revisions: the symbols its
// figures show, each with its name (status.Words, as every output's legend
// says it), then the words written after a figure without a symbol; "" when
// the revisions show no mark.
func marksNote(changes []Change, en bool) string {
	var seen status.Flag
	bare := false // a figure without any mark: （最终）
	for _, c := range changes {
		for _, f := range []struct {
			fig     Figure
			present bool
		}{{c.Old, c.What != Added}, {c.New, c.What != Removed}} {
			if !f.present || f.fig.Value == "" && f.fig.Flag == 0 {
				continue
			}
			seen |= f.fig.Flag
			if f.fig.Value != "" && f.fig.Flag.Symbols() == "" && !f.fig.Flag.Has(status.Final) {
				bare = true
			}
		}
	}
	var parts []string
	for _, g := range status.Flags {
		if !seen.Has(g) || g.Symbol() == "" || g == status.Below {
			continue
		}
		w := g.Words()
		parts = append(parts, pick(en, g.Symbol()+" 表示"+w.Name, g.Symbol()+" "+w.NameEn))
	}
	var out []string
	if len(parts) > 0 {
		out = append(out, pick(en, "数字后的 "+strings.Join(parts, "，"), "After a figure: "+strings.Join(parts, ", ")))
	}
	if seen.Has(status.Final) {
		w := status.Final.Words()
		out = append(out, pick(en, "“"+finalText(false)+"”表示"+w.Name+"（"+w.Meaning+"）", "\""+strings.TrimSpace(finalText(true))+"\" marks a figure "+w.MeaningEn))
	}
	if bare {
		out = append(out, pick(en, "“"+bareText(false)+"”表示不再带有标记的数字", "\""+strings.TrimSpace(bareText(true))+"\" marks a figure that no longer carries a mark"))
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, pick(en, "；", "; ")) + pick(en, "。", ".")
}

// finalText follows a figure the office marked final (最终核实), which has
// no symbol; bareText a figure without any mark.
func finalText(en bool) string { return pick(en, "（最终核实）", " (final, verified)") }
func bareText(en bool) string  { return pick(en, "（最终）", " (final)") }

func downloadRow(r *Release, f File) DownloadRow {
	return DownloadRow{Name: f.Path, FileHref: "releases/" + r.ID + "/" + f.Path, Size: f.Size, SizeText: sizeText(f.Size), SHA256: fmt.Sprintf("%x", f.Sum)}
}

// Files are the files of release id among paths, as the site publishes
// them ("downloads/report-2024.xlsx", "en/downloads/report-2024.pdf"),
// in the order of paths: the permalinks of a page's files in that
// release. A path the release does not hold is left out (a report of a
// year it did not have, a PDF it was made without).
func (a *Archive) Files(id string, paths ...string) []DownloadRow {
	r := a.Store.Release(id)
	if r == nil {
		return nil
	}
	var out []DownloadRow
	for _, p := range paths {
		i, ok := slices.BinarySearchFunc(r.Files, p, func(f File, p string) int { return strings.Compare(f.Path, p) })
		if ok {
			out = append(out, downloadRow(r, r.Files[i]))
		}
	}
	return out
}

// groups puts a release's changes in groups of one year and indicator:
// the latest year first, indicators in the config's order, towns before
// totals.
func (a *Archive) groups(changes []Change, r *Release, en bool, problems *diag.List) []RevisionGroup {
	site := a.Site
	var prev *Snapshot
	if r.prev != nil {
		prev = r.prev.Snapshot(problems)
	}
	n := names{prev, r.Snapshot(problems), site}
	type key struct {
		year int
		ind  string
	}
	byKey := map[key][]Change{}
	var keys []key
	for _, c := range changes {
		k := key{c.Year, c.Indicator}
		if byKey[k] == nil {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], c)
	}
	indIndex := func(id string) int {
		if ind := site.Indicator(id); ind != nil {
			return ind.Index
		}
		return len(site.Indicators)
	}
	slices.SortFunc(keys, func(x, y key) int {
		if x.year != y.year {
			return y.year - x.year
		}
		if d := indIndex(x.ind) - indIndex(y.ind); d != 0 {
			return d
		}
		return strings.Compare(x.ind, y.ind)
	})
	var out []RevisionGroup
	for _, k := range keys {
		ind := site.Indicator(k.ind)
		title := pick(en, fmt.Sprintf("%d年 %s", k.year, n.indicator(k.ind, false)), fmt.Sprintf("%s, %d", n.indicator(k.ind, true), k.year))
		if ind != nil && ind.Unit != "" {
			title += pick(en, "（"+ind.Unit+"）", " ("+pick(true, ind.Unit, ind.UnitEn)+")")
		}
		cs := byKey[k]
		slices.SortStableFunc(cs, func(x, y Change) int { return int(x.Kind) - int(y.Kind) })
		g := RevisionGroup{Title: title, CountText: pick(en, fmt.Sprintf("%d 个数字", len(cs)), plural(len(cs), "figure"))}
		for _, c := range cs {
			e := RevisionEntry{Anchor: Anchor(c.FigureRef), What: c.What, WhatText: whatText(c.What, en), Who: capital(n.who(c.FigureRef, en)), KindText: kindText(c.Kind, en),
				Old: a.figureText(c.Old, c.What != Added, c.FigureRef, en), New: a.figureText(c.New, c.What != Removed, c.FigureRef, en)}
			if (c.Kind == model.TownValue || c.Kind == model.TownGrowth) && site.Town(c.Town) != nil {
				e.WhoHref = "towns/" + c.Town + "/index.html"
			}
			g.Entries = append(g.Entries, e)
		}
		out = append(out, g)
	}
	return out
}

// capital starts a row's name with a capital, as a cell of its own does:
// "All towns" where a sentence says "of all towns".
func capital(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// figureText is a figure as the pages show it, rounded by the site's rule
// with its marks after it (22.1p); the final mark, which has no symbol,
// is said in words (23.5（最终核实）), as is a figure without any mark
// (23.5（最终）); — where there is no figure.
func (a *Archive) figureText(f Figure, present bool, ref model.FigureRef, en bool) string {
	if !present {
		return "—"
	}
	places := 0
	if ind := a.Site.Indicator(ref.Indicator); ind != nil {
		places = ind.Decimals
		if ref.Kind == model.TownGrowth || ref.Kind == model.ScopeGrowth {
			places = ind.DeltaDecimals()
		}
	}
	text := "—"
	if f.Value != "" {
		if d, err := parseDec(f.Value); err == nil {
			text = d.Grouped(places, a.Site.Rule)
			if f.Flag.Has(status.Below) {
				text = "<" + text
			}
		}
	}
	text += f.Flag.Symbols()
	switch {
	case f.Value == "":
	case f.Flag.Has(status.Final):
		text += finalText(en)
	case f.Flag.Symbols() == "":
		text += bareText(en)
	}
	return text
}

func whatText(w What, en bool) string {
	switch w {
	case Revised:
		return pick(en, "修订", "revised")
	case Marks:
		return pick(en, "状态变化", "status changed")
	case Added:
		return pick(en, "新增", "added")
	}
	return pick(en, "删除", "removed")
}

func kindText(k model.FigureKind, en bool) string {
	return [...]string{pick(en, "数值", "value"), pick(en, "填报增速", "typed growth"), pick(en, "合计", "total"), pick(en, "合计增速", "growth of the total")}[k]
}

// AsOf is the line "数据截至 <date>" of a page of figures: the current
// release's date and title; for a draft, the latest release's and that
// the figures are newer; "" for a site without releases.
func (a *Archive) AsOf(en bool) string {
	switch {
	case a == nil || a.Store.Latest() == nil:
		return ""
	case a.Current != nil:
		return pick(en, fmt.Sprintf("数据截至 %s（%s）", DateText(a.Current.Date, false), a.Current.Title),
			fmt.Sprintf("Data as of %s (%s)", DateText(a.Current.Date, true), pick(true, a.Current.Title, a.Current.TitleEn)))
	}
	l := a.Store.Latest()
	return pick(en, fmt.Sprintf("未发布的草稿：数字晚于 %s 发布的版本（%s）", DateText(l.Date, false), l.Title),
		fmt.Sprintf("Unpublished draft: figures newer than the release of %s (%s)", DateText(l.Date, true), pick(true, l.Title, l.TitleEn)))
}

// Version is the line "本版发布于 …；历次版本" of the downloads page and
// the reports: the text and the link to the list of releases.
func (a *Archive) Version(en bool) (text, listText, listPageHref string) {
	if a == nil || a.Store.Latest() == nil {
		return "", "", ""
	}
	listText, listPageHref = pick(en, "历次版本", "all releases"), ListPage
	if a.Current == nil {
		return pick(en, "本版尚未发布", "This version is not yet released"), listText, listPageHref
	}
	return pick(en, "本版发布于 "+DateText(a.Current.Date, false), "This release was published on "+DateText(a.Current.Date, true)), listText, listPageHref
}

// Updates is the line "最近更新 / 下次更新" of an indicator's page (ind)
// or a report (ind nil). Every release publishes every indicator, so an
// indicator was last updated by the latest release, or on its own date
// ([indicators.meta] updated) when that is later; it is next updated on
// its own next_update when that is still to come, else at the calendar's
// next planned publication.
func (a *Archive) Updates(ind *model.Indicator, en bool) UpdatesLine {
	var u UpdatesLine
	last, next := "", ""
	if l := a.Store.Latest(); l != nil {
		last = l.Date
	}
	if ind != nil && ind.Meta.Updated > last {
		last = ind.Meta.Updated
	}
	if ind != nil && ind.Meta.NextUpdate > last {
		next = ind.Meta.NextUpdate
	} else if e := a.Calendar().Next(); e != nil && e.Date > last {
		next = e.Date
	}
	if last != "" {
		u.Last = DateText(last, en)
	}
	if next != "" {
		u.Next = DateText(next, en)
	}
	var parts []string
	if u.Last != "" {
		parts = append(parts, pick(en, "最近更新："+u.Last, "Last updated: "+u.Last))
	}
	if u.Next != "" {
		parts = append(parts, pick(en, "下次更新："+u.Next, "Next update: "+u.Next))
	}
	u.Text = strings.Join(parts, pick(en, "；", "; "))
	return u
}

// Cite is how to cite the site's figures: the current release (for a
// draft, the latest; without releases, the site itself).
func (a *Archive) Cite(en bool) Citation {
	r := a.Current
	if r == nil {
		r = a.Store.Latest()
	}
	return a.cite(r, en)
}

func (a *Archive) cite(r *Release, en bool) Citation {
	cfg := a.Site.Config
	c := Citation{Title: pick(en, cfg.Site.Title, cfg.Site.TitleEn), Publisher: publisher(cfg, en)}
	prefix := pick(en, "", "en/")
	if r == nil {
		c.URL = cfg.Site.BaseURL + "/" + prefix
		if cfg.Site.BaseURL == "" {
			c.URL = "index.html"
		}
		c.Text = pick(en, fmt.Sprintf("%s：《%s》，%s", c.Publisher, c.Title, c.URL), fmt.Sprintf("%s. %s. %s", c.Publisher, c.Title, c.URL))
		return c
	}
	c.Release = pick(en, r.Title, r.TitleEn) + " (" + r.ID + ")"
	c.Date = DateText(r.Date, en)
	c.URL = ReleasePagePath(r.ID)
	if cfg.Site.BaseURL != "" {
		c.URL = cfg.Site.BaseURL + "/" + prefix + c.URL
	}
	c.Text = pick(en, fmt.Sprintf("%s：《%s》，%s，%s发布，%s", c.Publisher, c.Title, c.Release, c.Date, c.URL),
		fmt.Sprintf("%s. %s, %s. Published %s. %s", c.Publisher, c.Title, c.Release, c.Date, c.URL))
	return c
}

// CalendarPage is the release calendar page.
func (a *Archive) CalendarPage(en bool) CalendarView {
	cal := a.Calendar()
	v := CalendarView{FileHref: pick(en, "calendar.ics", "en/calendar.ics"), ICSText: pick(en, "订阅日历（.ics）", "Subscribe (.ics)")}
	for _, e := range cal.Events {
		row := CalendarRow{Date: e.Date, DateText: DateText(e.Date, en), What: pick(en, e.What, e.WhatEn), StatusText: statusText2(e.Status, en), Published: e.Status == config.Published}
		if e.Release != nil {
			row.PageHref = ReleasePagePath(e.Release.ID)
		}
		v.Rows = append(v.Rows, row)
	}
	for i := range v.Rows {
		if !v.Rows[i].Published {
			v.Next = &v.Rows[i]
			break
		}
	}
	return v
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
