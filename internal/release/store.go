package release

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
)

// Files of a release folder besides the snapshot's and the downloads.
const (
	MetaFile          = "release.json"
	SumsFile          = "SHA256SUMS"
	RevisionsCSVFile  = "revisions.csv"
	RevisionsJSONFile = "revisions.json"
)

// MaxFileBytes is the largest file a release may hold, as the largest
// workbook the reader takes: past it a file is not read, and the store is
// in error.
const MaxFileBytes = 512 << 20

// Meta is a release's release.json: what it is, when and why it was made.
type Meta struct {
	ID          string `json:"id"`
	Date        string `json:"date"` // YYYY-MM-DD
	Title       string `json:"title"`
	TitleEn     string `json:"title_en,omitempty"`
	Reason      string `json:"reason"` // config.Scheduled or config.Correction
	Note        string `json:"note,omitempty"`
	NoteEn      string `json:"note_en,omitempty"`
	Previous    string `json:"previous,omitempty"` // the release before, whose figures the revisions compare with; "" for the first
	Site        string `json:"site"`               // the site's title when the release was made
	SiteEn      string `json:"site_en,omitempty"`
	Publisher   string `json:"publisher,omitempty"`
	PublisherEn string `json:"publisher_en,omitempty"`
	Counts      Counts `json:"counts"`
}

// Counts are a release's figures and their changes since the release before.
type Counts struct {
	Towns   int `json:"towns"`
	Figures int `json:"figures"`
	Revised int `json:"revised"` // figures whose value changed
	Status  int `json:"status"`  // figures whose marks alone changed (p → final)
	Added   int `json:"added"`   // figures the release before did not have
	Removed int `json:"removed"` // figures it had and this one has not
}

// Release is one release of a store.
type Release struct {
	Meta
	Dir   string // its folder in the store's file system: releases/<id>
	Files []File // every file of the release but SHA256SUMS, sorted by path

	store *Store
	snap  *Snapshot
	prev  *Release
}

// File is a file of a release, as its SHA256SUMS lists it.
type File struct {
	Path string // inside the release folder, slash-separated: downloads/report-2024.xlsx
	Size int64
	Sum  [32]byte
}

// Previous is the release before r, nil for the first.
func (r *Release) PreviousRelease() *Release { return r.prev }

// Store is a site's releases/ folder read back: every release, verified.
type Store struct {
	Dir      string     // the store's folder in fsys, such as releases
	Releases []*Release // oldest first: each release's Previous is the one before it
	fsys     fs.FS
	// snapMu guards the releases' snapshots, read when first asked for:
	// the pages of two releases (and two languages) are made at once.
	snapMu sync.Mutex
}

// Latest is the last release, nil for an empty store.
func (st *Store) Latest() *Release {
	if st == nil || len(st.Releases) == 0 {
		return nil
	}
	return st.Releases[len(st.Releases)-1]
}

// Release is the release with id, or nil.
func (st *Store) Release(id string) *Release {
	if st == nil {
		return nil
	}
	for _, r := range st.Releases {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Open reads the store in folder dir of fsys, the site folder, and
// verifies every release: its release.json, and every file against its
// SHA256SUMS, which must list every file of the folder. A folder that
// does not exist is an empty store. Each problem names its file; a store
// with errors must not be published, since a changed archive is no
// archive.
func Open(fsys fs.FS, dir string) (*Store, diag.List) {
	var problems diag.List
	st := &Store{Dir: dir, fsys: fsys}
	entries, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		problems.Err(diag.Loc{File: dir}, diag.M("cannot read the release store: %v", "无法读取版本库：%v"), err)
		return st, problems
	}
	byID := map[string]*Release{}
	for _, e := range entries {
		name := e.Name()
		at := diag.Loc{File: pathJoin(dir, name)}
		switch {
		case strings.HasPrefix(name, "."):
			continue // a release being written, or a system's file
		case !e.IsDir() || e.Type()&fs.ModeSymlink != 0:
			problems.Warn(at, diag.M("not a release (a release is a folder written by townpress release); ignored", "不是版本（版本是 townpress release 写出的文件夹）；已忽略"))
			continue
		}
		if m := config.CheckReleaseID(name); m != nil {
			problems.Err(at, diag.M("%s (a release's folder is named by its id; restore the store from version control)", "%s（版本文件夹以其编号命名；请从版本库恢复版本库文件夹）"), m.Text(name))
			continue
		}
		r := st.readRelease(at.File, name, &problems)
		if r != nil {
			byID[r.ID] = r
		}
	}
	st.chain(byID, &problems)
	return st, problems
}

// readRelease reads and verifies one release folder; nil when it cannot
// be read.
func (st *Store) readRelease(dir, id string, problems *diag.List) *Release {
	before := len(*problems)
	r := &Release{Dir: dir, store: st}
	raw, err := readFile(st.fsys, pathJoin(dir, MetaFile))
	if err != nil {
		problems.Err(diag.Loc{File: pathJoin(dir, MetaFile)}, diag.M("cannot read the release: %v (every release folder holds the release.json townpress release wrote)",
			"无法读取版本：%v（每个版本文件夹都应有 townpress release 写出的 release.json）"), err)
		return nil
	}
	if err := json.Unmarshal(raw, &r.Meta); err != nil {
		problems.Err(diag.Loc{File: pathJoin(dir, MetaFile)}, diag.M("not a release.json townpress wrote: %v (restore it from version control)", "不是 townpress 写出的 release.json：%v（请从版本库恢复）"), err)
		return nil
	}
	if r.ID != id {
		problems.Err(diag.Loc{File: pathJoin(dir, MetaFile)}, diag.M("the release's id is %q, but its folder is %s (a release's folder is named by its id; restore the store from version control)",
			"版本编号为“%s”，但其文件夹为 %s（版本文件夹以其编号命名；请从版本库恢复）"), r.ID, dir)
	}
	if !config.Date(r.Date).Valid() {
		problems.Err(diag.Loc{File: pathJoin(dir, MetaFile)}, diag.M("the release's date %q is not a date (restore release.json from version control)", "版本日期“%s”不是日期（请从版本库恢复 release.json）"), r.Date)
	}
	st.verify(r, problems)
	if len(*problems) > before && problems.HasErrors() {
		return nil
	}
	return r
}

// verify checks every file of r against its SHA256SUMS, and that the
// folder holds nothing else: neither a file changed nor a file added
// after the release passes.
func (st *Store) verify(r *Release, problems *diag.List) {
	sumsAt := pathJoin(r.Dir, SumsFile)
	raw, err := readFile(st.fsys, sumsAt)
	if err != nil {
		problems.Err(diag.Loc{File: sumsAt}, diag.M("cannot read the release's checksums: %v (every release folder holds the SHA256SUMS townpress release wrote)",
			"无法读取版本的校验和：%v（每个版本文件夹都应有 townpress release 写出的 SHA256SUMS）"), err)
		return
	}
	listed, err := ParseSums(raw)
	if err != nil {
		problems.Err(diag.Loc{File: sumsAt}, diag.M("%v (restore it from version control)", "%v（请从版本库恢复）"), err)
		return
	}
	seen := map[string]bool{}
	err = fs.WalkDir(st.fsys, r.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, r.Dir+"/")
		at := diag.Loc{File: p}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			problems.Err(at, diag.M("is a symbolic link; a release holds only the files townpress wrote (restore the release from version control)",
				"是符号链接；版本中只能有 townpress 写出的文件（请从版本库恢复该版本）"))
			return nil
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			problems.Err(at, diag.M("is not a regular file; a release holds only the files townpress wrote", "不是普通文件；版本中只能有 townpress 写出的文件"))
			return nil
		case p == sumsAt:
			return nil
		}
		sum, ok := listed[rel]
		if !ok {
			problems.Err(at, diag.M("is not listed in %s: a file added to the release after it was made (remove it; a release stays as it was published)",
				"未列于 %s：这是版本发布后加入的文件（请删除；版本须保持发布时的样子）"), sumsAt)
			return nil
		}
		seen[rel] = true
		size, got, err := hashFile(st.fsys, p)
		switch {
		case err != nil:
			problems.Err(at, diag.M("cannot read the archived file: %v", "无法读取存档文件：%v"), err)
		case got != sum:
			problems.Err(at, diag.M("does not match its checksum in %s: the archived file was changed after the release (restore it from version control, such as git checkout -- %s)",
				"与 %s 中的校验和不符：存档文件在发布后被改动（请从版本库恢复，如 git checkout -- %s）"), sumsAt, p)
		default:
			r.Files = append(r.Files, File{Path: rel, Size: size, Sum: sum})
		}
		return nil
	})
	if err != nil {
		problems.Err(diag.Loc{File: r.Dir}, diag.M("cannot read the release: %v", "无法读取版本：%v"), err)
	}
	for _, name := range slices.Sorted(maps.Keys(listed)) {
		if !seen[name] {
			problems.Err(diag.Loc{File: pathJoin(r.Dir, name)}, diag.M("is listed in %s but missing: an archived file was removed (restore it from version control)",
				"列于 %s 但不存在：存档文件被删除（请从版本库恢复）"), sumsAt)
		}
	}
	slices.SortFunc(r.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
}

// chain puts the releases in order by their Previous: one first release,
// each other one after the release it names, dates never going back.
func (st *Store) chain(byID map[string]*Release, problems *diag.List) {
	next := map[string]*Release{}
	var first []*Release
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		r := byID[id]
		at := diag.Loc{File: pathJoin(r.Dir, MetaFile)}
		switch {
		case r.Previous == "":
			first = append(first, r)
		case byID[r.Previous] == nil:
			problems.Err(at, diag.M("the release before it, %q, is not in the store (restore its folder from version control)", "其上一版本“%s”不在版本库中（请从版本库恢复该文件夹）"), r.Previous)
		case next[r.Previous] != nil:
			problems.Err(at, diag.M("releases %s and %s both follow %s; releases form one line (restore the store from version control)",
				"版本 %s 和 %s 都接在 %s 之后；版本须前后相接成一条线（请从版本库恢复版本库）"), next[r.Previous].ID, r.ID, r.Previous)
		default:
			next[r.Previous] = r
			r.prev = byID[r.Previous]
			if r.Date < r.prev.Date {
				problems.Err(at, diag.M("the release is dated %s, before the release before it, %s of %s", "版本日期 %s 早于其上一版本 %s 的日期 %s"), r.Date, r.prev.ID, r.prev.Date)
			}
		}
	}
	if len(first) > 1 {
		problems.Err(diag.Loc{File: pathJoin(first[1].Dir, MetaFile)}, diag.M("releases %s and %s are both first (name no release before them); releases form one line", "版本 %s 和 %s 都是第一个版本（都未指明上一版本）；版本须前后相接成一条线"), first[0].ID, first[1].ID)
	}
	if len(first) == 0 {
		if len(byID) > 0 && !problems.HasErrors() {
			problems.Err(diag.Loc{File: st.Dir}, diag.M("no release is first: the releases name each other in a circle", "没有第一个版本：各版本互相指向，形成了环"))
		}
		return
	}
	for r := first[0]; r != nil; r = next[r.ID] {
		st.Releases = append(st.Releases, r)
		if len(st.Releases) > len(byID) {
			break
		}
	}
}

// Snapshot is the release's snapshot, read once.
func (r *Release) Snapshot(problems *diag.List) *Snapshot {
	r.store.snapMu.Lock()
	defer r.store.snapMu.Unlock()
	if r.snap == nil {
		r.snap = ReadSnapshot(r.store.fsys, r.Dir, problems)
	}
	return r.snap
}

// Changes are the release's changes on the release before; nil for the first.
func (r *Release) Changes(problems *diag.List) []Change {
	if r.prev == nil {
		return nil
	}
	return Diff(r.prev.Snapshot(problems), r.Snapshot(problems))
}

// Open opens one of the release's files, checking it again against its
// checksum as it is read: the build copies what it verified.
func (r *Release) ReadFile(f File) ([]byte, error) {
	b, err := readFile(r.store.fsys, pathJoin(r.Dir, f.Path))
	if err != nil {
		return nil, err
	}
	if sha256.Sum256(b) != f.Sum {
		return nil, fmt.Errorf("%s: changed while the site was built", pathJoin(r.Dir, f.Path))
	}
	return b, nil
}

// readFile reads a regular file of at most MaxFileBytes.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := openRegular(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err == nil && len(b) > MaxFileBytes {
		err = fmt.Errorf("larger than %d MB", MaxFileBytes>>20)
	}
	return b, err
}

func openRegular(fsys fs.FS, name string) (fs.File, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	if fi.Size() > MaxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d MB", name, MaxFileBytes>>20)
	}
	return fsys.Open(name)
}

// hashFile is the size and SHA-256 of a file, read in pieces.
func hashFile(fsys fs.FS, name string) (int64, [32]byte, error) {
	f, err := openRegular(fsys, name)
	if err != nil {
		return 0, [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, MaxFileBytes+1))
	if err == nil && n > MaxFileBytes {
		err = fmt.Errorf("larger than %d MB", MaxFileBytes>>20)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return n, sum, err
}

// ParseSums reads a SHA256SUMS file as sha256sum writes it: the hash, two
// spaces (or a space and *), the name.
func ParseSums(raw []byte) (map[string][32]byte, error) {
	out := map[string][32]byte{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" {
			continue
		}
		hexSum, name, ok := strings.Cut(text, " ")
		name = strings.TrimPrefix(strings.TrimPrefix(name, " "), "*")
		b, err := hex.DecodeString(hexSum)
		if !ok || err != nil || len(b) != 32 || !fs.ValidPath(name) {
			return nil, fmt.Errorf("line %d is not a checksum line of sha256sum (expected 64 hex digits, two spaces and a file name)", line)
		}
		out[name] = [32]byte(b)
	}
	return out, nil
}

// Sums is SHA256SUMS of files, as sha256sum -c reads it, sorted by name.
func Sums(files map[string][]byte) []byte {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(files)) {
		sum := sha256.Sum256(files[name])
		b.WriteString(hex.EncodeToString(sum[:]) + "  " + name + "\n")
	}
	return []byte(b.String())
}

// Write writes a new release's files into the store at siteDir/storeDir:
// into a hidden folder first, renamed to the release's id only when every
// file is written, so that a failed release leaves no release behind.
// files hold every file of the release but SHA256SUMS, which Write adds.
func Write(siteDir, storeDir, id string, files map[string][]byte) (string, error) {
	store := filepath.Join(siteDir, filepath.FromSlash(storeDir))
	final := filepath.Join(store, id)
	if _, err := os.Lstat(final); err == nil {
		return "", fmt.Errorf("%s already exists", final)
	}
	if err := os.MkdirAll(store, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(store, "."+id+".tmp-")
	if err != nil {
		return "", err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	all := map[string][]byte{SumsFile: Sums(files)}
	for name, b := range files {
		if !fs.ValidPath(name) || name == SumsFile {
			return "", fmt.Errorf("refusing the release file name %q", name)
		}
		all[name] = b
	}
	for _, name := range slices.Sorted(maps.Keys(all)) {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, all[name], 0o644); err != nil {
			return "", err
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		return "", err
	}
	ok = true
	return final, nil
}
