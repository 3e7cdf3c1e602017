package source

import (
	"strings"
	"testing"
	"testing/fstest"

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
