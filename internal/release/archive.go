package release

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
)

// Archive is what a build knows of the site's releases: the store, which
// release the site's figures are, and what they are marked revised
// against. Pages take their release data from it (see view.go).
type Archive struct {
	Store *Store
	Site  *model.Site
	// snap is the build's own snapshot (Snapshot), taken before the r
	// marks: Prepare asks for it before it marks anything.
	snap     *Snapshot
	snapOnce sync.Once
	pages    []string
	// Current is the release whose figures the site shows, nil for a
	// draft (figures no release has yet) and for a site without releases.
	Current *Release
	// Baseline is the release the r marks compare with: the one before
	// Current, or for a draft the latest; nil when there is none.
	Baseline *Release
	// Changes are the differences from Baseline to the site's figures,
	// and Revised those of them whose value changed, marked r.
	Changes []Change
	Revised map[model.FigureRef]bool
}

// Prepare decides which release the site's figures are and marks revised
// (model.Site.MarkRevised) the figures changed since the previous
// publication. pages are the paths of the pages the build writes. With
// next set the build is the making of a new release: its figures are
// compared with the latest release, whatever they are.
func Prepare(site *model.Site, store *Store, pages []string, next bool, problems *diag.List) *Archive {
	a := &Archive{Store: store, Site: site, pages: pages, Revised: map[model.FigureRef]bool{}}
	latest := store.Latest()
	switch {
	case latest == nil:
		return a
	case next:
		a.Baseline = latest
	case SameFigures(latest.Snapshot(problems), a.Snapshot()):
		a.Current, a.Baseline = latest, latest.prev
	default:
		a.Baseline = latest
	}
	if a.Baseline == nil {
		return a
	}
	a.Changes = Diff(a.Baseline.Snapshot(problems), a.Snapshot())
	refs := RevisedRefs(a.Changes)
	for _, r := range refs {
		a.Revised[r] = true
	}
	site.MarkRevised(refs)
	return a
}

// Snapshot is every figure, town, target and page the build publishes,
// taken when first asked for: a build that keeps no releases never needs
// it.
func (a *Archive) Snapshot() *Snapshot {
	a.snapOnce.Do(func() { a.snap = Take(a.Site, a.pages) })
	return a.snap
}

// Used reports whether the site keeps releases: its store has one, or
// config.toml names the next ([release] id).
func (a *Archive) Used() bool {
	return len(a.Store.Releases) > 0 || a.Site.Config.Release.ID != ""
}

// Draft reports whether the site shows figures no release has: built
// after the data changed since the latest release.
func (a *Archive) Draft() bool { return a.Current == nil && a.Store.Latest() != nil }

// RevisionHref is the link to the entry of a figure marked r on its
// release's page, a PageHref (from the edition's root: a page passes it
// through its .Rel); "" for a figure not revised since the release
// before, such as one the office marked r in its workbook, and in a
// draft, whose revisions no release page lists yet.
func (a *Archive) RevisionHref(r model.FigureRef) string {
	if a == nil || a.Current == nil || !a.Revised[r] {
		return ""
	}
	return EntryHref(a.Current.ID, r)
}

// Publish hands put every file the build publishes of its releases: every
// file of every release under releases/<id>/ (read again and checked
// against its checksum), releases/index.json, the build's snapshot under
// releases/current/, and the calendar (calendar.ics, and en/calendar.ics
// for an English edition).
func (a *Archive) Publish(put func(name string, b []byte) error) error {
	for _, r := range a.Store.Releases {
		names := []File{{Path: SumsFile}}
		names = append(names, r.Files...)
		for _, f := range names {
			var b []byte
			var err error
			if f.Path == SumsFile {
				b, err = readFile(r.store.fsys, pathJoin(r.Dir, SumsFile))
			} else {
				b, err = r.ReadFile(f)
			}
			if err != nil {
				return fmt.Errorf("releases: %w", err)
			}
			if err := put("releases/"+r.ID+"/"+f.Path, b); err != nil {
				return err
			}
		}
	}
	index, err := a.indexJSON()
	if err != nil {
		return err
	}
	files := map[string][]byte{"releases/index.json": index}
	// The build's own snapshot, for check -against this folder once it is
	// published: only on a site that keeps releases. It holds every
	// figure, which on a national site without releases would be memory
	// and hundreds of megabytes for nothing.
	if a.Used() {
		for name, b := range a.Snapshot().Files() {
			files["releases/current/"+name] = b
		}
	}
	// An iCalendar file holds at least one event (RFC 5545 3.6): a site
	// without a calendar or releases has none to offer.
	if cal := a.Calendar(); len(cal.Events) > 0 {
		files["calendar.ics"] = cal.ICS(false)
		if a.Site.Config.HasLanguage("en") {
			files["en/calendar.ics"] = cal.ICS(true)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := put(name, files[name]); err != nil {
			return err
		}
	}
	return nil
}

// indexJSON is releases/index.json: the releases, newest first, and which
// one the site shows.
func (a *Archive) indexJSON() ([]byte, error) {
	type entry struct {
		ID       string `json:"id"`
		Date     string `json:"date"`
		Title    string `json:"title"`
		TitleEn  string `json:"title_en,omitempty"`
		Reason   string `json:"reason"`
		Previous string `json:"previous,omitempty"`
		Counts   Counts `json:"counts"`
		Folder   string `json:"folder"`
		Page     string `json:"page"`
	}
	doc := struct {
		Current  *string `json:"current"` // the release the site shows; null for a draft or without releases
		Draft    bool    `json:"draft"`
		Latest   *string `json:"latest"`
		Releases []entry `json:"releases"`
	}{Draft: a.Draft(), Releases: []entry{}}
	if a.Current != nil {
		doc.Current = &a.Current.ID
	}
	if l := a.Store.Latest(); l != nil {
		doc.Latest = &l.ID
	}
	for i := len(a.Store.Releases) - 1; i >= 0; i-- {
		r := a.Store.Releases[i]
		doc.Releases = append(doc.Releases, entry{r.ID, r.Date, r.Title, r.TitleEn, r.Reason, r.Previous, r.Counts,
			"releases/" + r.ID + "/", "releases/" + r.ID + "/index.html"})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(doc)
	return b.Bytes(), err
}

// Stamp is what the official gives for a new release (config [release]
// or townpress release's flags).
type Stamp struct {
	ID, Date, Title, TitleEn, Reason, Note, NoteEn string
	// At says where each was given, for messages: the config's line or
	// the flag. Keys: id, date, title, reason.
	At map[string]diag.Loc
}

// Made is a new release, before it is written into the store.
type Made struct {
	Meta    Meta
	Changes []Change
	Files   map[string][]byte // every file of the release but SHA256SUMS
}

// Make checks a stamp against the store and makes the new release's
// files: its snapshot, its revisions against the latest release, its
// release.json, and downloads, the files the build published under
// downloads/ and en/downloads/ (paths as in the site). a is the archive
// of the build made for the release (Prepare with next set).
func Make(stamp Stamp, a *Archive, downloads map[string][]byte) (*Made, diag.List) {
	var problems diag.List
	at := func(key string) diag.Loc {
		if l, ok := stamp.At[key]; ok {
			return l
		}
		return diag.Loc{File: "townpress release"}
	}
	cfg := a.Site.Config
	if stamp.ID == "" {
		problems.Err(at("id"), diag.M("the release has no id (give -id, or id under [release] in %s, such as 2024-revised)", "版本没有编号（请用 -id，或在 %s 的 [release] 中写 id，如 2024-revised）"), cfgName(cfg))
	} else if m := config.CheckReleaseID(stamp.ID); m != nil {
		problems.Err(at("id"), *m, stamp.ID)
	} else if r := a.Store.Release(stamp.ID); r != nil {
		problems.Err(at("id"), diag.M("release %s was already made on %s (a release is never made again; give the new release another id)",
			"版本 %s 已于 %s 发布（版本不能重新发布；请给新版本另取编号）"), stamp.ID, r.Date)
	}
	latest := a.Store.Latest()
	switch {
	case stamp.Date == "":
		problems.Err(at("date"), diag.M("the release has no date (give -date, or date under [release] in %s, such as 2025-06-30; townpress never takes it from the clock, so that a release made again is the same)",
			"版本没有日期（请用 -date，或在 %s 的 [release] 中写 date，如 2025-06-30；townpress 不读取系统时钟，以便重做时结果相同）"), cfgName(cfg))
	case !config.Date(stamp.Date).Valid():
		problems.Err(at("date"), diag.M("%q is not a date (expected a day written YYYY-MM-DD, such as 2025-06-30)", "“%s”不是日期（应按 YYYY-MM-DD 书写，如 2025-06-30）"), stamp.Date)
	case latest != nil && stamp.Date < latest.Date:
		problems.Err(at("date"), diag.M("the release is dated %s, before the latest release %s of %s (expected a date on or after %[3]s)",
			"版本日期 %s 早于最新版本 %s 的日期 %s（应不早于 %[3]s）"), stamp.Date, latest.ID, latest.Date)
	}
	if stamp.Title == "" {
		problems.Err(at("title"), diag.M("the release has no title (give -title, or title under [release] in %s, such as \"2024年年报 初步数\")", "版本没有标题（请用 -title，或在 %s 的 [release] 中写 title，如“2024年年报 初步数”）"), cfgName(cfg))
	}
	reason := stamp.Reason
	if reason == "" {
		reason = config.Scheduled
	}
	if reason != config.Scheduled && reason != config.Correction {
		problems.Err(at("reason"), diag.M("reason %q is not \"scheduled\" (a release of the calendar) or \"correction\" (figures corrected between releases)",
			"发布原因“%s”无效（应为 \"scheduled\"（按日程发布）或 \"correction\"（两次发布之间更正数字））"), reason)
	}
	if problems.HasErrors() {
		return nil, problems
	}
	meta := Meta{ID: stamp.ID, Date: stamp.Date, Title: stamp.Title, TitleEn: stamp.TitleEn, Reason: reason, Note: stamp.Note, NoteEn: stamp.NoteEn,
		Site: cfg.Site.Title, SiteEn: cfg.Site.TitleEn, Publisher: publisher(cfg, false), PublisherEn: publisher(cfg, true)}
	if meta.PublisherEn == meta.Publisher {
		meta.PublisherEn = ""
	}
	var prev *Snapshot
	if latest != nil {
		meta.Previous = latest.ID
		prev = latest.Snapshot(&problems)
	}
	changes := a.Changes
	meta.Counts = Count(changes)
	meta.Counts.Towns, meta.Counts.Figures = len(a.Snapshot().Towns), len(a.Snapshot().Figures)
	files := map[string][]byte{}
	for name, b := range a.Snapshot().Files() {
		files[name] = b
	}
	if prev != nil {
		files[RevisionsCSVFile] = RevisionsCSV(changes, prev, a.Snapshot(), a.Site)
		b, err := RevisionsJSON(meta, changes, prev, a.Snapshot(), a.Site)
		if err != nil {
			problems.Err(diag.Loc{File: RevisionsJSONFile}, diag.M("%v", "%v"), err)
		}
		files[RevisionsJSONFile] = b
	}
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		problems.Err(diag.Loc{File: MetaFile}, diag.M("%v", "%v"), err)
	}
	files[MetaFile] = append(b, '\n')
	for name, b := range downloads {
		files[name] = b
	}
	return &Made{Meta: meta, Changes: changes, Files: files}, problems
}

// publisher is who publishes, as citations name it: [release] publisher,
// else site.organiser, else the site's title.
func publisher(cfg *config.Config, en bool) string {
	r, s := cfg.Release, cfg.Site
	switch {
	case r.Publisher != "":
		return pick(en, r.Publisher, r.PublisherEn)
	case s.Organiser != "":
		return pick(en, s.Organiser, s.OrganiserEn)
	}
	return pick(en, s.Title, s.TitleEn)
}

func cfgName(cfg *config.Config) string {
	if cfg.File == "" {
		return "config.toml"
	}
	return cfg.File
}
