package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/browser"
)

func TestIsLocal(t *testing.T) {
	for raw, want := range map[string]bool{
		"file:///x/public/index.html":       true,
		"http://127.0.0.1:1313/towns/":      true,
		"http://localhost:8080/a.js":        true,
		"http://[::1]:8080/a.js":            true,
		"data:image/png;base64,AAAA":        true,
		"https://cdn.jsdelivr.net/echarts":  false,
		"http://127.0.0.1.example.com/x.js": false,
		"ftp://example.com/x":               false,
	} {
		if got := isLocal(raw); got != want {
			t.Errorf("isLocal(%q) = %v, want %v", raw, got, want)
		}
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"file:///work/public/towns/qingxu-vinegar/index.html": "towns_qingxu-vinegar_index",
		"http://127.0.0.1:1313/":                              "page",
		"http://127.0.0.1:1313/reports/2023/":                 "reports_2023",
		"file:///tmp/%E6%B8%85%E5%BE%90.html":                 "tmp",
	} {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestToURL(t *testing.T) {
	dir := t.TempDir()
	if got, _ := toURL("http://127.0.0.1:1313/x"); got != "http://127.0.0.1:1313/x" {
		t.Errorf("toURL kept no URL: %q", got)
	}
	if got, err := toURL(dir); err != nil || got != "file://"+filepath.ToSlash(dir)+"/index.html" {
		t.Errorf("toURL(dir) = %q, %v", got, err)
	}
	if _, err := toURL(filepath.Join(dir, "missing.html")); err == nil {
		t.Error("toURL(missing file) gave no error")
	}
}

func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test: run without -short")
	}
	if browser.Find() == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install chromium (or set TOWNPRESS_CHROMIUM)")
		}
		t.Skip("no Chromium found")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	html := `<!doctype html><meta name="viewport" content="width=device-width">` +
		`<div class="chart"><canvas width="10" height="10"></canvas></div>` +
		`<img src="http://example.invalid/logo.png"><script>console.error("broken")</script>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "shot.png")
	var stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"-w", "375", "-h", "600", "-mobile", "-settle", "0", "-out", out, page}, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	shot, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(shot)); err != nil || cfg.Width != 375 || cfg.Height != 600 {
		t.Errorf("shot is %+v, %v; want a 375×600 PNG", cfg, err)
	}
	if strings.TrimSpace(stdout.String()) != out {
		t.Errorf("stdout = %q, want the written path", stdout.String())
	}
	for _, want := range []string{"console error: broken", "request leaves the site: http://example.invalid/logo.png"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}

	pdf := filepath.Join(dir, "pdfs")
	stdout.Reset()
	if err := run(ctx, []string{"-settle", "0", "-pdf", pdf, page, dir}, &stdout, &stderr); err == nil {
		t.Error("run with a folder that has no index.html succeeded")
	}
	printed, err := os.ReadFile(filepath.Join(pdf, "01-"+fileName("file://"+filepath.ToSlash(page))+".pdf"))
	if err != nil || !bytes.HasPrefix(printed, []byte("%PDF")) {
		t.Errorf("first of two PDFs: %v, starts %q", err, printed[:min(4, len(printed))])
	}
}
