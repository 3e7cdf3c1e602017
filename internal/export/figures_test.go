package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
)

// edgeValues are the figures issue 10 lists: ties that a binary float
// rounds the wrong way, and precision a rounded download loses.
var edgeValues = []string{"0.05", "0.15", "0.25", "2.65", "2.675", "1.005", "4.125", "6.25", "-6.25", "50.5", "6660.5", "55980.5", "12.345"}

// edgeSite is a site of one town per edge value, each alone in its own
// tier, so that every tier's total is an edge value too. Indicators v0, v1
// and v2 (0, 1 and 2 decimals) hold the edge value in 2024 and nothing in
// 2023; g is 100 in 2023 and 100 plus the edge value in 2024, so its
// growth in percent is the edge value.
func edgeSite(t *testing.T, rule string) *model.Site {
	t.Helper()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "[site]\ntitle = \"边界\"\ntitle_en = \"Edges\"\nlanguages = [\"zh-CN\", \"en\"]\nsource = \"测试\"\nrounding = %q\n", rule)
	for i := range edgeValues {
		fmt.Fprintf(&cfg, "[[tiers]]\nid = \"t%d\"\nname = \"梯队%d\"\nname_en = \"Tier %d\"\n", i, i, i)
	}
	for d := range 3 {
		fmt.Fprintf(&cfg, "[[indicators]]\nid = \"v%d\"\nname = \"数值%d\"\nname_en = \"Value %d\"\nunit = \"亿元\"\nunit_en = \"yuan\"\ndecimals = %d\nsum = true\n", d, d, d, d)
	}
	cfg.WriteString("[[indicators]]\nid = \"g\"\nname = \"增长\"\nname_en = \"Grows\"\nunit = \"亿元\"\nunit_en = \"yuan\"\ndecimals = 1\nsum = true\n")
	c, problems, err := config.Parse("config.toml", []byte(cfg.String()))
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v", err, problems)
	}
	at := source.LocOf(diag.Loc{File: "data/t.xlsx", Sheet: "s", Cell: "A1"})
	number := func(s string) source.Number {
		if s == "" {
			return source.Number{}
		}
		d, err := num.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return source.NumberOf(d, at)
	}
	data := &source.Data{}
	for i, e := range edgeValues {
		id := fmt.Sprintf("e%d", i)
		data.Towns = append(data.Towns, source.TownRecord{ID: source.Text{S: id, Loc: at}, Name: source.Text{S: "边界镇" + strconv.Itoa(i), Loc: at},
			NameEn: source.Text{S: "Edge " + strconv.Itoa(i)}, Tier: source.Text{S: fmt.Sprintf("t%d", i), Loc: at}})
		grown := num.Add(num.Int(100), mustDec(t, e)).String()
		for _, row := range []struct {
			year      string
			v, growth string
		}{{"2023", "", "100"}, {"2024", e, grown}} {
			data.Values = append(data.Values, source.ValueRecord{Town: source.Text{S: id, Loc: at}, Year: number(row.year),
				Values: source.ValuesOf(c, map[string]source.Number{"v0": number(row.v), "v1": number(row.v), "v2": number(row.v), "g": number(row.growth)})})
		}
	}
	site, problems := model.New(c, data)
	if problems.HasErrors() {
		t.Fatalf("model: %v", problems)
	}
	return site
}

func mustDec(t testing.TB, s string) num.Dec {
	t.Helper()
	d, err := num.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// pageLang is the language of the pages with the site's rule: what the
// pages print is the digits every report table must show.
func pageLang(t *testing.T, code string, site *model.Site) *i18n.Lang {
	l := lang(t, code)
	l.Rule = site.Rule
	return l
}

// rules are the two rounding rules with the name site.rounding gives them.
var rules = []string{"half-up", "half-even"}

// Data downloads carry every value exactly as the cell held it, under
// either rule: values.csv, data.json, the town CSV and workbook, the data
// workbook. A workbook cell holds the figure and its format shows all its
// digits. Only derived figures (growth) are rounded, as the pages show
// them.
func TestDataDownloadsKeepSourcePrecision(t *testing.T) {
	for _, rule := range rules {
		t.Run(rule, func(t *testing.T) {
			site := edgeSite(t, rule)
			yi := site.YearIndex(2024)
			values := readCSV(t, CSV(valuesWideTable(site)))
			col := columnsOf(values[0])
			var doc struct {
				Towns []struct {
					ID     string
					Values map[string][]json.Number
				}
			}
			b, err := DataJSON(site)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			data := open(t, mustWorkbook(t)(DataWorkbook(site)))
			for i, e := range edgeValues {
				town := site.Towns[i]
				grown := num.Add(num.Int(100), mustDec(t, e)).String()
				row := values[1+i*len(site.Years)+yi]
				if row[col["town_id"]] != town.ID || row[col["year"]] != "2024" {
					t.Fatalf("values.csv row %v, want %s 2024", row, town.ID)
				}
				for _, id := range []string{"v0", "v1", "v2"} {
					if got := row[col[id]]; got != e {
						t.Errorf("values.csv %s %s = %q, want %q as typed", town.ID, id, got, e)
					}
					if got := doc.Towns[i].Values[id][yi].String(); got != e {
						t.Errorf("data.json %s %s = %q, want %q", town.ID, id, got, e)
					}
				}
				if got := row[col["g"]]; got != grown {
					t.Errorf("values.csv %s g = %q, want %q", town.ID, got, grown)
				}
				townCSV := readCSV(t, CSV(TownTable(site, town)))
				if got := townCSV[1+yi][columnsOf(townCSV[0])["v2"]]; got != e {
					t.Errorf("%s.csv v2 = %q, want %q", town.ID, got, e)
				}
				tw := open(t, mustWorkbook(t)(TownWorkbook(site, town)))
				ref := fmt.Sprintf("%s%d", "D", 3+yi) // year, v0, v1, v2
				checkDataCell(t, tw, town.ID, ref, e, 2, site.Rule)
				// The data workbook's values sheet: its row 3+k is values.csv's row 1+k.
				for j, id := range []string{"v0", "v1", "v2"} {
					ref, _ := excelize.CoordinatesToCellName(col[id]+1, 3+i*len(site.Years)+yi)
					checkDataCell(t, data, "数值 values", ref, e, j, site.Rule)
				}
			}
			// totals.csv: a tier's total is its one town's value, exactly;
			// its growth is derived, and rounded as the pages show it.
			totals := readCSV(t, CSV(totalsTable(site)))
			tc := columnsOf(totals[0])
			l := pageLang(t, "zh-CN", site)
			checked := 0
			for _, r := range totals[1:] {
				if r[tc["year"]] != "2024" || r[tc["scope"]] == "all" {
					continue
				}
				k, _ := strconv.Atoi(strings.TrimPrefix(r[tc["scope"]], "t"))
				e := edgeValues[k]
				switch r[tc["indicator_id"]] {
				case "v1":
					if got := r[tc["value"]]; got != e {
						t.Errorf("totals.csv %s v1 = %q, want %q", r[tc["scope"]], got, e)
					}
				case "g":
					want := strings.ReplaceAll(l.Fig(mustDec(t, e), 1), ",", "")
					if got := r[tc["growth_pct"]]; got != want {
						t.Errorf("totals.csv %s growth of %s = %q, want %q as the pages show it", r[tc["scope"]], e, got, want)
					}
				}
				checked++
			}
			if checked < 2*len(edgeValues) {
				t.Errorf("checked %d totals", checked)
			}
		})
	}
}

// checkDataCell checks a data workbook's cell: it holds the figure e
// exactly (the double nearest to it, which prints as e) and shows every
// digit of it, at least decimals.
func checkDataCell(t *testing.T, f *excelize.File, sheet, ref, e string, decimals int, rule num.Rule) {
	t.Helper()
	d := mustDec(t, e)
	if raw := cell(t, f, sheet, ref); raw != e {
		t.Errorf("%s!%s holds %q, want %q", sheet, ref, raw, e)
	}
	want := d.Grouped(max(decimals, num.Places(d)), rule)
	if got, _ := f.GetCellValue(sheet, ref); got != want {
		t.Errorf("%s!%s shows %q, want %q", sheet, ref, got, want)
	}
}

func mustWorkbook(t *testing.T) func([]byte, error) []byte {
	return func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

// columnsOf maps a header row's names to their index.
func columnsOf(header []string) map[string]int {
	m := map[string]int{}
	for i, h := range header {
		m[h] = i
	}
	return m
}

// reportEdges are the report workbook's number cells that show an edge
// value, and the digits the pages show for it: on the towns sheet each
// town's v0, v1, v2 and g's growth; on each tier's sheet the same for the
// total row.
type reportCell struct {
	sheet, ref, want string
	held             num.Dec // what the cell holds: the figure rounded as shown
}

func reportEdges(t *testing.T, site *model.Site, l *i18n.Lang) []reportCell {
	var out []reportCell
	add := func(sheet string, col, row int, d num.Dec, places int) {
		ref, _ := excelize.CoordinatesToCellName(col, row)
		out = append(out, reportCell{sheet, ref, l.Fig(d, places), d.Round(places, site.Rule)})
	}
	for i, e := range edgeValues {
		d := mustDec(t, e)
		// Towns: town, tier, county, industry, then value and growth per indicator.
		for k := range 3 {
			add(l.T("sheet_towns"), 5+2*k, 3+i, d, k)
		}
		add(l.T("sheet_towns"), 12, 3+i, d, 1)
		// A tier sheet: town, county, industry, then the same; its one
		// town, then the total row.
		for _, row := range []int{3, 4} {
			for k := range 3 {
				add(l.Pick(site.Tiers[i].Name, site.Tiers[i].NameEn), 4+2*k, row, d, k)
			}
			add(l.Pick(site.Tiers[i].Name, site.Tiers[i].NameEn), 11, row, d, 1)
		}
	}
	return out
}

// A report workbook shows every figure with the pages' digits, under
// either rule, in excelize's formatting and in LibreOffice's: each cell
// holds the figure rounded as the pages show it.
func TestReportWorkbookShowsThePagesDigits(t *testing.T) {
	for _, rule := range rules {
		t.Run(rule, func(t *testing.T) {
			site := edgeSite(t, rule)
			for _, code := range []string{"zh-CN", "en"} {
				l := pageLang(t, code, site)
				rep := &Report{Site: site, Lang: lang(t, code), Year: 2024}
				b := mustWorkbook(t)(Workbook(rep.Props(), rep.Tables()))
				f := open(t, b)
				cells := reportEdges(t, site, l)
				for _, c := range cells {
					if got, _ := f.GetCellValue(c.sheet, c.ref); got != c.want {
						t.Errorf("%s %s!%s shows %q, want %q as the pages show it", code, c.sheet, c.ref, got, c.want)
					}
					raw := cell(t, f, c.sheet, c.ref)
					if held, err := num.Parse(raw); err != nil || held.Cmp(c.held) != 0 {
						t.Errorf("%s %s!%s holds %q, want %s", code, c.sheet, c.ref, raw, c.held)
					}
				}
				if code != "zh-CN" {
					continue
				}
				// LibreOffice, as it shows the cells.
				shown := libreOfficeSheets(t, b)
				if shown == nil {
					continue
				}
				for _, c := range cells {
					col, row, _ := excelize.CellNameToCoordinates(c.ref)
					rows := shown[c.sheet]
					if row > len(rows) || col > len(rows[row-1]) {
						t.Errorf("LibreOffice: no cell %s!%s", c.sheet, c.ref)
						continue
					}
					if got := rows[row-1][col-1]; got != c.want {
						t.Errorf("LibreOffice shows %s!%s as %q, want %q", c.sheet, c.ref, got, c.want)
					}
				}
			}
		})
	}
}

// The data workbook as LibreOffice shows it: every digit of every value.
func TestDataWorkbookInLibreOffice(t *testing.T) {
	site := edgeSite(t, "half-even")
	shown := libreOfficeSheets(t, mustWorkbook(t)(DataWorkbook(site)))
	if shown == nil {
		return
	}
	rows := shown["数值 values"]
	yi := site.YearIndex(2024)
	for i, e := range edgeValues {
		row := rows[2+i*len(site.Years)+yi]
		d := mustDec(t, e)
		for k := range 3 {
			if got, want := row[4+k], d.Grouped(max(k, num.Places(d)), site.Rule); got != want {
				t.Errorf("LibreOffice shows %s v%d as %q, want %q", site.Towns[i].ID, k, got, want)
			}
		}
	}
}

// libreOfficeSheets converts a workbook with LibreOffice to one CSV per
// sheet, each cell as LibreOffice shows it (its number format applied),
// and reads them back by sheet name. Without soffice it skips the test,
// except in CI.
func libreOfficeSheets(t *testing.T, xlsx []byte) map[string][][]string {
	t.Helper()
	soffice := requireSoffice(t)
	if soffice == "" {
		return nil
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(in, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	// Filter options: comma, double quote, UTF-8, from line 1, default
	// formats, default language, quoted fields as text no, detect special
	// numbers yes, save cell contents as shown yes, formulas no, trim no,
	// every sheet to its own file (-1).
	runSoffice(t, soffice, dir, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", in)
	out := map[string][][]string{}
	matches, _ := filepath.Glob(filepath.Join(dir, "book-*.csv"))
	for _, m := range matches {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		out[strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "book-"), ".csv")] = recs
	}
	if len(out) == 0 {
		t.Fatalf("LibreOffice wrote no CSV")
	}
	return out
}

// requireSoffice finds LibreOffice, or skips the test (fails it in CI).
func requireSoffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI must install LibreOffice (soffice)")
	}
	t.Skip("needs LibreOffice (soffice)")
	return ""
}

// runSoffice converts in to the format into dir, with a profile of its
// own so that it neither waits for nor disturbs another LibreOffice.
func runSoffice(t *testing.T, soffice, dir, format, in string) {
	t.Helper()
	profile := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "profile"))
	cmd := exec.CommandContext(t.Context(), soffice, "-env:UserInstallation="+profile, "--headless", "--norestore", "--convert-to", format, "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
}

const coverageConfig = `
[site]
title = "口径"
title_en = "Coverage"
languages = ["zh-CN", "en"]
source = "测试"
sample_data = true
[[tiers]]
id = "prov"
name = "省级"
name_en = "Provincial"
[[tiers]]
id = "county"
name = "县级"
name_en = "County"
[[indicators]]
id = "output"
name = "工业产值"
name_en = "Output"
unit = "亿元"
decimals = 1
sum = true
[[indicators]]
id = "rdspend"
name = "研发投入"
name_en = "R&D spending"
unit = "亿元"
decimals = 2
sum = true
[[indicators]]
id = "revenue"
name = "营业收入"
name_en = "Revenue"
unit = "亿元"
decimals = 0
sum = true
[[indicators]]
id = "rd"
name = "研发投入强度"
name_en = "R&D intensity"
unit = "%"
decimals = 2
numerator = "rdspend"
denominator = "revenue"
[[targets]]
id = "each-revenue"
year = 2024
indicator = "revenue"
scope = ["county"]
measure = "each"
value = 20.5
text = "每镇营业收入不低于20.5亿元"
[[targets]]
id = "output-growth"
year = 2024
indicator = "output"
scope = ["prov", "county"]
measure = "growth"
value = 55.55
text = "产值增长55.55%"
[[targets]]
id = "output-total"
year = 2024
indicator = "output"
measure = "total"
value = 24.05
text = "产值24.05亿元"
`

// coverageSite has totals whose towns change: in the county tier, town a
// reports both years, b only 2024, and c is recognised in 2024; the
// provincial town d has an output of 0 in 2023, a base that has no
// growth. rd is a rate, its total the ratio of rdspend's and revenue's.
func coverageSite(t *testing.T) *model.Site {
	return siteOf(t, coverageConfig, [][3]string{{"d", "prov", ""}, {"a", "county", ""}, {"b", "county", ""}, {"c", "county", "2024"}}, [][6]string{
		// town, year, output, rdspend, revenue, rd
		{"d", "2023", "0", "", "", ""}, {"d", "2024", "4", "", "", ""},
		{"a", "2023", "10", "1", "40", "2.5"}, {"a", "2024", "12", "1.5", "50", "3"},
		{"b", "2024", "5", "1", "50", "2"},
		{"c", "2023", "99", "", "", ""}, {"c", "2024", "3", "0.3", "10", "3"},
	})
}

// siteOf is a site of coverageConfig's tiers and indicators: towns (id,
// tier, year recognised) named 镇<id>, and rows of town, year, output,
// rdspend, revenue and rd ("" for no data).
func siteOf(t *testing.T, cfg string, towns [][3]string, values [][6]string) *model.Site {
	t.Helper()
	c, problems, err := config.Parse("config.toml", []byte(cfg))
	if err != nil || problems.HasErrors() {
		t.Fatalf("config: %v %v", err, problems)
	}
	at := source.LocOf(diag.Loc{File: "data/t.xlsx", Sheet: "s", Cell: "A1"})
	number := func(s string) source.Number {
		if s == "" {
			return source.Number{}
		}
		return source.NumberOf(mustDec(t, s), at)
	}
	data := &source.Data{}
	for _, tw := range towns {
		data.Towns = append(data.Towns, source.TownRecord{ID: source.Text{S: tw[0], Loc: at}, Name: source.Text{S: "镇" + tw[0], Loc: at},
			NameEn: source.Text{S: "Town " + tw[0]}, Tier: source.Text{S: tw[1], Loc: at}, Recognised: number(tw[2])})
	}
	for _, v := range values {
		data.Values = append(data.Values, source.ValueRecord{Town: source.Text{S: v[0], Loc: at}, Year: number(v[1]),
			Values: source.ValuesOf(c, map[string]source.Number{"output": number(v[2]), "rdspend": number(v[3]), "revenue": number(v[4]), "rd": number(v[5])})})
	}
	site, problems := model.New(c, data)
	if problems.HasErrors() {
		t.Fatalf("model: %v", problems)
	}
	return site
}

// Every total carries its coverage, the year before's, the towns its
// change is over, and whether the towns changed: in totals.csv and
// data.json alike. A rate's change is in percentage points, never a
// growth; a growth over a base of zero is empty with its reason.
func TestTotalsCarryCoverage(t *testing.T) {
	site := coverageSite(t)
	recs := readCSV(t, CSV(totalsTable(site)))
	col := columnsOf(recs[0])
	var doc struct{ Totals []map[string]any }
	b, err := DataJSON(site)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Totals) != len(recs)-1 {
		t.Fatalf("data.json has %d totals, totals.csv %d", len(doc.Totals), len(recs)-1)
	}
	find := func(scope, year, ind string) (map[string]string, map[string]any) {
		for k, r := range recs[1:] {
			if r[col["scope"]] == scope && r[col["year"]] == year && r[col["indicator_id"]] == ind {
				m := map[string]string{}
				for name, j := range col {
					m[name] = r[j]
				}
				return m, doc.Totals[k]
			}
		}
		t.Fatalf("no total of %s %s %s", scope, year, ind)
		return nil, nil
	}
	for _, tt := range []struct {
		scope, year, ind string
		want             map[string]string
	}{
		// The county's 2024 output covers 3 towns of 3; in 2023, 1 of 2
		// (c was not yet a member). Only a reported both years: the
		// change is 12 - 10 = 2, +20.0%, not 20 - 10.
		{"county", "2024", "output", map[string]string{"value": "20", "reporting": "3", "towns": "3", "previous": "10", "prev_reporting": "1", "prev_towns": "2",
			"matched": "1", "change": "2", "growth_pct": "20.0", "change_pp": "", "growth_note": "", "break": "true"}},
		{"county", "2023", "output", map[string]string{"value": "10", "reporting": "1", "towns": "2", "previous": "", "prev_reporting": "", "prev_towns": "",
			"matched": "", "change": "", "growth_pct": "", "growth_note": "no_base", "break": "false"}},
		// 0 -> 4: a change, and no growth over a base of zero.
		{"prov", "2024", "output", map[string]string{"value": "4", "previous": "0", "matched": "1", "change": "4", "growth_pct": "", "growth_note": "base_not_positive", "break": "false"}},
		// (1.5+1+0.3)/(50+50+10) = 2.5454…% against 1/40 = 2.5%: +0.05 points, no growth, no sum.
		{"county", "2024", "rd", map[string]string{"value": "2.55", "previous": "2.50", "reporting": "3", "prev_reporting": "1", "matched": "", "change": "", "growth_pct": "",
			"change_pp": "0.05", "growth_note": "", "break": "true"}},
		// Every town: (4+20) over (0+10), matched d and a: (4+12)-(0+10) = 6, +60.0%.
		{"all", "2024", "output", map[string]string{"value": "24", "reporting": "4", "towns": "4", "previous": "10", "prev_reporting": "2", "prev_towns": "3",
			"matched": "2", "change": "6", "growth_pct": "60.0", "break": "true"}},
	} {
		csvRow, jsonRow := find(tt.scope, tt.year, tt.ind)
		for name, want := range tt.want {
			if got := csvRow[name]; got != want {
				t.Errorf("totals.csv %s %s %s: %s = %q, want %q", tt.scope, tt.year, tt.ind, name, got, want)
			}
			var got string
			switch v := jsonRow[name].(type) {
			case nil:
			case float64:
				got = strconv.FormatFloat(v, 'f', -1, 64)
				if w, err := strconv.ParseFloat(want, 64); err == nil && w == v {
					got = want // 2.50 is the number 2.5
				}
			case bool:
				got = strconv.FormatBool(v)
			case string:
				got = v
			}
			if got != want {
				t.Errorf("data.json %s %s %s: %s = %v, want %q", tt.scope, tt.year, tt.ind, name, jsonRow[name], want)
			}
		}
	}
	// Rates are never summed: the levels that are are marked so.
	inds := readCSV(t, CSV(indicatorsTable(site)))
	ic := columnsOf(inds[0])
	for _, r := range inds[1:] {
		kind, sum := "level", "true"
		if r[ic["indicator_id"]] == "rd" {
			kind, sum = "rate", "false"
			if r[ic["numerator"]] != "rdspend" || r[ic["denominator"]] != "revenue" {
				t.Errorf("indicators.csv: rd's parts = %v", r)
			}
		}
		if r[ic["kind"]] != kind || r[ic["sum"]] != sum {
			t.Errorf("indicators.csv %s: kind %q sum %q, want %s %s", r[ic["indicator_id"]], r[ic["kind"]], r[ic["sum"]], kind, sum)
		}
	}
}

// The report workbook's totals carry their coverage too: on the summary
// (this year's, the year before's, the towns matched, a note on a break
// or a missing growth), under every total of the totals by year, and
// under each tier's total row.
func TestReportTotalsCarryCoverage(t *testing.T) {
	site := coverageSite(t)
	rep := &Report{Site: site, Lang: lang(t, "zh-CN"), Year: 2024}
	f := open(t, mustWorkbook(t)(Workbook(rep.Props(), rep.Tables())))
	rows, err := f.GetRows("摘要")
	if err != nil {
		t.Fatal(err)
	}
	head := columnsOf(rows[1])
	byName := map[string][]string{}
	for _, r := range rows[2:] {
		if len(r) > 0 {
			byName[r[0]] = r
		}
	}
	at := func(r []string, col string) string {
		j, ok := head[col]
		if !ok {
			t.Fatalf("summary has no column %q: %v", col, rows[1])
		}
		if j >= len(r) {
			return ""
		}
		return r[j]
	}
	output := byName["工业产值"]
	for col, want := range map[string]string{"2024年": "24.0", "报送（2024年）": "4/4", "2023年": "10.0", "报送（2023年）": "2/3", "可比专业镇": "2",
		"同比变化": "6.0", "同比增长（%）": "60.0", "同比增减（百分点）": ""} {
		if got := at(output, col); got != want {
			t.Errorf("summary output %s = %q, want %q", col, got, want)
		}
	}
	if note := at(output, "说明"); !strings.Contains(note, "报送的专业镇与上年不同（上年2/3，本年4/4）") || !strings.Contains(note, "2个镇") {
		t.Errorf("summary output note = %q, want the break and its basis", note)
	}
	// In English the note says the towns differ, as the pages' break
	// notes do: a break is also as many towns as the year before but
	// other ones (5/6 then, 5/6 this year), which "coverage changed"
	// contradicted.
	en := open(t, mustWorkbook(t)(Workbook(rep.Props(), (&Report{Site: site, Lang: lang(t, "en"), Year: 2024}).Tables())))
	enRows, err := en.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	enNote := ""
	for _, r := range enRows {
		if len(r) > 0 && r[0] == "Output" {
			enNote = strings.Join(r, " | ")
		}
	}
	if want := "the towns reporting differ from the year before (2/3 then, 4/4 this year); change over the 2 towns that reported in both years"; !strings.Contains(enNote, want) {
		t.Errorf("English summary output row = %q, want the note %q", enNote, want)
	}
	rd := byName["研发投入强度"]
	for col, want := range map[string]string{"2024年": "2.55", "2023年": "2.50", "同比变化": "", "同比增长（%）": "", "同比增减（百分点）": "0.05", "可比专业镇": ""} {
		if got := at(rd, col); got != want {
			t.Errorf("summary rd %s = %q, want %q (a rate: points, no growth)", col, got, want)
		}
	}
	if _, ok := byName["营业收入"]; !ok {
		t.Errorf("summary lacks the rate's parts")
	}
	// 历年合计: a coverage row under every total, marked where the towns changed.
	trend, _ := f.GetRows("历年合计")
	found := false
	for i, r := range trend {
		if len(r) > 1 && r[0] == "工业产值（亿元）" && r[1] == "县级" {
			cov := trend[i+1]
			if cov[1] != "县级报送专业镇" || cov[2] != "1/2" || cov[3] != "3/3※" {
				t.Errorf("trend coverage row under the county's output = %q", cov)
			}
			found = true
		}
	}
	if !found {
		t.Errorf("trend has no county output row")
	}
	// A tier's total row, and the coverage row under it.
	county, _ := f.GetRows("县级")
	for i, r := range county {
		if len(r) > 0 && r[0] == "合计" {
			if r[3] != "20.0" || r[4] != "20.0" {
				t.Errorf("county total row = %q, want output 20.0, growth 20.0 (matched)", r)
			}
			if cov := county[i+1]; cov[0] != "报送专业镇" || cov[3] != "3/3※" || cov[4] != "可比1个" {
				t.Errorf("county coverage row = %q", cov)
			}
		}
	}
}

// A target's value, actual and gap take their places from
// TargetResult.Decimals alone, in targets.csv, data.json and the
// report's 目标 sheet: an "each" target of 20.5 on an indicator of no
// decimals is 20.5, its count of towns meeting it has a column of its
// own; every target says how many towns it rests on and which have no
// data.
func TestTargetsFigures(t *testing.T) {
	site := coverageSite(t)
	recs := readCSV(t, CSV(targetsTable(site)))
	col := columnsOf(recs[0])
	var doc struct{ Targets []map[string]any }
	b, err := DataJSON(site)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"each-revenue": {"target_value": "20.5", "unit": "亿元", "decimals": "1", "actual": "", "gap": "", "towns_met": "2", "reporting": "3", "towns_in_scope": "3", "missing_towns": "", "status": "not-met"},
		// 60% over the towns reporting both years (d and a); b has no 2023 figure.
		"output-growth": {"target_value": "55.55", "unit": "%", "decimals": "2", "actual": "60.00", "gap": "4.45", "towns_met": "", "reporting": "2", "towns_in_scope": "4", "missing_towns": "b", "status": "met"},
		// 24 against 24.05: shown 24.00, not 24.0, so that it is visibly short.
		"output-total": {"target_value": "24.05", "decimals": "2", "actual": "24", "gap": "-0.05", "reporting": "4", "towns_in_scope": "4", "missing_towns": "", "status": "not-met"},
	}
	jsonName := map[string]string{"target_value": "value", "towns_in_scope": "towns", "missing_towns": "missing"}
	for k, r := range recs[1:] {
		id := r[col["target_id"]]
		for name, w := range want[id] {
			if got := r[col[name]]; got != w {
				t.Errorf("targets.csv %s: %s = %q, want %q", id, name, got, w)
			}
			jn := name
			if n, ok := jsonName[name]; ok {
				jn = n
			}
			var got string
			switch v := doc.Targets[k][jn].(type) {
			case string:
				got = v
			case []any:
				for i, x := range v {
					if i > 0 {
						got += " "
					}
					got += x.(string)
				}
			case nil:
			default:
				got = fmt.Sprint(v)
			}
			if jn == "actual" && w == "60.00" {
				w = "60" // JSON numbers have no trailing zeros
			}
			if got != w {
				t.Errorf("data.json %s: %s = %v, want %q", id, jn, doc.Targets[k][jn], w)
			}
		}
	}
	rep := &Report{Site: site, Lang: lang(t, "zh-CN"), Year: 2024}
	f := open(t, mustWorkbook(t)(Workbook(rep.Props(), rep.Tables())))
	rows, err := f.GetRows("目标")
	if err != nil {
		t.Fatal(err)
	}
	head := columnsOf(rows[1])
	sheet := map[string]map[string]string{
		"每镇营业收入不低于20.5亿元": {"比较": "每个专业镇 ≥ 20.5", "目标值": "20.5", "实际": "", "差距": "", "单位": "亿元", "达到目标的专业镇": "2", "有数据的专业镇": "3/3", "无数据的专业镇": "", "完成情况": "未完成"},
		"产值增长55.55%":      {"目标值": "55.55", "实际": "60.00", "差距": "4.45", "单位": "%", "有数据的专业镇": "2/4", "无数据的专业镇": "镇b", "完成情况": "已完成"},
		"产值24.05亿元":       {"目标值": "24.05", "实际": "24.00", "差距": "-0.05", "有数据的专业镇": "4/4"},
	}
	seen := 0
	for _, r := range rows[2:] {
		if len(r) == 0 {
			continue
		}
		w, ok := sheet[r[0]]
		if !ok {
			continue
		}
		seen++
		for name, want := range w {
			j, ok := head[name]
			if !ok {
				t.Fatalf("目标 has no column %q: %q", name, rows[1])
			}
			got := ""
			if j < len(r) {
				got = r[j]
			}
			if got != want {
				t.Errorf("目标 %s: %s = %q, want %q", r[0], name, got, want)
			}
		}
	}
	if seen != len(sheet) {
		t.Errorf("目标 lists %d of the %d targets", seen, len(sheet))
	}
}

// Every CSV file of a sample site carries the sample-data mark in a last
// column "note", on every row, and stays a plain table: encoding/csv
// reads it strictly, as Python's csv module does (run when python3 is
// installed), and datapackage.json describes the column. A site of real
// data has no such column.
func TestCSVCarriesTheSampleMark(t *testing.T) {
	site := testSite(t)
	tables := append(DataTables(site), TownTable(site, site.Towns[0]))
	dir := t.TempDir()
	var paths []string
	files := fstest.MapFS{}
	for _, tab := range tables {
		b := CSV(tab)
		if !bytes.HasPrefix(b, []byte(BOM)) {
			t.Fatalf("%s: no BOM", tab.Name)
		}
		r := csv.NewReader(bytes.NewReader(b[len(BOM):]))
		recs, err := r.ReadAll() // every record as long as the header
		if err != nil {
			t.Fatalf("%s: %v", tab.Name, err)
		}
		if h := recs[0]; h[len(h)-1] != "note" || len(h) != len(tab.Columns)+1 {
			t.Errorf("%s: header %v, want the columns and note", tab.Name, h)
		}
		if len(recs) < 2 {
			t.Errorf("%s: no rows", tab.Name)
		}
		for i, rec := range recs[1:] {
			if rec[len(rec)-1] != "示例数据 / sample data" {
				t.Errorf("%s row %d: note = %q", tab.Name, i+2, rec[len(rec)-1])
			}
		}
		p := tab.Name + ".csv"
		paths = append(paths, p)
		files[p] = &fstest.MapFile{Data: b}
		if err := os.WriteFile(filepath.Join(dir, p), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pkg, err := DataPackage(site, tables, paths)
	if err != nil {
		t.Fatal(err)
	}
	CheckDataPackage(t, pkg, files)
	if !bytes.Contains(pkg, []byte(`"name": "note"`)) {
		t.Errorf("datapackage.json does not describe the note column")
	}
	if python, err := exec.LookPath("python3"); err == nil {
		// As the datapackage's dialect and encoding tell a program to read them.
		script := `import csv, sys
for p in sys.argv[1:]:
    with open(p, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows, p
    for r in rows:
        assert r["note"] == "示例数据 / sample data", (p, r)
        assert None not in r and None not in r.values(), (p, r)
print(len(sys.argv) - 1)
`
		args := append([]string{"-c", script}, func() []string {
			var out []string
			for _, p := range paths {
				out = append(out, filepath.Join(dir, p))
			}
			return out
		}()...)
		out, err := exec.CommandContext(t.Context(), python, args...).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != strconv.Itoa(len(paths)) {
			t.Errorf("Python's csv module: %v\n%s", err, out)
		}
	}
	// Real data: no note column.
	real := edgeSite(t, "half-up")
	if recs := readCSV(t, CSV(DataTables(real)[2])); slices.Contains(recs[0], "note") {
		t.Errorf("a site of real data has a note column: %v", recs[0])
	}
}
