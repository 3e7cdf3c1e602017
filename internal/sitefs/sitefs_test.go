package sitefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/townpress/townpress/internal/diag"
)

// site makes a site folder with files, and returns it open.
func site(t *testing.T, files map[string]string) (*FS, string) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, dir
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// wantRefused checks that reading name fails with an *Error of kind, naming
// the file and saying why.
func wantRefused(t *testing.T, fsys fs.FS, name string, kind error, path, why string) {
	t.Helper()
	for op, read := range map[string]func() error{
		"ReadFile": func() error { _, err := fs.ReadFile(fsys, name); return err },
		"Open":     func() error { f, err := fsys.Open(name); closeIf(f); return err },
	} {
		err := read()
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, kind) {
			t.Errorf("%s(%s) = %v; want an *Error of kind %v", op, name, err, kind)
			continue
		}
		if e.Path != path || !strings.Contains(e.Error(), why) || !strings.HasPrefix(e.Error(), path+": ") {
			t.Errorf("%s(%s): %q; want it to name %s and say %q", op, name, e.Error(), path, why)
		}
	}
}

func closeIf(f fs.File) {
	if f != nil {
		f.Close()
	}
}

func TestConformsToFS(t *testing.T) {
	f, _ := site(t, map[string]string{"config.toml": "x", "data/narrative/reports/2024.md": "# 2024", "layouts/base.html": "<html>"})
	if err := fstest.TestFS(f, "config.toml", "data/narrative/reports/2024.md", "layouts/base.html"); err != nil {
		t.Fatal(err)
	}
	sub, err := f.Sub("data")
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(sub, "narrative/reports/2024.md"); err != nil {
		t.Fatal(err)
	}
}

func TestSymlinkOutsideIsRefused(t *testing.T) {
	f, dir := site(t, map[string]string{"data/x.xlsx": "PK", "layouts/assets/townpress.css": "body{}"})
	outside := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(outside, []byte("root:x:0:0"), 0o644)
	os.MkdirAll(filepath.Join(dir, "data", "narrative", "reports"), 0o755)
	symlink(t, outside, filepath.Join(dir, "data", "narrative", "reports", "2024.md"))
	symlink(t, "/etc/passwd", filepath.Join(dir, "layouts", "assets", "favicon.svg"))
	symlink(t, filepath.Dir(outside), filepath.Join(dir, "layouts", "partials"))
	// An absolute link that ends inside the site, and a relative one that
	// passes above it on the way: os.Root refuses both.
	symlink(t, filepath.Join(dir, "data"), filepath.Join(dir, "abs"))
	symlink(t, "../"+filepath.Base(dir)+"/data", filepath.Join(dir, "detour"))

	wantRefused(t, f, "data/narrative/reports/2024.md", ErrOutside, "data/narrative/reports/2024.md", "is a symbolic link to "+outside+", outside the site folder")
	wantRefused(t, f, "layouts/assets/favicon.svg", ErrOutside, "layouts/assets/favicon.svg", "symbolic link to /etc/passwd")
	wantRefused(t, f, "layouts/partials/secret.txt", ErrOutside, "layouts/partials/secret.txt", "is inside layouts/partials, a symbolic link to")
	wantRefused(t, f, "abs/x.xlsx", ErrOutside, "abs/x.xlsx", "is inside abs, a symbolic link")
	wantRefused(t, f, "detour/x.xlsx", ErrOutside, "detour/x.xlsx", "is inside detour, a symbolic link")

	data, _ := f.Sub("data")
	wantRefused(t, data, "narrative/reports/2024.md", ErrOutside, "data/narrative/reports/2024.md", "outside the site folder")
	if _, err := fs.ReadDir(f, "layouts/partials"); !errors.Is(err, ErrOutside) {
		t.Errorf("listing a folder outside through a link: %v", err)
	}
	// The listing of data/narrative/reports shows the link, which Open refuses.
	entries, err := fs.ReadDir(data, "narrative/reports")
	if err != nil || len(entries) != 1 || entries[0].Type()&fs.ModeSymlink == 0 {
		t.Errorf("ReadDir = %v, %v; want the link, as a link", entries, err)
	}
}

func TestSymlinkInsideIsFollowed(t *testing.T) {
	f, dir := site(t, map[string]string{"archive/2024.xlsx": "PK", "layouts/base.html": "<html>"})
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	symlink(t, "../archive/2024.xlsx", filepath.Join(dir, "data", "2024.xlsx"))
	symlink(t, "layouts", filepath.Join(dir, "theme"))
	if b, err := fs.ReadFile(f, "data/2024.xlsx"); err != nil || string(b) != "PK" {
		t.Errorf("a relative link inside the site: %q, %v", b, err)
	}
	if b, err := fs.ReadFile(f, "theme/base.html"); err != nil || string(b) != "<html>" {
		t.Errorf("a folder linked inside the site: %q, %v", b, err)
	}
	entries, err := fs.ReadDir(f, "data")
	if err != nil || len(entries) != 1 || !entries[0].Type().IsRegular() || entries[0].Name() != "2024.xlsx" {
		t.Errorf("ReadDir shows a link inside the site as what it links to: %v, %v", entries, err)
	}
}

func TestDotDotIsRefused(t *testing.T) {
	f, _ := site(t, map[string]string{"config.toml": "x"})
	if _, err := fs.ReadFile(f, "../etc/passwd"); err == nil {
		t.Error("../ read")
	}
	if _, err := f.Sub("../x"); err == nil {
		t.Error("Sub(../x) allowed")
	}
}

func TestSizeLimit(t *testing.T) {
	f, dir := site(t, map[string]string{"data/narrative/reports/2024.md": strings.Repeat("x", 2000), "small.md": "ok"})
	narratives := f.WithLimit(1000, diag.T("a narrative", "报告正文"))
	wantRefused(t, narratives, "data/narrative/reports/2024.md", ErrTooLarge, "data/narrative/reports/2024.md", "is larger than 1000 bytes, the most a narrative may be")
	if b, err := fs.ReadFile(narratives, "small.md"); err != nil || string(b) != "ok" {
		t.Errorf("a small file: %q, %v", b, err)
	}
	if b, err := fs.ReadFile(f, "data/narrative/reports/2024.md"); err != nil || len(b) != 2000 {
		t.Errorf("without a limit: %d bytes, %v", len(b), err)
	}
	// A file that grows after it was opened stops at the limit.
	file, err := narratives.Open("small.md")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	os.WriteFile(filepath.Join(dir, "small.md"), []byte(strings.Repeat("y", 5000)), 0o644)
	if _, err := io.ReadAll(file); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file grown past the limit while read: %v", err)
	}
}
