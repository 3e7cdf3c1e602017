// Package serve is townpress's authoring loop: it builds a site in memory,
// serves it on a loopback address, watches config.toml, the data folder and
// layouts/, rebuilds on a change and makes every open tab reload itself.
//
// # What is served
//
// The site is rendered into memory with build.Render and served from there;
// public/ is never written, so a half-finished edit cannot reach what is
// published. HTML responses get one script tag before </body>, added here
// and only here: the files build writes never hold it.
//
// # Live reload
//
// The script opens the server-sent event stream /__townpress/events. The
// server sends "build" with the id of the site it serves when a tab
// connects, "reload" after every good rebuild, and "problems" with the
// input's errors (file:sheet!cell: message) when a rebuild fails. On
// "problems" the page shows an overlay listing them over the last good site,
// which stays served; the next good build reloads the tab and the overlay
// is gone. A tab that was disconnected (the server restarted) reloads when
// the build id it was served with is not the current one.
//
// At most maxEventStreams tabs listen at once; another is answered 503
// and works without live reload.
//
// # Who is answered
//
// Only requests whose Host names the server: localhost, 127.0.0.1, [::1]
// or the host of -addr; others get 403. This stops a page elsewhere from
// reading the draft site through a colleague's browser by pointing a name
// of its own at 127.0.0.1 (DNS rebinding). Listening on every interface
// (-addr 0.0.0.0:1313, :1313) answers any name, and says so when it starts.
//
// # Saves by Excel and WPS
//
// Saving a workbook is several file events and temporary files (~$x.xlsx,
// .~lock.x.xlsx#, x.tmp, and the new workbook under a name such as
// 5A3B1C00 that Excel renames over the old one). Only files the build
// reads count (workbooks, narratives, layouts, config.toml), a file made
// and gone within a burst of events does not, events are gathered for a
// short quiet time before a rebuild, and a workbook that is not yet a
// complete zip file, or is missing for a moment, is waited for briefly. A
// rebuild whose pages are all as before reloads no tab.
package serve

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/townpress/townpress/internal/build"
	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/sitefs"
	"github.com/townpress/townpress/internal/source"
)

// Options say what to serve and where.
type Options struct {
	Config string // path of config.toml; its folder is the site folder
	Addr   string // host:port to listen on; default 127.0.0.1:1313
	Strict bool   // warnings stop a rebuild as errors do
	Lang   string // "zh" or "en" for the problems shown; "" for the site's first language
	Log    io.Writer

	// Ready, when set, is called with the site's URL once the first build
	// is done and the server is listening.
	Ready func(url string)

	// Quiet is the time without file events after which a rebuild starts;
	// default 40ms. An editor's save is a burst of events well inside it.
	Quiet time.Duration
}

// Paths the server answers itself; a site cannot have a folder starting
// with "__" since ids start with a letter or digit.
const (
	eventsPath  = "/__townpress/events"
	scriptPath  = "/__townpress/reload.js"
	explainPath = "/__townpress/explain" // how every sheet was read, as check -explain prints it
)

// maxEventStreams bounds the tabs listening for reloads at once: each
// holds a connection and a goroutine for as long as it is open, and a page
// could open them in a loop. A browser keeps six connections to a host, so
// this is many browsers' worth; past it a tab works without live reload.
const maxEventStreams = 64

// Server holds the last good site and the clients waiting for events.
type Server struct {
	opts  Options
	hosts *hostPolicy
	logMu sync.Mutex // Log is written from the watcher and from requests
	// last is the last good build with its files' keys, from which the
	// next build takes what a save did not reach; only rebuild, which
	// runs one at a time (the first build, then the watcher's), uses it.
	last *output.KeyedMemory
	// reads holds the records of the sheets the last build read, by the
	// key of their inputs: a save that changed one sheet parses only it.
	reads *source.ReadCache

	mu       sync.Mutex
	files    map[string][]byte     // the last good build; nil before the first
	build    int                   // counts good builds; tabs compare it
	problems diag.List             // errors of the latest build; nil when it was good
	explain  []byte                // what the latest build read from every sheet, and its problems
	lang     diag.Lang             // of the latest build's problems
	clients  map[chan event]string // each tab's stream, and the file of the page it shows

	// While the site renders after a save, fresh holds the pages open in
	// tabs, already rendered, with the assets they load, and pending is
	// closed when the whole site is made: a request for any other file
	// waits for it.
	fresh   map[string][]byte
	pending chan struct{}
	served  chan string // the fresh files served, while there are fresh files

	beforeAll func() // tests: called between the early reload and the rest of the site
}

type event struct {
	name string
	data string
}

// Run builds the site, serves it and rebuilds on every change until ctx is
// done. A site with errors is served too: the page lists them until they
// are fixed. Run returns an error only when it cannot listen or watch.
func Run(ctx context.Context, opts Options) error {
	return newServer(opts).run(ctx)
}

func newServer(opts Options) *Server {
	if opts.Config == "" {
		opts.Config = "config.toml"
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:1313"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Quiet == 0 {
		opts.Quiet = 40 * time.Millisecond
	}
	return &Server{opts: opts, hosts: newHostPolicy(opts.Addr), clients: map[chan event]string{}, reads: source.NewReadCache()}
}

func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, format, args...)
}

func (s *Server) run(ctx context.Context) error {
	opts := s.opts
	w, err := newWatcher(opts.Config)
	if err != nil {
		return err
	}
	defer w.Close()

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w (is another townpress serve running? try -addr 127.0.0.1:1314)", err)
	}
	s.rebuild(nil)
	w.refresh()

	srvCtx, stopHandlers := context.WithCancel(context.Background())
	defer stopHandlers()
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		// Event streams run until the server stops; their requests hang
		// off this context so that stopping ends them.
		BaseContext: func(net.Listener) context.Context { return srvCtx },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	url := "http://" + ln.Addr().String() + "/"
	if s.hosts.any {
		// http://[::]:1313/ opens nothing in most browsers.
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		url = "http://127.0.0.1:" + port + "/"
		s.logf("listening on all network interfaces (-addr %s): anyone who can reach this computer can open the draft site, under any host name; -addr 127.0.0.1:%s keeps it to this computer\n", opts.Addr, port)
	}
	s.logf("serving %s (Ctrl-C to stop)\n", url)
	if opts.Ready != nil {
		opts.Ready(url)
	}

	err = s.watch(ctx, w)
	stopHandlers()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	srv.Shutdown(shutdownCtx)
	if serr := <-served; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// watch rebuilds after each burst of relevant file events until ctx is done.
func (s *Server) watch(ctx context.Context, w *watcher) error {
	var (
		timer   <-chan time.Time
		changed = map[string]bool{} // inputs with events since the last rebuild
		created = map[string]bool{} // those whose first event was their creation
	)
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(s.opts.Log, "stopped")
			return nil
		case err, ok := <-w.fs.Errors:
			if !ok {
				return nil
			}
			fmt.Fprintf(s.opts.Log, "watch: %v\n", err)
		case ev, ok := <-w.fs.Events:
			if !ok {
				return nil
			}
			rel, relevant := w.relevant(ev)
			if !relevant {
				continue
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				w.forget(ev.Name) // the kernel dropped its watch; a folder made again is watched anew
			}
			if ev.Has(fsnotify.Create) {
				w.addTree(ev.Name) // a new folder under data/ or layouts/
			}
			if !changed[rel] {
				created[rel] = ev.Has(fsnotify.Create)
			}
			changed[rel] = true
			timer = time.After(s.opts.Quiet)
		case <-timer:
			timer = nil
			names := w.settled(changed, created)
			clear(changed)
			clear(created)
			if len(names) == 0 {
				continue
			}
			w.waitForWorkbooks(ctx, names)
			s.rebuild(names)
			w.refresh()
		}
	}
}

// rebuild renders the site and tells the tabs: reload, or the problems.
// The pages open in tabs are rendered first; when one of them changed,
// its tabs reload at once, while the rest of the site renders.
func (s *Server) rebuild(changed []string) {
	d, err := build.Prepare(build.Options{Config: s.opts.Config, Strict: s.opts.Strict, ReadCache: s.reads})
	// The next build takes what this one read; a sheet it did not read
	// (an error stopped it first) is parsed again.
	s.reads.Rotate()
	res := d.Result()
	var files map[string][]byte
	early := false
	if err == nil {
		var served <-chan string
		early, served = s.reloadOpenPages(d)
		if early {
			s.letTabsLoad(served)
		}
		if early && s.beforeAll != nil {
			s.beforeAll()
		}
		var mem *output.KeyedMemory
		if res, mem, err = d.AllFrom(s.last); err == nil {
			files, s.last = mem.Files, mem
		}
	}
	lang := s.language()
	what := "built"
	if changed != nil {
		what = fmt.Sprintf("%s changed: rebuilt", strings.Join(changed, ", "))
	}
	var explain bytes.Buffer
	if res != nil {
		source.WriteExplain(&explain, res.Sheets, lang)
	}
	if err != nil {
		msg := diag.T(err.Error(), err.Error())
		var le *config.LangError
		if errors.As(err, &le) {
			msg = le.Text
		}
		where := filepath.Base(s.opts.Config)
		var layout *build.LayoutError
		if errors.As(err, &layout) {
			msg, where = diag.T(layout.In(diag.En), layout.In(diag.Zh)), "layouts/"
		}
		problems := diag.List{{Loc: diag.Loc{File: where}, Severity: diag.Error, Msg: msg.En, Zh: msg.Zh}}
		var perr *build.ProblemsError
		if errors.As(err, &perr) {
			problems = perr.Problems
		}
		fmt.Fprintf(s.opts.Log, "%s with %s; still serving the last good site:\n", what, problems.Summary(diag.En))
		for _, p := range problems {
			fmt.Fprintf(s.opts.Log, "  %s\n", p.In(lang))
		}
		s.mu.Lock()
		s.problems, s.lang = problems, lang
		s.explain = explainText(explain.Bytes(), problems, lang)
		s.settle()
		if early {
			// The tabs were reloaded onto pages of this failed build: send
			// them back to the last good one, which shows the problems
			// when it connects.
			s.build++
		}
		id := s.build
		s.mu.Unlock()
		if early {
			s.broadcast(event{"reload", fmt.Sprint(id)})
			return
		}
		s.broadcast(event{"problems", problemsJSON(problems, lang)})
		return
	}
	s.mu.Lock()
	// A save that changes nothing on the pages (a temporary file, a
	// workbook saved again as it was) reloads no tab: the build is
	// deterministic, so equal files are the same site.
	unchanged := !early && s.problems == nil && s.files != nil && sameFiles(s.files, files)
	if !unchanged {
		s.files = files
		if !early {
			s.build++
		}
	}
	s.problems, s.lang = nil, lang
	s.explain = explainText(explain.Bytes(), res.Problems, lang)
	s.settle()
	id := s.build
	s.mu.Unlock()
	fmt.Fprintf(s.opts.Log, "%s in %s: %d pages", what, res.Elapsed.Round(time.Millisecond), res.Pages)
	if res.PagesTaken > 0 {
		fmt.Fprintf(s.opts.Log, " (%d rendered, %d unchanged)", res.Pages-res.PagesTaken, res.PagesTaken)
	}
	if res.SheetsTaken > 0 {
		fmt.Fprintf(s.opts.Log, ", %d of %d sheets parsed (the others unchanged)", res.SheetsRead-res.SheetsTaken, res.SheetsRead)
	}
	if unchanged {
		fmt.Fprint(s.opts.Log, ", none changed")
	}
	if n := len(res.Problems); n > 0 {
		fmt.Fprintf(s.opts.Log, ", %d warning(s):", n)
	}
	fmt.Fprintln(s.opts.Log)
	for _, p := range res.Problems {
		fmt.Fprintf(s.opts.Log, "  %s\n", p.In(lang))
	}
	if !unchanged && !early {
		s.broadcast(event{"reload", fmt.Sprint(id)})
	}
}

// reloadOpenPages renders the pages the tabs show and, when one of them is
// not as served (or the site had problems), serves them and reloads the
// tabs before the rest of the site is made. It reports whether it did.
// A page it cannot render waits for the whole site, whose build says why.
// served tells which of the fresh files the tabs have been given since.
func (s *Server) reloadOpenPages(d *build.Draft) (reloaded bool, served <-chan string) {
	s.mu.Lock()
	old, hadProblems := s.files, s.problems != nil
	open := map[string]bool{}
	for _, name := range s.clients {
		if name != "" {
			open[name] = true
		}
	}
	s.mu.Unlock()
	if old == nil || len(open) == 0 {
		return false, nil
	}
	fresh, err := d.Assets()
	if err != nil {
		return false, nil
	}
	differs := hadProblems
	for _, name := range slices.Sorted(maps.Keys(open)) {
		files, ok, err := d.Page(name)
		if err != nil {
			return false, nil
		}
		if !ok {
			// Gone, or the downloads page: that tab reloads with the
			// others and waits for the whole site.
			continue
		}
		for n, b := range files {
			fresh[n] = b
			if prev, ok := old[n]; !ok || !bytes.Equal(prev, b) {
				differs = true
			}
		}
	}
	if !differs {
		return false, nil
	}
	s.mu.Lock()
	s.fresh, s.pending, s.served = fresh, make(chan struct{}), make(chan string, 64)
	served = s.served
	s.problems = nil
	s.build++
	id := s.build
	s.mu.Unlock()
	s.broadcast(event{"reload", fmt.Sprint(id)})
	return true, served
}

// tabWait bounds the time letTabsLoad gives the reloaded tabs.
const tabWait = 300 * time.Millisecond

// letTabsLoad gives the reloaded tabs time to fetch their pages and what
// they load before the rest of the site is rendered: rendering takes
// every core, and a request coming in meanwhile waited for one, a quarter
// of a second more for a page and its assets. It returns once the tabs
// have asked for nothing fresh for a moment, or after tabWait. A tab that
// asks for nothing fresh holds the rest back the whole tabWait, and the
// rebuild's time in the log includes the wait.
func (s *Server) letTabsLoad(served <-chan string) {
	deadline := time.After(tabWait)
	var quiet <-chan time.Time
	for {
		select {
		case <-served:
			quiet = time.After(30 * time.Millisecond)
		case <-quiet:
			return
		case <-deadline:
			return
		}
	}
}

// settle ends the wait of requests for files a rebuild had not made yet;
// s.mu is held.
func (s *Server) settle() {
	if s.pending != nil {
		close(s.pending)
	}
	s.fresh, s.pending, s.served = nil, nil, nil
}

// fileOf is the file that serves a URL path: a folder's index.html.
func fileOf(urlPath string) string {
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if name == "" || strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	return name
}

// sameFiles reports whether two builds wrote the same files.
func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for name, body := range a {
		other, ok := b[name]
		if !ok || !bytes.Equal(body, other) {
			return false
		}
	}
	return true
}

// language is the language of the problems shown: -lang, else the
// site's first language, read again at every build.
func (s *Server) language() diag.Lang {
	if lang, ok := diag.ParseLang(s.opts.Lang); ok {
		return lang
	}
	// Through the build's reader: a config that is a named pipe must not
	// hang the rebuild.
	raw, _ := build.ReadConfig(s.opts.Config)
	return config.ProblemsLang(raw)
}

// problemsJSON is the overlay's content: a title that counts errors and
// warnings apart, the problems, and the link to what was read.
func problemsJSON(problems diag.List, lang diag.Lang) string {
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = p.In(lang)
	}
	e, w := problems.Count()
	b, _ := json.Marshal(struct {
		Title    string   `json:"title"`
		Errors   int      `json:"errors"`
		Warnings int      `json:"warnings"`
		Lines    []string `json:"lines"`
		Explain  string   `json:"explain"`
		Link     string   `json:"link"`
	}{
		Title: diag.Sprint(lang, diag.M("%s in the input; below is the last good build, which reloads when you save a fix",
			"输入有误：%s。下方为上次成功构建的页面，改正并保存后自动刷新"), problems.Summary(lang)),
		Errors: e, Warnings: w, Lines: lines, Explain: explainPath,
		Link: diag.Sprint(lang, diag.M("what was read from each sheet (check -explain)", "查看每张工作表的读取结果（check -explain）")),
	})
	return string(b)
}

// explainText is the page at /__townpress/explain: what was read, then
// the problems, as check -explain prints them.
func explainText(sheets []byte, problems diag.List, lang diag.Lang) []byte {
	var b bytes.Buffer
	b.Write(sheets)
	if len(sheets) > 0 {
		b.WriteByte('\n')
	}
	for _, p := range problems {
		b.WriteString(p.In(lang))
		b.WriteByte('\n')
	}
	b.WriteString(problems.Summary(lang))
	b.WriteByte('\n')
	return b.Bytes()
}

// connected counts the tabs listening for events.
func (s *Server) connected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

func (s *Server) broadcast(ev event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- ev:
		default: // a stalled tab misses an event; it catches up on reconnect
		}
	}
}

// ServeHTTP serves the last good site, the reload script and the events.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hosts.allows(r.Host) {
		s.hosts.refuse(w, r, s.logf)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, reloadScript)
		return
	case explainPath:
		s.mu.Lock()
		body := s.explain
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.mu.Lock()
	files, id, problems, lang := s.files, s.build, s.problems, s.lang
	fresh, pending, served := s.fresh, s.pending, s.served
	s.mu.Unlock()
	name, status := fileOf(r.URL.Path), http.StatusOK
	body, ok := fresh[name]
	if ok {
		select {
		case served <- name:
		default:
		}
	}
	if !ok && pending != nil {
		// A file of the site being rendered: wait for it.
		select {
		case <-pending:
		case <-r.Context().Done():
			return
		}
		s.mu.Lock()
		files, id, problems, lang = s.files, s.build, s.problems, s.lang
		s.mu.Unlock()
	}

	if files == nil {
		// The first build failed: there is no site yet, only its problems.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(withScript(errorPage(problems, lang), id))
		return
	}
	if !ok {
		body, ok = files[name]
	}
	if !ok {
		if _, isDir := files[path.Join(name, "index.html")]; isDir {
			http.Redirect(w, r, path.Base(name)+"/", http.StatusMovedPermanently)
			return
		}
		status = http.StatusNotFound
		name = "404.html"
		body = files[name]
	}
	ctype := contentType(name)
	if strings.HasPrefix(ctype, "text/html") {
		body = withScript(body, id)
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(body)
	}
}

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming not supported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 8)
	s.mu.Lock()
	if len(s.clients) >= maxEventStreams {
		s.mu.Unlock()
		// EventSource gives up on an answer that is not 200, so the tab
		// does not come back in a loop.
		http.Error(w, fmt.Sprintf("townpress serve: %d tabs are already listening for reloads, the most it serves; close some and reload this one to have it reload by itself", maxEventStreams), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	s.clients[c] = ""
	if page := r.URL.Query().Get("page"); page != "" {
		s.clients[c] = fileOf(page)
	}
	first := []event{{"build", fmt.Sprint(s.build)}}
	if s.problems != nil {
		first = append(first, event{"problems", problemsJSON(s.problems, s.lang)})
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	send := func(ev event) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
		flusher.Flush()
		return err == nil
	}
	for _, ev := range first {
		if !send(ev) {
			return
		}
	}
	keepAlive := time.NewTicker(30 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-c:
			if !send(ev) {
				return
			}
		case <-keepAlive.C:
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

// withScript adds the reload script before </body>, or at the end.
func withScript(page []byte, build int) []byte {
	tag := fmt.Sprintf(`<script src="%s" data-build="%d"></script>`, scriptPath, build)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte{}, page...), tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".pdf":
		return "application/pdf"
	case ".png":
		return "image/png"
	}
	return "application/octet-stream"
}

// watcher watches the site's config, data folder and layouts folder.
type watcher struct {
	fs      *fsnotify.Watcher
	siteDir string // the config's folder, absolute
	config  string // the config's file name
	dataDir string // absolute; from the config, default data
	layouts string // absolute
	watched map[string]bool
}

func newWatcher(configPath string) (*watcher, error) {
	abs, err := filepath.Abs(configPath)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("serve: watching files: %w", err)
	}
	w := &watcher{
		fs:      fw,
		siteDir: filepath.Dir(abs),
		config:  filepath.Base(abs),
		dataDir: filepath.Join(filepath.Dir(abs), "data"),
		layouts: filepath.Join(filepath.Dir(abs), "layouts"),
		watched: map[string]bool{},
	}
	// The site folder itself, for config.toml and for data/ or layouts/
	// appearing. Editors save by writing a new file and renaming it over
	// the old one, which a watch on the file itself would lose.
	if err := fw.Add(w.siteDir); err != nil {
		fw.Close()
		return nil, fmt.Errorf("serve: watching %s: %w", w.siteDir, err)
	}
	w.watched[w.siteDir] = true
	return w, nil
}

func (w *watcher) Close() error { return w.fs.Close() }

// refresh follows site.data_dir and watches the data and layouts folders
// and every folder under them (fsnotify does not watch a tree).
func (w *watcher) refresh() {
	// Through the build's own reader: a config that is a named pipe must
	// not hang the watcher.
	if raw, err := build.ReadConfig(filepath.Join(w.siteDir, w.config)); err == nil {
		if cfg, _, err := config.Parse(w.config, raw); err == nil && cfg != nil && fs.ValidPath(path.Clean(cfg.Site.DataDir)) {
			w.dataDir = filepath.Join(w.siteDir, filepath.FromSlash(path.Clean(cfg.Site.DataDir)))
		}
	}
	w.addTree(w.dataDir)
	w.addTree(w.layouts)
}

func (w *watcher) addTree(root string) {
	if !w.under(root) {
		return
	}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != root && ignored(d.Name()) {
			return filepath.SkipDir
		}
		if !w.watched[p] {
			if w.fs.Add(p) == nil {
				w.watched[p] = true
			}
		}
		return nil
	})
}

// forget drops p and the folders under it from the watched set.
func (w *watcher) forget(p string) {
	for dir := range w.watched {
		if dir != w.siteDir && (dir == p || strings.HasPrefix(dir, p+string(filepath.Separator))) {
			delete(w.watched, dir)
			w.fs.Remove(dir) // already gone in most cases; the error says so
		}
	}
}

// under reports whether p is the data or layouts folder or inside them.
func (w *watcher) under(p string) bool {
	for _, root := range []string{w.dataDir, w.layouts} {
		if p == root || strings.HasPrefix(p, root+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// relevant reports whether an event is about an input of the site, and
// its path relative to the site folder for messages. Files the build does
// not read, such as the temporary file Excel writes a workbook to before
// it renames it over the old one (a name such as 5A3B1C00), are not: a
// save is one rebuild, for the workbook it ends with.
func (w *watcher) relevant(ev fsnotify.Event) (string, bool) {
	if ev.Op == fsnotify.Chmod || ignored(filepath.Base(ev.Name)) {
		return "", false
	}
	rel, err := filepath.Rel(w.siteDir, ev.Name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	switch {
	case ev.Name == filepath.Join(w.siteDir, w.config):
		return rel, true
	case !w.under(ev.Name):
		return "", false
	case w.watched[ev.Name] || isDir(ev.Name):
		return rel, true // a folder made, removed or renamed
	}
	return rel, w.isInput(ev.Name)
}

// isInput reports whether a file under the data or layouts folder is of a
// kind the build reads: workbooks (and the other spreadsheets it warns
// about) and narratives in data/, templates, strings and assets in layouts/.
func (w *watcher) isInput(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	if p == w.layouts || strings.HasPrefix(p, w.layouts+string(filepath.Separator)) {
		switch ext {
		case ".html", ".toml", ".css", ".js", ".svg":
			return true
		}
		return false
	}
	switch ext {
	case ".xlsx", ".md", ".xls", ".xlsm", ".xlsb", ".et", ".ett", ".ods", ".numbers", ".csv":
		return true
	}
	return false
}

// settled is the inputs of a burst of events to rebuild for, sorted: a
// file made and gone within the burst was a temporary file, renamed into
// place (the place has events of its own) or deleted.
func (w *watcher) settled(changed, created map[string]bool) []string {
	var names []string
	for _, rel := range sortedKeys(changed) {
		if created[rel] && !exists(filepath.Join(w.siteDir, filepath.FromSlash(rel))) {
			continue
		}
		names = append(names, rel)
	}
	return names
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// ignored reports whether a file name is an editor's lock, backup or
// temporary file, or hidden: ~$x.xlsx (Excel, WPS), .~lock.x.xlsx#
// (LibreOffice), x.tmp, x~, x.swp and vim's 4913.
func ignored(name string) bool {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "~"), strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"), strings.HasSuffix(name, "#"),
		strings.HasSuffix(lower, ".tmp"), strings.HasSuffix(lower, ".temp"),
		strings.HasSuffix(lower, ".swp"), strings.HasSuffix(lower, ".swx"),
		strings.HasSuffix(lower, ".crdownload"), strings.HasSuffix(lower, ".part"),
		name == "4913":
		return true
	}
	return false
}

// waitForWorkbooks waits, up to about a second, until every changed
// workbook is a complete zip file: an editor may still be writing it, and
// reading it then would report a damaged workbook that is not. A workbook
// that is gone is waited for a moment: Excel renames the old file away
// before it renames the new one into its place.
func (w *watcher) waitForWorkbooks(ctx context.Context, changed []string) {
	site, err := sitefs.Open(w.siteDir)
	if err != nil {
		return
	}
	defer site.Close()
	deadline := time.Now().Add(time.Second)
	for _, rel := range changed {
		if !strings.EqualFold(path.Ext(rel), ".xlsx") {
			continue
		}
		var gone time.Time // since when the workbook has been missing
		for time.Now().Before(deadline) {
			complete, missing := zipState(site, rel)
			if complete || (missing && !gone.IsZero() && time.Since(gone) > 300*time.Millisecond) {
				break
			}
			if missing && gone.IsZero() {
				gone = time.Now()
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// zipState reports whether the workbook rel is a zip file whose directory
// can be read, and whether it is missing. A file the build may not read
// (a named pipe, a link out of the site) is not waited for: it counts as
// complete, and the build reports it.
func zipState(site *sitefs.FS, rel string) (complete, missing bool) {
	f, err := site.Open(rel)
	if err != nil {
		missing = errors.Is(err, fs.ErrNotExist)
		return !missing, missing
	}
	defer f.Close()
	st, err := f.Stat()
	ra, ok := f.(io.ReaderAt)
	if err != nil || !ok {
		return true, false
	}
	_, err = zip.NewReader(ra, st.Size())
	return err == nil, false
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
