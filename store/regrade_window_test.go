package store

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// windowLedger is a ledger graded on 2026-11-22 (window 2025-11-23 on)
// whose customer 王芳 bought 300 yuan on 2025-11-23, the window's first
// day, and 500 yuan on 2026-11-20: on 2026-11-23 the first purchase leaves
// the window. It returns the ledger's path and 王芳's id.
func windowLedger(t *testing.T) (string, int64) {
	t.Helper()
	st := openTest(t)
	ctx := context.Background()
	wang := mustAdd(t, st, map[string]string{"name": "王芳"})
	mustAdd(t, st, map[string]string{"name": "李雷"})
	for _, p := range []PurchaseInput{{Amount: "300", Date: "2025-11-23"}, {Amount: "500", Date: "2026-11-20"}} {
		if _, _, err := st.AddPurchase(ctx, wang, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.RegradeToday(ctx); err != nil {
		t.Fatal(err)
	}
	return st.Path(), wang
}

func windowCounts(t *testing.T, st *Store, id int64) (count, spend int64, start string) {
	t.Helper()
	if err := st.db.QueryRow("SELECT win_count, win_spend FROM customers WHERE id = ?", id).Scan(&count, &spend); err != nil {
		t.Fatal(err)
	}
	start, err := storedWindow(context.Background(), st.db)
	if err != nil {
		t.Fatal(err)
	}
	return count, spend, start
}

// writePlanned writes a planned regrade's grades as regradeOnce does.
func writePlanned(t *testing.T, st *Store, g *regrader) {
	t.Helper()
	ctx := context.Background()
	err := st.txOn(ctx, st.db, func(tx *sql.Tx) error {
		if _, err := g.write(ctx, tx, 0, len(g.results), true); err != nil {
			return err
		}
		return g.finish(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Two processes bring the ledger to the next day at once: each reads and
// grades it, and the second writes after the first has committed. The
// purchase that left the window comes off 王芳's window count once: one
// purchase of 500 yuan remains, not none and -300 yuan.
func TestTwoRegradesOfTheNextDayMoveTheWindowOnce(t *testing.T) {
	path, wang := windowLedger(t)
	ctx := context.Background()
	next := fixedNow.AddDate(0, 0, 1)
	open := func() *Store {
		st, err := Open(path, WithClock(func() time.Time { return next }))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	first, second := open(), open()
	g, err := second.planRegrade(ctx, second.db, true, ReasonCuts, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.advanceFrom != "2025-11-23" {
		t.Fatalf("the second regrade would move the window from %q, want 2025-11-23", g.advanceFrom)
	}
	if _, err := first.RegradeToday(ctx); err != nil {
		t.Fatal(err)
	}
	if n, spend, ws := windowCounts(t, first, wang); n != 1 || spend != 50000 || ws != "2025-11-24" {
		t.Fatalf("after the first regrade: %d purchases, %d fen from %s; want 1, 50000 from 2025-11-24", n, spend, ws)
	}
	writePlanned(t, second, g)
	if n, spend, ws := windowCounts(t, second, wang); n != 1 || spend != 50000 || ws != "2025-11-24" {
		t.Errorf("after both regrades: %d purchases, %d fen from %s; want 1, 50000 from 2025-11-24", n, spend, ws)
	}
}

// A customer whose oldest purchase leaves the window and whose row changes
// between the regrade's read and its write keeps its own grade, score,
// segment and stage, but its window still moves: 王芳 is left with the
// 500 yuan purchase (and the 200 yuan one recorded meanwhile), not with the
// 300 yuan one that left.
func TestARowChangedMeanwhileStillLeavesTheWindow(t *testing.T) {
	path, wang := windowLedger(t)
	ctx := context.Background()
	next := fixedNow.AddDate(0, 0, 1)
	st, err := Open(path, WithClock(func() time.Time { return next }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Scrambled grades: the regrade means to write every row.
	if _, err := st.db.Exec("UPDATE customers SET grade = 'A', score = 99"); err != nil {
		t.Fatal(err)
	}
	g, err := st.planRegrade(ctx, st.db, true, ReasonCuts, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddPurchase(ctx, wang, PurchaseInput{Amount: "200", Date: "2026-11-23"}); err != nil {
		t.Fatal(err)
	}
	// (whatever the purchase did to them, the row's grading columns are
	// no longer those the regrade read)
	if _, err := st.db.Exec("UPDATE customers SET score = score + 1 WHERE id = ?", wang); err != nil {
		t.Fatal(err)
	}
	var score float64
	if err := st.db.QueryRow("SELECT score FROM customers WHERE id = ?", wang).Scan(&score); err != nil {
		t.Fatal(err)
	}
	writePlanned(t, st, g)
	if n, spend, ws := windowCounts(t, st, wang); n != 2 || spend != 70000 || ws != "2025-11-24" {
		t.Errorf("window of 王芳: %d purchases, %d fen from %s; want 2, 70000 from 2025-11-24", n, spend, ws)
	}
	var after float64
	if err := st.db.QueryRow("SELECT score FROM customers WHERE id = ?", wang).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != score {
		t.Errorf("the regrade overwrote the score changed meanwhile: %v, want %v", after, score)
	}
}
