package build

import (
	"time"

	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/render"
)

// A Draft is a site read and ready to render, in memory: a few pages at
// once (Page), then all of it (All). serve renders the pages open in the
// author's browser first, so a tab reloads as soon as its own page is
// made, while the rest of the site is still rendering.
type Draft struct {
	res      *Result
	progress func(done, total int)
	pages    map[string]*render.Page // by FullPath
}

// Prepare reads the site's config and workbooks and makes its renderer,
// as Render does before it renders. On an error the Draft still gives the
// Result with the problems found (Result), and nothing else.
func Prepare(opts Options) (*Draft, error) {
	res, err := prepare(opts, false, false)
	if err != nil {
		return &Draft{res: res}, err
	}
	return &Draft{res: res, progress: opts.Progress}, nil
}

// Result is what was read and, after All, what was made.
func (d *Draft) Result() *Result { return d.res }

// Page renders the page whose output path is name ("towns/x/index.html",
// "en/index.html") and the files that go with it: its charts' data and
// its QR code. ok is false when no page has that path, or when it is a
// downloads page, which lists the sizes of files only All makes.
func (d *Draft) Page(name string) (files map[string][]byte, ok bool, err error) {
	r := d.res.renderer
	if d.pages == nil {
		d.pages = map[string]*render.Page{}
		for _, p := range r.Pages() {
			if p.Kind != render.DownloadsPage {
				d.pages[p.FullPath()] = p
			}
		}
	}
	p, ok := d.pages[name]
	if !ok {
		return nil, false, nil
	}
	mem := output.NewMemory()
	if _, err := emitPage(r, p, mem); err != nil {
		return nil, true, err
	}
	return mem.Files, true, nil
}

// Assets are the files every page loads that only the layouts and the
// config change (the CSS, the scripts, ECharts): a page rendered by Page
// needs them to be seen.
func (d *Draft) Assets() (map[string][]byte, error) { return assetFiles(d.res.renderer) }

// All renders the whole site, as Render does, and closes the site folder:
// the Draft is done with.
func (d *Draft) All() (*Result, map[string][]byte, error) {
	res, mem, err := d.AllFrom(nil)
	if err != nil {
		return nil, nil, err
	}
	return res, mem.Files, nil
}

// AllFrom is All that takes the files whose inputs did not change (their
// key, output.Key) from prev, the site an earlier AllFrom made, instead of
// making them: serve's builds after a save render only what the save
// reaches. prev may be nil.
func (d *Draft) AllFrom(prev *output.KeyedMemory) (*Result, *output.KeyedMemory, error) {
	res := d.res
	defer res.in.Close()
	mem := output.NewKeyedMemory(prev)
	if err := res.emit(mem, d.progress); err != nil {
		return nil, nil, err
	}
	mem.Forget()
	for _, b := range mem.Files {
		res.Bytes += int64(len(b))
	}
	res.Files = len(mem.Files)
	res.Elapsed = time.Since(res.start)
	return res, mem, nil
}
