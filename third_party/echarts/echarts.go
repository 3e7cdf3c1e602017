// Package echarts holds a vendored copy of Apache ECharts, so that built
// sites serve the chart library from their own assets/ folder instead of a
// CDN (many CDNs are unreachable in China, and pages must work from file://).
//
// The files come unchanged from the npm package echarts@5.6.0 and are
// refreshed by update.sh in this folder, which checks their sha256. The
// Apache-2.0 license and notice must be published next to the script:
// write License and Notice to public/assets/ together with MinJS.
package echarts

import _ "embed"

// Version is the ECharts release that MinJS holds.
const Version = "5.6.0"

// MinJS is dist/echarts.min.js of the release (about 1 MB). Treat it as
// read-only: it is shared by every caller.
//
//go:embed echarts.min.js
var MinJS []byte

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

// Files maps the names under which the build writes these files into the
// site's assets/ folder to their contents. DESIGN.md promises
// assets/echarts.min.js; the license and notice sit beside it.
func Files() map[string][]byte {
	return map[string][]byte{
		"echarts.min.js":      MinJS,
		"echarts-LICENSE.txt": License,
		"echarts-NOTICE.txt":  Notice,
	}
}
