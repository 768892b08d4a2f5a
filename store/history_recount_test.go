package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// recountLedger is a ledger whose history tally was counted in October and
// whose clock is then moved to 2026-11-22; with forget, the tally is then
// forgotten (as a load that suspends the triggers does), so the next
// history counts it again from every customer, else the next history
// rolls October's tally over. A second Store on the same file stands for
// another process.
//
//	王芳 added 10-05, bought 100 on 10-05
//	李雷 added 10-05, bought 50 on 11-20 (after the October count: listed dirty)
func recountLedger(t *testing.T, busy time.Duration, forget bool) (st, other *Store, ids map[string]int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	clk := &movableClock{t: time.Date(2026, 10, 5, 10, 0, 0, 0, time.Local)}
	st, err := Open(path, WithClock(clk.now), withBusyTimeout(busy))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ids = map[string]int64{}
	ids["王芳"] = mustAdd(t, st, map[string]string{"name": "王芳"})
	ids["李雷"] = mustAdd(t, st, map[string]string{"name": "李雷"})
	mustBuy(t, st, ids["王芳"], "100", "茶", "2026-10-05")
	checkHistoryTally(t, st, "in October")
	clk.t = time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)
	mustBuy(t, st, ids["李雷"], "50", "茶", "2026-11-20")
	if forget {
		if _, err := st.db.Exec(forgetHistoryTallySQL); err != nil {
			t.Fatal(err)
		}
	}
	other, err = Open(path, WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return st, other, ids
}

// novemberTotals sums November's figures over the grades: customers at the
// end, new ones, and what the customers there at the start spent (fen).
func novemberTotals(t *testing.T, h History) (end, added int, spend int64) {
	t.Helper()
	nov := h.Months[len(h.Months)-1]
	if nov.Month != "2026-11" {
		t.Fatalf("the last month is %s, want 2026-11", nov.Month)
	}
	for _, g := range nov.Grades {
		end += g.End
		added += g.New
		spend += g.Spend
	}
	return end, added, spend
}

func historyMark(t *testing.T, st *Store) (month string) {
	t.Helper()
	if err := st.db.QueryRowContext(context.Background(), "SELECT month FROM history_meta WHERE id = 1").Scan(&month); err != nil {
		t.Fatalf("history_meta: %v", err)
	}
	return month
}

// Another process writes while the month's first history counts every
// customer: its writes go through at once (the count holds no lock while it
// reads), and the history, then and after, counts them.
func TestHistoryRecountBesideAWriter(t *testing.T) {
	st, other, ids := recountLedger(t, 5*time.Second, true)
	ctx := context.Background()
	other.busy = 200 * time.Millisecond // a write kept waiting fails the test
	var writeErr error
	st.historyScanned = func() {
		st.historyScanned = nil
		if _, _, writeErr = other.AddPurchase(ctx, ids["王芳"], PurchaseInput{Amount: "700", Product: "茶", Date: "2026-11-21"}); writeErr != nil {
			return
		}
		if _, _, writeErr = other.AddPurchase(ctx, ids["李雷"], PurchaseInput{Amount: "30", Product: "茶", Date: "2026-11-21"}); writeErr != nil {
			return
		}
		_, writeErr = other.AddCustomer(ctx, map[string]string{"name": "张伟"})
	}
	h, err := st.TierHistory(ctx, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if writeErr != nil {
		t.Fatalf("the other process's write during the count: %v", writeErr)
	}
	if st.historyScanned != nil {
		t.Fatal("the history did not count the tally again")
	}
	end, added, spend := novemberTotals(t, h)
	if end != 3 || added != 1 || spend != 78000 {
		t.Errorf("November: %d at the end, %d new, spend %d; want 3, 1 (张伟), 78000 (50+700+30 yuan)", end, added, spend)
	}
	want, _, err := st.tierHistoryVia(ctx, HistoryOptions{}, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("the history\n%+v\nthe scan's\n%+v", h, want)
	}
	if m := historyMark(t, st); m != "2026-11" {
		t.Errorf("the tally is for %q, want 2026-11", m)
	}
	checkHistoryTally(t, st, "after the count")
	mustBuy(t, other, ids["王芳"], "5", "茶", "2026-11-22")
	checkHistoryTally(t, st, "after one more purchase")
}

// When the count cannot take the write lock to write its result (another
// process holds it), the history is the snapshot's count, the same
// figures; the tally stays marked and the next look counts it.
func TestHistoryRecountFindsTheLockHeld(t *testing.T) {
	st, other, ids := recountLedger(t, 200*time.Millisecond, true)
	ctx := context.Background()
	conn, err := other.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	st.historyScanned = func() {
		st.historyScanned = nil
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Errorf("take the lock: %v", err)
		}
	}
	h, err := st.TierHistory(ctx, HistoryOptions{})
	if err != nil {
		t.Fatalf("history with the lock held: %v", err)
	}
	end, added, spend := novemberTotals(t, h)
	if end != 2 || added != 0 || spend != 5000 {
		t.Errorf("November: %d at the end, %d new, spend %d; want 2, 0, 5000 (李雷's 50 yuan)", end, added, spend)
	}
	want, _, err := st.tierHistoryVia(ctx, HistoryOptions{}, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("the history\n%+v\nthe scan's\n%+v", h, want)
	}
	if m := historyMark(t, st); m != "" {
		t.Errorf("the tally was written under the held lock: for %q", m)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	mustBuy(t, other, ids["王芳"], "700", "茶", "2026-11-21")
	checkHistoryTally(t, st, "after the lock is let go")
	if m := historyMark(t, st); m != "2026-11" {
		t.Errorf("the tally is for %q once the lock is free, want 2026-11", m)
	}
}

// Another count that runs while this one reads its snapshot empties the
// list of written customers this one relies on: this count then writes
// nothing, and the history stays exact.
func TestHistoryRecountOvertaken(t *testing.T) {
	st, other, ids := recountLedger(t, 5*time.Second, true)
	ctx := context.Background()
	var otherErr error
	st.historyScanned = func() {
		st.historyScanned = nil
		// written after st's snapshot, then counted by other's own count
		if _, _, otherErr = other.AddPurchase(ctx, ids["王芳"], PurchaseInput{Amount: "700", Product: "茶", Date: "2026-11-21"}); otherErr != nil {
			return
		}
		_, otherErr = other.TierHistory(ctx, HistoryOptions{})
	}
	h, err := st.TierHistory(ctx, HistoryOptions{})
	if err != nil || otherErr != nil {
		t.Fatal(err, otherErr)
	}
	if _, _, spend := novemberTotals(t, h); spend != 5000 {
		t.Errorf("November's spend %d, want 5000 as of the snapshot (李雷's 50 yuan)", spend)
	}
	h, err = st.TierHistory(ctx, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, spend := novemberTotals(t, h); spend != 75000 {
		t.Errorf("November's spend %d on the next look, want 75000 (50+700 yuan)", spend)
	}
	checkHistoryTally(t, st, "after the other count")
}
