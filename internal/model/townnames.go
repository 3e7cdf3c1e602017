package model

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/source"
)

// A values row names its town by id, by Chinese name or by English name
// (without case and spaces), and pages show the names: two towns must
// never answer to one text, nor show as one name.

// checkTownNames reports, at their cells, the ids the output reserves
// (config.ReservedID), a name or English name that is another town's id
// or another town's name, and names that differ only in how characters
// are encoded (甲镇 written with a compatibility ideograph, ① for 1),
// which show as one. Exact duplicates of ids and names are left to
// addTowns, and two towns with one English name to a values row that
// uses it (townLookup): pages tell them apart by their Chinese names.
func checkTownNames(records []source.TownRecord, problems *diag.List) {
	ids := make(map[string]source.Loc, len(records))
	for _, r := range records {
		id := strings.TrimSpace(r.ID.S)
		if why, reserved := config.ReservedID("town", id); reserved {
			problems.Errorf(r.ID.Loc.Diag(), "town id %q is reserved: %s (expected another id)", id, why)
		}
		if _, dup := ids[id]; !dup && id != "" {
			ids[id] = r.ID.Loc
		}
	}
	type named struct {
		text string
		loc  source.Loc
		id   string
	}
	names := make(map[string]named, len(records)) // foldKey of a Chinese name -> its town
	looks := make(map[string]named, len(records)) // lookKey of a Chinese name -> its town
	for _, r := range records {
		id, name := strings.TrimSpace(r.ID.S), strings.TrimSpace(r.Name.S)
		if name == "" {
			continue
		}
		if first, dup := names[foldKey(name)]; !dup {
			names[foldKey(name)] = named{name, r.Name.Loc, id}
		} else if first.text != name && first.id != id {
			problems.Errorf(r.Name.Loc.Diag(), "town name %q differs from the name %q of another town (%s) only in case or spaces; a values row could mean either (give the towns names that differ)", name, first.text, first.loc)
		}
		if first, dup := looks[lookKey(name)]; !dup {
			looks[lookKey(name)] = named{name, r.Name.Loc, id}
		} else if foldKey(first.text) != foldKey(name) && first.id != id {
			problems.Errorf(r.Name.Loc.Diag(), "town name %q shows as the name %q of another town (%s): they differ only in how characters are encoded (%s; retype the name, or give the towns names that differ)", name, first.text, first.loc, compatForms(first.text+name))
		}
	}
	for _, r := range records {
		id := strings.TrimSpace(r.ID.S)
		for _, n := range []struct {
			text source.Text
			what string
		}{{r.Name, "name"}, {r.NameEn, "English name"}} {
			key := foldKey(n.text.S)
			if key == "" {
				continue
			}
			if loc, isID := ids[key]; isID && key != id {
				problems.Errorf(n.text.Loc.Diag(), "town %s %q is the id of another town (%s); a values row naming %s would take that town's values (give one of them another %s or id)",
					n.what, strings.TrimSpace(n.text.S), loc, strings.TrimSpace(n.text.S), n.what)
			}
			if n.what == "English name" {
				if first, isName := names[key]; isName && first.id != id {
					problems.Errorf(n.text.Loc.Diag(), "town English name %q is the name of another town (%s); a values row naming it could mean either (give one of them another name)",
						strings.TrimSpace(n.text.S), first.loc)
				}
			}
		}
	}
}

// lookKey is how a name shows: compatibility characters (full-width
// letters, circled digits, CJK compatibility ideographs) as the characters
// they stand for, without case or spaces.
func lookKey(s string) string { return foldKey(norm.NFKC.String(s)) }

// compatForms lists the characters of s that NFKC replaces, with what
// they stand for: U+F900 is a compatibility form of 豈 (U+8C48).
func compatForms(s string) string {
	var parts []string
	seen := map[rune]bool{}
	for _, r := range s {
		if nf := norm.NFKC.String(string(r)); nf != string(r) && !seen[r] {
			seen[r] = true
			parts = append(parts, fmt.Sprintf("%U is a compatibility form of %s (%s)", r, nf, codePoints(nf)))
		}
	}
	return strings.Join(parts, ", ")
}

func codePoints(s string) string {
	var parts []string
	for _, r := range s {
		parts = append(parts, fmt.Sprintf("%U", r))
	}
	return strings.Join(parts, " ")
}

// townLookup finds the town a values row names: by id, then by Chinese
// name, then by either name without case and spaces.
type townLookup struct {
	byID   map[string]*Town
	byName map[string]*Town // Chinese name, as typed
	byEn   map[string]*Town // English name, foldKey
	// ambiguous holds the English names more than one town has (foldKey),
	// with those towns.
	ambiguous map[string][]*Town
}

func newTownLookup(byID map[string]*Town, towns []*Town) *townLookup {
	l := &townLookup{byID: byID, byName: make(map[string]*Town, len(towns)), byEn: make(map[string]*Town, len(towns)), ambiguous: map[string][]*Town{}}
	for _, t := range towns {
		l.byName[t.Name] = t
		if t.NameEn == "" {
			continue
		}
		key := foldKey(t.NameEn)
		if first, taken := l.byEn[key]; taken {
			if len(l.ambiguous[key]) == 0 {
				l.ambiguous[key] = []*Town{first}
			}
			l.ambiguous[key] = append(l.ambiguous[key], t)
			continue
		}
		l.byEn[key] = t
	}
	return l
}

// find returns the town key names, or the towns it could mean when more
// than one has it as its English name.
func (l *townLookup) find(key string) (*Town, []*Town) {
	if t := l.byID[key]; t != nil {
		return t, nil
	}
	if t := l.byName[key]; t != nil {
		return t, nil
	}
	folded := foldKey(key)
	if t := l.byName[folded]; t != nil {
		return t, nil
	}
	if towns := l.ambiguous[folded]; len(towns) > 0 {
		return nil, towns
	}
	return l.byEn[folded], nil
}

// townList names towns with their cells: 甲镇 (data/t.xlsx:s!B2) and 乙镇 (…).
func townList(towns []*Town) string {
	parts := make([]string, len(towns))
	for i, t := range towns {
		parts[i] = fmt.Sprintf("%s (%s)", t.Name, t.Loc)
	}
	if len(parts) == 2 {
		return parts[0] + " and " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
