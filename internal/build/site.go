package build

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/sitefs"
)

// Limits on the files a build reads besides the workbooks, whose limits
// source keeps, and the narratives, whose limits render keeps. The README's Limits table lists them with their messages.
const (
	maxConfigBytes = 1 << 20 // config.toml
	maxLayoutBytes = 4 << 20 // a template, partial, translation or asset of layouts/
)

// openSite opens the site folder, the config's folder, through which every
// input of the build is read (see sitefs): nothing outside it, nothing but
// regular files. It returns the config's name inside the folder.
func openSite(configPath string) (*sitefs.FS, string, error) {
	dir, name := filepath.Split(configPath)
	if dir == "" {
		dir = "."
	}
	site, err := sitefs.Open(dir)
	if err != nil {
		return nil, "", fmt.Errorf("-config %s: cannot open the site folder: %w", configPath, err)
	}
	return site, name, nil
}

// ReadConfig reads the config file at configPath as a build reads it: a
// regular file inside its folder, of at most maxConfigBytes.
func ReadConfig(configPath string) ([]byte, error) {
	in, name, err := openSite(configPath)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return fs.ReadFile(configFiles(in), name)
}

// configFiles is the site folder as the config is read from it.
func configFiles(site *sitefs.FS) *sitefs.FS {
	return site.WithLimit(maxConfigBytes, diag.T("a config file", "配置文件"))
}

// ownLayouts is the site's layouts/ folder, or nil when it has none.
func ownLayouts(site *sitefs.FS) (fs.FS, error) {
	fi, err := site.Stat("layouts")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("layouts: %w", err)
	case !fi.IsDir():
		return nil, nil
	}
	return site.WithLimit(maxLayoutBytes, diag.T("a layout file", "布局文件")).Sub("layouts")
}

// narratives is the data folder as the report narratives are read from
// it, through the site folder (regular files inside it only), or nil when
// there is none. render reads them (render.CheckNarratives while the input
// is checked, then the report pages), and bounds their size itself
// (render.MaxNarrativeBytes): a narrative the build may not read, a link
// out of the site, a named pipe or one past the limit, is a problem at its
// file before any page is rendered.
func narratives(site *sitefs.FS, dataDir string) fs.FS {
	dir := path.Clean(strings.ReplaceAll(dataDir, `\`, "/"))
	if !fs.ValidPath(dir) {
		return nil // source has said so
	}
	if fi, err := site.Stat(dir); err != nil || !fi.IsDir() {
		return nil // source has said so
	}
	data, err := site.Sub(dir)
	if err != nil {
		return nil
	}
	return data
}
