package config

import (
	"fmt"
	"strings"
)

// lineIndex finds the line of a key in config text. The TOML decoder keeps
// key positions to itself, and a message that names the line saves an
// official a hunt through the file.
type lineIndex struct {
	keys   map[string]int   // "table\x00index\x00key" -> 1-based line
	tables map[string]int   // "table\x00index" -> line of the header
	all    map[string][]int // "table\x00key" -> every line it is set on, in order
}

func indexLines(raw []byte) lineIndex {
	idx := lineIndex{keys: map[string]int{}, tables: map[string]int{}, all: map[string][]int{}}
	table, n := "", -1
	counts := map[string]int{}
	for i, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "[["):
			table = strings.TrimSpace(strings.Trim(cutComment(line), "[] "))
			n = counts[table]
			counts[table]++
			idx.tables[fmt.Sprintf("%s\x00%d", table, n)] = i + 1
		case strings.HasPrefix(line, "["):
			table, n = strings.TrimSpace(strings.Trim(cutComment(line), "[] ")), -1
			idx.tables[fmt.Sprintf("%s\x00%d", table, n)] = i + 1
		default:
			key, _, ok := strings.Cut(line, "=")
			if !ok || strings.HasPrefix(line, "#") {
				continue
			}
			key = strings.Trim(strings.TrimSpace(key), `"'`)
			idx.all[table+"\x00"+key] = append(idx.all[table+"\x00"+key], i+1)
			for _, k := range []string{fmt.Sprintf("%s\x00%d\x00%s", table, n, key), fmt.Sprintf("%s\x00-1\x00%s", table, key)} {
				if _, seen := idx.keys[k]; !seen {
					idx.keys[k] = i + 1
				}
			}
		}
	}
	return idx
}

// find returns the line of key in the idx-th [[table]] (idx -1: a plain
// [table] or the first occurrence), else the table's header, else 0.
func (l lineIndex) find(table string, idx int, key string) int {
	if line, ok := l.keys[fmt.Sprintf("%s\x00%d\x00%s", table, idx, key)]; ok {
		return line
	}
	if line, ok := l.tables[fmt.Sprintf("%s\x00%d", table, idx)]; ok {
		return line
	}
	return 0
}

func cutComment(s string) string {
	s, _, _ = strings.Cut(s, "#")
	return s
}

// nth returns the line of the n-th (0-based) setting of key in any [table]
// or [[table]], or 0.
func (l lineIndex) nth(table, key string, n int) int {
	lines := l.all[table+"\x00"+key]
	if n < len(lines) {
		return lines[n]
	}
	return 0
}
