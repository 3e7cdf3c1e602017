// Package render is the only package that writes the site's HTML: it
// turns the model into pages with html/template. Layouts come from the
// binary's embedded defaults, overridden file by file by a site's own
// layouts/ folder; templates are parsed once and executed in parallel.
//
// # Pages and views
//
// Pages lists every page (a Page: kind, path, language, subject). To
// render one, the renderer makes its view, a plain struct for its kind
// (kind.go lists them) embedding the Frame every page shares, with every
// text and chart the layout prints already made; then it runs the layout.
// A page's charts are so known before its layout runs, for build to write
// their data files. The only HTML written in Go is in fragments.go.
//
// # Layout lookup
//
// For a page of kind K (home, tier, town, indicator, tiers, towns,
// indicators, reports, report, downloads, 404, search, compare, releases,
// release, calendar) the
// renderer parses, from the site's layouts/ when the file is there and
// from the defaults otherwise: base.html, every partials/*.html, then
// K.html. A site overrides one page, one partial or one translation string
// without copying the rest. The renderer knows which templates the site
// defines: a partial printed with partialCached is made once per language
// and folder depth unless the site overrides it, and a fragment is made
// only when a layout in use can print it (partials.go).
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/release"
)

// Renderer holds the parsed templates and the site's languages.
type Renderer struct {
	Site  *model.Site
	Langs []*i18n.Lang
	// Data is the site's data folder, where report narratives live
	// (narrative/reports/<year>.md); nil for none.
	Data fs.FS
	// Images says the build makes each chart's PNG and SVG and each
	// page's share card (build -images), so pages link to them.
	Images bool
	// PDF says the build prints report PDFs, so report pages link to them.
	PDF bool
	// PrintedPDF, when set, says which report PDFs (by path, such as
	// "en/downloads/report-2024.pdf") were printed: only those are linked.
	// Nil before printing, when every one is expected.
	PrintedPDF func(path string) bool
	// BaseMap is the site's base map for the map page: its GeoJSON,
	// checked and escaped for a script element by build (BaseMapJS); nil
	// for a site without a map.
	BaseMap []byte
	// Downloads are the files the downloads page lists; build fills them in
	// before it renders that page.
	Downloads []Download

	releases *release.Archive // see SetReleases
	editions map[*i18n.Lang]*edition
	layers   []fs.FS // site layouts first, defaults last
	own      fs.FS   // the site's own layouts; nil for none
	pages    map[Kind]*layoutSet
	ranks    *ranks
	keysState
	// shared holds what pages of one language, kind or depth have in
	// common (the page script's settings, the navigation, the indicators
	// "about the data" lists), by a key that says which.
	shared sync.Map
	towns  townShares             // what a town's pages in each language share (townshare.go)
	sizes  map[Kind]*atomic.Int64 // the last page's size, by kind
}

// edition is what the pages of one language share.
type edition struct {
	words     *chart.Words
	skeletons *chart.Skeletons // chart options, made once for every town
	cardHeads sync.Map         // shared key -> *cardHead: see Frame.card
	rel       *releaseLines    // what its pages say of the releases; nil without
	// pointText is chart_point, what a static chart's bar reads out, cut
	// at its three %s; nil when the translation formats otherwise.
	pointText []string
}

// New makes a renderer of site: Parse, then Bind. defaults is the
// embedded layout set; own is the site's layouts/, nil when it has none.
func New(site *model.Site, defaults, own fs.FS) (*Renderer, error) {
	r, err := Parse(defaults, own)
	if err != nil {
		return nil, err
	}
	if err := r.Bind(site); err != nil {
		return nil, err
	}
	return r, nil
}

// Parse parses the layouts into a renderer that has no site yet (Bind
// gives it one). The layouts do not depend on the workbooks, so a build
// parses them while it reads those: on the sample site the parse was a
// twentieth of the build, with one core idle.
func Parse(defaults, own fs.FS) (*Renderer, error) {
	r := &Renderer{pages: map[Kind]*layoutSet{}, sizes: map[Kind]*atomic.Int64{},
		editions: map[*i18n.Lang]*edition{}}
	for _, kind := range Kinds {
		r.sizes[kind] = new(atomic.Int64)
	}
	if own != nil {
		r.own = own
		r.layers = append(r.layers, own)
	}
	r.layers = append(r.layers, defaults)
	partials, err := r.partialNames()
	if err != nil {
		return nil, err
	}
	common, err := r.parseCommon(partials)
	if err != nil {
		return nil, err
	}
	for _, kind := range Kinds {
		if r.pages[kind], err = r.parseLayouts(kind, common); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Bind gives a parsed renderer its site and loads the translations of
// the site's languages. It is called once, before any page is listed.
func (r *Renderer) Bind(site *model.Site) error {
	r.Site, r.ranks = site, newRanks(site)
	// Translation files layer the other way round: defaults first, then the
	// site's strings on top.
	trLayers := slices.Clone(r.layers)
	slices.Reverse(trLayers)
	for i, code := range site.Config.Site.Languages {
		prefix := ""
		if i > 0 {
			prefix = "en/"
		}
		lang, err := i18n.Load(code, prefix, trLayers...)
		if err != nil {
			return fmt.Errorf("layouts: %w", err)
		}
		// Every figure a page, chart or table shows goes through the
		// language's Fig, so the language rounds by the site's rule.
		lang.Rule = site.Rule
		r.Langs = append(r.Langs, lang)
		r.editions[lang] = &edition{words: chartWords(lang), skeletons: &chart.Skeletons{}, pointText: cutVerbs(lang.T("chart_point"), 3)}
	}
	return nil
}

// ReadLayout returns a layout file from the first layer that has it. A
// site's file that is there but cannot be read is an error, not a reason
// to fall back to the default.
func (r *Renderer) ReadLayout(name string) ([]byte, error) {
	for _, fsys := range r.layers {
		b, err := fs.ReadFile(fsys, name)
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%s: no such layout", name)
}

func (r *Renderer) partialNames() ([]string, error) {
	seen := map[string]bool{}
	for _, fsys := range r.layers {
		matches, err := fs.Glob(fsys, "partials/*.html")
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			seen[m] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}

// Render renders the page: its view, then its layout.
func (r *Renderer) Render(p *Page) ([]byte, error) {
	b, _, err := r.RenderPage(p)
	return b, err
}

// A PageError is a page that could not be rendered: most often a layout
// of the site's that fails on every page of its kind.
type PageError struct {
	Page string // its output path
	Err  error
}

func (e *PageError) Error() string { return "render " + e.Page + ": " + e.Err.Error() }
func (e *PageError) Unwrap() error { return e.Err }

// RenderPage is Render that also returns the charts the page shows, for
// their data files: the view makes them before the layout runs.
func (r *Renderer) RenderPage(p *Page) ([]byte, []*chart.Chart, error) {
	l, makeView := r.pages[p.Kind], views[p.Kind]
	if l == nil || makeView == nil {
		return nil, nil, &PageError{Page: p.FullPath(), Err: fmt.Errorf("no layout for kind %q", p.Kind)}
	}
	f := r.frame(p)
	v, err := makeView(f)
	if err != nil {
		return nil, nil, &PageError{Page: p.FullPath(), Err: err}
	}
	// Pages of a kind are much the same size: start the buffer at the size
	// of the last one, so that it does not grow, copying, page after page.
	hint := r.sizes[p.Kind]
	var buf bytes.Buffer
	buf.Grow(max(int(hint.Load())+4<<10, 16<<10))
	if err := l.t.ExecuteTemplate(&buf, p.Kind.Layout(), v); err != nil {
		return nil, nil, &PageError{Page: p.FullPath(), Err: err}
	}
	hint.Store(int64(buf.Len()))
	return buf.Bytes(), f.Charts, nil
}

// commonFuncs are the functions every layout may call; partialCached is
// the layouts' own (partials.go).
var commonFuncs = template.FuncMap{
	// option embeds a chart option, already escaped for HTML by chart.
	"option": func(c *Card) template.JS { return c.JSON },
	"add":    func(a, b int) int { return a + b },
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i
		}
		return s
	},
	"join": strings.Join,
	// slice2 passes a page and one more value to a partial.
	"slice2": func(a, b any) []any { return []any{a, b} },
	"base":   path.Base,
}
