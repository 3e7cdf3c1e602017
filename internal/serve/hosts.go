package serve

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
)

// hostPolicy says which Host headers serve answers. A page on any web site
// can make a colleague's browser fetch http://127.0.0.1:1313/ under a name
// of its own that it points at 127.0.0.1 (DNS rebinding), and then read
// the answer as its own: the draft site and its problems. Such a request
// names the attacker's host, so only the names the server is bound to are
// answered: localhost, 127.0.0.1, [::1] and the host of -addr. A server
// listening on every interface (0.0.0.0, ::, or no host) is reached under
// whatever names the network gives the computer, and answers them all.
type hostPolicy struct {
	any     bool            // -addr is a wildcard
	allowed map[string]bool // host names, lower case, without brackets or port

	mu     sync.Mutex
	logged map[string]bool // refused hosts already logged
}

func newHostPolicy(addr string) *hostPolicy {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = normHost(host)
	p := &hostPolicy{
		allowed: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true},
		logged:  map[string]bool{},
	}
	if isWildcard(host) {
		p.any = true
	} else {
		p.allowed[host] = true
	}
	return p
}

// isWildcard reports a listen host that means every interface.
func isWildcard(host string) bool {
	if host == "" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsUnspecified()
}

// normHost is a host name as the policy compares it: lower case, without
// brackets, a port or a final dot.
func normHost(host string) string {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// allows reports whether a request's Host header names this server.
func (p *hostPolicy) allows(hostHeader string) bool {
	if p.any {
		return true
	}
	host, _, err := net.SplitHostPort(hostHeader)
	if err != nil {
		host = hostHeader // no port
	}
	return hostHeader != "" && p.allowed[normHost(host)]
}

// refuse answers a request for another host, and logs the first few of
// each name: a colleague reaching the computer by its name should learn
// what to do.
func (p *hostPolicy) refuse(w http.ResponseWriter, r *http.Request, log func(format string, args ...any)) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintf(w, "townpress serve answers only requests for %s; this one was for %q.\n"+
		"To let other computers open the site, serve with -addr 0.0.0.0:PORT (on a network you trust).\n", p.names(), r.Host)
	p.mu.Lock()
	first := !p.logged[r.Host] && len(p.logged) < 20
	p.logged[r.Host] = true
	p.mu.Unlock()
	if first {
		log("refused a request for host %q: serve answers only %s (to let other computers look, use -addr 0.0.0.0:PORT)\n", r.Host, p.names())
	}
}

func (p *hostPolicy) names() string {
	names := []string{"localhost", "127.0.0.1", "[::1]"}
	for h := range p.allowed {
		switch {
		case h == "localhost" || h == "127.0.0.1" || h == "::1":
		case strings.Contains(h, ":"):
			names = append(names, "["+h+"]")
		default:
			names = append(names, h)
		}
	}
	return strings.Join(names, ", ")
}
