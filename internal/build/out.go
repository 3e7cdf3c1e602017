package build

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
	marker        = ".townpress-output"
	markerContent = "This folder was written by townpress build and is replaced whole by the next build.\n"
)

// checkOut refuses an output folder the build would destroy: one that holds
// the site itself (its config, data or layouts), or a folder that exists,
// is not empty and was not written by townpress (it lacks the marker,
// whatever else it holds).
func checkOut(out, configPath, dataDir string) error {
	if err := checkContains(out, configPath, dataDir); err != nil {
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
	if _, err := os.Stat(filepath.Join(absOut, marker)); err != nil {
		return fmt.Errorf("-out %s: refusing to replace a folder townpress did not write (it has files but no %s); choose a new or empty folder, or empty this one yourself", out, marker)
	}
	return nil
}

// checkContains refuses an output folder that holds the site's config,
// layouts or data (dataDir; "" before the config is read).
func checkContains(out, configPath, dataDir string) error {
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

// OutputError is a failure to write the output folder — a full disk, a
// folder without permission, a lock that cannot be taken — rather than a
// problem in the input. It carries the first such failure only: once the
// disk is full every later write fails the same way.
type OutputError struct {
	Out string // the output folder, as -out names it
	Err error
}

func (e *OutputError) Error() string { return e.In(diag.En) }

// In is the error in lang; the system's own words (no space left on
// device) stay as it gives them.
func (e *OutputError) In(lang diag.Lang) string {
	return diag.Sprint(lang, diag.M("cannot write %s: %v", "无法写入 %s：%v"), e.Out, e.Err)
}
func (e *OutputError) Unwrap() error { return e.Err }

// textError is an error of the output folder with its text in each
// language; the system's error it wraps keeps its own words.
type textError struct {
	diag.Text
	err error
}

func (e *textError) Error() string { return e.En }
func (e *textError) Unwrap() error { return e.err }

// wrapf is err explained by m with args, in each language.
func wrapf(err error, m diag.Message, args ...any) error {
	return &textError{m.Text(args...), err}
}

// The output folder's neighbours, all in its parent folder and named after
// it (for public: .public.lock, .public.tmp-123, .public.old-123). Only
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

// outLock is the exclusive lock a build holds on its output folder from
// before it reads the input until the new site is in place, so that two
// builds into one folder take turns instead of deleting each other's
// files. It is an advisory lock of the operating system (flock, or
// LockFileEx on Windows) on the lock file beside the folder: the system
// drops it when the process ends, however it ends, so a build that was
// killed never leaves a stale lock. The lock file itself stays.
type outLock struct {
	f *os.File
}

// lockOut takes the lock of the output folder parent/base; while another
// build holds it, waiting is called once with that build's process id (0
// if it has not written it yet), and lockOut waits.
func lockOut(parent, base string, waiting func(pid int)) (*outLock, error) {
	f, err := os.OpenFile(filepath.Join(parent, lockName(base)), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	ok, err := tryLockFile(f)
	if err == nil && !ok {
		if waiting != nil {
			waiting(lockHolder(f))
		}
		err = lockFile(f)
	}
	if err != nil {
		f.Close()
		return nil, wrapf(err, diag.M("locking %s: %v", "无法锁定 %s：%v"), f.Name(), err)
	}
	// For the message of a build that waits for this one.
	if f.Truncate(0) == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &outLock{f: f}, nil
}

// lockHolder is the process id the lock's holder wrote, or 0.
func lockHolder(f *os.File) int {
	b := make([]byte, 20)
	n, _ := f.ReadAt(b, 0)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b[:n])))
	return pid
}

func (l *outLock) unlock() {
	l.f.Truncate(0)
	unlockFile(l.f)
	l.f.Close()
}

// recoverOut puts the previous site back when a build was killed between
// moving it aside and moving the new one in (where the folders cannot be
// exchanged in one step): then there is no parent/base, but a
// .base.old-N. It runs under the lock, before the input is read, so even
// a build that then fails leaves the previous site in place.
func recoverOut(parent, base string) error {
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
		return wrapf(err, diag.M("the previous site is in %s, moved aside by a build that did not finish; putting it back: %v", "上一版站点在 %s 中，是一次未完成的构建移开的；放回原处时出错：%v"), filepath.Join(parent, newest), err)
	}
	return nil
}

// cleanLeftovers removes what builds of parent/base that were killed left:
// temporary folders and previous sites moved aside. It runs under the
// lock, after recoverOut, so none of them belongs to a running build.
func cleanLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if _, ok := leftoverOf(e.Name(), base); ok && e.IsDir() {
			removeTree(filepath.Join(parent, e.Name()))
		}
	}
}
