package build

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/scalegen"
)

// TestBuildChild is the build that TestKilledBuildLeavesPreviousSite runs
// as a child process and kills; run on its own it does nothing.
func TestBuildChild(t *testing.T) {
	cfg := os.Getenv("TOWNPRESS_CHILD_CONFIG")
	if cfg == "" {
		t.Skip("only run as the child of TestKilledBuildLeavesPreviousSite")
	}
	if at := os.Getenv("TOWNPRESS_CHILD_STOP_AT"); at != "" {
		// Stop at a step of the swap and say so, to be killed there.
		if os.Getenv("TOWNPRESS_CHILD_NO_EXCHANGE") != "" {
			output.Exchange = func(string, string) error { return errors.ErrUnsupported }
		}
		output.Swapping = func(step string) {
			if step == at {
				os.WriteFile(os.Getenv("TOWNPRESS_CHILD_SIGNAL"), []byte(step), 0o644)
				time.Sleep(time.Hour)
			}
		}
	}
	if _, err := Build(Options{Config: cfg, Out: os.Getenv("TOWNPRESS_CHILD_OUT")}); err != nil {
		t.Fatal(err)
	}
}

// treeHashes is a digest of every file under dir, by relative path.
func treeHashes(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func leftovers(t *testing.T, parent string) []string {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		// The spare is no leftover: it stays between builds, to be
		// recycled by the next (see output/recycle.go).
		if strings.HasPrefix(e.Name(), ".public.") && e.IsDir() && e.Name() != ".public.spare" {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestKilledBuildLeavesPreviousSite kills a build with SIGKILL while it
// writes pages, into a fresh staging folder and into one recycled from the
// spare (the site before the previous one): public/ must still be the
// previous build, file for file, and the next build must clean up what
// the killed one left and publish exactly what a clean build does.
func TestKilledBuildLeavesPreviousSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 400 towns four times or more")
	}
	for _, recycled := range []bool{false, true} {
		t.Run(map[bool]string{false: "fresh", true: "recycled"}[recycled], func(t *testing.T) {
			killMidBuild(t, recycled)
		})
	}
}

func killMidBuild(t *testing.T, recycled bool) {
	dir := t.TempDir()
	cfg, out := filepath.Join(dir, "config.toml"), filepath.Join(dir, "public")
	spare := filepath.Join(dir, ".public.spare")
	if _, err := scalegen.Generate(dir, scalegen.Options{Towns: 400, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Options{Config: cfg, Out: out}); err != nil {
		t.Fatal(err)
	}
	if recycled {
		// Built again unchanged: the first site, sharing every file with
		// the second, is kept as the spare.
		if _, err := Build(Options{Config: cfg, Out: out}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(spare); err != nil {
			t.Fatalf("no spare after an unchanged build: %v", err)
		}
	}
	before := treeHashes(t, out)
	// New numbers, so that a build that got through would change public/.
	if _, err := scalegen.Generate(dir, scalegen.Options{Towns: 400, Seed: 2}); err != nil {
		t.Fatal(err)
	}

	started := time.Now().Add(-time.Second) // the file system's clock may lag
	child := exec.Command(os.Args[0], "-test.run=^TestBuildChild$")
	child.Env = append(os.Environ(), "TOWNPRESS_CHILD_CONFIG="+cfg, "TOWNPRESS_CHILD_OUT="+out)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()
	// Kill it once it has written some pages, but long before the end:
	// pages written since it started (a recycled folder has every town's
	// folder and page of the spare from the start).
	written := func(stage string) int {
		n := 0
		pages, _ := filepath.Glob(filepath.Join(stage, "towns", "*", "index.html"))
		for _, p := range pages {
			if fi, err := os.Stat(p); err == nil && fi.ModTime().After(started) {
				n++
			}
		}
		return n
	}
	killed := false
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline) && !killed; {
		select {
		case err := <-exited:
			t.Fatalf("the child build ended (%v) before it could be killed; make the site larger", err)
		case <-time.After(5 * time.Millisecond):
		}
		stages, _ := filepath.Glob(filepath.Join(dir, ".public.tmp-*"))
		for _, s := range stages {
			if written(s) >= 100 {
				if err := child.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				killed = true
			}
		}
	}
	if !killed {
		child.Process.Kill()
		t.Fatal("the child build never got to writing pages")
	}
	<-exited

	samePublic(t, out, before)
	if left := leftovers(t, dir); len(left) == 0 {
		t.Errorf("the killed build should have left its temporary folder (else it was not killed mid-way)")
	}
	if _, err := os.Stat(spare); recycled && err == nil {
		t.Errorf("the spare is still there: the killed build did not recycle it")
	}

	res, err := Build(Options{Config: cfg, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if left := leftovers(t, dir); len(left) != 0 {
		t.Errorf("the next build should remove the killed build's leftovers; found %v", left)
	}
	after := treeHashes(t, out)
	if fmt.Sprint(after) == fmt.Sprint(before) {
		t.Errorf("the next build should have published the new numbers")
	}
	clean := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Config: cfg, Out: clean}); err != nil {
		t.Fatal(err)
	}
	if want := treeHashes(t, clean); fmt.Sprint(after) != fmt.Sprint(want) {
		t.Errorf("after a killed build the next one publishes %d files, not what a clean build does (%d files)", len(after), len(want))
	}
	t.Logf("%d of %d files unchanged in the build after the killed one", res.Unchanged, res.Files)
}

// TestBuildRestoresSiteMovedAside covers a kill in the instant between
// moving the previous site aside and moving the new one in.
func TestBuildRestoresSiteMovedAside(t *testing.T) {
	parent := t.TempDir()
	old := filepath.Join(parent, ".public.old-123")
	if err := os.MkdirAll(old, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(old, "index.html"), []byte("previous"), 0o644)
	os.MkdirAll(filepath.Join(parent, ".public.tmp-456", "towns"), 0o755)
	// Not leftovers of public: another folder's, and a user's.
	os.MkdirAll(filepath.Join(parent, ".public.tmp-x.tmp-789"), 0o755)
	os.MkdirAll(filepath.Join(parent, ".public.old-notes"), 0o755)
	if err := output.Recover(parent, "public"); err != nil {
		t.Fatal(err)
	}
	output.CleanLeftovers(parent, "public")
	if b, err := os.ReadFile(filepath.Join(parent, "public", "index.html")); err != nil || string(b) != "previous" {
		t.Errorf("the previous site should be back in public/: %q %v", b, err)
	}
	if left := leftovers(t, parent); strings.Join(left, " ") != ".public.old-notes .public.tmp-x.tmp-789" {
		t.Errorf("leftovers remain, or folders not a build's were removed: %v", left)
	}
}
