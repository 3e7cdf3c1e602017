package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/starter"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeStopsOnCancel is Ctrl-C: signal.NotifyContext ends the context
// Run passes to serve, which stops and exits 0.
func TestServeStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	if _, err := starter.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- RunContext(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-config", filepath.Join(dir, "config.toml")}, &stdout, &stderr)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(stdout.String(), "serving http://127.0.0.1:") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", &stdout, &stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, &stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.HasPrefix(stdout.String(), "built in ") || !strings.HasSuffix(stdout.String(), "stopped\n") {
		t.Errorf("stdout:\n%s", &stdout)
	}
}

func TestProgressOnlyOnLongBuilds(t *testing.T) {
	var out bytes.Buffer
	quick := newProgress(&out, time.Now())
	quick.update(1, 10)
	quick.done()
	if out.Len() != 0 {
		t.Errorf("a quick build drew a progress line: %q", out.String())
	}
	slow := newProgress(&out, time.Now().Add(-3*time.Second))
	slow.update(5, 10)
	slow.update(6, 10) // within 100 ms of the last: not drawn
	slow.update(10, 10)
	slow.done()
	want := "\r\033[Kbuilding: 5/10 pages (50%), 3s\r\033[Kbuilding: 10/10 pages (100%), 3s\r\033[K"
	if out.String() != want {
		t.Errorf("progress = %q, want %q", out.String(), want)
	}
	var nilProgress *progress
	nilProgress.done() // no terminal: nothing to clear
	if isTerminal(&out) {
		t.Error("a buffer is not a terminal")
	}
}
