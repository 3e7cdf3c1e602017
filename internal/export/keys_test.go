package export

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
	"github.com/townpress/townpress/layouts"
)

// keyTable is a table with every field set, each leaf different from its
// zero value.
func keyTable() *Table {
	return &Table{
		Name: "n", Sheet: "s", Title: "t", Description: "d",
		Columns:      []Column{{Name: "c", Title: "ct", Type: "number", Unit: "u", Decimals: 1, Right: true}},
		Rows:         [][]Cell{{{Text: "x", Num: num.Int(7), Decimals: 2, IsNum: true, blank: true, Flag: status.Provisional, Note: 1}}},
		Notes:        []string{"note"},
		Charts:       []ChartSpec{{Title: "ch", Kind: "col", Category: 1, Values: []int{1}, FirstRow: 1, Rows: 1, YAxisTitle: "y", SeriesRows: []int{1}, FirstCol: 1}},
		Missing:      "—",
		TotalRows:    map[int]bool{0: true},
		CoverageRows: map[int]bool{0: true},
		Rule:         num.HalfEven,
		Note:         "sample",
		Report:       true,
	}
}

// TestTableSumSeesEveryField changes every field of a table, its columns,
// charts and cells and a workbook's properties in turn, and fails on one
// the digest does not see: a key of downloads made from it would take an
// old file for a new one. A field added to these types is found here.
func TestTableSumSeesEveryField(t *testing.T) {
	props := Props{Title: "t", Subject: "s", Creator: "c", Description: "d", Keywords: "k", Language: "l", Time: "tm"}
	sum := func(p Props, tb *Table) [32]byte { return WorkbookSum(p, []*Table{tb}, nil) }
	base := sum(props, keyTable())
	// Make, Legend and Fill are tested below; N with Make (a table with
	// rows stored has len(Rows) of them whatever N says).
	funcs := map[string]bool{"Table.Make": true, "Table.Legend": true, "Table.Fill": true}
	for _, c := range []struct {
		name string
		make func() any
		set  func(x any) [32]byte
	}{
		{"Table", func() any { return keyTable() }, func(x any) [32]byte { return sum(props, x.(*Table)) }},
		{"Props", func() any { p := props; return &p }, func(x any) [32]byte { return sum(*x.(*Props), keyTable()) }},
	} {
		paths := keyLeaves(t, reflect.ValueOf(c.make()).Elem(), c.name, funcs)
		if len(paths) < 7 {
			t.Fatalf("%s: only %d leaves found", c.name, len(paths))
		}
		for _, p := range paths {
			if p == "Table.N" {
				continue
			}
			x := c.make()
			if !keyChange(reflect.ValueOf(x).Elem(), strings.Split(p, ".")[1:]) {
				t.Fatalf("%s: cannot change", p)
			}
			if c.set(x) == base {
				t.Errorf("%s changed and the digest did not", p)
			}
		}
	}
	// The one unexported field, and the functions.
	tb := keyTable()
	tb.Rows[0][0].blank = false
	if sum(props, tb) == base {
		t.Errorf("Cell.blank changed and the digest did not")
	}
	tb = keyTable()
	tb.N, tb.Make = 1, func(i int, row []Cell) []Cell { return append(row, Text("made")) }
	made := sum(props, tb)
	if made == base {
		t.Errorf("a made row differs from the stored one and the digest did not see it")
	}
	tb.N = 2
	if sum(props, tb) == made {
		t.Errorf("Table.N of a made table changed and the digest did not")
	}
	shownNote := func(s Shown) []string {
		var out []string
		for _, n := range s.Notes() {
			out = append(out, "note "+string(rune('0'+n)))
		}
		return out
	}
	tb = keyTable()
	tb.Legend = shownNote
	withLegend := sum(props, tb)
	tb.Rows[0][0].Note = 2 // the same cells but for their note: the legend's line differs too
	if withLegend == base || sum(props, tb) == withLegend {
		t.Errorf("a legend's lines are not seen")
	}
	// A filled table is digested as filled from the sheets before it.
	fill := func(note uint16) [32]byte {
		first := keyTable()
		first.Rows[0][0].Note = note
		filled := keyTable()
		filled.Rows = nil
		filled.Fill = func(s Shown) [][]Cell { return [][]Cell{{Text(strings.Join(shownNote(s), ","))}} }
		return WorkbookSum(props, []*Table{first, filled}, nil)
	}
	if fill(1) == fill(2) {
		t.Errorf("a table filled from what the sheets before it show is not digested as filled")
	}
	// Sums made already give what WorkbookSum makes itself.
	a, b := keyTable(), keyTable()
	if WorkbookSum(props, []*Table{a, b}, []TableSum{a.Sum(), b.Sum()}) != WorkbookSum(props, []*Table{a, b}, nil) {
		t.Errorf("WorkbookSum with the tables' sums differs from WorkbookSum making them")
	}
	// Moving a row between tables, or a cell between rows, is a change.
	split := func(rows ...[][]Cell) [32]byte {
		var tables []*Table
		for _, r := range rows {
			tb := keyTable()
			tb.Rows = r
			tables = append(tables, tb)
		}
		return WorkbookSum(props, tables, nil)
	}
	x, y := Text("x"), Text("y")
	if split([][]Cell{{x, y}}, nil) == split([][]Cell{{x}}, [][]Cell{{y}}) || split([][]Cell{{x, y}}) == split([][]Cell{{x}, {y}}) {
		t.Errorf("cells moved between rows or tables digest the same")
	}
}

// keyLeaves lists the paths of the settable leaves of v; it fails on an
// unexported field it does not know (Cell.blank, tested on its own) and
// skips the functions named in funcs.
func keyLeaves(t *testing.T, v reflect.Value, at string, funcs map[string]bool) []string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return keyLeaves(t, v.Elem(), at, funcs)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[num.Dec]() {
			return []string{at}
		}
		var out []string
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name := v.Type().Name() + "." + f.Name
			if !f.IsExported() {
				if name != "Cell.blank" {
					t.Errorf("%s: an unexported field the digest's test does not know", name)
				}
				continue
			}
			if f.Type.Kind() == reflect.Func {
				if !funcs[name] {
					t.Errorf("%s: a function the digest's test does not know", name)
				}
				continue
			}
			out = append(out, keyLeaves(t, v.Field(i), at+"."+f.Name, funcs)...)
		}
		return out
	case reflect.Slice:
		if v.Len() == 0 {
			return []string{at} // an empty slice: changed by an element added
		}
		return keyLeaves(t, v.Index(0), at+".0", funcs)
	}
	return []string{at}
}

// keyChange changes the leaf at path in v.
func keyChange(v reflect.Value, path []string) bool {
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if len(path) == 0 {
		if !v.CanSet() {
			return false
		}
		switch v.Kind() {
		case reflect.String:
			v.SetString(v.String() + "!")
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(v.Int() + 1)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(v.Uint() + 1)
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Map:
			v.SetMapIndex(reflect.ValueOf(99), reflect.ValueOf(true))
		case reflect.Slice:
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
		case reflect.Struct: // num.Dec
			v.Set(reflect.ValueOf(num.Int(12345)))
		default:
			return false
		}
		return true
	}
	if path[0] == "0" {
		return keyChange(v.Index(0), path[1:])
	}
	f := v.FieldByName(path[0])
	if !f.IsValid() {
		return false
	}
	return keyChange(f, path[1:])
}

// TestWriteWorkbookSumIsWorkbookSum holds the digest a workbook is keyed
// by when it is made as it is written (WriteWorkbookSum, the rows
// digested in the pass that measures them) to the digest made without
// writing it (WorkbookSum), and the bytes written to WriteWorkbook's: for
// report workbooks with marks and footnotes (a notes sheet with Fill, a
// legend per sheet), the dataset, a table of stored rows, and a long
// table cut across sheets.
func TestWriteWorkbookSumIsWorkbookSum(t *testing.T) {
	site := generated(t, 60, true)
	l, err := i18n.Load("zh-CN", "", layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]func() (Props, []*Table){
		"data": func() (Props, []*Table) { return DataProps(site), DataTables(site) },
		"key table": func() (Props, []*Table) {
			tb := keyTable()
			tb.Charts = nil // a chart of this one-column table draws nothing
			return Props{Title: "t"}, []*Table{tb}
		},
	}
	for _, y := range site.ReportYears() {
		rep := &Report{Site: site, Lang: l, Year: y}
		cases["report "+strconv.Itoa(y)] = func() (Props, []*Table) { return rep.Props(), rep.Tables() }
	}
	for name, tables := range cases {
		for _, limit := range []int{maxSheetRows, 7} {
			t.Run(name+" rows "+strconv.Itoa(limit), func(t *testing.T) {
				defer func(was int) { maxSheetRows = was }(maxSheetRows)
				maxSheetRows = limit
				var want, got bytes.Buffer
				props, tabs := tables()
				if err := WriteWorkbook(&want, props, tabs); err != nil {
					t.Fatal(err)
				}
				props, tabs = tables()
				sum, err := WriteWorkbookSum(&got, props, tabs)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Errorf("WriteWorkbookSum wrote other bytes than WriteWorkbook")
				}
				props, tabs = tables()
				if sum != WorkbookSum(props, tabs, nil) {
					t.Errorf("WriteWorkbookSum's digest is not WorkbookSum's")
				}
			})
		}
	}
}
