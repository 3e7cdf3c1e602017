package output

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A reader that opened a file of public/ before the swap (a web server
// sending it, nginx's open_file_cache, an rsync of the site) reads the
// whole file after the swap, as it did when the replaced site's files
// were unlinked: the replaced site is not emptied under it.
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
	swap(t, stageSite(t, out, site("2"))) // every file changed: the spare is emptied
	b, _ := io.ReadAll(f)
	if string(b) != "a 1" {
		t.Errorf("a reader of the replaced site's a.html, opened before the swap, reads %q after it, want %q", b, "a 1")
	}
}

// The same for a file mapped into memory: emptying it under the mapping
// would make reading the mapping a SIGBUS.
func TestReplacedSiteKeepsMappedFile(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	site := func(v string) map[string]string {
		return map[string]string{"a.html": "a " + v, "b.html": "b " + v, "c.html": "c " + v}
	}
	swap(t, stageSite(t, out, site("1")))
	swap(t, stageSite(t, out, site("2")))
	// The spare now holds site 1's files, kept whole or emptied; a file
	// of site 2 (the live site) mapped by a reader:
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

// overwrite and empty leave a file another descriptor has open as it is.
func TestOverwriteRefusesAnOpenFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, []byte("old text"), 0o644)
	os.Chmod(p, 0o644)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := overwrite(p, []byte("new")); ok {
		t.Errorf("wrote into a file open for reading")
	}
	empty(p) // removes it, as it is open
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "old text" {
		t.Errorf("the reader reads %q", b)
	}
	// Closed, a file is written in place, and the lease taken for it is
	// gone with the descriptor: the file opens at once after.
	os.WriteFile(p, []byte("old text"), 0o644)
	os.Chmod(p, 0o644)
	if _, ok, err := overwrite(p, []byte("new")); !ok || err != nil {
		t.Fatalf("own file: ok %v, err %v", ok, err)
	}
	fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatalf("the file written in place cannot be opened at once: %v", err)
	}
	syscall.Close(fd)
}

// Killed after the exchange and before the manifest was written: the
// manifest is the replaced site's while public/ holds files written in
// place into the spare's inodes (same sizes). The next build still
// gives exactly its site.
func TestRecycleStaleManifestAfterInPlace(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	man := filepath.Join(parent, ".public.manifest")
	site := func(v string) map[string]string {
		return map[string]string{"a.html": "a " + v, "b.html": "b " + v, "t/c.html": "c " + v}
	}
	swap(t, stageSite(t, out, site("1")))
	swap(t, stageSite(t, out, site("2"))) // spare: site 1, emptied
	m2, _ := os.ReadFile(man)
	swap(t, stageSite(t, out, site("3"))) // into site 1's inodes
	os.WriteFile(man, m2, 0o644)          // as if killed before the manifest
	for _, v := range []string{"2", "3", "4", "2"} {
		st := stageSite(t, out, site(v))
		swap(t, st)
		exactly(t, out, site(v))
	}
}

// A spare file of one link with wrong bytes (a build killed while it
// wrote into it, or edited by hand) is never published: the build takes
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
	s["b.html"] = "b 5"   // b: written in place
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
