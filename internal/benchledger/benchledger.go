// Package benchledger provides generated demo ledgers for benchmarks,
// cached on disk by size so a million-customer ledger is built once.
package benchledger

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/kehu-app/kehu/demo"
	"github.com/kehu-app/kehu/store"
)

// Now is the fixed "today" of every benchmark ledger.
var Now = time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)

// Size is the ledger size benchmarks use: $KEHU_BENCH_N, else def.
func Size(def int) int {
	if v := os.Getenv("KEHU_BENCH_N"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
	}
	return def
}

// Dir is the cache folder: $KEHU_BENCH_CACHE, else .cache at the module root.
func Dir() string {
	if d := os.Getenv("KEHU_BENCH_CACHE"); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return filepath.Join(os.TempDir(), "kehu-bench")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", ".cache")
}

// Path returns the path of a cached demo ledger of n customers (seed 1),
// generating it first if needed. Progress goes to log (may be nil).
func Path(n int, log io.Writer) (string, error) {
	dir := Dir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("bench cache: %w", err)
	}
	path := filepath.Join(dir, fmt.Sprintf("bench-%d.db", n))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	// Each builder writes its own file: two benchmark runs that start at
	// once must not delete each other's work. The last rename wins; both
	// files are the same ledger.
	tmp := fmt.Sprintf("%s.building-%d", path, os.Getpid())
	st, err := store.Open(tmp, store.WithClock(func() time.Time { return Now }))
	if err != nil {
		return "", err
	}
	start := time.Now()
	stats, err := demo.Generate(context.Background(), st, demo.Options{Customers: n, Seed: 1, Now: Now})
	if err != nil {
		st.Close()
		return "", err
	}
	if err := st.Checkpoint(context.Background()); err != nil {
		st.Close()
		return "", err
	}
	if err := st.Close(); err != nil {
		return "", err
	}
	if log != nil {
		fmt.Fprintf(log, "generated %s: %d customers, %d purchases in %s\n", path, stats.Customers, stats.Purchases, time.Since(start).Round(time.Second))
	}
	return path, os.Rename(tmp, path)
}

// Open opens the cached ledger of n customers with the benchmark clock.
func Open(n int, log io.Writer) (*store.Store, error) {
	p, err := Path(n, log)
	if err != nil {
		return nil, err
	}
	return store.Open(p, store.WithClock(func() time.Time { return Now }))
}
