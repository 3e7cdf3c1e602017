package render_test

import (
	"encoding/json"
	"math"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/build"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/internal/scalegen"
	"github.com/townpress/townpress/layouts"
)

// TestReportPageLargeTiers renders the annual report of a generated
// 400-town site, in which a tier has more than a hundred members. Its
// pages must stay small: a large tier's table lists the tier's leading
// towns by the first indicator, in order, under a total row of the whole
// tier and a note linking the lists that hold every member; the table of
// every town does the same for the site; no chart draws more than 30 bars.
func TestReportPageLargeTiers(t *testing.T) {
	dir := t.TempDir()
	if _, err := scalegen.Generate(dir, scalegen.Options{Towns: 400}); err != nil {
		t.Fatal(err)
	}
	site, _, err := build.Load(filepath.Join(dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := render.New(site, layouts.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	year := site.Years[len(site.Years)-1]
	yi := site.YearIndex(year)
	first := site.Indicators[0]
	pages := map[string]bool{}
	var reports []*render.Page
	for _, p := range r.Pages() {
		pages[p.FullPath()] = true
		if p.Kind == render.ReportPage && p.ReportYear == year {
			reports = append(reports, p)
		}
	}
	if len(reports) != 2 {
		t.Fatalf("%d report pages for %d, want one per language", len(reports), year)
	}
	large := 0
	for _, tier := range site.Tiers {
		if len(tier.Towns) > 100 {
			large++
		}
	}
	if large == 0 {
		t.Fatal("no tier of more than 100 towns in the generated site; the test checks nothing")
	}

	for _, p := range reports {
		name := p.FullPath()
		b, charts, err := r.RenderPage(p)
		if err != nil {
			t.Fatal(err)
		}
		html := string(b)
		if len(b) > 1<<20 {
			t.Errorf("%s is %d bytes, want under 1 MB", name, len(b))
		}

		// Every link of the page resolves: to a page rendered here, or
		// to the report workbook the build writes next to the downloads
		// page.
		xlsx := path.Join(path.Dir(strings.TrimSuffix(name, "reports/"+strconv.Itoa(year)+"/index.html")), "downloads", "report-"+strconv.Itoa(year)+".xlsx")
		for _, m := range regexp.MustCompile(`href="([^"#]+)"`).FindAllStringSubmatch(html, -1) {
			target := path.Join(path.Dir(name), m[1])
			if !pages[target] && target != xlsx && !strings.HasPrefix(target, "assets/") && !strings.HasPrefix(target, "downloads/") && !strings.HasPrefix(target, "en/downloads/") {
				t.Errorf("%s links to %s (%s), which is no page", name, m[1], target)
			}
		}

		sections := map[string]string{}
		for _, m := range regexp.MustCompile(`(?s)<section class="report-section report-tier" id="tier-([^"]+)".*?</section>`).FindAllStringSubmatch(html, -1) {
			sections[m[1]] = m[0]
		}
		for _, tier := range site.Tiers {
			sec, ok := sections[tier.ID]
			if !ok {
				t.Fatalf("%s: no section for tier %s", name, tier.ID)
			}
			listed := listedTowns(t, site, sec)
			if len(tier.Towns) <= render.FullRanking {
				if len(listed) != len(tier.Towns) {
					t.Errorf("%s %s: %d towns listed of %d; a small tier lists every member", name, tier.ID, len(listed), len(tier.Towns))
				}
				continue
			}
			checkLeading(t, name+" "+tier.ID, listed, tier.Towns, first.ID, yi)
			// The total row is the whole tier's, not the listed towns'.
			want := site.ScopeFigure(first, []*model.Tier{tier}, yi).Value.Float()
			checkTotal(t, name+" "+tier.ID, sec, want, first.Decimals, len(tier.Towns))
			// The note says what the table lists and, when it leaves
			// members out, links the tier's page, the towns list and the
			// workbook, which hold every member.
			note := regexp.MustCompile(`(?s)<p class="report-capped">(.*?)</p>`).FindStringSubmatch(sec)
			if note == nil {
				t.Fatalf("%s %s: no note saying which towns the table lists", name, tier.ID)
			}
			if len(tier.Towns) <= render.ReportTop {
				if !strings.Contains(note[1], strconv.Itoa(len(tier.Towns))) {
					t.Errorf("%s %s: the note %q does not say how many towns the tier has", name, tier.ID, note[1])
				}
				continue
			}
			for _, want := range []string{"tiers/" + tier.ID + "/index.html", "towns/index.html", "report-" + strconv.Itoa(year) + ".xlsx", strconv.Itoa(len(tier.Towns))} {
				if !strings.Contains(note[1], want) {
					t.Errorf("%s %s: the note %q lacks %q", name, tier.ID, note[1], want)
				}
			}
		}

		// The table of every town becomes the site's leading towns.
		towns := regexp.MustCompile(`(?s)<section class="report-section" aria-labelledby="towns-h">.*?</section>`).FindString(html)
		checkLeading(t, name+" towns", listedTowns(t, site, towns), site.Towns, first.ID, yi)
		want := site.ScopeFigure(first, site.Tiers, yi).Value.Float()
		checkTotal(t, name+" towns", towns, want, first.Decimals, len(site.Towns))
		note := regexp.MustCompile(`(?s)<p class="report-capped">(.*?)</p>`).FindStringSubmatch(towns)
		if note == nil || !strings.Contains(note[1], `towns/index.html"`) || !strings.Contains(note[1], "report-"+strconv.Itoa(year)+".xlsx") {
			t.Errorf("%s: the table of every town should link the towns list and the workbook, which hold every town: %v", name, note)
		}

		for _, c := range charts {
			var opt struct {
				Series []struct {
					Data []json.RawMessage `json:"data"`
				} `json:"series"`
			}
			if err := json.Unmarshal([]byte(c.Option), &opt); err != nil {
				t.Fatalf("%s chart %s: %v", name, c.ID, err)
			}
			for _, s := range opt.Series {
				if len(s.Data) > render.FullRanking {
					t.Errorf("%s chart %s draws %d bars, want at most %d", name, c.ID, len(s.Data), render.FullRanking)
				}
			}
		}
	}
}

// listedTowns are the towns a report table's body lists, in order.
func listedTowns(t *testing.T, site *model.Site, section string) []*model.Town {
	t.Helper()
	body := regexp.MustCompile(`(?s)<tbody>(.*?)</tbody>`).FindStringSubmatch(section)
	if body == nil {
		t.Fatal("no table body")
	}
	var out []*model.Town
	for _, m := range regexp.MustCompile(`<th scope="row"><a href="[^"]*towns/([^/"]+)/index.html">`).FindAllStringSubmatch(body[1], -1) {
		town := site.Town(m[1])
		if town == nil {
			t.Fatalf("a row links to town %q, which is not one", m[1])
		}
		out = append(out, town)
	}
	return out
}

// checkLeading checks that listed are the leading 100 of scope by the
// indicator in year index yi, largest first, towns without a value last.
func checkLeading(t *testing.T, what string, listed, scope []*model.Town, ind string, yi int) {
	t.Helper()
	if want := min(render.ReportTop, len(scope)); len(listed) != want {
		t.Errorf("%s: %d towns listed, want the leading %d of %d", what, len(listed), want, len(scope))
	}
	member := map[*model.Town]bool{}
	for _, town := range scope {
		member[town] = true
	}
	shown := map[*model.Town]bool{}
	var last model.Value
	for i, town := range listed {
		if !member[town] || shown[town] {
			t.Fatalf("%s row %d: %s is not a member or is listed twice", what, i+1, town.ID)
		}
		shown[town] = true
		v := town.Values[ind].At(yi)
		if i > 0 && ((v.Valid() && !last.Valid()) || (v.Valid() && v.Cmp(last.Dec) > 0)) {
			t.Errorf("%s row %d: %s (%v) after %v; want largest first", what, i+1, town.ID, v, last)
		}
		last = v
	}
	// No member left out beats the last one listed.
	for _, town := range scope {
		v := town.Values[ind].At(yi)
		if !shown[town] && v.Valid() && (!last.Valid() || v.Cmp(last.Dec) > 0) {
			t.Errorf("%s: %s (%v) is left out, but %v is listed", what, town.ID, v.Float(), last)
		}
	}
}

// checkTotal checks the total row's first indicator against want, the sum
// over every town of the scope, and that it says how many towns it counts.
func checkTotal(t *testing.T, what, section string, want float64, decimals, count int) {
	t.Helper()
	foot := regexp.MustCompile(`(?s)<tfoot><tr><th scope="row" colspan="\d">([^<]*)</th><td class="num">([^<]*)<small class="cov">([^<]*)</small></td>`).FindStringSubmatch(section)
	if foot == nil {
		t.Errorf("%s: no total row with its coverage", what)
		return
	}
	if !strings.HasSuffix(strings.ReplaceAll(foot[3], ",", ""), "/"+strconv.Itoa(count)) {
		t.Errorf("%s: the total's coverage %q is not of its %d towns", what, foot[3], count)
	}
	if !strings.Contains(strings.ReplaceAll(foot[1], ",", ""), strconv.Itoa(count)) {
		t.Errorf("%s: total row %q does not say it counts %d towns", what, foot[1], count)
	}
	got, err := strconv.ParseFloat(strings.ReplaceAll(foot[2], ",", ""), 64)
	if err != nil {
		t.Fatalf("%s: total %q: %v", what, foot[2], err)
	}
	if math.Abs(got-want) > 0.5*math.Pow10(-decimals)+1e-9 {
		t.Errorf("%s: total %v, want the whole scope's %v", what, got, want)
	}
}
