package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/browser/browsertest"
)

// mapConfig is the [map] of a site with a town map, on the made-up base
// map of testdata/map (two rectangles, not a real boundary).
const mapConfig = `
[map]
base_map = "data/map/made-up.geojson"
review_number = "测试S（2099）000号"
boundary_source = "虚构的测试底图（不是真实边界）"
boundary_source_en = "a made-up test map (not a real boundary)"
`

// writeMapSite writes a site whose towns sheet gives places (经度, 纬度)
// for two of its three towns, with the made-up base map, and config
// extra appended to its config.
func writeMapSite(t *testing.T, extra string) string {
	t.Helper()
	dir := writeSite(t, nil, nil)
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "专业镇名录")
	towns := [][]any{{"编号", "名称", "英文名称", "级别", "经度", "纬度"},
		{"vinegar", "老陈醋专业镇", "Vinegar town", "省级", 112.36, 37.61},
		{"motors", "电机小镇", "Motor town", "市级", "112.57°E", "37.74N"},
		{"flowers", "花卉小镇", "Flower town", "市级", nil, nil}}
	for i, r := range towns {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("专业镇名录", cell, &r)
	}
	f.NewSheet("指标数据")
	values := [][]any{{"专业镇", "年份", "工业产值（亿元）"}, {"vinegar", 2024, 24.1}, {"motors", 2024, 9.5}, {"flowers", 2024, 3.2}}
	for i, r := range values {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("指标数据", cell, &r)
	}
	if err := f.SaveAs(filepath.Join(dir, "data", "towns.xlsx")); err != nil {
		t.Fatal(err)
	}
	geo, err := os.ReadFile("testdata/map/made-up.geojson")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "data", "map"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "data", "map", "made-up.geojson"), geo, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.toml")
	raw, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, append(raw, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestTownMap(t *testing.T) {
	dir := writeMapSite(t, mapConfig)
	out := filepath.Join(dir, "public")
	if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	page := string(files["map/index.html"])
	for _, want := range []string{
		`审图号：测试S（2099）000号`, `底图边界来源：虚构的测试底图（不是真实边界）`,
		// The whole library, preloaded and loaded when the map comes near.
		`<link rel="preload" href="../assets/echarts.full.min.js" as="script">`, `"echarts":"echarts.full.min.js"`, `id="tp-base-map" data-name="townpress-base"`, `甲区（虚构）`,
		// The points: the towns with a place, at it, sized by their output.
		`"coordinateSystem":"geo"`, `{"name":"老陈醋专业镇","value":[112.36,37.61,24.1],"symbolSize":30}`,
		`{"name":"电机小镇","value":[112.57,37.74,9.5],"symbolSize":22}`,
		// The credit is drawn on the map, so a saved image carries it.
		`"title":{"text":"审图号：测试S（2099）000号","subtext":"底图边界来源：虚构的测试底图（不是真实边界）"`,
		`另有1个专业镇在专业镇名录中未填经纬度，未标在图上。`,
		`href="../indicators/output/index.html"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("map page lacks %s", want)
		}
	}
	if strings.Contains(page, `"name":"花卉小镇"`) {
		t.Errorf("a town without a place is on the map")
	}
	en := string(files["en/map/index.html"])
	for _, want := range []string{`Map review number (审图号): 测试S（2099）000号`, `Boundaries from: a made-up test map (not a real boundary)`, `1 more town has no longitude`} {
		if !strings.Contains(en, want) {
			t.Errorf("English map page lacks %s", want)
		}
	}
	// The chart's data file and its notes carry the credit too.
	meta := string(files["map/output-map.json"])
	if !strings.Contains(meta, "审图号：测试S（2099）000号") || !strings.Contains(meta, "底图边界来源") {
		t.Errorf("map data notes lack the credit:\n%s", meta)
	}
	if !strings.Contains(string(files["map/output-map.csv"]), "老陈醋专业镇,省级,112.36,37.61,24.1") {
		t.Errorf("map data:\n%s", files["map/output-map.csv"])
	}
	// Every page links the map; other pages keep the lite bundle.
	if home := string(files["index.html"]); !strings.Contains(home, `href="map/index.html"`) || !strings.Contains(home, `href="assets/echarts.min.js"`) || strings.Contains(home, `"echarts":`) {
		t.Errorf("home page: no map link, or not the site's bundle")
	}
	if _, ok := files["assets/echarts.full.min.js"]; !ok {
		t.Errorf("no assets/echarts.full.min.js for the map page")
	}
}

// TestNoMapWithoutReview: a base map without its 审图号 or boundary source
// is refused, with an error at the config's line that says why; nothing
// is built.
func TestNoMapWithoutReview(t *testing.T) {
	for _, c := range []struct{ name, cfg, want string }{
		{"no review number", strings.Replace(mapConfig, `review_number = "测试S（2099）000号"`, "", 1), "map.review_number: must not be empty: a map published in China needs its map review number (审图号"},
		{"no source", strings.Replace(mapConfig, `boundary_source = "虚构的测试底图（不是真实边界）"`, "", 1), "map.boundary_source: must not be empty"},
		{"no base map", strings.Replace(mapConfig, `base_map = "data/map/made-up.geojson"`, "", 1), "map.base_map: must not be empty"},
		{"missing file", strings.Replace(mapConfig, "made-up.geojson", "nowhere.geojson", 1), "map.base_map: "},
		{"outside the site", strings.Replace(mapConfig, "data/map/made-up.geojson", "../made-up.geojson", 1), "is outside the site folder"},
		{"not GeoJSON", strings.Replace(mapConfig, "data/map/made-up.geojson", "data/towns.xlsx", 1), "not GeoJSON"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeMapSite(t, c.cfg)
			out := filepath.Join(dir, "public")
			_, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out})
			var pe *ProblemsError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want problems", err)
			}
			var all []string
			for _, p := range pe.Problems {
				all = append(all, p.String())
			}
			text := strings.Join(all, "\n")
			if !strings.Contains(text, c.want) || !strings.Contains(text, "config.toml:") {
				t.Errorf("problems:\n%s\nwant %q at a line of config.toml", text, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a site was built")
			}
		})
	}
}

// TestNoMapByDefault: a site without [map] has no map page, no map link
// and no full library, though its towns have places.
func TestNoMapByDefault(t *testing.T) {
	dir := writeMapSite(t, "")
	out := filepath.Join(dir, "public")
	if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	for name := range files {
		if strings.HasPrefix(name, "map/") || strings.Contains(name, "/map/") || name == "assets/echarts.full.min.js" {
			t.Errorf("%s written without [map]", name)
		}
	}
	if strings.Contains(string(files["index.html"]), "map/index.html") {
		t.Errorf("home page links a map")
	}
}

// TestTownMapInBrowser draws the map page in Chromium: the base map is
// registered from the page, both placed towns are points at their places,
// nothing goes wrong in the console; an embedded map keeps its base map.
func TestTownMapInBrowser(t *testing.T) {
	b := browsertest.Shared(t)
	dir := writeMapSite(t, mapConfig)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"map/index.html", "en/map/index.html", "map/index.html?embed=output-map"} {
		for _, width := range []int{1280, 375} {
			t.Run(fmt.Sprintf("%s@%d", name, width), func(t *testing.T) {
				page, ctx := open(t, b, out, name, width)
				var got struct {
					Registered bool
					Points     int
					Wide       bool
				}
				err := page.Eval(ctx, `(() => {
					const c = echarts.getInstanceByDom(document.getElementById("output-map-chart"));
					const o = c.getOption();
					return {Registered: !!echarts.getMap("townpress-base"),
						Points: o.series.reduce((n, s) => n + s.data.length, 0),
						Wide: document.documentElement.scrollWidth > window.innerWidth};
				})()`, &got)
				if err != nil {
					t.Fatal(err)
				}
				if !got.Registered || got.Points != 2 || got.Wide {
					t.Errorf("%+v; want the base map registered, 2 points, nothing wider than the window", got)
				}
				noConsoleErrors(t, page)
			})
		}
	}
}
