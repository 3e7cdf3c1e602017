package build

import (
	"path"
	"strings"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/internal/sitefs"
)

// maxBaseMapBytes bounds the base map a page embeds: a city's districts
// are some hundred kilobytes; a file of tens of megabytes is a national
// map at full detail, which no phone should load.
const maxBaseMapBytes = 16 << 20

// baseMap reads and checks the site's base map (map.base_map), for the
// map page: nil and no problem for a site without a map. The config's
// check has already refused a map without its review number (审图号) and
// boundary source.
func baseMap(in *sitefs.FS, site *model.Site) ([]byte, diag.List) {
	cfg := site.Config
	if !cfg.HasMap() {
		return nil, nil
	}
	var problems diag.List
	at := diag.Loc{File: cfg.File, Line: cfg.Line("map", -1, "base_map")}
	name := path.Clean(strings.ReplaceAll(cfg.Map.BaseMap, `\`, "/"))
	b, err := in.WithLimit(maxBaseMapBytes, diag.T("a base map", "底图")).ReadFile(name)
	if err != nil {
		problems.Err(at, diag.M("map.base_map: %v (expected the site's GeoJSON base map; townpress ships no boundaries)", "map.base_map：%v（应为本站提供的 GeoJSON 底图；townpress 不附带任何边界数据）"), err)
		return nil, problems
	}
	js, err := render.BaseMapJS(b)
	if err != nil {
		problems.Err(at, diag.M("map.base_map: %s: %v", "map.base_map：%s：%v"), name, err)
		return nil, problems
	}
	return js, nil
}
