// Package build runs the whole pipeline, a stage after another:
//
//  1. read: config.toml and the workbooks (config, source);
//  2. model: towns, series, totals, targets (model), and the renderer
//     with the layouts (render);
//  3. pages (pages.go: every page, with its charts' data files, the
//     assets, sitemaps and search index) and downloads (downloads.go: the
//     workbooks, CSV and JSON), at the same time on all cores (pool.go);
//  4. finish: the checksums and the downloads pages, which list every
//     file's size; with -pdf, the report PDFs (pdf.go);
//  5. the swap: every file went into a temporary folder beside the output
//     as it was made (staging, below), and the folder replaces the output
//     whole (out.go, stream.go), so a failed build never leaves a
//     half-written site.
//
// Problems stop the build between stages, all of them listed.
package build

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
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
	Bytes    int64
	Elapsed  time.Duration
	PDFs     []string // the report PDFs printed
	// PDFSkipped says why -pdf printed nothing (no Chromium found); empty
	// when PDFs were printed or not asked for.
	PDFSkipped string
	// PDFFailed lists the reports whose PDF could not be printed, each
	// with its page and why ("reports/2024/index.html: no progress for
	// 1m0s while drawing its charts (3 of 12 drawn)"). The site is built
	// without those PDFs and without links to them.
	PDFFailed []string
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
	site, problems, _, err := loadData(in, name, lap, sheets)
	return site, problems, err
}

// loadData is load that also returns what was read from the workbooks.
func loadData(in *sitefs.FS, name string, lap func(stage string), sheets *[]source.SheetInfo) (*model.Site, diag.List, *source.Data, error) {
	cfg, problems, err := config.Load(configFiles(in), name)
	if err != nil {
		return nil, nil, nil, err
	}
	if problems.HasErrors() {
		problems.Sort()
		return nil, problems, nil, &ProblemsError{Problems: problems}
	}
	data, readProblems := source.Read(in, cfg)
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
// The build holds the output folder's lock (see outLock) from the start:
// a second build into the same folder waits. With the lock taken, a
// previous site that a killed build left moved aside is put back first,
// and what killed builds left is removed.
func Build(opts Options) (res *Result, err error) {
	if opts.Out == "" {
		opts.Out = "public"
	}
	out := filepath.Clean(opts.Out)
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	outErr := func(err error) error { return &OutputError{Out: opts.Out, Err: err} }
	// A folder that holds the site itself is refused before anything is
	// made beside it; the full check comes once the config is read.
	if err := checkContains(opts.Out, configOrDefault(opts.Config), ""); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, outErr(err)
	}
	lock, err := lockOut(parent, base, func(pid int) {
		if opts.Waiting != nil {
			folder := strings.TrimSuffix(opts.Out, string(filepath.Separator)) + string(filepath.Separator)
			if pid > 0 {
				opts.Waiting(diag.M("another build is writing %s (pid %d); waiting…", "另一个构建正在写入 %s（进程 %d）；等待中…").Text(folder, pid))
			} else {
				opts.Waiting(diag.M("another build is writing %s; waiting…", "另一个构建正在写入 %s；等待中…").Text(folder))
			}
		}
	})
	if err != nil {
		return nil, outErr(err)
	}
	defer lock.unlock()
	if err := recoverOut(parent, base); err != nil {
		return nil, outErr(err)
	}
	cleanLeftovers(parent, base)

	chromium := ""
	if opts.PDF {
		chromium = opts.Chromium
		if chromium == "" {
			chromium = browser.Find()
		}
	}
	res, err = prepare(opts, chromium != "")
	if err != nil {
		return res, err
	}
	defer res.in.Close()
	if err := checkOut(opts.Out, opts.Config, res.Site.Config.Site.DataDir); err != nil {
		return nil, err
	}
	if opts.PDF && chromium == "" {
		res.PDFSkipped = "no Chromium found (looked for $TOWNPRESS_CHROMIUM, then chromium, chromium-browser and google-chrome on PATH); install it (apt-get install chromium) or name it with -chromium PATH, then build again with -pdf"
	}
	st, err := stage(opts.Out)
	if err != nil {
		return nil, outErr(err)
	}
	defer st.discard()
	// A write that failed makes every later one fail the same way (a full
	// disk): the first one is the error, once.
	defer func() {
		if werr := st.firstError(); err != nil && werr != nil {
			res, err = nil, outErr(werr)
		}
	}()
	if err := res.emit(st, opts.Progress); err != nil {
		return nil, err
	}
	if err := st.put(marker, []byte(markerContent)); err != nil {
		return nil, err
	}
	if chromium != "" {
		// Chromium reads the report pages from the staged folder.
		if err := st.flush(); err != nil {
			return nil, err
		}
		res.lap("finish")
		pdfs, printed, failed := printReports(chromium, st.dir, res.renderer)
		res.PDFFailed = failed
		if len(failed) > 0 {
			// The report pages and lists that link to a PDF that was not
			// printed are made again without the link.
			again, err := withoutPDFs(res.renderer, printed)
			if err != nil {
				return nil, err
			}
			if err := st.write(again); err != nil {
				return nil, err
			}
		}
		for _, d := range pdfs {
			if err := st.put(d.Path, printed[d.Path]); err != nil {
				return nil, err
			}
			res.sums[d.Path] = sha256.Sum256(printed[d.Path])
			res.PDFs = append(res.PDFs, d.Path)
		}
		more, err := finishDownloads(res.renderer, append(res.downloads, pdfs...), res.sums)
		if err != nil {
			return nil, err
		}
		// The downloads pages and checksums written before are replaced.
		if err := st.write(more); err != nil {
			return nil, err
		}
	}
	if err := st.swap(); err != nil {
		return nil, outErr(err)
	}
	if chromium != "" {
		res.lap("pdf")
	} else {
		res.lap("finish")
	}
	res.Files, res.Bytes = st.totals()
	res.Elapsed = time.Since(res.start)
	return res, nil
}

// Render builds the site in memory: every output file by its slash-separated
// path. serve keeps it there; Build writes each file out as it is made.
// opts.Out and opts.PDF are not used.
func Render(opts Options) (*Result, map[string][]byte, error) {
	res, err := prepare(opts, false)
	if err != nil {
		return res, nil, err
	}
	defer res.in.Close()
	mem := &memory{files: map[string][]byte{}}
	if err := res.emit(mem, opts.Progress); err != nil {
		return nil, nil, err
	}
	for _, b := range mem.files {
		res.Bytes += int64(len(b))
	}
	res.Files = len(mem.files)
	res.Elapsed = time.Since(res.start)
	return res, mem.files, nil
}

// prepare reads the input and makes the renderer; pdf says the report PDFs
// will be printed, so the pages link to them. On success res.in is the
// open site folder, which the caller closes once every file is made.
func prepare(opts Options, pdf bool) (res *Result, err error) {
	res = &Result{start: time.Now()}
	in, name, err := openSite(configOrDefault(opts.Config))
	if err != nil {
		return res, err
	}
	defer func() {
		if err != nil {
			in.Close()
		}
	}()
	site, problems, data, err := loadData(in, name, res.lap, &res.Sheets)
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
	own, err := ownLayouts(in)
	if err != nil {
		return nil, err
	}
	r, err := render.New(site, layouts.FS, own)
	if err != nil {
		return nil, err
	}
	r.Data = narratives(in, site.Config.Site.DataDir)
	r.PDF = pdf
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
func (res *Result) emit(out sink, progress func(done, total int)) error {
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
		pages, pageErr = renderAll(r, out, progress)
		pagesTook = time.Since(begin)
	})
	wg.Go(func() {
		list, sums, dlErr = exportAll(r, out)
		dlTook = time.Since(begin)
	})
	wg.Wait()
	if err := errors.Join(pageErr, dlErr); err != nil {
		return err
	}
	res.Stages = append(res.Stages, Stage{Name: "pages", Took: pagesTook}, Stage{Name: "downloads", Took: dlTook, Parallel: true})
	if err := res.Releases.Publish(out.put); err != nil {
		return err
	}
	res.last = begin.Add(max(pagesTook, dlTook))
	more, err := finishDownloads(r, list, sums)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(more)) {
		if err := out.put(name, more[name]); err != nil {
			return err
		}
		if strings.HasSuffix(name, ".html") {
			pages++
		}
	}
	res.Pages, res.downloads, res.sums = pages, list, sums
	return nil
}

// A sink takes the site's files as they are made, from several goroutines
// at once. It refuses a second file by a name already taken (errTaken):
// two parts of the site writing one file is a bug, never an overwrite.
type sink interface {
	put(name string, b []byte) error
}

var errTaken = errors.New("written twice")

// memory is the sink of Render: the whole site in memory.
type memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memory) put(name string, b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.files[name]; dup {
		return fmt.Errorf("%s: %w", name, errTaken)
	}
	m.files[name] = b
	return nil
}

// staging is a build's temporary folder beside the output folder; it is
// the sink of Build.
type staging struct {
	out, parent, base, dir string
	done                   bool

	mu    sync.Mutex
	made  map[string]bool  // folders made
	sizes map[string]int64 // files written, by name
	err   error            // the first failed write

	qmu    sync.RWMutex // held to read while queueing, to write while closing
	closed bool         // the writers are stopped: put writes itself

	// Files are written by a pool of writers, not by the goroutine that
	// made them: once a build has written a few gigabytes the kernel
	// makes writes wait for the disk, and rendering should go on
	// meanwhile (at 40,000 towns the cores idled a third of the time).
	queue   chan queued
	writers sync.WaitGroup // the writer goroutines
	pending sync.WaitGroup // files queued and not yet written
}

type queued struct {
	name string
	b    []byte
}

// stagingWriters is the number of writers; writing is waiting, not work,
// so there are more than cores.
const stagingWriters = 8

// stage makes a fresh, empty folder beside out, whose parent exists.
func stage(out string) (*staging, error) {
	out = filepath.Clean(out)
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return nil, err
	}
	st := &staging{out: out, parent: parent, base: base, dir: tmp, made: map[string]bool{".": true}, sizes: map[string]int64{},
		queue: make(chan queued, 64)}
	for range stagingWriters {
		st.writers.Go(func() {
			for q := range st.queue {
				st.failed(st.writeFile(q.name, q.b))
				st.pending.Done()
			}
		})
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		st.discard()
		return nil, err
	}
	return st, nil
}

// put writes one file into the staged folder, making its folder first.
// Several goroutines may put at once; a name already written is refused.
func (st *staging) put(name string, b []byte) error {
	return st.save(name, b, false)
}

// save writes a file; replace says an earlier file by the name may be
// overwritten.
func (st *staging) save(name string, b []byte, replace bool) error {
	if replace {
		// The earlier file by the name must be written before this one.
		if err := st.flush(); err != nil {
			return err
		}
	}
	if err := st.reserve(name, int64(len(b)), replace); err != nil {
		return err
	}
	st.mu.Lock()
	err := st.err
	st.mu.Unlock()
	if err != nil {
		return err
	}
	// The queue stays open while a file is being queued (stop closes it
	// under the write lock); writers never take this lock, so a full queue
	// only makes this wait.
	st.qmu.RLock()
	defer st.qmu.RUnlock()
	if st.closed || replace {
		err := st.writeFile(name, b)
		st.failed(err)
		return err
	}
	st.pending.Add(1)
	st.queue <- queued{name, b}
	return nil
}

func (st *staging) writeFile(name string, b []byte) error {
	if err := os.WriteFile(filepath.Join(st.dir, filepath.FromSlash(name)), b, 0o644); err != nil {
		return err
	}
	return nil
}

// firstError is the first write that failed, if one did.
func (st *staging) firstError() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.err
}

// failed keeps the first write error.
func (st *staging) failed(err error) {
	if err == nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err == nil {
		st.err = err
	}
}

// flush waits until every file put so far is written, and returns the
// first write that failed.
func (st *staging) flush() error {
	st.pending.Wait()
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.err
}

// stop flushes and stops the writers; later puts write themselves.
func (st *staging) stop() error {
	err := st.flush()
	st.qmu.Lock()
	if !st.closed {
		st.closed = true
		close(st.queue)
	}
	st.qmu.Unlock()
	st.writers.Wait()
	return err
}

// reserve takes a name for a file of size bytes and makes its folder.
func (st *staging) reserve(name string, size int64, replace bool) error {
	// Names come from validated ids; this guards against a future bug
	// ever writing outside the output folder.
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, "\\") {
		return fmt.Errorf("write: refusing path %q outside the output folder", name)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, dup := st.sizes[name]; dup && !replace {
		return fmt.Errorf("write: %s: %w", name, errTaken)
	}
	if dir := path.Dir(name); !st.made[dir] {
		if err := os.MkdirAll(filepath.Join(st.dir, filepath.FromSlash(dir)), 0o755); err != nil {
			if st.err == nil {
				st.err = err
			}
			return err
		}
		st.made[dir] = true
	}
	st.sizes[name] = size
	return nil
}

// write writes files into the staged folder, replacing any written before
// by the same names.
func (st *staging) write(files map[string][]byte) error {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := st.save(name, files[name], true); err != nil {
			return err
		}
	}
	return nil
}

// totals is the number of files written and their size in bytes.
func (st *staging) totals() (int, int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var n int64
	for _, size := range st.sizes {
		n += size
	}
	return len(st.sizes), n
}

// Test hooks: the tests of a build killed at the swap stop the build
// there (swapping is called with "exchange" before the folders are
// exchanged, "between" between the two renames) and can make the
// exchange fail to test the two renames.
var (
	swapping func(step string)
	exchange = exchangeDirs
)

// swap puts the staged folder in place of the output folder: in one step
// where the system can exchange two folders, so that the output folder is
// never missing; else by moving the previous site aside and the new one
// in, and a build killed between the two is repaired by the next build
// (recoverOut).
func (st *staging) swap() error {
	if err := st.stop(); err != nil {
		return err
	}
	old := ""
	if _, err := os.Lstat(st.out); err == nil {
		if swapping != nil {
			swapping("exchange")
		}
		if exchange(st.dir, st.out) == nil {
			// The staged folder's name now holds the previous site.
			st.done = true
			removeTree(st.dir)
			return nil
		}
		old = filepath.Join(st.parent, "."+st.base+".old-"+filepath.Base(st.dir)[len(st.base)+6:])
		if err := os.Rename(st.out, old); err != nil {
			return fmt.Errorf("moving the previous %s aside: %w", st.out, err)
		}
		if swapping != nil {
			swapping("between")
		}
	}
	if err := os.Rename(st.dir, st.out); err != nil {
		if old != "" {
			os.Rename(old, st.out)
		}
		return err
	}
	st.done = true
	if old != "" {
		removeTree(old)
	}
	return nil
}

// discard removes the staged folder unless it was swapped in.
func (st *staging) discard() {
	st.stop()
	if !st.done {
		removeTree(st.dir)
	}
}

// removeTree is os.RemoveAll, with folders emptied by several goroutines
// at once: removing the previous national site (120,000 files) one file
// at a time took a minute, most of it waiting for the disk.
func removeTree(dir string) {
	// A link is removed, never followed: -out public may be a link to a
	// web root, which after the swap sits where the previous site was.
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		os.Remove(dir)
		return
	}
	slots := make(chan struct{}, stagingWriters)
	var wg sync.WaitGroup
	var empty func(string)
	empty = func(d string) {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			if !e.IsDir() {
				os.Remove(p)
				continue
			}
			select {
			case slots <- struct{}{}:
				wg.Go(func() {
					defer func() { <-slots }()
					empty(p)
					os.Remove(p)
				})
			default:
				empty(p)
				os.Remove(p)
			}
		}
	}
	empty(dir)
	wg.Wait()
	os.RemoveAll(dir) // whatever is left, such as a folder that could not be read
}
