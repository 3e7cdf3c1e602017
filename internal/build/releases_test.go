package build

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/release"
	"github.com/townpress/townpress/internal/status"
)

// A site released twice, built into one output folder: every file of the
// first release is still there byte for byte, its downloads still match
// their SHA256SUMS, the revised figure is marked r and linked to its
// entry, the live downloads are the latest release's, and two builds with
// releases are identical.
func TestTwoReleasesInOneOutput(t *testing.T) {
	dir := writeSite(t,
		[][]any{{"vinegar", "老陈醋专业镇", "Vinegar town", "省级"}, {"motors", "电机小镇", "Motor town", "市级"}},
		[][]any{{"vinegar", 2023, 19.9}, {"vinegar", 2024, "24.1p"}, {"电机小镇", 2023, 8}, {"电机小镇", 2024, "9.5p"}})
	cfg := filepath.Join(dir, "config.toml")
	out := filepath.Join(dir, "public")
	opts := Options{Config: cfg, Out: out}
	first := release.Stamp{ID: "2024-p", Date: "2025-03-31", Title: "2024年年报 初步数"}
	if _, _, err := Release(opts, first); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	before := archived(readTree(t, filepath.Join(out, "releases", "2024-p")))
	// What the first release's pages link to: its page's downloads, and a
	// report's and the downloads page's permalinks to its files.
	site := readTree(t, out)
	oldLinks := map[string][]byte{}
	for _, page := range []string{"releases/2024-p/index.html", "en/releases/2024-p/index.html", "reports/2024/index.html", "en/reports/2024/index.html", "downloads/index.html"} {
		for _, target := range pageLinks(page, site[page]) {
			switch {
			case strings.HasSuffix(target, ".html"):
				oldLinks[target] = nil // a page: made again by every build
			case strings.HasPrefix(target, "releases/"):
				oldLinks[target] = site[target] // an archived file: the same bytes for good
			}
		}
	}
	if oldLinks["releases/2024-p/downloads/report-2024.xlsx"] == nil || len(oldLinks) < 10 {
		t.Fatalf("the first release's pages link to %d of its files", len(oldLinks))
	}

	// The final figures: the vinegar town's 2024 output revised.
	final := writeSite(t,
		[][]any{{"vinegar", "老陈醋专业镇", "Vinegar town", "省级"}, {"motors", "电机小镇", "Motor town", "市级"}},
		[][]any{{"vinegar", 2023, 19.9}, {"vinegar", 2024, 24.5}, {"电机小镇", 2023, 8}, {"电机小镇", 2024, 9.5}})
	if err := os.Rename(filepath.Join(final, "data", "towns.xlsx"), filepath.Join(dir, "data", "towns.xlsx")); err != nil {
		t.Fatal(err)
	}
	made, _, err := Release(opts, release.Stamp{ID: "2024-r", Date: "2025-09-30", Title: "2024年年报 修订", Reason: "correction", Note: "最终核实数"})
	if err != nil {
		t.Fatal(err)
	}
	if c := release.Count(made.Changes); c.Revised != 3 || c.Status != 2 { // the town, the provincial and the all-towns totals; two marks p → final
		t.Errorf("counts %+v", c)
	}
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	after := archived(readTree(t, filepath.Join(out, "releases", "2024-p")))
	if len(after) != len(before) || len(before) < 10 {
		t.Errorf("the first release had %d files, now %d", len(before), len(after))
	}
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("releases/2024-p/%s changed with the second release", name)
		}
	}
	// The old report's checksum still verifies, as sha256sum -c would.
	for _, dl := range []string{"downloads", "en/downloads"} {
		sums, err := release.ParseSums(after[dl+"/SHA256SUMS"])
		if err != nil || len(sums) == 0 {
			t.Fatalf("%s/SHA256SUMS: %v", dl, err)
		}
		for name, sum := range sums {
			if sha256.Sum256(after[dl+"/"+name]) != sum {
				t.Errorf("releases/2024-p/%s/%s does not match its checksum", dl, name)
			}
		}
	}
	if _, ok := after["downloads/report-2024.xlsx"]; !ok {
		t.Error("the first release's report is gone")
	}
	// The live downloads are the latest release's.
	live := readTree(t, out)
	// Every link the first release's pages had still leads somewhere,
	// and to the same bytes where it led to an archived file; every link
	// of the site leads somewhere.
	for target, b := range oldLinks {
		if got, ok := live[target]; !ok || (b != nil && !bytes.Equal(got, b)) {
			t.Errorf("%s, linked from the first release's pages, is gone or changed", target)
		}
	}
	for _, broken := range brokenLinks(live) {
		t.Error(broken)
	}
	for page, want := range map[string]string{
		"releases/2024-p/index.html": `<a href="../../releases/2024-r/index.html">2024年年报 修订</a>`, // where the figures are now
		"releases/2024-r/index.html": `<tr id="rev_value_vinegar_output_2024" class="rev-revised">`,
		"reports/2024/index.html":    `<a href="../../releases/2024-p/downloads/report-2024.xlsx" download>report-2024.xlsx</a>`,
		"towns/vinegar/index.html":   `<p class="as-of"><a href="../../releases/2024-r/index.html">数据截至 2025年9月30日（2024年年报 修订）</a></p>`,
	} {
		if !strings.Contains(string(live[page]), want) {
			t.Errorf("%s lacks %s", page, want)
		}
	}
	// Every r of a figure the release revised links to its entry on the
	// release's page, in both editions and wherever a page shows it (the
	// town's cards and tables, the totals on the home page, the report's
	// tables, the list of towns); nothing else does.
	links, problems := revisionLinks(live)
	for _, p := range problems {
		t.Error(p)
	}
	for _, page := range []string{"towns/vinegar/index.html", "en/towns/vinegar/index.html", "index.html", "en/index.html", "reports/2024/index.html", "en/reports/2024/index.html", "towns/index.html", "tiers/provincial/index.html"} {
		if len(links[page]) == 0 {
			t.Errorf("%s: no r links to its revision", page)
		}
	}
	if got := links["towns/motors/index.html"]; len(got) != 0 {
		t.Errorf("towns/motors/index.html: its figures' marks changed, none was revised, yet it links %v", got)
	}
	for _, edition := range []string{"", "en/"} {
		page := edition + "releases/2024-r/index.html"
		want := revisedEntries(live[page])
		got := map[string]bool{}
		for _, targets := range links {
			for _, target := range targets {
				if name, anchor, _ := strings.Cut(target, "#"); name == page {
					got[anchor] = true
				}
			}
		}
		if len(want) != 3 || !maps.Equal(got, want) {
			t.Errorf("%s: pages link the revised entries %v, want every one of %v", page, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
	}
	for _, name := range []string{"downloads/data.json", "downloads/report-2024.xlsx", "en/downloads/report-2024.xlsx", "downloads/SHA256SUMS"} {
		if !bytes.Equal(live[name], live["releases/2024-r/"+name]) {
			t.Errorf("%s differs from the release's", name)
		}
	}
	revisions := string(live["releases/2024-r/revisions.csv"])
	if !strings.Contains(revisions, "revised,value,vinegar,老陈醋专业镇,output,工业产值,2024,24.1,provisional,24.5,final,rev_value_vinegar_output_2024\r\n") {
		t.Errorf("revisions.csv:\n%s", revisions)
	}
	a := res.Releases
	if a.Current == nil || a.Current.ID != "2024-r" || a.Baseline.ID != "2024-p" || a.Draft() {
		t.Fatalf("current %v baseline %v", a.Current, a.Baseline)
	}
	vinegar := model.FigureRef{Kind: model.TownValue, Town: "vinegar", Indicator: "output", Year: 2024}
	if v := res.Site.Town("vinegar").Values["output"].At(1); v.Flag != status.Revised {
		t.Errorf("vinegar 2024 = %v flag %v, want revised", v, v.Flag)
	}
	if v := res.Site.Town("motors").Values["output"].At(1); v.Flag != 0 {
		t.Errorf("motors 2024 flag %v: only its marks changed", v.Flag)
	}
	if got := a.RevisionHref(vinegar); got != "releases/2024-r/index.html#rev_value_vinegar_output_2024" {
		t.Errorf("the r mark links to %q", got)
	}
	page := a.ReleasePage("2024-r", false, nil)
	if page == nil || len(page.Groups) != 1 || page.Groups[0].Title != "2024年 工业产值（亿元）" || page.Groups[0].Entries[0].Anchor != release.Anchor(vinegar) ||
		page.Groups[0].Entries[0].Old != "24.1p" || page.Groups[0].Entries[0].New != "24.5（最终）" || page.Groups[0].Entries[0].WhoHref != "towns/vinegar/index.html" {
		t.Errorf("release page %+v", page)
	}
	if got := a.AsOf(false); got != "数据截至 2025年9月30日（2024年年报 修订）" {
		t.Errorf("as of %q", got)
	}
	if got := a.Cite(true).Text; !strings.Contains(got, "2024年年报 修订 (2024-r). Published 30 September 2025. releases/2024-r/index.html") {
		t.Errorf("citation %q", got)
	}

	// Two builds with releases present are byte for byte the same.
	a1, a2 := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, o := range []string{a1, a2} {
		if _, err := Build(Options{Config: cfg, Out: o}); err != nil {
			t.Fatal(err)
		}
	}
	fa, fb := readTree(t, a1), readTree(t, a2)
	if len(fa) != len(fb) {
		t.Fatalf("%d files vs %d", len(fa), len(fb))
	}
	for name, b := range fa {
		if !bytes.Equal(b, fb[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}

	// Data changed since the latest release: a draft, marked against it.
	draft := writeSite(t,
		[][]any{{"vinegar", "老陈醋专业镇", "Vinegar town", "省级"}, {"motors", "电机小镇", "Motor town", "市级"}},
		[][]any{{"vinegar", 2023, 19.9}, {"vinegar", 2024, 24.5}, {"电机小镇", 2023, 8}, {"电机小镇", 2024, 9.7}})
	os.Rename(filepath.Join(draft, "data", "towns.xlsx"), filepath.Join(dir, "data", "towns.xlsx"))
	res, err = Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Releases; !a.Draft() || a.Baseline.ID != "2024-r" || a.RevisionHref(vinegar) != "" {
		t.Errorf("draft: current %v baseline %v", a.Current, a.Baseline)
	}
	if v := res.Site.Town("motors").Values["output"].At(1); v.Flag != status.Revised {
		t.Errorf("the draft's changed figure is marked revised: %v", v.Flag)
	}
	if v := res.Site.Town("vinegar").Values["output"].At(1); v.Flag != 0 {
		t.Errorf("vinegar is the latest release's figure in the draft: %v", v.Flag)
	}
	// The draft's r has no release page to link to yet.
	if links, _ := revisionLinks(readTree(t, out)); len(links) != 0 {
		t.Errorf("a draft links its r marks: %v", links)
	}
}

// revLink is the link of an r mark (render's writeSymbols).
var revLink = regexp.MustCompile(`<sup class="mark">[a-z]*<a class="rev" href="([^"]+)"`)

// revisionLinks are the targets of every page's r links, by page, each
// as a file of the site and its anchor ("releases/2024-r/index.html#rev_…");
// problems are the links that lead to no such anchor.
func revisionLinks(files map[string][]byte) (links map[string][]string, problems []string) {
	links = map[string][]string{}
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range revLink.FindAllStringSubmatch(string(b), -1) {
			file, anchor, ok := strings.Cut(m[1], "#")
			target := path.Join(path.Dir(name), file)
			switch {
			case !ok || strings.Contains(m[1], "://") || strings.HasPrefix(m[1], "/"):
				problems = append(problems, fmt.Sprintf("%s: r links to %s, not to an entry of a page of the site", name, m[1]))
			case !bytes.Contains(files[target], []byte(` id="`+anchor+`"`)):
				problems = append(problems, fmt.Sprintf("%s: r links to %s#%s, which has no such entry", name, target, anchor))
			}
			links[name] = append(links[name], target+"#"+anchor)
		}
	}
	return links, problems
}

// revisedEntries are the anchors of the entries of a release's page that
// list a revised figure.
func revisedEntries(page []byte) map[string]bool {
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`<tr id="([^"]+)" class="rev-revised">`).FindAllSubmatch(page, -1) {
		out[string(m[1])] = true
	}
	return out
}

// archived are the files of a release's folder in the site that the
// release holds: its page, index.html, is the build's.
func archived(files map[string][]byte) map[string][]byte {
	delete(files, "index.html")
	return files
}

// A file of a release changed after it was made stops the build with an
// error naming it; public/ stays as it was.
func TestChangedArchiveStopsTheBuild(t *testing.T) {
	dir := goodSite(t)
	opts := Options{Config: filepath.Join(dir, "config.toml"), Out: filepath.Join(dir, "public")}
	if _, _, err := Release(opts, release.Stamp{ID: "r1", Date: "2025-03-31", Title: "初步数"}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "releases", "r1", "downloads", "data.json"), []byte("{}"), 0o644)
	_, err := Build(opts)
	var perr *ProblemsError
	if err == nil || !strings.Contains(err.Error(), "error") || !asProblems(err, &perr) ||
		!strings.Contains(perr.Problems.Error(), "releases/r1/downloads/data.json: does not match its checksum in releases/r1/SHA256SUMS") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(opts.Out); err == nil {
		t.Error("public was written")
	}
}

func asProblems(err error, perr **ProblemsError) bool { return errors.As(err, perr) }
