package build

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A footnote has one number in every output: an official who reads c②
// beside a town's profit in the report workbook finds c② beside it on
// the report page and its print, and ② before the note in every page's
// legend and every workbook's notes. The pages once numbered their notes
// from ① in the order they showed them, while the workbooks wrote the
// dataset's note id, so the sample's withheld profit of 2024 was c① on
// the page and c② in the workbook.
func TestFootnoteMarksAgreeAcrossOutputs(t *testing.T) {
	out := builtSampleSite(t)

	// The marks the workbooks give each note's text: a report's notes
	// sheet lists them (② and the text), a town's workbook numbers them
	// (注 / Note 2：text).
	workbookMark := map[string]string{} // note text -> mark
	workbookWhere := map[string]string{}
	see := func(text, mark, where string) {
		if prev, ok := workbookMark[text]; ok && prev != mark {
			t.Errorf("note %q is %s in %s but %s in %s", clipNote(text), prev, workbookWhere[text], mark, where)
			return
		}
		workbookMark[text], workbookWhere[text] = mark, where
	}
	reports, _ := filepath.Glob(filepath.Join(out, "downloads", "report-*.xlsx"))
	enReports, _ := filepath.Glob(filepath.Join(out, "en", "downloads", "report-*.xlsx"))
	townBooks, _ := filepath.Glob(filepath.Join(out, "downloads", "towns", "*.xlsx"))
	if len(reports) == 0 || len(enReports) == 0 || len(townBooks) == 0 {
		t.Fatalf("report workbooks %d and %d (en), town workbooks %d: want some of each", len(reports), len(enReports), len(townBooks))
	}
	for _, file := range append(append(reports, enReports...), townBooks...) {
		rel, _ := filepath.Rel(out, file)
		for sheet, rows := range workbookRows(t, file) {
			for r, row := range rows {
				for c, cell := range row {
					// A report's notes sheet: a row of its own for each
					// note, its mark in one cell and its text in the next.
					if noteMarkRE.MatchString(cell) && c+1 < len(row) && row[c+1] != "" {
						see(row[c+1], cell, rel+":"+sheet+"!"+cellName(c, r))
					}
					// A note under a table: 注②：… / Note ②: … / 注 / Note 2：…
					if m := noteLineRE.FindStringSubmatch(cell); m != nil {
						mark := m[1]
						if n, err := strconv.Atoi(mark); err == nil {
							mark = circled(n)
						}
						see(m[2], mark, rel+":"+sheet+"!"+cellName(c, r))
					}
				}
			}
		}
	}
	if len(workbookMark) == 0 {
		t.Fatal("the workbooks number no notes: the sample site has a withheld and a revised figure with notes")
	}

	// Every page's legend numbers a note as the workbooks do.
	legends := 0
	err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		for _, n := range pageNotes(t, path) {
			legends++
			want, ok := workbookMark[n.text]
			switch {
			case !ok:
				t.Errorf("%s: note %s %q is in no workbook's notes", rel, n.mark, clipNote(n.text))
			case n.mark != want:
				t.Errorf("%s: note %q is %s on the page but %s in %s", rel, clipNote(n.text), n.mark, want, workbookWhere[n.text])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if legends == 0 {
		t.Fatal("no page's legend lists a note")
	}

	// And a figure's cell carries the same mark on the report page as in
	// the report workbook of its language: the town's row, the same figure.
	for _, lang := range []string{"", "en"} {
		for _, book := range map[string][]string{"": reports, "en": enReports}[lang] {
			year := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(book), "report-"), ".xlsx")
			page := filepath.Join(out, lang, "reports", year, "index.html")
			cells := pageMarkedCells(t, page)
			if len(cells) == 0 {
				continue
			}
			sheets := workbookRows(t, book)
			matched := 0
			for _, pc := range cells {
				for sheet, rows := range sheets {
					for r, row := range rows {
						if !containsCell(row, pc.row) {
							continue
						}
						for c, cell := range row {
							m := markedCellRE.FindStringSubmatch(cell)
							if m == nil || strings.ReplaceAll(m[1], " ", "") != pc.figure {
								continue
							}
							matched++
							if m[2] != pc.mark {
								t.Errorf("%s, %s: %s%s on the page, but %s!%s of %s is %q",
									filepath.Join(lang, "reports", year), pc.row, pc.figure, pc.mark, sheet, cellName(c, r), filepath.Base(book), cell)
							}
						}
					}
				}
			}
			if matched == 0 {
				t.Errorf("%s: %d cells with a footnote mark (%s %s%s …), none found in %s", filepath.Join(lang, "reports", year),
					len(cells), cells[0].row, cells[0].figure, cells[0].mark, book)
			}
		}
	}
}

var (
	// noteMarkRE is a footnote's mark alone in a cell: ① to ⑳, (21) on.
	noteMarkRE = regexp.MustCompile(`^(?:[①-⑳]|\(\d+\))$`)
	// noteLineRE is a note under a table, its mark and its text.
	noteLineRE = regexp.MustCompile(`^(?:注|Note|注 / Note) ?([①-⑳]|\(\d+\)|\d+)[：:] ?(.+)$`)
	// markedCellRE is a report's cell whose figure has a footnote: the
	// figure and its symbols, then the mark (24.3 r①, c②).
	markedCellRE = regexp.MustCompile(`^(.*?)([①-⑳]|\(\d+\))$`)
)

func circled(n int) string {
	if n >= 1 && n <= 20 {
		return string(rune('①' + n - 1))
	}
	return "(" + strconv.Itoa(n) + ")"
}

func clipNote(s string) string {
	if r := []rune(s); len(r) > 16 {
		return string(r[:16]) + "…"
	}
	return s
}

func cellName(c, r int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return name
}

func containsCell(row []string, s string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) == s {
			return true
		}
	}
	return false
}

// workbookRows are the text of every sheet of a workbook, as Excel
// shows its cells.
func workbookRows(t *testing.T, file string) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := map[string][][]string{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatalf("%s:%s: %v", file, sheet, err)
		}
		sheets[sheet] = rows
	}
	return sheets
}

func parsePage(t *testing.T, file string) *html.Node {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return doc
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && slicesContains(strings.Fields(a.Val), class) {
			return true
		}
	}
	return false
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func findAll(n *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if keep(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

type legendNote struct{ mark, text string }

// pageNotes are the notes a page's legend lists, with their marks.
func pageNotes(t *testing.T, file string) []legendNote {
	var out []legendNote
	doc := parsePage(t, file)
	for _, ol := range findAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Ol && hasClass(n, "footnotes") }) {
		for li := ol.FirstChild; li != nil; li = li.NextSibling {
			if li.DataAtom != atom.Li {
				continue
			}
			refs := findAll(li, func(n *html.Node) bool { return hasClass(n, "fn-ref") })
			if len(refs) != 1 {
				t.Errorf("%s: a legend's note without its mark: %q", file, nodeText(li))
				continue
			}
			mark := nodeText(refs[0])
			out = append(out, legendNote{mark: mark, text: strings.TrimSpace(strings.TrimPrefix(nodeText(li), mark))})
		}
	}
	return out
}

// markedCell is a table cell of a page whose figure has a footnote: its
// row's name, the figure with its symbols ("24.3r", "c") and the mark.
type markedCell struct{ row, figure, mark string }

func pageMarkedCells(t *testing.T, file string) []markedCell {
	var out []markedCell
	doc := parsePage(t, file)
	for _, tr := range findAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Tr }) {
		var row string
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Th && row == "" {
				row = nodeText(c)
			}
			if c.DataAtom != atom.Td {
				continue
			}
			var figure, mark string
			for k := c.FirstChild; k != nil; k = k.NextSibling {
				switch {
				case k.Type == html.TextNode:
					figure += k.Data
				case k.DataAtom == atom.Sup && hasClass(k, "fn"):
					mark = nodeText(k)
				case k.DataAtom == atom.Sup:
					figure += nodeText(k)
				}
			}
			if mark != "" && row != "" {
				out = append(out, markedCell{row: row, figure: strings.ReplaceAll(strings.TrimSpace(figure), " ", ""), mark: mark})
			}
		}
	}
	return out
}
