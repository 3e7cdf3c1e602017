package release

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/status"
)

// Comparison is what `check -against` shows an official before
// publishing: how the site the data would build differs from a release or
// a published site.
type Comparison struct {
	Against diag.Text // what the site is compared with
	Changes []Change  // figures
	// Cells are where the changed figures are in the workbooks now.
	Cells        map[model.FigureRef]diag.Loc
	TownsAdded   []Town
	TownsRemoved []Town
	PagesAdded   []string
	PagesRemoved []string
	Targets      []TargetFlip

	names names
}

// TargetFlip is a target whose status changes.
type TargetFlip struct {
	ID       string
	Year     int
	Old, New model.Status // "" where the target is not in that snapshot
}

// Compare compares cur, the snapshot of the site as the data builds it,
// with old; cells are where cur's figures were read (model.Site.Cells).
func Compare(against diag.Text, old, cur *Snapshot, site *model.Site, cells map[model.FigureRef]diag.Loc) *Comparison {
	c := &Comparison{Against: against, Changes: Diff(old, cur), Cells: cells, names: names{old, cur, site}}
	for _, t := range cur.Towns {
		if old.town(t.ID) == nil {
			c.TownsAdded = append(c.TownsAdded, t)
		}
	}
	for _, t := range old.Towns {
		if cur.town(t.ID) == nil {
			c.TownsRemoved = append(c.TownsRemoved, t)
		}
	}
	c.PagesAdded, c.PagesRemoved = difference(cur.Pages, old.Pages), difference(old.Pages, cur.Pages)
	type tk struct {
		id   string
		year int
	}
	was := map[tk]model.Status{}
	for _, t := range old.Targets {
		was[tk{t.ID, t.Year}] = t.Status
	}
	for _, t := range cur.Targets {
		k := tk{t.ID, t.Year}
		if o, ok := was[k]; !ok || o != t.Status {
			c.Targets = append(c.Targets, TargetFlip{ID: t.ID, Year: t.Year, Old: o, New: t.Status})
		}
		delete(was, k)
	}
	for _, t := range old.Targets {
		if s, ok := was[tk{t.ID, t.Year}]; ok {
			c.Targets = append(c.Targets, TargetFlip{ID: t.ID, Year: t.Year, Old: s})
		}
	}
	return c
}

// CellsWanted are the figures whose cells a comparison shows: those the
// data gives now.
func CellsWanted(changes []Change) []model.FigureRef {
	var refs []model.FigureRef
	for _, c := range changes {
		if c.What != Removed {
			refs = append(refs, c.FigureRef)
		}
	}
	return refs
}

// difference is what a has and b has not, in a's order.
func difference(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	return out
}

// Empty reports whether nothing would change.
func (c *Comparison) Empty() bool {
	return len(c.Changes) == 0 && len(c.TownsAdded) == 0 && len(c.TownsRemoved) == 0 &&
		len(c.PagesAdded) == 0 && len(c.PagesRemoved) == 0 && len(c.Targets) == 0
}

// Write lists the comparison as check prints it: a heading, each changed
// figure on a line that starts, like a problem, with the cell it is read
// from now (towns first, then totals), towns and pages added and
// removed, targets whose status changes, and a summary.
func (c *Comparison) Write(w io.Writer, lang diag.Lang) {
	en := lang == diag.En
	say := func(m diag.Message, args ...any) { fmt.Fprintln(w, diag.Sprint(lang, m, args...)) }
	say(diag.M("compared with %s:", "与%s比较："), c.Against)
	counts := Count(c.Changes)
	if len(c.Changes) == 0 {
		say(diag.M("figures: none changed", "数字：没有变化"))
	} else {
		say(diag.M("figures: %d revised, %d with other marks, %d added, %d removed", "数字：修订 %d 个，标记变化 %d 个，新增 %d 个，删除 %d 个"),
			counts.Revised, counts.Status, counts.Added, counts.Removed)
	}
	changes := slices.Clone(c.Changes)
	slices.SortStableFunc(changes, func(a, b Change) int {
		return boolInt(a.Kind >= model.ScopeTotal) - boolInt(b.Kind >= model.ScopeTotal)
	})
	for _, ch := range changes {
		place := ""
		if at, ok := c.Cells[ch.FigureRef]; ok {
			place = at.String() + ": "
		} else if ch.Kind >= model.ScopeTotal {
			place = diag.Sprint(lang, diag.M("(total) ", "（合计）"))
		}
		what := c.names.indicator(ch.Indicator, en)
		if ch.Kind == model.TownGrowth || ch.Kind == model.ScopeGrowth {
			what = diag.Sprint(lang, diag.M("growth of %s", "%s增速"), what)
		}
		fmt.Fprintf(w, "  %s%s\n", place, diag.Sprint(lang, diag.M("%s: %s of %s in %d: %s → %s", "%[1]s：%[3]s %[4]d 年%[2]s：%[5]s → %[6]s"),
			whatText(ch.What, en), what, c.names.who(ch.FigureRef, en), ch.Year, exactText(ch.Old, ch.What != Added, en), exactText(ch.New, ch.What != Removed, en)))
	}
	townLine := func(t Town) string {
		if name := pick(en, t.Name, t.NameEn); name != "" {
			return t.ID + " (" + name + ")"
		}
		return t.ID
	}
	list := func(title diag.Message, items []string) {
		if len(items) == 0 {
			return
		}
		say(title, len(items))
		for _, s := range items {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
	var added, removed []string
	for _, t := range c.TownsAdded {
		added = append(added, townLine(t))
	}
	for _, t := range c.TownsRemoved {
		removed = append(removed, townLine(t))
	}
	list(diag.M("towns added: %d", "新增专业镇：%d 个"), added)
	list(diag.M("towns removed: %d", "删除专业镇：%d 个"), removed)
	list(diag.M("pages added: %d", "新增页面：%d 个"), c.PagesAdded)
	list(diag.M("pages removed: %d", "删除页面：%d 个"), c.PagesRemoved)
	var flips []string
	for _, t := range c.Targets {
		flips = append(flips, fmt.Sprintf("%s (%d): %s → %s", t.ID, t.Year, targetStatus(t.Old, en), targetStatus(t.New, en)))
	}
	list(diag.M("targets whose status changes: %d", "状态变化的目标：%d 个"), flips)
	if c.Empty() {
		say(diag.M("nothing would change", "没有任何变化"))
		return
	}
	n := len(c.Changes) + len(c.TownsAdded) + len(c.TownsRemoved) + len(c.PagesAdded) + len(c.PagesRemoved) + len(c.Targets)
	say(diag.M("%d changes would be published", "发布后将有 %d 处变化"), n)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// exactText is a figure as the data files carry it, with its marks: the
// official checks digits, not rounding. The final mark, which has no
// symbol, is said in words as the release's page says it (22.8p →
// 23.5（最终核实）): p → final is what a verification changes.
func exactText(f Figure, present, en bool) string {
	if !present {
		return "—"
	}
	v := f.Value
	if v == "" {
		v = "—"
	}
	v += f.Flag.Symbols()
	if f.Flag.Has(status.Final) {
		v += finalText(en)
	}
	return v
}

func targetStatus(s model.Status, en bool) string {
	switch s {
	case model.Met:
		return pick(en, "已完成", "met")
	case model.NotMet:
		return pick(en, "未完成", "not met")
	case model.NoData:
		return pick(en, "无数据", "no data")
	case "":
		return pick(en, "（无此目标）", "(no such target)")
	}
	return strings.ToLower(string(s))
}
