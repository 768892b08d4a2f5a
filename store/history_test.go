package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
)

// historyLedger plants a known past, each step on its own day, and ends on
// 2026-11-22. Grades move by pinning (the grader obeys a pinned grade), so
// every grade at every month end is known by hand:
//
//	王芳 added 08-10 A; buys 100 (08-15), 200 (09-10), 300 (10-05);
//	     B on 10-20; C on 11-10 and back to B on 11-12
//	李雷 added 08-10 B; buys 500 (08-20); A on 09-15; buys 250 (09-20), 1000 (11-05)
//	刘洋 added 08-12 C; bought 50 on 2025-09-01 only: churned from 2026-09-01
//	张伟 added 10-10, never buys: D
//	陈静 added 08-05 B; deleted 11-03
//	赵敏 added 09-05 A
func historyLedger(t *testing.T) *Store {
	t.Helper()
	now := time.Date(2026, 8, 5, 10, 0, 0, 0, time.Local)
	st, err := Open(t.TempDir()+"/ledger.db", WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	on := func(day string) {
		d, err := time.ParseInLocation("2006-01-02", day, time.Local)
		if err != nil {
			t.Fatal(err)
		}
		now = d.Add(10 * time.Hour)
	}
	ids := map[string]int64{}
	add := func(name, pin string) {
		ids[name] = mustAdd(t, st, map[string]string{"name": name})
		if pin != "" {
			pinTo(t, st, ids[name], pin)
		}
	}
	pin := func(name, g string) { pinTo(t, st, ids[name], g) }
	buy := func(name, amount, date string) { mustBuy(t, st, ids[name], amount, "茶", date) }
	on("2026-08-05")
	add("陈静", "B")
	on("2026-08-10")
	add("王芳", "A")
	add("李雷", "B")
	on("2026-08-12")
	add("刘洋", "C")
	buy("刘洋", "50", "2025-09-01")
	on("2026-08-15")
	buy("王芳", "100", "2026-08-15")
	on("2026-08-20")
	buy("李雷", "500", "2026-08-20")
	on("2026-09-05")
	add("赵敏", "A")
	on("2026-09-10")
	buy("王芳", "200", "2026-09-10")
	on("2026-09-15")
	pin("李雷", "A")
	on("2026-09-20")
	buy("李雷", "250", "2026-09-20")
	on("2026-10-05")
	buy("王芳", "300", "2026-10-05")
	on("2026-10-10")
	add("张伟", "")
	on("2026-10-20")
	pin("王芳", "B")
	on("2026-11-03")
	if err := st.Delete(ctx, ids["陈静"]); err != nil {
		t.Fatal(err)
	}
	on("2026-11-05")
	buy("李雷", "1000", "2026-11-05")
	on("2026-11-10")
	pin("王芳", "C")
	on("2026-11-12")
	pin("王芳", "B")
	on("2026-11-22")
	return st
}

func pinTo(t *testing.T, st *Store, id int64, g string) {
	t.Helper()
	if _, err := st.SetField(context.Background(), id, "pinned", g); err != nil {
		t.Fatalf("pin %d to %s: %v", id, g, err)
	}
}

func ratio(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestTierHistoryMonthByMonth(t *testing.T) {
	st := historyLedger(t)
	h, err := st.TierHistory(context.Background(), HistoryOptions{Months: 3})
	if err != nil {
		t.Fatal(err)
	}
	if h.Date != "2026-11-22" || len(h.Months) != 3 {
		t.Fatalf("history = %+v", h)
	}
	type want struct {
		start, up, down, churned, left, new, end int
		spend, prev                              int64
		growth, retention                        any
	}
	wants := []struct {
		month, start, end string
		grades            [4]want
	}{
		{"2026-09", "2026-08-31", "2026-09-30", [4]want{
			// A: 王芳 (200 in Sep, 100 in Aug); 赵敏 arrives in A.
			{start: 1, new: 1, end: 3, spend: 20000, prev: 10000, growth: 1.0, retention: 1.0},
			// B: 李雷 moves up (250 in Sep, 500 in Aug), 陈静 stays.
			{start: 2, up: 1, end: 1, spend: 25000, prev: 50000, growth: -0.5, retention: 1.0},
			// C: 刘洋 turns churned on 09-01.
			{start: 1, churned: 1, end: 1, retention: 0.0},
			{},
		}},
		{"2026-10", "2026-09-30", "2026-10-31", [4]want{
			// A: 王芳 moves down; the three spent 300 in Oct, 450 in Sep.
			{start: 3, down: 1, end: 2, spend: 30000, prev: 45000, growth: -1.0 / 3, retention: 1.0},
			{start: 1, end: 2, retention: 1.0},
			{start: 1, end: 1}, // already churned: no retention base
			{new: 1, end: 1},   // 张伟
		}},
		{"2026-11", "2026-10-31", "2026-11-22", [4]want{
			{start: 2, end: 2, spend: 100000, retention: 1.0},
			// B: 王芳 went to C and came back (no move); 陈静 deleted.
			{start: 2, left: 1, end: 1, spend: 0, prev: 30000, growth: -1.0, retention: 0.5},
			{start: 1, end: 1},
			{start: 1, end: 1, retention: 1.0},
		}},
	}
	for i, w := range wants {
		m := h.Months[i]
		if m.Month != w.month || m.Start != w.start || m.End != w.end || len(m.Grades) != 4 {
			t.Fatalf("month %d = %+v", i, m)
		}
		for g, wg := range w.grades {
			r := m.Grades[g]
			got := want{r.Start, r.Up, r.Down, r.Churned, r.Left, r.New, r.End, r.Spend, r.PrevSpend, ratio(r.SpendGrowth), ratio(r.Retention)}
			if got != wg {
				t.Errorf("%s grade %s:\n got %+v\nwant %+v", w.month, r.Grade, got, wg)
			}
		}
	}
	// From 08-31 to today: 王芳 A→B, 李雷 B→A, 刘洋 C→C; 陈静 is gone,
	// 赵敏 and 张伟 were not there yet.
	wantCounts := [][]int{{0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}}
	if h.Matrix.From != "2026-08-31" || h.Matrix.To != "2026-11-22" || !equalInts(h.Matrix.Counts, wantCounts) ||
		h.Matrix.Shares[0][1] != 1 || h.Matrix.Shares[3][3] != 0 {
		t.Errorf("matrix = %+v", h.Matrix)
	}
}

func equalInts(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func TestTierHistoryMatrixBetweenMonthsAndBadInput(t *testing.T) {
	st := historyLedger(t)
	ctx := context.Background()
	h, err := st.TierHistory(ctx, HistoryOptions{Months: 3, From: "2026-09", To: "2026-10"})
	if err != nil {
		t.Fatal(err)
	}
	// 09-30 → 10-31: 王芳 A→B, 李雷 and 赵敏 stay A, 陈静 B, 刘洋 C.
	wantCounts := [][]int{{2, 1, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}}
	if h.Matrix.From != "2026-09-30" || h.Matrix.To != "2026-10-31" || !equalInts(h.Matrix.Counts, wantCounts) ||
		!near(h.Matrix.Shares[0][0], 2.0/3) || !near(h.Matrix.Shares[0][1], 1.0/3) {
		t.Errorf("matrix = %+v", h.Matrix)
	}
	for _, bad := range []HistoryOptions{{Months: -1}, {Months: MaxHistoryMonths + 1}, {Months: 3, From: "2026-01"}, {Months: 3, To: "2026-13"}} {
		_, err := st.TierHistory(ctx, bad)
		var ie *i18n.Error
		if !errors.As(err, &ie) {
			t.Errorf("%+v: want a translated error, got %v", bad, err)
		}
	}
}
