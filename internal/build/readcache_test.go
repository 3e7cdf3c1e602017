package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/sitetest"
)

// TestReadCacheRebuild builds into the same folder again: an unchanged
// workbook's sheets are not parsed (their records kept beside the site
// by the build before), an edited sheet is, its new figure is published,
// and every rebuilt site is byte for byte what a clean build makes. A
// damaged cache file is parsed past, and TOWNPRESS_CHECK_KEYS finds the
// records kept the same as the parsed ones.
func TestReadCacheRebuild(t *testing.T) {
	dir := goodSite(t)
	cfg := filepath.Join(dir, "config.toml")
	out := filepath.Join(dir, "public")
	cache := filepath.Join(dir, ".public.readcache")
	build := func(wantTaken, wantRead int) {
		t.Helper()
		res, err := Build(Options{Config: cfg, Out: out})
		if err != nil {
			t.Fatal(err)
		}
		if res.SheetsTaken != wantTaken || res.SheetsRead != wantRead {
			t.Errorf("%d of %d sheets taken from the read cache, want %d of %d", res.SheetsTaken, res.SheetsRead, wantTaken, wantRead)
		}
		clean := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Config: cfg, Out: clean}); err != nil {
			t.Fatal(err)
		}
		got, want := readTree(t, out), readTree(t, clean)
		if len(got) != len(want) {
			t.Errorf("the rebuilt folder holds %d files, a clean build %d", len(got), len(want))
		}
		for name, b := range want {
			if !bytes.Equal(got[name], b) {
				t.Errorf("%s: the rebuilt file differs from a clean build's", name)
			}
		}
	}
	// The workbook saved once by excelize, as an official's is by Excel:
	// the test's generator writes [Content_Types].xml otherwise, and it
	// is in every key.
	book := filepath.Join(dir, "data", "towns.xlsx")
	sitetest.EditWorkbook(t, book, func(*excelize.File) error { return nil })
	build(0, 2)
	if _, err := os.Stat(cache); err != nil {
		t.Fatalf("no read cache beside the output: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, ".public.readcache")); err == nil {
		t.Errorf("the read cache is inside the published folder")
	}
	build(2, 2)

	// 电机小镇's 2024 output, 9.5 before: only the values sheet changes.
	sitetest.SetCell(t, book, "指标数据", "C5", 9.7)
	build(1, 2)
	motors := sitetest.At(t, dir)
	motors.Contains("public/towns/motors/index.html", "9.7")
	build(2, 2)

	// A town's English name in the towns sheet: a new shared string, and
	// the values sheet, whose text is the shared strings' too, is parsed
	// again.
	sitetest.SetCell(t, book, "专业镇名录", "C3", "Electric motor town")
	build(0, 2)
	motors.Contains("public/en/towns/motors/index.html", "Electric motor town")

	// A cache cut short is no cache.
	whole, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cache, whole[:len(whole)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	build(0, 2)

	defer func(was bool) { CheckKeys = was }(CheckKeys)
	CheckKeys = true
	build(2, 2)
	// A config change that no sheet shows still parses them again: the
	// whole config is in the keys.
	motors.Edit("config.toml", func(s string) string {
		return strings.Replace(s, `title = "测试门户"`, `title = "测试门户（新）"`, 1)
	})
	build(0, 2)
}
