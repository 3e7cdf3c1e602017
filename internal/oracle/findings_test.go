package oracle

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// finding is one disagreement between an output and the oracle's figure.
type finding struct {
	class string // what kind of disagreement: the to-do list is by class
	where string // file, and table, sheet, row and column
	what  string // which figure
	want  string
	got   string
}

// findings collects disagreements and counts the figures compared.
type findings struct {
	mu       sync.Mutex
	list     []finding
	compared map[string]int // output kind -> figures compared
	kinds    map[string]int // output kind and figure kind -> cells compared
}

func newFindings() *findings { return &findings{compared: map[string]int{}, kinds: map[string]int{}} }

func (f *findings) countKind(output, kind string) {
	f.mu.Lock()
	f.kinds[output+": "+kind]++
	f.mu.Unlock()
}

func (f *findings) add(x finding) {
	f.mu.Lock()
	f.list = append(f.list, x)
	f.mu.Unlock()
}

func (f *findings) count(output string) {
	f.mu.Lock()
	f.compared[output]++
	f.mu.Unlock()
}

// fold adds the findings of g to f, every figure g compared counted as
// output (an archived release's downloads, counted apart from the
// site's).
func (f *findings) fold(g *findings, output string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, g.list...)
	for _, n := range g.compared {
		f.compared[output] += n
	}
	for k, n := range g.kinds {
		_, what, _ := strings.Cut(k, ": ")
		f.kinds[output+": "+what] += n
	}
}

func (f *findings) total() int {
	n := 0
	for _, c := range f.compared {
		n += c
	}
	return n
}

// byClass groups the findings by class, the largest first.
func (f *findings) byClass() [][]finding {
	groups := map[string][]finding{}
	for _, x := range f.list {
		groups[x.class] = append(groups[x.class], x)
	}
	var out [][]finding
	for _, g := range groups {
		sort.SliceStable(g, func(i, j int) bool { return g[i].where < g[j].where })
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i][0].class < out[j][0].class
	})
	return out
}

// report writes the summary: figures compared per output, then each
// class with its count and up to examples of it (all when examples < 0).
func (f *findings) report(w io.Writer, examples int) {
	var kinds []string
	for k := range f.compared {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	fmt.Fprintf(w, "compared %d figures:", f.total())
	for _, k := range kinds {
		fmt.Fprintf(w, " %s %d;", k, f.compared[k])
	}
	if examples < 0 {
		var ks []string
		for k := range f.kinds {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		fmt.Fprintf(w, "\ncells compared by output and figure:\n")
		for _, k := range ks {
			fmt.Fprintf(w, "    %-60s %6d\n", k, f.kinds[k])
		}
	}
	fmt.Fprintf(w, "\n%d disagreements in %d classes\n", len(f.list), len(f.byClass()))
	for _, g := range f.byClass() {
		fmt.Fprintf(w, "\n[%d] %s\n", len(g), g[0].class)
		// Where the class occurs, by output file kind, so that each
		// writer's share of the to-do list shows.
		outputs := map[string]int{}
		for _, x := range g {
			outputs[outputKind(x.where)]++
		}
		var ks []string
		for k := range outputs {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		var parts []string
		for _, k := range ks {
			parts = append(parts, fmt.Sprintf("%s %d", k, outputs[k]))
		}
		units := map[string]bool{}
		for _, x := range g {
			unit, _, _ := strings.Cut(x.where, " row ")
			units[unit] = true
		}
		fmt.Fprintf(w, "    in %d tables, sheets or files: %s\n", len(units), strings.Join(parts, ", "))
		for i, x := range g {
			if examples >= 0 && i >= examples {
				fmt.Fprintf(w, "    … %d more\n", len(g)-i)
				break
			}
			fmt.Fprintf(w, "    %s: %s: want %s, got %s\n", x.where, x.what, x.want, x.got)
		}
	}
}

// outputKind names the kind of output a place is in, for the summary.
func outputKind(where string) string {
	file, _, _ := strings.Cut(where, " ")
	file = strings.TrimSuffix(file, ":")
	if rest, ok := strings.CutPrefix(file, "releases/"); ok {
		// An archived release's file: its kind, in that release.
		if id, inner, ok := strings.Cut(rest, "/"); ok && (strings.HasPrefix(inner, "downloads/") || strings.HasPrefix(inner, "en/downloads/")) {
			return "releases/" + id + " " + outputKind(inner)
		}
	}
	file = strings.TrimPrefix(file, "en/")
	switch {
	case strings.HasSuffix(file, ".html") && strings.Contains(where, "chart option"):
		return "chart option JSON"
	case strings.HasSuffix(file, ".html") && strings.Contains(where, "static chart"):
		return "static chart SVG"
	case strings.HasSuffix(file, ".html") && strings.Contains(where, "KPI"):
		return "KPI cards"
	case strings.HasSuffix(file, ".html"):
		return strings.SplitN(file, "/", 2)[0] + " pages"
	case strings.HasPrefix(file, "downloads/report-"):
		return "report-<year>.xlsx"
	case strings.HasPrefix(file, "downloads/towns/"):
		return "downloads/towns/*" + file[strings.LastIndex(file, "."):]
	case strings.HasPrefix(file, "downloads/"):
		return file
	case strings.HasPrefix(file, "assets/data/"):
		return "assets/data/*.js"
	case strings.HasSuffix(file, ".csv"):
		return "chart CSV files"
	}
	return file
}
