package release

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/export"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// Snapshot is every figure a build publishes, with the towns and targets
// they belong to and the pages it writes: what a release keeps to be
// compared with later builds, and what every build writes of itself into
// releases/current/ for `check -against` a published folder.
type Snapshot struct {
	Towns   []Town
	Figures []Figure
	Targets []Target
	Pages   []string // every page's path, sorted: index.html, en/towns/x/index.html …
	// Mark is the sample-data mark (示例数据 / sample data) of a sample
	// site, which its CSV files carry on every row; "" for real data.
	Mark string
}

// Figure is one published figure.
type Figure struct {
	model.FigureRef
	// Value is the figure as data files carry it (num.Dec.Data): a typed
	// figure or a sum with every digit it has, a derived one (a rate's
	// ratio) rounded as the pages show it; for a figure marked
	// status.Below, the bound. "" when the cell holds a mark alone
	// (confidential, not applicable).
	Value    string
	Flag     status.Flag
	Official bool // a total: the office's own, not the sum of the towns
}

// Town is a town as a snapshot lists it.
type Town struct {
	ID, Name, NameEn, Tier string
}

// Target is a target's standing as a snapshot keeps it.
type Target struct {
	ID     string
	Year   int
	Status model.Status
	Actual string // as data files carry it, "" without data
}

// Names of the snapshot's files, in a release folder and in
// releases/current/ of a published site.
const (
	FiguresFile = "figures.csv"
	TownsFile   = "towns.csv"
	TargetsFile = "targets.csv"
	PagesFile   = "pages.txt"
)

// Kind names of figures in figures.csv.
var kindNames = []string{model.TownValue: "value", model.TownGrowth: "growth", model.ScopeTotal: "total", model.ScopeGrowth: "total-growth"}

// allScope is how figures.csv writes the scope of every tier.
const allScope = "all"

// Take is the snapshot of a site as its outputs show it: every town's
// figures and typed growths, every scope's totals (all tiers, then each
// tier) and the growths typed on official total rows, in the site's order
// (towns, then indicators, then years); pages are the paths of the pages
// the build writes. Take it before MarkRevised: the marks it adds are the
// release's doing, not the office's.
func Take(site *model.Site, pages []string) *Snapshot {
	s := &Snapshot{Pages: slices.Sorted(slices.Values(pages)), Mark: export.SampleMark(site)}
	add := func(ref model.FigureRef, v model.Value, places int, official bool) {
		if !v.Dec.OK() && v.Flag == 0 {
			return
		}
		f := Figure{FigureRef: ref, Flag: v.Flag, Official: official}
		if v.Dec.OK() {
			f.Value = v.Dec.Data(places, site.Rule)
		}
		s.Figures = append(s.Figures, f)
	}
	for _, t := range site.Towns {
		s.Towns = append(s.Towns, Town{ID: t.ID, Name: t.Name, NameEn: t.NameEn, Tier: t.Tier.ID})
		for _, ind := range site.Indicators {
			values, typed := t.Values[ind.ID], t.Typed[ind.ID]
			for i, y := range site.Years {
				add(model.FigureRef{Kind: model.TownValue, Town: t.ID, Indicator: ind.ID, Year: y}, values.At(i), ind.Decimals, false)
				add(model.FigureRef{Kind: model.TownGrowth, Town: t.ID, Indicator: ind.ID, Year: y}, typed.At(i), ind.DeltaDecimals(), false)
			}
		}
	}
	scopes := [][]*model.Tier{site.Tiers}
	for _, t := range site.Tiers {
		scopes = append(scopes, []*model.Tier{t})
	}
	for si, tiers := range scopes {
		scope := ""
		if si > 0 {
			scope = tiers[0].ID
		}
		for _, ind := range site.Indicators {
			if !ind.HasTotal() {
				continue
			}
			for i, f := range site.ScopeFigures(ind, tiers) {
				y := site.Years[i]
				if f.Reporting == 0 && !f.Official {
					continue // a sum of nothing is no figure
				}
				add(model.FigureRef{Kind: model.ScopeTotal, Scope: scope, Indicator: ind.ID, Year: y}, f.Value, ind.Decimals, f.Official)
				if f.Official && f.Delta.Typed {
					add(model.FigureRef{Kind: model.ScopeGrowth, Scope: scope, Indicator: ind.ID, Year: y}, f.Delta.Value, ind.DeltaDecimals(), true)
				}
			}
		}
	}
	for _, tr := range site.Targets {
		t := Target{ID: tr.ID, Year: tr.Year, Status: tr.Status}
		if tr.Actual.Valid() {
			t.Actual = tr.Actual.Dec.Data(tr.Decimals(), site.Rule)
		}
		s.Targets = append(s.Targets, t)
	}
	return s
}

// Files are the snapshot's files, by name.
func (s *Snapshot) Files() map[string][]byte {
	return map[string][]byte{
		FiguresFile: s.figuresCSV(),
		TownsFile:   s.townsCSV(),
		TargetsFile: s.targetsCSV(),
		PagesFile:   []byte(strings.Join(append(slices.Clone(s.Pages), ""), "\n")),
	}
}

// The snapshot's CSV files are for programs, for reading changes in
// version control line by line (LF line ends, one figure a line), and,
// published like every CSV of the site, for Excel: a byte-order mark,
// and on a sample site a last column, note, saying so on every row.
func writeCSV(header []string, rows [][]string, mark string) []byte {
	var b bytes.Buffer
	b.WriteString(export.BOM)
	w := csv.NewWriter(&b)
	if mark != "" {
		header = append(slices.Clip(header), export.NoteColumn)
	}
	w.Write(header)
	for _, r := range rows {
		if mark != "" {
			r = append(r, mark)
		}
		w.Write(r)
	}
	w.Flush() // writes to a bytes.Buffer cannot fail
	return b.Bytes()
}

var figuresHeader = []string{"kind", "town", "scope", "indicator", "year", "value", "status", "official"}

func (s *Snapshot) figuresCSV() []byte {
	rows := make([][]string, len(s.Figures))
	for i, f := range s.Figures {
		scope, official := "", ""
		if f.Kind == model.ScopeTotal || f.Kind == model.ScopeGrowth {
			scope, official = f.Scope, "summed"
			if scope == "" {
				scope = allScope
			}
			if f.Official {
				official = "official"
			}
		}
		rows[i] = []string{kindNames[f.Kind], f.Town, scope, f.Indicator, strconv.Itoa(f.Year), f.Value, f.Flag.Keys(), official}
	}
	return writeCSV(figuresHeader, rows, s.Mark)
}

var townsHeader = []string{"id", "name", "name_en", "tier"}

func (s *Snapshot) townsCSV() []byte {
	rows := make([][]string, len(s.Towns))
	for i, t := range s.Towns {
		rows[i] = []string{t.ID, t.Name, t.NameEn, t.Tier}
	}
	return writeCSV(townsHeader, rows, s.Mark)
}

var targetsHeader = []string{"id", "year", "status", "actual"}

func (s *Snapshot) targetsCSV() []byte {
	rows := make([][]string, len(s.Targets))
	for i, t := range s.Targets {
		rows[i] = []string{t.ID, strconv.Itoa(t.Year), string(t.Status), t.Actual}
	}
	return writeCSV(targetsHeader, rows, s.Mark)
}

// SameFigures reports whether two snapshots publish the same figures with
// the same marks: whether a build shows the figures of a release.
func SameFigures(a, b *Snapshot) bool {
	return bytes.Equal(a.figuresCSV(), b.figuresCSV())
}

// ReadSnapshot reads the snapshot in folder dir of fsys (a release's, or
// a published site's releases/current/). Problems name the file and line.
func ReadSnapshot(fsys fs.FS, dir string, problems *diag.List) *Snapshot {
	s := &Snapshot{}
	file := func(name string) string { return pathJoin(dir, name) }
	read := func(name string, header []string, row func(rec []string, at diag.Loc)) {
		b, err := readFile(fsys, file(name))
		if err != nil {
			problems.Err(diag.Loc{File: file(name)}, diag.M("cannot read the release's snapshot: %v", "无法读取版本快照：%v"), err)
			return
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
		r.FieldsPerRecord = -1
		r.ReuseRecord = true
		width := len(header)
		for line := 1; ; line++ {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			at := diag.Loc{File: file(name), Line: line}
			if err != nil {
				var perr *csv.ParseError
				if errors.As(err, &perr) {
					at.Line = perr.Line
				}
				problems.Err(at, diag.M("not a snapshot file townpress wrote: %v (expected the columns %s; restore the file from version control)",
					"不是 townpress 写出的快照文件：%v（应有列 %s；请从版本库恢复该文件）"), err, strings.Join(header, ","))
				return
			}
			if line == 1 {
				// A sample site's files end with the note column.
				if len(rec) == len(header)+1 && rec[len(header)] == export.NoteColumn {
					width = len(rec)
					rec = rec[:len(header)]
				}
				if !slices.Equal(rec, header) {
					problems.Err(at, diag.M("not a snapshot file townpress wrote: its columns are %s (expected %s; restore the file from version control)",
						"不是 townpress 写出的快照文件：其列为 %s（应为 %s；请从版本库恢复该文件）"), strings.Join(rec, ","), strings.Join(header, ","))
					return
				}
				continue
			}
			if len(rec) != width {
				problems.Err(at, diag.M("not a snapshot file townpress wrote: the line has %d fields (expected %d; restore the file from version control)",
					"不是 townpress 写出的快照文件：该行有 %d 个字段（应为 %d 个；请从版本库恢复该文件）"), len(rec), width)
				return
			}
			if width > len(header) {
				s.Mark = rec[len(header)]
			}
			row(rec[:len(header)], at)
		}
	}
	bad := func(at diag.Loc, what string, v string) {
		problems.Err(at, diag.M("%s %q is not what townpress writes (restore the file from version control)", "%s“%s”不是 townpress 写出的内容（请从版本库恢复该文件）"), what, v)
	}
	read(FiguresFile, figuresHeader, func(rec []string, at diag.Loc) {
		kind := slices.Index(kindNames, rec[0])
		year, err := strconv.Atoi(rec[4])
		flag, ok := parseFlags(rec[6])
		switch {
		case kind < 0:
			bad(at, "kind", rec[0])
			return
		case err != nil:
			bad(at, "year", rec[4])
			return
		case !ok:
			bad(at, "status", rec[6])
			return
		}
		if rec[5] != "" {
			if _, err := num.Parse(rec[5]); err != nil {
				bad(at, "value", rec[5])
				return
			}
		}
		f := Figure{FigureRef: model.FigureRef{Kind: model.FigureKind(kind), Town: rec[1], Indicator: rec[3], Year: year}, Value: rec[5], Flag: flag, Official: rec[7] == "official"}
		if f.Kind == model.ScopeTotal || f.Kind == model.ScopeGrowth {
			f.Scope = rec[2]
			if f.Scope == allScope {
				f.Scope = ""
			}
		}
		s.Figures = append(s.Figures, f)
	})
	read(TownsFile, townsHeader, func(rec []string, at diag.Loc) {
		s.Towns = append(s.Towns, Town{ID: rec[0], Name: rec[1], NameEn: rec[2], Tier: rec[3]})
	})
	read(TargetsFile, targetsHeader, func(rec []string, at diag.Loc) {
		year, err := strconv.Atoi(rec[1])
		if err != nil {
			bad(at, "year", rec[1])
			return
		}
		s.Targets = append(s.Targets, Target{ID: rec[0], Year: year, Status: model.Status(rec[2]), Actual: rec[3]})
	})
	if b, err := readFile(fsys, file(PagesFile)); err != nil {
		problems.Err(diag.Loc{File: file(PagesFile)}, diag.M("cannot read the release's snapshot: %v", "无法读取版本快照：%v"), err)
	} else {
		for _, p := range strings.Split(string(b), "\n") {
			if p != "" {
				s.Pages = append(s.Pages, p)
			}
		}
	}
	return s
}

// parseFlags reads status.Flag.Keys back.
func parseFlags(s string) (status.Flag, bool) {
	var f status.Flag
	if s == "" {
		return 0, true
	}
	for _, k := range strings.Split(s, "+") {
		i := slices.IndexFunc(status.Flags, func(g status.Flag) bool { return g.Key() == k })
		if i < 0 {
			return 0, false
		}
		f |= status.Flags[i]
	}
	return f, true
}

// town is the snapshot's town with id, or nil.
func (s *Snapshot) town(id string) *Town {
	for i := range s.Towns {
		if s.Towns[i].ID == id {
			return &s.Towns[i]
		}
	}
	return nil
}

// scopeIDs are the tier ids of config, for messages that name scopes.
func scopeName(cfg *config.Config, scope string, en bool) string {
	if scope == "" {
		return pick(en, "全部专业镇", "all towns")
	}
	for _, t := range cfg.Tiers {
		if t.ID == scope {
			return pick(en, t.Name, t.NameEn)
		}
	}
	return scope
}

func pathJoin(dir, name string) string {
	if dir == "" || dir == "." {
		return name
	}
	return dir + "/" + name
}

// pick is the English text when en and it is given, else the Chinese.
func pick(en bool, zh, english string) string {
	if en && english != "" {
		return english
	}
	return zh
}
