package build

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/export"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/render"
)

// exportAll adds the download files to files: per language edition the
// report workbooks; shared by both, the whole dataset (xlsx, CSV per table,
// data.json, datapackage.json) and every town's CSV and xlsx. It returns
// what the downloads pages list. Workbooks are made on all cores; the list
// keeps a fixed order.
func exportAll(r *render.Renderer, files map[string][]byte) ([]render.Download, error) {
	site := r.Site
	type job struct {
		d    render.Download
		make func() ([]byte, error)
	}
	var jobs []job
	for _, lang := range r.Langs {
		for _, y := range site.ReportYears() {
			rep := &export.Report{Site: site, Lang: lang, Year: y}
			jobs = append(jobs, job{
				render.Download{Path: lang.Prefix + fmt.Sprintf("downloads/report-%d.xlsx", y), Kind: "report-xlsx", Lang: lang.Code, Year: y, Group: "reports"},
				func() ([]byte, error) { return export.Workbook(rep.Props(), rep.Tables()) },
			})
		}
	}
	jobs = append(jobs, job{render.Download{Path: "downloads/townpress-data.xlsx", Kind: "data-xlsx", Group: "data"},
		func() ([]byte, error) { return export.DataWorkbook(site) }})
	tables := export.DataTables(site)
	var paths []string
	for _, t := range tables {
		p := "data/" + t.Name + ".csv"
		paths = append(paths, p)
		jobs = append(jobs, job{render.Download{Path: "downloads/" + p, Kind: "csv", Name: t.Name, Group: "data"},
			func() ([]byte, error) { return export.CSV(t), nil }})
	}
	jobs = append(jobs,
		job{render.Download{Path: "downloads/data.json", Kind: "data-json", Group: "data"},
			func() ([]byte, error) { return export.DataJSON(site) }},
		job{render.Download{Path: "downloads/datapackage.json", Kind: "datapackage", Group: "data"},
			func() ([]byte, error) { return export.DataPackage(site, tables, paths) }})
	for _, town := range site.Towns {
		jobs = append(jobs,
			job{render.Download{Path: "downloads/towns/" + town.ID + ".csv", Kind: "town-csv", Town: town, Group: "towns"},
				func() ([]byte, error) { return export.CSV(export.TownTable(site, town)), nil }},
			job{render.Download{Path: "downloads/towns/" + town.ID + ".xlsx", Kind: "town-xlsx", Town: town, Group: "towns"},
				func() ([]byte, error) { return export.TownWorkbook(site, town) }})
	}

	out := make([][]byte, len(jobs))
	errs := make([]error, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for k := int(next.Add(1)) - 1; k < len(jobs); k = int(next.Add(1)) - 1 {
				if out[k], errs[k] = jobs[k].make(); errs[k] != nil {
					errs[k] = fmt.Errorf("export %s: %w", jobs[k].d.Path, errs[k])
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	list := make([]render.Download, len(jobs))
	for k, j := range jobs {
		files[j.d.Path] = out[k]
		j.d.Size = int64(len(out[k]))
		list[k] = j.d
	}
	return list, nil
}

// chartFiles writes, next to a page, each chart's numbers as CSV and a
// small JSON saying what they are, for readers who want a chart's data
// without the whole dataset.
func chartFiles(p *render.Page, files map[string][]byte) error {
	dir := path.Dir(p.FullPath())
	for _, c := range p.Charts() {
		csvPath, metaPath := path.Join(dir, c.ID+".csv"), path.Join(dir, c.ID+".json")
		if _, dup := files[csvPath]; dup {
			return fmt.Errorf("chart data %s: two charts write the same file", csvPath)
		}
		rows := make([][]string, len(c.Table.Rows))
		for i, r := range c.Table.Rows {
			rows[i] = append([]string{r.Header}, r.Data...)
		}
		files[csvPath] = export.Records(c.Table.Head, rows)
		meta, err := chartMeta(p.Lang, p, c)
		if err != nil {
			return err
		}
		files[metaPath] = meta
	}
	return nil
}

func chartMeta(lang *i18n.Lang, p *render.Page, c *chart.Chart) ([]byte, error) {
	cfg := p.Site.Config.Site
	var notes []string
	if cfg.SampleData {
		notes = append(notes, lang.T("sample_data")+": "+lang.T("sample_data_note"))
	}
	if n := lang.Pick(cfg.Note, cfg.NoteEn); n != "" {
		notes = append(notes, n)
	}
	notes = append(notes, lang.T("note_missing"))
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
	}{c.Title, c.Unit, c.Decimals, c.Source, cfg.SampleData, notes, lang.Code, c.ID + ".csv", path.Base(p.FullPath()), c.Table.Head}
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.ID, err)
	}
	return append(b, '\n'), nil
}

// finishDownloads lists the checksums of each edition's downloads folder
// and renders the downloads pages, once every listed file (PDFs included)
// exists. The files it makes are returned to be written.
func finishDownloads(r *render.Renderer, list []render.Download, files map[string][]byte) (map[string][]byte, error) {
	out := map[string][]byte{}
	// Shared files live in downloads/, an edition's own in <prefix>downloads/.
	for _, lang := range r.Langs {
		dir := lang.Prefix + "downloads/"
		sums := map[string][]byte{}
		for _, d := range list {
			if strings.HasPrefix(d.Path, dir) && (lang.Prefix != "" || d.Lang == "" || d.Lang == lang.Code) {
				sums[strings.TrimPrefix(d.Path, dir)] = files[d.Path]
			}
		}
		if len(sums) == 0 {
			continue
		}
		b := export.SHA256Sums(sums)
		out[dir+"SHA256SUMS"] = b
		list = append(list, render.Download{Path: dir + "SHA256SUMS", Size: int64(len(b)), Kind: "sums", Lang: lang.Code, Group: "checks"})
	}
	r.Downloads = list
	for _, p := range r.Pages() {
		if p.Kind != "downloads" {
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
