package source

import (
	"testing"
	"testing/fstest"
)

func TestReadTownPlaces(t *testing.T) {
	// A towns sheet gives where each town is, for the map, in decimal
	// degrees as officials type them; a wrong place is reported at its
	// cell and the town is left out, never put at 0°, 0°.
	book := xlsx(t,
		sheet{name: "专业镇名录", rows: [][]any{
			{"名称", "级别", "经度", "纬度"},
			{"甲镇", "省级", 112.384, 37.605},
			{"乙镇", "市级", "112.55°E", "37.87 N"},
			{"丙镇", "县级", nil, nil},
			{"丁镇", "县级", "—", "—"},
			{"戊镇", "县级", 112.5, nil},
			{"己镇", "县级", "112°33′", 37.8},
			{"庚镇", "县级", 190, 37.8},
			{"辛镇", "县级", 37.8, 112.5},
			{"壬镇", "县级", "W 3", 37.8},
		}},
	)
	data, problems := Read(fstest.MapFS{"data/d.xlsx": {Data: book}}, testConfig())
	checkProblems(t, problems, []string{
		`data/d.xlsx:专业镇名录!D6: 纬度 is empty: a town's place needs both its longitude (经度) and its latitude (纬度) (expected both, or neither)`,
		`data/d.xlsx:专业镇名录!C7: 经度: "112°33′" is not a number of degrees (expected decimal degrees such as 112.55; degrees, minutes and seconds such as 112°33′ are not read)`,
		`data/d.xlsx:专业镇名录!C8: 经度: 190 is out of range (expected from -180 to 180 degrees)`,
		`data/d.xlsx:专业镇名录!C9: 经度 37.8 and 纬度 112.5 look swapped (expected the longitude east, such as 112.55, and the latitude north, such as 37.87)`,
		`data/d.xlsx:专业镇名录!C10: 经度: "W 3" is not a number of degrees (expected decimal degrees such as 112.55; degrees, minutes and seconds such as 112°33′ are not read)`,
	})
	if len(data.Towns) != 4 {
		t.Fatalf("got %d towns, want 甲乙丙丁: %+v", len(data.Towns), data.Towns)
	}
	checkNumber(t, "甲 longitude", data.Towns[0].Longitude, 112.384, true, "data/d.xlsx:专业镇名录!C2")
	checkNumber(t, "甲 latitude", data.Towns[0].Latitude, 37.605, true, "data/d.xlsx:专业镇名录!D2")
	checkNumber(t, "乙 longitude with °E", data.Towns[1].Longitude, 112.55, true, "data/d.xlsx:专业镇名录!C3")
	checkNumber(t, "乙 latitude with N", data.Towns[1].Latitude, 37.87, true, "data/d.xlsx:专业镇名录!D3")
	for _, town := range data.Towns[2:] {
		if town.Longitude.Valid || town.Latitude.Valid {
			t.Errorf("%s: a town without a place has one: %+v %+v", town.Name, town.Longitude, town.Latitude)
		}
	}
}

func TestReadTownPlaceOneColumn(t *testing.T) {
	// A sheet with only a 经度 column gives no town a place: the error
	// is at the row, since there is no 纬度 cell to point at.
	book := xlsx(t, sheet{name: "专业镇名录", rows: [][]any{{"名称", "级别", "经度"}, {"甲镇", "省级", 112.4}, {"乙镇", "省级", nil}}})
	data, problems := Read(fstest.MapFS{"data/d.xlsx": {Data: book}}, testConfig())
	checkProblems(t, problems, []string{
		`data/d.xlsx:专业镇名录!A2: 纬度 is empty: a town's place needs both its longitude (经度) and its latitude (纬度) (expected both, or neither)`,
	})
	if len(data.Towns) != 1 {
		t.Fatalf("got %d towns", len(data.Towns))
	}
}

func TestParseDegrees(t *testing.T) {
	for raw, want := range map[string]float64{"112.55": 112.55, " 112.55° ": 112.55, "37.87N": 37.87, "１１２．５": 112.5, "3.5 S": -3.5, "70 W": -70, "-70": -70} {
		got, err := parseDegrees(raw)
		if err != nil || got != want {
			t.Errorf("parseDegrees(%q) = %v, %v; want %v", raw, got, err, want)
		}
	}
	for _, raw := range []string{"", "E", "112°33′", "NaN", "Inf", "abc"} {
		if v, err := parseDegrees(raw); err == nil {
			t.Errorf("parseDegrees(%q) = %v, want an error", raw, v)
		}
	}
}
