package release

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/townpress/townpress/internal/config"
)

// Calendar is the release calendar (发布日程): the entries of
// [[calendar]] and every release of the store no entry names, by date.
type Calendar struct {
	Events []Event
	title  string // the site's title, for the calendar's name
	titleE string
	base   string // site.base_url, for links; "" without
	stamp  string // DTSTAMP's day, YYYYMMDD: the latest release's, else the first event's
	host   string // the right side of every UID
}

// Event is one publication of the calendar.
type Event struct {
	ID      string // stable over changes of date and text: the entry's id, or release-<id> for a release no entry names
	Date    string // YYYY-MM-DD
	What    string
	WhatEn  string
	Status  string   // config.Planned or config.Published
	Release *Release // the release published, when there is one in the store
}

// Calendar is the site's release calendar.
func (a *Archive) Calendar() *Calendar {
	cfg := a.Site.Config
	c := &Calendar{title: cfg.Site.Title, titleE: cfg.Site.TitleEn, base: cfg.Site.BaseURL}
	named := map[string]bool{}
	for i, e := range cfg.Calendar {
		ev := Event{ID: cfg.CalendarID(i), Date: string(e.Date), What: e.What, WhatEn: e.WhatEn, Status: e.Status}
		if ev.Status == "" {
			ev.Status = config.Planned
		}
		if e.Release != "" {
			ev.Release = a.Store.Release(e.Release)
			named[e.Release] = true
		}
		if ev.Release != nil {
			ev.Status = config.Published // the store says so
		}
		c.Events = append(c.Events, ev)
	}
	for _, r := range a.Store.Releases {
		if !named[r.ID] {
			c.Events = append(c.Events, Event{ID: "release-" + r.ID, Date: r.Date, What: r.Title, WhatEn: r.TitleEn, Status: config.Published, Release: r})
		}
	}
	slices.SortStableFunc(c.Events, func(x, y Event) int { return strings.Compare(x.Date, y.Date) })
	if l := a.Store.Latest(); l != nil {
		c.stamp = strings.ReplaceAll(l.Date, "-", "")
	} else if len(c.Events) > 0 {
		c.stamp = strings.ReplaceAll(c.Events[0].Date, "-", "")
	}
	// A UID is unique the world over: the site's address names it, else a
	// digest of its title, so that two sites' calendars imported into one
	// application never merge.
	if u, err := url.Parse(c.base); err == nil && u.Host != "" {
		c.host = u.Host
	} else {
		sum := sha256.Sum256([]byte(cfg.Site.Title))
		c.host = hex.EncodeToString(sum[:4]) + ".townpress"
	}
	return c
}

// Next is the first planned event, nil when none is planned: the calendar
// is the official's, so "next" needs no clock.
func (c *Calendar) Next() *Event {
	for i := range c.Events {
		if c.Events[i].Status == config.Planned {
			return &c.Events[i]
		}
	}
	return nil
}

// ICS is the calendar as an iCalendar file (RFC 5545), in Chinese or in
// English: every event a whole day, its UID stable (Event.ID), its
// DTSTAMP the day of the latest release (never the clock), lines of at
// most 75 octets folded and ended by CRLF.
func (c *Calendar) ICS(en bool) []byte {
	var b bytes.Buffer
	line := func(name, value string) { writeFolded(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	lang := "ZH"
	if en {
		lang = "EN"
	}
	line("PRODID", "-//townpress//release calendar//"+lang)
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", escapeText(pick(en, c.title, c.titleE)+pick(en, " 发布日程", " release calendar")))
	for _, e := range c.Events {
		day := strings.ReplaceAll(e.Date, "-", "")
		line("BEGIN", "VEVENT")
		line("UID", e.ID+"@"+c.host)
		line("DTSTAMP", c.stamp+"T000000Z")
		line("DTSTART;VALUE=DATE", day)
		line("DTEND;VALUE=DATE", nextDay(e.Date))
		line("SUMMARY", escapeText(pick(en, e.What, e.WhatEn)))
		desc := []string{statusText2(e.Status, en)}
		if e.Release != nil {
			desc = append(desc, pick(en, e.Release.Title, e.Release.TitleEn))
		}
		href := ""
		if e.Release != nil && c.base != "" {
			href = c.base + "/" + pick(en, "", "en/") + "releases/" + e.Release.ID + "/index.html"
			desc = append(desc, href)
		}
		line("DESCRIPTION", escapeText(strings.Join(desc, pick(en, "；", "; "))))
		if href != "" {
			line("URL;VALUE=URI", href)
		}
		line("STATUS", "CONFIRMED")
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.Bytes()
}

func statusText2(s string, en bool) string {
	if s == config.Published {
		return pick(en, "已发布", "Published")
	}
	return pick(en, "计划发布", "Planned")
}

// nextDay is the day after a YYYY-MM-DD date, as YYYYMMDD: an all-day
// event ends, exclusively, on the next day.
func nextDay(date string) string {
	t, err := parseDay(date)
	if err != nil {
		return strings.ReplaceAll(date, "-", "")
	}
	return t.AddDate(0, 0, 1).Format("20060102")
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11).
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// writeFolded writes a content line folded at 75 octets, never inside a
// UTF-8 character, each part but the first starting with a space
// (RFC 5545 3.1), and ended by CRLF.
func writeFolded(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
