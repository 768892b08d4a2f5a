package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/xuri/excelize/v2"
)

// accountShop is a shop whose customer Dan Zhou / 陈静 (no purchases
// seeded) has a short account history: 380 cash on 2026-03-02, 200 on
// credit on 2026-03-10 (limit 500), and today (2026-03-15) a top-up of 1000
// with 100 bonus, 260 paid from it, 80 points redeemed and 150 repaid.
func accountShop(t *testing.T, lang i18n.Lang) (*store.Store, int64) {
	t.Helper()
	st := newTestStore(t)
	shop := englishShop()
	if lang == i18n.ZH {
		shop = chineseShop()
	}
	seed(t, st, shop)
	ctx := context.Background()
	id, err := st.Resolve(ctx, map[i18n.Lang]string{i18n.EN: "Dan Zhou", i18n.ZH: "陈静"}[lang])
	if err != nil {
		t.Fatal(err)
	}
	buy := func(amount, date, pay string) func() error {
		return func() error {
			_, _, err := st.AddPurchase(ctx, id, store.PurchaseInput{Amount: amount, Date: date, Product: "tea", Pay: pay})
			return err
		}
	}
	steps := []func() error{
		buy("380", "2026-03-02", "cash"),
		func() error { _, err := st.SetCreditLimit(ctx, id, "500"); return err },
		buy("200", "2026-03-10", "credit"),
		func() error { _, err := st.TopUp(ctx, id, "1000", "100"); return err },
		buy("260", "", "balance"),
		func() error { _, err := st.RedeemPoints(ctx, id, 80, ""); return err },
		func() error { _, err := st.Repay(ctx, id, "150"); return err },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	return st, id
}

// openStatement opens the detail of customer id from the table (filtered
// to it) and its statement.
func openStatement(t *testing.T, st *store.Store, lang i18n.Lang, id int64, w, h int) *model {
	t.Helper()
	m := newTestModel(t, st, lang, w, h)
	press(t, m, "f")
	typeText(t, m, fmt.Sprintf("id=%d", id))
	press(t, m, "enter")
	if got := currentID(t, m); got != id {
		t.Fatalf("cursor on %d, want %d", got, id)
	}
	press(t, m, "o", "s")
	if m.stack.depth() != 3 {
		t.Fatalf("statement not open:\n%s", screenText(m))
	}
	return m
}

func TestStatementScreenGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		st, id := accountShop(t, lang)
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			m := openStatement(t, st, lang, id, size[0], size[1])
			v := m.View()
			checkFrame(t, v, size[0], size[1])
			golden(t, fmt.Sprintf("statement_%s_%dx%d", lang, size[0], size[1]), v)
		}
	}
}

// The statement's figures, written out by hand: stored value 1000 + 100
// bonus - 260 = 840; owed 200 - 150 = 50; points 380 + 200 + 260 earned at
// 1 a yuan (grade D) - 80 = 760, of which the 300 left of the oldest lot
// (2026-03-02) expire first, a year on; nine entries.
func TestStatementScreenRunningBalances(t *testing.T) {
	st, id := accountShop(t, i18n.EN)
	m := openStatement(t, st, i18n.EN, id, 120, 35)
	v := screenText(m)
	for _, want := range []string{
		"Statement — Dan Zhou",
		"Stored value ¥840.00 · owes ¥50.00 (limit ¥500.00) · 760 points · 300 points expire on 2027-03-02",
		"Opening: stored value ¥0.00, owed ¥0.00, points 0",
		"2026-03-02  points        points earned",
		"2026-03-10  credit owed   bought on credit",
		"2026-03-15  stored value  paid from stored value",
		"-¥260.00       ¥840.00",
		"repayment",
		"Closing: stored value ¥840.00, owed ¥50.00, points 760 (9 entries)",
		"entries 1–9 of 9",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("statement lacks %q:\n%s", want, v)
		}
	}
}

// A long statement pages; the last page ends with the closing balances.
func TestStatementScreenPages(t *testing.T) {
	st, id := accountShop(t, i18n.EN)
	ctx := context.Background()
	for i := range 40 {
		if _, err := st.AdjustPoints(ctx, id, 1, fmt.Sprintf("visit %d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	m := openStatement(t, st, i18n.EN, id, 80, 24)
	// 24 lines less 11 of frame: 13 entries a page.
	if v := screenText(m); !strings.Contains(v, "entries 1–13 of 49") || strings.Contains(v, "Closing") {
		t.Errorf("first page:\n%s", v)
	}
	press(t, m, "pgdown")
	if v := screenText(m); !strings.Contains(v, "entries 14–26 of 49") || strings.Contains(v, "Opening") {
		t.Errorf("second page:\n%s", v)
	}
	press(t, m, "G")
	v := screenText(m)
	if !strings.Contains(v, "entries 37–49 of 49") || !strings.Contains(v, "+1           800") ||
		!strings.Contains(v, "Closing: stored value ¥840.00, owed ¥50.00, points 800 (49 entries)") {
		t.Errorf("last page:\n%s", v)
	}
}

// x writes the statement as `kehu statement -o` does; the status names the
// absolute path.
func TestStatementScreenExport(t *testing.T) {
	st, id := accountShop(t, i18n.EN)
	m := openStatement(t, st, i18n.EN, id, 120, 35)
	press(t, m, "x")
	if v := screenText(m); !strings.Contains(v, "Export to: Dan Zhou-statement-{date}.xlsx") {
		t.Errorf("export prompt does not offer the default file:\n%s", v)
	}
	path := filepath.Join(t.TempDir(), "dan.xlsx")
	clearInput(t, m)
	typeText(t, m, path)
	press(t, m, "enter")
	if v := screenText(m); !strings.Contains(v, "wrote 9 entries to "+path) {
		t.Errorf("status does not say where the statement went:\n%s", v)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, r := range rows {
		if len(r) >= 5 && r[2] == "paid from stored value" && r[3] == "-260.00" && r[4] == "840.00" {
			found = true
		}
	}
	if !found {
		t.Errorf("the XLSX lacks the payment from stored value with its running balance: %q", rows)
	}
	// Esc leaves the statement for the detail.
	press(t, m, "esc")
	if m.stack.depth() != 2 {
		t.Errorf("esc left depth %d, want the detail", m.stack.depth())
	}
}

func TestAccountFormGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		st, id := accountShop(t, lang)
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			m := newTestModel(t, st, lang, size[0], size[1])
			press(t, m, "f")
			typeText(t, m, fmt.Sprintf("id=%d", id))
			press(t, m, "enter", "$", "tab")
			typeText(t, m, "500")
			press(t, m, "tab")
			typeText(t, m, "50")
			v := m.View()
			checkFrame(t, v, size[0], size[1])
			golden(t, fmt.Sprintf("account_form_%s_%dx%d", lang, size[0], size[1]), v)
		}
	}
}

// The account screens fill the terminal exactly at any size, in both
// languages, and a customer that is not there is said, not drawn blank.
func TestAccountScreensFillTheFrame(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		st, id := accountShop(t, lang)
		for _, size := range [][2]int{{60, 16}, {100, 30}, {140, 45}} {
			e := scEnv(st, lang)
			e.width, e.height = size[0], size[1]
			for name, s := range map[string]screen{
				"account": opened(t, newAccountForm(e, id)), "statement": opened(t, newStatement(e, id)),
				"account-missing": opened(t, newAccountForm(e, 999)), "statement-missing": opened(t, newStatement(e, 999)),
			} {
				t.Run(string(lang)+"/"+name, func(t *testing.T) {
					v := s.View()
					checkFrame(t, v, size[0], size[1])
					if strings.HasSuffix(name, "missing") && !strings.Contains(v, "999") {
						t.Errorf("a missing customer is not named:\n%s", v)
					}
				})
			}
		}
	}
}

// Points past their age are written off before the statement is read, so
// its balances are as of today: 100 points earned on 2025-01-10 expired on
// 2026-01-10, before today (2026-03-15).
func TestStatementExpiresStalePoints(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	ctx := context.Background()
	id, err := st.Resolve(ctx, "Henry Gao")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddPurchase(ctx, id, store.PurchaseInput{Amount: "100", Date: "2025-01-10"}); err != nil {
		t.Fatal(err)
	}
	if b := mustBalances(t, st, id); b.Points != 100 {
		t.Fatalf("setup: %d points, want the 100 earned (not yet written off)", b.Points)
	}
	m := openStatement(t, st, i18n.EN, id, 120, 35)
	v := screenText(m)
	for _, want := range []string{"· 0 points · no points expiring", "points expired", "Closing: stored value ¥0.00, owed ¥0.00, points 0 (2 entries)"} {
		if !strings.Contains(v, want) {
			t.Errorf("statement lacks %q:\n%s", want, v)
		}
	}
}
