package build

import (
	"crypto/sha256"
	"io"
	"io/fs"
	"os"
	"sync"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/sitefs"
)

// inputKey is the digest of every input of the build but the towns'
// rows: this program, the config, the site's layouts, its release store,
// the base map, the options that change pages, and what the model holds
// besides the towns (model.Digest.Shared). Keys of files (output.Key)
// start from it, so a change to any of these makes every keyed file
// again; the zero key, when the program cannot read itself, keys none.
func inputKey(opts Options, in *sitefs.FS, configName string, site *model.Site, baseMap []byte, pdf, images bool) [32]byte {
	exe := programSum()
	if exe == ([32]byte{}) {
		return [32]byte{}
	}
	d := model.NewDigest()
	d.Str("townpress keys 1")
	d.Bytes(exe[:])
	cfg, err := fs.ReadFile(configFiles(in), configName)
	if err != nil {
		return [32]byte{}
	}
	d.Bytes(cfg)
	d.Str(site.Config.Site.BaseURL) // -base-url overrides the config's
	d.Bool(pdf)
	d.Bool(images)
	d.Bool(opts.next)
	d.Bytes(baseMap)
	if !folderSum(d, in, "layouts") {
		return [32]byte{}
	}
	if !folderSum(d, in, site.Config.StoreDir()) {
		return [32]byte{}
	}
	d.Shared(site)
	return d.Sum()
}

// folderSum writes the names and bytes of every file under dir (none
// when it does not exist); false when one cannot be read.
func folderSum(d *model.Digest, in *sitefs.FS, dir string) bool {
	if _, err := in.Stat(dir); err != nil {
		d.Str("-")
		return true
	}
	ok := true
	fs.WalkDir(in, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			ok = false
			return fs.SkipAll
		}
		if e.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(in, p)
		if err != nil {
			ok = false
			return fs.SkipAll
		}
		d.Str(p)
		d.Bytes(b)
		return nil
	})
	return ok
}

var programOnce = sync.OnceValue(func() [32]byte {
	var sum [32]byte
	exe, err := os.Executable()
	if err != nil {
		return sum
	}
	f, err := os.Open(exe)
	if err != nil {
		return sum
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum
	}
	h.Sum(sum[:0])
	return sum
})

// programSum is the SHA-256 of this program's file: a new townpress (or
// a test binary) makes every keyed file again.
func programSum() [32]byte { return programOnce() }
