package output

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Files kept under a key are taken whole from the previous site by the
// next build that gives the same key, without their bytes; the key
// survives builds that take them; a file of the group edited by hand,
// gone, or a key not recorded makes Reuse take none. MayReuse says which
// files the previous build recorded a key for.
func TestReuseByKey(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	k1, k2 := Key{1}, Key{2}
	page := map[string]string{"towns/a/index.html": "<p>a</p>", "towns/a/qr.svg": "<svg/>"}
	build := func(reuse func(st *Staging)) *Staging {
		t.Helper()
		st, err := Stage(out)
		if err != nil {
			t.Fatal(err)
		}
		reuse(st)
		if err := st.Swap(); err != nil {
			t.Fatal(err)
		}
		return st
	}
	mayReuse := func(st *Staging, want bool) {
		t.Helper()
		for name := range page {
			if st.MayReuse(name) != want {
				t.Errorf("MayReuse(%s) = %v, want %v", name, !want, want)
			}
		}
		if st.MayReuse("index.html") {
			t.Errorf("MayReuse(index.html), a file never keyed")
		}
	}
	build(func(st *Staging) {
		mayReuse(st, false) // no previous build
		for name, b := range page {
			if err := st.Put(name, []byte(b)); err != nil {
				t.Fatal(err)
			}
		}
		st.Keep(k1, "towns/a/index.html", "towns/a/qr.svg")
		st.Put("index.html", []byte("home"))
	})
	// Twice: a file taken by its key keeps it.
	for i := range 2 {
		st := build(func(st *Staging) {
			mayReuse(st, true)
			if _, ok := st.Reuse(k2); ok {
				t.Errorf("a key never recorded took files")
			}
			files, ok := st.Reuse(k1)
			if !ok || len(files) != 2 || files[0].Name != "towns/a/index.html" || files[0].Size != int64(len(page["towns/a/index.html"])) {
				t.Fatalf("Reuse: %v %v", files, ok)
			}
			if err := st.Put("towns/a/index.html", []byte("again")); err == nil {
				t.Errorf("a file taken by its key could be written again")
			}
			st.Put("index.html", []byte{byte(i)}) // new bytes each time
		})
		if st.Reused() != 2 {
			t.Errorf("reused %d files, want 2", st.Reused())
		}
		for name, want := range page {
			if b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name))); err != nil || string(b) != want {
				t.Errorf("%s: %q, %v", name, b, err)
			}
		}
	}
	// One file of the group edited in the folder: the group is made again.
	qr := filepath.Join(out, "towns", "a", "qr.svg")
	if err := os.WriteFile(qr, []byte("<svg>edited</svg>"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(qr, time.Now(), time.Now().Add(time.Hour))
	build(func(st *Staging) {
		mayReuse(st, true) // recorded, though Reuse will refuse
		if files, ok := st.Reuse(k1); ok {
			t.Errorf("a group with a file edited by hand was taken: %v", files)
		}
		if n, _ := st.Totals(); n != 0 {
			t.Errorf("a refused Reuse left %d files taken", n)
		}
		for name, b := range page {
			if err := st.Put(name, []byte(b)); err != nil {
				t.Fatal(err)
			}
		}
	})
	// Made again without Keep: the key is gone with it.
	build(func(st *Staging) {
		mayReuse(st, false)
		if _, ok := st.Reuse(k1); ok {
			t.Errorf("files made without a key were taken by their old key")
		}
	})
}

// A manifest written before keys (four fields a line) is read, with no
// keys; the new one says it records keys.
func TestManifestWithoutKeys(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "m")
	old := "0000000000000000000000000000000000000000000000000000000000000001 3 5 a b.html\n"
	if err := os.WriteFile(p, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	m := readManifest(p)
	if e, ok := m["a b.html"]; !ok || e.size != 3 || e.mtime != 5 || !e.key.IsZero() {
		t.Fatalf("old manifest read as %v", m)
	}
	e := m["a b.html"]
	e.key = Key{9}
	m["a b.html"] = e
	if err := writeManifest(p, m); err != nil {
		t.Fatal(err)
	}
	if got := readManifest(p)["a b.html"]; got != e {
		t.Errorf("written and read back: %+v, want %+v", got, e)
	}
}

// A KeyedMemory build may take by key the files the build before it kept
// or took by key, and no other.
func TestKeyedMemoryMayReuse(t *testing.T) {
	first := NewKeyedMemory(nil)
	if first.MayReuse("a.html") {
		t.Errorf("a first build may take a file")
	}
	first.Put("a.html", []byte("a"))
	first.Put("b.html", []byte("b"))
	first.Keep(Key{1}, "a.html")
	second := NewKeyedMemory(first)
	if !second.MayReuse("a.html") || second.MayReuse("b.html") {
		t.Errorf("after a build that kept a.html only: MayReuse a %v, b %v", second.MayReuse("a.html"), second.MayReuse("b.html"))
	}
	if _, ok := second.Reuse(Key{1}); !ok {
		t.Fatal("Reuse took nothing")
	}
	if third := NewKeyedMemory(second); !third.MayReuse("a.html") {
		t.Errorf("a file taken by its key is not one the next build may take")
	}
}
