package export

import (
	"os"
	"strconv"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/scalegen"
	"github.com/townpress/townpress/internal/sitetest"
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

// loop runs op as a benchmark's loop and reports, beside the wall time,
// the CPU time per op ("cpu-ns/op", every thread, the garbage collector
// included): on a machine other work shares, the wall time per op varies
// with its load, the CPU time much less.
func loop(b *testing.B, op func()) {
	b.ReportAllocs()
	b.ResetTimer()
	start, n := sitetest.CPUTime(), 0
	for b.Loop() {
		op()
		n++
	}
	if start > 0 && n > 0 {
		b.ReportMetric(float64(sitetest.CPUTime()-start)/float64(n), "cpu-ns/op")
	}
}

// generatedSite is the model of a site of n towns written by scalegen.
func generatedSite(tb testing.TB, n int) *model.Site {
	return generated(tb, n, false)
}

// markedSite is generatedSite with its last year provisional, as
// offices publish it: every figure of a year marked, the most marks a
// site commonly has.
func markedSite(tb testing.TB) *model.Site {
	towns := 2000
	if s := os.Getenv("TOWNPRESS_BENCH_TOWNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			tb.Fatal(err)
		}
		towns = n
	}
	return generated(tb, towns, true)
}

func generated(tb testing.TB, n int, provisional bool) *model.Site {
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
	if provisional {
		last := 0
		for _, r := range data.Values {
			last = max(last, int(r.Year.V))
		}
		cfg.Marks.ProvisionalYears = []int{last}
	}
	site, problems := model.New(cfg, data)
	if problems.HasErrors() {
		tb.Fatal(problems)
	}
	return site
}

func BenchmarkDataWorkbook(b *testing.B) {
	site := benchSite(b)
	var size int
	loop(b, func() {
		out, err := DataWorkbook(site)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	})
	b.ReportMetric(float64(size), "B/workbook")
}

// BenchmarkReportWorkbook writes the report of the latest year with data
// (site.last_year may be later, a year without data).
func BenchmarkReportWorkbook(b *testing.B) {
	benchReport(b, benchSite(b))
}

// BenchmarkReportWorkbookMarked is BenchmarkReportWorkbook of a site whose
// last year is provisional: every figure shown with its mark.
func BenchmarkReportWorkbookMarked(b *testing.B) {
	benchReport(b, markedSite(b))
}

// latestReport is the Chinese report of site's latest year with data,
// its towns' growths worked out: a build writes a report per year and
// language from one site, which works them out once, for the first, so a
// benchmark times a report as the build makes the others.
func latestReport(b *testing.B, site *model.Site) *Report {
	l, err := i18n.Load("zh-CN", "", layouts.FS)
	if err != nil {
		b.Fatal(err)
	}
	rep := &Report{Site: site, Lang: l, Year: site.LatestYear()}
	WorkbookSum(rep.Props(), rep.Tables(), nil)
	return rep
}

func benchReport(b *testing.B, site *model.Site) {
	rep := latestReport(b, site)
	var size int
	loop(b, func() {
		out, err := Workbook(rep.Props(), rep.Tables())
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	})
	b.ReportMetric(float64(size), "B/workbook")
}

// BenchmarkValuesCSV writes values.csv as the build does, a row per town
// and year: at national scale 400,000 rows, every number through
// Table.plain.
func BenchmarkValuesCSV(b *testing.B) {
	benchValuesCSV(b, benchSite(b))
}

// BenchmarkValuesCSVMarked is BenchmarkValuesCSV with the last year
// provisional: a status column per indicator, one year in ten marked.
func BenchmarkValuesCSVMarked(b *testing.B) {
	benchValuesCSV(b, markedSite(b))
}

func benchValuesCSV(b *testing.B, site *model.Site) {
	values := DataTables(site)[2]
	var size int
	loop(b, func() { size = len(CSV(values)) })
	b.ReportMetric(float64(size), "B/file")
}

// BenchmarkDataJSON writes data.json as the build does, streamed.
func BenchmarkDataJSON(b *testing.B) {
	benchDataJSON(b, benchSite(b))
}

// BenchmarkDataJSONMarked writes data.json of a site whose last year is
// provisional.
func BenchmarkDataJSONMarked(b *testing.B) {
	benchDataJSON(b, markedSite(b))
}

func benchDataJSON(b *testing.B, site *model.Site) {
	var w countingWriter
	loop(b, func() {
		w = 0
		if err := WriteDataJSON(&w, site); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(w), "B/file")
}

// countingWriter counts what is written to it, as a file would take it.
type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// BenchmarkReportKey makes a report's tables and digests them, as a
// build does to key the report workbook (WorkbookSum): to be set beside
// BenchmarkReportWorkbook, what the key saves.
func BenchmarkReportKey(b *testing.B) {
	rep := latestReport(b, benchSite(b))
	loop(b, func() { WorkbookSum(rep.Props(), rep.Tables(), nil) })
}

// BenchmarkReportWorkbookKeyed writes a report and makes its key on the
// way (WriteWorkbookSum), as a build does when no earlier file can be
// taken by the key: to be set beside BenchmarkReportWorkbook and
// BenchmarkReportKey, which it replaces.
func BenchmarkReportWorkbookKeyed(b *testing.B) {
	rep := latestReport(b, benchSite(b))
	var w countingWriter
	loop(b, func() {
		w = 0
		if _, err := WriteWorkbookSum(&w, rep.Props(), rep.Tables()); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(w), "B/workbook")
}

// BenchmarkDataKey digests the dataset's tables, as a build does to key
// the dataset workbook: to be set beside BenchmarkDataWorkbook.
func BenchmarkDataKey(b *testing.B) {
	site := benchSite(b)
	loop(b, func() { WorkbookSum(DataProps(site), DataTables(site), nil) })
}
