// Package echarts holds a vendored copy of Apache ECharts, so that built
// sites serve the chart library from their own assets/ folder instead of a
// CDN (many CDNs are unreachable in China, and pages must work from file://).
//
// Two bundles of echarts@5.6.0, both made and sha256-checked by update.sh
// in this folder: the whole library as published on npm, and a lite bundle
// of the parts townpress pages draw with (bar and line charts and their
// components, canvas and SVG renderers), about 40% smaller, which sites get
// unless config.toml says site.echarts = "full". Either is written to
// assets/echarts.min.js, with the licenses beside it: Apache-2.0 requires
// the license and notice to travel with the code, and zrender (inside both
// bundles) is BSD-3-Clause.
package echarts

import _ "embed"

// Version is the ECharts release both bundles hold.
const Version = "5.6.0"

// MinJS is dist/echarts.min.js of the release (about 1 MB). Treat it as
// read-only: it is shared by every caller.
//
//go:embed echarts.min.js
var MinJS []byte

// LiteJS is lite/entry.js bundled by esbuild (about 600 KB, 200 KB
// gzipped): the same global echarts API, with only the chart types and
// components pages use registered.
//
//go:embed echarts.lite.min.js
var LiteJS []byte

// License is the ECharts LICENSE file (Apache License 2.0 plus the licenses
// of the code ECharts bundles).
//
//go:embed LICENSE
var License []byte

// Notice is the ECharts NOTICE file, which Apache-2.0 requires to be
// redistributed with the code.
//
//go:embed NOTICE
var Notice []byte

// ZRenderLicense is the license of zrender, ECharts' renderer, which both
// bundles contain.
//
//go:embed ZRENDER-LICENSE
var ZRenderLicense []byte

// Files maps the names under which the build writes these files into the
// site's assets/ folder to their contents: the full library when full is
// set, the lite bundle otherwise, always as echarts.min.js (the name
// DESIGN.md promises and layouts load).
func Files(full bool) map[string][]byte {
	js := LiteJS
	if full {
		js = MinJS
	}
	return map[string][]byte{
		"echarts.min.js":              js,
		"echarts-LICENSE.txt":         License,
		"echarts-NOTICE.txt":          Notice,
		"echarts-zrender-LICENSE.txt": ZRenderLicense,
	}
}
