package build

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/browser/browsertest"
)

// staticWatch notes, at the moment the ECharts bundle has run (its last
// statement sets window.echarts) and so before any chart of ECharts',
// what each chart box holds and where its table starts.
const staticWatch = `(() => {
	const look = () => Array.from(document.querySelectorAll(".chart")).map(el => ({
		ID: el.id,
		Static: el.querySelectorAll("svg.chart-static").length,
		Titles: el.querySelectorAll("svg.chart-static title").length,
		Legends: el.querySelectorAll(".chart-lg").length,
		ECharts: el.querySelectorAll("canvas, svg:not(.chart-static)").length,
		Height: el.getBoundingClientRect().height,
		SVGWidth: (el.querySelector("svg.chart-static") || {getBoundingClientRect: () => ({width: 0})}).getBoundingClientRect().width,
		Width: el.getBoundingClientRect().width,
		TableTop: (el.parentNode.querySelector("details.chart-data") || el).getBoundingClientRect().top + window.scrollY,
		Plot: plot(el),
		LegendRows: new Set(Array.from(el.querySelectorAll(".chart-lg i")).map(r => Math.round(r.getBoundingClientRect().top))).size,
	}));
	// plot is where the chart's plot area is, from the box's top left:
	// the static chart's is what its gridlines span, ECharts' its grid's.
	const plot = el => {
		const box = el.getBoundingClientRect();
		const lines = Array.from(el.querySelectorAll("svg.chart-static line.g")).map(l => l.getBoundingClientRect());
		if (lines.length) {
			return {Top: Math.min(...lines.map(r => r.top)) - box.top, Bottom: Math.max(...lines.map(r => r.bottom)) - box.top,
				Left: Math.min(...lines.map(r => r.left)) - box.left, Right: Math.max(...lines.map(r => r.right)) - box.left};
		}
		const grid = el.townpressChart && el.townpressChart.getModel().getComponent("grid");
		if (!grid) return null;
		const r = grid.coordinateSystem.getRect();
		return {Top: r.y, Bottom: r.y + r.height, Left: r.x, Right: r.x + r.width};
	};
	window.__static = {parsed: null, before: null, look};
	// On a fast load the bundle can run, and a chart be drawn, before the
	// document is parsed to its end: what was there when it ran is then
	// what parsing gave.
	document.addEventListener("DOMContentLoaded", () => { window.__static.parsed = window.__static.before || look(); });
	Object.defineProperty(window, "echarts", {configurable: true, set(v) {
		window.__static.before = look();
		Object.defineProperty(window, "echarts", {value: v, writable: true, configurable: true});
	}});
})()`

type staticBox struct {
	ID                      string
	Static, Titles, ECharts int
	Legends                 int // the static chart's legends
	Height, Width, SVGWidth float64
	TableTop                float64
	// Plot is the plot area, in pixels from the box's top left: the
	// static chart's gridlines' extent, or ECharts' grid.
	Plot *struct{ Top, Bottom, Left, Right float64 }
	// LegendRows is how many rows the static chart's legend takes.
	LegendRows int
}

// TestStaticChartsGiveWayToECharts: a page's first two charts are on it
// as the build drew them (an SVG with a title on each bar) before ECharts
// has run, and ECharts' chart takes their place in the same box: one
// chart in it, not two, the box as high as before and the table under it
// where it was. At a phone's and a desktop's width, in both languages.
func TestStaticChartsGiveWayToECharts(t *testing.T) {
	b := browsertest.Shared(t)
	out := builtSampleSite(t)
	for _, name := range []string{"towns/qingxu-vinegar/index.html", "en/towns/qingxu-vinegar/index.html", "index.html", "en/index.html", "en/indicators/output/index.html"} {
		for _, run := range []struct {
			width int
			m     modes
		}{{375, modes{}}, {1280, modes{}}, {375, modes{large: true}}, {1280, modes{large: true}}} {
			width := run.width
			t.Run(fmt.Sprintf("%s@%d/%s", name, width, run.m), func(t *testing.T) {
				browsertest.Tab(t)
				ctx, cancel := context.WithTimeout(context.Background(), pageTimeout)
				defer cancel()
				page, err := b.NewPage(ctx, width, 812, width < 600)
				if err != nil {
					t.Fatal(err)
				}
				defer page.Close()
				if err := page.OnNewDocument(ctx, run.m.script()); err != nil {
					t.Fatal(err)
				}
				if err := page.OnNewDocument(ctx, staticWatch); err != nil {
					t.Fatal(err)
				}
				if err := page.Navigate(ctx, fileURL(out, name)); err != nil {
					t.Fatal(err)
				}
				if err := page.WaitFor(ctx, browser.ChartsDrawn); err != nil {
					t.Fatalf("charts not drawn: %v", err)
				}
				var got struct{ Parsed, Before, After []staticBox }
				if err := page.Eval(ctx, `({Parsed: window.__static.parsed, Before: window.__static.before, After: window.__static.look()})`, &got); err != nil {
					t.Fatal(err)
				}
				if got.Before == nil {
					t.Fatal("ECharts was never run")
				}
				statics := 0
				for i, before := range got.Before {
					after := got.After[i]
					if before.ECharts != 0 {
						t.Errorf("%s: ECharts' chart before ECharts had run", before.ID)
					}
					if before.Static == 0 {
						if after.Static != 0 {
							t.Errorf("%s: a static chart after ECharts' that was not there before", after.ID)
						}
						continue
					}
					statics++
					if before.Static != 1 || before.Titles == 0 {
						t.Errorf("%s: %d static charts with %d titles before ECharts; want one, a title on each bar", before.ID, before.Static, before.Titles)
					}
					if before.SVGWidth < before.Width-1 || before.SVGWidth > before.Width+1 {
						t.Errorf("%s: the static chart is %.0f px wide in a box of %.0f px", before.ID, before.SVGWidth, before.Width)
					}
					if after.Legends != 0 {
						t.Errorf("%s: the static chart's legend is left after ECharts drew", after.ID)
					}
					if after.Static != 0 || after.ECharts == 0 {
						t.Errorf("%s: after ECharts drew, %d static charts and %d of ECharts' drawings; want ECharts' alone", after.ID, after.Static, after.ECharts)
					}
					// The plot area stays where it was: the bars do not jump
					// when ECharts' chart takes the static one's place.
					if before.Plot == nil || after.Plot == nil {
						t.Errorf("%s: no plot area found before (%v) or after (%v) ECharts drew", after.ID, before.Plot, after.Plot)
					} else {
						b, a := *before.Plot, *after.Plot
						t.Logf("%s: plot area top %.1f bottom %.1f left %.1f right %.1f static, %.1f %.1f %.1f %.1f ECharts; legend rows %d",
							after.ID, b.Top, b.Bottom, b.Left, b.Right, a.Top, a.Bottom, a.Left, a.Right, before.LegendRows)
						if math.Abs(b.Top-a.Top) > 2 || math.Abs(b.Bottom-a.Bottom) > 2 {
							t.Errorf("%s: the plot area moved when ECharts drew: %.1f to %.1f px from the box's top before, %.1f to %.1f after",
								after.ID, b.Top, b.Bottom, a.Top, a.Bottom)
						}
					}
					// ECharts' legend is one line that scrolls.
					if before.LegendRows > 1 {
						t.Errorf("%s: the static legend takes %d rows; ECharts' takes one", after.ID, before.LegendRows)
					}
					if before.Height != after.Height || before.TableTop != after.TableTop {
						t.Errorf("%s: the box moved when ECharts drew: %.1f px high with its table at %.1f before, %.1f and %.1f after",
							after.ID, before.Height, before.TableTop, after.Height, after.TableTop)
					}
				}
				if statics != 2 {
					t.Errorf("%d charts drawn statically; want the page's first two", statics)
				}
				// With the page parsed, before any script of ours could
				// draw, the static charts are there: what a reader without
				// JavaScript sees.
				for i, p := range got.Parsed {
					if p.Static != got.Before[i].Static {
						t.Errorf("%s: %d static charts when parsed, %d when ECharts ran", p.ID, p.Static, got.Before[i].Static)
					}
				}
				noConsoleErrors(t, page)
			})
		}
	}
}
