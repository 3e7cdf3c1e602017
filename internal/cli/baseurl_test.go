package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/starter"
)

// -base-url is checked as site.base_url is, before anything is built: a
// line break would add a line to robots.txt, a quote would end an attribute
// of 404.html.
func TestBaseURLFlag(t *testing.T) {
	dir := t.TempDir()
	if _, err := starter.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	for value, want := range map[string]string{
		"https://x.cn/\nDisallow: /": `townpress build: -base-url: "https://x.cn/\nDisallow: /" holds the control character U+000A`,
		`https://x.cn/"><b>`:         `townpress build: -base-url: "https://x.cn/\"><b>" has a quote (") in it`,
		"javascript:alert(1)":        `townpress build: -base-url: "javascript:alert(1)" must start with http:// or https://`,
		"https://a@x.cn":             `townpress build: -base-url: "https://a@x.cn" holds a user name or password`,
		"https://x.cn/#top":          `townpress build: -base-url: "https://x.cn/#top" has a fragment`,
	} {
		var stdout, stderr bytes.Buffer
		code := RunContext(context.Background(), []string{"build", "-quiet", "-lang", "en", "-config", filepath.Join(dir, "config.toml"), "-out", out, "-base-url", value}, &stdout, &stderr)
		if code != 2 || !strings.HasPrefix(stderr.String(), want) {
			t.Errorf("-base-url %q: exit %d, stderr:\n%s\nwant %s…", value, code, &stderr, want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("-base-url %q: something was built", value)
		}
	}
	// In the site's language, Chinese, without -lang.
	{
		var stdout, stderr bytes.Buffer
		code := RunContext(context.Background(), []string{"build", "-quiet", "-config", filepath.Join(dir, "config.toml"), "-out", out, "-base-url", "https://x.cn/#top"}, &stdout, &stderr)
		want := `townpress build: -base-url: "https://x.cn/#top" 含有片段部分（# 及其后）`
		if code != 2 || !strings.HasPrefix(stderr.String(), want) {
			t.Errorf("exit %d, stderr:\n%s\nwant %s…", code, &stderr, want)
		}
	}

	var stdout, stderr bytes.Buffer
	if code := RunContext(context.Background(), []string{"build", "-quiet", "-config", filepath.Join(dir, "config.toml"), "-out", out, "-base-url", "https://towns.example.gov.cn/sub/"}, &stdout, &stderr); code != 0 {
		t.Fatalf("a good -base-url: exit %d\n%s", code, &stderr)
	}
	robots, err := os.ReadFile(filepath.Join(out, "robots.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(robots), "Sitemap: https://towns.example.gov.cn/sub/sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", robots)
	}
}
