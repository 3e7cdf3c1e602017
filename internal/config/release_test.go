package config

import (
	"github.com/townpress/townpress/internal/diag"
	"strings"
	"testing"
)

// [release] and [[calendar]] take dates quoted or as TOML dates, and every
// problem names its line and key.
func TestReleaseAndCalendarKeys(t *testing.T) {
	good := base + `
[release]
id = "2024-revised"
date = 2025-09-30
title = "2024年年报 修订"
reason = "correction"

[[calendar]]
date = "2025-03-31"
what = "2024年年报 初步数"
status = "published"
release = "2024-preliminary"

[[calendar]]
date = 2025-09-30
what = "2024年年报 修订"

[[calendar]]
id = "annual-2025"
date = 2026-03-31
what = "2025年年报 初步数"
`
	cfg, problems, err := Parse("config.toml", []byte(good))
	if err != nil || len(problems) > 0 {
		t.Fatalf("%v %v", err, problems)
	}
	if cfg.Release.Date != "2025-09-30" || cfg.Calendar[1].Date != "2025-09-30" {
		t.Errorf("dates: %q %q", cfg.Release.Date, cfg.Calendar[1].Date)
	}
	if got := []string{cfg.CalendarID(0), cfg.CalendarID(1), cfg.CalendarID(2)}; strings.Join(got, " ") != "2025-03-31-1 2025-09-30-1 annual-2025" {
		t.Errorf("calendar ids: %v", got)
	}
	if cfg.StoreDir() != "releases" {
		t.Errorf("store dir %q", cfg.StoreDir())
	}

	for _, c := range []struct{ old, new, want string }{
		{`id = "2024-revised"`, `id = "2024 Revised"`, `config.toml:28: release.id: release id "2024 Revised" is not valid`},
		{`id = "2024-revised"`, `id = "current"`, `config.toml:28: release.id: release id "current" is reserved`},
		{`date = 2025-09-30` + "\ntitle", `date = "2025-02-30"` + "\ntitle", `config.toml:29: release.date: "2025-02-30" is not a date`},
		{`reason = "correction"`, `reason = "fix"`, `config.toml:31: release.reason: "fix" is not "scheduled"`},
		{`reason = "correction"`, `reason = "correction"` + "\ndir = \"data\"", `config.toml:32: release.dir: "data" is or holds the data or layouts folder`},
		{`reason = "correction"`, `reason = "correction"` + "\ndir = \"../x\"", `config.toml:32: release.dir: "../x" is not a folder inside the site folder`},
		{`status = "published"`, `status = "done"`, `config.toml:36: calendar[0].status: "done" is not "planned" or "published"`},
		{`what = "2025年年报 初步数"`, `what = " "`, `config.toml:46: calendar[2].what: must not be empty`},
		{`id = "annual-2025"`, `id = "2025-03-31-1"`, `config.toml:44: calendar[2]: its id "2025-03-31-1" is also calendar[0]'s`},
		{`date = "2025-03-31"`, `date = "31.3.2025"`, `config.toml:34: calendar[0].date: "31.3.2025" is not a date`},
		{`[release]`, `[releases]`, `config.toml:27: unknown table [releases] (did you mean [release]?`},
	} {
		if !strings.Contains(good, c.old) {
			t.Fatalf("no %q", c.old)
		}
		_, problems, err := Parse("config.toml", []byte(strings.Replace(good, c.old, c.new, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) == 0 || !strings.HasPrefix(problems[0].String(), c.want) {
			t.Errorf("%s -> %s:\n%v\nwant: %s", c.old, c.new, problems, c.want)
		}
		if zh := problems.In(diag.Zh); len(problems) > 0 && zh == problems.In(diag.En) {
			t.Errorf("not in Chinese: %s", zh)
		}
	}
}
