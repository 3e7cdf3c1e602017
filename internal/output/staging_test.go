package output

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A file streamed into the staging folder is refused a taken name like a
// put one, and counts its size once written; EmitFile gives the same size
// and SHA-256 streamed as in memory.
func TestStreamedFiles(t *testing.T) {
	st, err := Stage(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Discard()
	content := strings.Repeat("数据,1.5\r\n", 300000) // larger than EmitFile's buffer
	write := func(w io.Writer) error { _, err := io.WriteString(w, content); return err }
	size, sum, err := EmitFile(st, "downloads/data/big.csv", write)
	if err != nil {
		t.Fatal(err)
	}
	if size != int64(len(content)) || sum != sha256.Sum256([]byte(content)) {
		t.Errorf("streamed: size %d, want %d; or the checksum differs", size, len(content))
	}
	if b, _ := os.ReadFile(filepath.Join(st.dir, "downloads", "data", "big.csv")); string(b) != content {
		t.Errorf("the streamed file holds %d bytes, want %d", len(b), len(content))
	}
	if n, total := st.Totals(); n != 1 || total != int64(len(content)) {
		t.Errorf("totals = %d files, %d bytes", n, total)
	}
	if _, _, err := EmitFile(st, "downloads/data/big.csv", write); !errors.Is(err, ErrTaken) {
		t.Errorf("a second file of one name: %v, want ErrTaken", err)
	}
	if err := st.Put("downloads/data/big.csv", nil); !errors.Is(err, ErrTaken) {
		t.Errorf("a put over a streamed file: %v, want ErrTaken", err)
	}
	if _, err := st.Create("../x"); err == nil {
		t.Errorf("a path outside the folder was accepted")
	}
	mem := NewMemory()
	msize, msum, err := EmitFile(mem, "big.csv", write)
	if err != nil || msize != size || msum != sum || string(mem.Files["big.csv"]) != content {
		t.Errorf("in memory: %d bytes, %v; want what was streamed", msize, err)
	}
	failed := errors.New("disk full")
	if _, _, err := EmitFile(st, "downloads/bad.csv", func(io.Writer) error { return failed }); !errors.Is(err, failed) {
		t.Errorf("a failing write: %v", err)
	}
}

// Files put from many goroutines at once are all written, with their own
// bytes, by the time the folder is swapped in; a file put after the swap's
// stop is written at once; a replacing write waits for the queued one.
func TestQueuedWrites(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Discard()
	const n = 2000
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- st.Put(fmt.Sprintf("towns/t%d/index.html", i), []byte(strings.Repeat(fmt.Sprint(i), 100)))
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Put("downloads/index.html", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := st.Write(map[string][]byte{"downloads/index.html": []byte("second")}); err != nil {
		t.Fatal(err)
	}
	if err := st.Swap(); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		b, err := os.ReadFile(filepath.Join(out, "towns", fmt.Sprintf("t%d", i), "index.html"))
		if err != nil || string(b) != strings.Repeat(fmt.Sprint(i), 100) {
			t.Fatalf("town %d: %q, %v", i, b[:min(len(b), 20)], err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "downloads", "index.html")); string(b) != "second" {
		t.Errorf("the replaced file holds %q, want the second write", b)
	}
	if files, _ := st.Totals(); files != n+1 {
		t.Errorf("totals: %d files, want %d", files, n+1)
	}
}

// TestStagingRefusesASecondWriter: two parts of a build writing one file is
// a bug to report, not an overwrite to hide; only the -pdf pass replaces
// the downloads pages on purpose, and the totals count each file once.
func TestStagingRefusesASecondWriter(t *testing.T) {
	st, err := Stage(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Discard()
	if err := st.Put("a/b/c.html", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := st.Put("a/b/c.html", []byte("two")); !errors.Is(err, ErrTaken) {
		t.Errorf("a second put of one name: %v, want ErrTaken", err)
	}
	if err := st.Put("../x", nil); err == nil {
		t.Errorf("a path outside the folder was accepted")
	}
	if err := st.Write(map[string][]byte{"a/b/c.html": []byte("three!"), "d.txt": []byte("d")}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(st.dir, "a", "b", "c.html")); string(b) != "three!" {
		t.Errorf("replaced file holds %q", b)
	}
	if n, size := st.Totals(); n != 2 || size != 7 {
		t.Errorf("totals = %d files, %d bytes; want 2, 7", n, size)
	}
}

// A file linked from the previous site and then replaced in the staging
// folder (the -pdf pass rewrites the downloads pages) is replaced, not
// written through the link: the previous site stays as it was, and is
// still in place when the build is discarded.
func TestReplacingALinkedFileLeavesThePreviousSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	st.Put("downloads/index.html", []byte("first"))
	if err := st.Swap(); err != nil {
		t.Fatal(err)
	}
	st, err = Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	st.Put("downloads/index.html", []byte("first"))
	if err := st.Flush(); err != nil {
		t.Fatal(err)
	}
	if st.Reused() != 1 {
		t.Errorf("the same bytes were not linked from the previous site")
	}
	if err := st.Write(map[string][]byte{"downloads/index.html": []byte("second")}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(st.Dir(), "downloads", "index.html")); string(b) != "second" {
		t.Errorf("the staged file holds %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "downloads", "index.html")); string(b) != "first" {
		t.Errorf("the previous site's file now holds %q", b)
	}
	if st.Reused() != 0 {
		t.Errorf("a replaced file still counts as reused")
	}
	st.Discard()
	if b, _ := os.ReadFile(filepath.Join(out, "downloads", "index.html")); string(b) != "first" {
		t.Errorf("after the build was discarded the site holds %q", b)
	}
}

// The folders of pages named ahead are made before their files come, in
// the background; files put into them (and into folders not named ahead)
// are written; an invalid name is left for Put to refuse; a build that
// stops stops the pass.
func TestMakeFoldersAhead(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Discard()
	pages := []string{"index.html", "towns/index.html"}
	for i := range 500 {
		pages = append(pages, fmt.Sprintf("towns/t%d/index.html", i), fmt.Sprintf("en/towns/t%d/index.html", i))
	}
	ahead := append(slices.Clone(pages), "../outside/index.html")
	files := append(slices.Clone(pages), "downloads/data/x.csv")
	st.MakeFolders(ahead)
	for _, name := range files {
		if err := st.Put(name, []byte(name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Put("../outside/index.html", nil); err == nil {
		t.Errorf("a path outside the folder was accepted")
	}
	if err := st.Swap(); err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name))); err != nil || string(b) != name {
			t.Fatalf("%s: %q, %v", name, b, err)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "outside")); err == nil {
		t.Errorf("a folder outside the output was made")
	}

	st, err = Stage(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	st.MakeFolders(ahead)
	st.Discard() // waits for the pass, which stops
	if _, err := os.Stat(st.Dir()); err == nil {
		t.Errorf("the discarded staging folder is still there")
	}
}

// A file is written with the modification time the manifest records, and
// never over a file already in place (the staged folder is fresh, and a
// replaced file is removed first).
func TestCreateFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.html")
	mtime, err := createFile(p, []byte("<p>一</p>"))
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "<p>一</p>" || fi.ModTime().UnixNano() != mtime || fi.Mode().Perm() != 0o644&^umask(t) {
		t.Errorf("file %q, mtime %d (stat says %d), mode %v", b, mtime, fi.ModTime().UnixNano(), fi.Mode())
	}
	if _, err := createFile(p, []byte("again")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("writing over a file: %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "<p>一</p>" {
		t.Errorf("the file was overwritten: %q", b)
	}
}

// umask is the process's file mode mask, as a file made with 0o777 shows.
func umask(t *testing.T) fs.FileMode {
	p := filepath.Join(t.TempDir(), "m")
	if err := os.WriteFile(p, nil, 0o777); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return 0o777 &^ fi.Mode().Perm()
}
