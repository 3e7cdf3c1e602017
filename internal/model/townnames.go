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
// which show as one. ids are the towns' final ids, typed in the 编号
// column or made from the names (deriveIDs), by record. Exact duplicates
// of ids and names are left to addTowns, aliases to aliasIndex, and two
// towns with one English name to a values row that uses it (townLookup):
// pages tell them apart by their Chinese names.
func checkTownNames(records []source.TownRecord, ids []string, problems *diag.List) {
	idAt := make(map[string]source.Loc, len(records))
	for i, r := range records {
		id := ids[i]
		if why, reserved := config.ReservedID("town", id); reserved {
			problems.Err(orRow(r.ID.Loc, r.Row), diag.M("town id %q is reserved: %s (expected another id)", "专业镇编号“%s”是保留的编号：%s（请换一个编号）"), id, why)
		}
		if _, dup := idAt[id]; !dup && id != "" {
			idAt[id] = orRowLoc(r.ID.Loc, r.Row)
		}
	}
	type named struct {
		text string
		loc  source.Loc
		id   string
	}
	names := make(map[string]named, len(records)) // foldKey of a Chinese name -> its town
	looks := make(map[string]named, len(records)) // lookKey of a Chinese name -> its town
	for i, r := range records {
		id, name := ids[i], strings.TrimSpace(r.Name.S)
		if name == "" {
			continue
		}
		if first, dup := names[foldKey(name)]; !dup {
			names[foldKey(name)] = named{name, r.Name.Loc, id}
		} else if first.text != name && first.id != id {
			problems.Err(r.Name.Loc.Diag(), diag.M("town name %q differs from the name %q of another town (%s) only in case or spaces; a values row could mean either (give the towns names that differ)",
				"专业镇名称“%s”与另一个专业镇的名称“%s”（%s）只差大小写或空格；数据行写这个名称时分不清指哪一个（请给两个专业镇取不同的名称）"), name, first.text, first.loc)
		}
		if first, dup := looks[lookKey(name)]; !dup {
			looks[lookKey(name)] = named{name, r.Name.Loc, id}
		} else if foldKey(first.text) != foldKey(name) && first.id != id {
			problems.Err(r.Name.Loc.Diag(), diag.M("town name %q shows as the name %q of another town (%s): they differ only in how characters are encoded (%s; retype the name, or give the towns names that differ)",
				"专业镇名称“%s”显示出来与另一个专业镇的名称“%s”（%s）一样：两者只是字符的编码不同（%s；请重新输入名称，或给两个专业镇取不同的名称）"), name, first.text, first.loc, compatForms(first.text+name))
		}
	}
	for i, r := range records {
		id := ids[i]
		for _, n := range []struct {
			text source.Text
			what diag.Text
			en   bool
		}{{r.Name, diag.T("name", "名称"), false}, {r.NameEn, diag.T("English name", "英文名称"), true}} {
			key := foldKey(n.text.S)
			if key == "" {
				continue
			}
			typed := strings.TrimSpace(n.text.S)
			if loc, isID := idAt[key]; isID && key != id {
				problems.Err(n.text.Loc.Diag(), diag.M("town %s %q is the id of another town (%s); a values row naming %s would take that town's values (give one of them another %s or id)",
					"专业镇%[1]s“%[2]s”是另一个专业镇的编号（%[3]s）；写着 %[4]s 的数据行会取那个专业镇的数据（请给其中一个换%[5]s或编号）"),
					n.what, typed, loc, typed, n.what)
			}
			if n.en {
				if first, isName := names[key]; isName && first.id != id {
					problems.Err(n.text.Loc.Diag(), diag.M("town English name %q is the name of another town (%s); a values row naming it could mean either (give one of them another name)",
						"专业镇英文名称“%s”是另一个专业镇的名称（%s）；数据行写这个名称时分不清指哪一个（请给其中一个换名称）"), typed, first.loc)
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
func compatForms(s string) diag.Text {
	var parts []diag.Text
	seen := map[rune]bool{}
	for _, r := range s {
		if nf := norm.NFKC.String(string(r)); nf != string(r) && !seen[r] {
			seen[r] = true
			parts = append(parts, diag.M("%U is a compatibility form of %s (%s)", "%U 是 %s（%s）的兼容字符").Text(r, nf, codePoints(nf)))
		}
	}
	return diag.Join(parts, ", ", "，")
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

// townList names two or more towns with their cells: 甲镇
// (data/t.xlsx:s!B2) and 乙镇 (…); 甲镇（data/t.xlsx:s!B2）和乙镇（…）.
func townList(towns []*Town) diag.Text {
	parts := make([]diag.Text, len(towns))
	for i, t := range towns {
		parts[i] = diag.M("%s (%s)", "%s（%s）").Text(t.Name, t.Loc)
	}
	last := len(parts) - 1
	return diag.M("%s and %s", "%s和%s").Text(diag.Join(parts[:last], ", ", "、"), parts[last])
}
