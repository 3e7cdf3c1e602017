//go:build unix

package output

import (
	"io"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// createFile writes b into a new file at path and returns the modification
// time the file system gave it. It is os.WriteFile and os.Lstat in four
// system calls (open, write, fstat, close) instead of nine: an os.File of a
// regular file also asks for its flags twice, sets and clears O_NONBLOCK
// and is refused by epoll, and the stamp looked the path up again. At
// 40,000 towns that is 120,000 files.
func createFile(path string, b []byte) (mtime int64, err error) {
	var fd int
	for {
		// O_EXCL: the staged folder is fresh, and a replaced file is
		// removed first, so a file found here is a bug, not an overwrite.
		fd, err = unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return 0, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return writeClose(fd, path, b)
}

// writeClose writes b into the open file fd, closes it and returns the
// file's modification time.
func writeClose(fd int, path string, b []byte) (mtime int64, err error) {
	for len(b) > 0 {
		n, werr := unix.Write(fd, b)
		if werr == unix.EINTR {
			continue
		}
		if werr == nil && n == 0 {
			werr = io.ErrShortWrite
		}
		if werr != nil {
			// n is -1 here: nothing of this call was written.
			err = werr
			break
		}
		b = b[n:]
	}
	if err != nil {
		unix.Close(fd)
		return 0, &fs.PathError{Op: "write", Path: path, Err: err}
	}
	var st unix.Stat_t
	// The modification time is the last write's: close does not change it.
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return 0, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	// A file system that reports a failed write only at close (NFS) is
	// told here, as os.WriteFile does.
	if err := unix.Close(fd); err != nil {
		return 0, &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return st.Mtim.Nano(), nil
}

// openOwn opens the file at path for writing, without truncating it, if
// it is the recycled staging folder's own: a regular file of one link,
// this process's user's, with the permissions createFile gives (0644
// under the usual umask). A file of more links may be the live site's,
// and anything else is not a file this build may write into; then it
// reports false, having changed nothing. The checks are made on the file
// opened, so a name swapped between the look and the open is refused too.
// Nor is a file open anywhere else (alone): one link is not enough, as a
// file of the site just replaced may still be read through a descriptor
// opened before the swap, and must then keep its bytes.
func openOwn(path string) (int, bool) {
	var st unix.Stat_t
	// Not opened unless a regular file: opening a FIFO or a device can
	// block or do something.
	if unix.Lstat(path, &st) != nil || !ownFile(&st) {
		return -1, false
	}
	ino := st.Ino
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, false
	}
	if unix.Fstat(fd, &st) != nil || st.Ino != ino || !ownFile(&st) || !alone(fd) {
		unix.Close(fd)
		return -1, false
	}
	return fd, true
}

// euid is this process's user, asked once: openOwn looks at it twice for
// every file a recycled build writes.
var euid = os.Geteuid()

func ownFile(st *unix.Stat_t) bool {
	return st.Mode&unix.S_IFMT == unix.S_IFREG && st.Nlink == 1 && int(st.Uid) == euid && st.Mode&0o7777 == 0o644
}

// overwrite writes b into the file at path in place when it is the
// staging folder's own (openOwn), keeping its inode: unlinking it and
// making a new one costs the file system an inode freed and another made
// (on ext4 without a journal, a search past every inode freed in the
// last minutes) and a folder entry removed and added. ok is false, and
// nothing changed, when the file is not its own: the caller removes it
// and writes anew.
func overwrite(path string, b []byte) (mtime int64, ok bool, err error) {
	fd, ok := openOwn(path)
	if !ok {
		return 0, false, nil
	}
	if err := unix.Ftruncate(fd, 0); err != nil {
		unix.Close(fd)
		return 0, true, &fs.PathError{Op: "truncate", Path: path, Err: err}
	}
	mtime, err = writeClose(fd, path, b)
	return mtime, true, err
}

// empty frees the bytes of a file the replaced site kept in its spare
// and the new site does not share: truncated when it is the spare's own
// (openOwn), so that the next build, which will most likely write a file
// by that name again, writes into its inode (overwrite); removed
// otherwise.
func empty(path string) {
	if fd, ok := openOwn(path); ok {
		err := unix.Ftruncate(fd, 0)
		unix.Close(fd)
		if err == nil {
			return
		}
	}
	os.Remove(path)
}

// unlink removes the file at path: one system call, where os.Remove tries
// rmdir too when there is nothing to remove (most files a recycled
// staging folder writes are new).
func unlink(path string) error {
	for {
		err := unix.Unlink(path)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "unlink", Path: path, Err: err}
		}
		return nil
	}
}
