package store

import (
	"context"
	"reflect"
	"testing"
)

// The preview reads a ledger whose ids span more than 50,000 in chunks of
// ids on two connections at once; its counts and names are those of the
// whole ledger. The grades are TestRegradeTodayReadsALedgerInHalves':
// 王芳 #1 C 47.5, 李雷 #2 D, 张伟 #60000 C 52.5. With B from 50, only 张伟
// moves (C→B). A deleted customer in each half is not counted.
func TestPreviewRulesReadsALedgerInHalves(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	wang := mustAdd(t, st, map[string]string{"name": "王芳"})
	mustAdd(t, st, map[string]string{"name": "李雷"})
	zhang := mustAdd(t, st, map[string]string{"name": "张伟"})
	gone1 := mustAdd(t, st, map[string]string{"name": "赵六"})
	gone2 := mustAdd(t, st, map[string]string{"name": "孙七"})
	for id, newID := range map[int64]int64{zhang: 60000, gone2: 45000} {
		if _, err := st.db.Exec("UPDATE customers SET id = ? WHERE id = ?", newID, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.db.Exec("UPDATE customers SET deleted_at = '2026-11-01' WHERE id IN (?, 45000)", gone1); err != nil {
		t.Fatal(err)
	}
	for id, p := range map[int64]PurchaseInput{wang: {Amount: "300", Date: "2026-11-20"}, 60000: {Amount: "500", Date: "2026-11-01"}} {
		if _, _, err := st.AddPurchase(ctx, id, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.RegradeToday(ctx); err != nil {
		t.Fatal(err)
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rules.GradeB = 50
	p, err := st.PreviewRulesDetail(ctx, rules)
	if err != nil {
		t.Fatal(err)
	}
	want := RulesPreview{
		Customers: 3, Changes: 1,
		Before: map[string]int{"A": 0, "B": 0, "C": 2, "D": 1},
		After:  map[string]int{"A": 0, "B": 1, "C": 1, "D": 1},
		Moves:  map[string]int{"C→B": 1},
		Names:  map[string][]string{"C→B": {"张伟"}},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("preview\n got %+v\nwant %+v", p, want)
	}
	// (after the day's regrade the preview of new lines reads the stored
	// scores: the chunks are read by the full grading)
	full, err := st.previewFull(ctx, rules)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(full, want) {
		t.Errorf("full preview\n got %+v\nwant %+v", full, want)
	}
}
