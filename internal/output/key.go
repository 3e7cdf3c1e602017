package output

import (
	"os"
	"path/filepath"
	"slices"
)

// A Key is the digest of everything a file was made from. Where the
// build can say that cheaply (a town's page: the town's row, its ranks,
// its tier's leaders, the site's settings and layouts, the program), a
// file whose key is the previous build's is taken from the previous site
// without being made at all: an edit of one town's row makes again only
// the files it reaches. The bytes decide only where no key is given
// (Staging.reuse).
//
// A key must change with every input its files show; a build run with
// TOWNPRESS_CHECK_KEYS=1 makes every keyed file anyway and fails on one
// that differs from the file its key took (see build).
type Key [32]byte

// IsZero reports whether k is no key.
func (k Key) IsZero() bool { return k == Key{} }

// A KeySink is a Sink that can take files from the previous build by the
// key of what they were made from.
type KeySink interface {
	Sink
	// Reuse puts into the site every file the previous build recorded
	// under key, taken from the previous site, when each is still there
	// as that build wrote it, and returns them; else it takes none and
	// returns ok false, and the caller makes them.
	Reuse(key Key) (files []File, ok bool)
	// Keep records key for the files named, made by this build, for the
	// next build's Reuse: every file made from key, or none.
	Keep(key Key, names ...string)
	// MayReuse reports whether the previous build recorded a key for the
	// file named. When it did not, Reuse takes that file under no key, so
	// a caller can make the file first and its key (for Keep) on the way,
	// where making the key alone would be a pass of its own.
	MayReuse(name string) bool
}

// File is a file taken by Reuse: its name, size and SHA-256.
type File struct {
	Name string
	Size int64
	Sum  [32]byte
}

// Reuse implements KeySink.
func (st *Staging) Reuse(key Key) ([]File, bool) {
	if key.IsZero() {
		return nil, false
	}
	names := st.prevKeys()[key]
	if len(names) == 0 {
		return nil, false
	}
	files := make([]File, len(names))
	stats := make([]os.FileInfo, len(names))
	for i, name := range names {
		e := st.prev[name]
		fi, err := os.Lstat(filepath.Join(st.out, filepath.FromSlash(name)))
		if err != nil || !fi.Mode().IsRegular() || fi.Size() != e.size || fi.ModTime().UnixNano() != e.mtime {
			return nil, false // edited by hand, or gone: made again
		}
		files[i] = File{Name: name, Size: e.size, Sum: e.sum}
		stats[i] = fi
	}
	st.mu.Lock()
	for _, name := range names {
		if _, dup := st.sizes[name]; dup {
			st.mu.Unlock()
			return nil, false // taken already: let the caller's Put say so
		}
	}
	st.mu.Unlock()
	var linked []string
	undo := func() {
		st.mu.Lock()
		for _, name := range linked {
			os.Remove(filepath.Join(st.dir, filepath.FromSlash(name)))
			delete(st.sizes, name)
			if s, ok := st.entries[name]; ok && s.reused {
				st.reused--
			}
			delete(st.entries, name)
		}
		st.mu.Unlock()
	}
	for i, f := range files {
		if err := st.reserve(f.Name, f.Size, false); err != nil {
			undo()
			return nil, false
		}
		linked = append(linked, f.Name)
		old := filepath.Join(st.out, filepath.FromSlash(f.Name))
		if err := st.linkFrom(old, stats[i], filepath.Join(st.dir, filepath.FromSlash(f.Name))); err != nil {
			undo()
			return nil, false
		}
		e := st.prev[f.Name]
		st.record(f.Name, e, true)
	}
	return files, true
}

// MayReuse implements KeySink.
func (st *Staging) MayReuse(name string) bool {
	e, ok := st.prev[name] // read only once the staging is made
	return ok && !e.key.IsZero()
}

// Keep implements KeySink.
func (st *Staging) Keep(key Key, names ...string) {
	if key.IsZero() {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.keys == nil {
		st.keys = map[string]Key{}
	}
	for _, name := range names {
		st.keys[name] = key
	}
}

// prevKeys lists the previous site's files by key, made on first use.
func (st *Staging) prevKeys() map[Key][]string {
	st.keyOnce.Do(func() {
		st.byKey = map[Key][]string{}
		for name, e := range st.prev {
			if !e.key.IsZero() {
				st.byKey[e.key] = append(st.byKey[e.key], name)
			}
		}
		for _, names := range st.byKey {
			slices.Sort(names)
		}
	})
	return st.byKey
}
