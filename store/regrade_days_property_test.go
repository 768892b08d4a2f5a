package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"
)

// A ledger kept day after day, with purchases and refunds logged between
// the regrades (some dated months back, inside the window), and the days
// moved on by the readers' regrade and by the table's chunked one in turn,
// always holds what the purchase log says: every customer's window count
// and spend equal a count of its purchases since the window start, and
// every grade, score, segment and stage equals a regrade of a copy that
// counts the window from the purchase log from scratch.
func TestDayByDayRegradeMatchesScratch(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.Local)
	st, err := Open(filepath.Join(t.TempDir(), "kept.db"), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rng := rand.New(rand.NewPCG(7, 19))
	const customers = 120
	ids := make([]int64, customers)
	for i := range ids {
		ids[i] = mustAdd(t, st, map[string]string{"name": fmt.Sprintf("客户%d", i)})
	}
	// buy logs a purchase (or, one time in six, a refund of part of what
	// the customer spent) dated up to back days before today.
	spent := map[int64]int64{}
	buy := func(back int) {
		id := ids[rng.IntN(len(ids))]
		date := now.AddDate(0, 0, -rng.IntN(back+1)).Format(parseDay)
		fen := int64(100 + rng.IntN(50000))
		if rng.IntN(6) == 0 && spent[id] > 200 {
			fen = -(1 + rng.Int64N(spent[id]/2))
		}
		in := PurchaseInput{Amount: fmt.Sprintf("%d.%02d", fen/100, abs64(fen)%100), Date: date}
		if fen < 0 {
			in.Amount = fmt.Sprintf("-%d.%02d", -fen/100, -fen%100)
		}
		if _, _, err := st.AddPurchase(ctx, id, in); err != nil {
			t.Fatalf("purchase %v for %d: %v", in, id, err)
		}
		spent[id] += fen
	}
	for range 900 {
		buy(400)
	}
	if _, err := st.RegradeAll(ctx, ReasonCuts); err != nil {
		t.Fatal(err)
	}
	for step := range 14 {
		now = now.AddDate(0, 0, 1+rng.IntN(40))
		for range rng.IntN(30) {
			buy(120)
		}
		if step%2 == 0 {
			if _, ran, err := st.RegradeIfStale(ctx); err != nil || !ran {
				t.Fatalf("step %d: regrade ran %v: %v", step, ran, err)
			}
		} else if _, err := st.RegradeAll(ctx, ReasonCuts); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		rules, err := st.Rules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ws, _ := storedWindow(ctx, st.db); ws != rules.WindowStart(now).Format(parseDay) {
			t.Errorf("step %d: window counted from %s, want %s", step, ws, rules.WindowStart(now).Format(parseDay))
		}
		checkWindowCounts(t, st, step)
		checkAgainstScratch(t, st, step, now)
	}
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// checkWindowCounts compares every customer's stored window count and
// spend with its purchases since the stored window start.
func checkWindowCounts(t *testing.T, st *Store, step int) {
	t.Helper()
	ws, err := storedWindow(context.Background(), st.db)
	if err != nil || ws == "" {
		t.Fatalf("step %d: window start %q: %v", step, ws, err)
	}
	var bad int
	err = st.db.QueryRow(`SELECT count(*) FROM customers c WHERE c.win_count <> (SELECT count(*) FROM purchases p WHERE p.customer_id = c.id AND p.date >= ?1 AND p.amount > 0)
		OR c.win_spend <> (SELECT coalesce(sum(amount), 0) FROM purchases p WHERE p.customer_id = c.id AND p.date >= ?1)`, ws).Scan(&bad)
	if err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("step %d: %d customers' window counts differ from their purchases since %s", step, bad, ws)
	}
}

// checkAgainstScratch regrades a copy of st with its window counted again
// from the purchase log, and compares every customer's grade, score,
// segment and stage, and the cut points.
func checkAgainstScratch(t *testing.T, st *Store, step int, now time.Time) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("scratch%d.db", step))
	if err := st.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	fresh, err := Open(path, WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := fresh.db.Exec("DELETE FROM settings WHERE key IN (?, 'tiering.cuts')", windowKey); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.db.Exec("UPDATE customers SET win_count = 0, win_spend = 0, grade = 'D', score = 0, segment = '', stage = 'prospect'"); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.RegradeAll(ctx, ReasonCuts); err != nil {
		t.Fatal(err)
	}
	read := func(s *Store) map[int64]string {
		rows, err := s.db.Query("SELECT id, grade, score, segment, stage FROM customers ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int64]string{}
		for rows.Next() {
			var id int64
			var grade, segment, stage string
			var score float64
			if err := rows.Scan(&id, &grade, &score, &segment, &stage); err != nil {
				t.Fatal(err)
			}
			out[id] = fmt.Sprint(grade, " ", score, " ", segment, " ", stage)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	kept, scratch := read(st), read(fresh)
	if len(kept) != len(scratch) {
		t.Fatalf("step %d: %d customers kept, %d from scratch", step, len(kept), len(scratch))
	}
	bad := 0
	for id, k := range kept {
		if k != scratch[id] {
			if bad++; bad <= 5 {
				t.Errorf("step %d: customer %d kept %s, from scratch %s", step, id, k, scratch[id])
			}
		}
	}
	ck, _ := st.Cuts(ctx)
	cs, _ := fresh.Cuts(ctx)
	if !ck.Equal(cs) {
		t.Errorf("step %d: cut points kept %+v, from scratch %+v", step, ck, cs)
	}
}
