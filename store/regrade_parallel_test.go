package store

import (
	"context"
	"errors"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// A ledger whose ids span more than 50,000 is read in two halves at once by
// the day's regrade; the grades are those of the whole ledger, worked out by
// hand. Two buyers in the window (today 2026-11-22, quintile rules):
//
//	王芳 #1     last 2026-11-20 (2 days), 1 purchase, 300 yuan
//	张伟 #60000 last 2026-11-01 (21 days), 1 purchase, 500 yuan
//
// With two values the mid-rank cuts are the lower value for score 2 and the
// higher for scores 3 and 4 (score 5 unreached): 王芳 R4 F3 M2 → 2.9 → 47.5,
// 张伟 R2 F3 M4 → 3.1 → 52.5, both C; 李雷 never bought: D.
func TestRegradeTodayReadsALedgerInHalves(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	wang := mustAdd(t, st, map[string]string{"name": "王芳"})
	li := mustAdd(t, st, map[string]string{"name": "李雷"})
	zhang := mustAdd(t, st, map[string]string{"name": "张伟"})
	if _, err := st.db.Exec("UPDATE customers SET id = 60000 WHERE id = ?", zhang); err != nil {
		t.Fatal(err)
	}
	zhang = 60000
	for id, p := range map[int64]PurchaseInput{wang: {Amount: "300", Date: "2026-11-20"}, zhang: {Amount: "500", Date: "2026-11-01"}} {
		if _, _, err := st.AddPurchase(ctx, id, p); err != nil {
			t.Fatal(err)
		}
	}
	// Scramble the stored grades so the regrade has to write them all.
	if _, err := st.db.Exec("UPDATE customers SET grade = 'A', score = 99"); err != nil {
		t.Fatal(err)
	}
	rep, err := st.RegradeToday(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Customers != 3 || rep.Changed != 3 {
		t.Errorf("regrade report: %d customers, %d changed; want 3 and 3", rep.Customers, rep.Changed)
	}
	for id, want := range map[int64]struct {
		grade string
		score float64
	}{wang: {"C", 47.5}, li: {"D", 0}, zhang: {"C", 52.5}} {
		r := mustGetRecord(t, st, id)
		if r.Str("grade") != want.grade || r.Values["score"] != want.score {
			t.Errorf("customer %d: grade %s score %v, want %s %.1f", id, r.Str("grade"), r.Values["score"], want.grade, want.score)
		}
	}
}

// GradeLoaded grades bulk-loaded customers without writing their first
// grades to the history.
func TestGradeLoadedWritesNoHistory(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := mustAdd(t, st, map[string]string{"name": "王芳"})
	if _, err := st.db.Exec("UPDATE customers SET grade = 'A' WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	var before int
	if err := st.db.QueryRow("SELECT count(*) FROM grade_history").Scan(&before); err != nil {
		t.Fatal(err)
	}
	rep, err := st.GradeLoaded(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed != 1 {
		t.Errorf("GradeLoaded changed %d, want 1", rep.Changed)
	}
	if r := mustGetRecord(t, st, id); r.Str("grade") != "D" {
		t.Errorf("grade %s, want D", r.Str("grade"))
	}
	var after int
	if err := st.db.QueryRow("SELECT count(*) FROM grade_history").Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("GradeLoaded wrote %d history rows", after-before)
	}
}

func TestReasonTextInBothLanguages(t *testing.T) {
	st := openTest(t)
	cases := []struct{ reason, en, zh string }{
		{"time", "passage of time", "时间推移"},
		{"cuts", "cut points moved", "分位切点变化"},
		{"live", "cut points moved", "分位切点变化"},
		{"rules changed", "rules changed", "规则变更"},
		{"loaded", "customer added", "新增客户"},
		{"undo", "undo", "撤销"},
		{"purchase 580.00", "purchase ¥580.00", "购买 ¥580.00"},
		{"refund -20.00", "refund -¥20.00", "退款 -¥20.00"},
		{"import old.csv", "import old.csv", "导入 old.csv"},
		{"merge #12", "merged with #12", "与 #12 合并"},
		{"edit phone", "edit: Phone", "编辑：电话"},
		{"edit nosuch", "edit: nosuch", "编辑：nosuch"},
		{"time extra", "time extra", "time extra"},
		{"whatever the owner wrote", "whatever the owner wrote", "whatever the owner wrote"},
	}
	for _, c := range cases {
		if got := st.ReasonText(c.reason, i18n.EN); got != c.en {
			t.Errorf("ReasonText(%q, en) = %q, want %q", c.reason, got, c.en)
		}
		if got := st.ReasonText(c.reason, i18n.ZH); got != c.zh {
			t.Errorf("ReasonText(%q, zh) = %q, want %q", c.reason, got, c.zh)
		}
	}
}

func TestIsBusyOnlyForSQLiteBusy(t *testing.T) {
	if IsBusy(nil) || IsBusy(errors.New("database is locked")) {
		t.Error("IsBusy true for an error that is not SQLite's")
	}
}
