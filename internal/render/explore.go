package render

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strconv"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/status"
)

// This file holds what pages need for finding and exploring: the page
// script's settings and scripts, and the views of the search and
// comparison pages.

// jsKeys are the UI strings the page script uses; they travel in each page
// so the script holds no language of its own.
var jsKeys = []string{
	"search_none", "search_count", "search_hint", "kind_town", "kind_tier", "kind_indicator",
	"kind_county", "kind_industry", "tier", "county", "industry", "all_tiers", "year", "unit",
	"compare_add", "compare_remove", "compare_empty", "compare_table", "compare_trend",
	"compare_town_count", "compare_town_count_one", "search_count_one", "indicator", "no_data", "data_table", "chart_note", "rank", "growth",
	"town", "sentence_end", "paren", "colon", "compare_trends", "sample_data", "source", "save_image",
	"chart_role", "chart_keys", "chart_point",
	"embed_from",
}

// exploreKeys are the strings explore.js adds to the figures it shows:
// the indicator page's total and the ranking table's notes. Only the
// pages that load it carry them.
var exploreKeys = []string{
	"points_fmt", "reporting", "reporting_one", "break_tip", "break_tip_one", "break_tip_rate", "indicator_total", "tier_total",
	"scope_year", "why_base", "why_scale", "no_members", "footnote", "note_in_chinese", "symbols", "list_sep", "semicolon", "hatched_note", "dashed_note",
	"basis_comparable", "basis_typed", "basis_computed", "official_total", "summed_total", "ratio_total", "reconcile", "official_differs", "break_tip_typed",
}

// jsConfig is the page's settings for the page script: where the site root
// and this edition are, the language, and the strings the script shows.
// Pages of one kind, language and depth share it, so it is made once.
// compareCues is how many towns' cues the comparison page carries; past
// them they repeat (a comparison of more than 24 towns is a table).
const compareCues = 24

func (f *Frame) jsConfig() template.JS {
	key := f.Lang.Code + "\x00" + string(f.Kind) + "\x00" + f.up
	if js, ok := f.r.shared.Load(key); ok {
		return js.(template.JS)
	}
	strs := map[string]string{}
	for _, k := range jsKeys {
		strs[k] = f.T(k)
	}
	if f.Kind == IndicatorPage || f.Kind == ComparePage {
		for _, k := range exploreKeys {
			strs[k] = f.T(k)
		}
	}
	cfg := map[string]any{
		"root":    f.up,
		"edition": f.up + f.Lang.Prefix,
		"lang":    f.Lang.Code,
		"en":      f.Lang.IsEn(),
		"kind":    f.Kind,
		"sample":  f.SampleData,
		"source":  f.Source,
		"t":       strs,
	}
	if f.ECharts != "echarts.min.js" {
		// The map page's library (the whole ECharts), for townpress.js to
		// load when its first chart comes near.
		cfg["echarts"] = f.ECharts
	}
	if f.Kind == IndicatorPage || f.Kind == ComparePage {
		// What the views say of marks: each symbol with its name and
		// legend line, in the legend's order (status's symbols, the
		// translations' words), and how a provisional bar is drawn, as
		// the build's charts draw it.
		var marks [][3]string
		for _, g := range status.Flags {
			if g.Symbol() == "" {
				continue // final shows none: the browser's figures carry symbols only
			}
			marks = append(marks, [3]string{g.Symbol(), f.T("mark_" + g.Key()), f.T("mark_" + g.Key() + "_note")})
		}
		cfg["marks"] = marks
		cfg["hatched"] = map[string]any{"symbol": status.Provisional.Symbol(), "style": chart.ProvisionalStyle()}
	}
	if f.Kind == ComparePage {
		// The comparison draws its own charts of lines: each town's
		// colour, markers and dash are chart's, as on every other chart.
		cfg["cues"] = chart.Cues(compareCues)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true) // keeps </script> in a translation from ending the element
	if err := enc.Encode(cfg); err != nil {
		panic(err) // strings only
	}
	js := template.JS(bytes.TrimSpace(buf.Bytes()))
	f.r.shared.Store(key, js)
	return js
}

// scripts are the extra scripts a page loads after townpress.js: the search
// index and the values on the pages that draw from them. Other pages,
// the search page too, load the pieces of the index a search needs when a
// reader searches (internal/search.Shards).
func (f *Frame) scripts() []string {
	switch f.Kind {
	case IndicatorPage:
		out := []string{f.Asset("search-index.js"), f.Asset("data/" + f.Indicator.ID + ".js")}
		if len(f.Site.Years) > 0 {
			// The view opens on the latest year: its changes and ranks
			// come with the page, other years' when a reader picks them.
			out = append(out, f.Asset("data/"+f.Indicator.ID+"/"+strconv.Itoa(f.Latest)+".js"))
		}
		return append(out, f.Asset("explore.js"))
	case ComparePage:
		out := []string{f.Asset("search-index.js")}
		for _, ind := range f.Site.Indicators {
			out = append(out, f.Asset("data/"+ind.ID+".js"))
		}
		return append(out, f.Asset("explore.js"))
	}
	return nil
}

// SearchView is the search page's: the search box, and every match once
// the page script has them.
type SearchView struct{ *Frame }

// CompareView is the comparison page's: the picker and a first
// comparison to offer.
type CompareView struct {
	*Frame
	// CompareExample is the address fragment of a first comparison, the
	// first two towns of the first tier that has two, else the first two
	// towns ("" without two towns); CompareExampleNames names them, "A、B".
	CompareExample, CompareExampleNames string
}

func newCompareView(f *Frame) *CompareView {
	v := &CompareView{Frame: f}
	var pair []*model.Town
	for _, t := range f.Site.Tiers {
		if len(t.Towns) >= 2 {
			pair = t.Towns[:2]
			break
		}
	}
	if pair == nil && len(f.Site.Towns) >= 2 {
		pair = f.Site.Towns[:2]
	}
	if pair != nil {
		v.CompareExample = "#towns=" + pair[0].ID + "," + pair[1].ID
		v.CompareExampleNames = f.TownName(pair[0]) + f.T("list_sep") + f.TownName(pair[1])
	}
	return v
}
