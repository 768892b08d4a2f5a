package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// TestHistoryTallyRollsOver moves the clock one, two and thirteen months on
// (and back) over a ledger with two years of purchases, writes between the
// moves: each forward move's tally is the last month's rolled over, without
// counting every customer again, and every figure of it is the scan's.
func TestHistoryTallyRollsOver(t *testing.T) {
	st, clk := openMovable(t, time.Date(2026, 1, 20, 10, 0, 0, 0, time.Local))
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(11, 5))
	day := func(off int) string { return clk.t.AddDate(0, 0, off).Format("2006-01-02") }
	var ids []int64
	for i := range 40 {
		ids = append(ids, mustAdd(t, st, map[string]string{"name": fmt.Sprintf("客户%d", i)}))
	}
	pick := func() int64 { return ids[rnd.IntN(len(ids))] }
	// two years of purchases (some refunds), so that customers churn, one
	// by one, in every month the clock moves through
	spent := map[int64]int{}
	for range 320 {
		id, amount := pick(), rnd.IntN(3000)+1
		spent[id] += amount
		mustBuy(t, st, id, strconv.Itoa(amount), "茶", day(-rnd.IntN(800)))
	}
	for id, yuan := range spent {
		if yuan > 2000 && id%3 == 0 {
			mustBuy(t, st, id, "-"+strconv.Itoa(rnd.IntN(300)+1), "茶", day(-rnd.IntN(500)))
		}
	}
	for _, g := range []string{"A", "B", "C", "D"} {
		pinTo(t, st, pick(), g)
	}
	if _, err := st.RegradeToday(ctx); err != nil {
		t.Fatal(err)
	}
	checkHistoryTally(t, st, "start")
	recounts := 0
	st.historyScanned = func() { recounts++ }
	writes := func() {
		mustBuy(t, st, pick(), strconv.Itoa(rnd.IntN(900)+1), "茶", day(-rnd.IntN(400))) // back-dated
		// dated ahead of the day the tally is brought up to: bought with
		// the clock three days on, then set back
		clk.t = clk.t.AddDate(0, 0, 3)
		mustBuy(t, st, pick(), "300", "茶", day(0))
		clk.t = clk.t.AddDate(0, 0, -3)
		pinTo(t, st, pick(), []string{"A", "B", "C", "D"}[rnd.IntN(4)])
		i := rnd.IntN(len(ids))
		if err := st.Delete(ctx, ids[i]); err != nil {
			t.Fatal(err)
		}
		ids = append(ids[:i], ids[i+1:]...)
		ids = append(ids, mustAdd(t, st, map[string]string{"name": "新客" + day(0)}))
	}
	churnedRolled := 0 // churned within a month the rollover worked out
	for _, step := range []struct {
		to      time.Time
		recount bool // the clock set back: counted again from every customer
		write   bool // written before the move, not looked at since
	}{
		{to: time.Date(2026, 2, 1, 10, 0, 0, 0, time.Local)},
		{to: time.Date(2026, 3, 31, 10, 0, 0, 0, time.Local), write: true},
		{to: time.Date(2026, 4, 1, 10, 0, 0, 0, time.Local)},
		{to: time.Date(2026, 6, 15, 10, 0, 0, 0, time.Local), write: true},
		{to: time.Date(2027, 7, 10, 10, 0, 0, 0, time.Local)},
		{to: time.Date(2027, 6, 20, 10, 0, 0, 0, time.Local), recount: true},
		{to: time.Date(2027, 7, 2, 10, 0, 0, 0, time.Local), write: true},
		{to: time.Date(2027, 8, 31, 10, 0, 0, 0, time.Local), write: true},
		{to: time.Date(2028, 9, 1, 10, 0, 0, 0, time.Local), write: true},
	} {
		if step.write {
			writes()
		}
		from := clk.t
		clk.t = step.to
		label := fmt.Sprintf("%s to %s", from.Format("2006-01-02"), step.to.Format("2006-01-02"))
		recounts = 0
		checkHistoryTally(t, st, label)
		if want := map[bool]int{false: 0, true: 1}[step.recount]; recounts != want {
			t.Errorf("%s: counted every customer %d times, want %d", label, recounts, want)
		}
		if !step.recount {
			h, err := st.TierHistory(ctx, HistoryOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range h.Months {
				if m.Month >= from.Format("2006-01") {
					for _, g := range m.Grades {
						churnedRolled += g.Churned
					}
				}
			}
		}
		writes()
		checkHistoryTally(t, st, label+", after writes")
	}
	if churnedRolled == 0 {
		t.Error("no customer churned within a rolled-over month: the test checks no churn worked out by the rollover")
	}
}
