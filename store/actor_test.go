package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// Two served sessions on one ledger: each change is journalled as its
// staff member's, each session undoes only its own changes, and an undo
// never silently takes back someone's later value of the same cell.
func TestSessionsJournalAndUndoTheirOwn(t *testing.T) {
	st := openTest(t)
	bg := context.Background()
	for _, n := range []string{"小王", "小李"} {
		if err := st.AddStaff(bg, n); err != nil {
			t.Fatal(err)
		}
	}
	wang := WithActor(bg, Actor{Staff: "小王", Session: "s1"})
	li := WithActor(bg, Actor{Staff: "小李", Session: "s2"})

	// A customer added in a session is its staff member's to look after,
	// unless an owner is given.
	ch, err := st.AddCustomer(wang, map[string]string{"name": "王芳", "phone": "13800000001"})
	if err != nil {
		t.Fatal(err)
	}
	a := ch.ID
	ch, err = st.AddCustomer(wang, map[string]string{"name": "李雷", "owner": "小李"})
	if err != nil {
		t.Fatal(err)
	}
	b := ch.ID
	mine := mustAdd(t, st, map[string]string{"name": "韩梅"}) // the owner's own table: no owner set
	for id, want := range map[int64]string{a: "小王", b: "小李", mine: ""} {
		r, err := st.Get(bg, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Str("owner"); got != want {
			t.Errorf("customer %d owner %q, want %q", id, got, want)
		}
	}

	if _, err := st.SetField(wang, a, "notes", "王的备注"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetField(li, b, "notes", "李的备注"); err != nil {
		t.Fatal(err)
	}
	// 小王 undoes: their own note goes, 小李's (written later) stays.
	if _, err := st.Undo(wang); err != nil {
		t.Fatal(err)
	}
	if got := note(t, st, a); got != "" {
		t.Errorf("小王's undo left note %q on 王芳", got)
	}
	if got := note(t, st, b); got != "李的备注" {
		t.Errorf("小王's undo changed 小李's note to %q", got)
	}
	// 小李's new change does not supersede 小王's redo.
	if _, err := st.SetField(li, b, "phone", "13800000002"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Redo(wang); err != nil {
		t.Fatalf("小王's redo after 小李's change: %v", err)
	}
	if got := note(t, st, a); got != "王的备注" {
		t.Errorf("redo gave note %q", got)
	}

	// Same cell: 小李 writes after 小王; 小王's undo is refused and the
	// later value stands.
	if _, err := st.SetField(wang, b, "notes", "王改李"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetField(li, b, "notes", "李又改"); err != nil {
		t.Fatal(err)
	}
	_, err = st.Undo(wang)
	if err == nil || i18n.Message(err, i18n.ZH) != "#2 的备注在你之后被 小李 改过：以对方的为准，未撤销" {
		t.Errorf("undo over a later write: %v (zh %q)", err, i18n.Message(err, i18n.ZH))
	}
	if got := note(t, st, b); got != "李又改" {
		t.Errorf("the later value became %q", got)
	}

	// The journal says who did what, in which session.
	j, err := st.Journal(bg, b, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range j {
		got = append(got, e.Op+" "+e.Field+" "+e.Staff+" "+e.Session)
	}
	want := "edit notes 小李 s2|edit notes 小王 s1|edit phone 小李 s2|edit notes 小李 s2|add  小王 s1"
	if strings.Join(got, "|") != want {
		t.Errorf("journal of 李雷:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	all, err := st.JournalSince(bg, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(j)+3 || all[0].ID >= all[1].ID {
		t.Errorf("JournalSince(0) gave %d lines, want %d oldest first", len(all), len(j)+3)
	}
}

func note(t *testing.T, st *Store, id int64) string {
	t.Helper()
	r, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r.Str("notes")
}

// A grade move caused by a session's change names its staff member.
func TestGradeMoveNamesTheSessionsStaff(t *testing.T) {
	st := openTest(t)
	bg := context.Background()
	if err := st.AddStaff(bg, "小王"); err != nil {
		t.Fatal(err)
	}
	wang := WithActor(bg, Actor{Staff: "小王", Session: "s1"})
	id := mustAdd(t, st, map[string]string{"name": "王芳"})
	if _, _, err := st.AddPurchase(wang, id, PurchaseInput{Amount: "8800", Date: "2026-11-20"}); err != nil {
		t.Fatal(err)
	}
	h, err := st.GradeHistory(bg, id, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) == 0 || h[0].Staff != "小王" {
		t.Fatalf("grade history %+v: want the latest move by 小王", h)
	}
}

// Staff keys: one key names one person, the key finds its staff member and
// language, revoking and removing take the keys away.
func TestStaffKeys(t *testing.T) {
	st := openTest(t)
	bg := context.Background()
	k1 := StaffKey{Key: "ssh-ed25519 AAAAone", Fingerprint: "SHA256:one", Comment: "wang@till"}
	k2 := StaffKey{Key: "ssh-ed25519 AAAAtwo", Fingerprint: "SHA256:two"}
	if err := st.AddStaffWith(bg, "小王", StaffAccess{Keys: []StaffKey{k1}, Lang: "zh_CN"}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddStaffWith(bg, "小李", StaffAccess{Keys: []StaffKey{k2, k1}}); err == nil || !strings.Contains(err.Error(), "the key SHA256:one is already 小王's") {
		t.Errorf("a key given twice: %v", err)
	}
	if staff, _ := st.Staff(bg); len(staff) != 1 {
		t.Errorf("a refused add left %d staff, want 1 (nothing partial)", len(staff))
	}
	if err := st.AddStaffWith(bg, "小赵", StaffAccess{Lang: "fr"}); err == nil {
		t.Error("a table language fr was taken")
	}
	if err := st.AddStaffWith(bg, "小李", StaffAccess{Keys: []StaffKey{k2}}); err != nil {
		t.Fatal(err)
	}
	m, ok, err := st.StaffByKey(bg, k1.Key)
	if err != nil || !ok || m.Name != "小王" || m.Lang != "zh" {
		t.Errorf("StaffByKey(k1) = %+v %v %v, want 小王 in zh", m, ok, err)
	}
	if _, ok, _ := st.StaffByKey(bg, "ssh-ed25519 AAAAnobody"); ok {
		t.Error("an unknown key found someone")
	}
	staff, err := st.Staff(bg)
	if err != nil {
		t.Fatal(err)
	}
	if len(staff) != 2 || staff[1].Name != "小王" || len(staff[1].Keys) != 1 || staff[1].Keys[0].Comment != "wang@till" {
		t.Errorf("staff list %+v", staff)
	}
	if n, err := st.RevokeStaffKeys(bg, "小王"); err != nil || n != 1 {
		t.Errorf("revoke: %d, %v; want 1 key", n, err)
	}
	if _, ok, _ := st.StaffByKey(bg, k1.Key); ok {
		t.Error("a revoked key still finds 小王")
	}
	if err := st.RemoveStaff(bg, "小李"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.StaffByKey(bg, k2.Key); ok {
		t.Error("a removed staff member's key still finds them")
	}
	// The key is free again once its owner is gone.
	if err := st.AddStaffKeys(bg, "小王", []StaffKey{k2}); err != nil {
		t.Errorf("a removed member's key given to another: %v", err)
	}
}

// The change watch moves when this process's pool commits, and stays put
// when nothing was written.
func TestChangeWatchSeesCommits(t *testing.T) {
	st := openTest(t)
	bg := context.Background()
	w, err := st.WatchChanges()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	v1, err := w.Version(bg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CountAll(bg); err != nil {
		t.Fatal(err)
	}
	if v2, _ := w.Version(bg); v2 != v1 {
		t.Errorf("a read moved the version %d → %d", v1, v2)
	}
	mustAdd(t, st, map[string]string{"name": "王芳"})
	if v3, _ := w.Version(bg); v3 == v1 {
		t.Error("a commit did not move the version")
	}
}
