package render

import (
	"github.com/townpress/townpress/internal/model"
)

// Download is a file on the downloads page.
type Download struct {
	Path  string      // from the site root, such as "downloads/report-2024.xlsx"
	Size  int64       // bytes
	Kind  FileKind    // what it holds
	Lang  string      // the edition it belongs to; "" for files both share
	Year  int         // report files
	Name  string      // csv: the table's name
	Town  *model.Town // town files
	Group FileGroup   // where the downloads page lists it
}

// DownloadGroup is the downloads of one kind, as the page lists them.
type DownloadGroup struct {
	Name  FileGroup
	Files []Download
	More  int // files left off the list
}

// maxListedTownFiles keeps the downloads page small for a national site:
// every town's files are linked from its own page, and every number is in
// the whole-dataset files anyway.
const maxListedTownFiles = 200

// DownloadsView is the downloads page's: every download of this edition
// and the shared ones, by group, with its size.
type DownloadsView struct {
	*Frame
	DownloadGroups []DownloadGroup
	// Versions says which release the downloads are, with every
	// release's page; nil on a site without releases.
	Versions *Versions
}

func newDownloadsView(f *Frame) *DownloadsView {
	var out []DownloadGroup
	for _, g := range FileGroups {
		group := DownloadGroup{Name: g}
		for _, d := range f.r.Downloads {
			if d.Group == g && (d.Lang == "" || d.Lang == f.Lang.Code) {
				group.Files = append(group.Files, d)
			}
		}
		if g == TownFiles && len(group.Files) > maxListedTownFiles {
			group.More = len(group.Files) - maxListedTownFiles
			group.Files = group.Files[:maxListedTownFiles]
		}
		if len(group.Files) > 0 {
			out = append(out, group)
		}
	}
	return &DownloadsView{Frame: f, DownloadGroups: out, Versions: f.versions()}
}

// DownloadText says what a file holds.
func (v *DownloadsView) DownloadText(d Download) string {
	switch d.Kind {
	case ReportXLSXFile, ReportPDFFile:
		return v.T("dl_"+string(d.Kind), d.Year)
	case CSVFile:
		return v.T("dl_csv_" + d.Name)
	case TownCSVFile, TownXLSXFile:
		return v.T("dl_"+string(d.Kind), v.TownName(d.Town))
	}
	return v.T("dl_" + string(d.Kind))
}
