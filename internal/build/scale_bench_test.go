package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/internal/scalegen"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/layouts"
)

// Stage benchmarks on generated sites of 1,000 and 10,000 towns, so that a
// regression shows up in the stage that has it:
//
//	go test -run '^$' -bench 'Scale' -benchtime 3x ./internal/build
//
// Each generates its site once, into b.TempDir; benchmarks do not run
// without -bench, so the normal test run does not pay for them.
var scaleSizes = scaleSizesFor()

func scaleSite(b *testing.B, towns int) string {
	b.Helper()
	dir := b.TempDir()
	if _, err := scalegen.Generate(dir, scalegen.Options{Towns: towns}); err != nil {
		b.Fatal(err)
	}
	return dir
}

func BenchmarkScaleRead(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("towns=%d", n), func(b *testing.B) {
			dir := scaleSite(b, n)
			fsys := os.DirFS(dir)
			cfg, problems, err := config.Load(fsys, "config.toml")
			if err != nil || problems.HasErrors() {
				b.Fatal(err, problems)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				data, problems := source.Read(fsys, cfg)
				if problems.HasErrors() || len(data.Towns) != n {
					b.Fatalf("%d towns read; %v", len(data.Towns), problems)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "towns/s")
		})
	}
}

func BenchmarkScaleModel(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("towns=%d", n), func(b *testing.B) {
			dir := scaleSite(b, n)
			fsys := os.DirFS(dir)
			cfg, _, _ := config.Load(fsys, "config.toml")
			data, problems := source.Read(fsys, cfg)
			if problems.HasErrors() {
				b.Fatal(problems)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, problems := model.New(cfg, data); problems.HasErrors() {
					b.Fatal(problems)
				}
			}
		})
	}
}

func BenchmarkScaleRender(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("towns=%d", n), func(b *testing.B) {
			dir := scaleSite(b, n)
			site, _, err := Load(filepath.Join(dir, "config.toml"))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			pages := 0
			var bytes int64
			for b.Loop() {
				r, err := render.New(site, layouts.FS, nil)
				if err != nil {
					b.Fatal(err)
				}
				mem := output.NewMemory()
				n, _, err := renderAll(r, mem, nil)
				if err != nil {
					b.Fatal(err)
				}
				pages += n
				for _, f := range mem.Files {
					bytes += int64(len(f))
				}
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(bytes)/float64(pages), "B/page") // every file, per page
		})
	}
}

// BenchmarkScaleBuild is the whole build, writing to disk.
func BenchmarkScaleBuild(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("towns=%d", n), func(b *testing.B) {
			dir := scaleSite(b, n)
			out := filepath.Join(dir, "public")
			pages := 0
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				res, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out})
				if err != nil {
					b.Fatal(err)
				}
				pages += res.Pages
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// scaleSizesFor is 1,000 and 10,000 towns, or the sizes in
// TOWNPRESS_BENCH_TOWNS (such as "1000") to profile one size.
func scaleSizesFor() []int {
	var sizes []int
	for _, f := range strings.Fields(strings.ReplaceAll(os.Getenv("TOWNPRESS_BENCH_TOWNS"), ",", " ")) {
		if n, err := strconv.Atoi(f); err == nil && n > 0 {
			sizes = append(sizes, n)
		}
	}
	if len(sizes) == 0 {
		return []int{1000, 10000}
	}
	return sizes
}
