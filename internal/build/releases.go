package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/release"
	"github.com/townpress/townpress/internal/render"
)

// siteFS is the site folder, through which the store is read. (The
// hardening branch's sitefs, with its checks of links and sizes, takes
// this place when it lands; release.Open checks links, kinds and sizes
// of its own files meanwhile.)
func siteFS(configPath string) (fs.FS, string) {
	dir := filepath.Dir(configOrDefault(configPath))
	return os.DirFS(dir), dir
}

// openReleases reads the site's release store and marks the figures
// revised since the previous publication (release.Prepare).
func openReleases(opts Options, site *model.Site, r *render.Renderer) (*release.Archive, diag.List) {
	fsys, _ := siteFS(opts.Config)
	store, problems := release.Open(fsys, site.Config.StoreDir())
	if problems.HasErrors() {
		return nil, problems
	}
	// The snapshot's pages are the pages of the site's figures: the
	// renderer has no releases yet, so their own pages (the list, a page
	// per release, the calendar) are not among them. A release's
	// pages.txt cannot list its own page, which only the build after it
	// makes, and check -against would call every release's page added.
	var pages []string
	for _, p := range r.Pages() {
		pages = append(pages, p.FullPath())
	}
	archive := release.Prepare(site, store, pages, opts.next, &problems)
	return archive, problems
}

// Released is what Release made.
type Released struct {
	Meta    release.Meta
	Folder  string // where it was written: <site>/releases/<id>
	Files   int
	Bytes   int64
	Changes []release.Change
}

// Release makes a new release of the site: it builds the site as
// published now (with opts.PDF, the report PDFs too) into a temporary
// folder, and writes its downloads, its snapshot, its revisions against
// the latest release and stamp's release.json into the store, as one
// folder that appears whole or not at all. The site itself is built
// afterwards by Build, which then publishes the new release with the others.
func Release(opts Options, stamp release.Stamp) (*Released, *Result, error) {
	tmp, err := os.MkdirTemp("", "townpress-release-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	tmpOpts := opts
	tmpOpts.Out, tmpOpts.next, tmpOpts.Progress = filepath.Join(tmp, "site"), true, nil
	res, err := Build(tmpOpts)
	if err != nil {
		return nil, res, err
	}
	downloads := map[string][]byte{}
	err = filepath.WalkDir(tmpOpts.Out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tmpOpts.Out, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "downloads/") || strings.HasPrefix(rel, "en/downloads/") {
			if !strings.HasSuffix(rel, ".html") {
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				downloads[rel] = b
			}
		}
		return nil
	})
	if err != nil {
		return nil, res, fmt.Errorf("release: %w", err)
	}
	made, problems := release.Make(stamp, res.Releases, downloads)
	if problems.HasErrors() {
		all := append(slices.Clone(res.Problems), problems...)
		all.Sort()
		return nil, nil, &ProblemsError{Problems: all}
	}
	_, siteDir := siteFS(opts.Config)
	folder, err := release.Write(siteDir, res.Site.Config.StoreDir(), made.Meta.ID, made.Files)
	if err != nil {
		return nil, res, &StoreError{Err: err}
	}
	out := &Released{Meta: made.Meta, Folder: folder, Changes: made.Changes}
	for _, b := range made.Files {
		out.Files++
		out.Bytes += int64(len(b))
	}
	return out, res, nil
}

// StoreError is a release that could not be written into the store (a
// full disk, no permission): the input may be fine.
type StoreError struct{ Err error }

func (e *StoreError) Error() string { return "writing the release store: " + e.Err.Error() }
func (e *StoreError) Unwrap() error { return e.Err }

// ErrNoSuchAgainst is Compare's error for an -against that names neither
// a release of the store nor a published site's folder.
var ErrNoSuchAgainst = errors.New("no such release or published site")

// Compare compares the site the data would build with against: the id
// of a release in the store, or the folder of a published site (which
// holds the build's snapshot in releases/current/). Input problems (the
// site's, the store's, the snapshot's) come back as a *ProblemsError.
func Compare(configPath, against string) (*release.Comparison, diag.List, error) {
	res, err := prepare(Options{Config: configPath, keepData: true}, false)
	if err != nil {
		if res != nil {
			return nil, res.Problems, err
		}
		return nil, nil, err
	}
	problems := res.Problems
	a := res.Releases
	var old *release.Snapshot
	var what diag.Text
	if r := a.Store.Release(against); r != nil && !strings.ContainsAny(against, `/\`) {
		old = r.Snapshot(&problems)
		what = diag.M("release %s (%s, %s)", "版本 %s（%s，%s）").Text(r.ID, r.Date, r.Title)
	} else {
		fi, err := os.Stat(against)
		if err != nil || !fi.IsDir() {
			return nil, problems, fmt.Errorf("-against %s: %w (expected the id of a release in %s, or the folder of a site townpress built)", against, ErrNoSuchAgainst, a.Site.Config.StoreDir())
		}
		if _, err := os.Stat(filepath.Join(against, "releases", "current", release.FiguresFile)); err != nil {
			return nil, problems, fmt.Errorf("-against %s: %w: it has no releases/current/%s (a site that keeps no releases, one built by an older townpress, or not a site: compare with a release id, or give [release] an id and build it again)", against, ErrNoSuchAgainst, release.FiguresFile)
		}
		old = release.ReadSnapshot(os.DirFS(against), "releases/current", &problems)
		what = diag.M("the site in %s", "“%s”中的站点").Text(against)
	}
	problems.Sort()
	if problems.HasErrors() {
		return nil, problems, &ProblemsError{Problems: problems}
	}
	changes := release.Diff(old, a.Snapshot())
	cells := a.Site.Cells(res.data, release.CellsWanted(changes))
	return release.Compare(what, old, a.Snapshot(), a.Site, cells), problems, nil
}
