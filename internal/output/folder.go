// Package output owns the output folder of a build: the lock beside it,
// the staging folder every file is written into as it is made (by a pool
// of writers), and the swap that puts the staged folder in place of the
// output whole, so that a failed or killed build never leaves a
// half-written site. It knows nothing of pages: build hands it bytes by
// name.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/townpress/townpress/internal/diag"
)

// marker is written at the root of every output folder. A build replaces
// the output folder whole, so it replaces only a folder that is empty or
// carries this file: pointing -out at the wrong folder must not delete it.
const (
	Marker        = ".townpress-output"
	MarkerContent = "This folder was written by townpress build and is replaced whole by the next build.\n"
)

// Check refuses an output folder the build would destroy: one that holds
// the site itself (its config, data or layouts), or a folder that exists,
// is not empty and was not written by townpress (it lacks the marker,
// whatever else it holds).
func Check(out, configPath, dataDir string) error {
	if err := CheckContains(out, configPath, dataDir); err != nil {
		return err
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("-out %s: %w", out, err)
	}
	entries, err := os.ReadDir(absOut)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("-out %s: %w", out, err)
	}
	if _, err := os.Stat(filepath.Join(absOut, Marker)); err != nil {
		return fmt.Errorf("-out %s: refusing to replace a folder townpress did not write (it has files but no %s); choose a new or empty folder, or empty this one yourself", out, Marker)
	}
	return nil
}

// CheckContains refuses an output folder that holds the site's config,
// layouts or data (dataDir; "" before the config is read).
func CheckContains(out, configPath, dataDir string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("-out %s: %w", out, err)
	}
	siteDir, err := filepath.Abs(filepath.Dir(configPath))
	if err != nil {
		return fmt.Errorf("-config %s: %w", configPath, err)
	}
	keep := []string{siteDir, filepath.Join(siteDir, "layouts")}
	if dataDir != "" {
		keep = append(keep, filepath.Join(siteDir, dataDir))
	}
	for _, keep := range keep {
		if within(keep, absOut) {
			return fmt.Errorf("-out %s: refusing to replace a folder that holds the site's own files (%s); build into a separate folder such as public", out, keep)
		}
	}
	return nil
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
}

// textError is an error of the output folder with its text in each
// language; the system's error it wraps keeps its own words.
type textError struct {
	diag.Text
	err error
}

func (e *textError) Error() string { return e.En }
func (e *textError) Unwrap() error { return e.err }

// Wrapf is err explained by m with args, in each language.
func Wrapf(err error, m diag.Message, args ...any) error {
	return &textError{m.Text(args...), err}
}

// The output folder's neighbours, all in its parent folder and named after
// it (for public: .public.lock, .public.tmp-123, .public.old-123, and
// .public.manifest and .public.spare, which stay between builds). Only
// names that are exactly these, with digits after the dash, are a build's
// own: a folder named public.tmp-x beside it is not.
func lockName(base string) string { return "." + base + ".lock" }

func leftoverOf(name, base string) (kind string, ok bool) {
	for _, kind := range []string{".tmp-", ".old-"} {
		digits, found := strings.CutPrefix(name, "."+base+kind)
		if found && digits != "" && strings.Trim(digits, "0123456789") == "" {
			return kind, true
		}
	}
	return "", false
}

// A Lock is the exclusive lock a build holds on its output folder from
// before it reads the input until the new site is in place, so that two
// builds into one folder take turns instead of deleting each other's
// files. It is an advisory lock of the operating system (flock, or
// LockFileEx on Windows) on the lock file beside the folder: the system
// drops it when the process ends, however it ends, so a build that was
// killed never leaves a stale lock. The lock file itself stays.
type Lock struct {
	f *os.File
}

// TakeLock takes the lock of the output folder parent/base; while another
// build holds it, waiting is called once with that build's process id (0
// if it has not written it yet), and lockOut waits.
func TakeLock(parent, base string, waiting func(pid int)) (*Lock, error) {
	f, err := os.OpenFile(filepath.Join(parent, lockName(base)), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	ok, err := tryLockFile(f)
	if err == nil && !ok {
		// The holder writes its process id just after it takes the lock:
		// a build that comes in between reads nothing. Look again for a
		// moment, so that the message can say which build it waits for.
		pid := lockHolder(f)
		for i := 0; pid == 0 && i < 50; i++ {
			time.Sleep(10 * time.Millisecond)
			if ok, err = tryLockFile(f); err != nil || ok {
				break
			}
			pid = lockHolder(f)
		}
		if err == nil && !ok {
			if waiting != nil {
				waiting(pid)
			}
			err = lockFile(f)
		}
	}
	if err != nil {
		f.Close()
		return nil, Wrapf(err, diag.M("locking %s: %v", "无法锁定 %s：%v"), f.Name(), err)
	}
	// For the message of a build that waits for this one.
	if f.Truncate(0) == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// lockHolder is the process id the lock's holder wrote, or 0.
func lockHolder(f *os.File) int {
	b := make([]byte, 20)
	n, _ := f.ReadAt(b, 0)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b[:n])))
	return pid
}

// Unlock lets the next build in.
func (l *Lock) Unlock() {
	l.f.Truncate(0)
	unlockFile(l.f)
	l.f.Close()
}

// Recover puts the previous site back when a build was killed between
// moving it aside and moving the new one in (where the folders cannot be
// exchanged in one step): then there is no parent/base, but a
// .base.old-N. It runs under the lock, before the input is read, so even
// a build that then fails leaves the previous site in place.
func Recover(parent, base string) error {
	out := filepath.Join(parent, base)
	if _, err := os.Lstat(out); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil // the parent is new; nothing to recover
	}
	var newest string
	var newestTime time.Time
	for _, e := range entries {
		if kind, ok := leftoverOf(e.Name(), base); ok && kind == ".old-" && e.IsDir() {
			if info, err := e.Info(); err == nil && (newest == "" || info.ModTime().After(newestTime)) {
				newest, newestTime = e.Name(), info.ModTime()
			}
		}
	}
	if newest == "" {
		return nil
	}
	if err := os.Rename(filepath.Join(parent, newest), out); err != nil {
		return Wrapf(err, diag.M("the previous site is in %s, moved aside by a build that did not finish; putting it back: %v", "上一版站点在 %s 中，是一次未完成的构建移开的；放回原处时出错：%v"), filepath.Join(parent, newest), err)
	}
	return nil
}

// CleanLeftovers removes what builds of parent/base that were killed left:
// temporary folders and previous sites moved aside. It runs under the
// lock, after Recover, so none of them belongs to a running build.
//
// One temporary folder that holds a site (the Marker) becomes the
// output's spare when it has none (a build killed while it recycled the
// spare left it so, or one killed just after its swap left the replaced
// site so): recycling trusts nothing in a spare but files that are the
// live site's very inodes, and removes the rest (see recycle.go), so any
// such tree will do, and saves making its folders again. (Nothing by the
// spare's name is recycled without the Marker: see spareOf.)
func CleanLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	spare := filepath.Join(parent, spareName(base))
	_, err = os.Lstat(spare)
	adopt := errors.Is(err, fs.ErrNotExist)
	if _, err := os.Lstat(filepath.Join(parent, base)); err != nil {
		adopt = false // a spare is never kept without its site
	}
	for _, e := range entries {
		kind, ok := leftoverOf(e.Name(), base)
		if !ok || !e.IsDir() {
			continue
		}
		p := filepath.Join(parent, e.Name())
		if adopt && kind == ".tmp-" && isSite(p) && os.Rename(p, spare) == nil {
			adopt = false
			continue
		}
		RemoveTree(p)
	}
}

// A Folder is an output folder whose lock this build holds: what killed
// builds left beside it is cleaned up, and a previous site one of them
// left moved aside is back in place.
type Folder struct {
	Out          string // as -out names it
	parent, base string
	lock         *Lock
}

// Open takes the lock of the output folder out (making its parent if
// need be), waiting while another build holds it (waiting is told the
// holder's process id first, 0 if unknown), then repairs what killed
// builds left. Close lets the next build in.
func Open(out string, waiting func(pid int)) (*Folder, error) {
	clean := filepath.Clean(out)
	parent, base := filepath.Split(clean)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	lock, err := TakeLock(parent, base, waiting)
	if err != nil {
		return nil, err
	}
	if err := Recover(parent, base); err != nil {
		lock.Unlock()
		return nil, err
	}
	CleanLeftovers(parent, base)
	return &Folder{Out: out, parent: parent, base: base, lock: lock}, nil
}

// Close lets the next build into the folder.
func (f *Folder) Close() { f.lock.Unlock() }

// ReadCachePath is where the build keeps the records of the sheets it
// read, for the next build (source.ReadCache): beside the folder, as its
// manifest (for public: .public.readcache), never published. Its keys are
// of the workbooks' bytes, not of the site, so it stays true whatever
// becomes of the folder; the build writes it whole, after the swap.
func (f *Folder) ReadCachePath() string {
	return filepath.Join(f.parent, "."+f.base+".readcache")
}

// Stage makes a fresh, empty staging folder beside the output.
func (f *Folder) Stage() (*Staging, error) { return Stage(f.Out) }
