package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// modelState is what the property test expects of one customer: its
// balances, credit limit and total spend, worked out by plain arithmetic.
type modelState struct {
	points, balance, owed, limit, spend int64
}

// modelEntry is one account entry as the property test's model writes it.
type modelEntry struct {
	account, date string
	amount        int64
}

// modelAction is an undoable action of the model: the state before and
// after it and the entries it wrote, in order.
type modelAction struct {
	before, after modelState
	entries       []modelEntry
}

// modelRuns lists, per account, the running balances of journal in
// statement order (by date, then as written).
func modelRuns(journal []modelEntry) map[string][]int64 {
	sorted := slices.Clone(journal)
	slices.SortStableFunc(sorted, func(a, b modelEntry) int { return strings.Compare(a.date, b.date) })
	runs, sums := map[string][]int64{}, map[string]int64{}
	for _, e := range sorted {
		sums[e.account] += e.amount
		runs[e.account] = append(runs[e.account], sums[e.account])
	}
	return runs
}

// neverBelowZero says whether no running balance of journal is below zero.
func neverBelowZero(journal []modelEntry) bool {
	for _, run := range modelRuns(journal) {
		if slices.Min(run) < 0 {
			return false
		}
	}
	return true
}

// For random sequences of top-ups, purchases and refunds paid every way
// (some dated up to a month back), redemptions, adjustments, repayments,
// credit limits, undos and redos: every operation succeeds exactly when
// the arithmetic says it may and then moves the balances by exactly its
// amounts, a refused one changes nothing, every stored balance equals the
// sum of its entries, no running balance of the statement is ever below
// zero on any day, what is owed never exceeds the limit, and undo and redo
// restore the exact balances before and after the action.
func TestAccountsProperty(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { accountsProperty(t, seed, 120) })
	}
}

func accountsProperty(t *testing.T, seed uint64, steps int) {
	st := openTest(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 7))
	id := mustAdd(t, st, map[string]string{"name": "甲"})
	onePointPerYuan(t, st)
	today := fixedNow.Format("2006-01-02")
	var m modelState
	var journal []modelEntry
	var undo, redo []modelAction
	done, refused, backDated := 0, 0, 0
	yuan := func(lo, hi int) (string, int64) {
		fen := int64(lo*100 + rng.IntN((hi-lo)*100+1))
		return validate.FormatMoney(fen), fen
	}
	// a purchase's date: today, or one to thirty days back (well inside
	// the points' twelve months)
	pickDate := func() string {
		if rng.IntN(2) == 0 {
			return today
		}
		return fixedNow.AddDate(0, 0, -1-rng.IntN(30)).Format("2006-01-02")
	}
	// held is the least the model's account held from the end of date on:
	// a probe entry of nothing, written last on date, marks where to start.
	held := func(account, date string) int64 {
		probe := modelEntry{account, date, 0}
		sorted := append(slices.Clone(journal), probe)
		slices.SortStableFunc(sorted, func(a, b modelEntry) int { return strings.Compare(a.date, b.date) })
		var sum, least int64
		from := false
		for _, e := range sorted {
			if e.account != account {
				continue
			}
			sum += e.amount
			if e == probe && !from {
				from, least = true, sum
			}
			least = min(least, sum)
		}
		return least
	}
	for step := 0; step < steps; step++ {
		before := m
		var err error
		var ok bool // the arithmetic's verdict
		var what string
		var entries []modelEntry
		add := func(account, date string, amount int64) {
			if amount != 0 {
				entries = append(entries, modelEntry{account, date, amount})
			}
		}
		op := rng.IntN(10)
		if op == 8 && len(undo) == 0 || op == 9 && len(redo) == 0 {
			continue // (undo would take back adding the customer)
		}
		switch op {
		case 0:
			a, fa := yuan(1, 500)
			b, fb := yuan(0, 50)
			what = "topup " + a + " bonus " + b
			_, err = st.TopUp(ctx, id, a, b)
			add("balance", today, fa)
			add("balance", today, fb)
			ok, m.balance = true, m.balance+fa+fb
		case 1, 2:
			a, fa := yuan(1, 300)
			pay := []string{"cash", "wechat", "alipay", "balance", "credit"}[rng.IntN(5)]
			date := pickDate()
			what = "buy " + a + " " + pay + " " + date
			_, _, err = st.AddPurchase(ctx, id, PurchaseInput{Amount: a, Pay: pay, Date: date})
			ok = true
			switch pay {
			case "balance":
				add("balance", date, -fa)
				m.balance -= fa
			case "credit":
				ok = m.owed+fa <= m.limit
				add("owed", date, fa)
				m.owed += fa
			}
			add("points", date, fa/100)
			m.points += fa / 100
			m.spend += fa
		case 3:
			a, fa := yuan(1, 100)
			pay := []string{"cash", "balance", "credit"}[rng.IntN(3)]
			date := pickDate()
			what = "refund " + a + " " + pay + " " + date
			_, _, err = st.AddPurchase(ctx, id, PurchaseInput{Amount: "-" + a, Pay: pay, Date: date})
			ok = fa <= m.spend
			switch pay {
			case "balance":
				add("balance", date, fa)
				m.balance += fa
			case "credit":
				add("owed", date, -fa)
				m.owed -= fa
			}
			// the points taken back: those the amount earned, as far as
			// they were held on every day since the refund's date
			back := max(0, min(fa/100, held("points", date)))
			add("points", date, -back)
			m.points -= back
			m.spend -= fa
		case 4:
			n := int64(1 + rng.IntN(200))
			what = fmt.Sprint("redeem ", n)
			_, err = st.RedeemPoints(ctx, id, n, "")
			add("points", today, -n)
			ok, m.points = true, m.points-n
		case 5:
			n := int64(rng.IntN(101) - 50)
			if n == 0 {
				n = 1
			}
			what = fmt.Sprint("adjust ", n)
			_, err = st.AdjustPoints(ctx, id, n, "盘点")
			add("points", today, n)
			ok, m.points = true, m.points+n
		case 6:
			a, fa := yuan(1, 300)
			what = "repay " + a
			_, err = st.Repay(ctx, id, a)
			add("owed", today, -fa)
			ok, m.owed = true, m.owed-fa
		case 7:
			// a limit at or above what is owed, or none when nothing is
			_, fl := yuan(0, 1000)
			l := m.owed + fl
			if rng.IntN(4) == 0 {
				l = m.owed
			}
			what = "limit " + validate.FormatMoney(l)
			_, err = st.SetCreditLimit(ctx, id, validate.FormatMoney(l))
			ok, m.limit = true, l
		case 8:
			// an undo appends each entry's reversal, dated today
			what = "undo"
			_, err = st.Undo(ctx)
			act := undo[len(undo)-1]
			for _, e := range act.entries {
				add(e.account, today, -e.amount)
			}
			ok, m = true, act.before
		case 9:
			// a redo appends the entries again, on their own dates
			what = "redo"
			_, err = st.Redo(ctx)
			act := redo[len(redo)-1]
			entries = act.entries
			ok, m = true, act.after
		}
		// nothing may leave a day of the past below zero
		ok = ok && neverBelowZero(append(slices.Clone(journal), entries...))
		if ok != (err == nil) {
			t.Fatalf("step %d %s on %+v: error %v, want success %v", step, what, before, err, ok)
		}
		if ok {
			done++
			journal = append(journal, entries...)
			if len(entries) > 0 && entries[0].date < today && op != 8 {
				backDated++
			}
		} else {
			refused++
			m = before
			if msg := i18n.Message(err, i18n.ZH); msg == "" {
				t.Fatalf("step %d %s: refused without a message", step, what)
			}
		}
		switch {
		case !ok:
		case what == "undo":
			act := undo[len(undo)-1]
			redo = append(redo, act)
			undo = undo[:len(undo)-1]
		case what == "redo":
			act := redo[len(redo)-1]
			undo = append(undo, act)
			redo = redo[:len(redo)-1]
		default:
			undo = append(undo, modelAction{before: before, after: m, entries: entries})
			redo = nil
		}
		b := balancesOf(t, st, id)
		got := modelState{points: b.Points, balance: b.Balance, owed: b.Owed, limit: b.CreditLimit}
		want := m
		want.spend = 0
		if got != want {
			t.Fatalf("step %d %s: balances %+v, want %+v", step, what, got, want)
		}
		if b.Points < 0 || b.Balance < 0 || b.Owed < 0 || b.Owed > b.CreditLimit {
			t.Fatalf("step %d %s: balances out of bounds %+v", step, what, b)
		}
		err = st.Statement(ctx, id, StatementRange{}, func(Balances) error { return nil }, func(l StatementLine) error {
			if l.Running < 0 {
				t.Fatalf("step %d %s: the statement shows %s at %d on %s", step, what, l.Account, l.Running, l.Date)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		mustCheck(t, st)
	}
	// the sequence must exercise both sides of the rules, and the past
	if done < steps/2 || refused == 0 || backDated == 0 {
		t.Errorf("%d operations done (%d back-dated), %d refused: the sequence tests too little", done, backDated, refused)
	}
	t.Logf("%d done (%d back-dated), %d refused", done, backDated, refused)
}

// onePointPerYuan sets the rules so that every grade earns one point per
// yuan spent, whatever grade the customer reaches.
func onePointPerYuan(t *testing.T, st *Store) {
	t.Helper()
	ctx := context.Background()
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range tiering.Grades() {
		p := rules.Policy(g)
		p.PointsRate = 1
		rules.Policies[g] = p
	}
	if _, err := st.SetRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
}
