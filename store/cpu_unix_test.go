//go:build unix

package store_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) this process has used so far:
// on a machine other processes share, the steadier measure of work done.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
