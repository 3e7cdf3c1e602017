package build

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/browser/browsertest"
)

// sampleSite is the sample site, built once for the tests that only look.
var sampleSite struct {
	once sync.Once
	out  string
	err  error
}

func builtSampleSite(t *testing.T) string {
	t.Helper()
	sampleSite.once.Do(func() {
		dir, err := mkdirTemp("townpress-sample-")
		if err != nil {
			sampleSite.err = err
			return
		}
		sampleSite.out = filepath.Join(dir, "public")
		_, sampleSite.err = Build(Options{Config: "../../config.toml", Out: sampleSite.out})
	})
	if sampleSite.err != nil {
		t.Fatal(sampleSite.err)
	}
	return sampleSite.out
}

// modePages are pages of every kind with much on them, in both languages.
var modePages = []string{"index.html", "towns/qingxu-vinegar/index.html", "tiers/municipal/index.html",
	"indicators/output/index.html", "compare/index.html#towns=qingxu-vinegar,xiaodian-motors", "reports/2024/index.html",
	"downloads/index.html", "search/index.html?q=qx", "en/towns/xiaodian-motors/index.html", "en/tiers/county/index.html",
	"en/indicators/entities/index.html#tier=county", "en/reports/2024/index.html", "en/index.html", "404.html"}

// modes are the reading modes a test turns on: the header's switches
// store them in localStorage, and the page's head reads them back.
type modes struct{ large, contrast bool }

func (m modes) String() string {
	switch {
	case m.large && m.contrast:
		return "large+contrast"
	case m.large:
		return "large"
	case m.contrast:
		return "contrast"
	}
	return "normal"
}

// script makes the page read m as what the reader chose. Tabs side by
// side share their localStorage, so each page is given its own answers
// instead (the switches' own test stores them for real, in a browser of
// its own).
func (m modes) script() string {
	return fmt.Sprintf(`(() => {
		const mine = {"townpress-large": %q, "townpress-contrast": %q}, get = Storage.prototype.getItem;
		Storage.prototype.getItem = function (k) { return k in mine ? mine[k] : get.call(this, k); };
	})()`, map[bool]string{true: "1", false: "0"}[m.large], map[bool]string{true: "1", false: "0"}[m.contrast])
}

// openIn opens a page with the reading modes m and the browser's text at
// textSize percent, and waits for every chart.
func openIn(t *testing.T, b *browser.Browser, out, name string, width int, m modes, textSize int) (*browser.Page, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), pageTimeout)
	t.Cleanup(cancel)
	page, err := b.NewPage(ctx, width, 812, width < 600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { page.Close() })
	if err := page.OnNewDocument(ctx, m.script()); err != nil {
		t.Fatal(err)
	}
	if textSize != 100 {
		if err := page.SetTextSize(ctx, textSize); err != nil {
			t.Fatal(err)
		}
	}
	if err := page.Navigate(ctx, fileURL(out, name)); err != nil {
		t.Fatal(err)
	}
	if err := page.WaitFor(ctx, browser.ChartsDrawn); err != nil {
		t.Fatalf("%s: charts not drawn: %v", name, err)
	}
	return page, ctx
}

// contrastJS finds the text of the page, and the text of its drawn
// charts, with less than 4.5:1 contrast against what is behind it
// (WCAG 2.1 AA, 1.4.3). A background is the element's and its ancestors'
// colours laid over each other down to the first opaque one, each colour
// of a gradient counted apart; text hidden from everyone is left out.
const contrastJS = `(() => {
	const parse = c => {
		const m = /rgba?\(([^)]+)\)/.exec(c || "");
		if (!m) return null;
		const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
		return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
	};
	const hex = c => {
		if (typeof c !== "string") return null;
		if (c[0] !== "#") return parse(c);
		let h = c.slice(1);
		if (h.length === 3) h = h.split("").map(x => x + x).join("");
		return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), 1];
	};
	const lum = c => {
		const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
		return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
	};
	const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
	const over = (top, under) => top[3] >= 1 ? top : [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
	const backgrounds = el => {
		const layers = [];
		let bases = [[255, 255, 255, 1]];
		for (let e = el; e; e = e.parentElement) {
			const cs = getComputedStyle(e);
			if (cs.backgroundImage.includes("gradient")) {
				const stops = (cs.backgroundImage.match(/rgba?\([^)]+\)/g) || []).map(parse);
				if (stops.length) { bases = stops; break; }
			}
			const bg = parse(cs.backgroundColor);
			if (bg && bg[3] > 0) {
				if (bg[3] >= 1) { bases = [bg]; break; }
				layers.push(bg);
			}
		}
		return bases.map(b => layers.reduceRight((under, top) => over(top, under), b));
	};
	const worst = (color, el) => Math.min(...backgrounds(el).map(b => ratio(over(color, b), b)));
	const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
	const low = [];
	for (const el of document.body.querySelectorAll("*")) {
		if (el.closest(".chart, .visually-hidden, script, style, noscript")) continue;
		const text = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join("").trim();
		if (!text || !el.getClientRects().length) continue;
		const cs = getComputedStyle(el);
		if (cs.visibility !== "visible" || +cs.opacity === 0) continue;
		const r = worst(parse(cs.color), el);
		if (r < 4.5) low.push(name(el) + " " + JSON.stringify(text.slice(0, 30)) + ": " + r.toFixed(2) + ":1 (" + cs.color + ")");
	}
	let labels = 0;
	for (const el of document.querySelectorAll(".chart[data-drawn]")) {
		const chart = echarts.getInstanceByDom(el);
		if (!chart) continue;
		const card = backgrounds(el);
		for (const d of chart.getZr().storage.getDisplayList(true)) {
			if (d.type !== "tspan" || d.invisible || !d.style || !String(d.style.text || "").trim()) continue;
			const fill = hex(d.style.fill);
			if (!fill) continue;
			// A label inside its shape (a pin's mark) is on the shape's colour.
			const host = d.parent && d.parent.__hostTarget;
			const pos = host && host.textConfig && host.textConfig.position;
			const behind = host && typeof pos === "string" && pos.indexOf("inside") === 0 && hex(host.style && host.style.fill) ? [hex(host.style.fill)] : card;
			labels++;
			const r = Math.min(...behind.map(b => ratio(over(fill, b), b)));
			if (r < 4.5) low.push(el.id + " label " + JSON.stringify(String(d.style.text).slice(0, 20)) + ": " + r.toFixed(2) + ":1 (" + d.style.fill + ")");
		}
	}
	return {Low: low, Labels: labels};
})()`

// TestReadingModes turns 长辈模式 and high contrast on with the header's
// switches, as a reader would: the choice is remembered from page to page
// and set before the page is painted; in every mode the text of the pages
// and the labels of their charts keep WCAG AA contrast (4.5:1), and at a
// phone's 375 px with the browser's text at 200 % no page scrolls
// sideways.
func TestReadingModes(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)

	t.Run("switches", func(t *testing.T) {
		browsertest.Tab(t)
		// A browser of its own: its localStorage is the test's alone.
		b := browsertest.Launch(t)
		page, ctx := open(t, b, out, "towns/qingxu-vinegar/index.html", 375)
		var got struct {
			Before, After, Pressed, Stored []string
		}
		err := page.Eval(ctx, `(() => {
			const h = document.documentElement, out = {Before: [h.className]};
			document.querySelector("button[data-mode=large]").click();
			document.querySelector("button[data-mode=contrast]").click();
			out.After = [h.className];
			out.Pressed = Array.from(document.querySelectorAll("button[data-mode]")).map(b => b.dataset.mode + "=" + b.getAttribute("aria-pressed"));
			out.Stored = [localStorage.getItem("townpress-large"), localStorage.getItem("townpress-contrast")];
			return out;
		})()`, &got)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(got.Before[0], "tp-") || !strings.Contains(got.After[0], "tp-large") || !strings.Contains(got.After[0], "tp-contrast") {
			t.Errorf("classes before %q, after the switches %q", got.Before, got.After)
		}
		if strings.Join(got.Pressed, ",") != "large=true,contrast=true" || strings.Join(got.Stored, ",") != "1,1" {
			t.Errorf("switches pressed %q, stored %q", got.Pressed, got.Stored)
		}
		// The next page has the modes before its body is parsed, so
		// before anything is painted.
		err = page.OnNewDocument(ctx, `new MutationObserver((m, o) => {
			if (document.body) { window.classAtBody = document.documentElement.className; o.disconnect(); }
		}).observe(document, {childList: true, subtree: true});`)
		if err != nil {
			t.Fatal(err)
		}
		if err := page.Navigate(ctx, fileURL(out, "en/index.html")); err != nil {
			t.Fatal(err)
		}
		var atBody string
		var pressed []string
		page.Eval(ctx, `window.classAtBody`, &atBody)
		page.Eval(ctx, `Array.from(document.querySelectorAll("button[data-mode]")).map(b => b.getAttribute("aria-pressed"))`, &pressed)
		if !strings.Contains(atBody, "tp-large") || !strings.Contains(atBody, "tp-contrast") {
			t.Errorf("the next page's classes when its body began: %q", atBody)
		}
		if strings.Join(pressed, ",") != "true,true" {
			t.Errorf("the next page's switches: %q", pressed)
		}
		// Off again, and charts drawn in high contrast go back.
		err = page.Eval(ctx, `(() => { document.querySelector("button[data-mode=contrast]").click(); })()`, nil)
		if err != nil {
			t.Fatal(err)
		}
		var class, stored string
		page.Eval(ctx, `document.documentElement.className`, &class)
		page.Eval(ctx, `localStorage.getItem("townpress-contrast")`, &stored)
		if strings.Contains(class, "tp-contrast") || stored != "0" {
			t.Errorf("after turning high contrast off: class %q, stored %q", class, stored)
		}
		noConsoleErrors(t, page)
	})

	// The system's wish for more contrast turns high contrast on, unless
	// the reader turned it off.
	t.Run("prefers-contrast", func(t *testing.T) {
		browsertest.Tab(t)
		b := browsertest.Launch(t)
		ctx, cancel := context.WithTimeout(context.Background(), pageTimeout)
		defer cancel()
		page, err := b.NewPage(ctx, 1280, 800, false)
		if err != nil {
			t.Fatal(err)
		}
		defer page.Close()
		err = page.Call(ctx, "Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-contrast", "value": "more"}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := page.Navigate(ctx, fileURL(out, "index.html")); err != nil {
			t.Fatal(err)
		}
		var class string
		page.Eval(ctx, `document.documentElement.className`, &class)
		if !strings.Contains(class, "tp-contrast") {
			t.Errorf("prefers-contrast: more gives classes %q", class)
		}
	})

	// The check itself finds pale text, on the page and in a chart.
	t.Run("the check finds low contrast", func(t *testing.T) {
		browsertest.Tab(t)
		page, ctx := openIn(t, b, out, "towns/qingxu-vinegar/index.html", 1280, modes{}, 100)
		var got struct{ Low []string }
		err := page.Eval(ctx, `(() => {
			const p = document.createElement("p");
			p.id = "pale"; p.textContent = "浅灰色的字"; p.style.color = "#aaa";
			document.querySelector("main").appendChild(p);
			const el = document.querySelector(".chart[data-drawn]");
			const chart = echarts.getInstanceByDom(el);
			chart.setOption({series: [{label: {color: "#bbb"}}]});
			chart.getZr().refreshImmediately();
			return `+contrastJS+`;
		})()`, &got)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(got.Low, "\n")
		if !strings.Contains(all, "p#pale") || !strings.Contains(all, "-chart label") {
			t.Errorf("the check missed pale text or a pale chart label:\n%s", all)
		}
	})

	// Colours are the same at every width: a phone's layout in every
	// mode, and a desktop's in high contrast. (Large text changes no
	// colour, but its charts' labels are drawn anew.)
	for _, m := range []modes{{}, {large: true}, {contrast: true}, {large: true, contrast: true}} {
		for _, name := range modePages {
			for _, width := range []int{375, 1280} {
				if width == 1280 && m != (modes{contrast: true}) {
					continue
				}
				t.Run(fmt.Sprintf("%s/%s@%d", m, name, width), func(t *testing.T) {
					browsertest.Tab(t)
					page, ctx := openIn(t, b, out, name, width, m, 100)
					var got struct {
						Low    []string
						Labels int
					}
					if err := page.Eval(ctx, contrastJS, &got); err != nil {
						t.Fatal(err)
					}
					for _, l := range got.Low {
						t.Errorf("contrast under 4.5:1: %s", l)
					}
					var charts int
					page.Eval(ctx, `document.querySelectorAll(".chart").length`, &charts)
					if charts > 0 && got.Labels == 0 {
						t.Errorf("no chart label was checked")
					}
					noConsoleErrors(t, page)
				})
			}
		}
	}

	// Text at 200 % on a phone: nothing is cut off or pushed sideways.
	for _, m := range []modes{{}, {large: true, contrast: true}} {
		for _, name := range modePages {
			t.Run(fmt.Sprintf("200%%/%s/%s", m, name), func(t *testing.T) {
				browsertest.Tab(t)
				page, ctx := openIn(t, b, out, name, 375, m, 200)
				var got struct {
					ScrollWidth, Width int
					Font               float64
					Wide               []string
					Mark               struct{ Box, Glyph [2]float64 }
				}
				err := page.Eval(ctx, `(() => {
					const w = window.innerWidth;
					const mark = document.querySelector(".brand-mark"), glyph = document.createRange();
					glyph.selectNodeContents(mark);
					const box = mark.getBoundingClientRect(), g = glyph.getBoundingClientRect();
					const wide = Array.from(document.querySelectorAll("body *")).filter(el => {
						const r = el.getBoundingClientRect();
						return r.width > 0 && r.right > w + 1 && !el.closest(".table-scroll, .visually-hidden");
					}).slice(0, 8).map(el => el.tagName.toLowerCase() + "." + String(el.className).split(" ").join(".") + " " + Math.round(el.getBoundingClientRect().right) + "px");
					return {ScrollWidth: document.documentElement.scrollWidth, Width: w,
						Font: parseFloat(getComputedStyle(document.body).fontSize), Wide: wide,
						Mark: {Box: [box.width, box.height], Glyph: [g.width, g.height]}};
				})()`, &got)
				if err != nil {
					t.Fatal(err)
				}
				// The header's 镇 grows with the text; its box had a size in
				// pixels and cut it.
				if b, g := got.Mark.Box, got.Mark.Glyph; g[0] > b[0] || g[1] > b[1] {
					t.Errorf("the header's 镇 is %.0f×%.0f px in a box of %.0f×%.0f", g[0], g[1], b[0], b[1])
				}
				if got.Font < 32 {
					t.Fatalf("the body's text is %vpx with the browser's text at 200%%", got.Font)
				}
				if got.ScrollWidth > got.Width {
					t.Errorf("the page is %dpx wide in a %dpx window: %s", got.ScrollWidth, got.Width, strings.Join(got.Wide, ", "))
				}
			})
		}
	}

	// The search field's hint is whole on a phone in both languages, in
	// 长辈模式 too ("Town, pinyin or initials" was cut to "…or initia"),
	// and with the browser's text at 200 %: where the field beside its
	// button is too narrow for it, the button goes under the field, and
	// at large text sizes the hint is smaller than the field's text. The
	// hint is measured as the field's text in the hint's size (Chromium
	// keeps room for a search field's clear button beside either), which
	// overflows when it does not fit.
	for _, text := range []int{100, 200} {
		for _, m := range []modes{{}, {large: true}, {large: true, contrast: true}} {
			for _, name := range []string{"index.html", "en/index.html", "search/index.html", "en/search/index.html", "compare/index.html", "en/compare/index.html"} {
				t.Run(fmt.Sprintf("placeholder/%d%%/%s/%s", text, m, name), func(t *testing.T) {
					browsertest.Tab(t)
					page, ctx := openIn(t, b, out, name, 375, m, text)
					placeholderFits(t, ctx, page)
				})
			}
		}
	}

	// Every control a finger taps is at least 44 px tall, and buttons and
	// fields 44 px wide.
	for _, name := range []string{"index.html", "towns/qingxu-vinegar/index.html", "indicators/output/index.html",
		"compare/index.html#towns=qingxu-vinegar,xiaodian-motors", "towns/index.html", "reports/2024/index.html", "en/index.html"} {
		t.Run("targets/"+name, func(t *testing.T) {
			browsertest.Tab(t)
			page, ctx := openIn(t, b, out, name, 375, modes{}, 100)
			var small []string
			err := page.Eval(ctx, `Array.from(document.querySelectorAll(
				"button, summary, select, input:not([type=hidden]), .main-nav a, .lang a, .lang span, .crumbs a, .pager a, .chip a, "
				+ ".tier-towns a, .link-grid a, .results a, .report-link, .chart-files a, .town-files a, a.kpi-label"))
				.filter(el => el.getClientRects().length && !el.closest(".visually-hidden, [hidden]"))
				.map(el => { const r = el.getBoundingClientRect(), box = /^(BUTTON|SELECT|INPUT)$/.test(el.tagName);
					return (r.height < 43.5 || (box && r.width < 43.5)) ? el.tagName.toLowerCase() + " " + JSON.stringify(el.textContent.trim().slice(0, 20)) + " " + Math.round(r.width) + "×" + Math.round(r.height) : ""; })
				.filter(Boolean)`, &small)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range small {
				t.Errorf("tap target under 44 px: %s", s)
			}
		})
	}
}

// TestChartKeyboard moves through a chart's points with the keyboard as a
// reader who cannot use a pointer would: the chart takes the focus, the
// arrow keys read each point out in the live region as its table gives
// it, Home and End go to the ends, and Escape leaves for the table.
func TestChartKeyboard(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	for _, c := range []struct {
		page, chart string
		keys        []string
		say         []string // what the live region says after each key
	}{
		// A town's trend: the years across, "2019年 工业产值 9.8 亿元".
		{"towns/qingxu-vinegar/index.html", "qingxu-vinegar-output-trend", []string{"ArrowRight", "ArrowRight", "End", "ArrowLeft", "Home"},
			[]string{"row 0", "row 1", "row -1", "row -2", "row 0"}},
		{"en/towns/qingxu-vinegar/index.html", "qingxu-vinegar-output-trend", []string{"ArrowRight", "End"}, []string{"row 0", "row -1"}},
	} {
		t.Run(c.page, func(t *testing.T) {
			browsertest.Tab(t)
			page, ctx := openIn(t, b, out, c.page, 1280, modes{}, 100)
			var table struct {
				Rows   [][]string
				Say    string
				Unit   string
				Role   string
				Tab    int
				Spoken string
			}
			err := page.Eval(ctx, `(() => {
				const fig = document.getElementById(`+jsString(c.chart)+`), el = fig.querySelector(".chart");
				el.focus();
				return {Rows: Array.from(fig.querySelectorAll("tbody tr")).map(tr => Array.from(tr.children).map(c => c.textContent)),
					Say: JSON.parse(fig.querySelector("script.chart-option").textContent).townpress.say[0],
					Unit: el.dataset.unit, Role: el.getAttribute("role"), Tab: el.tabIndex,
					Spoken: document.activeElement === el ? "" : "not focused"};
			})()`, &table)
			if err != nil {
				t.Fatal(err)
			}
			if table.Role != "application" || table.Tab != 0 || table.Spoken != "" {
				t.Fatalf("the chart is not a focusable control: role %q, tabindex %d, %s", table.Role, table.Tab, table.Spoken)
			}
			for k, key := range c.keys {
				if err := page.Press(ctx, key); err != nil {
					t.Fatal(err)
				}
				var row int
				fmt.Sscanf(c.say[k], "row %d", &row)
				if row < 0 {
					row += len(table.Rows)
				}
				r := table.Rows[row]
				// The category, what the series is, then the figure as
				// the table writes it, with its unit.
				want := r[0] + " " + table.Say + " " + r[1] + " " + table.Unit
				if strings.HasPrefix(c.page, "en/") {
					want = r[0] + ", " + table.Say + ": " + r[1] + " " + table.Unit
				}
				var said string
				// A marked figure is followed by what its marks mean:
				// "23.5r 亿元（修订数、最终核实数）".
				if err := page.WaitFor(ctx, `document.getElementById("tp-live") && document.getElementById("tp-live").textContent.startsWith(`+jsString(want)+`)`); err != nil {
					page.Eval(ctx, `document.getElementById("tp-live") ? document.getElementById("tp-live").textContent : "(no live region)"`, &said)
					t.Fatalf("after %s the live region says %q, want %q", key, said, want)
				}
			}
			var tip bool
			page.Eval(ctx, `Array.from(document.querySelectorAll("#`+c.chart+` .chart div")).some(d => d.style.zIndex === "9999999" && d.style.display !== "none" && d.style.opacity !== "0")`, &tip)
			if !tip {
				t.Errorf("no tooltip shows the point the keyboard chose")
			}
			if err := page.Press(ctx, "Escape"); err != nil {
				t.Fatal(err)
			}
			var focus string
			page.Eval(ctx, `document.activeElement.tagName.toLowerCase() + " " + (document.activeElement.closest("figure") || {}).id`, &focus)
			if focus != "summary "+c.chart {
				t.Errorf("Escape moved the focus to %q, want the chart's table (summary %s)", focus, c.chart)
			}
			var live struct{ Role, Live string }
			page.Eval(ctx, `({Role: document.getElementById("tp-live").getAttribute("role"), Live: document.getElementById("tp-live").getAttribute("aria-live")})`, &live)
			if live.Role != "status" || live.Live != "polite" {
				t.Errorf("live region: %+v", live)
			}
			noConsoleErrors(t, page)
		})
	}

	// Tab reaches a chart; a ranking of towns (categories down the side)
	// moves with the up and down keys; a stack of tiers moves between its
	// tiers with up and down.
	t.Run("ranking and stack", func(t *testing.T) {
		browsertest.Tab(t)
		page, ctx := openIn(t, b, out, "tiers/municipal/index.html", 1280, modes{}, 100)
		var charts []string
		page.Eval(ctx, `Array.from(document.querySelectorAll(".chart")).map(el => el.id + " " + (el.getAttribute("role")))`, &charts)
		if len(charts) == 0 {
			t.Fatal("no charts")
		}
		// Tab from the element before the first chart lands on it.
		var ok bool
		err := page.Eval(ctx, `(() => {
			const el = document.querySelector(".chart"), all = Array.from(document.querySelectorAll("a[href], button, input, select, summary, [tabindex='0']"));
			const before = all[all.indexOf(el) - 1];
			before.focus();
			return document.activeElement === before;
		})()`, &ok)
		if err != nil || !ok {
			t.Fatalf("could not focus the element before the first chart: %v", err)
		}
		page.Press(ctx, "Tab")
		var isChart bool
		page.Eval(ctx, `document.activeElement.classList.contains("chart")`, &isChart)
		if !isChart {
			t.Errorf("Tab did not reach the first chart: %v", charts)
		}
		var said []string
		err = page.Eval(ctx, `(async () => {
			const out = [];
			for (const el of document.querySelectorAll(".chart")) {
				el.focus();
				for (const key of ["ArrowDown", "ArrowDown", "ArrowRight"]) {
					el.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true}));
					out.push(el.id + " " + key + ": " + document.getElementById("tp-live").textContent);
				}
			}
			return out;
		})()`, &said)
		if err != nil {
			t.Fatal(err)
		}
		if len(said) == 0 {
			t.Fatal("nothing said")
		}
		for i := 0; i+2 < len(said); i += 3 {
			if said[i] == said[i+1] && said[i+1] == said[i+2] {
				t.Errorf("keys moved nowhere: %q", said[i:i+3])
			}
			for _, s := range said[i : i+3] {
				if strings.HasSuffix(s, ": ") || strings.Contains(s, "undefined") {
					t.Errorf("said nothing useful: %q", s)
				}
			}
		}
		t.Logf("%s", strings.Join(said, "\n"))
	})
}

// placeholderFits fails t for each visible search field on the page
// whose hint does not fit in it.
func placeholderFits(t *testing.T, ctx context.Context, page *browser.Page) {
	t.Helper()
	var fields []struct {
		ID, Placeholder    string
		Width, ClientWidth int
	}
	err := page.Eval(ctx, `Array.from(document.querySelectorAll(".search-field input[placeholder]")).filter(el => el.getClientRects().length).map(el => {
		el.style.fontSize = getComputedStyle(el, "::placeholder").fontSize;
		el.value = el.placeholder;
		const out = {ID: el.id, Placeholder: el.placeholder, Width: el.scrollWidth, ClientWidth: el.clientWidth};
		el.value = "";
		el.style.fontSize = "";
		return out;
	})`, &fields)
	if err != nil {
		t.Fatal(err)
	}
	if len(fields) == 0 {
		t.Fatal("no search field with a placeholder")
	}
	for _, f := range fields {
		if f.Width > f.ClientWidth {
			t.Errorf("#%s: its hint %q needs %d px, the field is %d px wide", f.ID, f.Placeholder, f.Width, f.ClientWidth)
		}
	}
}
