// Package browsertest starts headless Chromium for tests: it skips a test
// where no Chromium is installed, except in CI (the CI variable is set),
// which must install one, so a missing browser never passes silently there.
// With -short every browser test is skipped.
//
// A test package's browser tests share one browser (Shared, closed by
// CloseShared from the package's TestMain) instead of starting one each, and open their tabs a few at a time
// in parallel (Tab).
package browsertest

import (
	"context"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/browser"
)

// Launch returns a browser closed when the test ends.
func Launch(t testing.TB) *browser.Browser {
	t.Helper()
	path := find(t)
	b, err := launch(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	})
	return b
}

func find(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		// The slowest tests by far; go test ./... and CI run them.
		t.Skip("a browser test: run without -short")
	}
	path := browser.Find()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install chromium (apt-get install -y chromium, or set TOWNPRESS_CHROMIUM)")
		}
		t.Skip("no Chromium found; install chromium (or set TOWNPRESS_CHROMIUM) to run the browser tests")
	}
	return path
}

func launch(path string) (*browser.Browser, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Tabs side by side are all in the background but one: without these,
	// Chromium slows their timers and animation frames, and a chart's
	// animation in a background tab waits for its turn in front.
	return browser.Launch(ctx, path, "--disable-background-timer-throttling",
		"--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows")
}

var shared struct {
	mu sync.Mutex
	b  *browser.Browser
}

// Shared returns the test binary's browser, launched by the first test
// that asks (and again if it has died). A package that uses it calls
// CloseShared from its TestMain once the tests have run.
func Shared(t testing.TB) *browser.Browser {
	t.Helper()
	path := find(t)
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.b == nil || shared.b.Gone() {
		if shared.b != nil {
			shared.b.Close()
		}
		b, err := launch(path)
		if err != nil {
			t.Fatal(err)
		}
		shared.b = b
	}
	return shared.b
}

// CloseShared closes the shared browser, if one was started.
func CloseShared() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.b != nil {
		shared.b.Close()
		shared.b = nil
	}
}

// tabs bounds the tabs open at once across the test binary.
var tabs = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

// Tab marks a subtest that opens a tab as parallel with its siblings, and
// holds one of a few slots for open tabs until it ends.
func Tab(t *testing.T) {
	t.Helper()
	t.Parallel()
	tabs <- struct{}{}
	t.Cleanup(func() { <-tabs })
}
