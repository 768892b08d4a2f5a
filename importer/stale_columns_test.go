package importer

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// An open table's store and a `kehu import` beside it are two stores on one
// ledger: importing the file again through the first must see the columns
// the second made, not try to make them again.
func TestImportAgainThroughAStoreOpenedBefore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	clock := store.WithClock(func() time.Time { return today })
	table, err := store.Open(db, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer table.Close()
	cli, err := store.Open(db, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	path := filepath.Join(t.TempDir(), "客户.csv")
	writeCSV(t, path, sheet, true, false)
	if _, err := ImportFile(context.Background(), cli, path, Options{Lang: i18n.ZH}); err != nil {
		t.Fatal(err)
	}
	rep, err := ImportFile(context.Background(), table, path, Options{Lang: i18n.ZH})
	if err != nil {
		t.Fatalf("second import through the older store: %v", err)
	}
	if rep.Added != 0 || len(rep.NewColumns) != 0 {
		t.Errorf("second import added %d customers and columns %q, want none", rep.Added, rep.NewColumns)
	}
	if _, ok := table.Column("客户类型（原表）"); !ok {
		t.Error("the store does not know the column made by the other import")
	}
	found := false
	for _, c := range rep.Columns {
		if c.Header == "客户类型" {
			found = true
			if c.Label != "客户类型（原表）" || strings.Contains(c.Label, "_") {
				t.Errorf("客户类型 goes to %q, want 客户类型（原表）", c.Label)
			}
		}
	}
	if !found {
		t.Error("客户类型 not in the report's columns")
	}
}

// The column a header is kept aside in is named the way the new-columns
// line names it.
func TestAsideColumnNamedLikeNewColumns(t *testing.T) {
	st := newStore(t)
	path := filepath.Join(t.TempDir(), "客户.csv")
	writeCSV(t, path, sheet, true, false)
	rep, err := ImportFile(context.Background(), st, path, Options{Lang: i18n.ZH})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Columns {
		if c.Header == "客户类型" && c.Label != "客户类型（原表）" {
			t.Errorf("客户类型 kept aside in %q, new columns say 客户类型（原表）", c.Label)
		}
	}
}
