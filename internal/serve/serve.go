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
// # Saves by Excel and WPS
//
// Saving a workbook is several file events and temporary files (~$x.xlsx,
// .~lock.x.xlsx#, x.tmp). Lock, temporary and hidden files are ignored,
// events are gathered for a short quiet time before a rebuild, and a
// workbook that is not yet a complete zip file is waited for briefly.
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
	"github.com/townpress/townpress/internal/sitefs"
)

// Options say what to serve and where.
type Options struct {
	Config string // path of config.toml; its folder is the site folder
	Addr   string // host:port to listen on; default 127.0.0.1:1313
	Strict bool   // warnings stop a rebuild as errors do
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
	eventsPath = "/__townpress/events"
	scriptPath = "/__townpress/reload.js"
)

// Server holds the last good site and the clients waiting for events.
type Server struct {
	opts Options

	mu       sync.Mutex
	files    map[string][]byte // the last good build; nil before the first
	build    int               // counts good builds; tabs compare it
	problems diag.List         // errors of the latest build; nil when it was good
	clients  map[chan event]bool
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
	return &Server{opts: opts, clients: map[chan event]bool{}}
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
	fmt.Fprintf(opts.Log, "serving %s (Ctrl-C to stop)\n", url)
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
		changed = map[string]bool{}
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
			changed[rel] = true
			timer = time.After(s.opts.Quiet)
		case <-timer:
			timer = nil
			names := sortedKeys(changed)
			clear(changed)
			w.waitForWorkbooks(ctx, names)
			s.rebuild(names)
			w.refresh()
		}
	}
}

// rebuild renders the site and tells the tabs: reload, or the problems.
func (s *Server) rebuild(changed []string) {
	res, files, err := build.Render(build.Options{Config: s.opts.Config, Strict: s.opts.Strict})
	what := "built"
	if changed != nil {
		what = fmt.Sprintf("%s changed: rebuilt", strings.Join(changed, ", "))
	}
	if err != nil {
		problems := diag.List{{Loc: diag.Loc{File: filepath.Base(s.opts.Config)}, Severity: diag.Error, Msg: err.Error()}}
		var perr *build.ProblemsError
		if errors.As(err, &perr) {
			problems = perr.Problems
		}
		e, w := problems.Count()
		fmt.Fprintf(s.opts.Log, "%s with %d error(s), %d warning(s); still serving the last good site:\n", what, e, w)
		for _, p := range problems {
			fmt.Fprintf(s.opts.Log, "  %s\n", p)
		}
		s.mu.Lock()
		s.problems = problems
		s.mu.Unlock()
		s.broadcast(event{"problems", problemsJSON(problems)})
		return
	}
	fmt.Fprintf(s.opts.Log, "%s in %s: %d pages", what, res.Elapsed.Round(time.Millisecond), res.Pages)
	if n := len(res.Problems); n > 0 {
		fmt.Fprintf(s.opts.Log, ", %d warning(s):", n)
	}
	fmt.Fprintln(s.opts.Log)
	for _, p := range res.Problems {
		fmt.Fprintf(s.opts.Log, "  %s\n", p)
	}
	s.mu.Lock()
	s.files = files
	s.build++
	s.problems = nil
	id := s.build
	s.mu.Unlock()
	s.broadcast(event{"reload", fmt.Sprint(id)})
}

func problemsJSON(problems diag.List) string {
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = p.String()
	}
	b, _ := json.Marshal(lines)
	return string(b)
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
	switch r.URL.Path {
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, reloadScript)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.Lock()
	files, id, problems := s.files, s.build, s.problems
	s.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")

	if files == nil {
		// The first build failed: there is no site yet, only its problems.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(withScript(errorPage(problems), id))
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	status := http.StatusOK
	body, ok := files[name]
	if !ok && (name == "" || strings.HasSuffix(r.URL.Path, "/")) {
		body, ok = files[path.Join(name, "index.html")]
		name = path.Join(name, "index.html")
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
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 8)
	s.mu.Lock()
	s.clients[c] = true
	first := []event{{"build", fmt.Sprint(s.build)}}
	if s.problems != nil {
		first = append(first, event{"problems", problemsJSON(s.problems)})
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
// its path relative to the site folder for messages.
func (w *watcher) relevant(ev fsnotify.Event) (string, bool) {
	if ev.Op == fsnotify.Chmod || ignored(filepath.Base(ev.Name)) {
		return "", false
	}
	rel, err := filepath.Rel(w.siteDir, ev.Name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if ev.Name == filepath.Join(w.siteDir, w.config) || w.under(ev.Name) {
		return rel, true
	}
	return "", false
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
// reading it then would report a damaged workbook that is not.
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
		for !completeZip(site, rel) && time.Now().Before(deadline) {
			select {
			case <-ctx.Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// completeZip reports whether the workbook rel is a zip file whose
// directory can be read, or is not there to wait for: gone (a deleted
// workbook is complete in its way), or not a file the build reads (a
// named pipe, a link out of the site), which the build then reports.
func completeZip(site *sitefs.FS, rel string) bool {
	f, err := site.Open(rel)
	if err != nil {
		return true
	}
	defer f.Close()
	st, err := f.Stat()
	ra, ok := f.(io.ReaderAt)
	if err != nil || !ok {
		return true
	}
	_, err = zip.NewReader(ra, st.Size())
	return err == nil
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
