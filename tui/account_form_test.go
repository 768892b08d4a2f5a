package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// mustBalances reads customer id's stored balances.
func mustBalances(tb testing.TB, st *store.Store, id int64) store.Balances {
	tb.Helper()
	b, err := st.Balances(context.Background(), id)
	if err != nil {
		tb.Fatalf("balances of %d: %v", id, err)
	}
	return b
}

// entryCount is the number of customer id's account entries.
func entryCount(tb testing.TB, st *store.Store, id int64) int {
	tb.Helper()
	n := 0
	err := st.Statement(context.Background(), id, store.StatementRange{}, func(store.Balances) error { return nil },
		func(store.StatementLine) error { n++; return nil })
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func ctrlS(tb testing.TB, m *model) { tb.Helper(); send(tb, m, tea.KeyMsg{Type: tea.KeyCtrlS}) }

// screenText is the model's screen without styling.
func screenText(m *model) string { return ansi.Strip(m.View()) }

// openAccount opens the account form ($) on the current row and moves to
// operation op (its position in the cycle).
func openAccount(tb testing.TB, m *model, op int) {
	tb.Helper()
	press(tb, m, "$")
	for range op {
		press(tb, m, "right")
	}
}

func TestAccountFormTopUpWithBonusAndUndo(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	id := currentID(t, m)
	openAccount(t, m, 0)
	v := screenText(m)
	// Alice's seeded purchases (5200 + 3100 + 800 yuan, at 1 point a yuan)
	// earned 9100 points; the oldest 800, from 2025-12-20, expire a year on.
	for _, want := range []string{"Account — Alice Wong", "Stored value ¥0.00 · owes ¥0.00 (limit ¥0.00) · 9100 points · 800 points expire on 2026-12-20", "top-up"} {
		if !strings.Contains(v, want) {
			t.Fatalf("account form lacks %q:\n%s", want, v)
		}
	}
	entries := entryCount(t, st, id) // the points the seeded purchases earned
	press(t, m, "tab")
	typeText(t, m, "1000")
	press(t, m, "tab")
	typeText(t, m, "100")
	if v := screenText(m); !strings.Contains(v, "stored value ¥0.00 → ¥1,100.00 after this") {
		t.Errorf("no preview of the balance after the top-up:\n%s", v)
	}
	ctrlS(t, m)
	if m.stack.depth() != 1 {
		t.Fatalf("form still open:\n%s", screenText(m))
	}
	if b := mustBalances(t, st, id); b.Balance != 110000 {
		t.Errorf("balance after 1000 + 100 bonus = %d fen, want 110000", b.Balance)
	}
	if n := entryCount(t, st, id) - entries; n != 2 {
		t.Errorf("%d entries written by a top-up with bonus, want 2", n)
	}
	if !strings.Contains(screenText(m), "topped up ¥1,000.00 with ¥100.00 bonus") {
		t.Errorf("status does not say what was done:\n%s", screenText(m))
	}
	press(t, m, "u")
	if b := mustBalances(t, st, id); b.Balance != 0 {
		t.Errorf("undo left the balance at %d fen, want 0", b.Balance)
	}
	// Undone by reversing entries: the two stand, each with its reversal.
	if n := entryCount(t, st, id) - entries; n != 4 {
		t.Errorf("%d entries after undo, want 4 (two and their reversals)", n)
	}
}

// Each refusal names the balance as it stands, keeps the form open, and
// writes nothing.
func TestAccountFormRefusalsNameTheBalance(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	id := currentID(t, m)
	ctx := context.Background()
	if _, err := st.TopUp(ctx, id, "200", ""); err != nil {
		t.Fatal(err)
	}
	// The seeded purchases earned points: bring them to 30.
	if _, err := st.AdjustPoints(ctx, id, 30-mustBalances(t, st, id).Points, "stocktake"); err != nil {
		t.Fatal(err)
	}
	before, entries := mustBalances(t, st, id), entryCount(t, st, id)
	cases := []struct {
		name   string
		op     int
		fields []string
		want   string
	}{
		{"redeem", 1, []string{"50"}, "cannot redeem 50 points: the customer holds 30 points"},
		{"repay", 2, []string{"10"}, "cannot repay ¥10.00: the customer owes ¥0.00"},
		{"adjust below zero", 4, []string{"-31", "typo"}, "cannot take away 31 points: the customer holds 30 points"},
		{"adjust without reason", 4, []string{"5", ""}, "needs a reason"},
		{"top-up of nothing", 0, []string{"0"}, "must be more than zero"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			openAccount(t, m, c.op)
			for _, f := range c.fields {
				press(t, m, "tab")
				typeText(t, m, f)
			}
			ctrlS(t, m)
			v := screenText(m)
			if m.stack.depth() != 2 {
				t.Fatalf("refused %s closed the form:\n%s", c.name, v)
			}
			if !strings.Contains(v, c.want) {
				t.Errorf("refusal does not say %q:\n%s", c.want, v)
			}
			if b := mustBalances(t, st, id); b != before {
				t.Errorf("balances moved on a refusal: %+v, want %+v", b, before)
			}
			if n := entryCount(t, st, id); n != entries {
				t.Errorf("%d entries after a refusal, want %d", n, entries)
			}
			press(t, m, "esc")
		})
	}
}

// The ledger refuses in the user's language too.
func TestAccountFormRefusalInChinese(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop())
	m := newTestModel(t, st, i18n.ZH, 100, 30)
	id := currentID(t, m)
	if _, err := st.AdjustPoints(context.Background(), id, -mustBalances(t, st, id).Points+40, "盘点"); err != nil {
		t.Fatal(err)
	}
	entries := entryCount(t, st, id)
	openAccount(t, m, 1)
	press(t, m, "tab")
	typeText(t, m, "50")
	ctrlS(t, m)
	if v := screenText(m); !strings.Contains(v, "不能兑换 50 积分：该客户只有 40 积分") {
		t.Errorf("no Chinese refusal naming the points:\n%s", v)
	}
	if n := entryCount(t, st, id); n != entries {
		t.Errorf("%d entries after a refusal, want %d", n, entries)
	}
	if b := mustBalances(t, st, id); b.Points != 40 {
		t.Errorf("points %d after a refusal, want 40", b.Points)
	}
}

func TestAccountFormRedeemRepayRefundAdjust(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	id := currentID(t, m)
	ctx := context.Background()
	if _, err := st.SetCreditLimit(ctx, id, "1000"); err != nil {
		t.Fatal(err)
	}
	// 300 on credit earns points at the grade's rate; then the form works
	// on what the ledger holds.
	if _, _, err := st.AddPurchase(ctx, id, store.PurchaseInput{Amount: "300", Pay: "credit"}); err != nil {
		t.Fatal(err)
	}
	start := mustBalances(t, st, id)
	if start.Owed != 30000 || start.Points == 0 {
		t.Fatalf("setup: %+v", start)
	}

	openAccount(t, m, 1) // redeem
	press(t, m, "tab")
	typeText(t, m, "10")
	ctrlS(t, m)
	openAccount(t, m, 2) // repay
	press(t, m, "tab")
	typeText(t, m, "120.50")
	ctrlS(t, m)
	openAccount(t, m, 3) // refund to stored value
	press(t, m, "tab")
	typeText(t, m, "50")
	ctrlS(t, m)
	openAccount(t, m, 4) // adjust
	press(t, m, "tab")
	typeText(t, m, "-3")
	press(t, m, "tab")
	typeText(t, m, "miscounted")
	ctrlS(t, m)
	if m.stack.depth() != 1 {
		t.Fatalf("a form is still open:\n%s", screenText(m))
	}
	b := mustBalances(t, st, id)
	if b.Owed != 30000-12050 {
		t.Errorf("owed %d fen after repaying 120.50 of 300, want 17950", b.Owed)
	}
	if b.Balance != 5000 {
		t.Errorf("stored value %d fen after a 50 refund to it, want 5000", b.Balance)
	}
	// Redeemed 10, adjusted -3, and the refund of 50 takes back the 100
	// points 50 yuan earn at grade A (2 a yuan).
	if g := mustGet(t, st, id).Str("grade"); g != "A" {
		t.Fatalf("grade %s, the points below assume A", g)
	}
	if want := start.Points - 10 - 3 - 100; b.Points != want {
		t.Errorf("points %d, want %d (start %d)", b.Points, want, start.Points)
	}
	// Each save is one action: four undos bring back the start exactly.
	press(t, m, "u", "u", "u", "u")
	if got := mustBalances(t, st, id); got != start {
		t.Errorf("after four undos %+v, want %+v", got, start)
	}
}

// The purchase form's pay field: from stored value, previewed, refused
// above the balance naming it, and undone exactly.
func TestPurchaseFormPaysFromBalance(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	id := currentID(t, m)
	ctx := context.Background()
	if _, err := st.TopUp(ctx, id, "100", ""); err != nil {
		t.Fatal(err)
	}
	before := mustBalances(t, st, id)
	purchases := len(mustPurchases(t, st, id, 100))
	// amount, product, qty, date, then the pay field: → three times is
	// cash → wechat → alipay → balance.
	press(t, m, "p")
	typeText(t, m, "120")
	press(t, m, "tab", "tab", "tab", "tab", "right", "right", "right")
	v := screenText(m)
	// Named before saving: the balance beside the choice, the refusal under
	// the form.
	for _, want := range []string{"stored value ¥100.00", "✗ cannot pay ¥120.00 from stored value: the balance is ¥100.00"} {
		if !strings.Contains(v, want) {
			t.Errorf("pay field lacks %q:\n%s", want, v)
		}
	}
	ctrlS(t, m)
	if v := screenText(m); m.stack.depth() != 2 || !strings.Contains(v, "cannot pay ¥120.00 from stored value: the balance is ¥100.00") {
		t.Fatalf("paying above the balance was not refused naming it:\n%s", v)
	}
	if n := len(mustPurchases(t, st, id, 100)); n != purchases {
		t.Errorf("a refused purchase was written (%d purchases, want %d)", n, purchases)
	}
	if b := mustBalances(t, st, id); b != before {
		t.Errorf("balances moved on a refusal: %+v", b)
	}
	// Back to the amount, 80 instead: paid, 20 left.
	press(t, m, "shift+tab", "shift+tab", "shift+tab", "shift+tab", "ctrl+a", "ctrl+k")
	typeText(t, m, "80")
	if v := screenText(m); !strings.Contains(v, "stored value ¥100.00 → ¥20.00 after this") {
		t.Errorf("no preview of what paying 80 leaves:\n%s", v)
	}
	ctrlS(t, m)
	if m.stack.depth() != 1 {
		t.Fatalf("purchase form still open:\n%s", screenText(m))
	}
	if !strings.Contains(screenText(m), "paid from stored value; ¥20.00 left") {
		t.Errorf("status does not say what is left:\n%s", screenText(m))
	}
	after := mustBalances(t, st, id)
	if after.Balance != 2000 || after.Points <= before.Points {
		t.Errorf("after paying 80 from 100: %+v", after)
	}
	press(t, m, "u")
	if got := mustBalances(t, st, id); got != before {
		t.Errorf("undo of the purchase left %+v, want %+v", got, before)
	}
	if n := len(mustPurchases(t, st, id, 100)); n != purchases {
		t.Errorf("undo left %d purchases, want %d", n, purchases)
	}
}

// On credit without a limit is refused, naming that there is none.
func TestPurchaseFormCreditRefused(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	id := currentID(t, m)
	press(t, m, "p")
	typeText(t, m, "50")
	press(t, m, "tab", "tab", "tab", "tab", "left") // cash ← wraps to credit
	ctrlS(t, m)
	if v := screenText(m); !strings.Contains(v, "cannot sell ¥50.00 on credit: the customer has no credit limit") {
		t.Errorf("credit without a limit not refused:\n%s", v)
	}
	if b := mustBalances(t, st, id); b.Owed != 0 {
		t.Errorf("owed %d after a refusal", b.Owed)
	}
}
