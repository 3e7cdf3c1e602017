package model

import (
	"reflect"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/num"
)

// Every field a digest writer is given changes the digest: a field added
// to Town, Figure, Delta or TargetResult later fails here until the
// writer takes it in (or the test says why it need not). Each leaf of a
// fully filled value is changed in turn, on a fresh copy.
func TestDigestSeesEveryField(t *testing.T) {
	v := Value{Dec: num.Int(5), Flag: 1, Note: 1}
	town := func() any {
		return &Town{ID: "x", Name: "n", NameEn: "e", Tier: &Tier{Tier: config.Tier{ID: "a"}}, County: "c", CountyEn: "c",
			Industry: "i", IndustryEn: "i", Recognised: 2020, Enterprises: "e", EnterprisesEn: "e",
			Description: "d", DescriptionEn: "d", Place: &Place{1, 2}, Loc: diag.Loc{File: "f", Sheet: "s", Cell: "A1", Line: 1},
			Index: 3, Values: map[string]Series{"o": {v}}, Typed: map[string]Series{"o": {v}}}
	}
	figure := func() any {
		return &Figure{Value: v, Reporting: 1, Of: 2, PrevReporting: 3, PrevOf: 4, Previous: v, Matched: 5, Change: v,
			Delta: Delta{Value: v, Points: true, Decimals: 1, Why: 1, Typed: true, Comparable: true}, Official: true, PrevOfficial: true, Summed: v}
	}
	target := func() any {
		return &TargetResult{Target: config.Target{ID: "t", Measure: config.Total}, Actual: v, Figure: *figure().(*Figure),
			Missing: []*Town{{ID: "m"}}, Of: 2, Status: "met", Towns: []TownCheck{{Town: &Town{ID: "c"}, Actual: v, Met: true}}}
	}
	// Fields a writer leaves out on purpose: what the config holds (a
	// key takes in the config whole), a tier's own fields but its id
	// (pages key their tier's members where they show them), memos.
	skip := map[string]bool{
		"Town.Tier.Tier": true, "Town.Tier.Index": true, "Town.Tier.Towns": true, "Town.computed": true,
		"TargetResult.Target": true, "TargetResult.Indicator": true, "TargetResult.Scope": true,
		"TargetResult.Goal": true, "TargetResult.rule": true, "TargetResult.Missing.0": true, "TargetResult.Towns.0.Town": true,
	}
	cases := []struct {
		name  string
		make  func() any
		write func(*Digest, any)
	}{
		{"Town", town, func(d *Digest, x any) { d.Town(x.(*Town)) }},
		{"Figure", figure, func(d *Digest, x any) { d.Figure(*x.(*Figure)) }},
		{"TargetResult", target, func(d *Digest, x any) { d.Target(x.(*TargetResult)) }},
	}
	for _, c := range cases {
		sum := func(x any) [32]byte { d := NewDigest(); c.write(d, x); return d.Sum() }
		base := sum(c.make())
		paths := leaves(reflect.ValueOf(c.make()).Elem(), c.name, skip)
		if len(paths) < 5 {
			t.Fatalf("%s: only %d leaves found", c.name, len(paths))
		}
		for _, p := range paths {
			x := c.make()
			if !change(reflect.ValueOf(x).Elem(), strings.Split(p, ".")[1:]) {
				t.Fatalf("%s: cannot change", p)
			}
			if sum(x) == base {
				t.Errorf("%s changed and the digest did not", p)
			}
		}
	}
}

// leaves lists the paths of the leaves of v: strings, numbers, decimals,
// maps (changed by a key added), and fields inside structs, pointers
// and slices' first elements.
func leaves(v reflect.Value, at string, skip map[string]bool) []string {
	if skip[at] {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return leaves(v.Elem(), at, skip)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[num.Dec]() {
			return []string{at}
		}
		var out []string
		for i := range v.NumField() {
			out = append(out, leaves(v.Field(i), at+"."+v.Type().Field(i).Name, skip)...)
		}
		return out
	case reflect.Slice:
		if v.Len() == 0 {
			return nil
		}
		return leaves(v.Index(0), at+".0", skip)
	}
	return []string{at}
}

// change changes the leaf at path in v.
func change(v reflect.Value, path []string) bool {
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if len(path) == 0 {
		if !v.CanSet() {
			return false
		}
		switch v.Kind() {
		case reflect.String:
			v.SetString(v.String() + "!")
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(v.Int() + 1)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(v.Uint() + 1)
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Float64:
			v.SetFloat(v.Float() + 1)
		case reflect.Map:
			v.SetMapIndex(reflect.ValueOf("zz"), reflect.Zero(v.Type().Elem()))
		case reflect.Struct: // num.Dec
			v.Set(reflect.ValueOf(num.Int(12345)))
		default:
			return false
		}
		return true
	}
	if path[0] == "0" {
		return change(v.Index(0), path[1:])
	}
	f := v.FieldByName(path[0])
	if !f.IsValid() {
		return false
	}
	return change(f, path[1:])
}
