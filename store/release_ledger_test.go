package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
)

// openReleaseLedger opens a copy of testdata/ledger-v1.db, a ledger written by
// the release before any later migration (see testdata/README.md for how it was
// made), so every migration runs on a real file of the previous release.
func openReleaseLedger(t *testing.T) *store.Store {
	t.Helper()
	src, err := os.Open(filepath.Join("..", "testdata", "ledger-v1.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "ledger.db")
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.Local)
	st, err := store.Open(path, store.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatalf("open the previous release's ledger: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestPreviousReleaseLedgerOpens checks that the data the previous release
// wrote reads back unchanged after the current migrations: counts, money,
// custom columns, contacts with their follow-up, grade history.
func TestPreviousReleaseLedgerOpens(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	n, err := st.CountAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 62 {
		t.Errorf("%d customers, want 62 (60 demo + 2 imported)", n)
	}
	r, err := st.Get(ctx, 61)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Str("name"); got != "测试甲" {
		t.Errorf("customer 61 is %q, want 测试甲", got)
	}
	if got := r.Int("total_spend"); got != 1150000 {
		t.Errorf("total spend %d fen, want 1150000 (12000 bought, 500 refunded)", got)
	}
	if got := r.Int("purchases"); got != 1 {
		t.Errorf("purchase count %d, want 1 (a refund is not a purchase)", got)
	}
	var card string
	for _, c := range st.Columns() {
		if c.Custom && c.LabelZH == "会员卡号" {
			card = r.Str(c.Key)
		}
	}
	if card != "VIP-001" {
		t.Errorf("custom column 会员卡号 = %q, want VIP-001", card)
	}
	contacts, err := st.Contacts(ctx, 61, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(contacts) != 1 || contacts[0].NextFollowUp != "2026-12-07" || contacts[0].Channel != "phone" {
		t.Errorf("contacts %+v, want one phone call with follow-up 2026-12-07", contacts)
	}
	moves, err := st.GradeHistory(ctx, 7, "2027-03-01", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(moves) != 1 || moves[0].Old != "A" || moves[0].New != "B" {
		t.Errorf("grade history of #7 since 2027-03-01: %+v, want one move A→B", moves)
	}

	// The member accounts arrive empty: no entries, every balance zero
	// (and agreeing with the journal), the totals zero.
	for _, id := range []int64{7, 61, 62} {
		b, err := st.Balances(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if b != (store.Balances{}) {
			t.Errorf("customer %d balances %+v after the migration, want all zero", id, b)
		}
	}
	if bad, err := st.CheckAccounts(ctx); err != nil || len(bad) != 0 {
		t.Errorf("kehu check on the previous release's ledger: %+v %v", bad, err)
	}
	sum, err := st.TierSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.StoredValue != 0 || sum.CreditOutstanding != 0 || sum.PointsLiability != 0 {
		t.Errorf("account totals %d/%d/%d, want zero", sum.StoredValue, sum.CreditOutstanding, sum.PointsLiability)
	}
	if got := r.Int("points") + r.Int("balance") + r.Int("owed") + r.Int("credit_limit"); got != 0 {
		t.Errorf("customer 61's account columns sum to %d, want 0", got)
	}
	// and take a top-up at once
	if b, err := st.TopUp(ctx, 61, "100", "10"); err != nil || b.Balance != 11000 {
		t.Errorf("top-up on the migrated ledger: %+v %v", b, err)
	}
}

// TestPreviousReleaseLedgerGetsOwnersAndComplaints checks the defaults the
// owner, referrer, company size and complaint columns take in a ledger of
// the previous release: no owner, referrer or size; each complaint logged
// then (15 of them, by 13 customers; #44 and #50 logged two) an open
// complaint, counted on its customer.
func TestPreviousReleaseLedgerGetsOwnersAndComplaints(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	r, err := st.Get(ctx, 61)
	if err != nil {
		t.Fatal(err)
	}
	if r.Str("owner") != "" || r.Int("referred_by") != 0 || r.Str("company_size") != "" || r.Int("open_complaints") != 0 {
		t.Errorf("customer 61: owner %q, referred by %d, size %q, open complaints %d", r.Str("owner"), r.Int("referred_by"), r.Str("company_size"), r.Int("open_complaints"))
	}
	for id, want := range map[int64]int64{44: 2, 50: 2, 10: 1, 12: 1} {
		r, err := st.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Int("open_complaints"); got != want {
			t.Errorf("customer %d has %d open complaints, want %d", id, got, want)
		}
	}
	n, err := st.Count(ctx, store.Query{Filter: "open_complaints>0"})
	if err != nil || n != 13 {
		t.Errorf("open_complaints>0: %d customers, %v; want 13", n, err)
	}
	open, err := st.Complaints(ctx, true)
	if err != nil || len(open) != 15 {
		t.Errorf("%d open complaints, %v; want 15", len(open), err)
	}
	// Logging, resolving and taking back contacts keep the count there too.
	c, err := st.AddContact(ctx, 61, store.ContactInput{Channel: "phone", Kind: "complaint", Summary: "漏发"})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := st.Get(ctx, 61); r.Int("open_complaints") != 1 {
		t.Errorf("customer 61 has %d open complaints after one, want 1", r.Int("open_complaints"))
	}
	if _, err := st.ResolveComplaint(ctx, c.ID, "补发"); err != nil {
		t.Fatal(err)
	}
	if r, _ := st.Get(ctx, 61); r.Int("open_complaints") != 0 {
		t.Errorf("customer 61 has %d open complaints once resolved, want 0", r.Int("open_complaints"))
	}
	staff, err := st.Staff(ctx)
	if err != nil || len(staff) != 0 {
		t.Errorf("staff %v, %v; want none", staff, err)
	}
	if err := st.AddStaff(ctx, "小王"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetField(ctx, 61, "owner", "小王"); err != nil {
		t.Errorf("owner on a migrated ledger: %v", err)
	}
}

// The previous release's ledger gains the model columns empty (no estimate
// until the next regrade), and the first regrade for a new day fits the
// models on its purchases: 58 customers with a dated sale, 52 of them with
// sales on two days or more (counted from the fixture's purchase log).
func TestPreviousReleaseLedgerGainsModelColumns(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	if _, found, err := st.ModelFit(ctx); err != nil || found {
		t.Fatalf("a fit before any regrade: found %v, %v", found, err)
	}
	q := store.Query{Filter: "p_alive<0.5", Columns: []string{"name", "p_alive", "exp_purchases", "clv"}}
	rows, err := st.Window(ctx, store.Query{Columns: q.Columns}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Values[1] != nil || r.Values[2] != nil || r.Values[3] != nil {
			t.Fatalf("customer #%d has model values %v before any fit", r.ID, r.Values[1:])
		}
	}
	if n, err := st.Count(ctx, q); err != nil || n != 0 {
		t.Errorf("p_alive<0.5 selects %d before any fit (%v), want 0: an empty cell is no probability", n, err)
	}

	// The next day: the read regrades and fits.
	next, err := store.Open(st.Path(), store.WithClock(func() time.Time { return time.Date(2027, 3, 2, 9, 0, 0, 0, time.Local) }))
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	if _, ran, err := next.RegradeIfStale(ctx); err != nil || !ran {
		t.Fatalf("regrade for 2027-03-02: ran %v, %v", ran, err)
	}
	fit, found, err := next.ModelFit(ctx)
	if err != nil || !found {
		t.Fatalf("no fit stored by the regrade: %v", err)
	}
	if fit.FitFor != "2027-03-02" || fit.Kind != "bg/nbd" || fit.TimeUnit != "days" || fit.Customers != 58 || fit.Repeaters != 52 {
		t.Errorf("fit %+v, want bg/nbd in days for 2027-03-02 on 58 customers, 52 repeaters", fit)
	}
	if !fit.Fitted() {
		t.Fatalf("the fixture's 52 repeat buyers did not give a fit: %s", fit.Error)
	}
	// #61 bought once (and refunded part of it the same day): under BG/NBD
	// no P(alive), said so, but an expectation; #62 never bought: nothing.
	one, err := next.CustomerModel(ctx, 61)
	if err != nil {
		t.Fatal(err)
	}
	if one.PAliveKnown || !one.NoRepeat || !one.Known || one.ExpectedPurchases < 0 {
		t.Errorf("one-time buyer #61: %+v, want no P(alive), flagged no-repeat, an expectation", one)
	}
	none, err := next.CustomerModel(ctx, 62)
	if err != nil {
		t.Fatal(err)
	}
	if none.Known || none.PAliveKnown || none.ValueKnown || none.NoRepeat {
		t.Errorf("customer #62 without purchases: %+v, want no estimate at all", none)
	}
	// #7 bought on 13 days, the last on 2026-11-25: a probability.
	regular, err := next.CustomerModel(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !regular.PAliveKnown || !(regular.PAlive > 0 && regular.PAlive <= 1) || regular.DaysSinceLast != 97 {
		t.Errorf("customer #7: %+v, want a probability and 97 days since 2026-11-25", regular)
	}
}

// The previous release's ledger takes a till's sales log: its purchases
// gain the sale key empty (logged by hand), and a sale imported twice is
// logged once.
func TestPreviousReleaseLedgerImportsSalesOnce(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	sales := func(yield func(store.Sale, error) bool) {
		yield(store.Sale{Line: 2, Customer: "61", Ref: store.RefID, At: "2027-02-20 15:30", Amount: 10000, Qty: 1, Product: "龙井"}, nil)
	}
	for i, want := range []store.SalesResult{{Added: 1, Customers: 1}, {Already: 1}} {
		res, err := st.ImportSales(ctx, store.SalesOptions{}, sales)
		if err != nil {
			t.Fatalf("import %d: %v", i+1, err)
		}
		if res.Added != want.Added || res.Already != want.Already || res.Created != 0 || res.Customers != want.Customers || len(res.Rejects) != 0 {
			t.Errorf("import %d: %+v, want %+v", i+1, res, want)
		}
	}
	r, err := st.Get(ctx, 61)
	if err != nil {
		t.Fatal(err)
	}
	if r.Int("total_spend") != 1160000 || r.Int("purchases") != 2 || r.Str("last_purchase") != "2027-02-20" {
		t.Errorf("customer 61: spend %d fen, %d purchases, last %s; want 1160000 (11500 + 100), 2, 2027-02-20",
			r.Int("total_spend"), r.Int("purchases"), r.Str("last_purchase"))
	}
}

// The previous release's ledger keeps no model values: its first regrade
// computes every customer's model stats from the purchase log (a ledger
// lacking them needs a regrade even on the day its grades are for) and
// empties the values the ledger stored when they were written daily; from
// then on the values are computed when read, as of the clock's day.
func TestPreviousReleaseLedgerBuildsModelStatsOnce(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	if _, _, err := st.RegradeIfStale(ctx); err != nil {
		t.Fatal(err)
	}
	// A value stored by the release that wrote them daily, and the stats
	// gone, as on a ledger of that release.
	db := sideDB(t, st)
	for _, q := range []string{"UPDATE customers SET p_alive = 0.5, clv = 123 WHERE id = 7", "DELETE FROM settings WHERE key = 'model.stats'",
		"UPDATE customers SET m_x = NULL, m_first = NULL, m_last = NULL, m_spend = NULL"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if stale, err := st.Stale(ctx); err != nil || !stale {
		t.Fatalf("a ledger without model stats on the day of its grades: stale %v, %v; want a regrade due", stale, err)
	}
	if _, ran, err := st.RegradeIfStale(ctx); err != nil || !ran {
		t.Fatalf("regrade of a ledger without model stats: ran %v, %v", ran, err)
	}
	if stale, err := st.Stale(ctx); err != nil || stale {
		t.Errorf("after the regrade: stale %v, %v; want up to date", stale, err)
	}
	var old sql.NullFloat64
	var x, first, last sql.NullInt64
	var spend sql.NullFloat64
	if err := db.QueryRowContext(ctx, "SELECT p_alive, m_x, m_first, m_last, m_spend FROM customers WHERE id = 7").Scan(&old, &x, &first, &last, &spend); err != nil {
		t.Fatal(err)
	}
	// #7 bought 13 times on 12 days (two on 2026-01-05) from 2025-10-02
	// (day 20363 since 1970-01-01) to 2026-11-25 (day 20782): 11 repeat
	// days, ¥81,203 in all of which ¥13,619 on the first day, so
	// (81203 − 13619) / 11 = ¥6,144 a repeat day.
	if old.Valid || x.Int64 != 11 || first.Int64 != 20363 || last.Int64 != 20782 || spend.Float64 != 6144 {
		t.Errorf("customer #7: stored p_alive %v, stats x=%v first=%v last=%v spend=%v; want none stored, 11, 20363, 20782, 6144", old, x, first, last, spend)
	}
	rows, err := st.Window(ctx, store.Query{Filter: "id=7", Columns: []string{"p_alive", "clv"}}, 0, 1)
	if err != nil || len(rows) != 1 {
		t.Fatalf("customer #7: %v, %v", rows, err)
	}
	if p, ok := rows[0].Values[0].(float64); !ok || p == 0.5 || !(p > 0 && p <= 1) {
		t.Errorf("customer #7 shows P(alive) %v, want one computed for today", rows[0].Values[0])
	}
}

// The previous release's ledger gains the index the regrade reads, and the
// regrade's read of every customer uses it rather than the table.
func TestPreviousReleaseLedgerGainsTheRegradeIndex(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	db := sideDB(t, st)
	rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN SELECT id, tier_in, m_x, m_first, m_last, m_spend FROM customers WHERE deleted_at IS NULL AND id >= 1 AND id < 40 ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "\n"
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if plan != "SEARCH customers USING INDEX customers_regrade (id>? AND id<?)\n" {
		t.Errorf("the regrade's read plans as\n%s; want a search of customers_regrade", plan)
	}
	if _, ran, err := st.RegradeIfStale(ctx); err != nil || !ran {
		t.Fatalf("regrade: ran %v, %v", ran, err)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM customers INDEXED BY customers_regrade WHERE deleted_at IS NULL AND id > 0 AND m_x IS NOT NULL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	// 58 customers have a dated sale (as counted for the fit above).
	if n != 58 {
		t.Errorf("%d customers with model stats in the index, want 58", n)
	}
}

// TestPreviousReleaseLedgerGetsTallies checks that the migration counting
// the agenda and the tier summary from tallies counts the previous
// release's ledger as its rows do (figures read off the file with sqlite3),
// and that the tallies follow a write made after it.
func TestPreviousReleaseLedgerGetsTallies(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	sum, err := st.TierSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int64{"A": {12, 506838000}, "B": {12, 20384500}, "C": {34, 47188650}, "D": {4, 0}}
	for _, r := range sum.Grades {
		if got := [2]int64{int64(r.Count), r.Spend}; got != want[r.Key] {
			t.Errorf("grade %s: %d customers, %d fen; want %v", r.Key, got[0], got[1], want[r.Key])
		}
	}
	a, err := st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	// on 2027-03-01 every planned follow-up (the last on 2026-12-12) is
	// overdue; cadences A 14, B 30, C 90 days, D none
	for g, w := range map[string][2]int{"A": {4, 8}, "B": {0, 12}, "C": {8, 26}, "D": {1, 0}} {
		if c := a.ByGrade[g]; c.Overdue != w[0] || c.Due != 0 || c.Cadence != w[1] {
			t.Errorf("agenda grade %s: overdue %d, due %d, cadence %d; want %d, 0, %d", g, c.Overdue, c.Due, c.Cadence, w[0], w[1])
		}
	}
	// customer 61 (grade C, its follow-up of 2026-12-07 overdue) goes to
	// the trash
	if err := st.Delete(ctx, 61); err != nil {
		t.Fatal(err)
	}
	if sum, err = st.TierSummary(ctx); err != nil {
		t.Fatal(err)
	}
	if r := sum.Grades[2]; r.Key != "C" || r.Count != 33 || r.Spend != 47188650-1150000 {
		t.Errorf("after trashing #61: grade %s has %d customers, %d fen; want C, 33, %d", r.Key, r.Count, r.Spend, 47188650-1150000)
	}
	if a, err = st.Agenda(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if c := a.ByGrade["C"]; c.Overdue != 7 || c.Cadence != 26 {
		t.Errorf("after trashing #61: C overdue %d, past cadence %d; want 7, 26", c.Overdue, c.Cadence)
	}
}

// TestPreviousReleaseLedgerServes: the previous release's journal and
// staff carry over into the served table's schema: old journal lines and
// grade moves have no staff member, and staff keys can be added.
func TestPreviousReleaseLedgerServes(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	j, err := st.Journal(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(j) == 0 {
		t.Fatal("the previous release's journal reads back empty")
	}
	for _, e := range j {
		if e.Staff != "" || e.Session != "" {
			t.Fatalf("old journal line %d names staff %q session %q", e.ID, e.Staff, e.Session)
		}
	}
	h, err := st.GradeHistory(ctx, 0, "", 10)
	if err != nil || len(h) == 0 || h[0].Staff != "" {
		t.Fatalf("old grade history %v %v: want moves with no staff member", len(h), err)
	}
	key := store.StaffKey{Key: "ssh-ed25519 AAAAtest", Fingerprint: "SHA256:test"}
	if err := st.AddStaffWith(ctx, "新员工", store.StaffAccess{Keys: []store.StaffKey{key}}); err != nil {
		t.Fatal(err)
	}
	if m, ok, err := st.StaffByKey(ctx, key.Key); err != nil || !ok || m.Name != "新员工" {
		t.Errorf("StaffByKey on a migrated ledger: %+v %v %v", m, ok, err)
	}
}

// TestPreviousReleaseLedgerGetsTheChurnWatch checks that the previous
// release's ledger gets the churn watch with its first agenda, that the watch lists what scoring every customer lists, before and
// after a purchase recorded since, and that the customers with an open
// complaint are counted from their new index and listed oldest complaint
// first (13 customers and their order read off the file with sqlite3).
func TestPreviousReleaseLedgerGetsTheChurnWatch(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	if _, _, err := st.RegradeIfStale(ctx); err != nil {
		t.Fatal(err)
	}
	// The first regrade builds the stats (the watch is left to the agenda);
	// the first agenda scores everyone and stores the watch.
	if _, err := st.Agenda(ctx, ""); err != nil {
		t.Fatal(err)
	}
	fit, _, err := st.ModelFit(ctx)
	if err != nil || !fit.HasValue() {
		t.Fatalf("fit %+v, %v: want customer values", fit, err)
	}
	for _, step := range []string{"after the regrade", "after a purchase"} {
		fast, slow, ok, err := st.ChurnBothWays(ctx, "")
		if err != nil || !ok {
			t.Fatalf("%s: the watch answers %v, %v", step, ok, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: the watch lists %v, scoring everyone %v", step, fast, slow)
		}
		if _, _, err := st.AddPurchase(ctx, 12, store.PurchaseInput{Amount: "880"}); err != nil {
			t.Fatal(err)
		}
	}
	a, err := st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, it := range a.Complaints {
		got = append(got, it.CustomerID)
	}
	if want := []int64{50, 52, 21, 44, 30, 57, 24, 10, 39, 58, 12, 38, 48}; a.Totals.Complaints != 13 || !reflect.DeepEqual(got, want) {
		t.Errorf("%d customers with an open complaint, listed %v; want 13, %v", a.Totals.Complaints, got, want)
	}
	if first := a.Complaints[0]; first.ComplaintSince != "2026-01-29" {
		t.Errorf("customer 50's oldest open complaint %q, want 2026-01-29", first.ComplaintSince)
	}
}

// TestPreviousReleaseLedgerGetsProfileTally: the migration counts the
// profile's tally and open complaints from the previous release's
// customers and contacts, and the triggers keep them from then on.
func TestPreviousReleaseLedgerGetsProfileTally(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	check := func(step string, want map[string][3]float64) {
		t.Helper()
		p, err := st.TierProfile(ctx, store.ByGrade)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range p.Groups {
			if got := [3]float64{float64(g.Customers), g.MedianSpend, float64(g.OpenComplaints)}; got != want[g.Key] {
				t.Errorf("%s: grade %s: customers, median window spend, open complaints %v, want %v", step, g.Key, got, want[g.Key])
			}
		}
	}
	// window spends (fen) of the twelve A customers: 2717900 3777400
	// 4520900 4636500 9618400 9852000 11937700 …; open complaints (the
	// newest contact a complaint): A #30 #39 #44, B #10 #48, C #12 #24
	// #38, D #57 #58
	check("migrated", map[string][3]float64{"A": {12, (9852000 + 11937700) / 2.0, 3}, "B": {12, (1208100 + 1313700) / 2.0, 2},
		"C": {34, (208500 + 237800) / 2.0, 3}, "D": {4, 0, 2}})
	if _, err := st.AddContact(ctx, 44, store.ContactInput{At: "2027-03-01", Channel: "phone", Kind: "contact", Summary: "回访"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddContact(ctx, 23, store.ContactInput{At: "2027-03-01", Channel: "phone", Kind: "complaint", Summary: "投诉"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(ctx, 30); err != nil { // A, 9618400
		t.Fatal(err)
	}
	check("#44 called back, #23 complained, #30 trashed", map[string][3]float64{"A": {11, 11937700, 1}, "B": {12, (1208100 + 1313700) / 2.0, 2},
		"C": {34, (208500 + 237800) / 2.0, 3}, "D": {4, 0, 3}})
}

// The previous release's ledger gains the stage rule's churn index with
// every column the churn warnings read of a candidate, so they read no
// candidate's row, and its churn warnings come out of it.
func TestPreviousReleaseLedgerGainsTheCoveringDormantIndex(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	db := sideDB(t, st)
	rows, err := db.QueryContext(ctx, "SELECT coalesce(name, '<expr>') FROM pragma_index_xinfo('customers_dormant') WHERE key = 1 ORDER BY seqno")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := "[<expr> last_purchase median_gap last_contact grade score owner m_x m_first m_last m_spend]"
	if got := fmt.Sprint(cols); got != want {
		t.Errorf("customers_dormant indexes %s, want %s", got, want)
	}
	if _, err := st.Agenda(ctx, ""); err != nil {
		t.Fatalf("agenda on the migrated ledger: %v", err)
	}
}

// The previous release's ledger gains the churn watch's value index, so
// the agenda finds the top share's cut without reading the whole watch,
// and its agenda still reads the watch.
func TestPreviousReleaseLedgerGainsTheChurnWatchValueIndex(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	if cols := indexColumns(t, st, "churn_watch_value"); cols != "value" {
		t.Errorf("churn_watch_value indexes %q, want \"value\"", cols)
	}
	if _, err := st.Agenda(ctx, ""); err != nil {
		t.Fatalf("agenda on the migrated ledger: %v", err)
	}
}

// The previous release's ledger gains the grading counter and the index of
// stored scores: once regraded for its day, the preview of new grade lines
// says what saving them does (the customers per grade after it, and how
// many move).
func TestPreviousReleaseLedgerPreviewsFromStoredScores(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	if cols := indexColumns(t, st, "customers_grading"); cols != "score,grade,pinned,stage" {
		t.Errorf("customers_grading indexes %q, want \"score,grade,pinned,stage\"", cols)
	}
	if _, _, err := st.RegradeIfStale(ctx); err != nil {
		t.Fatal(err)
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rules.GradeA, rules.GradeB = 30, 10
	p, err := st.PreviewRulesDetail(ctx, rules)
	if err != nil {
		t.Fatal(err)
	}
	if p.Changes == 0 {
		t.Fatalf("lines at 30 and 10 move no one on the release ledger: %+v", p)
	}
	rep, err := st.SetRules(ctx, rules)
	if err != nil {
		t.Fatal(err)
	}
	if rep.GradeMoves != p.Changes {
		t.Errorf("saving the lines moved %d customers, the preview said %d", rep.GradeMoves, p.Changes)
	}
	for _, g := range []string{"A", "B", "C", "D"} {
		n, err := st.Count(ctx, store.Query{Filter: "grade:" + g})
		if err != nil {
			t.Fatal(err)
		}
		if n != p.After[g] {
			t.Errorf("grade %s after saving: %d customers, the preview said %d", g, n, p.After[g])
		}
	}
}

// The previous release's ledger gains the churn watch's copies of its
// customers' grades, candidacy and risk, with their indexes and the
// triggers that keep them, and its agenda builds the watch and reads it.
func TestPreviousReleaseLedgerGainsTheChurnWatchCopies(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	db := sideDB(t, st)
	for index, want := range map[string]string{"churn_watch_candidates": "customer_grade,value,candidate", "churn_watch_risk": "risk,customer_id,candidate"} {
		if cols := indexColumns(t, st, index); cols != want {
			t.Errorf("%s indexes %q, want %q", index, cols, want)
		}
	}
	var triggers int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'customers_tally_churn_%'").Scan(&triggers); err != nil {
		t.Fatal(err)
	}
	if triggers != 4 {
		t.Errorf("%d churn watch triggers, want 4 (insert, delete, update, grade)", triggers)
	}
	for range 2 { // the first builds the watch, the second reads it
		if _, err := st.Agenda(ctx, ""); err != nil {
			t.Fatalf("agenda on the migrated ledger: %v", err)
		}
	}
}

// TestPreviousReleaseLedgerGetsTheHistoryTally checks that the previous
// release's ledger gains the history's tally and that the twelve-month
// history read from it is the one a scan of the ledger gives: the last
// twelve months of a thirteen-month history (which scans) are the same
// months, before and after a purchase.
func TestPreviousReleaseLedgerGetsTheHistoryTally(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	for _, step := range []string{"migrated", "after a purchase"} {
		if step == "after a purchase" {
			if _, _, err := st.AddPurchase(ctx, 61, store.PurchaseInput{Amount: "300", Product: "龙井", Date: "2027-02-10"}); err != nil {
				t.Fatal(err)
			}
		}
		h, err := st.TierHistory(ctx, store.HistoryOptions{})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		scan, err := st.TierHistory(ctx, store.HistoryOptions{Months: 13})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if !reflect.DeepEqual(h.Months, scan.Months[1:]) {
			t.Errorf("%s: the tally's months\n%+v\nthe scan's\n%+v", step, h.Months, scan.Months[1:])
		}
		end := 0
		for _, g := range h.Months[11].Grades {
			end += g.End
		}
		if h.Months[11].Month != "2027-03" || end != 62 {
			t.Errorf("%s: %s ends with %d customers, want 2027-03 and 62", step, h.Months[11].Month, end)
		}
	}
	db := sideDB(t, st)
	var n, rows int
	if err := db.QueryRowContext(ctx, "SELECT coalesce(sum(n), 0), count(*) FROM history_tally").Scan(&n, &rows); err != nil {
		t.Fatal(err)
	}
	if n != 62 || rows < 2 {
		t.Errorf("history_tally counts %d customers in %d trajectories, want 62 in several", n, rows)
	}
	// each customer's counted row says its month, for the next month's
	// rollover
	var march int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM history_cust WHERE month = '2027-03'").Scan(&march); err != nil {
		t.Fatal(err)
	}
	if march != 62 {
		t.Errorf("%d history_cust rows for 2027-03, want 62", march)
	}
}

// indexColumns is the columns of the named index in the ledger's file, in
// order, comma separated.
func indexColumns(t *testing.T, st *store.Store, index string) string {
	t.Helper()
	db := sideDB(t, st)
	var cols string
	if err := db.QueryRow("SELECT group_concat(name) FROM pragma_index_info(?)", index).Scan(&cols); err != nil {
		t.Fatalf("the columns of %s: %v", index, err)
	}
	return cols
}

// The previous release's ledger loses the index of the scores alone, and a
// page sorted by score still comes in the order of the scores, ties by id.
func TestPreviousReleaseLedgerSortsScoresWithoutTheirOwnIndex(t *testing.T) {
	st := openReleaseLedger(t)
	ctx := context.Background()
	db := sideDB(t, st)
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'customers_score'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("customers_score: %d, %v; want it gone", n, err)
	}
	for _, desc := range []bool{false, true} {
		dir := ""
		if desc {
			dir = " DESC"
		}
		// the order worked out by SQLite over the table itself, no index
		ids, err := queryIDs(ctx, db, "SELECT id FROM customers NOT INDEXED WHERE deleted_at IS NULL ORDER BY score"+dir+", id LIMIT 20 OFFSET 5")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := st.Window(ctx, store.Query{Sort: []store.SortKey{{Key: "score", Desc: desc}}, Columns: []string{"score"}}, 5, 20)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]int64, len(rows))
		for i, r := range rows {
			got[i] = r.ID
		}
		if len(ids) != 20 || !slices.Equal(got, ids) {
			t.Errorf("page of 20 sorted by score (desc %v): ids %v, want %v", desc, got, ids)
		}
	}
}

// queryIDs reads the one integer column of q's rows.
func queryIDs(ctx context.Context, db *sql.DB, q string) ([]int64, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// sideDB is a second handle on st's file, beside kehu's own, for reading
// (and rewriting) the ledger as another program would; closed at the
// test's end.
func sideDB(t *testing.T, st *store.Store) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", st.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
