package build

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/browser/browsertest"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/sitetest"
)

// figuresSite writes testdata/sites/figures.txtar: a site whose figures
// catch a browser that derives them (the archive says how).
func figuresSite(t *testing.T) string {
	t.Helper()
	return sitetest.Load(t, "testdata/sites/figures.txtar").Dir
}

// wantRanking is the ranking table of ind in year index yi over the towns
// of tier (nil for every town) as the Go side has it, one row per town
// "name|rank|figure|change": ranked towns by rank (ties in the towns'
// order), then those without a figure. Written from the model and num,
// not through the page writers.
func wantRanking(site *model.Site, ind *model.Indicator, tier *model.Tier, yi int, en bool) []string {
	towns := site.Towns
	if tier != nil {
		towns = tier.Towns
	}
	r := model.Rank(towns, ind, yi)
	ordered := slices.Clone(r.Towns)
	for _, t := range towns {
		if r.Position(t) < 0 {
			ordered = append(ordered, t)
		}
	}
	var out []string
	for _, t := range ordered {
		name := t.Name
		if en {
			name = t.NameEn
		}
		rank, value, change := "—", "—", "—"
		if k := r.Rank(t); k > 0 {
			rank = strconv.Itoa(k)
		}
		if v := t.Values[ind.ID].At(yi); v.Valid() {
			value = v.Grouped(ind.Decimals, site.Rule)
		}
		if d := t.Delta(ind, yi); d.Valid() {
			change = d.Signed(d.Decimals, site.Rule)
		}
		out = append(out, name+"|"+rank+"|"+value+"|"+change)
	}
	return out
}

// TestIndicatorViewShowsGoFigures opens the indicator pages for every
// year and tier, by the address as a shared link would, and checks that
// the ranking table, the chart's labels and tooltips and the total show
// the figures, changes and ranks of the Go side, ties shared.
func TestIndicatorViewShowsGoFigures(t *testing.T) {
	b := browsertest.Launch(t)
	dir := figuresSite(t)
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	site := res.Site
	type view struct {
		Rows, Labels, Tips []string
		Total, Notes       string
	}
	read := `(async () => {
		const fig = document.querySelector("figure[id$=-ranking]");
		const el = fig.querySelector(".chart"), chart = echarts.getInstanceByDom(el);
		const o = chart.getOption(), n = o.series[0].data.length, labels = [], tips = [];
		for (let i = 0; i < n; i++) {
			labels.push(o.series[0].label.formatter({seriesIndex: 0, dataIndex: i, value: o.series[0].data[i]}));
			// As a reader points at the row, near the axis: a point at the
			// axis's far end is outside the plot for showTip by index.
			chart.dispatchAction({type: "showTip", x: chart.convertToPixel({xAxisIndex: 0}, 0) + 2, y: chart.convertToPixel({yAxisIndex: 0}, i)});
			// ECharts writes the tooltip a moment later: wait for this
			// bar's town to head it.
			let text = "";
			for (let k = 0; k < 50; k++) {
				const tip = Array.from(el.querySelectorAll("div")).find(d => d.style.zIndex === "9999999");
				text = tip ? tip.innerText.replace(/\s*\n\s*/g, "\n") : "";
				if (text.split("\n")[0] === o.yAxis[0].data[i]) break;
				await new Promise(r => setTimeout(r, 20));
			}
			tips.push(text);
		}
		chart.dispatchAction({type: "hideTip"});
		const total = document.querySelector(".scope-total");
		return {
			Rows: Array.from(fig.querySelectorAll("tbody tr")).map(tr => Array.from(tr.children).map(c => c.textContent).join("|")),
			Labels: labels, Tips: tips, Total: total ? total.textContent : "",
			Notes: Array.from(fig.querySelectorAll(".chart-note")).map(p => p.textContent).join("\n"),
		};
	})()`
	for _, lang := range []string{"", "en/"} {
		en := lang == "en/"
		for _, ind := range site.Indicators {
			page, ctx := open(t, b, out, lang+"indicators/"+ind.ID+"/index.html", 1280)
			unit := ind.Unit
			if en {
				unit = ind.UnitEn
			}
			for yi, year := range site.Years {
				for _, tier := range append([]*model.Tier{nil}, site.Tiers...) {
					hash := "#year=" + strconv.Itoa(year)
					if tier != nil {
						hash += "&tier=" + tier.ID
					}
					name := lang + ind.ID + hash
					if err := page.Eval(ctx, `location.hash = `+jsString(hash), nil); err != nil {
						t.Fatal(err)
					}
					shown := strconv.Itoa(year) + "/"
					if tier != nil {
						shown += tier.ID
					}
					if err := page.WaitFor(ctx, `document.querySelector("form.controls").getAttribute("data-shown") === `+jsString(shown)); err != nil {
						t.Fatalf("%s: the view did not follow the address", name)
					}
					var got view
					if err := page.Eval(ctx, read, &got); err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					want := wantRanking(site, ind, tier, yi, en)
					if !slices.Equal(got.Rows, want) {
						t.Errorf("%s: ranking table\n got %q\nwant %q", name, got.Rows, want)
					}
					// The bars are the ranked rows: the label is the figure,
					// the tooltip the town, figure, unit and rank.
					var ranked int
					for _, row := range want {
						if strings.Split(row, "|")[1] != "—" {
							ranked++
						}
					}
					if len(got.Labels) != ranked || len(got.Tips) != ranked {
						t.Fatalf("%s: %d labels and %d tooltips for %d ranked towns", name, len(got.Labels), len(got.Tips), ranked)
					}
					indName, colon := ind.Name, "："
					if en {
						indName, colon = ind.NameEn, ": "
					}
					for i, row := range want[:ranked] {
						cells := strings.Split(row, "|")
						if got.Labels[i] != cells[2] {
							t.Errorf("%s: %s is labelled %q, want %q", name, cells[0], got.Labels[i], cells[2])
						}
						rankWord := "排名"
						if en {
							rankWord = "Rank"
						}
						tip := cells[0] + "\n" + indName + colon + cells[2] + " " + unit + " · " + rankWord + " " + cells[1] + "/" + strconv.Itoa(ranked)
						if got.Tips[i] != tip {
							t.Errorf("%s: tooltip %q, want %q", name, got.Tips[i], tip)
						}
					}
					checkTotalLine(t, name, site, ind, tier, yi, en, got.Total)
					checkWhyNote(t, name, site, ind, tier, yi, got.Notes)
				}
			}
			noConsoleErrors(t, page)
		}
	}

	// The figures the issue named, read as a reader reads them.
	page, ctx := open(t, b, out, "indicators/output/index.html#year=2023&tier=municipal", 375)
	var got view
	if err := page.Eval(ctx, read, &got); err != nil {
		t.Fatal(err)
	}
	if want := []string{"小店区电机小镇|1|8.1|-73.3", "中北高新区不锈钢专业镇|1|8.1|+34.2", "晋源花卉小镇|3|4.2|—"}; !slices.Equal(got.Rows, want) {
		t.Errorf("municipal 2023: %q, want the tie ranked 1, 1, 3: %q", got.Rows, want)
	}
	if want := "市级合计（2023年）：20.3 亿元 · 同比增长 -55.5% · 3/3个镇报送 · 与上年口径不同（上年2/3个镇报送），同比按两年均有数据的2个镇计算"; got.Total != want {
		t.Errorf("municipal 2023 total:\n got %s\nwant %s", got.Total, want)
	}
	page, ctx = open(t, b, out, "indicators/output/index.html#year=2023", 375)
	if err := page.Eval(ctx, read, &got); err != nil {
		t.Fatal(err)
	}
	if got.Rows[0] != "清徐老陈醋专业镇|1|19.9|+32.6" {
		t.Errorf("vinegar 2023: %q, want growth +32.6 (15.01 → 19.9)", got.Rows[0])
	}
	if got.Rows[4] != "阳曲小杂粮专业镇|5|0.9|+6.3" || got.Labels[4] != "0.9" {
		t.Errorf("grains 2023: %q labelled %q, want 0.9 and +6.3 (0.8 → 0.85, exactly +6.25 %%)", got.Rows[4], got.Labels[4])
	}
	if !strings.Contains(got.Notes, "上年数值为零或负数") {
		t.Errorf("the table shows 清徐葡萄酒's growth over -0.2 as — without saying why: %q", got.Notes)
	}
	page, ctx = open(t, b, out, "indicators/platforms/index.html#year=2023", 375)
	if err := page.Eval(ctx, read, &got); err != nil {
		t.Fatal(err)
	}
	var ranks []string
	for _, r := range got.Rows {
		ranks = append(ranks, strings.Split(r, "|")[1])
	}
	if strings.Join(ranks, ",") != "1,2,2,4,4,4" {
		t.Errorf("platforms 2023 ranks %v, want 1,2,2,4,4,4", ranks)
	}

	// The comparison view shows the same text.
	page, ctx = open(t, b, out, "compare/index.html#towns=qingxu-vinegar,xiaodian-motors&year=2023", 1280)
	var cmp []string
	page.Eval(ctx, `Array.from(document.querySelectorAll(".compare-table tbody tr")).map(tr => Array.from(tr.querySelectorAll("td")).map(c => c.textContent).join("|"))`, &cmp)
	if strings.Join(cmp, ";") != "19.9|8.1;2|1" {
		t.Errorf("compare table = %q", cmp)
	}
	noConsoleErrors(t, page)
}

// checkTotalLine checks the indicator page's total for the view against
// the model's figure.
func checkTotalLine(t *testing.T, name string, site *model.Site, ind *model.Indicator, tier *model.Tier, yi int, en bool, got string) {
	t.Helper()
	tiers := site.Tiers
	if tier != nil {
		tiers = []*model.Tier{tier}
	}
	f := site.ScopeFigure(ind, tiers, yi)
	cov := func(r, of int) string {
		if en {
			return strconv.Itoa(r) + " of " + strconv.Itoa(of)
		}
		return strconv.Itoa(r) + "/" + strconv.Itoa(of)
	}
	want := []string{cov(f.Reporting, f.Of)}
	if f.Value.Valid() {
		want = append(want, f.Value.Grouped(ind.Decimals, site.Rule)+" ")
	}
	if f.Delta.Valid() {
		want = append(want, " "+f.Delta.Signed(f.Delta.Decimals, site.Rule)+"%")
	}
	if f.Break() {
		want = append(want, strconv.Itoa(f.PrevReporting)+"/"+strconv.Itoa(f.PrevOf))
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: the total %q lacks %q", name, got, w)
		}
	}
	if !strings.Contains(got, strconv.Itoa(site.Years[yi])) {
		t.Errorf("%s: the total %q does not name its year", name, got)
	}
}

// checkWhyNote checks that the ranking table says why a change is "—"
// exactly when one of its towns' growth has a base of zero or less.
func checkWhyNote(t *testing.T, name string, site *model.Site, ind *model.Indicator, tier *model.Tier, yi int, notes string) {
	t.Helper()
	towns := site.Towns
	if tier != nil {
		towns = tier.Towns
	}
	base := false
	for _, town := range towns {
		base = base || ind.Delta(town.Values[ind.ID], yi).Why == model.BaseNotAbove
	}
	said := strings.Contains(notes, "上年数值为零或负数") || strings.Contains(notes, "the year before is zero or negative")
	if said != base {
		t.Errorf("%s: the table says why a growth is — over a base of zero or less: %v, want %v (%q)", name, said, base, notes)
	}
}

// TestTooltipsKeepTextAsText points at every chart of pages whose names,
// units and titles are hostile: the tooltips, written by townpress.js
// from the build's text, show the text and make no element of it.
func TestTooltipsKeepTextAsText(t *testing.T) {
	b := browsertest.Launch(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Config: filepath.Join(writeEvilSite(t), "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "en/index.html", "en/towns/evil/index.html", "en/tiers/provincial/index.html",
		"en/indicators/output/index.html#year=2023", "en/compare/index.html#towns=evil,plain"} {
		page, ctx := open(t, b, out, name, 1280)
		var got struct {
			Tips      []string
			Injected  int
			Alerted   bool
			Unescaped bool
		}
		err := page.Eval(ctx, `(async () => {
			window.alerted = false;
			window.alert = () => { window.alerted = true; };
			const tips = [];
			for (const el of document.querySelectorAll(".chart")) {
				const chart = echarts.getInstanceByDom(el), o = chart.getOption();
				for (let s = 0; s < o.series.length; s++) {
					for (let i = 0; i < o.series[s].data.length; i++) {
						chart.dispatchAction({type: "showTip", seriesIndex: s, dataIndex: i});
						await new Promise(r => setTimeout(r, 30));
						const tip = Array.from(el.querySelectorAll("div")).find(d => d.style.zIndex === "9999999");
						if (tip) tips.push(tip.innerText);
					}
				}
				chart.dispatchAction({type: "hideTip"});
			}
			await new Promise(r => setTimeout(r, 100));
			return {Tips: tips, Injected: document.querySelectorAll("img[src=x], script:not([src]):not([type]):not(#tp-modes)").length,
				Alerted: window.alerted, Unescaped: tips.some(t => t.includes("&lt;") || t.includes("&amp;lt;"))};
		})()`, &got)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got.Tips) == 0 {
			t.Errorf("%s: no tooltip shown", name)
		}
		if got.Injected > 0 || got.Alerted {
			t.Errorf("%s: a tooltip made markup of text: %d elements, alert %v", name, got.Injected, got.Alerted)
		}
		if got.Unescaped {
			t.Errorf("%s: a tooltip shows escaped text twice: %q", name, got.Tips)
		}
		shows := false
		for _, tip := range got.Tips {
			shows = shows || strings.Contains(tip, "<img src=x onerror=alert")
		}
		if !shows && !strings.HasPrefix(name, "index") {
			t.Errorf("%s: no tooltip shows the hostile text as text: %q", name, got.Tips)
		}
		noConsoleErrors(t, page)
	}
}
