package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// snapshotValues reads keys of customer id as stored values.
func snapshotValues(t *testing.T, st *Store, id int64, keys []string) string {
	t.Helper()
	r, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%#v", k, r.Values[k]))
	}
	return strings.Join(parts, " ")
}

// Every column type goes back exactly on undo and forward on redo, empty
// custom cells included.
func TestUndoRedoEditsOfEveryType(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		t    Type
	}{{"积分", Number}, {"预存", Money}, {"入会", Date}, {"加微信", YesNo}, {"私注", Text}} {
		if _, err := st.AddColumn(ctx, c.name, c.t, nil); err != nil {
			t.Fatal(err)
		}
	}
	id := mustAdd(t, st, map[string]string{"name": "王芳", "notes": "旧"})
	keys := []string{"积分", "预存", "入会", "加微信", "私注", "potential", "notes", "tags"}
	edits := []struct{ key, raw string }{
		{"积分", "12.5"}, {"预存", "1,500"}, {"入会", "2023/5/1"}, {"加微信", "是"}, {"私注", "秘密"},
		{"potential", "3"}, {"notes", "新"}, {"tags", "vip，老客户"}, {"积分", ""}, {"加微信", "否"},
	}
	states := []string{snapshotValues(t, st, id, keys)}
	for _, e := range edits {
		if _, err := st.SetField(ctx, id, e.key, e.raw); err != nil {
			t.Fatalf("%s=%s: %v", e.key, e.raw, err)
		}
		states = append(states, snapshotValues(t, st, id, keys))
	}
	if want := `积分=<nil> 预存=<nil> 入会=<nil> 加微信=<nil> 私注=<nil> potential=0 notes="旧" tags=""`; states[0] != want {
		t.Errorf("before the edits:\n got %s\nwant %s", states[0], want)
	}
	if want := `积分=<nil> 预存=150000 入会="2023-05-01" 加微信=false 私注="秘密" potential=3 notes="新" tags="vip,老客户"`; states[len(states)-1] != want {
		t.Errorf("after the edits:\n got %s\nwant %s", states[len(states)-1], want)
	}
	if want := `积分=12.5 预存=150000 入会="2023-05-01" 加微信=true 私注="秘密" potential=3 notes="新" tags="vip,老客户"`; states[8] != want {
		t.Errorf("after eight edits:\n got %s\nwant %s", states[8], want)
	}
	for i := len(edits) - 1; i >= 0; i-- {
		u, err := st.Undo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if u.CustomerID != id || u.Op != "edit" || u.Entity != "customers" || u.Field != edits[i].key {
			t.Errorf("undo of %s: result %+v", edits[i].key, u)
		}
		if got := snapshotValues(t, st, id, keys); got != states[i] {
			t.Errorf("undo of %s=%s:\n got %s\nwant %s", edits[i].key, edits[i].raw, got, states[i])
		}
	}
	for i := range edits {
		if _, err := st.Redo(ctx); err != nil {
			t.Fatal(err)
		}
		if got := snapshotValues(t, st, id, keys); got != states[i+1] {
			t.Errorf("redo of %s=%s:\n got %s\nwant %s", edits[i].key, edits[i].raw, got, states[i+1])
		}
	}
	if _, err := st.Redo(ctx); err == nil || !strings.Contains(err.Error(), "nothing to redo") {
		t.Errorf("redo past the end: %v", err)
	}
}

// Delete and restore undo each other, and the journal lists what happened
// to a customer, newest first, with what is undone marked.
func TestUndoDeleteRestoreAndJournal(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "李雷"})
	other := mustAdd(t, st, map[string]string{"name": "韩梅梅"})
	live := func() []string {
		var out []string
		if err := st.Each(ctx, Query{Columns: []string{"name"}}, func(r Row) error {
			out = append(out, r.Values[0].(string))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if err := st.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got := live(); !slices.Equal(got, []string{"韩梅梅"}) {
		t.Errorf("after delete: %q", got)
	}
	if r, err := st.Get(ctx, id); err != nil || !r.Deleted {
		t.Errorf("deleted customer: deleted %v (%v)", r.Deleted, err)
	}
	if _, err := st.SetField(ctx, id, "notes", "x"); err == nil {
		t.Error("edit of a deleted customer accepted")
	}
	if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "10"}); err == nil {
		t.Error("purchase for a deleted customer accepted")
	}
	if err := st.Restore(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got := live(); !slices.Equal(got, []string{"李雷", "韩梅梅"}) {
		t.Errorf("after restore: %q", got)
	}
	u, err := st.Undo(ctx) // the restore
	if err != nil {
		t.Fatal(err)
	}
	if u.Op != "restore" || u.CustomerID != id {
		t.Errorf("undo of the restore: %+v", u)
	}
	if got := live(); !slices.Equal(got, []string{"韩梅梅"}) {
		t.Errorf("after undoing the restore: %q", got)
	}
	if _, err := st.Undo(ctx); err != nil { // the delete
		t.Fatal(err)
	}
	if got := live(); !slices.Equal(got, []string{"李雷", "韩梅梅"}) {
		t.Errorf("after undoing the delete: %q", got)
	}
	if _, err := st.Redo(ctx); err != nil { // the delete again
		t.Fatal(err)
	}
	if got := live(); !slices.Equal(got, []string{"韩梅梅"}) {
		t.Errorf("after redoing the delete: %q", got)
	}
	entries, err := st.Journal(ctx, id, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, fmt.Sprintf("%s/%v", e.Op, e.Undone))
		if e.EntityID != id || e.Entity != "customers" {
			t.Errorf("journal of %d lists %+v", id, e)
		}
	}
	if want := []string{"restore/true", "delete/false", "add/false"}; !slices.Equal(got, want) {
		t.Errorf("journal of 李雷 %q, want %q", got, want)
	}
	if entries, err := st.Journal(ctx, other, 10); err != nil || len(entries) != 1 || entries[0].Op != "add" {
		t.Errorf("journal of 韩梅梅 %+v (%v), want her add alone", entries, err)
	}
	if entries, err := st.Journal(ctx, 0, 2); err != nil || len(entries) != 2 {
		t.Errorf("journal of everyone, limit 2: %d entries (%v)", len(entries), err)
	}
	if err := st.Delete(ctx, 99); err == nil {
		t.Error("delete of a customer that does not exist succeeded")
	}
}

// A lone customer's first purchase grades it C: with one customer in the
// window every quintile cut it reaches is its own value, two of four, so
// R, F and M score 3 and the score is 50. Undo takes it back to D and says so.
func TestUndoPurchaseRegradesAndReportsIt(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "张伟"})
	_, ch, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "300", Date: "2026-11-20"})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Grade == nil || ch.Grade.Old != "D" || ch.Grade.New != "C" || ch.Grade.String() != "张伟 D→C" {
		t.Errorf("purchase grade change %+v, want 张伟 D→C", ch.Grade)
	}
	r := mustGetRecord(t, st, id)
	if r.Str("grade") != "C" || r.Values["score"] != float64(50) {
		t.Errorf("after the purchase: grade %s score %v, want C 50", r.Str("grade"), r.Values["score"])
	}
	u, err := st.Undo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if u.Grade == nil || u.Grade.Old != "C" || u.Grade.New != "D" {
		t.Errorf("undo grade change %+v, want C→D", u.Grade)
	}
	r = mustGetRecord(t, st, id)
	if r.Str("grade") != "D" || r.Values["score"] != float64(0) {
		t.Errorf("after undo: grade %s score %v, want D 0", r.Str("grade"), r.Values["score"])
	}
	u, err = st.Redo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if u.Grade == nil || u.Grade.New != "C" {
		t.Errorf("redo grade change %+v, want →C", u.Grade)
	}
}

// A journal line that cannot be applied fails the undo whole: nothing of
// its batch is applied and it stays to undo.
func TestUndoOfBrokenJournalChangesNothing(t *testing.T) {
	for _, bad := range []struct{ op, entity, field, old, new string }{
		{"edit", "customers", "nosuch", `"a"`, `"b"`},
		{"add", "widgets", "", "", `{}`},
		{"add", "purchases", "", "", `not json`},
		{"add", "contacts", "", "", `[1`},
		{"import", "customers", "", "", `{"last":`},
		{"edit", "customers", "notes", `{"x":`, `"b"`},
	} {
		t.Run(bad.op+"_"+bad.entity+"_"+bad.field, func(t *testing.T) {
			st := openTest(t)
			ctx := context.Background()
			id := mustAdd(t, st, map[string]string{"name": "王芳", "notes": "原样"})
			if _, err := st.SetField(ctx, id, "notes", "改过"); err != nil {
				t.Fatal(err)
			}
			// The broken line shares the edit's batch and comes after it.
			if _, err := st.db.Exec(`INSERT INTO journal(batch, at, op, entity, entity_id, field, old, new)
				SELECT max(batch), '2026-11-22 10:00:00', ?, ?, ?, ?, nullif(?, ''), ? FROM journal`,
				bad.op, bad.entity, id, bad.field, bad.old, bad.new); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Undo(ctx); err == nil {
				t.Fatal("undo of a broken journal line succeeded")
			}
			if r := mustGetRecord(t, st, id); r.Str("notes") != "改过" {
				t.Errorf("a failed undo changed notes to %q", r.Str("notes"))
			}
		})
	}
}
