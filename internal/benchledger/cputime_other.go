//go:build !unix

package benchledger

import (
	"testing"
	"time"
)

// CPUTime is unknown here: 0.
func CPUTime() time.Duration { return 0 }

// ReportCPU reports nothing where CPU time is unknown.
func ReportCPU(*testing.B, time.Duration) {}
