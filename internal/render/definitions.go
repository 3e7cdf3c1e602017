package render

import (
	"strings"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
)

// This file holds what pages say an indicator is (issue 11): its
// definition, 指标解释, as a yearbook's 主要统计指标解释 gives it, from
// config.toml's [indicators.meta], with what the build knows besides (its
// unit, what its growth and totals are), on the indicator's page (where
// every chart of the indicator links to it) and in a report's 说明; and
// the report's sources, every target's among them.

// DefItem is one line of a definition: what it says (定义, 统计范围 …) and
// the text.
type DefItem struct{ Term, Text string }

// IndicatorDef is an indicator's definition, in a report's notes.
type IndicatorDef struct {
	Name, Href string
	Items      []DefItem
}

// Definition is the indicator page's 指标解释.
func (f *Frame) Definition() []DefItem {
	if f.Indicator == nil {
		return nil
	}
	return f.definitionOf(f.Indicator, false)
}

// Definitions are every indicator's, for a report's notes.
func (f *Frame) Definitions() []IndicatorDef {
	out := make([]IndicatorDef, 0, len(f.Site.Indicators))
	for _, ind := range f.Site.Indicators {
		out = append(out, IndicatorDef{Name: f.IndName(ind), Href: f.definitionHref(ind), Items: f.definitionOf(ind, true)})
	}
	return out
}

// definitionOf is ind's definition: config's parts, those it has, then
// its unit, and how its change and totals are counted, which the site
// decides and a reader needs to read its figures. Brief (a report's
// notes, which list every indicator's and say how totals are counted
// once) leaves out what is the same for most: a growth at current prices
// and how totals are made.
func (f *Frame) definitionOf(ind *model.Indicator, brief bool) []DefItem {
	m := ind.Meta
	var out []DefItem
	add := func(key, text string) {
		if text != "" {
			out = append(out, DefItem{f.T(key), text})
		}
	}
	add("meta_definition", f.Pick(m.Definition, m.DefinitionEn))
	add("meta_scope", f.Pick(m.Scope, m.ScopeEn))
	add("meta_method", f.Pick(m.Method, m.MethodEn))
	add("meta_unit", f.Unit(ind))
	switch {
	case ind.Rate():
		add("meta_growth", f.T("def_growth_points"))
	case ind.Comparable():
		add("meta_growth", f.T("def_growth_comparable"))
	case !brief:
		add("meta_growth", f.T("def_growth_nominal"))
	}
	switch {
	case brief:
	case ind.HasOfficial() && ind.Numerator != nil:
		add("meta_total", f.T("def_total_official_ratio"))
	case ind.HasOfficial():
		add("meta_total", f.T("def_total_official"))
	case ind.Numerator != nil:
		add("meta_total", f.T("def_total_ratio", f.IndName(ind.Numerator), f.IndName(ind.Denominator)))
	case ind.Summed():
		add("meta_total", f.T("def_total_summed"))
	}
	add("meta_source", f.Pick(m.Source, m.SourceEn))
	add("meta_frequency", f.Pick(m.Frequency, m.FrequencyEn))
	add("meta_updated", m.Updated)
	add("meta_next", m.NextUpdate)
	add("meta_breaks", f.Pick(m.Breaks, m.BreaksEn))
	return out
}

// TargetSources are every source of the page's targets, each once, in the
// targets' order, with the targets it sets: "《…行动方案》（目标一、目标二）".
func (f *Frame) TargetSources(targets []*model.TargetResult) []string {
	var sources []string
	set := map[string][]string{}
	for _, t := range targets {
		s := f.Pick(t.Source, t.SourceEn)
		if s == "" {
			continue
		}
		if _, seen := set[s]; !seen {
			sources = append(sources, s)
		}
		set[s] = append(set[s], f.Pick(t.Text, t.TextEn))
	}
	for i, s := range sources {
		sources[i] = s + f.T("paren", strings.Join(set[s], f.T("list_sep")))
	}
	return sources
}

// HeadlineNote is the note under a page's headline totals: what they add
// up, or that they are the office's where it publishes totals of some
// indicator (each card then says which it is).
func (f *Frame) HeadlineNote() string {
	if f.Site.HasOfficial() {
		return f.T("headline_note_official")
	}
	return f.T("headline_note")
}

// TargetNote is the note under a report's targets: how each is measured;
// where a growth target reads the office's typed growth of its scope's
// total, that it does, and that the others count only the towns that
// reported in both years.
func (f *Frame) TargetNote(targets []*model.TargetResult) string {
	for _, t := range targets {
		if t.Measure == config.Growth && t.Figure.Delta.Typed {
			return f.T("target_note_official")
		}
	}
	return f.T("target_note")
}
