package config

import (
	"path"
	"strings"

	"github.com/townpress/townpress/internal/diag"
)

// Map is the town map (专业镇分布图): a point at each town's place (the
// towns sheet's 经度 and 纬度) on a base map the site supplies as GeoJSON.
//
// A map published in China must carry the map review number (审图号) its
// publisher obtained and say where its boundaries come from, so townpress
// draws the map only when the config gives both; without them the build
// stops with an error rather than publish an unreviewed map. townpress
// ships no boundary data: the base map is the site's own file.
type Map struct {
	// BaseMap is the GeoJSON file of the base map (a FeatureCollection of
	// the regions, such as the city's districts), relative to the config.
	BaseMap string `toml:"base_map"`
	// ReviewNumber is the 审图号 of the base map, such as 晋S（2024）001号,
	// printed on the map and in its exports.
	ReviewNumber string `toml:"review_number"`
	// BoundarySource says where the boundaries come from (such as 山西省
	// 自然资源厅标准地图服务), printed beside the review number.
	BoundarySource   string `toml:"boundary_source"`
	BoundarySourceEn string `toml:"boundary_source_en"`
	// Indicator sizes the points by its latest figure; the first indicator
	// when empty.
	Indicator string `toml:"indicator"`
}

// HasMap reports whether the site publishes the town map: the config's
// check has refused a base map without its review number and source.
func (c *Config) HasMap() bool { return c.Map.BaseMap != "" }

// MapIndicator is the id of the indicator that sizes the map's points.
func (c *Config) MapIndicator() string {
	if c.Map.Indicator != "" || len(c.Indicators) == 0 {
		return c.Map.Indicator
	}
	return c.Indicators[0].ID
}

func (c *Config) checkMap(problems *diag.List, at func(table string, idx int, key string) diag.Loc) {
	m := c.Map
	if m == (Map{}) {
		return
	}
	if strings.TrimSpace(m.BaseMap) == "" {
		problems.Err(at("map", -1, "base_map"), diag.M("map.base_map: must not be empty (expected the GeoJSON file of the base map, such as data/map/taiyuan.geojson; townpress ships no boundaries)",
			"map.base_map：不能为空（应为底图的 GeoJSON 文件，如 data/map/taiyuan.geojson；townpress 不附带任何边界数据）"))
	} else if p := path.Clean(strings.ReplaceAll(m.BaseMap, `\`, "/")); p == "." || strings.HasPrefix(p, "../") || p == ".." || path.IsAbs(p) {
		problems.Err(at("map", -1, "base_map"), diag.M("map.base_map: %q is outside the site folder (expected a path inside it, such as data/map/taiyuan.geojson)",
			"map.base_map：“%s”不在站点文件夹内（应为站点文件夹内的路径，如 data/map/taiyuan.geojson）"), m.BaseMap)
	}
	if strings.TrimSpace(m.ReviewNumber) == "" {
		problems.Err(at("map", -1, "review_number"), diag.M("map.review_number: must not be empty: a map published in China needs its map review number (审图号, such as 晋S（2024）001号); without it no map is built (remove [map] to publish without one)",
			"map.review_number：不能为空：公开发布的地图须有审图号（如 晋S（2024）001号），没有审图号不生成地图（不发布地图请删去 [map]）"))
	}
	if strings.TrimSpace(m.BoundarySource) == "" {
		problems.Err(at("map", -1, "boundary_source"), diag.M("map.boundary_source: must not be empty: say where the base map's boundaries come from (such as 山西省自然资源厅标准地图服务); without it no map is built (remove [map] to publish without one)",
			"map.boundary_source：不能为空：须注明底图边界的来源（如 山西省自然资源厅标准地图服务），否则不生成地图（不发布地图请删去 [map]）"))
	}
	if m.Indicator != "" {
		for _, ind := range c.Indicators {
			if ind.ID == m.Indicator {
				return
			}
		}
		problems.Err(at("map", -1, "indicator"), diag.M("map.indicator: %q is not an indicator (expected the id of one of [[indicators]])", "map.indicator：“%s”不是指标（应为 [[indicators]] 中某个指标的 id）"), m.Indicator)
	}
}
