package render

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/status"
)

// This file holds what a page says of the marks on its figures (issue 11):
// the superscripts beside them (fragments.go writes them), the footnotes
// under each table, and the legend, 符号说明, that ends every page whose
// figures carry marks. The symbols are internal/status's; the page's
// marks and footnotes are recorded as its tables and charts are made
// (chart.Marks), so that the legend lists only the marks and notes the
// page shows. A footnote's number is its id in the site's notes, as in
// every download (chart.Marks says why).

// Legend is a page's 符号说明: the marks its figures show, each with what it
// means, and its footnotes, numbered as every output numbers them.
type Legend struct {
	Title   string
	Symbols []LegendItem // in status's order: p, r, e, b, c, x, <
	// Unmarked say what the marks without a symbol mean that the page's
	// figures carry: a final figure (最终核实数) in a provisional year,
	// which shows no p.
	Unmarked []string
	Notes    []LegendItem // ② …, by their numbers (ids in the site's notes), ascending
}

// LegendItem is one line of a legend: a symbol (p, ①) and what it says.
type LegendItem struct {
	Mark, Text string
	// ID is a footnote's anchor, which its references link to: "fn-2";
	// Note its id in the site's notes (model.Value.Note), which is also
	// its number. "" and 0 for a symbol.
	ID   string
	Note uint16
	// HTML is Text as markup: a note shown in Chinese on an English page
	// in an element that says so (lang="zh-CN"), after "(in Chinese)".
	HTML template.HTML
}

// Legend is the page's legend, nil for a page whose figures carry no
// marks. It is made when the layout asks for it: the default base layout
// does after the page's main content, when every figure has been written
// (the tables Go writes, and those a layout writes with Mark).
func (f *Frame) Legend() *Legend {
	m := f.marks
	if m.Used == 0 && len(m.Notes) == 0 {
		return nil
	}
	l := &Legend{Title: f.T("symbols")}
	for _, g := range status.Flags {
		switch {
		case !m.Used.Has(g):
		case g.Symbol() == "":
			l.Unmarked = append(l.Unmarked, f.T("mark_"+g.Key()+"_note"))
		default:
			l.Symbols = append(l.Symbols, LegendItem{Mark: g.Symbol(), Text: f.T("mark_" + g.Key() + "_note")})
		}
	}
	for _, id := range m.Notes {
		n := int(id)
		text := m.NoteText(n)
		l.Notes = append(l.Notes, LegendItem{Mark: chart.NoteRef(n), Text: text, ID: noteID(n), Note: id, HTML: f.NoteHTML(text)})
	}
	return l
}

// NoteHTML is a line of text that holds footnotes (the notes under a
// table: "① …") as markup: a note shown in Chinese on an English page
// (after "(in Chinese)", chart.Marks.NoteText) in a span that says its
// language, so that a screen reader reads it as Chinese. Layouts print
// the notes under tables with it: {{$.NoteHTML .}}.
func (f *Frame) NoteHTML(line string) template.HTML {
	var b strings.Builder
	f.writeNoteHTML(&b, line)
	return template.HTML(b.String())
}

// writeNoteHTML writes NoteHTML's markup of line to b.
func (f *Frame) writeNoteHTML(b *strings.Builder, line string) {
	writeNoteHTML(b, line, f.marks.Chinese())
}

// noteID is the anchor of footnote n (its id in the site's notes) on a
// page.
func noteID(n int) string { return "fn-" + strconv.Itoa(n) }

// Mark is what a layout writes after a figure it shows itself: the
// value's marks as superscripts and its footnote's number, linked to the
// legend, as the tables Go writes show them; recorded for the page's
// legend. {{.Num $v $ind}}{{.Mark $v}}. Given the figure's name as well
// (a model.FigureRef: .LatestTotalRef names the latest total), a revised
// figure's r links to its revision, as in those tables:
// {{.Mark $f.Value (.LatestTotalRef $ind)}}.
func (f *Frame) Mark(v model.Value, ref ...model.FigureRef) template.HTML {
	var name model.FigureRef
	if len(ref) > 0 {
		name = ref[0]
	}
	m := f.marks.OfFigure(v, name)
	if m.Zero() {
		return ""
	}
	var b strings.Builder
	f.markHTML(&b, m)
	return template.HTML(b.String())
}

// markIn is the mark of v, the figure ref names (the zero FigureRef for
// one without a name), its footnote added to a table's notes.
func (f *Frame) markIn(notes *[]int, v model.Value, ref model.FigureRef) chart.Mark {
	m := f.marks.OfFigure(v, ref)
	*notes = chart.AddNote(*notes, m.Note)
	return m
}

// noteLines are a table's footnotes as the notes under it write them.
func (f *Frame) noteLines(notes []int) []string {
	return f.marks.NoteLines(notes, f.words().noteLine)
}

// marksLine is what a line of text that shows figures (the indicator
// page's total) says of their marks, at its end: their names and their
// footnotes' numbers, "初步数①"; "" for figures without. A superscript
// after a figure in a sentence would read as part of it ("+17.3%p").
func (f *Frame) marksLine(vs ...model.Value) string {
	var flags status.Flag
	var refs string
	for _, v := range vs {
		m := f.marks.Of(v)
		flags |= m.Flag
		if m.Note != 0 && !strings.Contains(refs, chart.NoteRef(m.Note)) {
			refs += chart.NoteRef(m.Note)
		}
	}
	if flags == 0 {
		return refs
	}
	return f.words().markNames(flags) + refs
}
