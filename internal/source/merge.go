package source

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// mergeRange is a merged range of cells, 0-based columns and 1-based rows.
// Excel keeps the text of a merged range in its first cell only; the
// reader fills the others with it, so that a header merged across three
// columns heads each of them and a 级别 merged down five rows is each
// row's tier.
type mergeRange struct {
	left, right int // columns, inclusive
	top, bottom int // rows, inclusive
	text        string
}

func (m *mergeRange) ref() string {
	return cellName(m.left, m.top) + ":" + cellName(m.right, m.bottom)
}

func (m *mergeRange) rows() int { return m.bottom - m.top + 1 }
func (m *mergeRange) cols() int { return m.right - m.left + 1 }

// merges are a sheet's merged ranges and the ones that cover the row
// being read.
type merges struct {
	all    []*mergeRange // by top row
	next   int           // the first of all not yet reached
	active []*mergeRange // covering the current row
	row    int           // the current row: the last one filled
	known  bool          // false when the sheet's merges could not be read
}

// sheetMerges reads the merged ranges of a sheet from its XML. They are
// written after the cells (<mergeCells> follows <sheetData>), which the
// row stream never reaches, and excelize's GetMergeCells would first
// parse every cell of the sheet into memory: a national sheet of five
// million cells. The reader looks at the part's bytes after </sheetData>
// instead. A sheet too large to be kept in memory (see maxXMLInMemory)
// has no merges read; its merged cells then read as empty, which the
// rules on empty headers and empty towns report.
func sheetMerges(wb *excelize.File, part string) merges {
	raw, _ := wb.Pkg.Load(part)
	b, ok := raw.([]byte)
	if !ok {
		return merges{}
	}
	ms := merges{known: true}
	i := bytes.LastIndex(b, []byte("sheetData>"))
	if i < 0 {
		return ms
	}
	tail := b[i:]
	if !bytes.Contains(tail, []byte("mergeCell")) {
		return ms
	}
	d := xml.NewDecoder(bytes.NewReader(tail[len("sheetData>"):]))
	d.Strict = false
	for len(ms.all) < maxMerges {
		tok, err := d.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "mergeCell" {
			continue
		}
		for _, a := range se.Attr {
			if a.Name.Local != "ref" {
				continue
			}
			from, to, _ := strings.Cut(a.Value, ":")
			c1, r1, ok1 := parseCell(strings.ReplaceAll(from, "$", ""))
			c2, r2, ok2 := parseCell(strings.ReplaceAll(to, "$", ""))
			if ok1 && ok2 {
				m := &mergeRange{left: min(c1, c2), right: max(c1, c2), top: min(r1, r2), bottom: max(r1, r2)}
				if m.rows() > 1 || m.cols() > 1 {
					ms.all = append(ms.all, m)
				}
			}
		}
	}
	slices.SortStableFunc(ms.all, func(a, b *mergeRange) int { return a.top - b.top })
	return ms
}

// maxMerges bounds the merged ranges read from one sheet: a hostile file
// could list millions.
const maxMerges = 100_000

// fill writes the text of each merged range into all of its cells in row,
// as far as width columns (the table's; header rows pass the row's own),
// and returns the row. active is left holding the ranges that cover row.
func (ms *merges) fill(row int, cells []string, width int) []string {
	if len(ms.all) == 0 {
		return cells
	}
	ms.row = row
	// Ranges begin in order of their top row and are dropped once the
	// rows go past their bottom, so each row looks only at its own.
	kept := ms.active[:0]
	for _, m := range ms.active {
		if m.bottom >= row {
			kept = append(kept, m)
		}
	}
	ms.active = kept
	for ms.next < len(ms.all) && ms.all[ms.next].top <= row {
		if m := ms.all[ms.next]; m.bottom >= row {
			ms.active = append(ms.active, m)
		}
		ms.next++
	}
	for _, m := range ms.active {
		if m.top == row {
			m.text = cell(cells, m.left)
		}
		right := min(m.right, width-1)
		if right >= len(cells) && m.text != "" {
			cells = append(cells, make([]string, right+1-len(cells))...)
		}
		for c := m.left; c <= right && c < len(cells); c++ {
			if c != m.left || row != m.top {
				cells[c] = m.text
			}
		}
	}
	return cells
}

// nextCovered is the first row after row and before next that a merged
// range covers, or next if none does. The sheet's XML leaves out a row
// without cells, and such a row inside a range is still filled with its
// text; rows are asked for in order, after the last one filled.
func (ms *merges) nextCovered(row, next int) int {
	first := next
	for _, m := range ms.active {
		if m.bottom > row {
			return min(row+1, next)
		}
	}
	for _, m := range ms.all[ms.next:] {
		if m.top >= first {
			break
		}
		if m.bottom > row {
			first = min(first, max(m.top, row+1))
		}
	}
	return first
}

// at is the range that covers column col of the current row, or nil.
func (ms *merges) at(col int) *mergeRange {
	for _, m := range ms.active {
		if col >= m.left && col <= m.right {
			return m
		}
	}
	return nil
}
