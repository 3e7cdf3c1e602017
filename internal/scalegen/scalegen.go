// Package scalegen writes a synthetic site of any size, in the format of the
// sample site: a config.toml and .xlsx workbooks with a towns sheet
// (专业镇名录) and one values sheet per year. cmd/genscale writes one to a
// folder; benchmarks generate theirs into a temporary folder.
//
// Every number is made up, deterministically from the seed: the same
// options give byte-identical workbooks.
package scalegen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Options size the site. Zero values take the defaults of a national site.
type Options struct {
	Towns      int    // default 40,000
	Counties   int    // default 300
	Years      int    // default 10, ending with LastYear
	LastYear   int    // default 2024
	Indicators int    // default 12, at most len(indicatorNames)
	Seed       uint64 // default 1
	Languages  []string
}

func (o *Options) defaults() {
	if o.Towns <= 0 {
		o.Towns = 40000
	}
	if o.Counties <= 0 {
		o.Counties = 300
	}
	if o.Years <= 0 {
		o.Years = 10
	}
	if o.LastYear == 0 {
		o.LastYear = 2024
	}
	if o.Indicators <= 0 {
		o.Indicators = 12
	}
	o.Indicators = min(o.Indicators, len(indicators))
	if o.Seed == 0 {
		o.Seed = 1
	}
	if len(o.Languages) == 0 {
		o.Languages = []string{"zh-CN", "en"}
	}
}

// Tiers split the towns 1:2:3, so the largest tier holds half of them.
var tiers = []struct {
	id, name, nameEn string
	share            float64 // of all towns
}{
	{"provincial", "省级", "Provincial", 1.0 / 6},
	{"municipal", "市级", "Municipal", 2.0 / 6},
	{"county", "县级", "County", 3.0 / 6},
}

type indicator struct {
	id, name, nameEn, unit, unitEn string
	decimals                       int
	sum                            bool
	scale                          float64 // a typical town's value
}

var indicators = []indicator{
	{"output", "工业产值", "Industrial output", "亿元", "CNY 100 million", 1, true, 12},
	{"investment", "新增投资", "New investment", "亿元", "CNY 100 million", 1, true, 2},
	{"entities", "经营主体", "Business entities", "户", "entities", 0, true, 800},
	{"above-scale", "规上企业", "Above-scale enterprises", "家", "enterprises", 0, true, 20},
	{"employment", "从业人员", "Employment", "人", "persons", 0, true, 5000},
	{"platforms", "公共服务平台", "Public service platforms", "个", "platforms", 0, true, 2},
	{"revenue", "营业收入", "Operating revenue", "亿元", "CNY 100 million", 1, true, 14},
	{"tax", "税收", "Tax paid", "万元", "CNY 10,000", 0, true, 3000},
	{"exports", "出口额", "Exports", "万美元", "10,000 US dollars", 0, true, 1500},
	{"patents", "专利授权", "Patents granted", "件", "patents", 0, true, 40},
	{"rd-share", "研发投入强度", "R&D intensity", "%", "%", 2, false, 2},
	{"energy", "单位产值能耗", "Energy per output", "吨标煤/万元", "tce per CNY 10,000", 3, false, 0.4},
}

// syllables make town and county names; a town's name spells its index in
// base len(syllables), so names never repeat.
var syllables = []rune("安宝昌城川达东丰福广和华吉嘉江金锦景康乐利林龙明南宁平庆瑞山盛顺泰天通文西祥新兴阳永裕云长")

var industries = []struct{ zh, en string }{
	{"陈醋", "vinegar"}, {"电机", "motors"}, {"不锈钢", "stainless steel"}, {"半导体材料", "semiconductor materials"},
	{"花卉", "flowers"}, {"碳纤维", "carbon fibre"}, {"精细化工", "fine chemicals"}, {"葡萄酒", "wine"},
	{"蔬菜加工", "vegetable processing"}, {"小杂粮", "minor grains"}, {"中药材", "medicinal herbs"}, {"节能环保", "clean energy"},
	{"陶瓷", "ceramics"}, {"纺织", "textiles"}, {"家具", "furniture"}, {"茶叶", "tea"},
}

func spell(n, width int) string {
	b := make([]rune, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = syllables[n%len(syllables)]
		n /= len(syllables)
	}
	return string(b)
}

func pinyinish(s string) string {
	// A stand-in English name: the rune codes, so it stays unique and ASCII.
	var parts []string
	for _, r := range s {
		parts = append(parts, fmt.Sprintf("%x", r%4096))
	}
	return strings.Join(parts, "")
}

// Town is one generated town, for callers that check what was written.
type Town struct {
	ID, Name, Tier, County string
}

// Generate writes config.toml and data/towns.xlsx, data/values.xlsx into
// dir, which is created. It returns the towns in sheet order.
func Generate(dir string, o Options) ([]Town, error) {
	o.defaults()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x7a))
	counties := make([]string, o.Counties)
	for i := range counties {
		counties[i] = spell(i, 2) + "县"
	}
	towns := make([]Town, o.Towns)
	width := 1
	for n := len(syllables); n < o.Towns; n *= len(syllables) {
		width++
	}
	for i := range towns {
		tier := len(tiers) - 1
		at := float64(i) / float64(o.Towns)
		for k, acc := 0, 0.0; k < len(tiers); k++ {
			acc += tiers[k].share
			if at < acc {
				tier = k
				break
			}
		}
		ind := industries[rng.IntN(len(industries))]
		county := counties[rng.IntN(len(counties))]
		towns[i] = Town{
			ID:     fmt.Sprintf("t%06d", i+1),
			Name:   county + spell(i, width) + "镇" + ind.zh + "专业镇",
			Tier:   tiers[tier].name,
			County: county,
		}
	}
	if err := writeConfig(filepath.Join(dir, "config.toml"), o); err != nil {
		return nil, err
	}
	if err := writeTowns(filepath.Join(dir, "data", "towns.xlsx"), towns, o, rng); err != nil {
		return nil, err
	}
	if err := writeValues(filepath.Join(dir, "data", "values.xlsx"), towns, o, rng); err != nil {
		return nil, err
	}
	return towns, nil
}

func writeConfig(file string, o Options) error {
	var b strings.Builder
	langs := make([]string, len(o.Languages))
	for i, l := range o.Languages {
		langs[i] = fmt.Sprintf("%q", l)
	}
	fmt.Fprintf(&b, `# A synthetic site written by cmd/genscale: %d towns, %d years, %d indicators.
[site]
title = "全国专业镇统计门户（合成数据）"
title_en = "National Specialty Towns Portal (synthetic data)"
description = "用于测量规模的合成站点。"
description_en = "A synthetic site for measuring scale."
languages = [%s]
data_dir = "data"
source = "合成数据"
source_en = "Synthetic data"
sample_data = true
# A national site: two data files per chart would be two million files.
chart_files = false
# 40,000 town workbooks would cost more than every page; the CSVs stay.
town_workbooks = false
first_year = %d
last_year = %d
`, o.Towns, o.Years, o.Indicators, strings.Join(langs, ", "), o.LastYear-o.Years-20, o.LastYear+5)
	for _, t := range tiers {
		fmt.Fprintf(&b, "\n[[tiers]]\nid = %q\nname = %q\nname_en = %q\n", t.id, t.name, t.nameEn)
	}
	for _, ind := range indicators[:o.Indicators] {
		fmt.Fprintf(&b, "\n[[indicators]]\nid = %q\nname = %q\nname_en = %q\nunit = %q\nunit_en = %q\ndecimals = %d\nsum = %v\n",
			ind.id, ind.name, ind.nameEn, ind.unit, ind.unitEn, ind.decimals, ind.sum)
		if !ind.sum && ind.id == "energy" {
			b.WriteString("higher_is_better = false\n")
		}
	}
	fmt.Fprintf(&b, `
[[targets]]
id = "investment"
year = %[1]d
indicator = "investment"
scope = ["provincial", "municipal"]
measure = "total"
compare = ">="
value = 30000
text = "省市专业镇新增投资3万亿元以上"
text_en = "Provincial and municipal towns: new investment of at least 3 trillion yuan"

[[targets]]
id = "output-growth"
year = %[1]d
indicator = "output"
scope = ["provincial", "municipal"]
measure = "growth"
compare = ">="
value = 5
text = "省市专业镇工业产值增速5%%以上"
text_en = "Provincial and municipal towns: output growth of at least 5%%"

[[targets]]
id = "platforms"
year = %[1]d
indicator = "platforms"
scope = ["provincial"]
measure = "each"
compare = ">="
value = 1
text = "每个省级专业镇至少1个公共服务平台"
text_en = "Each provincial town: at least 1 public service platform"
`, o.LastYear)
	return os.WriteFile(file, []byte(b.String()), 0o644)
}

func writeTowns(file string, towns []Town, o Options, rng *rand.Rand) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "专业镇名录"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"编号", "名称", "英文名称", "级别", "县市区", "主导产业", "认定年份", "简介"}); err != nil {
		return err
	}
	first := o.LastYear - o.Years + 1
	for i, t := range towns {
		var ind string
		for _, in := range industries {
			if strings.Contains(t.Name, in.zh) {
				ind = in.zh
			}
		}
		row := []any{t.ID, t.Name, "Town " + pinyinish(t.Name[:len(t.Name)-len("专业镇")]), t.Tier, t.County, ind,
			first - 5 + rng.IntN(o.Years+5), "合成数据，仅用于测量规模。"}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(file)
}

// writeValues writes one sheet per year, 2015年 … 2024年, a town column (by
// id) and a column per indicator with its unit in the header. About one
// value in fifty is "—" (no data).
func writeValues(file string, towns []Town, o Options, rng *rand.Rand) error {
	f := excelize.NewFile()
	defer f.Close()
	inds := indicators[:o.Indicators]
	header := []any{"编号"}
	for _, ind := range inds {
		if ind.unit == "%" {
			header = append(header, ind.name+"（%）")
		} else {
			header = append(header, ind.name+"（"+ind.unit+"）")
		}
	}
	// Each town has a size and a growth rate; its values follow them.
	size := make([]float64, len(towns))
	growth := make([]float64, len(towns))
	for i := range towns {
		size[i] = math.Exp(rng.NormFloat64() * 0.8)
		growth[i] = 0.02 + rng.NormFloat64()*0.06
	}
	first := o.LastYear - o.Years + 1
	for yi := range o.Years {
		year := first + yi
		name := fmt.Sprintf("%d年", year)
		if yi == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		row := make([]any, len(header))
		for i, t := range towns {
			row[0] = t.ID
			trend := math.Pow(1+growth[i], float64(yi))
			for k, ind := range inds {
				if rng.IntN(50) == 0 {
					row[k+1] = "—"
					continue
				}
				v := ind.scale * size[i] * trend * (0.9 + 0.2*rng.Float64())
				if !ind.sum {
					v = ind.scale * (0.5 + rng.Float64())
				}
				p := math.Pow(10, float64(ind.decimals))
				row[k+1] = math.Round(v*p) / p
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.SaveAs(file)
}
