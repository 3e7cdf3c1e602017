package config

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/townpress/townpress/internal/diag"
)

// Release is [release]: the stamp of the next release, which `townpress
// release` writes into the store (its flags override each key), and the
// store's folder. Dates come from here or the flags, never from the
// clock, so that building the same release twice gives the same files.
type Release struct {
	ID      string `toml:"id"`    // the next release's id, a slug such as 2024-revised
	Date    Date   `toml:"date"`  // its date
	Title   string `toml:"title"` // 2024年年报 初步数
	TitleEn string `toml:"title_en"`
	// Reason is why the release is made: "scheduled" (a release of the
	// calendar) or "correction" (figures corrected between releases).
	Reason string `toml:"reason"`
	Note   string `toml:"note"` // what changed and why, shown with the revisions
	NoteEn string `toml:"note_en"`
	// Publisher names who publishes, in citations; default site.organiser.
	Publisher   string `toml:"publisher"`
	PublisherEn string `toml:"publisher_en"`
	// Dir is the store, relative to the config's folder; default "releases".
	Dir string `toml:"dir"`
}

// Reasons a release may give.
const (
	Scheduled  = "scheduled"
	Correction = "correction"
)

// CalendarEntry is one [[calendar]] entry: a publication planned or made.
type CalendarEntry struct {
	// ID keeps the entry's identity (its calendar UID) when its date or
	// text changes; default "<date>-<n>", the n-th entry of that date.
	ID      string `toml:"id"`
	Date    Date   `toml:"date"`
	What    string `toml:"what"`
	WhatEn  string `toml:"what_en"`
	Status  string `toml:"status"`  // "planned" (the default) or "published"
	Release string `toml:"release"` // the id of the release published then, for a link
}

// Calendar statuses.
const (
	Planned   = "planned"
	Published = "published"
)

// Date is a day, as config.toml may write it either quoted
// ("2025-06-30") or as a TOML date (2025-06-30); "" when not given.
type Date string

// UnmarshalTOML takes a quoted date or a TOML date.
func (d *Date) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case string:
		*d = Date(strings.TrimSpace(x))
	case time.Time:
		*d = Date(x.Format(time.DateOnly))
	default:
		return fmt.Errorf("expected a date such as 2025-06-30, got %v", v)
	}
	return nil
}

// Valid reports whether d is a real day written YYYY-MM-DD.
func (d Date) Valid() bool {
	_, err := time.Parse(time.DateOnly, string(d))
	return err == nil
}

// ReservedReleaseIDs are names the published releases/ folder uses for
// itself: a release by such an id would overwrite them.
var ReservedReleaseIDs = []string{"current", "index", "latest"}

// StoreDir is the release store's folder, relative to the config's.
func (c *Config) StoreDir() string {
	if c.Release.Dir == "" {
		return "releases"
	}
	return path.Clean(strings.ReplaceAll(c.Release.Dir, `\`, "/"))
}

// CheckReleaseID says what is wrong with a release id, or nil; key names
// where it was given, for the message.
func CheckReleaseID(id string) *diag.Message {
	for _, r := range ReservedReleaseIDs {
		if id == r {
			m := diag.M("release id %q is reserved (the published releases/ folder uses it; expected another id such as 2024-revised)",
				"版本编号“%s”为保留字（发布后的 releases/ 文件夹已使用它；请另取编号，如 2024-revised）")
			return &m
		}
	}
	if !ValidID(id) {
		m := diag.M("release id %q is not valid (expected lowercase letters a-z, digits and '-', at most 63 characters, such as 2024-revised)",
			"版本编号“%s”无效（应由小写字母 a-z、数字和“-”组成，最多 63 个字符，如 2024-revised）")
		return &m
	}
	return nil
}

// checkReleases checks [release] and [[calendar]].
func (c *Config) checkReleases(problems *diag.List, at func(table string, idx int, key string) diag.Loc) {
	r := c.Release
	if r.ID != "" {
		if m := CheckReleaseID(r.ID); m != nil {
			problems.Err(at("release", -1, "id"), diag.M("release.id: %s", "release.id：%s"), m.Text(r.ID))
		}
	}
	if r.Date != "" && !r.Date.Valid() {
		problems.Err(at("release", -1, "date"), diag.M("release.date: %q is not a date (expected a day written YYYY-MM-DD, such as 2025-06-30)",
			"release.date：“%s”不是日期（应按 YYYY-MM-DD 书写，如 2025-06-30）"), r.Date)
	}
	if r.Reason != "" && r.Reason != Scheduled && r.Reason != Correction {
		problems.Err(at("release", -1, "reason"), diag.M("release.reason: %q is not \"scheduled\" (a release of the calendar) or \"correction\" (figures corrected between releases)",
			"release.reason：“%s”无效（应为 \"scheduled\"（按日程发布）或 \"correction\"（两次发布之间更正数字））"), r.Reason)
	}
	if r.Dir != "" {
		dir := c.StoreDir()
		data := path.Clean(strings.ReplaceAll(c.Site.DataDir, `\`, "/"))
		switch {
		case !fs.ValidPath(dir) || dir == ".":
			problems.Err(at("release", -1, "dir"), diag.M("release.dir: %q is not a folder inside the site folder (expected a relative path such as releases)",
				"release.dir：“%s”不是站点文件夹内的文件夹（应为相对路径，如 releases）"), r.Dir)
		case dir == data || strings.HasPrefix(dir+"/", data+"/") || strings.HasPrefix(data+"/", dir+"/") || dir == "layouts":
			problems.Err(at("release", -1, "dir"), diag.M("release.dir: %q is or holds the data or layouts folder (expected a folder of its own, such as releases)",
				"release.dir：“%s”与数据或版式文件夹重合（应为单独的文件夹，如 releases）"), r.Dir)
		}
	}
	ids := map[string]int{}
	for i, e := range c.Calendar {
		key := fmt.Sprintf("calendar[%d]", i)
		if !e.Date.Valid() {
			problems.Err(at("calendar", i, "date"), diag.M("%s.date: %q is not a date (expected a day written YYYY-MM-DD, such as 2025-06-30)",
				"%s.date：“%s”不是日期（应按 YYYY-MM-DD 书写，如 2025-06-30）"), key, e.Date)
		}
		if strings.TrimSpace(e.What) == "" {
			problems.Err(at("calendar", i, "what"), diag.M("%s.what: must not be empty (expected what is published, such as 2024年年报 初步数)",
				"%s.what：不能为空（应写明发布内容，如 2024年年报 初步数）"), key)
		}
		if e.Status != "" && e.Status != Planned && e.Status != Published {
			problems.Err(at("calendar", i, "status"), diag.M("%s.status: %q is not \"planned\" or \"published\"", "%s.status：“%s”无效（应为 \"planned\" 或 \"published\"）"), key, e.Status)
		}
		if e.Release != "" && !ValidID(e.Release) {
			problems.Err(at("calendar", i, "release"), diag.M("%s.release: %q is not a release id (expected the id of a release in the store, such as 2024-revised)",
				"%s.release：“%s”不是版本编号（应为版本库中某个版本的编号，如 2024-revised）"), key, e.Release)
		}
		id := c.CalendarID(i)
		if e.ID != "" && !ValidID(e.ID) {
			problems.Err(at("calendar", i, "id"), diag.M("%s.id: %q is not a valid id (expected lowercase letters, digits and '-', at most 63 characters)",
				"%s.id：“%s”不是有效的 id（应由小写字母、数字和“-”组成，最多 63 个字符）"), key, e.ID)
		} else if j, dup := ids[id]; dup {
			problems.Err(at("calendar", i, "id"), diag.M("%s: its id %q is also calendar[%d]'s (give each entry its own id)",
				"%s：其 id“%s”与 calendar[%d] 相同（每条日程的 id 须各不相同）"), key, id, j)
		}
		ids[id] = i
	}
}

// CalendarID is the id of the i-th calendar entry: its own, else its date
// and its place among the entries of that date (2025-06-30-1), which stay
// the same while entries are added on other days.
func (c *Config) CalendarID(i int) string {
	e := c.Calendar[i]
	if e.ID != "" {
		return e.ID
	}
	n := 0
	for _, o := range c.Calendar[:i+1] {
		if o.Date == e.Date && o.ID == "" {
			n++
		}
	}
	return fmt.Sprintf("%s-%d", e.Date, n)
}
