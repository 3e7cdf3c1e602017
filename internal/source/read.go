package source

import (
	"bufio"
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
	"github.com/townpress/townpress/internal/status"
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
	return ReadWith(fsys, cfg, ReadOptions{})
}

// ReadOptions say how ReadWith may take sheets from a read cache.
type ReadOptions struct {
	// Cache, when set, gives the records of sheets whose inputs are the
	// previous read's and keeps this read's for the next (see ReadCache).
	Cache *ReadCache
	// Program is the SHA-256 of this program's executable, which every
	// key starts from; the zero digest (the program could not read
	// itself) takes nothing from Cache.
	Program [32]byte
	// Check parses every sheet all the same and reports an error where
	// the records the cache gave differ from the parsed ones: a key
	// that missed an input (TOWNPRESS_CHECK_KEYS=1).
	Check bool
}

// ReadWith is Read with a read cache: the records are the same, and so
// are the problems (a sheet with any is never taken from the cache).
func ReadWith(fsys fs.FS, cfg *config.Config, opts ReadOptions) (*Data, diag.List) {
	data := &Data{}
	var problems diag.List
	dir, ok := dataDir(cfg.Site.DataDir)
	if !ok {
		problems.Err(diag.Loc{File: cfg.File}, diag.M("site.data_dir: %q is not a folder inside the site folder", "site.data_dir：“%s”不是站点文件夹里的文件夹"), cfg.Site.DataDir)
		return data, problems
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			problems.Err(diag.Loc{File: dir}, diag.M("data folder not found (site.data_dir in %s)", "找不到数据文件夹（见 %s 中的 site.data_dir）"), cfgName(cfg))
		} else {
			problems.Err(diag.Loc{File: dir}, diag.M("cannot read the data folder: %v", "无法读取数据文件夹：%v"), err)
		}
		return data, problems
	}
	for _, e := range entries {
		name := e.Name()
		file := path.Join(dir, name)
		switch {
		case isTempOrHidden(name):
			continue
		case e.IsDir():
			// A Numbers document may be a folder. Workbooks in sub-folders
			// are not read: say so, rather than leave one out unseen.
			if strings.EqualFold(path.Ext(name), ".numbers") {
				otherSpreadsheet(&problems, file)
			} else {
				subfolderWorkbooks(fsys, file, &problems)
			}
			continue
		case !strings.EqualFold(path.Ext(name), ".xlsx"):
			otherSpreadsheet(&problems, file)
			continue
		}
		data.Files = append(data.Files, file)
	}
	if len(data.Files) == 0 {
		problems.Err(diag.Loc{File: dir}, diag.M("no .xlsx workbooks in the data folder", "数据文件夹里没有 .xlsx 工作簿"))
		return data, problems
	}

	known := newNames(cfg)
	var use *cacheUse
	if opts.Cache != nil {
		if salt, ok := readSalt(opts.Program, cfg); ok {
			use = &cacheUse{ReadCache: opts.Cache, salt: salt, check: opts.Check}
		}
	}
	results := make([][]*records, len(data.Files))
	taken := make([]int, len(data.Files))
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, file := range data.Files {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			results[i], taken[i] = readWorkbook(fsys, file, known, use)
		})
	}
	wg.Wait()
	for _, n := range taken {
		data.SheetsTaken += n
	}
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
		data.Totals = append(data.Totals, p.totals...)
		data.Notes = append(data.Notes, p.notes...)
		data.Provisional = append(data.Provisional, p.provisional...)
		problems = append(problems, p.problems...)
		if p.info != nil {
			data.Sheets = append(data.Sheets, *p.info)
		}
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

// subfolderWorkbooks warns about the workbooks in a sub-folder of the
// data folder, which are not read (only the folder's own are).
func subfolderWorkbooks(fsys fs.FS, dir string, problems *diag.List) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() && !isTempOrHidden(e.Name()) && strings.EqualFold(path.Ext(e.Name()), ".xlsx") {
			problems.Warn(diag.Loc{File: path.Join(dir, e.Name())}, diag.M(
				"not read: workbooks in sub-folders of the data folder are not read (move it into %s, or the sub-folder out of it)",
				"未读取：数据文件夹的子文件夹里的工作簿不读取（请把它移到 %s 中，或把子文件夹移出数据文件夹）"), path.Dir(dir))
		}
	}
}

// otherSpreadsheet warns about a spreadsheet the reader does not read,
// which the user probably meant it to, with the one command that converts
// it: LibreOffice converts every one of these formats, and officials who
// have WPS or Excel can save it as .xlsx instead.
func otherSpreadsheet(problems *diag.List, file string) {
	switch ext := strings.ToLower(path.Ext(file)); ext {
	case ".xls", ".xlsm", ".xlsb", ".et", ".ett", ".ods", ".numbers", ".csv":
		cmd := fmt.Sprintf("soffice --headless --convert-to xlsx --outdir %s %s", path.Dir(file), file)
		problems.Warn(diag.Loc{File: file}, diag.M(
			"not read: only .xlsx workbooks are read (convert it with `%s`, or open it in Excel or WPS and save it as .xlsx; then delete or move the %s file)",
			"未读取：只读取 .xlsx 工作簿（请用 `%s` 转换，或在 Excel、WPS 中打开后另存为 .xlsx；然后删除或移走这个 %s 文件）"),
			cmd, ext)
	}
}

// workbook is one open .xlsx; its sheets read it at the same time.
type workbook struct {
	fsys          fs.FS
	file          string // relative to the site folder
	raw           []byte // the file's bytes, as excelize opened them
	names         *names
	wb            *excelize.File
	sst           []string            // the shared strings
	dateStyles    map[int]bool        // style ids whose number format shows a date or time
	percentStyles map[int]bool        // style ids whose number format shows a number ×100 with %
	shownStyles   map[int]shownFormat // style ids whose number format shows a number scaled down or with a unit
	// comments is held around excelize's GetComments: it fills a map of
	// the file's comments on first use, which two sheets read at the same
	// time wrote at once (fatal error: concurrent map read and map write).
	comments sync.Mutex
}

// records is what was read from a workbook or a sheet.
type records struct {
	towns       []TownRecord
	values      []ValueRecord
	totals      []TotalRecord
	notes       []CellNote
	provisional []YearNote
	problems    diag.List
	info        *SheetInfo // a sheet's, for check -explain
}

// readWorkbook reads a workbook's sheets; their records come back in sheet
// order, then the workbook's own problems. taken is how many of the
// sheets came from the read cache (use, nil for none).
func readWorkbook(fsys fs.FS, file string, known *names, use *cacheUse) (parts []*records, taken int) {
	w := &records{}
	parts = []*records{w}
	at := diag.Loc{File: file}
	f, err := fsys.Open(file)
	if err != nil {
		var refused *sitefs.Error
		if errors.As(err, &refused) {
			w.problems.Err(at, diag.M("not read: the file %s", "未读取：该文件%s"), refused.Why)
		} else {
			w.problems.Err(at, diag.M("cannot open: %v", "无法打开：%v"), err)
		}
		return parts, 0
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > maxWorkbookBytes {
		w.problems.Err(at, diag.M("the workbook is larger than %d MB; split it into several workbooks", "工作簿大于 %d MB；请拆分为几个工作簿"), maxWorkbookBytes>>20)
		return parts, 0
	}
	// The file is read whole first (excelize would read it whole): the
	// read cache's keys are of these bytes, and every part is read from
	// them.
	raw, rerr := io.ReadAll(io.LimitReader(f, maxWorkbookBytes))
	in := bufio.NewReader(bytes.NewReader(raw))
	var (
		wbKey [32]byte
		kept  []*records // what the cache gave for the whole workbook, under Check
	)
	if rerr != nil {
		// What excelize would have read before the fault, then the fault.
		in = bufio.NewReader(io.MultiReader(bytes.NewReader(raw), &failingReader{rerr}))
		raw, use = nil, nil
	} else if use != nil {
		wbKey = workbookKey(use.salt, file, raw)
		if got, ok := use.workbook(wbKey, file); ok {
			if !use.check {
				return got, len(got) - 1
			}
			kept = got
		}
	}
	if msg, ok := notZipWorkbook(in); ok {
		w.problems.Err(at, diag.M("%s", "%s"), msg)
		return parts, 0
	}
	wb, err := excelize.OpenReader(in, excelize.Options{
		RawCellValue:      true, // numbers as stored, not as formatted: 19.9, not "19.90"
		UnzipSizeLimit:    maxUnzipBytes,
		UnzipXMLSizeLimit: min(maxXMLInMemory, maxUnzipBytes),
	})
	if err != nil {
		if wb != nil {
			wb.Close()
		}
		w.problems.Err(at, diag.M("%s", "%s"), openError(err))
		return parts, 0
	}
	defer wb.Close() // removes the temporary files of large sheets
	book := &workbook{fsys: fsys, file: file, raw: raw, names: known, wb: wb}
	book.dateStyles, book.percentStyles, book.shownStyles = numberStyles(wb)
	sheets, err := findSheets(wb)
	if err != nil {
		w.problems.Err(at, diag.M("not an Excel .xlsx workbook (its list of sheets is damaged: %v)", "不是 Excel .xlsx 工作簿（其中的工作表清单已损坏：%v）"), err)
		return parts, 0
	}
	if len(sheets) == 0 {
		w.problems.Err(at, diag.M("not an Excel .xlsx workbook (a zip file, but without sheets)", "不是 Excel .xlsx 工作簿（是 zip 文件，但没有工作表）"))
		return parts, 0
	}
	if book.sst, err = book.sharedStrings(); err != nil {
		w.problems.Err(at, diag.M("the text the sheets share (%s) is damaged: %v; open the workbook in Excel or WPS and save it again",
			"工作表共用的文字（%s）已损坏：%v；请在 Excel 或 WPS 中打开工作簿后重新保存"), sharedStringsPart, err)
		return parts, 0
	}
	// Sheets are read in parallel too: a large site keeps one sheet per
	// year in one workbook. Their records join in sheet order.
	var readers []*sheetReader
	hidden := sheetStates(wb)
	var keys [][32]byte
	if use != nil {
		bookPart, err := workbookPart(wb)
		if pkg, targets, ok := packageParts(raw, bookPart); ok && err == nil {
			keys = sheetKeys(use.salt, file, bookPart, sheets, hidden, pkg, targets)
		}
	}
	for i, sheet := range sheets {
		kind, year := known.sheetKind(sheet.name)
		if kind == otherSheet {
			book.warnUnreadTable(sheetRef{file: file, sheet: sheet.name}, sheet.part, &w.problems)
			continue
		}
		if book.readHidden(sheet.name, hidden[sheet.name], &w.problems) {
			s := &sheetReader{workbook: book, sheet: sheet.name, part: sheet.part, ref: &sheetRef{file: file, sheet: sheet.name}, kind: kind, year: year}
			if keys != nil {
				s.key = &keys[i]
			}
			readers = append(readers, s)
		}
	}
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, s := range readers {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			use.readSheet(s)
		})
	}
	wg.Wait()
	parts = parts[:0]
	whole := use != nil && keys != nil
	var readKeys [][32]byte // the keys of the sheets read, in order
	for _, s := range readers {
		s.records.info = s.info
		parts = append(parts, &s.records)
		if s.taken {
			taken++
		}
		whole = whole && s.kept
		if s.key != nil {
			readKeys = append(readKeys, *s.key)
		}
	}
	parts = append(parts, w)
	if len(readers) == 0 {
		quoted := make([]string, len(sheets))
		for i, s := range sheets {
			quoted[i] = strconv.Quote(s.name)
		}
		w.problems.Err(at, diag.M("no towns or values sheet (the sheets are %s; expected a sheet named %s for the towns, %s for the values, or one sheet per year such as 2023年; [sheets] towns and values in %s add names)",
			"没有专业镇名录或指标数据工作表（现有工作表：%s；名录表应名为 %s，数据表应名为 %s，或每年一张表，如 2023年；可在 %s 的 [sheets] towns、values 中添加表名）"),
			strings.Join(quoted, ", "), townsSheetNames[0], valuesSheetNames[0], cfgName(known.cfg))
	}
	if whole && len(readers) > 0 && len(w.problems) == 0 {
		use.put(wbKey, encodeWorkbook(readKeys))
	}
	if kept != nil && !sameParts(kept, parts) {
		w.problems.Err(at, diag.M("the read cache gave this workbook other records than reading it does: its key missed an input (TOWNPRESS_CHECK_KEYS)",
			"读取缓存给出的该工作簿记录与实际读取的不同：缓存的键漏掉了某项输入（TOWNPRESS_CHECK_KEYS）"))
	}
	return parts, taken
}

// openError says why a file is not a workbook, in the user's terms.
func openError(err error) diag.Text {
	switch {
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return diag.T("not an Excel .xlsx workbook (an old .xls file, or protected by a password: save it as .xlsx without a password)",
			"不是 Excel .xlsx 工作簿（是旧的 .xls 文件，或设有密码：请另存为不带密码的 .xlsx）")
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return diag.M("the workbook unpacks to more than %d MB; split it into several workbooks", "工作簿解压后超过 %d MB；请拆分为几个工作簿").Text(maxUnzipBytes >> 20)
	case strings.HasPrefix(err.Error(), "zip: "):
		return diag.M("not an Excel .xlsx workbook (%v)", "不是 Excel .xlsx 工作簿（%v）").Text(err)
	}
	return diag.M("not an Excel .xlsx workbook (a zip file, but its workbook parts are missing or damaged: %v)", "不是 Excel .xlsx 工作簿（是 zip 文件，但其中的工作簿部件缺失或损坏：%v）").Text(err)
}

// numberStyles finds the cell styles that show a number as a date or
// time, and those that show it as a percentage. Excel and WPS turn "3-5"
// or "2023.5.1" typed into a number column into a date, and the raw cell
// then holds a day count such as 45047, which must not be read as a
// number; they turn "17.4%" into 0.174 shown as 17.4%, and the figure the
// official typed and sees is 17.4. Without such styles no cell needs a
// second look. A format can also show a number scaled down (0.0, shows
// 2350000 as 2350.0; 0!.0000, a tip for showing 元 as 万元, as 235.0000),
// and which of the two figures is meant is then unclear.
func numberStyles(wb *excelize.File) (dates, percents map[int]bool, shown map[int]shownFormat) {
	s := wb.Styles
	if s == nil || s.CellXfs == nil {
		return nil, nil, nil
	}
	custom := map[int]string{}
	if s.NumFmts != nil {
		for _, nf := range s.NumFmts.NumFmt {
			if nf != nil {
				custom[nf.NumFmtID] = nf.FormatCode
			}
		}
	}
	for i, xf := range s.CellXfs.Xf {
		if xf.NumFmtID == nil {
			continue
		}
		id := *xf.NumFmtID
		switch {
		case isDateFormat(id, custom[id]):
			if dates == nil {
				dates = map[int]bool{}
			}
			dates[i] = true
		case isPercentFormat(id, custom[id]):
			if percents == nil {
				percents = map[int]bool{}
			}
			percents[i] = true
		case id >= 164:
			f := shownFormat{code: custom[id], scaled: isScaledFormat(custom[id]), unit: formatUnit(custom[id])}
			if f.scaled || f.unit != "" {
				if shown == nil {
					shown = map[int]shownFormat{}
				}
				shown[i] = f
			}
		}
	}
	return dates, percents, shown
}

// A shownFormat is a custom number format under which a cell shows
// another figure than it holds, or a unit.
type shownFormat struct {
	code   string // the format code, for messages
	scaled bool   // it shows the number scaled down
	unit   string // the unit it shows after the number (万元 for 0.0"万元"); "" for none
}

// formatUnit is the unit a custom number format code shows after the
// number, in its section for positive numbers: the text in quotes, or
// written as such (0.0万元, 0\户), when it is a unit as a cell's typed
// one is (Chinese characters: 万元, 户); "" for none.
func formatUnit(code string) string {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == ';':
			i = len(code)
		case c == '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return ""
			}
			b.WriteString(code[i+1 : i+1+j])
			i += j + 1
		case c == '\\' || c == '!':
			if i+1 < len(code) {
				_, n := utf8.DecodeRuneInString(code[i+1:])
				b.WriteString(code[i+1 : i+1+n])
				i += n
			}
		case c == '_' || c == '*':
			i++
		case c == '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return ""
			}
			i += j + 1
		case c >= utf8.RuneSelf:
			_, n := utf8.DecodeRuneInString(code[i:])
			b.WriteString(code[i : i+n])
			i += n - 1
		}
	}
	u := strings.TrimSpace(normText(b.String()))
	if u == "" || u == "%" || !isUnit(u) {
		return ""
	}
	return u
}

// isScaledFormat reports whether a custom number format code shows a
// number scaled down: by a comma after the digits (0.0, divides by a
// thousand, 0.0,, by a million), or by a point typed as text among them
// (0!.0000, 0\.0000 or 0"."0000 show 2350000 as 235.0000). Only the
// section for positive numbers is looked at.
func isScaledFormat(code string) bool {
	digit := func(i int) bool { return i < len(code) && (code[i] == '0' || code[i] == '#' || code[i] == '?') }
	seen := false // a digit placeholder came before
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == ';':
			return false
		case c == '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			lit := code[i+1 : i+1+j]
			i += j + 1
			if lit == "." && seen && digit(i+1) {
				return true
			}
		case c == '\\' || c == '!':
			if i+1 < len(code) && code[i+1] == '.' && seen && digit(i+2) {
				return true
			}
			i++
		case c == '_' || c == '*':
			i++
		case c == '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return false
			}
			i += j + 1
		case digit(i):
			seen = true
		case c == ',':
			j := i
			for j < len(code) && code[j] == ',' {
				j++
			}
			if seen && !digit(j) {
				return true
			}
			i = j - 1
		}
	}
	return false
}

// isPercentFormat reports whether number format id (with code, for a
// custom format) shows a number times 100 with a % sign: 0%, 0.00%, or a
// custom code with a % outside quotes in the section for positive numbers
// (0.0"%" and 0.0\% show the number as it is, with a % after it).
func isPercentFormat(id int, code string) bool {
	switch {
	case id == 9 || id == 10:
		return true
	case id < 164:
		return false
	}
	return strings.Contains(formatCodeSymbols(code, true), "%")
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
	return strings.ContainsAny(strings.ToLower(formatCodeSymbols(code, false)), "ymdhs")
}

// formatCodeSymbols is a number format code without quoted text, escaped
// characters and [Red]-like sections (but for [h]-like elapsed time),
// ending at the first section's end when first is set.
func formatCodeSymbols(code string, first bool) string {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case ';':
			if first {
				return b.String()
			}
			b.WriteByte(c)
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
	return b.String()
}

// sheetReader reads one sheet of a workbook.
type sheetReader struct {
	*workbook
	records
	key   *[32]byte // the sheet's read cache key; nil without a cache
	taken bool      // the records came from the read cache
	kept  bool      // the records are in the read cache for the next read
	sheet string
	part  string    // the package part of the sheet's XML
	ref   *sheetRef // the sheet, for the locations of its records
	kind  sheetKind
	year  int // for a per-year sheet

	// slab is where the values of the next records go: one allocation for
	// many rows instead of one per row.
	slab []Number

	// width is how many columns of a row are laid out: every column until
	// the header is found, then the columns the header spans (l.width).
	// Cells right of them are checked but not laid out, so a stray cell in
	// column XFD costs one cell, not 16,384; the ones with text are kept
	// in beyond.
	width int
	// cells and styles are the current row laid out by column, up to width;
	// styles says each cell's format, for telling dates from numbers.
	cells  []string
	styles []int
	// beyond are the current row's cells with text right of width, in
	// column order: numbers there are reported (strayNumbers), and a note
	// row's text is kept whole.
	beyond []sheetCell
	// everyRow says that rows the sheet's XML leaves out (rows without
	// cells) are handed on as empty rows too: until the header is settled,
	// whose search counts rows.
	everyRow bool

	// Rows with cells and columns hidden in Excel, by hand or by a
	// filter: read all the same, and said to be.
	hiddenRows []int
	hideCols   []colSpan

	townRows map[townYear]int // the first row of each town and year of the table
	twiceRow int              // the last row said to list a town a second time

	merges         merges                // the sheet's merged ranges
	reportedMerges map[*mergeRange]bool  // figures merged over several cells, reported
	strays         map[int]*strayNumbers // numbers in columns not read, by column
	rows           int                   // data rows read (towns, or towns' figures)
	totalRows      []diag.Text           // rows read as totals: "6 (全区)"
	info           *SheetInfo            // what was read, for check -explain

	// The notes under the table (注：…) and the footnote marks of figure
	// cells, resolved against them once the sheet is read (resolveNotes).
	inNotes   bool       // the table has ended at a note row
	noteLines []noteLine // the notes' texts, row by row
	marked    []CellNote // cells with a mark, Text not yet known
}

// noteLine is the text of a row of notes under a table.
type noteLine struct {
	at   Loc
	text string
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

// read finds the header, then reads the rows under it.
func (s *sheetReader) read() {
	s.merges = sheetMerges(s.wb, s.part)
	var (
		hdr       *layout
		best      *layout    // the most header-like row, for a message when none is complete
		pre       [][]string // the rows before the header is settled; pre[0] is row 1
		preStyles [][]int    // their cells' styles, for telling dates from numbers
		sawText   bool       // some cell of the first rows has text
		moreRows  bool       // the sheet goes on past the rows searched
	)
	settle := func(final bool) bool {
		l, b, _ := s.findHeader(pre, final)
		if l == nil {
			if b != nil {
				best = b
			}
			return true
		}
		s.headerDates(l, pre, preStyles)
		hdr = s.useHeader(l)
		for r := hdr.bottom + 1; r <= len(pre); r++ {
			// A row kept whole: nothing of it lies beyond the table's width
			// but what its cells show.
			s.styles, s.beyond = preStyles[r-1], nil
			if !s.dataRow(hdr, r, pre[r-1]) {
				return false
			}
		}
		pre, preStyles = nil, nil
		return true
	}
	s.everyRow = true
	s.eachRow(func(row int, cells []string) bool {
		if hdr != nil {
			return s.dataRow(hdr, row, s.merges.fill(row, cells, hdr.width))
		}
		if row > headerSearchRows+maxBlockRows-1 {
			moreRows = true
			return false
		}
		// The rows are kept until the header is settled: a copy, since a
		// row reader may hand each row in the same slice.
		cells = s.merges.fill(row, slices.Clone(cells), maxColumns)
		if !sawText && firstText(cells) != "" {
			sawText = true
		}
		pre = append(pre, cells)
		preStyles = append(preStyles, slices.Clone(s.styles))
		return settle(false)
	})
	if hdr == nil && len(pre) > 0 {
		settle(true)
	}
	switch {
	case hdr != nil:
		s.reportColumns(hdr)
		s.reportHidden(hdr)
	case sawText && best != nil:
		s.problems.Err(s.loc(""), noHeaderMsg, s.noHeader(best))
	case moreRows || sawText:
		s.problems.Err(s.loc(""), diag.M("no header row in the first %d rows: they are empty (move the table up)", "前 %d 行中没有表头：这些行都是空的（请把表格上移）"), headerSearchRows)
	default:
		s.problems.Warn(s.loc(""), diag.M("the sheet is empty; nothing read", "工作表是空的，未读取任何内容"))
	}
	s.resolveNotes()
	s.info = s.explain(hdr)
	// The header's problems are found column kind by column kind, and
	// marks are resolved once the sheet is read; put the sheet's problems
	// back into reading order.
	s.problems.Sort()
}

// eachRow streams the sheet's rows to fn, with row numbers from 1, until fn
// returns false. A sheet whose XML cannot be read to its end is an error
// at the place of the fault: the rows before it are read, none after.
func (s *sheetReader) eachRow(fn func(row int, cells []string) bool) {
	if s.part == "" {
		s.problems.Err(s.loc(""), diag.M("cannot read the sheet: the workbook lists it, but its part is missing; the file is damaged (open and save it again in Excel or WPS)",
			"无法读取工作表：工作簿列出了它，但缺少它的部件；文件已损坏（请在 Excel 或 WPS 中打开后重新保存）"))
		return
	}
	r, err := s.openPart(s.part)
	if err != nil {
		s.problems.Err(s.loc(""), diag.M("cannot read the sheet: %v", "无法读取工作表：%v"), err)
		return
	}
	defer r.Close()
	s.width = maxColumns
	rows := newSheetRows(r, s.sst, s.wb.CharsetReader)
	defer func() { s.hideCols = rows.hideCols }()
	s.hiddenRows = s.hiddenRows[:0]
	last := 0 // the last row handed on
	for rows.next() {
		if rows.hidden && len(rows.cells) > 0 {
			s.hiddenRows = append(s.hiddenRows, rows.row)
		}
		for _, p := range rows.problems {
			s.problems.Err(s.cellLoc(p.col, rows.row), diag.M("%s", "%s"), p.msg)
		}
		// Rows the XML leaves out are empty, unless a merged range covers
		// them (its text fills them) or the header is still searched for.
		stop := false
		for gap := s.nextGap(last, rows.row); gap < rows.row && !stop; gap = s.nextGap(gap, rows.row) {
			s.cells, s.styles, s.beyond = s.cells[:0], s.styles[:0], s.beyond[:0]
			stop = !fn(gap, s.cells)
		}
		last = rows.row
		if stop || !fn(rows.row, s.layOut(rows.row, rows.cells)) {
			// The rows below are not read (no header found), but damage in
			// them is still reported.
			for rows.next() {
			}
			break
		}
	}
	if f := rows.fault; f != nil {
		loc := s.loc("")
		where := diag.T("the sheet's XML is damaged", "工作表的 XML 已损坏")
		switch {
		case f.row > 0 && f.col >= 0:
			loc = s.cellLoc(f.col, f.row)
			where = diag.T("the sheet's XML is damaged at this cell", "工作表的 XML 在这个单元格处损坏")
		case f.row > 0:
			loc = s.cellLoc(0, f.row)
			where = diag.M("the sheet's XML is damaged in row %d", "工作表的 XML 在第 %d 行损坏").Text(f.row)
		}
		s.problems.Err(loc, diag.M("%s (%s); nothing from here on could be read, and the sheet's later rows are missing. The file is damaged or was not saved by Excel or WPS: open it in Excel or WPS and save it again",
			"%s（%s）；从这里起的内容都无法读取，工作表后面的行缺失。文件已损坏，或不是 Excel、WPS 保存的：请在 Excel 或 WPS 中打开后重新保存"), where, f.msg)
	}
}

// nextGap is the first row after row and before next, a row the sheet's
// XML leaves out, that is handed on as an empty row; next if none is.
func (s *sheetReader) nextGap(row, next int) int {
	if s.everyRow {
		return row + 1
	}
	return s.merges.nextCovered(row, next)
}

// layOut puts a row's cells at their columns, up to s.width, and blanks
// the cells no page can show. Only the cells the row has are visited;
// those with text right of s.width go to s.beyond.
func (s *sheetReader) layOut(row int, cells []sheetCell) []string {
	n := 0
	if len(cells) > 0 {
		n = min(cells[len(cells)-1].col+1, s.width)
	}
	if cap(s.cells) < n {
		s.cells = make([]string, n)
	}
	if cap(s.styles) < n {
		s.styles = make([]int, n)
	}
	s.cells, s.styles, s.beyond = s.cells[:n], s.styles[:n], s.beyond[:0]
	clear(s.cells)
	clear(s.styles)
	for _, c := range cells {
		text := c.text
		if len(text) > maxCellChars && utf8.RuneCountInString(text) > maxCellChars {
			s.problems.Err(s.cellLoc(c.col, row), diag.M("the cell holds %d characters, more than Excel's limit of %d; not read", "单元格有 %d 个字符，超过 Excel 的上限 %d；未读取"), utf8.RuneCountInString(text), maxCellChars)
			continue
		} else if r, bad := controlChar(text); bad {
			s.problems.Err(s.cellLoc(c.col, row), diag.M("the cell holds the control character %U, which no page can show; delete it (it often comes from copying out of another program)", "单元格含有控制字符 %U，网页无法显示；请删除（常因从其他程序复制而来）"), r)
			continue
		}
		if c.col < n {
			s.cells[c.col], s.styles[c.col] = text, c.style
		} else {
			s.beyond = append(s.beyond, c)
		}
	}
	return s.cells
}

// useHeader makes l the sheet's layout: the cells its data rows are read
// by, and the header's problems reported. The rows below it are laid out
// as wide as the header.
func (s *sheetReader) useHeader(l *layout) *layout {
	s.width, s.everyRow = l.width, false
	for _, col := range []column{colTownID, colTownName} {
		if i, ok := l.cols[col]; ok {
			l.townCols = append(l.townCols, i)
		}
	}
	for _, i := range l.cols {
		l.keyCells = append(l.keyCells, i)
	}
	slices.Sort(l.keyCells)
	for _, f := range l.figures {
		l.keyCells = append(l.keyCells, f.index)
	}
	l.unmapped = append(append(l.unmapped, l.unknown...), l.empty...)
	slices.Sort(l.unmapped)
	// Records are made per year: one group for the figures of the row's
	// (or sheet's) year, one for each year the header names.
	// A column without a year of its own in a sheet of one year (2024年
	// beside 工业产值 | 2024年) is in that year's group: one record per town
	// and year.
	for _, f := range l.figures {
		year := f.year
		if year == 0 && !l.has(colYear) {
			year = l.ctx.year
		}
		g := slices.IndexFunc(l.groups, func(g yearGroup) bool { return g.year == year })
		if g < 0 {
			l.groups = append(l.groups, yearGroup{year: year})
			g = len(l.groups) - 1
		}
		if m := l.meaning[f.index]; m.yearRow != 0 && l.groups[g].yearRow == 0 {
			l.groups[g].yearRow, l.groups[g].yearCol = m.yearRow, f.index
		}
		l.groups[g].cols = append(l.groups[g].cols, f)
	}
	s.reportHeader(l)
	s.strays = map[int]*strayNumbers{}
	return l
}

// missing lists the required columns the row lacks, as messages name them.
func (l *layout) missing(kind sheetKind, n *names) []diag.Text {
	var miss []diag.Text
	colText := func(col column, others string) diag.Text {
		return diag.M("%s (or %s)", "%s（或 %s）").Text(columnName(col), others)
	}
	if kind == townsSheet {
		for _, col := range []column{colName, colTier} {
			if !l.has(col) {
				miss = append(miss, colText(col, othersOf(columnTexts(col))))
			}
		}
		return miss
	}
	if !l.has(colTownName) && !l.has(colTownID) {
		miss = append(miss, colText(colTownName, othersOf(columnTexts(colTownName))+", "+columnTexts(colTownID)))
	}
	if kind == valuesSheet && !l.has(colYear) && !slices.ContainsFunc(l.figures, func(f figureCol) bool { return f.year != 0 }) && l.ctx.year == 0 {
		miss = append(miss, diag.M("%s (or %s, or a row of years such as 2023年 under the indicators)", "%s（或 %s，或在指标下加一行年份，如 2023年）").Text(columnName(colYear), othersOf(columnTexts(colYear))))
	}
	if len(l.figures)+len(l.badUnits)+len(l.dups)+len(l.conflicts) == 0 {
		miss = append(miss, diag.M("an indicator column such as %s", "指标列，如 %s").Text(strings.Join(n.indicatorEgs, ", ")))
	}
	return miss
}

// othersOf drops the first of a list of names, which the message already gives.
func othersOf(list string) string {
	_, rest, _ := strings.Cut(list, ", ")
	return rest
}

var noHeaderMsg = diag.M("%s", "%s")

// noHeader says that no header row was found, what it lacks and what it has.
func (s *sheetReader) noHeader(best *layout) diag.Text {
	miss := best.missing(s.kind, s.names)
	var seen []string
	for _, t := range best.texts {
		if t != "" && len(seen) < maxHeadersShown {
			seen = append(seen, t)
		}
	}
	what := diag.T("column", "列")
	if len(miss) > 1 {
		what = diag.T("columns", "列")
	}
	return diag.M("no header row in the first %d rows: missing %s %s; the headers seen (row %d) are %s",
		"前 %d 行中没有找到表头：缺少%[2]s %[3]s；看到的表头（第 %[4]d 行）是 %[5]s").Text(
		headerSearchRows, what, diag.Join(miss, " and ", "和"), best.row, strings.Join(seen, ", "))
}

func (s *sheetReader) reportHeader(l *layout) {
	for _, i := range l.dups {
		first := l.dupOf[i]
		s.problems.Err(s.cellLoc(i, l.hdrRow[i]), diag.M("duplicate column: %q holds the same as %q in %s (keep one of them)", "重复的列：“%s”与 %[3]s 的“%[2]s”内容相同（只保留其中一列）"),
			l.texts[i], l.texts[first], cellName(first, l.hdrRow[first]))
	}
	for _, i := range l.badUnits {
		m := l.meaning[i]
		ind := s.names.cfg.Indicators[m.indicator]
		if m.unitFrom != "" && m.unitFrom != cellName(i, l.hdrRow[i]) {
			s.problems.Err(s.cellLoc(i, l.hdrRow[i]), diag.M(
				"%q: %s says the figures are in %s, but %s is in %s in %s (convert the numbers, or change indicators[%d].unit); column not read",
				"“%s”：%s 写明单位是%s，但 %[6]s 中%[4]s的单位是%[5]s（请换算数字，或修改 indicators[%[7]d].unit）；此列未读取"),
				l.texts[i], m.unitFrom, m.unit, ind.Name, unitText(ind.Unit), cfgName(s.names.cfg), m.indicator)
			continue
		}
		s.problems.Err(s.cellLoc(i, l.hdrRow[i]), diag.M(
			"%q: the column is in %s, but %s is in %s in %s (convert the numbers, or change indicators[%d].unit); column not read",
			"“%s”：此列单位是%s，但 %[5]s 中%[3]s的单位是%[4]s（请换算数字，或修改 indicators[%[6]d].unit）；此列未读取"),
			l.texts[i], m.unit, ind.Name, unitText(ind.Unit), cfgName(s.names.cfg), m.indicator)
	}
	for _, c := range l.conflicts {
		if c.whole {
			s.problems.Err(s.cellLoc(c.col, c.row), diag.M("%s", "%s"), c.msg)
			continue
		}
		s.problems.Err(s.cellLoc(c.col, c.row), diag.M("%s; column not read", "%s；此列未读取"), c.msg)
	}
}

// strayNumbers are numbers in a column the reader does not read.
type strayNumbers struct {
	count int
	cells []string // the first few
}

const straysShown = 3

// strayNumbers notes the numbers of a data row that are in no column the
// reader reads: a column with an unknown header, without a header, or
// right of the header. None may go unread without a word.
func (s *sheetReader) strayNumbers(l *layout, row int, cells []string) {
	note := func(c int, t string) {
		if t == "" {
			return
		}
		if _, _, ok, err := ParseDecUnit(t); !ok || err != nil {
			return
		}
		st := s.strays[c]
		if st == nil {
			st = &strayNumbers{}
			s.strays[c] = st
		}
		st.count++
		if len(st.cells) < straysShown {
			st.cells = append(st.cells, cellName(c, row))
		}
	}
	for _, c := range l.unmapped {
		if c < len(cells) {
			note(c, cells[c])
		}
	}
	for c := l.width; c < len(cells); c++ {
		note(c, cells[c])
	}
	for _, c := range s.beyond {
		if c.col >= l.width {
			note(c.col, c.text)
		}
	}
}

// reportColumns reports, once the sheet is read, the columns that are not
// read: a warning for an unknown header (naming its numbers, if any), an
// error for numbers under no header at all.
func (s *sheetReader) reportColumns(l *layout) {
	cells := func(st *strayNumbers) diag.Text {
		list := strings.Join(st.cells, ", ")
		if more := st.count - len(st.cells); more > 0 {
			return diag.M("%s and %d more", "%s 等（另有 %d 格）").Text(list, more)
		}
		return diag.T(list, list)
	}
	for _, i := range l.unknown {
		m := l.meaning[i]
		at := s.cellLoc(i, l.hdrRow[i])
		st := s.strays[i]
		why := diag.T("", "")
		if m.why != (diag.Text{}) {
			why = diag.M(" (%s)", "（%s）").Text(m.why)
		}
		day, isDay := l.dates[i]
		isDay = isDay && s.kind != townsSheet
		switch {
		case isDay && st != nil:
			s.problems.Err(at, diag.M("the header is the date %s, not a year; the column (%s) is not read (type the year, such as 2024 or 2024年, in a cell formatted as 常规/General)",
				"表头是日期 %s，不是年份；此列（%s）未读取（请在格式为“常规”的单元格中输入年份，如 2024 或 2024年）"), day, cells(st))
		case isDay:
			s.problems.Err(at, diag.M("the header is the date %s, not a year; the column is not read (type the year, such as 2024 or 2024年, in a cell formatted as 常规/General)",
				"表头是日期 %s，不是年份；此列未读取（请在格式为“常规”的单元格中输入年份，如 2024 或 2024年）"), day)
		case s.kind == townsSheet:
			s.problems.Warn(at, diag.M("column %q is not a column of the towns sheet; ignored (to read it, add its header to [columns] in %s)", "“%s”不是专业镇名录的列，已忽略（如需读取，请把表头加到 %s 的 [columns]）"), l.texts[i], cfgName(s.names.cfg))
		case st != nil:
			s.problems.Warn(at, diag.M(
				"column %q holds numbers (%s) but is not read: it is not a configured indicator%s (to read it, add it to [[indicators]] or to an indicator's aliases in %s; to silence this, add it to [columns] ignore)",
				"“%s”列有数字（%s），但未读取：它不是已配置的指标%s（如需读取，请在 %s 的 [[indicators]] 中添加，或加到某个指标的 aliases；如不需要，请加到 [columns] ignore）"),
				l.texts[i], cells(st), why, cfgName(s.names.cfg))
		default:
			s.problems.Warn(at, diag.M(
				"column %q is not a configured indicator; ignored%s (expected an indicator of %s; to read it, add it to [[indicators]] or to an indicator's aliases)",
				"“%s”列不是已配置的指标，已忽略%s（如需读取，请在 %s 的 [[indicators]] 中添加，或加到某个指标的 aliases）"),
				l.texts[i], why, cfgName(s.names.cfg))
		}
	}
	var strays []int
	for c, st := range s.strays {
		if st != nil && !slices.Contains(l.unknown, c) {
			strays = append(strays, c)
		}
	}
	slices.Sort(strays)
	for _, c := range strays {
		s.problems.Err(s.cellLoc(c, l.row), diag.M(
			"column %s has no header, but holds numbers (%s): nothing says what they are (write the column's header, or delete the numbers)",
			"%s 列没有表头，却有数字（%s）：无从得知它们是什么（请写上表头，或删除这些数字）"),
			columnLetters(c), cells(s.strays[c]))
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
	// A town whose id is a word of note rows is an error, not the end of
	// the table.
	if !s.inNotes && s.kind == townsSheet && s.reservedTownID(l, row, cells) {
		return true
	}
	if s.inNotes || classify(cells, l.keyCells) == noteRow || s.noteBeyond(cells) {
		// The table has ended: this row and those below are its notes.
		s.inNotes = true
		if t := s.wholeRowText(cells); t != "" {
			s.noteLines = append(s.noteLines, noteLine{at: s.at(0, row), text: t})
		}
		return true
	}
	if s.kind == townsSheet {
		return s.townRow(l, row, cells)
	}
	return s.valueRow(l, row, cells)
}

// noteBeyond reports a row whose only text lies right of the table and
// starts with a note (注：…), which the row's cells up to the table's
// width do not show.
func (s *sheetReader) noteBeyond(cells []string) bool {
	if firstText(cells) != "" {
		return false
	}
	for _, c := range s.beyond {
		if strings.TrimSpace(c.text) != "" {
			return isNote(c.text)
		}
	}
	return false
}

// wholeRowText is rowText of the current row with its text right of the
// table too: a note may run past the table's last column.
func (s *sheetReader) wholeRowText(cells []string) string {
	if len(s.beyond) == 0 {
		return rowText(cells)
	}
	all := slices.Clone(cells)
	for _, c := range s.beyond {
		all = append(all, c.text)
	}
	return rowText(all)
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
		NameEn:        text(colNameEn, true),
		Aliases:       text(colAliases, true),
		Tier:          text(colTier, true),
		County:        text(colCounty, true),
		CountyEn:      text(colCountyEn, true),
		Industry:      text(colIndustry, true),
		IndustryEn:    text(colIndustryEn, true),
		Enterprises:   text(colEnterprises, false),
		EnterprisesEn: text(colEnterprisesEn, false),
		Description:   text(colDescription, false),
		DescriptionEn: text(colDescriptionEn, false),
	}
	if _, total := s.names.total(rec.Name.S); total {
		return true
	}
	if _, total := s.names.total(firstText(cells)); total {
		return true
	}
	rec.Name.S, rec.NameMark = cleanName(rec.Name.S)
	s.checkInvisible(l, rec.ID, rec.Name, rec.NameEn, rec.Aliases, rec.Tier, rec.County, rec.CountyEn, rec.Industry, rec.IndustryEn)
	good := true
	if rec.Name.S == "" {
		s.problems.Err(rec.Name.Loc.Diag(), diag.M("%s is empty (expected the town's name)", "“%s”为空（应填专业镇名称）"), l.texts[l.cols[colName]])
		good = false
	}
	if rec.Tier.S == "" {
		var tiers []string
		for _, t := range s.names.cfg.Tiers {
			tiers = append(tiers, t.Name)
		}
		s.problems.Err(rec.Tier.Loc.Diag(), diag.M("%s is empty (expected one of %s)", "“%s”为空（应为 %s 之一）"), l.texts[l.cols[colTier]], strings.Join(tiers, ", "))
		good = false
	}
	if i, ok := l.cols[colRecognised]; ok {
		rec.Recognised = s.recognised(l.texts[i], cell(cells, i), i, row)
	}
	if !s.place(l, row, cells, &rec) {
		good = false
	}
	if good {
		s.towns = append(s.towns, rec)
	}
	s.rows++
	return true
}

// place reads a town's longitude and latitude (经度, 纬度), when the
// sheet has the columns: decimal degrees, both or neither, each in its
// range. It reports what is wrong at its cell and says whether the row
// may stand.
func (s *sheetReader) place(l *layout, row int, cells []string, rec *TownRecord) bool {
	lonCol, hasLon := l.cols[colLongitude]
	latCol, hasLat := l.cols[colLatitude]
	if !hasLon && !hasLat {
		return true
	}
	lonHeader, latHeader := "经度", "纬度"
	if hasLon {
		lonHeader = l.texts[lonCol]
	}
	if hasLat {
		latHeader = l.texts[latCol]
	}
	good := true
	read := func(col int, present bool, header string) Number {
		if !present {
			return Number{}
		}
		n := Number{Loc: s.at(col, row)}
		raw := cell(cells, col)
		if missingTexts[strings.ToLower(normText(raw))] {
			return n
		}
		v, err := parseDegrees(raw)
		if err != nil {
			s.problems.Err(n.Loc.Diag(), diag.M("%s: %q is not a number of degrees (expected decimal degrees such as 112.55; degrees, minutes and seconds such as 112°33′ are not read)",
				"%s：“%s”不是度数（应为十进制度数，如 112.55；不读取“112°33′”这样的度分秒）"), header, raw)
			good = false
			return n
		}
		n.V, n.Valid = v, true
		return n
	}
	lon, lat := read(lonCol, hasLon, lonHeader), read(latCol, hasLat, latHeader)
	if !good {
		return false
	}
	if lon.Valid && lat.Valid && lon.V >= 3 && lon.V <= 54 && lat.V >= 73 && lat.V <= 136 {
		// China lies between 73° and 136° east, 3° and 54° north: a
		// longitude of 37 and a latitude of 112 were typed the wrong way
		// round, which says more than "112 is out of range".
		s.problems.Err(lon.Loc.Diag(), diag.M("%s %v and %s %v look swapped (expected the longitude east, such as 112.55, and the latitude north, such as 37.87)",
			"%s %v 与 %s %v 似乎填反了（经度应为东经，如 112.55；纬度应为北纬，如 37.87）"), lonHeader, lon.V, latHeader, lat.V)
		return false
	}
	for _, c := range []struct {
		n      Number
		limit  float64
		header string
	}{{lon, 180, lonHeader}, {lat, 90, latHeader}} {
		if c.n.Valid && (c.n.V < -c.limit || c.n.V > c.limit) {
			s.problems.Err(c.n.Loc.Diag(), diag.M("%s: %v is out of range (expected from %v to %v degrees)", "%s：%v 超出范围（应在 %v 至 %v 度之间）"), c.header, c.n.V, -c.limit, c.limit)
			good = false
		}
	}
	if !good {
		return false
	}
	if lon.Valid != lat.Valid {
		missing, header := lat, latHeader
		if !lon.Valid {
			missing, header = lon, lonHeader
		}
		loc := missing.Loc
		if !hasLon || !hasLat {
			loc = rec.Row
		}
		s.problems.Err(loc.Diag(), diag.M("%s is empty: a town's place needs both its longitude (经度) and its latitude (纬度) (expected both, or neither)",
			"“%s”为空：专业镇的位置需要经度和纬度两项（应两项都填，或都不填）"), header)
		return false
	}
	rec.Longitude, rec.Latitude = lon, lat
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
			s.problems.Err(loc, diag.M("%s: %v", "%s：%v"), header, err)
		}
		return n
	}
	t, derr := excelize.ExcelDateToTime(serial, false)
	if derr != nil || t.Year() < 1900 || t.Year() > 2200 {
		s.problems.Err(loc, diag.M("%s: the date is out of range (%s)", "%s：日期超出范围（%s）"), header, yearText)
		return n
	}
	n.V, n.Valid = float64(t.Year()), true
	return n
}

func (s *sheetReader) valueRow(l *layout, row int, cells []string) bool {
	if len(l.unmapped) > 0 || len(cells) > l.width || len(s.beyond) > 0 {
		s.strayNumbers(l, row, cells)
	}
	switch classify(cells, l.keyCells) {
	case noteRow:
		return false
	case emptyRow:
		return true
	}
	var town Text
	for _, i := range l.townCols {
		if t := normText(cell(cells, i)); t != "" && town.S == "" {
			town = Text{S: t, Loc: s.at(i, row)}
		}
	}
	scope, total := s.names.total(town.S)
	if !total && town.S == "" {
		// A total row whose label sits in another column (合计 under 序号).
		if first := firstText(cells); first != "" {
			if scope, total = s.names.total(first); total {
				town.S = first
			}
		}
	}
	var mark string
	if !total {
		town.S, mark = cleanName(town.S)
		s.checkInvisible(l, town)
	}
	town.S = strings.Clone(town.S)
	good := true
	if town.S == "" {
		i := l.townCols[len(l.townCols)-1]
		s.problems.Err(s.cellLoc(i, row), diag.M("%s is empty (expected a town's id or name)", "“%s”为空（应填专业镇的编号或名称）"), l.texts[i])
		good = false
	}
	rowYear, yearOK := s.rowYear(l, row, cells)
	marks := s.statusCells(l, row, cells)
	for _, g := range l.groups {
		// The figures are read, and their problems reported, even when
		// the row's town or year is not: every problem at once.
		values, growth, points := s.figures(l, g, row, cells, marks)
		year := rowYear
		switch {
		case g.year != 0 && g.yearRow != 0:
			year = Number{V: float64(g.year), Valid: true, Loc: s.at(g.yearCol, g.yearRow)}
		case g.year != 0:
			year = Number{V: float64(g.year), Valid: true, Loc: l.ctx.yearAt}
		case !yearOK:
			continue
		}
		if !good {
			continue
		}
		if total {
			s.totals = append(s.totals, TotalRecord{Label: town, Scope: scope, Subtotal: scope != "" || strings.HasPrefix(town.S, "其中") || strings.HasPrefix(town.S, "#"),
				Year: year, Values: values, Growth: growth, Points: points})
			continue
		}
		rec := ValueRecord{Town: town, Year: year, Values: values, Growth: growth}
		if mark != "" || points != nil {
			rec.Extra = &RecordExtra{TownMark: mark, Points: points}
		}
		s.values = append(s.values, rec)
		s.listedTwice(l, town, year, row)
	}
	if total {
		s.totalRows = append(s.totalRows, diag.M("%d (%s)", "第 %d 行（%s）").Text(row, town.S))
	} else {
		s.rows++
	}
	return true
}

// rowYear reads a row's 年份 cell, when the sheet has one; ok is false
// when it cannot be read (reported) or disagrees with the sheet's year.
func (s *sheetReader) rowYear(l *layout, row int, cells []string) (Number, bool) {
	if s.kind == yearSheet {
		year := Number{V: float64(s.year), Valid: true, Loc: s.at(0, 0)}
		if _, has := l.cols[colYear]; !has {
			return year, true
		}
	}
	i, ok := l.cols[colYear]
	if !ok {
		return Number{}, true
	}
	at := s.at(i, row)
	loc := at.Diag()
	raw := cell(cells, i)
	y, ok, err := ParseYear(raw)
	switch {
	case err != nil:
		if serial, isDay := s.maybeDate(i, raw); isDay {
			// 45047 may be a date the user sees as 2023-05-01: say so.
			s.problems.Err(loc, diag.M("%s: the cell holds the date %s; %s (type the year in a cell formatted as 常规/General)", "%s：单元格里是日期 %s；%s（请在格式为“常规”的单元格中输入年份）"), l.texts[i], dateText(serial), yearText)
			return Number{}, false
		}
		s.problems.Err(loc, diag.M("%s: %v", "%s：%v"), l.texts[i], err)
		return Number{}, false
	case !ok && s.kind == valuesSheet:
		s.problems.Err(loc, diag.M("%s is empty (%s)", "“%s”为空（%s）"), l.texts[i], yearText)
		return Number{}, false
	case ok && s.kind == yearSheet && y != s.year:
		s.problems.Err(loc, diag.M("%s: %d differs from the sheet's year %d", "%s：%d 与工作表的年份 %d 不一致"), l.texts[i], y, s.year)
		return Number{}, false
	case ok:
		// A year such as 2023 is taken as typed even in a date cell:
		// a day count that small would be a date in 1905.
		return Number{V: float64(y), Valid: true, Loc: at}, true
	}
	return Number{V: float64(s.year), Valid: s.year != 0, Loc: s.at(0, 0)}, s.year != 0
}

// figures reads the figures of one year of a row. A figure merged over
// several towns or years belongs to none of them: an error, once, at its
// first cell.
func (s *sheetReader) figures(l *layout, g yearGroup, row int, cells []string, marks map[int]statusCell) (values, growth, points []Number) {
	values = s.newValues()
	// The row's status marks that apply to this year's figures.
	var rowMarks []statusCell
	for _, r := range l.rowStatus {
		if mk, ok := marks[r.index]; ok && (r.year == 0 || r.year == g.year) {
			rowMarks = append(rowMarks, mk)
		}
	}
	for _, f := range g.cols {
		raw := cell(cells, f.index)
		if len(s.merges.all) > 0 {
			m := s.merges.at(f.index)
			if s.merges.row != row { // a row read again once the header was found
				m = s.mergeAt(row, f.index)
			}
			if m != nil && s.mergedFigure(l, m, row) {
				continue
			}
		}
		at := s.at(f.index, row)
		switch f.col {
		case colIndicator:
			if n, ok := s.number(f.indicator, f.index, row, raw); ok {
				if c, has := l.statusOf[f.index]; has {
					n = s.withStatus(n, marks[c])
				}
				for _, mk := range rowMarks {
					n = s.withStatus(n, mk)
				}
				values[f.indicator] = n
			}
		case colGrowth, colPoints:
			n, ok := s.growthRate(s.names.cfg.Indicators[f.indicator], l.texts[f.index], at, raw, f.col == colPoints)
			if !ok {
				continue
			}
			for _, mk := range rowMarks {
				n = s.withStatus(n, mk)
			}
			list := &growth
			if f.col == colPoints {
				list = &points
			}
			if *list == nil {
				*list = make([]Number, len(s.names.cfg.Indicators))
			}
			(*list)[f.indicator] = n
		}
	}
	return values, growth, points
}

// statusCell is a cell of a status column, read.
type statusCell struct {
	at   Loc
	flag status.Flag
	note string // a footnote mark, "" when none
}

// statusCells reads a row's cells of status columns (工业产值状态,
// 数据状态), each once, by column; a cell that is not a status mark is an
// error at its cell, and marks nothing.
func (s *sheetReader) statusCells(l *layout, row int, cells []string) map[int]statusCell {
	if len(l.statusOf) == 0 && len(l.rowStatus) == 0 {
		return nil
	}
	out := map[int]statusCell{}
	read := func(c int) {
		if _, done := out[c]; done {
			return
		}
		at := s.at(c, row)
		flag, note, err := s.names.marks.ParseStatus(cell(cells, c))
		if err != nil {
			s.problems.Err(at.Diag(), diag.M("%s: %v", "%s：%v"), l.texts[c], err)
			return
		}
		if flag != 0 || note != "" {
			out[c] = statusCell{at: at, flag: flag, note: note}
		}
	}
	for _, c := range l.statusOf {
		read(c)
	}
	for _, r := range l.rowStatus {
		read(r.index)
	}
	return out
}

// withStatus puts a status cell's marks on a figure. A figure marked
// confidential is withheld: the office keeps it for its totals, the site
// must not publish it (a warning says so, in case the mark is a slip). A
// figure marked not applicable is an error: one of the two cells is
// wrong. Marks of a figure (provisional …) on a cell without one are
// dropped: no data stays no data, and a withheld figure stays withheld.
func (s *sheetReader) withStatus(n Number, mk statusCell) Number {
	if mk.flag == 0 && mk.note == "" {
		return n
	}
	if mk.note != "" {
		s.marked = append(s.marked, CellNote{At: n.Loc, Mark: mk.note})
	}
	blank := mk.flag & (status.Confidential | status.NotApplicable)
	switch {
	case blank&status.NotApplicable != 0 && n.Valid:
		s.problems.Err(mk.at.Diag(), diag.M("marked 不适用 (not applicable), but %s holds the figure %s (expected an empty cell or — there, or another status mark)",
			"标为“不适用”，但 %s 有数字 %s（该格应为空或 —，或改用其他状态标记）"), n.Loc.Cell(), n.D.String())
		return n
	case blank&status.Confidential != 0 && n.Valid:
		s.problems.Warn(mk.at.Diag(), diag.M("marked confidential: the figure %s in %s is withheld, not published (expected it empty in a published table; remove the mark to publish it)",
			"标为保密：%[2]s 的数字 %[1]s 不予公布（公开的表中该格应为空；如需公布，请去掉保密标记）"), n.D.String(), n.Loc.Cell())
		return Number{Loc: n.Loc, Flag: n.Flag&^(status.Provisional|status.Revised|status.Estimated|status.Break) | status.Confidential}
	case blank != 0:
		n.Flag |= blank
		return n
	case !n.Valid:
		return n // no data, or withheld: a provisional "—" is still no data
	}
	n.Flag |= mk.flag
	return n
}

// mergedFigure reports whether a figure cell is part of a merged range
// that spans several data rows or several figure columns, and reports that
// once when its text is a figure ("—" merged over several cells is no
// data in each).
func (s *sheetReader) mergedFigure(l *layout, m *mergeRange, row int) bool {
	figureCols := 0
	for c := m.left; c <= m.right && c < len(l.meaning); c++ {
		if l.meaning[c].isFigure() {
			figureCols++
		}
	}
	if m.top > l.bottom && m.rows() == 1 && figureCols < 2 {
		return false
	}
	if _, _, ok, err := ParseDecUnit(m.text); !ok && err == nil {
		return false
	}
	if row == max(m.top, l.bottom+1) && !s.reportedMerges[m] {
		if s.reportedMerges == nil {
			s.reportedMerges = map[*mergeRange]bool{}
		}
		s.reportedMerges[m] = true
		s.problems.Err(s.cellLoc(m.left, m.top), diag.M(
			"%q is merged across %s: a figure belongs to one town, year and indicator (unmerge the cells and write the figure in one of them, — in the others)",
			"“%s”合并了 %s：一个数字只属于一个专业镇、一个年份和一个指标（请取消合并，把数字写在其中一格，其余写 —）"),
			normText(m.text), m.ref())
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

// growthRate reads a growth rate (or a rate's change in points) typed by
// hand, with its marks.
func (s *sheetReader) growthRate(ind config.Indicator, header string, at Loc, raw string, points bool) (Number, bool) {
	// A typed growth is the office's own figure and is published: a cell
	// that cannot be read is an error, as a level's is.
	if s.logical(at, header, int(at.col), raw) {
		return Number{}, false
	}
	mk, err := s.names.marks.ParseMarked(raw)
	unit := mk.Unit
	switch {
	case err != nil:
		s.problems.Err(at.Diag(), diag.M("%s: %v", "%s：%v"), header, err)
		return Number{}, false
	case mk.Flag&status.Below != 0:
		s.problems.Err(at.Diag(), diag.M("%s: %q: a growth is a figure, not a bound (expected a number such as 12.5, or — for no data)", "%s：“%s”：增速应为数字，不能是界值（应为数字，如 12.5；无数据请填 —）"), header, normText(raw))
		return Number{}, false
	case points && unit != "" && unit != "%" && unit != "百分点":
		s.problems.Err(at.Diag(), diag.M("%s: %q is not a change in percentage points (expected a number such as 1.5)", "%s：“%s”不是百分点增减（应为数字，如 1.5）"), header, normText(raw))
		return Number{}, false
	case !points && unit != "" && unit != "%":
		s.problems.Err(at.Diag(), diag.M("%s: %q is not a growth rate (expected a percentage such as 12.5 or 12.5%%)", "%s：“%s”不是增速（应为百分数，如 12.5 或 12.5%%）"), header, normText(raw))
		return Number{}, false
	}
	if mk.Note != "" {
		s.marked = append(s.marked, CellNote{At: at, Mark: mk.Note})
	}
	if !mk.OK {
		return Number{Loc: at, Flag: mk.Flag}, true
	}
	if s.shownCell(at, header, "%", -1, int(at.col), raw) {
		return Number{}, false
	}
	if s.percentCell(int(at.col), raw) {
		mk.D = mk.D.Shift(2)
	}
	n := NumberOf(mk.D, at)
	n.Flag = mk.Flag
	return n, true
}

// number reads indicator i's cell, column col of row. It reports a problem
// and returns false when the cell cannot be read or shows a date; "no
// data" is a Number that is not Valid.
func (s *sheetReader) number(i, col, row int, raw string) (Number, bool) {
	ind := &s.names.cfg.Indicators[i]
	at := s.at(col, row)
	if s.logical(at, ind.Name, col, raw) {
		return Number{}, false
	}
	mk, err := s.names.marks.ParseMarked(raw)
	d, unit, ok := mk.D, mk.Unit, mk.OK && mk.Flag&status.Below == 0
	if err != nil {
		s.problems.Err(at.Diag(), diag.M("%s: %v", "%s：%v"), ind.Name, err)
		return Number{}, false
	}
	if unit != "" && Key(unit) != Key(ind.Unit) {
		s.problems.Err(at.Diag(), diag.M("%s: %q is in %s, but %s is in %s (convert the number, or change indicators[%d].unit in %s)",
			"%s：“%s”的单位是%s，但%s的单位是%s（请换算数字，或修改 %[7]s 中的 indicators[%[6]d].unit）"),
			ind.Name, normText(raw), unit, ind.Name, unitText(ind.Unit), i, cfgName(s.names.cfg))
		return Number{}, false
	}
	if ok && s.shownCell(at, ind.Name, ind.Unit, i, col, raw) {
		return Number{}, false
	}
	if ok && s.percentCell(col, raw) {
		if Key(ind.Unit) != "%" {
			s.problems.Err(at.Diag(), diag.M("%s: the cell is formatted as a percentage and shows %s%%, but %s is in %s (format the cell as 常规/General or 数值 and type the number in %[4]s)",
				"%s：单元格格式为百分比，显示为 %s%%，但%s的单位是%s（请把单元格格式设为“常规”或“数值”，再按%[4]s输入数字）"), ind.Name, d.Shift(2), ind.Name, unitText(ind.Unit))
			return Number{}, false
		}
		d = d.Shift(2)
	}
	if ok {
		if serial, isDay := s.maybeDate(col, raw); isDay {
			s.problems.Err(at.Diag(), diag.M("%s: the cell holds the date %s, not a number (format the cell as 常规/General or 数值 and type the number again)",
				"%s：单元格里是日期 %s，不是数字（请把单元格格式设为“常规”或“数值”后重新输入数字）"), ind.Name, dateText(serial))
			return Number{}, false
		}
	}
	if mk.Note != "" {
		s.marked = append(s.marked, CellNote{At: at, Mark: mk.Note})
	}
	n := Number{Loc: at, Flag: mk.Flag}
	if mk.Flag&status.Below != 0 {
		n.D = d // the bound; not a figure
	}
	if ok {
		n = NumberOf(d, at)
		n.Flag = mk.Flag
	}
	return n, true
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

// logical reports, as an error, a figure's cell that holds TRUE or FALSE,
// which is stored as 1 or 0.
func (s *sheetReader) logical(at Loc, header string, col int, raw string) bool {
	if col >= len(s.styles) || s.styles[col] != boolStyle {
		return false
	}
	value := "FALSE"
	if raw != "0" {
		value = "TRUE"
	}
	s.problems.Err(at.Diag(), diag.M("%s: the cell holds the logical value %s, not a number (expected a number such as 19.9, or — for no data)",
		"%s：单元格里是逻辑值 %s，不是数字（应为数字，如 19.9；无数据请填 —）"), header, value)
	return true
}

// shownCell reports, as an error, a figure's cell holding a number that
// its format shows scaled down (the official sees one figure, the cell
// holds another a thousand or ten thousand times larger), or with another
// unit than the figure's: 0.0"万元" on a figure in 亿元. ind is the
// indicator's index, -1 for a growth rate.
func (s *sheetReader) shownCell(at Loc, header, unit string, ind, col int, raw string) bool {
	if s.shownStyles == nil || col >= len(s.styles) || !isPlain(raw) {
		return false
	}
	f, ok := s.shownStyles[s.styles[col]]
	switch {
	case !ok:
		return false
	case f.scaled:
		again := diag.T("type the figure again", "再重新输入数字")
		if unit != "" && unit != "%" {
			again = diag.M("type the figure in %s", "再按%s输入数字").Text(unit)
		}
		s.problems.Err(at.Diag(), diag.M("%s: the cell's number format %q shows the number scaled down: the cell holds %s, and Excel shows another number; which is meant is unclear (format the cell as 常规/General or 数值 and %s)",
			"%s：单元格的数字格式“%s”把数字缩小显示，单元格里存的是 %s，而 Excel 显示的不是这个数；无法确定应读哪个数（请把单元格格式设为“常规”或“数值”，%s）"), header, f.code, raw, again)
		return true
	case Key(f.unit) == Key(unit) || ind < 0 && f.unit == "百分点":
		return false
	case ind < 0:
		s.problems.Err(at.Diag(), diag.M("%s: the cell's number format %q shows the unit %s, but a growth rate is in %% (format the cell as 常规/General or 数值)",
			"%s：单元格的数字格式“%s”显示的单位是%s，但增速的单位是%%（请把单元格格式设为“常规”或“数值”）"), header, f.code, f.unit)
		return true
	}
	s.problems.Err(at.Diag(), diag.M("%s: the cell's number format %q shows the unit %s, but %s is in %s (convert the number and correct the cell's format, or change indicators[%d].unit in %s)",
		"%s：单元格的数字格式“%s”显示的单位是%s，但%s的单位是%s（请换算数字并改正单元格格式，或修改 %[7]s 中的 indicators[%[6]d].unit）"), header, f.code, f.unit, header, unitText(unit), ind, cfgName(s.names.cfg))
	return true
}

// headerDates notes the header cells of l that hold a date as Excel
// stores one, a day count in a cell formatted as a date: a year typed as
// 2024/1/1 is read as the text 45292, which names nothing, and the
// message must show what the official sees.
func (s *sheetReader) headerDates(l *layout, rows [][]string, styles [][]int) {
	if s.dateStyles == nil {
		return
	}
	for r := l.top; r <= l.bottom && r <= len(rows); r++ {
		for c, text := range rows[r-1] {
			if c >= len(styles[r-1]) || !s.dateStyles[styles[r-1][c]] || !isPlain(text) {
				continue
			}
			if v, unit, ok, err := ParseNumberUnit(text); ok && err == nil && unit == "" && v >= 0 {
				if l.dates == nil {
					l.dates = map[int]string{}
				}
				l.dates[c] = dateText(v)
			}
		}
	}
}

// percentCell reports whether a cell of the current row, column col,
// holds a number its format shows as a percentage: 0.174 shown as 17.4%,
// as Excel and WPS keep "17.4%" typed into a cell. The figure is what the
// cell shows.
func (s *sheetReader) percentCell(col int, raw string) bool {
	return s.percentStyles != nil && col < len(s.styles) && s.percentStyles[s.styles[col]] && isPlain(raw)
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
