package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// A till's sales log earns points as purchases logged by hand do: at the
// rate of the customer's grade, per whole yuan, each dated on its sale (so
// it ages from then); a refund takes them back; undo of the import takes
// every point back with the sales.
func TestImportedSalesEarnPoints(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "王芳", "phone": "13800138000"})
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pol := rules.Policy("D")
	pol.PointsRate = 2.5
	rules.Policies["D"] = pol
	if _, err := st.SetRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	sales := func(yield func(Sale, error) bool) {
		for _, s := range []Sale{
			{Line: 2, Customer: "13800138000", Ref: RefPhone, At: "2026-11-01 10:00", Amount: 38050, Qty: 1, Product: "龙井"},
			{Line: 3, Customer: "13800138000", Ref: RefPhone, At: "2026-11-02 11:00", Amount: 12000, Qty: 1, Product: "白茶"},
			{Line: 4, Customer: "13800138000", Ref: RefPhone, At: "2026-11-03 12:00", Amount: -2000, Qty: 1, Product: "白茶"},
		} {
			if !yield(s, nil) {
				return
			}
		}
	}
	res, err := st.ImportSales(ctx, SalesOptions{}, sales)
	if err != nil || res.Added != 3 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	// 380 whole yuan × 2.5 = 950, 120 × 2.5 = 300, the 20 yuan refund takes
	// back 50: 1200.
	b, err := st.Balances(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if b.Points != 1200 || b.Balance != 0 || b.Owed != 0 {
		t.Errorf("after the import: %+v, want 1200 points and no money", b)
	}
	next, err := st.NextPointsExpiry(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if next.Date != "2027-11-01" {
		t.Errorf("next expiry %+v, want the first sale's points on 2027-11-01", next)
	}
	if bad, err := st.CheckAccounts(ctx); err != nil || len(bad) != 0 {
		t.Errorf("check after import: %v, %v", bad, err)
	}
	// Imported again: nothing new is logged, no points twice.
	if res, err := st.ImportSales(ctx, SalesOptions{}, sales); err != nil || res.Already != 3 {
		t.Fatalf("second import: %+v, %v", res, err)
	}
	if b, _ := st.Balances(ctx, id); b.Points != 1200 {
		t.Errorf("a repeated import changed the points to %d", b.Points)
	}
	// The first import is the last action that changed anything: undo it.
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if b, _ := st.Balances(ctx, id); b.Points != 0 {
		t.Errorf("undo of the import left %d points", b.Points)
	}
	// A dry run writes no points.
	if _, err := st.ImportSales(ctx, SalesOptions{DryRun: true}, sales); err != nil {
		t.Fatal(err)
	}
	if b, _ := st.Balances(ctx, id); b.Points != 0 {
		t.Errorf("a dry run left %d points", b.Points)
	}
}

// Taking away more points by hand than are held is refused in words about
// an adjustment (not a redemption), naming the points held; nothing written.
func TestAdjustBelowZeroRefused(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "王芳"})
	if _, err := st.AdjustPoints(ctx, id, 30, "开卡赠送"); err != nil {
		t.Fatal(err)
	}
	_, err := st.AdjustPoints(ctx, id, -31, "录错")
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "cannot take away 31 points: the customer holds 30 points") ||
		!strings.Contains(i18n.Message(err, i18n.ZH), "不能扣减 31 积分：该客户只有 30 积分") {
		t.Errorf("adjusting by -31 of 30: %v", err)
	}
	if b, _ := st.Balances(ctx, id); b.Points != 30 {
		t.Errorf("points %d after a refusal, want 30", b.Points)
	}
}

// The account queries run per operation read one customer's rows through an
// index, never the whole journal: a scan of account_entries made every
// purchase, undo and expiry check take a minute at 10M entries.
func TestAccountQueriesUseIndexes(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	for name, q := range map[string]string{"live lots": liveLotsQuery, "standing entry": standingEntryQuery} {
		plan, err := explain(ctx, st, q, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN") {
				t.Errorf("%s: the plan scans a table: %q", name, plan)
			}
		}
	}
}

// ExpirePointsOf writes off one customer's stale points and no one else's;
// run again it finds nothing. Today is 2026-11-22: points earned on
// 2025-10-01 expired on 2026-10-01.
func TestExpirePointsOfOneCustomer(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	a := mustAdd(t, st, map[string]string{"name": "王芳"})
	b := mustAdd(t, st, map[string]string{"name": "李雷"})
	for _, id := range []int64{a, b} {
		if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "120", Date: "2025-10-01"}); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range []int64{120, 0} {
		n, err := st.ExpirePointsOf(ctx, a)
		if err != nil || n != want {
			t.Errorf("run %d: expired %d, %v; want %d", i+1, n, err, want)
		}
	}
	if ba, _ := st.Balances(ctx, a); ba.Points != 0 {
		t.Errorf("王芳 keeps %d points", ba.Points)
	}
	if bb, _ := st.Balances(ctx, b); bb.Points != 120 {
		t.Errorf("李雷 has %d points, want his 120 untouched", bb.Points)
	}
	if bad, err := st.CheckAccounts(ctx); err != nil || len(bad) != 0 {
		t.Errorf("check: %v, %v", bad, err)
	}
}
