package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
)

// Stored rules that are no longer JSON (edited by hand) stop every regrade
// with a message that says how to replace them, and ApplyRules replaces
// them without reading them: the grades move as the preview said, as of
// today, and the journal keeps the damaged text.
func TestApplyRulesRepairsDamagedStoredRules(t *testing.T) {
	ctx := context.Background()
	st, ids, r := rulesLedger(t)
	if _, err := st.db.ExecContext(ctx, `UPDATE settings SET value = '{"window_days": 36' WHERE key = 'tiering.rules'`); err != nil {
		t.Fatal(err)
	}
	st.forgetTiering()
	nextDay := agendaDay(t, "2026-11-23 10:00")
	st.now = func() time.Time { return nextDay }

	_, err := st.RegradeToday(ctx)
	if !RulesDamaged(err) {
		t.Fatalf("regrade on damaged rules: %v", err)
	}
	zh := i18n.Message(err, i18n.ZH)
	if !strings.Contains(zh, "账本中保存的分级规则已损坏") || !strings.Contains(zh, "kehu rules import FILE --apply") || strings.Contains(zh, "invalid character") {
		t.Errorf("message: %s", zh)
	}
	if _, err := st.Rules(ctx); !RulesDamaged(err) {
		t.Errorf("Rules on damaged rules: %v", err)
	}

	after := r
	after.GradeA, after.GradeB = 70, 40 // 乙 75 → A, 丙 50 → B
	pv, err := st.PreviewRulesDetail(ctx, after)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Changes != 2 || pv.Moves["B→A"] != 1 || pv.Moves["C→B"] != 1 {
		t.Errorf("preview = %+v", pv)
	}
	rep, err := st.ApplyRules(ctx, after)
	if err != nil {
		t.Fatal(err)
	}
	if rep.GradeMoves != 2 {
		t.Errorf("apply moved %d, want 2", rep.GradeMoves)
	}
	if got := gradesOf(t, st, ids); got != "甲A 乙A 丙B 丁C 戊D" {
		t.Errorf("grades after repair = %s", got)
	}
	if day, err := st.GradedFor(ctx); err != nil || day != "2026-11-23" {
		t.Errorf("graded for %q (%v), want 2026-11-23", day, err)
	}
	hist, err := st.GradeHistory(ctx, ids["乙"], "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) == 0 || hist[0].Old != "B" || hist[0].New != "A" || hist[0].Reason != ReasonRules {
		t.Errorf("乙's history = %+v", hist)
	}
	entries, err := st.Journal(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if entries[0].Field != "tiering.rules" || entries[0].Old != `"{\"window_days\": 36"` {
		t.Errorf("journal = %+v", entries[0])
	}
	if _, err := st.RegradeToday(ctx); err != nil {
		t.Errorf("regrade after repair: %v", err)
	}
	// Undo would put the damaged rules back and cannot grade under them:
	// it is refused and leaves the repaired ledger as it is.
	if _, err := st.Undo(ctx); !RulesDamaged(err) {
		t.Errorf("undo of the repair: %v", err)
	}
	if got := gradesOf(t, st, ids); got != "甲A 乙A 丙B 丁C 戊D" {
		t.Errorf("grades after refused undo = %s", got)
	}
	if got, err := st.Rules(ctx); err != nil || got.GradeA != 70 {
		t.Errorf("rules after refused undo: %v, %+v", err, got.GradeA)
	}
}
