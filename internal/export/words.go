package export

import "fmt"

// reportWords are the report workbook's words for what issue 11 added
// (marks, footnotes, official figures, definitions), in Chinese and
// English. The report's other words are in layouts/i18n, where a site
// can change them; these belong there too, and move there once the
// layouts' restructuring has landed (it owns layouts/ meanwhile).
var reportWords = map[string][2]string{
	"legend":          {"符号说明：", "Symbols: "},
	"legend_item":     {"%s %s（%s）", "%s %s (%s)"},
	"legend_sep":      {"；", "; "},
	"colon":           {"：", ": "},
	"no_data":         {"— 无数据（不等于零）", "— no data (not zero)"},
	"footnote":        {"注%s：%s", "Note %s: %s"},
	"sheet_notes":     {"说明", "Notes"},
	"notes_title":     {"说明", "Notes"},
	"col_section":     {"类别", "Section"},
	"col_item":        {"项目", "Item"},
	"col_text":        {"内容", "Text"},
	"sec_legend":      {"符号说明", "Symbols"},
	"sec_footnotes":   {"注释", "Notes on figures"},
	"sec_definitions": {"指标解释", "Definitions"},
	"sec_sources":     {"资料来源", "Sources"},
	"sec_about":       {"说明", "About the figures"},
	"meta_definition": {"定义", "Definition"},
	"meta_scope":      {"统计范围", "Scope"},
	"meta_method":     {"计算方法", "Method"},
	"meta_source":     {"资料来源", "Source"},
	"meta_frequency":  {"统计频率", "Frequency"},
	"meta_updated":    {"更新日期", "Last updated"},
	"meta_next":       {"下次更新", "Next update"},
	"meta_breaks":     {"口径变化", "Breaks in the series"},
	"meta_growth":     {"增长", "Growth"},
	"growth_comparable_basis": {"公布的增速按可比价计算；未公布的由数值计算（现价）",
		"the published growth is at comparable prices; where none is published, it is computed from the values (current prices)"},
	"growth_points":     {"增减以百分点表示", "changes in percentage points"},
	"site_source":       {"数据来源", "Source of the figures"},
	"col_basis":         {"合计依据", "Basis"},
	"col_summed":        {"各镇合计", "Sum of towns"},
	"basis_official":    {"官方合计", "official total"},
	"basis_summed":      {"各镇合计", "sum of towns"},
	"basis_ratio":       {"分子分母合计之比", "ratio of the totals"},
	"growth_typed":      {"增长为公布数", "growth as published"},
	"growth_typed_comp": {"增长为公布数（按可比价计算）", "growth as published (at comparable prices)"},
	"growth_computed":   {"增长由数值计算", "growth computed from the values"},
	"official_note": {"%s的合计（%s）为统计部门公布的合计数（官方数），不是各镇数据之和；摘要表并列各镇合计以资核对。",
		"Totals of %s (%s) are the office's published totals, not the sum of the towns; the summary gives the towns' sum beside them."},
	"typed_note": {"%s的增长为统计部门公布的增速%s；未公布的由数值计算。",
		"Growth of %s is the office's published growth%s; where none is published, it is computed from the values."},
	"typed_comparable": {"（按可比价计算）", " (at comparable prices)"},
	"target_list":      {"（%s）", " (%s)"},
}

// w is a report word in the report's language.
func (r *Report) w(key string, args ...any) string {
	pair, ok := reportWords[key]
	if !ok {
		return "[" + key + "]"
	}
	s := pair[0]
	if r.Lang.IsEn() {
		s = pair[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// noteText is the text of the site's note n (from 1) in the report's
// language: in an English workbook a note the workbook gives only in
// Chinese is its Chinese after "(in Chinese)", as the pages show it.
func (r *Report) noteText(n uint16) string {
	text, chinese := r.Site.Notes[n-1].In(r.Lang.IsEn())
	if chinese {
		return r.Lang.T("note_in_chinese") + " " + text
	}
	return text
}
