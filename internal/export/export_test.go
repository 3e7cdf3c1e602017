package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"math"

	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	decimal "github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/status"
	"github.com/townpress/townpress/layouts"
)

const testConfig = `
[site]
title = "测试门户"
title_en = "Test portal"
languages = ["zh-CN", "en"]
source = "测试来源"
source_en = "Test source"
sample_data = true
organiser = "测试编辑部"
[[tiers]]
id = "provincial"
name = "省级"
name_en = "Provincial"
[[tiers]]
id = "municipal"
name = "市级"
name_en = "Municipal"
[[indicators]]
id = "output"
name = "工业产值"
name_en = "Industrial output"
unit = "亿元"
unit_en = "100 million yuan"
decimals = 1
sum = true
[[indicators]]
id = "entities"
name = "经营主体"
name_en = "Business entities"
unit = "户"
decimals = 0
sum = true
[[targets]]
id = "growth-2024"
year = 2024
indicator = "output"
scope = ["provincial", "municipal"]
measure = "growth"
value = 20
text = "工业产值增速20%以上"
text_en = "Output growth of at least 20%"
source = "《行动计划》"
`

// hostile is a town name a spreadsheet would run as a formula.
const hostile = `=HYPERLINK("http://x","点我")`

func testSite(t *testing.T) *model.Site {
	t.Helper()
	cfg, problems, err := config.Parse("config.toml", []byte(testConfig))
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v", err, problems)
	}
	at := source.LocOf(diag.Loc{File: "data/t.xlsx", Sheet: "s", Cell: "A1"})
	town := func(id, name, tier string) source.TownRecord {
		return source.TownRecord{ID: source.Text{S: id, Loc: at}, Name: source.Text{S: name, Loc: at},
			NameEn: source.Text{S: id}, Tier: source.Text{S: tier, Loc: at}, County: source.Text{S: "清徐县"}}
	}
	num := func(v float64) source.Number {
		d, err := decimal.Parse(strconv.FormatFloat(v, 'f', -1, 64))
		if err != nil {
			t.Fatal(err)
		}
		return source.NumberOf(d, source.Loc{})
	}
	row := func(town string, year float64, output source.Number, entities float64) source.ValueRecord {
		return source.ValueRecord{Town: source.Text{S: town, Loc: at}, Year: num(year),
			Values: source.ValuesOf(cfg, map[string]source.Number{"output": output, "entities": num(entities)})}
	}
	data := &source.Data{
		Towns: []source.TownRecord{town("vinegar", "老陈醋专业镇", "provincial"), town("motors", hostile, "municipal")},
		Values: []source.ValueRecord{
			row("vinegar", 2023, num(19.9), 1250), row("vinegar", 2024, num(24.14), 1302),
			row("motors", 2023, source.Number{}, 310), row("motors", 2024, num(-3.5), 1234567),
		},
	}
	site, problems := model.New(cfg, data)
	if problems.HasErrors() {
		t.Fatalf("model: %v", problems)
	}
	return site
}

func lang(t *testing.T, code string) *i18n.Lang {
	t.Helper()
	prefix := ""
	if code == "en" {
		prefix = "en/"
	}
	l, err := i18n.Load(code, prefix, layouts.FS)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cell(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func float(t *testing.T, f *excelize.File, sheet, ref string) float64 {
	t.Helper()
	s := cell(t, f, sheet, ref)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q, want a number", sheet, ref, s)
	}
	return v
}

// charts maps each chart part of a workbook to the sheets its series read.
func charts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			rc, _ := zf.Open()
			var buf bytes.Buffer
			buf.ReadFrom(rc)
			rc.Close()
			out[zf.Name] = html.UnescapeString(buf.String())
		}
	}
	return out
}

func TestReportWorkbook(t *testing.T) {
	site := testSite(t)
	rep := &Report{Site: site, Lang: lang(t, "zh-CN"), Year: 2024}
	b, err := Workbook(rep.Props(), rep.Tables())
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	if got, want := strings.Join(f.GetSheetList(), ","), "摘要,历年合计,目标,专业镇,省级,市级,排名,说明"; got != want {
		t.Fatalf("sheets = %s, want %s", got, want)
	}
	// Title row, then the header row with units.
	if got := cell(t, f, "摘要", "A1"); got != "2024年度专业镇发展报告 · 主要指标" {
		t.Errorf("summary title = %q", got)
	}
	for ref, want := range map[string]string{"A2": "指标", "C2": "2024年", "D2": "报送（2024年）", "E2": "2023年", "F2": "报送（2023年）", "G2": "可比专业镇", "I2": "同比增长（%）", "K2": "说明"} {
		if got := cell(t, f, "摘要", ref); got != want {
			t.Errorf("摘要!%s = %q, want %q", ref, got, want)
		}
	}
	if got := cell(t, f, "专业镇", "E2"); got != "工业产值（亿元）" {
		t.Errorf("towns header with unit = %q", got)
	}
	// Values against the model.
	yi := site.YearIndex(2024)
	fig := site.ScopeFigure(site.Indicator("output"), site.Tiers, yi)
	// Cells hold the figure as the report shows it, rounded to the
	// column's places by the site's rule (20.64 is 20.6).
	total := fig.Value.Round(1, site.Rule).Float()
	if got := float(t, f, "摘要", "C3"); got != total || total != 20.6 {
		t.Errorf("summary 2024 output = %v, want the model's %v rounded as shown, 20.6", got, fig.Value)
	}
	// Growth is a derived figure: stored as shown. Only the vinegar town
	// reported both years.
	growth := fig.Delta.Round(1, site.Rule).Float()
	if got := float(t, f, "摘要", "I3"); got != growth {
		t.Errorf("summary growth = %v, want %v", got, growth)
	}
	if got := float(t, f, "摘要", "C4"); got != 1302+1234567 {
		t.Errorf("summary entities = %v", got)
	}
	if got := float(t, f, "专业镇", "G3"); got != 1302 {
		t.Errorf("towns: vinegar entities = %v", got)
	}
	if got := float(t, f, "专业镇", "E4"); got != -3.5 {
		t.Errorf("a negative value should stay a number, got %v", got)
	}
	if got := cell(t, f, "专业镇", "A4"); got != hostile {
		t.Errorf("a workbook holds the name as text, as typed: %q", got)
	}
	// Missing is not zero: the motor town has no 2023 output, so no growth.
	if got := cell(t, f, "专业镇", "F4"); got != "—" {
		t.Errorf("missing growth = %q, want —", got)
	}
	// The cell holds the figure as shown; its number format pads it to
	// one decimal.
	if got := float(t, f, "省级", "D4"); got != 24.1 {
		t.Errorf("tier total row = %v, want 24.1 (24.14 as the report shows it)", got)
	}
	if got, _ := f.GetCellValue("省级", "D4"); got != "24.1" {
		t.Errorf("tier total row shows %q, want 24.1", got)
	}
	if got := cell(t, f, "省级", "A4"); got != "合计" {
		t.Errorf("tier total row label = %q", got)
	}
	// Number formats carry the indicator's decimals.
	style, _ := f.GetCellStyle("专业镇", "E3")
	st, err := f.GetStyle(style)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "#,##0.0" {
		t.Errorf("output cells should show one decimal, style %+v", st)
	}
	if got, _ := f.GetCellValue("专业镇", "E3"); got != "24.1" {
		t.Errorf("formatted value = %q, want 24.1", got)
	}
	// Header frozen, wide enough for Chinese.
	panes, err := f.GetPanes("专业镇")
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("towns sheet should freeze the header: %+v %v", panes, err)
	}
	if w, _ := f.GetColWidth("目标", "A"); w < 20 {
		t.Errorf("target column width %v does not fit its text", w)
	}
	// Notes are visible rows, with the sample-data note.
	rows, _ := f.GetRows("摘要")
	var notes string
	for _, r := range rows[4:] {
		if len(r) > 0 {
			notes += r[0] + "\n"
		}
	}
	for _, want := range []string{"示例数据", "数据来源: 测试来源", "“—”表示无数据", "按四舍五入保留至所示位数"} {
		if !strings.Contains(notes, want) {
			t.Errorf("summary notes lack %q:\n%s", want, notes)
		}
	}
	// Targets: actual and status.
	if got := cell(t, f, "目标", "L3"); got != "已完成" {
		t.Errorf("target status = %q", got)
	}
	// Native charts, drawn from the workbook's own cells.
	cs := charts(t, b)
	if len(cs) < 4 {
		t.Fatalf("want charts on the trend, towns and tier sheets, got %d", len(cs))
	}
	var refs string
	for _, c := range cs {
		refs += c
	}
	for _, want := range []string{"'排名'!$D$3:$D$4", "'排名'!$C$3:$C$4", "'历年合计'!$C$3:$D$3", "'历年合计'!$C$2:$D$2", "'历年合计'!$B$5", "'排名'!$D$5:$D$5"} {
		if !strings.Contains(refs, want) {
			t.Errorf("no chart reads %s", want)
		}
	}
	props, err := f.GetDocProps()
	if err != nil || props.Title != "2024年度专业镇发展报告" || props.Creator != "测试编辑部" || props.Language != "zh-CN" || props.Created != "2024-12-31T00:00:00Z" {
		t.Errorf("document properties: %+v %v", props, err)
	}
	again, _ := Workbook(rep.Props(), rep.Tables())
	if !bytes.Equal(b, again) {
		t.Errorf("the same report gives different bytes")
	}
}

func TestReportWorkbookEnglish(t *testing.T) {
	rep := &Report{Site: testSite(t), Lang: lang(t, "en"), Year: 2024}
	b, err := Workbook(rep.Props(), rep.Tables())
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Totals by year,Targets,Towns,Provincial,Municipal,Rankings,Notes" {
		t.Errorf("sheets = %s", got)
	}
	if got := cell(t, f, "Towns", "E2"); got != "Industrial output (100 million yuan)" {
		t.Errorf("header = %q", got)
	}
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(BOM)) {
		t.Fatalf("CSV does not start with the UTF-8 BOM: % x", b[:min(3, len(b))])
	}
	recs, err := csv.NewReader(bytes.NewReader(b[len(BOM):])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestCSVRoundTrip(t *testing.T) {
	site := testSite(t)
	var values *Table
	for _, tb := range DataTables(site) {
		if tb.Name == "values" {
			values = tb
		}
	}
	recs := readCSV(t, CSV(values))
	head := "town_id,town,tier_id,year"
	for _, ind := range site.Indicators {
		head += "," + ind.ID
	}
	head += ",note" // the sample-data mark, on every row
	if got := strings.Join(recs[0], ","); got != head {
		t.Fatalf("header = %s, want %s", got, head)
	}
	if len(recs)-1 != len(site.Towns)*len(site.Years) {
		t.Fatalf("%d rows, want one per town and year", len(recs)-1)
	}
	for _, r := range recs[1:] {
		town := site.Town(r[0])
		year, _ := strconv.Atoi(r[3])
		for j, ind := range site.Indicators {
			cell := r[4+j]
			v := town.Values[ind.ID].At(site.YearIndex(year))
			if !v.Valid() {
				if cell != "" {
					t.Errorf("%s %d %s: missing value written as %q", r[0], year, ind.ID, cell)
				}
				continue
			}
			if cell != v.String() {
				t.Errorf("%s %d %s = %q, want %s as typed", r[0], year, ind.ID, cell, v)
			}
		}
		if r[len(r)-1] != "示例数据 / sample data" {
			t.Errorf("%s %d: note = %q, want the sample-data mark", r[0], year, r[len(r)-1])
		}
		if r[1] == hostile {
			t.Errorf("a formula-like name must be neutralised in CSV")
		}
	}
	towns := readCSV(t, CSV(townsTable(site)))
	if towns[2][1] != "'"+hostile {
		t.Errorf("town name in CSV = %q, want it prefixed with '", towns[2][1])
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+86 351": "'+86 351", "@cmd": "'@cmd", "-2+3": "'-2+3", "\tx": "'\tx",
		"-3.5": "-3.5", "+20": "+20", "19.9": "19.9", "": "", "清徐": "清徐", "a=b": "a=b",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDataPackage checks the descriptor against the files it describes:
// every path exists and every CSV header is exactly the schema's fields.
func TestDataPackage(t *testing.T) {
	site := testSite(t)
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
}

// CheckDataPackage validates a datapackage.json against files, the folder it
// sits in.
func CheckDataPackage(t *testing.T, descriptor []byte, files fs.FS) {
	t.Helper()
	var pkg struct {
		Profile   string `json:"profile"`
		Name      string `json:"name"`
		Resources []struct {
			Name, Path, Profile, Encoding string
			Schema                        struct {
				Fields []struct{ Name, Type string }
			}
		}
	}
	if err := json.Unmarshal(descriptor, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Profile != "tabular-data-package" || pkg.Name == "" || len(pkg.Resources) == 0 {
		t.Fatalf("not a tabular data package: %+v", pkg)
	}
	types := map[string]bool{"string": true, "number": true, "integer": true, "boolean": true, "year": true}
	for _, r := range pkg.Resources {
		b, err := fs.ReadFile(files, r.Path)
		if err != nil {
			t.Errorf("resource %s: %v", r.Name, err)
			continue
		}
		recs := readCSV(t, b)
		var fields []string
		for _, f := range r.Schema.Fields {
			fields = append(fields, f.Name)
			if !types[f.Type] {
				t.Errorf("%s.%s: unknown type %q", r.Name, f.Name, f.Type)
			}
		}
		if strings.Join(recs[0], ",") != strings.Join(fields, ",") {
			t.Errorf("%s: header %v, schema %v", r.Path, recs[0], fields)
		}
		for i, rec := range recs[1:] {
			for j, f := range r.Schema.Fields {
				if rec[j] == "" {
					continue
				}
				switch f.Type {
				case "number":
					if _, err := strconv.ParseFloat(rec[j], 64); err != nil {
						t.Errorf("%s row %d %s: %q is not a number", r.Path, i+2, f.Name, rec[j])
					}
				case "integer", "year":
					if _, err := strconv.Atoi(rec[j]); err != nil {
						t.Errorf("%s row %d %s: %q is not an integer", r.Path, i+2, f.Name, rec[j])
					}
				}
			}
		}
	}
}

func TestTownWorkbookAndDataWorkbook(t *testing.T) {
	site := testSite(t)
	b, err := TownWorkbook(site, site.Town("vinegar"))
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	// A data workbook keeps the figure as typed, and shows every digit.
	if got := float(t, f, "vinegar", "B4"); got != 24.14 {
		t.Errorf("town 2024 output = %v", got)
	}
	if got, _ := f.GetCellValue("vinegar", "B4"); got != "24.14" {
		t.Errorf("town 2024 output shows %q, want 24.14", got)
	}
	if got := cell(t, f, "vinegar", "A4"); got != "2024" {
		t.Errorf("a year shows as %q, want 2024 (no thousands separator)", got)
	}
	if len(charts(t, b)) == 0 {
		t.Errorf("the town workbook should chart its trend")
	}
	b, err = DataWorkbook(site)
	if err != nil {
		t.Fatal(err)
	}
	f = open(t, b)
	if got := strings.Join(f.GetSheetList(), ","); got != "专业镇 towns,指标 indicators,数值 values,合计 totals,目标 targets" {
		t.Errorf("data workbook sheets = %s", got)
	}
	// The values sheet is wide: a row per town and year, a column per
	// indicator, every value as the model holds it.
	rows, err := f.GetRows("数值 values")
	if err != nil {
		t.Fatal(err)
	}
	head := rows[1]
	if got := strings.Join(head[:4], ","); got != "专业镇编号 / Town ID,专业镇 / Town,梯队编号 / Tier ID,年份 / Year" {
		t.Errorf("values header = %q", got)
	}
	checked := 0
	for r, row := range rows[2 : 2+len(site.Towns)*len(site.Years)] {
		town, yi := site.Towns[r/len(site.Years)], r%len(site.Years)
		if row[0] != town.ID || row[3] != strconv.Itoa(site.Years[yi]) {
			t.Fatalf("values row %d = %v, want %s %d", r+3, row[:4], town.ID, site.Years[yi])
		}
		for j, ind := range site.Indicators {
			v := town.Values[ind.ID].At(yi)
			ref, _ := excelize.CoordinatesToCellName(5+j, r+3)
			got := cell(t, f, "数值 values", ref)
			if !v.Valid() {
				if got != "" {
					t.Errorf("%s (%s %d %s, no data) = %q, want empty", ref, town.ID, site.Years[yi], ind.ID, got)
				}
				continue
			}
			if x := float(t, f, "数值 values", ref); x != v.Float() {
				t.Errorf("%s (%s %d %s) = %v, want %v", ref, town.ID, site.Years[yi], ind.ID, x, v.Float())
			}
			checked++
		}
		if want := bi(site.Indicators[0].Name+"（"+site.Indicators[0].Unit+"）", site.Indicators[0].NameEn+" ("+site.Indicators[0].UnitEn+")"); head[4] != want {
			t.Errorf("first indicator header = %q, want %q", head[4], want)
		}
	}
	if checked == 0 {
		t.Errorf("no values checked")
	}
}

func TestDataJSON(t *testing.T) {
	b, err := DataJSON(testSite(t))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Years []int
		Towns []struct {
			ID     string
			Values map[string][]*float64
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	motors := doc.Towns[1]
	if motors.ID != "motors" || motors.Values["output"][0] != nil || *motors.Values["output"][1] != -3.5 {
		t.Errorf("motors output = %v, want [null -3.5]", motors.Values["output"])
	}
}

func TestSHA256Sums(t *testing.T) {
	got := string(SHA256Sums(map[string][]byte{"b.csv": []byte("b"), "a.txt": nil}))
	want := "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.txt\n" +
		"3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  b.csv\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLongTablesSplitAcrossSheets(t *testing.T) {
	rows := make([][]Cell, maxSheetRows+5)
	for i := range rows {
		rows[i] = []Cell{Int(i)}
	}
	parts, from := splitLong([]*Table{{Name: "short"}, {Name: "values", Sheet: "数值 values", Title: "全部", Columns: []Column{{Name: "n", Title: "n", Type: "integer"}}, Rows: rows}})
	if len(parts) != 3 || len(parts[1].Rows) != maxSheetRows || len(parts[2].Rows) != 5 {
		t.Fatalf("got %d parts", len(parts))
	}
	if !slices.Equal(from, []int{0, 1, 1}) {
		t.Errorf("parts from tables %v, want [0 1 1]", from)
	}
	parts = parts[1:]
	if parts[0].Sheet != "数值 values (1)" || parts[1].Sheet != "数值 values (2)" {
		t.Errorf("sheet names %q, %q", parts[0].Sheet, parts[1].Sheet)
	}
}

// The CSV writer writes what encoding/csv (CRLF) would, for every kind of
// field: quotes, commas, line breaks, leading spaces, formulas, `\.`.
func TestCSVMatchesEncodingCSV(t *testing.T) {
	fields := []string{"", "plain", "中文", "a,b", `say "hi"`, "two\nlines", "cr\ronly", "crlf\r\nend", " lead", "\u3000全角空格", `\.`, "=1+2", "-3.5", "+7", "@x", "\tx", "-", "'q", "tail ", "\x85next"}
	var want bytes.Buffer
	want.WriteString(BOM)
	w := csv.NewWriter(&want)
	w.UseCRLF = true
	tab := &Table{Columns: []Column{{Name: "a,b"}, {Name: "text"}, {Name: "n", Type: "number", Decimals: 2}}}
	w.Write([]string{"a,b", "text", "n"})
	for i, f := range fields {
		v := num.Sub(num.New(int64(i)*1005, -3), num.Int(7))
		tab.Rows = append(tab.Rows, []Cell{Text(f), Text(Neutralise(f)), Num(v, -1)})
		w.Write([]string{Neutralise(f), Neutralise(Neutralise(f)), v.String()})
	}
	w.Flush()
	if got := CSV(tab); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("CSV:\n%q\nwant\n%q", got, want.Bytes())
	}
	rows := [][]string{}
	for _, f := range fields {
		rows = append(rows, []string{f, "x"})
	}
	var want2 bytes.Buffer
	want2.WriteString(BOM)
	w = csv.NewWriter(&want2)
	w.UseCRLF = true
	w.Write([]string{"h1", "h2"})
	for _, r := range rows {
		w.Write([]string{Neutralise(r[0]), r[1]})
	}
	w.Flush()
	if got := Records([]string{"h1", "h2"}, rows); !bytes.Equal(got, want2.Bytes()) {
		t.Errorf("Records:\n%q\nwant\n%q", got, want2.Bytes())
	}
}

// displayWidth's shortcut for CJK Unified Ideographs agrees with the Han table.
func TestDisplayWidthHanShortcut(t *testing.T) {
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if !unicode.Is(unicode.Han, r) {
			t.Fatalf("%U is not Han", r)
		}
	}
}

// dataJSONReference is DataJSON as it was written before it was streamed:
// the whole document built, then encoding/json. DataJSON must give its bytes.
func dataJSONReference(site *model.Site) ([]byte, error) {
	type town struct {
		ID          string                    `json:"id"`
		Name        string                    `json:"name"`
		NameEn      string                    `json:"name_en,omitempty"`
		Tier        string                    `json:"tier"`
		County      string                    `json:"county,omitempty"`
		CountyEn    string                    `json:"county_en,omitempty"`
		Industry    string                    `json:"industry,omitempty"`
		IndustryEn  string                    `json:"industry_en,omitempty"`
		Recognised  int                       `json:"recognised,omitempty"`
		Enterprises string                    `json:"enterprises,omitempty"`
		Values      map[string][]*json.Number `json:"values"` // indicator id -> one value per year of "years"
		// indicator id -> year -> a figure's status, note, bound; the
		// same of the office's typed changes, whose values are arrays
		// as the values are.
		Status      map[string]map[string]string      `json:"status,omitempty"`
		Notes       map[string]map[string]int         `json:"notes,omitempty"`
		Bounds      map[string]map[string]json.Number `json:"bounds,omitempty"`
		Typed       map[string][]*json.Number         `json:"typed,omitempty"`
		TypedStatus map[string]map[string]string      `json:"typed_status,omitempty"`
		TypedNotes  map[string]map[string]int         `json:"typed_notes,omitempty"`
		TypedBounds map[string]map[string]json.Number `json:"typed_bounds,omitempty"`
	}
	type tier struct {
		ID        string   `json:"id"`
		Name      string   `json:"name"`
		NameEn    string   `json:"name_en,omitempty"`
		Announced int      `json:"announced,omitempty"`
		Towns     []string `json:"towns"`
	}
	type indicator struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		NameEn   string `json:"name_en,omitempty"`
		Unit     string `json:"unit"`
		UnitEn   string `json:"unit_en,omitempty"`
		Decimals int    `json:"decimals"`
		Sum      bool   `json:"sum"`
		Higher   bool   `json:"higher_is_better"`
		Kind     string `json:"kind"`
		Numer    string `json:"numerator,omitempty"`
		Denom    string `json:"denominator,omitempty"`
		Basis    string `json:"growth_basis,omitempty"`
		Meta     *meta  `json:"meta,omitempty"`
	}
	type mark struct {
		Key       string `json:"key"`
		Symbol    string `json:"symbol"`
		Name      string `json:"name"`
		NameEn    string `json:"name_en"`
		Meaning   string `json:"meaning"`
		MeaningEn string `json:"meaning_en"`
		Blank     bool   `json:"blank"`
	}
	type note struct {
		ID     int    `json:"id"`
		Text   string `json:"text"`
		TextEn string `json:"text_en"`
	}
	type total struct {
		Scope         string       `json:"scope"`
		ScopeName     string       `json:"scope_name"`
		Year          int          `json:"year"`
		IndicatorID   string       `json:"indicator_id"`
		Indicator     string       `json:"indicator"`
		Unit          string       `json:"unit"`
		Value         *json.Number `json:"value"`
		ValueStatus   string       `json:"value_status"`
		ValueNote     *int         `json:"value_note"`
		ValueBound    *json.Number `json:"value_bound"`
		Basis         string       `json:"basis"`
		Summed        *json.Number `json:"summed"`
		Reporting     int          `json:"reporting"`
		Towns         int          `json:"towns"`
		Previous      *json.Number `json:"previous"`
		PrevStatus    string       `json:"previous_status"`
		PrevReporting *int         `json:"prev_reporting"`
		PrevTowns     *int         `json:"prev_towns"`
		Matched       *int         `json:"matched"`
		Change        *json.Number `json:"change"`
		ChangeStatus  string       `json:"change_status"`
		GrowthPct     *json.Number `json:"growth_pct"`
		GrowthStatus  string       `json:"growth_pct_status"`
		ChangePP      *json.Number `json:"change_pp"`
		PointsStatus  string       `json:"change_pp_status"`
		GrowthOrigin  string       `json:"growth_origin"`
		Comparable    *bool        `json:"growth_comparable"`
		GrowthNote    string       `json:"growth_note"`
		Break         bool         `json:"break"`
	}
	type target struct {
		ID        string       `json:"id"`
		Year      int          `json:"year"`
		Text      string       `json:"text"`
		TextEn    string       `json:"text_en,omitempty"`
		Indicator string       `json:"indicator,omitempty"`
		Scope     []string     `json:"scope"`
		Measure   string       `json:"measure"`
		Compare   string       `json:"compare"`
		Value     json.Number  `json:"value"`
		Unit      string       `json:"unit"`
		Decimals  int          `json:"decimals"`
		Actual    *json.Number `json:"actual"`
		Gap       *json.Number `json:"gap"`
		TownsMet  *int         `json:"towns_met"`
		Reporting *int         `json:"reporting"`
		Towns     *int         `json:"towns"`
		Missing   []string     `json:"missing"`
		Status    string       `json:"status"`
		Marks     string       `json:"actual_status"`
		Basis     string       `json:"basis"`
		Origin    string       `json:"growth_origin"`
		Compared  *bool        `json:"growth_comparable"`
	}
	num := func(v model.Value, d int) *json.Number {
		if !v.Valid() {
			return nil
		}
		n := json.Number(v.Data(d, site.Rule))
		return &n
	}
	cfg := site.Config.Site
	doc := struct {
		Title      string      `json:"title"`
		TitleEn    string      `json:"title_en,omitempty"`
		Source     string      `json:"source"`
		SourceEn   string      `json:"source_en,omitempty"`
		SampleData bool        `json:"sample_data"`
		Note       string      `json:"note,omitempty"`
		Rounding   string      `json:"rounding"`
		Years      []int       `json:"years"`
		Tiers      []tier      `json:"tiers"`
		Indicators []indicator `json:"indicators"`
		Marks      []mark      `json:"marks"`
		Notes      []note      `json:"notes"`
		Towns      []town      `json:"towns"`
		Totals     []total     `json:"totals"`
		Targets    []target    `json:"targets"`
	}{Title: cfg.Title, TitleEn: cfg.TitleEn, Source: cfg.Source, SourceEn: cfg.SourceEn, SampleData: cfg.SampleData, Note: cfg.Note, Rounding: site.Rule.String(), Years: site.Years}
	if doc.Years == nil {
		doc.Years = []int{}
	}
	for _, t := range site.Tiers {
		tr := tier{ID: t.ID, Name: t.Name, NameEn: t.NameEn, Announced: t.Announced, Towns: []string{}}
		for _, town := range t.Towns {
			tr.Towns = append(tr.Towns, town.ID)
		}
		doc.Tiers = append(doc.Tiers, tr)
	}
	for _, ind := range site.Indicators {
		kind := "level"
		if ind.Rate() {
			kind = "rate"
		}
		basis := map[bool]string{true: "comparable", false: "nominal"}[ind.GrowthBasis == "comparable"]
		if ind.Rate() {
			basis = ""
		}
		var m *meta
		if ind.Meta != (config.Meta{}) {
			mm := meta(ind.Meta)
			m = &mm
		}
		doc.Indicators = append(doc.Indicators, indicator{ind.ID, ind.Name, ind.NameEn, ind.Unit, ind.UnitEn, ind.Decimals, ind.Sum, ind.Better(), kind, ind.Indicator.Numerator, ind.Indicator.Denominator, basis, m})
	}
	for _, f := range status.Flags {
		w := f.Words()
		doc.Marks = append(doc.Marks, mark{f.Key(), f.Symbol(), w.Name, w.NameEn, w.Meaning, w.MeaningEn, f.Blank()})
	}
	doc.Notes = []note{}
	for i, n := range site.Notes {
		doc.Notes = append(doc.Notes, note{i + 1, n.Text, n.TextEn})
	}
	// A figure's status: its marks where it is a figure or a blank with a reason.
	keys := func(v model.Value) string {
		if v.Valid() || v.Flag.Blank() {
			return v.Flag.Keys()
		}
		return ""
	}
	yes, no := true, false
	comparable := func(d model.Delta) *bool {
		switch {
		case !d.Valid() || d.Points:
			return nil
		case d.Comparable:
			return &yes
		}
		return &no
	}
	why := map[model.Why]string{model.NoFigure: "no_figure", model.NoBase: "no_base", model.BaseNotAbove: "base_not_positive", model.OutOfScale: "out_of_scale", model.NoTotal: "no_total"}
	doc.Totals = []total{}
	for k := range len(site.Tiers) + 1 {
		id, name, tiers := "all", "全部", site.Tiers
		if k < len(site.Tiers) {
			id, name, tiers = site.Tiers[k].ID, site.Tiers[k].Name, site.Tiers[k:k+1]
		}
		for i, y := range site.Years {
			for _, ind := range site.Indicators {
				if !ind.HasTotal() {
					continue
				}
				f := site.ScopeFigure(ind, tiers, i)
				tt := total{Scope: id, ScopeName: name, Year: y, IndicatorID: ind.ID, Indicator: ind.Name, Unit: ind.Unit,
					Value: num(f.Value, ind.Decimals), Reporting: f.Reporting, Towns: f.Of, Previous: num(f.Previous, ind.Decimals),
					GrowthNote: why[f.Delta.Why], Break: f.Break(), ValueStatus: keys(f.Value), PrevStatus: keys(f.Previous), Comparable: comparable(f.Delta)}
				if f.Value.Note != 0 {
					n := int(f.Value.Note)
					tt.ValueNote = &n
				}
				if f.Value.Flag.Has(status.Below) {
					b := json.Number(f.Value.Dec.String())
					tt.ValueBound = &b
				}
				switch {
				case f.Official:
					tt.Basis, tt.Summed = "official", num(f.Summed, ind.Decimals)
				case !f.Value.Valid() && f.Value.Flag == 0:
				case ind.Numerator != nil:
					tt.Basis = "ratio"
				case ind.Summed():
					tt.Basis = "summed"
				}
				switch {
				case f.Delta.Typed:
					tt.GrowthOrigin = "typed"
				case f.Delta.Valid():
					tt.GrowthOrigin = "computed"
				}
				if i > 0 {
					tt.PrevReporting, tt.PrevTowns = &f.PrevReporting, &f.PrevOf
				}
				if ind.Rate() {
					tt.ChangePP, tt.PointsStatus = num(f.Delta.Value, ind.Decimals), keys(f.Delta.Value)
				} else {
					if i > 0 {
						tt.Matched = &f.Matched
					}
					tt.Change, tt.GrowthPct = num(f.Change, ind.Decimals), num(f.Delta.Value, 1)
					tt.ChangeStatus, tt.GrowthStatus = keys(f.Change), keys(f.Delta.Value)
				}
				doc.Totals = append(doc.Totals, tt)
			}
		}
	}
	for _, t := range site.Towns {
		tw := town{ID: t.ID, Name: t.Name, NameEn: t.NameEn, Tier: t.Tier.ID, County: t.County, CountyEn: t.CountyEn,
			Industry: t.Industry, IndustryEn: t.IndustryEn, Recognised: t.Recognised, Enterprises: t.Enterprises,
			Values: map[string][]*json.Number{}}
		marks := func(s model.Series, statuses *map[string]map[string]string, notes *map[string]map[string]int, bounds *map[string]map[string]json.Number, id string) {
			for i, v := range s {
				year := strconv.Itoa(site.Years[i])
				if k := keys(v); k != "" {
					if *statuses == nil {
						*statuses = map[string]map[string]string{}
					}
					if (*statuses)[id] == nil {
						(*statuses)[id] = map[string]string{}
					}
					(*statuses)[id][year] = k
				}
				if v.Note != 0 {
					if *notes == nil {
						*notes = map[string]map[string]int{}
					}
					if (*notes)[id] == nil {
						(*notes)[id] = map[string]int{}
					}
					(*notes)[id][year] = int(v.Note)
				}
				if v.Flag.Has(status.Below) {
					if *bounds == nil {
						*bounds = map[string]map[string]json.Number{}
					}
					if (*bounds)[id] == nil {
						(*bounds)[id] = map[string]json.Number{}
					}
					(*bounds)[id][year] = json.Number(v.Dec.String())
				}
			}
		}
		for _, ind := range site.Indicators {
			vals := make([]*json.Number, len(site.Years))
			for i := range site.Years {
				vals[i] = num(t.Values[ind.ID].At(i), ind.Decimals)
			}
			tw.Values[ind.ID] = vals
			marks(t.Values[ind.ID], &tw.Status, &tw.Notes, &tw.Bounds, ind.ID)
			if typed, ok := t.Typed[ind.ID]; ok {
				if tw.Typed == nil {
					tw.Typed = map[string][]*json.Number{}
				}
				vals := make([]*json.Number, len(site.Years))
				for i := range site.Years {
					vals[i] = num(typed.At(i), 1)
				}
				tw.Typed[ind.ID] = vals
				marks(typed, &tw.TypedStatus, &tw.TypedNotes, &tw.TypedBounds, ind.ID)
			}
		}
		doc.Towns = append(doc.Towns, tw)
	}
	for _, tr := range site.Targets {
		var scope []string
		for _, tier := range tr.Scope {
			scope = append(scope, tier.ID)
		}
		d := tr.Decimals()
		unit := "个"
		if tr.Measure == "growth" {
			unit = "%"
		} else if tr.Indicator != nil {
			unit = tr.Indicator.Unit
		}
		tg := target{ID: tr.ID, Year: tr.Year, Text: tr.Text, TextEn: tr.TextEn, Indicator: tr.Target.Indicator, Scope: scope, Measure: string(tr.Measure), Compare: tr.Compare,
			Value: json.Number(tr.Goal.String()), Unit: unit, Decimals: d, Actual: num(tr.Actual, d), Gap: num(tr.Gap(), d), Status: string(tr.Status)}
		if tr.Measure == "total" || tr.Measure == "growth" {
			tg.Marks = keys(tr.Actual)
			switch f := tr.Figure; {
			case f.Official:
				tg.Basis = "official"
			case !f.Value.Valid() && f.Value.Flag == 0:
			case tr.Indicator.Numerator != nil:
				tg.Basis = "ratio"
			case tr.Indicator.Summed():
				tg.Basis = "summed"
			}
		}
		if tr.Measure == "growth" {
			tg.Compared = comparable(tr.Figure.Delta)
			switch {
			case tr.Figure.Delta.Typed:
				tg.Origin = "typed"
			case tr.Figure.Delta.Valid():
				tg.Origin = "computed"
			}
		}
		ints := func(a, b int) (*int, *int) { return &a, &b }
		switch tr.Measure {
		case "each":
			met := int(tr.Actual.Float())
			tg.Actual, tg.TownsMet = nil, &met
			tg.Reporting, tg.Towns = ints(tr.Of-len(tr.Missing), tr.Of)
		case "total":
			tg.Reporting, tg.Towns = ints(tr.Figure.Reporting, tr.Figure.Of)
		case "growth":
			tg.Reporting, tg.Towns = ints(tr.Figure.Matched, tr.Figure.Of)
		}
		if tg.Towns != nil {
			tg.Missing = []string{}
			for _, town := range tr.Missing {
				tg.Missing = append(tg.Missing, town.ID)
			}
		}
		doc.Targets = append(doc.Targets, tg)
	}
	return marshal(doc)
}

// DataJSON writes what encoding/json writes for the whole document: for the
// test site, for one whose texts need escaping, and for one without towns.
func TestDataJSONMatchesEncodingJSON(t *testing.T) {
	odd := []string{"", "plain", `quote " and \ backslash`, "line\nfeed\r\ttab\b\f", "ctl\x01\x1f", "<b>&amp;</b>", "\u2028\u2029", "bad\xffutf8", "中文 😀", "\x7f"}
	site := testSite(t)
	check := func(name string, site *model.Site) {
		t.Helper()
		got, err := DataJSON(site)
		if err != nil {
			t.Fatal(err)
		}
		want, err := dataJSONReference(site)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: DataJSON differs from encoding/json:\n%s\nwant\n%s", name, got, want)
		}
		if !json.Valid(got) {
			t.Errorf("%s: not valid JSON", name)
		}
	}
	check("test site", site)
	for k, town := range site.Towns {
		town.Name, town.NameEn, town.County, town.Enterprises = odd[k%len(odd)], odd[(k+1)%len(odd)], odd[(k+2)%len(odd)], odd[(k+3)%len(odd)]
		town.Recognised = -k
	}
	check("odd texts", site)
	for _, s := range odd {
		want, _ := json.Marshal(s)
		var enc bytes.Buffer
		e := json.NewEncoder(&enc)
		e.SetEscapeHTML(false)
		e.Encode(s)
		if got := appendJSONString(nil, s); string(got) != strings.TrimSuffix(enc.String(), "\n") {
			t.Errorf("appendJSONString(%q) = %s, want %s (escaping HTML: %s)", s, got, enc.String(), want)
		}
	}
	empty := *site
	empty.Towns, empty.Years = nil, nil
	check("no towns", &empty)
}

// A table made row by row splits like a stored one, each part starting
// where the last ended.
func TestMadeTablesSplitAcrossSheets(t *testing.T) {
	made := &Table{Name: "values", Sheet: "数值 values", Title: "全部", Columns: []Column{{Name: "n", Title: "n", Type: "integer"}},
		N: maxSheetRows + 5, Make: func(i int, row []Cell) []Cell { return append(row, Int(i)) }}
	parts, _ := splitLong([]*Table{made})
	if len(parts) != 2 || parts[0].Len() != maxSheetRows || parts[1].Len() != 5 || parts[0].Rows != nil {
		t.Fatalf("got %d parts", len(parts))
	}
	if got := parts[1].Row(4, nil)[0].Num; got != num.Int(int64(maxSheetRows)+4) {
		t.Errorf("last row of part 2 = %v", got)
	}
	if parts[0].Sheet != "数值 values (1)" || parts[1].Title != "全部 (2)" {
		t.Errorf("sheet names %q, %q", parts[0].Sheet, parts[1].Title)
	}
}

// Every table made row by row gives the same CSV and the same workbook as
// the same table stored whole, and its rows are the rows the model holds.
func TestMadeTablesEqualStoredTables(t *testing.T) {
	site := testSite(t)
	tables := DataTables(site)
	for _, code := range []string{"zh-CN", "en"} {
		rep := &Report{Site: site, Lang: lang(t, code), Year: 2024}
		tables = append(tables, rep.Tables()...)
	}
	made := 0
	for _, tab := range tables {
		if tab.Make == nil {
			continue
		}
		made++
		whole := tab.Materialise()
		if whole.Make != nil || len(whole.Rows) != tab.Len() {
			t.Fatalf("%s: materialised %d rows of %d", tab.Name, len(whole.Rows), tab.Len())
		}
		buf := make([]Cell, 0, 1)
		for i, row := range whole.Rows {
			if got := tab.Row(i, buf); !slices.Equal(got, row) {
				t.Errorf("%s row %d: made twice differently: %v, %v", tab.Name, i, got, row)
			}
			if len(row) != len(tab.Columns) {
				t.Errorf("%s row %d: %d cells for %d columns", tab.Name, i, len(row), len(tab.Columns))
			}
		}
		if !bytes.Equal(CSV(tab), CSV(whole)) {
			t.Errorf("%s: CSV differs made and stored", tab.Name)
		}
		b, err := Workbook(Props{Time: "2024-12-31T00:00:00Z"}, []*Table{whole})
		if err != nil {
			t.Fatal(err)
		}
		// Made rows are kept between measuring and writing (rowCache),
		// or made twice when the table is larger than a cache holds.
		for _, limit := range []int{maxCachedCells, len(tab.Columns)*tab.Len() - 1} {
			func() {
				defer func(was int) { maxCachedCells = was }(maxCachedCells)
				maxCachedCells = limit
				a, err := Workbook(Props{Time: "2024-12-31T00:00:00Z"}, []*Table{tab})
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s: workbook differs made (%d cells kept) and stored", tab.Name, limit)
				}
			}()
		}
	}
	if made < 5 {
		t.Errorf("only %d tables are made row by row", made)
	}
	// The values table is the model's values, town by town and year by
	// year, a column per indicator.
	values := DataTables(site)[2].Materialise()
	k := 0
	for _, town := range site.Towns {
		for i, y := range site.Years {
			row := values.Rows[k]
			if row[0].Text != town.ID || row[3].Num != num.Int(int64(y)) {
				t.Fatalf("values row %d = %v, want %s %d", k, row[:4], town.ID, y)
			}
			for j, ind := range site.Indicators {
				v := town.Values[ind.ID].At(i)
				if c := row[4+j]; c.IsNum != v.Valid() || (v.Valid() && c.Num != v.Dec) {
					t.Fatalf("values row %d %s = %v, want %v", k, ind.ID, c, v)
				}
			}
			k++
		}
	}
	if k != len(values.Rows) {
		t.Errorf("values has %d rows, want %d", len(values.Rows), k)
	}
}

// A report of a large site lists every town once on the towns sheet; a
// tier of more than 30 members gets a sheet of its leading 100 by the first
// indicator and the whole tier's total, and charts of at most 20 bars.
func TestReportWorkbookLargeTiers(t *testing.T) {
	site := generatedSite(t, 400)
	year := site.Years[len(site.Years)-1]
	yi := site.YearIndex(year)
	rep := &Report{Site: site, Lang: lang(t, "zh-CN"), Year: year}
	b, err := Workbook(rep.Props(), rep.Tables())
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	towns, err := f.GetRows("专业镇")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(towns); got < 2+len(site.Towns) {
		t.Errorf("towns sheet has %d rows, want every one of %d towns", got, len(site.Towns))
	}
	first := site.Indicators[0]
	capped := 0
	for _, tier := range site.Tiers {
		rows, err := f.GetRows(tier.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(tier.Towns) <= 30 {
			continue
		}
		capped++
		want := min(100, len(tier.Towns))
		listed := rows[2 : 2+want]
		byName := map[string]*model.Town{}
		for _, town := range tier.Towns {
			byName[town.Name] = town
		}
		prev := math.Inf(1)
		for i, row := range listed {
			town := byName[row[0]]
			if town == nil {
				t.Fatalf("%s row %d: %q is not a member", tier.Name, i+3, row[0])
			}
			v := town.Values[first.ID].At(yi)
			if v.Valid() && v.Float() > prev {
				t.Errorf("%s row %d: %s %v after %v; want largest first", tier.Name, i+3, town.Name, v.Float(), prev)
			}
			if v.Valid() {
				prev = v.Float()
			}
		}
		// No member left out beats the last one listed.
		for _, town := range tier.Towns {
			if v := town.Values[first.ID].At(yi); v.Valid() && v.Float() > prev && !slices.ContainsFunc(listed, func(r []string) bool { return r[0] == town.Name }) {
				t.Errorf("%s: %s (%v) is not listed, but %v is", tier.Name, town.Name, v.Float(), prev)
			}
		}
		total := rows[2+want]
		if total[0] != "合计" {
			t.Fatalf("%s: row after the leading towns = %v, want the total", tier.Name, total)
		}
		ref, _ := excelize.CoordinatesToCellName(4, 3+want)
		fig := site.ScopeFigure(first, []*model.Tier{tier}, yi)
		if got := float(t, f, tier.Name, ref); got != fig.Value.Round(first.Decimals, site.Rule).Float() {
			t.Errorf("%s total %s = %v, want the whole tier's %v", tier.Name, ref, got, fig.Value.Round(first.Decimals, site.Rule).Float())
		}
		if !slices.ContainsFunc(rows, func(r []string) bool { return len(r) > 0 && strings.Contains(r[0], "全部成员见") }) {
			t.Errorf("%s: no note saying where the other members are", tier.Name)
		}
	}
	if capped == 0 {
		t.Fatalf("no tier of more than 30 towns in the generated site; the test checks nothing")
	}
	// The rankings list a large scope's leading 20 and one row for the others.
	ranking, err := f.GetRows("排名")
	if err != nil {
		t.Fatal(err)
	}
	others := 0
	for _, r := range ranking {
		if len(r) > 2 && strings.HasPrefix(r[2], "其他") {
			others++
		}
	}
	if others < capped+1 {
		t.Errorf("the rankings have %d rows of others, want one for every town and each of %d large tiers", others, capped)
	}
	for name, c := range charts(t, b) {
		for _, ref := range regexp.MustCompile(`\$[A-Z]+\$(\d+):\$[A-Z]+\$(\d+)`).FindAllStringSubmatch(c, -1) {
			from, _ := strconv.Atoi(ref[1])
			to, _ := strconv.Atoi(ref[2])
			if to-from+1 > 30 {
				t.Errorf("%s plots %d bars (%s)", name, to-from+1, ref[0])
			}
		}
	}
}

// A sheet whose name another sheet has taken (a tier named 目标 beside the
// targets sheet, Towns beside towns, two names cut to the same 31
// characters) gets a number; its table is not written over another.
func TestSheetNamesAreUnique(t *testing.T) {
	long := strings.Repeat("专", 40)
	var tables []*Table
	for i, name := range []string{"目标", "目标", "Towns", "towns", long, long + "镇", "目标 (2)"} {
		tables = append(tables, &Table{Name: fmt.Sprint("t", i), Sheet: name, Title: fmt.Sprint("table ", i),
			Columns: []Column{{Name: "x", Title: "x", Type: "integer"}}, Rows: [][]Cell{{Int(i)}}})
	}
	b, err := Workbook(Props{}, tables)
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	cut := strings.Repeat("专", 31)
	want := []string{"目标", "目标 (2)", "Towns", "towns (2)", cut, strings.Repeat("专", 27) + " (2)", "目标 (2) (2)"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	for i, sheet := range want {
		if got := cell(t, f, sheet, "A1"); got != fmt.Sprint("table ", i) {
			t.Errorf("%s!A1 = %q, want the title of table %d", sheet, got, i)
		}
	}
}
