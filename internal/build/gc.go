package build

import (
	"os"
	"runtime/debug"
)

// TuneGC sets the collector for a build, unless GOGC or GOMEMLIMIT say
// otherwise. A build keeps little alive (the model: about 400 MB at 40,000
// towns) while it allocates gigabytes of short-lived page text, so the
// default of collecting whenever the heap doubles spends a fifth of the time
// collecting. Collect at five times the live heap instead, but never let the
// heap pass 1.5 GiB, which keeps a national build under 2 GiB of memory.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1536 << 20)
	}
}
