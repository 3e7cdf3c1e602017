package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"text/template/parse"
)

// layoutSet is the parsed layouts of one kind of page: base.html, the
// partials and the kind's own, each from the site's layouts/ when it has
// the file and from the defaults otherwise.
type layoutSet struct {
	t *template.Template
	// own are the templates, by name, that a site's own layout file
	// defines.
	own map[string]bool
	// prints says which fragments the layouts print.
	prints printing
}

// printing says which of the fragments Go writes (fragments.go) the
// layouts of a kind print, so that a view makes only those: a fragment is
// made when the default layout that prints it is in use, or when a
// site's own layout names its field. A site that draws its KPIs its own
// way does not pay for the HTML of the default's.
type printing struct {
	kpis    bool // KPI.HTML: partials/kpis.html
	targets bool // TargetRow.HTML: partials/targets.html
	// cards: a Card's parts, Caption, Attrs, Table.HTML, Notes, Share
	// and Static, for a site's own partials/chart.html that prints them;
	// figures: a Card's Figure, the whole card, which the default
	// partials/chart.html prints.
	cards, figures bool
	lists          bool // TownsRows and TierRows: towns.html, tier.html
	reports        bool // a report's rows, notes and total rows: report.html
	// dropEmpty says the report's layout leaves out a members table's
	// empty columns (ReportTier.HasCounty, HasIndustry): a site's own
	// report.html written before them prints every column, and its
	// rows must have every cell.
	dropEmpty bool
}

// commonLayouts are base.html and the partials, parsed once and cloned
// for each kind of page, which adds its own layout: parsed for every kind,
// they were most of the time serve took to make a renderer after a save.
type commonLayouts struct {
	t   *template.Template
	own map[string]bool // the files of t from the site's own layouts/
}

// parseCommon parses base.html and the partials, whose file names are
// partials.
func (r *Renderer) parseCommon(partials []string) (*commonLayouts, error) {
	c := &commonLayouts{own: map[string]bool{}}
	// Each kind's clone binds partialCached to its own layoutSet.
	c.t = template.New("").Funcs(commonFuncs).Funcs(template.FuncMap{
		"partialCached": func(string, any, ...any) (template.HTML, error) { return "", nil },
		"chart":         func(any, *Card) (template.HTML, error) { return "", nil },
	})
	for _, name := range append([]string{"base.html"}, partials...) {
		if err := r.parseFile(c.t, name, c.own); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// parseFile parses the layout file name into t, noting in own whether it
// is the site's.
func (r *Renderer) parseFile(t *template.Template, name string, own map[string]bool) error {
	src, err := r.ReadLayout(name)
	if err != nil {
		return fmt.Errorf("layouts: %w", err)
	}
	if _, err := t.New(name).Parse(string(src)); err != nil {
		return fmt.Errorf("layouts: %w", err)
	}
	if r.own != nil {
		if _, err := fs.Stat(r.own, name); err == nil {
			own[name] = true
		}
	}
	return nil
}

// parseLayouts makes the layouts of kind: the common ones and the kind's.
func (r *Renderer) parseLayouts(kind Kind, common *commonLayouts) (*layoutSet, error) {
	l := &layoutSet{own: map[string]bool{}}
	t, err := common.t.Clone()
	if err != nil {
		return nil, fmt.Errorf("layouts: %w", err)
	}
	l.t = t.Funcs(template.FuncMap{
		"partialCached": func(name string, data any, variants ...any) (template.HTML, error) {
			return r.partialCached(l, name, data, variants...)
		},
		"chart": func(page any, c *Card) (template.HTML, error) {
			return r.chartPartial(l, page, c)
		},
	})
	ownFiles := maps.Clone(common.own)
	if err := r.parseFile(l.t, kind.Layout(), ownFiles); err != nil {
		return nil, err
	}
	named := map[string]bool{} // the fields the site's own templates name
	for _, t := range l.t.Templates() {
		if t.Tree == nil {
			continue
		}
		if ownFiles[t.Tree.ParseName] {
			l.own[t.Name()] = true
			fieldNames(t.Tree.Root, named)
		}
		if t.Name() != t.Tree.ParseName {
			// A partial made once per language and depth is run by a
			// template of its own, which escapes it as the page would.
			// Every {{define}} gets one: a site may define a partial in
			// any of its files.
			if _, err := l.t.New(cachedName(t.Name())).Parse(`{{template "` + t.Name() + `" .}}`); err != nil {
				return nil, fmt.Errorf("layouts: %w", err)
			}
		}
	}
	any := func(names ...string) bool {
		for _, n := range names {
			if named[n] {
				return true
			}
		}
		return false
	}
	l.prints = printing{
		kpis:    !l.own["kpis"] || any("HTML"),
		targets: !l.own["targets"] || any("HTML"),
		cards:   any("Caption", "Attrs", "HTML", "Notes", "Share", "Static"),
		figures: !l.own["chart"] || any("Figure"),
		lists:   !l.own["main"] || any("TownsRows", "TierRows"),
		reports: !l.own["main"] || any("Rows", "Note", "Total", "ReportTownRows", "ReportTownsNote", "ReportTownsTotal",
			"ReportTierRows", "ReportTierNote", "ReportTierTotal"),
		dropEmpty: !l.own["main"] || any("HasCounty", "HasIndustry"),
	}
	return l, nil
}

func cachedName(partial string) string { return "cached " + partial }

// fieldNames adds to names every field or method a template names.
func fieldNames(n parse.Node, names map[string]bool) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				fieldNames(c, names)
			}
		}
	case *parse.ActionNode:
		fieldNames(n.Pipe, names)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				fieldNames(c, names)
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			fieldNames(a, names)
		}
	case *parse.FieldNode:
		for _, id := range n.Ident {
			names[id] = true
		}
	case *parse.ChainNode:
		fieldNames(n.Node, names)
		for _, id := range n.Field {
			names[id] = true
		}
	case *parse.VariableNode:
		for _, id := range n.Ident[1:] {
			names[id] = true
		}
	case *parse.IfNode:
		fieldNames(&n.BranchNode, names)
	case *parse.RangeNode:
		fieldNames(&n.BranchNode, names)
	case *parse.WithNode:
		fieldNames(&n.BranchNode, names)
	case *parse.BranchNode:
		fieldNames(n.Pipe, names)
		fieldNames(n.List, names)
		fieldNames(n.ElseList, names)
	case *parse.TemplateNode:
		fieldNames(n.Pipe, names)
	}
}

// partialCached runs a partial once for every language, folder depth and
// variant, as Hugo's partialCached does, for what every page shows alike:
// the navigation (one variant per section), the footer, the search box
// and the "about the data" block. data is a view, or a list whose first
// element is one; the variants say what else the output depends on. A
// partial the site overrides is run for every page instead: it may show
// something of the page.
func (r *Renderer) partialCached(l *layoutSet, name string, data any, variants ...any) (template.HTML, error) {
	f := frameOf(data)
	if f == nil {
		return "", fmt.Errorf("partialCached %q: the data is not a page's view", name)
	}
	if l.own[name] {
		return r.runPartial(l, name, data)
	}
	// Every page asks for four or five: the key is made without fmt or
	// a join for the common variants.
	key := partialKey{name: name, lang: f.Lang.Code, up: f.up}
	for i, v := range variants {
		var text string
		switch v := v.(type) {
		case string:
			text = v
		case Kind:
			text = string(v)
		default:
			text = fmt.Sprint(v)
		}
		if i > 0 {
			key.variants += "\x00"
		}
		key.variants += text
	}
	return r.cached(key, func() (template.HTML, error) { return r.runPartial(l, name, data) })
}

// partialKey is what a cached partial's output depends on (partialCached).
type partialKey struct{ name, lang, up, variants string }

// chartPartial is {{chart $ .}}, a chart card as {{template "chart"
// (slice2 $ .)}} prints it, for a fraction of the cost: the default
// partial prints the card Go wrote (Card.Figure), so the card is printed
// as it is, without running the partial through a list made for it and
// an index into it (a reflective call each, three times the cost of
// printing the card). A site's own chart partial is run as the template
// would run it.
func (r *Renderer) chartPartial(l *layoutSet, page any, c *Card) (template.HTML, error) {
	if c == nil {
		return "", fmt.Errorf("chart: no chart")
	}
	if l.own["chart"] {
		return r.runPartial(l, "chart", []any{page, c})
	}
	return c.Figure, nil
}

// cached is what make makes, made once for key.
func (r *Renderer) cached(key partialKey, make func() (template.HTML, error)) (template.HTML, error) {
	if h, ok := r.shared.Load(key); ok {
		return h.(template.HTML), nil
	}
	h, err := make()
	if err != nil {
		return "", err
	}
	r.shared.Store(key, h)
	return h, nil
}

func (r *Renderer) runPartial(l *layoutSet, name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := l.t.ExecuteTemplate(&buf, cachedName(name), data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// frameOf finds the frame in a partial's data.
func frameOf(data any) *Frame {
	switch d := data.(type) {
	case interface{ frame() *Frame }:
		return d.frame()
	case []any:
		if len(d) > 0 {
			return frameOf(d[0])
		}
	}
	return nil
}

// frame is the view's frame; every view has it by embedding Frame.
func (f *Frame) frame() *Frame { return f }
