package serve

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/browser/browsertest"
)

// TestServeInBrowser opens a served page in headless Chromium and edits the
// workbook under it: the tab reloads itself with the new number, a typo
// lays its cell over the page, and the fix takes it away, all without
// anyone touching the tab.
func TestServeInBrowser(t *testing.T) {
	b := browsertest.Launch(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	page, err := b.NewPage(ctx, 1280, 800, false)
	if err != nil {
		t.Fatal(err)
	}
	defer page.Close()

	s := start(t, newSite(t))
	if err := page.Navigate(ctx, s.url+"towns/sample-food/"); err != nil {
		t.Fatal(err)
	}
	// The tab is connected once the script has its event stream open.
	if err := page.WaitFor(ctx, `document.body.textContent.includes("17.8")`); err != nil {
		t.Fatal(err)
	}
	if err := page.Eval(ctx, `window.__marker = "old tab"`, nil); err != nil {
		t.Fatal(err)
	}
	waitConnected(t, s)

	s.setCell(t, "2024年", "B3", 19.6)
	if err := page.WaitFor(ctx, `document.body.textContent.includes("19.6") && !window.__marker`); err != nil {
		t.Fatalf("the tab did not reload with the new value: %v\n%s", err, s.log)
	}
	waitConnected(t, s)

	s.setCell(t, "2024年", "B4", "12k")
	if err := page.WaitFor(ctx, `document.getElementById("townpress-problems")`); err != nil {
		t.Fatalf("no overlay after a typo: %v\n%s", err, s.log)
	}
	var overlay string
	if err := page.Eval(ctx, `document.getElementById("townpress-problems").textContent`, &overlay); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(overlay, `data/towns.xlsx:2024年!B4: 工业产值: "12k" is not a number`) ||
		!strings.Contains(overlay, "1 error, 0 warnings in the input") {
		t.Errorf("overlay: %s", overlay)
	}
	var explain string
	if err := page.Eval(ctx, `document.querySelector("#townpress-problems a").getAttribute("href")`, &explain); err != nil || explain != "/__townpress/explain" {
		t.Errorf("the overlay's link to what was read: %q %v", explain, err)
	}
	if err := page.Eval(ctx, `document.body.textContent.includes("19.6")`, nil); err != nil {
		t.Fatal(err)
	}
	if shot := os.Getenv("TOWNPRESS_SHOT"); shot != "" {
		png, err := page.Screenshot(ctx, false)
		if err == nil {
			os.WriteFile(shot, png, 0o644)
		}
	}

	s.setCell(t, "2024年", "B4", 11.6)
	if err := page.WaitFor(ctx, `!document.getElementById("townpress-problems") && document.body.textContent.includes("19.6")`); err != nil {
		t.Fatalf("the overlay stayed after the fix: %v\n%s", err, s.log)
	}
	for _, m := range page.Console() {
		if m.Level == "error" {
			t.Errorf("console: %s", m)
		}
	}
}

// waitConnected waits until a tab holds the event stream open, so that an
// edit made next reaches it.
func waitConnected(t *testing.T, s *site) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if s.connected() > 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no tab connected to the event stream")
}
