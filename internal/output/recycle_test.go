package output

import (
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tree is every file (with its bytes) and folder under dir, by slash
// path; a link is listed as "link -> target".
func tree(t *testing.T, dir string) (files map[string]string, dirs []string) {
	t.Helper()
	files = map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			files[rel] = "link -> " + target
		case d.IsDir():
			dirs = append(dirs, rel)
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, dirs
}

// folders are the folders that hold the files named, as tree lists them.
func folders(files map[string]string) []string {
	seen := map[string]bool{}
	for name := range files {
		for d := filepath.ToSlash(filepath.Dir(name)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
			seen[d] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// stageSite puts site into a new staging folder of out; stream names the
// files written through Create instead of Put.
func stageSite(t *testing.T, out string, site map[string]string, stream ...string) *Staging {
	t.Helper()
	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	// A build puts the marker first, so that a folder it leaves killed
	// is known for a site's.
	if err := st.Put(Marker, []byte(MarkerContent)); err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(site)) {
		if slices.Contains(stream, name) {
			w, err := st.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, site[name])
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := st.Put(name, []byte(site[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Flush(); err != nil {
		t.Fatal(err)
	}
	return st
}

// exactly fails unless out holds exactly site's files and their folders.
func exactly(t *testing.T, out string, site map[string]string) {
	t.Helper()
	files, dirs := tree(t, out)
	if files[Marker] == MarkerContent {
		delete(files, Marker) // stageSite put it
	} else {
		t.Errorf("%s lacks its %s", filepath.Base(out), Marker)
	}
	if !maps.Equal(files, site) {
		for name, b := range files {
			if want, ok := site[name]; !ok || want != b {
				t.Errorf("%s holds %s = %q, want %q (in the site: %v)", filepath.Base(out), name, b, want, ok)
			}
		}
		for name := range site {
			if _, ok := files[name]; !ok {
				t.Errorf("%s lacks %s", filepath.Base(out), name)
			}
		}
	}
	if want := folders(site); !slices.Equal(dirs, want) {
		t.Errorf("%s has folders %v, want %v", filepath.Base(out), dirs, want)
	}
}

func swap(t *testing.T, st *Staging) {
	t.Helper()
	if err := st.Swap(); err != nil {
		t.Fatal(err)
	}
}

// The site a build replaces is kept as the spare and becomes the next
// build's staging folder: an unchanged file the spare holds as the live
// file's inode is not linked again, a changed one is replaced (the live
// site's file never written into, before the swap or after a discard,
// streamed or put), a file or folder the build no longer makes is
// removed, and the site swapped in is exactly the build's.
func TestRecycleSpare(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	spare := filepath.Join(parent, ".public.spare")
	site1 := map[string]string{
		"index.html":            "home",
		"towns/a/index.html":    "a1",
		"towns/b/index.html":    "b",
		"towns/c/index.html":    "c",
		"towns/d/index.html":    "d",
		"gone/x/index.html":     "gone",
		"downloads/data/v.csv":  "v1",
		"downloads/index.html":  "dl",
		"assets/townpress.css":  "css",
		"assets/townpress.js":   "js",
		"en/towns/a/index.html": "en a",
	}
	swap(t, stageSite(t, out, site1))
	if _, err := os.Lstat(spare); err == nil {
		t.Errorf("a build into a new folder left a spare")
	}
	// Build 2 changes a town and the CSV: the spare is site 1, sharing
	// all its files but those two with site 2.
	site2 := maps.Clone(site1)
	site2["towns/a/index.html"] = "a2"
	site2["downloads/data/v.csv"] = "v2"
	swap(t, stageSite(t, out, site2, "downloads/data/v.csv"))
	exactly(t, out, site2)
	exactly(t, spare, site1)
	for _, name := range []string{"index.html", "towns/b/index.html", "en/towns/a/index.html"} {
		if a, _ := ino(t, filepath.Join(out, name)); a != must(ino(t, filepath.Join(spare, name))) {
			t.Errorf("%s: the spare's file is not the live one's inode", name)
		}
	}

	// Build 3 from the spare: towns/b unchanged (kept as it is), towns/a
	// as site 2 (the spare holds site 1's: replaced by a link), index.html
	// and the CSV changed where the spare holds the live file's inode
	// (replaced, never written into), gone/ no longer made, new/ new.
	site3 := maps.Clone(site2)
	site3["index.html"] = "home 3"
	site3["downloads/data/v.csv"] = "v3"
	site3["new/y/index.html"] = "new"
	delete(site3, "gone/x/index.html")
	delete(site3, "towns/d/index.html")
	_, bCtime := ino(t, filepath.Join(out, "towns/b/index.html"))
	live := maps.Clone(site2)
	st := stageSite(t, out, site3, "downloads/data/v.csv")
	if !st.recycled {
		t.Fatal("the build did not recycle the spare")
	}
	if _, err := os.Lstat(spare); err == nil {
		t.Errorf("the spare is still there while the build recycles it")
	}
	exactly(t, out, live) // untouched before the swap
	if err := st.Prune(); err != nil {
		t.Fatal(err)
	}
	exactly(t, st.Dir(), site3)
	exactly(t, out, live)
	swap(t, st)
	exactly(t, out, site3)
	// towns/a, b and c, en/towns/a, both assets, downloads/index.html
	// and the marker.
	if st.Reused() != 8 {
		t.Errorf("%d files taken from the live site, want 8", st.Reused())
	}
	if _, c := ino(t, filepath.Join(out, "towns/b/index.html")); c != bCtime {
		t.Errorf("towns/b was linked or unlinked again, though the spare held it as the live file")
	}
	if a, _ := ino(t, filepath.Join(out, "towns/a/index.html")); a != must(ino(t, filepath.Join(spare, "towns/a/index.html"))) {
		t.Errorf("towns/a was written, not linked from the live site")
	}
	exactly(t, spare, site2)

	// A build that changes files the spare holds as the live file's
	// inode, put and streamed, then is discarded: the live site is as it
	// was.
	site4 := maps.Clone(site3)
	site4["towns/b/index.html"] = "b4"
	site4["downloads/index.html"] = "dl4"
	site4["downloads/data/v.csv"] = "v4"
	for _, name := range []string{"towns/b/index.html", "downloads/index.html"} {
		if a, _ := ino(t, filepath.Join(out, name)); a != must(ino(t, filepath.Join(spare, name))) {
			t.Fatalf("%s: the spare's file is not the live one's inode", name)
		}
	}
	st = stageSite(t, out, site4, "downloads/data/v.csv", "downloads/index.html")
	exactly(t, out, site3)
	st.Discard()
	exactly(t, out, site3)
	if _, err := os.Lstat(st.Dir()); err == nil {
		t.Errorf("the discarded staging folder is still there")
	}
	if left, _ := filepath.Glob(filepath.Join(parent, ".public.*")); len(left) != 1 || filepath.Base(left[0]) != ".public.manifest" {
		t.Errorf("beside the output: %v, want only the manifest", left)
	}
	// No spare now: the next build starts afresh and gives the site.
	swap(t, stageSite(t, out, site4))
	exactly(t, out, site4)
	exactly(t, spare, site3)
}

func must(n uint64, _ int64) uint64 { return n }

// A spare changed by hand (files added, edited, replaced by a link out of
// the folder or by a folder, a folder replaced by a file or by a link to
// another folder) still gives exactly the build's site, writes nothing
// outside the staging folder, and leaves the live site as it was.
func TestRecycleTamperedSpare(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	spare := filepath.Join(parent, ".public.spare")
	outside := filepath.Join(parent, "outside")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "index.html"), []byte("outside"), 0o644)
	site := map[string]string{}
	for _, town := range []string{"a", "b", "c", "d", "e", "f"} {
		site["towns/"+town+"/index.html"] = town
		site["en/towns/"+town+"/index.html"] = "en " + town
	}
	site["index.html"] = "home"
	swap(t, stageSite(t, out, site))
	site2 := maps.Clone(site)
	site2["index.html"] = "home 2"
	swap(t, stageSite(t, out, site2))
	exactly(t, spare, site)

	write := func(name, b string) {
		p := filepath.Join(spare, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.Remove(p)
		if err := os.WriteFile(p, []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	replace := func(name string, make func(p string) error) {
		p := filepath.Join(spare, filepath.FromSlash(name))
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
		if err := make(p); err != nil {
			t.Fatal(err)
		}
	}
	write("extra.html", "extra")
	write("extra/deep/x.html", "x")
	write("towns/a/stray.txt", "stray")
	write("towns/b/index.html", "edited b") // a new inode, not the live one's
	replace("towns/c/index.html", func(p string) error { return os.Symlink(filepath.Join(outside, "index.html"), p) })
	replace("towns/d/index.html", func(p string) error { return os.MkdirAll(filepath.Join(p, "inner"), 0o755) })
	replace("towns/e", func(p string) error { return os.WriteFile(p, []byte("a file"), 0o644) })
	replace("en/towns", func(p string) error { return os.Symlink(outside, p) })
	replace("towns/f", func(p string) error { return os.Symlink(outside, p) })

	site3 := maps.Clone(site2)
	site3["towns/a/index.html"] = "a3"
	site3["towns/e/index.html"] = "e3"
	live := maps.Clone(site2)
	st := stageSite(t, out, site3)
	exactly(t, out, live)
	swap(t, st)
	exactly(t, out, site3)
	if b, _ := os.ReadFile(filepath.Join(outside, "index.html")); string(b) != "outside" {
		t.Errorf("a file outside the folder was written: %q", b)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("files were written outside the folder: %v", entries)
	}
}

// A build killed while it recycled the spare leaves a staging folder half
// of the spare's and half its own; the next build makes it its spare
// (CleanLeftovers) and still gives exactly its site, the live one
// untouched until the swap.
func TestRecycleAfterKilledBuild(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	site := map[string]string{"index.html": "home", "towns/a/index.html": "a", "towns/b/index.html": "b", "towns/c/index.html": "c"}
	swap(t, stageSite(t, out, site))
	site2 := maps.Clone(site)
	site2["index.html"] = "home 2"
	swap(t, stageSite(t, out, site2))

	// Killed: a build that wrote part of another site, and was never
	// swapped in nor discarded.
	killed := map[string]string{"index.html": "home k", "towns/a/index.html": "a k", "killed/only.html": "k"}
	st := stageSite(t, out, killed)
	st.stop()
	dir := st.Dir()
	if !strings.Contains(filepath.Base(dir), ".tmp-") {
		t.Fatalf("the staging folder is %s", dir)
	}
	if err := Recover(parent, "public"); err != nil {
		t.Fatal(err)
	}
	CleanLeftovers(parent, "public")
	spare := filepath.Join(parent, ".public.spare")
	if _, err := os.Lstat(dir); err == nil {
		t.Errorf("the killed build's folder is still there")
	}
	if _, err := os.Lstat(spare); err != nil {
		t.Errorf("the killed build's folder did not become the spare: %v", err)
	}
	exactly(t, out, site2)

	site3 := maps.Clone(site2)
	site3["towns/b/index.html"] = "b3"
	st = stageSite(t, out, site3)
	if !st.recycled {
		t.Errorf("the build did not recycle the killed build's folder")
	}
	exactly(t, out, site2)
	swap(t, st)
	exactly(t, out, site3)
}

// The spare is the replaced site whole when most of it, by files and by
// bytes, is shared with the new site; when most of it changed, only its
// folders and the files the new site shares (links, no space) are kept,
// and the next build recycles those. It is never kept when the output
// folder it belongs to was removed, nor when it is not a folder.
func TestSpareOnlyWhenShared(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	spare := filepath.Join(parent, ".public.spare")
	site := map[string]string{"a.html": "a", "b.html": "b", "c.html": "c", "d/x.html": "x"}
	swap(t, stageSite(t, out, site))
	// Three of four files changed: the spare keeps c.html and folder d.
	site2 := map[string]string{"a.html": "a2", "b.html": "b2", "c.html": "c", "d/x.html": "x2"}
	swap(t, stageSite(t, out, site2))
	files, dirs := tree(t, spare)
	delete(files, Marker)
	if want := map[string]string{"c.html": "c"}; !maps.Equal(files, want) {
		t.Errorf("a spare sharing one file of four holds %v, want only the shared %v", files, want)
	}
	if !slices.Contains(dirs, "d") {
		t.Errorf("a spare sharing one file of four lost its folders: %v", dirs)
	}
	site2b := maps.Clone(site2)
	site2b["b.html"] = "b2b"
	st := stageSite(t, out, site2b)
	if !st.recycled {
		t.Errorf("the spare of shared files and folders was not recycled")
	}
	swap(t, st)
	exactly(t, out, site2b)
	exactly(t, spare, site2)

	// Few files, but most of the bytes, changed.
	site3 := maps.Clone(site2b)
	site3["a.html"] = strings.Repeat("big", 1000)
	swap(t, stageSite(t, out, site3))
	site4 := maps.Clone(site3)
	site4["a.html"] = strings.Repeat("new", 1000)
	swap(t, stageSite(t, out, site4))
	if b, err := os.ReadFile(filepath.Join(spare, "a.html")); err == nil {
		t.Errorf("a spare sharing only its small files kept the big one it does not share (%d bytes)", len(b))
	}
	site5 := maps.Clone(site4)
	site5["b.html"] = "b5"
	swap(t, stageSite(t, out, site5))
	exactly(t, spare, site4)

	// The output folder removed by hand: its spare goes with it.
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	st = stageSite(t, out, site)
	if st.recycled {
		t.Errorf("the spare of a removed output folder was recycled")
	}
	if _, err := os.Lstat(spare); err == nil {
		t.Errorf("the spare of a removed output folder is still there")
	}
	swap(t, st)
	exactly(t, out, site)

	// A link by the spare's name is left alone, never followed.
	elsewhere := filepath.Join(parent, "elsewhere")
	os.MkdirAll(elsewhere, 0o755)
	os.WriteFile(filepath.Join(elsewhere, "keep.txt"), []byte("keep"), 0o644)
	if err := os.Symlink(elsewhere, spare); err != nil {
		t.Fatal(err)
	}
	st = stageSite(t, out, site2)
	if st.recycled {
		t.Errorf("a link named as the spare was recycled")
	}
	swap(t, st)
	exactly(t, out, site2)
	if b, _ := os.ReadFile(filepath.Join(elsewhere, "keep.txt")); string(b) != "keep" {
		t.Errorf("the folder a link named as the spare points to was changed")
	}
	if fi, err := os.Lstat(spare); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link named as the spare was not left alone: %v", err)
	}
}

// A folder by the spare's name that holds no site townpress wrote (no
// marker) is someone else's: recycling it would remove its files, so the
// build leaves it whole and replaces its site without a spare.
func TestForeignSpareLeftAlone(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	spare := filepath.Join(parent, ".public.spare")
	site := map[string]string{"index.html": "home", "towns/a/index.html": "a"}
	swap(t, stageSite(t, out, site))
	mine := map[string]string{"notes.txt": "mine", "index.html": "my own"}
	for name, b := range mine {
		if err := os.WriteFile(filepath.Join(spare, name), []byte(b), 0o644); err != nil {
			if err := os.MkdirAll(spare, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(spare, name), []byte(b), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	site2 := map[string]string{"index.html": "home 2", "towns/a/index.html": "a"}
	st := stageSite(t, out, site2)
	if st.recycled {
		t.Errorf("a folder without the marker, named as the spare, was recycled")
	}
	swap(t, st)
	exactly(t, out, site2)
	files, _ := tree(t, spare)
	if !maps.Equal(files, mine) {
		t.Errorf("the folder named as the spare holds %v, want %v as it was", files, mine)
	}

	// Its output folder removed: still not the build's to remove.
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	swap(t, stageSite(t, out, site))
	if files, _ := tree(t, spare); !maps.Equal(files, mine) {
		t.Errorf("after its output folder was removed, the folder named as the spare holds %v, want %v", files, mine)
	}
}
