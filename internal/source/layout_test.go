package source

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// read reads one workbook with testConfig, or cfg when given.
func readBook(t *testing.T, book []byte) (*Data, string) {
	t.Helper()
	data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	return data, problems.Error()
}

// figures lists the records' figures as "town year indicator=value@cell",
// sorted as read, for comparing layouts.
func figures(data *Data) []string {
	var out []string
	cfg := testConfig()
	for _, v := range data.Values {
		for i, n := range v.Values {
			if n != (Number{}) {
				out = append(out, fmt.Sprintf("%s %v %s=%s@%s", v.Town.S, v.Year.V, cfg.Indicators[i].ID, numText(n), n.Loc.Cell()))
			}
		}
		for i, n := range v.Growth {
			if n != (Number{}) {
				out = append(out, fmt.Sprintf("%s %v %s-growth=%s@%s", v.Town.S, v.Year.V, cfg.Indicators[i].ID, numText(n), n.Loc.Cell()))
			}
		}
		for i, n := range v.Points() {
			if n != (Number{}) {
				out = append(out, fmt.Sprintf("%s %v %s-points=%s@%s", v.Town.S, v.Year.V, cfg.Indicators[i].ID, numText(n), n.Loc.Cell()))
			}
		}
	}
	return out
}

func numText(n Number) string {
	if !n.Valid {
		return "—"
	}
	return n.D.String()
}

func checkFigures(t *testing.T, data *Data, want ...string) {
	t.Helper()
	got := figures(data)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("figures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The case that must never happen again: a sheet 2024年 whose 工业产值
// header is merged across the columns of 2023, 2024 and the growth, with
// the row of years under it removed. It was read as 2024 = the 2023
// column, the other two dropped, and check said "0 errors, 0 warnings".
func TestMergedHeaderWithoutSubHeadersIsAnError(t *testing.T) {
	book := xlsx(t, sheet{
		name:  "2024年",
		merge: []string{"B1:D1"},
		rows: [][]any{
			{"专业镇", "工业产值（亿元）", nil, nil, "经营主体（户）"},
			{"甲镇", 10, 12, 20, 5},
			{"乙镇", 4, 5, 25, 7},
		},
	})
	data, problems := readBook(t, book)
	want := `data/t.xlsx:2024年!B1: 工业产值(亿元) is merged across B1:D1, but no row under it tells its columns apart (expected a row of years such as 2023年 | 2024年 | 增长% under it, or one header per column); columns B–D not read`
	if problems != want {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
	for _, v := range data.Values {
		if _, ok := v.Value(ind("output")); ok {
			t.Errorf("output read from a header nothing tells apart: %+v", v)
		}
	}
	var cols []string
	for _, c := range data.Sheets[0].Columns {
		cols = append(cols, c.Column+": "+c.Meaning.En)
	}
	if got := strings.Join(cols[1:4], "\n"); !strings.HasPrefix(cols[1], "B: not read: 工业产值(亿元) is merged across B1:D1") ||
		!strings.HasSuffix(got, "C: not read: see the error at B1\nD: not read: see the error at B1") {
		t.Errorf("explain:\n%s", strings.Join(cols, "\n"))
	}
}

// With the row of years, the same sheet reads every column where it belongs.
func TestMergedHeaderOverYears(t *testing.T) {
	book := xlsx(t, sheet{
		name:  "2024年",
		merge: []string{"A1:A2", "B1:D1", "E1:E2"},
		rows: [][]any{
			{"专业镇", "工业产值（亿元）", nil, nil, "经营主体（户）"},
			{nil, "2023年", "2024年", "增长%"},
			{"甲镇", 10, 12, 20, 5},
			{"乙镇", 4, "5.0", "25", "—"},
		},
	})
	data, problems := readBook(t, book)
	if problems != "" {
		t.Fatalf("problems:\n%s", problems)
	}
	checkFigures(t, data,
		"甲镇 2023 output=10@B3",
		"甲镇 2024 output=12@C3",
		"甲镇 2024 entities=5@E3",
		"甲镇 2024 output-growth=20@D3",
		"乙镇 2023 output=4@B4",
		"乙镇 2024 output=5@C4",
		"乙镇 2024 entities=—@E4",
		"乙镇 2024 output-growth=25@D4",
	)
	if y := data.Values[0].Year; y.V != 2023 || y.Loc.String() != "data/t.xlsx:2024年!B2" {
		t.Errorf("the 2023 record's year = %v at %s, want 2023 at B2", y.V, y.Loc)
	}
	info := data.Sheets[0]
	if info.HeaderRows != [2]int{1, 2} || info.Layout.En != "wide: years as columns under the indicators" {
		t.Errorf("info = %+v", info)
	}
	var cols []string
	for _, c := range info.Columns {
		cols = append(cols, c.Column+": "+c.Header+" → "+c.Meaning.En)
	}
	wantCols := []string{
		"A: 专业镇 → town name",
		"B: 工业产值(亿元) | 2023年 → 工业产值 (Industrial output) 2023, in 亿元",
		"C: 工业产值(亿元) | 2024年 → 工业产值 (Industrial output) 2024, in 亿元",
		"D: 工业产值(亿元) | 增长% → typed growth of 工业产值 (Industrial output) 2024, in %",
		"E: 经营主体(户) → 经营主体 (Business entities) 2024, in 户",
	}
	if strings.Join(cols, "\n") != strings.Join(wantCols, "\n") {
		t.Errorf("columns:\n%s\nwant:\n%s", strings.Join(cols, "\n"), strings.Join(wantCols, "\n"))
	}
}

// A column of numbers the reader does not map is never dropped silently.
func TestNumbersInColumnsNotReadAreReported(t *testing.T) {
	book := xlsx(t, sheet{
		name: "2024年",
		rows: [][]any{
			{"专业镇", "工业产值", "利润", nil, "联系人"},
			{"甲镇", 10, 3, 7, "张三"},
			{"乙镇", 4, "1,2", nil, nil, 9},
			{"丙镇", 4, 5},
			{"丁镇", 4, 6},
			{"合计", 22, 15},
		},
	})
	_, problems := readBook(t, book)
	want := strings.Join([]string{
		`data/t.xlsx:2024年!C1: warning: column "利润" holds numbers (C2, C4, C5 and 1 more) but is not read: it is not a configured indicator (to read it, add it to [[indicators]] or to an indicator's aliases in config.toml; to silence this, add it to [columns] ignore)`,
		`data/t.xlsx:2024年!D1: column D has no header, but holds numbers (D2): nothing says what they are (write the column's header, or delete the numbers)`,
		`data/t.xlsx:2024年!E1: warning: column "联系人" is not a configured indicator; ignored (expected an indicator of config.toml; to read it, add it to [[indicators]] or to an indicator's aliases)`,
		`data/t.xlsx:2024年!F1: column F has no header, but holds numbers (F3): nothing says what they are (write the column's header, or delete the numbers)`,
	}, "\n")
	if problems != want {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
}

// One indicator per sheet, years as columns, the indicator in the sheet's
// name; a 单位 line above, a total row first as yearbooks print it.
func TestOneIndicatorYearsAsColumns(t *testing.T) {
	book := xlsx(t, sheet{
		name:  "表3-1 工业产值",
		merge: []string{"A1:D1"},
		rows: [][]any{
			{"表3-1 各镇工业产值"},
			{nil, nil, nil, "单位：亿元"},
			{"地区", "2022", "2023年", "2024年度"},
			{"全区", 30, 33, 36},
			{"大　良①", 10, 11, 12},
			{"容桂街道*", "20", "22", "—"},
			{"注：①含工业园。"},
		},
	})
	data, problems := readBook(t, book)
	if problems != "" {
		t.Fatalf("problems:\n%s", problems)
	}
	checkFigures(t, data,
		"大良 2022 output=10@B5", "大良 2023 output=11@C5", "大良 2024 output=12@D5",
		"容桂街道 2022 output=20@B6", "容桂街道 2023 output=22@C6", "容桂街道 2024 output=—@D6",
	)
	if data.Values[0].TownMark() != "①" || data.Values[3].TownMark() != "*" {
		t.Errorf("marks: %q %q", data.Values[0].TownMark(), data.Values[3].TownMark())
	}
	if len(data.Totals) != 3 || data.Totals[0].Label.S != "全区" || data.Totals[2].Values[ind("output")].D.String() != "36" || data.Totals[0].Subtotal {
		t.Errorf("totals = %+v", data.Totals)
	}
	info := data.Sheets[0]
	if info.Layout.En != "one indicator, 工业产值 (Industrial output), with years as columns" || info.HeaderRows != [2]int{3, 3} {
		t.Errorf("info = %+v", info)
	}
}

// A unit line that contradicts an indicator's unit stops the column.
func TestUnitLineMustAgree(t *testing.T) {
	book := xlsx(t, sheet{
		name: "2024年",
		rows: [][]any{
			{"单位：万元"},
			{"专业镇", "工业产值", "经营主体（户）"},
			{"甲镇", 100000, 5},
		},
	})
	_, problems := readBook(t, book)
	want := `data/t.xlsx:2024年!B2: "工业产值": A1 says the figures are in 万元, but 工业产值 is in 亿元 in config.toml (convert the numbers, or change indicators[0].unit); column not read`
	if problems != want {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
}

// Stub headers as bureaus write them, and a year in the title.
func TestStubHeadersAndTitleYear(t *testing.T) {
	for _, stub := range []string{"地区", "镇（街道）", "镇街", "乡镇", "单位名称", "名称"} {
		book := xlsx(t, sheet{
			name: "各镇主要指标",
			rows: [][]any{
				{"2024年各镇（街道）主要经济指标"},
				{stub, "工业产值（亿元）", "增长（%）"},
				{"甲镇", 10, 5},
			},
		})
		cfg := testConfig()
		cfg.Sheets.Values = []string{"各镇主要指标"}
		data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, cfg)
		if len(problems) > 0 {
			t.Errorf("%s: %v", stub, problems)
			continue
		}
		checkFigures(t, data, "甲镇 2024 output=10@B3", "甲镇 2024 output-growth=5@C3")
		if data.Values[0].Year.Loc.String() != "data/t.xlsx:各镇主要指标!A1" {
			t.Errorf("year at %s", data.Values[0].Year.Loc)
		}
	}
}

// Configured column names: a site's own header for every kind of column.
func TestConfiguredColumns(t *testing.T) {
	cfg := testConfig()
	cfg.Columns.Name = []string{"镇街道名"}
	cfg.Columns.Tier = []string{"类别"}
	cfg.Columns.Year = []string{"统计期"}
	cfg.Columns.Ignore = []string{"填表人"}
	book := xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{{"镇街道名", "类别"}, {"甲镇", "省级"}}},
		sheet{name: "指标数据", rows: [][]any{{"镇街道名", "统计期", "工业产值", "填表人"}, {"甲镇", 2024, 1, "李四"}}},
	)
	data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, cfg)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if len(data.Towns) != 1 || data.Towns[0].Tier.S != "省级" {
		t.Errorf("towns = %+v", data.Towns)
	}
	checkFigures(t, data, "甲镇 2024 output=1@C2")
}

// Vertically merged cells fill down: a 级别 over several towns, a town
// over its years.
func TestVerticalMergesFillDown(t *testing.T) {
	book := xlsx(t,
		sheet{name: "专业镇名录", merge: []string{"B2:B4"}, rows: [][]any{
			{"名称", "级别"}, {"甲镇", "省级"}, {"乙镇"}, {"丙镇"},
		}},
		sheet{name: "指标数据", merge: []string{"A2:A3"}, rows: [][]any{
			{"专业镇", "年份", "工业产值"}, {"甲镇", 2023, 1}, {nil, 2024, 2},
		}},
	)
	data, problems := readBook(t, book)
	if problems != "" {
		t.Fatal(problems)
	}
	if len(data.Towns) != 3 || data.Towns[2].Tier.S != "省级" {
		t.Errorf("towns = %+v", data.Towns)
	}
	checkFigures(t, data, "甲镇 2023 output=1@C2", "甲镇 2024 output=2@C3")
}

// A figure merged over two towns belongs to neither: an error.
func TestMergedFigureIsAnError(t *testing.T) {
	book := xlsx(t, sheet{name: "2024年", merge: []string{"B2:B3", "C2:C3"}, rows: [][]any{
		{"专业镇", "工业产值", "经营主体"}, {"甲镇", 5, "—"}, {"乙镇"},
	}})
	_, problems := readBook(t, book)
	want := `data/t.xlsx:2024年!B2: "5" is merged across B2:B3: a figure belongs to one town, year and indicator (unmerge the cells and write the figure in one of them, — in the others)`
	if problems != want {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
}

// Total and subtotal rows are kept as the office's figures, not towns.
func TestTotalRows(t *testing.T) {
	cfg := testConfig()
	cfg.Site.Region = "顺德区"
	cfg.Rows.Totals = []string{"镇街小计"}
	book := xlsx(t, sheet{name: "2024年", rows: [][]any{
		{"专业镇", "工业产值"},
		{"顺德区", 100},
		{"其中：街道", 60},
		{"#镇", 40},
		{"甲镇", 60},
		{"镇街小计", 100},
		{"全区合计", 100},
		{"总计", 100},
	}})
	data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, cfg)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var got []string
	for _, tr := range data.Totals {
		got = append(got, fmt.Sprintf("%s/%s/%v=%s", tr.Label.S, tr.Scope, tr.Subtotal, tr.Values[ind("output")].D))
	}
	want := "顺德区//false=100 其中:街道/街道/true=60 #镇/镇/true=40 镇街小计//false=100 全区合计//false=100 总计//false=100"
	if strings.Join(got, " ") != want {
		t.Errorf("totals = %s\nwant %s", strings.Join(got, " "), want)
	}
	checkFigures(t, data, "甲镇 2024 output=60@B5")
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string][2]string{
		"大　良":      {"大良", ""},
		" 大 良 ":    {"大良", ""},
		"容桂街道①":    {"容桂街道", "①"},
		"北滘镇*":     {"北滘镇", "*"},
		"陈村镇#":     {"陈村镇", "#"},
		"伦教街道(1)":  {"伦教街道", "(1)"},
		"均安镇¹":     {"均安镇", "¹"},
		"Town A":   {"Town A", ""},
		"北滘镇(工业园)": {"北滘镇(工业园)", ""},
		"*勒流街道":    {"勒流街道", "*"},
		"①":        {"", "①"},
	} {
		name, mark := cleanName(normText(in))
		if name != want[0] || mark != want[1] {
			t.Errorf("cleanName(%q) = %q, %q; want %q, %q", in, name, mark, want[0], want[1])
		}
	}
}

// BenchmarkReadWide reads a yearbook-style sheet: Chinese names padded and
// footnoted, four indicators merged over ten years each, a unit row.
func BenchmarkReadWide(b *testing.B) {
	const towns, years = 2000, 10
	inds := []string{"工业产值（亿元）", "新增投资（亿元）", "经营主体（户）", "研发投入占比（%）"}
	head, sub := []any{"地区"}, []any{nil}
	var merge []string
	for i, ind := range inds {
		first := 1 + i*years
		merge = append(merge, columnLetters(first)+"1:"+columnLetters(first+years-1)+"1")
		for y := range years {
			if y == 0 {
				head = append(head, ind)
			} else {
				head = append(head, nil)
			}
			sub = append(sub, fmt.Sprintf("%d年", 2015+y))
		}
	}
	rows := [][]any{head, sub}
	for t := range towns {
		row := []any{fmt.Sprintf("第%d镇①", t)}
		for i := range inds {
			for y := range years {
				row = append(row, float64(t*(i+1)+y)/7)
			}
		}
		rows = append(rows, row)
	}
	fsys := fstest.MapFS{"data/wide.xlsx": {Data: xlsx(b, sheet{name: "指标数据", rows: rows, merge: append(merge, "A1:A2")})}}
	cfg := testConfig()
	b.ReportAllocs()
	for b.Loop() {
		data, problems := Read(fsys, cfg)
		if len(problems) > 0 || len(data.Values) != towns*years {
			b.Fatal(problems, len(data.Values))
		}
	}
}

// A 单位 line naming no one unit is passed over.
func TestUnitLineWithoutOneUnit(t *testing.T) {
	for _, line := range []string{"单位：见各列标题", "单位：亿元、户"} {
		book := xlsx(t, sheet{name: "2024年", rows: [][]any{{line}, {"专业镇", "工业产值", "经营主体"}, {"甲镇", 1, 2}}})
		if _, problems := readBook(t, book); problems != "" {
			t.Errorf("%s: %s", line, problems)
		}
	}
}

// Two columns of one indicator that both come to the sheet's year are an
// error, not the second overwriting the first (found by FuzzHeaderLayout).
func TestTwoColumnsOfTheSheetsYear(t *testing.T) {
	book := xlsx(t, sheet{name: "2024年", rows: [][]any{
		{"专业镇", "新增投资"}, {nil, "2024年", "绝对值"}, {"甲镇", 1, 2},
	}})
	_, problems := readBook(t, book)
	want := `data/t.xlsx:2024年!B1: 新增投资 heads B1:C1, but the headers under it give two columns the same year (expected one column per year, or a row of years that differ); columns B–C not read`
	if problems != want {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
}
