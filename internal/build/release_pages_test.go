package build

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden pages of testdata/golden")

// The sample's release pages, as golden files of their main content: the
// list of the two releases, each release's page (the revisions of
// 2024-revised, grouped and counted, with their anchors; the downloads
// with size and SHA-256; the citation) and the calendar, in both
// languages. The sample's store changes with the sample: run
// go test ./internal/build -run TestSampleReleasePages -update after
// go run ./cmd/genreleases, and review the diff.
func TestSampleReleasePages(t *testing.T) {
	_, files, err := Render(Options{Config: "../../config.toml"})
	if err != nil {
		t.Fatal(err)
	}
	_, again, err := Render(Options{Config: "../../config.toml"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"releases/index.html", "releases/2024-revised/index.html", "releases/2024-preliminary/index.html", "calendar/index.html",
		"en/releases/index.html", "en/releases/2024-revised/index.html", "en/calendar/index.html",
	} {
		page, ok := files[name]
		if !ok {
			t.Errorf("the sample has no page %s", name)
			continue
		}
		if !bytes.Equal(page, again[name]) {
			t.Errorf("%s differs between two builds", name)
		}
		got := mainOf(page)
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(name, "/", "_"))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/build -run TestSampleReleasePages -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; run go test ./internal/build -run TestSampleReleasePages -update and review the diff", name, golden)
		}
	}
	// Every page of figures says which release it is, and cites it.
	for _, name := range []string{"index.html", "towns/qingxu-vinegar/index.html", "indicators/output/index.html", "reports/2024/index.html", "en/tiers/provincial/index.html"} {
		page := string(files[name])
		if !strings.Contains(page, `<p class="as-of"><a href="`) || !strings.Contains(page, `<details class="cite">`) {
			t.Errorf("%s does not say which release its figures are", name)
		}
	}
}

// mainOf is a page's main element, the part a page's kind makes.
func mainOf(page []byte) []byte {
	start, end := bytes.Index(page, []byte("<main")), bytes.Index(page, []byte("</main>"))
	if start < 0 || end < start {
		return page
	}
	return append(page[start:end:end], "</main>\n"...)
}
