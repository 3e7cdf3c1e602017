package build

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/browser/browsertest"
)

// overlapJS lists the texts a drawn chart writes over one another (each
// pair of visible texts of one chart whose boxes cross by more than a
// pixel) or past its edges, with the chart's id. A scrolling legend's items are left out:
// it cuts the last one it has room for under its pager, by design.
const overlapJS = `(() => {
	const out = [];
	for (const el of document.querySelectorAll(".chart[data-drawn]")) {
		const chart = echarts.getInstanceByDom(el);
		if (!chart) continue;
		const boxes = [];
		for (const d of chart.getZr().storage.getDisplayList(true)) {
			if (d.type !== "tspan" || d.invisible || !d.style || !String(d.style.text || "").trim()) continue;
			let kind = "";
			for (let p = d; p && !kind; p = p.parent) kind = p.__ecComponentInfo ? p.__ecComponentInfo.mainType : "";
			if (kind === "legend") continue;
			const r = d.getBoundingRect().clone();
			if (d.transform) r.applyTransform(d.transform);
			boxes.push({text: String(d.style.text), x: r.x, y: r.y, w: r.width, h: r.height, axis: kind === "xAxis" || kind === "yAxis" ? kind : ""});
		}
		for (const b of boxes) {
			if (b.x < -1 || b.x + b.w > el.clientWidth + 1) out.push(el.id + ": " + JSON.stringify(b.text) + " cut at the edge");
		}
		// Two figures of one axis read as one when they touch ("10152025"):
		// they must be 3 px apart, other texts only not written over.
		const apart = (a, b) => a.axis && a.axis === b.axis ? -3 : 1;
		const cross = (a, b) => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > apart(a, b) && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 1;
		for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
			if (cross(boxes[i], boxes[j])) out.push(el.id + ": " + JSON.stringify(boxes[i].text) + " over " + JSON.stringify(boxes[j].text));
		}
	}
	return out;
})()`

// TestChartTextsDoNotOverlap: on a phone, in normal text and in 长辈模式,
// no chart writes one text over another or past its edge, nor two
// figures of an axis touching. A ranking's
// value axis had ticks of six digits, 0 100,000 200,000 …, run together
// into one unreadable string at 375 px, and in 长辈模式 its figures ran
// past the chart's right edge (354,04 of 354,040p).
func TestChartTextsDoNotOverlap(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	pages := []string{"index.html", "tiers/municipal/index.html", "towns/zhongbei-stainless-steel/index.html",
		"indicators/output/index.html", "reports/2024/index.html", "en/tiers/county/index.html", "en/reports/2024/index.html"}
	for _, name := range pages {
		for _, m := range []modes{{}, {large: true}} {
			t.Run(fmt.Sprintf("%s@375/%s", name, m), func(t *testing.T) {
				browsertest.Tab(t)
				page, ctx := openIn(t, b, out, name, 375, m, 100)
				var crossed []string
				if err := page.Eval(ctx, overlapJS, &crossed); err != nil {
					t.Fatal(err)
				}
				if len(crossed) > 0 {
					t.Errorf("%d texts written over others or cut:\n%s", len(crossed), strings.Join(crossed, "\n"))
				}
			})
		}
	}
}

// legendJS describes the legend of each drawn chart of lines: the names
// it writes whole, within the chart and clear of its toolbox, whether it
// pages ("1/2"), and how many of its texts (the pager's too) cross the
// toolbox's buttons.
const legendJS = `(() => {
	const out = [];
	for (const el of document.querySelectorAll(".chart[data-drawn]")) {
		const chart = echarts.getInstanceByDom(el);
		const o = chart && chart.getOption();
		if (!o || !o.legend || !o.legend.length || !o.series.every(s => s.type === "line")) continue;
		const part = d => { for (let p = d; p; p = p.parent) if (p.__ecComponentInfo) return p.__ecComponentInfo.mainType; return ""; };
		const box = d => { const r = d.getBoundingRect().clone(); if (d.transform) r.applyTransform(d.transform); return r; };
		const tools = [], texts = [];
		for (const d of chart.getZr().storage.getDisplayList(true)) {
			if (d.invisible) continue;
			const kind = part(d);
			if (kind === "toolbox") tools.push(box(d));
			if (kind === "legend" && d.type === "tspan" && String(d.style.text || "").trim()) texts.push({text: String(d.style.text), r: box(d)});
		}
		const whole = [];
		let pages = false, crossed = 0;
		for (const t of texts) {
			if (tools.some(b => t.r.intersect(b))) crossed++;
			if (/^\d+\/\d+$/.test(t.text)) { pages = true; continue; }
			const inside = t.r.x >= 0 && t.r.x + t.r.width <= el.clientWidth;
			const clear = tools.every(b => !t.r.intersect(b));
			if (inside && clear) whole.push(t.text);
		}
		out.push({ID: el.id, Names: o.series.map(s => s.name), Whole: whole, Pages: pages, Crossed: crossed});
	}
	return out;
})()`

// TestTwoLineLegendsShowBothNames: a town's chart of its two ranks names
// both lines on a phone, in normal text and 长辈模式. Its legend was one
// line that scrolled: 全部专业镇中排名, then a sliver of the second name
// under the pager, so the second line had no name unless one paged.
func TestTwoLineLegendsShowBothNames(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	for _, name := range []string{"towns/zhongbei-stainless-steel/index.html", "en/towns/qingxu-vegetables/index.html"} {
		for _, width := range []int{375, 1280} {
			for _, m := range []modes{{}, {large: true}} {
				t.Run(fmt.Sprintf("%s@%d/%s", name, width, m), func(t *testing.T) {
					browsertest.Tab(t)
					page, ctx := openIn(t, b, out, name, width, m, 100)
					var legends []struct {
						ID           string
						Names, Whole []string
						Pages        bool
					}
					if err := page.Eval(ctx, legendJS, &legends); err != nil {
						t.Fatal(err)
					}
					if len(legends) == 0 {
						t.Fatal("no chart of lines with a legend")
					}
					for _, l := range legends {
						if l.Pages || strings.Join(l.Whole, "|") != strings.Join(l.Names, "|") {
							t.Errorf("%s: legend shows %q whole of %q (pages: %v)", l.ID, l.Whole, l.Names, l.Pages)
						}
					}
				})
			}
		}
	}
}

// TestWideTablesFadeWhereTheyGoOn: a table wider than the phone fades out
// at its right edge while more of it is to the right, and not once
// scrolled to its end; a table that fits does not fade. The edge cut a
// tier's members table in its figures' column (23.5 showed as 23.) with
// nothing to say the table went on.
func TestWideTablesFadeWhereTheyGoOn(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	const look = `Array.from(document.querySelectorAll("table.members")).map(t => t.parentElement).filter(b => b.classList.contains("table-scroll")).map(b => ({
		Wider: b.scrollWidth > b.clientWidth + 1,
		More: b.classList.contains("more"),
		Mask: getComputedStyle(b).maskImage || getComputedStyle(b).webkitMaskImage,
	}))`
	type box struct {
		Wider, More bool
		Mask        string
	}
	for _, width := range []int{375, 1280} {
		t.Run(fmt.Sprintf("tiers/municipal@%d", width), func(t *testing.T) {
			browsertest.Tab(t)
			page, ctx := openIn(t, b, out, "tiers/municipal/index.html", width, modes{}, 100)
			var before []box
			if err := page.Eval(ctx, look, &before); err != nil {
				t.Fatal(err)
			}
			if len(before) == 0 {
				t.Fatal("no members table")
			}
			for i, m := range before {
				if m.More != m.Wider || m.More != strings.Contains(m.Mask, "gradient") {
					t.Errorf("table %d: wider than its box %v, marked %v, mask %q", i, m.Wider, m.More, m.Mask)
				}
			}
			if width == 375 && !before[0].Wider {
				t.Fatal("the members table fits a phone; the test needs one that does not")
			}
			// Scrolled to its end, nothing more is to the right.
			var after []box
			err := page.Eval(ctx, `new Promise(done => {
				const b = document.querySelector("table.members").parentElement;
				b.scrollLeft = b.scrollWidth;
				setTimeout(() => requestAnimationFrame(() => done(`+look+`)), 50);
			})`, &after)
			if err != nil {
				t.Fatal(err)
			}
			if after[0].More {
				t.Errorf("scrolled to its end, the table is still marked as going on (mask %q)", after[0].Mask)
			}
		})
	}
}

// TestDownloadNamesReadWhole: on a phone the downloads page breaks the
// names of the annual reports and the short data files only after a
// hyphen (report-|2019.xlsx, not report-2019.xl|sx; a word longer than
// the column, datapackage.json, breaks where it must), and its tables
// fit the screen, sizes and all, in 长辈模式 too.
func TestDownloadNamesReadWhole(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	for _, name := range []string{"downloads/index.html", "en/downloads/index.html"} {
		for _, m := range []modes{{}, {large: true}} {
			t.Run(fmt.Sprintf("%s@375/%s", name, m), func(t *testing.T) {
				browsertest.Tab(t)
				page, ctx := openIn(t, b, out, name, 375, m, 100)
				var got struct {
					Broken, Wide []string
				}
				err := page.Eval(ctx, `(() => ({
					Broken: Array.from(document.querySelectorAll("table.downloads tbody th a")).filter(a => /^(report-\d+\.xlsx|(towns|values|totals)\.csv|data\.json)$/.test(a.textContent)).filter(a => {
						// Where a line ends inside the name: anywhere but after a hyphen is a break inside a word.
						const text = a.firstChild, r = document.createRange();
						let top = null;
						for (let i = 0; i < text.length; i++) {
							r.setStart(text, i); r.setEnd(text, i + 1);
							const y = Math.round(r.getBoundingClientRect().top);
							if (top !== null && y > top && text.data[i - 1] !== "-") return true;
							top = y;
						}
						return false;
					}).map(a => a.textContent),
					Wide: Array.from(document.querySelectorAll(".table-scroll")).filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.querySelector("tbody th").textContent + " " + b.scrollWidth + ">" + b.clientWidth),
				}))()`, &got)
				if err != nil {
					t.Fatal(err)
				}
				if !m.large && len(got.Broken) > 0 {
					t.Errorf("file names broken inside a word: %q", got.Broken)
				}
				if len(got.Wide) > 0 {
					t.Errorf("%d tables wider than the screen (first headers %q)", len(got.Wide), got.Wide)
				}
			})
		}
	}
}

// TestComparisonLegendsStayBelow: the comparison page's charts (drawn by
// explore.js) keep their legend under the plot, clear of the toolbox,
// on a phone in normal text and 长辈模式. Laying legends out again for
// the rank charts once moved these to the top, the pager on the buttons.
func TestComparisonLegendsStayBelow(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	for _, m := range []modes{{}, {large: true}} {
		t.Run(m.String(), func(t *testing.T) {
			browsertest.Tab(t)
			page, ctx := openIn(t, b, out, "compare/index.html#towns=xiaodian-motors,zhongbei-stainless-steel,qingxu-vegetables", 375, m, 100)
			var legends []struct {
				ID      string
				Crossed int
			}
			if err := page.Eval(ctx, legendJS, &legends); err != nil {
				t.Fatal(err)
			}
			if len(legends) < 2 {
				t.Fatalf("%d comparison charts with a legend", len(legends))
			}
			for _, l := range legends {
				if l.Crossed > 0 {
					t.Errorf("%s: %d legend texts over the toolbox", l.ID, l.Crossed)
				}
			}
		})
	}
}

// TestBarLabelsFollowWidthAndMode: the bars' labels are thinned again
// when the window narrows (a desktop window made narrow, a phone turned)
// and when 长辈模式 is turned on, not only when the chart is first drawn.
func TestBarLabelsFollowWidthAndMode(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	const name = "towns/zhongbei-stainless-steel/index.html"
	overlaps := func(t *testing.T, page interface {
		Eval(context.Context, string, any) error
	}, ctx context.Context, when string) {
		t.Helper()
		var crossed []string
		if err := page.Eval(ctx, overlapJS, &crossed); err != nil {
			t.Fatal(err)
		}
		if len(crossed) > 0 {
			t.Errorf("%s: %d texts written over others or cut:\n%s", when, len(crossed), strings.Join(crossed, "\n"))
		}
	}
	t.Run("narrowed", func(t *testing.T) {
		browsertest.Tab(t)
		page, ctx := openIn(t, b, out, name, 1280, modes{}, 100)
		// Every chart drawn wide first, not only those in the window.
		if err := page.Eval(ctx, `new Promise(r => townpress.drawAll(() => r(true), true))`, nil); err != nil {
			t.Fatal(err)
		}
		if err := page.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
			"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": true}, nil); err != nil {
			t.Fatal(err)
		}
		// The page redraws its charts 100 ms after the last resize.
		if err := page.Eval(ctx, `new Promise(r => setTimeout(() => r(true), 400))`, nil); err != nil {
			t.Fatal(err)
		}
		overlaps(t, page, ctx, "1280 px narrowed to 375")
	})
	t.Run("large mode turned on", func(t *testing.T) {
		browsertest.Tab(t)
		page, ctx := openIn(t, b, out, name, 375, modes{}, 100)
		if err := page.Eval(ctx, `new Promise(r => townpress.drawAll(() => r(true), true))`, nil); err != nil {
			t.Fatal(err)
		}
		if err := page.Eval(ctx, `(() => { document.querySelector("button[data-mode=large]").click(); })()`, nil); err != nil {
			t.Fatal(err)
		}
		if err := page.Eval(ctx, `new Promise(r => setTimeout(() => r(true), 400))`, nil); err != nil {
			t.Fatal(err)
		}
		overlaps(t, page, ctx, "长辈模式 turned on at 375")
	})
}
