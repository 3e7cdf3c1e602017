package render

// The fragments (fragments.go) write text and links into HTML exactly as
// html/template would: a template action costs a reflective call or three,
// and a town page has hundreds of table cells. Exactly, so that a page
// reads the same whichever wrote it; escape_test.go holds them to
// html/template itself.

import (
	"strings"
)

// escapeText writes s as html/template writes a string between tags or inside a
// quoted attribute value: ", ', &, +, < and > as entities, NUL as U+FFFD.
// Most of what it writes (figures, years, names) has none of them: a
// table finds the first byte to escape, and a string without one is
// written whole.
func escapeText(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if !textEscaped[s[i]] {
			continue
		}
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// textEscaped are the bytes escapeText escapes.
var textEscaped = [256]bool{0: true, '"': true, '&': true, '\'': true, '+': true, '<': true, '>': true}

// escapeURL writes s as html/template writes a string that is a whole quoted
// href or src value: a link with a scheme other than http, https or mailto
// becomes "#ZgotmplZ", bytes that may not stand in a URL are
// percent-encoded (valid escapes kept), and the result is escaped as escapeText.
func escapeURL(b *strings.Builder, s string) {
	if !safeScheme(s) {
		b.WriteString("#ZgotmplZ")
		return
	}
	var n strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if written == 0 {
			n.Grow(len(s) + 8)
		}
		n.WriteString(s[written:i])
		n.WriteByte('%')
		n.WriteByte("0123456789abcdef"[c>>4])
		n.WriteByte("0123456789abcdef"[c&15])
		written = i + 1
	}
	if written == 0 {
		escapeText(b, s)
		return
	}
	n.WriteString(s[written:])
	escapeText(b, n.String())
}

// safeScheme is html/template's urlFilter: relative links pass, and
// absolute ones with a safe scheme.
func safeScheme(s string) bool {
	protocol, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(protocol, "/") {
		return true
	}
	switch strings.ToLower(protocol) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
