//go:build unix

package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestConfigThatIsANamedPipe: the command line reads the config for the
// language of its messages before the build reads it; it reads it as the
// build does, so a config that is a named pipe is an error, not a hang.
func TestConfigThatIsANamedPipe(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := syscall.Mkfifo(cfg, 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	for _, args := range [][]string{{"check", "-config", cfg}, {"build", "-config", cfg, "-out", filepath.Join(dir, "public")}} {
		cmd := args[0]
		done := make(chan string, 1)
		go func() {
			var stdout, stderr bytes.Buffer
			code := Run(args, &stdout, &stderr)
			done <- fmt.Sprintf("%s (exit %d)", strings.TrimSpace(stderr.String()), code)
		}()
		select {
		case got := <-done:
			if !strings.Contains(got, "config.toml: 是命名管道（FIFO），不是普通文件") || !strings.HasSuffix(got, "(exit 1)") {
				t.Errorf("%s: %s; want the named pipe named, in the default language (Chinese), and exit 1", cmd, got)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s hangs on a config that is a named pipe", cmd)
		}
	}
}
