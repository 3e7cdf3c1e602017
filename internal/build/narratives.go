package build

import (
	"path"
	"strings"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/render"
	"github.com/townpress/townpress/internal/sitefs"
)

// checkNarratives reads the report narratives the site would render from
// its data folder, so that one past the limits of render.CheckNarratives
// is a problem of check, build and serve with its file and line, found
// before any page is made, rather than an error from inside a template.
func checkNarratives(site *sitefs.FS, s *model.Site) diag.List {
	data := narratives(site, s.Config.Site.DataDir)
	if data == nil {
		return nil // the reader has said what is wrong with the folder
	}
	dir := path.Clean(strings.ReplaceAll(s.Config.Site.DataDir, `\`, "/"))
	return render.CheckNarratives(data, dir, s.ReportYears(), s.Config.HasLanguage("en"))
}
