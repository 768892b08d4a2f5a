package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/kehu-app/kehu/demo"
	"github.com/kehu-app/kehu/store"
)

// A regrade right after another changes nothing (the packed tier_in column
// round-trips every value), and a bulk load into an empty ledger leaves the
// same indexes and answers as row-by-row writes would.
func TestDemoRegradeIsStable(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)
	st, err := store.Open(filepath.Join(t.TempDir(), "l.db"), store.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := demo.Generate(ctx, st, demo.Options{Customers: 500, Seed: 4, Now: now}); err != nil {
		t.Fatal(err)
	}
	if h, _ := st.GradeHistory(ctx, 0, "", 10); len(h) != 0 {
		t.Errorf("the demo's first grades were recorded as %d grade changes", len(h))
	}
	rep, err := st.RegradeAll(ctx, "again")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Customers != 500 || rep.Changed != 0 {
		t.Errorf("second regrade: %d customers, %d changed; want 500, 0", rep.Customers, rep.Changed)
	}
	// The indexes dropped for the load are back: sorted windows use them.
	rows, err := st.Window(ctx, store.Query{Sort: []store.SortKey{{Key: "total_spend", Desc: true}}, Columns: []string{"total_spend"}}, 0, 5)
	if err != nil || len(rows) != 5 {
		t.Fatalf("window: %v %v", rows, err)
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Values[0].(int64) > rows[i-1].Values[0].(int64) {
			t.Errorf("not sorted by spend: %v", rows)
		}
	}
	// Every grade counts: A, B and C exist in a Pareto-skewed shop, D are the prospects.
	for _, g := range []string{"A", "B", "C", "D"} {
		if n, _ := st.Count(ctx, store.Query{Filter: "grade=" + g}); n == 0 {
			t.Errorf("no customer graded %s in the demo shop", g)
		}
	}
	// Ten days later the window moves; regrading then again is stable too.
	now = now.AddDate(0, 0, 10)
	if _, err := st.RegradeAll(ctx, "later"); err != nil {
		t.Fatal(err)
	}
	if rep, _ := st.RegradeAll(ctx, "later again"); rep.Changed != 0 {
		t.Errorf("regrade after moving the window, twice: %d changed", rep.Changed)
	}
}
