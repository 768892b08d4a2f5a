package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kehu-app/kehu/export"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// isKey reports whether err is (or wraps) the catalogue error key.
func isKey(err error, key string) bool {
	var ie *i18n.Error
	return errors.As(err, &ie) && ie.Key == key
}

// clock is a test's settable "now".
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) set(s string) {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, time.Local)
	if err != nil {
		panic(err)
	}
	c.t = t
}

func openAt(t *testing.T, c *clock) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "ledger.db"), store.WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// must is v, or ends the test on err: must(st.Get(ctx, id))(t).
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// exportAll is the ledger's live customers as CSV, every column by key.
func exportAll(t *testing.T, st *store.Store) []byte {
	t.Helper()
	var keys []string
	for _, c := range st.Columns() {
		keys = append(keys, c.Key)
	}
	var b bytes.Buffer
	if _, err := export.Write(context.Background(), st, store.Query{Columns: keys}, export.Options{Header: export.HeaderKeys, Lang: i18n.EN}, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// rowsOf is everything kept about customer id: its row (trashed or not),
// purchases and contacts.
func rowsOf(t *testing.T, st *store.Store, id int64) string {
	t.Helper()
	ctx := context.Background()
	r := must(st.Get(ctx, id))(t)
	ps := must(st.Purchases(ctx, id, 100000))(t)
	cs := must(st.Contacts(ctx, id, 100000))(t)
	return fmt.Sprintf("%v deleted=%v\n%v\n%v", r.Values, r.Deleted, ps, cs)
}

// twoWangFang is one person typed twice: 王芳 on 1 November, 王 芳 from a
// branch's sheet on 10 November, with purchases, a refund and a contact.
func twoWangFang(t *testing.T) (*store.Store, *clock) {
	t.Helper()
	ctx := context.Background()
	c := &clock{}
	c.set("2026-11-01 09:00:00")
	st := openAt(t, c)
	must(st.AddColumn(ctx, "会员卡", store.Text, nil))(t)
	must(st.AddCustomer(ctx, map[string]string{"name": "王芳", "phone": "13800138000", "email": "wf@example.com", "tags": "VIP", "notes": "老客户", "potential": "3"}))(t)
	for _, p := range []store.PurchaseInput{{Amount: "100", Date: "2026-10-01"}, {Amount: "200", Date: "2026-10-20"}} {
		if _, _, err := st.AddPurchase(ctx, 1, p); err != nil {
			t.Fatal(err)
		}
	}
	c.set("2026-11-10 09:00:00")
	must(st.AddCustomer(ctx, map[string]string{"name": "王 芳", "phone": "13900139000", "company": "恒通", "tags": "批发,VIP", "notes": "分店导入", "会员卡": "8888"}))(t)
	for _, p := range []store.PurchaseInput{{Amount: "50", Date: "2026-11-05"}, {Amount: "-20", Date: "2026-11-06"}} {
		if _, _, err := st.AddPurchase(ctx, 2, p); err != nil {
			t.Fatal(err)
		}
	}
	must(st.AddContact(ctx, 2, store.ContactInput{Channel: "phone", Summary: "问了礼盒", At: "2026-11-09 15:00"}))(t)
	c.set("2026-11-22 10:00:00")
	return st, c
}

func TestMergeFieldByFieldThenUndoRedoExactly(t *testing.T) {
	ctx := context.Background()
	st, _ := twoWangFang(t)
	before := exportAll(t, st)
	keepBefore, dropBefore := rowsOf(t, st, 1), rowsOf(t, st, 2)

	res, err := st.Merge(ctx, 1, 2, store.MergeOptions{Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if res.Moved["purchases"] != 2 || res.Moved["contacts"] != 1 {
		t.Errorf("moved %v, want 2 purchases and 1 contact", res.Moved)
	}
	r := must(st.Get(ctx, 1))(t)
	want := map[string]any{
		"name": "王 芳", "phone": "13900139000", "email": "wf@example.com", "company": "恒通",
		"tags": "VIP,批发", "total_spend": int64(33000), "purchases": int64(3), "last_purchase": "2026-11-05",
		"last_contact": "2026-11-09", "会员卡": "8888", "potential": int64(3),
		"notes": "老客户\n分店导入\nMerged with #2 王 芳 on 2026-11-22; values that differed:\n" +
			"Name: kept 王 芳 (from #2); #1 had 王芳\nPhone: kept 13900139000 (from #2); #1 had 13800138000",
	}
	for k, v := range want {
		if fmt.Sprint(r.Values[k]) != fmt.Sprint(v) {
			t.Errorf("survivor %s = %q, want %q", k, fmt.Sprint(r.Values[k]), fmt.Sprint(v))
		}
	}
	if d := must(st.Get(ctx, 2))(t); !d.Deleted {
		t.Errorf("the dropped customer is not in the trash")
	}
	if n := must(st.CountAll(ctx))(t); n != 1 {
		t.Errorf("%d live customers after the merge, want 1", n)
	}
	if ps := must(st.Purchases(ctx, 1, 100))(t); len(ps) != 4 {
		t.Errorf("survivor has %d purchase lines, want 4", len(ps))
	}
	if in := must(st.Input(ctx, 1))(t); in.Purchases != 3 || in.Monetary != 33000 {
		t.Errorf("tiering input after merge: %d purchases, %d fen; want 3 and 33000", in.Purchases, in.Monetary)
	}
	j := must(st.Journal(ctx, 0, 3))(t)
	if j[0].Op != "merge" || j[0].EntityID != 1 || j[1].Batch == j[0].Batch {
		t.Errorf("the merge is not one journal entry of its own: %+v", j[:2])
	}
	merged := exportAll(t, st)
	keepMerged, dropMerged := rowsOf(t, st, 1), rowsOf(t, st, 2)

	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := exportAll(t, st); !bytes.Equal(got, before) {
		t.Errorf("export after undo differs from before the merge:\n%s\nwant\n%s", got, before)
	}
	if got := rowsOf(t, st, 1); got != keepBefore {
		t.Errorf("kept customer after undo:\n%s\nwant\n%s", got, keepBefore)
	}
	if got := rowsOf(t, st, 2); got != dropBefore {
		t.Errorf("dropped customer after undo:\n%s\nwant\n%s", got, dropBefore)
	}

	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := exportAll(t, st); !bytes.Equal(got, merged) {
		t.Errorf("export after redo differs from after the merge:\n%s\nwant\n%s", got, merged)
	}
	if rowsOf(t, st, 1) != keepMerged || rowsOf(t, st, 2) != dropMerged {
		t.Errorf("redo did not give back the merged rows")
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := exportAll(t, st); !bytes.Equal(got, before) {
		t.Errorf("export after the second undo differs from before the merge")
	}
}

func TestMergePreferAndRefusals(t *testing.T) {
	ctx := context.Background()
	st, _ := twoWangFang(t)
	before := exportAll(t, st)
	for _, bad := range []struct {
		keep, drop int64
		opt        store.MergeOptions
		key        string
	}{
		{1, 1, store.MergeOptions{}, "merge.same"},
		{1, 2, store.MergeOptions{Prefer: map[string]store.Side{"grade": store.PreferDrop}}, "merge.prefer.col"},
		{1, 99, store.MergeOptions{}, "cust.notfound"},
	} {
		_, err := st.Merge(ctx, bad.keep, bad.drop, bad.opt)
		if err == nil || !isKey(err, bad.key) {
			t.Errorf("Merge(%d, %d, %v) = %v, want %s", bad.keep, bad.drop, bad.opt, err, bad.key)
		}
	}
	if got := exportAll(t, st); !bytes.Equal(got, before) {
		t.Errorf("a refused merge changed the ledger")
	}
	opt := store.MergeOptions{Lang: i18n.ZH, Prefer: map[string]store.Side{"name": store.PreferKeep, "phone": store.PreferKeep, "tags": store.PreferDrop}}
	if _, err := st.Merge(ctx, 1, 2, opt); err != nil {
		t.Fatal(err)
	}
	r := must(st.Get(ctx, 1))(t)
	for k, v := range map[string]string{
		"name": "王芳", "phone": "13800138000", "tags": "批发,VIP", "company": "恒通",
		"notes": "老客户\n分店导入\n已与 #2 王 芳 合并（2026-11-22），不同的值：\n姓名：保留 王芳（来自 #1）；#2 为 王 芳\n电话：保留 13800138000（来自 #1）；#2 为 13900139000",
	} {
		if r.Str(k) != v {
			t.Errorf("survivor %s = %q, want %q", k, r.Str(k), v)
		}
	}
	// The dropped customer is in the trash: it cannot be merged again.
	if _, err := st.Merge(ctx, 1, 2, store.MergeOptions{}); err == nil || !isKey(err, "cust.deleted") {
		t.Errorf("merging a trashed customer: %v", err)
	}
}

// Thousands of purchases move in the one transaction of the merge, and
// come back with its undo.
func TestMergeThousandsOfPurchases(t *testing.T) {
	ctx := context.Background()
	c := &clock{}
	c.set("2026-11-22 10:00:00")
	st := openAt(t, c)
	b := must(st.NewBulk(ctx))(t)
	for i, n := range []int{2000, 1500} {
		var ps []store.Purchase
		for k := 0; k < n; k++ {
			ps = append(ps, store.Purchase{Date: time.Date(2021, 1, 1, 0, 0, 0, 0, time.Local).AddDate(0, 0, k/2).Format("2006-01-02"), Qty: 1, Amount: 1000, CreatedAt: "2026-11-01 09:00:00"})
		}
		if _, err := b.Add(store.BulkCustomer{Fields: map[string]any{"name": fmt.Sprint("客户", i+1), "phone": "13700000000"}, CreatedAt: "2020-01-01 09:00:00", Purchases: ps}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	before := exportAll(t, st)
	res, err := st.Merge(ctx, 1, 2, store.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Moved["purchases"] != 1500 {
		t.Errorf("moved %d purchases, want 1500", res.Moved["purchases"])
	}
	r := must(st.Get(ctx, 1))(t)
	if r.Int("purchases") != 3500 || r.Int("total_spend") != 3500000 {
		t.Errorf("survivor: %d purchases, %d fen; want 3500 and 3500000", r.Int("purchases"), r.Int("total_spend"))
	}
	if j := must(st.Journal(ctx, 0, 10))(t); len(j) != 1 || j[0].Op != "merge" {
		t.Errorf("journal after a bulk load and a merge: %d entries, want the merge alone", len(j))
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := exportAll(t, st); !bytes.Equal(got, before) {
		t.Errorf("export after undoing the merge differs")
	}
	if ps := must(st.Purchases(ctx, 2, 5000))(t); len(ps) != 1500 {
		t.Errorf("customer 2 has %d purchases back, want 1500", len(ps))
	}
}

// The merge is in the audit trail of both customers.
func TestMergeInBothJournals(t *testing.T) {
	ctx := context.Background()
	st, _ := twoWangFang(t)
	if _, err := st.Merge(ctx, 1, 2, store.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{1, 2} {
		j := must(st.Journal(ctx, id, 1))(t)
		if len(j) != 1 || j[0].Op != "merge" {
			t.Errorf("customer %d's latest journal entry is not the merge: %+v", id, j)
		}
	}
}
