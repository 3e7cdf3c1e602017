package export

import (
	"sync"

	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// rowCache keeps the rows of a made table (Table.Make) from the pass
// that measures the columns to the pass that writes the cells, so each
// row is made once: making a report's town row looks up every figure and
// growth of the town, which at national scale cost more than measuring
// and writing it. The cells are packed without pointers but for their
// texts (24 bytes a cell, which the garbage collector does not scan),
// and only for a table of at most maxCachedCells: a longer one's rows
// are made twice, so a sheet of any length holds a bounded amount of
// memory. (Should a row not fit, the rows before it are kept and the
// rest made again.)
type rowCache struct {
	on    bool
	full  bool
	cells []packedCell
	texts []string // the cells' texts, in order, for the cells with one
	ends  []int32  // row i's cells end at cells[ends[i]]
	// Where next reads.
	row, cell, text int
}

// maxCachedCells bounds a cache at about 29 MB: a national report's town
// sheet (40,000 towns × 28 columns, 27 MB) fits; the dataset's values
// sheet of 10,000 towns (100,000 rows of 40 columns) does not, and its
// rows, made from the model's series without growths, are cheap to
// make again. (A variable for the tests.)
var maxCachedCells = 1_200_000

// packedCell is a Cell but its text.
type packedCell struct {
	num  num.Dec
	note uint16
	dec  int8 // Cell.Decimals
	flag status.Flag
	bits uint8
}

const (
	packedNum uint8 = 1 << iota
	packedBlank
	packedText
)

// rowCaches are reused across sheets and workbooks: a cache's arrays are
// megabytes.
var rowCaches = sync.Pool{New: func() any { return new(rowCache) }}

// reset empties the cache for a table of rows × cols cells; on says
// whether it keeps rows at all (a table of stored rows needs none). Its
// arrays are made as large as the table needs at once, rather than
// grown to it (and copied) by append.
func (c *rowCache) reset(on bool, rows, cols int) {
	cells := rows * max(cols, 1)
	c.on, c.full = on && cells <= maxCachedCells, false
	c.cells, c.ends = c.cells[:0], c.ends[:0]
	if c.on {
		if cap(c.cells) < cells {
			c.cells = make([]packedCell, 0, cells)
		}
		if n := min(rows, cells); cap(c.ends) < n {
			c.ends = make([]int32, 0, n)
		}
	}
	clear(c.texts) // let the texts go
	c.texts = c.texts[:0]
	c.row, c.cell, c.text = 0, 0, 0
}

// add keeps row as the next row, if the cache is on and holds it. Once a
// row is not kept, no later row is: the cache holds rows 0 to rows()-1.
func (c *rowCache) add(row []Cell) {
	if !c.on || c.full {
		return
	}
	if len(c.cells)+len(row) > maxCachedCells {
		c.full = true
		return
	}
	n, nt := len(c.cells), len(c.texts)
	for _, x := range row {
		if x.Decimals != int(int8(x.Decimals)) {
			// Places no table has; rather than lose them, stop keeping.
			c.cells, c.texts = c.cells[:n], c.texts[:nt]
			c.full = true
			return
		}
		p := packedCell{num: x.Num, note: x.Note, dec: int8(x.Decimals), flag: x.Flag}
		if x.IsNum {
			p.bits |= packedNum
		}
		if x.blank {
			p.bits |= packedBlank
		}
		if x.Text != "" {
			p.bits |= packedText
			c.texts = append(c.texts, x.Text)
		}
		c.cells = append(c.cells, p)
	}
	c.ends = append(c.ends, int32(len(c.cells)))
}

// rows is how many rows the cache holds.
func (c *rowCache) rows() int { return len(c.ends) }

// next writes the next row kept into buf, as Table.Row does; rows are
// read in the order they were added, each once.
func (c *rowCache) next(buf []Cell) []Cell {
	end := int(c.ends[c.row])
	c.row++
	buf = buf[:0]
	for _, p := range c.cells[c.cell:end] {
		x := Cell{Num: p.num, Decimals: int(p.dec), IsNum: p.bits&packedNum != 0, blank: p.bits&packedBlank != 0, Flag: p.flag, Note: p.note}
		if p.bits&packedText != 0 {
			x.Text = c.texts[c.text]
			c.text++
		}
		buf = append(buf, x)
	}
	c.cell = end
	return buf
}
