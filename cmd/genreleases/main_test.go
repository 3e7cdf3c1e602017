package main

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/townpress/townpress/internal/build"
	"github.com/townpress/townpress/internal/sitetest"
	"github.com/townpress/townpress/internal/status"
)

// The sample's store is what genreleases makes of the sample's workbook:
// the same files, byte for byte. When the sample changes, this fails
// until the store is made again (go run ./cmd/genreleases).
func TestSampleStoreIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("makes two releases of the sample site")
	}
	site := sitetest.Copy(t, "../..", "config.toml", "data", "layouts")
	if err := run(site.Dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	got, want := site.Files("releases"), tree(t, "../../releases")
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("releases/%s differs from what genreleases makes: run go run ./cmd/genreleases", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("releases/%s is missing: run go run ./cmd/genreleases", name)
		}
	}
}

// The sample site shows its latest release: its figures are the revised
// release's, the three revised figures are marked r, and no other.
func TestSampleShowsTheRevisedRelease(t *testing.T) {
	res, _, err := build.Render(build.Options{Config: "../../config.toml"})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Releases
	if a.Current == nil || a.Current.ID != "2024-revised" || a.Baseline.ID != "2024-preliminary" {
		t.Fatalf("the sample shows release %v against %v, want 2024-revised against 2024-preliminary (run go run ./cmd/genreleases)", a.Current, a.Baseline)
	}
	revised := 0
	for _, town := range res.Site.Towns {
		for id, s := range town.Values {
			for i, v := range s {
				// The workbook marks one 2023 figure r itself (the census
				// revision of issue 11's sample); the release revised 2024's.
				if v.Flag.Has(status.Revised) && res.Site.Years[i] == revisedYear {
					revised++
					if id != "output" {
						t.Errorf("%s %s %d is marked revised", town.ID, id, res.Site.Years[i])
					}
				}
			}
		}
	}
	if revised != revisedRuns {
		t.Errorf("%d figures marked revised, want %d", revised, revisedRuns)
	}
}

func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
