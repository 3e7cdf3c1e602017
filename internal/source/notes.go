package source

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/townpress/townpress/internal/diag"
)

// rowText is a row's cells with text, joined by a space: a note row's
// text, wherever in the row the office typed it. A note merged across the
// table's width is in every cell of the row once the merge is filled: it
// is taken once, or its marks would be read once per column.
//
// The text keeps what the office typed (full-width ，；（）): it is shown
// as the note of the figures it explains.
func rowText(cells []string) string {
	var parts []string
	for _, c := range cells {
		if t := noteText(c); t != "" && (len(parts) == 0 || parts[len(parts)-1] != t) {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// noteText is a note's text as typed, its lines and runs of spaces
// joined by one space, or by none between Chinese characters: a comment
// wrapped onto a second line reads as one sentence.
func noteText(s string) string {
	var b strings.Builder
	for i, f := range strings.Fields(s) {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(b.String())
			next, _ := utf8.DecodeRuneInString(f)
			if prev < 0x2E80 || next < 0x2E80 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(f)
	}
	return b.String()
}

// provisionalRE finds a note that a year's figures are provisional:
// 2024年为初步数, 2024年数据为初步核算数, 2024 年数字系初步统计.
var provisionalRE = regexp.MustCompile(`(\d{4})\s*年(?:度)?\s*(?:的)?\s*(?:数据|数字|指标|统计数|各项数据)?\s*(?:为|是|系|均为)\s*初步`)

// notePrefixRE is the word a note row starts with (注：, 说明:).
var notePrefixRE = regexp.MustCompile(`(?i)^(?:注|说明|备注|资料来源|数据来源|notes?)\s*[:：]?\s*`)

// englishNoteRE is the word an English note row starts with: 注（英文）：,
// 说明(英文): — the （英文） that names the English columns of the towns
// sheet (英文名称, 县市区（英文）, 简介（英文）).
var englishNoteRE = regexp.MustCompile(`^(?:注|说明|备注)\s*[（(]\s*英文\s*[)）]\s*[:：]?\s*`)

// englishLineRE is the start of a comment's English text: a line that
// starts with （英文） (or (英文)), a colon after it or not.
var englishLineRE = regexp.MustCompile(`(?m)^\s*[（(]\s*英文\s*[)）]\s*[:：]?\s*`)

// resolveNotes reads the notes under the table: footnotes (①…, and lines
// that start with * or #), which the marks of figure cells are resolved
// against, and years said to be provisional. Comments on cells are notes
// of those cells. A mark with no note is a warning: the reader would see
// a mark that leads nowhere.
//
// A note row 注（英文）：①… gives the English text of the footnotes it
// marks, for the English pages and workbooks; a footnote without one is
// shown there in Chinese, and said to be. An English note whose mark no
// Chinese note explains is a warning: the Chinese pages would have none.
func (s *sheetReader) resolveNotes() {
	byMark, english := map[string]string{}, map[string]string{}
	englishAt := map[string]noteLine{}
	for _, line := range s.noteLines {
		if loc := englishNoteRE.FindStringIndex(line.text); loc != nil {
			for mark, note := range footnotes(line.text[loc[1]:]) {
				if _, dup := english[mark]; !dup {
					english[mark], englishAt[mark] = note, line
				}
			}
			continue
		}
		text := notePrefixRE.ReplaceAllString(line.text, "")
		if m := provisionalRE.FindAllStringSubmatch(line.text, -1); m != nil {
			for _, g := range m {
				if y, err := strconv.Atoi(g[1]); err == nil {
					s.provisional = append(s.provisional, YearNote{Year: y, At: line.at})
				}
			}
		}
		for mark, note := range footnotes(text) {
			if _, dup := byMark[mark]; !dup {
				byMark[mark] = note
			}
		}
	}
	for _, c := range s.marked {
		text, ok := byMark[c.Mark]
		if !ok {
			s.problems.Warn(c.At.Diag(), diag.M("the figure is marked %s, but no note under the table says what %[1]s means (expected a note row such as 注：%[1]s2023年为修订数); the mark is not shown",
				"数字带有标记 %s，但表下注释中没有说明 %[1]s 的含义（应有注释行，如 注：%[1]s2023年为修订数）；该标记不予显示"), c.Mark)
			continue
		}
		c.Text, c.TextEn = text, english[c.Mark]
		s.notes = append(s.notes, c)
	}
	for _, mark := range slices.Sorted(maps.Keys(english)) {
		if _, ok := byMark[mark]; !ok {
			s.problems.Warn(englishAt[mark].at.Diag(), diag.M("the English note %s has no Chinese note under the table (expected a note row such as 注：%[1]s…); the Chinese pages would have no text for it, so it is not used",
				"英文注释 %s 在表下没有对应的中文注释（应有注释行，如 注：%[1]s…）；中文页面将没有该注释，因此不予使用"), mark)
		}
	}
	s.comments.Lock()
	comments, err := s.wb.GetComments(s.sheet)
	s.comments.Unlock()
	if err == nil {
		for _, cm := range comments {
			text := cm.Text
			if text == "" {
				var b strings.Builder
				for _, run := range cm.Paragraph {
					b.WriteString(run.Text)
				}
				text = b.String()
			}
			// Excel puts the author's name on the comment's first line.
			if a := strings.TrimSpace(cm.Author); a != "" {
				text = strings.TrimPrefix(strings.TrimPrefix(text, a+":"), a+"：")
			}
			// A line that starts （英文） begins the comment's English text.
			en := ""
			if loc := englishLineRE.FindStringIndex(text); loc != nil {
				text, en = text[:loc[0]], noteText(text[loc[1]:])
			}
			text = noteText(text)
			col, row, ok := parseCell(cm.Cell)
			if text == "" || !ok {
				continue
			}
			s.notes = append(s.notes, CellNote{At: s.at(col, row), Text: text, TextEn: en})
		}
	}
}

// footnotes splits a note's text at its marks: "①2023年为修订数。②含…"
// gives ① and ②; a line that starts with *, # or ※ is that mark's note.
func footnotes(text string) map[string]string {
	out := map[string]string{}
	text = strings.TrimSpace(text)
	if r, size := utf8.DecodeRuneInString(text); r == '*' || r == '#' || r == '※' {
		if note := strings.Trim(strings.TrimSpace(text[size:]), "：:"); note != "" {
			out[string(r)] = note
		}
		return out
	}
	mark, start := "", 0
	flush := func(end int) {
		if mark != "" {
			if note := strings.TrimRight(strings.TrimSpace(text[start:end]), "；;，, "); note != "" {
				out[mark] = note
			}
		}
	}
	for i, r := range text {
		if r >= '①' && r <= '⑳' {
			flush(i)
			mark, start = string(r), i+utf8.RuneLen(r)
		}
	}
	flush(len(text))
	return out
}
