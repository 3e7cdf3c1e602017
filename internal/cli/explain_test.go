package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/townpress/townpress/internal/yearbook"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// check -explain on a bureau's yearbook table, read with a config that
// declares only tiers, indicators and the sheet's name: what each column
// was read as, in both languages. The expectations are in
// testdata/explain_yearbook.*.txt; go test -update rewrites them.
func TestExplainYearbook(t *testing.T) {
	dir := t.TempDir()
	books, err := yearbook.Workbooks()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "yearbook.xlsx"), books["yearbook.xlsx"], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(yearbook.Config), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	wd, _ := os.Getwd()
	for _, lang := range []string{"zh", "en"} {
		var stdout, stderr bytes.Buffer
		if code := Run([]string{"check", "-explain", "-lang", lang}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d:\n%s%s", code, &stdout, &stderr)
		}
		golden := filepath.Join(testdataDir, "explain_yearbook."+lang+".txt")
		if *update {
			if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(stdout.Bytes(), want) {
			t.Errorf("check -explain -lang %s (in %s):\n%s\nwant (%s):\n%s", lang, wd, &stdout, golden, want)
		}
	}
}

// testdataDir is the package's testdata, absolute: the test runs in the site's folder.
var testdataDir = func() string {
	d, _ := filepath.Abs("testdata")
	return d
}()
