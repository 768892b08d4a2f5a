package tui

import (
	"context"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// dupShop plants two likely duplicates among honest customers: #1 and #2
// share a phone (typed differently) and a name apart from a space (sure),
// #4 and #5 share an email and have names one character apart (fuzzy).
func dupShop(t *testing.T) *store.Store {
	t.Helper()
	st := newTestStore(t)
	p := func(amount, date string) store.PurchaseInput {
		return store.PurchaseInput{Amount: amount, Date: date, Product: "龙井"}
	}
	seed(t, st, []seedCustomer{
		{map[string]string{"name": "王芳", "phone": "13912345601", "company": "西湖茶叶"}, []store.PurchaseInput{p("800", "2026-03-01"), p("600", "2026-02-01")}},
		{map[string]string{"name": "王 芳", "phone": "+86 139-1234-5601", "email": "wf@example.com"}, []store.PurchaseInput{p("300", "2026-01-10")}},
		{map[string]string{"name": "李建国", "phone": "13912345602"}, nil},
		{map[string]string{"name": "刘洋", "email": "liu@example.com"}, nil},
		{map[string]string{"name": "刘阳", "email": "liu@example.com", "phone": "13912345609"}, nil},
	})
	return st
}

func TestDuplicatesScreenGolden(t *testing.T) {
	st := dupShop(t)
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		d := drive(t, newDuplicates(scEnv(st, lang)))
		golden(t, "duplicates_"+string(lang)+"_100x30", d.view())
		d.key("enter")
		golden(t, "merge_"+string(lang)+"_100x30", d.view())
	}
}

func TestDuplicatesListsSurePairFirst(t *testing.T) {
	d := drive(t, newDuplicates(scEnv(dupShop(t), i18n.EN)))
	s := d.top().(*dupScreen)
	if len(s.matches) != 2 {
		t.Fatalf("want 2 matches, got %+v", s.matches)
	}
	if got := s.matches[0].IDs; got[0] != 1 || got[1] != 2 {
		t.Errorf("most certain match is %v, want [1 2]", got)
	}
	if got := s.matches[1].IDs; got[0] != 4 || got[1] != 5 {
		t.Errorf("second match is %v, want [4 5]", got)
	}
	if s.matches[0].Certainty <= s.matches[1].Certainty {
		t.Errorf("certainties %d then %d: the sure pair must rank first", s.matches[0].Certainty, s.matches[1].Certainty)
	}
	d.mustShow("same phone", "#1", "王芳", "#2", "王 芳", "liu@example.com")
}

// A fuzzy pair opened and cancelled leaves both customers as they were.
func TestMergeConfirmCancelChangesNothing(t *testing.T) {
	st := dupShop(t)
	d := drive(t, newDuplicates(scEnv(st, i18n.EN)))
	d.key("down", "enter")
	if _, ok := d.top().(*mergeConfirm); !ok {
		t.Fatalf("Enter on the fuzzy pair did not open the confirmation:\n%s", d.view())
	}
	d.mustShow("Merge #5 刘阳 into #4 刘洋")
	d.key("s", "esc")
	d.mustShow("Merge cancelled")
	for _, id := range []int64{4, 5} {
		r, err := st.Get(context.Background(), id)
		if err != nil || r.Deleted {
			t.Errorf("customer %d after a cancelled merge: deleted=%v err=%v", id, r.Deleted, err)
		}
	}
}

// The owner flips the name to the other row's and switches the survivor;
// the merge keeps exactly those choices, moves the purchases, and undo
// brings both back.
func TestMergeConfirmFlipSwapMergeUndo(t *testing.T) {
	st := dupShop(t)
	ctx := context.Background()
	d := drive(t, newDuplicates(scEnv(st, i18n.EN)))
	d.key("enter")
	d.mustShow("Merge #2 王 芳 into #1 王芳", "* 王芳")
	d.key("s") // #2 stays now
	d.mustShow("Merge #1 王芳 into #2 王 芳")
	d.key(" ") // name: the cursor's field, #2's by default now; take #1's
	d.key("enter")
	if _, ok := d.top().(*dupScreen); !ok {
		t.Fatalf("after the merge the list should be on top:\n%s", d.view())
	}
	d.mustShow("Merged #1 王芳 into #2 王 芳")
	s := d.top().(*dupScreen)
	if len(s.matches) != 1 || s.matches[0].IDs[0] != 4 {
		t.Errorf("the list still shows the merged pair: %+v", s.matches)
	}
	keep, err := st.Get(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if keep.Str("name") != "王芳" || keep.Str("company") != "西湖茶叶" || keep.Str("email") != "wf@example.com" {
		t.Errorf("survivor #2: name %q company %q email %q; want 王芳, 西湖茶叶, wf@example.com", keep.Str("name"), keep.Str("company"), keep.Str("email"))
	}
	if got := keep.Int("purchases"); got != 3 {
		t.Errorf("survivor's purchase count %d, want 3 (2 moved + 1 own)", got)
	}
	if dropped, err := st.Get(ctx, 1); err != nil || !dropped.Deleted {
		t.Errorf("#1 should be in the trash: deleted=%v err=%v", dropped.Deleted, err)
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	one, err1 := st.Get(ctx, 1)
	two, err2 := st.Get(ctx, 2)
	if err1 != nil || err2 != nil || one.Deleted || two.Deleted {
		t.Fatalf("after undo: %v %v deleted %v %v", err1, err2, one.Deleted, two.Deleted)
	}
	if one.Int("purchases") != 2 || two.Int("purchases") != 1 || two.Str("name") != "王 芳" {
		t.Errorf("after undo: #1 %d purchases, #2 %d purchases named %q; want 2, 1, 王 芳", one.Int("purchases"), two.Int("purchases"), two.Str("name"))
	}
}

// M on the table opens the list, and u on the table after a merge restores
// both customers; :duplicates opens the same list.
func TestTableOpensDuplicatesAndUndoesMerge(t *testing.T) {
	st := dupShop(t)
	m := newTestModel(t, st, i18n.EN, 100, 30)
	send(t, m, keyMsg("M"))
	if _, ok := m.stack.top().(*dupScreen); !ok {
		t.Fatalf("M did not open the duplicates:\n%s", m.View())
	}
	send(t, m, keyMsg("enter"))
	send(t, m, keyMsg("enter"))
	send(t, m, keyMsg("esc"))
	if _, ok := m.stack.top().(*tableScreen); !ok {
		t.Fatalf("Esc did not go back to the table:\n%s", m.View())
	}
	if n, err := st.Count(context.Background(), store.Query{}); err != nil || n != 4 {
		t.Fatalf("after the merge %d live customers (err %v), want 4", n, err)
	}
	send(t, m, keyMsg("u"))
	if n, err := st.Count(context.Background(), store.Query{}); err != nil || n != 5 {
		t.Fatalf("after u %d live customers (err %v), want 5", n, err)
	}
	for _, r := range ":duplicates" {
		send(t, m, keyMsg(string(r)))
	}
	send(t, m, keyMsg("enter"))
	if _, ok := m.stack.top().(*dupScreen); !ok {
		t.Fatalf(":duplicates did not open the duplicates:\n%s", m.View())
	}
}
