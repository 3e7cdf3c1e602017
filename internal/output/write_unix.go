//go:build unix

package output

import (
	"io"
	"io/fs"

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
