package store

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/kehu-app/kehu/tiering"
)

// previewBoth previews r through PreviewRulesDetail and through the full
// grading, fails when they differ or when the full grading differs from
// grading everyone through the day's regrade's read, and reports whether
// the preview came from the stored scores.
func previewBoth(t *testing.T, st *Store, r tiering.Rules, what string) (RulesPreview, bool) {
	t.Helper()
	ctx := context.Background()
	got, err := st.PreviewRulesDetail(ctx, r)
	if err != nil {
		t.Fatalf("%s: preview: %v", what, err)
	}
	full, err := st.previewFull(ctx, r)
	if err != nil {
		t.Fatalf("%s: full preview: %v", what, err)
	}
	if !reflect.DeepEqual(got, full) {
		t.Fatalf("%s: preview\n got %+v\nfull %+v", what, got, full)
	}
	previewMatchesTheRegradeWay(t, st, r, what)
	_, fast, err := st.previewFromScores(ctx, r)
	if err != nil {
		t.Fatalf("%s: preview from scores: %v", what, err)
	}
	return got, fast
}

// By hand: 王芳 bought 300 yuan two days ago, 张伟 500 yuan 21 days ago,
// 李雷 never bought and 赵六 never bought but is pinned to A. With two
// buyers the quintile cuts are R 21, 2, 2 days, F 1, 1 and M 300, 500,
// 500 yuan, so 王芳 scores R 4, F 3, M 2: 0.3·4 + 0.3·3 + 0.4·2 = 2.9,
// (2.9 − 1)/4·100 = 47.5 (C); 张伟 R 2, F 3, M 4: 3.1, 52.5 (C). Grade
// lines at B 50, A 52 move 张伟 to A; at B 40 王芳 to B as well. The
// preview after the day's regrade reads the stored scores.
func TestPreviewFromScoresByHand(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	wang := mustAdd(t, st, map[string]string{"name": "王芳"})
	mustAdd(t, st, map[string]string{"name": "李雷"})
	zhang := mustAdd(t, st, map[string]string{"name": "张伟"})
	zhao := mustAdd(t, st, map[string]string{"name": "赵六"})
	if _, err := st.SetField(ctx, zhao, "pinned", "A"); err != nil {
		t.Fatal(err)
	}
	for id, p := range map[int64]PurchaseInput{wang: {Amount: "300", Date: "2026-11-20"}, zhang: {Amount: "500", Date: "2026-11-01"}} {
		if _, _, err := st.AddPurchase(ctx, id, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.RegradeAll(ctx, ReasonCuts); err != nil {
		t.Fatal(err)
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]int{"A": 1, "B": 0, "C": 2, "D": 1}
	for _, c := range []struct {
		b, a float64
		want RulesPreview
	}{
		{50, 52, RulesPreview{Customers: 4, Changes: 1, Before: before,
			After: map[string]int{"A": 2, "B": 0, "C": 1, "D": 1},
			Moves: map[string]int{"C→A": 1}, Names: map[string][]string{"C→A": {"张伟"}}}},
		{40, 52, RulesPreview{Customers: 4, Changes: 2, Before: before,
			After: map[string]int{"A": 2, "B": 1, "C": 0, "D": 1},
			Moves: map[string]int{"C→A": 1, "C→B": 1}, Names: map[string][]string{"C→A": {"张伟"}, "C→B": {"王芳"}}}},
	} {
		r := rules
		r.GradeB, r.GradeA = c.b, c.a
		r.Labels = map[string]string{"A": "金牌"}
		got, fast := previewBoth(t, st, r, fmt.Sprintf("lines %v/%v", c.b, c.a))
		if !fast {
			t.Errorf("lines %v/%v: the preview graded everyone after the day's regrade", c.b, c.a)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("lines %v/%v: preview\n got %+v\nwant %+v", c.b, c.a, got, c.want)
		}
	}
	// a new weight scores differently: everyone is graded
	r := rules
	r.WeightM = 0.5
	if _, fast := previewBoth(t, st, r, "weight"); fast {
		t.Error("a new weight was previewed from the stored scores")
	}
}

// randomRules changes the stored rules at random: with fastKind only what
// maps a score to a grade (the lines, labels, cadence, the churn warnings'
// settings), else something that scores (a weight, the window, the bonus,
// a dimension's mode), sometimes with new lines as well.
func randomRules(rng *rand.Rand, stored tiering.Rules, fastKind bool) tiering.Rules {
	r := stored
	lines := func() {
		r.GradeB = float64(rng.IntN(900)) / 10
		r.GradeA = r.GradeB + float64(rng.IntN(int(1000-r.GradeB*10)+1))/10
	}
	if fastKind {
		switch rng.IntN(4) {
		case 0:
			r.Labels = map[string]string{"B": "银"}
		case 1:
			r.Cadence = map[string]int{"A": 7}
		case 2:
			r.ChurnPAlive = 0.3
		}
		if rng.IntN(5) != 0 {
			lines()
		}
		return r
	}
	switch rng.IntN(4) {
	case 0:
		r.WeightM += 0.2
	case 1:
		r.WindowDays = 90 + rng.IntN(400)
		if r.WindowDays == stored.WindowDays {
			r.WindowDays++
		}
	case 2:
		r.PotentialBonus = stored.PotentialBonus + float64(1+rng.IntN(30))
	case 3:
		r.F.Mode = tiering.ModeAbsolute
	}
	if rng.IntN(2) == 0 {
		lines()
	}
	return r
}

// After random writes (purchases and refunds, pins, potential, the trash
// and back, undo, redo, imports with opening figures, days passing with
// and without the day's regrade), every preview of random rules — ones
// that only move the grade lines and ones that score differently — equals
// the full grading's: every count, move and name. Right after a full
// regrade the lines-only previews come from the stored scores; after a
// write or on a day not yet graded they must not.
func TestPreviewFromScoresMatchesFullGrading(t *testing.T) {
	ctx := context.Background()
	st, clk := openMovable(t, time.Date(2026, 6, 1, 10, 0, 0, 0, time.Local))
	rng := rand.New(rand.NewPCG(19, 5))
	var ids []int64
	for i := range 120 {
		ids = append(ids, mustAdd(t, st, map[string]string{"name": fmt.Sprintf("客户%03d", i)}))
	}
	buy := func() bool {
		id := ids[rng.IntN(len(ids))]
		fen := 100 + rng.IntN(90000)
		amount := fmt.Sprintf("%d.%02d", fen/100, fen%100)
		if rng.IntN(8) == 0 {
			amount = "-" + fmt.Sprint(1+rng.IntN(50))
		}
		date := clk.t.AddDate(0, 0, -rng.IntN(500)).Format(parseDay)
		// a refund larger than what was bought is refused: nothing written
		_, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: amount, Date: date})
		return err == nil
	}
	for range 400 {
		buy()
	}
	for _, id := range ids[:6] {
		if _, err := st.SetField(ctx, id, "pinned", []string{"A", "b", "C", "D", "a", "B"}[id%6]); err != nil {
			t.Fatal(err)
		}
	}
	imported := 0
	importRows := func(n int) iter.Seq2[ImportRow, error] {
		return func(yield func(ImportRow, error) bool) {
			for i := range n {
				imported++
				v := map[string]any{"name": fmt.Sprintf("导入%04d", imported)}
				var o *Opening
				if i%2 == 0 {
					o = &Opening{Spend: int64(1+rng.IntN(5000)) * 100, Count: int64(1 + rng.IntN(5)),
						Last: clk.t.AddDate(0, 0, -rng.IntN(400)).Format(parseDay), HasSpend: true, HasCount: true, HasLast: true}
				}
				if !yield(ImportRow{Line: i + 2, Values: v, Opening: o}, nil) {
					return
				}
			}
		}
	}
	regrade := func(what string) {
		if _, err := st.RegradeAll(ctx, ReasonCuts); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	regrade("first regrade")
	fastSeen, fullSeen := 0, 0
	for step := range 120 {
		what := ""
		// whether the stored scores are known to be a full grading's of
		// today (exact), known not to be (moved), or either (a write that
		// may have written nothing, such as an undo with nothing to undo)
		exact, moved := false, false
		switch k := rng.IntN(12); k {
		case 0, 1:
			what = "purchase"
			moved = buy()
		case 2:
			what = "pin"
			id := ids[rng.IntN(len(ids))]
			_, _ = st.SetField(ctx, id, "pinned", []string{"", "A", "c", "D"}[rng.IntN(4)]) // refused in the trash
		case 3:
			what = "potential"
			_, _ = st.SetField(ctx, ids[rng.IntN(len(ids))], "potential", fmt.Sprint(rng.IntN(6))) // refused in the trash
		case 4:
			what = "trash"
			_ = st.Delete(ctx, ids[rng.IntN(len(ids))]) // may be in the trash already
		case 5:
			what = "restore"
			_ = st.Restore(ctx, ids[rng.IntN(len(ids))]) // may not be in the trash
		case 6:
			what = "undo"
			_, _ = st.Undo(ctx) // may have nothing to undo
		case 7:
			what = "redo"
			_, _ = st.Redo(ctx)
		case 8:
			what = "import"
			if _, err := st.ImportRows(ctx, ImportOptions{Keys: []string{"name"}, Rows: 5}, importRows(5)); err != nil {
				t.Fatal(err)
			}
			moved = true
		case 9:
			what = "a day passes"
			clk.t = clk.t.AddDate(0, 0, 1+rng.IntN(20))
			moved = true
		case 10:
			what = "a day passes and the reader regrades"
			clk.t = clk.t.AddDate(0, 0, 1+rng.IntN(20))
			if _, _, err := st.RegradeIfStale(ctx); err != nil {
				t.Fatal(err)
			}
			exact = true
		case 11:
			what = "regrade"
			regrade(what)
			exact = true
		}
		stored, err := st.Rules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for round := range 3 {
			fastKind := round < 2
			r := randomRules(rng, stored, fastKind)
			label := fmt.Sprintf("step %d (%s), rules %d", step, what, round)
			_, fast := previewBoth(t, st, r, label)
			if fast {
				fastSeen++
			} else {
				fullSeen++
			}
			switch {
			case fast && !fastKind:
				t.Fatalf("%s: rules that score differently were previewed from the stored scores", label)
			case fast && moved:
				t.Fatalf("%s: previewed from scores a write or a day may have moved", label)
			case !fast && fastKind && exact:
				t.Fatalf("%s: lines-only rules right after a full regrade were not previewed from the stored scores", label)
			}
		}
	}
	if fastSeen < 20 || fullSeen < 100 {
		t.Errorf("previews from stored scores %d, full %d: the random steps did not exercise both", fastSeen, fullSeen)
	}
}

// Saving rules regrades everyone under them, so the next preview of new
// lines reads the stored scores; rules that weigh loyalty read inputs the
// grading counter does not see (complaints, referrals), so their previews
// grade everyone. Either way the preview is the full grading's.
func TestPreviewFromScoresAfterSavingRules(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	for i := range 40 {
		id := mustAdd(t, st, map[string]string{"name": fmt.Sprintf("客户%02d", i)})
		for j := range i % 5 {
			date := fixedNow.AddDate(0, 0, -(i*7 + j*40)).Format(parseDay)
			if _, _, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: fmt.Sprint(100 + i*37), Date: date}); err != nil {
				t.Fatal(err)
			}
		}
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rules.WeightLoyalty = 0.2
	if _, err := st.SetRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	lines := rules
	lines.GradeA, lines.GradeB = 45, 30
	if _, fast := previewBoth(t, st, lines, "loyalty weighed"); fast {
		t.Error("rules weighing loyalty were previewed from the stored scores")
	}
	rules.WeightLoyalty = 0
	rules.GradeA = 70
	if _, err := st.SetRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	lines = rules
	lines.GradeA, lines.GradeB = 45, 30
	p, fast := previewBoth(t, st, lines, "after saving")
	if !fast {
		t.Error("new lines right after saving rules were not previewed from the stored scores")
	}
	if p.Changes == 0 {
		t.Errorf("lines at 45 and 30 move no one: %+v", p)
	}
}
