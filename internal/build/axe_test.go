package build

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/browser/browsertest"
)

// axeScript is axe-core, installed by .ci/run into tools/axe (pinned by
// its package-lock.json).
const axeScript = "../../tools/axe/node_modules/axe-core/axe.min.js"

type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
}

// TestAccessibility runs axe-core on every kind of page in both languages,
// at desktop and phone width and with the search list open, and fails on
// any serious or critical violation (WCAG 2.1 A and AA rules and axe's best
// practices). Moderate and minor findings are logged.
func TestAccessibility(t *testing.T) {
	src, err := os.ReadFile(axeScript)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must install axe-core (cd tools/axe && npm ci): %v", err)
		}
		t.Skip("axe-core not installed; run (cd tools/axe && npm ci) to run the accessibility test")
	}
	b := browsertest.Shared(t)
	out := builtExploreSite(t)
	pages := []string{"index.html", "tiers/index.html", "tiers/municipal/index.html", "towns/index.html",
		"towns/qingxu-vinegar/index.html", "indicators/index.html", "indicators/output/index.html#tier=municipal",
		"404.html", "search/index.html?q=qx", "compare/index.html", "compare/index.html#towns=qingxu-vinegar,xiaodian-motors"}
	for _, name := range append(pages, prefixed("en/", pages)...) {
		for _, width := range []int{1280, 375} {
			// At phone width the layout changes, not the markup: the
			// pages with the most layout are enough.
			if width == 375 && !phoneChecked[strings.TrimPrefix(name, "en/")] {
				continue
			}
			t.Run(name+"@"+strconv.Itoa(width), func(t *testing.T) {
				browsertest.Tab(t)
				page, ctx := open(t, b, out, name, width)
				if err := page.Eval(ctx, string(src), nil); err != nil {
					t.Fatal(err)
				}
				checkAxe(t, page, ctx)
			})
		}
	}
	// The releases' pages, and a page of figures that says which release
	// it is, of the sample site, which has two.
	sample := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Config: "../../config.toml", Out: sample}); err != nil {
		t.Fatal(err)
	}
	released := []string{"releases/index.html", "releases/2024-revised/index.html#rev_value_qingxu-vinegar_output_2024",
		"releases/2024-preliminary/index.html", "calendar/index.html", "downloads/index.html", "reports/2024/index.html"}
	for _, name := range append(released, prefixed("en/", released)...) {
		for _, width := range []int{1280, 375} {
			if width == 375 && !strings.HasPrefix(name, "releases/2024-revised/") {
				continue
			}
			t.Run(name+"@"+strconv.Itoa(width), func(t *testing.T) {
				browsertest.Tab(t)
				page, ctx := open(t, b, sample, name, width)
				if err := page.Eval(ctx, string(src), nil); err != nil {
					t.Fatal(err)
				}
				checkAxe(t, page, ctx)
			})
		}
	}
	// The search box with its list of options open.
	for _, name := range []string{"index.html", "en/towns/qingxu-wine/index.html"} {
		t.Run(name+"@search-open", func(t *testing.T) {
			browsertest.Tab(t)
			page, ctx := open(t, b, out, name, 1280)
			err := page.Eval(ctx, `(async () => {
				const q = document.getElementById("q");
				q.focus(); q.value = "qx";
				q.dispatchEvent(new Event("input", {bubbles: true}));
				for (let i = 0; i < 100 && !document.querySelector("#q-list [role=option]"); i++)
					await new Promise(r => setTimeout(r, 20));
				q.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowDown", bubbles: true}));
			})()`, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := page.Eval(ctx, string(src), nil); err != nil {
				t.Fatal(err)
			}
			checkAxe(t, page, ctx)
		})
	}
}

var phoneChecked = map[string]bool{"index.html": true, "towns/qingxu-vinegar/index.html": true,
	"compare/index.html#towns=qingxu-vinegar,xiaodian-motors": true}

// prefixed puts prefix before every name.
func prefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}

// checkAxe runs axe-core, already injected, on the page.
func checkAxe(t *testing.T, page *browser.Page, ctx context.Context) {
	t.Helper()
	var found []axeViolation
	err := page.Eval(ctx, `axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
		resultTypes: ["violations"],
	}).then(r => r.violations.map(v => ({ID: v.id, Impact: v.impact || "", Help: v.help,
		Nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " "))})))`, &found)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range found {
		msg := v.Impact + " " + v.ID + ": " + v.Help + "\n\t" + strings.Join(v.Nodes, "\n\t")
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}
