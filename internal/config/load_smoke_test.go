package config

import (
	"os"
	"strings"
	"testing"
)

func TestSampleConfigLoads(t *testing.T) {
	cfg, problems, err := Load(os.DirFS("../.."), "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("sample config has problems:\n%v", problems)
	}
	if len(cfg.Tiers) != 3 || len(cfg.Indicators) != 10 || len(cfg.Targets) != 6 {
		t.Errorf("got %d tiers, %d indicators, %d targets", len(cfg.Tiers), len(cfg.Indicators), len(cfg.Targets))
	}
}

func TestUnknownKeysNameTheirLines(t *testing.T) {
	raw := "[site]\ntitle = \"x\"\ntitel = \"typo\"\n\n[[tiers]]\nid = \"a\"\nname = \"甲\"\ncolour = \"red\"\n\n[[tiers]]\nid = \"b\"\nname = \"乙\"\ncolour = \"blue\"\n\n[[indicators]]\nid = \"output\"\nname = \"产值\"\nunit = \"亿元\"\n"
	_, problems, err := Parse("config.toml", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`config.toml:3: unknown key "site.titel"`,
		`config.toml:8: unknown key "tiers.colour"`,
		`config.toml:13: unknown key "tiers.colour"`,
	}
	got := problems.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}

func TestConfigErrorsNameKeyAndLine(t *testing.T) {
	raw := "[site]\ntitle = \"x\"\n\n[[tiers]]\nid = \"Bad Id\"\nname = \"甲\"\n\n[[indicators]]\nid = \"output\"\nname = \"产值\"\ndecimals = 9\n"
	_, problems, err := Parse("config.toml", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	got := problems.Error()
	for _, w := range []string{
		`config.toml:5: tiers[0].id: "Bad Id" is not a valid id`,
		`config.toml:11: indicators[0].decimals: 9 is out of range`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}

func TestTargetsAndAliasesThatCannotWork(t *testing.T) {
	raw := `[site]
title = "x"
[[tiers]]
id = "a"
name = "甲"
[[indicators]]
id = "output"
name = "产值"
aliases = ["产出"]
sum = true
[[indicators]]
id = "rd"
name = "研发强度"
aliases = ["产出"]
[[targets]]
id = "rd-total"
year = 2024
indicator = "rd"
measure = "total"
value = 3
text = "研发强度3%"
`
	_, problems, err := Parse("config.toml", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	got := problems.Error()
	for _, w := range []string{
		`config.toml:14: indicators[1]: the header "产出" would match both "output" and "rd"`,
		`config.toml:19: targets[0].measure: "total" adds rd up across towns, but that indicator has sum = false`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}
