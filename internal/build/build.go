// Package build runs the whole pipeline, a stage after another:
//
//  1. the output folder: its lock taken, what killed builds left
//     repaired (output.Open);
//  2. read: config.toml and the workbooks (config, source);
//  3. model: towns, series, totals, targets (model), and the renderer
//     with the layouts (render);
//  4. pages (pages.go: every page, with its charts' data files, the
//     assets, sitemaps and search index) and downloads (downloads.go: the
//     workbooks, CSV and JSON), at the same time on all cores (pool.go),
//     each file handed to the staging folder as it is made
//     (output.Staging, whose writers write it);
//  5. finish: the checksums and the downloads pages, which list every
//     file's size; with -pdf, the report PDFs (pdf.go);
//  6. the swap: the staged folder replaces the output whole
//     (output.Staging.Swap), so a failed build never leaves a
//     half-written site.
//
// Problems stop the build between stages, all of them listed.
package build

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/release"
	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/internal/sitefs"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/layouts"
)

// Options say what to build and where.
type Options struct {
	Config  string // path of config.toml; its folder is the site folder
	Out     string // output folder, relative to the working directory; default "public"
	BaseURL string // overrides site.base_url when set
	Strict  bool   // warnings stop the build as errors do

	// Progress, when set, is called as pages are rendered, from several
	// goroutines but never at the same time; done counts up to total.
	Progress func(done, total int)

	// Waiting, when set, is told when another build holds the output
	// folder's lock and this one waits for it; msg says which process.
	Waiting func(msg diag.Text)

	// PDF prints every report page to downloads/report-<year>.pdf with
	// headless Chromium (Build only; Render ignores it): Chromium names the
	// program, else browser.Find looks for one. Without a Chromium the build
	// succeeds without PDFs and says so in Result.PDFSkipped.
	PDF      bool
	Chromium string
	// Images makes, with the same Chromium, a PNG and an SVG of every
	// chart next to its page and each page's share card (its og:image);
	// without a Chromium the build succeeds without them and says so in
	// Result.ImagesSkipped.
	Images bool

	// ReadCache, when set, gives the records of sheets whose inputs are
	// the previous read's, and keeps this read's (serve keeps one in
	// memory between its builds; Build keeps one beside the output
	// folder). See source.ReadCache.
	ReadCache *source.ReadCache
	// readCachePath is where Build keeps the read cache.
	readCachePath string

	// next marks the build a release makes of itself (Release): its
	// figures are marked revised against the latest release, whatever
	// they are.
	next bool
	// keepData keeps what was read in Result, for Compare's cells.
	keepData bool
}

// Result summarises a build.
type Result struct {
	Site     *model.Site
	Problems diag.List          // warnings (errors make Build fail)
	Sheets   []source.SheetInfo // what was read from each sheet, for check -explain and serve's /__townpress/explain
	Pages    int
	Files    int
	// Unchanged is how many of the files were the same bytes as the
	// previous build's in the output folder and were linked from it, not
	// written (Build only; see the output package's manifest).
	Unchanged int
	// PagesTaken is how many of the pages were taken from the previous
	// site by their key (output.Key), not rendered; Taken counts them by
	// kind.
	PagesTaken int
	Taken      map[render.Kind]int
	// Downloads is how many downloads exportAll handed out (the report
	// PDFs and checksums aside); DownloadsTaken how many of them were
	// taken from the previous site by their key, not made.
	Downloads, DownloadsTaken int
	// SheetsRead is how many sheets were read; SheetsTaken how many of
	// them were taken from the read cache (Options.ReadCache), not parsed.
	SheetsRead, SheetsTaken int
	Bytes                   int64
	Elapsed                 time.Duration
	PDFs                    []string // the report PDFs printed
	// PDFSkipped says why -pdf printed nothing (no Chromium found); empty
	// when PDFs were printed or not asked for.
	PDFSkipped string
	// PDFFailed lists the reports whose PDF could not be printed, each
	// with its page and why ("reports/2024/index.html: no progress for
	// 1m0s while drawing its charts (3 of 12 drawn)"). The site is built
	// without those PDFs and without links to them.
	PDFFailed []string
	// Images counts the image files -images made; ImagesSkipped says why
	// it made none (no Chromium), ImagesFailed which pages' images could
	// not be made and why.
	Images        int
	ImagesSkipped string
	ImagesFailed  []string
	// Stages is how long each stage took, in order: read, model, pages and
	// downloads (at the same time), finish (the downloads pages, checksums
	// and the swap into place), then pdf with -pdf.
	Stages []Stage
	// Releases are the site's releases (the store beside data/), which
	// release the site's figures are, and what they are marked revised
	// against; pages take their release data from it.
	Releases *release.Archive

	start     time.Time
	data      *source.Data        // what was read, with Options.keepData
	last      time.Time           // when the last stage ended
	in        *sitefs.FS          // the site folder, open while the site is made
	reads     *source.ReadCache   // the read cache used, saved after the swap
	renderer  *render.Renderer    // for printing the reports and listing the PDFs
	downloads []render.Download   // what the downloads pages list
	sums      map[string][32]byte // SHA-256 of each download, by path
}

// A Stage is one step of the build and its wall-clock time.
type Stage struct {
	Name string
	Took time.Duration
	// Parallel says the stage ran at the same time as the one before it,
	// both starting together: their times overlap and do not add up.
	Parallel bool
}

// lap records the stage that ran since the last lap (or since start).
func (res *Result) lap(name string) {
	if res.last.IsZero() {
		res.last = res.start
	}
	now := time.Now()
	res.Stages = append(res.Stages, Stage{Name: name, Took: now.Sub(res.last)})
	res.last = now
}

// ProblemsError is returned when the input has errors; it lists all of them.
// With Strict, the list holds warnings that -strict turned into errors.
type ProblemsError struct {
	Problems diag.List
	Strict   bool
}

func (e *ProblemsError) Error() string {
	n, w := e.Problems.Count()
	if e.Strict {
		return fmt.Sprintf("%d error(s) and %d warning(s) in the input (-strict)", n, w)
	}
	return fmt.Sprintf("%d error(s) in the input", n)
}

// Load reads the config and the spreadsheets and builds the model. Input
// problems come back as a *ProblemsError listing all of them.
func Load(configPath string) (*model.Site, diag.List, error) {
	in, name, err := openSite(configPath)
	if err != nil {
		return nil, nil, err
	}
	defer in.Close()
	return load(in, name, func(string) {}, nil)
}

// LoadExplain is Load that also returns what was read from every sheet
// (check -explain), also when the input has errors.
func LoadExplain(configPath string) (*model.Site, []source.SheetInfo, diag.List, error) {
	in, name, err := openSite(configPath)
	if err != nil {
		return nil, nil, nil, err
	}
	defer in.Close()
	var sheets []source.SheetInfo
	site, problems, err := load(in, name, func(string) {}, &sheets)
	return site, sheets, problems, err
}

// load is Load from the open site folder, whose config is name; lap is
// called after reading and after the model.
func load(in *sitefs.FS, name string, lap func(stage string), sheets *[]source.SheetInfo) (*model.Site, diag.List, error) {
	site, problems, _, err := loadData(in, name, lap, sheets, nil)
	return site, problems, err
}

// loadData is load that also returns what was read from the workbooks,
// taking sheets from reads when it is set.
func loadData(in *sitefs.FS, name string, lap func(stage string), sheets *[]source.SheetInfo, reads *source.ReadCache) (*model.Site, diag.List, *source.Data, error) {
	cfg, problems, err := config.Load(configFiles(in), name)
	if err != nil {
		return nil, nil, nil, err
	}
	if problems.HasErrors() {
		problems.Sort()
		return nil, problems, nil, &ProblemsError{Problems: problems}
	}
	data, readProblems := source.ReadWith(in, cfg, source.ReadOptions{Cache: reads, Program: programSum(), Check: CheckKeys})
	lap("read")
	if sheets != nil {
		*sheets = data.Sheets
	}
	problems = append(problems, readProblems...)
	if problems.HasErrors() {
		problems.Sort()
		return nil, problems, nil, &ProblemsError{Problems: problems}
	}
	site, modelProblems := model.New(cfg, data)
	lap("model")
	problems = append(problems, modelProblems...)
	if !problems.HasErrors() {
		problems = append(problems, checkNarratives(in, site)...)
		_, mapProblems := baseMap(in, site)
		problems = append(problems, mapProblems...)
	}
	problems.Sort()
	if problems.HasErrors() {
		return nil, problems, nil, &ProblemsError{Problems: problems}
	}
	return site, problems, data, nil
}

// Build builds the site into opts.Out. On any error the output folder is
// left as it was.
//
// Every file is written into the temporary folder as soon as it is made,
// so a national site's pages never sit in memory all together.
//
// With opts.PDF the site is written to its temporary folder first, the
// report pages are printed from there, and the checksums and downloads
// pages are made again to list the PDFs; only then is the folder swapped
// in, so the PDFs are part of the site like every other download.
//
// The build holds the output folder's lock (see output.Open) from the start:
// a second build into the same folder waits. With the lock taken, a
// previous site that a killed build left moved aside is put back first,
// and what killed builds left is removed.
func Build(opts Options) (res *Result, err error) {
	if opts.Out == "" {
		opts.Out = "public"
	}
	outErr := func(err error) error { return &OutputError{Out: opts.Out, Err: err} }
	// A folder that holds the site itself is refused before anything is
	// made beside it; the full check comes once the config is read.
	if err := output.CheckContains(opts.Out, configOrDefault(opts.Config), ""); err != nil {
		return nil, err
	}
	dst, err := output.Open(opts.Out, opts.waiting)
	if err != nil {
		return nil, outErr(err)
	}
	defer dst.Close()
	if opts.ReadCache == nil {
		opts.readCachePath = dst.ReadCachePath()
	}

	chromium := ""
	if opts.PDF || opts.Images {
		chromium = opts.Chromium
		if chromium == "" {
			chromium = browser.Find()
		}
	}
	res, err = prepare(opts, opts.PDF && chromium != "", opts.Images && chromium != "")
	if err != nil {
		return res, err
	}
	defer res.in.Close()
	if err := output.Check(opts.Out, opts.Config, res.Site.Config.Site.DataDir); err != nil {
		return nil, err
	}
	if opts.PDF && chromium == "" {
		res.PDFSkipped = "no Chromium found (looked for $TOWNPRESS_CHROMIUM, then chromium, chromium-browser and google-chrome on PATH); install it (apt-get install chromium) or name it with -chromium PATH, then build again with -pdf"
	}
	if opts.Images && chromium == "" {
		res.ImagesSkipped = "no Chromium found (looked for $TOWNPRESS_CHROMIUM, then chromium, chromium-browser and google-chrome on PATH); install it (apt-get install chromium) or name it with -chromium PATH, then build again with -images"
	}
	st, err := dst.Stage()
	if err != nil {
		return nil, outErr(err)
	}
	defer st.Discard()
	// A write that failed makes every later one fail the same way (a full
	// disk): the first one is the error, once.
	defer func() {
		if werr := st.FirstError(); err != nil && werr != nil {
			res, err = nil, outErr(werr)
		}
	}()
	// The marker first: a build killed from here on leaves a staging
	// folder known for a site's, which the next build may recycle
	// (output.CleanLeftovers).
	if err := st.Put(output.Marker, []byte(output.MarkerContent)); err != nil {
		return nil, err
	}
	// The pages' folders are made ahead of them, in the order they are
	// rendered (see output.Staging.MakeFolders).
	pages := res.renderer.Pages()
	names := make([]string, 0, len(pages))
	for _, i := range render.RenderOrder(pages) {
		names = append(names, pages[i].FullPath())
	}
	st.MakeFolders(names)
	if err := res.emit(st, opts.Progress); err != nil {
		return nil, err
	}
	if chromium != "" {
		// Chromium reads the pages from the staged folder, which must
		// then hold nothing of the spare it was recycled from.
		if err := st.Prune(); err != nil {
			return nil, outErr(err)
		}
		res.lap("finish")
	}
	if chromium != "" && opts.Images {
		images, failed := makeImages(chromium, st.Dir(), res.renderer)
		res.ImagesFailed = failed
		for _, name := range slices.Sorted(maps.Keys(images)) {
			if err := st.Put(name, images[name]); err != nil {
				return nil, err
			}
		}
		res.Images = len(images)
		res.lap("images")
	}
	if chromium != "" && opts.PDF {
		if err := res.printPDFs(st, chromium); err != nil {
			return nil, err
		}
	}
	if err := st.Swap(); err != nil {
		return nil, outErr(err)
	}
	if opts.readCachePath != "" {
		// After the swap, under the lock, as the manifest. A cache that
		// cannot be written leaves the previous one, whose keys are of
		// the inputs and stay true; the next build parses more.
		res.reads.Save(opts.readCachePath)
	}
	switch {
	case chromium != "" && opts.PDF:
		res.lap("pdf")
	case chromium == "":
		res.lap("finish")
	}
	res.Files, res.Bytes = st.Totals()
	res.Unchanged = st.Reused()
	res.Elapsed = time.Since(res.start)
	return res, nil
}

// waiting tells opts.Waiting, if set, that another build holds the output
// folder's lock (pid is that build's process, 0 if unknown).
func (opts Options) waiting(pid int) {
	if opts.Waiting == nil {
		return
	}
	folder := strings.TrimSuffix(opts.Out, string(filepath.Separator)) + string(filepath.Separator)
	if pid > 0 {
		opts.Waiting(diag.M("another build is writing %s (pid %d); waiting…", "另一个构建正在写入 %s（进程 %d）；等待中…").Text(folder, pid))
	} else {
		opts.Waiting(diag.M("another build is writing %s; waiting…", "另一个构建正在写入 %s；等待中…").Text(folder))
	}
}

// printPDFs prints the report pages from the flushed staged folder to PDFs with
// chromium and puts them in the site, with the checksums and downloads
// pages made again to list them; report pages whose PDF could not be
// printed are made again without the link.
func (res *Result) printPDFs(st *output.Staging, chromium string) error {
	pdfs, printed, failed := printReports(chromium, st.Dir(), res.renderer)
	res.PDFFailed = failed
	if len(failed) > 0 {
		again, err := withoutPDFs(res.renderer, printed)
		if err != nil {
			return err
		}
		if err := st.Write(again); err != nil {
			return err
		}
	}
	for _, d := range pdfs {
		if err := st.Put(d.Path, printed[d.Path]); err != nil {
			return err
		}
		res.sums[d.Path] = sha256.Sum256(printed[d.Path])
		res.PDFs = append(res.PDFs, d.Path)
	}
	more, err := finishDownloads(res.renderer, append(res.downloads, pdfs...), res.sums)
	if err != nil {
		return err
	}
	// The downloads pages and checksums written before are replaced.
	return st.Write(more)
}

// Render builds the site in memory: every output file by its slash-separated
// path. serve keeps it there; Build writes each file out as it is made.
// opts.Out and opts.PDF are not used.
func Render(opts Options) (*Result, map[string][]byte, error) {
	d, err := Prepare(opts)
	if err != nil {
		return d.Result(), nil, err
	}
	return d.All()
}

// prepare reads the input and makes the renderer; pdf says the report PDFs
// will be printed, so the pages link to them. On success res.in is the
// open site folder, which the caller closes once every file is made.
func prepare(opts Options, pdf, images bool) (res *Result, err error) {
	res = &Result{start: time.Now()}
	// The program's digest, which keys start from, is read while the
	// workbooks are: a few tens of milliseconds, a tenth of the sample
	// site's build.
	go programSum()
	in, name, err := openSite(configOrDefault(opts.Config))
	if err != nil {
		return res, err
	}
	defer func() {
		if err != nil {
			in.Close()
		}
	}()
	// The layouts are parsed while the workbooks are read; an error of
	// theirs is reported after the workbooks', as when they came after.
	type parsed struct {
		r   *render.Renderer
		err error
	}
	layoutsParsed := make(chan parsed, 1)
	go func() {
		own, err := ownLayouts(in)
		if err != nil {
			layoutsParsed <- parsed{err: err}
			return
		}
		r, err := render.Parse(layouts.FS, own)
		layoutsParsed <- parsed{r, err}
	}()
	reads := opts.ReadCache
	if opts.readCachePath != "" {
		reads = source.LoadReadCache(opts.readCachePath)
	}
	site, problems, data, err := loadData(in, name, res.lap, &res.Sheets, reads)
	p := <-layoutsParsed
	if err != nil {
		return &Result{Problems: problems, Sheets: res.Sheets}, err
	}
	if opts.Strict && len(problems) > 0 {
		// Under -strict a warning is an error: report them as such.
		return &Result{Problems: problems, Sheets: res.Sheets}, &ProblemsError{Problems: problems, Strict: true}
	}
	if opts.BaseURL != "" {
		base, err := config.CleanBaseURL(opts.BaseURL)
		if err != nil {
			return &Result{Problems: problems}, &config.LangError{Text: diag.M("-base-url: %v", "-base-url：%v").Text(err)}
		}
		site.Config.Site.BaseURL = base
	}
	if p.err != nil {
		return nil, p.err
	}
	r := p.r
	if err := r.Bind(site); err != nil {
		return nil, err
	}
	r.Data = narratives(in, site.Config.Site.DataDir)
	r.BaseMap, _ = baseMap(in, site) // checked by loadData
	r.PDF = pdf
	r.Images = images
	defer func() {
		// Keys are made once the releases have marked the figures.
		if err == nil {
			r.SetInputKey(inputKey(opts, in, name, site, r.BaseMap, pdf, images))
		}
	}()
	// The releases come before any page or file: the figures they mark
	// revised are marked in every output.
	archive, storeProblems := openReleases(opts, site, r)
	problems = append(problems, storeProblems...)
	problems.Sort()
	if storeProblems.HasErrors() {
		return &Result{Problems: problems, Sheets: res.Sheets}, &ProblemsError{Problems: problems}
	}
	// From here the renderer lists the releases' own pages too, and pages
	// of figures say which release they are.
	r.SetReleases(archive)
	if opts.keepData {
		res.data = data
	}
	res.Site, res.Problems, res.renderer, res.in, res.Releases = site, problems, r, in, archive
	res.SheetsRead, res.SheetsTaken, res.reads = len(data.Sheets), data.SheetsTaken, reads
	return res, nil
}

func configOrDefault(path string) string {
	if path == "" {
		return "config.toml"
	}
	return path
}

// emit makes every file of the site and hands each to out as soon as it is
// made. It sets res.Pages and what the downloads pages list.
func (res *Result) emit(out output.Sink, progress func(done, total int)) error {
	r := res.renderer
	// Pages and downloads are made at the same time: the dataset workbook
	// is one long job, and made after the pages it kept one core busy
	// while the other had nothing left to do.
	var (
		wg                sync.WaitGroup
		pages             int
		list              []render.Download
		sums              map[string][32]byte
		pageErr, dlErr    error
		pagesTook, dlTook time.Duration
	)
	begin := time.Now()
	wg.Go(func() {
		pages, res.Taken, pageErr = renderAll(r, out, progress)
		for _, n := range res.Taken {
			res.PagesTaken += n
		}
		pagesTook = time.Since(begin)
	})
	wg.Go(func() {
		list, sums, res.DownloadsTaken, dlErr = exportAll(r, out)
		res.Downloads = len(list)
		dlTook = time.Since(begin)
	})
	wg.Wait()
	if err := errors.Join(pageErr, dlErr); err != nil {
		return err
	}
	res.Stages = append(res.Stages, Stage{Name: "pages", Took: pagesTook}, Stage{Name: "downloads", Took: dlTook, Parallel: true})
	if err := res.Releases.Publish(out.Put); err != nil {
		return err
	}
	res.last = begin.Add(max(pagesTook, dlTook))
	more, err := finishDownloads(r, list, sums)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(more)) {
		if err := out.Put(name, more[name]); err != nil {
			return err
		}
		if strings.HasSuffix(name, ".html") {
			pages++
		}
	}
	res.Pages, res.downloads, res.sums = pages, list, sums
	return nil
}

// OutputError is a failure to write the output folder — a full disk, a
// folder without permission, a lock that cannot be taken — rather than a
// problem in the input. It carries the first such failure only: once the
// disk is full every later write fails the same way.
type OutputError struct {
	Out string // the output folder, as -out names it
	Err error
}

func (e *OutputError) Error() string { return e.In(diag.En) }

// In is the error in lang; the system's own words (no space left on
// device) stay as it gives them.
func (e *OutputError) In(lang diag.Lang) string {
	return diag.Sprint(lang, diag.M("cannot write %s: %v", "无法写入 %s：%v"), e.Out, e.Err)
}
func (e *OutputError) Unwrap() error { return e.Err }
