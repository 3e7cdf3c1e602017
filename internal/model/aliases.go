package model

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/source"
)

// aliasSeparators split a 别名 cell: 大良、大良镇.
const aliasSeparators = "、,，;；/|"

// aliasIndex finds towns by the other names the sheets print them under:
// short forms and former names from the towns sheet's 别名 column and
// config's [town_aliases], and every name compared as source.Key
// compares (no spaces, no case, half-width). It reports an alias that
// would name two towns.
func (s *Site) aliasIndex(records []source.TownRecord, problems *diag.List) map[string]*Town {
	byKey := map[string]*Town{}
	where := map[string]string{} // alias key -> where it was given, for messages
	// A values row finds a town by its English name before its aliases
	// (townLookup): an alias that is another town's English name would
	// never find its own.
	enOf := map[string]*Town{}
	for _, t := range s.Towns {
		if k := source.Key(t.NameEn); k != "" {
			enOf[k] = t
			where[k] = t.Loc.String()
		}
	}
	add := func(alias string, t *Town, at string) bool {
		k := source.Key(alias)
		if k == "" {
			return true
		}
		if other, dup := byKey[k]; dup && other != t {
			return false
		}
		if other := enOf[k]; other != nil && other != t {
			return false
		}
		byKey[k] = t
		if _, ok := where[k]; !ok {
			where[k] = at
		}
		return true
	}
	for _, t := range s.Towns {
		add(t.Name, t, t.Loc.String())
		add(t.ID, t, t.Loc.String())
	}
	byName := map[string]*Town{}
	for _, t := range s.Towns {
		byName[t.Name] = t
	}
	for _, r := range records {
		t := byName[strings.TrimSpace(r.Name.S)]
		if t == nil || r.Aliases.S == "" {
			continue
		}
		for _, a := range strings.FieldsFunc(r.Aliases.S, func(c rune) bool { return strings.ContainsRune(aliasSeparators, c) }) {
			a = strings.TrimSpace(a)
			if !add(a, t, r.Aliases.Loc.String()) {
				problems.Err(r.Aliases.Loc.Diag(), diag.M("alias %q of %s is already another town's name or alias (%s; expected each name to name one town)",
					"%[2]s的别名“%[1]s”已是另一个专业镇的名称或别名（见 %[3]s；每个名称只能对应一个专业镇）"), a, t.Name, where[source.Key(a)])
			}
		}
	}
	cfg := s.Config
	keys := make([]string, 0, len(cfg.TownAliases))
	for k := range cfg.TownAliases {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	at := diag.Loc{File: cfg.File, Line: cfg.Line("town_aliases", -1, "")}
	for _, k := range keys {
		t := s.townByID[k]
		if t == nil {
			t = byName[k]
		}
		if t == nil {
			problems.Err(at, diag.M("town_aliases: %q is not the id or name of a town in the towns sheet (expected such as \"大良街道\" = [\"大良\"])",
				"town_aliases：“%s”不是专业镇名录中任何专业镇的编号或名称（应写成 \"大良街道\" = [\"大良\"] 这样）"), k)
			continue
		}
		for _, a := range cfg.TownAliases[k] {
			if !add(a, t, cfg.File) {
				problems.Err(at, diag.M("town_aliases: alias %q of %s is already another town's name or alias (%s)",
					"town_aliases：%[2]s的别名“%[1]s”已是另一个专业镇的名称或别名（见 %[3]s）"), a, t.Name, where[source.Key(a)])
			}
		}
	}
	return byKey
}

// townCores drop the words town names end in, so that 大良 finds 大良街道.
var townCores = []string{"专业镇", "特色小镇", "小镇", "街道办事处", "街道", "镇", "乡"}

func core(k string) string {
	for _, w := range townCores {
		if c, ok := strings.CutSuffix(k, w); ok && utf8.RuneCountInString(c) >= 2 {
			return c
		}
	}
	return k
}

// suggest finds the towns an unknown name probably means: the same name
// without 镇 or 街道, one inside the other, or a character or two off.
func suggest(name string, byKey map[string]*Town) []*Town {
	k := source.Key(name)
	if k == "" {
		return nil
	}
	type cand struct {
		t     *Town
		score int
	}
	var cands []cand
	seen := map[*Town]bool{}
	for alias, t := range byKey {
		score := -1
		switch d := editDistance(k, alias); {
		case core(k) == core(alias):
			score = 0
		case utf8.RuneCountInString(k) >= 2 && (strings.Contains(alias, k) || strings.Contains(k, alias) && utf8.RuneCountInString(alias) >= 2):
			score = 1
		case (d <= 1 && utf8.RuneCountInString(k) >= 3) || (d <= 2 && utf8.RuneCountInString(k) >= 5):
			score = 1 + d
		}
		if score >= 0 && !seen[t] {
			seen[t] = true
			cands = append(cands, cand{t, score})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.score != b.score {
			return a.score - b.score
		}
		return a.t.Index - b.t.Index
	})
	var out []*Town
	for _, c := range cands[:min(len(cands), 3)] {
		out = append(out, c.t)
	}
	return out
}

// editDistance is the Levenshtein distance between two texts, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// unknownTown reports a values row whose town is not in the towns sheet:
// with the towns it probably means, or else how to mark a row that is not
// a town's.
func (s *Site) unknownTown(r *source.ValueRecord, key string, byKey map[string]*Town, problems *diag.List) {
	if maybe := suggest(key, byKey); len(maybe) > 0 {
		names := make([]string, len(maybe))
		for i, t := range maybe {
			names[i] = t.Name
		}
		problems.Err(r.Town.Loc.Diag(), diag.M("unknown town %q (did you mean %s? if it is another name of that town, add it to the towns sheet's 别名 column or to [town_aliases] in %s)",
			"没有名为“%s”的专业镇（是不是 %s？如果这是该镇的另一个名称，请加到名录的“别名”列，或 %s 的 [town_aliases]）"),
			clip(key), strings.Join(names, ", "), cfgName(s.Config.File))
		return
	}
	problems.Err(r.Town.Loc.Diag(), diag.M("unknown town %q (expected the id, name or alias of a town in the towns sheet; if the row is a total, write 合计 or 其中：… in its first cell, or add its label to [rows] totals in %s)",
		"没有名为“%s”的专业镇（应为名录中专业镇的编号、名称或别名；如果这是合计行，请在第一格写“合计”或“其中：…”，或把它加到 %s 的 [rows] totals）"),
		clip(key), cfgName(s.Config.File))
}

// checkSubtotals warns about a subtotal row that names a town (其中：大良街道):
// read as the office's subtotal, its figures are not the town's.
func (s *Site) checkSubtotals(totals []source.TotalRecord, byKey map[string]*Town, problems *diag.List) {
	seen := map[source.Loc]bool{}
	for _, t := range totals {
		if !t.Subtotal || t.Scope == "" || seen[t.Label.Loc] {
			continue
		}
		seen[t.Label.Loc] = true
		if town := byKey[source.Key(t.Scope)]; town != nil {
			problems.Warn(t.Label.Loc.Diag(), diag.M("%q is read as a subtotal, not as the figures of the town %s (if the row is the town's, write its name alone)",
				"“%s”按分项合计读取，不算作%s的数据（如果这一行是该镇的数据，请只写镇名）"), t.Label.S, town.Name)
		}
	}
}

func cfgName(file string) string {
	if file == "" {
		return "config.toml"
	}
	return file
}
