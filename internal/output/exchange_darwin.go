package output

import "golang.org/x/sys/unix"

// exchangeDirs swaps two folders in one step (renamex_np RENAME_SWAP, on
// APFS), so that the output folder is never missing.
func exchangeDirs(a, b string) error {
	return unix.RenamexNp(a, b, unix.RENAME_SWAP)
}
