package source

import (
	"bytes"
	"fmt"
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/status"
)

// flagName names a set of marks in test messages: "p+r", "c", "".
func flagName(f status.Flag) string {
	var parts []string
	for _, g := range status.Flags {
		if f.Has(g) {
			parts = append(parts, g.Key())
		}
	}
	return strings.Join(parts, "+")
}

// readMarked reads one workbook as data/t.xlsx with the test config.
func readMarked(t *testing.T, book []byte) (*Data, diag.List) {
	t.Helper()
	return Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
}

// cellForm is a figure cell as an office types it and what it must read as.
type cellForm struct {
	cell string
	want string // the figure (or a bound's value), "" for none
	flag status.Flag
}

// Every way a workbook marks a figure in its own cell is read from a real
// workbook: each built-in symbol after a number (12.5p, 12.5（初步）,
// 12.5 修订), the marks of a cell without a figure alone (*, 保密, 不适用),
// bounds (<0.1), footnote marks resolved against the notes under the
// table (注：①…), a year the notes call provisional, and a comment on a
// cell read as its note. What is not a mark is an error naming its cell.
func TestReadMarkedCells(t *testing.T) {
	var forms []cellForm
	for _, f := range status.Flags {
		for _, sym := range status.DefaultSymbols[f] {
			switch {
			case f.Blank():
				forms = append(forms, cellForm{cell: sym, flag: f})
			case len(sym) == 1:
				// A letter follows the number, with or without a space,
				// in either case, or in brackets.
				forms = append(forms,
					cellForm{cell: "12.5" + sym, want: "12.5", flag: f},
					cellForm{cell: "12.5 " + strings.ToUpper(sym), want: "12.5", flag: f},
					cellForm{cell: "12.5(" + sym + ")", want: "12.5", flag: f})
			default:
				forms = append(forms,
					cellForm{cell: "12.5" + sym, want: "12.5", flag: f},
					cellForm{cell: "12.5（" + sym + "）", want: "12.5", flag: f})
			}
		}
	}
	forms = append(forms,
		cellForm{cell: "12.5", want: "12.5"},
		cellForm{cell: "12.5 bp", want: "12.5", flag: status.Break | status.Provisional},
		cellForm{cell: "19.9亿元p", want: "19.9", flag: status.Provisional},
		cellForm{cell: "<0.1", want: "0.1", flag: status.Below},
		cellForm{cell: "＜0.05", want: "0.05", flag: status.Below},
		cellForm{cell: "—p"}, // a mark on no data: still no data
		cellForm{cell: "—"},
	)
	rows := [][]any{{"专业镇", "年份", "工业产值（亿元）"}}
	for i, f := range forms {
		rows = append(rows, []any{fmt.Sprintf("镇%d", i+1), 2023, f.cell})
	}
	first := len(rows) + 1 // the row of the first footnote case
	rows = append(rows,
		[]any{"注一", 2023, "12.5①"},
		[]any{"注二", 2023, "12.5r①"},
		[]any{"注三", 2023, "12.5#"},
		[]any{"注四", 2023, "12.5②"}, // no note says what ② means
		[]any{"批注", 2023, 7.5},     // a comment on its cell
		[]any{"坏一", 2023, "12.5x"},
		[]any{"坏二", 2023, "<-1"},
		[]any{"坏三", 2023, "12.5(备注)"},
		nil,
		[]any{"注：①2023年数据根据第五次全国经济普查结果修订。2024年为初步数。"},
		[]any{"#含新投产企业。"},
	)
	row := func(k int) string { return fmt.Sprint(first + k) }
	data, problems := readMarked(t, xlsx(t, sheet{name: "指标数据", rows: rows, comments: map[string]string{"C" + row(4): "含2023年新认定企业，\n不含个体户"}}))
	checkProblems(t, problems, []string{
		`data/t.xlsx:指标数据!C` + row(3) + `: warning: the figure is marked ②, but no note under the table says what ② means...`,
		`data/t.xlsx:指标数据!C` + row(5) + `: 工业产值: "12.5x" is not a number...`,
		`data/t.xlsx:指标数据!C` + row(6) + `: 工业产值: "<-1" is not a bound such as <0.1...`,
		`data/t.xlsx:指标数据!C` + row(7) + `: 工业产值: "12.5(备注)" is not a number...`,
	})
	out := ind("output")
	for i, f := range forms {
		if i >= len(data.Values) {
			t.Fatalf("only %d records", len(data.Values))
		}
		n := data.Values[i].Values[out]
		got := ""
		if n.Valid || n.Flag.Has(status.Below) {
			got = n.D.String()
		}
		if got != f.want || n.Flag != f.flag || n.Valid != (f.want != "" && !f.flag.Has(status.Below)) {
			t.Errorf("%s (%q): read %q %s valid=%v, want %q %s", n.Loc, f.cell, got, flagName(n.Flag), n.Valid, f.want, flagName(f.flag))
		}
		if want := fmt.Sprintf("data/t.xlsx:指标数据!C%d", i+2); n.Loc.String() != want {
			t.Errorf("%q read at %s, want %s", f.cell, n.Loc, want)
		}
	}
	if n := data.Values[len(forms)+1].Values[out]; n.Flag != status.Revised || !n.Valid {
		t.Errorf("12.5r①: %+v, want revised", n)
	}
	notes := map[string]CellNote{}
	for _, n := range data.Notes {
		notes[n.At.Cell()] = n
	}
	for cell, want := range map[string]CellNote{
		"C" + row(0): {Mark: "①", Text: "2023年数据根据第五次全国经济普查结果修订。2024年为初步数。"},
		"C" + row(1): {Mark: "①", Text: "2023年数据根据第五次全国经济普查结果修订。2024年为初步数。"},
		"C" + row(2): {Mark: "#", Text: "含新投产企业。"},
		"C" + row(4): {Mark: "", Text: "含2023年新认定企业，不含个体户"},
	} {
		got, ok := notes[cell]
		if !ok || got.Mark != want.Mark || got.Text != want.Text {
			t.Errorf("note of %s = %+v, want %+v (notes: %+v)", cell, got, want, data.Notes)
		}
	}
	if _, ok := notes["C"+row(3)]; ok || len(data.Notes) != 4 {
		t.Errorf("notes = %+v, want 4 (② has no note)", data.Notes)
	}
	var buf bytes.Buffer
	WriteExplain(&buf, data.Sheets, diag.En)
	for _, line := range []string{
		"provisional: every figure of 2024, from the note in A" + fmt.Sprint(first+9),
		"notes: ① on C" + row(0) + ", C" + row(1) + ", from the notes under the table",
		"notes: # on C" + row(2) + ", from the notes under the table",
		"notes: comments on C" + row(4),
	} {
		if !strings.Contains(buf.String(), line) {
			t.Errorf("explain lacks %q:\n%s", line, buf.String())
		}
	}
	if len(data.Provisional) != 1 || data.Provisional[0].Year != 2024 || data.Provisional[0].At.String() != "data/t.xlsx:指标数据!A"+fmt.Sprint(first+9) {
		t.Errorf("provisional years = %+v, want 2024 from the note row", data.Provisional)
	}
}

// ParseStatus reads every built-in symbol, several together, and a
// footnote mark; anything else is an error.
func TestParseStatus(t *testing.T) {
	m := NewMarks(status.DefaultSymbols)
	for f, syms := range status.DefaultSymbols {
		for _, sym := range syms {
			if got, note, err := m.ParseStatus(" " + sym + " "); err != nil || got != f || note != "" {
				t.Errorf("ParseStatus(%q) = %s %q %v, want %s", sym, flagName(got), note, err, flagName(f))
			}
		}
	}
	for _, tt := range []struct {
		in   string
		flag status.Flag
		note string
		err  bool
	}{
		{in: ""}, {in: "—"},
		{in: "p r", flag: status.Provisional | status.Revised},
		{in: "初步、修订", flag: status.Provisional | status.Revised},
		{in: "pr", flag: status.Provisional | status.Revised},
		{in: "P/B", flag: status.Provisional | status.Break},
		{in: "r①", flag: status.Revised, note: "①"},
		{in: "修订①", flag: status.Revised, note: "①"},
		{in: "①", note: "①"},
		{in: "初步 ②", flag: status.Provisional, note: "②"},
		{in: "x", err: true},
		{in: "px", err: true},
		{in: "12.5", err: true},
		{in: "正常", err: true},
		{in: "保密 不适用", err: true},
	} {
		flag, note, err := m.ParseStatus(tt.in)
		if tt.err != (err != nil) || flag != tt.flag || note != tt.note {
			t.Errorf("ParseStatus(%q) = %s %q %v; want %s %q error=%v", tt.in, flagName(flag), note, err, flagName(tt.flag), tt.note, tt.err)
		}
	}
}

// A status column beside the figures, as offices keep one: an
// indicator's own (工业产值状态, 新增投资标志), 状态 under an indicator's
// merged header, and 数据状态 for every figure of the row; its cells
// hold every built-in symbol, several together, and footnote marks. The
// marks join those typed in the figure's own cell.
func TestReadStatusColumns(t *testing.T) {
	rows := [][]any{
		{"2024年各镇主要指标（示例）"},
		{"专业镇", "工业产值", nil, "新增投资（亿元）", "新增投资标志", "经营主体（户）", "经营主体状态", "数据状态"},
		{nil, "亿元", "状态", nil, nil, nil, nil, nil},
		{"甲", 12.5, "p", 3, "修订", 100, nil, nil},
		{"乙", 12.5, "初步、修订", 3, "e", 100, "b", nil},
		{"丙", "12.5e", "pr", 3, "估计", 100, "口径调整", "初步"},
		{"丁", nil, "保密", "—", "*", nil, "c", nil},
		{"戊", "—", "不适用", 3, "r①", 100, nil, "p r"},
		{"己", 12.5, "不适用", 3, nil, 100, nil, nil},
		{"庚", 12.5, "保密", 3, nil, 100, nil, nil},
		{"辛", 12.5, "x", 3, nil, 100, nil, "修正"},
		{"合计", 50, "初步", 18, nil, 600, nil, nil},
		{"注：①2024年投资含跨年结转项目（示例），不含土地购置费。"},
	}
	data, problems := readMarked(t, xlsx(t, sheet{name: "2024年", rows: rows, merge: []string{"A1:H1", "B2:C2", "A2:A3"}}))
	checkProblems(t, problems, []string{
		`data/t.xlsx:2024年!C9: marked 不适用 (not applicable), but B9 holds the figure 12.5 (expected an empty cell or — there, or another status mark)`,
		`data/t.xlsx:2024年!C10: warning: marked confidential: the figure 12.5 in B10 is withheld, not published (expected it empty in a published table; remove the mark to publish it)`,
		`data/t.xlsx:2024年!C11: 工业产值 状态: "x" is not a status mark (expected one or more of p 初步 初步数 初步核算 初步核算数, r 修订 修订数 调整后, e 估计 估计数 推算 推算数 估算, b 口径调整 口径变化, c * 保密 涉密, 不适用, f 最终 最终核实 最终核实数 终核, and a footnote mark such as ①; or empty for none)`,
		`data/t.xlsx:2024年!H11: 数据状态: "修正" is not a status mark...`,
	})
	output, investment, entities := ind("output"), ind("investment"), ind("entities")
	const (
		p, r, e, b = status.Provisional, status.Revised, status.Estimated, status.Break
		c, na      = status.Confidential, status.NotApplicable
	)
	want := []struct {
		town          string
		out, inv, ent status.Flag
		valid         [3]bool
	}{
		{"甲", p, r, 0, [3]bool{true, true, true}},
		{"乙", p | r, e, b, [3]bool{true, true, true}},
		{"丙", e | p | r, e | p, b | p, [3]bool{true, true, true}},
		{"丁", c, c, c, [3]bool{false, false, false}},
		{"戊", na, r | p, p | r, [3]bool{false, true, true}},
		{"己", 0, 0, 0, [3]bool{true, true, true}}, // an error: the build stops
		{"庚", c, 0, 0, [3]bool{false, true, true}},
		{"辛", 0, 0, 0, [3]bool{true, true, true}},
	}
	if len(data.Values) != len(want) {
		t.Fatalf("%d records, want %d", len(data.Values), len(want))
	}
	for i, w := range want {
		v := data.Values[i]
		for k, col := range []int{output, investment, entities} {
			flag := []status.Flag{w.out, w.inv, w.ent}[k]
			n := v.Values[col]
			if v.Town.S != w.town || n.Flag != flag || n.Valid != w.valid[k] {
				t.Errorf("%s %s: %s valid=%v, want %s valid=%v", v.Town.S, n.Loc, flagName(n.Flag), n.Valid, flagName(flag), w.valid[k])
			}
		}
	}
	if tot := data.Totals; len(tot) != 1 || tot[0].Values[output].Flag != p || tot[0].Values[investment].Flag != 0 {
		t.Errorf("合计 = %+v, want output provisional", tot)
	}
	if len(data.Notes) != 1 || data.Notes[0].At.String() != "data/t.xlsx:2024年!D8" || data.Notes[0].Text != "2024年投资含跨年结转项目（示例），不含土地购置费。" {
		t.Errorf("notes = %+v, want ① of D8 (its mark in the status cell E8)", data.Notes)
	}

	// check -explain shows what each status column marks.
	var buf bytes.Buffer
	if err := WriteExplain(&buf, data.Sheets, diag.En); err != nil {
		t.Fatal(err)
	}
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, line := range []string{
		"C: 工业产值 | 状态 → status marks of column B (工业产值 (Industrial output) 2024, in 亿元)",
		"E: 新增投资标志 → status marks of column D (新增投资 (New investment) 2024, in 亿元)",
		"G: 经营主体状态 → status marks of column F (经营主体 (Business entities) 2024, in 户)",
		"H: 数据状态 → status marks of every figure of the row",
		"notes: ① on D8, from the notes under the table",
	} {
		if !strings.Contains(squeeze(buf.String()), line) {
			t.Errorf("explain lacks %q:\n%s", line, buf.String())
		}
	}
	buf.Reset()
	WriteExplain(&buf, data.Sheets, diag.Zh)
	if !strings.Contains(squeeze(buf.String()), "H：数据状态 → 本行全部数字的状态标记") {
		t.Errorf("explain in Chinese:\n%s", buf.String())
	}
}

// A status column whose figures are not clear is an error at its header
// and is not read, rather than a guess at which figures are provisional.
func TestReadStatusColumnProblems(t *testing.T) {
	for _, tt := range []struct {
		name string
		rows [][]any
		want []string
	}{
		{
			name: "a bare 状态 in a table of several figures",
			rows: [][]any{{"专业镇", "工业产值", "新增投资", "状态"}, {"甲", 1, 2, "p"}},
			want: []string{`data/t.xlsx:2024年!D1: it is not clear which figures the status marks of 状态 are on (expected the column right of the figures it marks, 数据状态 for every figure of the row, or the indicator's name before it, such as 工业产值状态); column not read`},
		},
		{
			name: "a bare 状态 beside the only figures",
			rows: [][]any{{"专业镇", "工业产值", "状态"}, {"甲", 1, "p"}},
		},
		{
			name: "a status of an indicator the sheet does not have",
			rows: [][]any{{"专业镇", "工业产值", "新增投资状态"}, {"甲", 1, "p"}},
			want: []string{`data/t.xlsx:2024年!C1: status marks of 新增投资 (New investment), but the sheet has no column of its figures to mark; column not read`},
		},
		{
			name: "two status columns of one figure",
			rows: [][]any{{"专业镇", "工业产值", "工业产值状态", "工业产值标志"}, {"甲", 1, "p", "r"}},
			want: []string{`data/t.xlsx:2024年!D1: a second column of status marks of column B (C holds them already; keep one); column not read`},
		},
		{
			name: "two row status columns",
			rows: [][]any{{"专业镇", "工业产值", "数据状态", "状态标志"}, {"甲", 1, "p", "r"}},
			want: []string{`data/t.xlsx:2024年!D1: a second column of the row's status marks (C holds them already; keep one); column not read`},
		},
		{
			name: "a status under a growth",
			rows: [][]any{{"专业镇", "工业产值", "工业产值", nil}, {nil, "2024年", "增长%", "状态"}, {"甲", 1, 2, "p"}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, problems := readMarked(t, xlsx(t, sheet{name: "2024年", rows: tt.rows}))
			checkProblems(t, problems, tt.want)
			if len(tt.want) == 0 && len(data.Values) == 1 {
				if n := data.Values[0].Values[ind("output")]; n.Flag != status.Provisional {
					t.Errorf("output = %s, want provisional", flagName(n.Flag))
				}
			}
		})
	}
}

// A note merged across the table, as offices write them, is read once:
// its year is provisional once, and a footnote's text is not repeated.
func TestReadMergedNotes(t *testing.T) {
	data, problems := readMarked(t, xlsx(t, sheet{name: "2024年", rows: [][]any{
		{"专业镇", "工业产值", "新增投资", "经营主体"},
		{"甲", "12.5①", 3, 100},
		{"注：2024年为初步数。①含新投产企业。"},
	}, merge: []string{"A3:D3"}}))
	checkProblems(t, problems, nil)
	if len(data.Provisional) != 1 || data.Provisional[0].Year != 2024 {
		t.Errorf("provisional = %+v, want 2024 once", data.Provisional)
	}
	if len(data.Notes) != 1 || data.Notes[0].Text != "含新投产企业。" {
		t.Errorf("notes = %+v, want ① once", data.Notes)
	}
}

// A note row 注（英文）： gives the English text of the footnotes it marks,
// and a comment's line that starts （英文） the comment's: each note keeps
// its Chinese text and carries its English. The English row is no note of
// its own (its ① is not read twice, nor taken for the Chinese).
func TestReadEnglishNotes(t *testing.T) {
	data, problems := readMarked(t, xlsx(t, sheet{name: "2024年", rows: [][]any{
		{"专业镇", "工业产值", "新增投资", "经营主体"},
		{"甲", "12.5①", 3, "保密"},
		{"乙", "10.5②", 2, 90},
		{"注：①含新投产企业。②根据经济普查修订。"},
		{"注（英文）：①Includes enterprises that started production this year. ②Revised after the economic census."},
	}, comments: map[string]string{"D2": "属单个企业数据，依法不予公布。\n（英文）A single enterprise's figure, withheld by law."}}))
	for _, p := range problems {
		if strings.Contains(p.String(), "note") {
			t.Errorf("problem: %s", p)
		}
	}
	want := map[string][2]string{
		"B2": {"含新投产企业。", "Includes enterprises that started production this year."},
		"B3": {"根据经济普查修订。", "Revised after the economic census."},
		"D2": {"属单个企业数据，依法不予公布。", "A single enterprise's figure, withheld by law."},
	}
	got := map[string][2]string{}
	for _, n := range data.Notes {
		got[n.At.Cell()] = [2]string{n.Text, n.TextEn}
	}
	if !maps.Equal(got, want) {
		t.Errorf("notes = %q\nwant %q", got, want)
	}
}

// Without an English row or line, a note has no English text (the pages
// show it in Chinese, and say so), and an English note whose mark no
// Chinese note explains is a warning at its row, not used.
func TestReadNotesWithoutEnglish(t *testing.T) {
	data, problems := readMarked(t, xlsx(t, sheet{name: "2024年", rows: [][]any{
		{"专业镇", "工业产值", "新增投资", "经营主体"},
		{"甲", "12.5①", 3, "保密"},
		{"乙", "10.5②", 2, 90},
		{"注：①含新投产企业。"},
		{"注(英文):②Revised after the economic census."},
	}, comments: map[string]string{"D2": "属单个企业数据，依法不予公布。"}}))
	var warned []string
	for _, p := range problems {
		warned = append(warned, p.String())
	}
	text := strings.Join(warned, "\n")
	if !strings.Contains(text, "2024年!A5") || !strings.Contains(text, "the English note ② has no Chinese note under the table") {
		t.Errorf("problems:\n%s\nwant a warning at A5 that ② has no Chinese note", text)
	}
	got := map[string][2]string{}
	for _, n := range data.Notes {
		got[n.At.Cell()] = [2]string{n.Text, n.TextEn}
	}
	want := map[string][2]string{"B2": {"含新投产企业。", ""}, "D2": {"属单个企业数据，依法不予公布。", ""}}
	if !maps.Equal(got, want) {
		t.Errorf("notes = %q\nwant %q", got, want)
	}
}
