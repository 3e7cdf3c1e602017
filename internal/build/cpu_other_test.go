//go:build !unix

package build

import "time"

func cpuTime() time.Duration { return 0 }
