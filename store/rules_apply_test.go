package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// rulesLedger holds five customers graded on spend alone against absolute
// thresholds 100, 500, 2000, 10000 yuan: a spend score s gives (s-1)/4×100
// points.
//
//	甲 20000 yuan: score 5, 100 points   乙 3000: score 4, 75 points
//	丙 600: score 3, 50 points            丁 50: score 1, 0 points
//	戊 never bought: D
func rulesLedger(t *testing.T) (*Store, map[string]int64, tiering.Rules) {
	t.Helper()
	ctx := context.Background()
	st, _ := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	r := tiering.DefaultRules()
	r.WeightR, r.WeightF, r.WeightM = 0, 0, 1
	r.M = tiering.DimRule{Mode: tiering.ModeAbsolute, Thresholds: [4]float64{100, 500, 2000, 10000}}
	if _, err := st.SetRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, c := range []struct{ name, amount string }{{"甲", "20000"}, {"乙", "3000"}, {"丙", "600"}, {"丁", "50"}, {"戊", ""}} {
		ids[c.name] = mustAdd(t, st, map[string]string{"name": c.name})
		if c.amount != "" {
			if _, _, err := st.AddPurchase(ctx, ids[c.name], PurchaseInput{Amount: c.amount, Date: "2026-11-01"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return st, ids, r
}

func gradesOf(t *testing.T, st *Store, ids map[string]int64) string {
	t.Helper()
	var out []string
	for _, n := range []string{"甲", "乙", "丙", "丁", "戊"} {
		rec, err := st.Get(context.Background(), ids[n])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n+rec.Str("grade"))
	}
	return strings.Join(out, " ")
}

func TestPreviewMatchesApplyAndUndoPutsTheRulesBack(t *testing.T) {
	ctx := context.Background()
	st, ids, before := rulesLedger(t)
	if got := gradesOf(t, st, ids); got != "甲A 乙B 丙C 丁C 戊D" {
		t.Fatalf("grades before = %s", got)
	}
	after := before
	after.Labels = map[string]string{"A": "VIP", "B": "B", "C": "C", "D": "D"}
	after.GradeA, after.GradeB = 70, 40 // 乙 75 → A, 丙 50 → B

	pv, err := st.PreviewRulesDetail(ctx, after)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Changes != 2 || !reflect.DeepEqual(pv.Moves, map[string]int{"B→A": 1, "C→B": 1}) ||
		!reflect.DeepEqual(pv.Names, map[string][]string{"B→A": {"乙"}, "C→B": {"丙"}}) {
		t.Errorf("preview = %+v", pv)
	}
	if got := strings.Join(pv.Lines(i18n.ZH), "\n"); got != "这些规则会让 2 位客户（共 5 位）改变等级：\n  B→A  1  乙\n  C→B  1  丙" {
		t.Errorf("preview text:\n%s", got)
	}
	if got := gradesOf(t, st, ids); got != "甲A 乙B 丙C 丁C 戊D" {
		t.Errorf("the preview changed grades: %s", got)
	}

	rep, err := st.ApplyRules(ctx, after)
	if err != nil {
		t.Fatal(err)
	}
	if rep.GradeMoves != 2 {
		t.Errorf("apply moved %d, the preview said 2", rep.GradeMoves)
	}
	if got := gradesOf(t, st, ids); got != "甲A 乙A 丙B 丁C 戊D" {
		t.Errorf("grades after apply = %s", got)
	}
	if got, _ := st.Rules(ctx); !reflect.DeepEqual(got, after) {
		t.Errorf("rules after apply = %+v", got)
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
	if entries[0].Entity != "settings" || entries[0].Field != "tiering.rules" || entries[1].Entity == "settings" {
		t.Errorf("journal = %+v", entries[:2])
	}

	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := gradesOf(t, st, ids); got != "甲A 乙B 丙C 丁C 戊D" {
		t.Errorf("grades after undo = %s", got)
	}
	if got, _ := st.Rules(ctx); !reflect.DeepEqual(got, before) {
		t.Errorf("rules after undo = %+v", got)
	}
	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if got := gradesOf(t, st, ids); got != "甲A 乙A 丙B 丁C 戊D" {
		t.Errorf("grades after redo = %s", got)
	}
	if got, _ := st.Rules(ctx); got.Label("A") != "VIP" {
		t.Errorf("rules after redo = %+v", got)
	}
}

func TestUndoOfFirstRulesRemovesTheSetting(t *testing.T) {
	ctx := context.Background()
	st, _ := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	r := tiering.DefaultRules()
	r.Labels["A"] = "VIP"
	if _, err := st.ApplyRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	var raw string
	if found, err := st.Setting(ctx, "tiering.rules", &raw); err != nil || found {
		t.Errorf("rules setting after undo: found %v, %v", found, err)
	}
	if got, _ := st.Rules(ctx); got.Label("A") != "A" {
		t.Errorf("label after undo = %q", got.Label("A"))
	}
}

func TestApplyRulesRefusesBadRules(t *testing.T) {
	ctx := context.Background()
	st, ids, _ := rulesLedger(t)
	bad := tiering.DefaultRules()
	bad.GradeA = 200
	if _, err := st.ApplyRules(ctx, bad); err == nil {
		t.Fatal("bad rules applied")
	}
	if got := gradesOf(t, st, ids); got != "甲A 乙B 丙C 丁C 戊D" {
		t.Errorf("grades = %s", got)
	}
	// Nothing was journaled: undo takes back the last change, adding 戊.
	if res, err := st.Undo(ctx); err != nil || res.Entity != "customers" || res.Op != "add" || res.CustomerID != ids["戊"] {
		t.Errorf("undo after a refused apply = %+v, %v", res, err)
	}
}
