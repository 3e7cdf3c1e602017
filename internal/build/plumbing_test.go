package build

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSitePlumbing builds with a base URL: the sitemap, robots.txt,
// canonical and Open Graph links are absolute, the 404 page links
// absolutely (hosts serve it at any depth), and the footer shows the
// government fields that are set and none that are not.
func TestSitePlumbing(t *testing.T) {
	dir := exploreSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Config: filepath.Join(dir, "config.toml"), Out: out, BaseURL: "https://towns.example.cn/portal/"}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	has := func(name string, wants ...string) {
		t.Helper()
		s := string(files[name])
		for _, w := range wants {
			if !strings.Contains(s, w) {
				t.Errorf("%s: missing %q", name, w)
			}
		}
	}
	hasNot := func(name string, bads ...string) {
		t.Helper()
		for _, b := range bads {
			if strings.Contains(string(files[name]), b) {
				t.Errorf("%s: should not contain %q", name, b)
			}
		}
	}
	const base = "https://towns.example.cn/portal/"
	has("sitemap.xml", "<loc>"+base+"</loc>", "<loc>"+base+"towns/qingxu-vinegar/</loc>", "<loc>"+base+"en/compare/</loc>")
	hasNot("sitemap.xml", "404", "search/", "index.html")
	has("robots.txt", "Sitemap: "+base+"sitemap.xml")
	has("towns/qingxu-vinegar/index.html",
		`<title>清徐老陈醋专业镇 - 测试门户</title>`,
		`<link rel="canonical" href="`+base+`towns/qingxu-vinegar/">`,
		`<meta property="og:url" content="`+base+`towns/qingxu-vinegar/">`,
		`<meta property="og:title" content="清徐老陈醋专业镇">`,
		`<meta property="og:locale" content="zh_CN">`,
		`<meta name="description" content="清徐老陈醋专业镇 · 省级 · 清徐县 · 老陈醋">`,
		`<html lang="zh-CN">`, `<link rel="alternate" hreflang="en" href="`+base+`en/towns/qingxu-vinegar/">`,
		`href="../../en/towns/qingxu-vinegar/index.html" hreflang="en" lang="en"`,
		// Links to the tier, the indicators, the comparison and the data notes.
		`href="../../tiers/provincial/index.html"`, `href="../../indicators/entities/index.html"`,
		`href="../../compare/index.html#towns=qingxu-vinegar"`, `id="about-h">关于数据</h2>`,
		"主办单位：测试主办单位", "网站标识码：1401000001")
	hasNot("towns/qingxu-vinegar/index.html", "ICP备案号", "公安备案号", "联系方式")
	has("en/towns/qingxu-vinegar/index.html", `<html lang="en">`, "<title>Qingxu Aged Vinegar Town - Test portal</title>",
		`<meta property="og:locale" content="en_US">`, "Organiser: Test organiser", "Site code: 1401000001",
		"Industrial output</a> (100 million yuan)")
	// Relative links would lead nowhere from /portal/x/y/missing; the 404
	// page links from the base URL, and stays out of search engines.
	has("404.html", `href="`+base+`assets/townpress.css"`, `href="`+base+`towns/qingxu-wine/index.html"`,
		`action="`+base+`search/index.html"`, `<meta name="robots" content="noindex">`)
	has("en/404.html", `href="`+base+`en/index.html"`)
	hasNot("404.html", `<link rel="canonical"`)
	// Every other page still links relatively.
	for name, b := range files {
		_, body, _ := strings.Cut(string(b), "<body")
		if strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, "404.html") && strings.Contains(body, `href="https:`) {
			t.Errorf("%s: an absolute link outside the head", name)
		}
	}
}
