package build

import (
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/townpress/townpress/internal/export"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/output"
	"github.com/townpress/townpress/internal/render"
)

// exportAll puts the download files out: per language edition the report
// workbooks; shared by both, the whole dataset (xlsx, CSV per table,
// data.json, datapackage.json) and every town's CSV and xlsx. It returns
// what the downloads pages list, each file's SHA-256 for the checksums,
// so no download stays in memory once written, and how many files were
// taken from the previous site by their key. Workbooks are made on all
// cores; the list keeps a fixed order.
//
// A download whose key (downloadKeys) is the previous build's is taken
// from the previous site without being made: a report workbook or the
// dataset workbook keyed by the digest of its tables, cheap next to
// excelize writing them; a town's files by the town's row and what every
// town's file shows of the site. data.json and datapackage.json are made
// every build (the bytes decide whether they are written).
//
// A workbook keyed by its tables that the previous site has no keyed file
// of (a first build, a new year) is written with its key made on the way
// (export.WriteWorkbookSum): its rows are digested in the pass that
// measures them for the sheets, not made once more for the key alone.
func exportAll(r *render.Renderer, out output.Sink) ([]render.Download, map[string][32]byte, int, error) {
	site := r.Site
	ks, keyed := out.(output.KeySink)
	keys := downloadKeys{input: r.InputKey()}
	keyed = keyed && !keys.input.IsZero()
	// A job either makes a small file's bytes (make) or writes a large
	// file as it is made (write), to disk when out can take it so. key,
	// when set, is its key, made on the job's worker; it may leave what
	// it made to digest for make or write to use, and done lets go of it.
	// writeKeyed, when set, is write that also returns the file's key,
	// key() made as the file is written: used when no earlier file can
	// be taken by the key.
	type job struct {
		d          render.Download
		make       func() ([]byte, error)
		write      func(io.Writer) error
		writeKeyed func(io.Writer) (output.Key, error)
		key        func() output.Key
		done       func()
	}
	var jobs []job
	for _, lang := range r.Langs {
		for _, y := range site.ReportYears() {
			rep := &export.Report{Site: site, Lang: lang, Year: y}
			path := lang.Prefix + fmt.Sprintf("downloads/report-%d.xlsx", y)
			var props export.Props
			var tables []*export.Table
			made := func() {
				if tables == nil {
					props, tables = rep.Props(), rep.Tables()
				}
			}
			jobs = append(jobs, job{
				d: render.Download{Path: path, Kind: render.ReportXLSXFile, Lang: lang.Code, Year: y, Group: render.ReportFiles},
				write: func(w io.Writer) error {
					made()
					return export.WriteWorkbook(w, props, tables)
				},
				writeKeyed: func(w io.Writer) (output.Key, error) {
					made()
					sum, err := export.WriteWorkbookSum(w, props, tables)
					return keys.of("report workbook", path, sum), err
				},
				key: func() output.Key {
					made()
					return keys.of("report workbook", path, export.WorkbookSum(props, tables, nil))
				},
				done: func() { props, tables = export.Props{}, nil },
			})
		}
	}
	tables := export.DataTables(site)
	// The data tables' digests serve the CSV files and the workbook.
	tableSums := make([]func() export.TableSum, len(tables))
	for i, t := range tables {
		tableSums[i] = sync.OnceValue(t.Sum)
	}
	allSums := func() []export.TableSum {
		out := make([]export.TableSum, len(tableSums))
		for i, s := range tableSums {
			out[i] = s()
		}
		return out
	}
	const dataXLSX = "downloads/townpress-data.xlsx"
	jobs = append(jobs, job{d: render.Download{Path: dataXLSX, Kind: render.DataXLSXFile, Group: render.DataFiles},
		write: func(w io.Writer) error { return export.WriteWorkbook(w, export.DataProps(site), tables) },
		key: func() output.Key {
			return keys.of("data workbook", dataXLSX, export.WorkbookSum(export.DataProps(site), tables, allSums()))
		}})
	var paths []string
	for i, t := range tables {
		p := "data/" + t.Name + ".csv"
		paths = append(paths, p)
		j := job{d: render.Download{Path: "downloads/" + p, Kind: render.CSVFile, Name: t.Name, Group: render.DataFiles},
			write: func(w io.Writer) error { return export.WriteCSV(w, t) }}
		if t.Fill == nil { // a table filled by a workbook is not that in a CSV file
			j.key = func() output.Key { return keys.of("data csv", "downloads/"+p, tableSums[i]().Sum) }
		}
		jobs = append(jobs, j)
	}
	jobs = append(jobs,
		job{d: render.Download{Path: "downloads/data.json", Kind: render.DataJSONFile, Group: render.DataFiles},
			write: func(w io.Writer) error { return export.WriteDataJSON(w, site) }},
		job{d: render.Download{Path: "downloads/datapackage.json", Kind: render.DataPackageFile, Group: render.DataFiles},
			make: func() ([]byte, error) { return export.DataPackage(site, tables, paths) }})
	townSite := sync.OnceValue(func() [32]byte { return export.TownFilesSite(site) })
	townKey := func(kind, path string, town *model.Town) func() output.Key {
		return func() output.Key {
			d := keys.digest(kind, path)
			s := townSite()
			d.Bytes(s[:])
			export.TownFiles(d, town)
			return d.Sum()
		}
	}
	for _, town := range site.Towns {
		csv := "downloads/towns/" + town.ID + ".csv"
		jobs = append(jobs,
			job{d: render.Download{Path: csv, Kind: render.TownCSVFile, Town: town, Group: render.TownFiles},
				make: func() ([]byte, error) { return export.CSV(export.TownTable(site, town)), nil },
				key:  townKey("town csv", csv, town)})
		if site.Config.WantTownWorkbooks() {
			xlsx := "downloads/towns/" + town.ID + ".xlsx"
			jobs = append(jobs,
				job{d: render.Download{Path: xlsx, Kind: render.TownXLSXFile, Town: town, Group: render.TownFiles},
					make: func() ([]byte, error) { return export.TownWorkbook(site, town) },
					key:  townKey("town xlsx", xlsx, town)})
		}
	}

	// The dataset's workbook and JSON, the longest jobs and made again
	// whenever any figure changes, start first: listed in their place,
	// they started after every report, and after a small edit the
	// downloads ended with one of them running alone.
	order := make([]int, 0, len(jobs))
	for k, j := range jobs {
		if j.d.Kind == render.DataXLSXFile || j.d.Kind == render.DataJSONFile {
			order = append(order, k)
		}
	}
	for k, j := range jobs {
		if j.d.Kind != render.DataXLSXFile && j.d.Kind != render.DataJSONFile {
			order = append(order, k)
		}
	}
	list := make([]render.Download, len(jobs))
	digests := make([][32]byte, len(jobs))
	var taken atomic.Int64
	err := eachIn(order, func(k int) error {
		j := jobs[k]
		list[k] = j.d
		if j.done != nil {
			defer j.done()
		}
		// makeTo makes the file into out.
		makeTo := func(out output.Sink) (int64, [32]byte, error) {
			if j.write != nil {
				return output.EmitFile(out, j.d.Path, j.write)
			}
			b, err := j.make()
			if err != nil {
				return 0, [32]byte{}, err
			}
			return int64(len(b)), sha256.Sum256(b), out.Put(j.d.Path, b)
		}
		var key output.Key
		if keyed && j.key != nil && j.writeKeyed != nil && !ks.MayReuse(j.d.Path) {
			// Nothing to take: written, keyed on the way.
			size, sum, err := output.EmitFile(out, j.d.Path, func(w io.Writer) (err error) {
				key, err = j.writeKeyed(w)
				return err
			})
			if err != nil {
				return fmt.Errorf("export %s: %w", j.d.Path, err)
			}
			if CheckKeys {
				// The key made on the way is the one made alone.
				if alone := j.key(); alone != key {
					return fmt.Errorf("export %s: its key made as it was written differs from its key made alone", j.d.Path)
				}
			}
			list[k].Size, digests[k] = size, sum
			ks.Keep(key, j.d.Path)
			return nil
		}
		if keyed && j.key != nil {
			key = j.key()
			if files, ok := ks.Reuse(key); ok {
				// The key holds the path: it took this file, alone.
				if len(files) != 1 || files[0].Name != j.d.Path {
					return fmt.Errorf("export %s: its key took %v", j.d.Path, files)
				}
				taken.Add(1)
				list[k].Size, digests[k] = files[0].Size, files[0].Sum
				if CheckKeys {
					return checkKeyed(j.d.Path, files, func(out output.Sink) error {
						_, _, err := makeTo(out)
						return err
					})
				}
				return nil
			}
		}
		size, sum, err := makeTo(out)
		if err != nil {
			return fmt.Errorf("export %s: %w", j.d.Path, err)
		}
		list[k].Size, digests[k] = size, sum
		if !key.IsZero() {
			ks.Keep(key, j.d.Path)
		}
		return nil
	})
	if err != nil {
		return nil, nil, 0, err
	}
	sums := make(map[string][32]byte, len(jobs))
	for k, d := range list {
		sums[d.Path] = digests[k]
	}
	return list, sums, int(taken.Load()), nil
}

// downloadKeys make the keys of downloads: the build's input key (the
// program, config, layouts, releases and the site's shared figures: see
// inputKey), what the file is, its path, and the digest of what it shows.
type downloadKeys struct{ input output.Key }

func (k downloadKeys) digest(kind, path string) *model.Digest {
	d := model.NewDigest()
	d.Bytes(k.input[:])
	d.Str(kind)
	d.Str(path)
	return d
}

func (k downloadKeys) of(kind, path string, shows [32]byte) output.Key {
	d := k.digest(kind, path)
	d.Bytes(shows[:])
	return d.Sum()
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
