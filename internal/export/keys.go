package export

import (
	"encoding/binary"
	"maps"
	"slices"

	"github.com/townpress/townpress/internal/model"
)

// Keys of downloads (output.Key): what a download shows, digested without
// making the file, so that a build can take a file whose digest is the
// previous build's from the previous site instead of writing it again.
// Writing a workbook with excelize is the cost; making its tables is a
// small part of it, so a workbook's key digests its tables whole
// (WorkbookSum): every cell, column, note, chart and title, exactly what
// WriteWorkbook writes. A town's files are keyed by what TownTable reads
// instead (TownFilesSite, TownFiles), as making 40,000 small tables only
// to digest them would cost what writing them does.
//
// A key is only as good as what it takes in: the build's
// TOWNPRESS_CHECK_KEYS=1 makes every keyed file anyway and fails on one
// that differs, and TestTableSumSeesEveryField changes every field of a
// table in turn.

// TableSum is a table's digest, with the marks and footnotes its cells
// show, which a workbook's legends and notes sheet list.
type TableSum struct {
	Sum   [32]byte
	Shown Shown
}

// Sum digests everything of t a CSV file or a workbook's sheet writes:
// its names, title, columns, every row's every cell, its notes and the
// lines its Legend adds to them, its charts, its total and coverage rows,
// its rounding, note column and kind. A table with Fill is digested as
// its workbook fills it (WorkbookSum).
func (t *Table) Sum() TableSum {
	td := newTableDigest(t)
	row := make([]Cell, 0, len(t.Columns))
	for i := range t.Len() {
		row = t.Row(i, row)
		td.row(row)
	}
	return td.sum()
}

// tableDigest is Table.Sum made a row at a time, so that a pass which
// makes the rows anyway (a workbook's measuring pass, columnWidths) can
// digest them too, instead of a pass of its own making them again: fed
// every row of t in order, sum is t.Sum().
type tableDigest struct {
	t     *Table
	d     *model.Digest
	shown Shown
	b     []byte
}

// newTableDigest digests what comes before t's rows.
func newTableDigest(t *Table) *tableDigest {
	d := model.NewDigest()
	d.Str("townpress table 1")
	d.Str(t.Name)
	d.Str(t.Sheet)
	d.Str(t.Title)
	d.Str(t.Description)
	d.Int(len(t.Columns))
	for _, c := range t.Columns {
		d.Str(c.Name)
		d.Str(c.Title)
		d.Str(c.Type)
		d.Str(c.Unit)
		d.Int(c.Decimals)
		d.Bool(c.Right)
	}
	d.Int(t.Len())
	return &tableDigest{t: t, d: d, b: make([]byte, 0, 512)}
}

// row digests the table's next row.
func (td *tableDigest) row(row []Cell) {
	b := binary.AppendUvarint(td.b[:0], uint64(len(row)))
	for _, c := range row {
		b = appendCellKey(b, c)
		if c.Flag != 0 || c.Note != 0 {
			td.shown.add(c)
		}
	}
	td.d.Bytes(b)
	td.b = b
}

// sum digests what comes after the rows, and is the table's sum.
func (td *tableDigest) sum() TableSum {
	t, d, shown := td.t, td.d, td.shown
	strs := func(ss []string) {
		d.Int(len(ss))
		for _, s := range ss {
			d.Str(s)
		}
	}
	strs(t.Notes)
	d.Bool(t.Legend != nil)
	if t.Legend != nil {
		strs(t.Legend(shown))
	}
	d.Int(len(t.Charts))
	for _, c := range t.Charts {
		d.Str(c.Title)
		d.Str(c.Kind)
		d.Int(c.Category)
		ints(d, c.Values)
		d.Int(c.FirstRow)
		d.Int(c.Rows)
		d.Str(c.YAxisTitle)
		ints(d, c.SeriesRows)
		d.Int(c.FirstCol)
	}
	d.Str(t.Missing)
	rowSet(d, t.TotalRows)
	rowSet(d, t.CoverageRows)
	d.Int(int(t.Rule))
	d.Str(t.Note)
	d.Bool(t.Report)
	d.Bool(t.Fill != nil)
	return TableSum{Sum: d.Sum(), Shown: shown}
}

// appendCellKey appends every field of c, lengths before contents.
func appendCellKey(b []byte, c Cell) []byte {
	b = binary.AppendUvarint(b, uint64(len(c.Text)))
	b = append(b, c.Text...)
	b = c.Num.AppendKey(b)
	b = binary.AppendVarint(b, int64(c.Decimals))
	var bits byte
	if c.IsNum {
		bits |= 1
	}
	if c.blank {
		bits |= 2
	}
	b = append(b, bits, byte(c.Flag))
	return binary.LittleEndian.AppendUint16(b, c.Note)
}

func ints(d *model.Digest, v []int) {
	d.Int(len(v))
	for _, n := range v {
		d.Int(n)
	}
}

// rowSet writes a set of rows, in order.
func rowSet(d *model.Digest, m map[int]bool) {
	d.Int(len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		d.Int(k)
		d.Bool(m[k])
	}
}

// WorkbookSum is the digest of the workbook WriteWorkbook(w, props,
// tables) writes: its properties and its tables' sums, a table with Fill
// filled from what the sheets before it show, as WriteWorkbook does.
// sums, when not nil, are the tables' Sums made already (a table with
// Fill is digested here whatever sums holds). WriteWorkbookSum makes the
// same digest as it writes the workbook.
func WorkbookSum(props Props, tables []*Table, sums []TableSum) [32]byte {
	wd := newWorkbookDigest(props, len(tables))
	for i, t := range tables {
		var s TableSum
		switch {
		case t.Fill != nil:
			s = wd.filled(t).Sum()
		case sums != nil:
			s = sums[i]
		default:
			s = t.Sum()
		}
		wd.add(s)
	}
	return wd.d.Sum()
}

// workbookDigest is WorkbookSum made a table at a time.
type workbookDigest struct {
	d     *model.Digest
	shown Shown // what the tables digested so far show
}

// newWorkbookDigest digests a workbook's properties and its number of
// tables.
func newWorkbookDigest(props Props, tables int) *workbookDigest {
	d := model.NewDigest()
	d.Str("townpress workbook 1")
	for _, s := range []string{props.Title, props.Subject, props.Creator, props.Description, props.Keywords, props.Language, props.Time} {
		d.Str(s)
	}
	d.Int(tables)
	return &workbookDigest{d: d}
}

// filled is t, which has Fill, with the rows it is digested with: filled
// from what the tables before it show.
func (wd *workbookDigest) filled(t *Table) *Table {
	filled := *t
	filled.Rows, filled.N, filled.Make = t.Fill(wd.shown), 0, nil
	return &filled
}

// add digests the next table's sum.
func (wd *workbookDigest) add(s TableSum) {
	wd.d.Bytes(s.Sum[:])
	wd.shown.merge(s.Shown)
}

// TownFilesSite is the digest of what every town's files (TownTable,
// TownWorkbook) show besides the town's own row: the site's rounding and
// sample-data mark, the data notes (which depend on every town's marks),
// the columns every town's table has (the site's dataLayout, decided
// over every town), the indicators and years, the footnotes' texts, the
// workbooks' properties. A town's key adds its own row (TownFiles).
func TownFilesSite(site *model.Site) [32]byte {
	d := model.NewDigest()
	d.Str("townpress town files 1")
	d.Int(int(site.Rule))
	d.Str(SampleMark(site))
	notes := dataNotes(site)
	d.Int(len(notes))
	for _, n := range notes {
		d.Str(n)
	}
	l := layoutOf(site)
	cols := func(c figureColumns) {
		d.Bool(c.status)
		d.Bool(c.note)
		d.Bool(c.bound)
	}
	d.Int(len(site.Indicators))
	for _, ind := range site.Indicators {
		d.Int(ind.Index)
		d.Str(ind.ID)
		d.Str(ind.Name)
		d.Str(ind.NameEn)
		d.Str(ind.Unit)
		d.Str(ind.UnitEn)
		d.Int(ind.Decimals)
		d.Int(ind.DeltaDecimals())
		d.Bool(ind.Rate())
		cols(l.values[ind.Index])
		cols(l.typed[ind.Index])
		d.Bool(l.hasTyped[ind.Index])
		// The columns as made, in case they come to depend on more.
		for _, c := range l.indicatorColumns(ind) {
			d.Str(c.Name)
			d.Str(c.Title)
			d.Str(c.Type)
			d.Str(c.Unit)
			d.Int(c.Decimals)
		}
	}
	d.Int(int(l.flags))
	ints(d, site.Years)
	d.Int(len(site.Notes))
	for _, n := range site.Notes {
		d.Str(n.Text)
		d.Str(n.TextEn)
	}
	cfg := site.Config.Site
	d.Str(FixedTime(site))
	d.Str(cfg.Title)
	d.Str(cfg.Organiser)
	return d.Sum()
}

// TownFiles writes what a town's files show of the town: its row (every
// field, model.Digest.Town) and its tier's names. With TownFilesSite and
// the build's own inputs, it keys the town's files.
func TownFiles(d *model.Digest, town *model.Town) {
	d.Town(town)
	d.Str(town.Tier.Name)
	d.Str(town.Tier.NameEn)
}

// DataProps are the dataset workbook's properties.
func DataProps(site *model.Site) Props {
	cfg := site.Config.Site
	return Props{
		Title: bi(cfg.Title, cfg.TitleEn) + " · " + bi("全部数据", "all data"), Subject: cfg.Title, Creator: cfg.Organiser,
		Description: cfg.Description, Keywords: "专业镇; specialty towns; statistics", Language: "zh-CN", Time: FixedTime(site),
	}
}
