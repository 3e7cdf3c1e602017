package cli

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/townpress/townpress/internal/sitetest"
)

// The command line is tested by testscript scripts in
// testdata/script/*.txtar: the archive's files make a site folder, and its
// comment is a script run in that folder (go doc testscript for the
// built-in commands: exec, stdout, stderr, cmp, exists, cp, env…). Two
// commands are townpress's own:
//
//	townpress ARGS...   runs the command line; it must exit 0, or, as
//	                    ! townpress ARGS..., not 0
//	code N              the last townpress exited N (1 errors, 2 usage,
//	                    3 output not written, 4 check -against changes)
//
// The test binary is the townpress command (testscript.Main), so a script
// runs the real main path with its own environment, working folder and
// exit code. A file whose name ends in .xlsx.txt is written as the workbook
// of its text form (see sitetest.Workbook): data/towns.xlsx.txt becomes
// data/towns.xlsx. go test -update rewrites the files that cmp compares
// stdout or stderr with.

var update = flag.Bool("update", false, "rewrite the files of testdata/script/*.txtar that cmp compares stdout or stderr with")

// mainName is the name the test binary runs the command line under; the
// scripts call it through the townpress command, which records the exit code.
const mainName = "townpress-main"

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		mainName: func() { os.Exit(Run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// exitKey holds a script's last exit code in its testscript.Env.Values.
type exitKey struct{}

func TestScripts(t *testing.T) {
	// The command's path, looked up once, so a script may set PATH (to
	// hide Chromium) and still run it.
	bin, err := exec.LookPath(mainName)
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		ContinueOnError:     true,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			code := -1
			env.Values[exitKey{}] = &code
			return sitetest.MakeWorkbooks(env.WorkDir)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"townpress": func(ts *testscript.TestScript, neg bool, args []string) {
				code := ts.Value(exitKey{}).(*int)
				err := ts.Exec(bin, args...)
				var exit *exec.ExitError
				switch {
				case err == nil:
					*code = 0
				case errors.As(err, &exit):
					*code = exit.ExitCode()
				default:
					ts.Fatalf("townpress: %v", err)
				}
				if (*code != 0) != neg {
					ts.Fatalf("townpress exited %d", *code)
				}
			},
			"code": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: code N")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("code %s: %v", args[0], err)
				}
				if got := *ts.Value(exitKey{}).(*int); got != want {
					ts.Fatalf("townpress exited %d, want %d", got, want)
				}
			},
		},
	})
}
