package config

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// baseURLExample ends the messages about a base URL: what a good one is.
const baseURLExample = "expected an address such as https://towns.example.gov.cn/ or https://www.example.gov.cn/towns/"

// CleanBaseURL checks an absolute URL a site is published at (site.base_url
// or build's -base-url) and returns it without its trailing slashes, the
// form the pages join their paths to. The base URL goes verbatim into
// robots.txt, sitemap.xml, canonical links and the links of 404.html, so
// anything that could end a line, an attribute or an XML element, or make
// the address something other than a web page, is refused rather than
// escaped: an http(s) address with a host, no user name, query or fragment,
// and no control characters, spaces or quotes. A path outside ASCII comes
// back percent-encoded, as sitemaps require. The error's text starts with
// the quoted value, for the caller to put after the key or the flag.
func CleanBaseURL(raw string) (string, error) {
	for _, r := range raw {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return "", fmt.Errorf("%q holds the control character %U, which an address cannot hold (%s)", raw, r, baseURLExample)
		case unicode.IsSpace(r):
			return "", fmt.Errorf("%q has a space in it, which an address cannot hold (%s)", raw, baseURLExample)
		case strings.ContainsRune("\"'`", r):
			return "", fmt.Errorf("%q has a quote (%c) in it, which an address cannot hold (%s)", raw, r, baseURLExample)
		case strings.ContainsRune(`<>\{}|^`, r):
			return "", fmt.Errorf("%q has the character %c in it, which an address cannot hold unescaped (%s)", raw, r, baseURLExample)
		case unicode.Is(unicode.Cf, r):
			return "", fmt.Errorf("%q holds the invisible character %U (%s)", raw, r, baseURLExample)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return "", fmt.Errorf("%q is not an address: %v (%s)", raw, err, baseURLExample)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("%q must start with http:// or https:// (%s)", raw, baseURLExample)
	case u.Opaque != "" || !strings.HasPrefix(raw[len(u.Scheme)+1:], "//"):
		return "", fmt.Errorf("%q must start with %s:// and the host name (%s)", raw, u.Scheme, baseURLExample)
	case u.User != nil:
		return "", fmt.Errorf("%q holds a user name or password (the part before @); publish the site at an address without one (%s)", raw, baseURLExample)
	case u.Hostname() == "":
		return "", fmt.Errorf("%q has no host name (%s)", raw, baseURLExample)
	case u.RawQuery != "" || u.ForceQuery:
		return "", fmt.Errorf("%q has a query (the part from ?); the pages' paths are added to the base URL, so it must end with its path (%s)", raw, baseURLExample)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "", fmt.Errorf("%q has a fragment (the part from #); the pages' paths are added to the base URL, so it must end with its path (%s)", raw, baseURLExample)
	}
	for _, r := range u.Hostname() {
		if r >= 0x80 {
			return "", fmt.Errorf("%q has a host name outside ASCII; write it in its xn-- form (the browser's address bar shows it, e.g. https://xn--fiqs8s.example/)", raw)
		}
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("%q has the port %s, which is not a port number from 1 to 65535 (%s)", raw, p, baseURLExample)
		}
	}
	return strings.TrimRight(u.String(), "/"), nil
}
