package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The command line is tested by scripts in testdata/script/*.txtar, in the
// spirit of testscript: the archive's files make a site folder, and its
// comment is a script run in that folder.
//
//	townpress ARGS...     run the command line in-process
//	code N                the last command's exit code was N
//	stdout REGEX          its stdout has a match (multi-line mode)
//	stderr REGEX          its stderr has a match
//	! stdout REGEX        no match (also for stderr)
//	cmp stdout FILE       its stdout is exactly FILE of the archive
//	exists PATH           a file exists (! exists: it does not)
//	cp FROM TO            copies a file of the folder (a workbook's next edition)
//
// Arguments are split at spaces; 'single quotes' keep spaces. A file whose
// name ends in .xlsx is written as a workbook with excelize from a text:
// "[sheet name]" starts a sheet, and every other line is a row of cells
// split at "|". A cell that reads as a number is stored as a number, as
// Excel does when one is typed; "quoted" cells are stored as text.

func TestScripts(t *testing.T) {
	scripts, err := filepath.Glob("testdata/script/*.txtar")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range scripts {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			comment, files := parseTxtar(string(raw))
			dir := t.TempDir()
			for name, text := range files {
				writeScriptFile(t, filepath.Join(dir, filepath.FromSlash(name)), text)
			}
			t.Chdir(dir)
			runScript(t, comment, files)
		})
	}
}

// parseTxtar splits a txtar archive into its comment and its files.
func parseTxtar(s string) (string, map[string]string) {
	files := map[string]string{}
	marker := regexp.MustCompile(`(?m)^-- (.+?) --$\n?`)
	locs := marker.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		return s, files
	}
	comment := s[:locs[0][0]]
	for i, l := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		files[s[l[2]:l[3]]] = s[l[1]:end]
	}
	return comment, files
}

func writeScriptFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(path, ".xlsx") {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet, row, first := "", 0, true
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			sheet, row = line[1:len(line)-1], 0
			if first {
				f.SetSheetName("Sheet1", sheet)
				first = false
			} else if _, err := f.NewSheet(sheet); err != nil {
				t.Fatal(err)
			}
			continue
		}
		row++
		for col, cell := range strings.Split(line, "|") {
			cell = strings.TrimSpace(cell)
			if cell == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(col+1, row)
			var v any = cell
			if n, err := strconv.ParseFloat(cell, 64); err == nil {
				v = n
			} else if uq, err := strconv.Unquote(cell); err == nil {
				v = uq
			}
			if err := f.SetCellValue(sheet, ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func runScript(t *testing.T, script string, files map[string]string) {
	t.Helper()
	var (
		stdout, stderr bytes.Buffer
		code           = -1
		last           string
	)
	for n, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := fmt.Sprintf("line %d: %s", n+1, line)
		neg := false
		if rest, ok := strings.CutPrefix(line, "! "); ok {
			neg, line = true, rest
		}
		args := splitArgs(line)
		switch args[0] {
		case "townpress":
			stdout.Reset()
			stderr.Reset()
			code = RunContext(context.Background(), args[1:], &stdout, &stderr)
			last = line
		case "code":
			if want, _ := strconv.Atoi(args[1]); code != want {
				t.Errorf("%s: %q exited %d\nstdout:\n%s\nstderr:\n%s", where, last, code, &stdout, &stderr)
			}
		case "stdout", "stderr":
			out := stdout.String()
			if args[0] == "stderr" {
				out = stderr.String()
			}
			if args[1] == "cmp" {
				t.Fatalf("%s: write cmp stdout FILE", where)
			}
			re, err := regexp.Compile("(?m)" + args[1])
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if re.MatchString(out) == neg {
				t.Errorf("%s: after %q, %s was:\n%s", where, last, args[0], out)
			}
		case "cmp":
			out := stdout.String()
			if args[1] == "stderr" {
				out = stderr.String()
			}
			want, ok := files[args[2]]
			if !ok {
				t.Fatalf("%s: no file %s in the archive", where, args[2])
			}
			if out != want {
				t.Errorf("%s: after %q, %s was:\n%s\nwant:\n%s", where, last, args[1], out, want)
			}
		case "cp":
			b, err := os.ReadFile(args[1])
			if err == nil {
				err = os.WriteFile(args[2], b, 0o644)
			}
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
		case "exists":
			_, err := os.Stat(args[1])
			if (err == nil) == neg {
				t.Errorf("%s: %v", where, err)
			}
		default:
			t.Fatalf("%s: unknown command %q", where, args[0])
		}
	}
}

// splitArgs splits at spaces, keeping 'quoted' parts whole.
func splitArgs(line string) []string {
	var args []string
	var cur strings.Builder
	quoted, inArg := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			quoted = !quoted
			inArg = true
		case r == ' ' && !quoted:
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args
}
