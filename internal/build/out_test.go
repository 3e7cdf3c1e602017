package build

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/scalegen"
)

// townpress builds the townpress binary once for the tests that run it as
// a real process, into binDir (removed by TestMain); they skip where the
// go command is not at hand.
var townpress = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "townpress-bin-")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "townpress")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, "github.com/townpress/townpress").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

var binDir string

func binary(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build townpress with")
	}
	bin, err := townpress()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// run is a townpress process: its exit code and what it printed.
type run struct {
	code           int
	stdout, stderr string
}

func start(t *testing.T, dir string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stdout, &stderr
}

func wait(cmd *exec.Cmd, stdout, stderr *bytes.Buffer) run {
	cmd.Wait()
	return run{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
}

// TestConcurrentBuildsTakeTurns starts two builds into one folder at the
// same moment. Before the lock they failed with dozens of "no such file
// or directory", or one reported success over a public/ that lacked a
// third of its files.
func TestConcurrentBuildsTakeTurns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 300-town site three times in processes of their own")
	}
	dir := t.TempDir()
	if _, err := scalegen.Generate(dir, scalegen.Options{Towns: 300, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	// What one build alone writes: builds are deterministic.
	alone := filepath.Join(t.TempDir(), "alone")
	if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: alone}); err != nil {
		t.Fatal(err)
	}
	want := treeHashes(t, alone)

	a, aout, aerr := start(t, dir, "build", "-out", "public", "-lang", "en")
	b, bout, berr := start(t, dir, "build", "-out", "public", "-lang", "en")
	ra, rb := wait(a, aout, aerr), wait(b, bout, berr)
	for _, r := range []run{ra, rb} {
		if r.code != 0 || strings.Contains(r.stderr, "no such file") {
			t.Errorf("a build failed (exit %d):\n%s%s", r.code, r.stdout, r.stderr)
		}
	}
	waited := ra.stderr + rb.stderr
	if !strings.Contains(waited, "another build is writing public/ (pid ") || !strings.Contains(waited, "); waiting…") {
		t.Errorf("neither build said it waited for the other:\n%s", waited)
	}
	got := treeHashes(t, filepath.Join(dir, "public"))
	if len(got) != len(want) {
		t.Errorf("public/ has %d files; one build alone writes %d", len(got), len(want))
	}
	for name, h := range want {
		if got[name] != h {
			t.Errorf("%s differs from what one build alone writes", name)
			break
		}
	}
	if left := leftovers(t, dir); len(left) != 0 {
		t.Errorf("leftovers: %v", left)
	}
}

// TestKilledAtTheSwap kills a build (SIGKILL) at the swap of the new site
// for the previous one. public/ must never be missing; where the system
// cannot exchange two folders in one step and the kill falls between the
// two renames, the next build puts the previous site back before anything
// else, even when it then fails on its input.
func TestKilledAtTheSwap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site in a child process and kills it")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	cases := []struct {
		name, stopAt string
		noExchange   bool
	}{
		{"exchange", "exchange", false},
		{"between two renames", "between", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := goodSite(t)
			cfg, out := filepath.Join(dir, "config.toml"), filepath.Join(dir, "public")
			if _, err := Build(Options{Config: cfg, Out: out}); err != nil {
				t.Fatal(err)
			}
			before := treeHashes(t, out)

			signal := filepath.Join(t.TempDir(), "at-swap")
			child := exec.Command(os.Args[0], "-test.run=^TestBuildChild$")
			child.Env = append(os.Environ(), "TOWNPRESS_CHILD_CONFIG="+cfg, "TOWNPRESS_CHILD_OUT="+out,
				"TOWNPRESS_CHILD_STOP_AT="+c.stopAt, "TOWNPRESS_CHILD_SIGNAL="+signal)
			if c.noExchange {
				child.Env = append(child.Env, "TOWNPRESS_CHILD_NO_EXCHANGE=1")
			}
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
				if _, err := os.Stat(signal); err == nil {
					break
				}
				if time.Now().After(deadline) {
					child.Process.Kill()
					t.Fatal("the child build never reached the swap")
				}
			}
			child.Process.Signal(syscall.SIGKILL)
			child.Wait()

			_, err := os.Stat(out)
			if !c.noExchange && err != nil {
				t.Fatalf("public/ is missing after a build killed at the swap: %v", err)
			}
			if c.noExchange && err == nil {
				t.Fatalf("the kill did not fall between the renames")
			}

			// The next build fails on its input, but puts public/ back
			// first; the command line must not claim it is unchanged
			// while it is gone.
			os.WriteFile(cfg, []byte("[site\n"), 0o644)
			if _, err := Build(Options{Config: cfg, Out: out}); err == nil {
				t.Fatal("a build with a broken config succeeded")
			}
			samePublic(t, out, before)
			if left := leftovers(t, dir); len(left) != 0 {
				t.Errorf("leftovers after the next build: %v", left)
			}
		})
	}
}

// TestLockOfAKilledBuildIsNotStale: the system drops the lock of a build
// killed while it holds it, so the next build neither waits nor fails.
func TestLockOfAKilledBuildIsNotStale(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a build in a child process")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	dir := goodSite(t)
	cfg, out := filepath.Join(dir, "config.toml"), filepath.Join(dir, "public")
	signal := filepath.Join(t.TempDir(), "at-swap")
	child := exec.Command(os.Args[0], "-test.run=^TestBuildChild$")
	child.Env = append(os.Environ(), "TOWNPRESS_CHILD_CONFIG="+cfg, "TOWNPRESS_CHILD_OUT="+out,
		"TOWNPRESS_CHILD_STOP_AT=exchange", "TOWNPRESS_CHILD_SIGNAL="+signal)
	// The first build has no public/ to exchange with: build once first.
	if _, err := Build(Options{Config: cfg, Out: out}); err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(signal); err == nil {
			break
		}
		if time.Now().After(deadline) {
			child.Process.Kill()
			t.Fatal("the child build never reached the swap")
		}
	}
	// While the child holds the lock, a build waits and says so.
	waited := make(chan diag.Text, 1)
	done := make(chan error, 1)
	go func() {
		_, err := Build(Options{Config: cfg, Out: out, Waiting: func(msg diag.Text) { waited <- msg }})
		done <- err
	}()
	select {
	case msg := <-waited:
		if want := fmt.Sprintf("(pid %d); waiting…", child.Process.Pid); !strings.Contains(msg.En, want) {
			t.Errorf("waiting message %q; want it to name pid %d", msg.En, child.Process.Pid)
		}
		if want := fmt.Sprintf("另一个构建正在写入 %s%c（进程 %d）；等待中…", out, filepath.Separator, child.Process.Pid); msg.Zh != want {
			t.Errorf("waiting message in Chinese %q; want %q", msg.Zh, want)
		}
	case err := <-done:
		t.Fatalf("a build ran while another held the lock: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("the waiting build never said it waited")
	}
	child.Process.Signal(syscall.SIGKILL)
	child.Wait()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the lock of a killed build was never released")
	}
}

// TestFolderWithoutMarkerIsRefused: a folder that looks like a site (an
// index.html and townpress's stylesheet) but lacks the marker was
// replaced whole, with the user's thesis.docx in it.
func TestFolderWithoutMarkerIsRefused(t *testing.T) {
	dir := goodSite(t)
	out := filepath.Join(dir, "public")
	for name, text := range map[string]string{"index.html": "<html>", "assets/townpress.css": "body{}", "thesis.docx": "four years of work"} {
		os.MkdirAll(filepath.Dir(filepath.Join(out, name)), 0o755)
		os.WriteFile(filepath.Join(out, name), []byte(text), 0o644)
	}
	_, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out})
	if err == nil || !strings.Contains(err.Error(), "refusing to replace a folder townpress did not write") {
		t.Fatalf("err = %v; want a refusal", err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "thesis.docx")); err != nil || string(b) != "four years of work" {
		t.Fatalf("thesis.docx: %q, %v", b, err)
	}
}

// TestDiskFull builds into a folder on a file system of 400 kB (a tmpfs
// mounted in a mount namespace of the build's own, where the system
// allows one). Before, a full disk printed 86 lines, 70 of them the same,
// and exited 1, the code of an input error.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("builds townpress and runs it")
	}
	if runtime.GOOS != "linux" {
		t.Skip("needs Linux mount namespaces")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare")
	}
	bin := binary(t)
	dir := goodSite(t)
	small := filepath.Join(t.TempDir(), "small")
	os.Mkdir(small, 0o755)
	script := `mount -t tmpfs -o size=400k tmpfs "$1" || exit 99; cd "$2" && exec "$3" build -out "$1/public" -lang en`
	cmd := exec.Command(unshare, "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", small, dir, bin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Run()
	code := cmd.ProcessState.ExitCode()
	if code == 99 || strings.Contains(stderr.String(), "unshare:") {
		t.Skipf("cannot mount a small file system here: %s", stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if code != 3 || len(lines) != 1 || !strings.Contains(lines[0], "no space left on device") ||
		!strings.HasPrefix(lines[0], "townpress: cannot write "+small+"/public: ") || !strings.Contains(lines[0], "nothing was written to") {
		t.Errorf("exit %d, stderr (%d lines):\n%s\nwant exit 3 and one line saying the disk is full", code, len(lines), stderr.String())
	}
}

// TestOutputLinkTargetIsKept: with -out a symbolic link to a folder (a web
// root), the swap replaces the link with the new site; the folder it
// pointed to is left as it was, not emptied through the link.
func TestOutputLinkTargetIsKept(t *testing.T) {
	dir := goodSite(t)
	webroot := filepath.Join(t.TempDir(), "www")
	os.MkdirAll(webroot, 0o755)
	os.WriteFile(filepath.Join(webroot, output.Marker), []byte(output.MarkerContent), 0o644)
	os.WriteFile(filepath.Join(webroot, "keep.html"), []byte("the web root's own page"), 0o644)
	out := filepath.Join(dir, "public")
	if err := os.Symlink(webroot, out); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(webroot, "keep.html")); err != nil || string(b) != "the web root's own page" {
		t.Errorf("the link's target was emptied: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("no site in %s: %v", out, err)
	}
}

// TestOutputErrorInChinese: an output folder that cannot be written is
// said in the chosen language, the system's own words kept.
func TestOutputErrorInChinese(t *testing.T) {
	err := &OutputError{Out: "public", Err: output.Wrapf(syscall.ENOLCK, diag.M("locking %s: %v", "无法锁定 %s：%v"), ".public.lock", syscall.ENOLCK)}
	if got, want := err.Error(), "cannot write public: locking .public.lock: no locks available"; got != want {
		t.Errorf("English: %q, want %q", got, want)
	}
	if got, want := err.In(diag.Zh), "无法写入 public：无法锁定 .public.lock：no locks available"; got != want {
		t.Errorf("Chinese: %q, want %q", got, want)
	}
	if !errors.Is(err, syscall.ENOLCK) {
		t.Error("the system's error is not in the chain")
	}
}
