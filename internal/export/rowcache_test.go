package export

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// A row read back from the cache is the row kept, every field of every
// cell; rows past the limit are not kept, and reading does not need them.
func TestRowCacheKeepsEveryField(t *testing.T) {
	// packedCell carries each of Cell's fields: a field added to Cell
	// must be added to it too, or a cached row would lose it.
	if n := reflect.TypeFor[Cell]().NumField(); n != 7 {
		t.Fatalf("Cell has %d fields, rowCache packs 7: pack the new one", n)
	}
	below := Cell{Num: num.New(1, -1), Decimals: -1, Flag: status.Below, Note: 3}
	rows := [][]Cell{
		{Text("太原"), Num(num.New(-12345, -2), 2), NoNum(), Blank(), below},
		{{Text: "x", Num: num.Int(7), Decimals: 15, IsNum: true, Flag: status.Provisional | status.Revised, Note: 65535}, Int(2024)},
		{},
		{Text(""), {Num: num.New(5, 3), Decimals: -1, IsNum: true}},
	}
	var c rowCache
	defer func(was int) { maxCachedCells = was }(maxCachedCells)
	maxCachedCells = 8
	for round := range 2 { // and again, reset
		c.reset(true, 2, 4) // 8 cells, by the table's size
		for _, r := range rows {
			c.add(r)
		}
		if c.rows() != 3 { // the fourth would make 9 cells
			t.Fatalf("round %d: kept %d rows, want 3", round, c.rows())
		}
		var buf []Cell
		for i := range c.rows() {
			buf = c.next(buf)
			if !slices.Equal(buf, rows[i]) {
				t.Errorf("round %d row %d = %+v, want %+v", round, i, buf, rows[i])
			}
		}
	}
	c.reset(false, 0, 0)
	c.add(rows[0])
	if c.rows() != 0 {
		t.Errorf("a cache that is off kept %d rows", c.rows())
	}
	c.reset(true, 3, 3) // 9 cells: too many to keep
	c.add(rows[1])
	if c.rows() != 0 {
		t.Errorf("a cache for a table of more than maxCachedCells kept %d rows", c.rows())
	}
	c.reset(true, 3, 2)
	c.add([]Cell{Text("a")})
	c.add([]Cell{Int(1), {Num: num.Int(1), IsNum: true, Decimals: 200}})
	c.add([]Cell{Text("b")})
	if c.rows() != 1 || len(c.cells) != 1 {
		t.Errorf("after a cell it cannot keep, the cache holds %d rows, %d cells; want 1, 1", c.rows(), len(c.cells))
	}
}

// A number excelize is given as cellValue makes it (an int64 for a whole
// number) is written as the same XML as the float64 it stands for.
func TestCellValueWritesAsFloat(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 1, -1, 7, 2024, 255, 256, 1234567, -98765.0, 0.5, 1.25, -3.75, 19.9,
		1e14, 999999999999999, 1e15, -1e15, 1234567890123456, 1e20, 123456789012345.6, math.MaxInt64, math.Inf(1), math.NaN()}
	sheet := func(value func(float64) any) string {
		f := excelize.NewFile()
		defer f.Close()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		row := make([]any, len(values))
		for j, v := range values {
			row[j] = excelize.Cell{StyleID: 1, Value: value(v)}
		}
		if err := sw.SetRow("A1", row); err != nil {
			t.Fatal(err)
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		b, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
		if err != nil {
			t.Fatal(err)
		}
		r, err := zr.Open("xl/worksheets/sheet1.xml")
		if err != nil {
			t.Fatal(err)
		}
		x, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		// The cells, without the namespaces before them.
		_, data, _ := strings.Cut(string(x), "<sheetData>")
		return data
	}
	floats := sheet(func(v float64) any { return v })
	ints := sheet(cellValue)
	if floats != ints {
		t.Errorf("as given:\n%s\nas cellValue gives:\n%s", floats, ints)
	}
	if !strings.Contains(floats, "<v>2024</v>") || strings.Count(ints, "<c ") != len(values) {
		t.Errorf("sheet lacks its cells: %s", ints)
	}
	if _, ok := cellValue(2024).(int64); !ok {
		t.Error("2024 is not given as an int64")
	}
}
