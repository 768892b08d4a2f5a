package importer

import (
	"context"
	"os"
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

// A sheet's column named like a word of the filter language (bought, 买过,
// moved, 调级) would hide behind that term once imported: it is numbered
// like a name already taken, so its values stay reachable in the filter and
// the term keeps its meaning.
func TestColumnNamedLikeAFilterWordIsNumbered(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "客户.csv")
	if err := os.WriteFile(path, []byte("姓名,bought,调级\n王芳,龙井,升\n李雷,碧螺春,降\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportFile(ctx, st, path, Options{Lang: i18n.ZH}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ key, label string }{{"bought_2", "bought 2"}, {"调级_2", "调级 2"}} {
		c, ok := st.Column(want.key)
		if !ok {
			t.Fatalf("no column %s after importing a header named like a filter word", want.key)
		}
		if c.LabelZH != want.label {
			t.Errorf("column %s is labelled %q, want %q", want.key, c.LabelZH, want.label)
		}
	}
	for _, f := range []struct {
		filter string
		want   int
	}{
		{"bought_2=龙井", 1},
		{"调级_2=降", 1},
		{"bought~龙井", 0}, // still the product term: nobody has bought anything
	} {
		n, err := st.Count(ctx, store.Query{Filter: f.filter})
		if err != nil {
			t.Fatalf("%s: %v", f.filter, err)
		}
		if n != f.want {
			t.Errorf("%s keeps %d customers, want %d", f.filter, n, f.want)
		}
	}
}
