package source

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzHeaderLayout writes real workbooks whose headers are made from the
// fuzzer's bytes: columns permuted, headers merged across columns or not,
// a row of years under them or not, blank and unknown headers, a unit row,
// a title. Whatever the header, Read must not panic, and no number may be
// dropped silently: when the sheet reads without errors, every number in
// a town's row is read into a record, or a warning names its column.
func FuzzHeaderLayout(f *testing.F) {
	f.Add([]byte{3, 0, 0, 5, 1, 1, 0, 1, 2})
	f.Add([]byte{4, 1, 0, 0, 0, 3, 2, 2, 9, 7})
	f.Add([]byte{5, 6, 2, 3, 4, 5, 0, 1, 255, 128, 64})
	f.Add([]byte{2, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0})
	cfg := testConfig()
	f.Fuzz(func(t *testing.T, program []byte) {
		next := func() int {
			if len(program) == 0 {
				return 0
			}
			b := int(program[0])
			program = program[1:]
			return b
		}
		sh, numbers := headerSheet(next)
		book := xlsx(t, sh)
		data, problems := Read(fstest.MapFS{"data/f.xlsx": {Data: book}}, cfg)
		if data == nil {
			t.Fatal("nil data")
		}
		if problems.HasErrors() {
			return // nothing is built: no silent drop
		}
		read := map[string]bool{}
		for _, v := range data.Values {
			for _, ns := range [][]Number{v.Values, v.Growth, v.Points()} {
				for _, n := range ns {
					read[n.Loc.Cell()] = true
				}
			}
		}
		for _, v := range data.Totals {
			for _, ns := range [][]Number{v.Values, v.Growth, v.Points} {
				for _, n := range ns {
					read[n.Loc.Cell()] = true
				}
			}
		}
		warned := map[string]bool{}
		for _, p := range problems {
			col, _ := splitCellName(p.Loc.Cell)
			warned[col] = true
			if p.Loc.Cell == "" {
				warned["*"] = true
			}
		}
		for _, cell := range numbers {
			col, _ := splitCellName(cell)
			if !read[cell] && !warned[col] && !warned["*"] {
				t.Fatalf("%s: a number neither read nor reported\nsheet: %+v\nproblems:\n%s", cell, sh, problems)
			}
		}
	})
}

func splitCellName(cell string) (col, row string) {
	i := strings.IndexFunc(cell, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return cell, ""
	}
	return cell[:i], cell[i:]
}

// headerSheet makes a sheet from a program of bytes, and lists the cells
// of its towns' rows that hold numbers (序号 columns apart, which hold
// nothing to read by design).
func headerSheet(next func() int) (sheet, []string) {
	groups := []string{"工业产值（亿元）", "新增投资", "经营主体（户）", "利润", "", "序号", "增长%", "研发投入占比（%）", "主要指标"}
	subs := []string{"2023年", "2024年", "增长%", "", "亿元", "增减（百分点）", "上年", "绝对值", "其中：出口"}
	n := 1 + next()%7
	title := next()%3 == 0
	sub := next()%2 == 0
	unitRow := next()%4 == 0
	stub := next() % (n + 1)
	top := 1
	var rows [][]any
	if title {
		rows = append(rows, []any{"2024年各镇主要指标"})
		top++
	}
	head := make([]any, n+1)
	under := make([]any, n+1)
	units := make([]any, n+1)
	var merge []string
	kinds := make([]string, n+1)
	for c := 0; c <= n; c++ {
		if c == stub {
			head[c] = "地区"
			continue
		}
		kinds[c] = groups[next()%len(groups)]
		head[c] = kinds[c]
		under[c] = subs[next()%len(subs)]
		units[c] = []string{"亿元", "%", "户", ""}[next()%4]
	}
	// Merge runs of the same group header, as yearbooks do, or leave the
	// repeats blank, or keep them.
	for c := 0; c <= n; {
		e := c
		for e+1 <= n && e+1 != stub && c != stub && kinds[e+1] == kinds[c] {
			e++
		}
		if e > c {
			switch next() % 3 {
			case 0:
				merge = append(merge, fmt.Sprintf("%s%d:%s%d", columnLetters(c), top, columnLetters(e), top))
				for k := c + 1; k <= e; k++ {
					head[k] = nil
				}
			case 1:
				for k := c + 1; k <= e; k++ {
					head[k] = nil
				}
			}
		}
		c = e + 1
	}
	rows = append(rows, head)
	if sub {
		under[stub] = nil
		rows = append(rows, under)
	}
	if unitRow {
		units[stub] = nil
		rows = append(rows, units)
	}
	var numbers []string
	for r := range 3 {
		row := make([]any, n+2)
		for c := 0; c <= n; c++ {
			if c == stub {
				row[c] = []string{"甲镇", "乙镇", "合计"}[r]
				continue
			}
			v := next()
			switch v % 5 {
			case 0:
				row[c] = "—"
			case 1:
				row[c] = fmt.Sprint(v)
			default:
				row[c] = float64(v) / 10
			}
			if v%5 != 0 && kinds[c] != "序号" {
				numbers = append(numbers, cellName(c, len(rows)+1))
			}
		}
		if next()%5 == 0 { // a number right of the table
			row[n+1] = 7
			numbers = append(numbers, cellName(n+1, len(rows)+1))
		}
		rows = append(rows, row)
	}
	slices.Sort(numbers)
	return sheet{name: "2024年", rows: rows, merge: merge}, numbers
}
