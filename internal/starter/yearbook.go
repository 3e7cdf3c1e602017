package starter

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"

	"github.com/townpress/townpress/internal/yearbook"
)

// YearbookWorkbook is where the yearbook starter's workbook goes.
const YearbookWorkbook = "data/yearbook.xlsx"

// yearbookConfig is the yearbook starter's config: what a site needs to
// read a bureau's yearbook table as it is kept, and no more.
var yearbookConfig = `# townpress: a statistics bureau's yearbook table, read as it is kept.
# 把统计局年鉴式的表格直接放进 data/，不用改成 townpress 的格式。
#
# data/yearbook.xlsx is an example of such a table (示例数据): a merged
# title, two header rows (indicators merged over their years, then 2023年 |
# 2024年 | 增长%), a unit row, towns printed as 大　良①, 全区 and 其中 rows,
# notes. To use your own yearbook workbook:
#
#  1. Put the workbook in data/ (an .xls: soffice --headless --convert-to xlsx).
#  2. Name its table's sheet under [sheets] values below, as the tab says.
#  3. Give each indicator of the table an [[indicators]] block whose name
#     is the header as printed (or add the header to aliases), with its unit.
#  4. Add a sheet 专业镇名录 with a 名称 and a 级别 column (and 别名 for the
#     short names the table prints, such as 大良 for 大良街道); no 编号 is
#     needed: ids are made from the names.
#  5. Run townpress check -explain: it shows, column by column, what was
#     read; hold it against your sheet. Then townpress serve.
#
# The README ("The spreadsheets") lists every layout and key.
` + yearbook.ConfigBody

// WriteYearbook writes a starter site whose data is a yearbook table (see
// internal/yearbook), with a config that says how to point it at one's own
// workbook. It refuses a folder that is not empty unless force is set, as
// Write does, and returns the files written, relative to dir, sorted.
func WriteYearbook(dir string, force bool) ([]string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 && !force {
		return nil, fmt.Errorf("%s: %w (use -force to write into it anyway)", dir, ErrNotEmpty)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	books, err := yearbook.Workbooks()
	if err != nil {
		return nil, fmt.Errorf("example workbook: %w", err)
	}
	readme, err := files.ReadFile("files/layouts/README.md")
	if err != nil {
		return nil, err
	}
	ignore, err := files.ReadFile("files/gitignore")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{
		"config.toml":       []byte(yearbookConfig),
		YearbookWorkbook:    books["yearbook.xlsx"],
		"layouts/README.md": readme,
		".gitignore":        ignore,
	}
	var written []string
	for rel, b := range out {
		if err := writeFile(dir, rel, b); err != nil {
			return nil, err
		}
		written = append(written, rel)
	}
	sort.Strings(written)
	return written, nil
}
