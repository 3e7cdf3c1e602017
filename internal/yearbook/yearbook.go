// Package yearbook writes one small dataset, a district's towns and four
// indicators over two years, as workbooks in every layout the reader
// takes: long, wide, one indicator per sheet, one sheet per year, and the
// table as a statistics bureau's yearbook prints it (a merged title, two
// merged header rows, a unit row, padded and footnoted names, 全区 and
// 其中 rows, notes, numbers typed as text, — for no data).
//
// The reader's tests read each of them to the same data as the long one;
// cmd/genyearbook commits them under internal/source/testdata/yearbook,
// and `townpress new -yearbook` starts a site from the yearbook table.
// Every number is illustrative and made by arithmetic, so the files are
// the same on every run.
package yearbook

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Town is one town of the example district.
type Town struct {
	Name   string // as the towns sheet writes it
	Short  string // as the yearbook prints it, padded to two characters' width: 大　良
	Tier   string
	Street bool // a 街道 (counted in the 其中：街道 subtotal)
}

// Towns of the example district, in the towns sheet's order (by tier).
var Towns = []Town{
	{"北滘镇", "北滘镇", "省级", false},
	{"大良街道", "大　良", "省级", true},
	{"容桂街道", "容　桂", "市级", true},
	{"伦教街道", "伦　教", "市级", true},
	{"勒流街道", "勒　流", "市级", true},
	{"陈村镇", "陈村镇", "市级", false},
	{"乐从镇", "乐从镇", "市级", false},
	{"龙江镇", "龙江镇", "市级", false},
}

// Indicator is one of the example's indicators.
type Indicator struct {
	ID, Name, Unit string
	Decimals       int
	Growth         bool // a typed growth in % beside the 2024 level
	Points         bool // a typed change in percentage points beside the 2024 level (a rate)
	Sum            bool
}

// Indicators of the example.
var Indicators = []Indicator{
	{ID: "output", Name: "工业总产值", Unit: "亿元", Decimals: 1, Growth: true, Sum: true},
	{ID: "added", Name: "规上工业增加值", Unit: "亿元", Decimals: 1, Growth: true, Sum: true},
	{ID: "rd", Name: "研发投入强度", Unit: "%", Decimals: 2, Points: true},
	{ID: "firms", Name: "规上工业企业", Unit: "个", Sum: true},
}

// Years of the example.
var Years = []int{2023, 2024}

// Level is indicator ind's figure for town t (an index of Towns, or -1 for
// the district, -2 for its 街道) in year, as exact text; "" for no data.
func Level(ind, t, year int) string {
	if t < 0 {
		var sum float64
		for i, town := range Towns {
			if t == -2 && !town.Street {
				continue
			}
			if v := Level(ind, i, year); v != "" {
				f, _ := strconv.ParseFloat(v, 64)
				sum += f
			}
		}
		if !Indicators[ind].Sum {
			// A rate's district figure is the office's own, not a sum.
			return map[[2]int]string{{-1, 2023}: "3.41", {-1, 2024}: "3.52", {-2, 2023}: "2.75", {-2, 2024}: "2.87"}[[2]int{t, year}]
		}
		return fixed(sum, Indicators[ind].Decimals)
	}
	// A few figures the towns did not report.
	if t == 7 && ((ind == 2 && year == 2023) || (ind == 3 && year == 2024)) {
		return ""
	}
	k := year - Years[0]
	switch Indicators[ind].ID {
	case "output":
		return fixed(float64(800+137*t)/10*(1+0.05*float64(k+t%3)), 1)
	case "added":
		return fixed(float64(200+31*t)/10*(1+0.04*float64(k+t%2)), 1)
	case "rd":
		return fixed(1.85+0.17*float64(t)+0.11*float64(k), 2)
	default:
		return strconv.Itoa(140 + 53*t + 3*k)
	}
}

// Growth is the typed growth (or change in points) of an indicator in the
// last year, as an office rounds it; "" when a level is missing.
func Growth(ind, t int) string {
	a, b := Level(ind, t, Years[0]), Level(ind, t, Years[1])
	if a == "" || b == "" {
		return ""
	}
	x, _ := strconv.ParseFloat(a, 64)
	y, _ := strconv.ParseFloat(b, 64)
	if Indicators[ind].Points {
		return fixed(y-x, 2)
	}
	return fixed((y/x-1)*100, 1)
}

func fixed(v float64, decimals int) string {
	p := math.Pow(10, float64(decimals))
	return strconv.FormatFloat(math.Round(v*p)/p, 'f', decimals, 64)
}

// Config is a config.toml for the example: tiers, indicators and the name
// of the yearbook's table, nothing else about the workbook.
const Config = `# A district's yearbook table read as the bureau keeps it. The config
# declares only the tiers, the indicators and the name of the table's sheet.
` + ConfigBody

// ConfigBody is Config without its comment.
const ConfigBody = `[site]
title = "示例区专业镇统计"
sample_data = true

[sheets]
values = ["表3 各镇（街道）主要经济指标"]

[[tiers]]
id = "provincial"
name = "省级"

[[tiers]]
id = "municipal"
name = "市级"

[[indicators]]
id = "output"
name = "工业总产值"
unit = "亿元"
decimals = 1
sum = true

[[indicators]]
id = "added"
name = "规上工业增加值"
unit = "亿元"
decimals = 1
sum = true

[[indicators]]
id = "rd"
name = "研发投入强度"
unit = "%"
decimals = 2
kind = "rate"

[[indicators]]
id = "firms"
name = "规上工业企业"
unit = "个"
sum = true
`

// YearbookSheet is the name of the yearbook table's sheet, as Config names it.
const YearbookSheet = "表3 各镇（街道）主要经济指标"

// Workbooks are the example in every layout, by file name.
func Workbooks() (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, write := range map[string]func(*excelize.File) error{
		"long.xlsx":     long,
		"wide.xlsx":     wide,
		"single.xlsx":   single,
		"peryear.xlsx":  perYear,
		"yearbook.xlsx": Yearbook,
	} {
		b, err := book(write)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = b
	}
	return out, nil
}

// book makes a workbook: the towns sheet, then what write adds.
func book(write func(*excelize.File) error) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "专业镇名录"); err != nil {
		return nil, err
	}
	if err := towns(f); err != nil {
		return nil, err
	}
	if err := write(f); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: "示例区专业镇（示例数据）", Creator: "townpress", LastModifiedBy: "townpress",
		Created: "2025-03-01T00:00:00Z", Modified: "2025-03-01T00:00:00Z", Language: "zh-CN",
	}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sheet writes rows from cell A1 (or from the row given) and merges ranges.
type sheet struct {
	f    *excelize.File
	name string
	err  error
}

func newSheet(f *excelize.File, name string) *sheet {
	s := &sheet{f: f, name: name}
	if idx, err := f.GetSheetIndex(name); err == nil && idx < 0 {
		_, s.err = f.NewSheet(name)
	}
	return s
}

func (s *sheet) row(r int, cells ...any) {
	for c, v := range cells {
		if v == nil || s.err != nil {
			continue
		}
		name, _ := excelize.CoordinatesToCellName(c+1, r)
		s.err = s.f.SetCellValue(s.name, name, v)
	}
}

func (s *sheet) merge(ranges ...string) {
	for _, m := range ranges {
		if s.err == nil {
			from, to, _ := strings.Cut(m, ":")
			s.err = s.f.MergeCell(s.name, from, to)
		}
	}
}

// towns is the towns sheet: names, tiers merged down, short names as 别名;
// no 编号 column, so ids are made from the names.
func towns(f *excelize.File) error {
	s := newSheet(f, "专业镇名录")
	s.row(1, "名称", "级别", "县市区", "别名")
	for i, t := range Towns {
		alias := any(nil)
		if strings.ContainsRune(t.Short, '　') {
			alias = strings.ReplaceAll(t.Short, "　", "")
		}
		tier := any(nil)
		if i == 0 || Towns[i-1].Tier != t.Tier {
			tier = t.Tier
		}
		s.row(i+2, t.Name, tier, "示例区", alias)
	}
	s.merge("B2:B3", "B4:B9")
	return s.err
}

// text is a figure as typed: a number, or — for no data.
func text(v string) any {
	if v == "" {
		return "—"
	}
	f, _ := strconv.ParseFloat(v, 64)
	return f
}

// long is the twin every other layout is read against: a row per town and
// year, a column per figure, the 合计 and 其中 rows per year.
func long(f *excelize.File) error {
	s := newSheet(f, "指标数据")
	head := []any{"地区", "年份"}
	for _, ind := range Indicators {
		head = append(head, ind.Name+"（"+ind.Unit+"）")
		switch {
		case ind.Growth:
			head = append(head, ind.Name+"增速（%）")
		case ind.Points:
			head = append(head, ind.Name+"增减（百分点）")
		}
	}
	s.row(1, head...)
	r := 2
	line := func(label string, t, year int) {
		cells := []any{label, year}
		for i, ind := range Indicators {
			cells = append(cells, text(Level(i, t, year)))
			if ind.Growth || ind.Points {
				g := any(nil)
				if year == Years[1] {
					g = text(Growth(i, t))
				}
				cells = append(cells, g)
			}
		}
		s.row(r, cells...)
		r++
	}
	for _, year := range Years {
		for t, town := range Towns {
			line(town.Name, t, year)
		}
		line("合计", -1, year)
		line("其中：街道", -2, year)
	}
	return s.err
}

// wide is one sheet with years under each indicator's merged header.
func wide(f *excelize.File) error {
	s := newSheet(f, "指标数据")
	top, sub := []any{"镇（街道）"}, []any{nil}
	var merges []string
	col := 2
	for _, ind := range Indicators {
		n := len(Years)
		if ind.Growth || ind.Points {
			n++
		}
		first, _ := excelize.CoordinatesToCellName(col, 1)
		last, _ := excelize.CoordinatesToCellName(col+n-1, 1)
		merges = append(merges, first+":"+last)
		top = append(top, ind.Name+"（"+ind.Unit+"）")
		for range n - 1 {
			top = append(top, nil)
		}
		for _, y := range Years {
			sub = append(sub, fmt.Sprintf("%d年", y))
		}
		switch {
		case ind.Growth:
			sub = append(sub, "增长（%）")
		case ind.Points:
			sub = append(sub, "增减（百分点）")
		}
		col += n
	}
	s.row(1, top...)
	s.row(2, sub...)
	merges = append(merges, "A1:A2")
	s.merge(merges...)
	r := 3
	for t := -1; t < len(Towns); t++ {
		label := "合计"
		if t >= 0 {
			label = Towns[t].Name
		}
		s.row(r, wideRow(label, t)...)
		r++
		if t == -1 {
			s.row(r, wideRow("其中：街道", -2)...)
			r++
		}
	}
	return s.err
}

// wideRow is a row of the wide and yearbook tables: each indicator's years,
// then its growth.
func wideRow(label string, t int) []any {
	cells := []any{label}
	for i, ind := range Indicators {
		for _, y := range Years {
			cells = append(cells, text(Level(i, t, y)))
		}
		if ind.Growth || ind.Points {
			cells = append(cells, text(Growth(i, t)))
		}
	}
	return cells
}

// single is one sheet per indicator, named for it as yearbooks number
// their tables, years as columns, a 单位 line above.
func single(f *excelize.File) error {
	for i, ind := range Indicators {
		name := fmt.Sprintf("表3-%d %s", i+1, ind.Name)
		s := newSheet(f, name)
		s.row(1, fmt.Sprintf("表3-%d  各镇（街道）%s", i+1, ind.Name))
		s.merge("A1:D1")
		s.row(2, nil, nil, nil, "单位："+ind.Unit)
		head := []any{"地区"}
		for _, y := range Years {
			head = append(head, fmt.Sprintf("%d年", y))
		}
		switch {
		case ind.Growth:
			head = append(head, "比上年±%")
		case ind.Points:
			head = append(head, "比上年增减（百分点）")
		}
		s.row(3, head...)
		r := 4
		for t := -1; t < len(Towns); t++ {
			label := "全区"
			if t >= 0 {
				label = Towns[t].Short
			}
			cells := []any{label}
			for _, y := range Years {
				cells = append(cells, text(Level(i, t, y)))
			}
			if ind.Growth || ind.Points {
				cells = append(cells, text(Growth(i, t)))
			}
			s.row(r, cells...)
			r++
			if t == -1 {
				cells[0] = "#街道"
				for k, y := range Years {
					cells[1+k] = text(Level(i, -2, y))
				}
				if ind.Growth || ind.Points {
					cells[len(cells)-1] = text(Growth(i, -2))
				}
				s.row(r, cells...)
				r++
			}
		}
		s.row(r, "注：本表为示例数据。")
		if s.err != nil {
			return s.err
		}
	}
	return nil
}

// perYear is one sheet per year: a title naming the year, growth columns
// right of their levels with bare headers, a unit row under the header.
func perYear(f *excelize.File) error {
	for _, year := range Years {
		s := newSheet(f, fmt.Sprintf("%d年", year))
		s.row(1, fmt.Sprintf("%d年各镇（街道）主要经济指标", year))
		head, units := []any{"镇街"}, []any{nil}
		for _, ind := range Indicators {
			head, units = append(head, ind.Name), append(units, ind.Unit)
			if year == Years[1] {
				switch {
				case ind.Growth:
					head, units = append(head, "增长%"), append(units, "%")
				case ind.Points:
					head, units = append(head, "增减"), append(units, "百分点")
				}
			}
		}
		s.row(2, head...)
		s.row(3, units...)
		r := 4
		for t := 0; t <= len(Towns)+1; t++ {
			label, town := "", t
			switch {
			case t < len(Towns):
				label = Towns[t].Name
			case t == len(Towns):
				label, town = "合计", -1
			default:
				label, town = "其中：街道", -2
			}
			cells := []any{label}
			for i, ind := range Indicators {
				cells = append(cells, text(Level(i, town, year)))
				if year == Years[1] && (ind.Growth || ind.Points) {
					cells = append(cells, text(Growth(i, town)))
				}
			}
			s.row(r, cells...)
			r++
		}
		if s.err != nil {
			return s.err
		}
	}
	return nil
}

// Yearbook is the table as a bureau's yearbook prints it.
func Yearbook(f *excelize.File) error {
	s := newSheet(f, YearbookSheet)
	const last = "L"
	s.row(1, "表3  2023—2024年各镇（街道）主要经济指标")
	s.merge("A1:" + last + "1")
	s.row(3, "地区", "工业总产值", nil, nil, "规上工业增加值", nil, nil, "研发投入强度", nil, nil, "规上工业企业")
	s.row(4, nil, "2023年", "2024年", "增长%", "2023年", "2024年", "比上年±%", "2023年", "2024年", "增减（百分点）", "2023年", "2024年")
	s.row(5, nil, "亿元", "亿元", "%", "亿元", "亿元", "%", "%", "%", "百分点", "个", "个")
	s.merge("A3:A5", "B3:D3", "E3:G3", "H3:J3", "K3:L3")
	row := func(r int, label string, t int) {
		cells := wideRow(label, t)
		// Officials type some figures as text: the output in 2023, and
		// counts of firms with thousands separators.
		if v, ok := cells[1].(float64); ok {
			cells[1] = strconv.FormatFloat(v, 'f', -1, 64)
		}
		for _, c := range []int{10, 11} {
			if v, ok := cells[c].(float64); ok && v >= 1000 {
				cells[c] = fmt.Sprintf("%d,%03d", int(v)/1000, int(v)%1000)
			}
		}
		s.row(r, cells...)
	}
	row(6, "全区", -1)
	row(7, "其中：街道", -2)
	marks := map[int]string{1: "①", 5: "*", 7: "#"}
	for t, town := range Towns {
		row(8+t, town.Short+marks[t], t)
	}
	r := 8 + len(Towns)
	s.row(r, "注：①含顺峰山工业区。*为初步数。#2024年企业数未报。")
	s.merge(fmt.Sprintf("A%d:%s%d", r, last, r))
	s.row(r+1, "资料来源：示例区统计局（示例数据）。")
	other := newSheet(f, "填报说明")
	other.row(1, "本工作簿为示例，数字均为示例数据。")
	if s.err != nil {
		return s.err
	}
	return other.err
}
