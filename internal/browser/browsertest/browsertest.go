// Package browsertest starts headless Chromium for tests: it skips a test
// where no Chromium is installed, except in CI (the CI variable is set),
// which must install one, so a missing browser never passes silently there.
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/browser"
)

// Launch returns a browser closed when the test ends.
func Launch(t testing.TB) *browser.Browser {
	t.Helper()
	path := browser.Find()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install chromium (apt-get install -y chromium, or set TOWNPRESS_CHROMIUM)")
		}
		t.Skip("no Chromium found; install chromium (or set TOWNPRESS_CHROMIUM) to run the browser tests")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := browser.Launch(ctx, path)
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
