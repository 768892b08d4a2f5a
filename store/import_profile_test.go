package store

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"testing"
	"time"
)

// TestLargeImportCountsTheProfile: a large import counts the customers it
// adds into the tier profile's tally itself (its triggers are suspended
// for the load); the profile from the tally must be the one read from
// every customer, into an empty ledger and into one with customers, and
// when a date makes the count give up and the tally read the rows.
func TestLargeImportCountsTheProfile(t *testing.T) {
	ctx := context.Background()
	st, clk := openMovable(t, time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local))
	if err := st.AddStaff(ctx, "王"); err != nil {
		t.Fatal(err)
	}
	sources := []string{"展会", "转介绍", ""}
	industries := []string{"", "茶叶", "建材", "餐饮"}
	rows := func(n, offset int, oddDate string) iter.Seq2[ImportRow, error] {
		return func(yield func(ImportRow, error) bool) {
			for i := range n {
				v := map[string]any{"name": "导入" + strconv.Itoa(i+offset), "source": sources[i%3], "industry": industries[i%4]}
				if i%5 == 0 {
					v["owner"] = "王"
				}
				var o *Opening
				if i%6 != 0 {
					// last purchases over two years: active, dormant and churned customers
					last := clk.t.AddDate(0, 0, -(i % 700)).Format("2006-01-02")
					if i == 7 && oddDate != "" {
						last = oddDate
					}
					o = &Opening{Spend: int64(i%997) * 100, Count: int64(i%4 + 1), Last: last, HasSpend: true, HasCount: true, HasLast: true}
				}
				if !yield(ImportRow{Line: i + 2, Values: v, Opening: o}, nil) {
					return
				}
			}
		}
	}
	for round, imp := range []struct {
		n, offset int
		odd       string
	}{{6000, 0, ""}, {6500, 100000, ""}, {13000, 200000, "2026-02-30"}} {
		res, err := st.ImportRows(ctx, ImportOptions{Keys: []string{"name", "source", "industry", "owner"}, Rows: imp.n}, rows(imp.n, imp.offset, imp.odd))
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != imp.n {
			t.Fatalf("import %d added %d, want %d", round, res.Added, imp.n)
		}
		checkProfileTally(t, st, fmt.Sprintf("after import %d", round))
	}
	// by hand: a third of 25,500 customers came from 展会, a fifth of them
	// (rounded up in each import) look after 王
	var fair, wang int64
	if err := st.db.QueryRow("SELECT coalesce(sum(n), 0) FROM profile_tally WHERE dim = ? AND key = '展会'", BySource).Scan(&fair); err != nil {
		t.Fatal(err)
	}
	if err := st.db.QueryRow("SELECT coalesce(sum(n), 0) FROM profile_tally WHERE dim = ? AND key = '王'", ByOwner).Scan(&wang); err != nil {
		t.Fatal(err)
	}
	if fair != 2000+2167+4334 || wang != 1200+1300+2600 {
		t.Errorf("the tally counts %d customers from 展会 and %d of 王's, want 8501 and 5100", fair, wang)
	}
}
