package config

import (
	"strconv"
	"strings"
	"testing"
)

// A base URL goes verbatim into robots.txt, sitemap.xml and the links of
// 404.html: whatever could end a line or an attribute, or make it anything
// but a web address, is an error at its line.
func TestBaseURLIsAWebAddress(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{"https://x.cn/\nDisallow: /", `holds the control character U+000A`},
		{"https://x.cn/\rDisallow: /", `holds the control character U+000D`},
		{"https://x.cn/\x00", `holds the control character U+0000`},
		{`https://x.cn/"onmouseover="alert(1)`, `has a quote (") in it`},
		{`https://x.cn/'x`, `has a quote (') in it`},
		{"https://x.cn/a b", `has a space in it`},
		{"https://x.cn/\u3000", `has a space in it`},
		{"https://x.cn/\u202e", `holds the invisible character U+202E`},
		{"https://x.cn/<script>", `has the character < in it`},
		{`https://x.cn\@evil.cn`, `has the character \ in it`},
		{"javascript:alert(1)", `"javascript:alert(1)" must start with http:// or https://`},
		{"JavaScript://x.cn/%0aalert(1)", `must start with http:// or https://`},
		{"ftp://x.cn/", `must start with http:// or https://`},
		{"data:text/html,x", `must start with http:// or https://`},
		{"//x.cn/", `must start with http:// or https://`},
		{"x.cn", `must start with http:// or https://`},
		{"http:x.cn", `must start with http:// and the host name`},
		{"https:/x.cn/towns", `must start with https:// and the host name`},
		{"https://", `has no host name`},
		{"https://:8080/", `has no host name`},
		{"https://user:secret@x.cn/", `holds a user name or password`},
		{"https://evil.cn@x.cn/", `holds a user name or password`},
		{"https://x.cn/?a=1", `has a query`},
		{"https://x.cn/?", `has a query`},
		{"https://x.cn/#top", `has a fragment`},
		{"https://x.cn/#", `has a fragment`},
		{"https://x.cn:99999/", `has the port 99999`},
		{"https://x.cn:abc/", `is not an address: invalid port`},
		{"https://x.cn/%zz", `is not an address: invalid URL escape`},
		{"https://中国.cn/", `has a host name outside ASCII; write it in its xn-- form`},
	} {
		t.Run(c.value, func(t *testing.T) {
			raw := strings.Replace(base, `title = "测试"`, `title = "测试"`+"\nbase_url = "+strconv.Quote(c.value), 1)
			_, problems, err := Parse("config.toml", []byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			prefix := "config.toml:3: site.base_url: " + strconv.Quote(c.value)
			if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), prefix) || !strings.Contains(problems[0].String(), c.want) {
				t.Errorf("problems:\n%v\nwant %s…%s", problems, prefix, c.want)
			}
		})
	}
}

func TestBaseURLGood(t *testing.T) {
	for value, want := range map[string]string{
		"https://towns.example.gov.cn/":      "https://towns.example.gov.cn",
		"http://10.0.0.5:8080/towns//":       "http://10.0.0.5:8080/towns",
		"HTTPS://X.cn/Towns/":                "https://X.cn/Towns",
		"https://[::1]:1313/":                "https://[::1]:1313",
		"https://xn--fiqs8s.cn/专业镇/":         "https://xn--fiqs8s.cn/%E4%B8%93%E4%B8%9A%E9%95%87",
		"https://x.cn/a%20b/":                "https://x.cn/a%20b",
		"https://x.cn/~team/(2024)/reports/": "https://x.cn/~team/(2024)/reports",
	} {
		raw := strings.Replace(base, `title = "测试"`, `title = "测试"`+"\nbase_url = "+strconv.Quote(value), 1)
		cfg, problems, err := Parse("config.toml", []byte(raw))
		if err != nil || len(problems) > 0 {
			t.Errorf("%s: %v %v", value, err, problems)
			continue
		}
		if cfg.Site.BaseURL != want {
			t.Errorf("%s: base URL %q, want %q", value, cfg.Site.BaseURL, want)
		}
	}
}
