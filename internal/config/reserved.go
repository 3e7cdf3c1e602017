package config

import "github.com/townpress/townpress/internal/diag"

// reservedIDs are the ids that already mean something in the site townpress
// writes, by kind of thing, with what they mean. A tier, town or indicator
// taking one would be mixed up with it: tier "all" would add a second
// block of rows for scope "all" to totals.csv.
var reservedIDs = map[string]map[string]diag.Text{
	"tier": {
		"all": diag.T(`totals.csv and the report workbooks use the scope "all" for all towns`, `totals.csv 和报告工作簿用范围“all”表示全部专业镇`),
		// The default layouts give a tier's card and badge the class
		// tier-<id>, and style these classes for other parts of the page.
		"card":  tierClass("card"),
		"cards": tierClass("cards"),
		"name":  tierClass("name"),
		"count": tierClass("count"),
		"towns": tierClass("towns"),
		"block": tierClass("block"),
		"tiers": diag.T("report pages name the chart of every tier's total report-<indicator>-tiers, and a tier's chart report-<tier>-<indicator>",
			"报告页把各级别合计的图表命名为 report-<指标>-tiers，把某一级别的图表命名为 report-<级别>-<指标>"),
	},
	"town": {
		"page": diag.T("towns/page/2/ and on are the pages of the list of towns", "towns/page/2/ 起是专业镇列表的分页"),
		// The reader takes a row whose town is one of these for the total
		// row or the notes under a table (source's totalNames and
		// noteStarts).
		"total":    totalRow("total", "合计"),
		"sum":      totalRow("sum", "合计"),
		"subtotal": totalRow("subtotal", "小计"),
		"all":      totalRow("all", "合计"),
		"note":     noteRow("note"),
		"notes":    noteRow("notes"),
		"source":   noteRow("source"),
	},
	"indicator": {
		// values.csv and the town CSVs have a column per indicator, named
		// by its id, beside these.
		"town": diag.T("values.csv has a column town, the town's name, beside a column per indicator id", "values.csv 在每个指标 id 一列之外还有 town 列（专业镇名称）"),
		"year": diag.T("values.csv and the town CSVs have a column year beside a column per indicator id", "values.csv 和各专业镇的 CSV 在每个指标 id 一列之外还有 year 列"),
	},
}

func tierClass(word string) diag.Text {
	return diag.M("the pages style the class tier-%s, which a tier's card would take", "页面已为 tier-%s 这个类设定了样式，该级别的卡片会用上这个类").Text(word)
}

func totalRow(word, zh string) diag.Text {
	return diag.M("a row whose town is %s is read as a total row (%s) and skipped", "专业镇一格写 %s 的行会按合计行（%s）读取并跳过").Text(word, zh)
}

func noteRow(word string) diag.Text {
	return diag.M("a row starting with %s is read as the notes under a table", "以 %s 开头的行会按表下的注释读取").Text(word)
}

// ReservedID says why id cannot be the id of a kind ("tier", "town" or
// "indicator"); ok is false when it can.
func ReservedID(kind, id string) (why diag.Text, ok bool) {
	why, ok = reservedIDs[kind][id]
	return why, ok
}
