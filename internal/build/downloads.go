package build

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/export"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/render"
)

// exportAll puts the download files out: per language edition the report
// workbooks; shared by both, the whole dataset (xlsx, CSV per table,
// data.json, datapackage.json) and every town's CSV and xlsx. It returns
// what the downloads pages list and each file's SHA-256 for the checksums,
// so no download stays in memory once written. Workbooks are made on all
// cores; the list keeps a fixed order.
func exportAll(r *render.Renderer, out sink) ([]render.Download, map[string][32]byte, error) {
	site := r.Site
	// A job either makes a small file's bytes (make) or writes a large
	// file as it is made (write), to disk when out can take it so.
	type job struct {
		d     render.Download
		make  func() ([]byte, error)
		write func(io.Writer) error
	}
	var jobs []job
	for _, lang := range r.Langs {
		for _, y := range site.ReportYears() {
			rep := &export.Report{Site: site, Lang: lang, Year: y}
			jobs = append(jobs, job{
				d:     render.Download{Path: lang.Prefix + fmt.Sprintf("downloads/report-%d.xlsx", y), Kind: render.ReportXLSXFile, Lang: lang.Code, Year: y, Group: render.ReportFiles},
				write: func(w io.Writer) error { return export.WriteWorkbook(w, rep.Props(), rep.Tables()) },
			})
		}
	}
	jobs = append(jobs, job{d: render.Download{Path: "downloads/townpress-data.xlsx", Kind: render.DataXLSXFile, Group: render.DataFiles},
		write: func(w io.Writer) error { return export.WriteDataWorkbook(w, site) }})
	tables := export.DataTables(site)
	var paths []string
	for _, t := range tables {
		p := "data/" + t.Name + ".csv"
		paths = append(paths, p)
		jobs = append(jobs, job{d: render.Download{Path: "downloads/" + p, Kind: render.CSVFile, Name: t.Name, Group: render.DataFiles},
			write: func(w io.Writer) error { return export.WriteCSV(w, t) }})
	}
	jobs = append(jobs,
		job{d: render.Download{Path: "downloads/data.json", Kind: render.DataJSONFile, Group: render.DataFiles},
			write: func(w io.Writer) error { return export.WriteDataJSON(w, site) }},
		job{d: render.Download{Path: "downloads/datapackage.json", Kind: render.DataPackageFile, Group: render.DataFiles},
			make: func() ([]byte, error) { return export.DataPackage(site, tables, paths) }})
	for _, town := range site.Towns {
		jobs = append(jobs,
			job{d: render.Download{Path: "downloads/towns/" + town.ID + ".csv", Kind: render.TownCSVFile, Town: town, Group: render.TownFiles},
				make: func() ([]byte, error) { return export.CSV(export.TownTable(site, town)), nil }})
		if site.Config.WantTownWorkbooks() {
			jobs = append(jobs,
				job{d: render.Download{Path: "downloads/towns/" + town.ID + ".xlsx", Kind: render.TownXLSXFile, Town: town, Group: render.TownFiles},
					make: func() ([]byte, error) { return export.TownWorkbook(site, town) }})
		}
	}

	list := make([]render.Download, len(jobs))
	digests := make([][32]byte, len(jobs))
	errs := make([]error, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for k := int(next.Add(1)) - 1; k < len(jobs); k = int(next.Add(1)) - 1 {
				j := jobs[k]
				list[k] = j.d
				if j.write != nil {
					size, sum, err := emitFile(out, j.d.Path, j.write)
					if err != nil {
						errs[k] = fmt.Errorf("export %s: %w", j.d.Path, err)
					}
					list[k].Size, digests[k] = size, sum
					continue
				}
				b, err := j.make()
				if err != nil {
					errs[k] = fmt.Errorf("export %s: %w", j.d.Path, err)
					continue
				}
				list[k].Size = int64(len(b))
				digests[k] = sha256.Sum256(b)
				errs[k] = out.put(j.d.Path, b)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	sums := make(map[string][32]byte, len(jobs))
	for k, d := range list {
		sums[d.Path] = digests[k]
	}
	return list, sums, nil
}

// chartFiles writes, next to a page, each chart's numbers as CSV and a
// small JSON saying what they are, for readers who want a chart's data
// without the whole dataset.
func chartFiles(site *model.Site, p *render.Page, charts []*chart.Chart, out sink) error {
	dir := path.Dir(p.FullPath())
	// A sample site's chart CSV says so on every row, in a last column,
	// as the dataset's CSV files do: forwarded alone it keeps the mark.
	mark := ""
	if site.Config.Site.SampleData {
		mark = p.Lang.T("sample_data")
	}
	for _, c := range charts {
		csvPath, metaPath := path.Join(dir, c.ID+".csv"), path.Join(dir, c.ID+".json")
		head := chartColumns(c)
		rows := make([][]string, len(c.Table.Rows))
		for i, r := range c.Table.Rows {
			rows[i] = append([]string{r.Header}, r.Data...)
			if mark != "" {
				rows[i] = append(rows[i], mark)
			}
		}
		if mark != "" {
			head = append(slices.Clip(head), p.Lang.T("wb_note_col"))
		}
		meta, err := chartMeta(site, p, c, head)
		if err != nil {
			return err
		}
		for name, b := range map[string][]byte{csvPath: export.Records(head, rows), metaPath: meta} {
			if err := out.put(name, b); errors.Is(err, errTaken) {
				return fmt.Errorf("chart data %s: two charts write the same file", name)
			} else if err != nil {
				return err
			}
		}
	}
	return nil
}

// chartColumns are the columns of a chart's data file: its table's, or
// where the data splits a cell (a coverage of 12/13 is two numbers), its
// own.
func chartColumns(c *chart.Chart) []string {
	if c.Table.DataHead != nil {
		return c.Table.DataHead
	}
	return c.Table.Head
}

func chartMeta(site *model.Site, p *render.Page, c *chart.Chart, columns []string) ([]byte, error) {
	cfg, lang := site.Config.Site, p.Lang
	var notes []string
	if cfg.SampleData {
		notes = append(notes, lang.T("sample_data")+": "+lang.T("sample_data_note"))
	}
	if n := lang.Pick(cfg.Note, cfg.NoteEn); n != "" {
		notes = append(notes, n)
	}
	notes = append(notes, lang.T("note_missing"))
	notes = append(notes, c.Footnotes...)
	meta := struct {
		Title      string   `json:"title"`
		Unit       string   `json:"unit"`
		Decimals   int      `json:"decimals"`
		Source     string   `json:"source"`
		SampleData bool     `json:"sample_data"`
		Notes      []string `json:"notes"`
		Language   string   `json:"language"`
		Data       string   `json:"data"`
		Page       string   `json:"page"`
		Columns    []string `json:"columns"`
	}{c.Title, c.Unit, c.Decimals, c.Source, cfg.SampleData, notes, lang.Code, c.ID + ".csv", path.Base(p.FullPath()), columns}
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.ID, err)
	}
	return append(b, '\n'), nil
}

// finishDownloads lists the checksums of each edition's downloads folder
// and renders the downloads pages, once every listed file (PDFs included)
// exists; sums holds each listed file's SHA-256. The files it makes are
// returned to be written.
func finishDownloads(r *render.Renderer, list []render.Download, sums map[string][32]byte) (map[string][]byte, error) {
	out := map[string][]byte{}
	// Shared files live in downloads/, an edition's own in <prefix>downloads/.
	for _, lang := range r.Langs {
		dir := lang.Prefix + "downloads/"
		listed := map[string][32]byte{}
		for _, d := range list {
			if strings.HasPrefix(d.Path, dir) && (lang.Prefix != "" || d.Lang == "" || d.Lang == lang.Code) {
				listed[strings.TrimPrefix(d.Path, dir)] = sums[d.Path]
			}
		}
		if len(listed) == 0 {
			continue
		}
		b := export.SHA256SumsOf(listed)
		out[dir+"SHA256SUMS"] = b
		list = append(list, render.Download{Path: dir + "SHA256SUMS", Size: int64(len(b)), Kind: render.SumsFile, Lang: lang.Code, Group: render.CheckFiles})
	}
	r.Downloads = list
	for _, p := range r.Pages() {
		if p.Kind != render.DownloadsPage {
			continue
		}
		b, err := r.Render(p)
		if err != nil {
			return nil, err
		}
		out[p.FullPath()] = b
	}
	return out, nil
}
