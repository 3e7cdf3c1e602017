package source

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/townpress/townpress/internal/diag"
)

// SheetInfo is what the reader made of one sheet, for check -explain: the
// layout it recognised, the rows of the header, and each column's
// meaning, so that an official can hold it against the sheet.
type SheetInfo struct {
	File, Sheet string
	Layout      diag.Text   // "wide: years as columns under the indicators"
	HeaderRows  [2]int      // the header's first and last rows, 1-based; zero when no header was found
	Notes       []diag.Text // what the sheet says outside its header: its year, indicator, unit line
	Columns     []ColumnInfo
	Rows        diag.Text // how many rows were read as towns and as totals
}

// ColumnInfo is one column of a sheet as the reader read it.
type ColumnInfo struct {
	Column  string    // A, B, …
	Header  string    // the header's cells, top to bottom, joined by " | "
	Meaning diag.Text // "工业产值 (output) 2022, in 亿元", "ignored (not configured)"
}

// explain records what the sheet was read as.
func (s *sheetReader) explain(l *layout) *SheetInfo {
	info := &SheetInfo{File: s.file, Sheet: s.sheet}
	if l == nil {
		info.Layout = diag.T("not read: no header found (see the errors above)", "未读取：没有找到表头（见上方的错误）")
		return info
	}
	info.HeaderRows = [2]int{l.top, l.bottom}
	headerYears := map[int]bool{}
	inds := map[int]bool{}
	for _, f := range l.figures {
		inds[f.indicator] = true
		if f.year != 0 {
			headerYears[f.year] = true
		}
	}
	switch {
	case s.kind == townsSheet:
		info.Layout = diag.T("towns: a row per town", "专业镇名录：每行一个专业镇")
	case l.has(colYear):
		info.Layout = diag.T("long: a row per town and year", "长表：每行一个专业镇的一个年份")
	case len(headerYears) > 0 && len(inds) == 1:
		for i := range inds {
			info.Layout = diag.M("one indicator, %s, with years as columns", "单指标表：%s，年份为列").Text(s.indName(i))
		}
	case len(headerYears) > 0:
		info.Layout = diag.T("wide: years as columns under the indicators", "宽表：指标下分年份列")
	case s.kind == yearSheet:
		info.Layout = diag.M("one sheet per year: %d, from the sheet's name", "每年一张表：%d 年（取自表名）").Text(s.year)
	default:
		info.Layout = diag.M("one year: %d", "单一年份：%d 年").Text(l.ctx.year)
	}
	if l.ctx.year != 0 && l.ctx.yearFrom != s.sheet {
		info.Notes = append(info.Notes, diag.M("year: %d, from the title in %s", "年份：%d（取自 %s 的标题）").Text(l.ctx.year, l.ctx.yearFrom))
	}
	if l.ctx.indicator >= 0 && slices.ContainsFunc(l.meaning, func(m colMeaning) bool { return m.indFrom == l.ctx.indicatorFrom && m.indFrom != "" }) {
		where := diag.M("the title in %s", "%s 的标题").Text(l.ctx.indicatorFrom)
		if l.ctx.indicatorFrom == s.sheet {
			where = diag.T("the sheet's name", "表名")
		}
		info.Notes = append(info.Notes, diag.M("indicator: %s, from %s", "指标：%s（取自%s）").Text(s.indName(l.ctx.indicator), where))
	}
	if l.ctx.unit != "" && l.ctx.unitFrom != "" {
		info.Notes = append(info.Notes, diag.M("unit: %s, from %s", "单位：%s（取自 %s）").Text(l.ctx.unit, l.ctx.unitFrom))
	}
	info.Notes = append(info.Notes, s.explainNotes()...)
	if !s.merges.known && len(s.merges.all) == 0 {
		info.Notes = append(info.Notes, diag.T("merged cells not read (the sheet is too large to look at them): merged headers read as blank", "未读取合并单元格（工作表太大）：合并的表头按空白处理"))
	}
	bad := map[int]diag.Text{}
	for _, i := range l.dups {
		bad[i] = diag.M("not read: repeats column %s", "未读取：与 %s 列重复").Text(columnLetters(l.dupOf[i]))
	}
	for _, i := range l.badUnits {
		m := l.meaning[i]
		ind := s.names.cfg.Indicators[m.indicator]
		bad[i] = diag.M("not read: in %s, but %s is in %s", "未读取：单位是%s，但%s的单位是%s").Text(m.unit, ind.Name, unitText(ind.Unit))
	}
	for _, c := range l.conflicts {
		if _, seen := bad[c.col]; !seen {
			bad[c.col] = diag.M("not read: %s", "未读取：%s").Text(c.msg)
		}
	}
	for c, m := range l.meaning {
		texts := make([]string, len(m.parts))
		for i, p := range m.parts {
			texts[i] = p.text
		}
		ci := ColumnInfo{Column: columnLetters(c), Header: strings.Join(texts, " | ")}
		if why, ok := bad[c]; ok {
			ci.Meaning = why
		} else {
			ci.Meaning = s.meaningText(l, c, m)
		}
		if m.col == colEmpty && s.strays[c] == nil {
			continue // a blank column between others says nothing
		}
		info.Columns = append(info.Columns, ci)
	}
	var strays []int
	for c := range s.strays {
		if c >= l.width {
			strays = append(strays, c)
		}
	}
	slices.Sort(strays)
	for _, c := range strays {
		info.Columns = append(info.Columns, ColumnInfo{Column: columnLetters(c), Meaning: diag.T("no header, but numbers: not read (an error)", "没有表头却有数字：未读取（错误）")})
	}
	what := diag.Plural(s.rows, "town row", "行专业镇")
	if s.kind != townsSheet {
		what = diag.Plural(s.rows, "town row", "行专业镇数据")
	}
	info.Rows = diag.M("%d %s", "%d %s").Text(s.rows, what)
	if len(s.totalRows) > 0 {
		info.Rows = diag.M("%s; total rows %s (kept as the office's totals, not as towns)", "%s；合计行：%s（作为官方合计保存，不算作专业镇）").Text(info.Rows, diag.Join(s.totalRows, ", ", "、"))
	}
	return info
}

// explainNotes says what the notes under the table and the comments on
// cells were read as: years said to be provisional, and which cells each
// footnote is on.
func (s *sheetReader) explainNotes() []diag.Text {
	var out []diag.Text
	for _, y := range s.provisional {
		out = append(out, diag.M("provisional: every figure of %d, from the note in %s", "初步数：%d 年的全部数字（取自 %s 的注释）").Text(y.Year, y.At.Cell()))
	}
	cells := map[string][]string{} // a footnote mark, "" for comments -> the cells it is on
	var marks []string
	for _, n := range s.notes {
		if _, seen := cells[n.Mark]; !seen {
			marks = append(marks, n.Mark)
		}
		cells[n.Mark] = append(cells[n.Mark], n.At.Cell())
	}
	const shown = 6
	list := func(cs []string) string {
		if len(cs) > shown {
			return fmt.Sprintf("%s … (%d)", strings.Join(cs[:shown], ", "), len(cs))
		}
		return strings.Join(cs, ", ")
	}
	for _, mark := range marks {
		if mark == "" {
			out = append(out, diag.M("notes: comments on %s", "注释：%s 的批注").Text(list(cells[mark])))
			continue
		}
		out = append(out, diag.M("notes: %s on %s, from the notes under the table", "注释：%s 标在 %s（见表下注释）").Text(mark, list(cells[mark])))
	}
	return out
}

// meaningText says what a column holds.
func (s *sheetReader) meaningText(l *layout, c int, m colMeaning) diag.Text {
	switch m.col {
	case colEmpty:
		return diag.T("no header, but numbers: not read (an error)", "没有表头却有数字：未读取（错误）")
	case colIgnored:
		return diag.T("ignored (holds nothing to read)", "忽略（无须读取）")
	case colConflict:
		return m.why
	case colUnknown:
		how := diag.T("ignored (not configured)", "忽略（未配置）")
		if s.strays[c] != nil {
			how = diag.T("not read, though it holds numbers (not configured): a warning", "有数字但未读取（未配置）：警告")
		}
		if m.why != (diag.Text{}) {
			return diag.M("%s: %s", "%s：%s").Text(how, m.why)
		}
		return how
	case colRowStatus:
		if m.year != 0 {
			return diag.M("status marks of every %d figure of the row", "本行 %d 年全部数字的状态标记").Text(m.year)
		}
		return diag.T("status marks of every figure of the row", "本行全部数字的状态标记")
	case colStatus:
		t := l.meaning[m.marks]
		return diag.M("status marks of column %s (%s)", "%s 列（%s）的状态标记").Text(columnLetters(m.marks), s.meaningText(l, m.marks, t))
	case colIndicator, colGrowth, colPoints:
		ind := s.names.cfg.Indicators[m.indicator]
		year := diag.T("", "")
		switch {
		case m.year != 0:
			year = diag.M(" %d", " %d年").Text(m.year)
		case l.has(colYear):
			year = diag.T(" of the row's year", "（年份见年份列）")
		case l.ctx.year != 0:
			year = diag.M(" %d", " %d年").Text(l.ctx.year)
		}
		// An indicator from the sheet's name or title is said once, above
		// the columns; one from the column on the left is said here.
		from := diag.T("", "")
		if m.indFrom != "" && m.indFrom != l.ctx.indicatorFrom {
			from = diag.M(" (indicator from %s)", "（指标取自 %s）").Text(m.indFrom)
		}
		switch m.col {
		case colGrowth:
			return diag.M("typed growth of %s%s, in %%%s", "%s%s 增速（%%，填报值）%s").Text(s.indName(m.indicator), year, from)
		case colPoints:
			return diag.M("typed change of %s%s, in percentage points%s", "%s%s 增减（百分点，填报值）%s").Text(s.indName(m.indicator), year, from)
		}
		return diag.M("%s%s, in %s%s", "%s%s（%s）%s").Text(s.indName(m.indicator), year, unitText(ind.Unit), from)
	}
	return columnMeaning(m.col)
}

// columnMeaning names a column that is not a figure.
func columnMeaning(col column) diag.Text {
	switch col {
	case colID, colTownID:
		return diag.T("town id", "专业镇编号")
	case colName, colTownName:
		return diag.T("town name", "专业镇名称")
	case colNameEn:
		return diag.T("English name", "英文名称")
	case colAliases:
		return diag.T("other names of the town", "别名")
	case colTier:
		return diag.T("tier", "级别")
	case colCounty:
		return diag.T("county or district", "县（市、区）")
	case colCountyEn:
		return diag.T("county in English", "县（市、区）英文")
	case colIndustry:
		return diag.T("leading industry", "主导产业")
	case colIndustryEn:
		return diag.T("leading industry in English", "主导产业英文")
	case colRecognised:
		return diag.T("year recognised", "认定年份")
	case colEnterprises:
		return diag.T("leading enterprises", "龙头企业")
	case colEnterprisesEn:
		return diag.T("leading enterprises in English", "龙头企业英文")
	case colDescription:
		return diag.T("description", "简介")
	case colDescriptionEn:
		return diag.T("description in English", "简介英文")
	case colLongitude:
		return diag.T("longitude", "经度")
	case colLatitude:
		return diag.T("latitude", "纬度")
	case colYear:
		return diag.T("year", "年份")
	}
	return diag.T("?", "?")
}

// WriteExplain writes what was read from each sheet, in lang, as check
// -explain prints it:
//
//	data/x.xlsx:表3 各镇（街道）主要经济指标
//	  layout: wide: years as columns under the indicators; header rows 3–5
//	  A: 地区 → town name
//	  B: 工业总产值 | 2023年 | 亿元 → 工业总产值 2023, in 亿元
//	  rows: 8 town rows; total rows 6, 7 (kept as the office's totals, not as towns)
func WriteExplain(w io.Writer, sheets []SheetInfo, lang diag.Lang) error {
	var b strings.Builder
	for i, s := range sheets {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s\n", diag.Loc{File: s.File, Sheet: s.Sheet})
		layout := s.Layout.In(lang)
		if s.HeaderRows[0] > 0 {
			rows := fmt.Sprint(s.HeaderRows[0])
			if s.HeaderRows[1] != s.HeaderRows[0] {
				rows += "–" + fmt.Sprint(s.HeaderRows[1])
			}
			what := diag.T("header row", "表头")
			if s.HeaderRows[1] != s.HeaderRows[0] {
				what = diag.T("header rows", "表头")
			}
			layout = diag.Sprint(lang, diag.M("%s; %s %s", "%s；%s第 %s 行"), layout, what, rows)
		}
		fmt.Fprintf(&b, "  %s\n", diag.Sprint(lang, diag.M("layout: %s", "版式：%s"), layout))
		for _, n := range s.Notes {
			fmt.Fprintf(&b, "  %s\n", n.In(lang))
		}
		width := 0
		for _, c := range s.Columns {
			width = max(width, displayWidth(c.Header))
		}
		width = min(width, 40)
		colon := ": "
		if lang == diag.Zh {
			colon = "："
		}
		for _, c := range s.Columns {
			head := c.Header
			if head == "" {
				head = diag.Sprint(lang, diag.M("(no header)", "（无表头）"))
			}
			pad := strings.Repeat(" ", max(0, width-displayWidth(head)))
			fmt.Fprintf(&b, "  %s%s%s%s → %s\n", c.Column, colon, head, pad, c.Meaning.In(lang))
		}
		if s.Rows != (diag.Text{}) {
			fmt.Fprintf(&b, "  %s\n", diag.Sprint(lang, diag.M("rows: %s", "数据行：%s"), s.Rows))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// displayWidth is how many columns a text takes in a terminal: Chinese
// characters take two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x30FF) || (r >= 0xFF00 && r <= 0xFF60)) {
			n += 2
		} else {
			n++
		}
	}
	return n
}
