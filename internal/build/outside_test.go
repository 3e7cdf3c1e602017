package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNothingPublishedFromOutsideTheSite makes each kind of input a
// symbolic link to a file outside the site folder: the build must stop
// with an error that names the file, and neither the outside file's text
// nor a half-built site may reach public/.
func TestNothingPublishedFromOutsideTheSite(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(secret, []byte("root:x:0:0:SECRET-FROM-OUTSIDE:/root:/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, want string }{
		{"data/narrative/reports/2024.md", "data/narrative/reports/2024.md: is a symbolic link to " + secret + ", outside the site folder"},
		{"data/narrative/reports/2023.en.md", "data/narrative/reports/2023.en.md: is a symbolic link"},
		{"layouts/assets/favicon.svg", "layouts/assets/favicon.svg: is a symbolic link"},
		{"layouts/partials/footer.html", "layouts/partials/footer.html: is a symbolic link"},
		{"layouts/home.html", "layouts/home.html: is a symbolic link"},
		{"layouts/i18n/en.toml", "layouts/i18n/en.toml: is a symbolic link"},
		{"data/towns.xlsx", "data/towns.xlsx: not read: the file is a symbolic link to " + secret},
		{"config.toml", "config.toml: is a symbolic link to " + secret},
	} {
		t.Run(c.file, func(t *testing.T) {
			dir := goodSite(t)
			out := filepath.Join(dir, "public")
			if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
				t.Fatal(err)
			}
			before := treeHashes(t, out)
			link := filepath.Join(dir, filepath.FromSlash(c.file))
			os.MkdirAll(filepath.Dir(link), 0o755)
			os.Remove(link)
			if err := os.Symlink(secret, link); err != nil {
				t.Skipf("no symbolic links: %v", err)
			}
			err := buildError(t, dir, out)
			if !strings.Contains(err, c.want) {
				t.Errorf("error:\n%s\nwant it to say %q", err, c.want)
			}
			if strings.Contains(err, "SECRET-FROM-OUTSIDE") {
				t.Errorf("the error shows the outside file's text:\n%s", err)
			}
			samePublic(t, out, before)
			// Check, too, refuses it when it reads the file (the config,
			// the workbooks and the narratives; layouts are read by build
			// only).
			if strings.HasPrefix(c.file, "data/") || c.file == "config.toml" {
				if _, _, err := Load(filepath.Join(dir, "config.toml")); err == nil || !strings.Contains(errorText(err), c.want) {
					t.Errorf("Load: %v; want it to say %q", errorText(err), c.want)
				}
			}
		})
	}
}

// TestSpecialFilesAreErrorsNotHangs puts a named pipe and /dev/zero where
// a narrative belongs: before, the first hung the build forever and the
// second ended in "fatal error: out of memory".
func TestSpecialFilesAreErrorsNotHangs(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(path string) error
		want string
	}{
		{"named pipe", mkfifo, "data/narrative/reports/2024.md: is a named pipe (FIFO), not a regular file"},
		{"/dev/zero", func(p string) error { return os.Symlink("/dev/zero", p) }, "data/narrative/reports/2024.md: is a symbolic link to /dev/zero"},
		{"too large", func(p string) error { return os.WriteFile(p, make([]byte, 4<<20), 0o644) }, "data/narrative/reports/2024.md: the text is 4096 kB, more than the 128 kB a narrative may have"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := goodSite(t)
			p := filepath.Join(dir, "data", "narrative", "reports", "2024.md")
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := c.make(p); err != nil {
				t.Skipf("cannot make it here: %v", err)
			}
			out := filepath.Join(dir, "public")
			done := make(chan string, 1)
			go func() { done <- buildError(t, dir, out) }()
			select {
			case err := <-done:
				if !strings.Contains(err, c.want) {
					t.Errorf("error:\n%s\nwant it to say %q", err, c.want)
				}
			case <-time.After(time.Minute):
				t.Fatal("the build hangs")
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a failed first build left %s: %v", out, err)
			}
		})
	}
}

// TestSymlinksInsideTheSiteAreFollowed: a workbook and a narrative kept
// elsewhere in the site folder and linked relatively are read.
func TestSymlinksInsideTheSiteAreFollowed(t *testing.T) {
	dir := goodSite(t)
	os.MkdirAll(filepath.Join(dir, "archive"), 0o755)
	if err := os.Rename(filepath.Join(dir, "data", "towns.xlsx"), filepath.Join(dir, "archive", "towns.xlsx")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../archive/towns.xlsx", filepath.Join(dir, "data", "towns.xlsx")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "archive", "2024.md"), []byte("# 二〇二四年的说明\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "data", "narrative", "reports"), 0o755)
	os.Symlink("../../../archive/2024.md", filepath.Join(dir, "data", "narrative", "reports", "2024.md"))
	out := filepath.Join(dir, "public")
	if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "reports", "2024", "index.html"))
	if err != nil || !strings.Contains(string(page), "二〇二四年的说明") {
		t.Errorf("the linked narrative is not on the report page: %v", err)
	}
}

// buildError builds and returns its error as the command line prints it.
func buildError(t *testing.T, dir, out string) string {
	t.Helper()
	res, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out})
	if err == nil {
		t.Fatal("the build succeeded")
	}
	text := errorText(err)
	if res != nil {
		for _, p := range res.Problems {
			text += "\n" + p.String()
		}
	}
	return text
}

func errorText(err error) string {
	if err == nil {
		return "<nil>"
	}
	if perr, ok := err.(*ProblemsError); ok {
		var lines []string
		for _, p := range perr.Problems {
			lines = append(lines, p.String())
		}
		return strings.Join(lines, "\n")
	}
	return err.Error()
}

// samePublic checks that public/ is still the build before.
func samePublic(t *testing.T, out string, before map[string][32]byte) {
	t.Helper()
	after := treeHashes(t, out)
	if len(after) != len(before) {
		t.Errorf("public/ has %d files, %d before", len(after), len(before))
	}
	for name, h := range before {
		if after[name] != h {
			t.Errorf("%s changed in public/", name)
			return
		}
	}
}

// TestInputSizeLimits: the config and layout files have limits of their
// own (the README's Limits table quotes these messages).
func TestInputSizeLimits(t *testing.T) {
	for _, c := range []struct {
		file string
		size int
		want string
	}{
		{"config.toml", maxConfigBytes + 1, "config.toml: is larger than 1 MB, the most a config file may be"},
		{"layouts/assets/townpress.css", maxLayoutBytes + 1, "layouts/assets/townpress.css: is larger than 4 MB, the most a layout file may be"},
	} {
		t.Run(c.file, func(t *testing.T) {
			dir := goodSite(t)
			p := filepath.Join(dir, filepath.FromSlash(c.file))
			os.MkdirAll(filepath.Dir(p), 0o755)
			old, _ := os.ReadFile(p)
			pad := make([]byte, c.size-len(old))
			for i := range pad {
				pad[i] = '\n'
			}
			if err := os.WriteFile(p, append(old, pad...), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := buildError(t, dir, filepath.Join(dir, "public")); !strings.Contains(err, c.want) {
				t.Errorf("error:\n%s\nwant it to say %q", err, c.want)
			}
		})
	}
}
