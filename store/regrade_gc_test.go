package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// With WithRegradeGCPercent, RegradeAll sets the collector's target to 25
// for its run and puts back the one it replaced; without it, it sets
// nothing.
func TestRegradeAllPacesTheCollectorOnlyWhenAllowed(t *testing.T) {
	var calls []int
	current := 100
	set := func(p int) int {
		calls = append(calls, p)
		old := current
		current = p
		return old
	}
	st, err := Open(filepath.Join(t.TempDir(), "ledger.db"), WithClock(func() time.Time { return fixedNow }), WithRegradeGCPercent(set))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mustAdd(t, st, map[string]string{"name": "王芳"})
	calls = nil
	if _, err := st.RegradeAll(context.Background(), ReasonCuts); err != nil {
		t.Fatal(err)
	}
	if want := []int{25, 100}; !slices.Equal(calls, want) {
		t.Errorf("RegradeAll set the collector's target to %v, want %v", calls, want)
	}
	if current != 100 {
		t.Errorf("after RegradeAll the target is %d, want 100 back", current)
	}

	plain := openTest(t)
	mustAdd(t, plain, map[string]string{"name": "李雷"})
	calls = nil
	if _, err := plain.RegradeAll(context.Background(), ReasonCuts); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 0 {
		t.Errorf("a store without the option set the collector's target: %v", calls)
	}
}
