package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/scalegen"
	"github.com/townpress/townpress/internal/sitetest"
)

// TestDownloadKeysSeeEveryEdit edits a site's workbooks the ways an
// office does, one edit after another, and after each builds into the
// previous output with CheckKeys on: every download taken by its key is
// made anyway and must be the same bytes, and the folder must be what a
// clean build into another folder makes. It also holds the keys to their
// purpose: a build with nothing changed makes no keyed download, and an
// edit of one town's figure makes again few of the towns' files.
func TestDownloadKeysSeeEveryEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 300 towns 18 times")
	}
	defer func(was bool) { CheckKeys = was }(CheckKeys)
	CheckKeys = true
	dir := t.TempDir()
	const years = 5
	towns, err := scalegen.Generate(dir, scalegen.Options{Towns: 300, Counties: 12, Years: years, Indicators: 6})
	if err != nil {
		t.Fatal(err)
	}
	cfg, out := filepath.Join(dir, "config.toml"), filepath.Join(dir, "public")
	// Every town's workbook too, the costly town files.
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("town_workbooks = false")) {
		t.Fatal("the generated config no longer says town_workbooks = false")
	}
	if err := os.WriteFile(cfg, bytes.Replace(b, []byte("town_workbooks = false"), []byte("town_workbooks = true"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	first, err := Build(Options{Config: cfg, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if first.DownloadsTaken != 0 {
		t.Errorf("a build into a new folder took %d downloads by their key", first.DownloadsTaken)
	}
	values, names := filepath.Join(dir, "data", "values.xlsx"), filepath.Join(dir, "data", "towns.xlsx")
	row := func(n int) int { return n + 2 } // the n-th town's row in both workbooks
	const unkeyed = 2                       // data.json and datapackage.json
	townFiles := 2 * len(towns)             // a CSV and a workbook each
	edits := []struct {
		name string
		edit func(t *testing.T)
		// least is how many downloads at least the build must take by
		// their key; made the files it must make again at least.
		least, made int
	}{
		{"nothing", func(*testing.T) {}, -1, unkeyed},
		{"a town's latest figure", func(t *testing.T) {
			sitetest.SetCell(t, values, "2024年", fmt.Sprintf("B%d", row(120)), 4321.5)
		}, townFiles - 2, unkeyed + 2},
		{"a town's figure of an earlier year", func(t *testing.T) {
			sitetest.SetCell(t, values, "2021年", fmt.Sprintf("D%d", row(200)), 77)
		}, townFiles - 2, unkeyed + 2},
		{"a status mark on one figure", func(t *testing.T) {
			sitetest.SetCell(t, values, "2024年", "H1", "工业产值状态")
			sitetest.SetCell(t, values, "2024年", fmt.Sprintf("H%d", row(40)), "p")
		}, 1, townFiles}, // every town's files gain a status column
		{"a second figure with that mark", func(t *testing.T) {
			sitetest.SetCell(t, values, "2024年", fmt.Sprintf("H%d", row(41)), "p")
		}, townFiles - 2, unkeyed + 2},
		{"a note on one figure", func(t *testing.T) {
			addComment(t, values, "2023年", fmt.Sprintf("C%d", row(50)), "含新并入企业。")
		}, 0, townFiles}, // every town's files gain a note column; the notes are in the input key, which every key takes in
		{"a town's name", func(t *testing.T) {
			sitetest.SetCell(t, names, "专业镇名录", fmt.Sprintf("B%d", row(70)), "改名专业镇")
		}, townFiles - 2, unkeyed + 2},
		{"a town added", func(t *testing.T) {
			r := row(len(towns))
			for col, v := range []any{"t999999", "新增专业镇", "New Town", "县级", towns[0].County, "", 2024, "新认定。"} {
				cell, _ := excelize.CoordinatesToCellName(col+1, r)
				sitetest.SetCell(t, names, "专业镇名录", cell, v)
			}
			for y := 2024 - years + 1; y <= 2024; y++ {
				sitetest.SetCell(t, values, fmt.Sprintf("%d年", y), fmt.Sprintf("A%d", r), "t999999")
				sitetest.SetCell(t, values, fmt.Sprintf("%d年", y), fmt.Sprintf("B%d", r), 3.5)
			}
		}, 0, unkeyed + 2}, // the input key takes in each tier's members, as every page shows them
		{"a figure of the town added", func(t *testing.T) {
			sitetest.SetCell(t, values, "2024年", fmt.Sprintf("C%d", row(len(towns))), 8.25)
		}, townFiles, unkeyed + 2}, // 301 towns' files, less the town's own two
	}
	for _, e := range edits {
		e.edit(t)
		res, got := rebuildAsClean(t, cfg, out, e.name)
		dl := 0
		for name := range got { // the names of a clean build's, as checked
			if strings.HasPrefix(name, "downloads/") && !strings.HasSuffix(name, "SHA256SUMS") && !strings.HasSuffix(name, ".html") ||
				strings.HasPrefix(name, "en/downloads/report-") {
				dl++
			}
		}
		if dl != res.Downloads {
			t.Errorf("after %s: the build counts %d downloads, the folder holds %d", e.name, res.Downloads, dl)
		}
		made := res.Downloads - res.DownloadsTaken
		t.Logf("%s: %d of %d downloads made again", e.name, made, res.Downloads)
		least := e.least
		if least < 0 {
			least = res.Downloads - unkeyed
		}
		if res.DownloadsTaken < least {
			t.Errorf("after %s: %d downloads taken by their key, want at least %d", e.name, res.DownloadsTaken, least)
		}
		if made < e.made {
			t.Errorf("after %s: %d downloads made, want at least %d", e.name, made, e.made)
		}
	}
}

func addComment(t *testing.T, file, sheet, cell, text string) {
	t.Helper()
	sitetest.EditWorkbook(t, file, func(f *excelize.File) error {
		return f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "统计科", Text: text})
	})
}
