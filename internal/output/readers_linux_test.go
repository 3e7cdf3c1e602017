package output

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Readers of the replaced site. A reader that opened a file of public/
// before the swap (a web server sending it, nginx's open_file_cache, an
// rsync of the site) reads the whole file after the swap and after the
// next build recycles the spare: the spare's changed files are unlinked,
// never emptied or written into, which would cut the reader short (a
// change that wrote into them was measured, gave no gain and was taken
// out; these tests stay to keep any such change honest).
func TestReplacedSiteKeepsBytesForOpenReader(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	site := func(v string) map[string]string {
		return map[string]string{"a.html": "a " + v, "b.html": "b " + v, "c.html": "c " + v}
	}
	swap(t, stageSite(t, out, site("1")))
	f, err := os.Open(filepath.Join(out, "a.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	swap(t, stageSite(t, out, site("2"))) // every file changed
	b, _ := io.ReadAll(f)
	if string(b) != "a 1" {
		t.Errorf("a reader of the replaced site's a.html, opened before the swap, reads %q after it, want %q", b, "a 1")
	}
}

// The same for a file mapped into memory: emptied under the mapping, a
// read of the mapping would be a SIGBUS.
func TestReplacedSiteKeepsMappedFile(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	site := func(v string) map[string]string {
		return map[string]string{"a.html": "a " + v, "b.html": "b " + v, "c.html": "c " + v}
	}
	swap(t, stageSite(t, out, site("1")))
	swap(t, stageSite(t, out, site("2")))
	// A file of site 2 (the live site) mapped by a reader:
	f, err := os.Open(filepath.Join(out, "a.html"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, 3, syscall.PROT_READ, syscall.MAP_SHARED)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(m)
	swap(t, stageSite(t, out, site("3"))) // site 2 retired
	fi, _ := os.Stat(filepath.Join(parent, ".public.spare", "a.html"))
	if fi != nil && fi.Size() == 0 {
		t.Fatalf("the mapped file of the replaced site was emptied (a read of the mapping would fault)")
	}
	if string(m) != "a 2" { // faults (SIGBUS) if emptied
		t.Errorf("mapping holds %q", m)
	}
}

// Killed after the exchange and before the manifest was written: the
// manifest is the replaced site's while public/ holds files of the same
// sizes. The next build still gives exactly its site.
func TestRecycleStaleManifest(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	man := filepath.Join(parent, ".public.manifest")
	site := func(v string) map[string]string {
		return map[string]string{"a.html": "a " + v, "b.html": "b " + v, "t/c.html": "c " + v}
	}
	swap(t, stageSite(t, out, site("1")))
	swap(t, stageSite(t, out, site("2")))
	m2, _ := os.ReadFile(man)
	swap(t, stageSite(t, out, site("3")))
	os.WriteFile(man, m2, 0o644) // as if killed before the manifest
	for _, v := range []string{"2", "3", "4", "2"} {
		st := stageSite(t, out, site(v))
		swap(t, st)
		exactly(t, out, site(v))
	}
}

// A spare file of one link with wrong bytes (edited by hand, or left by
// a build killed while it wrote) is never published: the build takes
// the live file, writes it anew or removes it.
func TestRecycleHalfWrittenSpareFile(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	spare := filepath.Join(parent, ".public.spare")
	site := func(v string) map[string]string {
		return map[string]string{"a.html": "a " + v, "b.html": "b " + v, "t/c.html": "c " + v}
	}
	swap(t, stageSite(t, out, site("1")))
	swap(t, stageSite(t, out, site("2")))
	for _, n := range []string{"a.html", "b.html", "t/c.html"} {
		os.WriteFile(filepath.Join(spare, n), []byte("garbage"), 0o644)
	}
	s := site("2")        // a: unchanged, taken from the live site
	s["b.html"] = "b 5"   // b: written anew
	delete(s, "t/c.html") // c: no longer made
	swap(t, stageSite(t, out, s))
	exactly(t, out, s)
}

// The -pdf second pass (replace) in a recycled staging folder: a file
// first taken from the live site (the spare's very inode, or linked) and
// then replaced leaves the live site as it was until the swap.
func TestRecycleReplaceLeavesLiveSite(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	site := map[string]string{"a.html": "a", "b.html": "b", "c.html": "c"}
	swap(t, stageSite(t, out, site))
	s2 := map[string]string{"a.html": "a", "b.html": "b", "c.html": "c2"}
	swap(t, stageSite(t, out, s2)) // spare kept whole: a, b shared with public
	for _, stream := range [][]string{nil, {"a.html"}} {
		if _, err := os.Lstat(filepath.Join(parent, ".public.spare")); err != nil {
			swap(t, stageSite(t, out, s2)) // a spare again (Discard removed it)
		}
		st := stageSite(t, out, s2, stream...)
		if !st.recycled {
			t.Fatal("not recycled")
		}
		if err := st.Write(map[string][]byte{"a.html": []byte("A"), "c.html": []byte("C")}); err != nil {
			t.Fatal(err)
		}
		exactly(t, out, s2)
		st.Discard()
		exactly(t, out, s2)
	}
}
