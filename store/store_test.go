package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
)

var fixedNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.Local)

func openTest(t *testing.T) *Store {
	t.Helper()
	st, err := Open(filepath.Join(t.TempDir(), "ledger.db"), WithClock(func() time.Time { return fixedNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func mustAdd(t *testing.T, st *Store, fields map[string]string) int64 {
	t.Helper()
	ch, err := st.AddCustomer(context.Background(), fields)
	if err != nil {
		t.Fatalf("add %v: %v", fields, err)
	}
	return ch.ID
}

func TestOpenCreatesPrivateLedger(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "kehu")
	path := filepath.Join(dir, "ledger.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("ledger mode %v, want 0600", fi.Mode().Perm())
	}
	di, _ := os.Stat(dir)
	if di.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", di.Mode().Perm())
	}
	// Reopening an existing ledger works and keeps the schema version.
	st, err = Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	st.Close()
}

func TestOpenRefusesForeignAndDamagedFiles(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]byte{
		"text.db":    []byte("name,phone\n王芳,13800138000\n"),
		"short.db":   []byte("SQLite"),
		"garbage.db": bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 4096),
	}
	// A damaged kehu ledger: valid header, then garbage over the schema pages.
	good := filepath.Join(dir, "good.db")
	st, err := Open(good)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, st, map[string]string{"name": "王芳"})
	st.Close()
	os.Remove(good + "-wal")
	os.Remove(good + "-shm")
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte(nil), data...)
	for i := 100; i < len(damaged) && i < 8192; i++ {
		damaged[i] = 0xff
	}
	cases["damaged.db"] = damaged
	// Another program's SQLite file.
	foreign := filepath.Join(dir, "foreign.db")
	{
		other, err := Open(foreign)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.db.Exec("PRAGMA application_id = 42"); err != nil {
			t.Fatal(err)
		}
		other.Close()
		os.Remove(foreign + "-wal")
		os.Remove(foreign + "-shm")
		b, _ := os.ReadFile(foreign)
		cases["foreign.db"] = b
	}
	for name, content := range cases {
		p := filepath.Join(dir, "case-"+name)
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Open(p)
		if err == nil {
			t.Errorf("%s: opened, want refusal", name)
			continue
		}
		var ie *i18n.Error
		if !errors.As(err, &ie) {
			t.Errorf("%s: error %v is not a user message", name, err)
		}
		after, _ := os.ReadFile(p)
		if !bytes.Equal(after, content) {
			t.Errorf("%s: file changed by a refused open", name)
		}
		if _, err := os.Stat(p + "-wal"); err == nil {
			t.Errorf("%s: a WAL file was created beside a refused file", name)
		}
	}
}

func TestAddValidatesAndWritesNothingOnError(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	bad := []map[string]string{
		{"name": ""},
		{"name": "王芳", "phone": "12345"},
		{"name": "王芳", "email": "not-an-email"},
		{"name": "王芳", "birthday": "2026-02-30"},
		{"name": "王芳", "grade": "A"},
		{"name": "王芳", "nosuch": "x"},
	}
	for _, f := range bad {
		if _, err := st.AddCustomer(ctx, f); err == nil {
			t.Errorf("AddCustomer(%v) accepted", f)
		}
	}
	if n, _ := st.CountAll(ctx); n != 0 {
		t.Fatalf("%d customers written by refused adds", n)
	}
	id := mustAdd(t, st, map[string]string{"name": " 王芳 ", "phone": "+86 138-0013-8000", "tags": "VIP，老客户", "birthday": "1990年5月1日"})
	r, err := st.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"name": "王芳", "phone": "13800138000", "tags": "VIP,老客户", "birthday": "1990-05-01", "grade": "D", "stage": "prospect"} {
		if got := r.Str(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	// A duplicate phone is stored with a warning naming the other customer.
	ch, err := st.AddCustomer(ctx, map[string]string{"name": "王芳二", "phone": "13800138000"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Warnings) != 1 || !strings.Contains(ch.Warnings[0].Error(), "王芳") {
		t.Errorf("duplicate phone warnings = %v", ch.Warnings)
	}
}

func TestEditUndoRedoAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "l.db")
	ctx := context.Background()
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	id := mustAdd(t, st, map[string]string{"name": "李雷", "phone": "13900001111"})
	if _, err := st.SetField(ctx, id, "phone", "abc"); err == nil {
		t.Fatal("bad phone accepted")
	}
	if _, err := st.SetField(ctx, id, "grade", "A"); err == nil {
		t.Fatal("edit of computed grade accepted")
	}
	if _, err := st.SetField(ctx, id, "phone", "010 1234 5678"); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, _ := st.CountAll(ctx); n != 0 {
		t.Fatalf("deleted customer still counted: %d", n)
	}
	u, err := st.Undo(ctx) // undo the delete
	if err != nil {
		t.Fatal(err)
	}
	if u.CustomerID != id || u.Op != "delete" {
		t.Errorf("undo result %+v", u)
	}
	if n, _ := st.CountAll(ctx); n != 1 {
		t.Fatalf("undo delete: %d customers", n)
	}
	if _, err := st.Undo(ctx); err != nil { // undo the phone edit
		t.Fatal(err)
	}
	r, _ := st.Get(ctx, id)
	if r.Str("phone") != "13900001111" {
		t.Errorf("after undo phone = %q", r.Str("phone"))
	}
	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	r, _ = st.Get(ctx, id)
	if r.Str("phone") != "010-12345678" {
		t.Errorf("after redo phone = %q", r.Str("phone"))
	}
	// A new change supersedes the redo history.
	if _, err := st.SetField(ctx, id, "notes", "新备注"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Redo(ctx); err == nil {
		t.Error("redo after a new change succeeded")
	}
	// Undo everything, then one more undo says so.
	for i := 0; i < 3; i++ { // the notes edit, the phone edit, the add
		if _, err := st.Undo(ctx); err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
	}
	if n, _ := st.CountAll(ctx); n != 0 {
		t.Errorf("undoing the add left %d customers", n)
	}
	if _, err := st.Undo(ctx); err == nil || !strings.Contains(err.Error(), "nothing to undo") {
		t.Errorf("final undo: %v", err)
	}
	entries, err := st.Journal(ctx, id, 100)
	if err != nil || len(entries) < 4 {
		t.Errorf("journal has %d entries (%v), want the audit trail kept", len(entries), err)
	}
}

func TestPurchasesAggregatesAndLiveGrade(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "张伟"})
	other := mustAdd(t, st, map[string]string{"name": "陈静"})
	if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "1.2345"}); err == nil {
		t.Fatal("3-decimal amount accepted")
	}
	if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "10", Date: "2026-13-01"}); err == nil {
		t.Fatal("bad date accepted")
	}
	if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{}); err == nil {
		t.Fatal("missing amount accepted")
	}
	if _, _, err := st.AddPurchase(ctx, other, PurchaseInput{Amount: "100", Date: "2026-10-01"}); err != nil {
		t.Fatal(err)
	}
	_, ch, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "¥1,234.50", Date: "2026/11/01", Product: "龙井", Qty: "2次"})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Grade == nil || ch.Grade.Old != "D" || ch.Grade.New == "D" {
		t.Errorf("first purchase grade change = %+v, want D→something", ch.Grade)
	}
	if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "1.2万", Date: "2026-11-20"}); err != nil {
		t.Fatal(err)
	}
	r, _ := st.Get(ctx, id)
	if got := r.Int("total_spend"); got != 123450+1200000 {
		t.Errorf("total_spend = %d", got)
	}
	if got := r.Int("purchases"); got != 2 {
		t.Errorf("purchases = %d", got)
	}
	if r.Str("last_purchase") != "2026-11-20" {
		t.Errorf("last_purchase = %q", r.Str("last_purchase"))
	}
	ps, _ := st.Purchases(ctx, id, 10)
	if len(ps) != 2 || ps[0].Date != "2026-11-20" || ps[1].Qty != 2 {
		t.Errorf("purchases list = %+v", ps)
	}
	// Undo the last purchase: aggregates follow.
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	r, _ = st.Get(ctx, id)
	if r.Int("total_spend") != 123450 || r.Str("last_purchase") != "2026-11-01" {
		t.Errorf("after undo: spend %d last %s", r.Int("total_spend"), r.Str("last_purchase"))
	}
	hist, err := st.GradeHistory(ctx, id, "", 10)
	if err != nil || len(hist) == 0 {
		t.Errorf("grade history %v %v", hist, err)
	}
	rep, err := st.RegradeAll(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Customers != 2 {
		t.Errorf("regrade saw %d customers", rep.Customers)
	}
}

func TestContactsSetFollowUp(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "刘洋"})
	if _, err := st.AddContact(ctx, id, ContactInput{Channel: "fax"}); err == nil {
		t.Fatal("unknown channel accepted")
	}
	if _, err := st.AddContact(ctx, id, ContactInput{Channel: "电话", Next: "someday"}); err == nil {
		t.Fatal("bad follow-up date accepted")
	}
	if _, err := st.AddContact(ctx, id, ContactInput{Channel: "微信", Summary: "问价", Next: "2026年12月1日", At: "2026-11-20 09:30"}); err != nil {
		t.Fatal(err)
	}
	r, _ := st.Get(ctx, id)
	if r.Str("last_contact") != "2026-11-20" || r.Str("next_follow_up") != "2026-12-01" {
		t.Errorf("last %q next %q", r.Str("last_contact"), r.Str("next_follow_up"))
	}
	cs, _ := st.Contacts(ctx, id, 10)
	if len(cs) != 1 || cs[0].Channel != "wechat" || cs[0].Kind != "contact" {
		t.Errorf("contacts = %+v", cs)
	}
}

func TestViewQueries(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	a := mustAdd(t, st, map[string]string{"name": "王芳", "tags": "vip,老客户", "company": "恒通"})
	b := mustAdd(t, st, map[string]string{"name": "王强", "tags": "vipx"})
	c := mustAdd(t, st, map[string]string{"name": "李娜", "notes": "喜欢普洱"})
	if _, _, err := st.AddPurchase(ctx, a, PurchaseInput{Amount: "5000", Date: "2026-11-01"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddPurchase(ctx, b, PurchaseInput{Amount: "500", Date: "2026-06-01"}); err != nil {
		t.Fatal(err)
	}
	ids := func(filter string, sort ...SortKey) []int64 {
		t.Helper()
		rows, err := st.Window(ctx, Query{Filter: filter, Sort: sort, Columns: []string{"name"}}, 0, 50)
		if err != nil {
			t.Fatalf("filter %q: %v", filter, err)
		}
		var out []int64
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return out
	}
	eq := func(got, want []int64) bool {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i] != want[i] {
				return false
			}
		}
		return true
	}
	cases := []struct {
		filter string
		want   []int64
	}{
		{"", []int64{a, b, c}},
		{"tag:vip", []int64{a}},
		{"spend>1000", []int64{a}},
		{"spend>=500 spend<1,000", []int64{b}},
		{"name~王", []int64{a, b}},
		{"王 vip", []int64{a, b}},
		{"普洱", []int64{c}},
		{"-王", []int64{c}},
		{"grade=D", []int64{c}},
		{"grade!=D", []int64{a, b}},
		{"姓名~李", []int64{c}},
		{"stage=prospect", []int64{c}},
		{"last_purchase>=2026-10-01", []int64{a}},
		{"purchases=0", []int64{c}},
	}
	for _, tc := range cases {
		if got := ids(tc.filter); !eq(got, tc.want) {
			t.Errorf("filter %q = %v, want %v", tc.filter, got, tc.want)
		}
	}
	if got := ids("", SortKey{Key: "total_spend", Desc: true}); !eq(got, []int64{a, b, c}) {
		t.Errorf("sort by spend desc = %v", got)
	}
	if got := ids("", SortKey{Key: "name"}); !eq(got, []int64{c, b, a}) && !eq(got, []int64{c, a, b}) {
		t.Errorf("sort by name = %v", got)
	}
	for _, bad := range []struct {
		filter string
		term   string
	}{{"grade=A nosuch>3", "2"}, {"spend>abc", "1"}, {"grade=Z", "1"}, {`name~"open`, "1"}} {
		_, err := st.Count(ctx, Query{Filter: bad.filter})
		if err == nil || !strings.Contains(err.Error(), "term "+bad.term) {
			t.Errorf("filter %q error %v, want it to point at term %s", bad.filter, err, bad.term)
		}
	}
	q := Query{Sort: []SortKey{{Key: "total_spend", Desc: true}}}
	for want, id := range []int64{a, b, c} {
		if got, err := st.IndexOf(ctx, q, id); err != nil || got != want {
			t.Errorf("IndexOf(%d) = %d, %v; want %d", id, got, err, want)
		}
	}
	if got, _ := st.IndexOf(ctx, Query{Filter: "tag:vip"}, c); got != -1 {
		t.Errorf("IndexOf filtered-out = %d", got)
	}
	if n, _ := st.Count(ctx, Query{Filter: "王"}); n != 2 {
		t.Errorf("count 王 = %d", n)
	}
}

func TestCustomColumnsBehaveLikeBuiltins(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	if _, err := st.AddColumn(ctx, "会员卡号", Text, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddColumn(ctx, "deposit", Money, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddColumn(ctx, "deposit", Number, nil); err == nil {
		t.Error("duplicate column accepted")
	}
	if _, err := st.AddColumn(ctx, "bad;name", Text, nil); err == nil {
		t.Error("bad column name accepted")
	}
	a := mustAdd(t, st, map[string]string{"name": "甲", "deposit": "¥1,000", "会员卡号": "K001"})
	b := mustAdd(t, st, map[string]string{"name": "乙", "deposit": "50"})
	if _, err := st.SetField(ctx, b, "deposit", "1.234"); err == nil {
		t.Error("bad money in custom column accepted")
	}
	rows, err := st.Window(ctx, Query{Filter: "deposit>100", Sort: []SortKey{{Key: "deposit", Desc: true}}, Columns: []string{"name", "deposit", "会员卡号"}}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].ID != a || rows[0].Values[1] != int64(100000) || rows[0].Values[2] != "K001" {
		t.Errorf("custom column rows = %+v", rows)
	}
	if idx, err := st.IndexOf(ctx, Query{Sort: []SortKey{{Key: "deposit"}}}, a); err != nil || idx != 1 {
		t.Errorf("IndexOf by custom sort = %d %v", idx, err)
	}
	// Columns survive reopening.
	st.Close()
	st2, err := Open(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	if c, ok := st2.Column("deposit"); !ok || c.Type != Money || !c.Custom {
		t.Errorf("custom column after reopen = %+v %v", c, ok)
	}
}

func TestViewsAndLastView(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	v := View{Filter: "grade=A", Sort: []SortKey{{Key: "total_spend", Desc: true}}, Columns: []string{"name", "phone"}, Widths: map[string]int{"name": 12}}
	if err := st.SaveView(ctx, "vip", v); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveView(ctx, "bad", View{Filter: "nosuch=1"}); err == nil {
		t.Error("view with a bad filter saved")
	}
	got, err := st.LoadView(ctx, "vip")
	if err != nil || got.Filter != "grade=A" || len(got.Columns) != 2 || got.Widths["name"] != 12 {
		t.Errorf("LoadView = %+v, %v", got, err)
	}
	names, _ := st.Views(ctx)
	if len(names) != 1 || names[0] != "vip" {
		t.Errorf("Views = %v", names)
	}
	if err := st.SaveLastView(ctx, v); err != nil {
		t.Fatal(err)
	}
	last, _ := st.LastView(ctx)
	if last.Filter != "grade=A" {
		t.Errorf("LastView = %+v", last)
	}
	if err := st.DeleteView(ctx, "vip"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadView(ctx, "vip"); err == nil {
		t.Error("deleted view still loads")
	}
}

func TestResolve(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	a := mustAdd(t, st, map[string]string{"name": "王芳", "phone": "13800138000"})
	mustAdd(t, st, map[string]string{"name": "李雷", "company": "甲公司"})
	mustAdd(t, st, map[string]string{"name": "李雷", "company": "乙公司"})
	for _, ref := range []string{"王芳", "13800138000", "+86 138 0013 8000", "1"} {
		if id, err := st.Resolve(ctx, ref); err != nil || id != a {
			t.Errorf("Resolve(%q) = %d, %v", ref, id, err)
		}
	}
	_, err := st.Resolve(ctx, "李雷")
	if err == nil || !strings.Contains(err.Error(), "甲公司") || !strings.Contains(err.Error(), "乙公司") {
		t.Errorf("ambiguous name error %v should list the candidates", err)
	}
	if _, err := st.Resolve(ctx, "nobody"); err == nil {
		t.Error("unknown customer resolved")
	}
}

func TestBackup(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	mustAdd(t, st, map[string]string{"name": "王芳"})
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := st.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	if err := st.Backup(ctx, dst); err == nil {
		t.Error("backup over an existing file succeeded")
	}
	cp, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if n, _ := cp.CountAll(ctx); n != 1 {
		t.Errorf("backup has %d customers", n)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer schema: %v", err)
	}
}
