package source

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	decimal "github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// testProgram stands for the program's digest in the read cache's keys.
var testProgram = sha256.Sum256([]byte("read cache tests"))

// cacheBook is a workbook with a towns sheet and two year sheets, with
// what records carry besides figures: a footnote mark resolved against a
// note, a provisional year, a total row, a comment, text shared between
// sheets (the towns' names).
func cacheBook(t *testing.T) []byte {
	t.Helper()
	year := func(name string, a, b float64) sheet {
		return sheet{name: name, rows: [][]any{
			{"专业镇", "工业产值", "新增投资"},
			{"大良", "12.5①", b},
			{"容桂", a, "—"},
			{"合计", a + 12.5, b},
			{"注：①含大良街道。" + strings.TrimSuffix(name, "年") + "年为初步数"},
		}, comments: map[string]string{"C2": "含技改投资"}}
	}
	return xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{{"编号", "名称", "级别"}, {"daliang", "大良", "省级"}, {"ronggui", "容桂", "市级"}}},
		year("2023年", 8, 2),
		year("2024年", 9, 3))
}

// readBoth reads fsys without a cache and then with c (rotated after),
// checks that both give the same records and problems, and returns the
// cached read's data.
func readBoth(t *testing.T, fsys fstest.MapFS, cfg *config.Config, c *ReadCache) (*Data, diag.List) {
	t.Helper()
	want, wantProblems := Read(fsys, cfg)
	got, problems := ReadWith(fsys, cfg, ReadOptions{Cache: c, Program: testProgram})
	c.Rotate()
	taken := got.SheetsTaken
	got.SheetsTaken = 0
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the read with the cache (%d sheets taken) gives other records than without it", taken)
	}
	if !reflect.DeepEqual(problems, wantProblems) {
		t.Errorf("the read with the cache gives the problems\n%v\nwithout it\n%v", problems, wantProblems)
	}
	got.SheetsTaken = taken
	return got, problems
}

// figure is the value of indicator i of the town and year named, as text.
func figure(data *Data, town string, year int, i int) string {
	for _, v := range data.Values {
		if v.Town.S == town && int(v.Year.V) == year {
			if n, ok := v.Value(i); ok {
				return n.D.String()
			}
			return "none"
		}
	}
	return "missing"
}

func TestReadCacheTakesUnchangedSheets(t *testing.T) {
	book := cacheBook(t)
	fsys := fstest.MapFS{"data/a.xlsx": {Data: book}}
	cfg := testConfig()
	c := NewReadCache()
	first, problems := readBoth(t, fsys, cfg, c)
	if len(problems) > 0 {
		t.Fatalf("the test workbook has problems: %v", problems)
	}
	if first.SheetsTaken != 0 || len(first.Sheets) != 3 {
		t.Fatalf("a first read took %d of %d sheets", first.SheetsTaken, len(first.Sheets))
	}
	if len(first.Notes) < 2 || len(first.Provisional) != 2 || len(first.Totals) != 2 {
		t.Fatalf("the test workbook lacks what it should exercise: notes %v, provisional %v, totals %d", first.Notes, first.Provisional, len(first.Totals))
	}
	again, _ := readBoth(t, fsys, cfg, c)
	if again.SheetsTaken != 3 {
		t.Errorf("an unchanged workbook: %d of 3 sheets taken", again.SheetsTaken)
	}

	// Only the 2024 sheet's XML changes: it alone is parsed again, and its
	// new figure is read. A key without the sheet's bytes would give 9.
	fsys["data/a.xlsx"] = &fstest.MapFile{Data: rewritePart(t, book, "xl/worksheets/sheet3.xml", func(s string) string {
		return strings.Replace(s, `<c r="B3"><v>9</v>`, `<c r="B3"><v>9.25</v>`, 1)
	})}
	edited, _ := readBoth(t, fsys, cfg, c)
	if edited.SheetsTaken != 2 {
		t.Errorf("one sheet edited: %d of 3 sheets taken, want 2", edited.SheetsTaken)
	}
	if got := figure(edited, "容桂", 2024, ind("output")); got != "9.25" {
		t.Errorf("容桂's 2024 output is %s after the edit, want 9.25", got)
	}
	if again, _ := readBoth(t, fsys, cfg, c); again.SheetsTaken != 3 {
		t.Errorf("the edited workbook read again: %d of 3 sheets taken", again.SheetsTaken)
	}
}

// TestReadCacheKeys changes each input of a sheet's reading and checks
// that the records are what reading gives: shared text, styles, the
// config, a sheet's name and its hidden state.
func TestReadCacheKeys(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(t *testing.T, book []byte, cfg *config.Config) []byte
		taken int // sheets taken after the edit
		check func(t *testing.T, data *Data, problems diag.List)
	}{
		{"shared strings: a town's name", func(t *testing.T, book []byte, _ *config.Config) []byte {
			return rewritePart(t, book, "xl/sharedStrings.xml", func(s string) string { return strings.ReplaceAll(s, "容桂", "容奇") })
		}, 0, func(t *testing.T, data *Data, _ diag.List) {
			if got := figure(data, "容奇", 2024, ind("output")); got != "9" {
				t.Errorf("容奇's 2024 output: %s", got)
			}
		}},
		{"styles: a figure's format made a date", func(t *testing.T, book []byte, _ *config.Config) []byte {
			return rewritePart(t, book, "xl/styles.xml", func(s string) string { return strings.Replace(s, `numFmtId="2"`, `numFmtId="14"`, 1) })
		}, 0, func(t *testing.T, _ *Data, problems diag.List) {
			if !strings.Contains(allText(problems), "日期") {
				t.Errorf("a figure in a date cell is not reported: %v", problems)
			}
		}},
		{"config: an indicator's header", func(t *testing.T, book []byte, cfg *config.Config) []byte {
			cfg.Indicators[ind("investment")].Aliases = nil
			cfg.Indicators[ind("investment")].Name = "投资总额"
			return book
		}, 0, func(t *testing.T, data *Data, problems diag.List) {
			if got := figure(data, "大良", 2024, ind("investment")); got != "none" {
				t.Errorf("大良's 2024 investment is %s under a header no longer configured", got)
			}
			if !strings.Contains(allText(problems), "新增投资") {
				t.Errorf("the column no longer configured is not reported: %v", problems)
			}
		}},
		{"a sheet renamed", func(t *testing.T, book []byte, _ *config.Config) []byte {
			return editBook(t, book, func(f *excelize.File) error { return f.SetSheetName("2024年", "2024") })
		}, 0, func(t *testing.T, data *Data, _ diag.List) {
			for _, v := range data.Values {
				if v.Town.Loc.Diag().Sheet == "2024年" {
					t.Errorf("a record still located in the sheet's old name: %v", v.Town.Loc)
				}
			}
		}},
		{"a sheet hidden", func(t *testing.T, book []byte, _ *config.Config) []byte {
			return editBook(t, book, func(f *excelize.File) error { return f.SetSheetVisible("2023年", false) })
		}, 0, func(t *testing.T, _ *Data, problems diag.List) {
			if !strings.Contains(allText(problems), "隐藏") {
				t.Errorf("the hidden sheet is not reported: %v", problems)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			book := styledBook(t)
			fsys := fstest.MapFS{"data/a.xlsx": {Data: book}}
			cfg := testConfig()
			cfg.Indicators[ind("investment")].Aliases = []string{"投资额"}
			c := NewReadCache()
			if _, problems := readBoth(t, fsys, cfg, c); len(problems) > 0 {
				t.Fatalf("the test workbook has problems: %v", problems)
			}
			fsys["data/a.xlsx"] = &fstest.MapFile{Data: tc.edit(t, book, cfg)}
			data, problems := readBoth(t, fsys, cfg, c)
			if data.SheetsTaken != tc.taken {
				t.Errorf("%d sheets taken, want %d", data.SheetsTaken, tc.taken)
			}
			tc.check(t, data, problems)
			// Read again as it is: what was kept gives the same records
			// and the same problems (a workbook with a warning of its
			// own, such as a hidden sheet, is never taken whole).
			data, problems = readBoth(t, fsys, cfg, c)
			tc.check(t, data, problems)
		})
	}
}

// styledBook is cacheBook with 新增投资 headed 投资额 (an alias the tests'
// config gives it) and a figure formatted 0.00, a style that is no date.
func styledBook(t *testing.T) []byte {
	t.Helper()
	return editBook(t, cacheBook(t), func(f *excelize.File) error {
		style, err := f.NewStyle(&excelize.Style{NumFmt: 2})
		if err != nil {
			return err
		}
		if err := f.SetCellStyle("2023年", "C2", "C2", style); err != nil {
			return err
		}
		return f.SetCellValue("2024年", "C1", "投资额")
	})
}

// editBook is book edited with excelize and saved.
func editBook(t *testing.T, book []byte, edit func(f *excelize.File) error) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := edit(f); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadCacheFile saves the cache and loads it again; a file cut short
// or with a byte changed is no cache at all, and the sheets are parsed.
func TestReadCacheFile(t *testing.T) {
	fsys := fstest.MapFS{"data/a.xlsx": {Data: cacheBook(t)}}
	cfg := testConfig()
	c := NewReadCache()
	if _, problems := ReadWith(fsys, cfg, ReadOptions{Cache: c, Program: testProgram}); len(problems) > 0 {
		t.Fatal(problems)
	}
	path := filepath.Join(t.TempDir(), ".public.readcache")
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := readBoth(t, fsys, cfg, LoadReadCache(path)); data.SheetsTaken != 3 {
		t.Errorf("the saved cache gave %d of 3 sheets", data.SheetsTaken)
	}
	flipped := bytes.Clone(whole)
	flipped[len(flipped)/2] ^= 0x20
	for name, b := range map[string][]byte{"cut short": whole[:len(whole)*2/3], "a byte changed": flipped, "empty": nil, "another file": []byte("townpress manifest 2\n")} {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if data, _ := readBoth(t, fsys, cfg, LoadReadCache(path)); data.SheetsTaken != 0 {
			t.Errorf("%s: a damaged cache gave %d sheets", name, data.SheetsTaken)
		}
	}
	if data, _ := readBoth(t, fsys, cfg, LoadReadCache(filepath.Join(t.TempDir(), "none"))); data.SheetsTaken != 0 {
		t.Errorf("no cache file gave %d sheets", data.SheetsTaken)
	}
}

// TestReadCacheEntriesCutShort decodes every entry cut at every length:
// nothing but the whole entry decodes, and nothing panics.
func TestReadCacheEntriesCutShort(t *testing.T) {
	c := NewReadCache()
	if _, problems := ReadWith(fstest.MapFS{"data/a.xlsx": {Data: cacheBook(t)}}, testConfig(), ReadOptions{Cache: c, Program: testProgram}); len(problems) > 0 {
		t.Fatal(problems)
	}
	sheets := 0
	for _, b := range c.next {
		if b[0] != sheetEntry {
			if _, ok := decodeWorkbook(b[:len(b)-1]); ok {
				t.Errorf("a workbook entry cut short decodes")
			}
			continue
		}
		sheets++
		if _, _, _, ok := decodeSheet(b, "data/a.xlsx"); !ok {
			t.Fatalf("a whole entry does not decode")
		}
		if _, _, _, ok := decodeSheet(b, "data/b.xlsx"); ok {
			t.Errorf("an entry decodes for another workbook")
		}
		for n := range len(b) {
			if _, _, _, ok := decodeSheet(b[:n], "data/a.xlsx"); ok {
				t.Errorf("the entry cut to %d of %d bytes decodes", n, len(b))
			}
		}
	}
	if sheets != 3 {
		t.Errorf("%d sheet entries, want 3", sheets)
	}
}

// TestReadCacheCheck plants a wrong figure in the cache under the right
// key: a read takes it (which is why keys must be complete), and a read
// with Check reports it.
func TestReadCacheCheck(t *testing.T) {
	fsys := fstest.MapFS{"data/a.xlsx": {Data: cacheBook(t)}}
	cfg := testConfig()
	c := NewReadCache()
	ReadWith(fsys, cfg, ReadOptions{Cache: c, Program: testProgram})
	c.Rotate()
	planted := false
	for k, b := range c.prev {
		if b[0] != sheetEntry {
			continue
		}
		name, r, info, ok := decodeSheet(b, "data/a.xlsx")
		if !ok || name != "2024年" {
			continue
		}
		r.values[1].Values[ind("output")] = NumberOf(decimal.New(99, 0), r.values[1].Values[ind("output")].Loc)
		wrong, err := encodeSheet("data/a.xlsx", name, r.values[1].Town.Loc.sheet, r, info)
		if err != nil {
			t.Fatal(err)
		}
		c.prev[k] = wrong
		planted = true
	}
	if !planted {
		t.Fatal("no entry of the sheet 2024年")
	}
	saved := c.prev
	data, _ := ReadWith(fsys, cfg, ReadOptions{Cache: c, Program: testProgram})
	if got := figure(data, "容桂", 2024, ind("output")); got != "99" {
		t.Fatalf("the planted figure was not taken (%s): the test shows nothing", got)
	}
	c.prev = saved
	_, problems := ReadWith(fsys, cfg, ReadOptions{Cache: c, Program: testProgram, Check: true})
	if !problems.HasErrors() || !strings.Contains(allText(problems), "TOWNPRESS_CHECK_KEYS") {
		t.Errorf("Check does not report the planted figure: %v", problems)
	}
	// Without a program digest, nothing is taken.
	c.prev = saved
	if data, _ := ReadWith(fsys, cfg, ReadOptions{Cache: c}); data.SheetsTaken != 0 || figure(data, "容桂", 2024, ind("output")) != "9" {
		t.Errorf("a read without the program's digest took %d sheets", data.SheetsTaken)
	}
}

// TestSheetKeys changes one part of a package at a time: a sheet's key
// changes with its own XML and with every shared part, not with another
// sheet's XML or docProps, unless a relationship names that part.
func TestSheetKeys(t *testing.T) {
	sheets := []sheetPart{{"2023年", "xl/worksheets/sheet1.xml"}, {"2024年", "xl/worksheets/sheet2.xml"}}
	parts := func() []packageEntry {
		var ps []packageEntry
		for i, n := range []string{"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
			"xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/_rels/sheet1.xml.rels", "xl/comments1.xml"} {
			ps = append(ps, packageEntry{name: n, sum: sha256.Sum256([]byte{byte(i)})})
		}
		return ps
	}
	var salt [32]byte
	base := sheetKeys(salt, "data/a.xlsx", "xl/workbook.xml", sheets, nil, parts(), map[string]bool{})
	changed := func(part string, targets map[string]bool) [][32]byte {
		ps := parts()
		for i := range ps {
			if ps[i].name == part {
				ps[i].sum[0] ^= 1
			}
		}
		return sheetKeys(salt, "data/a.xlsx", "xl/workbook.xml", sheets, nil, ps, targets)
	}
	for _, tc := range []struct {
		part    string
		targets map[string]bool
		first   bool // the first sheet's key changes
		second  bool
	}{
		{"xl/worksheets/sheet1.xml", nil, true, false},
		{"xl/worksheets/sheet2.xml", nil, false, true},
		{"xl/sharedStrings.xml", nil, true, true},
		{"xl/styles.xml", nil, true, true},
		{"xl/workbook.xml", nil, true, true},
		{"xl/_rels/workbook.xml.rels", nil, true, true},
		{"xl/worksheets/_rels/sheet1.xml.rels", nil, true, true},
		{"xl/comments1.xml", nil, true, true},
		{"[Content_Types].xml", nil, true, true},
		{"docProps/core.xml", nil, false, false},
		{"docProps/core.xml", map[string]bool{"docprops/": true}, true, true},
		// A relationship of a sheet names the other sheet's XML.
		{"xl/worksheets/sheet2.xml", map[string]bool{"sheet2.xml": true}, true, true},
	} {
		keys := changed(tc.part, tc.targets)
		if (keys[0] != base[0]) != tc.first || (keys[1] != base[1]) != tc.second {
			t.Errorf("%s changed (targets %v): the keys changed %v %v, want %v %v", tc.part, tc.targets, keys[0] != base[0], keys[1] != base[1], tc.first, tc.second)
		}
	}
	hidden := sheetKeys(salt, "data/a.xlsx", "xl/workbook.xml", sheets, map[string]string{"2024年": "hidden"}, parts(), map[string]bool{})
	if hidden[0] != base[0] || hidden[1] == base[1] {
		t.Errorf("hiding the second sheet: its key changed %v, the first's %v", hidden[1] != base[1], hidden[0] != base[0])
	}
	renamed := sheetKeys(salt, "data/b.xlsx", "xl/workbook.xml", sheets, nil, parts(), map[string]bool{})
	if renamed[0] == base[0] {
		t.Errorf("the key does not change with the workbook's name")
	}
	if other := sheetKeys([32]byte{1}, "data/a.xlsx", "xl/workbook.xml", sheets, nil, parts(), map[string]bool{}); other[0] == base[0] {
		t.Errorf("the key does not change with the salt (program, config)")
	}
}

// TestCodecRoundTrip fills every field of every record with a value of
// its own, by reflection, and decodes what was encoded: a field the codec
// leaves out fails it.
func TestCodecRoundTrip(t *testing.T) {
	ref := &sheetRef{file: "data/a.xlsx", sheet: "2024年"}
	n := 0
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		n++
		switch v.Type() {
		case reflect.TypeFor[Loc]():
			v.Set(reflect.ValueOf(Loc{sheet: ref, col: int32(n % 50), row: int32(n)}))
			return
		case reflect.TypeFor[decimal.Dec]():
			v.Set(reflect.ValueOf(decimal.New(int64(n)*7-3, -n%5)))
			return
		case reflect.TypeFor[status.Flag]():
			v.SetUint(uint64(n%7 + 1))
			return
		}
		switch v.Kind() {
		case reflect.String:
			v.SetString(strings.Repeat("字", n%3+1) + string(rune('a'+n%26)))
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Int, reflect.Int32, reflect.Int64:
			v.SetInt(int64(n))
		case reflect.Float64:
			v.SetFloat(float64(n) + 0.125)
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
			for i := range 2 {
				fill(v.Index(i))
			}
		case reflect.Array:
			for i := range v.Len() {
				fill(v.Index(i))
			}
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				if !v.Type().Field(i).IsExported() {
					t.Fatalf("%s has the unexported field %s: teach the codec and this test", v.Type(), v.Type().Field(i).Name)
				}
				fill(v.Field(i))
			}
		default:
			t.Fatalf("cannot fill a %s", v.Type())
		}
	}
	r := &records{}
	for _, p := range []any{&r.towns, &r.values, &r.totals, &r.notes, &r.provisional} {
		fill(reflect.ValueOf(p).Elem())
	}
	info := &SheetInfo{}
	fill(reflect.ValueOf(info).Elem())
	// Nil slices stay nil; a record without Extra keeps none.
	r.values = append(r.values, ValueRecord{Town: Text{S: "容桂", Loc: Loc{sheet: ref, row: 9}}, Values: []Number{{}, {Valid: true, V: 1, D: decimal.Int(1)}}})
	info.Notes = nil
	b, err := encodeSheet(ref.file, ref.sheet, ref, r, info)
	if err != nil {
		t.Fatal(err)
	}
	name, got, gotInfo, ok := decodeSheet(b, ref.file)
	if !ok || name != ref.sheet {
		t.Fatalf("the entry does not decode (%v, %q)", ok, name)
	}
	if !reflect.DeepEqual(got, r) || !reflect.DeepEqual(gotInfo, info) {
		t.Errorf("decoded records differ:\n got %+v\nwant %+v", got, r)
	}
	// A location in another sheet is not kept.
	r.notes[0].At.sheet = &sheetRef{file: "data/a.xlsx", sheet: "other"}
	if _, err := encodeSheet(ref.file, ref.sheet, ref, r, info); err == nil {
		t.Errorf("a record located in another sheet is kept")
	}
}

// allText is every problem's message, in both languages.
func allText(l diag.List) string {
	var b strings.Builder
	for _, p := range l {
		b.WriteString(p.In(diag.En) + "\n" + p.In(diag.Zh) + "\n")
	}
	return b.String()
}

// TestCodecMinimalSizes: the fewest bytes the decoder allows an element
// of each kind are what the encoder writes for an empty one, so that no
// entry the encoder wrote is refused as too short.
func TestCodecMinimalSizes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(e *encoder)
		min   int
	}{
		{"number", func(e *encoder) { e.number(Number{}) }, minNumber},
		{"text", func(e *encoder) { e.text(Text{}) }, minText},
		{"town", func(e *encoder) { e.town(&TownRecord{}) }, minTown},
		{"value", func(e *encoder) { e.value(&ValueRecord{}) }, minValue},
		{"total", func(e *encoder) { e.total(&TotalRecord{}) }, minTotal},
		{"note", func(e *encoder) { e.note(CellNote{}) }, minNote},
		{"year", func(e *encoder) { e.year(YearNote{}) }, minYear},
		{"column", func(e *encoder) { e.column(ColumnInfo{}) }, minColumn},
		{"sheet note", func(e *encoder) { e.dtext(diag.Text{}) }, minText},
	} {
		e := &encoder{}
		tc.write(e)
		if len(e.b) != tc.min {
			t.Errorf("an empty %s is written in %d bytes; the decoder allows no fewer than %d", tc.name, len(e.b), tc.min)
		}
	}
}
