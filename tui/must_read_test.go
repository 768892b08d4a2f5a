package tui

import (
	"context"
	"testing"

	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// The must* reads fail the test when the ledger cannot be read, so a check
// that nothing was written cannot pass on an empty result of a failed read.

func mustContacts(tb testing.TB, st *store.Store, id int64, limit int) []store.Contact {
	tb.Helper()
	cs, err := st.Contacts(context.Background(), id, limit)
	if err != nil {
		tb.Fatalf("read contacts of %d: %v", id, err)
	}
	return cs
}

func mustPurchases(tb testing.TB, st *store.Store, id int64, limit int) []store.Purchase {
	tb.Helper()
	ps, err := st.Purchases(context.Background(), id, limit)
	if err != nil {
		tb.Fatalf("read purchases of %d: %v", id, err)
	}
	return ps
}

func mustGet(tb testing.TB, st *store.Store, id int64) store.Record {
	tb.Helper()
	r, err := st.Get(context.Background(), id)
	if err != nil {
		tb.Fatalf("read customer %d: %v", id, err)
	}
	return r
}

func mustCountAll(tb testing.TB, st *store.Store) int {
	tb.Helper()
	n, err := st.CountAll(context.Background())
	if err != nil {
		tb.Fatalf("count customers: %v", err)
	}
	return n
}

func mustTierSummary(tb testing.TB, st *store.Store) store.Summary {
	tb.Helper()
	s, err := st.TierSummary(context.Background())
	if err != nil {
		tb.Fatalf("tier summary: %v", err)
	}
	return s
}

func mustRules(tb testing.TB, st *store.Store) tiering.Rules {
	tb.Helper()
	r, err := st.Rules(context.Background())
	if err != nil {
		tb.Fatalf("read rules: %v", err)
	}
	return r
}
