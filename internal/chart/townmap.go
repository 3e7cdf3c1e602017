package chart

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/townpress/townpress/internal/model"
)

// BaseMapName is the name the page script registers the site's base map
// under (echarts.registerMap) before it draws a town map.
const BaseMapName = "townpress-base"

// MapCredit is what a map must carry wherever it is shown or saved: its
// review number (审图号) and where its boundaries come from, in the
// page's language.
type MapCredit struct {
	Review string // "审图号：晋S（2024）001号"
	Source string // "底图边界来源：…"
}

// mapOption is a town map's ECharts option: the site's base map as the
// geo component and the towns as points on it, a series per tier. It is
// not Option: a map has no grid and no axes.
type mapOption struct {
	Color   []string    `json:"color"`
	Geo     mapGeo      `json:"geo"`
	Legend  any         `json:"legend,omitempty"`
	Series  []mapSeries `json:"series"`
	Text    *pointText  `json:"townpress,omitempty"`
	Title   mapTitle    `json:"title"`
	Tooltip mapTooltip  `json:"tooltip"`
}

type mapGeo struct {
	Map       string         `json:"map"`
	Roam      bool           `json:"roam"`
	Top       int            `json:"top"`
	Bottom    int            `json:"bottom"`
	ItemStyle map[string]any `json:"itemStyle"`
	Emphasis  map[string]any `json:"emphasis"`
}

// mapTitle prints the credit on the drawing itself, so that the image a
// reader saves from the toolbox carries it too.
type mapTitle struct {
	Text         string         `json:"text"`
	Subtext      string         `json:"subtext"`
	Left         int            `json:"left"`
	Bottom       int            `json:"bottom"`
	ItemGap      int            `json:"itemGap"`
	TextStyle    map[string]any `json:"textStyle"`
	SubtextStyle map[string]any `json:"subtextStyle"`
}

type mapTooltip struct {
	Show    bool   `json:"show"`
	Trigger string `json:"trigger"`
}

type mapSeries struct {
	Name             string     `json:"name"`
	Type             string     `json:"type"`
	CoordinateSystem string     `json:"coordinateSystem"`
	Symbol           string     `json:"symbol"`
	Data             []mapPoint `json:"data"`
}

type mapPoint struct {
	Name       string         `json:"name"`
	Value      [3]json.Number `json:"value"` // longitude, latitude, the figure ("-" for none)
	SymbolSize int            `json:"symbolSize"`
}

// TownMap puts every town with a place at it on the base map, a series
// per tier, each point as large as the town's figure of ind in year
// index yi (by area: its radius grows with the square root), with the
// credit drawn on the map and written under its table. Towns without a
// place are counted in a footnote; the ranking and its table stay the
// full account.
func (b *Builder) TownMap(id, title string, ind *model.Indicator, yi int, credit MapCredit, unplaced func(n int) string) *Chart {
	c := &Chart{ID: id, Title: title, Unit: b.unit(ind), Source: b.source(), Decimals: ind.Decimals, Height: 520}
	c.Table = Table{Caption: title, Head: []string{b.Words.Town, b.Words.Tier, b.Words.Longitude, b.Words.Latitude, b.Words.ValueOf(b.indName(ind), b.unit(ind))}}
	largest := 0.0
	for _, t := range b.Site.Towns {
		if v := t.Values[ind.ID].At(yi); t.Place != nil && v.Valid() {
			largest = max(largest, math.Abs(v.Float()))
		}
	}
	o := &mapOption{
		Color: Palette,
		Geo: mapGeo{Map: BaseMapName, Roam: true, Top: 40, Bottom: 56,
			ItemStyle: map[string]any{"areaColor": "#eef2f6", "borderColor": "#7a8794"},
			Emphasis:  map[string]any{"itemStyle": map[string]any{"areaColor": "#dde5ee"}, "label": map[string]any{"show": false}}},
		Title: mapTitle{Text: credit.Review, Subtext: credit.Source, Left: 8, Bottom: 4, ItemGap: 4,
			TextStyle:    map[string]any{"fontSize": 12, "fontWeight": "normal", "color": "#333"},
			SubtextStyle: map[string]any{"fontSize": 11, "color": "#444"}},
		Tooltip: mapTooltip{Show: true, Trigger: "item"},
	}
	text := &pointText{}
	unplacedN := 0
	for _, tier := range b.Site.Tiers {
		s := mapSeries{Name: b.tierName(tier), Type: "scatter", CoordinateSystem: "geo", Symbol: lineSymbols[len(o.Series)%len(lineSymbols)]}
		var labels, tips []string
		for _, t := range tier.Towns {
			v := t.Values[ind.ID].At(yi)
			if t.Place == nil {
				unplacedN++
				continue
			}
			lon, lat := strconv.FormatFloat(t.Place.Longitude, 'f', -1, 64), strconv.FormatFloat(t.Place.Latitude, 'f', -1, 64)
			size := 8
			if v.Valid() && largest > 0 {
				size = 8 + int(math.Round(22*math.Sqrt(math.Abs(v.Float())/largest)))
			}
			fig := "-"
			if v.Valid() {
				fig = v.Data(ind.Decimals, b.Site.Rule)
			}
			s.Data = append(s.Data, mapPoint{Name: b.townName(t), Value: [3]json.Number{json.Number(lon), json.Number(lat), json.Number(fig)}, SymbolSize: size})
			label := b.cell(v, ind.Decimals)
			labels = append(labels, label)
			tips = append(tips, b.Words.Format.WithUnit(label, c.Unit))
			c.Table.Rows = append(c.Table.Rows, Row{Header: b.townName(t), Cells: []string{b.tierName(tier), lon, lat, label},
				Data: []string{b.tierName(tier), lon, lat, b.raw(v, ind.Decimals)}})
		}
		o.Series = append(o.Series, s)
		text.Text, text.Tip = append(text.Text, labels), append(text.Tip, tips)
	}
	if len(o.Series) > 1 {
		o.Legend = scrollLegend()
	}
	o.Text = text
	c.Footnotes = append(c.Footnotes, credit.Review, credit.Source)
	if unplacedN > 0 {
		c.Footnotes = append(c.Footnotes, unplaced(unplacedN))
	}
	c.Option = marshalJSON(c.ID, o)
	return c
}
