package release

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/status"
)

func ref(kind model.FigureKind, who, ind string, year int) model.FigureRef {
	r := model.FigureRef{Kind: kind, Indicator: ind, Year: year}
	if kind >= model.ScopeTotal {
		r.Scope = who
	} else {
		r.Town = who
	}
	return r
}

func snap(figs ...Figure) *Snapshot {
	return &Snapshot{Towns: []Town{{ID: "jia", Name: "甲镇", NameEn: "Jia", Tier: "provincial"}}, Figures: figs,
		Targets: []Target{{ID: "t1", Year: 2024, Status: model.Met, Actual: "31.5"}}, Pages: []string{"index.html", "towns/jia/index.html"}}
}

// Diff tells a revision from a change of marks, an addition and a
// removal; the same value typed with another precision is no change.
func TestDiff(t *testing.T) {
	prev := snap(
		Figure{FigureRef: ref(model.TownValue, "jia", "output", 2024), Value: "22.8", Flag: status.Provisional},
		Figure{FigureRef: ref(model.TownValue, "jia", "investment", 2024), Value: "5.9", Flag: status.Provisional},
		Figure{FigureRef: ref(model.TownValue, "jia", "entities", 2024), Value: "1458.0"},
		Figure{FigureRef: ref(model.TownValue, "jia", "platforms", 2024), Value: "2"},
		Figure{FigureRef: ref(model.ScopeTotal, "", "output", 2024), Value: "131.6", Official: true},
	)
	cur := snap(
		Figure{FigureRef: ref(model.TownValue, "jia", "output", 2024), Value: "23.5"},
		Figure{FigureRef: ref(model.TownValue, "jia", "investment", 2024), Value: "5.90"},
		Figure{FigureRef: ref(model.TownValue, "jia", "entities", 2024), Value: "1458"},
		Figure{FigureRef: ref(model.TownValue, "jia", "platforms", 2024), Flag: status.Confidential},
		Figure{FigureRef: ref(model.ScopeTotal, "", "output", 2024), Value: "131.6", Official: true},
		Figure{FigureRef: ref(model.TownValue, "jia", "output", 2025), Value: "1"},
	)
	got := map[model.FigureRef]What{}
	for _, c := range Diff(prev, cur) {
		got[c.FigureRef] = c.What
	}
	want := map[model.FigureRef]What{
		ref(model.TownValue, "jia", "output", 2024):     Revised,
		ref(model.TownValue, "jia", "investment", 2024): Marks,
		ref(model.TownValue, "jia", "platforms", 2024):  Revised, // withheld now
		ref(model.TownValue, "jia", "output", 2025):     Added,
	}
	if len(got) != len(want) {
		t.Errorf("changes %v, want %v", got, want)
	}
	for r, w := range want {
		if got[r] != w {
			t.Errorf("%+v: %v, want %v", r, got[r], w)
		}
	}
	if refs := RevisedRefs(Diff(prev, cur)); len(refs) != 2 {
		t.Errorf("revised refs %v", refs)
	}
	back := Diff(cur, prev)
	if c := Count(back); c.Removed != 1 || c.Revised != 2 || c.Status != 1 {
		t.Errorf("reverse counts %+v", c)
	}
}

// Anchors are unique for different figures: ids have no "_".
func TestAnchor(t *testing.T) {
	seen := map[string]model.FigureRef{}
	for _, r := range []model.FigureRef{
		ref(model.TownValue, "a-b", "c", 2024), ref(model.TownValue, "a", "b-c", 2024), ref(model.TownGrowth, "a", "b-c", 2024),
		ref(model.ScopeTotal, "", "output", 2024), ref(model.ScopeTotal, "provincial", "output", 2024), ref(model.ScopeGrowth, "", "output", 2024),
	} {
		a := Anchor(r)
		if o, dup := seen[a]; dup {
			t.Errorf("%+v and %+v share the anchor %s", o, r, a)
		}
		seen[a] = r
	}
	if got := EntryHref("2024-revised", ref(model.TownValue, "jia", "output", 2024)); got != "releases/2024-revised/index.html#rev_value_jia_output_2024" {
		t.Errorf("href %s", got)
	}
}

// A snapshot reads back as written; a file changed by hand is an error at
// its line.
func TestSnapshotRoundTrip(t *testing.T) {
	s := snap(
		Figure{FigureRef: ref(model.TownValue, "jia", "output", 2024), Value: "22.8", Flag: status.Provisional | status.Break},
		Figure{FigureRef: ref(model.TownValue, "jia", "platforms", 2024), Flag: status.Confidential},
		Figure{FigureRef: ref(model.TownGrowth, "jia", "output", 2024), Value: "32.6"},
		Figure{FigureRef: ref(model.ScopeTotal, "", "output", 2024), Value: "131.6", Official: true},
		Figure{FigureRef: ref(model.ScopeGrowth, "provincial", "output", 2024), Value: "-1.5", Official: true},
	)
	dir := t.TempDir()
	for name, b := range s.Files() {
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	var problems diag.List
	back := ReadSnapshot(os.DirFS(dir), ".", &problems)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	for name, b := range back.Files() {
		if !bytes.Equal(b, s.Files()[name]) {
			t.Errorf("%s reads back as\n%s\nwant\n%s", name, b, s.Files()[name])
		}
	}
	if !SameFigures(s, back) {
		t.Error("not the same figures")
	}
	csv := string(s.Files()[FiguresFile])
	for _, line := range []string{"value,jia,,output,2024,22.8,provisional+break,", "total,,all,output,2024,131.6,,official", "total-growth,,provincial,output,2024,-1.5,,official"} {
		if !strings.Contains(csv, line+"\n") {
			t.Errorf("figures.csv has no line %q:\n%s", line, csv)
		}
	}
	os.WriteFile(filepath.Join(dir, FiguresFile), []byte(strings.Replace(csv, "provisional+break", "provisonal", 1)), 0o644)
	problems = nil
	ReadSnapshot(os.DirFS(dir), ".", &problems)
	if got := problems.Error(); !strings.HasPrefix(got, `figures.csv:2: status "provisonal" is not what townpress writes`) {
		t.Errorf("problems: %s", got)
	}
}

// writeRelease writes a release of snapshot s into the store of site dir.
func writeRelease(t *testing.T, dir string, meta Meta, s *Snapshot, extra map[string][]byte) {
	t.Helper()
	files := s.Files()
	b, _ := json.Marshal(meta)
	files[MetaFile] = b
	for k, v := range extra {
		files[k] = v
	}
	if _, err := Write(dir, "releases", meta.ID, files); err != nil {
		t.Fatal(err)
	}
}

// Open verifies every file of every release: a file changed, added,
// removed or linked after the release is an error that names it.
func TestStoreVerifies(t *testing.T) {
	setup := func() string {
		dir := t.TempDir()
		writeRelease(t, dir, Meta{ID: "r1", Date: "2025-03-31", Title: "初步数"}, snap(), map[string][]byte{"downloads/report-2024.xlsx": []byte("report")})
		writeRelease(t, dir, Meta{ID: "r2", Date: "2025-09-30", Title: "修订", Previous: "r1"}, snap(), nil)
		return dir
	}
	dir := setup()
	st, problems := Open(os.DirFS(dir), "releases")
	if len(problems) > 0 || len(st.Releases) != 2 || st.Latest().ID != "r2" || st.Latest().PreviousRelease().ID != "r1" {
		t.Fatalf("store %+v, problems %v", st, problems)
	}
	if len(st.Releases[0].Files) != 6 {
		t.Errorf("r1 files: %+v", st.Releases[0].Files)
	}
	for _, c := range []struct {
		name   string
		damage func(dir string)
		want   string
	}{
		{"changed", func(d string) {
			os.WriteFile(filepath.Join(d, "releases/r1/downloads/report-2024.xlsx"), []byte("REPORT"), 0o644)
		},
			"releases/r1/downloads/report-2024.xlsx: does not match its checksum in releases/r1/SHA256SUMS"},
		{"added", func(d string) { os.WriteFile(filepath.Join(d, "releases/r1/downloads/extra.csv"), nil, 0o644) },
			"releases/r1/downloads/extra.csv: is not listed in releases/r1/SHA256SUMS"},
		{"removed", func(d string) { os.Remove(filepath.Join(d, "releases/r1/figures.csv")) },
			"releases/r1/figures.csv: is listed in releases/r1/SHA256SUMS but missing"},
		{"linked", func(d string) {
			p := filepath.Join(d, "releases/r1/towns.csv")
			os.Remove(p)
			os.Symlink("/etc/passwd", p)
		}, "releases/r1/towns.csv: is a symbolic link"},
		{"chain", func(d string) {
			os.RemoveAll(filepath.Join(d, "releases/r1"))
		}, `releases/r2/release.json: the release before it, "r1", is not in the store`},
		{"folder name", func(d string) { os.Rename(filepath.Join(d, "releases/r2"), filepath.Join(d, "releases/r3")) },
			`releases/r3/release.json: the release's id is "r2", but its folder is releases/r3`},
	} {
		dir := setup()
		c.damage(dir)
		_, problems := Open(os.DirFS(dir), "releases")
		if !problems.HasErrors() || !strings.Contains(problems.Error(), c.want) {
			t.Errorf("%s: problems:\n%v\nwant %s", c.name, problems, c.want)
		}
		if zh := problems.In(diag.Zh); zh == problems.In(diag.En) {
			t.Errorf("%s: not in Chinese: %s", c.name, zh)
		}
	}
	// A store that does not exist is empty, not an error.
	if st, problems := Open(os.DirFS(t.TempDir()), "releases"); len(problems) > 0 || st.Latest() != nil {
		t.Errorf("no store: %v %v", st, problems)
	}
}

const calendarConfig = `[site]
title = "测试门户"
title_en = "Test portal"
base_url = "https://towns.example.cn"
[[tiers]]
id = "provincial"
name = "省级"
[[indicators]]
id = "output"
name = "工业产值"
unit = "亿元"
[[calendar]]
date = 2025-03-31
what = "2024年年报 初步数，含各镇、各级别的工业产值；分号; 反斜杠\\ 和很长很长很长很长很长很长很长很长很长很长很长很长的说明"
what_en = "2024 annual report, preliminary"
status = "published"
release = "r1"
[[calendar]]
id = "annual-2025"
date = 2026-03-31
what = "2025年年报 初步数"
`

// calendar.ics is a valid RFC 5545 file: a calendar library reads back
// every event with its UID, day and summary, every line is at most 75
// octets and ends in CRLF, no line breaks inside a UTF-8 character, and a
// release no entry names is an event too.
func TestCalendarICS(t *testing.T) {
	cfg, problems, err := config.Parse("config.toml", []byte(calendarConfig))
	if err != nil || problems.HasErrors() {
		t.Fatal(err, problems)
	}
	dir := t.TempDir()
	writeRelease(t, dir, Meta{ID: "r1", Date: "2025-03-31", Title: "初步数"}, snap(), nil)
	writeRelease(t, dir, Meta{ID: "r2", Date: "2025-09-30", Title: "修订", TitleEn: "Revised", Previous: "r1"}, snap(), nil)
	st, problems := Open(os.DirFS(dir), "releases")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	a := &Archive{Site: &model.Site{Config: cfg}, Store: st}
	raw := a.Calendar().ICS(false)
	if !bytes.HasSuffix(raw, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("the file does not end with END:VCALENDAR and CRLF")
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Split(splitCRLF)
	var unfolded []string
	for sc.Scan() {
		line := sc.Text()
		if len(line) > 75 {
			t.Errorf("a line of %d octets: %q", len(line), line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("a bare CR or LF in %q", line)
		}
		if strings.HasPrefix(line, " ") {
			unfolded[len(unfolded)-1] += line[1:]
			continue
		}
		unfolded = append(unfolded, line)
	}
	if !bytes.Equal(raw, bytes.ToValidUTF8(raw, nil)) {
		t.Error("a fold cut a UTF-8 character")
	}
	joined := strings.Join(unfolded, "\n")
	for _, want := range []string{
		`SUMMARY:2024年年报 初步数，含各镇、各级别的工业产值；分号\; 反斜杠\\ 和很长`,
		"DTSTAMP:20250930T000000Z", "DTSTART;VALUE=DATE:20260331", "DTEND;VALUE=DATE:20260401",
		"UID:annual-2025@towns.example.cn", "UID:2025-03-31-1@towns.example.cn", "UID:release-r2@towns.example.cn",
		"URL;VALUE=URI:https://towns.example.cn/releases/r1/index.html",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("no %q in:\n%s", want, joined)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 3 {
		t.Fatalf("%d events, want 3", len(events))
	}
	for i, want := range []struct{ uid, day, summary string }{
		{"2025-03-31-1@towns.example.cn", "20250331", "2024年年报 初步数，含各镇"},
		{"release-r2@towns.example.cn", "20250930", "修订"},
		{"annual-2025@towns.example.cn", "20260331", "2025年年报 初步数"},
	} {
		e := events[i]
		start, err := e.GetAllDayStartAt()
		if e.Id() != want.uid || err != nil || start.Format("20060102") != want.day {
			t.Errorf("event %d: %s at %v (%v), want %s at %s", i, e.Id(), start, err, want.uid, want.day)
		}
		if s := ics.FromText(e.GetProperty(ics.ComponentPropertySummary).Value); !strings.HasPrefix(s, want.summary) {
			t.Errorf("event %d summary %q, want %q…", i, s, want.summary)
		}
	}
	if en := string(a.Calendar().ICS(true)); !strings.Contains(en, "SUMMARY:Revised\r\n") || !strings.Contains(en, "/en/releases/r1/index.html") {
		t.Errorf("the English calendar:\n%s", en)
	}
	if next := a.Calendar().Next(); next == nil || next.ID != "annual-2025" {
		t.Errorf("next %+v", next)
	}
	// 最近更新 / 下次更新: the latest release, or an indicator's own
	// dates where they are later.
	for _, c := range []struct {
		updated, next, want string
	}{
		{"", "", "最近更新：2025年9月30日；下次更新：2026年3月31日"},
		{"2025-03-31", "2025-06-30", "最近更新：2025年9月30日；下次更新：2026年3月31日"}, // the release came after both
		{"2025-10-15", "2026-01-31", "最近更新：2025年10月15日；下次更新：2026年1月31日"},
	} {
		ind := &model.Indicator{Indicator: config.Indicator{Meta: config.Meta{Updated: c.updated, NextUpdate: c.next}}}
		if got := a.Updates(ind, false).Text; got != c.want {
			t.Errorf("updated %q, next %q: %q, want %q", c.updated, c.next, got, c.want)
		}
	}
	if got := a.Updates(nil, true).Text; got != "Last updated: 30 September 2025; Next update: 31 March 2026" {
		t.Errorf("a report's updates: %q", got)
	}
	// The same calendar twice is the same file: no clock in it.
	if !bytes.Equal(raw, a.Calendar().ICS(false)) {
		t.Error("two calendars differ")
	}
}

func splitCRLF(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.Index(data, []byte("\r\n")); i >= 0 {
		return i + 2, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// The legend below a release's revisions names the marks its figures
// show, and only those, in the words every output's legend uses; the final
// mark, which has no symbol, and a figure left without marks are said in
// words after the figure, and the legend says what those words mean.
func TestMarksNote(t *testing.T) {
	out := ref(model.TownValue, "jia", "output", 2024)
	p := Figure{FigureRef: out, Value: "22.8", Flag: status.Provisional}
	f := Figure{FigureRef: out, Value: "23.5", Flag: status.Final}
	bare := Figure{FigureRef: out, Value: "23.5"}
	for _, c := range []struct {
		changes []Change
		en      bool
		want    string
	}{
		{[]Change{{FigureRef: out, What: Revised, Old: p, New: f}}, false,
			"数字后的 p 表示初步数；“（最终核实）”表示最终核实数（该年其余数字为初步数，此数已最终核实）。"},
		{[]Change{{FigureRef: out, What: Revised, Old: p, New: f}}, true,
			`After a figure: p provisional; "(final, verified)" marks a figure verified, though the rest of its year is provisional.`},
		{[]Change{{FigureRef: out, What: Marks, Old: p, New: bare}}, false,
			"数字后的 p 表示初步数；“（最终）”表示不再带有标记的数字。"},
		{[]Change{{FigureRef: out, What: Revised, Old: bare, New: Figure{FigureRef: out, Value: "24", Flag: status.Revised | status.Estimated}}}, true,
			`After a figure: r revised, e estimated; "(final)" marks a figure that no longer carries a mark.`},
		{[]Change{{FigureRef: out, What: Added, New: Figure{FigureRef: out, Value: "24", Flag: status.Break}}}, false,
			"数字后的 b 表示口径调整。"},
	} {
		if got := marksNote(c.changes, c.en); got != c.want {
			t.Errorf("marksNote(%+v, en %v) = %q, want %q", c.changes, c.en, got, c.want)
		}
	}
	if got := marksNote(nil, false); got != "" {
		t.Errorf("marksNote of no revisions = %q, want none", got)
	}

	site := &model.Site{Indicators: []*model.Indicator{{Indicator: config.Indicator{ID: "output", Decimals: 1}}}}
	a := &Archive{Site: site}
	for fig, want := range map[Figure]string{p: "22.8p", f: "23.5（最终核实）", bare: "23.5（最终）",
		{FigureRef: out, Value: "23.5", Flag: status.Final | status.Revised}: "23.5r（最终核实）"} {
		if got := a.figureText(fig, true, out, false); got != want {
			t.Errorf("figureText(%+v) = %q, want %q", fig, got, want)
		}
	}
	if got := a.figureText(Figure{}, false, out, true); got != "—" {
		t.Errorf("figureText of no figure = %q, want —", got)
	}
}
