//go:build !unix

package output

import "os"

// createFile writes b into a new file at path and returns the modification
// time the file system gave it.
func createFile(path string, b []byte) (mtime int64, err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return 0, err
	}
	return fi.ModTime().UnixNano(), nil
}

// unlink removes the file at path.
func unlink(path string) error { return os.Remove(path) }
