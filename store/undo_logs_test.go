package store

import (
	"context"
	"testing"
)

// Undo of a logged contact removes the entry and puts the customer's last
// contact and next follow-up back to what the remaining log says; redo puts
// the same entry back.
func TestUndoContactRemovesItRedoBringsItBack(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "王芳"})
	addContactOn(t, st, id, ContactInput{At: "2026-11-01 09:30", Channel: "phone", Summary: "第一次", Next: "2026-11-10"})
	if _, err := st.AddContact(ctx, id, ContactInput{At: "2026-11-20 15:00", Channel: "wechat", Summary: "问了春节礼盒", Next: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	assertContacts(t, st, id, []string{"问了春节礼盒", "第一次"}, "2026-11-20", "2026-12-01")

	u, err := st.Undo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if u.CustomerID != id || u.Entity != "contacts" || u.Op != "add" {
		t.Errorf("undo result %+v, want customer %d, add contacts", u, id)
	}
	assertContacts(t, st, id, []string{"第一次"}, "2026-11-01", "2026-11-10")

	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	assertContacts(t, st, id, nil, "", "")

	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	assertContacts(t, st, id, []string{"第一次"}, "2026-11-01", "2026-11-10")
	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	assertContacts(t, st, id, []string{"问了春节礼盒", "第一次"}, "2026-11-20", "2026-12-01")
	cs, err := st.Contacts(ctx, id, 10)
	if err != nil {
		t.Fatal(err)
	}
	if c := cs[0]; c.Channel != "wechat" || c.At != "2026-11-20 15:00" || c.NextFollowUp != "2026-12-01" {
		t.Errorf("redone contact %+v, want wechat at 2026-11-20 15:00, next 2026-12-01", c)
	}
}

func assertContacts(t *testing.T, st *Store, id int64, summaries []string, last, next string) {
	t.Helper()
	ctx := context.Background()
	cs, err := st.Contacts(ctx, id, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != len(summaries) {
		t.Fatalf("%d contacts logged, want %d (%q)", len(cs), len(summaries), summaries)
	}
	for i, c := range cs {
		if c.Summary != summaries[i] {
			t.Errorf("contact %d summary %q, want %q", i, c.Summary, summaries[i])
		}
	}
	r, err := st.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Str("last_contact"); got != last {
		t.Errorf("last_contact %q, want %q", got, last)
	}
	if got := r.Str("next_follow_up"); got != next {
		t.Errorf("next_follow_up %q, want %q", got, next)
	}
}

// Redo of an undone purchase inserts the same purchase again and the
// customer row's aggregates come back with it.
func TestRedoPurchaseReinsertsItWithAggregates(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "张伟"})
	if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "1000", Date: "2026-11-01", Product: "龙井"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "250.50", Date: "2026-11-21", Product: "碧螺春", Qty: "3"}); err != nil {
		t.Fatal(err)
	}
	assertPurchases(t, st, id, []string{"碧螺春", "龙井"}, 125050, 2, "2026-11-01", "2026-11-21")

	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	assertPurchases(t, st, id, []string{"龙井"}, 100000, 1, "2026-11-01", "2026-11-01")

	u, err := st.Redo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if u.CustomerID != id || u.Entity != "purchases" {
		t.Errorf("redo result %+v, want customer %d, purchases", u, id)
	}
	assertPurchases(t, st, id, []string{"碧螺春", "龙井"}, 125050, 2, "2026-11-01", "2026-11-21")
	ps, err := st.Purchases(ctx, id, 10)
	if err != nil {
		t.Fatal(err)
	}
	if p := ps[0]; p.Amount != 25050 || p.Qty != 3 || p.Date != "2026-11-21" {
		t.Errorf("redone purchase %+v, want 25050 fen, qty 3 on 2026-11-21", p)
	}
	var gap float64
	if err := st.db.QueryRowContext(ctx, "SELECT median_gap FROM customers WHERE id = ?", id).Scan(&gap); err != nil {
		t.Fatal(err)
	}
	if gap != 20 {
		t.Errorf("median_gap after redo %v, want 20 (days from 11-01 to 11-21)", gap)
	}
	if _, err := st.Redo(ctx); err == nil {
		t.Error("a second redo succeeded with nothing undone")
	}
}

func assertPurchases(t *testing.T, st *Store, id int64, products []string, spend, count int64, first, last string) {
	t.Helper()
	ctx := context.Background()
	ps, err := st.Purchases(ctx, id, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != len(products) {
		t.Fatalf("%d purchases logged, want %d (%q)", len(ps), len(products), products)
	}
	for i, p := range ps {
		if p.Product != products[i] {
			t.Errorf("purchase %d product %q, want %q", i, p.Product, products[i])
		}
	}
	r, err := st.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Int("total_spend"); got != spend {
		t.Errorf("total_spend %d, want %d", got, spend)
	}
	if got := r.Int("purchases"); got != count {
		t.Errorf("purchases %d, want %d", got, count)
	}
	// first_purchase is kept on the row for the tiering but is no column.
	var gotFirst string
	if err := st.db.QueryRowContext(ctx, "SELECT first_purchase FROM customers WHERE id = ?", id).Scan(&gotFirst); err != nil {
		t.Fatal(err)
	}
	if gotFirst != first {
		t.Errorf("first_purchase %q, want %q", gotFirst, first)
	}
	if got := r.Str("last_purchase"); got != last {
		t.Errorf("last_purchase %q, want %q", got, last)
	}
}
