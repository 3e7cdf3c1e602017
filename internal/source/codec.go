package source

import (
	"encoding/binary"
	"math"

	"github.com/townpress/townpress/internal/diag"
	decimal "github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// The read cache's records are written in a small binary form of their
// own (encoding/binary varints): a national sheet has half a million
// figures, and gob cannot write a Loc's or a Dec's unexported fields.
// Every field of every record is written; a record decodes to what was
// encoded, field for field (TestCodecRoundTrip fills each by reflection,
// so that a field added to a record and not here fails it).

// encoder writes one sheet's records. Locations are all of the sheet
// (ref); their rows are written as the change from the last one.
type encoder struct {
	b   []byte
	ref *sheetRef
	row int32
	err error
}

func (e *encoder) str(s string) {
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) boolean(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// count writes a slice's length, nil apart from empty.
func (e *encoder) count(n int, isNil bool) {
	if isNil {
		e.b = append(e.b, 0)
		return
	}
	e.b = binary.AppendUvarint(e.b, uint64(n)+1)
}

func (e *encoder) dtext(t diag.Text) {
	e.str(t.En)
	e.str(t.Zh)
}

// locData writes a location of the sheet; one elsewhere is not kept.
func (e *encoder) locData(l Loc) {
	if l.sheet != e.ref {
		e.err = errNotKept
	}
	e.b = binary.AppendVarint(e.b, int64(l.row)-int64(e.row))
	e.b = binary.AppendUvarint(e.b, uint64(uint32(l.col)))
	e.row = l.row
}

func (e *encoder) loc(l Loc) {
	if l.sheet == nil {
		if l != (Loc{}) {
			e.err = errNotKept
		}
		e.b = append(e.b, 0)
		return
	}
	e.b = append(e.b, 1)
	e.locData(l)
}

func (e *encoder) text(t Text) {
	e.str(t.S)
	e.loc(t.Loc)
}

// The bits of a Number's first byte: what follows it.
const (
	numValid   = 1 << iota
	numDec     // D is not the zero Dec: its coefficient and exponent follow
	numFloat   // V is not D's float (nor 0 without D): its 8 bytes follow
	numFlag    // the status flag follows
	numLoc     // the location follows
	numDecFlag // D's flags follow (else D is a plain number)
)

func (e *encoder) number(n Number) {
	coef, exp, dflags := n.D.Raw()
	hasD := coef != 0 || exp != 0 || dflags != 0
	want := 0.0
	if hasD {
		want = n.D.Float()
	}
	var h byte
	if n.Valid {
		h |= numValid
	}
	if hasD {
		h |= numDec
		if _, _, plain := decimal.Int(1).Raw(); dflags != plain {
			h |= numDecFlag
		}
	}
	if math.Float64bits(n.V) != math.Float64bits(want) {
		h |= numFloat
	}
	if n.Flag != 0 {
		h |= numFlag
	}
	if n.Loc.sheet != nil {
		h |= numLoc
	} else if n.Loc != (Loc{}) {
		e.err = errNotKept
	}
	e.b = append(e.b, h)
	if hasD {
		e.b = binary.AppendVarint(e.b, coef)
		e.b = binary.AppendVarint(e.b, int64(exp))
		if h&numDecFlag != 0 {
			e.b = append(e.b, dflags)
		}
	}
	if h&numFloat != 0 {
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(n.V))
	}
	if h&numFlag != 0 {
		e.b = append(e.b, byte(n.Flag))
	}
	if h&numLoc != 0 {
		e.locData(n.Loc)
	}
}

func (e *encoder) numbers(ns []Number) {
	e.count(len(ns), ns == nil)
	for _, n := range ns {
		e.number(n)
	}
}

func (e *encoder) value(v *ValueRecord) {
	e.text(v.Town)
	e.number(v.Year)
	e.numbers(v.Values)
	e.numbers(v.Growth)
	if v.Extra == nil {
		e.b = append(e.b, 0)
	} else {
		e.b = append(e.b, 1)
		e.str(v.Extra.TownMark)
		e.numbers(v.Extra.Points)
	}
}

func (e *encoder) total(t *TotalRecord) {
	e.text(t.Label)
	e.str(t.Scope)
	e.boolean(t.Subtotal)
	e.number(t.Year)
	e.numbers(t.Values)
	e.numbers(t.Growth)
	e.numbers(t.Points)
}

func (e *encoder) note(n CellNote) {
	e.loc(n.At)
	e.str(n.Mark)
	e.str(n.Text)
	e.str(n.TextEn)
}

func (e *encoder) year(p YearNote) {
	e.b = binary.AppendVarint(e.b, int64(p.Year))
	e.loc(p.At)
}

func (e *encoder) column(c ColumnInfo) {
	e.str(c.Column)
	e.str(c.Header)
	e.dtext(c.Meaning)
}

func (e *encoder) town(t *TownRecord) {
	e.loc(t.Row)
	for _, x := range []Text{t.ID, t.Name, t.NameEn, t.Aliases, t.Tier, t.County, t.CountyEn, t.Industry, t.IndustryEn, t.Enterprises, t.EnterprisesEn, t.Description, t.DescriptionEn} {
		e.text(x)
	}
	e.str(t.NameMark)
	e.number(t.Recognised)
	e.number(t.Longitude)
	e.number(t.Latitude)
}

// decoder reads what encoder wrote. Any fault (a length past the end, a
// byte no encoder writes) sets bad; the entry is then not used.
type decoder struct {
	b   []byte
	ref *sheetRef
	row int32
	bad bool
	// slab is where the next slices of Numbers go, as the reader's
	// newValues cuts them: one allocation for many records.
	slab []Number
}

func (d *decoder) fail() {
	d.bad, d.b = true, nil
}

func (d *decoder) take(n int) ([]byte, bool) {
	if n < 0 || n > len(d.b) {
		d.fail()
		return nil, false
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v, true
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) boolean() bool {
	switch d.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail()
	return false
}

// count reads a slice's length: -1 for nil. A length longer than what
// is left can hold is a fault (every element takes size bytes at least),
// so that no entry makes a slice larger than its bytes allow.
func (d *decoder) count(size int) int {
	n := d.uvarint()
	if n == 0 {
		return -1
	}
	if n-1 > uint64(len(d.b)/size) {
		d.fail()
		return -1
	}
	return int(n - 1)
}

// The fewest bytes an element of each kind is written in.
const (
	minNumber = 1
	minText   = 2 // an empty string and the zero Loc
	minTown   = 1 + 13*minText + 1 + 3*minNumber
	minValue  = minText + 3*minNumber + 1
	minTotal  = minText + 2 + 4*minNumber
	minNote   = 4
	minYear   = 2
	minColumn = 4
)

func (d *decoder) dtext() diag.Text { return diag.Text{En: d.str(), Zh: d.str()} }

func (d *decoder) locData() Loc {
	row := int64(d.row) + d.varint()
	col := d.uvarint()
	if row < 0 || row > maxRows || col >= maxColumns {
		d.fail()
		return Loc{}
	}
	d.row = int32(row)
	return Loc{sheet: d.ref, col: int32(col), row: int32(row)}
}

func (d *decoder) loc() Loc {
	switch d.byte() {
	case 0:
		return Loc{}
	case 1:
		return d.locData()
	}
	d.fail()
	return Loc{}
}

func (d *decoder) text() Text { return Text{S: d.str(), Loc: d.loc()} }

func (d *decoder) number() Number {
	h := d.byte()
	if h >= numDecFlag<<1 {
		d.fail()
		return Number{}
	}
	var n Number
	n.Valid = h&numValid != 0
	if h&numDec != 0 {
		coef := d.varint()
		exp := d.varint()
		_, _, dflags := decimal.Int(1).Raw()
		if h&numDecFlag != 0 {
			dflags = d.byte()
		}
		if exp < math.MinInt16 || exp > math.MaxInt16 {
			d.fail()
			return Number{}
		}
		dec, ok := decimal.FromRaw(coef, int16(exp), dflags)
		if !ok {
			d.fail()
			return Number{}
		}
		n.D = dec
		n.V = dec.Float()
	}
	if h&numFloat != 0 {
		b, ok := d.take(8)
		if !ok {
			return Number{}
		}
		n.V = math.Float64frombits(binary.LittleEndian.Uint64(b))
	}
	if h&numFlag != 0 {
		n.Flag = status.Flag(d.byte())
	}
	if h&numLoc != 0 {
		n.Loc = d.locData()
	}
	return n
}

// numbers reads a slice of Numbers, as long as it is and no longer: a
// record's Values are cut to their length, as the reader's are.
func (d *decoder) numbers() []Number {
	n := d.count(minNumber)
	if n < 0 {
		return nil
	}
	var ns []Number
	switch {
	case n > 64:
		ns = make([]Number, n)
	default:
		if len(d.slab) < n {
			d.slab = make([]Number, 16*slabRows)
		}
		ns = d.slab[:n:n]
		d.slab = d.slab[n:]
	}
	for i := range ns {
		ns[i] = d.number()
	}
	return ns
}

func (d *decoder) town(t *TownRecord) {
	t.Row = d.loc()
	for _, x := range []*Text{&t.ID, &t.Name, &t.NameEn, &t.Aliases, &t.Tier, &t.County, &t.CountyEn, &t.Industry, &t.IndustryEn, &t.Enterprises, &t.EnterprisesEn, &t.Description, &t.DescriptionEn} {
		*x = d.text()
	}
	t.NameMark = d.str()
	t.Recognised = d.number()
	t.Longitude = d.number()
	t.Latitude = d.number()
}
