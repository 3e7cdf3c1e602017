package render

import (
	"crypto/sha256"
	"fmt"
	"html/template"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/release"
	"github.com/townpress/townpress/internal/status"
	"github.com/townpress/townpress/layouts"
)

// releasedRenderer is the renderer of the test site released twice, as
// townpress release makes releases: 2024-p with the 2024 output
// provisional (the vinegar town's 24.1p), then 2024-r with it final and
// the vinegar town's revised (24.5). The site shows 2024-r.
func releasedRenderer(t *testing.T) *Renderer {
	t.Helper()
	dir := t.TempDir()
	publish := func(site *model.Site, stamp release.Stamp) {
		var problems diag.List
		store, problems := release.Open(os.DirFS(dir), "releases")
		a := release.Prepare(site, store, nil, true, &problems)
		downloads := map[string][]byte{}
		for _, name := range []string{"downloads/report-2024.xlsx", "en/downloads/report-2024.xlsx", "downloads/data.json", "downloads/towns/vinegar.csv"} {
			downloads[name] = []byte(stamp.ID + " " + name)
		}
		made, more := release.Make(stamp, a, downloads)
		if problems = append(problems, more...); problems.HasErrors() {
			t.Fatal(problems)
		}
		if _, err := release.Write(dir, "releases", stamp.ID, made.Files); err != nil {
			t.Fatal(err)
		}
	}
	publish(testEdition(t, "电机小镇", 24.1, status.Provisional), release.Stamp{ID: "2024-p", Date: "2025-03-31",
		Title: "2024年年报 初步数", TitleEn: "2024 report, preliminary", Note: "2024年为初步数。"})
	publish(testEdition(t, "电机小镇", 24.5, 0), release.Stamp{ID: "2024-r", Date: "2025-09-30", Title: "2024年年报 修订", TitleEn: "2024 report, revised",
		Reason: "correction", Note: "老陈醋专业镇工业产值经核实后修订。", NoteEn: "The vinegar town's output was revised."})

	// The build after the release: the same figures, read again.
	site := testEdition(t, "电机小镇", 24.5, 0)
	r, err := New(site, layouts.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	store, problems := release.Open(os.DirFS(dir), "releases")
	a := release.Prepare(site, store, nil, false, &problems)
	if problems.HasErrors() || a.Current == nil || a.Current.ID != "2024-r" {
		t.Fatalf("current %v: %v", a.Current, problems)
	}
	r.SetReleases(a)
	return r
}

func renderWith(t *testing.T, r *Renderer) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range r.Pages() {
		b, err := r.Render(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p.FullPath()] = string(b)
	}
	return out
}

// The pages of two releases: the list, each release's page with its
// revisions and downloads, the calendar, and what the other pages say of
// their release, in both languages.
func TestReleasePages(t *testing.T) {
	r := releasedRenderer(t)
	pages := renderWith(t, r)
	sum := func(id, name string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(id+" "+name))) }
	want := map[string][]string{
		"releases/index.html": {
			`<a href="../releases/2024-r/index.html">2024年年报 修订</a> <span class="badge">本站当前数据</span>`,
			`<time datetime="2025-09-30">2025年9月30日</time> · 更正 · <code>2024-r</code>`,
			`<a href="../releases/2024-r/index.html#revisions">3 个数字修订，2 个数字状态变化</a>`,
			`<a href="../releases/2024-p/index.html">2024年年报 初步数</a></h2>`,
			`<a href="../calendar/index.html">发布日程</a>`, `<a href="../releases/index.json">`,
		},
		"releases/2024-r/index.html": {
			`<h1>2024年年报 修订</h1>`,
			`<dt>上一版本</dt><dd><a href="../../releases/2024-p/index.html">2024年年报 初步数</a></dd>`,
			`<caption>2024年 工业产值（亿元） <small class="muted">5 个数字</small></caption>`,
			`<tr id="rev_value_vinegar_output_2024" class="rev-revised"><th scope="row"><a href="../../towns/vinegar/index.html">老陈醋专业镇</a></th><td>数值</td><td class="num">24.1p</td><td class="num">24.5（最终）</td><td>修订</td></tr>`,
			`<tr id="rev_total_all_output_2024" class="rev-revised"><th scope="row">全部专业镇</th><td>合计</td><td class="num">33.6p</td><td class="num">34.0（最终）</td>`,
			`<tr id="rev_value_motors_output_2024" class="rev-marks">`,
			`<a href="../../releases/2024-r/revisions.csv" download>revisions.csv</a>`,
			`<a href="../../releases/2024-r/downloads/report-2024.xlsx" download>downloads/report-2024.xlsx</a>`,
			`<code class="sha256">` + sum("2024-r", "downloads/report-2024.xlsx") + `</code>`,
			`<a href="../../releases/2024-r/SHA256SUMS">SHA256SUMS</a>`,
			`<p class="cite-text">测试门户：《测试门户》，2024年年报 修订 (2024-r)，2025年9月30日发布，releases/2024-r/index.html</p>`,
		},
		"en/releases/2024-r/index.html": {
			`<td class="num">24.1p</td><td class="num">24.5 (final)</td><td>revised</td>`,
			`<a href="../../../releases/2024-r/en/downloads/report-2024.xlsx" download>en/downloads/report-2024.xlsx</a>`,
			`<a href="../../../en/towns/vinegar/index.html">Aged vinegar town</a>`,
		},
		"releases/2024-p/index.html": {
			`<p class="notice release-older">这是历史版本的存档，其数字可能已被修订。本站当前的数据为：<a href="../../releases/2024-r/index.html">2024年年报 修订</a>（2025年9月30日）。</p>`,
			`<p>这是第一个版本，没有可比较的上一版本。</p>`,
			`<a href="../../releases/2024-p/downloads/report-2024.xlsx" download>`,
		},
		"calendar/index.html": {
			`<a class="button" href="../calendar.ics" download>订阅日历（.ics）</a>`,
			`<td><a href="../releases/2024-p/index.html">2024年年报 初步数</a></td><td><span class="status met">已发布</span></td>`,
		},
		"en/calendar/index.html": {`<a class="button" href="../../en/calendar.ics" download>Subscribe (.ics)</a>`},
		"index.html": {
			`<p class="as-of"><a href="releases/2024-r/index.html">数据截至 2025年9月30日（2024年年报 修订）</a></p>`,
			`<summary>如何引用</summary>`, `本版永久链接：<a href="releases/2024-r/index.html">2024年年报 修订 (2024-r)</a>`,
			`<p class="footer-links"><a href="releases/index.html">历次版本</a> · <a href="calendar/index.html">发布日程</a></p>`,
		},
		"en/towns/vinegar/index.html": {
			`<p class="as-of"><a href="../../../en/releases/2024-r/index.html">Data as of 30 September 2025 (2024 report, revised)</a></p>`,
		},
		"downloads/index.html": {
			`<p class="version-line">本版发布于 2025年9月30日；<a href="../releases/index.html">历次版本</a>：</p>`,
			`<li><a href="../releases/2024-p/index.html">2024年年报 初步数</a><time datetime="2025-03-31">（2025年3月31日）</time></li>`,
		},
		"reports/2024/index.html": {
			`<p class="updates muted">最近更新：2025年9月30日</p>`,
			`2024年年报 修订</a><time datetime="2025-09-30">（2025年9月30日）</time> <span class="badge">本站当前数据</span> · <a href="../../releases/2024-r/downloads/report-2024.xlsx" download>report-2024.xlsx</a></li>`,
			`2024年年报 初步数</a><time datetime="2025-03-31">（2025年3月31日）</time> · <a href="../../releases/2024-p/downloads/report-2024.xlsx" download>report-2024.xlsx</a></li>`,
		},
		"en/reports/2024/index.html":   {`<a href="../../../releases/2024-p/en/downloads/report-2024.xlsx" download>report-2024.xlsx</a>`},
		"indicators/output/index.html": {`<p class="updates muted small">最近更新：2025年9月30日</p>`},
	}
	for name, wants := range want {
		page, ok := pages[name]
		if !ok {
			t.Errorf("no page %s", name)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %s", name, w)
			}
		}
	}
	// Pages that show no figures say nothing of their release.
	for _, name := range []string{"releases/index.html", "releases/2024-r/index.html", "calendar/index.html", "search/index.html", "404.html", "tiers/index.html"} {
		if strings.Contains(pages[name], `class="as-of"`) || strings.Contains(pages[name], `class="cite"`) {
			t.Errorf("%s says which release its figures are: it shows none", name)
		}
	}
	sitemap := string(r.Sitemaps(r.Pages())["sitemap.xml"])
	for _, p := range []string{"releases/index.html", "releases/2024-r/index.html", "releases/2024-p/index.html", "calendar/index.html", "en/releases/2024-r/index.html", "en/calendar/index.html"} {
		if !strings.Contains(sitemap, "<loc>"+p+"</loc>") {
			t.Errorf("the sitemap does not list %s", p)
		}
	}
}

// A figure marked r links to its entry on its release's page, from any
// page of either language; a figure no release revised has no link.
func TestRevisedMarkLinks(t *testing.T) {
	r := releasedRenderer(t)
	frames := map[string]*Frame{}
	for _, p := range r.Pages() {
		frames[p.FullPath()] = r.frame(p)
	}
	vinegar := model.FigureRef{Kind: model.TownValue, Town: "vinegar", Indicator: "output", Year: 2024}
	if v := r.Site.Town("vinegar").Values["output"].At(1); !v.Flag.Has(status.Revised) {
		t.Fatalf("the revised figure is not marked r: %v", v.Flag)
	}
	for page, want := range map[string]string{
		"towns/vinegar/index.html":    "../../releases/2024-r/index.html#rev_value_vinegar_output_2024",
		"en/towns/vinegar/index.html": "../../../en/releases/2024-r/index.html#rev_value_vinegar_output_2024",
		"index.html":                  "releases/2024-r/index.html#rev_value_vinegar_output_2024",
	} {
		if got := frames[page].RevisionHref(vinegar); got != want {
			t.Errorf("%s: r links to %q, want %q", page, got, want)
		}
	}
	// Each link lands on a row of the page it names: its id is there.
	pages := renderWith(t, r)
	for _, from := range []string{"towns/vinegar/index.html", "en/towns/vinegar/index.html"} {
		href := frames[from].RevisionHref(vinegar)
		target, id, _ := strings.Cut(path.Join(path.Dir(from), href), "#")
		if page, ok := pages[target]; !ok {
			t.Errorf("%s: r links to %s, which is no page", from, target)
		} else if !strings.Contains(page, `<tr id="`+id+`"`) {
			t.Errorf("%s: r links to #%s, which %s has no row of", from, id, target)
		}
	}
	motors := model.FigureRef{Kind: model.TownValue, Town: "motors", Indicator: "output", Year: 2024}
	if got := frames["index.html"].RevisionHref(motors); got != "" {
		t.Errorf("a figure whose marks alone changed links to %q", got)
	}

	// The superscript's writer: the r linked, every symbol escaped as
	// html/template would.
	f := frames["towns/vinegar/index.html"]
	var b strings.Builder
	f.writeSymbols(&b, "pr", vinegar)
	tmpl := template.Must(template.New("").Parse(`p<a class="rev" href="{{.Href}}" title="{{.Title}}">r</a>`))
	var want strings.Builder
	tmpl.Execute(&want, map[string]string{"Href": f.RevisionHref(vinegar), "Title": f.T("rev_link")})
	if b.String() != want.String() {
		t.Errorf("writeSymbols = %s, want %s", b.String(), want.String())
	}
	b.Reset()
	f.writeSymbols(&b, "pr", motors)
	if b.String() != "pr" {
		t.Errorf("writeSymbols of a figure no release revised = %s", b.String())
	}
}

// A site without releases has none of their pages, lines or links.
func TestNoReleasesNoReleasePages(t *testing.T) {
	pages := renderAll(t, testSite(t, "电机小镇"))
	for name, page := range pages {
		if strings.HasPrefix(name, "releases/") || strings.Contains(name, "calendar/") {
			t.Errorf("page %s without releases", name)
		}
		for _, bad := range []string{`class="as-of"`, `class="cite"`, `class="versions"`, `class="footer-links"`, `class="updates`} {
			if strings.Contains(page, bad) {
				t.Errorf("%s shows %s without releases", name, bad)
			}
		}
	}
}
