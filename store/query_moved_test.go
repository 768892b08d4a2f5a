package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
)

// movedLedger plants grade moves around the summary's 30 days (today
// 2026-03-15, so from 2026-02-13), every grade set by pinning:
//
//	甲 A→B 03-01                          stands
//	乙 A→B 02-01                          too early
//	丙 A→B 03-02, undone                  no move
//	丁 A→B 03-03, B→C 03-04, both undone  no move (the undo of B→C first)
//	戊 A→B 03-05, undone, redone          stands
//	己 B→A 03-06                          stands
//	庚 A→B 03-07, B→A 03-08, A→B 03-09    stands, A→B twice and B→A once
func movedLedger(t *testing.T) *Store {
	t.Helper()
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	st, err := Open(filepath.Join(t.TempDir(), "ledger.db"), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	ids := map[string]int64{}
	on := func(day string) {
		d, err := time.Parse("2006-01-02", day)
		if err != nil {
			t.Fatal(err)
		}
		now = d.Add(10 * time.Hour)
	}
	pin := func(day, name, g string) {
		on(day)
		if _, err := st.SetField(ctx, ids[name], "pinned", g); err != nil {
			t.Fatalf("pin %s %s: %v", name, g, err)
		}
	}
	step := func(day string, undo bool) {
		on(day)
		var err error
		if undo {
			_, err = st.Undo(ctx)
		} else {
			_, err = st.Redo(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ name, grade string }{{"甲", "A"}, {"乙", "A"}, {"丙", "A"}, {"丁", "A"}, {"戊", "A"}, {"己", "B"}, {"庚", "A"}} {
		on("2026-01-01")
		cu, err := st.AddCustomer(ctx, map[string]string{"name": c.name})
		if err != nil {
			t.Fatal(err)
		}
		ids[c.name] = cu.ID
		pin("2026-01-01", c.name, c.grade)
	}
	pin("2026-02-01", "乙", "B")
	pin("2026-03-01", "甲", "B")
	pin("2026-03-02", "丙", "B")
	step("2026-03-02", true)
	pin("2026-03-03", "丁", "B")
	pin("2026-03-04", "丁", "C")
	step("2026-03-04", true)
	step("2026-03-04", true)
	pin("2026-03-05", "戊", "B")
	step("2026-03-05", true)
	step("2026-03-05", false)
	pin("2026-03-06", "己", "A")
	pin("2026-03-07", "庚", "B")
	pin("2026-03-08", "庚", "A")
	pin("2026-03-09", "庚", "B")
	on("2026-03-15")
	return st
}

// names are the customers filter keeps, by name.
func names(t *testing.T, st *Store, filter string) string {
	t.Helper()
	var out []string
	err := st.Each(context.Background(), Query{Filter: filter, Columns: []string{"name"}, Sort: []SortKey{{Key: "name"}}}, func(r Row) error {
		out = append(out, r.Values[0].(string))
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", filter, err)
	}
	return fmt.Sprint(out)
}

// moved=A→B keeps exactly the customers behind the summary's move A→B of
// the last 30 days: a move undone is none, one redone stands, one too old
// is left out.
func TestFilterMoved(t *testing.T) {
	st := movedLedger(t)
	sum, err := st.TierSummary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// a move counts its customers, as many as its drill-down opens on:
	// 庚 went A→B twice and counts once
	if got := fmt.Sprint(sum.Movements.Moves); got != "[{A B 3} {B A 2}]" {
		t.Fatalf("the summary's moves = %s", got)
	}
	for _, m := range sum.Movements.Moves {
		if got := namesWhere(t, st, "moved="+m.From+"→"+m.To); len(got) != m.Count {
			t.Errorf("move %s→%s counts %d, its drill-down keeps %v", m.From, m.To, m.Count, got)
		}
	}
	cases := []struct{ filter, want string }{
		{"moved=A→B", "[庚 戊 甲]"},
		{"moved=A>B", "[庚 戊 甲]"},
		{"moved=A->B", "[庚 戊 甲]"},
		{"调级=A→B", "[庚 戊 甲]"},
		{"moved=B→A", "[己 庚]"},
		{"moved=B→C", "[]"},
		{"moved!=A→B", "[丁 丙 乙 己]"},
		{"moved=A→B or moved=B→A", "[己 庚 戊 甲]"},
		{"moved=A→B grade=B", "[庚 戊 甲]"},
	}
	for _, c := range cases {
		if got := names(t, st, c.filter); got != c.want {
			t.Errorf("%s: %s, want %s", c.filter, got, c.want)
		}
	}
	for filter, want := range map[string]string{
		"moved=AB":  `filter term 1 "moved=AB": "AB" is not a grade move: write it as from→to, e.g. moved=A→B (or A>B)`,
		"moved=X→B": `filter term 1 "moved=X→B": bad grade "X": use A, B, C, D or empty`,
		"moved=A→A": `filter term 1 "moved=A→A": "A→A" is not a grade move: write it as from→to, e.g. moved=A→B (or A>B)`,
		"moved~A→B": `filter term 1 "moved~A→B": operator "~" does not work on moved`,
		"moved=":    `filter term 1 "moved=": missing value after "="`,
	} {
		_, err := st.Count(context.Background(), Query{Filter: filter})
		if err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %q", filter, err, want)
		}
	}
}

// moved (调级) is the filter's word for a grade move, so no column takes it.
func TestMovedIsNotAColumnName(t *testing.T) {
	st := openTest(t)
	for _, name := range []string{"moved", "Moved", "调级"} {
		_, err := st.AddColumn(context.Background(), name, Text, nil)
		if got := i18n.Message(err, i18n.EN); got != fmt.Sprintf("%q is a word of the filter language (moved=A→B): choose another column name", name) {
			t.Errorf("AddColumn(%q) = %v", name, got)
		}
	}
	if _, ok := st.Column("moved"); ok {
		t.Error("a refused column was added")
	}
}

// A customer in the trash is out of the summary's moves, as it is out of
// its counts and of every filter: the count a drill-down opens from is the
// count of the customers it shows. Back from the trash, its moves count
// again.
func TestMovesLeaveOutTheTrash(t *testing.T) {
	st := movedLedger(t)
	ctx := context.Background()
	var jia int64
	if err := st.Each(ctx, Query{Filter: "name=甲", Columns: []string{"id"}}, func(r Row) error {
		jia = r.ID
		return nil
	}); err != nil || jia == 0 {
		t.Fatalf("find 甲: %d, %v", jia, err)
	}
	moves := func() string {
		t.Helper()
		sum, err := st.TierSummary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(sum.Movements.Moves, sum.Movements.Down, sum.Movements.Up)
	}
	if err := st.Delete(ctx, jia); err != nil {
		t.Fatal(err)
	}
	// 甲's A→B is gone: 戊 and 庚 (twice, one customer) are left; 己 and
	// 庚 moved up.
	if got := moves(); got != "[{A B 2} {B A 2}] 2 2" {
		t.Errorf("甲 in the trash: moves %s, want [{A B 2} {B A 2}] 2 2", got)
	}
	if got := names(t, st, "moved=A→B"); got != "[庚 戊]" {
		t.Errorf("甲 in the trash: moved=A→B keeps %s, want [庚 戊]", got)
	}
	if _, err := st.Undo(ctx); err != nil { // the delete
		t.Fatal(err)
	}
	if got := moves(); got != "[{A B 3} {B A 2}] 3 2" {
		t.Errorf("甲 back: moves %s, want [{A B 3} {B A 2}] 3 2", got)
	}
	// 丙's A→B was undone: with 丙 in the trash, that pair takes nothing
	// off the live customers' moves.
	var bing int64
	if err := st.Each(ctx, Query{Filter: "name=丙", Columns: []string{"id"}}, func(r Row) error {
		bing = r.ID
		return nil
	}); err != nil || bing == 0 {
		t.Fatalf("find 丙: %d, %v", bing, err)
	}
	if err := st.Delete(ctx, bing); err != nil {
		t.Fatal(err)
	}
	if got := moves(); got != "[{A B 3} {B A 2}] 3 2" {
		t.Errorf("丙 in the trash: moves %s, want [{A B 3} {B A 2}] 3 2", got)
	}
}

// A custom column named moved (an import made it; AddColumn refuses the
// word) stays reachable: moved~, moved<, and moved= with a value that is no
// move read the column, while moved=A→B still keeps the recent movers.
func TestMovedColumnStaysReachable(t *testing.T) {
	st := movedLedger(t)
	ctx := context.Background()
	_, err := st.ImportRows(ctx, ImportOptions{
		Keys:    []string{"name", "moved"},
		Columns: []ImportColumn{{Key: "moved", Type: Text}},
	}, rowsOf(nil,
		ImportRow{Line: 2, Values: map[string]any{"name": "甲", "moved": "yes"}},
		ImportRow{Line: 3, Values: map[string]any{"name": "己", "moved": "A→B"}},
	))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ filter, want string }{
		{"moved=yes", "[甲]"},
		{"moved~ye", "[甲]"},
		{"moved!=yes", "[丁 丙 乙 己 庚 戊]"},
		{"moved~A→B", "[己]"},
		// the move term: 甲, 戊 and 庚 went from A to B in the last 30 days
		{"moved=A→B", "[庚 戊 甲]"},
		{"moved!=A→B", "[丁 丙 乙 己]"},
	} {
		if got := names(t, st, c.filter); got != c.want {
			t.Errorf("%s keeps %s, want %s", c.filter, got, c.want)
		}
	}
}
