package browser

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
)

// Page is one tab, attached with its own protocol session. It records what
// the page logs and requests from the moment it is created.
type Page struct {
	b         *Browser
	targetID  string
	sessionID string

	mu        sync.Mutex
	console   []Message
	requests  []string
	inflight  map[string]Transfer // requests sent and not yet finished, by request id
	transfers []Transfer
	loaded    chan struct{} // closed by the next Page.loadEventFired; nil when no one waits
}

// Transfer is one response the page received in full, as the network
// saw it: what a page costs a reader on a metered or slow connection.
type Transfer struct {
	URL string
	// Bytes is what came over the wire: headers and the body as sent
	// (compressed, if it was), as DevTools counts it.
	Bytes int64
	// Start is when the request was sent and At when its last byte
	// arrived, in seconds on the browser's monotonic clock (the
	// protocol's timestamps).
	Start, At float64
}

// Message is a problem the page reported: what a test of a built page
// usually wants to be empty.
type Message struct {
	Source string // "console" (console.error/warn/assert), "exception" (uncaught), "log" (browser log, e.g. a resource that failed to load) or "browser"
	Level  string // "error" or "warning"
	Text   string
	URL    string // the script or resource concerned, if known
	Line   int    // 1-based line in URL; 0 if unknown
}

func (m Message) String() string {
	s := m.Source + " " + m.Level + ": " + m.Text
	if m.URL != "" {
		s += " (" + m.URL
		if m.Line > 0 {
			s += fmt.Sprintf(":%d", m.Line)
		}
		s += ")"
	}
	return s
}

// NewPage opens a blank tab with a viewport of width×height CSS pixels
// (device scale factor 1); mobile also turns on the mobile meta viewport and
// touch emulation.
func (b *Browser) NewPage(ctx context.Context, width, height int, mobile bool) (*Page, error) {
	var target struct {
		TargetID string `json:"targetId"`
	}
	// A window of its own: tabs of one window are hidden but the front
	// one, and a hidden page gets no animation frames, so a chart's
	// animation in it never ends while another test's tab is in front.
	if err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank", "newWindow": true}, &target); err != nil {
		return nil, err
	}
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		b.call(ctx, "", "Target.closeTarget", map[string]any{"targetId": target.TargetID}, nil)
		return nil, err
	}
	p := &Page{b: b, targetID: target.TargetID, sessionID: attached.SessionID}
	b.mu.Lock()
	b.sessions[p.sessionID] = p
	b.mu.Unlock()

	setup := []struct {
		method string
		params any
	}{
		{"Page.enable", nil},
		{"Runtime.enable", nil},
		{"Network.enable", nil},
		{"Log.enable", nil},
		{"Emulation.setDeviceMetricsOverride", map[string]any{
			"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}},
		{"Emulation.setTouchEmulationEnabled", map[string]any{"enabled": mobile}},
		// Focused as a reader's window is, whichever window the
		// browser last raised: keyboard use and :focus-visible need it.
		{"Emulation.setFocusEmulationEnabled", map[string]any{"enabled": true}},
	}
	for _, step := range setup {
		if err := p.call(ctx, step.method, step.params, nil); err != nil {
			p.Close()
			return nil, err
		}
	}
	return p, nil
}

func (p *Page) call(ctx context.Context, method string, params, result any) error {
	return p.b.call(ctx, p.sessionID, method, params, result)
}

// Call sends a DevTools protocol command to the page's session and decodes
// its result into result (if not nil), for what this package has no
// method of its own for: cmd/phonebench throttles the network and the CPU
// with it (Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate).
func (p *Page) Call(ctx context.Context, method string, params, result any) error {
	return p.call(ctx, method, params, result)
}

// Navigate loads url and waits for its load event (images, scripts and
// style sheets done). A URL that cannot be loaded at all is an error; an
// HTTP error status is not.
func (p *Page) Navigate(ctx context.Context, url string) error {
	loaded := make(chan struct{})
	p.mu.Lock()
	p.loaded = loaded
	p.mu.Unlock()
	var nav struct {
		LoaderID  string `json:"loaderId"`
		ErrorText string `json:"errorText"`
	}
	if err := p.call(ctx, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return err
	}
	if nav.ErrorText != "" {
		return fmt.Errorf("browser: navigate %s: %s", url, nav.ErrorText)
	}
	if nav.LoaderID == "" {
		return nil // same-document navigation (#fragment): there is no load event
	}
	select {
	case <-loaded:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("browser: navigate %s: waiting for load: %w", url, ctx.Err())
	case <-p.b.readDone:
		return fmt.Errorf("browser: navigate %s: %w", url, p.b.exitError())
	}
}

// Eval evaluates the JavaScript expression js in the page, awaits it if it
// is a promise, and decodes its JSON value into out (if not nil). A thrown
// exception is an error.
func (p *Page) Eval(ctx context.Context, js string, out any) error {
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *exceptionDetails `json:"exceptionDetails"`
	}
	err := p.call(ctx, "Runtime.evaluate", map[string]any{
		"expression": js, "returnByValue": true, "awaitPromise": true}, &res)
	if err != nil {
		return err
	}
	if res.ExceptionDetails != nil {
		return fmt.Errorf("browser: eval %q: %s", js, res.ExceptionDetails.text())
	}
	if out == nil || len(res.Result.Value) == 0 {
		return nil // undefined has no value
	}
	if err := json.Unmarshal(res.Result.Value, out); err != nil {
		return fmt.Errorf("browser: eval %q: %w", js, err)
	}
	return nil
}

// WaitFor evaluates js every 50 ms until it is truthy or ctx is done.
func (p *Page) WaitFor(ctx context.Context, js string) error {
	var lastErr error
	for {
		var ok bool
		err := p.Eval(ctx, "Boolean("+js+"\n)", &ok)
		if err == nil && ok {
			return nil
		}
		if err != nil {
			lastErr = err
		}
		select {
		case <-ctx.Done():
			if lastErr != nil {
				return fmt.Errorf("browser: wait for %q: %w (last error: %v)", js, ctx.Err(), lastErr)
			}
			return fmt.Errorf("browser: wait for %q: %w", js, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Screenshot returns a PNG of the viewport, or of the whole page if
// fullPage.
func (p *Page) Screenshot(ctx context.Context, fullPage bool) ([]byte, error) {
	params := map[string]any{"format": "png"}
	if fullPage {
		var metrics struct {
			Content struct{ Width, Height float64 } `json:"cssContentSize"`
		}
		if err := p.call(ctx, "Page.getLayoutMetrics", nil, &metrics); err != nil {
			return nil, err
		}
		params["captureBeyondViewport"] = true
		params["clip"] = map[string]any{"x": 0, "y": 0, "scale": 1,
			"width": math.Ceil(metrics.Content.Width), "height": math.Ceil(metrics.Content.Height)}
	}
	return p.callForData(ctx, "Page.captureScreenshot", params)
}

// PDFOptions are the choices for [Page.PrintPDF]. Paper is A4 unless the
// page's CSS @page rule sets a size; backgrounds are printed.
type PDFOptions struct {
	Landscape   bool
	PageNumbers bool // "n / total" centred in the footer
}

// PrintPDF prints the page as the print media type sees it.
func (p *Page) PrintPDF(ctx context.Context, opts PDFOptions) ([]byte, error) {
	const cm = 1 / 2.54 // the protocol measures in inches
	params := map[string]any{
		"paperWidth": 21.0 * cm, "paperHeight": 29.7 * cm, "landscape": opts.Landscape,
		"marginTop": 1.5 * cm, "marginBottom": 1.5 * cm, "marginLeft": 1.5 * cm, "marginRight": 1.5 * cm,
		"printBackground": true, "preferCSSPageSize": true,
	}
	if opts.PageNumbers {
		params["displayHeaderFooter"] = true
		params["headerTemplate"] = "<span></span>"
		params["footerTemplate"] = `<div style="width:100%;text-align:center;font-size:9px;color:#555">` +
			`<span class="pageNumber"></span> / <span class="totalPages"></span></div>`
	}
	return p.callForData(ctx, "Page.printToPDF", params)
}

func (p *Page) callForData(ctx context.Context, method string, params any) ([]byte, error) {
	var res struct {
		Data string `json:"data"`
	}
	if err := p.call(ctx, method, params, &res); err != nil {
		return nil, err
	}
	data, err := base64.StdEncoding.DecodeString(res.Data)
	if err != nil {
		return nil, fmt.Errorf("browser: %s: %w", method, err)
	}
	return data, nil
}

// Console returns the errors and warnings recorded so far, in order.
func (p *Page) Console() []Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Message(nil), p.console...)
}

// Requests returns every URL the page requested so far, in order,
// including the documents it navigated to, failed requests and redirects.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// keyCodes are the Windows virtual key codes of the keys Press knows;
// Chromium needs them for a key to do what it does (Tab moves the focus).
var keyCodes = map[string]int{"Tab": 9, "Enter": 13, "Escape": 27, " ": 32, "End": 35, "Home": 36,
	"ArrowLeft": 37, "ArrowUp": 38, "ArrowRight": 39, "ArrowDown": 40}

// Press presses and releases a key as a keyboard would, in the element
// that has the focus: "Tab", "Enter", "Escape", " ", "Home", "End" or an
// arrow ("ArrowLeft" …).
func (p *Page) Press(ctx context.Context, key string) error {
	code, ok := keyCodes[key]
	if !ok {
		return fmt.Errorf("browser: press %q: not a key Press knows", key)
	}
	for _, typ := range []string{"rawKeyDown", "keyUp"} {
		ev := map[string]any{"type": typ, "key": key, "code": key, "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code}
		switch key {
		case " ":
			ev["code"] = "Space"
		case "Enter":
			if typ == "rawKeyDown" {
				ev["type"], ev["text"] = "keyDown", "\r"
			}
		}
		if err := p.call(ctx, "Input.dispatchKeyEvent", ev, nil); err != nil {
			return err
		}
	}
	return nil
}

// SetTextSize sets the browser's default font size to percent of its usual
// 16 px, as a reader's "text size" setting does (Page.setFontSizes): pages
// that size their text in rem and em grow with it, and so do media
// queries in em. Call it before Navigate.
func (p *Page) SetTextSize(ctx context.Context, percent int) error {
	return p.call(ctx, "Page.setFontSizes", map[string]any{"fontSizes": map[string]any{
		"standard": 16 * percent / 100, "fixed": 13 * percent / 100}}, nil)
}

// OnNewDocument evaluates js in every document the page loads from now on,
// before the document's own scripts (Page.addScriptToEvaluateOnNewDocument).
func (p *Page) OnNewDocument(ctx context.Context, js string) error {
	return p.call(ctx, "Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": js}, nil)
}

// Transfers returns the responses received in full so far, in the order
// they finished, and how many requests are still under way.
func (p *Page) Transfers() (done []Transfer, pending int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Transfer(nil), p.transfers...), len(p.inflight)
}

// Close closes the tab. The Browser stays open.
func (p *Page) Close() error {
	p.b.mu.Lock()
	delete(p.b.sessions, p.sessionID)
	p.b.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return p.b.call(ctx, "", "Target.closeTarget", map[string]any{"targetId": p.targetID}, nil)
}

type exceptionDetails struct {
	Text         string `json:"text"`
	URL          string `json:"url"`
	LineNumber   int    `json:"lineNumber"` // 0-based
	ColumnNumber int    `json:"columnNumber"`
	Exception    *struct {
		Description string `json:"description"`
	} `json:"exception"`
}

func (d *exceptionDetails) text() string {
	if d.Exception != nil && d.Exception.Description != "" {
		return d.Exception.Description
	}
	return d.Text
}

type remoteObject struct {
	Type        string          `json:"type"`
	Value       json.RawMessage `json:"value"`
	Description string          `json:"description"`
}

func (o remoteObject) String() string {
	var s string
	switch {
	case o.Type == "string" && json.Unmarshal(o.Value, &s) == nil:
		return s
	case o.Description != "":
		return o.Description
	case len(o.Value) > 0:
		return string(o.Value)
	}
	return o.Type
}

// handleEvent runs on the reader goroutine: it must not block or call the
// browser.
func (p *Page) handleEvent(method string, params json.RawMessage) {
	var msg *Message
	switch method {
	case "Page.loadEventFired":
		p.mu.Lock()
		if p.loaded != nil {
			close(p.loaded)
			p.loaded = nil
		}
		p.mu.Unlock()
	case "Network.requestWillBeSent":
		var ev struct {
			RequestID string  `json:"requestId"`
			Timestamp float64 `json:"timestamp"`
			Request   struct {
				URL string `json:"url"`
			} `json:"request"`
		}
		if json.Unmarshal(params, &ev) == nil {
			p.mu.Lock()
			p.requests = append(p.requests, ev.Request.URL)
			if p.inflight == nil {
				p.inflight = map[string]Transfer{}
			}
			p.inflight[ev.RequestID] = Transfer{URL: ev.Request.URL, Start: ev.Timestamp}
			p.mu.Unlock()
		}
	case "Network.loadingFinished":
		var ev struct {
			RequestID         string  `json:"requestId"`
			Timestamp         float64 `json:"timestamp"`
			EncodedDataLength float64 `json:"encodedDataLength"`
		}
		if json.Unmarshal(params, &ev) == nil {
			p.mu.Lock()
			t := p.inflight[ev.RequestID]
			t.Bytes, t.At = int64(ev.EncodedDataLength), ev.Timestamp
			p.transfers = append(p.transfers, t)
			delete(p.inflight, ev.RequestID)
			p.mu.Unlock()
		}
	case "Network.loadingFailed":
		var ev struct {
			RequestID string `json:"requestId"`
		}
		if json.Unmarshal(params, &ev) == nil {
			p.mu.Lock()
			delete(p.inflight, ev.RequestID)
			p.mu.Unlock()
		}
	case "Runtime.consoleAPICalled":
		var ev struct {
			Type       string         `json:"type"`
			Args       []remoteObject `json:"args"`
			StackTrace *struct {
				CallFrames []struct {
					URL        string `json:"url"`
					LineNumber int    `json:"lineNumber"` // 0-based
				} `json:"callFrames"`
			} `json:"stackTrace"`
		}
		if json.Unmarshal(params, &ev) != nil {
			return
		}
		level := map[string]string{"error": "error", "assert": "error", "warning": "warning"}[ev.Type]
		if level == "" {
			return
		}
		texts := make([]string, len(ev.Args))
		for i, arg := range ev.Args {
			texts[i] = arg.String()
		}
		msg = &Message{Source: "console", Level: level, Text: strings.Join(texts, " ")}
		if ev.StackTrace != nil && len(ev.StackTrace.CallFrames) > 0 {
			msg.URL = ev.StackTrace.CallFrames[0].URL
			msg.Line = ev.StackTrace.CallFrames[0].LineNumber + 1
		}
	case "Runtime.exceptionThrown":
		var ev struct {
			Details exceptionDetails `json:"exceptionDetails"`
		}
		if json.Unmarshal(params, &ev) != nil {
			return
		}
		msg = &Message{Source: "exception", Level: "error", Text: ev.Details.text(),
			URL: ev.Details.URL, Line: ev.Details.LineNumber + 1}
	case "Log.entryAdded":
		var ev struct {
			Entry struct {
				Level      string `json:"level"`
				Text       string `json:"text"`
				URL        string `json:"url"`
				LineNumber *int   `json:"lineNumber"` // 0-based
			} `json:"entry"`
		}
		if json.Unmarshal(params, &ev) != nil || ev.Entry.Level != "error" {
			return
		}
		msg = &Message{Source: "log", Level: "error", Text: ev.Entry.Text, URL: ev.Entry.URL}
		if ev.Entry.LineNumber != nil {
			msg.Line = *ev.Entry.LineNumber + 1
		}
	case "Inspector.targetCrashed":
		msg = &Message{Source: "browser", Level: "error", Text: "page crashed"}
	}
	if msg != nil {
		if msg.URL == "" {
			msg.Line = 0
		}
		p.mu.Lock()
		p.console = append(p.console, *msg)
		p.mu.Unlock()
	}
}
