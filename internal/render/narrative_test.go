package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// deepList is a list n deep, each level on its own line indented two
// spaces more, as an editor writes it.
func deepList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

// table is a Markdown table of cols columns and rows one-cell rows under
// its header: goldmark pads every row to the delimiter row's width.
func table(cols, rows int) string {
	return "|" + strings.Repeat("h|", cols) + "\n|" + strings.Repeat("-|", cols) + "\n" + strings.Repeat("|x|\n", rows)
}

// Each shape that makes goldmark slow is refused at its file and line,
// before goldmark sees it; what a report's text looks like is not.
func TestNarrativeLimits(t *testing.T) {
	para := strings.Repeat("[a](", 2100) // 8.2 kB, no blank line
	for _, c := range []struct {
		name, text, want string
	}{
		{"a list 40 deep", "# 2024年\n\n" + deepList(40),
			"data/narrative/reports/2024.md:35: lists or block quotes are nested 17 deep, more than 16 (expected a report's text; make the list flatter)"},
		{"markers on one line", "正文\n\n" + strings.Repeat("- ", 2000) + "x\n",
			"data/narrative/reports/2024.md:3: lists or block quotes are nested 2000 deep, more than 16"},
		{"block quotes", strings.Repeat(">", 5000) + " x\n",
			"data/narrative/reports/2024.md:1: lists or block quotes are nested 5000 deep, more than 16"},
		{"tabs", strings.Repeat("\t", 17) + "- x\n",
			"data/narrative/reports/2024.md:1: lists or block quotes are nested 18 deep"},
		{"a list inside a fence in a list", "- ```\nx\n" + deepList(40),
			"data/narrative/reports/2024.md:35: lists or block quotes are nested 17 deep"},
		{"500 columns", "正文\n\n" + table(500, 1),
			"data/narrative/reports/2024.md:3: the table has 500 columns, more than 64 (expected a table of a report; put wide tables in the workbooks)"},
		{"5,000 columns", "正文\n\n" + table(5000, 1),
			"data/narrative/reports/2024.md:3: the table has 5000 columns, more than 64"},
		{"columns aligned", "| a |\n|:---|" + strings.Repeat(" :---: |", 64) + "\n",
			"data/narrative/reports/2024.md:1: the table has 65 columns, more than 64"},
		{"cells", "\n" + table(64, 400),
			"data/narrative/reports/2024.md:2: the table has more than 20000 cells (64 columns, and 313 rows so far; expected a table of a report; put large tables in the workbooks)"},
		{"a long paragraph", "# 标题\n\n" + para + "\n",
			"data/narrative/reports/2024.md:3: the paragraph is more than 8 kB long, with no blank line (expected the paragraphs of a report; put a blank line between paragraphs)"},
		{"a long paragraph on many lines", "# 标题\n\n" + strings.Repeat("[a](\n", 2000),
			"data/narrative/reports/2024.md:3: the paragraph is more than 8 kB long"},
		{"a long table row", table(2, 0) + "|" + para + "|\n",
			"data/narrative/reports/2024.md:3: the table's row is 9 kB long, more than 8 kB"},
		{"a large file", strings.Repeat("正文。\n\n", 20000),
			"data/narrative/reports/2024.md: the text is 215 kB, more than the 128 kB a narrative may have (expected the text of a report; put tables and figures in the workbooks)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := fstest.MapFS{"narrative/reports/2024.md": {Data: []byte(c.text)}}
			problems := CheckNarratives(data, "data", []int{2023, 2024}, true)
			if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), c.want) {
				t.Errorf("problems:\n%v\nwant:\n%s…", problems, c.want)
			}
			// The page refuses it too, without CheckNarratives first.
			_, _, err := readNarrative(data, "narrative/reports/2024.md")
			if err == nil || !strings.HasPrefix("data/"+err.Error(), c.want) {
				t.Errorf("readNarrative: %v", err)
			}
		})
	}
}

// Reports as officials write them pass: nested lists a few deep, tables,
// code with deep indentation in a fence, a row of dashes as a rule, and
// paragraphs separated by blank lines or list items up to the file limit.
func TestNarrativesWithinLimits(t *testing.T) {
	texts := map[string]string{
		"realistic": "# 2024年专业镇发展报告\n\n全市专业镇……\n\n" + deepList(16) +
			"\n> 引文\n> > 引文中的引文\n\n| 指标 | 2023 | 2024 |\n| :--- | ---: | ---: |\n| 产值 | 1 | 2 |\n\n" +
			"```\n" + strings.Repeat(" ", 200) + "code\n```\n\n- - - - - - - - - - - - - - - - - - - -\n\n***\n",
		"many paragraphs": strings.Repeat(strings.Repeat("正文。", 400)+"\n\n", 30),
		"a long list":     strings.Repeat("- "+strings.Repeat("要点", 20)+"\n", 900),
		"a large table":   table(64, 300),
		"CRLF":            strings.ReplaceAll(deepList(16), "\n", "\r\n"),
	}
	for _, dir := range []string{"../../data/narrative/reports", "../starter/files/data/narrative/reports"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		if len(files) == 0 {
			t.Fatalf("no narratives in %s", dir)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts[f] = string(b)
		}
	}
	for name, text := range texts {
		if len(text) > MaxNarrativeBytes {
			t.Fatalf("%s: %d bytes, more than the limit", name, len(text))
		}
		if line, msg, bad := checkMarkdown([]byte(text)); bad {
			t.Errorf("%s: line %d: %s", name, line, msg)
		}
	}
}

// BenchmarkNarrativeWorstAllowed converts the slowest text the limits let
// through: paragraphs just under MaxBlockBytes up to MaxNarrativeBytes of
// the shapes goldmark is slowest on (256 kB of "[a](" in one paragraph
// took 78 s). Measured: "[a](" 0.38 s, the others under 0.16 s.
func BenchmarkNarrativeWorstAllowed(b *testing.B) {
	for _, unit := range []string{"[a](", "![a](", "[a](<", "a*b_", "["} {
		para := strings.Repeat(unit, (MaxBlockBytes-2)/len(unit))
		var doc strings.Builder
		for doc.Len()+len(para)+2 <= MaxNarrativeBytes {
			doc.WriteString(para + "\n\n")
		}
		src := []byte(doc.String())
		if line, msg, bad := checkMarkdown(src); bad {
			b.Fatalf("%q: %d: %s", unit, line, msg)
		}
		b.Run(fmt.Sprintf("%q", unit), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var out bytes.Buffer
				if err := markdown().Convert(src, &out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
