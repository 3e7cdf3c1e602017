// Package starter writes a new site folder that builds as it is: a
// commented config.toml, a workbook with the sheets the reader expects and
// a few example rows, an empty layouts/ with a README on overriding, and a
// narrative text. Everything it writes is inside the binary, so `townpress
// new` works after `go install`, far from this repository.
package starter

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

//go:embed all:files
var files embed.FS

// Workbook is where the example workbook goes, relative to the site folder.
const Workbook = "data/towns.xlsx"

// ErrNotEmpty is returned when the folder has files and force is not set.
var ErrNotEmpty = errors.New("the folder is not empty")

// Write writes a starter site into dir, creating it if needed. It refuses a
// folder that is not empty unless force is set; then the starter's files
// replace files of the same names and other files are left alone. It
// returns the files written, relative to dir, sorted.
func Write(dir string, force bool) ([]string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 && !force {
		return nil, fmt.Errorf("%s: %w (use -force to write into it anyway)", dir, ErrNotEmpty)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var written []string
	err := fs.WalkDir(files, "files", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := p[len("files/"):]
		if rel == "gitignore" {
			rel = ".gitignore" // go:embed leaves out dot files unless all:, and git would hide it here
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		if err := writeFile(dir, rel, b); err != nil {
			return err
		}
		written = append(written, rel)
		return nil
	})
	if err != nil {
		return nil, err
	}
	book, err := exampleWorkbook()
	if err != nil {
		return nil, fmt.Errorf("example workbook: %w", err)
	}
	if err := writeFile(dir, Workbook, book); err != nil {
		return nil, err
	}
	written = append(written, Workbook)
	sort.Strings(written)
	return written, nil
}

func writeFile(dir, rel string, b []byte) error {
	dst := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// exampleTown is one row of the example towns sheet and its numbers.
type exampleTown struct {
	id, name, nameEn, tier, county, countyEn, industry, industryEn string
	recognised                                                     int
	enterprises, enterprisesEn, description, descriptionEn         string
	output, investment                                             [3]float64 // 2022, 2023, 2024; NaN for no data
	entities, aboveScale                                           [3]float64
}

var exampleYears = [3]int{2022, 2023, 2024}

var nan = math.NaN()

// The towns are made up and named 示例 so that no one mistakes them for
// real places.
var exampleTowns = []exampleTown{
	{
		id: "sample-food", name: "示例食品专业镇", nameEn: "Sample Food Town", tier: "省级",
		county: "示例县", countyEn: "Sample County", industry: "食品加工", industryEn: "Food processing",
		recognised: 2021, enterprises: "示例食品公司", enterprisesEn: "Sample Foods Co.", description: "以调味品和食品加工为主导产业的示例专业镇。",
		descriptionEn: "A sample town whose leading industry is condiments and food processing.",
		output:        [3]float64{12.0, 14.6, 17.8}, investment: [3]float64{2.1, 2.6, 3.4},
		entities: [3]float64{820, 905, 1010}, aboveScale: [3]float64{18, 21, 24},
	},
	{
		id: "sample-machinery", name: "示例机械专业镇", nameEn: "Sample Machinery Town", tier: "市级",
		county: "示例区", countyEn: "Sample District", industry: "装备制造", industryEn: "Equipment manufacturing",
		recognised: 2023, enterprises: "示例机械公司", enterprisesEn: "Sample Machinery Co.", description: "以电机和装备制造为主导产业的示例专业镇。",
		descriptionEn: "A sample town whose leading industry is motors and equipment.",
		output:        [3]float64{8.4, 9.9, 11.6}, investment: [3]float64{1.5, 1.8, 2.2},
		entities: [3]float64{260, 284, 311}, aboveScale: [3]float64{9, 10, 12},
	},
	{
		id: "sample-materials", name: "示例新材料专业镇", nameEn: "Sample New Materials Town", tier: "市级",
		county: "示例高新区", countyEn: "Sample High-tech Zone", industry: "新材料", industryEn: "New materials",
		recognised: 2024, enterprises: "示例材料公司", enterprisesEn: "Sample Materials Co.", description: "以碳纤维和半导体材料为主导产业的示例专业镇。",
		descriptionEn: "A sample town whose leading industry is carbon fibre and semiconductor materials.",
		output:        [3]float64{nan, 4.2, 5.5}, investment: [3]float64{nan, 3.0, 3.6},
		entities: [3]float64{nan, 96, 120}, aboveScale: [3]float64{nan, 4, 5},
	},
	{
		id: "sample-grain", name: "示例杂粮专业镇", nameEn: "Sample Grain Town", tier: "县级",
		county: "示例县", countyEn: "Sample County", industry: "小杂粮", industryEn: "Minor grains",
		recognised: 2022, enterprises: "示例粮油合作社", enterprisesEn: "Sample Grain Cooperative", description: "以小杂粮种植和加工为主导产业的示例专业镇。",
		descriptionEn: "A sample town whose leading industry is growing and processing minor grains.",
		output:        [3]float64{2.2, 2.5, 2.9}, investment: [3]float64{0.3, 0.4, 0.4},
		entities: [3]float64{150, 166, 181}, aboveScale: [3]float64{2, 2, 3},
	},
}

// exampleWorkbook writes the towns sheet and one sheet per year, laid out
// as officials lay them out: a merged title row, a header with units, a
// 合计 row with formulas and a 注 row under the table.
func exampleWorkbook() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	header, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})

	const towns = "专业镇名录"
	if err := f.SetSheetName("Sheet1", towns); err != nil {
		return nil, err
	}
	rows := [][]any{
		{"示例市专业镇名录（示例数据）"},
		{"编号", "名称", "英文名称", "级别", "县市区", "县市区（英文）", "主导产业", "主导产业（英文）", "认定年份", "龙头企业", "龙头企业（英文）", "简介", "简介（英文）"},
	}
	for _, t := range exampleTowns {
		rows = append(rows, []any{t.id, t.name, t.nameEn, t.tier, t.county, t.countyEn, t.industry, t.industryEn,
			t.recognised, t.enterprises, t.enterprisesEn, t.description, t.descriptionEn})
	}
	rows = append(rows, nil, []any{"注：编号是专业镇网页地址的一部分，只用小写字母、数字和“-”，发布后不要再改。"})
	if err := setRows(f, towns, rows); err != nil {
		return nil, err
	}
	f.MergeCell(towns, "A1", "M1")
	f.SetCellStyle(towns, "A1", "A1", title)
	f.SetCellStyle(towns, "A2", "M2", header)
	f.SetColWidth(towns, "A", "A", 18)
	f.SetColWidth(towns, "B", "C", 24)
	f.SetColWidth(towns, "L", "M", 40)

	for yi, year := range exampleYears {
		sheet := fmt.Sprintf("%d年", year)
		if _, err := f.NewSheet(sheet); err != nil {
			return nil, err
		}
		rows := [][]any{
			{fmt.Sprintf("%d年专业镇主要指标（示例数据）", year)},
			{"专业镇", "工业产值（亿元）", "工业产值增速（%）", "新增投资（亿元）", "经营主体（户）", "规上企业（家）"},
		}
		for _, t := range exampleTowns {
			rows = append(rows, []any{t.name, cell(t.output[yi]), growthCell(t.output, yi),
				cell(t.investment[yi]), cell(t.entities[yi]), cell(t.aboveScale[yi])})
		}
		last := len(rows)
		rows = append(rows, []any{"合计"}, nil,
			[]any{"注：“—”表示无数据，不是零。增速为同比增长，按上年数据计算。"})
		if err := setRows(f, sheet, rows); err != nil {
			return nil, err
		}
		// The 合计 totals the towns recognised by the year, as the site's
		// figures of the year count them (site.membership); the table
		// also lists the later ones' figures.
		for _, col := range []string{"B", "D", "E", "F"} {
			var members []string
			for i, t := range exampleTowns {
				if t.recognised <= year {
					members = append(members, fmt.Sprintf("%s%d", col, i+3))
				}
			}
			cellRef := fmt.Sprintf("%s%d", col, last+1)
			if err := sumCell(f, sheet, cellRef, "SUM("+strings.Join(members, ",")+")"); err != nil {
				return nil, err
			}
		}
		f.MergeCell(sheet, "A1", "F1")
		f.SetCellStyle(sheet, "A1", "A1", title)
		f.SetCellStyle(sheet, "A2", "F2", header)
		f.SetColWidth(sheet, "A", "A", 22)
		f.SetColWidth(sheet, "B", "F", 16)
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sumCell writes a formula with its result, as Excel saves one: a file
// whose formulas hold no result cannot be read, since what they show is
// unknown without computing them.
func sumCell(f *excelize.File, sheet, cellRef, formula string) error {
	if err := f.SetCellFormula(sheet, cellRef, formula); err != nil {
		return err
	}
	result, err := f.CalcCellValue(sheet, cellRef, excelize.Options{RawCellValue: true})
	if err != nil {
		return fmt.Errorf("%s!%s: %w", sheet, cellRef, err)
	}
	v, err := strconv.ParseFloat(result, 64)
	if err != nil {
		return fmt.Errorf("%s!%s: the result %q of %s is not a number", sheet, cellRef, result, formula)
	}
	// SetCellFloat drops the formula; SetCellFormula keeps the value.
	if err := f.SetCellFloat(sheet, cellRef, v, -1, 64); err != nil {
		return err
	}
	return f.SetCellFormula(sheet, cellRef, formula)
}

func setRows(f *excelize.File, sheet string, rows [][]any) error {
	for i, r := range rows {
		if r == nil {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, ref, &r); err != nil {
			return err
		}
	}
	return nil
}

// cell is a number, or — for no data: missing is not zero.
func cell(v float64) any {
	if math.IsNaN(v) {
		return "—"
	}
	return v
}

// growthCell is the growth over the year before, rounded to one decimal as
// an official would type it.
func growthCell(series [3]float64, i int) any {
	if i == 0 || math.IsNaN(series[i]) || math.IsNaN(series[i-1]) || series[i-1] == 0 {
		return "—"
	}
	return math.Round((series[i]-series[i-1])/series[i-1]*1000) / 10
}
