package build

import (
	"crypto/sha256"
	"fmt"
	"io"
	"strings"

	"github.com/townpress/townpress/internal/export"
	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/render"
)

// exportAll puts the download files out: per language edition the report
// workbooks; shared by both, the whole dataset (xlsx, CSV per table,
// data.json, datapackage.json) and every town's CSV and xlsx. It returns
// what the downloads pages list and each file's SHA-256 for the checksums,
// so no download stays in memory once written. Workbooks are made on all
// cores; the list keeps a fixed order.
func exportAll(r *render.Renderer, out output.Sink) ([]render.Download, map[string][32]byte, error) {
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
	err := each(len(jobs), func(k int) error {
		j := jobs[k]
		list[k] = j.d
		if j.write != nil {
			size, sum, err := output.EmitFile(out, j.d.Path, j.write)
			list[k].Size, digests[k] = size, sum
			if err != nil {
				return fmt.Errorf("export %s: %w", j.d.Path, err)
			}
			return nil
		}
		b, err := j.make()
		if err != nil {
			return fmt.Errorf("export %s: %w", j.d.Path, err)
		}
		list[k].Size = int64(len(b))
		digests[k] = sha256.Sum256(b)
		return out.Put(j.d.Path, b)
	})
	if err != nil {
		return nil, nil, err
	}
	sums := make(map[string][32]byte, len(jobs))
	for k, d := range list {
		sums[d.Path] = digests[k]
	}
	return list, sums, nil
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
