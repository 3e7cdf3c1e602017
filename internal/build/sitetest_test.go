package build

import (
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/sitetest"
)

// buildSite is Build as a sitetest.Builder.
func buildSite(config, out string) error {
	_, err := Build(Options{Config: config, Out: out})
	return err
}

// TestSiteOverridesFromArchive builds testdata/sites/overrides.txtar: the
// site's own footer is on every page in both languages, its own string only
// in Chinese, the default layouts do the rest, and the report's Markdown
// reaches the report page, its raw HTML left out.
func TestSiteOverridesFromArchive(t *testing.T) {
	s := sitetest.Load(t, "testdata/sites/overrides.txtar").Build(buildSite)
	pages := 0
	for name := range s.Files("public") {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		page := "public/" + name
		s.Contains(page, `<footer class="own">OWN FOOTER</footer>`)
		s.NotContains(page, `class="site-footer"`)
		if strings.HasPrefix(name, "en/") {
			s.NotContains(page, "门户首页")
		}
	}
	if pages < 20 {
		t.Errorf("%d pages", pages)
	}
	s.Contains("public/index.html", "门户首页", `class="tier-cards"`)
	s.Contains("public/en/index.html", ">Home<")
	s.Contains("public/reports/2024/index.html", "<strong>稳步增长</strong>", "<!-- raw HTML omitted -->alert(1)")
	s.NotContains("public/reports/2024/index.html", "<script>alert(1)")
	s.Exists("public/towns/vinegar/index.html", "public/en/reports/2024/index.html")
}
