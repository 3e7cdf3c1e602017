package source

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"maps"
	"os"
	"reflect"
	"runtime"
	"slices"
	"sync"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/wholefile"
)

// A ReadCache keeps the records of the sheets a build read, by the key of
// everything their reading depended on (see cachekey.go), for the next
// build: a sheet whose key is the previous build's is not parsed again;
// its records are the ones kept. At 40,000 towns parsing the sheets' XML
// is most of the read stage, and an official's edit touches one sheet of
// ten.
//
// Only a sheet read without any problem is kept, so that the problems
// need not be: a sheet with a warning is parsed by every build and says
// it every time. A workbook none of whose sheets had a problem, and that
// had none of its own, is kept as the list of its sheets' keys under the
// digest of its whole file, so that an unchanged workbook is not even
// opened.
//
// A build keeps the cache beside the output folder, as the manifest
// (output.ReadCachePath), written whole after the swap; serve keeps one
// in memory. The cache holds what one read used (Rotate), so it does not
// grow with every edit.
type ReadCache struct {
	mu   sync.Mutex
	prev map[[32]byte][]byte // what the read before this one kept, by key
	next map[[32]byte][]byte // what this read took or made, by key
}

// NewReadCache is an empty ReadCache.
func NewReadCache() *ReadCache {
	return &ReadCache{prev: map[[32]byte][]byte{}, next: map[[32]byte][]byte{}}
}

// get is the entry the previous read kept under k, if any; it is kept
// for the next read too.
func (c *ReadCache) get(k [32]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.prev[k]
	return b, ok
}

// put keeps b under k for the next read.
func (c *ReadCache) put(k [32]byte, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next[k] = b
}

// Rotate makes what this read took or made the previous read's, for a
// cache kept in memory between reads (serve).
func (c *ReadCache) Rotate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.next) == 0 {
		// A read stopped before the workbooks (a config error) keeps
		// what the one before it kept: its keys are still true.
		return
	}
	c.prev, c.next = c.next, map[[32]byte][]byte{}
}

// readCacheHeader starts a cache file; a file without it, of another
// version, is not read.
const readCacheHeader = "townpress read cache 1\n"

// LoadReadCache reads the cache a build saved at path. A missing,
// truncated or damaged file (its SHA-256 at the end does not match) is an
// empty cache: the sheets are parsed, never taken from a file that is
// not whole.
func LoadReadCache(path string) *ReadCache {
	c := NewReadCache()
	b, err := os.ReadFile(path)
	if err != nil || len(b) < len(readCacheHeader)+sha256.Size || !bytes.HasPrefix(b, []byte(readCacheHeader)) {
		return c
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if sha256.Sum256(body) != [32]byte(sum) {
		return c
	}
	d := &decoder{b: body[len(readCacheHeader):]}
	n := d.uvarint()
	if n > uint64(len(d.b)/(sha256.Size+1)) {
		return c
	}
	entries := make(map[[32]byte][]byte, n)
	for range n {
		k, ok := d.take(sha256.Size)
		size := d.uvarint()
		if !ok || size > uint64(len(d.b)) {
			return c
		}
		v, _ := d.take(int(size))
		entries[[32]byte(k)] = v
	}
	if d.bad || len(d.b) != 0 {
		return c
	}
	c.prev = entries
	return c
}

// Save writes what this read took or made to path, whole: into a
// temporary file renamed over it, its SHA-256 at the end, so that a
// build killed while writing leaves the previous cache or none, and a
// file cut short is never trusted (LoadReadCache).
func (c *ReadCache) Save(path string) error {
	c.mu.Lock()
	next := c.next
	c.mu.Unlock()
	return wholefile.Write(path, func(w *bufio.Writer) error {
		h := sha256.New()
		out := func(b []byte) {
			w.Write(b)
			h.Write(b)
		}
		out([]byte(readCacheHeader))
		out(binary.AppendUvarint(nil, uint64(len(next))))
		for _, k := range slices.SortedFunc(maps.Keys(next), func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) }) {
			out(k[:])
			out(binary.AppendUvarint(nil, uint64(len(next[k]))))
			out(next[k])
		}
		_, err := w.Write(h.Sum(nil))
		return err
	})
}

// The kinds of entries.
const (
	sheetEntry    = 's' // a sheet's records and SheetInfo
	workbookEntry = 'w' // the keys of a workbook's sheets, in order
)

// errNotKept says a sheet's records cannot be kept: a location in another
// sheet, which no record of a sheet's has.
var errNotKept = errors.New("not kept")

// encodeSheet is a sheet's entry: its name and what it read.
func encodeSheet(file, sheet string, ref *sheetRef, r *records, info *SheetInfo) ([]byte, error) {
	e := &encoder{ref: ref, b: make([]byte, 0, 64+len(r.values)*16*(1+valuesWidth(r.values)))}
	e.b = append(e.b, sheetEntry)
	e.str(file)
	e.str(sheet)
	e.count(len(r.towns), r.towns == nil)
	for i := range r.towns {
		e.town(&r.towns[i])
	}
	e.count(len(r.values), r.values == nil)
	for i := range r.values {
		e.value(&r.values[i])
	}
	e.count(len(r.totals), r.totals == nil)
	for i := range r.totals {
		e.total(&r.totals[i])
	}
	e.count(len(r.notes), r.notes == nil)
	for _, n := range r.notes {
		e.note(n)
	}
	e.count(len(r.provisional), r.provisional == nil)
	for _, p := range r.provisional {
		e.year(p)
	}
	if info == nil {
		e.b = append(e.b, 0)
	} else {
		e.b = append(e.b, 1)
		e.str(info.File)
		e.str(info.Sheet)
		e.dtext(info.Layout)
		e.b = binary.AppendVarint(e.b, int64(info.HeaderRows[0]))
		e.b = binary.AppendVarint(e.b, int64(info.HeaderRows[1]))
		e.count(len(info.Notes), info.Notes == nil)
		for _, n := range info.Notes {
			e.dtext(n)
		}
		e.count(len(info.Columns), info.Columns == nil)
		for _, c := range info.Columns {
			e.column(c)
		}
		e.dtext(info.Rows)
	}
	if e.err != nil {
		return nil, e.err
	}
	return e.b, nil
}

func valuesWidth(vs []ValueRecord) int {
	if len(vs) == 0 {
		return 0
	}
	return len(vs[0].Values)
}

// decodeSheet reads a sheet's entry of a workbook file: its name, and its
// records located in a sheetRef of their own, as the reader's are. ok is
// false for an entry that is not whole.
func decodeSheet(b []byte, file string) (sheet string, r *records, info *SheetInfo, ok bool) {
	d := &decoder{b: b}
	if kind, _ := d.take(1); len(kind) != 1 || kind[0] != sheetEntry || d.str() != file {
		return "", nil, nil, false
	}
	sheet = d.str()
	d.ref = &sheetRef{file: file, sheet: sheet}
	r = &records{}
	if n := d.count(minTown); n >= 0 {
		r.towns = make([]TownRecord, n)
		for i := range r.towns {
			d.town(&r.towns[i])
		}
	}
	if n := d.count(minValue); n >= 0 {
		r.values = make([]ValueRecord, n)
		for i := range r.values {
			v := &r.values[i]
			v.Town = d.text()
			v.Year = d.number()
			v.Values = d.numbers()
			v.Growth = d.numbers()
			switch d.byte() {
			case 0:
			case 1:
				v.Extra = &RecordExtra{TownMark: d.str(), Points: d.numbers()}
			default:
				d.bad = true
			}
		}
	}
	if n := d.count(minTotal); n >= 0 {
		r.totals = make([]TotalRecord, n)
		for i := range r.totals {
			t := &r.totals[i]
			t.Label = d.text()
			t.Scope = d.str()
			t.Subtotal = d.boolean()
			t.Year = d.number()
			t.Values = d.numbers()
			t.Growth = d.numbers()
			t.Points = d.numbers()
		}
	}
	if n := d.count(minNote); n >= 0 {
		r.notes = make([]CellNote, n)
		for i := range r.notes {
			r.notes[i] = CellNote{At: d.loc(), Mark: d.str(), Text: d.str(), TextEn: d.str()}
		}
	}
	if n := d.count(minYear); n >= 0 {
		r.provisional = make([]YearNote, n)
		for i := range r.provisional {
			r.provisional[i].Year = int(d.varint())
			r.provisional[i].At = d.loc()
		}
	}
	switch d.byte() {
	case 0:
	case 1:
		info = &SheetInfo{File: d.str(), Sheet: d.str(), Layout: d.dtext()}
		info.HeaderRows = [2]int{int(d.varint()), int(d.varint())}
		if n := d.count(minText); n >= 0 {
			info.Notes = make([]diag.Text, n)
			for i := range info.Notes {
				info.Notes[i] = d.dtext()
			}
		}
		if n := d.count(minColumn); n >= 0 {
			info.Columns = make([]ColumnInfo, n)
			for i := range info.Columns {
				info.Columns[i] = ColumnInfo{Column: d.str(), Header: d.str(), Meaning: d.dtext()}
			}
		}
		info.Rows = d.dtext()
	default:
		d.bad = true
	}
	if d.bad || len(d.b) != 0 {
		return "", nil, nil, false
	}
	return sheet, r, info, true
}

// encodeWorkbook is a workbook's entry: its sheets' keys, in order.
func encodeWorkbook(keys [][32]byte) []byte {
	b := []byte{workbookEntry}
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = append(b, k[:]...)
	}
	return b
}

func decodeWorkbook(b []byte) ([][32]byte, bool) {
	d := &decoder{b: b}
	if kind, _ := d.take(1); len(kind) != 1 || kind[0] != workbookEntry {
		return nil, false
	}
	n := d.uvarint()
	if d.bad || n == 0 || n != uint64(len(d.b)/sha256.Size) || len(d.b)%sha256.Size != 0 {
		return nil, false
	}
	keys := make([][32]byte, n)
	for i := range keys {
		k, _ := d.take(sha256.Size)
		keys[i] = [32]byte(k)
	}
	return keys, true
}

// cacheUse is a read's use of a ReadCache: the cache, and the digest
// every key of this read starts from.
type cacheUse struct {
	*ReadCache
	salt  [32]byte
	check bool // parse anyway and compare (ReadOptions.Check)
}

// readSheet reads s, or takes its records from the cache when its key
// is there; a sheet read without a problem is kept for the next read.
// A nil use reads.
func (u *cacheUse) readSheet(s *sheetReader) {
	if u == nil || s.key == nil {
		s.read()
		return
	}
	var hit *records
	var b []byte
	if got, ok := u.get(*s.key); ok {
		if name, r, info, ok := decodeSheet(got, s.file); ok && name == s.sheet {
			r.info = info
			hit, b = r, got
		}
	}
	if hit != nil && !u.check {
		s.records, s.info = *hit, hit.info
		s.taken, s.kept = true, true
		u.put(*s.key, b)
		return
	}
	s.read()
	if hit != nil {
		s.taken = true
		parsed := s.records
		parsed.info = s.info
		if !sameRecords(hit, &parsed) {
			s.problems.Err(s.loc(""), diag.M("the read cache gave this sheet other records than reading it does: its key missed an input (TOWNPRESS_CHECK_KEYS)",
				"读取缓存给出的该工作表记录与实际读取的不同：缓存的键漏掉了某项输入（TOWNPRESS_CHECK_KEYS）"))
			return
		}
	}
	if len(s.problems) > 0 {
		return
	}
	if b, err := encodeSheet(s.file, s.sheet, s.ref, &s.records, s.info); err == nil {
		u.put(*s.key, b)
		s.kept = true
	}
}

// workbook is what the cache kept for a whole workbook under k: its
// sheets' records in order (each with its SheetInfo), then the
// workbook's own, which had no problem. ok is false when any of it is
// missing or not whole.
func (u *cacheUse) workbook(k [32]byte, file string) (parts []*records, ok bool) {
	b, ok := u.get(k)
	if !ok {
		return nil, false
	}
	keys, ok := decodeWorkbook(b)
	if !ok {
		return nil, false
	}
	entries := make([][]byte, len(keys))
	for i, sk := range keys {
		if entries[i], ok = u.get(sk); !ok {
			return nil, false
		}
	}
	parts = make([]*records, len(keys), len(keys)+1)
	good := make([]bool, len(keys))
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, e := range entries {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			_, r, info, ok := decodeSheet(e, file)
			if ok {
				r.info = info
				parts[i], good[i] = r, true
			}
		})
	}
	wg.Wait()
	if slices.Contains(good, false) {
		return nil, false
	}
	u.put(k, b)
	for i, sk := range keys {
		u.put(sk, entries[i])
	}
	return append(parts, &records{}), true
}

// sameRecords reports whether a and b hold the same records and
// SheetInfo, field for field, and no problems.
func sameRecords(a, b *records) bool {
	return reflect.DeepEqual(a.towns, b.towns) && reflect.DeepEqual(a.values, b.values) &&
		reflect.DeepEqual(a.totals, b.totals) && reflect.DeepEqual(a.notes, b.notes) &&
		reflect.DeepEqual(a.provisional, b.provisional) && reflect.DeepEqual(a.info, b.info) &&
		len(a.problems) == 0 && len(b.problems) == 0
}

// sameParts is sameRecords for every part of a workbook.
func sameParts(a, b []*records) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameRecords(a[i], b[i]) {
			return false
		}
	}
	return true
}

// failingReader fails every read with err.
type failingReader struct{ err error }

func (r *failingReader) Read([]byte) (int, error) { return 0, r.err }
