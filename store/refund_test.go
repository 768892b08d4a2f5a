package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

type totals struct {
	spend, count          int64
	first, last           string
	gap                   float64
	winCount, winSpend    int64
	inFrequency, inSpendM int64
}

func readTotals(t *testing.T, st *Store, id int64) totals {
	t.Helper()
	var tt totals
	if err := st.db.QueryRow("SELECT total_spend, purchases, first_purchase, last_purchase, median_gap, win_count, win_spend FROM customers WHERE id = ?", id).
		Scan(&tt.spend, &tt.count, &tt.first, &tt.last, &tt.gap, &tt.winCount, &tt.winSpend); err != nil {
		t.Fatal(err)
	}
	in, err := st.Input(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	tt.inFrequency, tt.inSpendM = int64(in.Frequency), in.Monetary
	return tt
}

// A refund lowers the spend (total and in the window, so M) but is not a
// purchase: the count, F, the gaps and the first and last purchase dates
// ignore it. Undo and redo keep the stored totals right, and may not leave
// refunds larger than the purchases.
func TestRefundsLowerSpendOnly(t *testing.T) {
	ctx := context.Background()
	st := openTest(t) // today 2026-11-22
	id := mustAdd(t, st, map[string]string{"name": "王芳"})
	for _, p := range []PurchaseInput{{Amount: "12000", Date: "2026-10-01"}, {Amount: "-500", Date: "2026-11-20"}, {Amount: "500", Date: "2026-10-11"}} {
		if _, _, err := st.AddPurchase(ctx, id, p); err != nil {
			t.Fatal(err)
		}
	}
	// Purchases 2026-10-01 and 10-11: one gap of 10 days; the refund of
	// 11-20 is neither the last purchase nor a gap.
	want := totals{spend: 1200000, count: 2, first: "2026-10-01", last: "2026-10-11", gap: 10, winCount: 2, winSpend: 1200000, inFrequency: 2, inSpendM: 1200000}
	if got := readTotals(t, st, id); got != want {
		t.Errorf("after 12000, -500, 500: %+v, want %+v", got, want)
	}
	h, _ := st.GradeHistory(ctx, id, "", 10)
	for _, e := range h {
		if strings.HasPrefix(e.Reason, ReasonRefund) && st.ReasonText(e.Reason, i18n.ZH) != "退款 ¥500.00" {
			t.Errorf("refund reason %q reads %q", e.Reason, st.ReasonText(e.Reason, i18n.ZH))
		}
	}
	// Too large a refund is refused and writes nothing.
	_, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "-12000.01"})
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "a refund of ¥12,000.01 is more than this customer's total spend of ¥12,000.00") {
		t.Fatalf("refund over the total: %v", err)
	}
	if got := readTotals(t, st, id); got != want {
		t.Errorf("after a refused refund: %+v", got)
	}
	// Undo of the last purchase (500 on 10-11) would leave 12000 - 500:
	// fine. Undo of the refund then puts 500 back.
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	want = totals{spend: 1150000, count: 1, first: "2026-10-01", last: "2026-10-01", gap: 0, winCount: 1, winSpend: 1150000, inFrequency: 1, inSpendM: 1150000}
	if got := readTotals(t, st, id); got != want {
		t.Errorf("after undoing the 500: %+v, want %+v", got, want)
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	want = totals{spend: 1200000, count: 1, first: "2026-10-01", last: "2026-10-01", winCount: 1, winSpend: 1200000, inFrequency: 1, inSpendM: 1200000}
	if got := readTotals(t, st, id); got != want {
		t.Errorf("after undoing the refund: %+v, want %+v", got, want)
	}
	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := readTotals(t, st, id); got.spend != 1150000 || got.count != 1 {
		t.Errorf("after redoing the refund: %+v", got)
	}
}

// A birthday cannot be after today; a custom date column takes any real
// date (a contract end, a planned visit).
func TestBirthdayNotInTheFutureCustomDatesAnyDay(t *testing.T) {
	ctx := context.Background()
	st := openTest(t) // today 2026-11-22
	if _, err := st.AddColumn(ctx, "合同到期", Date, nil); err != nil {
		t.Fatal(err)
	}
	id := mustAdd(t, st, map[string]string{"name": "王芳", "合同到期": "2028-06-30"})
	if _, err := st.SetField(ctx, id, "birthday", "2026-11-23"); err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "birthday 2026-11-23 is after today (2026-11-22)") {
		t.Errorf("a future birthday: %v", err)
	}
	if _, err := st.AddCustomer(ctx, map[string]string{"name": "李雷", "birthday": "2030/1/1"}); err == nil {
		t.Error("a customer with a birthday in 2030 was added")
	}
	if _, err := st.SetField(ctx, id, "birthday", "2026-11-22"); err != nil {
		t.Errorf("a birthday today: %v", err)
	}
	r, _ := st.Get(ctx, id)
	if c, ok := st.Column("合同到期"); !ok || r.Values[c.Key] != "2028-06-30" {
		t.Errorf("custom date %v", r.Values)
	}
}
