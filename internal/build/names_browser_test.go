package build

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/browser/browsertest"
)

// rankingNamesJS describes each drawn ranking (a chart of horizontal bars
// whose names the build cuts where they run long): its names, the names
// ECharts writes down its axis, how wide each name is in the axis' font,
// and its plot area's width, with the chart's.
const rankingNamesJS = `(() => {
	const out = [];
	for (const el of document.querySelectorAll(".chart[data-drawn]")) {
		const chart = echarts.getInstanceByDom(el);
		const o = chart && chart.getOption();
		const y = o && o.yAxis && o.yAxis[0];
		if (!y || y.type !== "category" || !y.axisLabel || y.axisLabel.overflow !== "truncate") continue;
		const names = y.data.map(c => String(c !== null && typeof c === "object" ? c.value : c));
		const shown = [];
		for (const d of chart.getZr().storage.getDisplayList(true)) {
			if (d.type !== "tspan" || d.invisible || !String(d.style.text || "").trim()) continue;
			let axis = false;
			for (let p = d; p && !axis; p = p.parent) axis = !!(p.__ecComponentInfo && p.__ecComponentInfo.mainType === "yAxis");
			if (!axis) continue;
			const r = d.getBoundingRect().clone();
			if (d.transform) r.applyTransform(d.transform);
			shown.push({text: String(d.style.text), y: r.y});
		}
		shown.sort((a, b) => a.y - b.y);
		const g = document.createElement("canvas").getContext("2d");
		g.font = (y.axisLabel.fontSize || 12) + "px sans-serif";
		const plot = chart.getModel().getComponent("grid").coordinateSystem.getRect();
		out.push({ID: el.id, Names: names, Shown: shown.map(s => s.text), Widths: names.map(n => g.measureText(n).width),
			Width: el.clientWidth, Left: plot.x});
	}
	return out;
})()`

type rankingNames struct {
	ID           string
	Names, Shown []string
	Widths       []float64
	Width, Left  float64
}

// TestRankingNamesReadWhole: a ranking writes its towns' names whole where
// they fit in two fifths of the chart (150 px at least), in English and
// Chinese, and on a phone cuts those that do not with "…", the bars
// keeping the rest. On a desktop English names were cut at 150 px (Zhongbei
// Semiconducto…) beside a plot of 900 px. The build's drawing of the
// chart gives the names the same room, so the bars stay where they are
// when ECharts takes its place.
func TestRankingNamesReadWhole(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	for _, name := range []string{"en/indicators/output/index.html", "indicators/output/index.html", "en/tiers/municipal/index.html", "en/towns/zhongbei-semiconductor/index.html"} {
		for _, width := range []int{1280, 375} {
			for _, m := range []modes{{}, {large: true}} {
				t.Run(fmt.Sprintf("%s@%d/%s", name, width, m), func(t *testing.T) {
					browsertest.Tab(t)
					page, ctx := openIn(t, b, out, name, width, m, 100)
					if err := page.Eval(ctx, `new Promise(r => townpress.drawAll(() => r(true), true))`, nil); err != nil {
						t.Fatal(err)
					}
					var charts []rankingNames
					if err := page.Eval(ctx, rankingNamesJS, &charts); err != nil {
						t.Fatal(err)
					}
					if len(charts) == 0 {
						t.Fatal("no ranking drawn")
					}
					for _, c := range charts {
						if len(c.Shown) != len(c.Names) {
							t.Errorf("%s: %d names written for %d towns: %q", c.ID, len(c.Shown), len(c.Names), c.Shown)
							continue
						}
						cut := 0
						for i, n := range c.Names {
							s := c.Shown[i]
							if s == n {
								continue
							}
							cut++
							if !strings.HasSuffix(s, "…") && !strings.HasSuffix(s, "...") || !strings.HasPrefix(n, strings.TrimRight(s, "….")) {
								t.Errorf("%s: %q written as %q, neither whole nor cut with …", c.ID, n, s)
							}
							// Cut only where the whole name would take about
							// its share of the chart or more: ECharts measures
							// a name a letter at a time, a few pixels wider
							// than the browser draws it.
							if c.Widths[i] <= max(150, 0.4*c.Width)-8 {
								t.Errorf("%s: %q cut to %q though it is %.0f px wide, and the chart %.0f px", c.ID, n, s, c.Widths[i], c.Width)
							}
						}
						if width == 1280 && strings.Contains(name, "indicators/") && cut > 0 {
							t.Errorf("%s: %d of %d names cut on a desktop: %q", c.ID, cut, len(c.Names), c.Shown)
						}
						// The bars keep their room: left of them, the
						// names take two fifths at most, or the 150 px
						// they had, after the 3% margin and before their
						// 8 px to the axis.
						if room := 0.03*c.Width + max(150, 0.4*c.Width) + 8; c.Left > room+1 {
							t.Errorf("%s: the bars start %.0f px into the chart's %.0f; the names may take %.0f", c.ID, c.Left, c.Width, room)
						}
					}
				})
			}
		}
	}
}

// TestRankingDrawnThenChartedStaysPut: the build's drawing of a ranking
// and ECharts' chart that takes its place start their bars at the same
// place, on a phone and a desktop, and the drawing cuts no name that fits
// its share (its boxes of HTML cut with "…" what does not).
func TestRankingDrawnThenChartedStaysPut(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	const name = "en/indicators/output/index.html"
	for _, width := range []int{1280, 375} {
		for _, m := range []modes{{}, {large: true}} {
			t.Run(fmt.Sprintf("%s@%d/%s", name, width, m), func(t *testing.T) {
				browsertest.Tab(t)
				ctx, cancel := context.WithTimeout(context.Background(), pageTimeout)
				defer cancel()
				page, err := b.NewPage(ctx, width, 812, width < 600)
				if err != nil {
					t.Fatal(err)
				}
				defer page.Close()
				if err := page.OnNewDocument(ctx, m.script()); err != nil {
					t.Fatal(err)
				}
				// What the drawing's names show, when ECharts has run.
				watch := strings.Replace(staticWatch, `Plot: plot(el),`, `Plot: plot(el),
		Cut: Array.from(el.querySelectorAll("svg.chart-static .nm div")).filter(d => d.scrollWidth > d.clientWidth + 1).length,
		Names: el.querySelectorAll("svg.chart-static .nm").length,
		Touch: (() => {
			const r = Array.from(el.querySelectorAll("svg.chart-static text.t")).map(t => t.getBoundingClientRect()).filter(r => r.width > 0).sort((a, b) => a.left - b.left);
			let n = 0;
			for (let i = 1; i < r.length; i++) if (Math.abs(r[i].top - r[i-1].top) < 2 && r[i].left - r[i-1].right < 3) n++;
			return n;
		})(),`, 1)
				if err := page.OnNewDocument(ctx, watch); err != nil {
					t.Fatal(err)
				}
				if err := page.Navigate(ctx, fileURL(out, name)); err != nil {
					t.Fatal(err)
				}
				if err := page.WaitFor(ctx, browser.ChartsDrawn); err != nil {
					t.Fatalf("charts not drawn: %v", err)
				}
				type box struct {
					staticBox
					Cut, Names, Touch int
				}
				var got struct{ Before, After []box }
				if err := page.Eval(ctx, `({Before: window.__static.before, After: window.__static.look()})`, &got); err != nil {
					t.Fatal(err)
				}
				rankings := 0
				for i, before := range got.Before {
					if before.Names == 0 {
						continue
					}
					rankings++
					after := got.After[i]
					if before.Plot == nil || after.Plot == nil {
						t.Fatalf("%s: no plot area before (%v) or after (%v)", before.ID, before.Plot, after.Plot)
					}
					if d := math.Abs(before.Plot.Left - after.Plot.Left); d > 2 {
						t.Errorf("%s: the bars start %.1f px from the box's left in the drawing, %.1f in ECharts' chart (box %.0f px wide, then %.0f)", before.ID, before.Plot.Left, after.Plot.Left, before.Width, after.Width)
					}
					if before.Touch > 0 {
						t.Errorf("%s: the drawing's value axis writes %d figures touching the one before (0 5 10152025 …)", before.ID, before.Touch)
					}
					if width == 1280 && before.Cut > 0 {
						t.Errorf("%s: the drawing cuts %d of %d names on a desktop", before.ID, before.Cut, before.Names)
					}
					if width == 375 && before.Cut == 0 {
						t.Errorf("%s: the drawing cuts none of %d names on a phone; the longest should be", before.ID, before.Names)
					}
				}
				if rankings == 0 {
					t.Fatal("no ranking drawn by the build")
				}
			})
		}
	}
}
