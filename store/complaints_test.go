package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

func openComplaintsOf(t *testing.T, st *Store, id int64) int64 {
	t.Helper()
	r, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r.Int("open_complaints")
}

func TestComplaintOpensAndIsResolved(t *testing.T) {
	ctx := context.Background()
	st, _ := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	wang := mustAdd(t, st, map[string]string{"name": "王芳", "pinned": "B"})
	li := mustAdd(t, st, map[string]string{"name": "李雷"})
	if _, err := st.AddContact(ctx, li, ContactInput{Channel: "phone", Summary: "问价"}); err != nil {
		t.Fatal(err)
	}
	c, err := st.AddContact(ctx, wang, ContactInput{Channel: "wechat", Kind: "投诉", Summary: "茶叶受潮", At: "2026-11-20 09:00"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Complaint != ComplaintOpen || openComplaintsOf(t, st, wang) != 1 || openComplaintsOf(t, st, li) != 0 {
		t.Fatalf("after the complaint: %+v, 王芳 %d open, 李雷 %d", c, openComplaintsOf(t, st, wang), openComplaintsOf(t, st, li))
	}
	list, err := st.Complaints(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != c.ID || list[0].Name != "王芳" || list[0].Summary != "茶叶受潮" || list[0].Status != "open" || list[0].Grade != "B" {
		t.Errorf("open complaints = %+v", list)
	}
	a, err := st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Complaints) != 1 || a.Complaints[0].Name != "王芳" || a.Complaints[0].Days != 2 || a.Complaints[0].ComplaintSince != "2026-11-20" ||
		a.Complaints[0].OpenComplaints != 1 || a.Totals.Complaints != 1 {
		t.Errorf("agenda complaints = %+v, totals %+v", a.Complaints, a.Totals)
	}
	if n, err := st.Count(ctx, Query{Filter: "open_complaints>0"}); err != nil || n != 1 {
		t.Errorf("open_complaints>0: %d, %v", n, err)
	}

	if _, err := st.ResolveComplaint(ctx, c.ID, "  "); err == nil || i18n.Message(err, i18n.ZH) != "请写明投诉是怎么处理的：--note 文字" {
		t.Errorf("resolve without a note: %v", err)
	}
	done, err := st.ResolveComplaint(ctx, c.ID, "已换货并致歉")
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != "resolved" || done.Resolution != "已换货并致歉" || done.ResolvedOn != "2026-11-22" || openComplaintsOf(t, st, wang) != 0 {
		t.Errorf("resolved = %+v, %d open", done, openComplaintsOf(t, st, wang))
	}
	if _, err := st.ResolveComplaint(ctx, c.ID, "again"); err == nil || !strings.Contains(err.Error(), "is resolved already") {
		t.Errorf("resolve twice: %v", err)
	}
	if _, err := st.ResolveComplaint(ctx, c.ID-1, "not a complaint"); err == nil || !strings.Contains(err.Error(), "no complaint #1") {
		t.Errorf("resolve a plain contact: %v", err)
	}
	if list, _ := st.Complaints(ctx, true); len(list) != 0 {
		t.Errorf("open after resolving: %+v", list)
	}
	if a, _ := st.Agenda(ctx, ""); len(a.Complaints) != 0 {
		t.Errorf("agenda complaints after resolving: %+v", a.Complaints)
	}

	// Undo opens it again; redo resolves it again; undoing the contact
	// itself takes the complaint away.
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.Complaints(ctx, true); len(list) != 1 || list[0].Resolution != "" || openComplaintsOf(t, st, wang) != 1 {
		t.Errorf("after undo: %+v, %d open", list, openComplaintsOf(t, st, wang))
	}
	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.Complaints(ctx, false); len(list) != 1 || list[0].Status != "resolved" || openComplaintsOf(t, st, wang) != 0 {
		t.Errorf("after redo: %+v", list)
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.Complaints(ctx, false); len(list) != 0 || openComplaintsOf(t, st, wang) != 0 {
		t.Errorf("after undoing the contact: %+v, %d open", list, openComplaintsOf(t, st, wang))
	}
}

func TestMergeCarriesOpenComplaints(t *testing.T) {
	ctx := context.Background()
	st, _ := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	keep := mustAdd(t, st, map[string]string{"name": "王芳"})
	drop := mustAdd(t, st, map[string]string{"name": "王芳2"})
	for _, id := range []int64{keep, drop, drop} {
		if _, err := st.AddContact(ctx, id, ContactInput{Channel: "phone", Kind: "complaint", Summary: "慢"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Merge(ctx, keep, drop, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := openComplaintsOf(t, st, keep); got != 3 {
		t.Errorf("kept customer has %d open complaints, want 3", got)
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if k, d := openComplaintsOf(t, st, keep), openComplaintsOf(t, st, drop); k != 1 || d != 2 {
		t.Errorf("after undoing the merge: %d and %d open, want 1 and 2", k, d)
	}
}
