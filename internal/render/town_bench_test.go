package render_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/townpress/townpress/internal/build"
	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/internal/scalegen"
	"github.com/townpress/townpress/internal/sitetest"
	"github.com/townpress/townpress/layouts"
)

// BenchmarkTownPage renders the town pages of a generated 300-town site,
// both languages: the page that makes up nearly all of a national build.
//
//	go test -run '^$' -bench TownPage -benchtime 2000x ./internal/render
func BenchmarkTownPage(b *testing.B) {
	dir := b.TempDir()
	if _, err := scalegen.Generate(dir, scalegen.Options{Towns: 300}); err != nil {
		b.Fatal(err)
	}
	site, _, err := build.Load(filepath.Join(dir, "config.toml"))
	if err != nil {
		b.Fatal(err)
	}
	r, err := render.New(site, layouts.FS, nil)
	if err != nil {
		b.Fatal(err)
	}
	// In the order the build renders them: a town's pages in each
	// language one after the other (render.RenderOrder).
	var towns []*render.Page
	pages := r.Pages()
	for _, i := range render.RenderOrder(pages) {
		if pages[i].Kind == render.TownPage {
			towns = append(towns, pages[i])
		}
	}
	var sizes []int
	b.ReportAllocs()
	b.ResetTimer()
	start := sitetest.CPUTime()
	i := 0
	for b.Loop() {
		p := towns[i%len(towns)]
		i++
		html, err := r.Render(p)
		if err != nil {
			b.Fatal(err)
		}
		sizes = append(sizes, len(html))
	}
	// CPU time, steadier than wall time on a shared machine; it includes
	// the garbage collector's.
	b.ReportMetric(float64((sitetest.CPUTime()-start).Microseconds())/float64(b.N), "CPU-µs/page")
	slices.Sort(sizes)
	b.ReportMetric(float64(sizes[len(sizes)/2]), "B/median-page")
}
