package export

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/sitetest"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/status"
)

// marksSite reads testdata/sites/marks.txtar as a build does: a bureau's
// workbook as it marks its figures (the archive lists the marks) and a
// config that types output's growth and totals a rate only in the
// office's rows.
func marksSite(t *testing.T) *model.Site {
	t.Helper()
	fsys := os.DirFS(sitetest.Load(t, "testdata/sites/marks.txtar").Dir)
	cfg, problems, err := config.Load(fsys, "config.toml")
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v", err, problems)
	}
	data, problems := source.Read(fsys, cfg)
	if problems.HasErrors() {
		t.Fatalf("read: %v", problems)
	}
	site, more := model.New(cfg, data)
	if more.HasErrors() {
		t.Fatalf("model: %v", more)
	}
	return site
}

// dataStatus is what a data file says of a figure's status: its marks'
// keys where it is a figure or a blank with a reason, else nothing.
func dataStatus(v model.Value) string {
	if v.Valid() || v.Flag.Blank() {
		return v.Flag.Keys()
	}
	return ""
}

// figureFact is one figure of the marks site as a data file must carry
// it: its value ("" for none), status, footnote and bound.
type figureFact struct {
	town, ind string
	year      int
	value     string
	status    string
	note      string
	bound     string
}

// marksFacts are the marked cells of the marks site, written out.
var marksFacts = []figureFact{
	{"vinegar", "output", 2023, "19.9", "", "", ""},
	{"vinegar", "output", 2024, "24.1", "provisional", "", ""},
	{"motors", "output", 2023, "24", "revised", "1", ""},
	{"motors", "entities", 2023, "", "confidential", "", ""},
	{"steel", "entities", 2023, "", "not_applicable", "", ""},
	{"steel", "rd", 2023, "", "below", "", "0.1"},
	{"steel", "output", 2024, "11", "provisional+estimated", "", ""},
	{"steel", "entities", 2024, "40", "provisional+break", "", ""},
}

// marksNote is the footnote's text, without the full-width punctuation
// the reader has made half-width in one version and kept in another.
const marksNote = "电机小镇2023年工业产值为修订数。"

// A table's CSV as records with its columns by name.
func csvOf(t *testing.T, tab *Table) ([][]string, map[string]int) {
	t.Helper()
	recs := readCSV(t, CSV(tab))
	col := map[string]int{}
	for j, name := range recs[0] {
		col[name] = j
	}
	return recs[1:], col
}

func tableNamed(t *testing.T, tables []*Table, name string) *Table {
	t.Helper()
	for _, tab := range tables {
		if tab.Name == name {
			return tab
		}
	}
	t.Fatalf("no table %s", name)
	return nil
}

// Every mark and footnote the workbook gives a figure is in values.csv,
// every town's CSV and workbook, the data workbook and data.json, beside
// the figure: the status of every figure, the footnote's number with
// its text in the notes table, the bound of a figure below the precision
// shown; and the office's typed growth with its marks.
func TestMarksTravelToDataFiles(t *testing.T) {
	site := marksSite(t)
	if len(site.Notes) != 1 || site.Notes[0].Text != marksNote {
		t.Fatalf("the workbook's footnote was read as %v", site.Notes)
	}
	tables := DataTables(site)
	values, col := csvOf(t, tableNamed(t, tables, "values"))

	// The columns beside each indicator's are those its figures need.
	for name, want := range map[string]bool{
		"output_status": true, "output_note": true, "output_bound": false,
		"entities_status": true, "entities_note": false, "entities_bound": false,
		"rd_status": true, "rd_note": false, "rd_bound": true,
		"output_growth_typed": true, "output_growth_typed_status": true, "entities_growth_typed": false, "rd_change_pp_typed": false,
	} {
		if _, ok := col[name]; ok != want {
			t.Errorf("values.csv has column %s: %v, want %v", name, ok, want)
		}
	}
	get := func(row []string, name string) string {
		if j, ok := col[name]; ok {
			return row[j]
		}
		return ""
	}
	rowOf := map[string][]string{}
	for _, row := range values {
		rowOf[row[col["town_id"]]+" "+row[col["year"]]] = row
	}
	for _, f := range marksFacts {
		row := rowOf[f.town+" "+strconv.Itoa(f.year)]
		got := figureFact{f.town, f.ind, f.year, get(row, f.ind), get(row, f.ind+"_status"), get(row, f.ind+"_note"), get(row, f.ind+"_bound")}
		if got != f {
			t.Errorf("values.csv: %+v, want %+v", got, f)
		}
	}
	if row := rowOf["vinegar 2023"]; get(row, "output_growth_typed") != "32.6" || get(row, "output_growth_typed_status") != "" {
		t.Errorf("vinegar's typed 2023 growth = %q %q, want 32.6, final", get(row, "output_growth_typed"), get(row, "output_growth_typed_status"))
	}
	if row := rowOf["vinegar 2024"]; get(row, "output_growth_typed") != "21" || get(row, "output_growth_typed_status") != "provisional" {
		t.Errorf("vinegar's typed 2024 growth = %q %q, want 21, provisional", get(row, "output_growth_typed"), get(row, "output_growth_typed_status"))
	}

	// Every figure of the model, in values.csv and its town's CSV alike.
	checked := 0
	for _, town := range site.Towns {
		trecs, tcol := csvOf(t, TownTable(site, town))
		for i, y := range site.Years {
			row, trow := rowOf[town.ID+" "+strconv.Itoa(y)], trecs[i]
			for _, ind := range site.Indicators {
				v := town.Values[ind.ID].At(i)
				want := map[string]string{ind.ID: "", ind.ID + "_status": dataStatus(v), ind.ID + "_note": "", ind.ID + "_bound": ""}
				if v.Valid() {
					want[ind.ID] = v.String()
				}
				if v.Note != 0 {
					want[ind.ID+"_note"] = strconv.Itoa(int(v.Note))
				}
				if v.Flag.Has(status.Below) {
					want[ind.ID+"_bound"] = v.Dec.String()
				}
				for name, w := range want {
					if got := get(row, name); got != w {
						t.Errorf("values.csv %s %d %s = %q, want %q", town.ID, y, name, got, w)
					}
					got := ""
					if j, ok := tcol[name]; ok {
						got = trow[j]
					}
					if got != w {
						t.Errorf("towns/%s.csv %d %s = %q, want %q", town.ID, y, name, got, w)
					}
				}
				checked++
			}
		}
	}
	if checked != len(site.Towns)*len(site.Years)*len(site.Indicators) {
		t.Errorf("checked %d figures", checked)
	}

	// The notes table resolves the note numbers.
	notes, ncol := csvOf(t, tableNamed(t, tables, "notes"))
	if len(notes) != 1 || notes[0][ncol["note_id"]] != "1" || notes[0][ncol["text"]] != marksNote {
		t.Errorf("notes.csv = %v", notes)
	}
	// The indicators table carries the definitions and the growth basis.
	inds, icol := csvOf(t, tableNamed(t, tables, "indicators"))
	out := inds[0]
	for name, want := range map[string]string{"growth_basis": "comparable", "definition": "以货币表现的工业最终产品和工业劳务的总价值量。",
		"scope": "规模以上工业企业", "frequency": "年度", "updated": "2025-03-31", "next_update": "2026-03-31", "breaks": "2024年起含新并入企业。"} {
		if got := out[icol[name]]; got != want {
			t.Errorf("indicators.csv output %s = %q, want %q", name, got, want)
		}
	}
	if got := inds[2][icol["growth_basis"]]; got != "" {
		t.Errorf("a rate's growth_basis = %q, want none", got)
	}
}

// totals.csv says whether each total is the office's or the towns', gives
// the towns' sum beside an official one, and whether its growth is typed
// and at comparable prices; targets.csv says the same of the figure a
// target reads.
func TestOfficialFiguresInDataFiles(t *testing.T) {
	site := marksSite(t)
	tables := DataTables(site)
	totals, col := csvOf(t, tableNamed(t, tables, "totals"))
	row := func(scope, ind string, year int) map[string]string {
		for _, r := range totals {
			if r[col["scope"]] == scope && r[col["indicator_id"]] == ind && r[col["year"]] == strconv.Itoa(year) {
				m := map[string]string{}
				for name, j := range col {
					m[name] = r[j]
				}
				return m
			}
		}
		t.Fatalf("no total %s %s %d", scope, ind, year)
		return nil
	}
	for _, tt := range []struct {
		scope, ind string
		year       int
		want       map[string]string
	}{
		{"all", "output", 2023, map[string]string{"value": "53.9", "basis": "official", "summed": "53.9", "value_status": "", "growth_pct": "12.5", "growth_origin": "typed", "growth_comparable": "true"}},
		{"all", "output", 2024, map[string]string{"value": "61.1", "basis": "official", "summed": "61.1", "value_status": "provisional", "growth_pct": "6.8", "growth_origin": "typed", "growth_comparable": "true", "growth_pct_status": "provisional", "change_status": "provisional", "previous_status": ""}},
		// The office counts the confidential figure; the towns' sum cannot.
		{"all", "entities", 2023, map[string]string{"value": "1560", "basis": "official", "summed": "1250", "reporting": "1"}},
		{"all", "entities", 2024, map[string]string{"value": "1652", "basis": "official", "summed": "1652", "value_status": "provisional", "growth_origin": "computed", "growth_comparable": "false", "growth_pct_status": "provisional", "previous_status": ""}},
		// A rate without parts has the office's total and no other.
		{"all", "rd", 2023, map[string]string{"value": "3.52", "basis": "official", "summed": "", "growth_origin": "", "growth_comparable": "", "growth_note": "no_base"}},
		{"all", "rd", 2024, map[string]string{"value": "3.6", "basis": "official", "change_pp": "0.08", "change_pp_status": "provisional", "growth_pct_status": "", "growth_origin": "computed", "growth_comparable": "", "value_status": "provisional"}},
		// No subtotal row names a tier: the tiers' totals are the towns'.
		{"municipal", "output", 2023, map[string]string{"value": "34", "basis": "summed", "summed": "", "value_status": "revised", "growth_origin": ""}},
		{"municipal", "output", 2024, map[string]string{"value": "37", "basis": "summed", "value_status": "provisional+estimated", "previous_status": "revised", "growth_pct_status": "provisional+revised+estimated", "growth_origin": "computed", "growth_comparable": "false"}},
	} {
		got := row(tt.scope, tt.ind, tt.year)
		for name, want := range tt.want {
			if got[name] != want {
				t.Errorf("totals.csv %s %s %d %s = %q, want %q", tt.scope, tt.ind, tt.year, name, got[name], want)
			}
		}
	}
	targets, tcol := csvOf(t, tableNamed(t, tables, "targets"))
	for id, want := range map[string]map[string]string{
		"growth-2024": {"actual": "6.8", "status": "met", "actual_status": "provisional", "basis": "official", "growth_origin": "typed", "growth_comparable": "true"},
		"output-2024": {"actual": "61.1", "status": "met", "actual_status": "provisional", "basis": "official", "growth_origin": ""},
	} {
		for _, r := range targets {
			if r[tcol["target_id"]] != id {
				continue
			}
			for name, w := range want {
				if got := r[tcol[name]]; got != w {
					t.Errorf("targets.csv %s %s = %q, want %q", id, name, got, w)
				}
			}
		}
	}
}

// data.json carries the same: each town's marks, footnotes and bounds
// beside its values, the typed changes with theirs, the notes, the
// legend, the definitions; and its bytes are encoding/json's.
func TestMarksInDataJSON(t *testing.T) {
	site := marksSite(t)
	b, err := DataJSON(site)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Marks []struct {
			Key, Symbol string
			Blank       bool
		}
		Notes []struct {
			ID   int
			Text string
		}
		Indicators []struct {
			ID          string
			GrowthBasis string `json:"growth_basis"`
			Meta        map[string]string
		}
		Towns []struct {
			ID          string
			Values      map[string][]*json.Number
			Status      map[string]map[string]string
			Notes       map[string]map[string]int
			Bounds      map[string]map[string]json.Number
			Typed       map[string][]*json.Number
			TypedStatus map[string]map[string]string `json:"typed_status"`
		}
		Totals []map[string]any
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var keys, wantKeys []string
	for _, m := range doc.Marks {
		keys = append(keys, m.Key)
	}
	for _, f := range status.Flags {
		wantKeys = append(wantKeys, f.Key())
	}
	if !slices.Equal(keys, wantKeys) || !slices.Contains(keys, "not_applicable") {
		t.Errorf("marks = %v, want %v", keys, wantKeys)
	}
	if len(doc.Notes) != 1 || doc.Notes[0].ID != 1 || doc.Notes[0].Text != marksNote {
		t.Errorf("notes = %+v", doc.Notes)
	}
	if doc.Indicators[0].GrowthBasis != "comparable" || doc.Indicators[0].Meta["definition"] != "以货币表现的工业最终产品和工业劳务的总价值量。" {
		t.Errorf("output = %+v", doc.Indicators[0])
	}
	towns := map[string]int{}
	for i, tw := range doc.Towns {
		towns[tw.ID] = i
	}
	for _, f := range marksFacts {
		tw := doc.Towns[towns[f.town]]
		yi := site.YearIndex(f.year)
		year := strconv.Itoa(f.year)
		got := figureFact{town: f.town, ind: f.ind, year: f.year, status: tw.Status[f.ind][year], bound: string(tw.Bounds[f.ind][year])}
		if v := tw.Values[f.ind][yi]; v != nil {
			got.value = string(*v)
		}
		if n := tw.Notes[f.ind][year]; n != 0 {
			got.note = strconv.Itoa(n)
		}
		if got != f {
			t.Errorf("data.json: %+v, want %+v", got, f)
		}
	}
	vinegar := doc.Towns[towns["vinegar"]]
	if g := vinegar.Typed["output"]; len(g) != 2 || g[0] == nil || *g[0] != "32.6" || vinegar.TypedStatus["output"]["2024"] != "provisional" {
		t.Errorf("vinegar's typed growth = %v %v, want [32.6 21], 2024 provisional", g, vinegar.TypedStatus)
	}
	if len(doc.Towns[towns["steel"]].Typed) != 0 {
		t.Errorf("steel types no growth: %v", doc.Towns[towns["steel"]].Typed)
	}
	// Every figure's status, against the model.
	for _, town := range site.Towns {
		tw := doc.Towns[towns[town.ID]]
		for _, ind := range site.Indicators {
			for i, v := range town.Values[ind.ID] {
				if got, want := tw.Status[ind.ID][strconv.Itoa(site.Years[i])], dataStatus(v); got != want {
					t.Errorf("data.json %s %s %d status = %q, want %q", town.ID, ind.ID, site.Years[i], got, want)
				}
			}
		}
	}
	official := 0
	for _, tot := range doc.Totals {
		if tot["basis"] == "official" {
			official++
		}
	}
	if official != 6 {
		t.Errorf("%d official totals in data.json, want 6 (three indicators, two years, scope all)", official)
	}
	want, err := dataJSONReference(site)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("DataJSON differs from encoding/json:\n%s\nwant\n%s", b, want)
	}
}

// The data workbook has the CSV files' columns, a notes sheet, the
// definitions, and the legend in its notes rows; a town's workbook its
// marks and its footnotes' texts; datapackage.json describes every
// status column with the pattern its values match and lists the marks.
func TestMarksInDataWorkbooks(t *testing.T) {
	site := marksSite(t)
	f := open(t, mustWorkbook(t)(DataWorkbook(site)))
	if got := strings.Join(f.GetSheetList(), ","); got != "专业镇 towns,指标 indicators,数值 values,合计 totals,目标 targets,注释 notes" {
		t.Errorf("sheets = %s", got)
	}
	values := tableNamed(t, DataTables(site), "values")
	recs := readCSV(t, CSV(values))
	rows, err := f.GetRows("数值 values", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs[1:] {
		row := rows[2+i]
		for j, want := range rec[:len(values.Columns)] {
			got := ""
			if j < len(row) {
				got = row[j]
			}
			if got != want {
				if a, err1 := strconv.ParseFloat(got, 64); err1 == nil {
					if b, err2 := strconv.ParseFloat(want, 64); err2 == nil && a == b {
						continue
					}
				}
				t.Errorf("数值 values row %d %s = %q, want %q as in values.csv", i+3, values.Columns[j].Name, got, want)
			}
		}
	}
	all, _ := f.GetRows("数值 values")
	text := ""
	for _, r := range all {
		text += strings.Join(r, " ") + "\n"
	}
	for _, want := range []string{"confidential（c）：保密", "below（<0.1）：小于所示数值"} {
		if !strings.Contains(text, want) {
			t.Errorf("the values sheet's legend lacks %q", want)
		}
	}
	notes, _ := f.GetRows("注释 notes")
	if len(notes) < 3 || notes[2][0] != "1" || notes[2][1] != marksNote {
		t.Errorf("注释 notes = %v", notes)
	}
	inds, _ := f.GetRows("指标 indicators")
	if !slices.Contains(inds[2], "以货币表现的工业最终产品和工业劳务的总价值量。") {
		t.Errorf("the indicators sheet lacks output's definition: %v", inds[2])
	}

	motors := open(t, mustWorkbook(t)(TownWorkbook(site, site.Town("motors"))))
	mrows, _ := motors.GetRows("motors")
	flat := ""
	for _, r := range mrows {
		flat += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"revised", "confidential", "注 / Note 1：" + marksNote} {
		if !strings.Contains(flat, want) {
			t.Errorf("motors' workbook lacks %q:\n%s", want, flat)
		}
	}
	if len(charts(t, mustWorkbook(t)(TownWorkbook(site, site.Town("motors"))))) != 2 {
		t.Errorf("the town workbook charts two indicators")
	}

	tables := DataTables(site)
	files := fstest.MapFS{}
	var paths []string
	for _, tb := range tables {
		p := "data/" + tb.Name + ".csv"
		paths = append(paths, p)
		files[p] = &fstest.MapFile{Data: CSV(tb)}
	}
	b, err := DataPackage(site, tables, paths)
	if err != nil {
		t.Fatal(err)
	}
	CheckDataPackage(t, b, files)
	var pkg struct {
		Resources []struct {
			Path   string
			Schema struct {
				Fields []struct {
					Name, Description string
					Constraints       struct{ Pattern string }
				}
			}
		}
		Marks []struct{ Key string } `json:"townpress_marks"`
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Marks) != len(status.Flags) {
		t.Errorf("townpress_marks = %v", pkg.Marks)
	}
	patterns := 0
	for _, r := range pkg.Resources {
		recs := readCSV(t, files[r.Path].Data)
		for j, fd := range r.Schema.Fields {
			if !strings.HasSuffix(fd.Name, "_status") {
				continue
			}
			re, err := regexp.Compile(fd.Constraints.Pattern)
			if fd.Constraints.Pattern == "" || err != nil {
				t.Errorf("%s %s: pattern %q %v", r.Path, fd.Name, fd.Constraints.Pattern, err)
				continue
			}
			patterns++
			for _, rec := range recs[1:] {
				if !re.MatchString(rec[j]) {
					t.Errorf("%s %s: %q does not match %s", r.Path, fd.Name, rec[j], re)
				}
			}
			if re.MatchString("provisional+") || re.MatchString("unknown") || re.MatchString("p") {
				t.Errorf("%s %s: pattern %s is too loose", r.Path, fd.Name, re)
			}
		}
	}
	if patterns < 6 {
		t.Errorf("%d status fields described", patterns)
	}
}

// rowsOf is a sheet's rows as a viewer shows them, its number formats
// applied.
func rowsOf(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// rowNamed is the first row whose first cell is name.
func rowNamed(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	for _, r := range rows {
		if len(r) > 0 && r[0] == name {
			return r
		}
	}
	t.Fatalf("no row %s in %v", name, rows)
	return nil
}

// sheetText is a sheet's cells, a line per row.
func sheetText(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}

// A report workbook shows each figure's marks after it (24.0 r①) and
// why a cell is blank (c, x, <0.1), keeping the number in the cell; the
// legend and the footnotes under every sheet that shows them; whether a
// total is official, with the towns' sum beside it, and whether its
// growth is typed at comparable prices; and a notes sheet with the
// legend, the footnotes, the definitions and every target's source.
func TestMarksInReportWorkbook(t *testing.T) {
	site := marksSite(t)
	book := func(code string, year int) *excelize.File {
		rep := &Report{Site: site, Lang: lang(t, code), Year: year}
		return open(t, mustWorkbook(t)(Workbook(rep.Props(), rep.Tables())))
	}
	f := book("zh-CN", 2023)
	towns := rowsOf(t, f, "专业镇")
	// 专业镇 县 梯队 产业 | 工业产值 增长 | 经营主体 增长 | 研发投入强度 增减
	for name, want := range map[string][]string{
		"老陈醋专业镇": {"19.9", "32.6", "1,250", "—", "2.10", "—"},
		"电机小镇":   {"24.0 r①", "—", "c", "—", "3.10", "—"},
		"不锈钢专业镇": {"10.0", "—", "x", "—", "<0.1", "—"},
	} {
		if got := rowNamed(t, towns, name)[4:10]; !slices.Equal(got, want) {
			t.Errorf("专业镇 %s = %q, want %q", name, got, want)
		}
	}
	// The cell keeps its number; the mark is in its format.
	if v := float(t, f, "专业镇", "E4"); v != 24 {
		t.Errorf("电机小镇's output cell holds %v, want 24", v)
	}
	text := sheetText(towns)
	for _, want := range []string{"符号说明：r 修订数（已对首次公布的数字作了修订）；c 保密（数字不予公布）；x 不适用", "<0.1 小于所示数值", "注①：" + marksNote} {
		if !strings.Contains(text, want) {
			t.Errorf("专业镇 lacks %q:\n%s", want, text)
		}
	}
	summary := rowsOf(t, f, "摘要")
	if got := rowNamed(t, summary, "工业产值"); got[11] != "官方合计；增长为公布数（按可比价计算）" || got[12] != "53.9 r" || got[8] != "12.5" {
		t.Errorf("摘要 工业产值 = %q", got)
	}
	if got := rowNamed(t, summary, "经营主体"); got[2] != "1,560" || got[11] != "官方合计" || got[12] != "1,250" {
		t.Errorf("摘要 经营主体 = %q, want the office's 1,560 and the towns' 1,250", got)
	}
	if got := rowNamed(t, summary, "研发投入强度"); got[2] != "3.52" || got[11] != "官方合计" {
		t.Errorf("摘要 研发投入强度 = %q, want the office's 3.52", got)
	}
	if !strings.Contains(sheetText(summary), "工业产值、经营主体、研发投入强度的合计（全部专业镇）为统计部门公布的合计数") {
		t.Errorf("摘要 does not say which totals are official:\n%s", sheetText(summary))
	}
	// The headline note says so too, as the pages do, instead of calling
	// every total the towns' sum.
	if text := sheetText(summary); !strings.Contains(text, "合计为统计部门公布的官方合计") || strings.Contains(text, "合计为各梯队已报送数据的专业镇之和。") {
		t.Errorf("摘要's headline note does not say the totals are the office's:\n%s", text)
	}
	notes := sheetText(rowsOf(t, f, "说明"))
	for _, want := range []string{"符号说明|r|修订数：", "符号说明|c|保密：", "符号说明|<0.1|", "注释|①|" + marksNote,
		"指标解释|工业产值|单位：亿元", "指标解释|工业产值|定义：以货币表现的工业最终产品和工业劳务的总价值量。", "指标解释|工业产值|统计范围：规模以上工业企业",
		"指标解释|工业产值|增长：公布的增速按可比价计算", "指标解释|研发投入强度|增长：增减以百分点表示", "资料来源|数据来源|测试统计局"} {
		if !strings.Contains(notes, want) {
			t.Errorf("说明 lacks %q:\n%s", want, notes)
		}
	}
	if strings.Contains(notes, "|p|") {
		t.Errorf("the 2023 report shows no provisional figure, yet its legend explains p:\n%s", notes)
	}

	f = book("zh-CN", 2024)
	if got := rowNamed(t, rowsOf(t, f, "专业镇"), "不锈钢专业镇")[4:10]; !slices.Equal(got, []string{"11.0 pe", "10.0 pe", "40 pb", "—", "0.50 p", "—"}) {
		t.Errorf("2024 不锈钢专业镇 = %q", got)
	}
	targets := rowsOf(t, f, "目标")
	if got := rowNamed(t, targets, "工业产值增长5%以上"); got[5] != "6.8 p" || got[12] != "官方合计；增长为公布数（按可比价计算）" {
		t.Errorf("目标 growth = %q", got)
	}
	if got := rowNamed(t, targets, "工业产值达到60亿元"); got[12] != "官方合计" {
		t.Errorf("目标 total = %q", got)
	}
	notes = sheetText(rowsOf(t, f, "说明"))
	for _, want := range []string{"符号说明|p|初步数：", "资料来源|目标出处|《行动计划甲》（工业产值增长5%以上）", "资料来源|目标出处|《行动计划乙》（工业产值达到60亿元）"} {
		if !strings.Contains(notes, want) {
			t.Errorf("2024 说明 lacks %q:\n%s", want, notes)
		}
	}
	for _, want := range []string{"目标出处: 《行动计划甲》", "目标出处: 《行动计划乙》"} {
		if !strings.Contains(sheetText(targets), want) {
			t.Errorf("目标 lacks %q", want)
		}
	}

	f = book("en", 2023)
	if got := rowNamed(t, rowsOf(t, f, "Summary"), "Industrial output")[11]; got != "official total; growth as published (at comparable prices)" {
		t.Errorf("Summary basis = %q", got)
	}
	text = sheetText(rowsOf(t, f, "Towns"))
	if !strings.Contains(text, "Symbols: r revised (changed since first published); c confidential (withheld)") || !strings.Contains(text, "Note ①: (in Chinese) "+marksNote) {
		t.Errorf("Towns' legend in English:\n%s", text)
	}
	if notes := sheetText(rowsOf(t, f, "Notes")); !strings.Contains(notes, "Definitions|Industrial output|Definition: The value of industrial products and services, in money.") {
		t.Errorf("Notes in English:\n%s", notes)
	}
}

// LibreOffice shows a report's marks as excelize does: the number
// format's text after the number, the reason in a blank's cell.
func TestReportMarksInLibreOffice(t *testing.T) {
	site := marksSite(t)
	rep := &Report{Site: site, Lang: lang(t, "zh-CN"), Year: 2023}
	shown := libreOfficeSheets(t, mustWorkbook(t)(Workbook(rep.Props(), rep.Tables())))
	if shown == nil {
		return
	}
	rows := shown["专业镇"]
	if got := rowNamed(t, rows, "电机小镇")[4:7]; !slices.Equal(got, []string{"24.0 r①", "—", "c"}) {
		t.Errorf("LibreOffice shows 电机小镇 as %q", got)
	}
	if got := rowNamed(t, rows, "不锈钢专业镇")[8]; got != "<0.1" {
		t.Errorf("LibreOffice shows 不锈钢专业镇's rd as %q", got)
	}
}

// The downloads of a site with marks are the same bytes build after
// build.
func TestMarkedDownloadsAreDeterministic(t *testing.T) {
	all := func() [][]byte {
		site := marksSite(t)
		var out [][]byte
		for _, tab := range DataTables(site) {
			out = append(out, CSV(tab))
		}
		for _, code := range []string{"zh-CN", "en"} {
			for _, y := range site.Years {
				rep := &Report{Site: site, Lang: lang(t, code), Year: y}
				out = append(out, mustWorkbook(t)(Workbook(rep.Props(), rep.Tables())))
			}
		}
		js, err := DataJSON(site)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, js, mustWorkbook(t)(DataWorkbook(site)), mustWorkbook(t)(TownWorkbook(site, site.Town("motors"))))
		return out
	}
	a, b := all(), all()
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Errorf("download %d differs from build to build", i)
		}
	}
}
