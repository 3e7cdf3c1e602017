package build

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/export"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/internal/search"
	"github.com/townpress/townpress/third_party/echarts"
)

// The pages stage: every page of every language, and the files that go
// with them.

// renderAll renders every page on all cores, with what goes with the
// pages: the assets, robots.txt, the sitemaps, the search index and the
// indicator scripts.
func renderAll(r *render.Renderer, out output.Sink, progress func(done, total int)) (pages int, taken map[render.Kind]int, err error) {
	files, err := assetFiles(r)
	if err != nil {
		return 0, nil, err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := out.Put(name, files[name]); err != nil {
			return 0, nil, err
		}
	}
	// The search index, the indicator scripts and the sitemaps are made
	// while the pages render: made first, they kept one core idle for
	// seconds at national scale.
	var indexes sync.WaitGroup
	var indexErr error
	indexes.Go(func() {
		ix := search.New(r.Site)
		more := map[string][]byte{"assets/search-index.js": ix.Script()}
		for name, b := range ix.Shards() {
			more["assets/"+name] = b
		}
		for _, ind := range r.Site.Indicators {
			if indexErr = valueScripts(r, ind, out); indexErr != nil {
				return
			}
		}
		for name, b := range r.Sitemaps(r.Pages()) {
			more[name] = b
		}
		for _, name := range slices.Sorted(maps.Keys(more)) {
			if indexErr = out.Put(name, more[name]); indexErr != nil {
				return
			}
		}
	})
	// The downloads pages list file sizes, so they are rendered last, once
	// every file exists (see finishDownloads).
	list := slices.DeleteFunc(r.Pages(), func(p *render.Page) bool { return p.Kind == render.DownloadsPage })
	// Each page's HTML and chart data go out as soon as it is rendered, and
	// nothing of the page is kept: holding every page and chart of a
	// national site until the end took gigabytes. A town's pages in each
	// language are rendered one after the other, sharing what is the same
	// in every language (render.RenderOrder).
	var progressMu sync.Mutex
	done := 0
	taken = map[render.Kind]int{}
	err = eachIn(render.RenderOrder(list), func(i int) error {
		was, err := emitPage(r, list[i], out)
		progressMu.Lock()
		if was {
			taken[list[i].Kind]++
		}
		done++
		if progress != nil {
			progress(done, len(list))
		}
		progressMu.Unlock()
		return err
	})
	indexes.Wait()
	if err := errors.Join(pageErrors(err), indexErr); err != nil {
		return 0, nil, err
	}
	return len(list), taken, nil
}

// valueScripts hands out an indicator's value scripts under assets/
// (search.IndicatorScripts): made, or taken by their key
// (render.Renderer.ValuesKey) from the previous site.
func valueScripts(r *render.Renderer, ind *model.Indicator, out output.Sink) error {
	_, err := keyed(out, func() ([32]byte, bool) { return r.ValuesKey(ind) }, "assets/data/"+ind.ID, func(out output.Sink) error {
		files := search.IndicatorScripts(r.Site, ind)
		for _, name := range slices.Sorted(maps.Keys(files)) {
			if err := out.Put("assets/"+name, files[name]); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// A LayoutError is pages that could not be rendered, told once for each
// way they failed: a broken layout fails the same way on every page of its
// kind, which on a national site was 40,000 lines of one error.
type LayoutError struct {
	Failures []LayoutFailure
}

// A LayoutFailure is one error and the pages it stopped, in build order.
type LayoutFailure struct {
	Err   string
	Pages []string
}

func (e *LayoutError) Error() string { return e.In(diag.En) }

// In is the error in lang, a line for each failure.
func (e *LayoutError) In(lang diag.Lang) string {
	lines := make([]string, len(e.Failures))
	for i, f := range e.Failures {
		if len(f.Pages) == 1 {
			lines[i] = diag.Sprint(lang, diag.M("render %s: %s", "渲染 %s 出错：%s"), f.Pages[0], f.Err)
			continue
		}
		lines[i] = diag.Sprint(lang, diag.M("render: %s (%d pages, the first %s)", "渲染出错：%s（共 %d 个页面，第一个为 %s）"), f.Err, len(f.Pages), f.Pages[0])
	}
	return strings.Join(lines, "\n")
}

// pageErrors makes the errors of the page pool, when every one is a page
// that failed to render, a LayoutError; other errors (an output that
// cannot be written) stay as they are.
func pageErrors(err error) error {
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	le := &LayoutError{}
	at := map[string]int{}
	for _, e := range errs {
		var pe *render.PageError
		if !errors.As(e, &pe) {
			return err
		}
		msg := pe.Err.Error()
		i, ok := at[msg]
		if !ok {
			i = len(le.Failures)
			at[msg] = i
			le.Failures = append(le.Failures, LayoutFailure{Err: msg})
		}
		le.Failures[i].Pages = append(le.Failures[i].Pages, pe.Page)
	}
	return le
}

// assetFiles are the files every page loads and no input but the layouts
// and the config changes: the ECharts bundle, the site's CSS and scripts,
// the icon, and robots.txt.
func assetFiles(r *render.Renderer) (map[string][]byte, error) {
	files := map[string][]byte{}
	for name, b := range echarts.Files(r.Site.Config.Site.ECharts == "full") {
		files["assets/"+name] = b
	}
	if r.Site.Config.HasMap() && r.Site.Config.Site.ECharts != "full" {
		// The map page draws with the whole library: the lite bundle
		// has no maps. Other pages keep the lite one.
		files["assets/"+render.FullEChartsFile] = echarts.MinJS
	}
	for _, name := range []string{"townpress.css", "townpress.js", "explore.js", "favicon.svg"} {
		b, err := r.ReadLayout("assets/" + name)
		if err != nil {
			return nil, fmt.Errorf("layouts: %w", err)
		}
		files["assets/"+name] = b
	}
	files["robots.txt"] = r.Robots()
	return files, nil
}

// emitPage hands out p's HTML, its charts' data files and its share
// panels' QR code: rendered, or taken from the previous site when its key
// (render.Renderer.PageKey) is the previous build's, which it reports.
func emitPage(r *render.Renderer, p *render.Page, out output.Sink) (taken bool, err error) {
	return keyed(out, func() ([32]byte, bool) { return r.PageKey(p) }, p.FullPath(), func(out output.Sink) error { return makePage(r, p, out) })
}

// keyed hands out the files make makes, named what in errors: made, or
// taken from the previous site when out can take files by their key
// (output.KeySink) and key gives the previous build's; it reports which.
// A key that cannot be made (false) makes the files.
func keyed(out output.Sink, key func() ([32]byte, bool), what string, make func(output.Sink) error) (taken bool, err error) {
	ks, ok := out.(output.KeySink)
	if !ok {
		return false, make(out)
	}
	k, ok := key()
	if !ok {
		return false, make(out)
	}
	if files, ok := ks.Reuse(k); ok {
		if CheckKeys {
			return true, checkKeyed(what, files, make)
		}
		return true, nil
	}
	rec := &recorder{Sink: out}
	if err := make(rec); err != nil {
		return false, err
	}
	ks.Keep(k, rec.names...)
	return false, nil
}

// CheckKeys makes every keyed file anyway and fails the build on one whose
// bytes differ from the file its key took from the previous site: a key
// that missed an input. The environment's TOWNPRESS_CHECK_KEYS=1 sets it;
// the tests of keys do.
var CheckKeys = os.Getenv("TOWNPRESS_CHECK_KEYS") == "1"

// checkKeyed makes again with make the files taken by a key for what,
// and fails unless they are the same files, byte for byte.
func checkKeyed(what string, taken []output.File, make func(output.Sink) error) error {
	fresh := output.NewMemory()
	if err := make(fresh); err != nil {
		return err
	}
	var diffs []string
	for _, f := range taken {
		b, ok := fresh.Files[f.Name]
		if !ok {
			diffs = append(diffs, f.Name+" (no longer made)")
		} else if sha256.Sum256(b) != f.Sum {
			diffs = append(diffs, f.Name)
		}
		delete(fresh.Files, f.Name)
	}
	for _, name := range slices.Sorted(maps.Keys(fresh.Files)) {
		diffs = append(diffs, name+" (made now, not taken)")
	}
	if len(diffs) > 0 {
		return fmt.Errorf("%s: the key took files that differ from what it makes now: %s", what, strings.Join(diffs, ", "))
	}
	return nil
}

// recorder is a sink that notes the names put through it.
type recorder struct {
	output.Sink
	mu    sync.Mutex
	names []string
}

func (r *recorder) Put(name string, b []byte) error {
	r.mu.Lock()
	r.names = append(r.names, name)
	r.mu.Unlock()
	return r.Sink.Put(name, b)
}

// makePage renders p and hands out its files.
func makePage(r *render.Renderer, p *render.Page, out output.Sink) error {
	b, charts, err := r.RenderPage(p)
	if err == nil {
		err = out.Put(p.FullPath(), b)
	}
	if err == nil && r.Site.Config.WantChartFiles() {
		err = chartFiles(r.Site, p, charts, out)
	}
	if url := r.PageURL(p); err == nil && url != "" && len(charts) > 0 && p.Shares() {
		// The share panels' QR code of the page's address.
		var qr []byte
		if qr, err = render.QRSVG(url); err == nil {
			err = out.Put(path.Join(path.Dir(p.FullPath()), render.QRFile), qr)
		}
	}
	return err
}

// chartFiles writes, next to a page, each chart's numbers as CSV and a
// small JSON saying what they are, for readers who want a chart's data
// without the whole dataset.
func chartFiles(site *model.Site, p *render.Page, charts []*chart.Chart, out output.Sink) error {
	dir := path.Dir(p.FullPath())
	// A sample site's chart CSV says so on every row, in a last column,
	// as the dataset's CSV files do: forwarded alone it keeps the mark.
	mark := ""
	if site.Config.Site.SampleData {
		mark = p.Lang.T("sample_data")
	}
	for _, c := range charts {
		csvPath, metaPath := path.Join(dir, c.ID+".csv"), path.Join(dir, c.ID+".json")
		head := chartColumns(c)
		rows := make([][]string, len(c.Table.Rows))
		for i, r := range c.Table.Rows {
			rows[i] = append([]string{r.Header}, r.Data...)
			if mark != "" {
				rows[i] = append(rows[i], mark)
			}
		}
		if mark != "" {
			head = append(slices.Clip(head), p.Lang.T("wb_note_col"))
		}
		meta, err := chartMeta(site, p, c, head)
		if err != nil {
			return err
		}
		for name, b := range map[string][]byte{csvPath: export.Records(head, rows), metaPath: meta} {
			if err := out.Put(name, b); errors.Is(err, output.ErrTaken) {
				return fmt.Errorf("chart data %s: two charts write the same file", name)
			} else if err != nil {
				return err
			}
		}
	}
	return nil
}

// chartColumns are the columns of a chart's data file: its table's, or
// where the data splits a cell (a coverage of 12/13 is two numbers), its
// own.
func chartColumns(c *chart.Chart) []string {
	if c.Table.DataHead != nil {
		return c.Table.DataHead
	}
	return c.Table.Head
}

func chartMeta(site *model.Site, p *render.Page, c *chart.Chart, columns []string) ([]byte, error) {
	cfg, lang := site.Config.Site, p.Lang
	var notes []string
	if cfg.SampleData {
		notes = append(notes, lang.T("sample_data")+": "+lang.T("sample_data_note"))
	}
	if n := lang.Pick(cfg.Note, cfg.NoteEn); n != "" {
		notes = append(notes, n)
	}
	notes = append(notes, lang.T("note_missing"))
	notes = append(notes, c.Footnotes...)
	meta := struct {
		Title      string   `json:"title"`
		Unit       string   `json:"unit"`
		Decimals   int      `json:"decimals"`
		Source     string   `json:"source"`
		SampleData bool     `json:"sample_data"`
		Notes      []string `json:"notes"`
		Language   string   `json:"language"`
		Data       string   `json:"data"`
		Page       string   `json:"page"`
		Columns    []string `json:"columns"`
	}{c.Title, c.Unit, c.Decimals, c.Source, cfg.SampleData, notes, lang.Code, c.ID + ".csv", path.Base(p.FullPath()), columns}
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.ID, err)
	}
	return append(b, '\n'), nil
}
