package source

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/diag"
)

// A workbook written by a program that sets formulas without computing
// them (a script, a report generator) holds no result for them: Excel
// shows the sum when it opens the file, the file itself has none. Read as
// empty, a town's figure became "no data" and an official 合计 gave way to
// the site's own sum, without a word.
func TestFormulaWithoutResultIsAnError(t *testing.T) {
	book := xlsx(t, sheet{
		name: "2023年",
		rows: [][]any{
			{"专业镇", "工业产值（亿元）", "新增投资（亿元）"},
			{"甲镇", nil, 1.5},
			{"乙镇", 3.5, 2},
			{"合计", nil, 3.5},
		},
		// B2 and B4 have no value, so excelize writes no result; C4's
		// value is its result, as Excel saves it.
		formula: map[string]string{"B2": "10+9.9", "B4": "SUM(B2:B3)", "C4": "SUM(C2:C3)"},
	}, sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别"}, {"甲镇", "省级"}, {"乙镇", "省级"}}})
	_, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	got := problems.In(diag.Zh)
	for _, want := range []string{
		"data/t.xlsx:2023年!B2: 单元格是公式 =10+9.9，但文件里没有保存它的计算结果",
		"data/t.xlsx:2023年!B4: 单元格是公式 =SUM(B2:B3)，但文件里没有保存它的计算结果",
		"请在 Excel 或 WPS 中打开并保存一次",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "C4") || !problems.HasErrors() {
		t.Errorf("want errors at B2 and B4 only:\n%s", got)
	}
}

// percentBook is a 2023 table as Excel keeps it when an official types
// 17.4% into a cell: the number 0.174, shown as 17.4% by the cell's
// percentage format. Each row's cells are its value and whether the cell
// gets a percentage format (builtin 0.00%, or a custom 0.0%).
func percentBook(t *testing.T, rows [][]any, styled map[string]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const name = "2023年"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		t.Fatal(err)
	}
	builtin, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	if err != nil {
		t.Fatal(err)
	}
	code := "0.0%"
	custom, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		if err := f.SetSheetRow(name, cellName(0, r+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	for cell, kind := range styled {
		style := builtin
		if kind == "custom" {
			style = custom
		}
		if err := f.SetCellStyle(name, cell, cell, style); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var percentTowns = sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别"}, {"甲镇", "省级"}, {"乙镇", "省级"}, {"丙镇", "省级"}}}

// Excel shows 0.174 in a percentage cell as 17.4%, and that is what the
// official typed and reads; the site read 0.174, a hundred times too
// small, without a word.
func TestPercentFormattedCellsReadAsShown(t *testing.T) {
	book := percentBook(t, [][]any{
		{"专业镇", "工业产值增速（%）", "研发投入占比（%）"},
		{"甲镇", 0.174, 0.0305},
		{"乙镇", -0.021, 0.12345},
		// Text is shown as typed, whatever the cell's format.
		{"丙镇", "17.4", "3.05"},
	}, map[string]string{"B2": "builtin", "C2": "builtin", "B3": "custom", "C3": "custom", "B4": "builtin", "C4": "builtin"})
	data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}, "data/towns.xlsx": {Data: xlsx(t, percentTowns)}}, testConfig())
	if problems.HasErrors() {
		t.Fatal(problems.Error())
	}
	got := strings.Join(figures(data), "\n")
	want := strings.Join([]string{
		"甲镇 2023 rd-share=3.05@C2", "甲镇 2023 output-growth=17.4@B2",
		"乙镇 2023 rd-share=12.345@C3", "乙镇 2023 output-growth=-2.1@B3",
		"丙镇 2023 rd-share=3.05@C4", "丙镇 2023 output-growth=17.4@B4",
	}, "\n")
	if got != want {
		t.Errorf("figures:\n%s\nwant:\n%s", got, want)
	}
}

// A percentage format on a figure whose unit is not % shows a number the
// indicator cannot hold (0.5 亿元 shown as 50.0%): which was meant is a
// guess, so it is an error at the cell.
func TestPercentFormattedLevelIsAnError(t *testing.T) {
	book := percentBook(t, [][]any{
		{"专业镇", "工业产值（亿元）"},
		{"甲镇", 0.5},
		{"乙镇", 2.5},
	}, map[string]string{"B2": "builtin"})
	_, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}, "data/towns.xlsx": {Data: xlsx(t, percentTowns)}}, testConfig())
	want := "data/t.xlsx:2023年!B2: 工业产值：单元格格式为百分比，显示为 50%，但工业产值的单位是亿元（请把单元格格式设为“常规”或“数值”，再按亿元输入数字）"
	if got := problems.In(diag.Zh); !strings.Contains(got, want) || strings.Count(got, "百分比") != 1 {
		t.Errorf("problems:\n%s\nwant one:\n%s", got, want)
	}
}

func TestIsPercentFormat(t *testing.T) {
	for _, tt := range []struct {
		id   int
		code string
		want bool
	}{
		{9, "", true}, {10, "", true}, {2, "", false}, {14, "", false},
		{164, "0.0%", true}, {164, "#,##0.00%;[Red]-#,##0.00%", true},
		{164, `0.0"%"`, false}, {164, `0.0\%`, false}, {164, `0.0_%`, false},
		{164, `0.0;"%"`, false}, {164, `[Red]0.0`, false},
	} {
		if got := isPercentFormat(tt.id, tt.code); got != tt.want {
			t.Errorf("isPercentFormat(%d, %q) = %v, want %v", tt.id, tt.code, got, tt.want)
		}
	}
}

// Excel names a copied sheet "2024年 (2)"; an official who renames a
// year's table (2024年数据) or keeps it in Sheet1 lost the whole year from
// the site, without a word: only sheets with a known name are read.
func TestUnreadTableIsAWarning(t *testing.T) {
	table := [][]any{
		{"2024年各镇主要指标"},
		{"专业镇", "工业产值（亿元）", "新增投资（亿元）"},
		{"甲镇", 1.5, 2},
	}
	book := xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别"}, {"甲镇", "省级"}}},
		sheet{name: "2023年", rows: [][]any{{"专业镇", "工业产值（亿元）"}, {"甲镇", 1.2}}},
		sheet{name: "2024年 (2)", rows: table},
		sheet{name: "Sheet1", rows: table},
		// Not tables of figures: nothing to say.
		sheet{name: "填报说明", rows: [][]any{{"专业镇", "请按模板填写工业产值"}}},
		sheet{name: "图表数据", rows: [][]any{{"年份", "工业产值（亿元）"}, {2023, 1.2}}},
	)
	_, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	got := problems.In(diag.Zh)
	for _, sheet := range []string{"2024年 (2)", "Sheet1"} {
		want := "data/t.xlsx:" + sheet + ": 警告：这张工作表看起来是数据表（有专业镇列“专业镇”和指标列“工业产值（亿元）”“新增投资（亿元）”），但表名不是会读取的名称，所以没有读取"
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "填报说明") || strings.Contains(got, "图表数据") || strings.Count(got, "看起来是数据表") != 2 {
		t.Errorf("want warnings on the two tables only:\n%s", got)
	}
}

func TestUnreadTableNamesThreeColumns(t *testing.T) {
	book := xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别"}, {"甲镇", "省级"}}},
		sheet{name: "2024年数据", rows: [][]any{{"镇街", "工业产值", "新增投资", "经营主体", "研发投入占比"}, {"甲镇", 1, 2, 3, 4}}},
	)
	_, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	want := "data/t.xlsx:2024年数据: 警告：这张工作表看起来是数据表（有专业镇列“镇街”和指标列“工业产值”“新增投资”“经营主体”等）"
	if got := problems.In(diag.Zh); !strings.Contains(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// Rows and columns hidden in Excel, by hand or by a filter, are read and
// published, as a hidden sheet is; the official who hid them sees nothing
// of them, so the reader says which they are.
func TestHiddenRowsAndColumnsAreAWarning(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	const name = "2023年"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"2023年各镇主要指标"},
		{"专业镇", "工业产值（亿元）", "新增投资（亿元）", "备注"},
		{"甲镇", 1.5, 2},
		{"乙镇", 2.5, 3},
		{"丙镇", 3.5, 4},
		{"合计", 7.5, 9},
	}
	for r, row := range rows {
		if err := f.SetSheetRow(name, cellName(0, r+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	// The title row and the 备注 column hold nothing read: hiding them is
	// no news.
	for _, r := range []int{1, 4, 5} {
		if err := f.SetRowVisible(name, r, false); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"C", "D"} {
		if err := f.SetColVisible(name, c, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.AutoFilter(name, "A2:D6", nil); err != nil {
		t.Fatal(err)
	}
	data, problems := readBeside(t, f, "甲镇", "乙镇", "丙镇")
	want := "data/t.xlsx:2023年: 警告：第 4、5 行和 C 列在 Excel 中是隐藏的（手动隐藏或被筛选隐藏），但照样会被读取和发布（请取消隐藏，核对要发布的内容；不应发布的行或列请删除）"
	if got := problems.In(diag.Zh); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	if n := len(figures(data)); n != 6 {
		t.Errorf("%d figures read, want 6: %v", n, figures(data))
	}
}

// A TRUE or FALSE in a figure's cell (Excel's logical value, stored as 1
// or 0) was read as the number 1 or 0.
func TestLogicalValueIsNotAFigure(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	const name = "2023年"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		t.Fatal(err)
	}
	for r, row := range [][]any{{"专业镇", "工业产值（亿元）", "工业产值增速（%）"}, {"甲镇", true, false}, {"乙镇", 1, 2}} {
		if err := f.SetSheetRow(name, cellName(0, r+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	_, problems := readBeside(t, f, "甲镇", "乙镇")
	got := problems.In(diag.Zh)
	for _, want := range []string{
		"data/t.xlsx:2023年!B2: 工业产值：单元格里是逻辑值 TRUE，不是数字（应为数字，如 19.9；无数据请填 —）",
		"data/t.xlsx:2023年!C2: 工业产值增速(%)：单元格里是逻辑值 FALSE，不是数字（应为数字，如 19.9；无数据请填 —）",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}

// The Chinese messages about a column's unit named the config file as the
// unit and the unit as the file: "但 亿元 中工业产值的单位是config.toml".
func TestColumnUnitMessageInChinese(t *testing.T) {
	towns := sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别"}, {"甲镇", "省级"}}}
	for _, tt := range []struct {
		rows [][]any
		want string
	}{
		{[][]any{{"专业镇", "工业产值"}, {nil, "万元"}, {"甲镇", 1.5}},
			"data/t.xlsx:2023年!B2: “工业产值 万元”：此列单位是万元，但 config.toml 中工业产值的单位是亿元（请换算数字，或修改 indicators[0].unit）；此列未读取"},
		{[][]any{{"单位：万元"}, {"专业镇", "工业产值"}, {"甲镇", 1.5}},
			"data/t.xlsx:2023年!B2: “工业产值”：A1 写明单位是万元，但 config.toml 中工业产值的单位是亿元（请换算数字，或修改 indicators[0].unit）；此列未读取"},
	} {
		book := xlsx(t, towns, sheet{name: "2023年", rows: tt.rows})
		_, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
		if got := problems.In(diag.Zh); !strings.Contains(got, tt.want) {
			t.Errorf("problems:\n%s\nwant:\n%s", got, tt.want)
		}
	}
}

// A number format can show a number scaled: 0.0, shows 2350000 as
// 2350.0, and 0!.0000 (a tip for showing 元 as 万元) as 235.0000. The
// official sees one figure, the cell holds another ten thousand times
// larger; the site read the stored one, silently.
func TestScaledFormatIsAnError(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	const name = "2023年"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		t.Fatal(err)
	}
	for r, row := range [][]any{{"专业镇", "工业产值（亿元）", "经营主体（户）"}, {"甲镇", 2350000, 1250}, {"乙镇", 1500000, 1250}, {"丙镇", 3.5, 1250}} {
		if err := f.SetSheetRow(name, cellName(0, r+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	for cell, code := range map[string]string{"B2": `0!.0000`, "B3": `#,##0.0,"千"`, "C2": "#,##0", "C3": `0.00`, "B4": `0.0_);[Red](0.0)`} {
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(name, cell, cell, style); err != nil {
			t.Fatal(err)
		}
	}
	_, problems := readBeside(t, f, "甲镇", "乙镇", "丙镇")
	got := problems.In(diag.Zh)
	for _, want := range []string{
		"data/t.xlsx:2023年!B2: 工业产值：单元格的数字格式“0!.0000”把数字缩小显示，单元格里存的是 2350000，而 Excel 显示的不是这个数；无法确定应读哪个数（请把单元格格式设为“常规”或“数值”，再按亿元输入数字）",
		`data/t.xlsx:2023年!B3: 工业产值：单元格的数字格式“#,##0.0,"千"”把数字缩小显示`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "缩小显示"); n != 2 {
		t.Errorf("%d cells reported, want 2:\n%s", n, got)
	}
}

func TestIsScaledFormat(t *testing.T) {
	for _, tt := range []struct {
		code string
		want bool
	}{
		{"0.0,", true}, {`#,##0,"千"`, true}, {"0.0,,", true}, {`0!.0000`, true}, {`0\.0000"万"`, true}, {`0"."0000`, true},
		{"#,##0", false}, {"#,##0.00", false}, {`0.0_);[Red](0.0)`, false}, {`0.0"亿元"`, false}, {"0.00%", false}, {`0.0","`, false},
	} {
		if got := isScaledFormat(tt.code); got != tt.want {
			t.Errorf("isScaledFormat(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

// A row pasted twice lists a town twice in one table; its figures agree,
// so nothing else says so, but a 合计 typed as a SUM over the rows counts
// it twice.
func TestTownTwiceInOneTableIsAWarning(t *testing.T) {
	book := xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别"}, {"甲镇", "省级"}, {"乙镇", "省级"}}},
		sheet{name: "2023年", rows: [][]any{{"专业镇", "工业产值（亿元）"}, {"甲镇", 1.5}, {"乙镇", 2}, {"甲镇 ", 1.5}}},
		// One row a year, in a long table: no news.
		sheet{name: "指标数据", rows: [][]any{{"专业镇", "年份", "工业产值（亿元）"}, {"乙镇", 2021, 1}, {"乙镇", 2022, 1.5}}},
	)
	_, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	want := "data/t.xlsx:2023年!A4: 警告：甲镇 2023 年的数字在本表中列了两行：第 2 行和这一行（同一行复制了两次？请删除多余的一行，并核对合计）"
	if got := problems.In(diag.Zh); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// A year typed in a header as Excel turns it into a date (2024/1/1, kept as
// the day count 45292) left the year's column unread with a warning that
// named the column "45292", which the official never sees.
func TestDateInHeaderIsAnError(t *testing.T) {
	book := xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别"}, {"甲镇", "省级"}, {"乙镇", "省级"}}},
		sheet{name: "表3-1 工业产值", rows: [][]any{{"工业产值（亿元）"}, {"专业镇", 2023, 45292}, {"甲镇", 1.5, 2.5}, {"乙镇", 1, 2}}, date: []string{"C2"}},
	)
	_, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	want := "data/t.xlsx:表3-1 工业产值!C2: 表头是日期 2024-01-01，不是年份；此列（C3, C4）未读取（请在格式为“常规”的单元格中输入年份，如 2024 或 2024年）"
	if got := problems.In(diag.Zh); got != want || !problems.HasErrors() {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// Excel and WPS label the total row of a table (插入表格, 汇总行) 汇总; it
// was read as a town's row, unknown by that name.
func TestHuizongIsATotalRow(t *testing.T) {
	book := xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别"}, {"甲镇", "省级"}, {"乙镇", "省级"}}},
		sheet{name: "2023年", rows: [][]any{{"专业镇", "工业产值（亿元）"}, {"甲镇", 1.5}, {"乙镇", 1}, {"汇总", 2.5}}},
	)
	data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	if problems.HasErrors() || len(data.Values) != 2 || len(data.Totals) != 1 || data.Totals[0].Label.S != "汇总" {
		t.Errorf("problems %v, %d value records, totals %+v; want 汇总 a total row", problems, len(data.Values), data.Totals)
	}
}

// A number format can show a unit after the number: 0.0"万元" shows 23.5 as
// 23.5万元. The official sees 万元; the site read 23.5 in the indicator's
// unit, 亿元, silently, where a unit typed in the cell is checked.
func TestFormatUnitMustAgree(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	const name = "2023年"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		t.Fatal(err)
	}
	for r, row := range [][]any{{"专业镇", "工业产值", "经营主体", "工业产值增速（%）"}, {"甲镇", 23.5, 1250, 12.5}, {"乙镇", 2.5, 30, 3}} {
		if err := f.SetSheetRow(name, cellName(0, r+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	for cell, code := range map[string]string{"B2": `0.0"万元"`, "B3": `#,##0.0"亿元"`, "C2": `0"户"`, "C3": `#,##0_ "家"`, "D2": `0.0"%"`, "D3": `0.0"亿元"`} {
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(name, cell, cell, style); err != nil {
			t.Fatal(err)
		}
	}
	_, problems := readBeside(t, f, "甲镇", "乙镇")
	got := problems.In(diag.Zh)
	for _, want := range []string{
		`data/t.xlsx:2023年!B2: 工业产值：单元格的数字格式“0.0"万元"”显示的单位是万元，但工业产值的单位是亿元（请换算数字并改正单元格格式，或修改 config.toml 中的 indicators[0].unit）`,
		`data/t.xlsx:2023年!C3: 经营主体：单元格的数字格式“#,##0_ "家"”显示的单位是家，但经营主体的单位是户`,
		`data/t.xlsx:2023年!D3: 工业产值增速(%)：单元格的数字格式“0.0"亿元"”显示的单位是亿元，但增速的单位是%`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "显示的单位是"); n != 3 {
		t.Errorf("%d cells reported, want 3:\n%s", n, got)
	}
}

func TestFormatUnit(t *testing.T) {
	for code, want := range map[string]string{
		`0.0"万元"`: "万元", `#,##0"户"`: "户", `0.0万元`: "万元", `0\户`: "户", `0.00_ `: "", `0.0"%"`: "",
		`[DBNum1][$-804]General`: "", `#,##0.00"元";[Red]-#,##0.00"元"`: "元", `0.0" 亿元"`: "亿元", `0.0"x"`: "", `[$¥-804]#,##0.00`: "",
	} {
		if got := formatUnit(code); got != want {
			t.Errorf("formatUnit(%q) = %q, want %q", code, got, want)
		}
	}
}

// readBeside reads the workbook f as data/t.xlsx of a site whose towns
// list, in data/towns.xlsx, has the provincial towns named.
func readBeside(t *testing.T, f *excelize.File, towns ...string) (*Data, diag.List) {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	list := sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别"}}}
	for _, name := range towns {
		list.rows = append(list.rows, []any{name, "省级"})
	}
	return Read(fstest.MapFS{"data/t.xlsx": {Data: buf.Bytes()}, "data/towns.xlsx": {Data: xlsx(t, list)}}, testConfig())
}
