package serve

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// BenchmarkSaveToReload times, on the sample site, a workbook saved as
// Excel saves it (the new file renamed into place) until a tab showing a
// town page is told to reload (ms-to-reload), and until that page, its
// stylesheet and its script are served again (ms-to-page). The watcher's
// quiet time (40 ms) is part of both.
//
//	go test -run '^$' -bench SaveToReload -benchtime 20x ./internal/serve
func BenchmarkSaveToReload(b *testing.B) {
	dir := b.TempDir()
	for _, name := range []string{"data", "releases", "layouts"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join("..", "..", name))); err != nil {
			b.Fatal(err)
		}
	}
	if err := copyFile(filepath.Join("..", "..", "config.toml"), filepath.Join(dir, "config.toml")); err != nil {
		b.Fatal(err)
	}
	// Two versions of the workbook, one town's 2024 investment apart.
	book := filepath.Join(dir, "data", "taiyuan.xlsx")
	versions := make([][]byte, 2)
	for i, v := range []float64{5.2, 5.1} {
		f, err := excelize.OpenFile(book)
		if err != nil {
			b.Fatal(err)
		}
		if err := f.SetCellValue("2024年", "G6", v); err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			b.Fatal(err)
		}
		f.Close()
		versions[i] = buf.Bytes()
	}
	if err := os.WriteFile(book, versions[1], 0o644); err != nil {
		b.Fatal(err)
	}
	s := start(b, dir)
	const page = "towns/zhongbei-stainless-steel/"
	events, _ := s.eventsOf(b, "/"+page)
	var toReload, toPage time.Duration
	b.ResetTimer()
	for i := range b.N {
		temp := filepath.Join(dir, "data", "5A3B1C00")
		if err := os.WriteFile(temp, versions[i%2], 0o644); err != nil {
			b.Fatal(err)
		}
		begin := time.Now()
		if err := os.Rename(temp, book); err != nil {
			b.Fatal(err)
		}
		if ev := next(b, events); ev.name != "reload" {
			b.Fatalf("after the save: %+v\n%s", ev, s.log)
		}
		toReload += time.Since(begin)
		for _, name := range []string{page, "assets/townpress.css", "assets/townpress.js"} {
			if code, _ := s.get(b, name); code != 200 {
				b.Fatalf("%s: %d", name, code)
			}
		}
		toPage += time.Since(begin)
		// The rest of the site is made before the next save.
		s.get(b, "indicators/output/")
	}
	b.ReportMetric(float64(toReload.Microseconds())/1000/float64(b.N), "ms-to-reload")
	b.ReportMetric(float64(toPage.Microseconds())/1000/float64(b.N), "ms-to-page")
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
