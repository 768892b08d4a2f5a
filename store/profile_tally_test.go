package store

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// checkProfileTally compares the tier profile added up from the tally
// with the one read from every customer, for every grouping: the two must
// agree to the last bit.
func checkProfileTally(t *testing.T, st *Store, step string) {
	t.Helper()
	ctx := context.Background()
	for _, by := range ProfileGroupings() {
		fast, err := st.tierProfile(ctx, by, false)
		if err != nil {
			t.Fatalf("%s: tally profile by %s: %v", step, by, err)
		}
		slow, err := st.tierProfile(ctx, by, true)
		if err != nil {
			t.Fatalf("%s: scanned profile by %s: %v", step, by, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: profile by %s from the tally\n%+v\nfrom every customer\n%+v", step, by, fast, slow)
		}
	}
}

// TestProfileTallyFollowsRandomWrites makes random writes through the
// store's own paths (adds, purchases and refunds of amounts that share a
// bucket, complaints and calls back, sources, industries and owners, the
// trash, undo and redo, imports with opening figures, a merge) while the
// days move forward, with and without a regrade, and after each compares
// the profile from the tally with the one from every customer.
func TestProfileTallyFollowsRandomWrites(t *testing.T) {
	ctx := context.Background()
	st, clk := openMovable(t, time.Date(2026, 3, 1, 10, 0, 0, 0, time.Local))
	if err := st.AddStaff(ctx, "王"); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(23, 11))
	var ids []int64
	day := func(off int) string { return clk.t.AddDate(0, 0, off).Format("2006-01-02") }
	pick := func() int64 { return ids[rng.IntN(len(ids))] }
	// a few amounts close together, so a bucket holds several spends
	amounts := []string{"100", "101", "105", "150", "99", "1000", "1009", "2", "3", "-50", "25000"}
	sources := []string{"", "展会", "转介绍", "网店"}
	imported := 0
	importRows := func(n int) iter.Seq2[ImportRow, error] {
		return func(yield func(ImportRow, error) bool) {
			for i := range n {
				imported++
				v := map[string]any{"name": "导入" + strconv.Itoa(imported), "source": sources[i%len(sources)]}
				o := &Opening{Spend: int64(rng.IntN(3)) * 10000, Count: int64(i%3 + 1), Last: day(-rng.IntN(500)),
					HasSpend: true, HasCount: true, HasLast: true}
				if !yield(ImportRow{Line: i + 2, Values: v, Opening: o}, nil) {
					return
				}
			}
		}
	}
	for i := range 30 {
		ids = append(ids, mustAdd(t, st, map[string]string{"name": "客户" + strconv.Itoa(i), "source": sources[i%len(sources)]}))
	}
	checkProfileTally(t, st, "after adding 30")
	for step := range 300 {
		var what string
		var err error
		switch op := rng.IntN(14); op {
		case 0:
			what = "add"
			ids = append(ids, mustAdd(t, st, map[string]string{"name": "新" + strconv.Itoa(step), "industry": sources[rng.IntN(len(sources))]}))
		case 1, 2, 3:
			what = "purchase"
			_, _, err = st.AddPurchase(ctx, pick(), PurchaseInput{Amount: amounts[rng.IntN(len(amounts))], Date: day(-rng.IntN(500))})
		case 4, 5:
			kind := []string{"complaint", "contact"}[rng.IntN(2)]
			what = "contact " + kind
			_, err = st.AddContact(ctx, pick(), ContactInput{At: day(-rng.IntN(30)), Channel: "phone", Kind: kind, Summary: "x"})
		case 6:
			col := []string{"source", "industry", "owner"}[rng.IntN(3)]
			v := sources[rng.IntN(len(sources))]
			if col == "owner" {
				v = []string{"", "王"}[rng.IntN(2)]
			}
			what = "set " + col
			_, err = st.SetField(ctx, pick(), col, v)
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
			clk.t = clk.t.AddDate(0, 0, 1+rng.IntN(20))
			if step%2 == 0 {
				what = "days pass, the day's regrade"
				_, err = st.RegradeToday(ctx)
			} else {
				what = "days pass, full regrade"
				_, err = st.RegradeAll(ctx, ReasonTime)
			}
		case 12:
			what = "days pass, not regraded"
			clk.t = clk.t.AddDate(0, 0, 1+rng.IntN(60))
		case 13:
			what = "import"
			var res ImportResult
			n := 1 + rng.IntN(4)
			res, err = st.ImportRows(ctx, ImportOptions{Keys: []string{"name", "source"}, Rows: n}, importRows(n))
			if err == nil {
				var max int64
				if err = st.db.QueryRow("SELECT max(id) FROM customers").Scan(&max); err == nil {
					for id := max - int64(res.Added) + 1; id <= max; id++ {
						ids = append(ids, id)
					}
				}
			}
		}
		if err != nil {
			t.Logf("step %d %s: %v", step, what, err)
		}
		checkProfileTally(t, st, fmt.Sprintf("step %d (%s, %s)", step, what, clk.t.Format("2006-01-02")))
		if t.Failed() {
			return
		}
	}
	if _, err := st.Merge(ctx, ids[1], ids[2], MergeOptions{}); err != nil {
		t.Logf("merge: %v", err)
	}
	checkProfileTally(t, st, "after a merge")
}
