package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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
	if os.Getenv("CI") == "true" {
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
