package store

import (
	"context"
	"fmt"
	"math/rand/v2"
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

// For random sequences of top-ups, purchases and refunds paid every way,
// redemptions, adjustments, repayments, credit limits, undos and redos:
// every operation succeeds exactly when the arithmetic says it may and
// then moves the balances by exactly its amounts, a refused one changes
// nothing, every stored balance equals the sum of its entries and is never
// below zero, what is owed never exceeds the limit, and undo and redo
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
	// one point per yuan whatever grade the customer reaches
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
	var m modelState
	var undo, redo []modelState // the state before (undo) or after (redo) each action
	done, refused := 0, 0
	yuan := func(lo, hi int) (string, int64) {
		fen := int64(lo*100 + rng.IntN((hi-lo)*100+1))
		return validate.FormatMoney(fen), fen
	}
	for step := 0; step < steps; step++ {
		before := m
		var err error
		var ok bool // the arithmetic's verdict
		var what string
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
			ok, m.balance = true, m.balance+fa+fb
		case 1, 2:
			a, fa := yuan(1, 300)
			pay := []string{"cash", "wechat", "alipay", "balance", "credit"}[rng.IntN(5)]
			what = "buy " + a + " " + pay
			_, _, err = st.AddPurchase(ctx, id, PurchaseInput{Amount: a, Pay: pay})
			switch pay {
			case "balance":
				ok = fa <= m.balance
				m.balance -= fa
			case "credit":
				ok = m.owed+fa <= m.limit
				m.owed += fa
			default:
				ok = true
			}
			m.points += fa / 100
			m.spend += fa
		case 3:
			a, fa := yuan(1, 100)
			pay := []string{"cash", "balance", "credit"}[rng.IntN(3)]
			what = "refund " + a + " " + pay
			_, _, err = st.AddPurchase(ctx, id, PurchaseInput{Amount: "-" + a, Pay: pay})
			ok = fa <= m.spend
			switch pay {
			case "balance":
				m.balance += fa
			case "credit":
				ok = ok && fa <= m.owed
				m.owed -= fa
			}
			m.points -= min(fa/100, m.points)
			m.spend -= fa
		case 4:
			n := int64(1 + rng.IntN(200))
			what = fmt.Sprint("redeem ", n)
			_, err = st.RedeemPoints(ctx, id, n, "")
			ok, m.points = n <= m.points, m.points-n
		case 5:
			n := int64(rng.IntN(101) - 50)
			if n == 0 {
				n = 1
			}
			what = fmt.Sprint("adjust ", n)
			_, err = st.AdjustPoints(ctx, id, n, "盘点")
			ok, m.points = m.points+n >= 0, m.points+n
		case 6:
			a, fa := yuan(1, 300)
			what = "repay " + a
			_, err = st.Repay(ctx, id, a)
			ok, m.owed = fa <= m.owed, m.owed-fa
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
			what = "undo"
			_, err = st.Undo(ctx)
			ok, m = true, undo[len(undo)-1]
		case 9:
			what = "redo"
			_, err = st.Redo(ctx)
			ok, m = true, redo[len(redo)-1]
		}
		if ok != (err == nil) {
			t.Fatalf("step %d %s on %+v: error %v, want success %v", step, what, before, err, ok)
		}
		if ok {
			done++
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
			redo = append(redo, before)
			undo = undo[:len(undo)-1]
		case what == "redo":
			undo = append(undo, before)
			redo = redo[:len(redo)-1]
		default:
			undo = append(undo, before)
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
		mustCheck(t, st)
	}
	// the sequence must exercise both sides of the rules
	if done < steps/2 || refused == 0 {
		t.Errorf("%d operations done, %d refused: the sequence tests too little", done, refused)
	}
	t.Logf("%d done, %d refused", done, refused)
}
