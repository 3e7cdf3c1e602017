// Package browser drives a headless Chromium over the DevTools protocol,
// with the standard library only. It is what tests use to see a built page as
// a person would (charts drawn, no console errors, no request leaving the
// site), what cmd/shot uses for screenshots, and what prints reports to PDF.
//
// The browser is started with --remote-debugging-pipe: protocol messages are
// JSON objects separated by a NUL byte, written to the browser's file
// descriptor 3 and read from its descriptor 4. One goroutine reads every
// message and hands replies to their callers by id and events to their page
// by session id.
//
// In a launched browser no host name or address resolves but localhost,
// 127.0.0.1 and [::1]: a page that asks for an outside URL fails at once
// instead of waiting on the network, nothing leaves the machine, and the
// request still shows in [Page.Requests].
package browser

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Find returns the path of a Chromium or Chrome binary: $TOWNPRESS_CHROMIUM
// if set, else the first of chromium, chromium-browser, google-chrome and
// google-chrome-stable found on PATH; "" if there is none.
func Find() string {
	if path := os.Getenv("TOWNPRESS_CHROMIUM"); path != "" {
		return path // returned even if wrong, so Launch says why instead of silently using another
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	return ""
}

// Browser is a running headless Chromium. Its methods are safe for
// concurrent use.
type Browser struct {
	cmd         *exec.Cmd
	userDataDir string
	toBrowser   *os.File // our end of the browser's fd 3
	fromBrowser *os.File // our end of the browser's fd 4
	stderr      *tailBuffer

	writeMu sync.Mutex // one message at a time on toBrowser

	mu       sync.Mutex
	nextID   int64
	pending  map[int64]chan message // replies awaited, by request id
	sessions map[string]*Page       // attached pages, by session id
	closed   bool

	readDone chan struct{} // closed when the reader goroutine ends
	exited   chan struct{} // closed when the process has been waited for
	waitErr  error         // from cmd.Wait; read after exited is closed
}

var launchFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
	"--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
	"--no-default-browser-check", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
	"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]",
	"--remote-debugging-pipe",
}

// Launch starts the browser at path (see [Find]) with a fresh user-data-dir
// and waits until it answers. extraFlags are added after the built-in ones
// (Chromium lets a later flag win). ctx bounds the start only: the browser
// runs until [Browser.Close].
func Launch(ctx context.Context, path string, extraFlags ...string) (*Browser, error) {
	if path == "" {
		return nil, errors.New("browser: no Chromium path (install chromium or set TOWNPRESS_CHROMIUM)")
	}
	userDataDir, err := os.MkdirTemp("", "townpress-chromium-")
	if err != nil {
		return nil, fmt.Errorf("browser: %w", err)
	}
	browserReads, toBrowser, err := os.Pipe()
	if err != nil {
		os.RemoveAll(userDataDir)
		return nil, fmt.Errorf("browser: %w", err)
	}
	fromBrowser, browserWrites, err := os.Pipe()
	if err != nil {
		browserReads.Close()
		toBrowser.Close()
		os.RemoveAll(userDataDir)
		return nil, fmt.Errorf("browser: %w", err)
	}
	args := append(append(append([]string{}, launchFlags...), extraFlags...), "--user-data-dir="+userDataDir, "about:blank")
	b := &Browser{
		cmd:         exec.Command(path, args...),
		userDataDir: userDataDir,
		toBrowser:   toBrowser,
		fromBrowser: fromBrowser,
		stderr:      &tailBuffer{},
		pending:     map[int64]chan message{},
		sessions:    map[string]*Page{},
		readDone:    make(chan struct{}),
		exited:      make(chan struct{}),
	}
	b.cmd.ExtraFiles = []*os.File{browserReads, browserWrites} // fd 3, fd 4
	b.cmd.Stderr = b.stderr
	b.cmd.WaitDelay = 2 * time.Second // don't hang on a stray child holding stderr
	startInOwnProcessGroup(b.cmd)
	err = b.cmd.Start()
	browserReads.Close() // the browser holds its own copies now; ours would hide EOF
	browserWrites.Close()
	if err != nil {
		toBrowser.Close()
		fromBrowser.Close()
		os.RemoveAll(userDataDir)
		return nil, fmt.Errorf("browser: start %s: %w", path, err)
	}
	go func() {
		b.waitErr = b.cmd.Wait()
		close(b.exited)
	}()
	go b.readLoop()

	if err := b.call(ctx, "", "Browser.getVersion", nil, nil); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// Close kills the browser's whole process group (no need for a graceful
// quit: the profile is thrown away), waits for it and for the reader
// goroutine, and removes the user-data-dir. Calls in flight fail.
func (b *Browser) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	b.mu.Unlock()

	killProcessGroup(b.cmd.Process)
	b.toBrowser.Close()
	b.fromBrowser.Close() // unblocks the reader even if a child kept fd 4 open
	<-b.readDone
	<-b.exited
	if err := os.RemoveAll(b.userDataDir); err != nil {
		return fmt.Errorf("browser: close: %w", err)
	}
	return nil
}

// request is a command sent to the browser or, with SessionID, to a page.
type request struct {
	ID        int64  `json:"id"`
	SessionID string `json:"sessionId,omitempty"`
	Method    string `json:"method"`
	Params    any    `json:"params"`
}

// message is anything the browser sends: a reply (ID set) or an event
// (Method set).
type message struct {
	ID        int64           `json:"id"`
	SessionID string          `json:"sessionId"`
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	Result    json.RawMessage `json:"result"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    string `json:"data"`
	} `json:"error"`
}

func (b *Browser) readLoop() {
	defer close(b.readDone)
	r := bufio.NewReaderSize(b.fromBrowser, 1<<16)
	for {
		raw, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(raw[:len(raw)-1], &m); err != nil {
			continue // not ours to understand; a caller waiting on it ends by its ctx
		}
		if m.ID != 0 {
			b.mu.Lock()
			if reply, ok := b.pending[m.ID]; ok {
				reply <- m // buffered, never blocks
				delete(b.pending, m.ID)
			}
			b.mu.Unlock()
			continue
		}
		b.mu.Lock()
		page := b.sessions[m.SessionID]
		b.mu.Unlock()
		if page != nil {
			page.handleEvent(m.Method, m.Params)
		}
	}
}

// call sends method to the browser (sessionID "") or to one attached page
// and decodes the reply's result into result, if not nil.
func (b *Browser) call(ctx context.Context, sessionID, method string, params, result any) error {
	if params == nil {
		params = struct{}{}
	}
	reply := make(chan message, 1)
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return fmt.Errorf("browser: %s: browser is closed", method)
	}
	b.nextID++
	id := b.nextID
	b.pending[id] = reply
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
	}()

	data, err := json.Marshal(request{ID: id, SessionID: sessionID, Method: method, Params: params})
	if err != nil {
		return fmt.Errorf("browser: %s: %w", method, err)
	}
	b.writeMu.Lock()
	_, err = b.toBrowser.Write(append(data, 0))
	b.writeMu.Unlock()
	if err != nil {
		return fmt.Errorf("browser: %s: %w", method, b.exitError())
	}
	select {
	case m := <-reply:
		if m.Error != nil {
			text := m.Error.Message
			if m.Error.Data != "" {
				text += ": " + m.Error.Data
			}
			return fmt.Errorf("browser: %s: %s (code %d)", method, text, m.Error.Code)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				return fmt.Errorf("browser: %s: decoding result: %w", method, err)
			}
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("browser: %s: %w", method, ctx.Err())
	case <-b.readDone:
		return fmt.Errorf("browser: %s: %w", method, b.exitError())
	}
}

// Gone reports whether the browser can no longer be used: closed, or its
// connection lost (it exited or crashed).
func (b *Browser) Gone() bool {
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	select {
	case <-b.readDone:
		return true
	default:
		return closed
	}
}

// exitError explains why the connection is gone: closed by us, or the
// browser exited (with the tail of its stderr, which says why).
func (b *Browser) exitError() error {
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return errors.New("browser is closed")
	}
	select {
	case <-b.exited:
	case <-time.After(2 * time.Second):
		return fmt.Errorf("lost the connection to chromium; stderr:\n%s", b.stderr.Tail(20))
	}
	return fmt.Errorf("chromium exited (%v); stderr:\n%s", b.waitErr, b.stderr.Tail(20))
}

// tailBuffer keeps the last few KiB written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

const tailBytes = 8 << 10

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2*tailBytes {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-tailBytes:]...)
	}
	return len(p), nil
}

// Tail returns the last n lines written.
func (t *tailBuffer) Tail(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimRight(string(t.buf), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
