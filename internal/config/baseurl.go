package config

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/townpress/townpress/internal/diag"
)

// baseURLExample ends the messages about a base URL: what a good one is.
var baseURLExample = diag.T("expected an address such as https://towns.example.gov.cn/ or https://www.example.gov.cn/towns/",
	"应为网址，如 https://towns.example.gov.cn/ 或 https://www.example.gov.cn/towns/")

// baseURLError is a *LangError saying what is wrong with a base URL.
func baseURLError(m diag.Message, args ...any) error { return &LangError{m.Text(args...)} }

// CleanBaseURL checks an absolute URL a site is published at (site.base_url
// or build's -base-url) and returns it without its trailing slashes, the
// form the pages join their paths to. The base URL goes verbatim into
// robots.txt, sitemap.xml, canonical links and the links of 404.html, so
// anything that could end a line, an attribute or an XML element, or make
// the address something other than a web page, is refused rather than
// escaped: an http(s) address with a host, no user name, query or fragment,
// and no control characters, spaces or quotes. A path outside ASCII comes
// back percent-encoded, as sitemaps require. The error is a *LangError
// whose text starts with the quoted value, for the caller to put after
// the key or the flag.
func CleanBaseURL(raw string) (string, error) {
	for _, r := range raw {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return "", baseURLError(diag.M("%q holds the control character %U, which an address cannot hold (%s)", "%q 含有控制字符 %U，网址中不能有（%s）"), raw, r, baseURLExample)
		case unicode.IsSpace(r):
			return "", baseURLError(diag.M("%q has a space in it, which an address cannot hold (%s)", "%q 中有空格，网址中不能有（%s）"), raw, baseURLExample)
		case strings.ContainsRune("\"'`", r):
			return "", baseURLError(diag.M("%q has a quote (%c) in it, which an address cannot hold (%s)", "%q 中有引号（%c），网址中不能有（%s）"), raw, r, baseURLExample)
		case strings.ContainsRune(`<>\{}|^`, r):
			return "", baseURLError(diag.M("%q has the character %c in it, which an address cannot hold unescaped (%s)", "%q 中有字符 %c，网址中不能直接出现（%s）"), raw, r, baseURLExample)
		case unicode.Is(unicode.Cf, r):
			return "", baseURLError(diag.M("%q holds the invisible character %U (%s)", "%q 含有不可见字符 %U（%s）"), raw, r, baseURLExample)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return "", baseURLError(diag.M("%q is not an address: %v (%s)", "%q 不是网址：%v（%s）"), raw, err, baseURLExample)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", baseURLError(diag.M("%q must start with http:// or https:// (%s)", "%q 必须以 http:// 或 https:// 开头（%s）"), raw, baseURLExample)
	case u.Opaque != "" || !strings.HasPrefix(raw[len(u.Scheme)+1:], "//"):
		return "", baseURLError(diag.M("%q must start with %s:// and the host name (%s)", "%q 必须以 %s:// 加主机名开头（%s）"), raw, u.Scheme, baseURLExample)
	case u.User != nil:
		return "", baseURLError(diag.M("%q holds a user name or password (the part before @); publish the site at an address without one (%s)", "%q 含有用户名或密码（@ 之前的部分）；请用不含用户名和密码的网址发布站点（%s）"), raw, baseURLExample)
	case u.Hostname() == "":
		return "", baseURLError(diag.M("%q has no host name (%s)", "%q 没有主机名（%s）"), raw, baseURLExample)
	case u.RawQuery != "" || u.ForceQuery:
		return "", baseURLError(diag.M("%q has a query (the part from ?); the pages' paths are added to the base URL, so it must end with its path (%s)", "%q 含有查询部分（? 及其后）；页面的路径接在基础网址之后，所以网址须以路径结尾（%s）"), raw, baseURLExample)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "", baseURLError(diag.M("%q has a fragment (the part from #); the pages' paths are added to the base URL, so it must end with its path (%s)", "%q 含有片段部分（# 及其后）；页面的路径接在基础网址之后，所以网址须以路径结尾（%s）"), raw, baseURLExample)
	}
	for _, r := range u.Hostname() {
		if r >= 0x80 {
			return "", baseURLError(diag.M("%q has a host name outside ASCII; write it in its xn-- form (the browser's address bar shows it, e.g. https://xn--fiqs8s.example/)", "%q 的主机名含有 ASCII 以外的字符；请写成 xn-- 形式（浏览器地址栏里显示的就是，如 https://xn--fiqs8s.example/）"), raw)
		}
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", baseURLError(diag.M("%q has the port %s, which is not a port number from 1 to 65535 (%s)", "%q 的端口 %s 不是 1 至 65535 之间的端口号（%s）"), raw, p, baseURLExample)
		}
	}
	return strings.TrimRight(u.String(), "/"), nil
}
