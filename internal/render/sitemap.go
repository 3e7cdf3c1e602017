package render

import (
	"bytes"
	"fmt"
	"strings"
)

// maxSitemapURLs is the sitemap protocol's limit on one file.
const maxSitemapURLs = 50000

// Sitemaps are sitemap.xml, or, for a site of more pages than one sitemap
// may list, sitemap.xml as an index of sitemap-1.xml, sitemap-2.xml, …:
// every page of pages that search engines should list (Kind.Indexed), at
// the address of its canonical link when the site's base URL is set.
func (r *Renderer) Sitemaps(pages []*Page) map[string][]byte {
	baseURL := r.Site.Config.Site.BaseURL
	var listed []*Page
	for _, p := range pages {
		if p.Kind.Indexed() {
			listed = append(listed, p)
		}
	}
	if len(listed) <= maxSitemapURLs {
		return map[string][]byte{"sitemap.xml": sitemap(baseURL, listed)}
	}
	out := map[string][]byte{}
	var index bytes.Buffer
	index.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	index.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for n := 0; n*maxSitemapURLs < len(listed); n++ {
		name := fmt.Sprintf("sitemap-%d.xml", n+1)
		out[name] = sitemap(baseURL, listed[n*maxSitemapURLs:min((n+1)*maxSitemapURLs, len(listed))])
		loc := name
		if baseURL != "" {
			loc = baseURL + "/" + name
		}
		fmt.Fprintf(&index, "  <sitemap><loc>%s</loc></sitemap>\n", xmlEscape(loc))
	}
	index.WriteString("</sitemapindex>\n")
	out["sitemap.xml"] = index.Bytes()
	return out
}

func sitemap(baseURL string, pages []*Page) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range pages {
		if !p.Kind.Indexed() {
			continue // 404 and search results are not content
		}
		loc := p.FullPath()
		if baseURL != "" {
			// The same address as the page's canonical link.
			loc = baseURL + "/" + strings.TrimSuffix(loc, "index.html")
		}
		fmt.Fprintf(&b, "  <url><loc>%s</loc></url>\n", xmlEscape(loc))
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// Robots is robots.txt: every page may be crawled, and the sitemap is
// named when the base URL is known.
func (r *Renderer) Robots() []byte {
	s := "User-agent: *\nAllow: /\n"
	if baseURL := r.Site.Config.Site.BaseURL; baseURL != "" {
		s += "Sitemap: " + baseURL + "/sitemap.xml\n"
	}
	return []byte(s)
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
