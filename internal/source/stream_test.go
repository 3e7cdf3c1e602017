package source

import (
	"strings"
	"testing"
	"testing/fstest"
)

// The sheet stream (sheetxml.go) hands on only the rows the XML has and
// lays a row out only as wide as the table; the rules of the header
// search, strays, notes and dates still see the sheet as Excel shows it.
// The table below has a title, a row the XML leaves out (excelize writes
// no empty row), the header, and enough rows that the last ones are read
// after the header is settled, not kept while it was searched for.
func TestStreamedRowsKeepTheSheetsRules(t *testing.T) {
	rows := [][]any{
		{"2023年专业镇主要指标"},
		nil, // left out of the XML
		{"专业镇", "年份", "工业产值"},
		{"甲镇", 2023, 1.5},
		{"乙镇", 45047, 2.5}, // a date in the year column, read while the header was searched for
		{"丙镇", 2023, 3.5},
		{"丁镇", 2023, 4.5},
		{"戊镇", 2023, 45047},                 // a date in a figure column, read after
		{"己镇", 2023, 6.5, nil, nil, nil, 7}, // a number right of the table
		{"庚镇", 2023, "8.5①"},
		nil,
		{nil, nil, nil, nil, nil, nil, "注：①2023年为修订数。"}, // a note right of the table
	}
	book := xlsx(t, sheet{name: "指标数据", rows: rows, date: []string{"B5", "C8"}})
	data, problems := Read(fstest.MapFS{"data/t.xlsx": {Data: book}}, testConfig())
	wantError(t, problems, "data/t.xlsx:指标数据!B5", "the cell holds the date 2023-05-01")
	wantError(t, problems, "data/t.xlsx:指标数据!C8", "the cell holds the date 2023-05-01, not a number")
	wantError(t, problems, "data/t.xlsx:指标数据!G3", "column G has no header, but holds numbers (G9)")
	var towns []string
	for _, v := range data.Values {
		towns = append(towns, v.Town.S)
	}
	if got := strings.Join(towns, " "); got != "甲镇 丙镇 丁镇 戊镇 己镇 庚镇" {
		t.Errorf("towns read: %s", got)
	}
	if len(data.Notes) != 1 || data.Notes[0].Text != "2023年为修订数。" || data.Notes[0].At.Cell() != "C10" {
		t.Errorf("notes = %+v; want ① of C10 resolved against the note in G12", data.Notes)
	}
	for _, p := range problems {
		if strings.Contains(p.Msg, "no note under the table") {
			t.Errorf("the note right of the table was not read: %v", p)
		}
	}
}

// A row the XML leaves out inside a merged range is read as Excel shows
// it: filled with the range's text. Others are not handed on at all.
func TestNextCovered(t *testing.T) {
	ms := merges{all: []*mergeRange{
		{left: 0, right: 0, top: 5, bottom: 7},
		{left: 1, right: 2, top: 12, bottom: 12},
		{left: 0, right: 3, top: 20, bottom: 21},
	}, known: true}
	for _, c := range []struct{ row, next, want int }{
		{1, 4, 4},   // nothing before row 4
		{1, 30, 5},  // the first range starts at 5
		{5, 9, 6},   // inside it
		{7, 30, 12}, // the next one
		{12, 30, 20},
		{21, 30, 30}, // none left
	} {
		ms.fill(c.row, nil, 10)
		if got := ms.nextCovered(c.row, c.next); got != c.want {
			t.Errorf("after row %d, before %d: %d, want %d", c.row, c.next, got, c.want)
		}
	}
}
