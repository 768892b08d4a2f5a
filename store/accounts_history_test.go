package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// runningOf lists customer id's statement lines of account as "date running".
func runningOf(t *testing.T, st *Store, id int64, account string) []string {
	t.Helper()
	var out []string
	err := st.Statement(context.Background(), id, StatementRange{}, func(Balances) error { return nil }, func(l StatementLine) error {
		if l.Account == account {
			out = append(out, l.Date+" "+FormatAmount(account, l.Running))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A payment from stored value dated before the top-up that would cover it
// is refused, naming the day and what was held on it, and writes nothing;
// one dated where the money was there is taken, and no day of the
// statement runs below zero.
func TestBackDatedPaymentCannotOverdrawThePast(t *testing.T) {
	st, clk := openMovable(t, agendaDay(t, "2026-11-10 09:00"))
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "韩梅梅"})
	if _, err := st.TopUp(ctx, id, "100", ""); err != nil {
		t.Fatal(err)
	}
	clk.t = agendaDay(t, "2026-11-20 09:00")
	if _, err := st.TopUp(ctx, id, "50", ""); err != nil {
		t.Fatal(err)
	}
	clk.t = agendaDay(t, "2026-11-22 09:00")
	entries0 := entryCount(t, st)
	cases := []struct {
		amount, date, en, zh string
	}{
		{"80", "2026-11-05", "cannot take ¥80.00 of stored value dated 2026-11-05: on 2026-11-05 the stored value was only ¥0.00",
			"2026-11-05 当天储值余额只有 ¥0.00"},
		{"120", "2026-11-12", "on 2026-11-12 the stored value was only ¥100.00", "2026-11-12 当天储值余额只有 ¥100.00"},
	}
	for _, c := range cases {
		_, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: c.amount, Pay: "balance", Date: c.date})
		if err == nil {
			t.Fatalf("paying %s dated %s was accepted", c.amount, c.date)
		}
		if got := i18n.Message(err, i18n.EN); !strings.Contains(got, c.en) {
			t.Errorf("%q does not say %q", got, c.en)
		}
		if got := i18n.Message(err, i18n.ZH); !strings.Contains(got, c.zh) {
			t.Errorf("%q does not say %q", got, c.zh)
		}
	}
	if n := entryCount(t, st); n != entries0 {
		t.Errorf("refusals wrote entries: %d, want %d", n, entries0)
	}
	if b := balancesOf(t, st, id); b.Balance != 15000 {
		t.Errorf("balance %d after refusals, want 15000", b.Balance)
	}
	payBuy(t, st, id, PurchaseInput{Amount: "100", Pay: "balance", Date: "2026-11-12"})
	want := []string{"2026-11-10 ¥100.00", "2026-11-12 ¥0.00", "2026-11-20 ¥50.00"}
	if got := runningOf(t, st, id, AccountBalance); strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("statement %v, want %v", got, want)
	}
	// 50.00 is held now, but nothing on 15 November (between the payment
	// and the second top-up)
	_, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "50", Pay: "balance", Date: "2026-11-15"})
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "on 2026-11-15 the stored value was only ¥0.00") {
		t.Errorf("paying 50 dated 2026-11-15: %v", err)
	}
	payBuy(t, st, id, PurchaseInput{Amount: "50", Pay: "balance", Date: "2026-11-21"})
	mustCheck(t, st)
}

// A refund dated before the points its amount earned takes back only what
// was held on every day since: here none.
func TestBackDatedRefundTakesBackOnlyPointsHeldSince(t *testing.T) {
	st := openTest(t) // today 2026-11-22
	id := mustAdd(t, st, map[string]string{"name": "李雷"})
	onePointPerYuan(t, st)
	payBuy(t, st, id, PurchaseInput{Amount: "200", Date: "2026-11-10"}) // 200 points on 10 November
	payBuy(t, st, id, PurchaseInput{Amount: "-30", Date: "2026-11-15"}) // takes back 30
	payBuy(t, st, id, PurchaseInput{Amount: "-50", Date: "2026-11-01"}) // none held on 1 November
	if b := balancesOf(t, st, id); b.Points != 170 {
		t.Errorf("points %d, want 170", b.Points)
	}
	want := []string{"2026-11-10 200", "2026-11-15 170"}
	if got := runningOf(t, st, id, AccountPoints); strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("points statement %v, want %v", got, want)
	}
	mustCheck(t, st)
}

// Within a day the statement runs entries as written: a payment that
// emptied the account before a later top-up that day leaves nothing to
// take back-dated before it, though the day ends in credit.
func TestBackDatedPaymentCannotOverdrawWithinADay(t *testing.T) {
	st, clk := openMovable(t, agendaDay(t, "2026-11-05 09:00"))
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "王芳"})
	if _, err := st.TopUp(ctx, id, "100", ""); err != nil {
		t.Fatal(err)
	}
	clk.t = agendaDay(t, "2026-11-10 09:00")
	payBuy(t, st, id, PurchaseInput{Amount: "100", Pay: "balance"})
	if _, err := st.TopUp(ctx, id, "100", ""); err != nil {
		t.Fatal(err)
	}
	clk.t = agendaDay(t, "2026-11-12 09:00")
	_, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "50", Pay: "balance", Date: "2026-11-08"})
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "on 2026-11-10 the stored value was only ¥0.00") {
		t.Errorf("paying 50 dated 2026-11-08: %v", err)
	}
	want := []string{"2026-11-05 ¥100.00", "2026-11-10 ¥0.00", "2026-11-10 ¥100.00"}
	if got := runningOf(t, st, id, AccountBalance); strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("statement %v, want %v", got, want)
	}
}
