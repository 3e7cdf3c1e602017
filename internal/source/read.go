package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/sitefs"
)

// Limits on one workbook, so that a damaged or hostile file (a zip bomb)
// stops with an error instead of filling memory or disk. Variables only so
// that tests can lower them; the README lists them.
var (
	maxWorkbookBytes int64 = 512 << 20 // the .xlsx file itself
	maxUnzipBytes    int64 = 2 << 30   // all its parts, unpacked
	maxXMLInMemory   int64 = 256 << 20 // a larger sheet is streamed from a temporary file
)

const (
	headerSearchRows = 20      // the header row must be within the first rows
	maxHeadersShown  = 12      // headers listed in a "no header row" message
	maxCellChars     = 32767   // Excel's own limit on the text of a cell
	maxColumns       = 16384   // Excel's own limit, column XFD
	maxRows          = 1 << 20 // Excel's own limit on rows
)

// Read reads every .xlsx workbook in cfg.Site.DataDir, a folder of fsys, in
// name order. Workbooks are read in parallel; the records and problems come
// back in file order, then in the order of sheets and rows, whatever the
// timing. Excel's and WPS's lock and temporary files (~$x.xlsx, .~lock.x#)
// and hidden files are skipped.
//
// Read checks what a spreadsheet alone can tell: sheets and columns found,
// cells readable as numbers and years. Whether a town's tier exists, whether
// a town named in a values row exists, and duplicate towns or town-years are
// left to the model, which has every record's location for its messages.
func Read(fsys fs.FS, cfg *config.Config) (*Data, diag.List) {
	data := &Data{}
	var problems diag.List
	dir, ok := dataDir(cfg.Site.DataDir)
	if !ok {
		problems.Errorf(diag.Loc{File: cfg.File}, "site.data_dir: %q is not a folder inside the site folder", cfg.Site.DataDir)
		return data, problems
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			problems.Errorf(diag.Loc{File: dir}, "data folder not found (site.data_dir in %s)", cfgName(cfg))
		} else {
			problems.Errorf(diag.Loc{File: dir}, "cannot read the data folder: %v", err)
		}
		return data, problems
	}
	for _, e := range entries {
		name := e.Name()
		file := path.Join(dir, name)
		switch {
		case e.IsDir() || isTempOrHidden(name):
			continue
		case !strings.EqualFold(path.Ext(name), ".xlsx"):
			if isOtherSpreadsheet(name) {
				problems.Warnf(diag.Loc{File: file}, "not read: only .xlsx workbooks are read (save it as .xlsx in Excel or WPS)")
			}
			continue
		}
		data.Files = append(data.Files, file)
	}
	if len(data.Files) == 0 {
		problems.Errorf(diag.Loc{File: dir}, "no .xlsx workbooks in the data folder")
		return data, problems
	}

	known := newNames(cfg)
	results := make([][]*records, len(data.Files))
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, file := range data.Files {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			results[i] = readWorkbook(fsys, file, known)
		})
	}
	wg.Wait()
	// One copy into slices of the final size: a national site's values
	// are 400,000 records, and growing a slice by appending copies them
	// several times over.
	var parts []*records
	for _, w := range results {
		parts = append(parts, w...)
	}
	nt, nv, np := 0, 0, len(problems)
	for _, p := range parts {
		nt, nv, np = nt+len(p.towns), nv+len(p.values), np+len(p.problems)
	}
	data.Towns, data.Values = make([]TownRecord, 0, nt), make([]ValueRecord, 0, nv)
	problems = slices.Grow(problems, np-len(problems))
	for _, p := range parts {
		data.Towns = append(data.Towns, p.towns...)
		data.Values = append(data.Values, p.values...)
		problems = append(problems, p.problems...)
	}
	return data, problems
}

func cfgName(cfg *config.Config) string {
	if cfg.File != "" {
		return cfg.File
	}
	return "config.toml"
}

// dataDir turns site.data_dir into a path of the site's fs.FS.
func dataDir(dir string) (string, bool) {
	dir = path.Clean(strings.ReplaceAll(dir, `\`, "/"))
	return dir, fs.ValidPath(dir)
}

// isTempOrHidden reports whether a file is an editor's lock or temporary
// file (~$x.xlsx from Excel and WPS, .~lock.x.xlsx# from LibreOffice) or a
// hidden file.
func isTempOrHidden(name string) bool {
	return strings.HasPrefix(name, "~") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "#")
}

// isOtherSpreadsheet reports whether a file is a spreadsheet the reader
// does not read, which the user probably meant it to.
func isOtherSpreadsheet(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".xls", ".xlsm", ".xlsb", ".et", ".ods", ".csv":
		return true
	}
	return false
}

// workbook is one open .xlsx; its sheets read it at the same time.
type workbook struct {
	fsys       fs.FS
	file       string // relative to the site folder
	names      *names
	wb         *excelize.File
	sst        []string     // the shared strings
	dateStyles map[int]bool // style ids whose number format shows a date or time
}

// records is what was read from a workbook or a sheet.
type records struct {
	towns    []TownRecord
	values   []ValueRecord
	problems diag.List
}

// readWorkbook reads a workbook's sheets; their records come back in sheet
// order, then the workbook's own problems.
func readWorkbook(fsys fs.FS, file string, known *names) []*records {
	w := &records{}
	parts := []*records{w}
	at := diag.Loc{File: file}
	f, err := fsys.Open(file)
	if err != nil {
		var refused *sitefs.Error
		if errors.As(err, &refused) {
			w.problems.Errorf(at, "not read: the file %s", refused.Why)
		} else {
			w.problems.Errorf(at, "cannot open: %v", err)
		}
		return parts
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > maxWorkbookBytes {
		w.problems.Errorf(at, "the workbook is larger than %d MB; split it into several workbooks", maxWorkbookBytes>>20)
		return parts
	}
	wb, err := excelize.OpenReader(io.LimitReader(f, maxWorkbookBytes), excelize.Options{
		RawCellValue:      true, // numbers as stored, not as formatted: 19.9, not "19.90"
		UnzipSizeLimit:    maxUnzipBytes,
		UnzipXMLSizeLimit: min(maxXMLInMemory, maxUnzipBytes),
	})
	if err != nil {
		if wb != nil {
			wb.Close()
		}
		w.problems.Errorf(at, "%s", openError(err))
		return parts
	}
	defer wb.Close() // removes the temporary files of large sheets
	book := &workbook{fsys: fsys, file: file, names: known, wb: wb, dateStyles: dateStyles(wb)}
	sheets, err := findSheets(wb)
	if err != nil {
		w.problems.Errorf(at, "not an Excel .xlsx workbook (its list of sheets is damaged: %v)", err)
		return parts
	}
	if len(sheets) == 0 {
		w.problems.Errorf(at, "not an Excel .xlsx workbook (a zip file, but without sheets)")
		return parts
	}
	if book.sst, err = book.sharedStrings(); err != nil {
		w.problems.Errorf(at, "the text the sheets share (%s) is damaged: %v; open the workbook in Excel or WPS and save it again", sharedStringsPart, err)
		return parts
	}
	// Sheets are read in parallel too: a large site keeps one sheet per
	// year in one workbook. Their records join in sheet order.
	var readers []*sheetReader
	for _, sheet := range sheets {
		if kind, year := known.sheetKind(sheet.name); kind != otherSheet {
			readers = append(readers, &sheetReader{workbook: book, sheet: sheet.name, part: sheet.part, ref: &sheetRef{file: file, sheet: sheet.name}, kind: kind, year: year})
		}
	}
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, s := range readers {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			s.read()
		})
	}
	wg.Wait()
	parts = parts[:0]
	for _, s := range readers {
		parts = append(parts, &s.records)
	}
	parts = append(parts, w)
	if len(readers) == 0 {
		quoted := make([]string, len(sheets))
		for i, s := range sheets {
			quoted[i] = strconv.Quote(s.name)
		}
		w.problems.Errorf(at, "no towns or values sheet (the sheets are %s; expected a sheet named %s for the towns, %s for the values, or one sheet per year such as 2023年; [sheets] in config.toml adds names)",
			strings.Join(quoted, ", "), townsSheetNames[0], valuesSheetNames[0])
	}
	return parts
}

// openError says why a file is not a workbook, in the user's terms.
func openError(err error) string {
	switch {
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return "not an Excel .xlsx workbook (an old .xls file, or protected by a password: save it as .xlsx without a password)"
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return fmt.Sprintf("the workbook unpacks to more than %d MB; split it into several workbooks", maxUnzipBytes>>20)
	case strings.HasPrefix(err.Error(), "zip: "):
		return fmt.Sprintf("not an Excel .xlsx workbook (%v)", err)
	}
	return fmt.Sprintf("not an Excel .xlsx workbook (a zip file, but its workbook parts are missing or damaged: %v)", err)
}

// dateStyles finds the cell styles that show a number as a date or time.
// Excel and WPS turn "3-5" or "2023.5.1" typed into a number column into a
// date, and the raw cell then holds a day count such as 45047, which must not
// be read as a number. Without such styles no cell needs a second look.
func dateStyles(wb *excelize.File) map[int]bool {
	s := wb.Styles
	if s == nil || s.CellXfs == nil {
		return nil
	}
	custom := map[int]string{}
	if s.NumFmts != nil {
		for _, nf := range s.NumFmts.NumFmt {
			if nf != nil {
				custom[nf.NumFmtID] = nf.FormatCode
			}
		}
	}
	var dates map[int]bool
	for i, xf := range s.CellXfs.Xf {
		if xf.NumFmtID == nil {
			continue
		}
		if id := *xf.NumFmtID; isDateFormat(id, custom[id]) {
			if dates == nil {
				dates = map[int]bool{}
			}
			dates[i] = true
		}
	}
	return dates
}

// isDateFormat reports whether number format id (with code, for a custom
// format) shows a date or time.
func isDateFormat(id int, code string) bool {
	switch {
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return true
	case id < 164:
		return false
	}
	// Leave out quoted text, escaped characters and [Red]-like sections,
	// then look for date and time codes.
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++ // the next character is literal or padding
		case '[':
			if j := strings.IndexByte(code[i+1:], ']'); j >= 0 {
				inner := strings.ToLower(code[i+1 : i+1+j])
				if strings.Trim(inner, "hms") == "" {
					b.WriteString(inner) // [h]:mm elapsed time
				}
				i += j + 1
			} else {
				i = len(code)
			}
		default:
			b.WriteByte(c)
		}
	}
	return strings.ContainsAny(strings.ToLower(b.String()), "ymdhs")
}

// sheetReader reads one sheet of a workbook.
type sheetReader struct {
	*workbook
	records
	sheet string
	part  string    // the package part of the sheet's XML
	ref   *sheetRef // the sheet, for the locations of its records
	kind  sheetKind
	year  int // for a per-year sheet

	// slab is where the values of the next records go: one allocation for
	// many rows instead of one per row.
	slab []Number

	// width is how many columns of a row are handed on: every column until
	// the header is found, then the header's columns that are read. Cells
	// right of them are checked but not laid out, so a stray cell in
	// column XFD costs one cell, not 16,384.
	width int
	// cells and styles are the current row laid out by column, up to width;
	// styles says each cell's format, for telling dates from numbers.
	cells  []string
	styles []int
}

func (s *sheetReader) loc(cell string) diag.Loc {
	return diag.Loc{File: s.file, Sheet: s.sheet, Cell: cell}
}

func (s *sheetReader) cellLoc(col, row int) diag.Loc {
	return s.loc(cellName(col, row))
}

// at is the compact location of a cell, as records keep it.
func (s *sheetReader) at(col, row int) Loc {
	return Loc{sheet: s.ref, col: int32(col), row: int32(row)}
}

// read finds the header row, then reads the rows under it.
func (s *sheetReader) read() {
	var (
		hdr      *layout
		best     *layout // the most header-like row, for a message when none is complete
		sawText  bool    // some cell of the first rows has text
		moreRows bool    // the sheet goes on past the rows searched
	)
	s.eachRow(func(row int, cells []string) bool {
		if hdr != nil {
			return s.dataRow(hdr, row, cells)
		}
		if row > headerSearchRows {
			moreRows = true
			return false
		}
		l := s.layoutOf(row, cells)
		if l.filled > 0 {
			sawText = true
		}
		if l.complete(s.kind) {
			hdr = l
			hdr.prepare()
			s.width = hdr.width()
			s.reportHeader(l)
		} else if best == nil || l.score() > best.score() {
			best = l
		}
		return true
	})
	switch {
	case hdr != nil:
	case sawText:
		s.problems.Errorf(s.loc(""), "%s", s.noHeader(best))
	case moreRows:
		s.problems.Errorf(s.loc(""), "no header row in the first %d rows: they are empty (move the table up)", headerSearchRows)
	default:
		s.problems.Warnf(s.loc(""), "the sheet is empty; nothing read")
	}
	// The header's problems are found column kind by column kind; put them
	// in reading order.
	s.problems.Sort()
}

// eachRow streams the sheet's rows to fn, with row numbers from 1, until fn
// returns false. A sheet whose XML cannot be read to its end is an error
// at the place of the fault: the rows before it are read, none after.
func (s *sheetReader) eachRow(fn func(row int, cells []string) bool) {
	if s.part == "" {
		s.problems.Errorf(s.loc(""), "cannot read the sheet: the workbook lists it, but its part is missing; the file is damaged (open and save it again in Excel or WPS)")
		return
	}
	r, err := s.openPart(s.part)
	if err != nil {
		s.problems.Errorf(s.loc(""), "cannot read the sheet: %v", err)
		return
	}
	defer r.Close()
	s.width = maxColumns
	rows := newSheetRows(r, s.sst, s.wb.CharsetReader)
	for rows.next() {
		for _, p := range rows.problems {
			s.problems.Errorf(s.cellLoc(p.col, rows.row), "%s", p.msg)
		}
		if !fn(rows.row, s.layOut(rows.row, rows.cells)) {
			// The rows below are not read (notes, or no header found), but
			// damage in them is still reported.
			for rows.next() {
			}
			break
		}
	}
	if f := rows.fault; f != nil {
		loc := s.loc("")
		where := "the sheet's XML is damaged"
		switch {
		case f.row > 0 && f.col >= 0:
			loc = s.cellLoc(f.col, f.row)
			where = "the sheet's XML is damaged at this cell"
		case f.row > 0:
			loc = s.cellLoc(0, f.row)
			where = fmt.Sprintf("the sheet's XML is damaged in row %d", f.row)
		}
		s.problems.Errorf(loc, "%s (%s); nothing from here on could be read, and the sheet's later rows are missing. The file is damaged or was not saved by Excel or WPS: open it in Excel or WPS and save it again", where, f.msg)
	}
}

// layOut puts a row's cells at their columns, up to s.width, and blanks
// the cells no page can show. Only the cells the row has are visited.
func (s *sheetReader) layOut(row int, cells []sheetCell) []string {
	n := 0
	if len(cells) > 0 {
		n = min(cells[len(cells)-1].col+1, s.width)
	}
	if cap(s.cells) < n {
		s.cells, s.styles = make([]string, n), make([]int, n)
	}
	s.cells, s.styles = s.cells[:n], s.styles[:n]
	clear(s.cells)
	clear(s.styles)
	for _, c := range cells {
		text := c.text
		if len(text) > maxCellChars && utf8.RuneCountInString(text) > maxCellChars {
			s.problems.Errorf(s.cellLoc(c.col, row), "the cell holds %d characters, more than Excel's limit of %d; not read", utf8.RuneCountInString(text), maxCellChars)
			continue
		} else if r, bad := controlChar(text); bad {
			s.problems.Errorf(s.cellLoc(c.col, row), "the cell holds the control character %U, which no page can show; delete it (it often comes from copying out of another program)", r)
			continue
		}
		if c.col < n {
			s.cells[c.col], s.styles[c.col] = text, c.style
		}
	}
	return s.cells
}

// layout is a header row: which column holds what.
type layout struct {
	row        int
	texts      []string       // the header texts, trimmed
	cols       map[column]int // column -> index of its first header cell
	indicators []indicatorCol // in sheet order
	growth     []indicatorCol // growth-rate columns, in sheet order
	dups       []int          // header cells naming a column already seen
	badUnits   []indicatorCol // indicator headers whose unit differs from config's
	unknown    []int          // header cells that name nothing known
	filled     int            // non-empty cells
	matched    int            // cells naming a known column or an indicator

	// Set once the row is the header:
	townCols []int // values sheets: the id column, then the name column
	keyCells []int // the cells of a data row that hold something to read
}

// width is the number of columns a data row needs laid out: up to the
// last column the header names that is read.
func (l *layout) width() int {
	w := 0
	for _, i := range l.keyCells {
		w = max(w, i+1)
	}
	for _, ic := range l.growth {
		w = max(w, ic.index+1)
	}
	return w
}

// prepare works out, for a header row, the cells that data rows are read by.
func (l *layout) prepare() {
	for _, col := range []column{colTownID, colTownName} {
		if i, ok := l.cols[col]; ok {
			l.townCols = append(l.townCols, i)
		}
	}
	for _, i := range l.cols {
		l.keyCells = append(l.keyCells, i)
	}
	for _, ic := range l.indicators {
		l.keyCells = append(l.keyCells, ic.index)
	}
}

type indicatorCol struct {
	index     int // 0-based column
	indicator int // index in cfg.Indicators
	unit      string
}

func (s *sheetReader) layoutOf(row int, cells []string) *layout {
	l := &layout{row: row, texts: make([]string, len(cells)), cols: map[column]int{}}
	seenInd, seenGrowth := map[int]bool{}, map[int]bool{}
	for i, text := range cells {
		text = normText(text)
		l.texts[i] = text
		if text == "" {
			continue
		}
		l.filled++
		h := s.names.header(s.kind, text)
		switch h.col {
		case colUnknown:
			l.unknown = append(l.unknown, i)
			continue
		case colIgnored:
		case colGrowth:
			if seenGrowth[h.indicator] {
				l.dups = append(l.dups, i)
			} else {
				seenGrowth[h.indicator] = true
				l.growth = append(l.growth, indicatorCol{i, h.indicator, h.unit})
			}
		case colIndicator:
			ind := s.names.cfg.Indicators[h.indicator]
			switch {
			case h.unit != "" && h.unit != Key(ind.Unit):
				l.badUnits = append(l.badUnits, indicatorCol{i, h.indicator, h.unit})
			case seenInd[h.indicator]:
				l.dups = append(l.dups, i)
			default:
				seenInd[h.indicator] = true
				l.indicators = append(l.indicators, indicatorCol{i, h.indicator, h.unit})
			}
		default:
			if _, seen := l.cols[h.col]; seen {
				l.dups = append(l.dups, i)
			} else {
				l.cols[h.col] = i
			}
		}
		l.matched++
	}
	return l
}

func (l *layout) has(col column) bool { _, ok := l.cols[col]; return ok }

// missing lists the required columns the row lacks, as messages name them.
func (l *layout) missing(kind sheetKind, n *names) []string {
	var miss []string
	if kind == townsSheet {
		for _, col := range []column{colName, colTier} {
			if !l.has(col) {
				miss = append(miss, fmt.Sprintf("%s (or %s)", columnName(col), othersOf(columnTexts(col))))
			}
		}
		return miss
	}
	if !l.has(colTownName) && !l.has(colTownID) {
		miss = append(miss, fmt.Sprintf("%s (or %s, %s)", columnName(colTownName), othersOf(columnTexts(colTownName)), columnTexts(colTownID)))
	}
	if kind == valuesSheet && !l.has(colYear) {
		miss = append(miss, fmt.Sprintf("%s (or %s)", columnName(colYear), othersOf(columnTexts(colYear))))
	}
	if len(l.indicators)+len(l.badUnits)+len(l.dups) == 0 {
		miss = append(miss, "an indicator column such as "+strings.Join(n.indicatorEgs, ", "))
	}
	return miss
}

// othersOf drops the first of a list of names, which the message already gives.
func othersOf(list string) string {
	_, rest, _ := strings.Cut(list, ", ")
	return rest
}

func (l *layout) complete(kind sheetKind) bool {
	if kind == townsSheet {
		return l.has(colName) && l.has(colTier)
	}
	return (l.has(colTownName) || l.has(colTownID)) && (kind == yearSheet || l.has(colYear)) &&
		len(l.indicators)+len(l.badUnits)+len(l.dups) > 0
}

func (l *layout) score() int { return l.matched*1000 + l.filled }

// noHeader says that no header row was found, what it lacks and what it has.
func (s *sheetReader) noHeader(best *layout) string {
	miss := best.missing(s.kind, s.names)
	var seen []string
	for _, t := range best.texts {
		if t != "" && len(seen) < maxHeadersShown {
			seen = append(seen, t)
		}
	}
	what := "column"
	if len(miss) > 1 {
		what = "columns"
	}
	return fmt.Sprintf("no header row in the first %d rows: missing %s %s; the headers seen (row %d) are %s",
		headerSearchRows, what, strings.Join(miss, " and "), best.row, strings.Join(seen, ", "))
}

func (s *sheetReader) reportHeader(l *layout) {
	for _, i := range l.dups {
		first := -1
		h := s.names.header(s.kind, l.texts[i])
		if h.col == colIndicator || h.col == colGrowth {
			cols := l.indicators
			if h.col == colGrowth {
				cols = l.growth
			}
			for _, ic := range cols {
				if ic.indicator == h.indicator {
					first = ic.index
				}
			}
		} else {
			first = l.cols[h.col]
		}
		s.problems.Errorf(s.cellLoc(i, l.row), "duplicate column: %q holds the same as %q in %s (keep one of them)",
			l.texts[i], l.texts[first], cellName(first, l.row))
	}
	for _, bu := range l.badUnits {
		ind := s.names.cfg.Indicators[bu.indicator]
		s.problems.Errorf(s.cellLoc(bu.index, l.row), "%q: the column is in %s, but %s is in %s in %s (convert the numbers, or change the unit in config.toml); column not read",
			l.texts[bu.index], bu.unit, ind.Name, unitText(ind.Unit), cfgName(s.names.cfg))
	}
	for _, i := range l.unknown {
		if s.kind == townsSheet {
			s.problems.Warnf(s.cellLoc(i, l.row), "column %q is not a column of the towns sheet; ignored", l.texts[i])
		} else {
			s.problems.Warnf(s.cellLoc(i, l.row), "column %q is not a configured indicator; ignored (expected an indicator of %s; to read it, add it to [[indicators]] or to an indicator's aliases)",
				l.texts[i], cfgName(s.names.cfg))
		}
	}
}

func unitText(u string) string {
	if u == "" {
		return "no unit"
	}
	return u
}

// rowStart is what the reader makes of the start of a data row.
type rowStart int

const (
	dataRow  rowStart = iota
	emptyRow          // nothing to read; skipped
	noteRow           // 注：…; this row and all below it are notes
)

// classify tells an empty row or a note row from a data row; keyCells are
// the cells that hold something to read.
func classify(cells []string, keyCells []int) rowStart {
	for _, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if isNote(c) {
			return noteRow
		}
		break
	}
	for _, i := range keyCells {
		if i < len(cells) && normText(cells[i]) != "" {
			return dataRow
		}
	}
	return emptyRow
}

// firstText is the first non-empty cell of a row.
func firstText(cells []string) string {
	for _, c := range cells {
		if t := normText(c); t != "" {
			return t
		}
	}
	return ""
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

func (s *sheetReader) dataRow(l *layout, row int, cells []string) bool {
	if s.kind == townsSheet {
		return s.townRow(l, row, cells)
	}
	return s.valueRow(l, row, cells)
}

func (s *sheetReader) townRow(l *layout, row int, cells []string) bool {
	switch classify(cells, l.keyCells) {
	case noteRow:
		return false
	case emptyRow:
		return true
	}
	text := func(col column, norm bool) Text {
		i, ok := l.cols[col]
		if !ok {
			return Text{Loc: s.at(0, row)}
		}
		t := strings.TrimSpace(cell(cells, i))
		if norm {
			t = normText(t)
		}
		return Text{S: strings.Clone(t), Loc: s.at(i, row)}
	}
	rec := TownRecord{
		Row:           s.at(0, row),
		ID:            text(colID, true),
		Name:          text(colName, true),
		NameEn:        text(colNameEn, false),
		Tier:          text(colTier, true),
		County:        text(colCounty, false),
		CountyEn:      text(colCountyEn, false),
		Industry:      text(colIndustry, false),
		IndustryEn:    text(colIndustryEn, false),
		Enterprises:   text(colEnterprises, false),
		EnterprisesEn: text(colEnterprisesEn, false),
		Description:   text(colDescription, false),
		DescriptionEn: text(colDescriptionEn, false),
	}
	if isTotal(rec.Name.S) || isTotal(firstText(cells)) {
		return true
	}
	good := true
	if rec.Name.S == "" {
		s.problems.Errorf(rec.Name.Loc.Diag(), "%s is empty (expected the town's name)", l.texts[l.cols[colName]])
		good = false
	}
	if rec.Tier.S == "" {
		var tiers []string
		for _, t := range s.names.cfg.Tiers {
			tiers = append(tiers, t.Name)
		}
		s.problems.Errorf(rec.Tier.Loc.Diag(), "%s is empty (expected one of %s)", l.texts[l.cols[colTier]], strings.Join(tiers, ", "))
		good = false
	}
	if i, ok := l.cols[colRecognised]; ok {
		rec.Recognised = s.recognised(l.texts[i], cell(cells, i), i, row)
	}
	if good {
		s.towns = append(s.towns, rec)
	}
	return true
}

// recognised reads a year-recognised cell, column col of row. A day count
// in a cell formatted as a date (Excel's 45047 for 2023-05-01) gives the
// date's year.
func (s *sheetReader) recognised(header, raw string, col, row int) Number {
	at := s.at(col, row)
	n := Number{Loc: at}
	loc := at.Diag()
	y, ok, err := parseRecognised(raw)
	if err == nil {
		n.V, n.Valid = float64(y), ok
	}
	serial, isDay := s.maybeDate(col, raw)
	if !isDay || (err == nil && ok) {
		// A plain year such as 2023 is taken as typed even in a date
		// cell: a day count that small would be a date in 1905.
		if err != nil {
			s.problems.Errorf(loc, "%s: %v", header, err)
		}
		return n
	}
	t, derr := excelize.ExcelDateToTime(serial, false)
	if derr != nil || t.Year() < 1900 || t.Year() > 2200 {
		s.problems.Errorf(loc, "%s: the date is out of range (%s)", header, yearText)
		return n
	}
	n.V, n.Valid = float64(t.Year()), true
	return n
}

func (s *sheetReader) valueRow(l *layout, row int, cells []string) bool {
	townCols := l.townCols
	switch classify(cells, l.keyCells) {
	case noteRow:
		return false
	case emptyRow:
		return true
	}
	var town Text
	for _, i := range townCols {
		if isTotal(cell(cells, i)) {
			return true
		}
		if t := normText(cell(cells, i)); t != "" && town.S == "" {
			town = Text{S: strings.Clone(t), Loc: s.at(i, row)}
		}
	}
	if isTotal(firstText(cells)) {
		return true
	}
	good := true
	if town.S == "" {
		i := townCols[len(townCols)-1]
		s.problems.Errorf(s.cellLoc(i, row), "%s is empty (expected a town's id or name)", l.texts[i])
		good = false
	}

	rec := ValueRecord{Town: town, Values: s.newValues()}
	if s.kind == yearSheet {
		rec.Year = Number{V: float64(s.year), Valid: true, Loc: s.at(0, 0)}
	}
	if i, ok := l.cols[colYear]; ok {
		at := s.at(i, row)
		loc := at.Diag()
		raw := cell(cells, i)
		y, ok, err := ParseYear(raw)
		switch {
		case err != nil:
			good = false
			if serial, isDay := s.maybeDate(i, raw); isDay {
				// 45047 may be a date the user sees as 2023-05-01: say so.
				s.problems.Errorf(loc, "%s: the cell holds the date %s; %s (type the year in a cell formatted as 常规/General)", l.texts[i], dateText(serial), yearText)
				break
			}
			s.problems.Errorf(loc, "%s: %v", l.texts[i], err)
		case !ok && s.kind == valuesSheet:
			s.problems.Errorf(loc, "%s is empty (%s)", l.texts[i], yearText)
			good = false
		case ok && s.kind == yearSheet && y != s.year:
			s.problems.Errorf(loc, "%s: %d differs from the sheet's year %d", l.texts[i], y, s.year)
			good = false
		case ok:
			// A year such as 2023 is taken as typed even in a date cell:
			// a day count that small would be a date in 1905.
			rec.Year = Number{V: float64(y), Valid: true, Loc: at}
		}
	}
	for _, ic := range l.indicators {
		if n, ok := s.number(ic.indicator, ic.index, row, cell(cells, ic.index)); ok {
			rec.Values[ic.indicator] = n
		}
	}
	for _, gc := range l.growth {
		ind := s.names.cfg.Indicators[gc.indicator]
		if n, ok := s.growthRate(ind, l.texts[gc.index], s.at(gc.index, row), cell(cells, gc.index)); ok {
			if rec.Growth == nil {
				rec.Growth = make([]Number, len(s.names.cfg.Indicators))
			}
			rec.Growth[gc.indicator] = n
		}
	}
	if good {
		s.values = append(s.values, rec)
	}
	return true
}

// slabRows is how many records' values newValues allocates at once.
const slabRows = 256

// newValues is a record's Values, one per configured indicator, cut from
// a larger allocation. A record dropped after its values were taken leaves
// a hole in the slab, which is no worse than the allocation it would have had.
func (s *sheetReader) newValues() []Number {
	n := len(s.names.cfg.Indicators)
	if len(s.slab) < n {
		s.slab = make([]Number, n*slabRows)
	}
	v := s.slab[:n:n]
	s.slab = s.slab[n:]
	return v
}

// growthRate reads a growth rate typed by hand. It is not published, only
// checked, so a cell that cannot be read is a warning, not an error.
func (s *sheetReader) growthRate(ind config.Indicator, header string, at Loc, raw string) (Number, bool) {
	v, unit, ok, err := ParseNumberUnit(raw)
	switch {
	case err != nil:
		s.problems.Warnf(at.Diag(), "%s: %v; not checked against %s", header, err, ind.Name)
		return Number{}, false
	case unit != "" && unit != "%":
		s.problems.Warnf(at.Diag(), "%s: %q is not a growth rate (expected a percentage such as 12.5 or 12.5%%); not checked against %s", header, normText(raw), ind.Name)
		return Number{}, false
	}
	return Number{V: v, Valid: ok, Loc: at}, true
}

// number reads indicator i's cell, column col of row. It reports a problem
// and returns false when the cell cannot be read or shows a date; "no
// data" is a Number that is not Valid.
func (s *sheetReader) number(i, col, row int, raw string) (Number, bool) {
	ind := &s.names.cfg.Indicators[i]
	at := s.at(col, row)
	v, unit, ok, err := ParseNumberUnit(raw)
	if err != nil {
		s.problems.Errorf(at.Diag(), "%s: %v", ind.Name, err)
		return Number{}, false
	}
	if unit != "" && Key(unit) != Key(ind.Unit) {
		s.problems.Errorf(at.Diag(), "%s: %q is in %s, but %s is in %s (convert the number, or change the unit in config.toml)",
			ind.Name, normText(raw), unit, ind.Name, unitText(ind.Unit))
		return Number{}, false
	}
	if _, isDay := s.maybeDate(col, raw); ok && isDay {
		s.problems.Errorf(at.Diag(), "%s: the cell holds the date %s, not a number (format the cell as 常规/General or 数值 and type the number again)", ind.Name, dateText(v))
		return Number{}, false
	}
	return Number{V: v, Valid: ok, Loc: at}, true
}

// maybeDate reports whether a cell of the current row, column col, holds a
// date as Excel stores one: a plain number, the day count, in a cell
// formatted as a date. Excel and WPS turn "3-5" typed into a number column
// into such a date.
func (s *sheetReader) maybeDate(col int, raw string) (serial float64, ok bool) {
	if s.dateStyles == nil || col >= len(s.styles) || !s.dateStyles[s.styles[col]] || !isPlain(raw) {
		return 0, false
	}
	v, unit, isNum, err := ParseNumberUnit(raw)
	return v, isNum && err == nil && unit == "" && v >= 0
}

// dateText shows an Excel day count as the date Excel shows.
func dateText(serial float64) string {
	t, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		return strconv.FormatFloat(serial, 'f', -1, 64)
	}
	if t.Hour() != 0 || t.Minute() != 0 {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("2006-01-02")
}

// cellName is the A1-style name of a 0-based column in a 1-based row.
func cellName(col, row int) string {
	return columnLetters(col) + strconv.Itoa(row)
}

func columnLetters(col int) string {
	var b [8]byte
	i := len(b)
	for n := col + 1; n > 0; n = (n - 1) / 26 {
		i--
		b[i] = byte('A' + (n-1)%26)
	}
	return string(b[i:])
}

// controlChar finds a control character other than tab and line breaks,
// which a town's name or a number must never carry: HTML cannot show them,
// and XML (sitemaps, downloads) cannot hold most of them.
func controlChar(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0xfffe || r == 0xffff:
			return r, true
		}
	}
	return 0, false
}

// badCharRef looks through the sheets excelize holds in memory for a
// character reference such as &#1; to a character XML does not allow.
// Excel writes such characters as _x0001_, which the reader sees and
// reports at its cell; a reference is a damaged or hand-made file.
func badCharRef(wb *excelize.File) (part, ref string, bad bool) {
	wb.Pkg.Range(func(k, v any) bool {
		name, _ := k.(string)
		b, _ := v.([]byte)
		if !strings.HasPrefix(name, "xl/worksheets/") && name != "xl/sharedStrings.xml" {
			return true
		}
		for i := 0; ; {
			j := bytes.Index(b[i:], []byte("&#"))
			if j < 0 {
				return true
			}
			i += j + 2
			end := bytes.IndexByte(b[i:min(i+12, len(b))], ';')
			if end < 0 {
				continue
			}
			digits := string(b[i : i+end])
			var n uint64
			var err error
			if strings.HasPrefix(digits, "x") || strings.HasPrefix(digits, "X") {
				n, err = strconv.ParseUint(digits[1:], 16, 32)
			} else {
				n, err = strconv.ParseUint(digits, 10, 32)
			}
			if err == nil && (n < 0x20 && n != 9 && n != 10 && n != 13 || n == 0xfffe || n == 0xffff) {
				part, ref, bad = name, "&#"+digits+";", true
				return false
			}
		}
	})
	return part, ref, bad
}
