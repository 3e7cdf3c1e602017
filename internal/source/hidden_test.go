package source

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/diag"
)

// hiddenBook is a workbook with a visible towns sheet and one sheet per year
// for 2023 (hidden) and 2024 (very hidden), each with one town's output.
func hiddenBook(t *testing.T) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{{"编号", "名称", "级别"}, {"a1", "甲镇", "省级"}}},
		sheet{name: "2023年", rows: [][]any{{"专业镇", "工业产值"}, {"甲镇", 1.5}}},
		sheet{name: "2024年", rows: [][]any{{"专业镇", "工业产值"}, {"甲镇", 2.5}}},
		sheet{name: "草稿", rows: [][]any{{"随便写写"}}},
	)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, veryHidden := range map[string]bool{"2023年": false, "2024年": true, "草稿": false} {
		if err := f.SetSheetVisible(name, false, veryHidden); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestHiddenSheets(t *testing.T) {
	book := hiddenBook(t)
	years := func(d *Data) []float64 {
		var out []float64
		for _, v := range d.Values {
			out = append(out, v.Year.V)
		}
		return out
	}

	// By default: read, with a warning naming each hidden sheet that holds
	// towns or values (草稿 is not read anyway).
	data, problems := Read(fstest.MapFS{"data/h.xlsx": {Data: book}}, testConfig())
	checkProblems(t, problems, []string{
		`data/h.xlsx:2023年: warning: the sheet is hidden (a right click on a sheet tab, 取消隐藏, shows it); it is read and published all the same (unhide it, or set skip_hidden = true under [sheets] in config.toml to leave hidden sheets out)`,
		`data/h.xlsx:2024年: warning: the sheet is very hidden (取消隐藏 does not list it; only Excel's VBA editor shows it); it is read and published all the same (unhide it, or set skip_hidden = true under [sheets] in config.toml to leave hidden sheets out)`,
	})
	if got := years(data); len(got) != 2 {
		t.Errorf("years read: %v, want 2023 and 2024", got)
	}
	if got, want := problems[0].In(diag.Zh), `data/h.xlsx:2023年: 警告：这张工作表是隐藏的（右键单击工作表标签，选“取消隐藏”即可显示）；它照样会被读取和发布（请取消隐藏；或在 config.toml 的 [sheets] 中设 skip_hidden = true，不读隐藏的工作表）`; got != want {
		t.Errorf("in Chinese:\n%s\nwant:\n%s", got, want)
	}

	cfg := testConfig()
	cfg.Sheets.SkipHidden = true
	data, problems = Read(fstest.MapFS{"data/h.xlsx": {Data: book}}, cfg)
	checkProblems(t, problems, nil)
	if got := years(data); len(got) != 0 || len(data.Towns) != 1 {
		t.Errorf("skip_hidden = true: years read %v, %d towns; want none and 1", got, len(data.Towns))
	}
}
