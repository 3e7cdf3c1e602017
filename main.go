// Command townpress builds a static statistics portal about specialty towns
// from spreadsheets and a TOML config. See the README, or run
// `townpress -h`, for the commands.
package main

import (
	"os"
	"runtime/debug"

	"github.com/townpress/townpress/internal/cli"
)

func main() {
	tuneGC()
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC trades memory the build has for collector time it lacks: a
// national build spends about a tenth of its CPU collecting, most of it
// while the live heap is far below the machine's memory. The heap may
// grow to three times the live data rather than Go's two, under a soft
// limit of 1.7 GiB that keeps a 40,000-town build's peak under 2 GiB
// (it was at 2 GiB without it). GOGC and GOMEMLIMIT in the environment
// still decide where they are set.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1700 << 20)
	}
}
