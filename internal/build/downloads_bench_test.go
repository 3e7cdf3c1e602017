package build

import (
	"fmt"
	"io"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/internal/sitetest"
	"github.com/townpress/townpress/layouts"
)

// BenchmarkScaleDownloads is the downloads stage alone: every report
// workbook, the whole dataset as xlsx, CSV and JSON, and the town CSVs,
// made and counted but not kept:
//
//	TOWNPRESS_BENCH_TOWNS=10000 go test -run '^$' -bench ScaleDownloads -benchtime 1x -benchmem ./internal/build
func BenchmarkScaleDownloads(b *testing.B) { benchDownloads(b, false) }

// BenchmarkScaleDownloadsKeyed is BenchmarkScaleDownloads as a build into
// an empty folder makes the downloads: keyed, with no previous build to
// take a file from, every file made and its key kept.
func BenchmarkScaleDownloadsKeyed(b *testing.B) { benchDownloads(b, true) }

func benchDownloads(b *testing.B, keyed bool) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("towns=%d", n), func(b *testing.B) {
			dir := scaleSite(b, n)
			site, _, err := Load(filepath.Join(dir, "config.toml"))
			if err != nil {
				b.Fatal(err)
			}
			r, err := render.New(site, layouts.FS, nil)
			if err != nil {
				b.Fatal(err)
			}
			var out output.Sink = new(discard)
			if keyed {
				r.SetInputKey([32]byte{1})
				out = &keyedDiscard{}
			}
			b.ReportAllocs()
			b.ResetTimer()
			// The CPU time too, every thread's (the stage runs on all
			// cores): on a shared machine less noisy than the wall time.
			start := sitetest.CPUTime()
			for b.Loop() {
				if _, _, _, err := exportAll(r, out); err != nil {
					b.Fatal(err)
				}
			}
			if start > 0 {
				b.ReportMetric(float64(sitetest.CPUTime()-start)/float64(b.N), "cpu-ns/op")
			}
			var bytes int64
			switch o := out.(type) {
			case *discard:
				bytes = o.bytes.Load()
			case *keyedDiscard:
				bytes = o.bytes.Load()
			}
			b.ReportMetric(float64(bytes)/float64(b.N), "B/build")
		})
	}
}

// keyedDiscard is a discard that takes keys (output.KeySink) and has no
// previous build to take files from: the keys are made and dropped.
type keyedDiscard struct{ discard }

func (*keyedDiscard) Reuse(output.Key) ([]output.File, bool) { return nil, false }
func (*keyedDiscard) Keep(output.Key, ...string)             {}
func (*keyedDiscard) MayReuse(string) bool                   { return false }

// discard is a sink that keeps nothing but the count of bytes. Like the
// staging folder, it takes large files as they are written.
type discard struct{ bytes atomic.Int64 }

func (d *discard) Put(_ string, b []byte) error {
	d.bytes.Add(int64(len(b)))
	return nil
}

func (d *discard) Create(string) (io.WriteCloser, error) { return discarded{d}, nil }

type discarded struct{ d *discard }

func (w discarded) Write(b []byte) (int, error) {
	w.d.bytes.Add(int64(len(b)))
	return len(b), nil
}

func (discarded) Close() error { return nil }
