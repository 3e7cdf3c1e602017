package model

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"maps"
	"math"
	"slices"

	"github.com/townpress/townpress/internal/diag"
)

// A Digest hashes what the model holds, for the keys by which a build
// takes a file from the previous site without making it (output.Key):
// each value is written whole, lengths before contents, so two different
// values never write the same bytes. A key built from a Digest must take
// in every input its files show; the writers here take in every field of
// what they write (TestDigestSeesEveryField), so that a field added later
// is not forgotten.
type Digest struct {
	h   hash.Hash
	buf []byte
}

// NewDigest is an empty digest.
func NewDigest() *Digest { return &Digest{h: sha256.New(), buf: make([]byte, 0, 256)} }

// Sum is the digest of what was written.
func (d *Digest) Sum() [32]byte {
	d.flush()
	var s [32]byte
	d.h.Sum(s[:0])
	return s
}

func (d *Digest) flush() {
	d.h.Write(d.buf)
	d.buf = d.buf[:0]
}

func (d *Digest) grow() {
	if len(d.buf) > 192 {
		d.flush()
	}
}

// Int writes n.
func (d *Digest) Int(n int) {
	d.grow()
	d.buf = binary.LittleEndian.AppendUint64(d.buf, uint64(n))
}

// Bool writes b.
func (d *Digest) Bool(b bool) {
	d.grow()
	if b {
		d.buf = append(d.buf, 1)
	} else {
		d.buf = append(d.buf, 0)
	}
}

// Str writes s.
func (d *Digest) Str(s string) {
	d.Int(len(s))
	d.flush()
	d.h.Write([]byte(s))
}

// Bytes writes b.
func (d *Digest) Bytes(b []byte) {
	d.Int(len(b))
	d.flush()
	d.h.Write(b)
}

// Float writes f.
func (d *Digest) Float(f float64) { d.Int(int(math.Float64bits(f))) }

// Value writes v: its decimal, marks and note.
func (d *Digest) Value(v Value) {
	d.grow()
	d.buf = v.Dec.AppendKey(d.buf)
	d.buf = append(d.buf, byte(v.Flag))
	d.buf = binary.LittleEndian.AppendUint16(d.buf, v.Note)
}

// Series writes s.
func (d *Digest) Series(s Series) {
	d.Int(len(s))
	for _, v := range s {
		d.Value(v)
	}
}

// Loc writes l.
func (d *Digest) Loc(l diag.Loc) {
	d.Str(l.File)
	d.Str(l.Sheet)
	d.Str(l.Cell)
	d.Int(l.Line)
}

// seriesMap writes a map of series by indicator id, in id order.
func (d *Digest) seriesMap(m map[string]Series) {
	d.Int(len(m))
	for _, id := range slices.Sorted(maps.Keys(m)) {
		d.Str(id)
		d.Series(m[id])
	}
}

// Town writes every field of t but its tier's members: its tier by id.
func (d *Digest) Town(t *Town) {
	d.TownInfo(t)
	d.seriesMap(t.Values)
	d.seriesMap(t.Typed)
}

// TownInfo writes every field of t but its figures (Values, Typed): what
// a chart of many towns may show of each besides its figures.
func (d *Digest) TownInfo(t *Town) {
	d.Str(t.ID)
	d.Str(t.Name)
	d.Str(t.NameEn)
	d.Str(t.Tier.ID)
	d.Str(t.County)
	d.Str(t.CountyEn)
	d.Str(t.Industry)
	d.Str(t.IndustryEn)
	d.Int(t.Recognised)
	d.Str(t.Enterprises)
	d.Str(t.EnterprisesEn)
	d.Str(t.Description)
	d.Str(t.DescriptionEn)
	d.Bool(t.Place != nil)
	if t.Place != nil {
		d.Float(t.Place.Longitude)
		d.Float(t.Place.Latitude)
	}
	d.Loc(t.Loc)
	d.Int(t.Index)
}

// Figure writes f.
func (d *Digest) Figure(f Figure) {
	d.Value(f.Value)
	d.Int(f.Reporting)
	d.Int(f.Of)
	d.Int(f.PrevReporting)
	d.Int(f.PrevOf)
	d.Value(f.Previous)
	d.Int(f.Matched)
	d.Value(f.Change)
	d.Delta(f.Delta)
	d.Bool(f.Official)
	d.Bool(f.PrevOfficial)
	d.Value(f.Summed)
}

// Delta writes c.
func (d *Digest) Delta(c Delta) {
	d.Value(c.Value)
	d.Bool(c.Points)
	d.Int(c.Decimals)
	d.Int(int(c.Why))
	d.Bool(c.Typed)
	d.Bool(c.Comparable)
}

// Target writes what a target's result came to; the target itself (its
// text, goal, scope) is the config's.
func (d *Digest) Target(t *TargetResult) {
	d.Str(t.ID)
	d.Str(string(t.Measure))
	d.Value(t.Actual)
	d.Figure(t.Figure)
	d.Int(len(t.Missing))
	for _, m := range t.Missing {
		d.Str(m.ID)
	}
	d.Int(t.Of)
	d.Str(string(t.Status))
	d.Int(len(t.Towns))
	for _, c := range t.Towns {
		d.Str(c.Town.ID)
		d.Value(c.Actual)
		d.Bool(c.Met)
	}
}

// Shared writes what the site holds besides its towns' rows and the
// config: its years, the footnotes of figures, the years whose figures
// are all provisional, the office's own totals, each tier's members,
// the ids made from names. A page of one town shows some of these, and
// they change rarely: a change of any one makes every such page again.
func (d *Digest) Shared(s *Site) {
	d.Int(len(s.Years))
	for _, y := range s.Years {
		d.Int(y)
	}
	d.Int(len(s.Notes))
	for _, n := range s.Notes {
		d.Str(n.Text)
		d.Str(n.TextEn)
		d.Loc(n.At)
	}
	d.Bool(s.Retrospective)
	for _, y := range slices.Sorted(maps.Keys(s.provisional)) {
		d.Int(y)
		d.Bool(s.provisional[y])
	}
	keys := slices.SortedFunc(maps.Keys(s.official), func(a, b officialKey) int {
		if a.scope != b.scope {
			if a.scope < b.scope {
				return -1
			}
			return 1
		}
		if a.ind != b.ind {
			return a.ind - b.ind
		}
		return a.year - b.year
	})
	d.Int(len(keys))
	for _, k := range keys {
		o := s.official[k]
		d.Str(k.scope)
		d.Int(k.ind)
		d.Int(k.year)
		d.Value(o.Value)
		d.Value(o.Typed)
		d.Str(o.At.String())
	}
	d.Int(len(s.Tiers))
	for _, t := range s.Tiers {
		d.Str(t.ID)
		d.Int(len(t.Towns))
		for _, m := range t.Towns {
			d.Str(m.ID)
			d.Int(m.Recognised)
		}
	}
	d.Int(len(s.DerivedIDs))
	for _, id := range s.DerivedIDs {
		d.Str(id.Name)
		d.Str(id.ID)
		d.Loc(id.Loc)
	}
	d.Int(len(s.Indicators))
	for _, ind := range s.Indicators {
		d.Bool(ind.official)
		d.Int(ind.shift)
	}
}
