package starter

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/build"
	"github.com/townpress/townpress/internal/config"
)

func TestNewSiteBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mysite")
	written, err := Write(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".gitignore", "config.toml", "data/narrative/reports/2024.md", "data/towns.xlsx", "layouts/README.md"}
	if strings.Join(written, " ") != strings.Join(want, " ") {
		t.Errorf("written = %v, want %v", written, want)
	}
	res, err := build.Build(build.Options{Config: filepath.Join(dir, "config.toml"), Out: filepath.Join(dir, "public")})
	if err != nil {
		t.Fatalf("the starter site does not build: %v", err)
	}
	if len(res.Problems) > 0 {
		t.Errorf("the starter site has problems:\n%s", res.Problems)
	}
	for _, page := range []string{
		"index.html", "tiers/provincial/index.html", "tiers/county/index.html",
		"towns/sample-food/index.html", "towns/sample-materials/index.html", "towns/sample-grain/index.html",
		"indicators/output/index.html", "indicators/above-scale/index.html",
		"en/index.html", "en/towns/sample-machinery/index.html", "404.html", "assets/echarts.min.js",
	} {
		if _, err := os.Stat(filepath.Join(dir, "public", page)); err != nil {
			t.Errorf("missing page: %v", err)
		}
	}
	if len(res.Site.Towns) != 4 || len(res.Site.Years) != 3 {
		t.Errorf("%d towns, years %v", len(res.Site.Towns), res.Site.Years)
	}
	// The 2023 value typed in the sheet reaches the town's series.
	if v := res.Site.Town("sample-food").Values["output"][1]; !v.Valid() || v.String() != "14.6" {
		t.Errorf("sample-food output 2023 = %+v", v)
	}
	// No data is kept missing, not zero.
	if v := res.Site.Town("sample-materials").Values["output"][0]; v.Valid() {
		t.Errorf("sample-materials output 2022 = %+v, want no data", v)
	}
}

func TestNewRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, false); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("Write into a non-empty folder: %v, want ErrNotEmpty", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "config.toml")); err == nil {
		t.Fatal("a refused Write wrote config.toml")
	}
	if _, err := Write(dir, true); err != nil {
		t.Fatalf("Write with force: %v", err)
	}
	if b, _ := os.ReadFile(mine); string(b) != "mine" {
		t.Error("force removed or changed a file of the user's")
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "towns.xlsx")); err != nil {
		t.Error(err)
	}
}

// TestConfigExplainsEveryKey keeps the starter config.toml a complete,
// commented example: every key config.toml takes appears in it, and the
// file has a comment for every block.
func TestConfigExplainsEveryKey(t *testing.T) {
	raw, err := files.ReadFile("files/config.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	var keys func(reflect.Type, string)
	keys = func(typ reflect.Type, table string) {
		for f := range typ.Fields() {
			tag := f.Tag.Get("toml")
			if tag == "" || tag == "-" {
				continue
			}
			ft := f.Type
			if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				keys(ft, tag)
				continue
			}
			shown := `(?m)^` + regexp.QuoteMeta(tag) + ` = `
			if ft.Kind() == reflect.Map {
				shown = `(?m)^\[` + regexp.QuoteMeta(tag) + `\]$` // a table of its own
			}
			if !regexp.MustCompile(shown).MatchString(text) {
				t.Errorf("the starter config.toml does not show %s.%s", table, tag)
			}
		}
	}
	keys(reflect.TypeFor[config.Config](), "")
	if _, problems, err := config.Parse("config.toml", raw); err != nil || len(problems) > 0 {
		t.Errorf("the starter config.toml: %v %v", err, problems)
	}
}

// The yearbook starter builds as it is, every figure of the table in its
// town, and check -explain would show what was read.
func TestYearbookStarterBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "yearbook")
	written, err := WriteYearbook(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(written, " "); got != ".gitignore config.toml data/yearbook.xlsx layouts/README.md" {
		t.Errorf("written = %s", got)
	}
	res, err := build.Build(build.Options{Config: filepath.Join(dir, "config.toml"), Out: filepath.Join(dir, "public")})
	if err != nil {
		t.Fatalf("the yearbook starter does not build: %v", err)
	}
	if len(res.Problems) > 0 {
		t.Errorf("problems:\n%s", res.Problems)
	}
	if town := res.Site.Town("daliangjiedao"); town == nil || len(res.Site.Towns) != 8 {
		t.Fatalf("towns: %d", len(res.Site.Towns))
	}
	if _, err := WriteYearbook(dir, false); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a second write: %v", err)
	}
}
