package importer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// gradedSheet is a sheet of n customers with varied histories (recent and
// old last purchases, small and large spends, pinned grades, potential),
// some rows that will be rejected, and rows that repeat an earlier
// customer with other figures: the first pass sees figures the import
// then drops or replaces, so its preview of the cut points is off.
func gradedSheet(n int) [][]string {
	rows := [][]string{{"客户名称", "手机", "公司", "消费金额", "购买次数", "最近购买日期", "潜力", "指定等级", "备注"}}
	for i := 0; i < n; i++ {
		spend := fmt.Sprintf("%d.%02d", (i*7919)%90000, i%100)
		count := fmt.Sprint(1 + (i*31)%40)
		last := fmt.Sprintf("2026-%02d-%02d", 1+(i*7)%11, 1+i%28)
		if i%9 == 0 {
			last = fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28) // outside the window
		}
		pinned := ""
		if i%97 == 0 {
			pinned = "B"
		}
		phone := fmt.Sprintf("139%08d", i)
		if i%13 == 0 {
			phone = "" // matched by name and company
		}
		row := []string{fmt.Sprintf("客户%d", i), phone, []string{"", "茶语轩", "恒通建材"}[i%3], spend, count, last, fmt.Sprint(i % 6), pinned, ""}
		switch {
		case i%50 == 7:
			row[3] = "很多" // rejected: not an amount
		case i%10 == 0 && i > 0:
			row[3] = "" // no summary at all: a prospect
			row[4], row[5] = "", ""
		}
		rows = append(rows, row)
		if i%40 == 5 { // the same customer again, with other figures
			again := append([]string(nil), row...)
			again[3], again[4], again[8] = fmt.Sprintf("%d", 50000+i), "60", "再次出现"
			rows = append(rows, again)
		}
	}
	return rows
}

// TestImportGradesExactly checks that customers graded as they are written
// hold exactly the grades a full regrade computes afterwards, with the
// preview thrown off by rejected and repeated rows, into an empty ledger
// and into one that has customers with purchases.
func TestImportGradesExactly(t *testing.T) {
	for _, tc := range []struct {
		name     string
		rows     int
		existing bool
	}{
		{"empty ledger", 300, false},
		{"empty ledger, indexes rebuilt", 6000, false},
		{"ledger with customers", 300, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newStore(t)
			ctx := context.Background()
			if tc.existing {
				for i := 0; i < 40; i++ {
					ch, err := st.AddCustomer(ctx, map[string]string{"name": fmt.Sprintf("老客%d", i), "phone": fmt.Sprintf("137%08d", i)})
					if err != nil {
						t.Fatal(err)
					}
					for j := 0; j <= i%5; j++ {
						if _, _, err := st.AddPurchase(ctx, ch.ID, store.PurchaseInput{Amount: fmt.Sprint(100 * (i + 1)), Date: fmt.Sprintf("2026-%02d-%02d", 1+j, 1+i%28)}); err != nil {
							t.Fatal(err)
						}
					}
				}
				if _, err := st.RegradeAll(ctx, "seed"); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(t.TempDir(), "graded.csv")
			writeCSV(t, path, gradedSheet(tc.rows), true, false)
			rep, err := ImportFile(ctx, st, path, Options{Lang: i18n.EN})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Rejected == 0 || rep.Updated == 0 || rep.Added == 0 {
				t.Fatalf("the sheet should reject, update and add rows: %+v", rep)
			}
			before := dump(t, st)
			check, err := st.RegradeAll(ctx, "check")
			if err != nil {
				t.Fatal(err)
			}
			if check.Changed != 0 || check.CutsChanged {
				t.Errorf("a regrade after the import changed %d customers (cut points changed: %v): the import left them graded wrongly", check.Changed, check.CutsChanged)
			}
			if after := dump(t, st); after != before {
				t.Error("a regrade after the import changed the ledger")
			}
			seen := map[string]bool{}
			for _, line := range strings.Split(before, "\n")[1:] {
				for _, g := range []string{"A", "B", "C", "D"} {
					if strings.Contains(line, ","+g+",") {
						seen[g] = true
					}
				}
			}
			if len(seen) != 4 {
				t.Errorf("grades seen %v, want A to D: the sheet does not exercise the cut points", seen)
			}
			// A new customer's first grade is not a move: no history for it.
			hist, err := st.GradeHistory(ctx, 0, "", 100000)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hist {
				if !strings.HasPrefix(h.Name, "老客") && h.Reason != "check" {
					t.Errorf("grade history for a customer the import added: %+v", h)
					break
				}
			}
		})
	}
}

// TestImportMatchesInMemoryLikeInLedger imports one sheet whose rows match
// earlier rows of the same sheet (by phone, by name and company, after a
// rename, after a phone was added) into an empty ledger, where matching
// runs in memory, and into a ledger holding one unrelated customer, where
// it asks the ledger: both must end with the same customers.
func TestImportMatchesInMemoryLikeInLedger(t *testing.T) {
	rows := [][]string{
		{"客户名称", "手机", "公司", "备注"},
		{"甲", "13900000001", "", "first"},
		{"甲二", "13900000001", "", "renamed by phone"},
		{"乙", "", "乙公司", "no phone"},
		{"乙", "", "乙公司", "same name and company"},
		{"乙", "13900000002", "乙公司", "phone given: matches the one without"},
		{"乙", "", "乙公司", "matches 乙 although it has a phone now"},
		{"丙", "13900000003", "", "has a phone"},
		{"丙", "13900000004", "", "another phone, 丙 has one: a new customer"},
		{"丁", "13900000003", "", "renames 丙 by phone"},
		{"丙", "", "", "no phone: the first 丙 is 丁 now, so the second"},
		{"甲", "", "", "the old name of 甲二: a new customer"},
	}
	for i := 0; i < 5200; i++ { // enough rows for the bulk path (indexes dropped)
		rows = append(rows, []string{fmt.Sprintf("路人%d", i), fmt.Sprintf("136%08d", i), "", ""})
		if i%1000 == 999 {
			rows = append(rows, []string{fmt.Sprintf("路人%d", i-500), fmt.Sprintf("136%08d", i-500), "", "again"})
		}
	}
	path := filepath.Join(t.TempDir(), "m.csv")
	writeCSV(t, path, rows, false, false)
	ctx := context.Background()
	run := func(seed bool) (Report, string) {
		st := newStore(t)
		if seed {
			if _, err := st.AddCustomer(ctx, map[string]string{"name": "无关", "phone": "13700000000"}); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := ImportFile(ctx, st, path, Options{Lang: i18n.EN})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, line := range strings.Split(dump(t, st), "\n") {
			if !strings.Contains(line, "无关") {
				_, rest, _ := strings.Cut(line, ",") // ids differ by one
				b.WriteString(rest + "\n")
			}
		}
		return rep, b.String()
	}
	memRep, mem := run(false)
	dbRep, db := run(true)
	if memRep.Added != dbRep.Added || memRep.Updated != dbRep.Updated || memRep.Unchanged != dbRep.Unchanged {
		t.Errorf("in memory %+v, in the ledger %+v", memRep, dbRep)
	}
	if mem != db {
		t.Errorf("matching in memory and in the ledger differ:\n%s\n---\n%s", head(mem, 12), head(db, 12))
	}
	// 甲/甲二, 乙, 丙/丁, the second 丙, the old 甲, and the passers-by.
	if want := 5 + 5200; memRep.Added != want {
		t.Errorf("added %d, want %d", memRep.Added, want)
	}
	for _, want := range [][]string{{"甲二,", ",13900000001,", "renamed by phone"}, {"乙,", ",13900000002,", ",乙公司,", "has a phone now"},
		{"丁,", ",13900000003,"}, {"丙,", ",13900000004,", "so the second"}, {"甲,", "the old name"}} {
		found := false
		for _, line := range strings.Split(mem, "\n") {
			all := true
			for _, part := range want {
				all = all && strings.Contains(line, part)
			}
			found = found || all && strings.HasPrefix(line, want[0])
		}
		if !found {
			t.Errorf("no customer with %q in\n%s", want, head(mem, 12))
		}
	}
}

// TestImportRegradesRowsChangedLater: a later row of the sheet pins the
// grade of a customer an earlier row added. The preview saw the same
// figures as the import (the later row has none), so the cut points do not
// move, yet that customer's grade must.
func TestImportRegradesRowsChangedLater(t *testing.T) {
	rows := [][]string{{"客户名称", "手机", "消费金额", "购买次数", "最近购买日期", "指定等级"}}
	for i := 0; i < 200; i++ {
		rows = append(rows, []string{fmt.Sprintf("客户%d", i), fmt.Sprintf("139%08d", i), fmt.Sprint(10 + i), "1", "2026-11-01", ""})
	}
	rows = append(rows, []string{"客户0", "13900000000", "", "", "", "A"})
	path := filepath.Join(t.TempDir(), "pin.csv")
	writeCSV(t, path, rows, false, false)
	st := newStore(t)
	ctx := context.Background()
	rep, err := ImportFile(ctx, st, path, Options{Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 200 || rep.Updated != 1 {
		t.Fatalf("report %+v", rep)
	}
	if c := customer(t, st, "13900000000"); c["grade"] != "A" || c["pinned"] != "A" {
		t.Errorf("客户0 = grade %q pinned %q, want A pinned by the later row", c["grade"], c["pinned"])
	}
	check, err := st.RegradeAll(ctx, "check")
	if err != nil {
		t.Fatal(err)
	}
	if check.Changed != 0 {
		t.Errorf("a regrade after the import changed %d customers", check.Changed)
	}
}

func head(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// TestImportUndoRedo: the customers an import added are one journal entry;
// undo trashes them all, redo brings them back, and a customer's audit
// trail names the import that added it.
func TestImportUndoRedo(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.AddCustomer(ctx, map[string]string{"name": "老客", "phone": "13700000000"}); err != nil {
		t.Fatal(err)
	}
	rows := [][]string{{"客户名称", "手机", "备注"}, {"老客", "13700000000", "改了备注"}}
	for i := 0; i < 6000; i++ {
		rows = append(rows, []string{fmt.Sprintf("新客%d", i), fmt.Sprintf("139%08d", i), ""})
	}
	path := filepath.Join(t.TempDir(), "undo.csv")
	writeCSV(t, path, rows, false, false)
	type call struct {
		stage       Stage
		done, total int
	}
	var calls []call
	rep, err := ImportFile(ctx, st, path, Options{Lang: i18n.EN, Progress: func(s Stage, d, n int) { calls = append(calls, call{s, d, n}) }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 6000 || rep.Updated != 1 {
		t.Fatalf("report %+v", rep)
	}
	// Progress goes read → write → indexes, each ending complete: a large
	// import says when it is building indexes rather than sit at 100%.
	var order []Stage
	last := map[Stage]call{}
	for _, c := range calls {
		if len(order) == 0 || order[len(order)-1] != c.stage {
			order = append(order, c.stage)
		}
		last[c.stage] = c
	}
	if !slices.Equal(order, []Stage{StageRead, StageWrite, StageIndexes}) {
		t.Errorf("progress stages %v, want read, write, indexes", order)
	}
	if c := last[StageRead]; c.done != 6001 {
		t.Errorf("read stage ended at %+v, want 6001 rows", c)
	}
	if c := last[StageWrite]; c.done != 6001 || c.total != 6001 {
		t.Errorf("write stage ended at %+v", c)
	}
	if c := last[StageIndexes]; c.done == 0 || c.done != c.total {
		t.Errorf("indexes stage ended at %+v", c)
	}
	count := func() int {
		n, err := st.CountAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	id, err := st.Resolve(ctx, "13900003000")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := st.Journal(ctx, id, 10)
	if err != nil || len(entries) != 1 || entries[0].Op != "import" || !strings.Contains(entries[0].New, "undo.csv") {
		t.Fatalf("journal of an imported customer: %+v %v", entries, err)
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("after undo %d customers, want 1", n)
	}
	if c := customer(t, st, "13700000000"); c["notes"] != "" {
		t.Errorf("after undo the edit stays: %v", c["notes"])
	}
	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 6001 {
		t.Errorf("after redo %d customers, want 6001", n)
	}
	if c := customer(t, st, "13700000000"); c["notes"] != "改了备注" {
		t.Errorf("after redo notes %q", c["notes"])
	}
}

// TestImportCancelled: an import cancelled half way (Ctrl+C in the command,
// a closed TUI) returns the cancellation, writes nothing and leaves no
// goroutine waiting: the ledger takes the next write at once.
func TestImportCancelled(t *testing.T) {
	rows := [][]string{{"客户名称", "手机", "消费金额", "最近购买日期"}}
	for i := 0; i < 20000; i++ {
		rows = append(rows, []string{fmt.Sprintf("客户%d", i), fmt.Sprintf("139%08d", i), fmt.Sprint(i % 900), "2026-10-01"})
	}
	path := filepath.Join(t.TempDir(), "big.csv")
	writeCSV(t, path, rows, false, false)
	st := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := ImportFile(ctx, st, path, Options{Lang: i18n.EN, Progress: func(stage Stage, done, total int) {
		if stage == StageWrite && done >= 5000 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("import cancelled half way: %v", err)
	}
	if n, err := st.CountAll(context.Background()); err != nil || n != 0 {
		t.Errorf("after a cancelled import %d customers (%v), want none", n, err)
	}
	if _, err := st.AddCustomer(context.Background(), map[string]string{"name": "之后"}); err != nil {
		t.Errorf("the ledger refuses a write after a cancelled import: %v", err)
	}
}
