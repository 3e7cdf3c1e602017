//go:build unix

package sitetest

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time the process has used, user and system, on
// every thread (the garbage collector's included); 0 if unknown. A
// benchmark reports it beside wall time, which a shared machine makes
// unsteady.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
