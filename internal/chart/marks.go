package chart

import (
	"slices"
	"strconv"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/status"
)

// Marks is what one page's figures carry besides their digits: the status
// marks they show, for the page's legend (符号说明), which lists only
// those, and the footnotes of its figures, for the legend's notes.
//
// A footnote is numbered by its id in the site's notes (model.Value.Note,
// Site.Notes from 1), not ①, ②, … in the order a page first shows them:
// the report workbooks, the town workbooks, notes.csv, values.csv's note
// columns and data.json all name a note by that id, and an official holds
// the page (or its PDF) beside the workbook. Numbered per page, the
// withheld profit of 2024 read c① on the report page and c② in its
// workbook; and a per-page number cannot agree with every file anyway, as
// one note is on a town's page, its tier's, an indicator's and a report's,
// each showing other notes before it. A page whose only note is ② thus
// starts its notes at ②, as a yearbook's extract keeps the yearbook's
// numbers.
//
// A page makes one; its tables, headline figures and charts share it
// (Builder.Marks), and render prints the legend from it. It is used by
// one goroutine, the page's.
type Marks struct {
	site *model.Site
	// Used are the marks the page's figures show, the reasons for a
	// blank cell included.
	Used status.Flag
	// Notes are the footnotes the page shows, ascending: ids in
	// Site.Notes (from 1), which are also their numbers on the page.
	Notes []uint16
	// inChinese, on an English page, says that a note is shown in
	// Chinese, the workbook giving no English for it ("(in Chinese)");
	// "" on a Chinese page.
	inChinese string
}

// NewMarks starts a page's marks.
func NewMarks(site *model.Site) *Marks { return &Marks{site: site} }

// English makes the marks an English page's: its notes in English where
// the workbook gives it, else in Chinese after inChinese, the page's
// words for that ("(in Chinese)").
func (m *Marks) English(inChinese string) *Marks {
	m.inChinese = inChinese
	return m
}

// Mark is what a cell or point shows of a figure besides its text.
type Mark struct {
	// Flag is the marks shown: the figure's (provisional, revised …), or
	// for a cell that holds no figure the reason (confidential, not
	// applicable, below the precision), which its text writes.
	Flag status.Flag
	// Symbols are the marks shown beside the figure, "pr": a superscript
	// in a table. "" for none, and for a cell without a figure, whose
	// text is its reason.
	Symbols string
	// Note is the number of the figure's footnote: its id in Site.Notes,
	// from 1, the number every output gives it; 0 for none.
	Note int
	// Ref names a figure marked revised (r), so that a page can link its
	// r to the figure's entry on the page of the release that revised it
	// (render's Frame.RevisionHref); nil for every other figure, and for
	// one whose maker had no name for it (a growth computed from the
	// levels, a total of some tiers). A pointer: few figures are revised,
	// and every marked cell of a table carries a Mark.
	Ref *model.FigureRef
}

// Of is the mark of v, recorded for the page's legend and footnotes. A
// cell of no data (—) shows no status mark: "—p" is still no data. A nil
// Marks marks without numbering footnotes.
func (m *Marks) Of(v model.Value) Mark {
	var k Mark
	if v.Flag == 0 && v.Note == 0 {
		return k // most figures: nothing to show or record
	}
	switch {
	case v.Valid():
		k.Flag = v.Flag
		k.Symbols = v.Flag.Symbols()
	case v.Flag.Blank():
		k.Flag = v.Flag & (status.Confidential | status.NotApplicable | status.Below)
	}
	if m == nil {
		return k
	}
	m.Used |= k.Flag
	if v.Note != 0 {
		k.Note = int(v.Note)
		m.see(v.Note)
	}
	return k
}

// OfFigure is Of for the figure ref names: a revised one carries the
// name (Mark.Ref). The zero ref names none.
func (m *Marks) OfFigure(v model.Value, ref model.FigureRef) Mark {
	k := m.Of(v)
	if ref.Named() && k.Flag.Has(status.Revised) {
		named := ref // a copy of its own: &ref would move every call's ref to the heap
		k.Ref = &named
	}
	return k
}

// see records that the page shows note id.
func (m *Marks) see(id uint16) {
	i, found := slices.BinarySearch(m.Notes, id)
	if !found {
		m.Notes = slices.Insert(m.Notes, i, id)
	}
}

// NoteText is the text of footnote n (its id in Site.Notes, from 1), in
// the page's language: on an English page a note the workbook gives only
// in Chinese is its Chinese text after "(in Chinese)", never silently.
func (m *Marks) NoteText(n int) string {
	text, chinese := m.note(n)
	if chinese {
		return m.inChinese + " " + text
	}
	return text
}

// note is the text of footnote n and whether it is Chinese shown on an
// English page.
func (m *Marks) note(n int) (text string, chinese bool) {
	if m == nil || n < 1 || n > len(m.site.Notes) {
		return "", false
	}
	return m.site.Notes[n-1].In(m.inChinese != "")
}

// Chinese are the texts of the page's footnotes shown in Chinese on an
// English page, for its markup to say their language (lang="zh-CN").
func (m *Marks) Chinese() []string {
	if m == nil || m.inChinese == "" {
		return nil
	}
	var out []string
	for _, id := range m.Notes {
		if text, chinese := m.note(int(id)); chinese {
			out = append(out, text)
		}
	}
	return out
}

// Text is the mark as plain text after the figure's: "r①". Chart labels
// and tooltips and the browser's data files write a marked figure so,
// "24.3r①".
func (k Mark) Text() string {
	if k.Note == 0 {
		return k.Symbols
	}
	return k.Symbols + NoteRef(k.Note)
}

// Zero reports whether the mark shows nothing.
func (k Mark) Zero() bool { return k.Flag == 0 && k.Note == 0 }

// NoteRef is how a footnote's number is written: ① to ⑳ as yearbooks
// write them, (21) and on past the circled numbers.
func NoteRef(n int) string {
	if n >= 1 && n <= 20 {
		return string(rune('①' + n - 1))
	}
	return "(" + strconv.Itoa(n) + ")"
}

// Marked is a figure's text with its mark after it, as a chart's labels
// and tooltips show it: "24.3r①".
func Marked(text string, k Mark) string {
	if k.Zero() {
		return text
	}
	return text + k.Text()
}

// statusText is what a data file's status column holds for a figure: its
// marks, or for a cell without a figure the reason as the table writes it
// (c, x, <0.1), then its footnote's number; "" for none.
func statusText(text string, k Mark) string {
	switch {
	case k.Zero():
		return ""
	case k.Symbols == "" && k.Flag.Blank():
		text += k.Text() // the reason is the text; Text is then the note alone
		return text
	}
	return k.Text()
}

// AddNote adds n (0 for none) to a sorted set of note numbers.
func AddNote(notes []int, n int) []int {
	if n == 0 {
		return notes
	}
	for i, x := range notes {
		switch {
		case x == n:
			return notes
		case x > n:
			return append(notes[:i], append([]int{n}, notes[i:]...)...)
		}
	}
	return append(notes, n)
}

// NoteLines are the page's footnotes numbered notes, as the notes under
// a table or chart list them, each written by line ("① text").
func (m *Marks) NoteLines(notes []int, line func(ref, text string) string) []string {
	out := make([]string, 0, len(notes))
	for _, n := range notes {
		out = append(out, line(NoteRef(n), m.NoteText(n)))
	}
	return out
}
