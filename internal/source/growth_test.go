package source

import (
	"testing"
	"testing/fstest"
)

// Officials often type the growth rate beside the level. Those columns are
// read, not published, so that the model can check them.
func TestReadStatedGrowthColumns(t *testing.T) {
	book := xlsx(t,
		sheet{name: "2024年", rows: [][]any{
			{"专业镇", "工业产值（亿元）", "工业产值增速（%）", "产值同比增长", "新增投资(亿元)增长率", "经营主体增幅(户)", "新增投资 growth"},
			{"甲镇", 19.9, "32.6%", 1, "12.5", 7, 3},
			{"乙镇", 5, "—", nil, "百分之五", nil, nil},
		}},
	)
	data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	checkProblems(t, problems, []string{
		// The same indicator's growth twice: the second is a duplicate.
		`data/t.xlsx:2024年!D1: duplicate column: "产值同比增长" holds the same as "工业产值增速(%)" in C1 (keep one of them)`,
		// A unit that is not % is not a growth rate.
		`data/t.xlsx:2024年!F1: warning: column "经营主体增幅(户)" holds numbers (F2) but is not read: it is not a configured indicator (to read it, add it to [[indicators]] or to an indicator's aliases in config.toml; to silence this, add it to [columns] ignore)`,
		`data/t.xlsx:2024年!G1: duplicate column: "新增投资 growth" holds the same as "新增投资(亿元)增长率" in E1 (keep one of them)`,
		`data/t.xlsx:2024年!E3: 新增投资(亿元)增长率: "百分之五" is not a number (expected a number such as 19.9, or — for no data)`,
	})
	if len(data.Values) != 2 {
		t.Fatalf("values: %+v", data.Values)
	}
	g := data.Values[0].Growth
	if n := g[ind("output")]; !n.Valid || n.V != 32.6 || n.Loc.String() != "data/t.xlsx:2024年!C2" {
		t.Errorf("output growth = %+v", n)
	}
	if n := g[ind("investment")]; !n.Valid || n.V != 12.5 {
		t.Errorf("investment growth = %+v", n)
	}
	if n, _ := data.Values[1].GrowthOf(ind("output")); n.Valid {
		t.Errorf("— read as a growth rate: %+v", n)
	}
	if _, ok := data.Values[0].Value(ind("output")); !ok {
		t.Error("the level column is not read beside the growth column")
	}
}
