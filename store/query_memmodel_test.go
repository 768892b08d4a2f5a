package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kehu-app/kehu/internal/cdnowtest"
	"github.com/kehu-app/kehu/store"
)

// The copy scores the purchase models' columns in one batch rather than
// with the model function per row: filters and sorts on them must still
// give exactly the rows SQL gives, on a ledger with a fit (CDNOW, valued),
// before and after a purchase moves a customer's values.
func TestFastQueriesModelColumnsMatchSQL(t *testing.T) {
	ctx := context.Background()
	now := time.Date(1998, 6, 30, 10, 0, 0, 0, time.Local)
	clock := store.WithClock(func() time.Time { return now })
	path := filepath.Join(t.TempDir(), "cdnow.db")
	fast, err := store.Open(path, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()
	cdnowtest.Load(t, fast, filepath.Join("..", "model", "testdata", "CDNOW_sample.txt"))
	plain, err := store.Open(path, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if fit, _, err := fast.ModelFit(ctx); err != nil || !fit.HasValue() {
		t.Fatalf("fit %+v, %v: want customer values", fit, err)
	}
	if err := fast.EnableFastQueries(ctx); err != nil {
		t.Fatal(err)
	}
	cols := []string{"name", "p_alive", "exp_purchases", "clv"}
	queries := []store.Query{
		{Filter: "p_alive<0.5", Sort: []store.SortKey{{Key: "clv", Desc: true}}},
		{Filter: "p_alive>=0.9", Sort: []store.SortKey{{Key: "p_alive"}}},
		{Filter: "exp_purchases>1", Sort: []store.SortKey{{Key: "exp_purchases", Desc: true}}},
		{Filter: "clv>=100", Sort: []store.SortKey{{Key: "clv"}}},
		{Filter: "p_alive=", Sort: []store.SortKey{{Key: "name"}}},
		{Filter: "clv<10 exp_purchases<0.2", Sort: []store.SortKey{{Key: "p_alive", Desc: true}}},
		{Sort: []store.SortKey{{Key: "exp_purchases"}, {Key: "id", Desc: true}}},
	}
	for round, step := range []string{"after the load", "after a purchase"} {
		if _, err := fast.WaitFastQueries(ctx); err != nil {
			t.Fatal(err)
		}
		if !fast.FastQueriesReady() {
			t.Fatalf("%s: the copy is not built", step)
		}
		for _, q := range queries {
			q.Columns = cols
			want, werr := plain.Window(ctx, q, 0, 100000)
			got, gerr := fast.Window(ctx, q, 0, 100000)
			if werr != nil || gerr != nil || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%s, %q %v: the copy gives %d rows (%v), SQL %d (%v)", step, q.Filter, q.Sort, len(got), gerr, len(want), werr)
			}
			if round == 0 && len(want) == 0 && q.Filter != "" {
				t.Errorf("%q selects nobody: it checks nothing", q.Filter)
			}
		}
		if _, _, err := fast.AddPurchase(ctx, 1, store.PurchaseInput{Amount: "30", Date: "1998-06-20"}); err != nil {
			t.Fatal(err)
		}
	}
}
