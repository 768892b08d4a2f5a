package store_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/internal/benchledger"
	"github.com/kehu-app/kehu/store"
)

// BenchmarkTableRegradeMemory is the table's background regrade on a new
// day (RegradeAll, as tui/regrade.go runs it) nine days after the cached
// ledger was graded, measured for memory: the process's peak anonymous
// resident memory while it runs (Go heap and SQLite's own allocations,
// which the Go heap does not count), and the peak Go heap in use.
func BenchmarkTableRegradeMemory(b *testing.B) {
	src := benchStore(b)
	ctx := context.Background()
	day := benchledger.Now.AddDate(0, 0, 9)
	var peakAnon, peakHeap uint64
	var changed int
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "copy"+strconv.Itoa(i)+".db")
		if err := src.Backup(ctx, path); err != nil {
			b.Fatal(err)
		}
		st, err := store.Open(path, store.WithClock(func() time.Time { return day }))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		stop, done := make(chan struct{}), make(chan [2]uint64)
		go samplePeaks(stop, done)
		b.StartTimer()
		cpu0 := cpuTime()
		rep, err := st.RegradeAll(ctx, store.ReasonCuts)
		cpu += cpuTime() - cpu0
		b.StopTimer()
		close(stop)
		peaks := <-done
		peakAnon, peakHeap = max(peakAnon, peaks[0]), max(peakHeap, peaks[1])
		changed = rep.Changed
		if err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(peakAnon)/(1<<20), "peak-anon-MB")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(changed), "changed")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// samplePeaks samples the process's anonymous resident memory and Go heap
// every 20 ms until stop closes, then sends their peaks on done.
func samplePeaks(stop <-chan struct{}, done chan<- [2]uint64) {
	var peaks [2]uint64
	for {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peaks[0], peaks[1] = max(peaks[0], rssAnon()), max(peaks[1], m.HeapInuse)
		select {
		case <-stop:
			done <- peaks
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// rssAnon is the process's anonymous resident memory in bytes (0 where
// /proc is missing).
func rssAnon() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "RssAnon:" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
