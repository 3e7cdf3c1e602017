package source

import (
	"math"
	"testing"
	"testing/fstest"
)

// FuzzReadGenerated writes real workbooks with excelize from fuzzed cell
// texts, as an official might type them, and reads them back: Read must
// report or read every cell, never panic, never make up a number.
func FuzzReadGenerated(f *testing.F) {
	f.Add("甲镇", "省级", "19.9", "2023", "1,250")
	f.Add("=SUM(A1)", "国家级", "12k", "2023年", "—")
	f.Add("合计", "", "#DIV/0!", "二〇二三", "１２３．４")
	f.Add("注：数据为示例", "市级", "45047", "2023-05-01", "-")
	f.Add("\x01镇", "县级", "1e400", "99999", "3亿元")
	f.Fuzz(func(t *testing.T, town, tier, value, year, value2 string) {
		book := xlsx(t,
			sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别", "认定年份"}, {town, tier, year}}},
			sheet{name: "指标数据", rows: [][]any{{"专业镇", "年份", "工业产值（亿元）", "经营主体（户）"}, {town, year, value, value2}}},
			sheet{name: "2023年", rows: [][]any{{"专业镇", "工业产值"}, {town, value}, {"乙镇", value2}}},
		)
		// The reader's own sheet stream agrees with excelize's row
		// iterator cell for cell on what excelize wrote.
		compareWithExcelize(t, book)
		data, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, testConfig())
		if data == nil {
			t.Fatal("nil data")
		}
		for _, p := range problems {
			if p.Loc.File != "data/x.xlsx" || p.Msg == "" {
				t.Fatalf("problem without a place or a message: %v", p)
			}
		}
		for _, v := range data.Values {
			if v.Town.S == "" || !v.Year.Valid {
				t.Fatalf("a values record without a town or year was kept: %+v", v)
			}
			for id, n := range v.Values {
				if n.Valid && (math.IsNaN(n.V) || math.IsInf(n.V, 0)) {
					t.Fatalf("indicator %d: %v read as a number", id, n.V)
				}
				if !n.Valid && n.V != 0 {
					t.Fatalf("indicator %d: missing value carries %v", id, n.V)
				}
			}
		}
		for _, r := range data.Towns {
			if r.Name.S == "" || r.Tier.S == "" {
				t.Fatalf("a town without a name or tier was kept: %+v", r)
			}
		}
	})
}
