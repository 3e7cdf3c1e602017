package output

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/townpress/townpress/internal/wholefile"
)

// The manifest makes a build into an existing output folder incremental
// where it matters to whoever publishes the folder: a file whose bytes are
// the same as the previous build's is not written again but linked from
// the previous site into the staging folder (a hard link: the same inode,
// the same modification time), so rsync, an object-store upload or a
// web server's cache sees only the files that changed; the folder is still
// swapped in whole.
//
// It lists, for every file of the site in the output folder, its SHA-256,
// size and modification time, and lives beside the folder (for public:
// .public.manifest), not in it, so the site's files are exactly the
// build's and the manifest is never published. It is written after the
// swap, under the lock. A file is taken from the previous site only when
// its size and modification time are still the manifest's: a file edited
// by hand in the folder, or a manifest older than the folder (a build
// killed between the swap and the manifest), makes the build write that
// file again rather than trust the manifest.
func manifestName(base string) string { return "." + base + ".manifest" }

// manifestHeader starts a manifest that records keys (see Key); one
// without it (an older build's) is read as recording none.
const manifestHeader = "townpress manifest 2\n"

// An entry is what the manifest knows of one file.
type entry struct {
	sum   [32]byte
	size  int64
	mtime int64 // nanoseconds since 1970, as the file system keeps it
	key   Key   // what the file was made from; zero when not recorded
}

// readManifest reads the manifest at path; a missing or unreadable one
// is empty (every file is written).
func readManifest(path string) map[string]entry {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	keyed := bytes.HasPrefix(b, []byte(manifestHeader))
	b = bytes.TrimPrefix(b, []byte(manifestHeader))
	fields := 4
	if keyed {
		fields = 5
	}
	m := map[string]entry{}
	for line := range bytes.Lines(b) {
		// SHA-256 in hex, size, mtime, the key in hex or "-", name: the
		// name last, as it may hold spaces.
		f := strings.SplitN(strings.TrimSuffix(string(line), "\n"), " ", fields)
		if len(f) != fields {
			return nil
		}
		var e entry
		size, err1 := strconv.ParseInt(f[1], 10, 64)
		mtime, err2 := strconv.ParseInt(f[2], 10, 64)
		n, err3 := hex.Decode(e.sum[:], []byte(f[0]))
		if err1 != nil || err2 != nil || err3 != nil || n != len(e.sum) {
			return nil // not a manifest this build wrote: trust none of it
		}
		if keyed && f[3] != "-" {
			if n, err := hex.Decode(e.key[:], []byte(f[3])); err != nil || n != len(e.key) {
				return nil
			}
		}
		e.size, e.mtime = size, mtime
		m[f[fields-1]] = e
	}
	return m
}

// writeManifest writes m to path whole (a temporary file renamed over it).
func writeManifest(path string, m map[string]entry) error {
	return wholefile.Write(path, func(w *bufio.Writer) error {
		w.WriteString(manifestHeader)
		for _, name := range slices.Sorted(maps.Keys(m)) {
			e := m[name]
			if e.key.IsZero() {
				fmt.Fprintf(w, "%x %d %d - %s\n", e.sum, e.size, e.mtime, name)
			} else {
				fmt.Fprintf(w, "%x %d %d %x %s\n", e.sum, e.size, e.mtime, e.key, name)
			}
		}
		return nil
	})
}

// reuse puts the previous site's file name into the staging folder in
// place of a new one with the given digest and size, when the previous
// site has that very file; it reports whether it did.
func (st *Staging) reuse(name string, sum [32]byte, size int64) bool {
	e, ok := st.prev[name]
	if !ok || e.sum != sum || e.size != size {
		return false
	}
	old := filepath.Join(st.out, filepath.FromSlash(name))
	fi, err := os.Lstat(old)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != size || fi.ModTime().UnixNano() != e.mtime {
		return false
	}
	if st.linkFrom(old, fi, filepath.Join(st.dir, filepath.FromSlash(name))) != nil {
		return false
	}
	// Its key, if any, is the previous build's; this build keys it anew
	// (Keep) or not at all.
	e.key = Key{}
	st.record(name, e, true)
	return true
}

// record notes a file written (or reused) for the next manifest.
func (st *Staging) record(name string, e entry, reused bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if old, ok := st.entries[name]; ok && old.reused {
		st.reused--
	}
	st.entries[name] = staged{entry: e, reused: reused}
	if reused {
		st.reused++
	}
}

// stamp records a file just written to the staging folder, with the
// modification time the file system gave it.
func (st *Staging) stamp(name string, sum [32]byte, size int64) error {
	fi, err := os.Lstat(filepath.Join(st.dir, filepath.FromSlash(name)))
	if err != nil {
		return err
	}
	st.record(name, entry{sum: sum, size: size, mtime: fi.ModTime().UnixNano()}, false)
	return nil
}

type staged struct {
	entry
	reused bool
}

// Reused is how many files were taken unchanged from the previous site
// instead of written.
func (st *Staging) Reused() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.reused
}

// saveManifest writes the manifest of the site just swapped in.
func (st *Staging) saveManifest() error {
	st.mu.Lock()
	m := make(map[string]entry, len(st.entries))
	for name, s := range st.entries {
		if k, ok := st.keys[name]; ok {
			s.key = k
		}
		m[name] = s.entry
	}
	st.mu.Unlock()
	return writeManifest(filepath.Join(st.parent, manifestName(st.base)), m)
}
