package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// Points expire twelve months after the day they were earned, oldest
// first, as of the clock's today; the next expiry is shown with its date.
func TestPointsExpireAsOfToday(t *testing.T) {
	st, clk := openMovable(t, agendaDay(t, "2026-07-01 09:00"))
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "王芳"})
	payBuy(t, st, id, PurchaseInput{Amount: "100", Date: "2026-01-10"}) // 100 points, gone 2027-01-10
	payBuy(t, st, id, PurchaseInput{Amount: "50", Date: "2026-06-01"})  // 50 points, gone 2027-06-01
	if _, err := st.RedeemPoints(ctx, id, 30, "一盒茶"); err != nil {      // from the oldest: 70 of January's left
		t.Fatal(err)
	}
	next, err := st.NextPointsExpiry(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if next != (PointsExpiry{Date: "2027-01-10", Points: 70}) {
		t.Errorf("next expiry %+v, want 70 points on 2027-01-10", next)
	}
	clk.t = agendaDay(t, "2027-01-09 09:00")
	if n, err := st.ExpirePointsIfStale(ctx); err != nil || n != 0 {
		t.Errorf("the day before: %d expired (%v), want 0", n, err)
	}
	clk.t = agendaDay(t, "2027-01-10 09:00")
	if n, err := st.ExpirePointsIfStale(ctx); err != nil || n != 70 {
		t.Errorf("on 2027-01-10: %d expired (%v), want 70", n, err)
	}
	if n, err := st.ExpirePointsIfStale(ctx); err != nil || n != 0 {
		t.Errorf("a second run the same day expired %d (%v)", n, err)
	}
	if b := balancesOf(t, st, id); b.Points != 50 {
		t.Errorf("points %d after the expiry, want 50", b.Points)
	}
	next, err = st.NextPointsExpiry(ctx, id)
	if err != nil || next != (PointsExpiry{Date: "2027-06-01", Points: 50}) {
		t.Errorf("next expiry %+v (%v), want 50 points on 2027-06-01", next, err)
	}
	// Redeeming more than is still good is refused even before the daily
	// run: the operation expires what is due first.
	clk.t = agendaDay(t, "2027-06-02 09:00")
	_, err = st.RedeemPoints(ctx, id, 1, "")
	if got := i18n.Message(err, i18n.EN); !strings.Contains(got, "cannot redeem 1 points: the customer holds 0 points") {
		t.Errorf("redeeming a point that expired on 2027-06-01: %q", got)
	}
	if n, err := st.ExpirePointsIfStale(ctx); err != nil || n != 50 {
		t.Errorf("on 2027-06-02: %d expired (%v), want 50", n, err)
	}
	if b := balancesOf(t, st, id); b.Points != 0 {
		t.Errorf("points %d on 2027-06-02, want 0", b.Points)
	}
	mustCheck(t, st)
}

// Credit: a purchase on credit within the limit, overdue after 30 days on
// the agenda (first, with amount and days), repaid oldest charge first.
func TestCreditOverdueOnTheAgenda(t *testing.T) {
	st, clk := openMovable(t, agendaDay(t, "2026-11-22 09:00"))
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "恒通建材"})
	other := mustAdd(t, st, map[string]string{"name": "李雷"})
	for _, c := range []int64{id, other} {
		if _, err := st.SetCreditLimit(ctx, c, "5000"); err != nil {
			t.Fatal(err)
		}
	}
	payBuy(t, st, id, PurchaseInput{Amount: "1200", Date: "2026-10-01", Pay: "credit"})
	payBuy(t, st, id, PurchaseInput{Amount: "800", Date: "2026-11-20", Pay: "赊账"})
	payBuy(t, st, other, PurchaseInput{Amount: "300", Date: "2026-10-23", Pay: "credit"}) // 30 days: due, not overdue
	a, err := st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Totals.Credit != 1 || len(a.Credit) != 1 {
		t.Fatalf("overdue credit %d %+v, want 恒通建材 alone", a.Totals.Credit, a.Credit)
	}
	it := a.Credit[0]
	if it.CustomerID != id || it.Owed != 200000 || it.Days != 52 || it.OwedSince != "2026-10-01" {
		t.Errorf("credit item %+v, want owes 2000.00 since 2026-10-01, 52 days", it)
	}
	// Repaying 1200 settles the October charge: what is left dates from
	// November 20 and is not overdue.
	if _, err := st.Repay(ctx, id, "1200"); err != nil {
		t.Fatal(err)
	}
	if b, _ := st.Balances(ctx, id); b.Owed != 80000 || b.OwedSince != "2026-11-20" {
		t.Errorf("after repaying 1200: %+v, want 800.00 owed since 2026-11-20", b)
	}
	clk.t = agendaDay(t, "2026-11-23 09:00")
	a, err = st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Totals.Credit != 1 || a.Credit[0].CustomerID != other || a.Credit[0].Days != 31 {
		t.Errorf("a day later: %+v, want 李雷 overdue by 31 days", a.Credit)
	}
	sum, err := st.TierSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// points: 1200 + 800 + 300 earned
	if sum.CreditOutstanding != 110000 || sum.StoredValue != 0 || sum.PointsLiability != 2300 {
		t.Errorf("summary totals: credit %d, stored %d, points %d; want 110000, 0, 2300", sum.CreditOutstanding, sum.StoredValue, sum.PointsLiability)
	}
	mustCheck(t, st)
}

// kehu check finds a stored balance that no longer matches its entries.
func TestCheckAccountsFindsADrift(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "王芳"})
	if _, err := st.TopUp(ctx, id, "10", ""); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, st)
	if _, err := st.db.Exec("UPDATE customers SET balance = balance + 1, points = -2 WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	bad, err := st.CheckAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []AccountMismatch{
		{CustomerID: id, Name: "王芳", Account: "points", Stored: -2, Journal: 0},
		{CustomerID: id, Name: "王芳", Account: "balance", Stored: 1001, Journal: 1000},
	}
	if len(bad) != 2 || bad[0] != want[0] || bad[1] != want[1] {
		t.Errorf("check found %+v, want %+v", bad, want)
	}
}

// A merge gives the dropped customer's entries to the survivor and its
// balances with them; undo puts both back exactly.
func TestMergeCarriesBalances(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	keep := mustAdd(t, st, map[string]string{"name": "王芳"})
	drop := mustAdd(t, st, map[string]string{"name": "王芳(旧卡)"})
	if _, err := st.TopUp(ctx, keep, "100", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := st.TopUp(ctx, drop, "50", "5"); err != nil {
		t.Fatal(err)
	}
	payBuy(t, st, drop, PurchaseInput{Amount: "20", Pay: "balance"})
	if _, err := st.Merge(ctx, keep, drop, MergeOptions{Lang: i18n.EN}); err != nil {
		t.Fatal(err)
	}
	if k, d := balancesOf(t, st, keep), balancesOf(t, st, drop); k.Balance != 13500 || k.Points != 20 || d.Balance != 0 || d.Points != 0 {
		t.Errorf("after the merge: keep %+v, drop %+v; want 135.00 and 20 points on keep, nothing on drop", k, d)
	}
	mustCheck(t, st)
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if k, d := balancesOf(t, st, keep), balancesOf(t, st, drop); k.Balance != 10000 || d.Balance != 3500 || d.Points != 20 {
		t.Errorf("after undoing the merge: keep %+v, drop %+v; want 100.00, and 35.00 with 20 points", k, d)
	}
	mustCheck(t, st)
}

// Points are earned at the rate of the customer's grade policy (by default
// A 2, B 1.5, C and D 1 per whole yuan), rounded down.
func TestPointsRatePerGrade(t *testing.T) {
	st := openTest(t)
	a := mustAdd(t, st, map[string]string{"name": "甲", "pinned": "A"})
	b := mustAdd(t, st, map[string]string{"name": "乙", "pinned": "B"})
	d := mustAdd(t, st, map[string]string{"name": "丁", "pinned": "D"})
	payBuy(t, st, a, PurchaseInput{Amount: "100.50"}) // 100 yuan × 2
	payBuy(t, st, b, PurchaseInput{Amount: "101"})    // 101 × 1.5 = 151.5
	payBuy(t, st, d, PurchaseInput{Amount: "101"})    // 101 × 1
	for _, c := range []struct {
		id, want int64
	}{{a, 200}, {b, 151}, {d, 101}} {
		if got := balancesOf(t, st, c.id).Points; got != c.want {
			t.Errorf("customer %d earned %d points, want %d", c.id, got, c.want)
		}
	}
	mustCheck(t, st)
}
