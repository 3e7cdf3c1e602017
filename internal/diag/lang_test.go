package diag

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestMessageInBothLanguages(t *testing.T) {
	var l List
	col := Text{"industrial output", "工业产值"}
	l.Err(Loc{File: "data/x.xlsx", Sheet: "2023年", Cell: "C5"}, M("%s: %q is not a number", "%[1]s：“%[2]s”不是数字"), col, "12k")
	l.Warn(Loc{File: "config.toml", Line: 3}, M("unknown key %q (did you mean %s?)", "没有键“%s”（是不是 %s？）"), "site.titel", "site.title")
	l.Errorf(Loc{File: "data"}, "only in English: %d", 1)
	want := map[Lang][]string{
		En: {
			`data/x.xlsx:2023年!C5: industrial output: "12k" is not a number`,
			`config.toml:3: warning: unknown key "site.titel" (did you mean site.title?)`,
			`data: only in English: 1`,
		},
		Zh: {
			`data/x.xlsx:2023年!C5: 工业产值：“12k”不是数字`,
			`config.toml:3: 警告：没有键“site.titel”（是不是 site.title？）`,
			`data: only in English: 1`,
		},
	}
	for lang, lines := range want {
		if got := l.In(lang); got != strings.Join(lines, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", lang, got, strings.Join(lines, "\n"))
		}
	}
	if l.Error() != l.In(En) || l[0].String() != l[0].In(En) {
		t.Error("String and Error are not English")
	}
	if got := l.Summary(Zh); got != "2 个错误，1 个警告" {
		t.Errorf("Summary(Zh) = %q", got)
	}
	if got := l[:1].Summary(En); got != "1 error, 0 warnings" {
		t.Errorf("Summary(En) = %q", got)
	}
	nested := M("expected %s", "应为%s").Text(Join([]Text{{"a", "甲"}, {"b", "乙"}}, ", ", "、"))
	if nested.In(Zh) != "应为甲、乙" || nested.In(En) != "expected a, b" {
		t.Errorf("nested = %+v", nested)
	}
	if got := Sprint(Zh, M("%v", "%v"), langError{}); got != "中文错误" {
		t.Errorf("an error with In: %q", got)
	}
	if got := Sprint(Zh, M("%v", "%v"), errors.New("plain")); got != "plain" {
		t.Errorf("a plain error: %q", got)
	}
}

type langError struct{}

func (langError) Error() string { return "english error" }
func (langError) In(l Lang) string {
	return map[Lang]string{En: "english error", Zh: "中文错误"}[l]
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"zh": Zh, "zh-CN": Zh, "ZH_cn": Zh, "中文": Zh, "en": En, "en-US": En} {
		if got, ok := ParseLang(in); !ok || got != want {
			t.Errorf("ParseLang(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := ParseLang("fr"); ok {
		t.Error("fr accepted")
	}
}

// TestMessagesAgree reads every message (diag.M) written in the program's source
// and checks that its Chinese text is there and takes the same arguments as
// its English one, so that no translation drops or invents a value.
func TestMessagesAgree(t *testing.T) {
	n := 0
	eachSourceFile(t, func(path string, fset *token.FileSet, f *ast.File) {
		ast.Inspect(f, func(node ast.Node) bool {
			lit, ok := node.(*ast.CallExpr)
			if !ok || !isM(lit.Fun) || len(lit.Args) != 2 {
				return true
			}
			en, zh := stringLit(lit.Args[0]), stringLit(lit.Args[1])
			if en == nil || zh == nil {
				return true // built at run time; checked where used
			}
			n++
			at := fset.Position(lit.Pos())
			if *zh == "" {
				t.Errorf("%s: message %q has no Chinese text", at, *en)
				return true
			}
			ea, eerr := fmtArgs(*en)
			za, zerr := fmtArgs(*zh)
			switch {
			case eerr != nil || zerr != nil:
				t.Errorf("%s: bad format: %v %v", at, eerr, zerr)
			case !slices.Equal(ea, za):
				t.Errorf("%s: the English message takes arguments %v, the Chinese %v:\n  %s\n  %s", at, ea, za, *en, *zh)
			}
			return true
		})
	})
	if n < 1 {
		t.Fatalf("found no messages: is the source tree where the test looks?")
	}
}

// TestMessagesHaveChinese lists the problems still written only in
// English (with Errorf or Warnf): every problem shown to an official must
// read naturally in Chinese too.
func TestMessagesHaveChinese(t *testing.T) {
	eachSourceFile(t, func(path string, fset *token.FileSet, f *ast.File) {
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Errorf" || sel.Sel.Name == "Warnf") && len(call.Args) >= 2 && isDiagLoc(call.Args[0]) {
				t.Errorf("%s: a problem written only in English (use Err or Warn with a diag.Message)", fset.Position(call.Pos()))
			}
			return true
		})
	})
}

// isDiagLoc reports whether an expression looks like a diag location, the
// first argument of List.Errorf (and not of testing.T.Errorf or fmt.Errorf).
func isDiagLoc(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.CompositeLit:
		s, ok := x.Type.(*ast.SelectorExpr)
		return ok && s.Sel.Name == "Loc"
	case *ast.BasicLit:
		return false
	}
	return true
}

// isM reports whether a call is to diag.M.
func isM(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Name == "diag" && x.Sel.Name == "M"
	case *ast.Ident:
		return x.Name == "M"
	}
	return false
}

func stringLit(e ast.Expr) *string {
	if kv, ok := e.(*ast.KeyValueExpr); ok {
		e = kv.Value
	}
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return nil
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return nil
	}
	return &s
}

// fmtArgs lists, in order, the argument each verb of a fmt format takes
// (0-based), sorted and without repeats.
func fmtArgs(f string) ([]int, error) {
	var used []int
	arg := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		if i < len(f) && f[i] == '%' {
			continue
		}
		for i < len(f) && strings.IndexByte("+-# 0", f[i]) >= 0 {
			i++
		}
		index := func() {
			if i < len(f) && f[i] == '[' {
				j := strings.IndexByte(f[i:], ']')
				if j > 0 {
					n, _ := strconv.Atoi(f[i+1 : i+j])
					arg = n - 1
					i += j + 1
				}
			}
		}
		index()
		star := func() {
			if i < len(f) && f[i] == '*' {
				used = append(used, arg)
				arg++
				i++
			}
			for i < len(f) && f[i] >= '0' && f[i] <= '9' {
				i++
			}
		}
		star()
		if i < len(f) && f[i] == '.' {
			i++
			index()
			star()
		}
		index()
		if i >= len(f) {
			return nil, strconv.ErrSyntax
		}
		used = append(used, arg)
		arg++
	}
	slices.Sort(used)
	return slices.Compact(used), nil
}

// eachSourceFile parses every non-test Go file of the module.
func eachSourceFile(t *testing.T, fn func(path string, fset *token.FileSet, f *ast.File)) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		fn(path, fset, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
