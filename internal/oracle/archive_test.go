package oracle

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/build"
	"github.com/townpress/townpress/internal/sitetest"
)

// The archived releases (README, "Releases"). Every build publishes every
// release of the store under releases/<id>/, byte for byte: what a reader
// downloaded from a release stays what that release published. The
// oracle checks
//
//   - every archived file against its release's SHA256SUMS (and the
//     SHA256SUMS of its downloads/ and en/downloads/, which a reader
//     checks with sha256sum -c), and that no file was added;
//   - the downloads of the release the site's figures are, byte for byte
//     the site's own (checkCurrentRelease), which the oracle checks;
//   - the downloads of every other release against that release's own
//     figures: its figures.csv (every figure it published, with its
//     marks) and towns.csv, as a reader of the archive would read them,
//     never today's workbook; the figures it did not list (sums of
//     towns, growth, change, coverage, ranks, targets) the oracle
//     computes from them as it does from the workbook, and holds the
//     release's own sums (figures.csv) and targets (targets.csv) to them.
//
// What a release does not keep is taken from today's site: config.toml
// (indicators, tiers, targets, decimals, rounding) and each town's year
// of recognition (towns.csv lists id, names and tier). A release keeps no
// footnotes: in its downloads a figure's note is only checked to be one
// of its file's notes.

// checkReleases checks every release of the store as the built site
// publishes it.
func (s *oracleSite) checkReleases(out string, f *findings) error {
	if err := s.checkCurrentRelease(out, f); err != nil {
		return err
	}
	for i, id := range s.releases {
		if err := s.checkChecksums(out, id, f); err != nil {
			return err
		}
		if id == s.current {
			continue
		}
		rs, err := s.releaseOracle(id)
		if err != nil {
			return err
		}
		sf := newFindings()
		if err := rs.checkSnapshot(id, sf); err != nil {
			return err
		}
		f.fold(sf, "releases/"+id+" sums and targets")
		if i > 0 {
			rs.markRevisedSince(s.released[s.releases[i-1]])
		}
		rf := newFindings()
		if err := rs.checkDownloads(out, "releases/"+id+"/", rf); err != nil {
			return err
		}
		f.fold(rf, "releases/"+id+" downloads")
	}
	return nil
}

// checkChecksums checks every file of an archived release as published
// (out/releases/<id>/) against the store's SHA256SUMS of the release, and
// the SHA256SUMS files within it (downloads/, en/downloads/) against
// their folders; a file none lists is a finding (the release's page,
// index.html, is the build's).
func (s *oracleSite) checkChecksums(out, id string, f *findings) error {
	prefix := "releases/" + id + "/"
	dir := filepath.Join(out, "releases", id)
	output := "releases/" + id + " SHA256SUMS"
	store, err := os.ReadFile(filepath.Join(s.siteDir, "releases", id, "SHA256SUMS"))
	if err != nil {
		return err
	}
	if published, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS")); err != nil || !bytes.Equal(published, store) {
		got := "another file"
		if err != nil {
			got = err.Error()
		}
		f.add(finding{class: "releases: an archived file does not match its release's SHA256SUMS", where: prefix + "SHA256SUMS", what: "file",
			want: "the store's releases/" + id + "/SHA256SUMS", got: got})
	}
	listed := map[string]bool{"SHA256SUMS": true, "index.html": true}
	var sums []string // the SHA256SUMS files the release lists
	err = eachChecksum(store, func(line int, sum, name string) {
		listed[name] = true
		if path.Base(name) == "SHA256SUMS" {
			sums = append(sums, name)
		}
		s.checkChecksum(dir, prefix, name, sum, fmt.Sprintf("the store's releases/%s/SHA256SUMS line %d", id, line), output, f)
	})
	if err != nil {
		return fmt.Errorf("releases/%s/SHA256SUMS: %w", id, err)
	}
	for _, name := range sums {
		raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			continue // reported above
		}
		sub := path.Dir(name)
		err = eachChecksum(raw, func(line int, sum, file string) {
			s.checkChecksum(dir, prefix, sub+"/"+file, sum, fmt.Sprintf("%s%s line %d", prefix, name, line), output, f)
		})
		if err != nil {
			f.add(finding{class: "releases: a SHA256SUMS the oracle cannot read", where: prefix + name, what: "file", want: "sha256sum's lines", got: err.Error()})
		}
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if !listed[filepath.ToSlash(rel)] {
			f.add(finding{class: "releases: a file in an archived release its SHA256SUMS does not list", where: prefix + filepath.ToSlash(rel), what: "file",
				want: "only the files of releases/" + id + "/SHA256SUMS", got: "an extra file"})
		}
		return nil
	})
}

// checkChecksum checks one file of an archived release against its sum.
func (s *oracleSite) checkChecksum(dir, prefix, name, sum, from, output string, f *findings) {
	f.count(output)
	raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		f.add(finding{class: "releases: a file of an archived release is missing", where: prefix + name, what: "file", want: "the file " + from + " lists", got: err.Error()})
		return
	}
	got := sha256.Sum256(raw)
	if hex.EncodeToString(got[:]) != strings.ToLower(sum) {
		f.add(finding{class: "releases: an archived file does not match its release's SHA256SUMS", where: prefix + name, what: "file",
			want: "sha256 " + sum + " (" + from + ")", got: "sha256 " + hex.EncodeToString(got[:])})
	}
}

// eachChecksum reads the lines of a SHA256SUMS file as sha256sum writes
// them: the hex sum, two spaces (or a space and * for binary), the path.
func eachChecksum(raw []byte, fn func(line int, sum, name string)) error {
	sc := bufio.NewScanner(bytes.NewReader(raw))
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" {
			continue
		}
		sum, name, ok := strings.Cut(text, " ")
		name = strings.TrimPrefix(strings.TrimPrefix(name, " "), "*")
		if !ok || len(sum) != 64 || name == "" {
			return fmt.Errorf("line %d: %q is not a sum and a file", n, text)
		}
		if _, err := hex.DecodeString(sum); err != nil {
			return fmt.Errorf("line %d: %q is not a sum and a file", n, text)
		}
		fn(n, sum, name)
	}
	return sc.Err()
}

// releaseOracle is the oracle of an archived release: its towns (towns.csv,
// with the year each was recognised from today's towns sheet) and every
// figure it published (figures.csv) in place of the workbook's, with
// today's config. The r marks of the figures it revised are the caller's
// to add (markRevisedSince), after checkSnapshot: a release's snapshot
// is taken before them.
func (s *oracleSite) releaseOracle(id string) (*oracleSite, error) {
	dir := filepath.Join(s.siteDir, "releases", id)
	figs := s.released[id]
	data := &workbookData{values: map[string]map[string]map[int]*big.Rat{}, cells: map[cellKey]*cell{}, growth: map[cellKey]*cell{},
		officials: map[officialKey]*official{}, provisional: map[int]bool{}}
	towns, err := s.releaseTowns(filepath.Join(dir, "towns.csv"))
	if err != nil {
		return nil, err
	}
	data.towns = towns
	known := map[string]bool{}
	for _, t := range towns {
		known[t.id] = true
	}
	years := map[int]bool{}
	for k, rf := range figs {
		at := fmt.Sprintf("releases/%s/figures.csv:%d", id, rf.line)
		ind := s.indIndex(k.ind)
		if ind < 0 {
			return nil, fmt.Errorf("%s: indicator %q is not in config.toml; the oracle reads a release with today's indicators", at, k.ind)
		}
		m, final, ok := readStatus(rf.status)
		if !ok {
			return nil, fmt.Errorf("%s: status %q is not one the oracle reads", at, rf.status)
		}
		c := &cell{marks: m, final: final, at: at}
		if rf.value != nil && m&(mConfidential|mNotApplicable|mBelow) == 0 {
			// As kept: a figure shown in a display unit is listed in it.
			c.v = new(big.Rat).Quo(rf.value, s.ind(ind).factor())
		}
		years[k.year] = true
		switch k.kind {
		case "value", "growth":
			if !known[k.who] {
				return nil, fmt.Errorf("%s: town %q is not in the release's towns.csv", at, k.who)
			}
			ck := cellKey{k.who, k.ind, k.year}
			if k.kind == "growth" {
				data.growth[ck] = c
				continue
			}
			data.cells[ck] = c
			if c.v != nil {
				if data.values[k.who] == nil {
					data.values[k.who] = map[string]map[int]*big.Rat{}
				}
				if data.values[k.who][k.ind] == nil {
					data.values[k.who][k.ind] = map[int]*big.Rat{}
				}
				data.values[k.who][k.ind][k.year] = c.v
				data.read++
			}
		case "total", "total-growth":
			if !rf.official {
				continue // a sum of towns: the oracle's own (checkSnapshot)
			}
			if k.who != "all" && tierOf(s.cfg, k.who) < 0 {
				return nil, fmt.Errorf("%s: scope %q is not a tier of config.toml", at, k.who)
			}
			key := officialKey{k.who, ind, k.year}
			o := data.officials[key]
			if o == nil {
				o = &official{}
				data.officials[key] = o
			}
			if k.kind == "total" {
				o.value = c
			} else {
				o.growth = c
			}
		default:
			return nil, fmt.Errorf("%s: kind %q is not one the oracle reads", at, k.kind)
		}
	}
	if len(years) == 0 {
		return nil, fmt.Errorf("releases/%s/figures.csv: no figures", id)
	}
	for y := minYear(years); y <= maxYear(years); y++ {
		data.years = append(data.years, y)
	}
	rs := newOracleSite(s.cfg, data)
	rs.siteDir, rs.notesUnknown = s.siteDir, true
	rs.releases, rs.released = s.releases, s.released
	return rs, nil
}

// releaseTowns reads a release's towns.csv (id, name, name_en, tier) in
// its order, which is the site's; each town's year of recognition, which
// a release does not keep, is today's towns sheet's.
func (s *oracleSite) releaseTowns(path string) ([]*town, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	header, rows, err := readCSV(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, need := range []string{"id", "name", "name_en", "tier"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s: no column %s; teach the oracle", path, need)
		}
	}
	var out []*town
	for r, row := range rows {
		get := func(k string) string {
			if i := col[k]; i < len(row) {
				return strings.TrimSpace(row[i].text)
			}
			return ""
		}
		t := &town{id: get("id"), name: get("name"), nameEn: get("name_en"), tier: tierOf(s.cfg, get("tier")), sheetRow: r}
		if t.tier < 0 {
			return nil, fmt.Errorf("%s:%d: tier %q is not in config.toml", path, r+2, get("tier"))
		}
		today := s.townByKey[headerKey(t.id)]
		if today == nil {
			return nil, fmt.Errorf("%s:%d: town %s is not in today's towns sheet, where the oracle finds the year it was recognised; teach the oracle", path, r+2, t.id)
		}
		t.recognised = today.recognised
		out = append(out, t)
	}
	return out, nil
}

// checkSnapshot holds what a release wrote of the figures it computed —
// the sums of towns in its figures.csv, its targets' status and actual in
// targets.csv — to the oracle's own computation from the figures it
// published.
func (rs *oracleSite) checkSnapshot(id string, f *findings) error {
	output := "releases/" + id + " figures"
	g := &grid{output: output, sem: data}
	listed := map[releaseKey]bool{}
	for k, rf := range rs.released[id] {
		if k.kind != "total" || rf.official {
			continue
		}
		listed[k] = true
		ind := rs.indIndex(k.ind)
		fig := rs.figure(k.who, ind, k.year)
		where := fmt.Sprintf("releases/%s/figures.csv line %d (total %s %s %d)", id, rf.line, k.who, k.ind, k.year)
		if fig.official {
			f.add(finding{class: "releases: an official total listed as the towns' sum", where: where, what: "official", want: "official", got: "summed"})
			continue
		}
		text := ""
		if rf.value != nil {
			text = exactText(rf.value)
		}
		rs.compareData(g, fig.value, text, where, "total's value", f)
		if want := statusKeys(fig.value.marks, fig.value.final); want != rf.status {
			f.add(finding{class: "releases: a sum of towns with other marks than its towns'", where: where, what: "status", want: orDash(want), got: orDash(rf.status)})
		}
	}
	// Every sum the oracle finds is listed.
	scopes := []string{"all"}
	for _, t := range rs.cfg.Tiers {
		scopes = append(scopes, t.ID)
	}
	for _, scope := range scopes {
		for i, ind := range rs.cfg.Indicators {
			for _, y := range rs.years {
				fig := rs.figure(scope, i, y)
				if !fig.hasTotal || fig.official || fig.value.x == nil {
					continue
				}
				f.count(output)
				if !listed[releaseKey{"total", scope, ind.ID, y}] {
					f.add(finding{class: "releases: a sum of towns the release does not list", where: "releases/" + id + "/figures.csv", what: fmt.Sprintf("total %s %s %d", scope, ind.ID, y),
						want: exactText(fig.value.x), got: "not listed"})
				}
			}
		}
	}
	// Its targets.
	raw, err := os.ReadFile(filepath.Join(rs.siteDir, "releases", id, "targets.csv"))
	if err != nil {
		return err
	}
	header, rows, err := readCSV(raw)
	if err != nil {
		return fmt.Errorf("releases/%s/targets.csv: %w", id, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, need := range []string{"id", "year", "status", "actual"} {
		if _, ok := col[need]; !ok {
			return fmt.Errorf("releases/%s/targets.csv: no column %s; teach the oracle", id, need)
		}
	}
	seen := map[string]bool{}
	for r, row := range rows {
		get := func(k string) string {
			if i := col[k]; i < len(row) {
				return strings.TrimSpace(row[i].text)
			}
			return ""
		}
		where := fmt.Sprintf("releases/%s/targets.csv line %d (%s)", id, r+2, get("id"))
		ti := -1
		for i, tc := range rs.cfg.Targets {
			if tc.ID == get("id") {
				ti = i
			}
		}
		if ti < 0 {
			f.add(finding{class: "releases: a target config.toml does not have", where: where, what: "target", want: "a target of config.toml", got: get("id")})
			continue
		}
		seen[get("id")] = true
		tr := rs.targetResultOf(ti)
		f.count(output)
		if y, _ := strconv.Atoi(get("year")); y != tr.cfg.Year {
			f.add(finding{class: "releases: a target of another year", where: where, what: "year", want: strconv.Itoa(tr.cfg.Year), got: get("year")})
		}
		if get("status") != tr.status {
			f.add(finding{class: "target: wrong status", where: where, what: "status of target " + tr.cfg.ID, want: tr.status, got: get("status")})
		}
		actual := tr.actual
		if tr.cfg.Measure == "each" {
			actual = expect{x: big.NewRat(int64(tr.met), 1)}
		}
		rs.compareData(g, actual, get("actual"), where, "actual of target "+tr.cfg.ID, f)
	}
	var missing []string
	for _, tc := range rs.cfg.Targets {
		if !seen[tc.ID] {
			missing = append(missing, tc.ID)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		f.add(finding{class: "releases: a target of config.toml the release does not list", where: "releases/" + id + "/targets.csv", what: "targets",
			want: strings.Join(missing, ", "), got: "not listed"})
	}
	return nil
}

// TestOracleChecksReleaseSnapshot shows that the oracle holds what a
// release wrote of the figures it computed to its own computation from
// the figures it published: in a copy of the store, 2024-preliminary's
// sum of the county towns' employment in 2023 one more than theirs, and
// a target it did not meet said met.
func TestOracleChecksReleaseSnapshot(t *testing.T) {
	const id = "2024-preliminary"
	site := sitetest.Copy(t, root, "config.toml", "data", "releases").
		Edit("releases/"+id+"/figures.csv", func(s string) string {
			return mustReplace(t, s, "total,,county,employment,2023,7620,,summed,", "total,,county,employment,2023,7621,,summed,")
		}).
		Edit("releases/"+id+"/targets.csv", func(s string) string {
			return mustReplace(t, s, "output-growth-2024,2024,not-met,16.0,", "output-growth-2024,2024,met,16.0,")
		})
	s := loadOracle(t, site.Dir)
	rs, err := s.releaseOracle(id)
	if err != nil {
		t.Fatal(err)
	}
	f := newFindings()
	if err := rs.checkSnapshot(id, f); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range f.list {
		got = append(got, x.class+" @ "+x.where+": want "+x.want+", got "+x.got)
	}
	want := []string{
		"data: wrong figure @ releases/" + id + "/figures.csv line 933 (total county employment 2023): want 7620, got 7621",
		"target: wrong status @ releases/" + id + "/targets.csv line 3 (output-growth-2024): want not-met, got met",
	}
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func mustReplace(t *testing.T, s, from, to string) string {
	t.Helper()
	if !strings.Contains(s, from) {
		t.Fatalf("no %q; update the test", from)
	}
	return strings.Replace(s, from, to, 1)
}

// TestOracleChecksEveryReleaseOfADraft checks a draft of the next release:
// a copy of the sample whose workbook has changed since 2024-revised (the
// office's 2022 合计 of new investment 1 亿元 more), so that no release is
// the site's and the oracle checks both archives against their own
// figures — 2024-revised's with the r marks of what it revised on
// 2024-preliminary, which the sample alone does not reach.
func TestOracleChecksEveryReleaseOfADraft(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a copy of the sample")
	}
	site := sitetest.Copy(t, root, "config.toml", "data", "releases")
	offsetTotal(t, filepath.Join(site.Dir, "data", "taiyuan.xlsx"), "2022年", "新增投资（亿元）", 1)
	out := filepath.Join(site.Dir, "public")
	if _, err := build.Build(build.Options{Config: filepath.Join(site.Dir, "config.toml"), Out: out}); err != nil {
		t.Fatal(err)
	}
	s := loadOracle(t, site.Dir)
	if s.current != "" || len(s.releases) != 2 {
		t.Fatalf("current release %q of %v: want a draft after two releases", s.current, s.releases)
	}
	f := newFindings()
	if err := s.checkReleases(out, f); err != nil {
		t.Fatal(err)
	}
	for _, id := range s.releases {
		if n := f.compared["releases/"+id+" downloads"]; n < 10000 {
			t.Errorf("releases/%s: %d figures of its downloads compared", id, n)
		}
	}
	if len(f.list) > 0 {
		g := newFindings()
		g.list, g.compared = f.list, f.compared
		var b bytes.Buffer
		g.report(&b, 6)
		t.Errorf("%d disagreements in the archived releases of a draft:\n%s", len(f.list), b.String())
	} else {
		var b bytes.Buffer
		f.report(&b, 0)
		t.Log(b.String())
	}
}
