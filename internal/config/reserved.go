package config

// reservedIDs are the ids that already mean something in the site townpress
// writes, by kind of thing, with what they mean. A tier, town or indicator
// taking one would be mixed up with it: tier "all" would add a second
// block of rows for scope "all" to totals.csv.
var reservedIDs = map[string]map[string]string{
	"tier": {
		"all": `totals.csv and the report workbooks use the scope "all" for all towns`,
		// The default layouts give a tier's card and badge the class
		// tier-<id>, and style these classes for other parts of the page.
		"card":  "the pages style the class tier-card, which a tier's card would take",
		"cards": "the pages style the class tier-cards, which a tier's card would take",
		"name":  "the pages style the class tier-name, which a tier's card would take",
		"count": "the pages style the class tier-count, which a tier's card would take",
		"towns": "the pages style the class tier-towns, which a tier's card would take",
		"block": "the pages style the class tier-block, which a tier's card would take",
		"tiers": "report pages name the chart of every tier's total report-<indicator>-tiers, and a tier's chart report-<tier>-<indicator>",
	},
	"town": {
		"page": "towns/page/2/ and on are the pages of the list of towns",
		// The reader takes a row whose town is one of these for the total
		// row or the notes under a table.
		"total":    "a row whose town is total is read as a total row (合计) and skipped",
		"sum":      "a row whose town is sum is read as a total row (合计) and skipped",
		"subtotal": "a row whose town is subtotal is read as a total row (小计) and skipped",
		"note":     "a row starting with note is read as the notes under a table",
		"notes":    "a row starting with notes is read as the notes under a table",
		"source":   "a row starting with source is read as the notes under a table",
	},
	"indicator": {
		// values.csv and the town CSVs have a column per indicator, named
		// by its id, beside these.
		"town": "values.csv has a column town, the town's name, beside a column per indicator id",
		"year": "values.csv and the town CSVs have a column year beside a column per indicator id",
	},
}

// ReservedID says why id cannot be the id of a kind ("tier", "town" or
// "indicator"); ok is false when it can.
func ReservedID(kind, id string) (why string, ok bool) {
	why, ok = reservedIDs[kind][id]
	return why, ok
}
