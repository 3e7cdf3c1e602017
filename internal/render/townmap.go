package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"

	"github.com/townpress/townpress/internal/chart"
)

// FullEChartsFile is the whole ECharts library in assets/, written beside
// the lite bundle for the map page when a site has a map.
const FullEChartsFile = "echarts.full.min.js"

// MapView is the town map's page: the map on the site's base map, with
// its review number and boundary source, and the ranking it falls back to.
type MapView struct {
	*Frame
	Intro      string
	MapChart   *Card
	Review     string // "审图号：…"
	Boundaries string // "底图边界来源：…"
	// BaseMap is the base map's GeoJSON for the page script, which
	// registers it before it draws.
	BaseMap     template.JS
	BaseMapName string
	// Ranking is the indicator page the map falls back to: the ranking
	// and its table hold every town, placed or not.
	RankingName, RankingHref string
}

func newMapView(f *Frame) *MapView {
	cfg := f.Site.Config
	v := &MapView{Frame: f, BaseMap: template.JS(f.r.BaseMap), BaseMapName: chart.BaseMapName,
		Review:     f.T("map_review", cfg.Map.ReviewNumber),
		Boundaries: f.T("map_source", f.Pick(cfg.Map.BoundarySource, cfg.Map.BoundarySourceEn))}
	ind := f.Site.Indicator(cfg.MapIndicator())
	if ind == nil || len(f.Site.Years) == 0 {
		return v
	}
	v.Intro = f.T("map_intro", f.IndName(ind))
	v.RankingName, v.RankingHref = f.T("indicator_ranking", f.IndName(ind), f.Latest), f.IndHref(ind)
	c := f.charts.TownMap(chartID(ind.ID, "map"), f.T("map_chart", f.IndName(ind), f.Year(f.Latest)), ind, f.LatestIndex,
		chart.MapCredit{Review: v.Review, Source: v.Boundaries}, func(n int) string { return f.T("map_unplaced", n) })
	v.MapChart = f.card(c, "")
	return v
}

// BaseMapJS checks that geojson is a GeoJSON FeatureCollection or a
// single Feature or geometry, as ECharts' registerMap reads it, and
// returns it re-encoded for a script element (<, > and & escaped, so
// that no name in it can close the element).
func BaseMapJS(geojson []byte) ([]byte, error) {
	var doc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(geojson, &doc); err != nil {
		return nil, fmt.Errorf("not GeoJSON: %w", err)
	}
	switch doc.Type {
	case "FeatureCollection":
		if len(doc.Features) == 0 {
			return nil, fmt.Errorf("a FeatureCollection without features (expected the regions of the base map)")
		}
	case "Feature", "Polygon", "MultiPolygon":
	default:
		return nil, fmt.Errorf("type %q is not a GeoJSON FeatureCollection, Feature, Polygon or MultiPolygon", doc.Type)
	}
	var v any
	if err := json.Unmarshal(geojson, &v); err != nil {
		return nil, fmt.Errorf("not GeoJSON: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}
