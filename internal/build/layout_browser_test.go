package build

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/browser/browsertest"
)

// Names as long as officials write them, in Chinese, and an English name
// with no space to break at.
const (
	longName   = "小店区高端装备制造与新能源汽车驱动电机及其控制系统产业链协同创新发展示范专业镇XiaodianHighEndEquipmentManufacturing"
	longNameEn = "XiaodianHighEndEquipmentManufacturingAndNewEnergyVehicleDriveMotorIndustryClusterTown"
)

// A town's name, however long, never makes a page wider than the window:
// at a desktop's 1280 pixels the indicator page was 1447 wide.
func TestLongTownNameFitsTheWindow(t *testing.T) {
	b := browsertest.Launch(t)
	dir := exploreSite(t)
	book := filepath.Join(dir, "data", "towns.xlsx")
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("专业镇名录", "B3", longName)
	f.SetCellValue("专业镇名录", "C3", longNameEn)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	// The pages that show the long name in a table, a chart, a heading,
	// a link list or a picker; the English ones hold the unbroken name.
	for _, name := range []string{
		"indicators/output/index.html", "en/indicators/output/index.html", "en/indicators/entities/index.html#tier=municipal",
		"en/towns/xiaodian-motors/index.html", "en/tiers/municipal/index.html", "index.html",
		"en/compare/index.html#towns=xiaodian-motors,qingxu-vinegar", "en/reports/2024/index.html",
	} {
		for _, width := range []int{1280, 375} {
			t.Run(fmt.Sprintf("%s@%d", name, width), func(t *testing.T) {
				page, ctx := open(t, b, out, name, width)
				var got struct {
					ScrollWidth, Width int
					Wide               []string
					Tables             []string // tables with the long name, wider than their scroll box
				}
				err := page.Eval(ctx, fmt.Sprintf(`(() => {
					const w = window.innerWidth;
					const name = el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "");
					const wide = Array.from(document.querySelectorAll("body *")).filter(el => {
						const r = el.getBoundingClientRect();
						return r.right > w + 1 && getComputedStyle(el).position !== "fixed";
					}).slice(0, 8).map(el => name(el) + " " + Math.round(el.getBoundingClientRect().right) + "px");
					const names = %s;
					const tables = Array.from(document.querySelectorAll(".table-scroll"))
						.filter(el => names.some(n => el.textContent.includes(n)) && el.scrollWidth > el.clientWidth + 1)
						.map(el => (el.closest("[id]") || el).id + ": " + el.scrollWidth + "px in " + el.clientWidth + "px");
					return {ScrollWidth: document.documentElement.scrollWidth, Width: w, Wide: wide, Tables: tables};
				})()`, fmt.Sprintf("[%q, %q]", longName, longNameEn)), &got)
				if err != nil {
					t.Fatal(err)
				}
				if got.ScrollWidth > got.Width {
					t.Errorf("the page is %dpx wide in a %dpx window; too wide: %s", got.ScrollWidth, got.Width, strings.Join(got.Wide, ", "))
				}
				// On a desktop a table that names the town fits its card:
				// the name must wrap, not push the numbers out of sight. On
				// a phone the numbers' columns may scroll.
				if width >= 1024 && len(got.Tables) > 0 {
					t.Errorf("tables scroll sideways at %dpx: %s", width, strings.Join(got.Tables, "; "))
				}
				noConsoleErrors(t, page)
			})
		}
	}
}
