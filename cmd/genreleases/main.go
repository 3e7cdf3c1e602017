// Command genreleases writes the sample site's release store, releases/,
// from two versions of its workbook, so that the store can be made again
// whenever the sample changes:
//
//   - 2024-preliminary (2025-03-31, 2024年年报 初步数): the workbook as it
//     was first published, every 2024 figure provisional (a note row says
//     2024年数据为初步数) and the 2024 output of the first three towns
//     3% lower, the 合计 row with them;
//   - 2024-revised (2025-09-30, 2024年年报 修订): the workbook in data/ as
//     it is, whose 2024 figures are still provisional but for the output
//     of those three towns, revised and final.
//
// Each release is made by `townpress release` in a copy of the site, as an
// official would make it; the store is then put in place of releases/.
//
// Usage (from the repository root, after go run ./cmd/gensample):
//
//	go run ./cmd/genreleases [-site .]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/cli"
	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/diag"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/source"
)

func main() {
	site := flag.String("site", ".", "the sample site's folder: config.toml, data/ and releases/")
	flag.Parse()
	if err := run(*site, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "genreleases:", err)
		os.Exit(1)
	}
}

// The revised year, and how much lower its first figures were.
const (
	revisedYear = 2024
	revisedRuns = 3 // towns whose output is revised
)

// The two releases, as `townpress release` is given them.
var releases = [][]string{
	{"-id", "2024-preliminary", "-date", "2025-03-31", "-title", "2024年年报 初步数", "-title-en", "2024 annual report, preliminary figures",
		"-reason", "scheduled", "-note", "2024年数据为初步数，将于2025年9月公布最终核实数。", "-note-en", "The 2024 figures are preliminary; the final figures follow in September 2025."},
	{"-id", "2024-revised", "-date", "2025-09-30", "-title", "2024年年报 修订", "-title-en", "2024 annual report, revised",
		"-reason", "scheduled", "-note", "清徐老陈醋、小店区电机、中北高新区不锈钢三个专业镇2024年的工业产值经核实后修订，为最终核实数；其余2024年数据仍为初步数。",
		"-note-en", "The 2024 industrial output of three towns was revised on verification and is now final; the other 2024 figures are still preliminary."},
}

func run(siteDir string, log io.Writer) error {
	cfgPath := filepath.Join(siteDir, "config.toml")
	raw, err := os.ReadFile(cfgPath)
	if err != nil {
		return err
	}
	cfg, problems, err := config.Parse("config.toml", raw)
	if err != nil || problems.HasErrors() {
		return errors.Join(err, problems)
	}
	fsys := os.DirFS(siteDir)
	data, problems := source.Read(fsys, cfg)
	if problems.HasErrors() {
		return problems
	}
	site, problems := model.New(cfg, data)
	if problems.HasErrors() {
		return problems
	}
	tmp, err := os.MkdirTemp("", "genreleases-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	work := filepath.Join(tmp, "site")
	for _, dir := range []string{"data", "layouts"} {
		if err := copyTree(filepath.Join(siteDir, dir), filepath.Join(work, dir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(work, "config.toml"), raw, 0o644); err != nil {
		return err
	}
	if err := firstEdition(site, data, work); err != nil {
		return err
	}
	for i, args := range releases {
		if i == 1 {
			// The workbook as it is now.
			if err := copyTree(filepath.Join(siteDir, "data"), filepath.Join(work, "data")); err != nil {
				return err
			}
		}
		full := append([]string{"release", "-config", filepath.Join(work, "config.toml"), "-out", filepath.Join(tmp, "public"), "-quiet", "-lang", "en"}, args...)
		if code := cli.Run(full, log, log); code != 0 {
			return fmt.Errorf("townpress %s exited %d", strings.Join(full, " "), code)
		}
	}
	// The new store replaces the old one whole.
	store := filepath.Join(siteDir, cfg.StoreDir())
	old := store + ".old"
	os.RemoveAll(old)
	if err := os.Rename(store, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := copyTree(filepath.Join(work, cfg.StoreDir()), store); err != nil {
		os.Rename(old, store)
		return err
	}
	return os.RemoveAll(old)
}

// firstEdition rewrites the copy's workbook as first published: a note
// that the year's figures are provisional, the first towns' output 3%
// lower, and the 合计 row less by as much.
func firstEdition(site *model.Site, data *source.Data, work string) error {
	var refs []model.FigureRef
	yi := site.YearIndex(revisedYear)
	for _, t := range site.Towns {
		if len(refs) == revisedRuns {
			break
		}
		if t.Values["output"].At(yi).Valid() {
			refs = append(refs, model.FigureRef{Kind: model.TownValue, Town: t.ID, Indicator: "output", Year: revisedYear})
		}
	}
	// The 合计 row and the 其中 row of each revised town's tier are less
	// by as much as their towns.
	totals := []model.FigureRef{{Kind: model.ScopeTotal, Indicator: "output", Year: revisedYear}}
	for _, r := range refs {
		ref := model.FigureRef{Kind: model.ScopeTotal, Scope: site.Town(r.Town).Tier.ID, Indicator: "output", Year: revisedYear}
		if !slices.Contains(totals, ref) {
			totals = append(totals, ref)
		}
	}
	cells := site.Cells(data, append(slices.Clone(refs), totals...))
	if len(refs) < revisedRuns {
		return fmt.Errorf("the sample has output for %d towns in %d, want %d", len(refs), revisedYear, revisedRuns)
	}
	books := map[string]*excelize.File{}
	open := func(at diag.Loc) (*excelize.File, error) {
		if f := books[at.File]; f != nil {
			return f, nil
		}
		f, err := excelize.OpenFile(filepath.Join(work, filepath.FromSlash(at.File)))
		books[at.File] = f
		return f, err
	}
	lowered := map[string]*num.Sum{"": {}} // by scope: "" for every tier
	for _, r := range refs {
		at, ok := cells[r]
		if !ok {
			return fmt.Errorf("no cell for %+v", r)
		}
		f, err := open(at)
		if err != nil {
			return err
		}
		v := site.Town(r.Town).Values["output"].At(yi).Dec
		q, _ := num.Quo(v, num.Int(100), 97)
		first := q.Round(site.Indicator("output").Decimals, site.Rule)
		tier := site.Town(r.Town).Tier.ID
		if lowered[tier] == nil {
			lowered[tier] = &num.Sum{}
		}
		lowered[""].Add(num.Sub(v, first))
		lowered[tier].Add(num.Sub(v, first))
		if err := f.SetCellValue(at.Sheet, at.Cell, first.String()); err != nil {
			return err
		}
		// First published, the figure was provisional like the rest of
		// its year: no 最终核实 in its status column.
		if err := clearStatus(f, at); err != nil {
			return err
		}
		// Every sheet of the year says its figures are provisional, in
		// its note row.
		if err := noteProvisional(f, at.Sheet); err != nil {
			return err
		}
	}
	for _, total := range totals {
		at, ok := cells[total]
		if !ok {
			continue
		}
		f, err := open(at)
		if err != nil {
			return err
		}
		tiers := site.Tiers
		for _, t := range site.Tiers {
			if t.ID == total.Scope {
				tiers = []*model.Tier{t}
			}
		}
		tv := site.ScopeFigure(site.Indicator("output"), tiers, yi).Value.Dec
		if err := f.SetCellValue(at.Sheet, at.Cell, num.Sub(tv, lowered[total.Scope].Dec()).String()); err != nil {
			return err
		}
	}
	for name, f := range books {
		if err := f.SaveAs(filepath.Join(work, filepath.FromSlash(name))); err != nil {
			return err
		}
		f.Close()
	}
	return nil
}

// clearStatus empties the output's status column (工业产值状态) in the row
// of the figure at at.
func clearStatus(f *excelize.File, at diag.Loc) error {
	_, row, err := excelize.CellNameToCoordinates(at.Cell)
	if err != nil {
		return err
	}
	rows, err := f.GetRows(at.Sheet)
	if err != nil {
		return err
	}
	for _, r := range rows[:min(len(rows), 10)] {
		for c, text := range r {
			if text == "工业产值状态" {
				name, _ := excelize.CoordinatesToCellName(c+1, row)
				return f.SetCellValue(at.Sheet, name, "")
			}
		}
	}
	return nil
}

// noteProvisional adds "2024年数据为初步数" to the sheet's note row (注：…).
func noteProvisional(f *excelize.File, sheet string) error {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return err
	}
	note := fmt.Sprintf("%d年数据为初步数。", revisedYear)
	for i, row := range rows {
		if len(row) > 0 && strings.HasPrefix(row[0], "注") {
			if strings.Contains(row[0], note) {
				return nil
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			return f.SetCellValue(sheet, cell, row[0]+note)
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, len(rows)+2)
	return f.SetCellValue(sheet, cell, "注："+note)
}

// copyTree copies the folder src into dst, replacing files of the same names.
func copyTree(src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		return err
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
