package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// Props are a workbook's document properties, shown by File > Properties.
type Props struct {
	Title, Subject, Creator, Description, Keywords, Language string
	// Time stamps the document. It is fixed by the caller (the data's last
	// year), never the clock, so the same input gives the same bytes.
	Time string
}

// ChartSpec is a native Excel chart drawn from columns of its table.
type ChartSpec struct {
	Title      string
	Kind       string // "col", "col-stacked", "bar" or "line"
	Category   int    // column holding the categories
	Values     []int  // columns holding the series
	FirstRow   int    // first data row (0-based) to chart
	Rows       int    // rows to chart; 0 means every row from FirstRow
	YAxisTitle string // usually the unit
	// SeriesRows, when set, draws one series per row instead: the row's
	// first cell names it, its cells from column FirstCol on are the values,
	// and the header cells above them the categories.
	SeriesRows []int
	FirstCol   int
}

// Workbook writes tables as the sheets of one workbook. Each sheet has a
// title row, a styled header row frozen in place, numbers formatted with
// their decimals, notes as visible rows under the table, and the table's
// native charts below the notes.
func Workbook(props Props, tables []*Table) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, props, tables); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteWorkbook writes Workbook(props, tables) to w. The rows are streamed
// into excelize as they are made, never held as cells; the compressed
// workbook is held once, to write its parts in a fixed order.
func WriteWorkbook(w io.Writer, props Props, tables []*Table) error {
	_, err := writeWorkbook(w, props, tables, false)
	return err
}

// WriteWorkbookSum is WriteWorkbook that also returns the workbook's
// digest, WorkbookSum(props, tables, nil), made from the rows as they
// are measured for the sheets rather than in a pass of its own: a build
// that has no earlier file the digest could match keys the file it
// writes without making every row once more for the key alone.
func WriteWorkbookSum(w io.Writer, props Props, tables []*Table) ([32]byte, error) {
	return writeWorkbook(w, props, tables, true)
}

// writeWorkbook writes the workbook and, when sum is set, returns its
// digest as WorkbookSum makes it.
func writeWorkbook(w io.Writer, props Props, tables []*Table, sum bool) ([32]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(newZipWriter)
	s, err := newStyles(f)
	if err != nil {
		return [32]byte{}, err
	}
	// Every sheet exists, and the first is the active one, before any is
	// streamed: a streamed sheet is no longer open to changes.
	sheets, from := splitLong(tables)
	names := make([]string, len(sheets))
	taken := map[string]bool{}
	for i, t := range sheets {
		names[i] = uniqueSheetName(sheetName(t), taken)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", names[i]); err != nil {
				return [32]byte{}, fmt.Errorf("xlsx %s: %w", names[i], err)
			}
		} else if _, err := f.NewSheet(names[i]); err != nil {
			return [32]byte{}, fmt.Errorf("xlsx %s: %w", names[i], err)
		}
	}
	f.SetActiveSheet(0)
	// The digest, when wanted: a table's, fed its rows by the sheets it
	// is written on (a long table's parts, in order), is added to the
	// workbook's after its last sheet. A table with Fill is digested
	// whole, as WorkbookSum does: it is short.
	var wd *workbookDigest
	var td *tableDigest
	if sum {
		wd = newWorkbookDigest(props, len(tables))
	}
	caches := chartCaches{}
	var shown Shown // what the sheets written so far show
	for i, t := range sheets {
		src := tables[from[i]]
		first, last := i == 0 || from[i-1] != from[i], i == len(sheets)-1 || from[i+1] != from[i]
		if wd != nil && first && src.Fill == nil {
			td = newTableDigest(src)
		}
		if t.Fill != nil {
			filled := *t
			filled.Rows = t.Fill(shown)
			t = &filled
		}
		sheetShown, err := writeSheet(f, s, names[i], t, caches, td)
		if err != nil {
			return [32]byte{}, fmt.Errorf("xlsx %s: %w", names[i], err)
		}
		shown.merge(sheetShown)
		if wd != nil && last {
			if src.Fill != nil {
				wd.add(wd.filled(src).Sum())
			} else {
				wd.add(td.sum())
			}
			td = nil
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: props.Title, Subject: props.Subject, Creator: props.Creator, LastModifiedBy: props.Creator,
		Description: props.Description, Keywords: props.Keywords, Language: props.Language,
		Created: props.Time, Modified: props.Time, Category: "statistics",
	}); err != nil {
		return [32]byte{}, fmt.Errorf("xlsx properties: %w", err)
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "townpress", Company: props.Creator}); err != nil {
		return [32]byte{}, fmt.Errorf("xlsx properties: %w", err)
	}
	// excelize adds the image content types from a map when a chart is
	// added, so their order changes from run to run; sorted, the same input
	// gives the same bytes.
	if ct := f.ContentTypes; ct != nil {
		d := ct.Defaults
		sort.SliceStable(d, func(i, j int) bool { return d[i].Extension < d[j].Extension })
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return [32]byte{}, fmt.Errorf("xlsx: %w", err)
	}
	if err := sortZip(w, buf.Bytes(), caches); err != nil {
		return [32]byte{}, err
	}
	if wd == nil {
		return [32]byte{}, nil
	}
	return wd.d.Sum(), nil
}

// sortZip writes a zip with its entries in a fixed order. excelize writes
// streamed sheets first, in the order of a map, so the same input would
// otherwise give different bytes from run to run. The entries are copied
// compressed, as they are, but for the charts, which get their caches
// (fillCaches).
func sortZip(w io.Writer, b []byte, caches chartCaches) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	files := slices.Clone(zr.File)
	// The order excelize gives the parts it does not stream: names descending.
	slices.SortStableFunc(files, func(a, b *zip.File) int { return strings.Compare(b.Name, a.Name) })
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, pooledCompressor)
	for _, zf := range files {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") && strings.HasSuffix(zf.Name, ".xml") {
			if err := copyChart(zw, zf, caches); err != nil {
				return fmt.Errorf("xlsx %s: %w", zf.Name, err)
			}
			continue
		}
		part, err := zw.CreateRaw(&zf.FileHeader)
		if err != nil {
			return fmt.Errorf("xlsx %s: %w", zf.Name, err)
		}
		r, err := zf.OpenRaw()
		if err != nil {
			return fmt.Errorf("xlsx %s: %w", zf.Name, err)
		}
		if _, err := io.Copy(part, r); err != nil {
			return fmt.Errorf("xlsx %s: %w", zf.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// copyChart writes a chart part with its caches filled in.
func copyChart(zw *zip.Writer, zf *zip.File, caches chartCaches) error {
	r, err := zf.Open()
	if err != nil {
		return err
	}
	b, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		return err
	}
	part, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
	if err != nil {
		return err
	}
	_, err = part.Write(valueAxisAtEnd(fillCaches(b, caches)))
	return err
}

// deflateLevel compresses workbooks. The default level (6) spent more CPU
// than anything else in the national build's workbooks; level 1 makes
// files about a fifth larger (sheet XML is very repetitive) for a third of
// the time. Measured in BENCHMARKS.md.
const deflateLevel = flate.BestSpeed

// flaters are reused: each holds about a megabyte of tables, and a workbook
// has a dozen parts, and its charts are compressed again by sortZip.
var flaters sync.Pool

type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flaters.Put(p.Writer)
	return err
}

func newZipWriter(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, pooledCompressor)
	return zw
}

// pooledCompressor is a zip compressor at deflateLevel from the pool: a
// writer Reset writes what a new one would.
func pooledCompressor(out io.Writer) (io.WriteCloser, error) {
	if fw, ok := flaters.Get().(*flate.Writer); ok {
		fw.Reset(out)
		return pooledFlate{fw}, nil
	}
	fw, err := flate.NewWriter(out, deflateLevel)
	if err != nil {
		return nil, err
	}
	return pooledFlate{fw}, nil
}

// maxSheetRows leaves room under Excel's 1,048,576 rows for the title,
// header and notes rows. (A variable for the tests.)
var maxSheetRows = 1_000_000

// splitLong cuts a table longer than a sheet holds into numbered parts, so
// a national dataset (40,000 towns × 10 years × 12 indicators is 4.8
// million rows) still opens in Excel and WPS, whole. from[i] is the
// index in tables of the table sheet i comes from.
func splitLong(tables []*Table) (out []*Table, from []int) {
	for k, t := range tables {
		n := t.Len()
		if n <= maxSheetRows {
			out = append(out, t)
			from = append(from, k)
			continue
		}
		for part, start := 1, 0; start < n; part, start = part+1, start+maxSheetRows {
			cp := *t
			if t.Make != nil {
				cp.N = min(start+maxSheetRows, n) - start
				cp.Make = func(i int, row []Cell) []Cell { return t.Make(start+i, row) }
			} else {
				cp.Rows = t.Rows[start:min(start+maxSheetRows, n)]
			}
			cp.Charts, cp.TotalRows = nil, nil
			suffix := fmt.Sprintf(" (%d)", part)
			base := []rune(sheetName(t))
			cp.Sheet = string(base[:min(len(base), 31-len(suffix))]) + suffix
			cp.Title = t.Title + suffix
			out = append(out, &cp)
			from = append(from, k)
		}
	}
	return out, from
}

// sheetName keeps within Excel's rules: 31 characters, none of []:*?/\.
func sheetName(t *Table) string {
	name := t.Sheet
	if name == "" {
		name = t.Name
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	return name
}

// uniqueSheetName numbers a sheet whose name another has taken: a tier
// named 目标 or Towns, or two long names cut to the same 31 characters,
// would otherwise write into one sheet and lose a table. Excel compares
// sheet names without case.
func uniqueSheetName(name string, taken map[string]bool) string {
	unique := name
	for n := 2; taken[strings.ToLower(unique)]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		base := []rune(name)
		unique = string(base[:min(len(base), 31-len(suffix))]) + suffix
	}
	taken[strings.ToLower(unique)] = true
	return unique
}

type styles struct {
	f                     *excelize.File
	title, header         int
	text, note            int
	textRight             int
	totalText             int
	totalRight            int
	coverage              [2]int      // a coverage row's text: left, and right under numbers
	numbers, total        map[int]int // decimals -> style
	year, totalYear       int         // a year: 2024, not 2,024
	marked                map[markedKey]int
	markedFormats         map[string]bool // the number formats with marks made so far
	numberStyle, totStyle excelize.Style  // the plain number styles, which marked ones copy
}

// markedKey is a number style with marks after the number.
type markedKey struct {
	decimals int
	total    bool
	suffix   string
}

// maxMarkedFormats keeps a workbook's number formats with marks well under
// the 200 to 250 number formats Excel holds: a cell whose format would be
// one too many shows its marks without its footnote's mark, then without
// marks (the data files and the notes sheet still give both).
const maxMarkedFormats = 150

func newStyles(f *excelize.File) (*styles, error) {
	s := &styles{f: f, numbers: map[int]int{}, total: map[int]int{}, marked: map[markedKey]int{}, markedFormats: map[string]bool{}}
	border := []excelize.Border{{Type: "bottom", Color: "D9DEE5", Style: 1}}
	var err error
	style := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	font := func(bold bool, size float64, color string) *excelize.Font {
		return &excelize.Font{Family: "Microsoft YaHei", Size: size, Bold: bold, Color: color}
	}
	s.title = style(&excelize.Style{Font: font(true, 14, "0B3D91")})
	s.header = style(&excelize.Style{
		Font:      font(true, 11, "FFFFFF"),
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"0B3D91"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "0B3D91", Style: 2}},
	})
	s.text = style(&excelize.Style{Font: font(false, 11, "1B2430"), Border: border, Alignment: &excelize.Alignment{Vertical: "top"}})
	s.textRight = style(&excelize.Style{Font: font(false, 11, "1B2430"), Border: border, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right"}})
	s.totalText = style(&excelize.Style{Font: font(true, 11, "1B2430"), Border: []excelize.Border{{Type: "top", Color: "1B2430", Style: 1}}})
	s.totalRight = style(&excelize.Style{Font: font(true, 11, "1B2430"), Border: []excelize.Border{{Type: "top", Color: "1B2430", Style: 1}}, Alignment: &excelize.Alignment{Horizontal: "right"}})
	s.note = style(&excelize.Style{Font: font(false, 10, "56606B"), Alignment: &excelize.Alignment{WrapText: false}})
	s.coverage[0] = style(&excelize.Style{Font: font(false, 9, "56606B"), Border: border})
	s.coverage[1] = style(&excelize.Style{Font: font(false, 9, "56606B"), Border: border, Alignment: &excelize.Alignment{Horizontal: "right"}})
	s.numberStyle = excelize.Style{Font: font(false, 11, "1B2430"), Border: border, Alignment: &excelize.Alignment{Horizontal: "right"}}
	s.totStyle = excelize.Style{Font: font(true, 11, "1B2430"), Border: []excelize.Border{{Type: "top", Color: "1B2430", Style: 1}}, Alignment: &excelize.Alignment{Horizontal: "right"}}
	// Up to 15 places: a data table shows every digit of a figure, and
	// Excel keeps 15 significant digits.
	for d := 0; d <= 15; d++ {
		code := numFmt(d)
		st, tot := s.numberStyle, s.totStyle
		st.CustomNumFmt, tot.CustomNumFmt = &code, &code
		s.numbers[d] = style(&st)
		s.total[d] = style(&tot)
	}
	yearFmt := "0"
	s.year = style(&excelize.Style{Font: font(false, 11, "1B2430"), Border: border, CustomNumFmt: &yearFmt, Alignment: &excelize.Alignment{Horizontal: "right"}})
	s.totalYear = style(&excelize.Style{Font: font(true, 11, "1B2430"), Border: []excelize.Border{{Type: "top", Color: "1B2430", Style: 1}}, CustomNumFmt: &yearFmt, Alignment: &excelize.Alignment{Horizontal: "right"}})
	return s, err
}

// numFmt is a number format with thousands separators and d decimals.
func numFmt(d int) string {
	if d <= 0 {
		return "#,##0"
	}
	return "#,##0." + strings.Repeat("0", d)
}

func (s *styles) number(d int, total bool) int {
	d = min(max(d, 0), 15)
	if total {
		return s.total[d]
	}
	return s.numbers[d]
}

// markedNumber is the style of a number with d decimals shown with its
// marks f and footnote after it (" p①", markSuffix): the cell keeps its
// number, for sums and charts, and shows its marks as the report page
// does. Past maxMarkedFormats it shows the marks without the footnote's
// mark, then neither.
func (s *styles) markedNumber(d int, total bool, f status.Flag, note uint16) (int, error) {
	return s.markedStyle(d, total, markSuffix(f, note), f)
}

func (s *styles) markedStyle(d int, total bool, suffix string, f status.Flag) (int, error) {
	if suffix == "" {
		return s.number(d, total), nil
	}
	d = min(max(d, 0), 15)
	k := markedKey{d, total, suffix}
	if id, ok := s.marked[k]; ok {
		return id, nil
	}
	code := numFmt(d) + `"` + suffix + `"`
	if !s.markedFormats[code] && len(s.markedFormats) >= maxMarkedFormats {
		if noNote := markSuffix(f, 0); suffix != noNote {
			return s.markedStyle(d, total, noNote, f)
		}
		return s.number(d, total), nil
	}
	st := s.numberStyle
	if total {
		st = s.totStyle
	}
	st.CustomNumFmt = &code
	id, err := s.f.NewStyle(&st)
	if err != nil {
		return 0, err
	}
	s.markedFormats[code] = true
	s.marked[k] = id
	return id, nil
}

// writeSheet streams a table onto an empty sheet: excelize then holds one
// row at a time rather than every cell as structs until the workbook is
// written, which for the whole dataset at national scale (millions of rows)
// took many GB. The stream writer writes the sheet's properties, panes and
// column widths before the first row, so everything that is not a cell is
// set first, and the widths come from a pass over the rows.
//
// td, when not nil, is fed the table's rows as they are measured.
func writeSheet(f *excelize.File, s *styles, sheet string, t *Table, caches chartCaches, td *tableDigest) (Shown, error) {
	const titleRow, headerRow = 1, 2
	cell := func(col, row int) string {
		name, _ := excelize.CoordinatesToCellName(col, row)
		return name
	}
	// The title row and the header stay in view while scrolling; so does
	// the first column, which names the row.
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: 1, YSplit: headerRow, TopLeftCell: cell(2, headerRow+1), ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: cell(2, headerRow+1), ActiveCell: cell(2, headerRow+1), Pane: "bottomRight"}},
	}); err != nil {
		return Shown{}, err
	}
	nrows := t.Len()
	if nrows > 0 && len(t.Columns) > 0 {
		if err := f.AutoFilter(sheet, cell(1, headerRow)+":"+cell(len(t.Columns), headerRow+nrows), nil); err != nil {
			return Shown{}, err
		}
	}
	// Widths before the charts: a chart's far corner is placed by them.
	// The same pass over the rows finds what the cells show, which the
	// legend under the table explains.
	cache := rowCaches.Get().(*rowCache)
	cache.reset(t.Make != nil, nrows, len(t.Columns))
	defer func() {
		cache.reset(false, 0, 0)
		rowCaches.Put(cache)
	}()
	widths, shown := columnWidths(t, cache, td)
	notes := t.Notes
	if t.Legend != nil {
		notes = append(slices.Clip(notes), t.Legend(shown)...)
	}
	for j, w := range widths {
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := f.SetColWidth(sheet, col, col, min(max(w+2.5, 8), 60)); err != nil {
			return Shown{}, err
		}
	}
	// Charts refer to cells by address, so they can be placed before the
	// cells are written: below the notes.
	next := headerRow + nrows + 2 + len(notes) + 1
	for k, c := range t.Charts {
		if err := addChart(f, sheet, t, c, cell(1, next), caches); err != nil {
			return Shown{}, fmt.Errorf("chart %d: %w", k+1, err)
		}
		rows := c.Rows
		if rows == 0 {
			rows = nrows - c.FirstRow
		}
		next += chartRows(c, rows)
	}

	// Printed, a sheet is A4 landscape, as wide as the paper and as long as it needs. (After the
	// charts: the sheet properties change the row height their anchors assume.)
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)}); err != nil {
		return Shown{}, err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: intPtr(9), Orientation: strPtr("landscape"), FitToWidth: intPtr(1), FitToHeight: intPtr(0)}); err != nil {
		return Shown{}, err
	}

	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return Shown{}, err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: s.title, Value: t.Title}}, excelize.RowOpts{Height: 24}); err != nil {
		return Shown{}, err
	}
	// One row of cells, reused: SetRow writes them out before it returns.
	cells := make([]excelize.Cell, len(t.Columns))
	values := make([]any, len(t.Columns))
	for j := range cells {
		values[j] = &cells[j]
	}
	for j, c := range t.Columns {
		cells[j] = excelize.Cell{StyleID: s.header, Value: c.Title}
	}
	if err := sw.SetRow(cell(1, titleRow+1), values, excelize.RowOpts{Height: 34}); err != nil {
		return Shown{}, err
	}
	row := make([]Cell, 0, len(t.Columns))
	for i := range nrows {
		if i < cache.rows() {
			row = cache.next(row)
		} else {
			row = t.Row(i, row)
		}
		total := t.TotalRows[i]
		coverage := t.CoverageRows[i]
		for j, c := range row {
			col := t.Columns[j]
			switch {
			case coverage && !c.IsNum:
				st := s.coverage[0]
				if col.Type != "string" {
					st = s.coverage[1]
				}
				cells[j] = excelize.Cell{StyleID: st, Value: c.Text}
			case c.IsNum && col.Type == "year":
				st := s.year
				if total {
					st = s.totalYear
				}
				cells[j] = excelize.Cell{StyleID: st, Value: cellValue(c.Num.Float())}
			case c.IsNum && t.Report && (c.Flag != 0 || c.Note != 0):
				d, v := t.cellNumber(c, col)
				st, err := s.markedNumber(d, total, c.Flag, c.Note)
				if err != nil {
					return Shown{}, err
				}
				cells[j] = excelize.Cell{StyleID: st, Value: cellValue(v)}
			case c.IsNum:
				d, v := t.cellNumber(c, col)
				cells[j] = excelize.Cell{StyleID: s.number(d, total), Value: cellValue(v)}
			case t.Report && c.Flag.Blank() && !c.IsNum && c.Text == "":
				// No figure, and why: c, x, <0.1.
				st := s.textRight
				if total {
					st = s.totalRight
				}
				cells[j] = excelize.Cell{StyleID: st, Value: blankText(c)}
			case c.Missing() && col.Type != "string":
				cells[j] = excelize.Cell{StyleID: s.number(0, total)}
				if t.Missing != "" {
					cells[j].Value = t.Missing
				}
			default:
				st := s.text
				switch {
				case total:
					st = s.totalText
				case col.Right:
					st = s.textRight
				}
				cells[j] = excelize.Cell{StyleID: st, Value: c.Text}
			}
		}
		if err := sw.SetRow(cell(1, headerRow+1+i), values[:len(row)]); err != nil {
			return Shown{}, err
		}
	}
	r := headerRow + nrows + 2
	for _, n := range notes {
		if err := sw.SetRow(cell(1, r), []any{excelize.Cell{StyleID: s.note, Value: n}}); err != nil {
			return Shown{}, err
		}
		r++
	}
	return shown, sw.Flush()
}

// columnWidths fits each column to its widest cell, in Excel's character
// widths.
// It returns what the cells show besides their numbers (Shown). The made
// rows it measures are kept in cache, as far as it holds them, for
// writeSheet to write; td, when not nil, digests them.
func columnWidths(t *Table, cache *rowCache, td *tableDigest) ([]float64, Shown) {
	var shown Shown
	widths := make([]float64, len(t.Columns))
	for j, c := range t.Columns {
		// Headers wrap onto two lines, so a long one need not widen its column.
		widths[j] = displayWidth(c.Title)
		if widths[j] > 12 {
			widths[j] = max(12, widths[j]/2+1)
		}
	}
	row := make([]Cell, 0, len(t.Columns))
	last := make([]string, len(t.Columns)) // a column's last text, measured: names repeat down the values table
	for i := range t.Len() {
		row = t.Row(i, row)
		cache.add(row)
		if td != nil {
			td.row(row)
		}
		for j, c := range row {
			col := t.Columns[j]
			if c.Flag != 0 || c.Note != 0 {
				shown.add(c)
			}
			switch {
			case c.IsNum:
				// Width of the number as the format shows it, thousands separators included.
				d, _ := t.cellNumber(c, col)
				var buf [64]byte
				w := float64(len(c.Num.AppendFixed(buf[:0], d, t.Rule, true)))*1.35 + 1
				if t.Report && (c.Flag != 0 || c.Note != 0) {
					w += displayWidth(markSuffix(c.Flag, c.Note)) * 1.2
				}
				widths[j] = max(widths[j], w)
			case t.Report && c.Flag.Blank() && c.Text == "":
				widths[j] = max(widths[j], displayWidth(blankText(c))+1)
			case c.Missing() && col.Type != "string":
			case c.Text == last[j]:
			default:
				widths[j] = max(widths[j], displayWidth(c.Text))
				last[j] = c.Text
			}
		}
	}
	return widths, shown
}

// cellNumber is how a number cell is stored and shown in a workbook: the
// places of its number format, and its value.
//
// A data table's cell holds the figure with every digit it has, and its
// format shows them all (15.01 is not shown 15.0): what the cell holds
// and what it shows are the source's figure.
//
// A report table's cell, and a derived figure's anywhere (a growth, a
// ratio), holds the figure rounded as the pages show it, by the site's
// rule, under a format of that many places. Holding the whole figure and
// leaving the rounding to the format would show the pages' digits only
// in viewers that round the decimal half away from zero: Excel and
// LibreOffice do, but excelize and others round the binary double (1.005
// is shown 1.00), and no viewer rounds half-even. A rounded figure shows
// the same digits in every one of them, and its number format pads it.
func (t *Table) cellNumber(c Cell, col Column) (places int, v float64) {
	d := c.decimals(col)
	if t.Report || c.Num.Derived() {
		return d, c.Num.Round(d, t.Rule).Float()
	}
	return max(d, num.Places(c.Num)), c.Num.Float()
}

// cellValue is a number as excelize is given it: a whole number of at
// most 15 digits as an int64, which excelize writes with
// strconv.FormatInt, the same digits its float64 path writes
// (strconv.FormatFloat 'f' -1, cut to 15 significant digits) at a
// fraction of the cost; anything else, -0 included ("-0" as a float), as
// the float64. TestCellValueWritesAsFloat holds the two paths' XML equal.
func cellValue(v float64) any {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 && (v != 0 || !math.Signbit(v)) {
		return int64(v)
	}
	return v
}

func intPtr(n int) *int       { return &n }
func boolPtr(b bool) *bool    { return &b }
func strPtr(s string) *string { return &s }
