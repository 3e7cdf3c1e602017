package source

import (
	"fmt"
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/diag"
)

// read works out every column's meaning from its header parts, then the
// rules across columns: a title over several indicators' groups, growth
// columns beside their levels, duplicates and merged headers nothing
// tells apart.
func (l *layout) read(s *sheetReader) {
	// A text merged across columns of several indicators (主要经济指标
	// over 工业产值 and 新增投资) titles them; it says nothing of a column.
	// Read first without such texts, then keep those over a single
	// indicator's columns.
	skip := map[*span]bool{}
	for c := range l.meaning {
		for _, p := range l.meaning[c].parts {
			if p.kind == partUnknown && p.span != nil && p.span.left < p.span.right {
				skip[p.span] = true
			}
		}
	}
	if len(skip) > 0 {
		for c := range l.meaning {
			l.meaning[c] = s.meaningOf(l, c, l.meaning[c].parts, skip)
		}
		for sp := range skip {
			inds := map[int]bool{}
			for c := sp.left; c <= sp.right && c < l.width; c++ {
				if m := l.meaning[c]; m.hasInd {
					inds[m.indicator] = true
				}
			}
			if len(inds) < 2 {
				delete(skip, sp)
			}
		}
	}
	for c := range l.meaning {
		l.meaning[c] = s.meaningOf(l, c, l.meaning[c].parts, skip)
	}
	l.besideLevels(s)
	l.collect(s)
}

// meaningOf reads one column's header parts.
func (s *sheetReader) meaningOf(l *layout, c int, parts []part, skip map[*span]bool) colMeaning {
	m := colMeaning{parts: parts, col: colUnknown}
	if len(parts) == 0 {
		m.col = colEmpty
		return m
	}
	var (
		stub                   = colUnknown
		ignored                bool
		inds                   []int
		indSpan                *span
		years                  []part
		growth, points, figure bool
		namedGrowth            bool // an indicator's growth (工业产值增速), not a bare 增长
		status, rowStatus      bool // status marks (状态); of the whole row (数据状态)
		units, indUnits        []part
		unknowns               []string
	)
	addInd := func(p part) {
		if !slices.Contains(inds, p.indicator) {
			inds = append(inds, p.indicator)
		}
		if indSpan == nil {
			indSpan = p.span
		}
	}
	for _, p := range parts {
		if p.span != nil && skip[p.span] {
			continue
		}
		switch p.kind {
		case partColumn:
			if p.col == colIgnored {
				ignored = true
			} else if stub == colUnknown {
				stub = p.col
			}
		case partIndicator:
			addInd(p)
			if p.unit != "" {
				// The unit of 工业产值（亿元） is its level's, not that of
				// the growth under it.
				indUnits = append(indUnits, p)
			}
			if p.year != 0 {
				years = append(years, p)
			}
		case partGrowth:
			addInd(p)
			growth, namedGrowth = true, true
			if p.year != 0 {
				years = append(years, p)
			}
		case partPoints:
			addInd(p)
			points = true
		case partGrowthMark:
			growth, figure = true, true
		case partPointsMark:
			points, figure = true, true
		case partStatus:
			addInd(p)
			status = true
		case partStatusMark:
			status = true
			rowStatus = rowStatus || p.col == colRowStatus
		case partYear:
			years = append(years, p)
			figure = true
		case partUnit:
			units = append(units, p)
		case partLevel:
			figure = true
			if p.unit != "" {
				units = append(units, p)
			}
		case partUnknown:
			unknowns = append(unknowns, p.text)
		}
	}
	m.indSpan = indSpan
	switch {
	case stub != colUnknown && len(inds) == 0:
		m.col = stub
		return m
	case ignored && len(inds) == 0 && !figure:
		m.col = colIgnored
		return m
	case len(inds) > 1:
		m.col = colConflict
		m.why = diag.M("the header names two indicators, %s and %s (expected one indicator per column)", "表头同时写了两个指标：%s和%s（每列应只对应一个指标）").Text(
			s.indName(inds[0]), s.indName(inds[1]))
		return m
	}
	if len(inds) == 1 {
		m.indicator, m.hasInd = inds[0], true
	} else if figure && l.ctx.indicator >= 0 && len(unknowns) == 0 {
		m.indicator, m.hasInd, m.indFrom = l.ctx.indicator, true, l.ctx.indicatorFrom
	}
	if len(unknowns) > 0 {
		// 工业产值 over 其中：出口 is not output: a column the reader cannot
		// name is not read, whatever its group says.
		m.col = colUnknown
		if len(inds) > 0 || figure {
			m.why = diag.M("%s is not a year, a growth rate or a unit", "“%s”不是年份、增速或单位").Text(strings.Join(unknowns, " "))
		}
		return m
	}
	if !m.hasInd && !growth && !points && !status {
		m.col = colUnknown
		if len(years) > 0 {
			m.why = diag.M("a year, but no indicator above it or in the sheet's title", "只有年份，上方表头和表名中都没有指标").Text()
		}
		return m
	}
	switch {
	case status && (growth || points):
		m.col = colConflict
		m.why = diag.M("the header says both status marks and a growth rate", "表头同时写了状态标记和增速").Text()
		return m
	case status && rowStatus && len(inds) == 0:
		m.col = colRowStatus // 数据状态: every figure of the row
	case status:
		// 工业产值状态, or 状态 under 工业产值; a bare 状态 is settled
		// by the table's figures (resolveStatus).
		m.col = colStatus
	case growth && points && !namedGrowth:
		m.col = colPoints // 增减 over 百分点
	case growth && points:
		m.col = colConflict
		m.why = diag.M("the header says both a growth rate and a change in percentage points", "表头同时写了增速和增减百分点").Text()
		return m
	case points:
		m.col = colPoints
	case growth:
		m.col = colGrowth
	default:
		m.col = colIndicator
	}
	// The year: one, from the header.
	for _, y := range years {
		year := y.year
		if y.relYear {
			if l.ctx.year == 0 {
				m.col = colConflict
				m.why = diag.M("%s: the sheet has no year that it is the year before of", "“%s”：本表没有年份，无从得知“上年”是哪一年").Text(y.text)
				return m
			}
			year = l.ctx.year - 1
		}
		if m.year != 0 && m.year != year {
			m.col = colConflict
			m.why = diag.M("the header names two years, %d and %d", "表头同时写了两个年份：%d 和 %d").Text(m.year, year)
			return m
		}
		m.year, m.yearRow = year, y.row
	}
	if m.col == colStatus || m.col == colRowStatus {
		return m // marks have no unit
	}
	// The unit: from the header, else from a 单位： line above the table.
	if m.col == colIndicator {
		units = append(indUnits, units...)
	}
	for _, u := range units {
		if m.unit != "" && m.unit != u.unit {
			m.col = colConflict
			m.why = diag.M("the header names two units, %s and %s", "表头同时写了两个单位：%s 和 %s").Text(m.unit, u.unit)
			return m
		}
		m.unit = u.unit
		if u.kind == partUnit {
			m.unitFrom = cellName(c, u.row)
		}
	}
	if m.col == colGrowth && m.unit == "百分点" {
		m.col = colPoints // 增减 over 百分点
	}
	switch m.col {
	case colGrowth:
		if m.unit != "" && m.unit != "%" {
			// 增长 over 亿元 is an increase in 亿元, not a rate.
			m.col = colUnknown
			m.why = diag.M("a change in %s, not a growth rate in %%", "以%s计的增减量，不是百分比增速").Text(m.unit)
			return m
		}
	case colPoints:
		if m.unit != "" && m.unit != "%" && m.unit != "百分点" {
			m.col = colUnknown
			m.why = diag.M("a change in %s, not in percentage points", "以%s计的增减量，不是百分点").Text(m.unit)
			return m
		}
	case colIndicator:
		if m.unit == "" && l.ctx.unit != "" {
			m.unit, m.unitFrom = l.ctx.unit, l.ctx.unitFrom
		}
	}
	return m
}

// besideLevels settles growth columns by the columns on their left: a bare
// 增长% right of 工业产值 is output's growth, and a growth under a group of
// years is the growth of its latest year (2022年 | 2023年 | 增长%: 2023).
func (l *layout) besideLevels(s *sheetReader) {
	for c := range l.meaning {
		m := &l.meaning[c]
		if m.col != colGrowth && m.col != colPoints {
			continue
		}
		if !m.hasInd {
			if c > 0 && l.meaning[c-1].isFigure() && l.meaning[c-1].hasInd {
				m.indicator, m.hasInd = l.meaning[c-1].indicator, true
				m.indFrom = cellName(c-1, l.hdrRow[c-1])
				for _, p := range l.meaning[c-1].parts {
					if p.kind == partIndicator {
						m.indFrom = cellName(c-1, p.row)
						break
					}
				}
			} else {
				m.col = colUnknown
				m.why = diag.M("a growth rate, but no indicator column on its left or above it", "是增速，但左侧和上方都没有指标列").Text()
				continue
			}
		}
		if m.year != 0 {
			continue
		}
		for k := c - 1; k >= 0 && l.meaning[k].isFigure() && l.meaning[k].indicator == m.indicator; k-- {
			if y := l.meaning[k].year; y > m.year {
				m.year, m.yearRow = y, l.meaning[k].yearRow
			}
		}
	}
}

func (m *colMeaning) isFigure() bool {
	return m.col == colIndicator || m.col == colGrowth || m.col == colPoints
}

// collect lists the columns by what they hold and finds the rules across
// them broken: the same figure twice, a merged header over columns nothing
// tells apart, figures without a year.
func (l *layout) collect(s *sheetReader) {
	type key struct {
		col       column
		indicator int
		year      int
	}
	first := map[key]int{}
	merged := map[*span]bool{}
	l.dupOf = map[int]int{}
	anyYear := slices.ContainsFunc(l.meaning, func(m colMeaning) bool { return m.isFigure() && m.year != 0 })
	// A figure without a year of its own is of the sheet's year (2024年),
	// and the same as one whose header says 2024; with a 年份 column, of
	// the row's.
	yearColumn := slices.ContainsFunc(l.meaning, func(m colMeaning) bool { return m.col == colYear })
	yearOf := func(m *colMeaning) int {
		if m.year == 0 && !yearColumn {
			return l.ctx.year
		}
		return m.year
	}
	for c := range l.meaning {
		m := &l.meaning[c]
		switch {
		case m.col == colEmpty:
			l.empty = append(l.empty, c)
		case m.col == colUnknown:
			l.unknown = append(l.unknown, c)
		case m.col == colConflict:
			l.conflicts = append(l.conflicts, conflict{col: c, row: l.hdrRow[c], msg: m.why})
		case m.col == colIgnored:
		case m.col == colStatus || m.col == colRowStatus:
			// Settled once the figures are known (resolveStatus).
		case m.isFigure():
			k := key{m.col, m.indicator, yearOf(m)}
			if f, dup := first[k]; dup {
				if sp := m.indSpan; sp != nil && sp == l.meaning[f].indSpan {
					merged[sp] = true
					continue
				}
				l.dups = append(l.dups, c)
				l.dupOf[c] = f
				continue
			}
			first[k] = c
		default:
			if f, dup := l.cols[m.col]; dup {
				if sp := m.parts[0].span; sp != nil && sp.merged && sp == l.meaning[f].parts[0].span {
					merged[sp] = true
					continue
				}
				l.dups = append(l.dups, c)
				l.dupOf[c] = f
				continue
			}
			l.cols[m.col] = c
		}
	}
	// A header merged across columns that nothing under it tells apart:
	// which of them holds which year is a guess, so none is read. This is
	// how a 2023 column was once published as 2024.
	for sp := range merged {
		for c := sp.left; c <= sp.right && c < l.width; c++ {
			m := &l.meaning[c]
			if m.indSpan == sp || (len(m.parts) > 0 && m.parts[0].span == sp) {
				m.col = colConflict
				m.why = diag.M("not read: see the error at %s", "未读取：见 %s 处的错误").Text(cellName(sp.left, sp.row))
			}
		}
		for col, c := range l.cols {
			if c >= sp.left && c <= sp.right {
				delete(l.cols, col)
			}
		}
		text, ref, cols := cellText(l, sp), cellName(sp.left, sp.row)+":"+cellName(sp.right, sp.row), columnLetters(sp.left)+"–"+columnLetters(sp.right)
		if !sp.merged {
			// Blank cells after a group header, over sub-headers that say
			// the same year twice (2024年 and 绝对值 in a 2024 sheet).
			l.conflicts = append(l.conflicts, conflict{col: sp.left, row: sp.row, whole: true, msg: diag.M(
				"%s heads %s, but the headers under it give two columns the same year (expected one column per year, or a row of years that differ); columns %s not read",
				"“%s”统领 %s，但其下的表头使两列成了同一年份（每个年份只能有一列，或在其下写不同的年份）；%s 列未读取").Text(text, ref, cols)})
			continue
		}
		l.conflicts = append(l.conflicts, conflict{col: sp.left, row: sp.row, whole: true, msg: diag.M(
			"%s is merged across %s, but no row under it tells its columns apart (expected a row of years such as 2023年 | 2024年 | 增长%% under it, or one header per column); columns %s not read",
			"“%s”合并了 %s，但下方没有一行说明各列的区别（应在其下加一行年份，如 2023年 | 2024年 | 增长%%，或每列各写表头）；%s 列未读取").Text(text, ref, cols)})
	}
	for c := range l.meaning {
		m := &l.meaning[c]
		if _, dup := l.dupOf[c]; !m.isFigure() || dup {
			continue
		}
		ind := s.names.cfg.Indicators[m.indicator]
		switch {
		case m.year != 0 && l.has(colYear):
			m.col = colConflict
			l.conflicts = append(l.conflicts, conflict{col: c, row: m.yearRow, msg: diag.M(
				"the column has a year of its own, %d, in a sheet with a %s column (expected either a year column or years in the header)",
				"本列表头有年份 %d，而本表另有“%s”列（年份要么单列一列，要么写在表头里）").Text(m.year, l.texts[l.cols[colYear]])})
		case m.year == 0 && anyYear && l.ctx.year == 0 && l.kind != yearSheet && !l.has(colYear):
			m.col = colConflict
			l.conflicts = append(l.conflicts, conflict{col: c, row: l.hdrRow[c], msg: diag.M(
				"%s has no year (expected a year under it as in the other columns, such as 2023年)",
				"“%s”没有年份（应像其他列一样在其下写年份，如 2023年）").Text(l.texts[c])})
		case m.col == colIndicator && m.unit != "" && m.unit != Key(ind.Unit):
			l.badUnits = append(l.badUnits, c)
		default:
			l.figures = append(l.figures, figureCol{index: c, indicator: m.indicator, col: m.col, year: m.year})
		}
	}
	l.resolveStatus(s)
	slices.SortFunc(l.conflicts, func(a, b conflict) int { return a.col - b.col })
}

// resolveStatus finds the figures each status column marks. 数据状态 marks
// every figure of the row (of one year's, when its header names a year);
// 工业产值状态, or 状态 under 工业产值, marks that indicator's figure of
// its year, else the nearest on its left, else its only one; a bare 状态
// marks the table's only figure column. Anything else would be a guess at
// which figures a provisional mark is on: an error, and the column is
// not read.
func (l *layout) resolveStatus(s *sheetReader) {
	yearColumn := l.has(colYear)
	yearOf := func(f figureCol) int {
		if f.year == 0 && !yearColumn {
			return l.ctx.year
		}
		return f.year
	}
	fail := func(c int, msg diag.Text) {
		m := &l.meaning[c]
		m.col, m.why = colConflict, msg
		l.conflicts = append(l.conflicts, conflict{col: c, row: l.hdrRow[c], msg: msg})
	}
	for c := range l.meaning {
		m := &l.meaning[c]
		switch m.col {
		case colRowStatus:
			if i := slices.IndexFunc(l.rowStatus, func(r rowStatusCol) bool { return r.year == m.year }); i >= 0 {
				fail(c, diag.M("a second column of the row's status marks (%s holds them already; keep one)", "又一列本行的状态标记（%s 列已有；只保留一列）").Text(columnLetters(l.rowStatus[i].index)))
				continue
			}
			l.rowStatus = append(l.rowStatus, rowStatusCol{index: c, year: m.year})
		case colStatus:
			var cands []figureCol
			for _, f := range l.figures {
				if f.col == colIndicator && (!m.hasInd || f.indicator == m.indicator) && (m.year == 0 || yearOf(f) == m.year) {
					cands = append(cands, f)
				}
			}
			target := -1
			switch {
			case len(cands) == 1:
				target = cands[0].index
			case len(cands) == 0 && m.hasInd:
				fail(c, diag.M("status marks of %s, but the sheet has no column of its figures to mark", "是%s的状态标记，但本表没有该指标的数字列").Text(s.indName(m.indicator)))
				continue
			case len(cands) == 0:
				fail(c, diag.M("status marks, but the sheet has no column of figures to mark", "是状态标记，但本表没有数字列").Text())
				continue
			case m.hasInd:
				// The nearest of the indicator's columns on its left.
				for _, f := range cands {
					if f.index < c {
						target = f.index
					}
				}
			}
			if target < 0 {
				what := diag.T("状态", "状态")
				if m.hasInd {
					what = s.indName(m.indicator)
				}
				fail(c, diag.M("it is not clear which figures the status marks of %s are on (expected the column right of the figures it marks, 数据状态 for every figure of the row, or the indicator's name before it, such as %s状态)",
					"无法确定%s的状态标记属于哪些数字（应紧接在所标记的数字列右侧，或写“数据状态”表示本行全部数字，或在前面写上指标名称，如 %s状态）").Text(what, s.names.cfg.Indicators[cands[0].indicator].Name))
				continue
			}
			if l.statusOf == nil {
				l.statusOf = map[int]int{}
			}
			if prev, dup := l.statusOf[target]; dup {
				fail(c, diag.M("a second column of status marks of column %s (%s holds them already; keep one)", "%s 列的状态标记又出现一列（%s 列已有；只保留一列）").Text(columnLetters(target), columnLetters(prev)))
				continue
			}
			l.statusOf[target] = c
			m.marks = target
		}
	}
}

// cellText is the text of a span's first cell.
func cellText(l *layout, sp *span) string {
	for _, p := range l.meaning[sp.left].parts {
		if p.span == sp {
			return p.text
		}
	}
	return l.texts[sp.left]
}

// indName is an indicator as messages name it: its name, and in English
// its English name too.
func (s *sheetReader) indName(i int) diag.Text {
	ind := s.names.cfg.Indicators[i]
	if ind.NameEn == "" {
		return diag.T(ind.Name, ind.Name)
	}
	return diag.T(fmt.Sprintf("%s (%s)", ind.Name, ind.NameEn), ind.Name)
}
