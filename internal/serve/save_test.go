package serve

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/build"
	"github.com/townpress/townpress/internal/sitetest"
	"github.com/townpress/townpress/internal/starter"
)

// rebuilds counts the rebuilds serve has logged since it started.
func (s *site) rebuilds() int {
	return strings.Count(s.log.String(), " changed: rebuilt")
}

// quiet fails if an event comes within d: the save is over.
func quiet(t *testing.T, events <-chan sseEvent, d time.Duration) {
	t.Helper()
	select {
	case ev := <-events:
		t.Fatalf("one more event: %+v", ev)
	case <-time.After(d):
	}
}

// Excel saves by writing the whole workbook to a new file with a name of
// its own (8 hex digits, no extension), then renaming the workbook away
// and the new file into its place. That is one save: one rebuild, one
// reload, whatever the time between writing and renaming.
func TestServeExcelSaveIsOneRebuild(t *testing.T) {
	dir := newSite(t)
	book := filepath.Join(dir, starter.Workbook)
	sitetest.SetCell(t, book, "2024年", "B3", 31.4)
	saved, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.SetCell(t, book, "2024年", "B3", 17.8) // back to the starter's value
	s := start(t, dir)
	events, _ := s.events(t)

	temp := filepath.Join(dir, "data", "5A3B1C00")
	if err := os.WriteFile(temp, saved, 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // Excel takes its time between writing and renaming
	backup := filepath.Join(dir, "data", "~WRL0001.tmp")
	if err := os.Rename(book, backup); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(temp, book); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(backup); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, events); ev != (sseEvent{"reload", "2"}) {
		t.Fatalf("after the save: %+v\n%s", ev, s.log)
	}
	quiet(t, events, time.Second)
	if n := s.rebuilds(); n != 1 {
		t.Errorf("%d rebuilds for one save, want 1:\n%s", n, s.log)
	}
	if !strings.Contains(s.log.String(), "data/towns.xlsx changed: rebuilt") || strings.Contains(s.log.String(), "5A3B1C00") {
		t.Errorf("the rebuild is not for the workbook:\n%s", s.log)
	}
	if _, page := s.get(t, "towns/sample-food/"); !strings.Contains(page, "31.4") {
		t.Error("the town page does not show the saved value")
	}
	// Pages the save did not reach were taken from the last build, not
	// rendered again; the site served is what a fresh build makes.
	if !strings.Contains(s.log.String(), " unchanged)") {
		t.Errorf("the rebuild rendered every page again:\n%s", s.log)
	}
	_, fresh, err := build.Render(build.Options{Config: filepath.Join(dir, "config.toml")})
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	served := s.files
	s.mu.Unlock()
	if !sameFiles(served, fresh) {
		t.Error("the site served after the save differs from a fresh build's")
	}
}

// A program that writes the new workbook under an .xlsx name of its own
// and renames it into place at once: one rebuild, for the workbook.
func TestServeRenamedWorkbookIsOneRebuild(t *testing.T) {
	dir := newSite(t)
	book := filepath.Join(dir, starter.Workbook)
	sitetest.SetCell(t, book, "2024年", "B3", 27.2)
	saved, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.SetCell(t, book, "2024年", "B3", 17.8)
	s := start(t, dir)
	events, _ := s.events(t)

	temp := filepath.Join(dir, "data", "towns.new.xlsx")
	if err := os.WriteFile(temp, saved, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(temp, book); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, events); ev != (sseEvent{"reload", "2"}) {
		t.Fatalf("after the save: %+v\n%s", ev, s.log)
	}
	quiet(t, events, time.Second)
	if n := s.rebuilds(); n != 1 || strings.Contains(s.log.String(), "towns.new.xlsx") {
		t.Errorf("%d rebuilds, want 1 for data/towns.xlsx:\n%s", n, s.log)
	}
}

// A save that changes no page (the same workbook saved again) rebuilds
// but reloads no tab.
func TestServeUnchangedSaveReloadsNothing(t *testing.T) {
	s := start(t, newSite(t))
	events, _ := s.events(t)
	book := filepath.Join(s.dir, starter.Workbook)
	b, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(book, b, 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for s.rebuilds() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no rebuild:\n%s", s.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	quiet(t, events, 500*time.Millisecond)
	if !strings.Contains(s.log.String(), ", none changed") {
		t.Errorf("log:\n%s", s.log)
	}
}

// After a save the page a tab shows is rendered first and the tab reloads
// at once, while the rest of the site is still being made; a request for
// any other file waits for it rather than getting the previous build's.
func TestServeReloadsTheOpenPageFirst(t *testing.T) {
	dir := newSite(t)
	held, release := make(chan bool, 1), make(chan bool)
	s := startWith(t, dir, func(srv *Server) {
		srv.beforeAll = func() {
			held <- true
			<-release
		}
	})
	events, _ := s.eventsOf(t, "/towns/sample-food/")
	// A value on no page yet: the town page's static charts have 31.4px.
	for _, p := range []string{"towns/sample-food/", "indicators/output/"} {
		if _, page := s.get(t, p); strings.Contains(page, "77.7") {
			t.Fatalf("%s shows 77.7 before the save", p)
		}
	}
	s.setCell(t, "2024年", "B3", 77.7)
	if ev := next(t, events); ev.name != "reload" {
		t.Fatalf("after the save: %+v\n%s", ev, s.log)
	}
	select {
	case <-held:
	case <-time.After(30 * time.Second):
		t.Fatalf("the rest of the site was not started after the early reload\n%s", s.log)
	}
	if _, page := s.get(t, "towns/sample-food/"); !strings.Contains(page, "77.7") {
		t.Error("the open page, reloaded early, does not show the saved value")
	}
	if code, _ := s.get(t, "assets/townpress.css"); code != http.StatusOK {
		t.Errorf("the open page's stylesheet: %d while the site renders", code)
	}

	other := make(chan string, 1)
	go func() {
		// A client that gives up, so that a file never made fails the
		// test rather than hanging it.
		client := &http.Client{Timeout: time.Minute}
		resp, err := client.Get(s.url + "indicators/output/")
		if err != nil {
			other <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		other <- string(b)
	}()
	select {
	case <-other:
		t.Fatal("a page not rendered yet was served before the site was made")
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	select {
	case page := <-other:
		if !strings.Contains(page, "77.7") {
			t.Error("the indicator page served after the rebuild does not show the saved value")
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the indicator page never came\n%s", s.log)
	}
	quiet(t, events, 500*time.Millisecond) // one reload for the save, not a second when the site is made
	if n := s.rebuilds(); n != 1 {
		t.Errorf("%d rebuilds, want 1:\n%s", n, s.log)
	}
}

// A tab on a page the draft cannot render alone (the downloads page lists
// the sizes of every file; a page the save removed) does not keep the
// other tabs from reloading early: it reloads with them and waits for the
// whole site.
func TestServeEarlyReloadWithATabOnTheDownloadsPage(t *testing.T) {
	dir := newSite(t)
	early := make(chan bool, 4)
	s := startWith(t, dir, func(srv *Server) { srv.beforeAll = func() { early <- true } })
	town, _ := s.eventsOf(t, "/towns/sample-food/")
	downloads, _ := s.eventsOf(t, "/downloads/")
	gone, _ := s.eventsOf(t, "/towns/no-such-town/")
	s.setCell(t, "2024年", "B3", 77.7)
	for _, events := range []<-chan sseEvent{town, downloads, gone} {
		if ev := next(t, events); ev.name != "reload" {
			t.Fatalf("after the save: %+v\n%s", ev, s.log)
		}
	}
	select {
	case <-early:
	case <-time.After(30 * time.Second):
		t.Fatalf("no early reload with a tab on the downloads page\n%s", s.log)
	}
	if code, page := s.get(t, "downloads/"); code != http.StatusOK || !strings.Contains(page, "data.json") {
		t.Errorf("the downloads page after the save: %d", code)
	}
}

// When the rest of the site fails to build after the tabs were reloaded
// onto their new pages, the tabs are sent back to the last good site, and
// it shows the problems.
func TestServeFailedBuildAfterAnEarlyReload(t *testing.T) {
	dir := newSite(t)
	// One save of two files: the quiet time holds both in one rebuild.
	s := startWith(t, dir, func(srv *Server) { srv.opts.Quiet = 700 * time.Millisecond })
	events, first := s.eventsOf(t, "/towns/sample-food/")
	if err := os.MkdirAll(filepath.Join(dir, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	// The town page renders; the indicator pages cannot.
	if err := os.WriteFile(filepath.Join(dir, "layouts", "indicator.html"), []byte(`{{template "nope" .}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s.setCell(t, "2024年", "B3", 77.7)
	early := next(t, events)
	if early.name != "reload" {
		t.Fatalf("after the save: %+v\n%s", early, s.log)
	}
	back := next(t, events)
	if back.name != "reload" || back.data == early.data || back.data == first.data {
		t.Fatalf("after the failed build: %+v (early reload %+v, first %+v), want a reload to a build of its own\n%s", back, early, first, s.log)
	}
	if _, page := s.get(t, "towns/sample-food/"); strings.Contains(page, "77.7") {
		t.Error("the town page of the failed build is still served")
	}
	// The tab, back on the last good site, connects again and is shown
	// the problems.
	again, ev := s.eventsOf(t, "/towns/sample-food/")
	if ev != (sseEvent{"build", back.data}) {
		t.Fatalf("a tab connecting: %+v, want build %s", ev, back.data)
	}
	if ev := next(t, again); ev.name != "problems" || !strings.Contains(ev.data, "indicator.html") {
		t.Errorf("then: %+v, want the problems", ev)
	}
	if !strings.Contains(s.log.String(), "still serving the last good site") {
		t.Errorf("the failure is not in the log:\n%s", s.log)
	}
}
