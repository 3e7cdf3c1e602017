package wholefile

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, func(w *bufio.Writer) error {
		_, err := w.WriteString("new")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("after Write: %q, want %q", b, "new")
	}
	if _, err := os.Stat(path + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file is left: %v", err)
	}
}

func TestWriteFailingLeavesOld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := errors.New("fill failed")
	err := Write(path, func(w *bufio.Writer) error {
		w.WriteString("half")
		return bad
	})
	if !errors.Is(err, bad) {
		t.Fatalf("Write = %v, want %v", err, bad)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("after a failed Write: %q, want the old %q", b, "old")
	}
	if _, err := os.Stat(path + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file is left: %v", err)
	}
}
