package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"
)

// rowsOf yields rows one by one, then err if it is not nil.
func rowsOf(err error, rows ...ImportRow) iter.Seq2[ImportRow, error] {
	return func(yield func(ImportRow, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
		if err != nil {
			yield(ImportRow{}, err)
		}
	}
}

func opening(spend, count int64, last string) *Opening {
	return &Opening{Spend: spend, Count: count, Last: last, HasSpend: spend != 0, HasCount: count != 0, HasLast: last != ""}
}

// storeDump is every live customer as "name|phone|company|notes|会员卡|spend|count|last"
// read with plain SQL, in id order.
func storeDump(t *testing.T, st *Store) []string {
	t.Helper()
	card := "''"
	if _, ok := st.Column("会员卡"); ok {
		card = `coalesce("x_会员卡", '')`
	}
	rows, err := st.db.Query(`SELECT name, phone, company, notes, ` + card + `, total_spend, purchases, last_purchase
		FROM customers WHERE deleted_at IS NULL ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, phone, company, notes, cardV, last string
		var spend, count int64
		if err := rows.Scan(&name, &phone, &company, &notes, &cardV, &spend, &count, &last); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s|%d|%d|%s", name, phone, company, notes, cardV, spend, count, last))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func checkDump(t *testing.T, st *Store, what string, want []string) {
	t.Helper()
	if got := storeDump(t, st); !slices.Equal(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// An import adds new customers, updates those it matches (by phone, else
// by name and company), leaves the rest alone, never erases with an empty
// cell, and goes back with one undo.
func TestImportRowsMatchesAddsAndUndoes(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	mustAdd(t, st, map[string]string{"name": "王芳", "phone": "13800138000", "notes": "老备注"})
	mustAdd(t, st, map[string]string{"name": "李雷", "company": "茶语轩", "notes": "常客"})
	mustAdd(t, st, map[string]string{"name": "刘洋", "phone": "13700137000"})
	checkDump(t, st, "before the import", []string{
		"王芳|13800138000||老备注||0|0|",
		"李雷||茶语轩|常客||0|0|",
		"刘洋|13700137000||||0|0|",
	})

	res, err := st.ImportRows(ctx, ImportOptions{
		Keys:    []string{"name", "phone", "company", "notes", "会员卡"},
		Columns: []ImportColumn{{Key: "会员卡", Label: "会员卡号", Type: Text}},
		Reason:  "import old.csv",
	}, rowsOf(nil,
		// same phone as 王芳: her notes, card and opening balance change
		ImportRow{Line: 2, Values: map[string]any{"name": "王芳", "phone": "13800138000", "notes": "新备注", "会员卡": "M001"}, Opening: opening(500000, 3, "2026-11-01")},
		// same name and company as 李雷, no phone: his card; his notes stay
		ImportRow{Line: 3, Values: map[string]any{"name": "李雷", "company": "茶语轩", "会员卡": "M002"}},
		// new, a spend and a date but no count: one opening purchase
		ImportRow{Line: 4, Values: map[string]any{"name": "张伟", "phone": "13900139000"}, Opening: &Opening{Spend: 10000, Last: "2026-10-01", HasSpend: true, HasLast: true}},
		// new, nothing but a name
		ImportRow{Line: 5, Values: map[string]any{"name": "陈静"}},
		// 刘洋 as he is: unchanged
		ImportRow{Line: 6, Values: map[string]any{"name": "刘洋", "phone": "13700137000"}},
	))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || res.Updated != 2 || res.Unchanged != 1 {
		t.Errorf("result added %d updated %d unchanged %d, want 2 2 1", res.Added, res.Updated, res.Unchanged)
	}
	if len(res.Columns) != 1 || res.Columns[0].Key != "会员卡" || res.Columns[0].Label("en") != "会员卡号" {
		t.Errorf("created columns %+v, want 会员卡 labelled 会员卡号", res.Columns)
	}
	after := []string{
		"王芳|13800138000||新备注|M001|500000|3|2026-11-01",
		"李雷||茶语轩|常客|M002|0|0|",
		"刘洋|13700137000||||0|0|",
		"张伟|13900139000||||10000|1|2026-10-01",
		"陈静|||||0|0|",
	}
	checkDump(t, st, "after the import", after)
	if n, err := st.CountAll(ctx); err != nil || n != 5 {
		t.Errorf("CountAll %d (%v), want 5", n, err)
	}
	// New customers are graded on the way in: 陈静 never bought.
	var grade string
	if err := st.db.QueryRow("SELECT grade FROM customers WHERE name = '陈静'").Scan(&grade); err != nil || grade != "D" {
		t.Errorf("陈静 grade %q (%v), want D", grade, err)
	}

	// One undo takes the whole import back (the opening balance of a
	// customer who was there before stays: the journal does not hold it).
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	checkDump(t, st, "after undo", []string{
		"王芳|13800138000||老备注||500000|3|2026-11-01",
		"李雷||茶语轩|常客||0|0|",
		"刘洋|13700137000||||0|0|",
	})
	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	checkDump(t, st, "after redo", after)
}

// A dry run reports what would happen and writes nothing, not even the
// new column.
func TestImportRowsDryRunWritesNothing(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	mustAdd(t, st, map[string]string{"name": "王芳", "phone": "13800138000"})
	res, err := st.ImportRows(ctx, ImportOptions{
		Keys:    []string{"name", "phone", "会员卡"},
		Columns: []ImportColumn{{Key: "会员卡", Type: Text}},
		DryRun:  true,
	}, rowsOf(nil,
		ImportRow{Line: 2, Values: map[string]any{"name": "王芳", "phone": "13800138000", "会员卡": "M001"}},
		ImportRow{Line: 3, Values: map[string]any{"name": "李雷"}},
	))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 || res.Updated != 1 {
		t.Errorf("dry run result added %d updated %d, want 1 1", res.Added, res.Updated)
	}
	if _, ok := st.Column("会员卡"); ok {
		t.Error("a dry run created the column")
	}
	checkDump(t, st, "after a dry run", []string{"王芳|13800138000||||0|0|"})
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err) // the add of 王芳
	}
	if _, err := st.Undo(ctx); err == nil {
		t.Error("a dry run left something to undo")
	}
}

// An error from the rows, or a cancelled context, rolls everything back.
func TestImportRowsErrorRollsBack(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	bad := errors.New("line 4: unreadable")
	_, err := st.ImportRows(ctx, ImportOptions{
		Keys:    []string{"name", "会员卡"},
		Columns: []ImportColumn{{Key: "会员卡", Type: Text}},
	}, rowsOf(bad,
		ImportRow{Line: 2, Values: map[string]any{"name": "王芳", "会员卡": "M1"}},
		ImportRow{Line: 3, Values: map[string]any{"name": "李雷"}},
	))
	if !errors.Is(err, bad) {
		t.Errorf("import error %v, want the rows' error", err)
	}
	if _, ok := st.Column("会员卡"); ok {
		t.Error("a failed import left its column")
	}
	checkDump(t, st, "after a failed import", nil)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = st.ImportRows(cctx, ImportOptions{Keys: []string{"name"}}, rowsOf(nil, ImportRow{Line: 2, Values: map[string]any{"name": "王芳"}}))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled import: %v, want context.Canceled", err)
	}
	checkDump(t, st, "after a cancelled import", nil)
}

func TestImportRowsRefusesBadOptions(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	if _, err := st.AddColumn(ctx, "等级备注", Text, nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		what string
		opts ImportOptions
		want string
	}{
		{"no name", ImportOptions{Keys: []string{"phone"}}, "name"},
		{"unknown key", ImportOptions{Keys: []string{"name", "nosuch"}}, "nosuch"},
		{"computed column", ImportOptions{Keys: []string{"name", "grade"}}, "grade"},
		{"label instead of key", ImportOptions{Keys: []string{"Name"}}, "Name"},
		{"bad column key", ImportOptions{Keys: []string{"name"}, Columns: []ImportColumn{{Key: "a b", Type: Text}}}, "a b"},
		{"existing column", ImportOptions{Keys: []string{"name"}, Columns: []ImportColumn{{Key: "等级备注", Type: Text}}}, "等级备注"},
		{"built-in column", ImportOptions{Keys: []string{"name"}, Columns: []ImportColumn{{Key: "phone", Type: Text}}}, "phone"},
		{"twice the same column", ImportOptions{Keys: []string{"name"}, Columns: []ImportColumn{{Key: "卡", Type: Text}, {Key: "卡", Type: Money}}}, "卡"},
		{"bad type", ImportOptions{Keys: []string{"name"}, Columns: []ImportColumn{{Key: "卡", Type: "colour"}}}, "colour"},
	}
	for _, c := range cases {
		_, err := st.ImportRows(ctx, c.opts, rowsOf(nil, ImportRow{Line: 2, Values: map[string]any{"name": "王芳"}}))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a refusal naming %q", c.what, err, c.want)
		}
	}
	checkDump(t, st, "after refused imports", nil)
}

func TestImportColumnKey(t *testing.T) {
	for name, want := range map[string]string{
		"会员卡":                   "会员卡",
		" Member  Card ":        "member_card",
		"VIP等级2":                "vip等级2",
		"=cmd|' /C calc'!A0":    "",
		"a-b":                   "",
		"":                      "",
		"   ":                   "",
		strings.Repeat("x", 60): strings.Repeat("x", 60),
		strings.Repeat("x", 61): "",
	} {
		if got := ImportColumnKey(name); got != want {
			t.Errorf("ImportColumnKey(%q) = %q, want %q", name, got, want)
		}
	}
}

// A large import into a small ledger drops the customers' secondary
// indexes while it writes and builds every one of them again; graded with
// a preview, it leaves nothing for a regrade to change.
func TestImportRowsLargeRebuildsIndexes(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	mustAdd(t, st, map[string]string{"name": "老客", "phone": "13600000000"})
	indexes := func() []string {
		rows, err := st.db.Query("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL ORDER BY name")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			out = append(out, n)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := indexes()
	const n = 5000
	rows := make([]ImportRow, n)
	pre, err := st.NewImportPreview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	part := pre.Part()
	for i := range rows {
		rows[i] = ImportRow{Line: i + 2, Values: map[string]any{"name": fmt.Sprintf("客户%d", i), "phone": fmt.Sprintf("139%08d", i)}}
		if i%3 != 0 {
			rows[i].Opening = opening(int64(100*(i%97+1))*100, int64(i%5+1), fmt.Sprintf("2026-%02d-%02d", i%11+1, i%28+1))
		}
		if i%2 == 0 {
			pre.Add(rows[i].Opening)
		} else {
			part.Add(rows[i].Opening)
		}
	}
	pre.Join(part)
	var calls [][2]int
	res, err := st.ImportRows(ctx, ImportOptions{
		Keys: []string{"name", "phone"}, Rows: n, Preview: pre,
		Indexes: func(done, total int) { calls = append(calls, [2]int{done, total}) },
	}, rowsOf(nil, rows...))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != n {
		t.Errorf("added %d, want %d", res.Added, n)
	}
	if got := indexes(); !slices.Equal(got, want) {
		t.Errorf("indexes after a large import %q, want %q", got, want)
	}
	if len(calls) < 2 || calls[0][0] != 0 || calls[len(calls)-1][0] != calls[len(calls)-1][1] {
		t.Errorf("index progress %v, want 0/k first and k/k last", calls)
	}
	if n, err := st.CountAll(ctx); err != nil || n != 5001 {
		t.Errorf("CountAll %d (%v), want 5001", n, err)
	}
	// 客户1: i%3 = 1, spend 100 × (1%97+1) = 200 yuan, 2 purchases, last 2026-02-02.
	checkDumpRow(t, st, "客户1", "客户1|13900000001||||20000|2|2026-02-02")
	rep, err := st.RegradeAll(ctx, "check")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed != 0 {
		t.Errorf("a regrade after the import changed %d customers", rep.Changed)
	}
}

func checkDumpRow(t *testing.T, st *Store, name, want string) {
	t.Helper()
	for _, r := range storeDump(t, st) {
		if strings.HasPrefix(r, name+"|") {
			if r != want {
				t.Errorf("%s: %q, want %q", name, r, want)
			}
			return
		}
	}
	t.Errorf("%s not in the ledger", name)
}
