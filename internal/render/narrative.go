package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/sitefs"
)

// Limits on a narrative's Markdown, checked before goldmark parses it.
// goldmark's time and memory grow with the square of how deep lists and
// block quotes nest (a list 2,000 deep, 4 MB of text, took 52 s and 0.5 GB),
// a table's rows are padded to the width of its delimiter row (a 28 kB
// table of 5,000 columns and 2,000 one-cell rows took 26 s and 6 GB, and
// wrote 195 MB of pages), and links and emphasis in one paragraph take
// time that grows with the square of its length (256 kB of "[a](" took
// 78 s). A report's text needs none of that. The README lists these limits.
const (
	MaxNarrativeBytes = 128 << 10 // the file: some 40,000 Chinese characters
	MaxBlockBytes     = 8 << 10   // a paragraph (lines without a blank line between), or a table's row
	MaxNarrativeDepth = 16        // lists and block quotes inside each other
	MaxTableColumns   = 64
	MaxTableCells     = 20_000 // rows (with the header) times columns, in one table
)

// NarrativeNames are the files of a report year's narrative, in the data
// folder, that an edition reads, in the order it looks for them.
func NarrativeNames(year int, en bool) []string {
	base := fmt.Sprintf("narrative/reports/%d", year)
	if en {
		return []string{base + ".en.md", base + ".md"}
	}
	return []string{base + ".md"}
}

// readNarrative reads a narrative of the data folder and checks it against
// the limits; a missing file is not an error (ok is false). It is the one
// place a narrative is read: build and serve hand it the data folder as
// sitefs opens it (regular files inside the site folder only, so a link
// out of the site, a named pipe or a device is refused with its name), and
// it reads no more than one byte past MaxNarrativeBytes, so a file too
// large, or growing as it is read, costs no more than the limit.
func readNarrative(data fs.FS, name string) (src []byte, ok bool, err error) {
	f, err := data.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("narrative %s: %w", name, err)
	}
	defer f.Close()
	src, err = io.ReadAll(io.LimitReader(f, MaxNarrativeBytes+1))
	if err != nil {
		return nil, false, fmt.Errorf("narrative %s: %w", name, err)
	}
	if len(src) > MaxNarrativeBytes {
		size := int64(len(src))
		if st, err := f.Stat(); err == nil && st.Size() > size {
			size = st.Size()
		}
		return nil, false, &NarrativeError{Name: name, Msg: tooLarge(size)}
	}
	if line, msg, bad := checkMarkdown(src); bad {
		return nil, false, &NarrativeError{Name: name, Line: line, Msg: msg}
	}
	return src, true, nil
}

// tooLarge says a narrative of size bytes is past MaxNarrativeBytes.
func tooLarge(size int64) diag.Text {
	return diag.M("the text is %d kB, more than the %d kB a narrative may have (expected the text of a report; put tables and figures in the workbooks)",
		"正文有 %d kB，超过了报告正文的上限 %d kB（应为报告的文字；表格和数字请放在工作簿中）").Text((size+1023)>>10, MaxNarrativeBytes>>10)
}

// NarrativeError is a narrative past a limit.
type NarrativeError struct {
	Name string // in the data folder, slash-separated
	Line int    // 1-based; 0 for the whole file
	Msg  diag.Text
}

func (e *NarrativeError) Error() string { return e.In(diag.En) }

// In is the error in lang, after the file and line.
func (e *NarrativeError) In(lang diag.Lang) string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg.In(lang))
	}
	return fmt.Sprintf("%s: %s", e.Name, e.Msg.In(lang))
}

// CheckNarratives reads the narratives of the report years that a site
// with languages en (or not) would render, from data, the data folder
// dataDir, and returns those past a limit as problems.
func CheckNarratives(data fs.FS, dataDir string, years []int, en bool) diag.List {
	var problems diag.List
	seen := map[string]bool{}
	for _, y := range years {
		names := NarrativeNames(y, false)
		if en {
			names = append(names, NarrativeNames(y, true)...)
		}
		for _, name := range names {
			if seen[name] {
				continue
			}
			seen[name] = true
			_, _, err := readNarrative(data, name)
			var (
				nerr    *NarrativeError
				refused *sitefs.Error
			)
			switch {
			case errors.As(err, &nerr):
				problems.Err(diag.Loc{File: path.Join(dataDir, nerr.Name), Line: nerr.Line}, diag.M("%s", "%s"), nerr.Msg)
			case errors.As(err, &refused):
				// A link out of the site folder, a named pipe, a device.
				problems.Err(diag.Loc{File: path.Join(dataDir, name)}, diag.M("%s", "%s"), refused.Why)
			case err != nil:
				problems.Err(diag.Loc{File: path.Join(dataDir, name)}, diag.M("cannot read the narrative: %v", "无法读取报告正文：%v"), errors.Unwrap(err))
			}
		}
	}
	return problems
}

// checkMarkdown measures what makes goldmark slow, line by line, without
// parsing: the file's size, how deep lists and block quotes nest, and the
// size of tables. It errs on the side of counting too much (an indented
// line counts a level per four columns, as an indented list item would)
// and leaves alone only code fenced outside lists and quotes.
func checkMarkdown(src []byte) (line int, msg diag.Text, bad bool) {
	if len(src) > MaxNarrativeBytes {
		return 0, tooLarge(int64(len(src))), true
	}
	var (
		fence        []byte // the open code fence, ``` or ~~~ and more
		table        = 0    // columns of the table being read, 0 outside one
		tableStart   = 0    // its header line
		tableRows    = 0    // its rows, header included
		block        = 0    // the first line of the text since the last blank line
		blockBytes   = 0    // its length
		previousText = false
	)
	lines := bytes.Split(src, []byte("\n"))
	for n, text := range lines {
		text = bytes.TrimSuffix(text, []byte("\r"))
		if fence != nil {
			if bytes.HasPrefix(bytes.TrimLeft(text, " "), fence) {
				fence = nil
			}
			continue
		}
		depth, items, indent, rest := containers(text)
		if nest := depth + indent/4; nest > MaxNarrativeDepth {
			return n + 1, diag.M("lists or block quotes are nested %d deep, more than %d (expected a report's text; make the list flatter)",
				"列表或引用嵌套了 %d 层，超过 %d 层（应为报告的文字；请减少列表的层级）").Text(nest, MaxNarrativeDepth), true
		}
		trimmed := bytes.TrimSpace(rest)
		if f := fenceOf(trimmed); f != nil && depth == 0 && indent < 4 {
			// Only a fence outside lists and quotes runs to its closing
			// fence whatever comes between: inside one it ends with its
			// list item, and the lines after it must still be counted.
			fence, table, blockBytes = f, 0, 0
			continue
		}
		switch {
		case len(trimmed) == 0:
			table, blockBytes = 0, 0
		case table > 0:
			tableRows++
			if cells := tableRows * table; cells > MaxTableCells {
				return tableStart, diag.M("the table has more than %d cells (%d columns, and %d rows so far; expected a table of a report; put large tables in the workbooks)",
					"表格超过 %d 个单元格（%d 列，到此已有 %d 行；应为报告中的表格；大表格请放在工作簿中）").Text(MaxTableCells, table, tableRows), true
			}
			if len(text) > MaxBlockBytes {
				return n + 1, diag.M("the table's row is %d kB long, more than %d kB (expected a table of a report)",
					"表格的一行有 %d kB，超过 %d kB（应为报告中的表格）").Text((len(text)+1023)>>10, MaxBlockBytes>>10), true
			}
		case previousText && delimiterColumns(trimmed) > 0:
			cols := delimiterColumns(trimmed)
			if cols > MaxTableColumns {
				return n, columnsMessage(cols), true
			}
			table, tableStart, tableRows, blockBytes = cols, n, 2, 0
		default:
			// goldmark parses a paragraph's links and emphasis in time
			// that grows with the square of its length. A list item
			// starts a paragraph of its own.
			if blockBytes == 0 || items > 0 {
				block, blockBytes = n+1, 0
			}
			if blockBytes += len(text) + 1; blockBytes > MaxBlockBytes {
				if n+1 < len(lines) {
					// A wide table's header is long too: say what it is.
					if _, _, _, next := containers(lines[n+1]); delimiterColumns(bytes.TrimSpace(next)) > MaxTableColumns {
						return n + 1, columnsMessage(delimiterColumns(bytes.TrimSpace(next))), true
					}
				}
				return block, diag.M("the paragraph is more than %d kB long, with no blank line (expected the paragraphs of a report; put a blank line between paragraphs)",
					"这一段超过 %d kB，中间没有空行（应为报告的段落；段落之间请空一行）").Text(MaxBlockBytes >> 10), true
			}
		}
		previousText = len(trimmed) > 0
	}
	return 0, diag.Text{}, false
}

func columnsMessage(cols int) diag.Text {
	return diag.M("the table has %d columns, more than %d (expected a table of a report; put wide tables in the workbooks)",
		"表格有 %d 列，超过 %d 列（应为报告中的表格；宽表格请放在工作簿中）").Text(cols, MaxTableColumns)
}

// containers takes the block quote markers and list markers off the start
// of a line: how many there were, how many of them start list items, the
// columns of indentation before the first (a tab is four), and the rest of
// the line. A thematic break
// such as "- - -" is not a list.
func containers(line []byte) (depth, items, indent int, rest []byte) {
	rest = line
	if isThematicBreak(line) {
		return 0, 0, 0, nil
	}
	for {
		for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
			// The spaces after a marker belong to it; only those before
			// the first make the line part of an item above.
			switch {
			case depth > 0:
			case rest[0] == '\t':
				indent += 4
			default:
				indent++
			}
			rest = rest[1:]
		}
		if len(rest) > 0 && rest[0] == '>' {
			depth++
			rest = rest[1:]
			continue
		}
		if m := listMarker(rest); m > 0 {
			depth++
			items++
			rest = rest[m:]
			continue
		}
		return depth, items, indent, rest
	}
}

// listMarker is the length of a list item's marker at the start of s
// (-, +, *, or up to nine digits and . or ), then a space, a tab or the
// end of the line), or 0.
func listMarker(s []byte) int {
	i := 0
	switch {
	case len(s) > 0 && (s[0] == '-' || s[0] == '+' || s[0] == '*'):
		i = 1
	default:
		for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i >= len(s) || (s[i] != '.' && s[i] != ')') {
			return 0
		}
		i++
	}
	if i < len(s) && s[i] != ' ' && s[i] != '\t' {
		return 0
	}
	return i
}

// isThematicBreak reports a line of three or more -, * or _ and spaces.
func isThematicBreak(line []byte) bool {
	t := bytes.TrimSpace(line)
	if len(t) < 3 || (t[0] != '-' && t[0] != '*' && t[0] != '_') {
		return false
	}
	n := 0
	for _, c := range t {
		switch c {
		case t[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// fenceOf returns the fence a line opens (``` or ~~~, three or more), or nil.
func fenceOf(line []byte) []byte {
	for _, c := range []byte("`~") {
		n := 0
		for n < len(line) && line[n] == c {
			n++
		}
		if n >= 3 {
			return line[:n]
		}
	}
	return nil
}

// delimiterColumns counts the cells of a table's delimiter row, such as
// | --- | :---: |, or returns 0 if the line is not one.
func delimiterColumns(line []byte) int {
	if bytes.IndexByte(line, '|') < 0 {
		return 0
	}
	s := bytes.TrimPrefix(bytes.TrimSuffix(line, []byte("|")), []byte("|"))
	cols := 0
	for _, cell := range bytes.Split(s, []byte("|")) {
		c := bytes.TrimSpace(cell)
		c = bytes.TrimPrefix(bytes.TrimSuffix(c, []byte(":")), []byte(":"))
		if len(c) == 0 || len(bytes.Trim(c, "-")) != 0 {
			return 0
		}
		cols++
	}
	return cols
}
