package build

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/browser/browsertest"
)

// TestSampleSiteInBrowser builds the sample site and opens pages from
// file:// as a reader would: every chart is drawn, nothing goes wrong in the
// console, and no request leaves the site's folder.
func TestSampleSiteInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Config: "../../config.toml", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	report := fmt.Sprintf("reports/%d/index.html", res.Site.LatestYear())
	pages := []string{"index.html", "tiers/municipal/index.html", "towns/qingxu-vinegar/index.html",
		"indicators/output/index.html", "en/index.html", "en/towns/xiaodian-motors/index.html",
		"en/indicators/entities/index.html#year=2022&tier=county", "compare/index.html#towns=qingxu-vinegar,xiaodian-motors,yangqu-grains",
		"en/compare/index.html#towns=qingxu-vinegar,xiaodian-motors", "search/index.html?q=qx", "en/404.html",
		report, "en/" + report, "reports/index.html", "downloads/index.html"}
	// Pages whose charts are drawn only once the reader asks for them, and
	// pages without charts.
	noCharts := map[string]bool{"search/index.html?q=qx": true, "en/404.html": true, "reports/index.html": true, "downloads/index.html": true}
	for _, name := range pages {
		for _, vp := range []struct {
			w, h   int
			mobile bool
		}{{375, 812, true}, {1280, 800, false}} {
			t.Run(name+"@"+strconv.Itoa(vp.w), func(t *testing.T) {
				browsertest.Tab(t)
				ctx, cancel := context.WithTimeout(context.Background(), pageTimeout)
				defer cancel()
				page, err := b.NewPage(ctx, vp.w, vp.h, vp.mobile)
				if err != nil {
					t.Fatal(err)
				}
				defer page.Close()
				if err := page.Navigate(ctx, fileURL(out, name)); err != nil {
					t.Fatal(err)
				}
				if err := page.WaitFor(ctx, browser.ChartsDrawn); err != nil {
					t.Fatalf("charts not drawn: %v", err)
				}
				var stats struct {
					Charts, Drawn, ScrollWidth, Width int
				}
				err = page.Eval(ctx, `({
					Charts: document.querySelectorAll(".chart").length,
					Drawn: Array.from(document.querySelectorAll(".chart")).filter(el => el.querySelector("canvas, svg:not(.chart-static)")).length,
					ScrollWidth: document.documentElement.scrollWidth,
					Width: window.innerWidth,
				})`, &stats)
				if err != nil {
					t.Fatal(err)
				}
				if stats.Charts == 0 && !noCharts[name] {
					t.Errorf("no chart on the page")
				}
				if stats.Drawn != stats.Charts {
					t.Errorf("%d of %d charts drawn", stats.Drawn, stats.Charts)
				}
				if stats.ScrollWidth > stats.Width {
					t.Errorf("page scrolls sideways: %dpx wide in a %dpx window", stats.ScrollWidth, stats.Width)
				}
				if strings.Contains(name, "towns/") {
					checkSharedOption(ctx, t, page)
				}
				for _, m := range page.Console() {
					t.Errorf("console: %s", m)
				}
				root := "file://" + out + "/"
				for _, req := range page.Requests() {
					if !strings.HasPrefix(req, root) && !strings.HasPrefix(req, "data:") {
						t.Errorf("request outside the site folder: %s", req)
					}
				}
			})
		}
	}
}

// checkSharedOption checks what townpress.js adds to every chart's option
// rather than each chart's JSON carrying it: the accessible description
// from the element's label, and the toolbox that saves the image under the
// chart's id, in the page's language.
func checkSharedOption(ctx context.Context, t *testing.T, page *browser.Page) {
	t.Helper()
	var got []struct {
		ID, Label, Aria, SaveName, SaveTitle, Want string
		InJSON                                     bool
		Colors                                     int
	}
	err := page.Eval(ctx, `Array.from(document.querySelectorAll(".chart")).map(el => {
		const o = echarts.getInstanceByDom(el).getOption();
		const json = el.parentNode.querySelector("script.chart-option").textContent;
		const save = o.toolbox[0].feature.saveAsImage;
		return {ID: el.id, Label: el.getAttribute("aria-label"), Aria: o.aria[0] ? o.aria[0].label.description : o.aria.label.description,
			SaveName: save.name, SaveTitle: save.title, Want: JSON.parse(document.getElementById("tp-config").textContent).t.save_image,
			InJSON: /"toolbox"|"aria"/.test(json), Colors: o.color.length};
	})`, &got)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 {
		t.Fatal("no charts")
	}
	for _, c := range got {
		if c.Aria != c.Label || c.Label == "" {
			t.Errorf("%s: aria description %q, want the element's label %q", c.ID, c.Aria, c.Label)
		}
		if c.SaveName+"-chart" != c.ID || c.SaveTitle != c.Want || c.Want == "" {
			t.Errorf("%s: save-image button named %q titled %q, want %q titled %q", c.ID, c.SaveName, c.SaveTitle, strings.TrimSuffix(c.ID, "-chart"), c.Want)
		}
		if c.InJSON {
			t.Errorf("%s: the chart's JSON repeats the shared toolbox or description", c.ID)
		}
		if c.Colors != 8 {
			t.Errorf("%s: %d colours, want the site's palette of 8", c.ID, c.Colors)
		}
	}
}
