package serve

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// request gets path from the server with the Host header host.
func (s *site) request(t *testing.T, host, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// A page elsewhere can point a name of its own at 127.0.0.1 (DNS
// rebinding) and read what the colleague's browser fetches from serve.
// Such a request names that host, and is refused; pages, scripts and the
// event stream alike.
func TestServeAnswersOnlyItsOwnHostNames(t *testing.T) {
	s := start(t, newSite(t))
	port := s.url[strings.LastIndex(s.url, ":")+1 : len(s.url)-1]
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST.:" + port, "[::1]:" + port, "127.0.0.1", "localhost"} {
		if code, _ := s.request(t, host, "towns/sample-food/"); code != http.StatusOK {
			t.Errorf("Host %s: %d, want 200", host, code)
		}
	}
	for _, host := range []string{"evil.example:" + port, "evil.example", "127.0.0.1.evil.example:" + port, "localhost.evil.example", "0.0.0.0:" + port, "[::1]x"} {
		for _, path := range []string{"towns/sample-food/", "__townpress/events", "__townpress/reload.js", "assets/townpress.css", "no-such-page/"} {
			code, body := s.request(t, host, path)
			if code != http.StatusForbidden || strings.Contains(body, "sample-food") || strings.Contains(body, "event:") {
				t.Errorf("Host %s, %s: %d\n%s", host, path, code, body)
			}
		}
	}
	_, body := s.request(t, "evil.example", "")
	want := `townpress serve answers only requests for localhost, 127.0.0.1, [::1]; this one was for "evil.example".`
	if !strings.HasPrefix(body, want) {
		t.Errorf("refusal:\n%s\nwant %s", body, want)
	}
	if log := s.log.String(); strings.Count(log, `refused a request for host "evil.example:`+port+`"`) != 1 {
		t.Errorf("each refused host is logged once:\n%s", log)
	}
}

func TestHostPolicy(t *testing.T) {
	for _, c := range []struct {
		addr    string
		allowed []string
		refused []string
	}{
		{"127.0.0.1:1313", []string{"127.0.0.1:1313", "localhost", "[::1]:1313"}, []string{"evil.example", "192.168.1.5:1313", ""}},
		{"192.168.1.5:1313", []string{"192.168.1.5:1313", "localhost:1313"}, []string{"mypc.lan:1313", "evil.example"}},
		{"mypc.lan:1313", []string{"MyPC.lan:1313", "127.0.0.1:1313"}, []string{"evil.example:1313"}},
		{"[fe80::1]:1313", []string{"[fe80::1]:1313", "[FE80::1]"}, []string{"evil.example"}},
		{":1313", []string{"evil.example", "mypc.lan:1313", "192.168.1.5"}, nil},
		{"0.0.0.0:1313", []string{"evil.example"}, nil},
		{"[::]:1313", []string{"evil.example"}, nil},
	} {
		p := newHostPolicy(c.addr)
		for _, h := range c.allowed {
			if !p.allows(h) {
				t.Errorf("-addr %s refuses Host %q", c.addr, h)
			}
		}
		for _, h := range c.refused {
			if p.allows(h) {
				t.Errorf("-addr %s answers Host %q", c.addr, h)
			}
		}
	}
}

// Serving on every interface says so once, and gives an address a browser
// opens.
func TestServeOnAllInterfacesSaysSo(t *testing.T) {
	dir := newSite(t)
	log := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	srv := newServer(Options{Config: filepath.Join(dir, "config.toml"), Addr: "0.0.0.0:0", Log: log, Ready: func(url string) { ready <- url }})
	go func() { done <- srv.run(ctx) }()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, log)
	case <-time.After(30 * time.Second):
		t.Fatalf("serve not ready\n%s", log)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("URL %s, want one on 127.0.0.1", url)
	}
	port := url[len("http://127.0.0.1:") : len(url)-1]
	want := "listening on all network interfaces (-addr 0.0.0.0:0): anyone who can reach this computer can open the draft site, under any host name; -addr 127.0.0.1:" + port + " keeps it to this computer\nserving " + url + " (Ctrl-C to stop)\n"
	if !strings.Contains(log.String(), want) {
		t.Errorf("log:\n%s\nwant:\n%s", log, want)
	}
	req, _ := http.NewRequest("GET", url, nil)
	req.Host = "mypc.lan"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a colleague's Host: %d", resp.StatusCode)
	}
	cancel()
	<-done
}

// Every open tab holds a connection and a goroutine: past the cap a new
// event stream is refused with a clear answer, and a closed one frees its
// place.
func TestServeCapsEventStreams(t *testing.T) {
	s := start(t, newSite(t))
	var cancels []context.CancelFunc
	for range maxEventStreams {
		ctx, cancel := context.WithCancel(context.Background())
		cancels = append(cancels, cancel)
		req, _ := http.NewRequestWithContext(ctx, "GET", s.url+"__townpress/events", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("stream %d: %d", len(cancels), resp.StatusCode)
		}
		defer resp.Body.Close()
	}
	defer func() {
		for _, c := range cancels {
			c()
		}
	}()
	code, body := s.get(t, "__townpress/events")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "64 tabs are already listening for reloads, the most it serves; close some and reload this one") {
		t.Fatalf("one stream too many: %d %s", code, body)
	}
	if code, _ := s.get(t, "towns/sample-food/"); code != http.StatusOK {
		t.Errorf("pages past the cap: %d", code)
	}
	cancels[0]()
	deadline := time.Now().Add(10 * time.Second)
	for s.connected() >= maxEventStreams {
		if time.Now().After(deadline) {
			t.Fatal("a closed stream keeps its place")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, hello := s.events(t); hello.name != "build" {
		t.Errorf("a stream after one closed: %+v", hello)
	}
}
