// Command genscale writes a synthetic site of any size in the format of the
// sample site, for measuring and profiling builds at scale:
//
//	go run ./cmd/genscale -towns 40000 -out /tmp/scale
//	go run . build -config /tmp/scale/config.toml -out /tmp/scale/public
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/townpress/townpress/internal/scalegen"
)

func main() {
	var o scalegen.Options
	out := flag.String("out", "scale-site", "folder to write config.toml and data/ into")
	flag.IntVar(&o.Towns, "towns", 40000, "number of towns")
	flag.IntVar(&o.Counties, "counties", 300, "number of counties")
	flag.IntVar(&o.Years, "years", 10, "number of years")
	flag.IntVar(&o.Indicators, "indicators", 12, "number of indicators (at most 12)")
	flag.Uint64Var(&o.Seed, "seed", 1, "random seed; the same seed writes the same workbooks")
	flag.Parse()
	towns, err := scalegen.Generate(*out, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genscale:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d towns to %s\n", len(towns), *out)
}
