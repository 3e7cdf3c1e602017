package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/sitetest"
	"github.com/xuri/excelize/v2"
)

// TestIncrementalRebuild edits one town's figure in the workbook, as an
// official would, and builds into the previous output again: every file
// whose bytes did not change is the previous build's file (same inode,
// same modification time, so an rsync sends only the change), every file
// that changed was written anew, a file edited by hand in the output is
// put right, and the folder is byte for byte what a clean build makes.
func TestIncrementalRebuild(t *testing.T) {
	dir := goodSite(t)
	cfg := filepath.Join(dir, "config.toml")
	out := filepath.Join(dir, "public")
	first, err := Build(Options{Config: cfg, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if first.Unchanged != 0 {
		t.Errorf("a build into a new folder says %d files unchanged", first.Unchanged)
	}
	before := readTree(t, out)
	stats := map[string]os.FileInfo{}
	for name := range before {
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		stats[name] = fi
	}
	// A file edited by hand in the output is not the manifest's any more.
	css := filepath.Join(out, "assets", "townpress.css")
	if err := os.WriteFile(css, append(before["assets/townpress.css"], "/* edited */"...), 0o644); err != nil {
		t.Fatal(err)
	}

	f, err := excelize.OpenFile(filepath.Join(dir, "data", "towns.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	// 电机小镇's 2024 output, 9.5 before.
	if v, _ := f.GetCellValue("指标数据", "C5"); v != "9.5" {
		t.Fatalf("C5 holds %q, want 9.5", v)
	}
	f.SetCellValue("指标数据", "C5", 9.7)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	again, err := Build(Options{Config: cfg, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	after := readTree(t, out)
	clean := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Config: cfg, Out: clean}); err != nil {
		t.Fatal(err)
	}
	want := readTree(t, clean)
	if len(after) != len(want) {
		t.Errorf("the rebuilt folder holds %d files, a clean build %d", len(after), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s: the rebuilt file differs from a clean build's", name)
		}
	}

	var same, changed []string
	for name, b := range after {
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		old, existed := stats[name]
		kept := existed && os.SameFile(old, fi) && old.ModTime().Equal(fi.ModTime())
		if existed && bytes.Equal(before[name], b) && name != "assets/townpress.css" {
			same = append(same, name)
			if !kept {
				t.Errorf("%s: the same bytes as before, but written again", name)
			}
			continue
		}
		changed = append(changed, name)
		if existed && old.ModTime().Equal(fi.ModTime()) {
			t.Errorf("%s: changed, but has the previous file's modification time", name)
		}
	}
	if again.Unchanged != len(same) {
		t.Errorf("the build says %d files unchanged; %d are", again.Unchanged, len(same))
	}
	// What one town's figure changes, and what it does not.
	joined := " " + strings.Join(changed, " ") + " "
	for _, name := range []string{"towns/motors/index.html", "downloads/towns/motors.csv", "downloads/data.json", "downloads/SHA256SUMS", "assets/townpress.css"} {
		if !strings.Contains(joined, " "+name+" ") {
			t.Errorf("%s should have changed: changed are %v", name, changed)
		}
	}
	for _, name := range []string{"assets/townpress.js", "downloads/towns/vinegar.csv", ".townpress-output"} {
		if strings.Contains(joined, " "+name+" ") {
			t.Errorf("%s should not have been written again", name)
		}
	}
	if len(same) < len(changed) {
		t.Errorf("only %d of %d files unchanged by one figure: %v", len(same), len(after), changed)
	}
	t.Logf("%d files unchanged, %d written: %v", len(same), len(changed), changed)

	// The first site, replaced and sharing most of its files with the
	// second, is kept as the spare; the edit undone, the next build
	// recycles it (it holds the first figure's pages, not the live ones)
	// and still gives exactly a clean build's files and folders.
	if _, err := os.Stat(filepath.Join(dir, ".public.spare")); err != nil {
		t.Fatalf("no spare after a rebuild: %v", err)
	}
	f, err = excelize.OpenFile(filepath.Join(dir, "data", "towns.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("指标数据", "C5", 9.5)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	third, err := Build(Options{Config: cfg, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	clean = filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Config: cfg, Out: clean}); err != nil {
		t.Fatal(err)
	}
	got, want := readTree(t, out), readTree(t, clean)
	if len(got) != len(want) {
		t.Errorf("the recycled build holds %d files, a clean build %d", len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s: the recycled build's file differs from a clean build's", name)
		}
	}
	if g, w := folderList(t, out), folderList(t, clean); g != w {
		t.Errorf("the recycled build's folders differ from a clean build's:\n%s\nwant\n%s", g, w)
	}
	// Unchanged since the second build: its unchanged files and the
	// stylesheet it wrote again over the hand edit.
	if third.Unchanged != len(same)+1 {
		t.Errorf("the edit undone: %d files unchanged, want %d", third.Unchanged, len(same)+1)
	}
}

// folderList is every folder under dir, one a line.
func folderList(t *testing.T, dir string) string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(dirs, "\n")
}

// TestRecycleWithPDFAndImages rebuilds a site that prints its reports and
// draws its charts' images with Chromium, from the spare: Chromium reads
// the staged pages, so nothing of the spare may be left among them, and
// what it prints must be the new figures. After an edit, the rebuild made
// from the spare has exactly a clean build's files, the same bytes for
// every file but the PDFs and images (Chromium's are not byte for byte
// repeatable), and its 2024 report's PDF shows the edited figure.
func TestRecycleWithPDFAndImages(t *testing.T) {
	chromium := pdfTools(t)
	dir := goodSite(t)
	cfg := filepath.Join(dir, "config.toml")
	out := filepath.Join(dir, "public")
	opts := Options{Config: cfg, Out: out, PDF: true, Images: true, Chromium: chromium}
	for range 2 {
		// The second build replaces the first, which becomes the spare.
		if _, err := Build(opts); err != nil {
			t.Fatal(err)
		}
	}
	spare := filepath.Join(dir, ".public.spare")
	if _, err := os.Stat(filepath.Join(spare, output.Marker)); err != nil {
		t.Fatalf("no spare to recycle after a rebuild where nothing changed: %v", err)
	}
	// Files no build of this site makes, as an older site of the folder
	// would leave in it: the rebuild must leave them out.
	for _, name := range []string{"towns/gone/index.html", "downloads/report-2019.pdf"} {
		p := filepath.Join(spare, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("stale"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// 电机小镇's 2024 output, 9.5 before.
	values := filepath.Join(dir, "data", "towns.xlsx")
	if v := sitetest.Cell(t, values, "指标数据", "C5"); v != "9.5" {
		t.Fatalf("C5 holds %q, want 9.5", v)
	}
	sitetest.SetCell(t, values, "指标数据", "C5", 9.7)
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.PDFs) != 4 || len(res.ImagesFailed) > 0 || res.ImagesSkipped != "" {
		t.Fatalf("PDFs %v, images failed %v, skipped %q", res.PDFs, res.ImagesFailed, res.ImagesSkipped)
	}
	copts := opts
	copts.Out = filepath.Join(t.TempDir(), "public")
	if _, err := Build(copts); err != nil {
		t.Fatal(err)
	}
	got, want := readTree(t, out), readTree(t, copts.Out)
	for name, b := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("the rebuild lacks %s", name)
		case chromiumMade(name):
			if len(g) == 0 {
				t.Errorf("%s is empty", name)
			}
		case strings.HasSuffix(name, "SHA256SUMS"):
			if !bytes.Equal(sumsOf(g), sumsOf(b)) {
				t.Errorf("%s differs from a clean build's but for Chromium's files", name)
			}
		case strings.HasSuffix(name, "downloads/index.html"):
			// It lists the PDFs with their sizes, and Chromium's bytes
			// differ from print to print: a size may cross a kilobyte.
			if !bytes.Equal(chromiumSizes.ReplaceAll(g, []byte("${1}…")), chromiumSizes.ReplaceAll(b, []byte("${1}…"))) {
				t.Errorf("%s differs from a clean build's but for the sizes of Chromium's files", name)
			}
		case !bytes.Equal(g, b):
			t.Errorf("%s differs from a clean build's", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("the rebuild has %s, which a clean build does not make", name)
		}
	}
	text, err := exec.CommandContext(context.Background(), "pdftotext", "-enc", "UTF-8", filepath.Join(out, "downloads", "report-2024.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "9.7") {
		t.Errorf("the 2024 report's PDF made from the spare does not show the edited 9.7:\n%s", text)
	}
}

// chromiumMade reports whether Chromium made the file named: a report's
// PDF or a chart's image.
func chromiumMade(name string) bool {
	return strings.HasSuffix(name, ".pdf") || strings.HasSuffix(name, ".png")
}

// chromiumSizes finds the size a downloads page gives a file Chromium
// made: its row's last cell.
var chromiumSizes = regexp.MustCompile(`(\.(?:pdf|png)" download>[^<]*</a></th><td>[^<]*</td><td class="num">)[^<]*`)

// sumsOf is a SHA256SUMS file's lines but Chromium's files'.
func sumsOf(b []byte) []byte {
	var keep []byte
	for line := range bytes.Lines(b) {
		if !chromiumMade(strings.TrimSpace(string(line))) {
			keep = append(keep, line...)
		}
	}
	return keep
}
