//go:build unix

package benchledger

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// CPUTime is the CPU time (user + system) this process has used so far. On
// a shared machine it is the figure to trust: wall time grows with the load,
// CPU time does not.
func CPUTime() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ReportCPU adds the process's CPU time per operation since start to a
// benchmark's results, as cpu-ns/op (every goroutine counts: the garbage
// collector, and the background reads an operation waits for).
func ReportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(CPUTime()-start)/float64(b.N), "cpu-ns/op")
	}
}
