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
	if len(cfg.Tiers) != 3 || len(cfg.Indicators) != 6 || len(cfg.Targets) != 6 {
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
