// Command gensample writes the sample workbook of the Taiyuan site,
// data/taiyuan.xlsx, the way a city's statistics office would keep it:
//
//   - 专业镇名录: the towns, their tiers and the year each was recognised;
//   - one sheet a year, 2020年 to 2024年, of the towns that were members
//     that year (recognised by then), with a 合计 row and a 其中 row per
//     tier (SUM and SUMIF formulas, their values cached), the rate's
//     district value typed as the office computes it, the office's
//     comparable-price growth of output (工业产值可比价增速), and notes;
//   - 认定前数据: each town's figures of the years before it was
//     recognised, as its application for recognition gave them (a long
//     sheet, no totals: those towns counted in no tier yet).
//
// Chinese sheet names and headers with units, merged title rows, numbers
// typed as text with thousands separators, — for no data, and the marks
// of issue 11: 2024's figures provisional (注：2024年为初步数), a revised
// 2023 figure (r① in a 工业产值状态 column, its note under the table), a
// confidential cell (保密, with a comment on the cell saying why). Each
// footnote gives its English too, for the English pages and workbooks:
// a row 注（英文）：①… under the Chinese one, a line （英文）… in the
// comment.
//
// Usage (from the repository root):
//
//	go run ./cmd/gensample [-out data/taiyuan.xlsx]
//
// The towns, the 2023 output of the Qingxu vinegar town and its growth
// come from the seed article (Taiyuan Daily, June 2024); every other
// number is illustrative and made by arithmetic, so the file is the same
// on every run.
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

func main() {
	out := flag.String("out", "data/taiyuan.xlsx", "where to write the workbook")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(1)
	}
}

// write makes the workbook and writes it to path through a temporary file,
// so a failed run leaves the old workbook in place.
func write(path string) error {
	book, err := sampleWorkbook()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, book, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Years of the sample values.
const firstYear, lastYear = 2019, 2024

// town is one row of the towns sheet and the numbers its values come from.
type town struct {
	id, name, nameEn, tier   string
	county, countyEn         string
	industry, industryEn     string
	recognised               int
	enterprises, enterpriseE string
	desc, descEn             string

	// output is the industrial output (亿元) of 2019–2024; NaN is no data.
	output [6]float64
	// investRate is new investment as a share of output.
	investRate float64
	// entities is the number of business entities (户) in 2019, growing 7% a year.
	entities float64
	// aboveScale is above-scale enterprises (家) per 亿元 of output.
	aboveScale float64
	// perOutput is employment (人) per 亿元 of output.
	perOutput float64
	// platforms is the number of public service platforms (个) of 2019–2024.
	platforms [6]float64
	// revenuePer is operating revenue (万元) per 亿元 of output.
	revenuePer float64
	// margin is total profit as a share of output.
	margin float64
	// rdShare is R&D spending in percent of revenue in 2019; it rises by
	// rdStep points a year.
	rdShare, rdStep float64
}

var none = math.NaN()

// countyDesc is the description of a county-tier town: the seed names them
// and their industries and nothing more.
func countyDesc(industry string) string {
	return "我市梯次培育的县级专业镇之一，主导产业为" + industry + "。"
}

func countyDescEn(industry string) string {
	return "One of the county-level specialty towns the city is fostering in tiers; its leading industry is " + industry + "."
}

// towns are the 13 towns the seed article names, in its order (the article
// names 7 of the 15 county towns; the other 8 are not in the sample, and no
// name is made up for them). Nothing here is invented beyond the English
// names, ids, recognition years and the numbers, all of which the site
// marks as sample data.
//
// The recognition years are staggered so that a tier's figures change
// membership from year to year, as they do when towns are recognised in
// batches: the county towns join in 2020, 2021, 2022 and 2024, the
// provincial town in 2022, the municipal first batch in 2023.
var towns = []town{
	{
		id: "qingxu-vinegar", name: "清徐老陈醋专业镇", nameEn: "Qingxu Aged Vinegar Town", tier: "省级",
		county: "清徐县", countyEn: "Qingxu County", industry: "老陈醋（食醋）", industryEn: "Aged vinegar",
		recognised: 2022,
		desc: "按省级标准1:1配套市级扶持资金，食醋检验检测平台技术创新中心投入运营，《清徐陈醋》标准发布实施，" +
			"2023年实现产值19.9亿元、增长32.6%，加快建设全国最大的食醋生产基地。",
		descEn: "The city matches provincial support funds one to one. A vinegar testing platform and technology " +
			"innovation centre is in operation and the Qingxu Vinegar standard has been issued. Output reached " +
			"1.99 billion yuan in 2023, up 32.6%; the town aims to become China's largest vinegar production base.",
		// 2023 is the seed's 19.9; 2022 is 15.01, so that growth is
		// 32.578…%, the seed's 32.6% (15.0 would give 32.7%).
		output:     [6]float64{9.8, 10.6, 12.4, 15.01, 19.9, 23.5},
		investRate: 0.25, entities: 1080, aboveScale: 1.6, perOutput: 520,
		platforms:  [6]float64{0, 0, 1, 1, 2, 2},
		revenuePer: 10000, margin: 0.12, rdShare: 1.6, rdStep: 0.225, // 2.50% in 2023
	},
	{
		id: "xiaodian-motors", name: "小店区电机小镇", nameEn: "Xiaodian Electric Motor Town", tier: "市级",
		county: "小店区", countyEn: "Xiaodian District", industry: "电机", industryEn: "Electric motors",
		recognised: 2023, enterprises: "山西电机", enterpriseE: "Shanxi Electric Motor",
		desc:   "依托山西电机发展高效节能电机系列产品，推动电机产业集群集聚发展，打造全国最大的电机制造基地。",
		descEn: "Builds on Shanxi Electric Motor to develop high-efficiency, energy-saving motors and to cluster the motor industry, aiming to become China's largest motor manufacturing base.",
		output: [6]float64{17.2, 18.5, 21.9, 24.8, 28.6, 33.4}, investRate: 0.2, entities: 260, aboveScale: 0.9, perOutput: 300,
		platforms:  [6]float64{0, 0, 1, 1, 1, 1},
		revenuePer: 10600, margin: 0.08, rdShare: 1.5, rdStep: 0.08,
	},
	{
		id: "zhongbei-stainless-steel", name: "中北高新区不锈钢专业镇", nameEn: "Zhongbei Stainless Steel Town", tier: "市级",
		county: "中北高新区", countyEn: "Zhongbei High-tech Zone", industry: "不锈钢深加工", industryEn: "Stainless steel processing",
		recognised: 2023,
		desc:       "利用不锈钢资源优势，延伸产业链条，建设中国北方最具竞争力的现代化不锈钢深加工基地。",
		descEn:     "Uses the area's stainless steel resources and extends the industrial chain to build northern China's most competitive modern stainless steel processing base.",
		output:     [6]float64{15.6, 16.1, 19.0, 21.2, 24.3, 28.1}, investRate: 0.18, entities: 310, aboveScale: 1.0, perOutput: 220,
		platforms:  [6]float64{0, 0, 0, 1, 1, 1},
		revenuePer: 10800, margin: 0.05, rdShare: 1.9, rdStep: 0.1,
	},
	{
		id: "zhongbei-semiconductor", name: "中北高新区半导体材料专业镇", nameEn: "Zhongbei Semiconductor Materials Town", tier: "市级",
		county: "中北高新区", countyEn: "Zhongbei High-tech Zone", industry: "半导体材料", industryEn: "Semiconductor materials",
		recognised: 2023, enterprises: "源瀚科技、沪硅", enterpriseE: "Yuanhan Technology, Hugui",
		desc:   "依托源瀚科技、沪硅等企业，精耕细作产业链，形成全省战略性新兴产业集聚区。",
		descEn: "Building on enterprises such as Yuanhan Technology and Hugui, it deepens the industrial chain to form a provincial cluster of strategic emerging industries.",
		output: [6]float64{3.1, 3.9, 5.2, 6.6, 8.7, 11.6}, investRate: 0.6, entities: 45, aboveScale: 0.8, perOutput: 150,
		platforms:  [6]float64{0, 0, 0, 0, 0, 0},
		revenuePer: 10300, margin: 0.1, rdShare: 4.2, rdStep: 0.3,
	},
	{
		id: "jinyuan-flowers", name: "晋源花卉小镇", nameEn: "Jinyuan Flower Town", tier: "市级",
		county: "晋源区", countyEn: "Jinyuan District", industry: "花卉", industryEn: "Flowers",
		recognised: 2023,
		desc:       "规划文旅核心承载区、花卉智慧农业区等板块，打造花卉经济特色品牌，实现生态效益、经济效益和社会效益共赢。",
		descEn:     "Plans a culture and tourism core area and a smart flower-farming area to build a flower-economy brand with ecological, economic and social benefits.",
		output:     [6]float64{2.1, 1.8, 2.4, 2.7, 3.2, 3.7}, investRate: 0.35, entities: 520, aboveScale: 0.6, perOutput: 1800,
		platforms:  [6]float64{0, 0, 0, 0, 1, 1},
		revenuePer: 11500, margin: 0.07, rdShare: 0.4, rdStep: 0.05,
	},
	{
		id: "yangqu-carbon-fibre", name: "阳曲县碳纤维专业镇", nameEn: "Yangqu Carbon Fibre Town", tier: "市级",
		county: "阳曲县", countyEn: "Yangqu County", industry: "碳纤维", industryEn: "Carbon fibre",
		recognised: 2023, enterprises: "山西钢科", enterpriseE: "Shanxi Gangke",
		desc:   "依托山西钢科国产宇航碳纤维领军优势、省级制造业创新中心技术优势，打造国内首屈一指的碳纤维特色专业镇。",
		descEn: "Building on Shanxi Gangke's lead in domestic aerospace-grade carbon fibre and a provincial manufacturing innovation centre, it aims to be China's foremost carbon fibre town.",
		// 12.345 in 2023: shown 12.3, downloaded as typed.
		output: [6]float64{4.2, 5.3, 6.8, 8.9, 12.345, 14.8}, investRate: 0.45, entities: 38, aboveScale: 0.5, perOutput: 180,
		platforms:  [6]float64{0, 0, 1, 1, 1, 2},
		revenuePer: 10200, margin: 0.11, rdShare: 3.6, rdStep: 0.2,
	},
	countyTown("qingxu-fine-chemicals", "清徐精细化工材料专业镇", "Qingxu Fine Chemical Materials Town", "清徐县", "Qingxu County",
		"精细化工材料", "fine chemical materials", 2020, [6]float64{3.6, 3.9, 4.5, 4.9, 5.6, 6.3}, 64, [6]float64{0, 0, 0, 0, 1, 1}),
	// 0.8 → 0.75 in 2020: a growth of exactly −6.25%.
	countyTown("qingxu-wine", "清徐葡萄酒酿造专业镇", "Qingxu Winemaking Town", "清徐县", "Qingxu County",
		"葡萄酒酿造", "winemaking", 2020, [6]float64{0.8, 0.75, 0.9, 1.1, 1.3, 1.5}, 22, [6]float64{}),
	// No figures at all for 2022, a year in the middle of its series.
	countyTown("qingxu-vegetables", "清徐蔬菜加工专业镇", "Qingxu Vegetable Processing Town", "清徐县", "Qingxu County",
		"蔬菜加工", "vegetable processing", 2021, [6]float64{1.9, 2.1, 2.3, none, 2.8, 3.1}, 140, [6]float64{}),
	// No 2019 figures: its 2019 row is all —.
	countyTown("yangqu-grains", "阳曲小杂粮专业镇", "Yangqu Minor Grains Town", "阳曲县", "Yangqu County",
		"小杂粮", "minor grains", 2021, [6]float64{none, 0.9, 1.0, 1.2, 1.3, 1.5}, 310, [6]float64{}),
	countyTown("yangqu-herbs", "阳曲中药材专业镇", "Yangqu Chinese Herbal Medicine Town", "阳曲县", "Yangqu County",
		"中药材", "Chinese medicinal herbs", 2022, [6]float64{0.6, 0.7, 0.9, 1.0, 1.2, 1.4}, 180, [6]float64{}),
	countyTown("gujiao-musk-deer", "古交林麝养殖及麝香加工专业镇", "Gujiao Musk Deer Farming and Musk Processing Town", "古交市", "Gujiao City",
		"林麝养殖及麝香加工", "musk deer farming and musk processing", 2022, [6]float64{0.2, 0.2, 0.3, 0.4, 0.5, 0.6}, 35, [6]float64{}),
	// Recognised in 2024: its earlier figures are on its own page but
	// count in no tier's figures before 2024.
	countyTown("gujiao-green-industry", "古交节能环保产业专业镇", "Gujiao Energy-saving and Environmental Protection Town", "古交市", "Gujiao City",
		"节能环保产业", "energy saving and environmental protection", 2024, [6]float64{2.2, 2.5, 2.9, 3.4, 3.9, 4.6}, 58, [6]float64{0, 0, 0, 1, 1, 1}),
}

func countyTown(id, name, nameEn, county, countyEn, industry, industryEn string, recognised int, output [6]float64, entities float64, platforms [6]float64) town {
	return town{
		id: id, name: name, nameEn: nameEn, tier: "县级", county: county, countyEn: countyEn,
		industry: industry, industryEn: capitalise(industryEn), recognised: recognised,
		desc: countyDesc(industry), descEn: countyDescEn(industryEn),
		output: output, investRate: 0.3, entities: entities, aboveScale: 1.2, perOutput: 600, platforms: platforms,
		// Smaller towns spend a little less on R&D; any arithmetic that
		// differs from town to town would do.
		revenuePer: 10400, margin: 0.08, rdShare: 0.5 + entities/400, rdStep: 0.1,
	}
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// indicator is a column of the value sheets, in config.toml's order.
type indicator struct {
	id     string // config.toml's id, for the typed cells below
	header string // with the unit, as officials write it
	format int    // excelize built-in number format: 1 is 0, 2 is 0.00, 3 is #,##0
	custom string // custom number format, when set
	// value is the figure of town t in year index i, made by arithmetic;
	// other is the town's figure of another indicator that year.
	value func(t town, i int, other func(id string) float64) float64
	// noTotal is a column whose 合计 is not a sum: a rate.
	noTotal bool
}

var indicators = []indicator{
	{id: "output", header: "工业产值（亿元）", custom: "0.0", value: func(t town, i int, _ func(string) float64) float64 { return t.output[i] }},
	{id: "investment", header: "新增投资（亿元）", custom: "0.0", value: func(t town, i int, _ func(string) float64) float64 { return round(t.output[i]*t.investRate, 1) }},
	{id: "entities", header: "经营主体（户）", format: 3, value: func(t town, i int, _ func(string) float64) float64 {
		return math.Round(t.entities * (1 + 0.07*float64(i)))
	}},
	{id: "above-scale", header: "规上企业（家）", format: 1, value: func(t town, i int, _ func(string) float64) float64 {
		return math.Max(1, math.Round(t.output[i]*t.aboveScale))
	}},
	{id: "employment", header: "从业人员（人）", format: 3, value: func(t town, i int, _ func(string) float64) float64 { return round(t.output[i]*t.perOutput, -1) }},
	{id: "platforms", header: "公共服务平台（个）", format: 1, value: func(t town, i int, _ func(string) float64) float64 { return t.platforms[i] }},
	{id: "revenue", header: "营业收入（万元）", format: 3, value: func(t town, i int, _ func(string) float64) float64 { return round(t.output[i]*t.revenuePer, 0) }},
	{id: "profit", header: "利润总额（亿元）", custom: "0.00", value: func(t town, i int, _ func(string) float64) float64 { return round(t.output[i]*t.margin, 2) }},
	{id: "rd-spending", header: "研发经费（万元）", custom: "#,##0.0", value: func(t town, i int, other func(string) float64) float64 {
		return round(other("revenue")*(t.rdShare+t.rdStep*float64(i))/100, 1)
	}},
	// The intensity as an office types it: R&D over revenue, to two places.
	{id: "rd-intensity", header: "研发投入强度（%）", custom: "0.00", noTotal: true, value: func(t town, i int, other func(string) float64) float64 {
		rd, revenue := other("rd-spending"), other("revenue")
		if math.IsNaN(rd) || math.IsNaN(revenue) {
			return none
		}
		return round(rd/revenue*100, 2)
	}},
}

// cellKey names one typed figure: a town's indicator in a year.
type cellKey struct {
	town, indicator string
	year            int
}

// typed are figures written as given rather than made by arithmetic:
// each puts a case the site must get right where it shows (issue 10).
// none is — (no data).
var typed = map[cellKey]float64{
	// Halves that binary floating point rounds the wrong way, where the
	// pages show fewer places than the cell holds: 0.15 → 0.2 and
	// 0.05 → 0.1 (四舍五入) on pages, as typed in downloads.
	{"gujiao-musk-deer", "investment", 2019}: none, // not reported
	{"gujiao-musk-deer", "investment", 2020}: 0.15,
	{"gujiao-musk-deer", "investment", 2021}: 0.05,
	// 50.5, 6660.5 and 55980.5 万元 are shown to the unit: 51, 6,661, 55,981.
	{"gujiao-musk-deer", "rd-spending", 2022}:          50.5,
	{"xiaodian-motors", "rd-spending", 2024}:           6660.5,
	{"zhongbei-semiconductor", "revenue", 2021}:        55980.5,
	{"zhongbei-stainless-steel", "revenue", 2024}:      300000,
	{"zhongbei-stainless-steel", "rd-spending", 2024}:  8025,
	{"zhongbei-stainless-steel", "rd-intensity", 2024}: 2.675, // 8025 / 300000, shown 2.68
	{"qingxu-vegetables", "revenue", 2023}:             28000,
	{"qingxu-vegetables", "rd-spending", 2023}:         281.4,
	{"qingxu-vegetables", "rd-intensity", 2023}:        1.005, // 281.4 / 28000, shown 1.01
	// The vinegar town's intensity goes 2.50 → 3.00: +0.50 percentage
	// points, not +20%.
	{"qingxu-vinegar", "rd-spending", 2024}: 7050,
	// A town that reported its revenue but not its R&D: the rate's total
	// leaves it out of both parts.
	{"gujiao-musk-deer", "rd-spending", 2023}: none,
	// Losses: a growth over a base below zero has no meaning (−0.2 → 0.8
	// is not +500%), nor over a zero base.
	{"jinyuan-flowers", "profit", 2020}:  -0.2,
	{"jinyuan-flowers", "profit", 2021}:  0.8,
	{"qingxu-wine", "profit", 2020}:      -0.45,
	{"qingxu-wine", "profit", 2021}:      0.12,
	{"gujiao-musk-deer", "profit", 2021}: 0,
	// 29.96 against the action plan's 30: 30.0 would hide that it is missed.
	{"zhongbei-semiconductor", "investment", 2024}: 4.26,
}

// round rounds v to d decimals (d < 0 rounds to tens, hundreds...).
func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

// value is town t's indicator k in year index i, NaN for no data: the towns
// without output in a year have no data that year at all.
func value(t town, k, i int) float64 {
	if math.IsNaN(t.output[i]) {
		return none
	}
	if v, ok := typed[cellKey{t.id, indicators[k].id, firstYear + i}]; ok {
		return v
	}
	other := func(id string) float64 {
		for j, ind := range indicators {
			if ind.id == id {
				return value(t, j, i)
			}
		}
		panic("gensample: no indicator " + id)
	}
	return indicators[k].value(t, i, other)
}

// Messes officials make, placed so that the reader meets each of them.
//   - employment typed as text with thousands separators in 2020 and 2023
//   - business entities typed as text in 2021
//
// Excel's SUM skips text, so the office leaves such a column's 合计 empty:
// the site then publishes the sum of the towns, and says so.
func typedAsText(k, year int) bool {
	id := indicators[k].id
	return (id == "employment" && (year == 2020 || year == 2023)) || (id == "entities" && year == 2021)
}

// What the office marks on figures (issue 11), one case of each.
const (
	// provisionalYear's figures are preliminary (初步数): a note under its
	// table says so, and the site marks every figure of it.
	provisionalYear = 2024
	// The 2023 output of the stainless steel town was revised after the
	// fifth national economic census (reference year 2023): r① in the
	// 2023 table's status column, ① explained under the table.
	revisedMark = "r①"
	revisedNote = "注：①中北高新区不锈钢专业镇2023年工业产值根据第五次全国经济普查结果修订，原为23.8亿元。"
	// revisedNoteEn is its English, for the English pages and workbooks;
	// the earlier figure is given in the unit the tables show it in
	// (CNY 100 million), so that a reader can set it beside them.
	revisedNoteEn = "注（英文）：①Zhongbei Stainless Steel Town's 2023 industrial output was revised in line with the results of the Fifth National Economic Census; it was previously 23.8 (CNY 100 million)."
	// The carbon fibre town's profit is essentially one enterprise's
	// (山西钢科): a single enterprise's figure is withheld (统计法), so
	// the cell says 保密 and a comment on it says why; the 合计 leaves it
	// out (SUM skips text), so that it cannot be worked out from the
	// others.
	confidentialText    = "保密"
	confidentialComment = "该镇利润总额主要来自一家企业，属单个企业数据，依法不予公布。"
	// confidentialCommentEn is the comment's English, on a line of its
	// own after （英文）, as an office writes it in a comment.
	confidentialCommentEn = "The town's total profit comes mainly from one enterprise; as a single enterprise's data, it is withheld as the law requires."
	confidentialNote      = "“保密”表示涉及单个企业、依法不予公布的数据，合计不含该数。"
	provisionalNote       = "2024年为初步数。"
	// finalMark marks the figures the office has already verified in the
	// provisional year: the output of the first towns, which a revision
	// (cmd/genreleases) moved from their preliminary figures to these.
	finalMark   = "最终核实"
	methodNote  = "注：工业产值可比价增速按可比价格计算，由统计部门填报；研发投入强度的合计、小计按同时报送研发经费和营业收入的专业镇计算。"
	historyNote = "注：各专业镇认定前年份的数字据其认定申报材料整理，不计入当年各级合计；“—”表示无数据。"
)

var (
	revised      = cellKey{"zhongbei-stainless-steel", "output", 2023}
	confidential = cellKey{"yangqu-carbon-fibre", "profit", 2024}
)

// priceChange is the change of output prices by year, in percent: the
// office's comparable-price growth is the growth of output deflated by
// it. Illustrative, as every number but the article's.
var priceChange = map[int]string{2020: "0.4", 2021: "3.6", 2022: "2.8", 2023: "-1.2", 2024: "0.6"}

// ownPriceChange overrides priceChange for a town's industry: vinegar
// prices held in 2023, so the vinegar town's comparable growth is the
// growth of its levels, the article's 32.6% (19.9 over 15.01).
var ownPriceChange = map[cellKey]string{{"qingxu-vinegar", "output", 2023}: "0"}

// comparableGrowth is the office's comparable-price growth of output in
// year index i over towns, in percent to one place: their output deflated
// by its prices over the same towns' output the year before, counting
// the towns with output in both years (同口径); ok is false when none has.
// The towns' figures of the year before may be from before they were
// recognised: the growth of this year's members is over the same towns.
func comparableGrowth(towns []town, i int) (float64, bool) {
	if i == 0 {
		return 0, false
	}
	year := firstYear + i
	var cur, prev big.Rat
	n := 0
	for _, t := range towns {
		c, p := t.output[i], t.output[i-1]
		if math.IsNaN(c) || math.IsNaN(p) {
			continue
		}
		pc, ok := ownPriceChange[cellKey{t.id, "output", year}]
		if !ok {
			pc = priceChange[year]
		}
		deflator := new(big.Rat).Add(big.NewRat(1, 1), new(big.Rat).Quo(rat(pc), big.NewRat(100, 1)))
		cur.Add(&cur, new(big.Rat).Quo(rat(strconv.FormatFloat(c, 'f', -1, 64)), deflator))
		prev.Add(&prev, rat(strconv.FormatFloat(p, 'f', -1, 64)))
		n++
	}
	if n == 0 || prev.Sign() <= 0 {
		return 0, false
	}
	g := new(big.Rat).Quo(&cur, &prev)
	g.Sub(g, big.NewRat(1, 1))
	g.Mul(g, big.NewRat(100, 1))
	return roundRat(g, 1), true
}

// rdIntensity is the office's R&D intensity of towns in year index i,
// in percent to two places: their R&D spending over their revenue,
// counting the towns that reported both (a town without R&D figures
// would otherwise lower the ratio); ok is false when none did.
func rdIntensity(towns []town, i int) (float64, bool) {
	var rd, revenue big.Rat
	n := 0
	for _, t := range towns {
		r, v := cellValue(t, indexOf("rd-spending"), i), cellValue(t, indexOf("revenue"), i)
		if math.IsNaN(r) || math.IsNaN(v) {
			continue
		}
		rd.Add(&rd, rat(strconv.FormatFloat(r, 'f', -1, 64)))
		revenue.Add(&revenue, rat(strconv.FormatFloat(v, 'f', -1, 64)))
		n++
	}
	if n == 0 || revenue.Sign() == 0 {
		return 0, false
	}
	q := new(big.Rat).Quo(&rd, &revenue)
	return roundRat(q.Mul(q, big.NewRat(100, 1)), 2), true
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("gensample: not a number: " + s)
	}
	return r
}

// roundRat rounds r to places decimals, half away from zero (四舍五入),
// exactly, and returns the nearest float64 of the result.
func roundRat(r *big.Rat, places int) float64 {
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil))
	x := new(big.Rat).Mul(r, scale)
	neg := x.Sign() < 0
	x.Abs(x)
	x.Add(x, big.NewRat(1, 2))
	q := new(big.Int).Quo(x.Num(), x.Denom())
	if neg {
		q.Neg(q)
	}
	f, _ := new(big.Rat).Quo(new(big.Rat).SetInt(q), scale).Float64()
	return f
}

func indexOf(id string) int {
	for k, ind := range indicators {
		if ind.id == id {
			return k
		}
	}
	panic("gensample: no indicator " + id)
}

// cellValue is the figure a town's cell shows in year index i: NaN for
// no data and for a withheld figure, which no total includes.
func cellValue(t town, k, i int) float64 {
	if (cellKey{t.id, indicators[k].id, firstYear + i}) == confidential {
		return none
	}
	return value(t, k, i)
}

// membersIn are the towns recognised by year, in the towns sheet's order:
// the rows of that year's table.
func membersIn(year int) []town {
	var out []town
	for _, t := range towns {
		if t.recognised <= year {
			out = append(out, t)
		}
	}
	return out
}

const (
	sampleNote = "注：除清徐老陈醋专业镇2023年工业产值（19.9亿元，同比增长32.6%）外，其余数字均为示例数据，仅用于演示；“—”表示无数据。"
	townsNote  = "注：专业镇名单据《太原日报》2024年6月报道整理；编号、英文名称、认定年份均为示例。"
	townsSheet = "专业镇名录"
	// historySheet holds the towns' figures before their recognition
	// (config.toml names it under [sheets] values).
	historySheet = "认定前数据"
	// firstTableYear is the first year with a member: the county towns
	// recognised in 2020.
	firstTableYear = 2020
)

// styles are the cell styles of the workbook.
type styles struct {
	title, header, text, wrap int
	numbers                   []int // per indicator
	note                      int
	total                     []int
	totalLabel                int
	growth, growthTotal       int // a growth in percent, to one place
	mark, markTotal           int // a status mark, centred
}

func newStyles(f *excelize.File) (*styles, error) {
	var s styles
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	var err error
	add := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.title = add(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 14, Family: "宋体"},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	s.header = add(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: "宋体"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    border,
	})
	s.text = add(&excelize.Style{Font: &excelize.Font{Family: "宋体"}, Border: border, Alignment: &excelize.Alignment{Vertical: "center"}})
	s.wrap = add(&excelize.Style{Font: &excelize.Font{Family: "宋体"}, Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	s.note = add(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 9, Italic: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	s.totalLabel = add(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "宋体"}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}})
	oneDecimal := "0.0"
	s.growth = add(&excelize.Style{Font: &excelize.Font{Family: "宋体"}, Border: border, CustomNumFmt: &oneDecimal})
	s.growthTotal = add(&excelize.Style{Font: &excelize.Font{Family: "宋体", Bold: true}, Border: border, CustomNumFmt: &oneDecimal})
	s.mark = add(&excelize.Style{Font: &excelize.Font{Family: "宋体"}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}})
	s.markTotal = add(&excelize.Style{Font: &excelize.Font{Family: "宋体", Bold: true}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}})
	for _, ind := range indicators {
		st := &excelize.Style{Font: &excelize.Font{Family: "宋体"}, Border: border, NumFmt: ind.format}
		if ind.custom != "" {
			st.CustomNumFmt = &ind.custom
		}
		s.numbers = append(s.numbers, add(st))
		bold := *st
		bold.Font = &excelize.Font{Family: "宋体", Bold: true}
		s.total = append(s.total, add(&bold))
	}
	return &s, err
}

// sampleWorkbook makes the workbook's bytes.
func sampleWorkbook() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", townsSheet); err != nil {
		return nil, err
	}
	if err := writeTowns(f, st); err != nil {
		return nil, fmt.Errorf("%s: %w", townsSheet, err)
	}
	for year := firstTableYear; year <= lastYear; year++ {
		name := strconv.Itoa(year) + "年"
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		if err := writeYear(f, st, name, year); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if _, err := f.NewSheet(historySheet); err != nil {
		return nil, err
	}
	if err := writeHistory(f, st); err != nil {
		return nil, fmt.Errorf("%s: %w", historySheet, err)
	}
	f.SetActiveSheet(0)
	// Excel and WPS recompute the 合计 formulas when the file is opened;
	// the cached values written here are what the site reads.
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return nil, err
	}
	// Fixed document times: the same data gives the same bytes.
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          "太原市专业镇名录及主要指标（示例数据）",
		Subject:        "Taiyuan specialty towns: sample data",
		Creator:        "townpress gensample",
		LastModifiedBy: "townpress gensample",
		Created:        "2024-06-04T00:00:00Z",
		Modified:       "2024-06-04T00:00:00Z",
		Language:       "zh-CN",
	}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return numericTotals(buf.Bytes())
}

// sumCellRE matches the start of a SUM cell that excelize marks as having a
// text result (t="str"), whatever its cached value.
var sumCellRE = regexp.MustCompile(`(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="str"(><f>SUM(?:IF)?\()`)

// numericTotals rewrites the 合计 cells the way Excel saves them, with a
// number as the cached result, so that a program reading the file without
// recalculating sees numbers. Entries keep their order and times, so the
// output stays deterministic.
func numericTotals(book []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			return nil, err
		}
		part, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/") {
			part = sumCellRE.ReplaceAll(part, []byte("${1}${2}"))
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(part); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func writeTowns(f *excelize.File, st *styles) error {
	sh := townsSheet
	headers := []string{"序号", "编号", "专业镇名称", "英文名称", "级别", "县（市、区）", "县市区（英文）",
		"主导产业", "主导产业（英文）", "认定年份", "龙头企业", "龙头企业（英文）", "简介", "简介（英文）"}
	widths := []float64{6, 24, 28, 36, 8, 14, 22, 18, 26, 10, 16, 24, 60, 70}
	last := colName(len(headers) - 1)
	w := &sheetWriter{f: f, sheet: sh}
	w.set("A1", "太原市专业镇名录（示例数据）", st.title)
	w.merge("A1", last+"1")
	w.height(1, 30)
	for i, h := range headers {
		w.set(colName(i)+"2", h, st.header)
		w.width(colName(i), colName(i), widths[i])
	}
	w.height(2, 32)
	for n, t := range towns {
		row := n + 3
		cells := []any{n + 1, t.id, t.name, t.nameEn, t.tier, t.county, t.countyEn,
			t.industry, t.industryEn, t.recognised, t.enterprises, t.enterpriseE, t.desc, t.descEn}
		for i, v := range cells {
			style := st.text
			if i >= 12 {
				style = st.wrap
			}
			w.set(colName(i)+strconv.Itoa(row), v, style)
		}
		w.height(row, 48)
	}
	noteRow := strconv.Itoa(len(towns) + 4)
	w.set("A"+noteRow, townsNote, st.note)
	w.merge("A"+noteRow, last+noteRow)
	w.freeze("C3")
	return w.err
}

// yearColumn is a column of a year's table after 序号, 专业镇 and 级别.
type yearColumn struct {
	header string
	k      int  // the indicator of a level column; -1 for the others
	growth bool // the office's comparable-price growth of output
	status bool // the status marks of output (工业产值状态)
}

// finalTowns are the towns whose provisional-year output is final
// (finalMark); cmd/genreleases makes their preliminary figures.
var finalTowns = map[string]bool{"qingxu-vinegar": true, "xiaodian-motors": true, "zhongbei-stainless-steel": true}

// yearColumns are the columns of year's table: every indicator's level,
// output's comparable-price growth beside it, and in 2023, the year with
// a revised figure, and the provisional year, with figures already
// final, output's status column between them.
func yearColumns(year int) []yearColumn {
	var cols []yearColumn
	for k, ind := range indicators {
		cols = append(cols, yearColumn{header: ind.header, k: k})
		if ind.id == "output" {
			if year == revised.year || year == provisionalYear {
				cols = append(cols, yearColumn{header: "工业产值状态", k: -1, status: true})
			}
			cols = append(cols, yearColumn{header: "工业产值可比价增速（%）", k: -1, growth: true})
		}
	}
	return cols
}

// writeYear writes the table of year: the towns that were members that
// year, their 合计 and a 其中 row per tier, and the notes.
func writeYear(f *excelize.File, st *styles, sh string, year int) error {
	i := year - firstYear
	w := &sheetWriter{f: f, sheet: sh}
	cols := yearColumns(year)
	last := colName(3 + len(cols) - 1)
	w.set("A1", fmt.Sprintf("%d年太原市专业镇主要指标（示例数据）", year), st.title)
	w.merge("A1", last+"1")
	w.height(1, 30)
	w.set("A2", "单位：见各列标题", st.note)
	w.merge("A2", last+"2")
	for c, h := range append([]string{"序号", "专业镇", "级别"}, headersOf(cols)...) {
		w.set(colName(c)+"3", h, st.header)
	}
	w.height(3, 32)
	w.width("A", "A", 6)
	w.width("B", "B", 30)
	w.width("C", "C", 8)
	w.width("D", last, 14)
	members := membersIn(year)
	first := 4
	for n, t := range members {
		row := strconv.Itoa(first + n)
		w.set("A"+row, n+1, st.text)
		w.set("B"+row, t.name, st.text)
		w.set("C"+row, t.tier, st.text)
		for c, col := range cols {
			cell := colName(3+c) + row
			switch {
			case col.status:
				mark := ""
				switch {
				case year == revised.year && t.id == revised.town:
					mark = revisedMark
				case year == provisionalYear && finalTowns[t.id]:
					mark = finalMark
				}
				w.set(cell, mark, st.mark)
			case col.growth:
				if g, ok := comparableGrowth([]town{t}, i); ok {
					w.set(cell, g, st.growth)
				} else {
					w.set(cell, "—", st.growth)
				}
			default:
				key := cellKey{t.id, indicators[col.k].id, year}
				v := value(t, col.k, i)
				switch {
				case key == confidential:
					w.set(cell, confidentialText, st.numbers[col.k])
					w.comment(cell, confidentialComment+"\n（英文）"+confidentialCommentEn)
				case math.IsNaN(v):
					w.set(cell, "—", st.numbers[col.k])
				case typedAsText(col.k, year):
					w.set(cell, thousands(v), st.numbers[col.k])
				default:
					w.set(cell, v, st.numbers[col.k])
				}
			}
		}
	}
	// 合计 and 其中 rows: SUM and SUMIF formulas with the value Excel
	// computes as the cached value (SUM skips text: a column typed as
	// text gets no total, and 保密 is left out); the rate and the growth
	// as the office computes and types them.
	end := first + len(members) - 1
	type totalRow struct {
		label string
		tier  string // "" for 合计
	}
	rows := []totalRow{{label: "合计"}}
	for _, tier := range []string{"省级", "市级", "县级"} {
		for _, t := range members {
			if t.tier == tier {
				rows = append(rows, totalRow{label: "其中：" + tier, tier: tier})
				break
			}
		}
	}
	for n, tr := range rows {
		r := end + 1 + n
		row := strconv.Itoa(r)
		w.set("A"+row, tr.label, st.totalLabel)
		w.merge("A"+row, "C"+row)
		var set []town
		for _, t := range members {
			if tr.tier == "" || t.tier == tr.tier {
				set = append(set, t)
			}
		}
		for c, col := range cols {
			letter := colName(3 + c)
			cell := letter + row
			switch {
			case col.status:
				mark := ""
				for _, t := range set {
					if year == revised.year && t.id == revised.town {
						mark = "r" // a total of a revised figure is revised
					}
				}
				w.set(cell, mark, st.markTotal)
			case col.growth:
				if g, ok := comparableGrowth(set, i); ok {
					w.set(cell, g, st.growthTotal)
				} else {
					w.set(cell, "—", st.growthTotal)
				}
			case typedAsText(col.k, year):
				w.set(cell, "", st.total[col.k])
			case indicators[col.k].noTotal:
				if v, ok := rdIntensity(set, i); ok {
					w.set(cell, v, st.total[col.k])
				} else {
					w.set(cell, "—", st.total[col.k])
				}
			default:
				var column []float64
				for _, t := range set {
					column = append(column, cellValue(t, col.k, i))
				}
				w.set(cell, exactSum(column), st.total[col.k])
				if tr.tier == "" {
					w.formula(cell, fmt.Sprintf("SUM(%s%d:%s%d)", letter, first, letter, end))
				} else {
					w.formula(cell, fmt.Sprintf(`SUMIF($C$%d:$C$%d,"%s",%s%d:%s%d)`, first, end, tr.tier, letter, first, letter, end))
				}
			}
		}
	}
	notes := []string{}
	switch year {
	case revised.year:
		notes = append(notes, revisedNote, revisedNoteEn)
	case provisionalYear:
		notes = append(notes, "注："+provisionalNote, confidentialNote)
	}
	notes = append(notes, methodNote, sampleNote)
	for n, text := range notes {
		r := end + len(rows) + 1 + n
		row := strconv.Itoa(r)
		w.set("A"+row, text, st.note)
		w.merge("A"+row, last+row)
		w.height(r, 30)
	}
	w.freeze("D4")
	return w.err
}

func headersOf(cols []yearColumn) []string {
	var out []string
	for _, c := range cols {
		out = append(out, c.header)
	}
	return out
}

// writeHistory writes each town's figures of the years before it was
// recognised, a row per town and year, as its application gave them.
func writeHistory(f *excelize.File, st *styles) error {
	w := &sheetWriter{f: f, sheet: historySheet}
	headers := []string{"序号", "专业镇", "级别", "年份"}
	for _, ind := range indicators {
		headers = append(headers, ind.header)
	}
	last := colName(len(headers) - 1)
	w.set("A1", "太原市专业镇认定前主要指标（据认定申报材料整理，示例数据）", st.title)
	w.merge("A1", last+"1")
	w.height(1, 30)
	w.set("A2", "单位：见各列标题", st.note)
	w.merge("A2", last+"2")
	for c, h := range headers {
		w.set(colName(c)+"3", h, st.header)
	}
	w.height(3, 32)
	w.width("A", "A", 6)
	w.width("B", "B", 30)
	w.width("C", "D", 8)
	w.width("E", last, 14)
	r := 4
	for _, t := range towns {
		for year := firstYear; year < t.recognised; year++ {
			i := year - firstYear
			row := strconv.Itoa(r)
			w.set("A"+row, r-3, st.text)
			w.set("B"+row, t.name, st.text)
			w.set("C"+row, t.tier, st.text)
			w.set("D"+row, year, st.text)
			for k := range indicators {
				cell := colName(4+k) + row
				v := value(t, k, i)
				switch {
				case math.IsNaN(v):
					w.set(cell, "—", st.numbers[k])
				case typedAsText(k, year):
					w.set(cell, thousands(v), st.numbers[k])
				default:
					w.set(cell, v, st.numbers[k])
				}
			}
			r++
		}
	}
	for n, text := range []string{historyNote, sampleNote} {
		row := strconv.Itoa(r + 1 + n)
		w.set("A"+row, text, st.note)
		w.merge("A"+row, last+row)
		w.height(r+1+n, 30)
	}
	w.freeze("E4")
	return w.err
}

// exactSum is the sum of the numbers of a column as typed (NaN is no data
// and skipped), added as decimals: adding the binary floats would cache
// 0.30000000000000004 where Excel shows 0.3.
func exactSum(column []float64) float64 {
	var sum big.Rat
	for _, v := range column {
		if math.IsNaN(v) {
			continue
		}
		var r big.Rat
		r.SetString(strconv.FormatFloat(v, 'f', -1, 64))
		sum.Add(&sum, &r)
	}
	f, _ := sum.Float64()
	return f
}

// thousands formats an integer-valued number with thousands separators,
// as officials type large numbers into text cells.
func thousands(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	intPart, frac := s, ""
	for i := range s {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i:]
			break
		}
	}
	var out []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	return string(out) + frac
}

// sheetWriter writes cells of one sheet and keeps the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *sheetWriter) do(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *sheetWriter) set(cell string, v any, style int) {
	w.do(w.f.SetCellValue(w.sheet, cell, v))
	w.do(w.f.SetCellStyle(w.sheet, cell, cell, style))
}

// comment puts a comment on a cell as Excel writes one: its author's
// name in bold on the first line.
func (w *sheetWriter) comment(cell, text string) {
	const author = "市统计局（示例）"
	w.do(w.f.AddComment(w.sheet, excelize.Comment{Cell: cell, Author: author, Paragraph: []excelize.RichTextRun{
		{Text: author + ":", Font: &excelize.Font{Bold: true}}, {Text: "\n" + text},
	}}))
}

func (w *sheetWriter) formula(cell, formula string) {
	w.do(w.f.SetCellFormula(w.sheet, cell, formula))
}

func (w *sheetWriter) merge(from, to string) { w.do(w.f.MergeCell(w.sheet, from, to)) }

func (w *sheetWriter) height(row int, h float64) { w.do(w.f.SetRowHeight(w.sheet, row, h)) }

func (w *sheetWriter) width(from, to string, width float64) {
	w.do(w.f.SetColWidth(w.sheet, from, to, width))
}

func (w *sheetWriter) freeze(topLeft string) {
	col, row, err := excelize.CellNameToCoordinates(topLeft)
	if err != nil {
		w.do(err)
		return
	}
	w.do(w.f.SetPanes(w.sheet, &excelize.Panes{
		Freeze: true, XSplit: col - 1, YSplit: row - 1, TopLeftCell: topLeft, ActivePane: "bottomRight",
	}))
}

// colName is the letter of a 0-based column (up to Z is all we need).
func colName(i int) string { return string(rune('A' + i)) }
