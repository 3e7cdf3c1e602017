package build

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

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

// TestFootnotesInEnglish builds testdata/sites/notes.txtar: a footnote
// given in English (注（英文）) is shown in English on the English pages and
// in the English report workbook, and one given only in Chinese is shown
// there in Chinese, in an element marked lang="zh-CN" after "(in
// Chinese)", never passed off as English; the Chinese pages show the
// Chinese of both, unlabelled.
func TestFootnotesInEnglish(t *testing.T) {
	s := sitetest.Load(t, "testdata/sites/notes.txtar").Build(buildSite)
	const (
		given = "Includes enterprises that started production in the year."
		zh    = "根据经济普查结果修订。"
	)
	for _, page := range []string{"public/en/towns/vinegar/index.html", "public/en/indicators/output/index.html"} {
		s.Contains(page, given)
		s.NotContains(page, "含新投产企业")
	}
	for _, page := range []string{"public/en/towns/motor/index.html", "public/en/indicators/output/index.html"} {
		s.Contains(page, `(in Chinese) <span lang="zh-CN">`+zh+`</span>`)
		// Every time after the label: in its span in the markup, as text
		// in the chart's tooltips (JSON).
		html := s.Read(page)
		if n, labelled := strings.Count(html, zh), strings.Count(html, `(in Chinese) <span lang="zh-CN">`+zh)+strings.Count(html, "(in Chinese) "+zh); n != labelled {
			t.Errorf("%s: %d of the %d times the Chinese note is shown, it is not said to be Chinese", page, n-labelled, n)
		}
	}
	for _, page := range []string{"public/towns/vinegar/index.html", "public/towns/motor/index.html"} {
		s.NotContains(page, given, "(in Chinese)", "（中文）", `lang="zh-CN">`+zh)
	}
	s.Contains("public/towns/vinegar/index.html", "含新投产企业。")
	s.Contains("public/towns/motor/index.html", zh)
	// The English report workbook says the same, as text.
	en := workbookText(t, s.Path("public/en/downloads/report-2024.xlsx"))
	if !strings.Contains(en, given) || !strings.Contains(en, "(in Chinese) "+zh) || strings.Contains(en, "含新投产企业") {
		t.Errorf("the English report workbook's notes:\n%s", en)
	}
}

// workbookText is every cell's text of the workbook at path, a line a
// row.
func workbookText(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			b.WriteString(strings.Join(row, "|") + "\n")
		}
	}
	return b.String()
}
