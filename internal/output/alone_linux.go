package output

import "golang.org/x/sys/unix"

// alone reports whether fd, open for writing, is the only open file of
// its inode, and keeps it so until fd is closed: a write lease is granted
// only then (open for reading or writing elsewhere, or mapped into memory
// by any process), and an open elsewhere meanwhile waits for the lease,
// which closing fd releases. A file that is not alone may be a file of
// the site just replaced that a web server, an rsync or a reader still
// has open (or nginx's open_file_cache holds): emptying it or writing
// into it would change the bytes they read, where unlinking it, as
// before, leaves them the whole file. A file system without leases (NFS,
// leases disabled) gets false: the file is unlinked, as before.
func alone(fd int) bool {
	_, err := unix.FcntlInt(uintptr(fd), unix.F_SETLEASE, unix.F_WRLCK)
	return err == nil
}
