package store

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// checkHistoryTally compares the twelve-month history read from the tally
// with the scan of every customer and purchase it replaces: every figure of
// every month, the default matrix, one picked matrix, and the migrations
// between every two month ends. Each is read twice from the tally (the
// second look finds nothing written since).
func checkHistoryTally(t *testing.T, st *Store, label string) {
	t.Helper()
	ctx := context.Background()
	today := st.now()
	from := today.AddDate(0, -7, 0).Format("2006-01")
	to := today.AddDate(0, -2, 0).Format("2006-01")
	for _, opt := range []HistoryOptions{{}, {Months: 12, From: from, To: to}} {
		wantH, wantM, err := st.tierHistoryVia(ctx, opt, true, false)
		if err != nil {
			t.Fatalf("%s: scan: %v", label, err)
		}
		for look := range 2 {
			h, m, err := st.tierHistoryVia(ctx, opt, true, true)
			if err != nil {
				t.Fatalf("%s: tally: %v", label, err)
			}
			if !reflect.DeepEqual(h, wantH) {
				t.Fatalf("%s (look %d, %+v): the tally's history\n%+v\nthe scan's\n%+v", label, look, opt, h, wantH)
			}
			if !reflect.DeepEqual(m, wantM) {
				t.Fatalf("%s (look %d, %+v): the tally's migrations differ from the scan's", label, look, opt)
			}
		}
	}
}

// TestHistoryTallyMatchesScan runs random writes of every kind and days
// passing (across month ends, and now and then back) and checks after each
// that the tally's history is the scan's.
func TestHistoryTallyMatchesScan(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) { historyTallyRun(t, seed) })
	}
}

func historyTallyRun(t *testing.T, seed uint64) {
	st, clk := openMovable(t, time.Date(2026, 1, 20, 10, 0, 0, 0, time.Local))
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(seed, 7))
	days := rand.New(rand.NewPCG(seed, 8)) // how far the clock moves
	var ids []int64
	names := map[int64]string{}
	pick := func() int64 { return ids[rnd.IntN(len(ids))] }
	day := func(off int) string { return clk.t.AddDate(0, 0, off).Format("2006-01-02") }
	grades := []string{"", "A", "B", "C", "D"}
	add := func() {
		name := fmt.Sprintf("客户%d", len(ids))
		id := mustAdd(t, st, map[string]string{"name": name})
		ids = append(ids, id)
		names[id] = name
	}
	for range 12 {
		add()
	}
	// a year of history before the checks start
	for range 60 {
		_, _, _ = st.AddPurchase(ctx, pick(), PurchaseInput{Amount: strconv.Itoa(rnd.IntN(3000) + 1), Product: "茶", Date: day(-rnd.IntN(700))})
	}
	checkHistoryTally(t, st, "start")
	done := map[int]int{} // writes the ledger took, by kind
	for step := range 200 {
		op := rnd.IntN(15)
		label := fmt.Sprintf("step %d op %d on %s", step, op, day(0))
		var err error
		switch op {
		case 0:
			add()
		case 1, 2, 3:
			// a purchase today or back-dated (up to two years)
			off := 0
			switch rnd.IntN(4) {
			case 0, 1:
				off = -rnd.IntN(700)
			case 2:
				off = 1 + rnd.IntN(10) // dated ahead, where the ledger takes it
			}
			_, _, err = st.AddPurchase(ctx, pick(), PurchaseInput{Amount: strconv.Itoa(rnd.IntN(3000) + 1), Product: "茶", Date: day(off)})
		case 4:
			// a refund
			_, _, err = st.AddPurchase(ctx, pick(), PurchaseInput{Amount: strconv.Itoa(-rnd.IntN(500) - 1), Product: "茶", Date: day(-rnd.IntN(200))})
		case 5:
			err = st.Delete(ctx, pick())
		case 6:
			err = st.Restore(ctx, pick())
		case 7:
			_, err = st.Undo(ctx)
		case 8:
			_, err = st.Redo(ctx)
		case 9:
			_, err = st.SetField(ctx, pick(), "pinned", grades[rnd.IntN(len(grades))])
		case 10:
			_, err = st.RegradeToday(ctx)
		case 11:
			id := pick()
			sales := []Sale{{Line: 2, Customer: names[id], Ref: RefName, At: day(-rnd.IntN(400)) + " 10:00", Amount: int64(rnd.IntN(90000) - 10000), Qty: 1, Product: "白茶"},
				{Line: 3, Customer: "新客" + strconv.Itoa(step), Ref: RefName, At: day(-rnd.IntN(100)) + " 11:00", Amount: int64(rnd.IntN(50000) + 1), Qty: 1, Product: "龙井"}}
			_, err = st.ImportSales(ctx, SalesOptions{}, func(yield func(Sale, error) bool) {
				for _, s := range sales {
					if !yield(s, nil) {
						return
					}
				}
			})
		case 12:
			if len(ids) > 3 {
				a, b := pick(), pick()
				if a != b {
					_, err = st.Merge(ctx, a, b, MergeOptions{})
				}
			}
		default:
			// days pass: a few, to the month's last day, or over it, or
			// two or thirteen months on (the tally rolled over)
			y, m, _ := clk.t.Date()
			last := time.Date(y, m+1, 0, 10, 0, 0, 0, time.Local)
			switch days.IntN(6) {
			case 0:
				clk.t = last
			case 1:
				clk.t = last.AddDate(0, 0, 1)
			case 2:
				clk.t = clk.t.AddDate(0, 0, -days.IntN(8)) // the clock set back
			case 3:
				clk.t = time.Date(y, m+2, 1+days.IntN(28), 10, 0, 0, 0, time.Local)
			case 4:
				if days.IntN(3) == 0 {
					clk.t = time.Date(y, m+13, 1+days.IntN(28), 10, 0, 0, 0, time.Local)
				}
			default:
				clk.t = clk.t.AddDate(0, 0, days.IntN(12))
			}
		}
		// A write the ledger refuses for the user's reason (a merge of a
		// deleted customer, nothing to undo) writes nothing; SQLite's own
		// refusal is a fault.
		if err != nil && strings.Contains(err.Error(), "SQLite") {
			t.Fatalf("%s: %v", label, err)
		}
		if err == nil && op < 13 {
			done[op]++
		}
		checkHistoryTally(t, st, label)
	}
	for op := range 13 {
		if done[op] == 0 {
			t.Errorf("no write of kind %d went through", op)
		}
	}
	// a large import suspends the triggers: the tally is counted again
	rows := func(yield func(ImportRow, error) bool) {
		for i := range 6000 {
			if !yield(ImportRow{Line: i + 2, Values: map[string]any{"name": "导入" + strconv.Itoa(i)}}, nil) {
				return
			}
		}
	}
	if _, err := st.ImportRows(ctx, ImportOptions{Keys: []string{"name"}, Rows: 6000}, iter.Seq2[ImportRow, error](rows)); err != nil {
		t.Fatal(err)
	}
	checkHistoryTally(t, st, "after a large import")
	_ = st.Restore(ctx, ids[0])
	mustBuy(t, st, ids[0], "100", "茶", day(0))
	checkHistoryTally(t, st, "after a large import and a purchase")
}

// TestHistoryTallyDatedAhead sets the clock back past a purchase, a grade
// move and a customer's creation, then lets the days pass again without a
// write: the customers dated ahead of the tally's day must be counted as
// they stand on each day, not as they stood when the tally was counted.
func TestHistoryTallyDatedAhead(t *testing.T) {
	st, clk := openMovable(t, time.Date(2026, 3, 20, 10, 0, 0, 0, time.Local))
	buyer := mustAdd(t, st, map[string]string{"name": "老客"})
	mustBuy(t, st, buyer, "500", "茶", "2025-03-18")
	moved := mustAdd(t, st, map[string]string{"name": "升级"})
	clk.t = time.Date(2026, 3, 25, 10, 0, 0, 0, time.Local)
	mustBuy(t, st, buyer, "800", "茶", "2026-03-25")
	pinTo(t, st, moved, "A")
	mustAdd(t, st, map[string]string{"name": "新客"})
	checkHistoryTally(t, st, "on 03-25")
	for _, d := range []int{21, 22, 24, 25, 26, 31} {
		clk.t = time.Date(2026, 3, d, 10, 0, 0, 0, time.Local)
		checkHistoryTally(t, st, clk.t.Format("on 01-02"))
	}
}

// While another process holds the write lock the tally cannot be brought up
// to date: the history is the scan's, the same figures, and the tally
// catches up on the next look.
func TestHistoryTallyUnderAHeldLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)
	clock := WithClock(func() time.Time { return now })
	holder, err := Open(path, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	ctx := context.Background()
	id := mustAdd(t, holder, map[string]string{"name": "王芳"})
	mustBuy(t, holder, id, "100", "茶", "2026-10-05")
	st, err := Open(path, clock, withBusyTimeout(200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	conn := holdWriteLock(t, holder)
	defer conn.Close()
	h, err := st.TierHistory(ctx, HistoryOptions{})
	if err != nil {
		t.Fatalf("history under a held lock: %v", err)
	}
	oct := h.Months[10]
	var spend int64
	end := 0
	for _, g := range oct.Grades {
		spend += g.Spend
		end += g.End
	}
	if oct.Month != "2026-10" || end != 1 || spend != 0 {
		t.Errorf("%s: %d customers at the end, spend %d by those there at the start; want 2026-10, 1, 0 (王芳 arrived within it)", oct.Month, end, spend)
	}
	var meta int
	if err := st.db.QueryRowContext(ctx, "SELECT count(*) FROM history_meta").Scan(&meta); err != nil || meta != 0 {
		t.Errorf("the tally was written under the held lock: %d, %v", meta, err)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	checkHistoryTally(t, st, "after the lock is let go")
	if err := st.db.QueryRowContext(ctx, "SELECT count(*) FROM history_meta").Scan(&meta); err != nil || meta != 1 {
		t.Errorf("the tally is not counted once the lock is free: %d, %v", meta, err)
	}
}
