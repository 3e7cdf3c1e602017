package browser

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// launch starts a browser for one test, or skips the test where there is no
// Chromium; CI must have one, so there it fails instead.
func launch(t *testing.T) *Browser {
	t.Helper()
	path := Find()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install chromium (or set TOWNPRESS_CHROMIUM)")
		}
		t.Skip("no Chromium found (install chromium or set TOWNPRESS_CHROMIUM)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := Launch(ctx, path)
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

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

const problemPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>problems</title></head>
<body style="margin:0;background:#fff">
<div style="width:100px;height:2000px;background:#c00"></div>
<img src="http://example.invalid/x.png" alt="">
<script>
console.error("boom", 42);
console.log("not a problem");
window.answer = {n: 41 + 1, s: "ok"};
</script>
<script>throw new Error("kaput")</script>
</body></html>`

func TestFilePage(t *testing.T) {
	b := launch(t)
	ctx := testContext(t)
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, []byte(problemPage), 0o644); err != nil {
		t.Fatal(err)
	}
	page, err := b.NewPage(ctx, 320, 240, false)
	if err != nil {
		t.Fatal(err)
	}
	url := "file://" + file
	if err := page.Navigate(ctx, url); err != nil {
		t.Fatal(err)
	}

	t.Run("Eval", func(t *testing.T) {
		var answer struct {
			N int
			S string
		}
		if err := page.Eval(ctx, "window.answer", &answer); err != nil || answer.N != 42 || answer.S != "ok" {
			t.Errorf("Eval(window.answer) = %+v, %v; want {42 ok}", answer, err)
		}
		var n int
		if err := page.Eval(ctx, "new Promise(r => setTimeout(() => r(7), 10))", &n); err != nil || n != 7 {
			t.Errorf("Eval(promise) = %d, %v; want 7", n, err)
		}
		if err := page.Eval(ctx, "undefined", &n); err != nil {
			t.Errorf("Eval(undefined): %v", err)
		}
		if err := page.Eval(ctx, `(() => { throw new Error("nope") })()`, nil); err == nil || !strings.Contains(err.Error(), "nope") {
			t.Errorf("Eval(throw) error = %v, want one that says nope", err)
		}
	})

	t.Run("Console", func(t *testing.T) {
		var texts []string
		for _, m := range page.Console() {
			texts = append(texts, m.String())
		}
		all := strings.Join(texts, "\n")
		for _, want := range []string{"console error: boom 42 (" + url + ":", "exception error: Error: kaput", "log error: Failed to load resource"} {
			if !strings.Contains(all, want) {
				t.Errorf("Console() lacks %q; got:\n%s", want, all)
			}
		}
		if strings.Contains(all, "not a problem") {
			t.Errorf("Console() recorded console.log; got:\n%s", all)
		}
	})

	t.Run("Requests", func(t *testing.T) {
		requests := page.Requests()
		if len(requests) == 0 || requests[0] != url {
			t.Errorf("Requests() = %q, want the page first", requests)
		}
		if !slices.Contains(requests, "http://example.invalid/x.png") {
			t.Errorf("Requests() = %q, want the outside image too", requests)
		}
	})

	t.Run("Screenshot", func(t *testing.T) {
		for _, tc := range []struct {
			fullPage      bool
			width, height int
		}{{false, 320, 240}, {true, 320, 2000}} {
			shot, err := page.Screenshot(ctx, tc.fullPage)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(shot, []byte("\x89PNG\r\n\x1a\n")) {
				t.Fatalf("Screenshot(%v) is not a PNG: % x", tc.fullPage, shot[:min(8, len(shot))])
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(shot))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Width != tc.width || cfg.Height < tc.height {
				t.Errorf("Screenshot(%v) is %d×%d, want %d×%d or taller", tc.fullPage, cfg.Width, cfg.Height, tc.width, tc.height)
			}
		}
	})

	t.Run("PrintPDF", func(t *testing.T) {
		for _, opts := range []PDFOptions{{}, {Landscape: true, PageNumbers: true}} {
			pdf, err := page.PrintPDF(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF")) {
				t.Errorf("PrintPDF(%+v) does not start with %%PDF: %q", opts, pdf[:min(8, len(pdf))])
			}
		}
	})

	t.Run("WaitFor", func(t *testing.T) {
		if err := page.Eval(ctx, "setTimeout(() => { window.late = true }, 100), 0", nil); err != nil {
			t.Fatal(err)
		}
		if err := page.WaitFor(ctx, "window.late"); err != nil {
			t.Error(err)
		}
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if err := page.WaitFor(short, "window.never"); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("WaitFor(never) = %v, want deadline exceeded", err)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		if err := page.call(ctx, "Nope.nothing", nil, nil); err == nil || !strings.Contains(err.Error(), "Nope.nothing") {
			t.Errorf("unknown method: error = %v, want one naming the method", err)
		}
		if err := page.Navigate(ctx, "file://"+filepath.Join(t.TempDir(), "missing.html")); err == nil || !strings.Contains(err.Error(), "ERR_FILE_NOT_FOUND") {
			t.Errorf("Navigate(missing file) = %v, want ERR_FILE_NOT_FOUND", err)
		}
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		if err := page.Eval(canceled, "1", nil); !errors.Is(err, context.Canceled) {
			t.Errorf("Eval(canceled ctx) = %v, want context.Canceled", err)
		}
	})

	if err := page.Close(); err != nil {
		t.Error(err)
	}
}

func TestHTTPPage(t *testing.T) {
	b := launch(t)
	ctx := testContext(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><meta name="viewport" content="width=device-width">`+
			`<title>served</title><script src="app.js"></script>`)
	})
	mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.title += " with script";`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	page, err := b.NewPage(ctx, 375, 812, true)
	if err != nil {
		t.Fatal(err)
	}
	defer page.Close()
	if err := page.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	var title string
	if err := page.Eval(ctx, "document.title", &title); err != nil || title != "served with script" {
		t.Errorf("title = %q, %v; want %q", title, err, "served with script")
	}
	// Chromium may also ask for /favicon.ico; that is a real request too.
	if got, want := page.Requests(), []string{srv.URL + "/", srv.URL + "/app.js"}; len(got) < 2 || !slices.Equal(got[:2], want) {
		t.Errorf("Requests() = %q, want %q first", got, want)
	}
	if msgs := page.Console(); len(msgs) != 0 {
		t.Errorf("Console() = %v, want none", msgs)
	}
	var mobile struct{ Width, Touch int }
	if err := page.Eval(ctx, "({width: innerWidth, touch: navigator.maxTouchPoints})", &mobile); err != nil || mobile.Width != 375 || mobile.Touch == 0 {
		t.Errorf("mobile viewport = %+v, %v; want width 375 with touch", mobile, err)
	}
}

func TestCloseCleansUp(t *testing.T) {
	before := runtime.NumGoroutine()
	b := launch(t)
	ctx := testContext(t)
	if _, err := b.NewPage(ctx, 200, 200, false); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := os.Stat(b.userDataDir); !os.IsNotExist(err) {
		t.Errorf("user-data-dir %s still there: %v", b.userDataDir, err)
	}
	if _, err := b.NewPage(ctx, 200, 200, false); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("NewPage after Close = %v, want a closed error", err)
	}
	for deadline := time.Now().Add(2 * time.Second); runtime.NumGoroutine() > before && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines before Launch, %d after Close", before, after)
	}
}

func TestLaunchReportsEarlyExit(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a shell script as the browser")
	}
	fake := filepath.Join(t.TempDir(), "fake-chromium")
	script := "#!/bin/sh\necho 'warming up' >&2\necho 'FATAL: no usable display' >&2\nexit 3\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Launch(testContext(t), fake)
	if err == nil || !strings.Contains(err.Error(), "FATAL: no usable display") || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("Launch(fake) error = %v, want the exit status and stderr tail", err)
	}
	if _, err := Launch(testContext(t), filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Launch(missing binary) succeeded")
	}
}

func TestFind(t *testing.T) {
	t.Setenv("TOWNPRESS_CHROMIUM", "/opt/my/chrome")
	if got := Find(); got != "/opt/my/chrome" {
		t.Errorf("Find() = %q, want $TOWNPRESS_CHROMIUM", got)
	}
}
