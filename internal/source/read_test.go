package source

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/townpress/townpress/internal/diag"
)

// messyWorkbook is a workbook as officials keep them: merged titles, a unit
// line, numbers typed as text, full-width digits, units and % in cells,
// formulas, a total row, notes, towns by name, a column nobody configured.
func messyWorkbook(t testing.TB) []byte {
	return xlsx(t,
		sheet{
			name:  "专业镇名录",
			merge: []string{"A1:J1"},
			rows: [][]any{
				{"太原市专业镇名录（示例）"},
				{"填报单位：示例"},
				{"序号", "编号", "专业镇名称", "英文名称", "级别", "县（市、区）", "主导产业", "认定\n年份", "龙头企业", "简介"},
				{1, "qingxu-vinegar", "清徐老陈醋专业镇", "Qingxu Aged Vinegar Town", "省级", "清徐县", "老陈醋", 2022, "示例企业", "全国最大的食醋生产基地"},
				{2, "xiaodian-motors", " 小店区电机小镇\u3000", nil, "市级", "小店区", "电机", "2023年", "山西电机"},
				{3, nil, "阳曲中药材专业镇", nil, "县级", "阳曲县", "中药材", "—"},
				nil,
				{nil, nil, "合计"},
				{"注：除清徐老陈醋外均为示例数据。"},
				{4, "after-notes", "注释以下不是数据", nil, "省级"},
			},
		},
		sheet{
			name:  "2023年",
			merge: []string{"A1:G1"},
			rows: [][]any{
				{"2023年专业镇主要指标"},
				{"单位：亿元、户、%"},
				{"序号", "专业镇", "工业产值（亿元）", "新增投资(亿元)", "经营主体（户）", "研发投入占比（%）", "联系人"},
				{1, "清徐老陈醋专业镇", "19.9", 3.5, "1,250", "32.6%", "示例"},
				{2, "小店区电机小镇", "１２３．４", "—", 980, "\u00a05.0 ", nil},
				{3, "阳曲中药材专业镇", 19.9, nil, "1，234户", "-", nil},
				{"合计", nil, 163.2, 3.5, 3464},
				{"注：示例数据"},
			},
			formula: map[string]string{"C6": "10+9.9", "C7": "SUM(C4:C6)", "D7": "SUM(D4:D6)", "E7": "SUM(E4:E6)"},
		},
		sheet{
			name: "指标数据",
			rows: [][]any{
				{"编号", "年份", "产值", "经营主体"},
				{"qingxu-vinegar", "2022年", "15.0", 1100},
				nil,
				{"qingxu-vinegar", 2021, 12.5, nil},
				{"全市合计", 2021, 12.5},
			},
		},
		sheet{name: "填报说明", rows: [][]any{{"请按模板填写"}}},
	)
}

func TestReadMessyWorkbook(t *testing.T) {
	fsys := fstest.MapFS{"data/taiyuan.xlsx": {Data: messyWorkbook(t)}}
	data, problems := Read(fsys, testConfig())
	wantProblems := []string{
		`data/taiyuan.xlsx:2023年!G3: warning: column "联系人" is not a configured indicator; ignored (expected an indicator of config.toml; to read it, add it to [[indicators]] or to an indicator's aliases)`,
	}
	checkProblems(t, problems, wantProblems)
	if fmt.Sprint(data.Files) != "[data/taiyuan.xlsx]" {
		t.Errorf("Files = %v", data.Files)
	}

	if len(data.Towns) != 3 {
		t.Fatalf("got %d towns, want 3: %+v", len(data.Towns), data.Towns)
	}
	vinegar, motors, herbs := data.Towns[0], data.Towns[1], data.Towns[2]
	checkText(t, "vinegar id", vinegar.ID, "qingxu-vinegar", "data/taiyuan.xlsx:专业镇名录!B4")
	checkText(t, "vinegar name", vinegar.Name, "清徐老陈醋专业镇", "data/taiyuan.xlsx:专业镇名录!C4")
	checkText(t, "vinegar tier", vinegar.Tier, "省级", "data/taiyuan.xlsx:专业镇名录!E4")
	checkText(t, "vinegar county", vinegar.County, "清徐县", "data/taiyuan.xlsx:专业镇名录!F4")
	checkText(t, "vinegar description", vinegar.Description, "全国最大的食醋生产基地", "data/taiyuan.xlsx:专业镇名录!J4")
	checkText(t, "vinegar county_en (no column)", vinegar.CountyEn, "", "data/taiyuan.xlsx:专业镇名录!A4")
	checkNumber(t, "vinegar recognised", vinegar.Recognised, 2022, true, "data/taiyuan.xlsx:专业镇名录!H4")
	if vinegar.Row.String() != "data/taiyuan.xlsx:专业镇名录!A4" {
		t.Errorf("vinegar row = %s", vinegar.Row)
	}
	checkText(t, "motors name", motors.Name, "小店区电机小镇", "data/taiyuan.xlsx:专业镇名录!C5")
	checkNumber(t, "motors recognised", motors.Recognised, 2023, true, "data/taiyuan.xlsx:专业镇名录!H5")
	checkText(t, "herbs id", herbs.ID, "", "data/taiyuan.xlsx:专业镇名录!B6")
	checkNumber(t, "herbs recognised", herbs.Recognised, 0, false, "data/taiyuan.xlsx:专业镇名录!H6")

	if len(data.Values) != 5 {
		t.Fatalf("got %d value records, want 5: %+v", len(data.Values), data.Values)
	}
	v := data.Values
	checkText(t, "2023 row 1 town", v[0].Town, "清徐老陈醋专业镇", "data/taiyuan.xlsx:2023年!B4")
	checkNumber(t, "2023 row 1 year", v[0].Year, 2023, true, "data/taiyuan.xlsx:2023年")
	checkNumber(t, "2023 row 1 output", v[0].Values[ind("output")], 19.9, true, "data/taiyuan.xlsx:2023年!C4")
	checkNumber(t, "2023 row 1 investment", v[0].Values[ind("investment")], 3.5, true, "data/taiyuan.xlsx:2023年!D4")
	checkNumber(t, "2023 row 1 entities", v[0].Values[ind("entities")], 1250, true, "data/taiyuan.xlsx:2023年!E4")
	checkNumber(t, "2023 row 1 rd-share", v[0].Values[ind("rd-share")], 32.6, true, "data/taiyuan.xlsx:2023年!F4")
	checkNumber(t, "2023 row 2 output", v[1].Values[ind("output")], 123.4, true, "data/taiyuan.xlsx:2023年!C5")
	checkNumber(t, "2023 row 2 investment", v[1].Values[ind("investment")], 0, false, "data/taiyuan.xlsx:2023年!D5")
	checkNumber(t, "2023 row 2 rd-share", v[1].Values[ind("rd-share")], 5, true, "data/taiyuan.xlsx:2023年!F5")
	checkNumber(t, "2023 row 3 output (formula)", v[2].Values[ind("output")], 19.9, true, "data/taiyuan.xlsx:2023年!C6")
	checkNumber(t, "2023 row 3 investment (empty)", v[2].Values[ind("investment")], 0, false, "data/taiyuan.xlsx:2023年!D6")
	checkNumber(t, "2023 row 3 entities", v[2].Values[ind("entities")], 1234, true, "data/taiyuan.xlsx:2023年!E6")
	checkNumber(t, "2023 row 3 rd-share", v[2].Values[ind("rd-share")], 0, false, "data/taiyuan.xlsx:2023年!F6")
	checkText(t, "long row 1 town", v[3].Town, "qingxu-vinegar", "data/taiyuan.xlsx:指标数据!A2")
	checkNumber(t, "long row 1 year", v[3].Year, 2022, true, "data/taiyuan.xlsx:指标数据!B2")
	checkNumber(t, "long row 1 output", v[3].Values[ind("output")], 15, true, "data/taiyuan.xlsx:指标数据!C2")
	checkNumber(t, "long row 1 entities", v[3].Values[ind("entities")], 1100, true, "data/taiyuan.xlsx:指标数据!D2")
	checkNumber(t, "long row 2 year", v[4].Year, 2021, true, "data/taiyuan.xlsx:指标数据!B4")
	checkNumber(t, "long row 2 entities", v[4].Values[ind("entities")], 0, false, "data/taiyuan.xlsx:指标数据!D4")
	if _, ok := v[3].Value(ind("investment")); ok {
		t.Errorf("long sheet without an investment column has an investment value")
	}
}

func checkText(t *testing.T, what string, got Text, s, loc string) {
	t.Helper()
	if got.S != s || got.Loc.String() != loc {
		t.Errorf("%s = %q at %s, want %q at %s", what, got.S, got.Loc, s, loc)
	}
}

func checkNumber(t *testing.T, what string, got Number, v float64, valid bool, loc string) {
	t.Helper()
	if got.V != v || got.Valid != valid || got.Loc.String() != loc {
		t.Errorf("%s = %v (valid %v) at %s, want %v (valid %v) at %s", what, got.V, got.Valid, got.Loc, v, valid, loc)
	}
}

// checkProblems compares problems with want; a wanted text ending in "..."
// only has to start the problem's text.
func checkProblems(t *testing.T, got diag.List, want []string) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		w := want[i]
		if p, isPrefix := strings.CutSuffix(w, "..."); isPrefix {
			ok = strings.HasPrefix(got[i].String(), p)
		} else {
			ok = got[i].String() == w
		}
	}
	if !ok {
		t.Errorf("problems:\n%v\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestReadProblems(t *testing.T) {
	valid := func(t testing.TB) []byte {
		return xlsx(t, sheet{name: "2023年", rows: [][]any{{"专业镇", "工业产值"}, {"a", 1}}})
	}
	tests := []struct {
		name string
		book func(t testing.TB) []byte
		want []string
	}{
		{
			name: "not a number",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "2023年", rows: [][]any{
					{"2023年主要指标"},
					{"序号", "专业镇", "工业产值（亿元）"},
					{1, "清徐老陈醋专业镇", 19.9},
					{2, "小店区电机小镇", "3.2"},
					{3, "晋源花卉小镇", "12k"},
				}})
			},
			want: []string{`data/bad.xlsx:2023年!C5: 工业产值: "12k" is not a number (expected a number such as 19.9, or — for no data)`},
		},
		{
			name: "date where a number belongs, typed as text",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "2023", rows: [][]any{{"专业镇", "经营主体"}, {"a", "2023-05-01"}}})
			},
			want: []string{`data/bad.xlsx:2023!B2: 经营主体: "2023-05-01" is not a number (expected a number such as 19.9, or — for no data)`},
		},
		{
			name: "date where a number belongs, formatted as a date",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "2023", rows: [][]any{{"专业镇", "经营主体", "工业产值"}, {"a", 45047, 1.5}}, date: []string{"B2"}})
			},
			want: []string{`data/bad.xlsx:2023!B2: 经营主体: the cell holds the date 2023-05-01, not a number (format the cell as 常规/General or 数值 and type the number again)`},
		},
		{
			name: "too large",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "2023", rows: [][]any{{"专业镇", "经营主体"}, {"a", "1e999"}}})
			},
			want: []string{`data/bad.xlsx:2023!B2: 经营主体: "1e999" is out of range (expected a number below 10^15 and, unless it is 0, not below 10^-12; check the cell and the indicator's unit)`},
		},
		{
			name: "unit in a cell that contradicts the indicator's",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "2023", rows: [][]any{{"专业镇", "工业产值"}, {"a", "5万元"}, {"b", "32%"}, {"c", "5亿元"}}})
			},
			want: []string{
				`data/bad.xlsx:2023!B2: 工业产值: "5万元" is in 万元, but 工业产值 is in 亿元 (convert the number, or change indicators[0].unit in config.toml)`,
				`data/bad.xlsx:2023!B3: 工业产值: "32%" is in %, but 工业产值 is in 亿元 (convert the number, or change indicators[0].unit in config.toml)`,
			},
		},
		{
			name: "bad year in a long sheet",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "指标数据", rows: [][]any{
					{"专业镇", "年份", "工业产值"},
					{"a", 2022, 1},
					{"a", "二〇二三", 2},
					{"a", 2023.5, 2},
					{"a", nil, 3},
				}})
			},
			want: []string{
				`data/bad.xlsx:指标数据!B3: 年份: "二〇二三" is not a year (expected a year such as 2023)`,
				`data/bad.xlsx:指标数据!B4: 年份: "2023.5" is not a year between 1900 and 2200 (expected a year such as 2023)`,
				`data/bad.xlsx:指标数据!B5: 年份 is empty (expected a year such as 2023)`,
			},
		},
		{
			name: "year column disagrees with the sheet's year",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "2023年度", rows: [][]any{{"专业镇", "年份", "工业产值"}, {"a", 2023, 1}, {"b", 2022, 1}}})
			},
			want: []string{`data/bad.xlsx:2023年度!B3: 年份: 2022 differs from the sheet's year 2023`},
		},
		{
			name: "formula error value",
			book: func(t testing.TB) []byte {
				b := xlsx(t, sheet{name: "2023年", rows: [][]any{{"专业镇", "经营主体", "工业产值"}, {"a", 1, 2}, {"b", 3, 0}}})
				return withErrorCell(t, b, 1, "C3", "#DIV/0!")
			},
			want: []string{`data/bad.xlsx:2023年!C3: 工业产值: formula error #DIV/0! (fix the formula, or type — for no data)`},
		},
		{
			name: "missing required column in the towns sheet",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "专业镇名录", merge: []string{"A1:C1"}, rows: [][]any{
					{"太原市专业镇名录"},
					{"编号", "名称", "县市区"},
					{"a", "甲镇", "清徐县"},
				}})
			},
			want: []string{`data/bad.xlsx:专业镇名录: no header row in the first 20 rows: missing column 级别 (or 层级, 梯队, tier); the headers seen (row 2) are 编号, 名称, 县市区`},
		},
		{
			name: "missing columns in a long sheet",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "Data", rows: [][]any{{"镇名", "工业产值"}}})
			},
			want: []string{`data/bad.xlsx:Data: no header row in the first 20 rows: missing columns 专业镇 (or 名称, 专业镇名称, 镇, town, 地区, 镇(街道), 镇街, 乡镇, 单位名称 …, 编号, id, 代码, 标识) and 年份 (or 年度, year, 统计年度, or a row of years such as 2023年 under the indicators); the headers seen (row 1) are 镇名, 工业产值`},
		},
		{
			name: "no indicator columns",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "2023", rows: [][]any{{"专业镇", "利润"}}})
			},
			want: []string{`data/bad.xlsx:2023: no header row in the first 20 rows: missing column an indicator column such as 工业产值（亿元）, 新增投资（亿元）, 经营主体（户）, 研发投入占比（%）; the headers seen (row 1) are 专业镇, 利润`},
		},
		{
			name: "duplicate header",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "2023", rows: [][]any{{"专业镇", "工业产值（亿元）", "经营主体", "产值"}, {"a", 1, 2, 3}}})
			},
			want: []string{`data/bad.xlsx:2023!D1: duplicate column: "产值" holds the same as "工业产值(亿元)" in B1 (keep one of them)`},
		},
		{
			name: "duplicate towns column",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "towns", rows: [][]any{{"名称", "级别", "专业镇名称"}, {"甲镇", "省级", "甲镇"}}})
			},
			want: []string{`data/bad.xlsx:towns!C1: duplicate column: "专业镇名称" holds the same as "名称" in A1 (keep one of them)`},
		},
		{
			name: "unit in the header contradicts the indicator's",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "2023", rows: [][]any{{"专业镇", "工业产值（万元）", "经营主体（户）"}, {"a", 199000, 5}}})
			},
			want: []string{`data/bad.xlsx:2023!B1: "工业产值(万元)": the column is in 万元, but 工业产值 is in 亿元 in config.toml (convert the numbers, or change indicators[0].unit); column not read`},
		},
		{
			name: "empty town and empty tier",
			book: func(t testing.TB) []byte {
				return xlsx(t,
					sheet{name: "专业镇名录", rows: [][]any{{"序号", "名称", "级别"}, {1, "甲镇", nil}, {2, nil, "县级"}, {3, nil, nil}}},
					sheet{name: "2023", rows: [][]any{{"序号", "专业镇", "工业产值"}, {1, nil, 5}, {2, nil, nil}}},
				)
			},
			want: []string{
				`data/bad.xlsx:专业镇名录!C2: 级别 is empty (expected one of 省级, 市级, 县级)`,
				`data/bad.xlsx:专业镇名录!B3: 名称 is empty (expected the town's name)`,
				`data/bad.xlsx:2023!B2: 专业镇 is empty (expected a town's id or name)`,
			},
		},
		{
			name: "bad recognised year",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "名录", rows: [][]any{{"名称", "级别", "认定时间"}, {"甲镇", "省级", "去年"}}})
			},
			want: []string{`data/bad.xlsx:名录!C2: 认定时间: "去年" is not a year (expected a year such as 2023)`},
		},
		{
			name: "no recognised sheet",
			book: func(t testing.TB) []byte {
				return xlsx(t, sheet{name: "Sheet1", rows: [][]any{{"x"}}}, sheet{name: "汇总表"})
			},
			want: []string{`data/bad.xlsx: no towns or values sheet (the sheets are "Sheet1", "汇总表"; expected a sheet named 专业镇名录 for the towns, 指标数据 for the values, or one sheet per year such as 2023年; [sheets] towns and values in config.toml add names)`},
		},
		{
			name: "empty sheet",
			book: func(t testing.TB) []byte { return xlsx(t, sheet{name: "2024年"}) },
			want: []string{`data/bad.xlsx:2024年: warning: the sheet is empty; nothing read`},
		},
		{
			name: "table too far down",
			book: func(t testing.TB) []byte {
				rows := make([][]any, 25)
				rows[24] = []any{"专业镇", "工业产值"}
				return xlsx(t, sheet{name: "2024年", rows: rows})
			},
			want: []string{`data/bad.xlsx:2024年: no header row in the first 20 rows: they are empty (move the table up)`},
		},
		{
			name: "header below the rows searched",
			book: func(t testing.TB) []byte {
				rows := make([][]any, 25)
				rows[0] = []any{"2024年主要指标"}
				rows[24] = []any{"专业镇", "工业产值"}
				return xlsx(t, sheet{name: "2024年", rows: rows})
			},
			want: []string{`data/bad.xlsx:2024年: no header row in the first 20 rows: missing columns 专业镇 (or 名称, 专业镇名称, 镇, town, 地区, 镇(街道), 镇街, 乡镇, 单位名称 …, 编号, id, 代码, 标识) and an indicator column such as 工业产值（亿元）, 新增投资（亿元）, 经营主体（户）, 研发投入占比（%）; the headers seen (row 1) are 2024年主要指标`},
		},
		{
			name: "garbage bytes",
			book: func(testing.TB) []byte { return []byte("this is not a workbook\x00\x01\x02") },
			want: []string{`data/bad.xlsx: not an Excel .xlsx workbook (zip: not a valid zip file)`},
		},
		{
			name: "empty file",
			book: func(testing.TB) []byte { return nil },
			want: []string{`data/bad.xlsx: not an Excel .xlsx workbook (zip: not a valid zip file)`},
		},
		{
			name: "truncated zip",
			book: func(t testing.TB) []byte { b := valid(t); return b[:len(b)/2] },
			want: []string{`data/bad.xlsx: not an Excel .xlsx workbook (zip: not a valid zip file)`},
		},
		{
			name: "old .xls renamed",
			book: func(testing.TB) []byte {
				return append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
			},
			want: []string{`data/bad.xlsx: not an Excel .xlsx workbook: the file is in an old Office format (an OLE compound file), not the zip of an .xlsx (open it in Excel or WPS and save it as .xlsx)`},
		},
		{
			name: "a zip that is not a workbook",
			book: func(t testing.TB) []byte { return zipOf(t, map[string]string{"hello.txt": "hi"}) },
			want: []string{`data/bad.xlsx: not an Excel .xlsx workbook (a zip file, but its workbook parts are missing or damaged: EOF)`},
		},
		{
			name: "a zip with broken XML",
			book: func(t testing.TB) []byte {
				return zipOf(t, map[string]string{
					"[Content_Types].xml":        `<Types`,
					"xl/workbook.xml":            `<workbook><sheets><sheet name="2023" sheetId="1" r:id="rId1"`,
					"xl/_rels/workbook.xml.rels": `<<<`,
				})
			},
			want: []string{`data/bad.xlsx: not an Excel .xlsx workbook (a zip file, but...`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"data/bad.xlsx": {Data: tt.book(t)}}
			_, problems := Read(fsys, testConfig())
			checkProblems(t, problems, tt.want)
		})
	}
}

func TestReadDateCells(t *testing.T) {
	// Officials type a date into 认定时间, and Excel keeps a day count.
	book := xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别", "认定时间"}, {"甲镇", "省级", 45047}, {"乙镇", "市级", 2023}, {"丙镇", "县级", 45047}}, date: []string{"C2", "C3"}},
		sheet{name: "指标数据", rows: [][]any{{"专业镇", "年份", "工业产值"}, {"甲镇", 2023, 1.5}, {"乙镇", 2023, 2}, {"丙镇", 45047, 3}, {"丁镇", 45047, 4}}, date: []string{"B3", "B4"}},
	)
	data, problems := Read(fstest.MapFS{"data/d.xlsx": {Data: book}}, testConfig())
	checkProblems(t, problems, []string{
		`data/d.xlsx:专业镇名录!C4: 认定时间: "45047" is not a year between 1900 and 2200 (expected a year such as 2023)`,
		`data/d.xlsx:指标数据!B4: 年份: the cell holds the date 2023-05-01; expected a year such as 2023 (type the year in a cell formatted as 常规/General)`,
		`data/d.xlsx:指标数据!B5: 年份: "45047" is not a year between 1900 and 2200 (expected a year such as 2023)`,
	})
	if len(data.Towns) != 3 {
		t.Fatalf("got %d towns", len(data.Towns))
	}
	checkNumber(t, "date-formatted day count", data.Towns[0].Recognised, 2023, true, "data/d.xlsx:专业镇名录!C2")
	checkNumber(t, "year in a date cell", data.Towns[1].Recognised, 2023, true, "data/d.xlsx:专业镇名录!C3")
	checkNumber(t, "day count without a date format", data.Towns[2].Recognised, 0, false, "data/d.xlsx:专业镇名录!C4")
	if len(data.Values) != 2 || data.Values[0].Year.V != 2023 || data.Values[1].Year.V != 2023 {
		t.Errorf("values = %+v", data.Values)
	}
}

func TestReadFolder(t *testing.T) {
	good := func(town string) []byte {
		return xlsx(t, sheet{name: "2023", rows: [][]any{{"专业镇", "工业产值"}, {town, 1}}})
	}
	fsys := fstest.MapFS{
		"data/b.xlsx":               {Data: good("b")},
		"data/a.XLSX":               {Data: good("a")},
		"data/c.xlsx":               {Data: good("c")},
		"data/~$a.xlsx":             {Data: []byte("lock")},
		"data/.~lock.a.xlsx#":       {Data: []byte("lock")},
		"data/.hidden.xlsx":         {Data: []byte("x")},
		"data/old.xls":              {Data: []byte("x")},
		"data/readme.txt":           {Data: []byte("x")},
		"data/narrative/index.md":   {Data: []byte("# x")},
		"data/narrative/town.xlsx":  {Data: []byte("not read: sub-folders are not")},
		"elsewhere/z.xlsx":          {Data: []byte("x")},
		"data/d.xlsx/not-a-file.md": {Data: []byte("x")},
	}
	data, problems := Read(fsys, testConfig())
	checkProblems(t, problems, []string{
		"data/narrative/town.xlsx: warning: not read: workbooks in sub-folders of the data folder are not read (move it into data, or the sub-folder out of it)",
		"data/old.xls: warning: not read: only .xlsx workbooks are read (convert it with `soffice --headless --convert-to xlsx --outdir data data/old.xls`, or open it in Excel or WPS and save it as .xlsx; then delete or move the .xls file)",
	})
	if got := fmt.Sprint(data.Files); got != "[data/a.XLSX data/b.xlsx data/c.xlsx]" {
		t.Errorf("Files = %s", got)
	}
	var towns []string
	for _, v := range data.Values {
		towns = append(towns, v.Town.S)
	}
	if got := strings.Join(towns, ","); got != "a,b,c" {
		t.Errorf("values in order %s, want a,b,c", got)
	}
}

func TestReadManyFilesInOrder(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 24 {
		name := fmt.Sprintf("data/%02d.xlsx", i)
		if i%5 == 3 {
			fsys[name] = &fstest.MapFile{Data: []byte("broken")}
			continue
		}
		fsys[name] = &fstest.MapFile{Data: xlsx(t, sheet{name: "2023", rows: [][]any{{"专业镇", "工业产值"}, {fmt.Sprint(i), "x"}, {fmt.Sprint(i) + "b", 1}}})}
	}
	data, problems := Read(fsys, testConfig())
	for i, p := range problems {
		if i > 0 && p.Loc.File < problems[i-1].Loc.File {
			t.Fatalf("problems out of file order:\n%v", problems)
		}
	}
	if len(problems) != 24 {
		t.Errorf("got %d problems, want 24:\n%v", len(problems), problems)
	}
	for i, v := range data.Values {
		if i > 0 && v.Town.Loc.File() < data.Values[i-1].Town.Loc.File() {
			t.Fatalf("values out of file order")
		}
	}
}

func TestReadDataDir(t *testing.T) {
	tests := []struct {
		dir  string
		fsys fstest.MapFS
		want string
	}{
		{"data", fstest.MapFS{"config.toml": {}}, `data: data folder not found (site.data_dir in config.toml)`},
		{"data", fstest.MapFS{"data/x.md": {}}, `data: no .xlsx workbooks in the data folder`},
		{"../data", fstest.MapFS{}, `config.toml: site.data_dir: "../data" is not a folder inside the site folder`},
		{"/etc", fstest.MapFS{}, `config.toml: site.data_dir: "/etc" is not a folder inside the site folder`},
		{`.\data\`, fstest.MapFS{"data/x.md": {}}, `data: no .xlsx workbooks in the data folder`},
	}
	for _, tt := range tests {
		cfg := testConfig()
		cfg.Site.DataDir = tt.dir
		_, problems := Read(tt.fsys, cfg)
		checkProblems(t, problems, []string{tt.want})
	}
}

func TestReadConfiguredSheetNames(t *testing.T) {
	cfg := testConfig()
	cfg.Sheets.Towns = []string{"镇名单"}
	cfg.Sheets.Values = []string{"年报"}
	book := xlsx(t,
		sheet{name: "镇名单", rows: [][]any{{"Name", "Tier"}, {"甲镇", "省级"}}},
		sheet{name: "年报", rows: [][]any{{"Town", "Year", "Output"}, {"甲镇", 2023, 1}}},
	)
	data, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, cfg)
	checkProblems(t, problems, nil)
	if len(data.Towns) != 1 || len(data.Values) != 1 || data.Values[0].Values[ind("output")].V != 1 {
		t.Errorf("data = %+v", data)
	}
}

func BenchmarkRead(b *testing.B) {
	rows := [][]any{{"专业镇", "年份", "工业产值", "新增投资", "经营主体"}}
	for town := range 2000 {
		for year := 2015; year < 2025; year++ {
			rows = append(rows, []any{fmt.Sprintf("town-%d", town), year, float64(town) / 7, "1,234.5", town + year})
		}
	}
	fsys := fstest.MapFS{"data/big.xlsx": {Data: xlsx(b, sheet{name: "指标数据", rows: rows})}}
	cfg := testConfig()
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := Read(fsys, cfg); len(problems) > 0 {
			b.Fatal(problems)
		}
	}
}

func TestLoc(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"A1", "data/x.xlsx:2023年!A1"},
		{"XFD1048576", "data/x.xlsx:2023年!XFD1048576"},
		{"AB12", "data/x.xlsx:2023年!AB12"},
		{"", "data/x.xlsx:2023年"},
		{"XFE1", "data/x.xlsx:2023年"}, // no such cell: the sheet is meant
	} {
		l := LocOf(diag.Loc{File: "data/x.xlsx", Sheet: "2023年", Cell: c.in})
		if got := l.String(); got != c.want {
			t.Errorf("LocOf(%q) = %s, want %s", c.in, got, c.want)
		}
		if l.IsZero() || l.File() != "data/x.xlsx" {
			t.Errorf("LocOf(%q): zero %v, file %q", c.in, l.IsZero(), l.File())
		}
	}
	var zero Loc
	if !zero.IsZero() || zero.Diag() != (diag.Loc{}) || zero.Cell() != "" {
		t.Errorf("zero Loc = %+v", zero.Diag())
	}
	rec := ValueRecord{Values: ValuesOf(testConfig(), map[string]Number{"output": {V: 1, Valid: true}, "nope": {V: 2, Valid: true}})}
	if n, ok := rec.Value(ind("output")); !ok || n.V != 1 {
		t.Errorf("output = %+v, %v", n, ok)
	}
	if _, ok := rec.Value(ind("investment")); ok {
		t.Error("an indicator not given is there")
	}
	if _, ok := rec.GrowthOf(ind("output")); ok {
		t.Error("a growth rate not given is there")
	}
}
