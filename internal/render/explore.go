package render

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strconv"
	"strings"

	"github.com/townpress/townpress/internal/model"
)

// This file holds what pages need for finding and exploring: the search
// box, the comparison view, the indicator page's controls, and the head's
// canonical and Open Graph links.

// jsKeys are the UI strings the page script uses; they travel in each page
// so the script holds no language of its own.
var jsKeys = []string{
	"search_none", "search_count", "search_hint", "kind_town", "kind_tier", "kind_indicator",
	"kind_county", "kind_industry", "tier", "county", "industry", "all_tiers", "year", "unit",
	"compare_add", "compare_remove", "compare_empty", "compare_table", "compare_trend",
	"compare_town_count", "compare_town_count_one", "search_count_one", "indicator", "no_data", "data_table", "chart_note", "rank", "growth",
	"town", "sentence_end", "paren", "colon", "compare_trends", "sample_data", "source", "save_image",
}

// exploreKeys are the strings explore.js adds to the figures it shows:
// the indicator page's total and the ranking table's notes. Only the
// pages that load it carry them.
var exploreKeys = []string{
	"points_fmt", "reporting", "reporting_one", "break_tip", "break_tip_one", "break_tip_rate", "indicator_total", "tier_total",
	"scope_year", "why_base", "why_scale", "no_members",
}

// JSConfig is the page's settings for the page script: where the site root
// and this edition are, the language, and the strings the script shows.
// Pages of one kind, language and depth share it, so it is made once.
func (p *Page) JSConfig() template.JS {
	key := p.Lang.Code + "\x00" + string(p.Kind) + "\x00" + p.up()
	if js, ok := p.r.jsConfigs.Load(key); ok {
		return js.(template.JS)
	}
	js := p.jsConfig()
	p.r.jsConfigs.Store(key, js)
	return js
}

func (p *Page) jsConfig() template.JS {
	strs := map[string]string{}
	for _, k := range jsKeys {
		strs[k] = p.T(k)
	}
	if p.Kind == IndicatorPage || p.Kind == ComparePage {
		for _, k := range exploreKeys {
			strs[k] = p.T(k)
		}
	}
	cfg := map[string]any{
		"root":    p.up(),
		"edition": p.up() + p.Lang.Prefix,
		"lang":    p.Lang.Code,
		"en":      p.Lang.IsEn(),
		"kind":    p.Kind,
		"sample":  p.SampleData(),
		"source":  p.Source(),
		"t":       strs,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true) // keeps </script> in a translation from ending the element
	if err := enc.Encode(cfg); err != nil {
		panic(err) // strings only
	}
	return template.JS(bytes.TrimSpace(buf.Bytes()))
}

// Scripts are the extra scripts a page loads after townpress.js: the search
// index and the values on the pages that draw from them. Other pages load
// the index only when a reader first uses the search box.
func (p *Page) Scripts() []string {
	switch p.Kind {
	case SearchPage:
		return []string{p.Asset("search-index.js")}
	case IndicatorPage:
		out := []string{p.Asset("search-index.js"), p.Asset("data/" + p.Indicator.ID + ".js")}
		if len(p.Site.Years) > 0 {
			// The view opens on the latest year: its changes and ranks
			// come with the page, other years' when a reader picks them.
			out = append(out, p.Asset("data/"+p.Indicator.ID+"/"+strconv.Itoa(p.Latest())+".js"))
		}
		return append(out, p.Asset("explore.js"))
	case ComparePage:
		out := []string{p.Asset("search-index.js")}
		for _, ind := range p.Site.Indicators {
			out = append(out, p.Asset("data/"+ind.ID+".js"))
		}
		return append(out, p.Asset("explore.js"))
	}
	return nil
}

// SearchAction is where the search form goes when submitted: the search
// page, which lists every match.
func (p *Page) SearchAction() string { return p.Rel("search/index.html") }

// SearchIndex is the index script the search box loads on first use.
func (p *Page) SearchIndex() string { return p.Asset("search-index.js") }

// CompareHref opens the comparison view with the towns already picked.
func (p *Page) CompareHref(towns ...*model.Town) string {
	ids := make([]string, len(towns))
	for i, t := range towns {
		ids[i] = t.ID
	}
	return p.Rel("compare/index.html") + "#towns=" + strings.Join(ids, ",")
}

// CompareExample is a first comparison to offer: the first two towns of the
// first tier that has two, else the first two towns.
func (p *Page) CompareExample() string {
	for _, t := range p.Site.Tiers {
		if len(t.Towns) >= 2 {
			return "#towns=" + t.Towns[0].ID + "," + t.Towns[1].ID
		}
	}
	if len(p.Site.Towns) >= 2 {
		return "#towns=" + p.Site.Towns[0].ID + "," + p.Site.Towns[1].ID
	}
	return ""
}

// CompareExampleNames names the example's towns, "A, B".
func (p *Page) CompareExampleNames() string {
	ex := strings.TrimPrefix(p.CompareExample(), "#towns=")
	var names []string
	for _, id := range strings.Split(ex, ",") {
		if t := p.Site.Town(id); t != nil {
			names = append(names, p.TownName(t))
		}
	}
	return strings.Join(names, p.T("list_sep"))
}

// YearOption is one year of a year selector.
type YearOption struct {
	Year     int
	Label    string
	Title    string // the ranking's title for that year
	Selected bool
}

// RankingYears are the years the indicator page's ranking can show.
func (p *Page) RankingYears() []YearOption {
	out := make([]YearOption, 0, len(p.Site.Years))
	for i := len(p.Site.Years) - 1; i >= 0; i-- {
		y := p.Site.Years[i]
		out = append(out, YearOption{Year: y, Label: p.Year(y), Title: p.T("indicator_ranking", p.IndName(p.Indicator), y),
			Selected: i == len(p.Site.Years)-1})
	}
	return out
}

// AbsURL is path (inside this edition) under the site's base URL, or ""
// when the base URL is not set.
func (p *Page) AbsURL(target string) string {
	base := strings.TrimRight(p.Site.Config.Site.BaseURL, "/")
	if base == "" {
		return ""
	}
	return base + "/" + strings.TrimSuffix(p.Lang.Prefix+target, "index.html")
}

// Canonical is the page's absolute address, "" without a base URL (a
// canonical link must be absolute to mean anything to a search engine).
func (p *Page) Canonical() string {
	if p.Kind == NotFoundPage {
		return ""
	}
	return p.AbsURL(p.Path)
}

// OGLocale is the Open Graph locale of the page's language.
func (p *Page) OGLocale() string {
	if p.Lang.IsEn() {
		return "en_US"
	}
	return strings.ReplaceAll(p.Lang.Code, "-", "_")
}

// Robots keeps pages that are not content out of search engines.
func (p *Page) Robots() string {
	if !p.Kind.Indexed() {
		return "noindex"
	}
	return ""
}

// IndicatorsAbout are the indicators with their units and descriptions, for
// the "about the data" block.
func (p *Page) IndicatorsAbout() []*model.Indicator { return p.Site.Indicators }

// AboutItem is an indicator as the "about the data" block lists it.
type AboutItem struct {
	Name, Href string
	Note       string        // the unit in brackets, then the description
	HTML       template.HTML // the list item the default about partial shows
}

// AboutItems are the indicators for the "about the data" block, formatted.
// Pages of one language at one depth share them, so they are made once.
func (p *Page) AboutItems() []AboutItem {
	key := p.Lang.Code + "\x00" + p.up()
	if items, ok := p.r.shared.Load("about\x00" + key); ok {
		return items.([]AboutItem)
	}
	items := p.aboutItems()
	p.r.shared.Store("about\x00"+key, items)
	return items
}

func (p *Page) aboutItems() []AboutItem {
	out := make([]AboutItem, len(p.Site.Indicators))
	for i, ind := range p.Site.Indicators {
		note := p.T("paren", p.Unit(ind))
		if d := p.Pick(ind.Description, ind.DescriptionEn); d != "" {
			note += p.T("colon") + d
		}
		it := AboutItem{Name: p.IndName(ind), Href: p.IndHref(ind), Note: note}
		it.HTML = it.html()
		out[i] = it
	}
	return out
}

// YearsCovered is the span of years with data, "2020–2024".
func (p *Page) YearsCovered() string {
	if len(p.Site.Years) == 0 {
		return ""
	}
	first, last := p.Site.Years[0], p.Site.LatestYear()
	if first == last {
		return p.Year(first)
	}
	return p.Year(first) + "–" + p.Year(last)
}

// AlternateURL is the address of the page in another language for the
// head's hreflang link: absolute when the base URL is set, as search
// engines require, else relative.
func (p *Page) AlternateURL(a Alternate) string {
	base := strings.TrimRight(p.Site.Config.Site.BaseURL, "/")
	if base == "" || p.Kind == NotFoundPage {
		return a.Href
	}
	for _, l := range p.r.Langs {
		if l.Code == a.Code {
			return base + "/" + strings.TrimSuffix(l.Prefix+p.Path, "index.html")
		}
	}
	return a.Href
}
