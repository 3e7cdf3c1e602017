package source

import (
	"encoding/xml"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/diag"
)

// sheetStates maps the name of each hidden sheet of a workbook to its
// state, "hidden" or "veryHidden". excelize tells only visible or not, and
// a very hidden sheet needs another way to be shown, which the message
// must say.
func sheetStates(wb *excelize.File) map[string]string {
	states := map[string]string{}
	for _, name := range wb.GetSheetList() {
		if visible, err := wb.GetSheetVisible(name); err == nil && !visible {
			states[name] = "hidden"
		}
	}
	if len(states) == 0 {
		return states
	}
	raw, _ := wb.Pkg.Load("xl/workbook.xml")
	b, _ := raw.([]byte)
	var book struct {
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
		} `xml:"sheets>sheet"`
	}
	if xml.Unmarshal(b, &book) == nil {
		for _, s := range book.Sheets {
			if _, hidden := states[s.Name]; hidden && strings.EqualFold(s.State, "veryHidden") {
				states[s.Name] = "veryHidden"
			}
		}
	}
	return states
}

// readHidden decides whether a hidden sheet that holds towns or values is
// read: not with [sheets] skip_hidden = true, else with a warning, since
// what an official cannot see in Excel is published all the same.
func (b *workbook) readHidden(sheet, state string, problems *diag.List) bool {
	switch {
	case state == "":
		return true
	case b.names.cfg.Sheets.SkipHidden:
		return false
	}
	how := diag.T("hidden (a right click on a sheet tab, 取消隐藏, shows it)", "隐藏的（右键单击工作表标签，选“取消隐藏”即可显示）")
	if state == "veryHidden" {
		how = diag.T("very hidden (取消隐藏 does not list it; only Excel's VBA editor shows it)", "深度隐藏的（“取消隐藏”中不列出它，只有 Excel 的 VBA 编辑器能让它显示）")
	}
	problems.Warn(diag.Loc{File: b.file, Sheet: sheet}, diag.M("the sheet is %s; it is read and published all the same (unhide it, or set skip_hidden = true under [sheets] in %s to leave hidden sheets out)",
		"这张工作表是%s；它照样会被读取和发布（请取消隐藏；或在 %s 的 [sheets] 中设 skip_hidden = true，不读隐藏的工作表）"), how, cfgName(b.names.cfg))
	return true
}
