// Package cdnowtest loads the public CDNOW sample (2,357 customers, 6,919
// sales, 1997-01-01 to 1998-06-30) into a kehu ledger, for the tests that
// check the purchase models against the published figures.
package cdnowtest

import (
	"context"
	"math"
	"os"
	"testing"

	"github.com/kehu-app/kehu/model"
	"github.com/kehu-app/kehu/store"
)

// Load writes the CDNOW log at logPath into st through the store's bulk
// load, as an import would: one customer per sample id named "CDNOW <id>",
// created 1997-01-01 09:00, and one purchase per log line (quantity 1,
// dollars as yuan) recorded on the log's last day.
func Load(tb testing.TB, st *store.Store, logPath string) {
	tb.Helper()
	f, err := os.Open(logPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	customers, err := model.ReadCDNOW(f)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := st.NewBulk(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, c := range customers {
		bc := store.BulkCustomer{Fields: map[string]any{"name": "CDNOW " + c.ID}, CreatedAt: "1997-01-01 09:00:00"}
		for _, tx := range c.Transactions {
			bc.Purchases = append(bc.Purchases, store.Purchase{Date: tx.At.Format("2006-01-02"), Qty: 1,
				Amount: int64(math.Round(tx.Amount * 100)), CreatedAt: "1998-06-30 10:00:00"})
		}
		if _, err := b.Add(bc); err != nil {
			b.Abort()
			tb.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		tb.Fatal(err)
	}
}
