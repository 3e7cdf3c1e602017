package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/sitetest"
	"github.com/townpress/townpress/internal/starter"
)

// site is a running serve of a starter site.
type site struct {
	*Server
	dir  string
	url  string
	log  *syncBuffer
	stop func() error // stops the server and returns Run's error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newSite writes a starter site; prepare may change it before serving.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := starter.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	return dir
}

// start serves dir on a free loopback port.
func start(t testing.TB, dir string) *site {
	t.Helper()
	return startWith(t, dir, nil)
}

// startWith starts serve as start does, with set called on the server
// before it runs (to set a test hook).
func startWith(t testing.TB, dir string, set func(*Server)) *site {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &site{dir: dir, log: &syncBuffer{}}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	s.Server = newServer(Options{
		Config: filepath.Join(dir, "config.toml"),
		Addr:   "127.0.0.1:0",
		Lang:   "en",
		Log:    s.log,
		Ready:  func(url string) { ready <- url },
	})
	if set != nil {
		set(s.Server)
	}
	go func() { done <- s.Server.run(ctx) }()
	select {
	case s.url = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve stopped before it was ready: %v\n%s", err, s.log)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatalf("serve not ready\n%s", s.log)
	}
	var once sync.Once
	var runErr error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(10 * time.Second):
				runErr = context.DeadlineExceeded
			}
		})
		return runErr
	}
	t.Cleanup(func() { s.stop() })
	return s
}

func (s *site) get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(s.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// setCell changes one cell of the starter workbook, as an official saving
// in Excel would.
func (s *site) setCell(t *testing.T, sheet, cell string, v any) {
	t.Helper()
	sitetest.SetCell(t, filepath.Join(s.dir, starter.Workbook), sheet, cell, v)
}

type sseEvent struct{ name, data string }

// events connects to the event stream and returns its events; the first
// (build) is read already.
func (s *site) events(t testing.TB) (<-chan sseEvent, sseEvent) {
	t.Helper()
	return s.eventsOf(t, "")
}

// eventsOf connects to the event stream as a tab showing page (a URL
// path, as the reload script sends location.pathname) does.
func (s *site) eventsOf(t testing.TB, page string) (<-chan sseEvent, sseEvent) {
	t.Helper()
	address := s.url + "__townpress/events"
	if page != "" {
		address += "?page=" + url.QueryEscape(page)
	}
	req, _ := http.NewRequest("GET", address, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type = %q", ct)
	}
	ch := make(chan sseEvent, 16)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[len("data: "):]
			case line == "" && ev.name != "":
				ch <- ev
				ev = sseEvent{}
			}
		}
	}()
	return ch, next(t, ch)
}

// next waits for the next event; the limit only keeps a broken server from
// hanging the test, it is not a speed check.
func next(t testing.TB, ch <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("event stream closed")
		}
		return ev
	case <-time.After(30 * time.Second):
		t.Fatal("no event")
	}
	return sseEvent{}
}

func TestServeRebuildsReloadsAndShowsProblems(t *testing.T) {
	s := start(t, newSite(t))

	code, page := s.get(t, "towns/sample-food/")
	if code != 200 || !strings.Contains(page, "17.8") {
		t.Fatalf("town page: %d, no 17.8 in it", code)
	}
	if !strings.Contains(page, `<script src="/__townpress/reload.js" data-build="1"></script></body>`) {
		t.Fatal("the reload script is not injected before </body>")
	}
	if code, js := s.get(t, "__townpress/reload.js"); code != 200 || !strings.Contains(js, "EventSource") {
		t.Fatalf("reload.js: %d", code)
	}
	if code, css := s.get(t, "assets/townpress.css"); code != 200 || strings.Contains(css, "__townpress") {
		t.Fatalf("assets are served as built: %d", code)
	}
	if code, _ := s.get(t, "no-such-page/"); code != 404 {
		t.Errorf("missing page: %d, want 404", code)
	}

	events, hello := s.events(t)
	if hello != (sseEvent{"build", "1"}) {
		t.Fatalf("first event = %+v, want build 1", hello)
	}

	// An edit: the page changes and the tab is told to reload.
	s.setCell(t, "2024年", "B3", 19.6)
	if ev := next(t, events); ev != (sseEvent{"reload", "2"}) {
		t.Fatalf("after an edit: %+v, want reload 2\n%s", ev, s.log)
	}
	if _, page := s.get(t, "towns/sample-food/"); !strings.Contains(page, "19.6") || !strings.Contains(page, `data-build="2"`) {
		t.Fatal("the town page does not show the new value")
	}

	// A typo: the problems with their cells, and the last good site stays.
	s.setCell(t, "2024年", "B4", "12k")
	ev := next(t, events)
	if ev.name != "problems" || !strings.Contains(ev.data, `data/towns.xlsx:2024年!B4: 工业产值: \"12k\" is not a number`) {
		t.Fatalf("after a typo: %+v\n%s", ev, s.log)
	}
	if code, page := s.get(t, "towns/sample-food/"); code != 200 || !strings.Contains(page, "19.6") {
		t.Fatalf("the last good site is not served: %d", code)
	}
	// The overlay links to what was read, as check -explain shows it.
	if code, text := s.get(t, "__townpress/explain"); code != 200 || !strings.Contains(text, "data/towns.xlsx:2024年\n  layout: one sheet per year: 2024, from the sheet's name") ||
		!strings.Contains(text, "data/towns.xlsx:2024年!B4: 工业产值: \"12k\" is not a number") {
		t.Errorf("explain: %d\n%s", code, text)
	}
	// A tab opened now learns of the problems at once.
	_, late := s.events(t)
	if late != (sseEvent{"build", "2"}) {
		t.Fatalf("a new tab's first event = %+v", late)
	}

	// The fix: the overlay's problems go with a reload.
	s.setCell(t, "2024年", "B4", 11.6)
	if ev := next(t, events); ev != (sseEvent{"reload", "3"}) {
		t.Fatalf("after the fix: %+v, want reload 3\n%s", ev, s.log)
	}
	if !strings.Contains(s.log.String(), "data/towns.xlsx changed: rebuilt with 1 error, 0 warnings") {
		t.Errorf("the log does not tell of the failed rebuild:\n%s", s.log)
	}
	// The fix parsed the edited sheet only: the others' records were kept
	// in memory by the builds before. (The first edit parsed them all:
	// excelize's first save of the starter workbook rewrites its
	// [Content_Types].xml, which is in every sheet's key.)
	if !regexp.MustCompile(`changed: rebuilt in \S+: \d+ pages \(\d+ rendered, \d+ unchanged\), 1 of [2-9] sheets parsed`).MatchString(s.log.String()) {
		t.Errorf("the fix's rebuild parsed more than the edited sheet:\n%s", s.log)
	}
}

func TestServeIgnoresLockFilesAndWaitsForWholeWorkbooks(t *testing.T) {
	s := start(t, newSite(t))
	events, _ := s.events(t)
	book := filepath.Join(s.dir, starter.Workbook)

	// Excel, WPS and LibreOffice leave these beside an open workbook.
	for _, name := range []string{"~$towns.xlsx", ".~lock.towns.xlsx#", "towns.xlsx.tmp", "4913"} {
		if err := os.WriteFile(filepath.Join(s.dir, "data", name), []byte("lock"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A save that arrives in two writes: first half the file, then all
	// of it. The half must not be reported as a damaged workbook.
	whole, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.SetCell(t, book, "2024年", "B3", 20.1)
	changed, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(whole, changed) {
		t.Fatal("the workbook did not change")
	}
	if err := os.WriteFile(book, changed[:len(changed)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond) // the editor is still writing
	if err := os.WriteFile(book, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	ev := next(t, events)
	if ev.name != "reload" {
		t.Fatalf("first event after the save: %+v, want reload\n%s", ev, s.log)
	}
	if _, page := s.get(t, "towns/sample-food/"); !strings.Contains(page, "20.1") {
		t.Fatal("the town page does not show the new value")
	}
	log := s.log.String()
	if strings.Contains(log, "~$") || strings.Contains(log, "lock") || strings.Contains(log, ".tmp") || strings.Contains(log, "4913") {
		t.Errorf("lock or temporary files caused a rebuild:\n%s", log)
	}
	if strings.Contains(log, "error") {
		t.Errorf("a half-written workbook was read:\n%s", log)
	}
}

func TestServeWatchesLayoutsAndConfig(t *testing.T) {
	s := start(t, newSite(t))
	events, _ := s.events(t)

	// A new layout file in a new folder: the override shows.
	if err := os.MkdirAll(filepath.Join(s.dir, "layouts", "i18n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "layouts", "i18n", "zh-CN.toml"), []byte("nav_towns = \"各个专业镇XYZ\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ev := next(t, events)
	for ev.name == "reload" && !strings.Contains(s.getBody(t, ""), "各个专业镇XYZ") {
		ev = next(t, events) // the folder and the file may come as two rebuilds
	}
	if ev.name != "reload" {
		t.Fatalf("after a layout change: %+v\n%s", ev, s.log)
	}

	// The layouts folder removed and made again: still watched.
	if err := os.RemoveAll(filepath.Join(s.dir, "layouts")); err != nil {
		t.Fatal(err)
	}
	for ev.name == "reload" && strings.Contains(s.getBody(t, ""), "各个专业镇XYZ") {
		ev = next(t, events)
	}
	if err := os.MkdirAll(filepath.Join(s.dir, "layouts", "i18n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "layouts", "i18n", "zh-CN.toml"), []byte("nav_towns = \"又一个ABC\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for ev.name == "reload" && !strings.Contains(s.getBody(t, ""), "又一个ABC") {
		ev = next(t, events)
	}
	if ev.name != "reload" {
		t.Fatalf("after making layouts/ again: %+v\n%s", ev, s.log)
	}
	// A later save inside the new folder is seen too.
	if err := os.WriteFile(filepath.Join(s.dir, "layouts", "i18n", "zh-CN.toml"), []byte("nav_towns = \"再一个DEF\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for ev.name == "reload" && !strings.Contains(s.getBody(t, ""), "再一个DEF") {
		ev = next(t, events)
	}

	// A typo in config.toml: an unknown key is an error with its line.
	cfgPath := filepath.Join(s.dir, "config.toml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, bytes.Replace(cfg, []byte("\ntitle = "), []byte("\ntitel = "), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	ev = next(t, events)
	if ev.name != "problems" || !strings.Contains(ev.data, `config.toml:9: unknown key \"site.titel\"`) {
		t.Fatalf("after a config typo: %+v\n%s", ev, s.log)
	}
	if err := os.WriteFile(cfgPath, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, events); ev.name != "reload" {
		t.Fatalf("after fixing config: %+v", ev)
	}
}

func (s *site) getBody(t *testing.T, path string) string {
	_, b := s.get(t, path)
	return b
}

func TestServeFirstBuildFails(t *testing.T) {
	dir := newSite(t)
	book := filepath.Join(dir, starter.Workbook)
	sitetest.SetCell(t, book, "专业镇名录", "D3", "国家级")
	s := start(t, dir)

	code, page := s.get(t, "")
	if code != http.StatusServiceUnavailable || !strings.Contains(page, "data/towns.xlsx:专业镇名录!D3: unknown tier") {
		t.Fatalf("with no good build yet: %d\n%s", code, page)
	}
	if !strings.Contains(page, `data-build="0"`) {
		t.Fatal("the problems page has no reload script")
	}
	events, _ := s.events(t)
	if ev := next(t, events); ev.name != "problems" {
		t.Fatalf("a new tab's second event: %+v, want problems", ev)
	}
	sitetest.SetCell(t, book, "专业镇名录", "D3", "省级")
	if ev := next(t, events); ev != (sseEvent{"reload", "1"}) {
		t.Fatalf("after the fix: %+v", ev)
	}
	if code, _ := s.get(t, ""); code != 200 {
		t.Fatalf("after the fix: %d", code)
	}
}

func TestServeStopsCleanly(t *testing.T) {
	s := start(t, newSite(t))
	events, _ := s.events(t)
	if err := s.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	// The open event stream ends with the server.
	select {
	case _, ok := <-events:
		if ok {
			t.Fatal("an event after stop")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the event stream is still open after stop")
	}
	if _, err := http.Get(s.url); err == nil {
		t.Fatal("the server still answers after stop")
	}
	if !strings.HasSuffix(s.log.String(), "stopped\n") {
		t.Errorf("log: %s", s.log)
	}
}

func TestPublishedFilesHaveNoReloadScript(t *testing.T) {
	page := []byte("<html><body><p>x</p></body></html>")
	got := string(withScript(page, 7))
	if got != `<html><body><p>x</p><script src="/__townpress/reload.js" data-build="7"></script></body></html>` {
		t.Errorf("withScript = %s", got)
	}
	if string(page) != "<html><body><p>x</p></body></html>" {
		t.Error("withScript changed its input")
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"~$towns.xlsx": true, ".~lock.towns.xlsx#": true, "towns.xlsx.tmp": true, ".hidden": true,
		"towns.xlsx~": true, "4913": true, "x.swp": true, "#x#": true,
		"towns.xlsx": false, "2024.md": false, "base.html": false, "zh-CN.toml": false,
	} {
		if ignored(name) != want {
			t.Errorf("ignored(%q) = %v", name, !want)
		}
	}
}

// The overlay counts errors and warnings apart, in the site's language,
// and links to what was read.
func TestProblemsJSONCountsApart(t *testing.T) {
	var problems diag.List
	problems.Err(diag.Loc{File: "data/x.xlsx", Sheet: "2024年", Cell: "B4"}, diag.M("%s: bad", "%s：有误"), "工业产值")
	problems.Warn(diag.Loc{File: "data/old.xls"}, diag.M("not read", "未读取"))
	var got struct {
		Title, Explain, Link string
		Errors, Warnings     int
		Lines                []string
	}
	if err := json.Unmarshal([]byte(problemsJSON(problems, diag.Zh)), &got); err != nil {
		t.Fatal(err)
	}
	if got.Errors != 1 || got.Warnings != 1 || !strings.HasPrefix(got.Title, "输入有误：1 个错误，1 个警告。") ||
		got.Lines[1] != "data/old.xls: 警告：未读取" || got.Explain != explainPath {
		t.Errorf("overlay = %+v", got)
	}
}

// TestServeKeepsRebuildingAfterANamedPipe: a named pipe saved where a
// narrative belongs hung the rebuild, and serve never rebuilt again.
func TestServeKeepsRebuildingAfterANamedPipe(t *testing.T) {
	s := start(t, newSite(t))
	events, _ := s.events(t)
	narrative := filepath.Join(s.dir, "data", "narrative", "reports", "2024.md")
	if err := os.MkdirAll(filepath.Dir(narrative), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Remove(narrative)
	if err := mkfifo(narrative); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	ev := next(t, events)
	if ev.name != "problems" || !strings.Contains(ev.data, "data/narrative/reports/2024.md: is a named pipe (FIFO), not a regular file") {
		t.Fatalf("after a named pipe: %+v\n%s", ev, s.log)
	}
	if err := os.Remove(narrative); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, events); ev.name != "reload" {
		t.Fatalf("after removing the pipe: %+v, want reload\n%s", ev, s.log)
	}
	s.setCell(t, "2024年", "B3", 21.3)
	if ev := next(t, events); ev.name != "reload" {
		t.Fatalf("after an edit: %+v, want reload\n%s", ev, s.log)
	}
	if _, page := s.get(t, "towns/sample-food/"); !strings.Contains(page, "21.3") {
		t.Fatal("the town page does not show the new value")
	}
}
