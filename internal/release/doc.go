// Package release keeps a site's publications: every release an official
// decides to publish is archived in a store (releases/ beside data/, kept
// in version control like the data), every build publishes every archived
// release under releases/<id>/ so that no link to an old report breaks,
// and each release lists the figures revised since the one before.
//
// # The store
//
// A release is a folder releases/<id>/ that `townpress release` writes
// and nothing else changes afterwards:
//
//	release.json       what it is: id, date, title (zh, en), reason
//	                   (scheduled or correction), note, the release before,
//	                   the site's title, the publisher, and counts
//	figures.csv        every published figure: kind (value, growth, total,
//	                   total-growth), town, scope (all or a tier id, for
//	                   totals), indicator, year, value (exact, as the data
//	                   files carry it), status (provisional+break …; empty
//	                   for a figure without marks), official or summed (totals)
//	towns.csv          id, name, name_en, tier of every town
//	targets.csv        id, year, status (met, not-met, no-data), actual
//	pages.txt          every page the build wrote, one path a line
//	revisions.csv      the changes since the release before (not in the first)
//	revisions.json     the same for programs, with the release's counts and note
//	downloads/…        the downloads as published: report-<year>.xlsx (and
//	                   .pdf with -pdf), townpress-data.xlsx, data/*.csv,
//	                   data.json, datapackage.json, towns/*, SHA256SUMS
//	en/downloads/…     the English edition's reports and SHA256SUMS
//	SHA256SUMS         the SHA-256 of every file above, as sha256sum -c reads it
//
// The snapshot files are UTF-8 CSV with LF line ends, one figure a line,
// so that version control shows a revision as the lines that changed, and
// a byte-order mark, so that Excel opens them as UTF-8; revisions.csv is
// for people first (CRLF). On a sample site every CSV ends with a column,
// note, that says so on every row.
// Every build reads the store back and verifies every file against its
// release's SHA256SUMS; a file changed, added or removed afterwards is an
// error naming it, and the build stops: an archive that can change is no
// archive.
//
// # Revisions and the r mark
//
// The revisions of a release are Diff of the snapshot before and its own.
// A build marks revised (status.Revised, shown r) the figures whose value
// changed since the previous publication: when its figures are the latest
// release's, those that release revised; otherwise (a draft of the next
// release) those that differ from the latest release. The mark links to
// the figure's entry, EntryHref: releases/<id>/index.html#Anchor.
//
// # In the built site
//
//	releases/<id>/…            every file of every release, byte for byte
//	releases/index.json        the releases, and which one the site is
//	releases/current/…         the build's own snapshot (figures.csv, towns.csv,
//	                           targets.csv, pages.txt), what check -against reads
//	calendar.ics, en/calendar.ics   the release calendar (RFC 5545)
package release
