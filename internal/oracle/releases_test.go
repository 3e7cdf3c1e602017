package oracle

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// checkCurrentRelease: when the site's figures are the latest release's,
// that release's downloads (releases/<id>/downloads, en/downloads) are
// the site's, byte for byte ("right after a release the site's own
// downloads/ are the release's"), so that what the oracle checks of the
// site's downloads holds of them.
func (s *oracleSite) checkCurrentRelease(out string, f *findings) error {
	if s.current == "" {
		return nil
	}
	for _, dir := range []string{"downloads", "en/downloads"} {
		rel := "releases/" + s.current + "/" + dir
		root := filepath.Join(out, filepath.FromSlash(rel))
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			name, _ := filepath.Rel(root, path)
			archived, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f.count("releases/<id>/downloads")
			site, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(dir), name))
			switch {
			case err != nil:
				f.add(finding{class: "releases: a download of the current release the site does not publish", where: rel + "/" + filepath.ToSlash(name), what: "file", want: "the site's " + dir + "/" + filepath.ToSlash(name), got: err.Error()})
			case !bytes.Equal(site, archived):
				f.add(finding{class: "releases: the current release's download differs from the site's (not checked by the oracle)", where: rel + "/" + filepath.ToSlash(name), what: "file",
					want: "the bytes of " + dir + "/" + filepath.ToSlash(name), got: fmt.Sprintf("%d bytes against %d", len(archived), len(site))})
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// The r mark of a revision (README, "Revisions and the r mark"): a figure
// whose value changed since the previous publication is marked revised
// in every output. The previous publication is an archived release of the
// store (releases/<id>/), whose figures.csv lists every figure it
// published: when the workbook's figures are the latest release's, the
// figures that release changed on the one before it; otherwise (a draft)
// those that differ from the latest release. A town's figure and typed
// growth, and an office's total row and its typed growth, are marked
// themselves; a sum of towns takes the mark from its towns, as it takes
// every carried mark.
//
// The oracle reads the releases' own files (release.json, figures.csv),
// as a reader of the archive would, and compares their figures with its
// own reading of the workbook.

// releaseFigure is a line of a release's figures.csv.
type releaseFigure struct {
	value    *big.Rat // nil: no figure
	status   string
	official bool // a total: the office's (official), not the towns' sum (summed)
	line     int  // in figures.csv, for messages
}

// releaseKey names a published figure: its kind (value, growth, total,
// total-growth), town or scope, indicator id and year.
type releaseKey struct {
	kind, who, ind string
	year           int
}

type releaseMeta struct {
	ID       string `json:"id"`
	Previous string `json:"previous"`
}

// readReleases reads the store's releases in order, oldest first, each
// release's figures; none for a site without a store.
func readReleases(siteDir string) ([]string, map[string]map[releaseKey]releaseFigure, error) {
	dirs, _ := filepath.Glob(filepath.Join(siteDir, "releases", "*", "release.json"))
	byID := map[string]releaseMeta{}
	next := map[string]string{}
	first := ""
	for _, path := range dirs {
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		var m releaseMeta
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		byID[m.ID] = m
		if m.Previous == "" {
			first = m.ID
		} else {
			next[m.Previous] = m.ID
		}
	}
	var order []string
	for id := first; id != "" && len(order) <= len(byID); id = next[id] {
		order = append(order, id)
	}
	if len(order) != len(byID) {
		return nil, nil, fmt.Errorf("releases: %d releases, %d in one line from the first; the oracle reads a line of releases", len(byID), len(order))
	}
	figs := map[string]map[releaseKey]releaseFigure{}
	for _, id := range order {
		path := filepath.Join(siteDir, "releases", id, "figures.csv")
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil || len(recs) == 0 {
			return nil, nil, fmt.Errorf("%s: %v", path, err)
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		for _, need := range []string{"kind", "town", "scope", "indicator", "year", "value", "status", "official"} {
			if _, ok := col[need]; !ok {
				return nil, nil, fmt.Errorf("%s: no column %s; teach the oracle", path, need)
			}
		}
		m := map[releaseKey]releaseFigure{}
		for line, rec := range recs[1:] {
			get := func(k string) string {
				if i := col[k]; i < len(rec) {
					return strings.TrimSpace(rec[i])
				}
				return ""
			}
			y, err := strconv.Atoi(get("year"))
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d: year %q", path, line+2, get("year"))
			}
			k := releaseKey{kind: get("kind"), who: get("town"), ind: get("indicator"), year: y}
			if k.who == "" {
				k.who = orAll(get("scope"))
			}
			var v *big.Rat
			if t := get("value"); t != "" {
				if v, _ = new(big.Rat).SetString(t); v == nil {
					return nil, nil, fmt.Errorf("%s:%d: value %q", path, line+2, t)
				}
			}
			if _, dup := m[k]; dup {
				return nil, nil, fmt.Errorf("%s:%d: %s %s %s %d listed twice", path, line+2, k.kind, k.who, k.ind, k.year)
			}
			m[k] = releaseFigure{value: v, status: get("status"), official: get("official") == "official", line: line + 2}
		}
		figs[id] = m
	}
	return order, figs, nil
}

// statusKeys are marks as the data files write them: the keys joined by
// "+", final last.
func statusKeys(m marks, final bool) string {
	var parts []string
	for _, n := range markNames {
		if m&n.m != 0 {
			parts = append(parts, n.words[1])
		}
	}
	if final {
		parts = append(parts, "final")
	}
	return strings.Join(parts, "+")
}

// publishedFigures are the oracle's own figures as a release lists them,
// with the cell each is read from, so that a revision can mark it: every
// town's figure and typed growth, every official total row and its typed
// growth. Sums of towns are left out: they change only with a town's
// figure, and take its mark.
func (s *oracleSite) publishedFigures() map[releaseKey]*cell {
	out := map[releaseKey]*cell{}
	shown := func(c *cell, ind int) *cell {
		if c == nil || (c.v == nil && c.marks == 0) {
			return nil
		}
		if f := s.ind(ind).DisplayUnit; f != "" && c.v != nil {
			d := *c
			d.v = new(big.Rat).Mul(c.v, s.ind(ind).factor())
			return &d
		}
		return c
	}
	for i, ind := range s.cfg.Indicators {
		for k, c := range s.data.cells {
			if k.ind == ind.ID {
				if x := shown(c, i); x != nil {
					out[releaseKey{"value", k.town, k.ind, k.year}] = c
				}
			}
		}
		for k, c := range s.data.growth {
			if k.ind == ind.ID && shown(c, i) != nil {
				out[releaseKey{"growth", k.town, k.ind, k.year}] = c
			}
		}
	}
	for k, o := range s.data.officials {
		id := s.cfg.Indicators[k.ind].ID
		if o.value != nil && (o.value.v != nil || o.value.marks != 0) {
			out[releaseKey{"total", k.scope, id, k.year}] = o.value
		}
		if o.growth != nil && (o.growth.v != nil || o.growth.marks != 0) {
			out[releaseKey{"total-growth", k.scope, id, k.year}] = o.growth
		}
	}
	return out
}

// shownValue is a published figure's value as a release lists it: in the
// indicator's display unit.
func (s *oracleSite) shownValue(k releaseKey, c *cell) *big.Rat {
	i := s.indIndex(k.ind)
	if c.v == nil || i < 0 || s.ind(i).DisplayUnit == "" {
		return c.v
	}
	return new(big.Rat).Mul(c.v, s.ind(i).factor())
}

func sameRat(a, b *big.Rat) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && a.Cmp(b) == 0)
}

// applyRevisions marks revised the figures changed since the previous
// publication, and says which release that is ("" for none).
func (s *oracleSite) applyRevisions(siteDir string) (string, error) {
	order, figs, err := readReleases(siteDir)
	if err != nil || len(order) == 0 {
		return "", err
	}
	s.releases, s.released = order, figs
	mine := s.publishedFigures()
	// The site's figures are the latest release's when every figure of
	// that release is the oracle's, with the same marks, and no more.
	latest := figs[order[len(order)-1]]
	isLatest := true
	for k, rf := range latest {
		if k.kind == "total" && s.officialOf(k.who, s.indIndex(k.ind), k.year) == nil {
			continue // a sum of towns
		}
		c := mine[k]
		if c == nil || !sameRat(rf.value, s.shownValue(k, c)) || rf.status != statusKeys(c.marks, c.final) {
			isLatest = false
			break
		}
	}
	for k := range mine {
		if _, ok := latest[k]; !ok {
			isLatest = false
		}
	}
	base := order[len(order)-1]
	if isLatest {
		s.current = base
		if len(order) < 2 {
			return "", nil
		}
		base = order[len(order)-2]
		// What the current release revised on the one before, by the two
		// releases' own figures: the entries its page lists as revised.
		entries, err := readRevisionEntries(siteDir, s.current)
		if err != nil {
			return "", err
		}
		s.revisedNow = map[releaseKey]string{}
		for k, was := range figs[base] {
			if now, ok := latest[k]; ok && was.value != nil && now.value != nil && !sameRat(was.value, now.value) {
				s.revisedNow[k] = entries[k] // "" when revisions.csv lists none: every link to it is then wrong
			}
		}
	}
	s.markRevisedSince(figs[base])
	return base, nil
}

// markRevisedSince marks revised every figure of the oracle's whose value
// differs from the one the release before published (its figures.csv).
func (s *oracleSite) markRevisedSince(before map[releaseKey]releaseFigure) {
	mine := s.publishedFigures()
	for k, rf := range before {
		c := mine[k]
		if c == nil || rf.value == nil || c.v == nil || sameRat(rf.value, s.shownValue(k, c)) {
			continue
		}
		c.marks |= mRevised
	}
	s.figures = map[scopeKey]scopeFigure{} // computed again with the marks
	s.targetList = nil
}

// readRevisionEntries reads the entries a release's revisions.csv lists
// as revised figures, by figure: the anchor of each on the release's page
// (its entry column).
func readRevisionEntries(siteDir, id string) (map[releaseKey]string, error) {
	file := filepath.Join(siteDir, "releases", id, "revisions.csv")
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	// The heads are bilingual, "变化 / change": the English word names
	// the column.
	col := map[string]int{}
	for i, h := range recs[0] {
		if _, en, ok := strings.Cut(h, " / "); ok {
			h = en
		}
		col[strings.TrimSpace(h)] = i
	}
	for _, need := range []string{"change", "kind", "town or scope", "indicator", "year", "entry"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s: no column %q; teach the oracle", file, need)
		}
	}
	out := map[releaseKey]string{}
	for line, rec := range recs[1:] {
		get := func(k string) string {
			if i := col[k]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if get("change") != "revised" {
			continue
		}
		y, err := strconv.Atoi(get("year"))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: year %q", file, line+2, get("year"))
		}
		out[releaseKey{kind: get("kind"), who: get("town or scope"), ind: get("indicator"), year: y}] = get("entry")
	}
	return out, nil
}

// markLinks are where the marks of an HTML cell or headline figure link
// off their page (the r of a revised figure), as the page writes them;
// a footnote's number links to the page's own legend ("#fn-1"), which is
// not one.
func markLinks(n *html.Node) []string {
	var out []string
	for _, sup := range find(n, isElem(atom.Sup)) {
		for _, a := range find(sup, isElem(atom.A)) {
			if href := attr(a, "href"); href != "" && !strings.HasPrefix(href, "#") {
				out = append(out, href)
			}
		}
	}
	return out
}

// revisionKey names the figure fr as a release lists it, where it is one
// a release lists: a town's figure, a scope's total, or the growth typed
// beside either (the office's, which pages show where it gave one); a
// growth computed from the levels, a change and a target's figures are
// not.
func (s *oracleSite) revisionKey(fr figRef) (releaseKey, bool) {
	if fr.target >= 0 || fr.ind < 0 || fr.ind >= len(s.cfg.Indicators) || (fr.town == nil && fr.scope == "") {
		return releaseKey{}, false
	}
	id, year := s.cfg.Indicators[fr.ind].ID, fr.year
	k := releaseKey{who: fr.scope, ind: id, year: year}
	if fr.town != nil {
		k.who = fr.town.id
	}
	switch fr.kind {
	case kPrev:
		k.year--
		fallthrough
	case kValue:
		k.kind = "total"
		if fr.town != nil {
			k.kind = "value"
		}
	case kDelta, kGrowth, kPoints:
		if fr.town != nil {
			if c := s.data.growth[cellKey{fr.town.id, id, year}]; c == nil || c.v == nil {
				return releaseKey{}, false
			}
			k.kind = "growth"
			break
		}
		if o := s.data.officials[officialKey{fr.scope, fr.ind, year}]; o == nil || o.growth == nil || o.growth.v == nil {
			return releaseKey{}, false
		}
		k.kind = "total-growth"
	default:
		return releaseKey{}, false
	}
	return k, true
}

// checkRevisionLink checks the links of a figure's marks on page g.page:
// a figure the current release revised links, from its r, to its entry
// on the release's page in the page's edition
// ([en/]releases/<id>/index.html#<entry>), and only such a figure links
// to a revision, its own.
func (s *oracleSite) checkRevisionLink(g *grid, fr figRef, links []string, where string, f *findings) {
	var to []string
	for _, l := range links {
		file, frag, _ := strings.Cut(l, "#")
		to = append(to, path.Join(path.Dir(g.page), file)+"#"+frag)
	}
	k, named := s.revisionKey(fr)
	entry, revised := s.revisedNow[k]
	revised = revised && named
	edition := ""
	if strings.HasPrefix(g.page, "en/") {
		edition = "en/"
	}
	want := edition + "releases/" + s.current + "/index.html#" + entry
	switch {
	case revised && len(to) == 0:
		f.add(finding{class: "revisions: a revised figure's r does not link to its revision entry", where: where, what: s.describe(fr), want: want, got: "no link"})
	case !revised && len(to) > 0:
		f.add(finding{class: "revisions: a mark links to a revision the figure has not", where: where, what: s.describe(fr), want: "no link: not revised by the current release", got: strings.Join(to, " ")})
	case revised && (len(to) != 1 || to[0] != want || entry == ""):
		f.add(finding{class: "revisions: the r links to another entry than its figure's", where: where, what: s.describe(fr), want: want, got: strings.Join(to, " ")})
	}
	if revised {
		f.count("revision links")
	}
}
