//go:build unix

package sitefs

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestNamedPipeIsAnErrorNotAHang(t *testing.T) {
	f, dir := site(t, map[string]string{"config.toml": "x"})
	os.MkdirAll(filepath.Join(dir, "data", "narrative", "reports"), 0o755)
	if err := syscall.Mkfifo(filepath.Join(dir, "data", "narrative", "reports", "2024.md"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		wantRefused(t, f, "data/narrative/reports/2024.md", ErrNotRegular, "data/narrative/reports/2024.md", "is a named pipe (FIFO), not a regular file")
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading a named pipe hangs")
	}
}

func TestDeviceIsRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	f, dir := site(t, map[string]string{"config.toml": "x"})
	symlink(t, "/dev/zero", filepath.Join(dir, "zero.md"))
	wantRefused(t, f, "zero.md", ErrOutside, "zero.md", "symbolic link to /dev/zero")
	// A device node inside the site itself, where the system allows one.
	if err := syscall.Mknod(filepath.Join(dir, "null.md"), syscall.S_IFCHR|0o644, 1<<8|3); err != nil {
		t.Logf("no device node made (%v); only the link is tested", err)
		return
	}
	wantRefused(t, f, "null.md", ErrNotRegular, "null.md", "is a character device, not a regular file")
}
