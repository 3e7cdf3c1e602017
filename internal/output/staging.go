package output

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// A Sink takes the site's files as they are made, from several goroutines
// at once. It refuses a second file by a name already taken (ErrTaken):
// two parts of the site writing one file is a bug, never an overwrite.
type Sink interface {
	Put(name string, b []byte) error
}

// ErrTaken is the error of a second file by a name already written.
var ErrTaken = errors.New("written twice")

// Memory is a sink that keeps the whole site in memory (build.Render,
// serve): Files by slash-separated path.
type Memory struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// NewMemory is an empty Memory.
func NewMemory() *Memory { return &Memory{Files: map[string][]byte{}} }

// Put keeps b as name; a name already taken is refused.
func (m *Memory) Put(name string, b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.Files[name]; dup {
		return fmt.Errorf("%s: %w", name, ErrTaken)
	}
	m.Files[name] = b
	return nil
}

// Staging is a build's temporary folder beside the output folder; it is
// the sink of build.Build.
type Staging struct {
	out, parent, base, dir string
	done                   bool

	mu    sync.Mutex
	sizes map[string]int64 // files written, by name
	err   error            // the first failed write

	// Folders have a lock of their own: a mkdir is a slow system call
	// (see MakeFolders), and the writers must not wait for it to record
	// their files.
	dmu   sync.Mutex
	made  map[string]bool // folders made
	ahead sync.WaitGroup  // the pass of MakeFolders
	halt  atomic.Bool     // the build is over: the pass stops

	// The previous site's manifest, and what the next one will say of
	// each file staged (see manifest.go).
	prev    map[string]entry
	entries map[string]staged
	reused  int
	keys    map[string]Key // the keys of files made (Keep)
	byKey   map[Key][]string
	keyOnce sync.Once

	// A staging folder recycled from the spare (see recycle.go), and
	// what the spare held, listed in the background by walk.
	recycled   bool
	walk       sync.WaitGroup
	spareFiles []string
	spareDirs  []string
	walkErr    error // a folder walk could not list

	qmu    sync.RWMutex // held to read while queueing, to write while closing
	closed bool         // the writers are stopped: put writes itself

	// Files are written by a pool of writers, not by the goroutine that
	// made them: once a build has written a few gigabytes the kernel
	// makes writes wait for the disk, and rendering should go on
	// meanwhile (at 40,000 towns the cores idled a third of the time).
	queue   chan queued
	writers sync.WaitGroup // the writer goroutines
	pending sync.WaitGroup // files queued and not yet written
}

type queued struct {
	name string
	b    []byte
}

// stagingWriters is the number of writers; writing is waiting, not work,
// so there are more than cores.
const stagingWriters = 8

// Stage makes the staging folder beside out, whose parent exists: the
// output's spare, the site the last build replaced, renamed into place
// when there is one (see recycle.go), else a fresh, empty folder.
func Stage(out string) (*Staging, error) {
	out = filepath.Clean(out)
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	var tmp string
	recycled := false
	if spare, ok := spareOf(parent, base); ok {
		tmp, recycled = recycle(parent, base, spare)
	}
	if !recycled {
		var err error
		if tmp, err = os.MkdirTemp(parent, "."+base+".tmp-"); err != nil {
			return nil, err
		}
	}
	st := &Staging{out: out, parent: parent, base: base, dir: tmp, made: map[string]bool{".": true}, sizes: map[string]int64{},
		queue: make(chan queued, 64), prev: readManifest(filepath.Join(parent, manifestName(base))), entries: map[string]staged{},
		recycled: recycled}
	if recycled {
		st.walkSpare()
	}
	for range stagingWriters {
		st.writers.Go(func() {
			for q := range st.queue {
				st.failed(st.writeFile(q.name, q.b, false))
				st.pending.Done()
			}
		})
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		st.Discard()
		return nil, err
	}
	return st, nil
}

// Put writes one file into the staged folder, making its folder first.
// Several goroutines may put at once; a name already written is refused.
func (st *Staging) Put(name string, b []byte) error {
	return st.save(name, b, false)
}

// save writes a file; replace says an earlier file by the name may be
// overwritten.
func (st *Staging) save(name string, b []byte, replace bool) error {
	if replace {
		// The earlier file by the name must be written before this one.
		if err := st.Flush(); err != nil {
			return err
		}
		st.mu.Lock()
		delete(st.keys, name) // made again: no longer what its key made
		st.mu.Unlock()
	}
	if err := st.reserve(name, int64(len(b)), replace); err != nil {
		return err
	}
	st.mu.Lock()
	err := st.err
	st.mu.Unlock()
	if err != nil {
		return err
	}
	// The queue stays open while a file is being queued (stop closes it
	// under the write lock); writers never take this lock, so a full queue
	// only makes this wait.
	st.qmu.RLock()
	defer st.qmu.RUnlock()
	if st.closed || replace {
		err := st.writeFile(name, b, replace)
		st.failed(err)
		return err
	}
	st.pending.Add(1)
	st.queue <- queued{name, b}
	return nil
}

// writeFile writes a file into the staged folder, or links the previous
// site's when it has the same bytes; replace says a file by the name may
// be there already.
func (st *Staging) writeFile(name string, b []byte, replace bool) error {
	sum := sha256.Sum256(b)
	if st.reuse(name, sum, int64(len(b))) {
		return nil
	}
	dst := filepath.Join(st.dir, filepath.FromSlash(name))
	if replace || st.recycled {
		// The earlier file, or the spare's, may be a link to the previous
		// site's: writing into it would change the previous site, which
		// stays in place if this build fails.
		if err := clear(dst); err != nil {
			return err
		}
	}
	mtime, err := createFile(dst, b)
	if err != nil {
		return err
	}
	st.record(name, entry{sum: sum, size: int64(len(b)), mtime: mtime}, false)
	return nil
}

// FirstError is the first write that failed, if one did.
func (st *Staging) FirstError() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.err
}

// failed keeps the first write error.
func (st *Staging) failed(err error) {
	if err == nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err == nil {
		st.err = err
	}
}

// Flush waits until every file put so far is written, and returns the
// first write that failed.
func (st *Staging) Flush() error {
	st.pending.Wait()
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.err
}

// stop flushes and stops the writers and the folders' pass; later puts
// write themselves.
func (st *Staging) stop() error {
	st.halt.Store(true)
	st.ahead.Wait()
	st.walk.Wait()
	err := st.Flush()
	st.qmu.Lock()
	if !st.closed {
		st.closed = true
		close(st.queue)
	}
	st.qmu.Unlock()
	st.writers.Wait()
	return err
}

// reserve takes a name for a file of size bytes and makes its folder.
func (st *Staging) reserve(name string, size int64, replace bool) error {
	// Names come from validated ids; this guards against a future bug
	// ever writing outside the output folder.
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, "\\") {
		return fmt.Errorf("write: refusing path %q outside the output folder", name)
	}
	st.mu.Lock()
	if _, dup := st.sizes[name]; dup && !replace {
		st.mu.Unlock()
		return fmt.Errorf("write: %s: %w", name, ErrTaken)
	}
	// The name is taken before its folder is made, so that of two puts
	// of one name at once one is refused.
	st.sizes[name] = size
	st.mu.Unlock()
	st.dmu.Lock()
	err := st.mkdir(path.Dir(name))
	st.dmu.Unlock()
	st.failed(err)
	return err
}

// mkdir makes dir in the staged folder, and its parents first, with
// st.dmu held: one system call a folder, where os.MkdirAll looks at each
// parent first.
func (st *Staging) mkdir(dir string) error {
	if st.made[dir] {
		return nil
	}
	if err := st.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	p := filepath.Join(st.dir, filepath.FromSlash(dir))
	if st.recycled {
		// mkdirIn removes a file in the folder's way, which must be the
		// spare's: a file of this build there is a bug (in a fresh
		// folder the file put into the folder would fail).
		st.mu.Lock()
		_, taken := st.sizes[dir]
		st.mu.Unlock()
		if taken {
			return fmt.Errorf("write: %s is a file and a folder", dir)
		}
		if err := mkdirIn(p); err != nil {
			return err
		}
	} else if err := os.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	st.made[dir] = true
	return nil
}

// MakeFolders makes the folders of the files named, in their order, in
// the background, ahead of the files: a build that knows its pages' names
// calls it before it renders them. A file put before its folder is made
// makes it itself, as without the pass.
//
// A mkdir is slow, and slower still on a file system without a journal
// (ext4 as this project's build machines mount it) shortly after many
// files were removed: the kernel then skips, for every new inode, each
// inode freed in the last minute, looking up its inode table block. At
// 40,000 towns (80,000 folders) made as the pages came, under the lock
// the writers record their files with, the writers waited for every one.
func (st *Staging) MakeFolders(names []string) {
	st.ahead.Go(func() {
		last := ""
		for _, name := range names {
			dir := path.Dir(name)
			if dir == last || !fs.ValidPath(name) || strings.Contains(name, "\\") {
				continue // an invalid name is refused when it is put
			}
			last = dir
			if st.halt.Load() {
				return
			}
			st.dmu.Lock()
			err := st.mkdir(dir)
			st.dmu.Unlock()
			if err != nil {
				st.failed(err)
				return
			}
		}
	})
}

// Write writes files into the staged folder, replacing any written before
// by the same names.
func (st *Staging) Write(files map[string][]byte) error {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := st.save(name, files[name], true); err != nil {
			return err
		}
	}
	return nil
}

// Totals is the number of files written and their size in bytes.
func (st *Staging) Totals() (int, int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var n int64
	for _, size := range st.sizes {
		n += size
	}
	return len(st.sizes), n
}

// Test hooks: the tests of a build killed at the swap stop the build
// there (Swapping is called with "exchange" before the folders are
// exchanged, "between" between the two renames) and can make the
// exchange fail to test the two renames. Nothing else sets them.
var (
	Swapping func(step string)
	Exchange = exchangeDirs
)

// Swap puts the staged folder in place of the output folder: in one step
// where the system can exchange two folders, so that the output folder is
// never missing; else by moving the previous site aside and the new one
// in, and a build killed between the two is repaired by the next build
// (Recover). The previous site is then kept as the spare, or removed
// (retire).
func (st *Staging) Swap() error {
	if err := st.stop(); err != nil {
		return err
	}
	if err := st.Prune(); err != nil {
		return err
	}
	old := ""
	if _, err := os.Lstat(st.out); err == nil {
		if Swapping != nil {
			Swapping("exchange")
		}
		if Exchange(st.dir, st.out) == nil {
			// The staged folder's name now holds the previous site.
			st.done = true
			err := st.saveManifest()
			st.retire(st.dir)
			return err
		}
		old = filepath.Join(st.parent, "."+st.base+".old-"+filepath.Base(st.dir)[len(st.base)+6:])
		if err := os.Rename(st.out, old); err != nil {
			return fmt.Errorf("moving the previous %s aside: %w", st.out, err)
		}
		if Swapping != nil {
			Swapping("between")
		}
	}
	if err := os.Rename(st.dir, st.out); err != nil {
		if old != "" {
			os.Rename(old, st.out)
		}
		return err
	}
	st.done = true
	err := st.saveManifest()
	if old != "" {
		st.retire(old)
	}
	return err
}

// Discard removes the staged folder unless it was swapped in; a recycled
// one is removed too: a build that failed after writing may have failed
// for want of space.
func (st *Staging) Discard() {
	st.stop()
	if !st.done {
		RemoveTree(st.dir)
	}
}

// RemoveTree is os.RemoveAll, with folders emptied by several goroutines
// at once: removing the previous national site (120,000 files) one file
// at a time took a minute, most of it waiting for the disk.
func RemoveTree(dir string) {
	// A link is removed, never followed: -out public may be a link to a
	// web root, which after the swap sits where the previous site was.
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		os.Remove(dir)
		return
	}
	slots := make(chan struct{}, stagingWriters)
	var wg sync.WaitGroup
	var empty func(string)
	empty = func(d string) {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			if !e.IsDir() {
				os.Remove(p)
				continue
			}
			select {
			case slots <- struct{}{}:
				wg.Go(func() {
					defer func() { <-slots }()
					empty(p)
					os.Remove(p)
				})
			default:
				empty(p)
				os.Remove(p)
			}
		}
	}
	empty(dir)
	wg.Wait()
	os.RemoveAll(dir) // whatever is left, such as a folder that could not be read
}

// Dir is the staged folder, where a file put is once Flush returns
// (Chromium prints the reports from there).
func (st *Staging) Dir() string { return st.dir }
