package output

import (
	"maps"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// A site whose every file changed leaves a spare of empty files (their
// bytes freed, their inodes kept), and the next build writes into those
// inodes instead of freeing and making them again; a spare file that is
// not only the spare's (linked elsewhere, another mode, not a regular
// file) is never written into, and the live site is untouched until the
// swap.
func TestRecycleWritesIntoTheSparesOwnFiles(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	spare := filepath.Join(parent, ".public.spare")
	site := func(v string) map[string]string {
		return map[string]string{
			"index.html":            "home " + v,
			"towns/a/index.html":    "a " + v,
			"towns/b/index.html":    "b " + v,
			"towns/c/index.html":    "c " + v,
			"towns/d/index.html":    "d " + v,
			"en/towns/a/index.html": "en a " + v,
		}
	}
	swap(t, stageSite(t, out, site("1")))
	inos1 := map[string]uint64{}
	for name := range site("1") {
		inos1[name] = must(ino(t, filepath.Join(out, name)))
	}
	// A copy made with links (cp -al) keeps towns/d's bytes alive
	// outside the site: the spare must not empty it.
	backup := filepath.Join(parent, "backup-d.html")
	if err := os.Link(filepath.Join(out, "towns/d/index.html"), backup); err != nil {
		t.Fatal(err)
	}

	swap(t, stageSite(t, out, site("2")))
	files, _ := tree(t, spare)
	delete(files, Marker)
	for name := range site("1") {
		b, ok := files[name]
		switch {
		case name == "towns/d/index.html":
			if ok {
				t.Errorf("the spare kept %s, which has another link, as %q", name, b)
			}
		case !ok || b != "":
			t.Errorf("the spare holds %s = %q (there: %v), want it empty", name, b, ok)
		case must(ino(t, filepath.Join(spare, name))) != inos1[name]:
			t.Errorf("%s: the spare's file is not the replaced site's inode", name)
		}
	}
	if b, _ := os.ReadFile(backup); string(b) != "d 1" {
		t.Errorf("the file linked outside the site now holds %q", b)
	}

	// Build 3: towns/b's spare file made another mode by hand, towns/c's
	// replaced by a FIFO (opening it for writing would wait for a
	// reader).
	os.Chmod(filepath.Join(spare, "towns/b/index.html"), 0o600)
	fifo := filepath.Join(spare, "towns/c/index.html")
	os.Remove(fifo)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	// Held (by an O_PATH descriptor, which does not open the file for
	// reading: a file open for reading is never written into, see
	// alone), a spare file's inode cannot be freed and given to a new
	// file: the staged file is that inode only if written into.
	held := map[string]os.FileInfo{}
	for name := range site("3") {
		if name == "towns/c/index.html" || name == "towns/d/index.html" {
			continue // a FIFO; removed from the spare
		}
		p := filepath.Join(spare, name)
		fd, err := unix.Open(p, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		f := os.NewFile(uintptr(fd), p)
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		held[name] = fi
	}
	live := site("2")
	done := make(chan *Staging)
	go func() { done <- stageSite(t, out, site("3")) }()
	var st *Staging
	select {
	case st = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the build waits on the FIFO in the spare")
	}
	exactly(t, out, live)
	for name := range site("3") {
		fi, err := os.Lstat(filepath.Join(st.Dir(), name))
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o644 {
			t.Fatalf("%s: %v %v", name, fi.Mode(), err)
		}
		if h, ok := held[name]; ok {
			want := name != "towns/b/index.html"
			if got := os.SameFile(h, fi); got != want {
				t.Errorf("%s written into the spare's file: %v, want %v", name, got, want)
			}
		}
	}
	swap(t, st)
	exactly(t, out, site("3"))
	if b, _ := os.ReadFile(backup); string(b) != "d 1" {
		t.Errorf("the file linked outside the site now holds %q", b)
	}
	// The manifest knows the files written in place as they are: a build
	// of the same site takes every one from the live site.
	st = stageSite(t, out, site("3"))
	if got, want := st.Reused(), len(site("3"))+1; got != want {
		t.Errorf("%d files taken from the live site, want %d (the marker too)", got, want)
	}
	swap(t, st)
	exactly(t, out, site("3"))
	exactly(t, spare, site("3"))
}

// overwrite writes only into a regular file of one link, this user's, of
// mode 0644; it truncates what was longer.
func TestOverwrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	os.WriteFile(p, []byte("a longer text"), 0o644)
	os.Chmod(p, 0o644) // whatever the umask
	before := must(ino(t, p))
	if _, ok, err := overwrite(p, []byte("short")); !ok || err != nil {
		t.Fatalf("own file: ok %v, err %v", ok, err)
	}
	if b, _ := os.ReadFile(p); string(b) != "short" || must(ino(t, p)) != before {
		t.Errorf("own file now %q, same inode %v", b, must(ino(t, p)) == before)
	}
	other := filepath.Join(dir, "other")
	os.Link(p, other)
	if _, ok, _ := overwrite(p, []byte("x")); ok {
		t.Errorf("wrote into a file of two links")
	}
	os.Remove(other)
	link := filepath.Join(dir, "link")
	os.Symlink(p, link)
	if _, ok, _ := overwrite(link, []byte("x")); ok {
		t.Errorf("wrote through a symbolic link")
	}
	if _, ok, _ := overwrite(dir, []byte("x")); ok {
		t.Errorf("wrote into a folder")
	}
	if _, ok, _ := overwrite(filepath.Join(dir, "absent"), []byte("x")); ok {
		t.Errorf("wrote a file that was not there")
	}
	if b, _ := os.ReadFile(p); string(b) != "short" {
		t.Errorf("refused writes changed the file: %q", b)
	}
	files := map[string]string{"f": "short"}
	if got, _ := tree(t, dir); !maps.Equal(got, map[string]string{"f": "short", "link": "link -> " + p}) {
		t.Errorf("the folder holds %v, want %v and the link", got, files)
	}
}
