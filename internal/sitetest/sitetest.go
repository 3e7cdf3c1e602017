// Package sitetest makes whole sites for tests, in the manner of Hugo's
// integration test builder: a txtar archive in (config.toml, workbooks in
// a compact text form, narratives, layouts), a site folder out, built by
// the package under test, and assertions on the files it wrote.
//
//	s := sitetest.New(t, `
//	-- config.toml --
//	[site]
//	title = "测试门户"
//	…
//	-- data/towns.xlsx.txt --
//	[专业镇名录]
//	编号 | 名称 | 级别
//	jia  | 甲镇 | 省级
//	…
//	`).Build(build)
//	s.Contains("public/towns/jia/index.html", "甲镇")
//
// An archive file whose name ends in .xlsx.txt is written as a real .xlsx
// made with excelize (see Workbook); every other file is written as it is.
// Paths in assertions are relative to the site folder, so the built pages
// are under public/.
//
// The package depends on no townpress package, so that build's own tests
// can use it: the test passes the function that builds (a Builder).
package sitetest

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Site is a site folder made from an archive.
type Site struct {
	t   testing.TB
	Dir string // the site folder, a temporary folder of the test
}

// Builder builds the site whose config file is config into the folder out.
type Builder func(config, out string) error

// New writes the txtar archive text into a new temporary folder. Leading
// blank lines are dropped, so that the archive can start on the line after
// a raw string's backquote.
func New(t testing.TB, archive string) *Site {
	t.Helper()
	return newSite(t, txtar.Parse([]byte(strings.TrimLeft(archive, "\n"))))
}

// Load is New with the archive read from a file, such as testdata/x.txtar.
func Load(t testing.TB, file string) *Site {
	t.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return newSite(t, a)
}

func newSite(t testing.TB, a *txtar.Archive) *Site {
	t.Helper()
	if len(a.Files) == 0 {
		t.Fatal("sitetest: the archive has no files")
	}
	s := &Site{t: t, Dir: t.TempDir()}
	if err := Write(s.Dir, a); err != nil {
		t.Fatal(err)
	}
	return s
}

// Copy makes a site from parts of the site folder dir, such as the sample
// site's config.toml and data/ (Copy(t, "../..", "config.toml", "data")),
// for tests that build a variant of a real site: change it with WriteFile
// or Edit. Nothing else of dir is copied (not its releases/ or public/).
func Copy(t testing.TB, dir string, names ...string) *Site {
	t.Helper()
	s := &Site{t: t, Dir: t.TempDir()}
	for _, name := range names {
		from, to := filepath.Join(dir, filepath.FromSlash(name)), s.Path(name)
		info, err := os.Stat(from)
		if err != nil {
			t.Fatal(err)
		}
		if info.IsDir() {
			err = os.CopyFS(to, os.DirFS(from))
		} else {
			var b []byte
			if b, err = os.ReadFile(from); err == nil {
				if err = os.MkdirAll(filepath.Dir(to), 0o755); err == nil {
					err = os.WriteFile(to, b, 0o644)
				}
			}
		}
		if err != nil {
			t.Fatalf("sitetest: copying %s: %v", from, err)
		}
	}
	return s
}

// At is the site in dir, a folder made some other way (a starter site, a
// helper of the package's own), for the assertions.
func At(t testing.TB, dir string) *Site {
	return &Site{t: t, Dir: dir}
}

// Write writes the archive's files into dir, the workbooks' text forms as
// workbooks.
func Write(dir string, a *txtar.Archive) error {
	for _, f := range a.Files {
		name := path.Clean(f.Name)
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") || name != f.Name {
			return fmt.Errorf("sitetest: %q: want a clean path inside the site", f.Name)
		}
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), f.Data); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes one file of an archive, a workbook's text form as the
// workbook.
func writeFile(file string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	if name, ok := strings.CutSuffix(file, WorkbookSuffix); ok {
		book, err := Workbook(string(data))
		if err != nil {
			return fmt.Errorf("sitetest: %s: %w", file, err)
		}
		file, data = name+".xlsx", book
	}
	return os.WriteFile(file, data, 0o644)
}

// MakeWorkbooks turns every workbook text form (*.xlsx.txt) under dir into
// its workbook, removing the text: for archives written by another tool,
// as testscript writes its scripts' files.
func MakeWorkbooks(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, WorkbookSuffix) {
			return err
		}
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := writeFile(p, text); err != nil {
			return err
		}
		return os.Remove(p)
	})
}

// Path is the absolute path of rel, a slash-separated path in the site.
func (s *Site) Path(rel string) string {
	return filepath.Join(s.Dir, filepath.FromSlash(rel))
}

// Config is the path of the site's config.toml.
func (s *Site) Config() string { return s.Path("config.toml") }

// Out is the path of public/, where Build builds.
func (s *Site) Out() string { return s.Path("public") }

// WriteFile writes (or replaces) a file of the site, as an official would
// between two builds; a name ending in .xlsx.txt writes the workbook.
func (s *Site) WriteFile(rel, content string) *Site {
	s.t.Helper()
	if err := writeFile(s.Path(rel), []byte(content)); err != nil {
		s.t.Fatal(err)
	}
	return s
}

// Edit rewrites the text file rel with edit; edit fails the test itself
// (t.Fatal) when the text is not as it expects.
func (s *Site) Edit(rel string, edit func(string) string) *Site {
	s.t.Helper()
	return s.WriteFile(rel, edit(s.Read(rel)))
}

// Build builds the site into public/ and fails the test if that fails.
func (s *Site) Build(build Builder) *Site {
	s.t.Helper()
	if err := build(s.Config(), s.Out()); err != nil {
		s.t.Fatalf("building %s: %v", s.Dir, err)
	}
	return s
}

// BuildErr builds the site into public/ and returns the error, for tests
// of sites that must not build.
func (s *Site) BuildErr(build Builder) error {
	return build(s.Config(), s.Out())
}

// Read is the content of a file of the site; the test fails if there is
// none.
func (s *Site) Read(rel string) string {
	s.t.Helper()
	b, err := os.ReadFile(s.Path(rel))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(b)
}

// Files reads every file under rel (a folder of the site), keyed by its
// slash-separated path relative to rel.
func (s *Site) Files(rel string) map[string][]byte {
	s.t.Helper()
	root := s.Path(rel)
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		r, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(r)] = b
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return files
}

// Exists reports an error for each file of rels the site does not have.
func (s *Site) Exists(rels ...string) {
	s.t.Helper()
	for _, rel := range rels {
		if _, err := os.Stat(s.Path(rel)); err != nil {
			s.t.Errorf("want %s: %v", rel, err)
		}
	}
}

// Missing reports an error for each file of rels the site has.
func (s *Site) Missing(rels ...string) {
	s.t.Helper()
	for _, rel := range rels {
		_, err := os.Stat(s.Path(rel))
		if !errors.Is(err, fs.ErrNotExist) {
			s.t.Errorf("want no %s (stat: %v)", rel, err)
		}
	}
}

// Contains reports an error for each of subs the file rel lacks.
func (s *Site) Contains(rel string, subs ...string) {
	s.t.Helper()
	text := s.Read(rel)
	for _, sub := range subs {
		if !strings.Contains(text, sub) {
			s.t.Errorf("%s lacks %q", rel, sub)
		}
	}
}

// NotContains reports an error for each of subs the file rel has.
func (s *Site) NotContains(rel string, subs ...string) {
	s.t.Helper()
	text := s.Read(rel)
	for _, sub := range subs {
		if strings.Contains(text, sub) {
			s.t.Errorf("%s has %q", rel, sub)
		}
	}
}

// Golden compares the file rel with the golden file golden (a path of the
// test's package, such as testdata/home.golden.html). When the test binary
// has a boolean -update flag and it is set, the golden file is rewritten
// instead; the package under test defines the flag, as it defines its
// other goldens' (sitetest defines no flag, so that the names never clash).
func (s *Site) Golden(rel, golden string) {
	s.t.Helper()
	got := []byte(s.Read(rel))
	if updating() {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			s.t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			s.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		s.t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		s.t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", rel, golden, firstDiff(string(got), string(want)))
	}
}

func updating() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return false
	}
	on, _ := g.Get().(bool)
	return on
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return "(same lines)"
}
