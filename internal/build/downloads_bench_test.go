package build

import (
	"fmt"
	"io"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/layouts"
)

// BenchmarkScaleDownloads is the downloads stage alone: every report
// workbook, the whole dataset as xlsx, CSV and JSON, and the town CSVs,
// made and counted but not kept:
//
//	TOWNPRESS_BENCH_TOWNS=10000 go test -run '^$' -bench ScaleDownloads -benchtime 1x -benchmem ./internal/build
func BenchmarkScaleDownloads(b *testing.B) {
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
			b.ReportAllocs()
			b.ResetTimer()
			var out discard
			for b.Loop() {
				if _, _, _, err := exportAll(r, &out); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(out.bytes.Load())/float64(b.N), "B/build")
		})
	}
}

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
