package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// Recycling. A rebuild of a national site where little changed spent most
// of its time on the file system, not on pages: making the staging
// folder's 80,000 folders again (each a new inode, slow on ext4 without a
// journal for a minute after many were freed), linking each of its
// 120,000 files from the previous site, and removing the previous site
// after the swap.
//
// So the site the swap replaces is not removed but kept beside the output
// as its spare (for public: .public.spare), and the next build starts its
// staging folder from it, renamed into place: its folders are there
// already, and a file the build takes from the current site that the
// spare holds as the very same inode (it was linked into the current site
// from the spare's site and is unchanged) needs nothing but two stats.
// Nothing else in the spare is trusted: any other file the build puts is
// unlinked first, then linked or written anew (never written into: it may
// be a link to the live site's file), and before the swap everything the
// build did not put is removed (Prune), so the site swapped in is exactly
// the build's files, whatever the spare held: an older site, a folder a
// killed build left half-recycled, or something edited by hand.
//
// The spare costs the bytes of the files the current site changed (the
// others share their inodes with it) and its folders' blocks. A site most of whose files
// changed (a new program, a new layout) would make it cost as much as the
// site itself, so it is then removed as before (keepSpare).
func spareName(base string) string { return "." + base + ".spare" }

// spareOf is the spare of the output folder parent/base to recycle: it
// exists, is a real folder (never a link, which would make the build
// write elsewhere) holding a site townpress wrote (its Marker: every site
// a swap replaced has it), and the output folder is there too. Anything
// else by the spare's name is not a build's and is left alone, never
// recycled or removed: recycling removes whatever the build did not
// make. A spare whose output folder is gone was removed with it (a
// person removed public/ to start over, or to free its space) and is
// removed.
func spareOf(parent, base string) (string, bool) {
	spare := filepath.Join(parent, spareName(base))
	if !isSite(spare) {
		return "", false
	}
	if _, err := os.Lstat(filepath.Join(parent, base)); err != nil {
		RemoveTree(spare)
		return "", false
	}
	return spare, true
}

// isSite reports whether dir is a real folder that holds the Marker, as
// every site a build swapped in does.
func isSite(dir string) bool {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() {
		return false
	}
	m, err := os.Lstat(filepath.Join(dir, Marker))
	return err == nil && m.Mode().IsRegular()
}

// recycle renames the spare into place as the staging folder: a name like
// MkdirTemp's, so that a build killed from here on leaves a .tmp- folder
// CleanLeftovers knows. It reports false, and leaves no spare, when it
// cannot.
func recycle(parent, base, spare string) (string, bool) {
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		RemoveTree(spare)
		return "", false
	}
	// The name is taken; the empty folder gives way to the spare (a rename
	// onto an existing folder is not portable).
	os.Remove(tmp)
	if err := os.Rename(spare, tmp); err != nil {
		RemoveTree(spare)
		return "", false
	}
	return tmp, true
}

// walkSpare lists, in the background, every file and folder the recycled
// staging folder holds, for Prune. It runs while the build puts its
// files: a name it lists that the build put is kept, and what the build
// adds meanwhile is the build's.
func (st *Staging) walkSpare() {
	st.walk.Go(func() {
		var mu sync.Mutex
		slots := make(chan struct{}, stagingWriters)
		var wg sync.WaitGroup
		var list func(rel string)
		list = func(rel string) {
			entries, err := os.ReadDir(filepath.Join(st.dir, filepath.FromSlash(rel)))
			if err != nil && !absent(err) {
				// Prune could not remove what it does not know of.
				mu.Lock()
				st.walkErr = errors.Join(st.walkErr, err)
				mu.Unlock()
			}
			var files, dirs []string
			for _, e := range entries {
				name := e.Name()
				if rel != "." {
					name = rel + "/" + name
				}
				if e.IsDir() {
					dirs = append(dirs, name)
				} else {
					files = append(files, name)
				}
			}
			mu.Lock()
			st.spareFiles = append(st.spareFiles, files...)
			st.spareDirs = append(st.spareDirs, dirs...)
			mu.Unlock()
			for _, d := range dirs {
				select {
				case slots <- struct{}{}:
					wg.Go(func() {
						defer func() { <-slots }()
						list(d)
					})
				default:
					list(d)
				}
			}
		}
		list(".")
		wg.Wait()
	})
}

// clear removes whatever the recycled staging folder holds at dst, a file
// or a folder, before the build puts a file there.
func clear(dst string) error {
	err := unlink(dst)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	// A folder where the build puts a file: a site whose shape changed.
	RemoveTree(dst)
	if _, err := os.Lstat(dst); !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// mkdirIn makes the folder p of a recycled staging folder unless it is
// there already: a stat instead of a mkdir for each of the spare's
// folders. Something else at p (a file, or a link that would take the
// build's files elsewhere) is removed first.
func mkdirIn(p string) error {
	fi, err := os.Lstat(p)
	if err == nil && fi.IsDir() {
		return nil
	}
	if err == nil {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	if err := os.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// linkFrom puts the live site's file old (whose Lstat is ofi) at dst in
// the staging folder. In a recycled folder it is often there already as
// the same inode: then nothing is done, else what is there is removed
// first (never written into). Elsewhere a file at dst was written by this
// build (streamed, or replaced by -pdf's second pass) and is replaced by
// the link in one step: linked beside it, then renamed over it.
func (st *Staging) linkFrom(old string, ofi fs.FileInfo, dst string) error {
	if st.recycled {
		if dfi, err := os.Lstat(dst); err == nil {
			if os.SameFile(ofi, dfi) {
				return nil
			}
			if err := clear(dst); err != nil {
				return err
			}
		}
		return os.Link(old, dst)
	}
	err := os.Link(old, dst)
	if err == nil || !errors.Is(err, fs.ErrExist) {
		return err
	}
	// A rename onto another name of the same file does nothing, and would
	// leave the name below behind.
	if dfi, err := os.Lstat(dst); err == nil && os.SameFile(ofi, dfi) {
		return nil
	}
	tmp := dst + "~link" // no name the site writes ends so
	if err := os.Link(old, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Prune removes from a recycled staging folder every file and folder the
// spare held that the build has not put (a file) or filled (a folder),
// so that the folder holds exactly the build's files. Swap prunes; a
// build that hands the staging folder to another program before (Chromium
// prints the reports from it) prunes first, so that the program sees no
// file of an older site. Files put after a prune are the build's own.
func (st *Staging) Prune() error {
	if !st.recycled {
		return nil
	}
	st.walk.Wait()
	if err := st.Flush(); err != nil {
		return err
	}
	if st.walkErr != nil {
		return fmt.Errorf("listing the staging folder recycled from %s: %w", spareName(st.base), st.walkErr)
	}
	// A name is the build's when it put a file there or made a folder
	// there, whatever the spare held by that name. (The two locks are
	// taken one after the other: mkdir takes mu inside dmu.)
	var files, dirs []string
	st.mu.Lock()
	for _, name := range st.spareFiles {
		if _, ok := st.sizes[name]; !ok {
			files = append(files, name)
		}
	}
	for _, dir := range st.spareDirs {
		if _, ok := st.sizes[dir]; !ok {
			dirs = append(dirs, dir)
		}
	}
	st.mu.Unlock()
	st.dmu.Lock()
	files = slices.DeleteFunc(files, func(name string) bool { return st.made[name] })
	dirs = slices.DeleteFunc(dirs, func(dir string) bool { return st.made[dir] })
	st.dmu.Unlock()
	st.spareFiles, st.spareDirs = nil, nil
	// Folders first, outermost first, each whole; then the files left
	// (those in a folder just removed are gone already, as are those of
	// a folder the build replaced by a file).
	slices.Sort(dirs)
	var gone []string
	for _, dir := range dirs {
		if inGone(gone, dir) {
			continue
		}
		RemoveTree(filepath.Join(st.dir, filepath.FromSlash(dir)))
		gone = append(gone, dir) // still sorted: dirs is
	}
	for _, name := range files {
		if inGone(gone, name) {
			continue
		}
		if err := os.Remove(filepath.Join(st.dir, filepath.FromSlash(name))); err != nil && !absent(err) {
			return err
		}
	}
	for _, dir := range gone {
		// RemoveTree says nothing of what it could not remove.
		p := filepath.Join(st.dir, filepath.FromSlash(dir))
		if _, err := os.Lstat(p); !absent(err) {
			return &fs.PathError{Op: "remove", Path: p, Err: fs.ErrExist}
		}
	}
	return nil
}

// absent reports whether err says there is nothing by the name: not
// there, or a file where the name needs a folder (the build replaced the
// spare's folder by a file).
func absent(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// inGone reports whether name lies in one of the folders removed (sorted).
func inGone(gone []string, name string) bool {
	for d := path.Dir(name); d != "." && d != "/"; d = path.Dir(d) {
		if _, ok := slices.BinarySearch(gone, d); ok {
			return true
		}
	}
	return false
}

// keepSpare reports whether the site just replaced is worth keeping as
// the spare whole: most of its files, by number and by bytes, are shared
// with the new site (linked from it, so they cost no space). Its files
// are those of the previous manifest; a site without one shares nothing
// this build knows of.
func (st *Staging) keepSpare() bool {
	var files, bytes, sharedFiles, sharedBytes int64
	for _, e := range st.prev {
		files++
		bytes += e.size
	}
	st.mu.Lock()
	for _, s := range st.entries {
		if s.reused {
			sharedFiles++
			sharedBytes += s.size
		}
	}
	st.mu.Unlock()
	return files > 0 && 2*sharedFiles >= files && 2*sharedBytes >= bytes
}

// retire keeps the replaced site at old as the spare, or removes it.
// A site most of whose files changed (a new program, a new layout, a
// figure every page shows) would make a spare as large as the site, yet
// its folders are still worth keeping: making them again costs the next
// build more than removing the changed files costs this one (at 40,000
// towns, 80,000 mkdirs on a file system that makes inodes slowly right
// after many were freed). So the files the new site did not take from it
// are removed and the rest, folders and shared files, kept. A site the
// build knows no files of (no previous manifest) is removed whole.
func (st *Staging) retire(old string) {
	fi, err := os.Lstat(old)
	if err != nil {
		return
	}
	spare := filepath.Join(st.parent, spareName(st.base))
	if fi.IsDir() && len(st.prev) > 0 {
		if _, err := os.Lstat(spare); errors.Is(err, fs.ErrNotExist) {
			if !st.keepSpare() {
				st.dropUnshared(old)
			}
			if os.Rename(old, spare) == nil {
				return
			}
		}
	}
	RemoveTree(old)
}

// dropUnshared removes from the replaced site at old every file of the
// previous manifest that the new site did not take from it.
func (st *Staging) dropUnshared(old string) {
	st.mu.Lock()
	var drop []string
	for name := range st.prev {
		if !fs.ValidPath(name) || strings.Contains(name, "\\") {
			continue // a manifest edited by hand names nothing outside old
		}
		if s, ok := st.entries[name]; !ok || !s.reused {
			drop = append(drop, name)
		}
	}
	st.mu.Unlock()
	names := make(chan string, 64)
	var wg sync.WaitGroup
	for range stagingWriters {
		wg.Go(func() {
			for name := range names {
				os.Remove(filepath.Join(old, filepath.FromSlash(name)))
			}
		})
	}
	for _, name := range drop {
		names <- name
	}
	close(names)
	wg.Wait()
}
