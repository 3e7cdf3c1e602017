package model

import (
	"testing"
	"testing/fstest"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/source"
	"github.com/townpress/townpress/internal/yearbook"
)

// A district's yearbook table, and the same data in every other layout,
// builds with a config that declares only tiers, indicators and the
// table's sheet: every figure lands in its town, year and indicator, as
// yearbook.Level made it, with no problem at all.
func TestEveryLayoutLandsInPlace(t *testing.T) {
	cfg, problems, err := config.Parse("config.toml", []byte(yearbook.Config))
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	books, err := yearbook.Workbooks()
	if err != nil {
		t.Fatal(err)
	}
	for name, book := range books {
		data, problems := source.Read(fstest.MapFS{"data/" + name: {Data: book}}, cfg)
		site, more := New(cfg, data)
		problems = append(problems, more...)
		if len(problems) > 0 || site == nil {
			t.Errorf("%s: problems:\n%s", name, problems)
			continue
		}
		if len(site.DerivedIDs) != len(yearbook.Towns) || site.Town("daliangjiedao") == nil {
			t.Errorf("%s: derived ids %+v", name, site.DerivedIDs)
		}
		checked := 0
		for ti, yt := range yearbook.Towns {
			var town *Town
			for _, tw := range site.Towns {
				if tw.Name == yt.Name {
					town = tw
				}
			}
			if town == nil || town.Tier.Name != yt.Tier {
				t.Errorf("%s: town %s: %+v", name, yt.Name, town)
				continue
			}
			for ii, ind := range yearbook.Indicators {
				for _, year := range yearbook.Years {
					want := yearbook.Level(ii, ti, year)
					got := town.Values[ind.ID].At(site.YearIndex(year))
					if (want == "") != !got.Valid() || (got.Valid() && got.Dec.Cmp(dec(want)) != 0) {
						t.Errorf("%s: %s %s %d = %v, want %q", name, yt.Name, ind.ID, year, got, want)
					}
					checked++
				}
			}
		}
		if checked != len(yearbook.Towns)*len(yearbook.Indicators)*len(yearbook.Years) {
			t.Errorf("%s: checked %d figures", name, checked)
		}
	}
}
