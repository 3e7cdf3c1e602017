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

func TestDecimalsThatHideFiguresAreWarned(t *testing.T) {
	data := sampleData()
	data.Values[1].Values[output] = numCell(0.15, "C3") // shown 0.2: a third more
	data.Values[2].Values[output] = numCell(0.75, "C4") // shown 0.8: within a fifth
	data.Values[3].Values[output] = numCell(0.04, "C5") // shown 0.0: all of it
	_, problems := New(loadConfig(t), data)
	if problems.HasErrors() {
		t.Fatalf("problems: %v", problems)
	}
	want := "data/t.xlsx:s!C5: warning: 工业产值 is rounded to decimals = 1, which moves 2 of its figures by more than a fifth: 电机小镇's 2024 figure 0.04 亿元 is shown 0.0 (expected decimals = 2 for 工业产值 in config.toml, or its figures in a smaller unit)"
	if problems.Error() != want {
		t.Errorf("problems:\n%s\nwant:\n%s", problems, want)
	}
	if zh := problems[0].Zh; !strings.Contains(zh, "电机小镇 2024 年的 0.04 亿元显示为 0.0（建议在 config.toml 中把工业产值的 decimals 改为 2") {
		t.Errorf("in Chinese: %s", zh)
	}
	// The places suggested show the figure that needs the most.
	data.Values[2].Values[output] = numCell(0.001, "C4")
	if _, problems := New(loadConfig(t), data); !strings.Contains(problems.Error(), "moves 3 of its figures") || !strings.Contains(problems.Error(), "expected decimals = 3") {
		t.Errorf("with 0.001: %v", problems)
	}
}

func TestDecimalsWarningBoundary(t *testing.T) {
	for _, c := range []struct {
		v      float64
		warned bool
	}{
		{0.25, false},   // shown 0.3: a fifth exactly
		{0.14, true},    // shown 0.1: 29%
		{0.12, false},   // shown 0.1: 17%
		{-0.05, true},   // shown -0.1
		{0.001, true},   // shown 0.0
		{12.345, false}, // shown 12.3
		{0, false},      // nothing to move
	} {
		data := sampleData()
		data.Values[3].Values[output] = numCell(c.v, "C5")
		_, problems := New(loadConfig(t), data)
		if got := len(problems) > 0; got != c.warned {
			t.Errorf("%v: warned = %v, want %v (%v)", c.v, got, c.warned, problems)
		}
	}
}

// Figures typed in one unit and shown in another are checked as shown:
// 500 万元 is 0.05 亿元.
func TestDecimalsWarningSeesTheUnitShown(t *testing.T) {
	for _, c := range []struct {
		typed  float64
		warned bool
	}{{500, true}, {5000, false}, {4000000, false}} {
		cfg := loadConfig(t)
		cfg.Indicators[output].Unit = "万元"
		cfg.Indicators[output].DisplayUnit = "亿元"
		cfg.Indicators[output].DisplayFactor = 0.0001
		data := sampleData()
		for i := range data.Values {
			if v := data.Values[i].Values[output]; v.Valid {
				data.Values[i].Values[output] = numCell(v.V*10000, v.Loc.Cell())
			}
		}
		data.Values[3].Values[output] = numCell(c.typed, "C5")
		_, problems := New(cfg, data)
		if got := len(problems) > 0; got != c.warned {
			t.Errorf("%v 万元: warned = %v, want %v (%v)", c.typed, got, c.warned, problems)
		}
		if c.warned && !strings.Contains(problems.Error(), "figure 0.05 亿元 is shown 0.1") {
			t.Errorf("%v 万元: %v", c.typed, problems)
		}
	}
}
