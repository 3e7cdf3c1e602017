// Package diag holds problems found in a site's inputs. Problems are data:
// every stage collects them with their location, and the build stops between
// stages when any of them is an error, so a user sees all of them at once.
//
// # Languages
//
// Every message is written once, in both languages, where it is found: a
// Message holds an English and a Chinese format of the same arguments
// (the Chinese one may take them in another order with %[2]s), and
// List.Error and List.Warn format both. An argument that itself reads
// differently in each language (a Text, a Message's Text, an error with an
// In method) is put in each language's text in that language. Problem.In
// shows a problem in a Lang; String shows it in English.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a problem stops the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Loc is where a problem is: a file, and in a workbook a sheet and a cell,
// or in a text file a line.
type Loc struct {
	File  string // path relative to the site folder, slash-separated
	Sheet string // workbook sheet name, empty for text files
	Cell  string // A1-style cell reference, empty when the whole sheet is meant
	Line  int    // 1-based line in a text file, 0 when unknown
}

func (l Loc) String() string {
	var b strings.Builder
	b.WriteString(l.File)
	if l.Sheet != "" {
		b.WriteString(":")
		b.WriteString(l.Sheet)
		if l.Cell != "" {
			b.WriteString("!")
			b.WriteString(l.Cell)
		}
	} else if l.Line > 0 {
		fmt.Fprintf(&b, ":%d", l.Line)
	}
	return b.String()
}

// Problem is one thing wrong with the input.
type Problem struct {
	Loc      Loc
	Severity Severity
	Msg      string // in English
	Zh       string // in Chinese; "" for a message written only in English, which then stands for both
}

// String is the problem in English, as a compiler prints it.
func (p Problem) String() string { return p.In(En) }

// In is the problem in lang, as a compiler prints it: the place, then
// "warning:" (警告：) for a warning, then the message.
func (p Problem) In(lang Lang) string {
	var b strings.Builder
	b.WriteString(p.Loc.String())
	b.WriteString(": ")
	if p.Severity == Warning {
		if lang == Zh {
			b.WriteString("警告：")
		} else {
			b.WriteString("warning: ")
		}
	}
	b.WriteString(p.Message(lang))
	return b.String()
}

// Message is the problem's text in lang, without its place.
func (p Problem) Message(lang Lang) string {
	if lang == Zh && p.Zh != "" {
		return p.Zh
	}
	return p.Msg
}

// List collects problems in the order they are found.
type List []Problem

// Err records an error at loc, in both languages.
func (l *List) Err(loc Loc, m Message, args ...any) {
	*l = append(*l, Problem{Loc: loc, Severity: Error, Msg: m.format(En, args), Zh: m.format(Zh, args)})
}

// Warn records a warning at loc, in both languages.
func (l *List) Warn(loc Loc, m Message, args ...any) {
	*l = append(*l, Problem{Loc: loc, Severity: Warning, Msg: m.format(En, args), Zh: m.format(Zh, args)})
}

// Errorf records an error at loc written only in English. Prefer Err:
// TestMessagesHaveChinese lists the calls still made this way.
func (l *List) Errorf(loc Loc, format string, args ...any) {
	*l = append(*l, Problem{Loc: loc, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at loc written only in English. Prefer Warn.
func (l *List) Warnf(loc Loc, format string, args ...any) {
	*l = append(*l, Problem{Loc: loc, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any problem is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(p Problem) bool { return p.Severity == Error })
}

// Count returns the numbers of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, p := range l {
		if p.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Sort orders problems by file, sheet, then cell in reading order (row, then
// column), so a report reads like a compiler's.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Problem) int {
		if c := cmp.Compare(a.Loc.File, b.Loc.File); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Loc.Sheet, b.Loc.Sheet); c != 0 {
			return c
		}
		ar, ac := splitCell(a.Loc.Cell)
		br, bc := splitCell(b.Loc.Cell)
		if c := cmp.Compare(ar, br); c != 0 {
			return c
		}
		if c := cmp.Compare(len(ac), len(bc)); c != 0 {
			return c
		}
		if c := cmp.Compare(ac, bc); c != 0 {
			return c
		}
		return cmp.Compare(a.Loc.Line, b.Loc.Line)
	})
}

// Error makes the list usable as an error value: one problem per line,
// in English.
func (l List) Error() string { return l.In(En) }

// In is the list in lang, one problem per line.
func (l List) In(lang Lang) string {
	var b strings.Builder
	for i, p := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.In(lang))
	}
	return b.String()
}

// Summary counts the errors and warnings in lang: "2 errors, 1 warning",
// "2 个错误，1 个警告".
func (l List) Summary(lang Lang) string {
	e, w := l.Count()
	return Sprint(lang, M("%d %s, %d %s", "%d %s，%d %s"), e, Plural(e, "error", "个错误"), w, Plural(w, "warning", "个警告"))
}

// Plural is a noun after the number n: "1 error", "2 errors"; Chinese
// nouns take no plural.
func Plural(n int, en, zh string) Text {
	if n != 1 {
		en += "s"
	}
	return Text{En: en, Zh: zh}
}

// splitCell splits "AB12" into row 12 and column "AB"; a bad reference sorts first.
func splitCell(cell string) (row int, col string) {
	i := strings.IndexFunc(cell, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return 0, cell
	}
	fmt.Sscanf(cell[i:], "%d", &row)
	return row, cell[:i]
}
