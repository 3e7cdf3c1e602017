package output

import (
	"os"
	"syscall"
	"testing"
)

// ino is the inode number and change time of a file: a link or unlink of
// it changes the change time.
func ino(t *testing.T, p string) (uint64, int64) {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	return st.Ino, st.Ctim.Nano()
}
