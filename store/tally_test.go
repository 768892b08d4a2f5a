package store

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/kehu-app/kehu/tiering"
)

// naiveAgendaCounts counts the agenda straight from every customer row, the
// way the agenda is defined: live customers; overdue and due by the next
// follow-up; past the grade's cadence when none is set, from the last
// contact or the day added.
func naiveAgendaCounts(t *testing.T, st *Store, date string, owner string) map[string]AgendaCounts {
	t.Helper()
	ctx := context.Background()
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	day0, _ := time.ParseInLocation("2006-01-02", date, time.Local)
	rows, err := st.db.QueryContext(ctx, "SELECT grade, owner, next_follow_up, last_contact, substr(created_at, 1, 10) FROM customers WHERE deleted_at IS NULL")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]AgendaCounts{}
	for rows.Next() {
		var g, o, next, last, created string
		if err := rows.Scan(&g, &o, &next, &last, &created); err != nil {
			t.Fatal(err)
		}
		if owner != "" && o != owner && (o != "" || rules.Policy(g).Owner != owner) {
			continue
		}
		c := out[g]
		switch {
		case next != "" && next < date:
			c.Overdue++
		case next == date:
			c.Due++
		case next == "":
			ref := last
			if ref == "" {
				ref = created
			}
			if cad := rules.CadenceDays(g); cad > 0 && ref <= day0.AddDate(0, 0, -cad).Format("2006-01-02") {
				c.Cadence++
			}
		}
		out[g] = c
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkTallies compares the tallies and what reads them with a count over
// every customer row.
func checkTallies(t *testing.T, st *Store, step string) {
	t.Helper()
	ctx := context.Background()
	recount := func(q string) map[string]int64 {
		rows, err := st.db.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[string]int64{}
		for rows.Next() {
			var k string
			var n int64
			if err := rows.Scan(&k, &n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				m[k] += n
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return m
	}
	same := func(what string, got, want map[string]int64) {
		t.Helper()
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s[%s] = %d, recount %d", step, what, k, got[k], v)
			}
		}
		for k, v := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: %s[%s] = %d, recount has none", step, what, k, v)
			}
		}
	}
	same("agenda tally", recount("SELECT follow_up || '|' || day || '|' || grade || '|' || owner, n FROM agenda_tally"),
		recount(`SELECT (next_follow_up <> '') || '|' || CASE WHEN next_follow_up <> '' THEN next_follow_up
			WHEN last_contact <> '' THEN last_contact ELSE substr(created_at, 1, 10) END || '|' || grade || '|' || owner, 1
			FROM customers WHERE deleted_at IS NULL`))
	same("tier count", recount("SELECT grade || '|' || segment, n FROM tier_tally"),
		recount("SELECT grade || '|' || segment, 1 FROM customers WHERE deleted_at IS NULL"))
	same("tier spend", recount("SELECT grade || '|' || segment, spend FROM tier_tally"),
		recount("SELECT grade || '|' || segment, total_spend FROM customers WHERE deleted_at IS NULL"))

	date := st.today()
	for _, owner := range []string{"", "王"} {
		a, err := st.AgendaFor(ctx, date, owner)
		if err != nil {
			t.Fatal(err)
		}
		want := naiveAgendaCounts(t, st, date, owner)
		for _, g := range tiering.Grades() {
			got := a.ByGrade[g]
			w := want[g]
			if got.Overdue != w.Overdue || got.Due != w.Due || got.Cadence != w.Cadence {
				t.Errorf("%s: agenda of %q, grade %s: overdue/due/cadence %d/%d/%d, recount %d/%d/%d", step, owner, g,
					got.Overdue, got.Due, got.Cadence, w.Overdue, w.Due, w.Cadence)
			}
		}
	}
	sum, err := st.TierSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byGrade := recount("SELECT grade, 1 FROM customers WHERE deleted_at IS NULL")
	spend := recount("SELECT grade, total_spend FROM customers WHERE deleted_at IS NULL")
	for _, r := range sum.Grades {
		if int64(r.Count) != byGrade[r.Key] || r.Spend != spend[r.Key] {
			t.Errorf("%s: summary grade %s: %d customers, %d fen; recount %d, %d", step, r.Key, r.Count, r.Spend, byGrade[r.Key], spend[r.Key])
		}
	}
	checkProfileTally(t, st, step)
}

// TestTalliesFollowEveryWrite makes random edits through the store's own
// paths (adds, edits, contacts with and without a follow-up, purchases,
// owners, the trash, merges, undo and redo, days passing) and after each
// compares the tallies, the agenda's counts and the tier summary with a
// count over every row.
func TestTalliesFollowEveryWrite(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 6, 1, 10, 0, 0, 0, time.Local)
	st, clk := openMovable(t, start)
	if err := st.AddStaff(ctx, "王"); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(19, 7))
	var ids []int64
	day := func(off int) string { return clk.t.AddDate(0, 0, off).Format("2006-01-02") }
	pick := func() int64 { return ids[rng.IntN(len(ids))] }
	for i := range 40 {
		f := map[string]string{"name": "客户" + strconv.Itoa(i)}
		if i%5 == 0 {
			f["owner"] = "王"
		}
		ids = append(ids, mustAdd(t, st, f))
	}
	checkTallies(t, st, "after adding 40")
	for step := range 400 {
		var what string
		var err error
		switch op := rng.IntN(12); op {
		case 0:
			what = "add"
			f := map[string]string{"name": "新" + strconv.Itoa(step)}
			if rng.IntN(3) == 0 {
				f["owner"] = "王"
			}
			ids = append(ids, mustAdd(t, st, f))
		case 1, 2:
			next := day(rng.IntN(20) - 10)
			if rng.IntN(4) == 0 {
				next = NextNone
			}
			what = "contact, next " + next
			_, err = st.AddContact(ctx, pick(), ContactInput{Channel: "phone", Kind: "contact", Next: next})
		case 3, 4:
			what = "purchase"
			_, _, err = st.AddPurchase(ctx, pick(), PurchaseInput{Amount: strconv.Itoa(rng.IntN(5000) + 1), Date: day(-rng.IntN(200))})
		case 5:
			what = "owner"
			o := "王"
			if rng.IntN(2) == 0 {
				o = ""
			}
			_, err = st.SetField(ctx, pick(), "owner", o)
		case 6:
			what = "pin"
			_, err = st.SetField(ctx, pick(), "pinned", []string{"A", "B", "", ""}[rng.IntN(4)])
		case 7:
			what = "trash"
			err = st.Delete(ctx, pick())
		case 8:
			what = "restore"
			err = st.Restore(ctx, pick())
		case 9:
			what = "undo"
			_, err = st.Undo(ctx)
		case 10:
			what = "redo"
			_, err = st.Redo(ctx)
		case 11:
			// both full regrades: the chunked one and the day's single
			// transaction (each takes its rows off the tallies and counts
			// them back instead of the row triggers)
			clk.t = clk.t.AddDate(0, 0, 1)
			if step%2 == 0 {
				what = "a day passes, the day's regrade"
				_, err = st.RegradeToday(ctx)
			} else {
				what = "a day passes, full regrade"
				_, err = st.RegradeAll(ctx, ReasonTime)
			}
		}
		if err != nil {
			// refusals (nothing to undo, a trashed customer) write nothing
			t.Logf("step %d %s: %v", step, what, err)
		}
		checkTallies(t, st, fmt.Sprintf("step %d (%s)", step, what))
		if t.Failed() {
			return
		}
	}
	// a merge moves contacts and purchases and trashes the other customer
	a, b := ids[1], ids[2]
	if _, err := st.Merge(ctx, a, b, MergeOptions{}); err != nil {
		t.Logf("merge: %v", err)
	}
	checkTallies(t, st, "after a merge")
}

// TestTalliesAfterLargeImport checks the tallies a large import counts
// again (its triggers are dropped for the load) on an empty ledger and on
// one that already has customers.
func TestTalliesAfterLargeImport(t *testing.T) {
	ctx := context.Background()
	st, clk := openMovable(t, time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local))
	rows := func(n int, offset int) iter.Seq2[ImportRow, error] {
		return func(yield func(ImportRow, error) bool) {
			for i := range n {
				v := map[string]any{"name": "导入" + strconv.Itoa(i+offset), "owner": ""}
				if i%7 == 0 {
					v["owner"] = "王"
				}
				var o *Opening
				if i%3 != 0 {
					o = &Opening{Spend: int64(i%1000) * 100, Count: int64(i%4 + 1), Last: clk.t.AddDate(0, 0, -(i % 300)).Format("2006-01-02"),
						HasSpend: true, HasCount: true, HasLast: true}
				}
				if !yield(ImportRow{Line: i + 2, Values: v, Opening: o}, nil) {
					return
				}
			}
		}
	}
	if err := st.AddStaff(ctx, "王"); err != nil {
		t.Fatal(err)
	}
	// into the empty ledger, then more new customers (both counted in
	// memory), then the first rows again with other owners and spend:
	// matches that change customers, counted again from the rows
	for round, imp := range []struct{ n, offset, added int }{{6000, 0, 6000}, {7000, 100000, 7000}, {9000, 3, 3003}} {
		res, err := st.ImportRows(ctx, ImportOptions{Keys: []string{"name", "owner"}, Rows: imp.n}, rows(imp.n, imp.offset))
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != imp.added {
			t.Fatalf("import %d added %d, want %d", round, res.Added, imp.added)
		}
		checkTallies(t, st, fmt.Sprintf("after import %d", round))
	}
	var triggers int
	if err := st.db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'customers_tally_%'").Scan(&triggers); err != nil {
		t.Fatal(err)
	}
	// the tallies' four, the churn watch's four, the profile's five and
	// the grading counter's three
	if triggers != 16 {
		t.Errorf("%d tally triggers after the imports, want 16", triggers)
	}
}
