package source

import (
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/diag"
)

// layout is a sheet's header read: which column holds what, and where the
// header is.
type layout struct {
	kind        sheetKind
	row         int // the row of the town column's header (the stub row), 1-based
	top, bottom int // the header's first and last rows; rows above are titles
	width       int // columns the header spans

	texts   []string     // per column: its header as one text, parts joined by a space
	hdrRow  []int        // per column: the row of the header cell messages point at
	meaning []colMeaning // per column

	cols      map[column]int // a column such as 年份 -> index of its first header cell
	figures   []figureCol    // columns read as figures, in sheet order
	groups    []yearGroup    // figures grouped by year, in order of first column
	dups      []int          // header cells naming a column already seen
	badUnits  []int          // figure columns whose unit differs from config's
	unknown   []int          // header cells that name nothing known
	empty     []int          // columns without a header
	conflicts []conflict     // headers that cannot be read one way
	dupOf     map[int]int    // a duplicate column -> the column it repeats
	filled    int            // non-empty header cells
	matched   int            // header cells naming a known column or an indicator

	ctx sheetContext // what the rows above the header and the sheet's name say

	// Status columns (状态, 数据状态): statusOf maps a figure column to
	// the column of its marks; rowStatus are the columns of the marks of
	// every figure of the row (of one year's figures, when it names one).
	statusOf  map[int]int
	rowStatus []rowStatusCol

	// Set once the layout is the sheet's:
	townCols []int // values sheets: the id column, then the name column
	keyCells []int // the cells of a data row that hold something to read
	unmapped []int // columns whose numbers must not go unread: unknown or empty headers

	dates map[int]string // header cells that hold a date, as Excel shows it
}

// colMeaning is what one column holds.
type colMeaning struct {
	col       column // colIndicator, colGrowth and colPoints are figures
	indicator int    // for figures, and for a column that names an indicator it cannot be read as
	year      int    // for figures: 0 when the row's or sheet's year
	unit      string // the unit the header gives, Key form
	unitFrom  string // where the unit was given when not in the column's own header: "A2"
	parts     []part // the header cells, top to bottom, a merged cell once
	hasInd    bool   // indicator is set
	indFrom   string // where the indicator was named when not in the column's own header: a title's cell, the sheet's name
	indSpan   *span  // the merged or filled header the indicator comes from; nil for the column's own
	yearRow   int    // the header row of the year; 0 when none
	marks     int    // for colStatus: the figure column whose marks it holds, once resolved
	why       diag.Text
}

// rowStatusCol is a column of the marks of a row's figures.
type rowStatusCol struct {
	index int
	year  int // 0: every figure of the row
}

// figureCol is a column read as figures.
type figureCol struct {
	index     int
	indicator int
	col       column // colIndicator (a level), colGrowth or colPoints
	year      int    // 0: the row's year (年份 column) or the sheet's
}

// yearGroup is the figure columns of one year: each data row gives one
// record per group.
type yearGroup struct {
	year    int // 0: the row's or the sheet's
	yearRow int // the header row of the year, for the record's location; 0 when none
	yearCol int
	cols    []figureCol
}

// conflict is a header the reader cannot read one way; an error at its
// cell, and its columns are not read.
type conflict struct {
	col, row int
	msg      diag.Text
	whole    bool // msg says which columns are not read
}

// sheetContext is what a sheet says outside its header: its name, titles
// and a 单位：亿元 line.
type sheetContext struct {
	year          int    // the sheet's year: a sheet named 2024年, or a title naming one year
	yearFrom      string // the sheet's name, or the title's cell
	yearAt        Loc    // for records: the sheet, or the title's cell
	indicator     int    // the one indicator the sheet name or a title names; -1 when none
	indicatorFrom string
	unit          string // a 单位：亿元 line, Key form; "" when none
	unitFrom      string // its cell
}

func (l *layout) has(col column) bool { _, ok := l.cols[col]; return ok }

// headerBlock is a candidate header: the stub row and the rows around it.
type headerBlock struct {
	top, stub, bottom int
	stubCols          []int
}

// findHeader looks for the header among the rows read so far (rows[0] is
// row 1, merged cells filled). final says no more rows will come; until
// then, a candidate whose rows below are not all read yet waits for them.
// It returns the layout, or nil and the most header-like row seen.
func (s *sheetReader) findHeader(rows [][]string, final bool) (found *layout, best *layout, wait bool) {
	for r := 1; r <= len(rows) && r <= headerSearchRows; r++ {
		stubCols := s.stubCols(rows[r-1], r)
		if len(stubCols) == 0 {
			l := s.interpret(rows, headerBlock{top: r, stub: r, bottom: r})
			if best == nil || l.score() > best.score() {
				best = l
			}
			continue
		}
		if !final && len(rows) < r+maxBlockRows-1 && s.kind != townsSheet {
			return nil, best, true
		}
		b := s.block(rows, r, stubCols)
		l := s.interpret(rows, b)
		if l.complete() {
			return l, nil, false
		}
		if best == nil || l.score() > best.score() {
			best = l
		}
	}
	return nil, best, false
}

// stubCols are the cells of a row that head the towns' column: for a
// towns sheet the name, for a values sheet the town's name or id.
func (s *sheetReader) stubCols(cells []string, row int) []int {
	var out []int
	for i, c := range cells {
		t := normText(c)
		if t == "" {
			continue
		}
		p := s.names.part(s.kind, t, row)
		if p.kind != partColumn {
			continue
		}
		if (s.kind == townsSheet && p.col == colName) || (s.kind != townsSheet && (p.col == colTownName || p.col == colTownID)) {
			out = append(out, i)
		}
	}
	return out
}

// block finds the header rows around a stub row: rows of indicator groups
// above it, and rows of years, growth and units under it. Towns sheets
// have one header row.
func (s *sheetReader) block(rows [][]string, stub int, stubCols []int) headerBlock {
	b := headerBlock{top: stub, stub: stub, bottom: stub, stubCols: stubCols}
	if s.kind == townsSheet {
		return b
	}
	stubText := func(c int) string { return normText(cell(rows[stub-1], c)) }
	// quiet reports whether the stub cells of a row are empty or repeat
	// the stub's header (a merged 地区 over two header rows).
	quiet := func(cells []string) bool {
		for _, c := range stubCols {
			if t := normText(cell(cells, c)); t != "" && t != stubText(c) {
				return false
			}
		}
		return true
	}
	// headerLike reports whether a row reads as a header row: no figures
	// (years apart), no notes, and at least one cell that is a header word.
	headerLike := func(cells []string, r int, group bool) bool {
		known := false
		for i, c := range cells {
			t := normText(c)
			if t == "" || slices.Contains(stubCols, i) {
				continue
			}
			if isNote(t) || missingTexts[strings.ToLower(t)] {
				return false
			}
			k := Key(t)
			if _, _, isNum, err := ParseNumberUnit(t); isNum && err == nil && !isYearText(k) {
				return false
			}
			if _, isLine := s.names.unitLine(t); isLine && group {
				return false
			}
			switch p := s.names.part(s.kind, t, r); p.kind {
			case partIndicator, partGrowth, partPoints, partYear, partGrowthMark, partPointsMark, partStatus, partStatusMark:
				known = true
			case partUnit, partLevel, partColumn:
				known = known || !group
			}
		}
		return known
	}
	for b.top > 1 && b.bottom-b.top+1 < maxBlockRows {
		cells := rows[b.top-2]
		if !quiet(cells) || !headerLike(cells, b.top-1, true) {
			break
		}
		b.top--
	}
	for b.bottom < len(rows) && b.bottom-b.top+1 < maxBlockRows {
		cells := rows[b.bottom]
		if !quiet(cells) || !headerLike(cells, b.bottom+1, false) {
			break
		}
		b.bottom++
	}
	return b
}

// context reads what the rows above a header and the sheet's name say.
func (s *sheetReader) context(rows [][]string, top int) sheetContext {
	ctx := sheetContext{indicator: -1, year: s.year, yearAt: s.at(0, 0)}
	if s.year != 0 {
		ctx.yearFrom = s.sheet
	}
	if i, unit, ok := s.names.indicatorIn(s.sheet); ok && s.kind != townsSheet {
		ctx.indicator, ctx.indicatorFrom = i, s.sheet
		ctx.unit = unit
	}
	type titleAt struct {
		cell     string
		col, row int
	}
	titleYears := map[int]titleAt{}
	for r := 1; r < top; r++ {
		for c, text := range rows[r-1] {
			t := normText(text)
			if t == "" || (c > 0 && normText(cell(rows[r-1], c-1)) == t) {
				continue // a merged title's copies
			}
			at := cellName(c, r)
			if u, ok := s.names.unitLine(t); ok {
				if u != "" {
					ctx.unit, ctx.unitFrom = u, at
				}
				continue
			}
			if y, ok := titleYear(t); ok {
				if _, seen := titleYears[y]; !seen {
					titleYears[y] = titleAt{at, c, r}
				}
			}
			if ctx.indicator < 0 && s.kind != townsSheet {
				if i, unit, ok := s.names.indicatorIn(t); ok {
					ctx.indicator, ctx.indicatorFrom = i, at
					if unit != "" && ctx.unit == "" {
						ctx.unit, ctx.unitFrom = unit, at
					}
				}
			}
		}
	}
	if ctx.year == 0 && len(titleYears) == 1 {
		for y, at := range titleYears {
			ctx.year, ctx.yearFrom, ctx.yearAt = y, at.cell, s.at(at.col, at.row)
		}
	}
	return ctx
}

// interpret reads the header rows of b into a layout.
func (s *sheetReader) interpret(rows [][]string, b headerBlock) *layout {
	l := &layout{kind: s.kind, row: b.stub, top: b.top, bottom: b.bottom, cols: map[column]int{}}
	l.ctx = s.context(rows, b.top)
	for r := b.top; r <= b.bottom; r++ {
		l.width = max(l.width, len(rows[r-1]))
	}
	// The header's cells, read once each; a merged cell's copies share its span.
	grid := make([][]part, b.bottom-b.top+1)
	for r := b.top; r <= b.bottom; r++ {
		row := make([]part, l.width)
		for c := range l.width {
			t := normText(cell(rows[r-1], c))
			if t == "" {
				continue
			}
			if c > 0 && row[c-1].text == t && row[c-1].span != nil && row[c-1].span.merged {
				row[c] = row[c-1]
				continue
			}
			row[c] = s.names.part(s.kind, t, r)
			if m := s.mergeAt(r, c); m != nil && m.cols() > 1 {
				row[c].span = &span{row: r, left: m.left, right: m.right, merged: true}
			}
			l.filled++
			if k := row[c].kind; k != partUnknown && k != partUnit {
				l.matched++
			}
		}
		grid[r-b.top] = row
	}
	s.fillAcross(grid, b)
	l.texts, l.hdrRow, l.meaning = make([]string, l.width), make([]int, l.width), make([]colMeaning, l.width)
	for c := range l.width {
		var parts []part
		for r := range grid {
			p := grid[r][c]
			if p.kind == partNone {
				continue
			}
			if n := len(parts); n > 0 && parts[n-1].text == p.text {
				continue // merged down, or repeated
			}
			parts = append(parts, p)
		}
		l.meaning[c].parts = parts
		texts := make([]string, len(parts))
		l.hdrRow[c] = b.stub
		for i, p := range parts {
			texts[i] = p.text
			l.hdrRow[c] = p.row
		}
		l.texts[c] = strings.Join(texts, " ")
	}
	l.read(s)
	return l
}

// fillAcross gives a blank cell of a group row the text on its left when
// the rows under it say what sets it apart (a year, 增长%): officials
// centre a group header across its columns instead of merging them.
func (s *sheetReader) fillAcross(grid [][]part, b headerBlock) {
	under := func(r, c int) bool {
		for _, row := range grid[r+1:] {
			switch row[c].kind {
			case partYear, partGrowthMark, partPointsMark, partLevel, partStatusMark:
				return true
			}
		}
		return false
	}
	for r := 0; r < len(grid)-1; r++ {
		row := grid[r]
		for c := 1; c < len(row); c++ {
			left := row[c-1]
			if row[c].kind != partNone || left.kind != partIndicator || slices.Contains(b.stubCols, c) || !under(r, c) || !under(r, c-1) {
				continue
			}
			if left.span == nil || left.span.merged {
				// A run of its own, from the merged range's first column.
				from := c - 1
				if left.span != nil {
					from = left.span.left
				}
				left.span = &span{row: left.row, left: from, right: c - 1}
				for k := from; k < c; k++ {
					row[k].span = left.span
				}
			}
			left.span.right = c
			row[c] = left
		}
	}
}

// mergeAt is the merged range that covers a cell of the header, or nil.
func (s *sheetReader) mergeAt(row, col int) *mergeRange {
	for _, m := range s.merges.all {
		if m.top > row {
			break
		}
		if row <= m.bottom && col >= m.left && col <= m.right {
			return m
		}
	}
	return nil
}

func (l *layout) complete() bool {
	if l.kind == townsSheet {
		return l.has(colName) && l.has(colTier)
	}
	if !l.has(colTownName) && !l.has(colTownID) {
		return false
	}
	if len(l.figures)+len(l.badUnits)+len(l.dups)+len(l.conflicts) == 0 {
		return false
	}
	return l.kind == yearSheet || l.has(colYear) || l.ctx.year != 0 || slices.ContainsFunc(l.figures, func(f figureCol) bool { return f.year != 0 })
}

func (l *layout) score() int { return l.matched*1000 + l.filled }
