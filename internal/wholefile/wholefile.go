// Package wholefile writes a file so that readers see the old file or the
// new one, never a part: what the build keeps beside the output (the
// manifest, the read cache) must survive a build killed while writing.
package wholefile

import (
	"bufio"
	"os"
)

// Write writes path through fill: into path+".tmp", renamed over path
// once fill, the flush and the close have all succeeded; on any error
// the temporary file is removed and path is left as it was.
func Write(path string, fill func(w *bufio.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = fill(w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
