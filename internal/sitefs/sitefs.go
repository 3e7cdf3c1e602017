// Package sitefs is how the build reads a site folder: every file it reads
// (config, workbooks, narratives, layouts, translations, assets) comes
// through an FS rooted at the site folder, which opens only regular files
// inside that folder and of bounded size.
//
// # What it refuses
//
//   - A path that leaves the site folder, by a symbolic link (data/x.md →
//     /etc/passwd, or a data folder that links elsewhere) or by "..". It is
//     built on os.Root, which resolves every link itself: symbolic links are
//     followed when they are relative and stay inside the site folder all
//     the way (data/2024.xlsx → ../archive/2024.xlsx); an absolute link, or
//     one that passes above the site folder, is refused even when it ends
//     inside it.
//   - Anything but a regular file: a named pipe would block the build
//     forever, a device such as /dev/zero would fill memory. Files are
//     opened without blocking, so even a pipe swapped in after the check
//     cannot hang the build.
//   - A file larger than the limit of its kind (config, layout, narrative;
//     WithLimit), checked both before and while reading, so a file that
//     grows as it is read stops at the limit too.
//
// Every refusal is an *Error naming the file from the site folder, with
// why in English and Chinese.
package sitefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/townpress/townpress/internal/diag"
)

// The kinds of refusal; an *Error unwraps to one of them.
var (
	ErrOutside    = errors.New("outside the site folder")
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
)

// Error is a file the build may not read, and why.
type Error struct {
	Path string    // from the site folder, slash-separated
	Kind error     // ErrOutside, ErrNotRegular or ErrTooLarge
	Why  diag.Text // a sentence that follows the file's name: "is a named pipe, …"
}

func (e *Error) Error() string { return e.In(diag.En) }

// In is the error in lang: the file, then why.
func (e *Error) In(lang diag.Lang) string { return e.Path + ": " + e.Why.In(lang) }
func (e *Error) Unwrap() error            { return e.Kind }

// FS is a site folder, or a folder inside it, as an fs.FS.
type FS struct {
	root *os.Root
	dir  string    // the folder inside the site folder; "." for the site folder
	max  int64     // the largest file it opens; 0 for no limit
	what diag.Text // the kind of file max is for, as messages say it: "a layout file"
}

// Open opens the site folder dir. Close it when the build is done.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: root, dir: "."}, nil
}

// Close closes the site folder, and with it every FS made from it.
func (f *FS) Close() error { return f.root.Close() }

// WithLimit is f opening only files of at most max bytes; what names the
// kind of file for messages ("a layout file", "布局文件").
func (f *FS) WithLimit(max int64, what diag.Text) *FS {
	g := *f
	g.max, g.what = max, what
	return &g
}

// Sub is the folder dir inside f, which must be inside the site folder.
func (f *FS) Sub(dir string) (fs.FS, error) {
	if !fs.ValidPath(dir) {
		return nil, &fs.PathError{Op: "sub", Path: dir, Err: fs.ErrInvalid}
	}
	g := *f
	g.dir = path.Join(f.dir, dir)
	return &g, nil
}

func (f *FS) full(name string) string { return path.Join(f.dir, name) }

// Stat stats name, following symbolic links inside the site folder.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	fi, err := f.root.Stat(f.full(name))
	if err != nil {
		return nil, f.explain(name, err)
	}
	return fi, nil
}

// Open opens a folder, or a regular file within the size limit.
func (f *FS) Open(name string) (fs.File, error) {
	fi, err := f.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		d, err := f.root.Open(f.full(name))
		if err != nil {
			return nil, f.explain(name, err)
		}
		return &dir{File: d, fsys: f, name: name}, nil
	}
	if err := f.check(name, fi); err != nil {
		return nil, err
	}
	// Without blocking: a file swapped for a named pipe since the Stat
	// must not hang the build; the file is checked again once open.
	file, err := f.root.OpenFile(f.full(name), os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, f.explain(name, err)
	}
	fi, err = file.Stat()
	if err == nil {
		err = f.check(name, fi)
	}
	if err != nil {
		file.Close()
		return nil, err
	}
	return &regular{File: file, fsys: f, name: name, left: f.max}, nil
}

// check refuses what is not a regular file, or is larger than the limit.
func (f *FS) check(name string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return &Error{Path: f.full(name), Kind: ErrNotRegular, Why: diag.M("is %s, not a regular file; townpress reads only regular files", "是%s，不是普通文件；townpress 只读取普通文件").Text(kindOf(fi.Mode()))}
	}
	if f.max > 0 && fi.Size() > f.max {
		return f.tooLarge(name)
	}
	return nil
}

func (f *FS) tooLarge(name string) error {
	return &Error{Path: f.full(name), Kind: ErrTooLarge, Why: diag.M("is larger than %s, the most %s may be", "大于 %s，这是%s的上限").Text(sizeText(f.max), f.what)}
}

func kindOf(m fs.FileMode) diag.Text {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return diag.T("a named pipe (FIFO)", "命名管道（FIFO）")
	case m&fs.ModeCharDevice != 0:
		return diag.T("a character device", "字符设备")
	case m&fs.ModeDevice != 0:
		return diag.T("a device", "设备")
	case m&fs.ModeSocket != 0:
		return diag.T("a socket", "套接字")
	case m&fs.ModeDir != 0:
		return diag.T("a folder", "文件夹")
	}
	return diag.T("a special file", "特殊文件")
}

func sizeText(n int64) diag.Text {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return diag.M("%d MB", "%d MB").Text(n >> 20)
	}
	return diag.M("%d bytes", "%d 字节").Text(n)
}

// explain turns os.Root's refusal of a path that leaves the site folder
// into a message that names the symbolic link; other errors pass.
func (f *FS) explain(name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "escapes") {
		return err
	}
	full := f.full(name)
	parts := strings.Split(full, "/")
	for i := range parts {
		p := path.Join(parts[:i+1]...)
		fi, lerr := f.root.Lstat(p)
		if lerr != nil {
			break
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		target, _ := f.root.Readlink(p)
		why := diag.M("is a symbolic link to %s, outside the site folder; townpress reads only files inside the site folder (copy the file in, or use a relative link that stays inside)",
			"是指向站点文件夹之外 %s 的符号链接；townpress 只读取站点文件夹里的文件（请把文件复制进来，或改用不出站点文件夹的相对链接）").Text(target)
		if p != full {
			why = diag.M("is inside %s, a symbolic link to %s outside the site folder; townpress reads only files inside the site folder (copy the files in, or use a relative link that stays inside)",
				"位于 %s 中，而它是指向站点文件夹之外 %s 的符号链接；townpress 只读取站点文件夹里的文件（请把文件复制进来，或改用不出站点文件夹的相对链接）").Text(p, target)
		}
		return &Error{Path: full, Kind: ErrOutside, Why: why}
	}
	return &Error{Path: full, Kind: ErrOutside, Why: diag.T("is outside the site folder; townpress reads only files inside it", "在站点文件夹之外；townpress 只读取站点文件夹里的文件")}
}

// ReadFile reads a regular file within the size limit.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(file)
}

// ReadDir lists a folder, sorted by name. An entry that is a symbolic link
// to something inside the site folder shows as what it links to; one that
// leaves it stays a link, which Open refuses.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	d, ok := file.(*dir)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: f.full(name), Err: errors.New("not a folder")}
	}
	return d.ReadDir(-1)
}

// regular is an open regular file that stops at the size limit.
type regular struct {
	*os.File
	fsys *FS
	name string
	left int64 // bytes it may still read; unused without a limit
}

func (r *regular) Read(p []byte) (int, error) {
	if r.fsys.max == 0 {
		return r.File.Read(p)
	}
	if r.left <= 0 {
		// One byte more tells a file that has grown since it was opened
		// from one that is exactly at the limit.
		var one [1]byte
		if n, _ := r.File.Read(one[:]); n > 0 {
			return 0, r.fsys.tooLarge(r.name)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, err := r.File.Read(p)
	r.left -= int64(n)
	return n, err
}

func (r *regular) ReadAt(p []byte, off int64) (int, error) {
	if r.fsys.max > 0 && off+int64(len(p)) > r.fsys.max {
		if off >= r.fsys.max {
			return 0, r.fsys.tooLarge(r.name)
		}
		p = p[:r.fsys.max-off]
	}
	return r.File.ReadAt(p, off)
}

// dir is an open folder whose entries follow symbolic links inside the
// site folder.
type dir struct {
	*os.File
	fsys *FS
	name string
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	entries, err := d.File.ReadDir(n)
	for i, e := range entries {
		if e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		if fi, err := d.fsys.Stat(path.Join(d.name, e.Name())); err == nil {
			entries[i] = fs.FileInfoToDirEntry(namedInfo{fi, e.Name()})
		}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// namedInfo is a link's target under the link's own name.
type namedInfo struct {
	fs.FileInfo
	name string
}

func (n namedInfo) Name() string { return n.name }

var (
	_ fs.ReadFileFS = (*FS)(nil)
	_ fs.ReadDirFS  = (*FS)(nil)
	_ fs.StatFS     = (*FS)(nil)
	_ fs.SubFS      = (*FS)(nil)
)
