package source

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// sparseWideBook is a values sheet of n towns in which every data row also
// has one cell in Excel's last column, XFD, as a stray format or a note
// pasted far to the right leaves it.
func sparseWideBook(tb testing.TB, n int) []byte {
	var b strings.Builder
	b.WriteString(hostileHeader)
	for r := 2; r < n+2; r++ {
		fmt.Fprintf(&b, `<row r="%d">%s%s<c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, is(r, 0, fmt.Sprintf("镇%d", r)), num(r, 1, "1.5"), r)
	}
	return sheetBook(tb, b.String())
}

// BenchmarkReadSparseWideRows reads 1,000 rows that each reach column
// XFD with three cells: the work should follow the cells, not the columns.
func BenchmarkReadSparseWideRows(b *testing.B) {
	fsys := fstest.MapFS{"data/x.xlsx": {Data: sparseWideBook(b, 1_000)}}
	cfg := testConfig()
	b.ReportAllocs()
	for b.Loop() {
		data, problems := Read(fsys, cfg)
		if problems.HasErrors() || len(data.Values) != 1_000 {
			b.Fatalf("%d values; %v", len(data.Values), problems)
		}
	}
}
