package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

func balancesOf(t *testing.T, st *Store, id int64) Balances {
	t.Helper()
	b, err := st.Balances(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	b.OwedSince = ""
	return b
}

func entryCount(t *testing.T, st *Store) int {
	t.Helper()
	var n int
	if err := st.db.QueryRow("SELECT count(*) FROM account_entries").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func mustCheck(t *testing.T, st *Store) {
	t.Helper()
	bad, err := st.CheckAccounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) != 0 {
		t.Errorf("balances disagree with the journal: %+v", bad)
	}
}

func payBuy(t *testing.T, st *Store, id int64, in PurchaseInput) {
	t.Helper()
	if _, _, err := st.AddPurchase(context.Background(), id, in); err != nil {
		t.Fatalf("buy %+v: %v", in, err)
	}
}

// A top-up with its bonus, a purchase paid from it, a refund back to it:
// stored value, points and the statement's running balances by hand.
func TestTopUpPayRefundAndStatement(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "王芳"})
	b, err := st.TopUp(ctx, id, "1000", "100")
	if err != nil {
		t.Fatal(err)
	}
	if b.Balance != 110000 {
		t.Fatalf("after 充1000送100 the balance is %d fen, want 110000", b.Balance)
	}
	payBuy(t, st, id, PurchaseInput{Amount: "580", Pay: "balance"})
	if got, want := balancesOf(t, st, id), (Balances{Balance: 52000, Points: 580}); got != want {
		t.Errorf("after paying 580 from stored value: %+v, want %+v", got, want)
	}
	payBuy(t, st, id, PurchaseInput{Amount: "-80.50", Pay: "余额"})
	// 80 points back for 80.50 yuan refunded (whole yuan earn points)
	if got, want := balancesOf(t, st, id), (Balances{Balance: 60050, Points: 500}); got != want {
		t.Errorf("after refunding 80.50 to stored value: %+v, want %+v", got, want)
	}
	payBuy(t, st, id, PurchaseInput{Amount: "99.99", Pay: "wechat"})
	if got, want := balancesOf(t, st, id), (Balances{Balance: 60050, Points: 599}); got != want {
		t.Errorf("after a WeChat purchase of 99.99: %+v, want %+v", got, want)
	}
	mustCheck(t, st)

	type line struct {
		account, kind string
		amount, run   int64
	}
	var got []line
	var open Balances
	err = st.Statement(ctx, id, StatementRange{}, func(b Balances) error { open = b; return nil }, func(l StatementLine) error {
		got = append(got, line{l.Account, l.Kind, l.Amount, l.Running})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []line{
		{"balance", "topup", 100000, 100000},
		{"balance", "bonus", 10000, 110000},
		{"balance", "pay", -58000, 52000},
		{"points", "earn", 580, 580},
		{"balance", "refund", 8050, 60050},
		{"points", "unearn", -80, 500},
		{"points", "earn", 99, 599},
	}
	if open != (Balances{}) || len(got) != len(want) {
		t.Fatalf("statement opening %+v, lines %+v, want %+v", open, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement line %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestStatementRangeOpensWithEarlierBalances(t *testing.T) {
	st, clk := openMovable(t, agendaDay(t, "2026-10-01 09:00"))
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "李雷"})
	if _, err := st.TopUp(ctx, id, "200", ""); err != nil {
		t.Fatal(err)
	}
	clk.t = agendaDay(t, "2026-10-15 09:00")
	payBuy(t, st, id, PurchaseInput{Amount: "50", Pay: "balance"})
	clk.t = agendaDay(t, "2026-11-02 09:00")
	if _, err := st.TopUp(ctx, id, "30", ""); err != nil {
		t.Fatal(err)
	}
	var open Balances
	var runs []int64
	r, err := ParseStatementRange("2026/10/10", "2026-10-31")
	if err != nil {
		t.Fatal(err)
	}
	err = st.Statement(ctx, id, r, func(b Balances) error { open = b; return nil }, func(l StatementLine) error {
		runs = append(runs, l.Running)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// October 10 to 31: opens at 200.00, the purchase (and its 50 points)
	if open.Balance != 20000 || open.Points != 0 || len(runs) != 2 || runs[0] != 15000 || runs[1] != 50 {
		t.Errorf("opening %+v, running %v; want 200.00 opening, then 150.00 and 50 points", open, runs)
	}
	if _, err := ParseStatementRange("2026-11-01", "2026-10-01"); err == nil {
		t.Error("a period ending before it starts was accepted")
	}
}

// Each refusal names the balance as it stands and writes nothing at all:
// no purchase, no entry, no journal line.
func TestAccountRefusalsWriteNothing(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "张伟"})
	if _, err := st.TopUp(ctx, id, "100", ""); err != nil {
		t.Fatal(err)
	}
	payBuy(t, st, id, PurchaseInput{Amount: "30"}) // 30 points, cash
	var journal0, purchases0 int
	count := func() (int, int) {
		var j, p int
		if err := st.db.QueryRow("SELECT (SELECT count(*) FROM journal), (SELECT count(*) FROM purchases)").Scan(&j, &p); err != nil {
			t.Fatal(err)
		}
		return j, p
	}
	journal0, purchases0 = count()
	entries0, before := entryCount(t, st), balancesOf(t, st, id)
	cases := []struct {
		name string
		do   func() error
		en   string
		zh   string
	}{
		{"pay above the balance", func() error {
			_, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "100.01", Pay: "balance"})
			return err
		}, "the balance is ¥100.00", "储值余额只有 ¥100.00"},
		{"redeem above the points", func() error { _, err := st.RedeemPoints(ctx, id, 31, ""); return err },
			"holds 30 points", "只有 30 积分"},
		{"credit without a limit", func() error {
			_, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "10", Pay: "credit"})
			return err
		}, "no credit limit", "没有赊账额度"},
		{"repay with nothing owed", func() error { _, err := st.Repay(ctx, id, "5"); return err },
			"owes ¥0.00", "只欠 ¥0.00"},
		{"a zero top-up", func() error { _, err := st.TopUp(ctx, id, "0", ""); return err },
			"more than zero", "大于零"},
		{"an adjustment without a reason", func() error { _, err := st.AdjustPoints(ctx, id, 5, " "); return err },
			"needs a reason", "原因"},
		{"an unknown payment", func() error {
			_, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "10", Pay: "bitcoin"})
			return err
		}, `unknown payment "bitcoin"`, "未知的支付方式"},
	}
	for _, c := range cases {
		err := c.do()
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if got := i18n.Message(err, i18n.EN); !strings.Contains(got, c.en) {
			t.Errorf("%s: %q does not say %q", c.name, got, c.en)
		}
		if got := i18n.Message(err, i18n.ZH); !strings.Contains(got, c.zh) {
			t.Errorf("%s: %q does not say %q", c.name, got, c.zh)
		}
	}
	if _, err := st.SetCreditLimit(ctx, id, "500"); err != nil {
		t.Fatal(err)
	}
	journal0++ // the limit's edit
	payBuy(t, st, id, PurchaseInput{Amount: "400", Pay: "credit"})
	journal0 += 3 // purchase, charge, points
	purchases0++
	entries0 += 2
	before.Owed, before.Points = 40000, 430
	_, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "100.01", Pay: "credit"})
	if got := i18n.Message(err, i18n.EN); !strings.Contains(got, "owes ¥400.00 of a ¥500.00 credit limit") {
		t.Errorf("credit above the limit: %v", err)
	}
	_, err = st.Repay(ctx, id, "400.01")
	if got := i18n.Message(err, i18n.ZH); !strings.Contains(got, "只欠 ¥400.00") {
		t.Errorf("repaying more than owed: %v", err)
	}
	if _, err := st.SetCreditLimit(ctx, id, "-1"); err == nil {
		t.Error("a negative credit limit was accepted")
	}
	after := balancesOf(t, st, id)
	after.CreditLimit = 0
	if after != before {
		t.Errorf("balances moved by refused operations: %+v, want %+v", after, before)
	}
	if j, p := count(); j != journal0 || p != purchases0 || entryCount(t, st) != entries0 {
		t.Errorf("refusals wrote: journal %d (want %d), purchases %d (want %d), entries %d (want %d)", j, journal0, p, purchases0, entryCount(t, st), entries0)
	}
	mustCheck(t, st)
}

// Undo appends a reversal, redo the entry again; neither removes a line.
func TestAccountUndoRedoAppendOnly(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "陈静"})
	if _, err := st.TopUp(ctx, id, "300", "20"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if b := balancesOf(t, st, id); b.Balance != 0 || entryCount(t, st) != 4 {
		t.Errorf("after undo: balance %d, %d entries; want 0 and 4 (two and their reversals)", b.Balance, entryCount(t, st))
	}
	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if b := balancesOf(t, st, id); b.Balance != 32000 || entryCount(t, st) != 6 {
		t.Errorf("after redo: balance %d, %d entries; want 32000 and 6", b.Balance, entryCount(t, st))
	}
	// The second undo takes back the redone entries, not the originals
	// already reversed.
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if b := balancesOf(t, st, id); b.Balance != 0 || entryCount(t, st) != 8 {
		t.Errorf("after the second undo: balance %d, %d entries; want 0 and 8", b.Balance, entryCount(t, st))
	}
	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	// A purchase paid from it, undone: stored value and points as before,
	// by two more reversals.
	payBuy(t, st, id, PurchaseInput{Amount: "310", Pay: "balance"})
	if b := balancesOf(t, st, id); b.Balance != 1000 || b.Points != 310 {
		t.Errorf("after paying 310: %+v, want 1000 fen and 310 points", b)
	}
	n := entryCount(t, st)
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if b := balancesOf(t, st, id); b.Balance != 32000 || b.Points != 0 || entryCount(t, st) != n+2 {
		t.Errorf("undo of the paid purchase: %+v, %d entries (want 32000 fen, 0 points, %d)", b, entryCount(t, st), n+2)
	}
	mustCheck(t, st)
}

// Points the calendar took stay taken: undoing the purchase that earned
// them would take the points below zero, and is refused without a write.
func TestUndoRefusedAfterThePointsExpired(t *testing.T) {
	st, clk := openMovable(t, agendaDay(t, "2026-01-10 09:00"))
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "甲"})
	payBuy(t, st, id, PurchaseInput{Amount: "100"})
	clk.t = agendaDay(t, "2027-01-10 09:00")
	n, err := st.ExpirePointsIfStale(ctx)
	if err != nil || n != 100 {
		t.Fatalf("expired %d points (%v), want 100", n, err)
	}
	entries := entryCount(t, st)
	_, err = st.Undo(ctx)
	if got := i18n.Message(err, i18n.EN); !strings.Contains(got, "points would fall below zero (it stands at 0)") {
		t.Errorf("undo of the purchase after its points expired: %q", got)
	}
	var purchases int
	if err := st.db.QueryRow("SELECT count(*) FROM purchases").Scan(&purchases); err != nil {
		t.Fatal(err)
	}
	if purchases != 1 || entryCount(t, st) != entries {
		t.Errorf("the refused undo wrote: %d purchases, %d entries (want 1, %d)", purchases, entryCount(t, st), entries)
	}
	mustCheck(t, st)
}
