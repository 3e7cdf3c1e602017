package build

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file streamed into the staging folder is refused a taken name like a
// put one, and counts its size once written; emitFile gives the same size
// and SHA-256 streamed as in memory.
func TestStreamedFiles(t *testing.T) {
	st, err := stage(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.discard()
	content := strings.Repeat("数据,1.5\r\n", 300000) // larger than emitFile's buffer
	write := func(w io.Writer) error { _, err := io.WriteString(w, content); return err }
	size, sum, err := emitFile(st, "downloads/data/big.csv", write)
	if err != nil {
		t.Fatal(err)
	}
	if size != int64(len(content)) || sum != sha256.Sum256([]byte(content)) {
		t.Errorf("streamed: size %d, want %d; or the checksum differs", size, len(content))
	}
	if b, _ := os.ReadFile(filepath.Join(st.dir, "downloads", "data", "big.csv")); string(b) != content {
		t.Errorf("the streamed file holds %d bytes, want %d", len(b), len(content))
	}
	if n, total := st.totals(); n != 1 || total != int64(len(content)) {
		t.Errorf("totals = %d files, %d bytes", n, total)
	}
	if _, _, err := emitFile(st, "downloads/data/big.csv", write); !errors.Is(err, errTaken) {
		t.Errorf("a second file of one name: %v, want errTaken", err)
	}
	if err := st.put("downloads/data/big.csv", nil); !errors.Is(err, errTaken) {
		t.Errorf("a put over a streamed file: %v, want errTaken", err)
	}
	if _, err := st.create("../x"); err == nil {
		t.Errorf("a path outside the folder was accepted")
	}
	mem := &memory{files: map[string][]byte{}}
	msize, msum, err := emitFile(mem, "big.csv", write)
	if err != nil || msize != size || msum != sum || string(mem.files["big.csv"]) != content {
		t.Errorf("in memory: %d bytes, %v; want what was streamed", msize, err)
	}
	failed := errors.New("disk full")
	if _, _, err := emitFile(st, "downloads/bad.csv", func(io.Writer) error { return failed }); !errors.Is(err, failed) {
		t.Errorf("a failing write: %v", err)
	}
}

// Files put from many goroutines at once are all written, with their own
// bytes, by the time the folder is swapped in; a file put after the swap's
// stop is written at once; a replacing write waits for the queued one.
func TestQueuedWrites(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	st, err := stage(out)
	if err != nil {
		t.Fatal(err)
	}
	defer st.discard()
	const n = 2000
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- st.put(fmt.Sprintf("towns/t%d/index.html", i), []byte(strings.Repeat(fmt.Sprint(i), 100)))
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := st.put("downloads/index.html", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := st.write(map[string][]byte{"downloads/index.html": []byte("second")}); err != nil {
		t.Fatal(err)
	}
	if err := st.swap(); err != nil {
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
	if files, _ := st.totals(); files != n+1 {
		t.Errorf("totals: %d files, want %d", files, n+1)
	}
}
