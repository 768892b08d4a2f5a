package store

import (
	"context"
	"math"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// memLimitRecorder stands in for debug.SetMemoryLimit: it records every
// call and answers with the limit it holds.
type memLimitRecorder struct {
	mu    sync.Mutex
	limit int64
	calls []int64
}

func (r *memLimitRecorder) set(v int64) int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, v)
	prev := r.limit
	if v >= 0 {
		r.limit = v
	}
	return prev
}

// A store opened WithCopyMemoryLimit lowers the soft memory limit while its
// filter copy is built, to what the copy of its customers needs above the
// heap in use, and puts the limit back afterwards; a limit already lower is
// left alone.
func TestCopyBuildHoldsTheHeapNearTheCopy(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start int64
		lower bool
	}{
		{"no limit before", math.MaxInt64, true},
		{"a lower limit before", 1 << 20, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &memLimitRecorder{limit: tc.start}
			st, err := Open(filepath.Join(t.TempDir(), "ledger.db"), WithClock(func() time.Time { return fixedNow }), WithCopyMemoryLimit(rec.set))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for _, n := range []string{"王芳", "李雷", "张伟"} {
				mustAdd(t, st, map[string]string{"name": n})
			}
			ctx := context.Background()
			if err := st.EnableFastQueries(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := st.WaitFastQueries(ctx); err != nil {
				t.Fatal(err)
			}
			// the build puts the limit back before it publishes the copy
			rec.mu.Lock()
			calls, limit := rec.calls, rec.limit
			rec.mu.Unlock()
			if !tc.lower {
				if len(calls) != 1 || calls[0] != -1 {
					t.Fatalf("with a lower limit already, the build called the setter with %v, want only a read (-1)", calls)
				}
				return
			}
			if len(calls) != 3 || calls[0] != -1 || calls[2] != tc.start {
				t.Fatalf("setter calls %v, want a read (-1), the build's limit, then %d back", calls, tc.start)
			}
			// three customers: the heap in use plus 3×200 bytes plus 32 MiB
			// of headroom, far below no limit at all
			if got := calls[1]; got < 32<<20+3*200 || got >= 1<<40 {
				t.Fatalf("the build's limit is %d bytes, want the heap in use + 32 MiB + 600", got)
			}
			if limit != tc.start {
				t.Fatalf("limit after the build %d, want %d back", limit, tc.start)
			}
		})
	}
}
