package config

import (
	"os"
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
