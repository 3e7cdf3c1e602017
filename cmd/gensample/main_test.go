package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/source"
)

// TestSampleReadsBack generates the workbook and reads it as the site does,
// with the repository's config.toml.
func TestSampleReadsBack(t *testing.T) {
	dir := t.TempDir()
	if err := write(filepath.Join(dir, "data", "taiyuan.xlsx")); err != nil {
		t.Fatal(err)
	}
	cfg, problems, err := config.Load(os.DirFS("../.."), "config.toml")
	if err != nil || len(problems) > 0 {
		t.Fatalf("config.toml: %v %v", err, problems)
	}
	data, problems := source.Read(os.DirFS(dir), cfg)
	if len(problems) > 0 {
		t.Fatalf("problems reading the sample:\n%v", problems)
	}

	if len(data.Towns) != 13 {
		t.Fatalf("got %d towns, want 13", len(data.Towns))
	}
	idOf := map[string]string{} // name -> id
	tierOf := map[string]string{}
	tierID := map[string]string{}
	for _, tier := range cfg.Tiers {
		tierID[tier.Name] = tier.ID
	}
	for _, tr := range data.Towns {
		if !config.ValidID(tr.ID.S) || idOf[tr.Name.S] != "" {
			t.Errorf("town %q: bad or repeated id %q", tr.Name.S, tr.ID.S)
		}
		if tr.NameEn.S == "" || tr.County.S == "" || tr.CountyEn.S == "" || tr.Industry.S == "" || tr.IndustryEn.S == "" ||
			tr.Description.S == "" || tr.DescriptionEn.S == "" || !tr.Recognised.Valid {
			t.Errorf("town %q lacks a field: %+v", tr.Name.S, tr)
		}
		idOf[tr.Name.S] = tr.ID.S
		tierOf[tr.ID.S] = tierID[tr.Tier.S]
		if tierOf[tr.ID.S] == "" {
			t.Errorf("town %q: tier %q is not in config.toml", tr.Name.S, tr.Tier.S)
		}
	}
	count := map[string]int{}
	for _, id := range tierOf {
		count[id]++
	}
	if count["provincial"] != 1 || count["municipal"] != 5 || count["county"] != 7 {
		t.Errorf("towns per tier = %v, want 1, 5, 7", count)
	}

	// value[id][year][indicator]
	value := map[string]map[int]map[string]source.Number{}
	years := map[int]int{}
	for _, v := range data.Values {
		id := idOf[v.Town.S]
		if id == "" {
			t.Fatalf("%s: town %q is not in the towns sheet", v.Town.Loc, v.Town.S)
		}
		year := int(v.Year.V)
		years[year]++
		if value[id] == nil {
			value[id] = map[int]map[string]source.Number{}
		}
		if value[id][year] != nil {
			t.Errorf("%s: %s %d twice", v.Town.Loc, id, year)
		}
		byInd := map[string]source.Number{}
		for i, ind := range cfg.Indicators {
			if n, ok := v.Value(i); ok {
				byInd[ind.ID] = n
			}
		}
		value[id][year] = byInd
		if len(byInd) != len(cfg.Indicators) {
			t.Errorf("%s: %d values, want %d", v.Town.Loc, len(byInd), len(cfg.Indicators))
		}
	}
	for year := 2019; year <= 2024; year++ {
		if years[year] != 13 {
			t.Errorf("%d: %d towns have values, want 13", year, years[year])
		}
	}
	if len(years) != 6 {
		t.Errorf("years with values: %v", years)
	}

	vinegar := value["qingxu-vinegar"]
	if got := vinegar[2023]["output"]; !got.Valid || got.V != 19.9 {
		t.Errorf("清徐老陈醋 2023 output = %+v, want 19.9", got)
	}
	growth := (vinegar[2023]["output"].V/vinegar[2022]["output"].V - 1) * 100
	if math.Round(growth*10)/10 != 32.6 {
		t.Errorf("清徐老陈醋 2023 growth = %.2f%%, want 32.6%%", growth)
	}
	for ind, n := range value["yangqu-grains"][2019] {
		if n.Valid {
			t.Errorf("阳曲小杂粮 2019 %s = %v, want no data", ind, n.V)
		}
	}
	if n := value["gujiao-musk-deer"][2019]["investment"]; n.Valid {
		t.Errorf("古交林麝 2019 investment = %v, want no data", n.V)
	}

	// The action plan's targets: one met, one narrowly missed.
	sum := func(ind string, year int) float64 {
		total := 0.0
		for id, tier := range tierOf {
			if tier == "provincial" || tier == "municipal" {
				total += value[id][year][ind].V
			}
		}
		return total
	}
	if inv := sum("investment", 2024); inv < 30 || inv > 36 {
		t.Errorf("2024 provincial+municipal investment = %.1f, want a little over 30", inv)
	}
	if g := (sum("output", 2024)/sum("output", 2023) - 1) * 100; g >= 20 || g < 18.5 {
		t.Errorf("2024 provincial+municipal output growth = %.2f%%, want a little under 20%%", g)
	}
	if p := vinegar[2024]["platforms"]; p.V < 1 {
		t.Errorf("provincial town platforms 2024 = %v, want at least 1", p.V)
	}
	zero, some := 0, 0
	for id, tier := range tierOf {
		if tier == "municipal" {
			if value[id][2024]["platforms"].V == 0 {
				zero++
			} else {
				some++
			}
		}
	}
	if zero == 0 || some == 0 {
		t.Errorf("municipal towns with no platform in 2024: %d, with some: %d; want both", zero, some)
	}
}

// TestSampleIsDeterministic checks that two runs give the same bytes, and
// that the committed data/taiyuan.xlsx is what the generator writes.
func TestSampleIsDeterministic(t *testing.T) {
	a, err := sampleWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	b, err := sampleWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two runs wrote different workbooks")
	}
	committed, err := os.ReadFile("../../data/taiyuan.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, committed) {
		t.Error("data/taiyuan.xlsx is not what cmd/gensample writes; run: go run ./cmd/gensample")
	}
}
