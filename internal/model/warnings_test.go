package model

import (
	"strings"
	"testing"
)

func TestStatedGrowthIsCheckedAgainstLevels(t *testing.T) {
	data := sampleData()
	stated := func(i int, v float64, cell string) {
		data.Values[i].Growth = growthOf(numCell(v, cell))
	}
	stated(1, 20.6, "E3") // p1: 19.9 -> 24.0 is 20.60%: agrees
	stated(3, 25, "E5")   // 电机小镇: 10 -> 12 is 20%: 5 points off
	stated(3, 25, "E5")
	data.Values[5].Growth = growthOf(numCell(3, "E7")) // m2 had no 2023 output: cannot be checked
	stated(0, 99, "E2")                                // 2023 is the first year: nothing to compare with
	_, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatalf("problems: %v", problems)
	}
	want := "data/t.xlsx:s!E5: warning: 工业产值 growth of 电机小镇: 25% is typed, but 工业产值 went from 10 to 12 亿元 (2023 to 2024), a growth of 20.0% (expected within 0.5 points of the growth computed from the levels; check both cells)"
	if problems.Error() != want {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
}

func TestStatedGrowthToleranceIsHalfAPoint(t *testing.T) {
	for _, c := range []struct {
		stated float64
		warned bool
	}{{20.5, false}, {19.5, false}, {20.51, true}, {19.4, true}, {-20, true}} {
		data := sampleData()
		data.Values[3].Growth = growthOf(numCell(c.stated, "E5")) // computed: 20%
		_, problems := New(loadConfig(t), data)
		if got := len(problems) > 0; got != c.warned {
			t.Errorf("stated %v: warned = %v, want %v (%v)", c.stated, got, c.warned, problems)
		}
	}
}

func TestTownWithoutLatestYearIsWarned(t *testing.T) {
	data := sampleData()
	data.Values = append(data.Values[:5], data.Values[6:]...) // drop m2's 2024 row
	site, problems := New(loadConfig(t), data)
	if site == nil {
		t.Fatalf("problems: %v", problems)
	}
	want := "data/t.xlsx:s!B4: warning: 花卉小镇 has no data for 2024, the latest year in the workbooks (expected a row with its numbers for 2024; write — in a cell that has no data)"
	if problems.Error() != want {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
	// A row of nothing but no-data cells is no data either.
	data = sampleData()
	data.Values[5] = values("7", "m2", 2024, nil, nil)
	_, problems = New(loadConfig(t), data)
	if !strings.Contains(problems.Error(), "花卉小镇 has no data for 2024") {
		t.Errorf("an empty 2024 row: %v", problems)
	}
}
