package export

import (
	"os"
	"strconv"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/scalegen"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/layouts"
)

// Workbook benchmarks on a generated site (2,000 towns unless
// TOWNPRESS_BENCH_TOWNS says otherwise), the size at which the exports
// dominated a build's CPU and allocation:
//
//	go test -run '^$' -bench Workbook -benchmem ./internal/export
func benchSite(b *testing.B) *model.Site {
	b.Helper()
	towns := 2000
	if s := os.Getenv("TOWNPRESS_BENCH_TOWNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		towns = n
	}
	return generatedSite(b, towns)
}

// generatedSite is the model of a site of n towns written by scalegen.
func generatedSite(tb testing.TB, n int) *model.Site {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := scalegen.Generate(dir, scalegen.Options{Towns: n}); err != nil {
		tb.Fatal(err)
	}
	fsys := os.DirFS(dir)
	cfg, problems, err := config.Load(fsys, "config.toml")
	if err != nil || problems.HasErrors() {
		tb.Fatal(err, problems)
	}
	data, problems := source.Read(fsys, cfg)
	if problems.HasErrors() {
		tb.Fatal(problems)
	}
	site, problems := model.New(cfg, data)
	if problems.HasErrors() {
		tb.Fatal(problems)
	}
	return site
}

func BenchmarkDataWorkbook(b *testing.B) {
	site := benchSite(b)
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for b.Loop() {
		out, err := DataWorkbook(site)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "B/workbook")
}

func BenchmarkReportWorkbook(b *testing.B) {
	site := benchSite(b)
	l, err := i18n.Load("zh-CN", "", layouts.FS)
	if err != nil {
		b.Fatal(err)
	}
	rep := &Report{Site: site, Lang: l, Year: site.Config.Site.LastYear}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Workbook(rep.Props(), rep.Tables()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValuesCSV writes values.csv as the build does, a row per town
// and year: at national scale 400,000 rows, every number through
// Table.plain.
func BenchmarkValuesCSV(b *testing.B) {
	site := benchSite(b)
	values := DataTables(site)[2]
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for b.Loop() {
		size = len(CSV(values))
	}
	b.ReportMetric(float64(size), "B/file")
}

// BenchmarkDataJSON writes data.json.
func BenchmarkDataJSON(b *testing.B) {
	site := benchSite(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := DataJSON(site); err != nil {
			b.Fatal(err)
		}
	}
}
