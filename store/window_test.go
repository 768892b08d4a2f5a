package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// The stored window counts follow the clock: purchases leave the window as
// days pass, and a regrade that only moves the window gives the same grades
// as one that scans every purchase.
func TestWindowMovesForward(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)
	clock := func() time.Time { return now }
	path := filepath.Join(t.TempDir(), "l.db")
	st, err := Open(path, WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	a := mustAdd(t, st, map[string]string{"name": "甲"})
	b := mustAdd(t, st, map[string]string{"name": "乙"})
	if _, _, err := st.AddPurchase(ctx, a, PurchaseInput{Amount: "100", Date: "2026-01-10"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddPurchase(ctx, a, PurchaseInput{Amount: "200", Date: "2026-11-01"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddPurchase(ctx, b, PurchaseInput{Amount: "50", Date: "2026-06-01"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RegradeAll(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	win := func(id int64) (n, sum int64) {
		if err := st.db.QueryRow("SELECT win_count, win_spend FROM customers WHERE id = ?", id).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		return
	}
	if n, sum := win(a); n != 2 || sum != 30000 {
		t.Fatalf("window of a = %d, %d", n, sum)
	}
	// Two months on, January's purchase has left the window.
	now = now.AddDate(0, 2, 0)
	if _, err := st.RegradeAll(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	if n, sum := win(a); n != 1 || sum != 20000 {
		t.Errorf("after two months, window of a = %d, %d; want 1, 20000", n, sum)
	}
	incremental, _ := st.Window(ctx, Query{Columns: []string{"grade", "score", "segment", "stage"}}, 0, 10)
	// The slow path from scratch must agree.
	if _, err := st.db.Exec("DELETE FROM settings WHERE key = ?", windowKey); err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec("UPDATE customers SET win_count = 0, win_spend = 0"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RegradeAll(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	full, _ := st.Window(ctx, Query{Columns: []string{"grade", "score", "segment", "stage"}}, 0, 10)
	for i := range full {
		for j := range full[i].Values {
			if full[i].Values[j] != incremental[i].Values[j] {
				t.Errorf("row %d col %d: incremental %v, full %v", i, j, incremental[i].Values[j], full[i].Values[j])
			}
		}
	}
	if n, sum := win(a); n != 1 || sum != 20000 {
		t.Errorf("full rescan window of a = %d, %d", n, sum)
	}
	// A year and more on, nothing is in the window.
	now = now.AddDate(1, 0, 0)
	if _, err := st.RegradeAll(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	if n, _ := win(a); n != 0 {
		t.Errorf("a year later window of a = %d", n)
	}
	if n, _ := win(b); n != 0 {
		t.Errorf("a year later window of b = %d", n)
	}
}
