package output

import "golang.org/x/sys/unix"

// exchangeDirs swaps two folders in one step (renameat2 RENAME_EXCHANGE,
// Linux 3.15 and most file systems), so that the output folder is never
// missing, not even for an instant.
func exchangeDirs(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
