package export

import (
	"strconv"
	"strings"
	"sync"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/status"
)

// Marks and footnotes in the downloads. A data table gives a figure's
// marks (model.Value.Flag) and footnote (Value.Note) columns of their
// own beside the figure's: <id>_status holds status.Flag.Keys
// ("provisional+break", empty for a final figure, "confidential" where a
// cell holds none), <id>_note the footnote's number in notes.csv, and
// <id>_bound the bound of a figure below the precision shown ("<0.1":
// value empty, status below, bound 0.1). The value column stays a column
// of numbers for every CSV reader. A report's sheet shows the marks in
// the cell, after the number (19.9 p①), with the legend and the notes
// under the table.

// figureColumns are the columns a data table gives one figure besides
// its value.
type figureColumns struct{ status, note, bound bool }

// see widens c to what v needs.
func (c *figureColumns) see(v model.Value) {
	c.status = c.status || v.Flag != 0
	c.note = c.note || v.Note != 0
	c.bound = c.bound || v.Flag.Has(status.Below)
}

// columns are the figure's value column and the columns beside it.
func (c figureColumns) columns(value Column, zh, en string) []Column {
	cols := []Column{value}
	if c.status {
		cols = append(cols, Column{Name: value.Name + "_status", Title: bi(zh+"·状态", en+" · status"), Type: "string"})
	}
	if c.note {
		cols = append(cols, Column{Name: value.Name + "_note", Title: bi(zh+"·注", en+" · note"), Type: "integer"})
	}
	if c.bound {
		cols = append(cols, Column{Name: value.Name + "_bound", Title: bi(zh+"·上限", en+" · bound"), Type: "number", Unit: value.Unit, Decimals: value.Decimals})
	}
	return cols
}

// cells appends v's cells in the columns of columns.
func (c figureColumns) cells(row []Cell, v model.Value, decimals int) []Cell {
	row = append(row, value(v, decimals))
	if c.status {
		row = append(row, Text(statusOf(v)))
	}
	if c.note {
		note := NoNum()
		if v.Note != 0 {
			note = Int(int(v.Note))
		}
		row = append(row, note)
	}
	if c.bound {
		bound := NoNum()
		if v.Flag.Has(status.Below) {
			bound = Num(v.Dec, decimals)
		}
		row = append(row, bound)
	}
	return row
}

// statusOf is a figure's status as the data files write it: its marks'
// keys (status.Flag.Keys), or why it is blank; "" for a final figure and
// for no data, whose marks (carried over from the figures a missing
// total or growth would be made of) describe nothing.
func statusOf(v model.Value) string {
	if !v.Valid() && !v.Flag.Blank() {
		return ""
	}
	return flagKeys[v.Flag]
}

// flagKeys and flagSuffixes are every set of marks' status.Flag.Keys and
// markSuffix without a footnote, made once: a national values.csv writes
// half a million statuses, a report sheet forty thousand marked cells.
var flagKeys, flagSuffixes = func() (keys, suffixes [256]string) {
	for f := range keys {
		keys[f] = status.Flag(f).Keys()
		if s := status.Flag(f).Symbols(); s != "" {
			suffixes[f] = " " + s
		}
	}
	return keys, suffixes
}()

// dataLayout is what columns the data files give each indicator: the
// same in values.csv, every town's files, the data workbook and
// data.json, decided once over every town's figures, so that the town
// files of a site all have the same columns and a site without marks
// gets none of them.
type dataLayout struct {
	values []figureColumns // by indicator index
	// typed are the columns of the office's typed changes (a level's
	// growth, a rate's change in points), for the indicators with any
	// (hasTyped).
	typed    []figureColumns
	hasTyped []bool
	// flags are every mark on a town's figure, typed change or total.
	flags status.Flag
}

// last keeps the layout of the site exported last: every town's files
// need it, and a national site has 40,000 towns.
var last struct {
	sync.Mutex
	site   *model.Site
	layout *dataLayout
}

// layoutOf is the site's dataLayout.
func layoutOf(site *model.Site) *dataLayout {
	last.Lock()
	defer last.Unlock()
	if last.site == site {
		return last.layout
	}
	l := &dataLayout{
		values:   make([]figureColumns, len(site.Indicators)),
		typed:    make([]figureColumns, len(site.Indicators)),
		hasTyped: make([]bool, len(site.Indicators)),
	}
	// The marks a legend explains are those a data file writes (statusOf).
	shown := func(v model.Value) status.Flag {
		if statusOf(v) == "" {
			return 0
		}
		return v.Flag
	}
	for _, town := range site.Towns {
		for _, ind := range site.Indicators {
			k := ind.Index
			for _, v := range town.Values[ind.ID] {
				if v.Flag != 0 || v.Note != 0 {
					l.values[k].see(v)
					l.flags |= shown(v)
				}
			}
			typed, ok := town.Typed[ind.ID]
			if !ok {
				continue
			}
			l.hasTyped[k] = true
			for _, v := range typed {
				l.typed[k].see(v)
				l.flags |= shown(v)
			}
		}
	}
	for _, sc := range scopesOf(site) {
		for _, ind := range site.Indicators {
			if !ind.HasTotal() {
				continue
			}
			for _, f := range site.ScopeFigures(ind, sc.tiers) {
				l.flags |= shown(f.Value) | shown(f.Delta.Value) | shown(f.Change)
			}
		}
	}
	last.site, last.layout = site, l
	return l
}

// typedColumn is the column of an indicator's typed change: a level's
// growth in percent, a rate's change in percentage points, as the office
// typed it.
func typedColumn(ind *model.Indicator) (Column, string, string) {
	if ind.Rate() {
		return Column{Name: ind.ID + "_change_pp_typed", Title: bi(ind.Name+"增减（百分点，公布数）", ind.NameEn+" change (percentage points, as published)"),
			Type: "number", Unit: "percentage points", Decimals: ind.Decimals}, ind.Name + "增减", ind.NameEn + " change"
	}
	return Column{Name: ind.ID + "_growth_typed", Title: bi(ind.Name+"增长（%，公布数）", ind.NameEn+" growth (%, as published)"),
		Type: "number", Unit: "%", Decimals: model.GrowthDecimals}, ind.Name + "增长", ind.NameEn + " growth"
}

// indicatorColumns are an indicator's columns in a table of towns'
// figures: its value, and its typed change where any town has one, each
// with the columns beside it that the site's figures need.
func (l *dataLayout) indicatorColumns(ind *model.Indicator) []Column {
	cols := l.values[ind.Index].columns(indicatorColumn(ind), ind.Name, ind.NameEn)
	if l.hasTyped[ind.Index] {
		c, zh, en := typedColumn(ind)
		cols = append(cols, l.typed[ind.Index].columns(c, zh, en)...)
	}
	return cols
}

// indicatorCells appends a town's cells of ind in year index i, in the
// columns of indicatorColumns.
func (l *dataLayout) indicatorCells(row []Cell, town *model.Town, ind *model.Indicator, i int) []Cell {
	row = l.values[ind.Index].cells(row, town.Values[ind.ID].At(i), ind.Decimals)
	if l.hasTyped[ind.Index] {
		row = l.typed[ind.Index].cells(row, town.Typed[ind.ID].At(i), ind.DeltaDecimals())
	}
	return row
}

// noteMark is how a report's cell refers to its footnote: ① to ⑳, then
// (21) and on.
func noteMark(n uint16) string {
	switch {
	case n == 0:
		return ""
	case n <= 20:
		return string(rune('①' + n - 1))
	}
	return "(" + strconv.Itoa(int(n)) + ")"
}

// markSuffix is what a report's number cell shows after the number: the
// symbols of its marks and its footnote's mark, " p①"; "" for neither.
func markSuffix(f status.Flag, note uint16) string {
	if note == 0 {
		return flagSuffixes[f]
	}
	return " " + f.Symbols() + noteMark(note)
}

// blankText is what a report's cell shows for a figure it has not: why
// (c confidential, x not applicable, <0.1 below the precision shown) and
// its footnote's mark; "" for no data, which the table's Missing shows.
func blankText(c Cell) string {
	if !c.Flag.Blank() {
		return ""
	}
	var b strings.Builder
	if c.Flag.Has(status.Below) {
		b.WriteString("<")
		b.WriteString(c.Num.String())
		if s := c.Flag.Symbols(); s != "" {
			b.WriteString(" " + s)
		}
	} else {
		b.WriteString(c.Flag.Symbols())
	}
	b.WriteString(noteMark(c.Note))
	return b.String()
}

// Shown are the marks and footnotes the cells of a workbook's sheets
// show, gathered as the workbook is written: a sheet's legend and notes
// list what it shows, and a report's notes sheet what all of them show.
type Shown struct {
	Flags status.Flag
	notes []uint64 // a bit per footnote number
}

func (s *Shown) add(c Cell) {
	s.Flags |= c.Flag
	if c.Note != 0 {
		if need := int(c.Note)/64 + 1; len(s.notes) < need {
			s.notes = append(s.notes, make([]uint64, need-len(s.notes))...)
		}
		s.notes[c.Note/64] |= 1 << (c.Note % 64)
	}
}

func (s *Shown) merge(o Shown) {
	s.Flags |= o.Flags
	for i, w := range o.notes {
		if i >= len(s.notes) {
			s.notes = append(s.notes, o.notes[i:]...)
			break
		}
		s.notes[i] |= w
	}
}

// Notes are the footnotes shown, ascending.
func (s Shown) Notes() []uint16 {
	var out []uint16
	for i, w := range s.notes {
		for b := range 64 {
			if w&(1<<b) != 0 {
				out = append(out, uint16(i*64+b))
			}
		}
	}
	return out
}

// shownFlags are the marks a report or a page shows beside a figure,
// which its legend explains: those with a symbol.
func shownFlags(f status.Flag) []status.Flag {
	var out []status.Flag
	for _, g := range legendFlags(f) {
		if legendSymbol(g) != "" {
			out = append(out, g)
		}
	}
	return out
}

// legendFlags are the marks a legend explains, one at a time, in the
// order status.Flags lists them.
func legendFlags(f status.Flag) []status.Flag {
	var out []status.Flag
	for _, g := range status.Flags {
		if f.Has(g) {
			out = append(out, g)
		}
	}
	return out
}

// legendSymbol is a mark as a legend shows it: the symbol, and for a
// figure below the precision shown the form it takes (<0.1).
func legendSymbol(f status.Flag) string {
	if f == status.Below {
		return "<0.1"
	}
	return f.Symbol()
}
