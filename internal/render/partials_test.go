package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/townpress/townpress/layouts"
)

// townView makes the view of the site's first town page as Render would,
// with the site layouts own.
func townView(t *testing.T, own fstest.MapFS) (*Renderer, *TownView) {
	t.Helper()
	var fsys fstest.MapFS
	if own != nil {
		fsys = own
	}
	r, err := New(testSite(t, "电机小镇"), layouts.FS, fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Pages() {
		if p.Kind == TownPage {
			return r, newTownView(r.frame(p))
		}
	}
	t.Fatal("no town page")
	return nil, nil
}

// A fragment is made when the default partial that prints it is in use,
// or when the site's own version names its field; else not at all.
func TestFragmentsOnlyWhenPrinted(t *testing.T) {
	_, v := townView(t, nil)
	if v.TownKPIs[0].HTML == "" || v.TownTrends[0].Figure == "" || v.TargetGroups[0].Rows[0].HTML == "" {
		t.Fatal("the default partials print the fragments: they should be made")
	}

	_, v = townView(t, fstest.MapFS{
		"partials/kpis.html":  {Data: []byte(`{{define "kpis"}}{{range index . 1}}<b>{{.ValueText}}</b>{{end}}{{end}}`)},
		"partials/chart.html": {Data: []byte(`{{define "chart"}}{{$c := index . 1}}<div id="{{$c.ID}}">{{$c.JSON}}</div>{{end}}`)},
	})
	if v.TownKPIs[0].HTML != "" {
		t.Errorf("a kpis partial that does not print .HTML should not have it made")
	}
	if c := v.TownTrends[0]; c.Table.HTML != "" || c.Caption != "" || c.Attrs != "" || c.Notes != "" || c.Figure != "" {
		t.Errorf("a chart partial that prints none of the card's HTML should not have it made")
	}
	if v.TargetGroups[0].Rows[0].HTML == "" {
		t.Errorf("the default targets partial prints its rows' HTML: it should be made")
	}

	// A site's own layout that names a fragment's field gets it, whichever
	// of its files names it.
	_, v = townView(t, fstest.MapFS{
		"partials/kpis.html": {Data: []byte(`{{define "kpis"}}{{range index . 1}}<b>{{.ValueText}}</b>{{end}}{{end}}`)},
		"town.html":          {Data: []byte(`{{template "base" .}}{{define "main"}}<ul>{{range .TownKPIs}}{{.HTML}}{{end}}</ul>{{end}}`)},
	})
	if v.TownKPIs[0].HTML == "" {
		t.Errorf("a site's town.html that prints the KPIs' .HTML should have it made")
	}
}

// The partials every page shows alike are made once per language and
// depth; a site's own version of one is run for every page, as it may
// show something of the page.
func TestPartialCached(t *testing.T) {
	pages := renderAll(t, testSite(t, "电机小镇"))
	for _, name := range []string{"index.html", "towns/vinegar/index.html", "en/towns/motors/index.html"} {
		html := pages[name]
		for _, want := range []string{`<footer class="site-footer">`, `<form class="search" role="search"`, `aria-current="page"`} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: no %s", name, want)
			}
		}
	}
	// The navigation marks each section's own item, though made once per
	// section, language and depth.
	if !strings.Contains(pages["towns/vinegar/index.html"], `<a href="../../towns/index.html" aria-current="page">`) ||
		!strings.Contains(pages["tiers/provincial/index.html"], `<a href="../../tiers/index.html" aria-current="page">`) {
		t.Errorf("the navigation should mark the page's section")
	}

	own := fstest.MapFS{"partials/footer.html": {Data: []byte(`{{define "footer"}}<footer>{{.Title}}</footer>{{end}}`)}}
	r, err := New(testSite(t, "电机小镇"), layouts.FS, own)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Pages() {
		if p.Kind != TownPage {
			continue
		}
		b, err := r.Render(p)
		if err != nil {
			t.Fatal(err)
		}
		title := p.Town.Name
		if p.Lang.IsEn() {
			title = p.Town.NameEn
		}
		if !strings.Contains(string(b), "<footer>"+title+"</footer>") {
			t.Errorf("%s: a site's own footer should show this page's title, %q", p.FullPath(), title)
		}
	}
}

// A base layout written before partials/nav.html still gets the
// navigation from .NavHTML.
func TestNavHTMLForOlderBaseLayouts(t *testing.T) {
	src, err := fs.ReadFile(layouts.FS, "base.html")
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(string(src), `{{partialCached "nav" . $f.Kind.Section}}`, `{{.NavHTML}}`, 1)
	if old == string(src) {
		t.Fatal("base.html no longer prints the nav partial as this test expects")
	}
	r, err := New(testSite(t, "电机小镇"), layouts.FS, fstest.MapFS{"base.html": {Data: []byte(old)}})
	if err != nil {
		t.Fatal(err)
	}
	pages := renderAll(t, r.Site)
	for _, p := range r.Pages() {
		b, err := r.Render(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != pages[p.FullPath()] {
			t.Errorf("%s: a base layout printing .NavHTML should make the same page", p.FullPath())
		}
	}
}

// A site may define a partial in a page's own layout: partialCached runs
// that one, for every page.
func TestPartialDefinedInAPageLayout(t *testing.T) {
	src, err := fs.ReadFile(layouts.FS, "town.html")
	if err != nil {
		t.Fatal(err)
	}
	own := fstest.MapFS{"town.html": {Data: append(src, []byte(`{{define "footer"}}<footer>{{.TownInfo.County}}</footer>{{end}}`)...)}}
	r, err := New(testSite(t, "电机小镇"), layouts.FS, own)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Pages() {
		b, err := r.Render(p)
		if err != nil {
			t.Fatal(err)
		}
		if mine := strings.Contains(string(b), "<footer>清徐县</footer>") || strings.Contains(string(b), "<footer>Qingxu County</footer>"); mine != (p.Kind == TownPage) {
			t.Errorf("%s: the town layout's own footer should be on town pages only", p.FullPath())
		}
	}
}

// fieldsChartPartial is the chart partial as it was before Go wrote the
// whole card (Card.Figure): every field printed by html/template.
const fieldsChartPartial = `{{define "chart" -}}
{{- $c := index . 1 -}}
<figure class="chart-card" id="{{$c.ID}}">
  <figcaption>{{$c.Caption}}</figcaption>
  <div class="chart" {{$c.Attrs}}>{{$c.Static}}</div>
  <script type="application/json" class="chart-option">{{$c.JSON}}</script>
  <details class="chart-data" open>
    <summary>{{$c.DataTable}}</summary>
    <div class="table-scroll">{{$c.Table.HTML}}</div>
  </details>{{$c.Notes}}{{$c.Share}}
</figure>
{{- end}}
`

// The default chart partial prints the card Go writes whole (Card.Figure);
// a site's partial that prints the card's fields, as the default did,
// makes every page the same, byte for byte: chartFigure escapes and
// places them as html/template does. The site's partial does not name
// .Figure, so the card is not written whole for it.
func TestChartFigureIsTheFieldsPrinted(t *testing.T) {
	site := testSite(t, "电机小镇")
	pages := renderAll(t, site)
	r, err := New(site, layouts.FS, fstest.MapFS{"partials/chart.html": {Data: []byte(fieldsChartPartial)}})
	if err != nil {
		t.Fatal(err)
	}
	cards := 0
	for _, p := range r.Pages() {
		b, err := r.Render(p)
		if err != nil {
			t.Fatal(err)
		}
		cards += strings.Count(string(b), `<figure class="chart-card"`)
		if string(b) != pages[p.FullPath()] {
			t.Errorf("%s: a chart partial printing the card's fields should make the same page", p.FullPath())
		}
	}
	if cards == 0 {
		t.Fatal("no chart card on any page")
	}
	_, v := townView(t, fstest.MapFS{"partials/chart.html": {Data: []byte(fieldsChartPartial)}})
	if c := v.TownTrends[0]; c.Figure != "" || c.Caption == "" {
		t.Errorf("a chart partial that prints the card's fields, not .Figure, should have the fields made and not the whole card")
	}
}

// {{chart $ .}} prints what {{template "chart" (slice2 $ .)}} prints, the
// way layouts called the chart partial before it: a site's own layout
// written so makes the same page, with the default partial and with a
// site's own.
func TestChartFuncIsTheChartPartial(t *testing.T) {
	src, err := fs.ReadFile(layouts.FS, "town.html")
	if err != nil {
		t.Fatal(err)
	}
	old := strings.NewReplacer(`{{chart $ .}}`, `{{template "chart" (slice2 $ .)}}`,
		`{{chart . .TownPeers}}`, `{{template "chart" (slice2 . .TownPeers)}}`,
		`{{chart . .TownRanks}}`, `{{template "chart" (slice2 . .TownRanks)}}`).Replace(string(src))
	if strings.Count(old, `{{template "chart"`) != 3 {
		t.Fatal("town.html no longer prints its charts with {{chart}} as this test expects")
	}
	site := testSite(t, "电机小镇")
	for _, own := range []fstest.MapFS{{}, {"partials/chart.html": {Data: []byte(fieldsChartPartial)}}} {
		r, err := New(site, layouts.FS, own)
		if err != nil {
			t.Fatal(err)
		}
		with := fstest.MapFS{"town.html": {Data: []byte(old)}}
		for name, f := range own {
			with[name] = f
		}
		rOld, err := New(site, layouts.FS, with)
		if err != nil {
			t.Fatal(err)
		}
		oldPages := rOld.Pages()
		for i, p := range r.Pages() {
			if p.Kind != TownPage {
				continue
			}
			want, err := rOld.Render(oldPages[i])
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.Render(p)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) || !strings.Contains(string(got), `<figure class="chart-card"`) {
				t.Errorf("%s (own partials %d): {{chart $ .}} should print what the chart partial does", p.FullPath(), len(own))
			}
		}
	}
}
