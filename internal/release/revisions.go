package release

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/townpress/townpress/internal/export"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// What says how a figure changed between two snapshots.
type What uint8

const (
	Revised What = iota + 1 // its value changed (a figure given or withheld counts too)
	Marks                   // its value is the same, its marks changed: p → final
	Added                   // the earlier snapshot has no such figure: a new year, town or indicator
	Removed                 // the later snapshot has no such figure
)

// Key is the name of a change in data files: revised, marks, added, removed.
func (w What) Key() string {
	return [...]string{"", "revised", "marks", "added", "removed"}[w]
}

// Change is one figure that differs between two snapshots.
type Change struct {
	model.FigureRef
	What     What
	Old, New Figure // the figure before and after; the zero Figure where there is none
}

// Diff lists the figures that differ from prev to cur: cur's figures in
// its order, then those only prev has, in prev's. Values compare as
// numbers (19.90 is 19.9): a figure typed with another precision is not
// revised.
func Diff(prev, cur *Snapshot) []Change {
	old := make(map[model.FigureRef]Figure, len(prev.Figures))
	for _, f := range prev.Figures {
		old[f.FigureRef] = f
	}
	var out []Change
	seen := make(map[model.FigureRef]bool, len(cur.Figures))
	for _, f := range cur.Figures {
		seen[f.FigureRef] = true
		o, ok := old[f.FigureRef]
		switch {
		case !ok:
			out = append(out, Change{FigureRef: f.FigureRef, What: Added, New: f})
		case !sameValue(o.Value, f.Value):
			out = append(out, Change{FigureRef: f.FigureRef, What: Revised, Old: o, New: f})
		case o.Flag != f.Flag || o.Official != f.Official:
			out = append(out, Change{FigureRef: f.FigureRef, What: Marks, Old: o, New: f})
		}
	}
	for _, f := range prev.Figures {
		if !seen[f.FigureRef] {
			out = append(out, Change{FigureRef: f.FigureRef, What: Removed, Old: f})
		}
	}
	return out
}

func sameValue(a, b string) bool {
	if a == b {
		return true
	}
	if a == "" || b == "" {
		return false
	}
	x, err1 := num.Parse(a)
	y, err2 := num.Parse(b)
	return err1 == nil && err2 == nil && x.Cmp(y) == 0
}

// Count counts changes by what they are.
func Count(changes []Change) Counts {
	var c Counts
	for _, ch := range changes {
		switch ch.What {
		case Revised:
			c.Revised++
		case Marks:
			c.Status++
		case Added:
			c.Added++
		case Removed:
			c.Removed++
		}
	}
	return c
}

// RevisedRefs are the figures changes revised: what MarkRevised marks.
func RevisedRefs(changes []Change) []model.FigureRef {
	var out []model.FigureRef
	for _, c := range changes {
		if c.What == Revised {
			out = append(out, c.FigureRef)
		}
	}
	return out
}

// Anchor is the id of a figure's entry on its release's page
// (releases/<id>/index.html#<anchor>), the target of the link from a
// figure marked r: the kind, the town (or scope, "all" for every tier),
// the indicator and the year, joined by "_", which no id contains.
func Anchor(r model.FigureRef) string {
	who := r.Town
	if r.Kind == model.ScopeTotal || r.Kind == model.ScopeGrowth {
		who = r.Scope
		if who == "" {
			who = allScope
		}
	}
	return "rev_" + kindNames[r.Kind] + "_" + who + "_" + r.Indicator + "_" + strconv.Itoa(r.Year)
}

// EntryHref is the link, from the site's root, to a figure's entry on the
// page of release id.
func EntryHref(id string, r model.FigureRef) string {
	return "releases/" + id + "/index.html#" + Anchor(r)
}

// statusText is a figure's marks as revisions.csv writes them: the keys
// of its marks, "final" for a figure without marks, "" where there is no
// figure.
func statusText(f Figure, present bool) string {
	switch {
	case !present:
		return ""
	case f.Flag == 0:
		return "final"
	}
	return f.Flag.Keys()
}

// names finds the names of towns and indicators for the revisions files:
// the later snapshot's towns first, then the earlier's (a town removed),
// and the site's indicators.
type names struct {
	prev, cur *Snapshot
	site      *model.Site
}

func (n names) town(id string, en bool) string {
	for _, s := range []*Snapshot{n.cur, n.prev} {
		if s == nil {
			continue
		}
		if t := s.town(id); t != nil {
			return pick(en, t.Name, t.NameEn)
		}
	}
	return id
}

func (n names) indicator(id string, en bool) string {
	if ind := n.site.Indicator(id); ind != nil {
		return pick(en, ind.Name, ind.NameEn)
	}
	return id
}

// who is the town's or the scope's name.
func (n names) who(r model.FigureRef, en bool) string {
	if r.Kind == model.ScopeTotal || r.Kind == model.ScopeGrowth {
		return scopeName(n.site.Config, r.Scope, en)
	}
	return n.town(r.Town, en)
}

var revisionsHeader = []string{
	"变化 / change", "类别 / kind", "专业镇或范围 / town or scope", "名称 / name", "指标 / indicator", "指标名称 / indicator name", "年份 / year",
	"原值 / old value", "原状态 / old status", "新值 / new value", "新状态 / new status", "条目 / entry",
}

// RevisionsCSV is revisions.csv: every change, for people (a byte-order
// mark and CRLF, so Excel and WPS open it as UTF-8, names in Chinese, and
// no cell read as a formula) and programs (ids, exact values).
func RevisionsCSV(changes []Change, prev, cur *Snapshot, site *model.Site) []byte {
	n := names{prev, cur, site}
	var b bytes.Buffer
	b.WriteString(export.BOM)
	row := func(fields []string) {
		for i, f := range fields {
			if i > 0 {
				b.WriteByte(',')
			}
			writeField(&b, export.Neutralise(f))
		}
		b.WriteString("\r\n")
	}
	mark := export.SampleMark(site)
	if mark != "" {
		row(append(slices.Clip(revisionsHeader), export.NoteColumn))
	} else {
		row(revisionsHeader)
	}
	for _, c := range changes {
		who := c.Town
		if c.Kind == model.ScopeTotal || c.Kind == model.ScopeGrowth {
			who = c.Scope
			if who == "" {
				who = allScope
			}
		}
		fields := []string{c.What.Key(), kindNames[c.Kind], who, n.who(c.FigureRef, false), c.Indicator, n.indicator(c.Indicator, false), strconv.Itoa(c.Year),
			c.Old.Value, statusText(c.Old, c.What != Added), c.New.Value, statusText(c.New, c.What != Removed), Anchor(c.FigureRef)}
		if mark != "" {
			fields = append(fields, mark)
		}
		row(fields)
	}
	return b.Bytes()
}

func writeField(b *bytes.Buffer, f string) {
	if !bytes.ContainsAny([]byte(f), ",\"\r\n") {
		b.WriteString(f)
		return
	}
	b.WriteByte('"')
	for _, r := range f {
		if r == '"' {
			b.WriteByte('"')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
}

// RevisionsJSON is revisions.json: the release, the one before, why, the
// counts, and every change with its values and marks.
func RevisionsJSON(meta Meta, changes []Change, prev, cur *Snapshot, site *model.Site) ([]byte, error) {
	n := names{prev, cur, site}
	type side struct {
		Value  *string  `json:"value"`
		Status []string `json:"status"`
	}
	type change struct {
		Change      string `json:"change"`
		Kind        string `json:"kind"`
		Town        string `json:"town,omitempty"`
		Scope       string `json:"scope,omitempty"`
		Name        string `json:"name"`
		NameEn      string `json:"name_en,omitempty"`
		Indicator   string `json:"indicator"`
		IndName     string `json:"indicator_name"`
		IndNameEn   string `json:"indicator_name_en,omitempty"`
		Year        int    `json:"year"`
		Old         *side  `json:"old"`
		New         *side  `json:"new"`
		Entry       string `json:"entry"`
		EntryAnchor string `json:"anchor"`
	}
	sideOf := func(f Figure, present bool) *side {
		if !present {
			return nil
		}
		s := &side{Status: []string{}}
		if f.Value != "" {
			v := f.Value
			s.Value = &v
		}
		for _, g := range status.Flags {
			if f.Flag.Has(g) {
				s.Status = append(s.Status, g.Key())
			}
		}
		return s
	}
	doc := struct {
		Release  string   `json:"release"`
		Date     string   `json:"date"`
		Previous string   `json:"previous"`
		Reason   string   `json:"reason"`
		Note     string   `json:"note,omitempty"`
		NoteEn   string   `json:"note_en,omitempty"`
		Counts   Counts   `json:"counts"`
		Changes  []change `json:"changes"`
	}{meta.ID, meta.Date, meta.Previous, meta.Reason, meta.Note, meta.NoteEn, meta.Counts, []change{}}
	for _, c := range changes {
		ch := change{Change: c.What.Key(), Kind: kindNames[c.Kind], Name: n.who(c.FigureRef, false), Indicator: c.Indicator,
			IndName: n.indicator(c.Indicator, false), Year: c.Year, Old: sideOf(c.Old, c.What != Added), New: sideOf(c.New, c.What != Removed),
			Entry: EntryHref(meta.ID, c.FigureRef), EntryAnchor: Anchor(c.FigureRef)}
		if en := n.who(c.FigureRef, true); en != ch.Name {
			ch.NameEn = en
		}
		if en := n.indicator(c.Indicator, true); en != ch.IndName {
			ch.IndNameEn = en
		}
		if c.Kind == model.ScopeTotal || c.Kind == model.ScopeGrowth {
			ch.Scope = c.Scope
			if ch.Scope == "" {
				ch.Scope = allScope
			}
		} else {
			ch.Town = c.Town
		}
		doc.Changes = append(doc.Changes, ch)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(doc)
	return b.Bytes(), err
}

func parseDec(s string) (num.Dec, error) { return num.Parse(s) }
