// Package layouts embeds townpress's default layouts: page templates,
// partials, translation strings and the site's own CSS and JavaScript. A
// site's layouts/ folder overrides any of these files by name.
package layouts

import "embed"

// FS holds the default layouts.
//
//go:embed *.html partials i18n assets
var FS embed.FS
