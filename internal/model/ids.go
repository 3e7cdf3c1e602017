package model

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/source"
)

// DerivedID is a town id made from the town's name, for a towns sheet
// without an 编号 column. check -explain lists them, so that an official
// can write them into an 编号 column and keep them when a name changes.
type DerivedID struct {
	Name string
	ID   string
	Loc  diag.Loc // the town's name cell
}

// maxDerivedID leaves room for a suffix within an id's 63 characters.
const maxDerivedID = 50

// deriveIDs gives every town record without an id one made from its name:
// the pinyin of its Chinese name run together (清徐老陈醋专业镇:
// qingxulaochencuzhuanyezhen), ASCII letters and digits kept as words.
// It is stable: the same name gives the same id in every build. Two towns
// whose names sound the same get the county's pinyin after the id, or a
// number, in the order of the sheet. An id is never one that a town's 编号
// already holds, one the output reserves (config.ReservedID), nor another
// town's name, English name or alias: a values row naming that text would
// mean two towns (checkTownNames).
func deriveIDs(records []source.TownRecord) (ids []string, derived []DerivedID) {
	ids = make([]string, len(records))
	taken := map[string]bool{}
	for i, r := range records {
		ids[i] = strings.TrimSpace(r.ID.S)
		if ids[i] != "" {
			taken[ids[i]] = true
		}
	}
	namedBy := map[string]int{} // foldKey of a name, English name or alias -> its record, -1 for several
	for i, r := range records {
		names := append([]string{r.Name.S, r.NameEn.S}, strings.FieldsFunc(r.Aliases.S, func(c rune) bool { return strings.ContainsRune(aliasSeparators, c) })...)
		for _, n := range names {
			k := foldKey(n)
			if j, seen := namedBy[k]; k == "" || seen && j == i {
				continue
			} else if seen {
				namedBy[k] = -1
			} else {
				namedBy[k] = i
			}
		}
	}
	free := func(i int, id string) bool {
		if _, reserved := config.ReservedID("town", id); reserved || taken[id] || !config.ValidID(id) {
			return false
		}
		j, named := namedBy[id]
		return !named || j == i
	}
	for i, r := range records {
		if ids[i] != "" || strings.TrimSpace(r.Name.S) == "" {
			continue
		}
		base := slug(r.Name.S)
		if base == "" {
			base = "town"
		}
		id := base
		if !free(i, id) {
			if county := slug(strings.TrimRight(r.County.S, "县区市")); county != "" && county != base {
				id = base + "-" + county
			}
		}
		for n := 2; !free(i, id); n++ {
			id = base + "-" + itoa(n)
		}
		taken[id] = true
		ids[i] = id
		derived = append(derived, DerivedID{Name: r.Name.S, ID: id, Loc: orRow(r.Name.Loc, r.Row)})
	}
	return ids, derived
}

// slug is the pinyin of a name as an id: Han characters as their pinyin
// run together, runs of ASCII letters and digits lower-cased, anything
// else a separator; at most maxDerivedID characters, cut between
// syllables.
func slug(name string) string {
	args := pinyin.NewArgs()
	var b strings.Builder
	sep := false
	write := func(s string) {
		if b.Len()+len(s)+1 > maxDerivedID {
			return
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteString(s)
	}
	lastHan := false
	for _, r := range name {
		switch {
		case unicode.Is(unicode.Han, r):
			if !lastHan {
				sep = true
			}
			if py := pinyin.SinglePinyin(r, args); len(py) > 0 {
				write(py[0])
			}
			lastHan = true
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if lastHan {
				sep = true
			}
			write(string(unicode.ToLower(r)))
			lastHan = false
		default:
			sep, lastHan = true, false
		}
	}
	return b.String()
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}
