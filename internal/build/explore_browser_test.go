package build

import (
	"context"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/browser/browsertest"
	"github.com/townpress/townpress/internal/sitetest"
)

// exploreSite writes testdata/sites/explore.txtar: a site with what search
// and comparison need: three tiers, two indicators, counties and industries
// in both languages, and a year missing for one town.
func exploreSite(t *testing.T) string {
	t.Helper()
	return sitetest.Load(t, "testdata/sites/explore.txtar").Dir
}

// builtExploreSite builds exploreSite into a temporary folder.
func builtExploreSite(t *testing.T) string {
	t.Helper()
	dir := exploreSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	return out
}

// fileURL is the file:// address of name (which may end in ?query or
// #fragment) inside the built site.
func fileURL(out, name string) string {
	name, frag, _ := strings.Cut(name, "#")
	name, query, _ := strings.Cut(name, "?")
	u := &url.URL{Scheme: "file", Path: filepath.Join(out, name), RawQuery: query, Fragment: frag}
	return u.String()
}

// pageTimeout only keeps a broken page from hanging a test; it is no speed
// check, and a loaded machine running tabs side by side needs room.
const pageTimeout = 2 * time.Minute

// open loads a page of the built site in a fresh tab and waits for its
// charts; the tab closes with the test.
func open(t *testing.T, b *browser.Browser, out, name string, width int) (*browser.Page, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), pageTimeout)
	t.Cleanup(cancel)
	page, err := b.NewPage(ctx, width, 812, width < 600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { page.Close() })
	if err := page.Navigate(ctx, fileURL(out, name)); err != nil {
		t.Fatal(err)
	}
	if err := page.WaitFor(ctx, browser.ChartsDrawn); err != nil {
		t.Fatalf("%s: charts not drawn: %v", name, err)
	}
	return page, ctx
}

func noConsoleErrors(t *testing.T, page *browser.Page) {
	t.Helper()
	for _, m := range page.Console() {
		t.Errorf("console: %s", m)
	}
}

// TestSearchInBrowser types into the header's search box as a reader would
// and checks what the list offers: by Chinese, by pinyin initials and full
// pinyin, by English, by county; then chooses with the keyboard.
func TestSearchInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtExploreSite(t)
	for _, c := range []struct {
		page, query, first string
	}{
		{"index.html", "老陈醋", "清徐老陈醋专业镇"},
		{"index.html", "qxlcc", "清徐老陈醋专业镇"},
		{"index.html", "dianji", "小店区电机小镇"},
		{"index.html", "Vinegar", "清徐老陈醋专业镇"},
		{"index.html", "市级", "市级"},
		{"towns/qingxu-wine/index.html", "jyhh", "晋源花卉小镇"},
		{"en/index.html", "vinegar", "Qingxu Aged Vinegar Town"},
		{"en/index.html", "清徐老陈醋", "Qingxu Aged Vinegar Town"},
		{"en/index.html", "qxlcc", "Qingxu Aged Vinegar Town"},
		{"en/index.html", "output", "Industrial output"},
	} {
		t.Run(c.page+"/"+c.query, func(t *testing.T) {
			browsertest.Tab(t)
			page, ctx := open(t, b, out, c.page, 375)
			var got []string
			err := page.Eval(ctx, `(async () => {
				const q = document.getElementById("q");
				q.focus();
				q.value = `+jsString(c.query)+`;
				q.dispatchEvent(new Event("input", {bubbles: true}));
				for (let i = 0; i < 100 && !document.querySelector("#q-list [role=option], #q-list .opt-none"); i++)
					await new Promise(r => setTimeout(r, 20));
				return Array.from(document.querySelectorAll("#q-list [role=option] .opt-name")).map(e => e.textContent);
			})()`, &got)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || got[0] != c.first {
				t.Errorf("search %q offers %q first, want %q", c.query, got, c.first)
			}
			noConsoleErrors(t, page)
		})
	}

	// The search box loads the pieces of the index the query needs, not
	// the whole index; a query no town can match (no piece of its own)
	// says so without an error.
	t.Run("pieces", func(t *testing.T) {
		browsertest.Tab(t)
		page, ctx := open(t, b, out, "towns/qingxu-wine/index.html", 375)
		var got struct {
			Options int
			None    bool
			Files   []string
		}
		err := page.Eval(ctx, `(async () => {
			const q = document.getElementById("q");
			async function type(v) {
				q.focus();
				q.value = v;
				q.dispatchEvent(new Event("input", {bubbles: true}));
				for (let i = 0; i < 100 && !document.querySelector("#q-list [role=option], #q-list .opt-none"); i++)
					await new Promise(r => setTimeout(r, 20));
			}
			await type("清徐");
			const options = document.querySelectorAll("#q-list [role=option]").length;
			document.getElementById("q-list").textContent = "";
			await type("qqqq");
			return {options, none: !!document.querySelector("#q-list .opt-none"),
				files: Array.from(document.querySelectorAll("script[src]")).map(e => e.src.replace(/^.*\/assets\//, "")).filter(n => n.startsWith("search"))};
		})()`, &got)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got.Files)
		// The towns with 清 in their names, and those of 清徐县, county 0
		// of the sample's index.
		want := []string{"search/base.js", "search/c/0.js", "search/t/u6e05.js"}
		if got.Options < 3 || !got.None || !slices.Equal(got.Files, want) {
			t.Errorf("searching 清徐 then qqqq: %d options, none shown %v, loaded %q, want %q", got.Options, got.None, got.Files, want)
		}
		noConsoleErrors(t, page)
	})

	// A county finds its towns; the clearest name still comes first.
	t.Run("county", func(t *testing.T) {
		browsertest.Tab(t)
		page, ctx := open(t, b, out, "search/index.html?q=清徐县", 1280)
		var got []string
		if err := page.WaitFor(ctx, `document.querySelectorAll("#search-results li").length > 0`); err != nil {
			t.Fatal(err)
		}
		page.Eval(ctx, `Array.from(document.querySelectorAll("#search-results a")).map(a => a.textContent)`, &got)
		if strings.Join(got, ",") != "清徐老陈醋专业镇,清徐葡萄酒酿造专业镇" {
			t.Errorf("search page for 清徐县 lists %q", got)
		}
	})

	// Keyboard: type, arrow down to the first option, Enter opens it.
	t.Run("keyboard", func(t *testing.T) {
		browsertest.Tab(t)
		page, ctx := open(t, b, out, "en/index.html", 1280)
		err := page.Eval(ctx, `(async () => {
			const q = document.getElementById("q");
			q.focus();
			q.value = "jyhh";
			q.dispatchEvent(new Event("input", {bubbles: true}));
			for (let i = 0; i < 100 && !document.querySelector("#q-list [role=option]"); i++)
				await new Promise(r => setTimeout(r, 20));
			if (q.getAttribute("aria-expanded") !== "true") throw new Error("listbox not expanded");
			q.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowDown", bubbles: true}));
			const active = q.getAttribute("aria-activedescendant");
			if (!active || document.getElementById(active).getAttribute("aria-selected") !== "true")
				throw new Error("ArrowDown did not make an option active");
			// Enter navigates: pressed after this script has returned, so
			// that the navigation cannot close the page under the answer
			// ("Inspected target navigated or closed").
			setTimeout(() => q.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true})), 50);
		})()`, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := page.WaitFor(ctx, `location.pathname.endsWith("/en/towns/jinyuan-flowers/index.html") && document.readyState === "complete"`); err != nil {
			t.Errorf("Enter on the chosen town should open its page: %v", err)
		}
	})
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	return "`" + strings.NewReplacer("\\", "\\\\", "`", "\\`", "$", "\\$").Replace(s) + "`"
}

// TestLanguageSwitchKeepsTheView follows the language link and lands on the
// same page in the other language, with the reader's choices kept.
func TestLanguageSwitchKeepsTheView(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtExploreSite(t)
	for _, c := range []struct{ from, to string }{
		{"index.html", "/en/index.html"},
		{"towns/qingxu-vinegar/index.html", "/en/towns/qingxu-vinegar/index.html"},
		{"en/tiers/municipal/index.html", "/tiers/municipal/index.html"},
		{"indicators/output/index.html#year=2023&tier=municipal", "/en/indicators/output/index.html#year=2023&tier=municipal"},
		{"compare/index.html#towns=qingxu-vinegar,qingxu-wine", "/en/compare/index.html#towns=qingxu-vinegar,qingxu-wine"},
		{"search/index.html?q=qx", "/en/search/index.html?q=qx"},
	} {
		t.Run(c.from, func(t *testing.T) {
			browsertest.Tab(t)
			page, ctx := open(t, b, out, c.from, 1280)
			if err := page.Eval(ctx, `document.querySelector(".lang a").click()`, nil); err != nil {
				t.Fatal(err)
			}
			want := jsString(out + c.to)
			err := page.WaitFor(ctx, `document.readyState === "complete" && decodeURIComponent(location.pathname + location.search + location.hash) === `+want)
			if err != nil {
				var at string
				page.Eval(ctx, `decodeURIComponent(location.pathname + location.search + location.hash)`, &at)
				t.Fatalf("language switch landed on %s, want %s", at, out+c.to)
			}
			var lang string
			page.Eval(ctx, `document.documentElement.lang`, &lang)
			if wantLang := map[bool]string{true: "en", false: "zh-CN"}[strings.HasPrefix(c.to, "/en/")]; lang != wantLang {
				t.Errorf("lang = %q, want %q", lang, wantLang)
			}
		})
	}
	// The choices are applied, not only carried: the year selector shows 2023.
	page, ctx := open(t, b, out, "en/indicators/output/index.html#year=2023&tier=municipal", 1280)
	if err := page.WaitFor(ctx, `document.querySelector("form.controls").getAttribute("data-shown") === "2023/municipal"`); err != nil {
		t.Fatalf("the view of 2023 was not drawn: %v", err)
	}
	var state struct{ Year, Tier, Title string }
	page.Eval(ctx, `({Year: document.querySelector("select[name=year]").value, Tier: document.querySelector("select[name=tier]").value,
		Title: document.querySelector("#output-ranking .chart-title").textContent})`, &state)
	if state.Year != "2023" || state.Tier != "municipal" || !strings.Contains(state.Title, "2023") || !strings.Contains(state.Title, "Municipal") {
		t.Errorf("indicator page from the address: %+v", state)
	}
}

// TestIndicatorControls changes the year and tier as a reader would: the
// ranking chart and its table follow, and the address records the choice.
func TestIndicatorControls(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtExploreSite(t)
	page, ctx := open(t, b, out, "indicators/output/index.html", 375)
	var got struct {
		Hash  string
		Rows  []string
		Bars  int
		Shown map[string]bool
	}
	err := page.Eval(ctx, `(async () => {
		const form = document.querySelector("form.controls");
		if (form.hidden) throw new Error("controls stay hidden");
		form.elements.year.value = "2022";
		form.elements.year.dispatchEvent(new Event("change"));
		form.elements.tier.value = "municipal";
		form.elements.tier.dispatchEvent(new Event("change"));
		// 2022's changes and ranks load from their own file.
		for (let i = 0; i < 100 && form.getAttribute("data-shown") !== "2022/municipal"; i++)
			await new Promise(r => setTimeout(r, 20));
		const chart = echarts.getInstanceByDom(document.getElementById("output-ranking-chart"));
		const lines = echarts.getInstanceByDom(document.getElementById("output-towns-chart"));
		return {
			Hash: location.hash,
			Rows: Array.from(document.querySelectorAll("#output-ranking tbody tr")).map(tr => Array.from(tr.children).map(c => c.textContent).join("|")),
			Bars: chart.getOption().series[0].data.length,
			Shown: lines.getOption().legend[0].selected,
		};
	})()`, &got)
	if err != nil {
		t.Fatal(err)
	}
	if got.Hash != "#year=2022&tier=municipal" {
		t.Errorf("address fragment = %q", got.Hash)
	}
	// 2022: the motor town has 30.2 and the flower town no data, listed
	// last and unranked, not drawn as zero.
	want := []string{"小店区电机小镇|1|30.2|—", "晋源花卉小镇|—|—|—"}
	if strings.Join(got.Rows, ";") != strings.Join(want, ";") {
		t.Errorf("ranking table = %q, want %q", got.Rows, want)
	}
	if got.Bars != 1 {
		t.Errorf("ranking draws %d bars, want 1", got.Bars)
	}
	if !got.Shown["小店区电机小镇"] || got.Shown["清徐老陈醋专业镇"] {
		t.Errorf("lines legend after the tier filter: %v", got.Shown)
	}
	noConsoleErrors(t, page)
}

// TestCompareDraws opens a shared comparison link: the picked towns come
// back, side by side in the table and one chart per indicator (names that
// are no town's id, even those of an object's own properties, are left
// out); removing a town updates the address.
func TestCompareDraws(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtExploreSite(t)
	for _, width := range []int{375, 1280} {
		page, ctx := open(t, b, out, "en/compare/index.html#towns=qingxu-vinegar,xiaodian-motors,nosuch,constructor,__proto__&year=2023", width)
		var got struct {
			Head, Row []string
			Charts    int
			Drawn     int
			Scroll    int
			Width     int
		}
		err := page.Eval(ctx, `({
			Head: Array.from(document.querySelectorAll(".compare-table thead th")).map(e => e.textContent),
			Row: Array.from(document.querySelectorAll(".compare-table tbody tr:first-child > *")).map(e => e.textContent),
			Charts: document.querySelectorAll("#compare-out .chart").length,
			Drawn: document.querySelectorAll("#compare-out .chart canvas").length,
			Scroll: document.documentElement.scrollWidth, Width: window.innerWidth,
		})`, &got)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got.Head, "|") != "Indicator|Qingxu Aged Vinegar Town|Xiaodian Motor Town" {
			t.Errorf("compare table head = %q", got.Head)
		}
		if strings.Join(got.Row, "|") != "Industrial output (100 million yuan)|19.9|33.0" {
			t.Errorf("compare table first row = %q", got.Row)
		}
		if got.Charts != 2 || got.Drawn != 2 {
			t.Errorf("%d charts, %d drawn; want one per indicator", got.Charts, got.Drawn)
		}
		if got.Scroll > got.Width {
			t.Errorf("compare page scrolls sideways at %dpx: %dpx wide", got.Width, got.Scroll)
		}
		var hash string
		err = page.Eval(ctx, `(() => { document.querySelector(".chip button").click(); return location.hash; })()`, &hash)
		if err != nil || hash != "#towns=xiaodian-motors&year=2023" {
			t.Errorf("after removing a town the address is %q (%v)", hash, err)
		}
		noConsoleErrors(t, page)
	}
}

// TestFootnoteLinksLand: a footnote's number that the page script draws
// links to the note only where the page has it. The compare page has no
// legend, the note being written under each chart, and its ② linked to
// #fn-2, which was nowhere: a click did nothing.
func TestFootnoteLinksLand(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	for _, name := range []string{
		"compare/index.html#towns=yangqu-carbon-fibre,zhongbei-stainless-steel&year=2024",
		"en/compare/index.html#towns=yangqu-carbon-fibre,zhongbei-stainless-steel&year=2023",
		"indicators/profit/index.html#tier=municipal",
		"en/indicators/output/index.html#year=2023",
	} {
		t.Run(name, func(t *testing.T) {
			browsertest.Tab(t)
			page, ctx := open(t, b, out, name, 1280)
			var got struct {
				Refs     int
				Dangling []string
			}
			if err := page.Eval(ctx, `(() => {
				const refs = Array.from(document.querySelectorAll("sup.fn"));
				return {
					Refs: refs.length,
					Dangling: Array.from(document.querySelectorAll('a[href^="#fn-"]')).map(a => a.getAttribute("href")).filter(h => !document.getElementById(h.slice(1))),
				};
			})()`, &got); err != nil {
				t.Fatal(err)
			}
			if got.Refs == 0 {
				t.Fatal("no footnote number drawn: the view shows no noted figure")
			}
			if len(got.Dangling) > 0 {
				t.Errorf("%d footnote links point at no element of the page: %v", len(got.Dangling), got.Dangling)
			}
		})
	}
}
