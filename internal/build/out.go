package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// marker is written at the root of every output folder. A build replaces
// the output folder whole, so it replaces only a folder that is empty or
// carries this file: pointing -out at the wrong folder must not delete it.
const (
	marker        = ".townpress-output"
	markerContent = "This folder was written by townpress build and is replaced whole by the next build.\n"
)

// checkOut refuses an output folder the build would destroy: one that holds
// the site itself (its config, data or layouts), or a folder that exists,
// is not empty and was not written by townpress.
func checkOut(out, configPath, dataDir string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("-out %s: %w", out, err)
	}
	siteDir, err := filepath.Abs(filepath.Dir(configPath))
	if err != nil {
		return fmt.Errorf("-config %s: %w", configPath, err)
	}
	for _, keep := range []string{siteDir, filepath.Join(siteDir, dataDir), filepath.Join(siteDir, "layouts")} {
		if within(keep, absOut) {
			return fmt.Errorf("-out %s: refusing to replace a folder that holds the site's own files (%s); build into a separate folder such as public", out, keep)
		}
	}
	entries, err := os.ReadDir(absOut)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("-out %s: %w", out, err)
	}
	if !isOutput(absOut) {
		return fmt.Errorf("-out %s: refusing to replace a folder townpress did not write (it has files but no %s); choose a new or empty folder, or empty this one yourself", out, marker)
	}
	return nil
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
}

// isOutput recognises a folder townpress wrote: by its marker, or, for a
// site built before the marker existed, by its index page and townpress's
// own stylesheet.
func isOutput(dir string) bool {
	for _, names := range [][]string{{marker}, {"index.html", "assets/townpress.css"}} {
		all := true
		for _, n := range names {
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(n))); err != nil {
				all = false
			}
		}
		if all {
			return true
		}
	}
	return false
}
