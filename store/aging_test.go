package store

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// agingLedger is a small shop graded with absolute thresholds (so every
// grade can be worked out by hand), seen on 2026-11-22:
//
//	王芳  5 purchases, 30-day gaps, last 2026-11-20, ¥14,000 in all
//	李雷  1 purchase 2026-11-10, ¥600
//	张伟  never bought
//	赵四  1 purchase 2025-12-01, ¥200 (356 days ago, still in the window)
func agingLedger(t *testing.T) (*Store, *movableClock, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	st, clk := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	rules := tiering.DefaultRules()
	rules.R.Mode, rules.F.Mode, rules.M.Mode = tiering.ModeAbsolute, tiering.ModeAbsolute, tiering.ModeAbsolute
	if _, err := st.SetRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	buys := map[string][]string{
		"王芳": {"2026-07-23 2000", "2026-08-22 3000", "2026-09-21 3000", "2026-10-21 3000", "2026-11-20 3000"},
		"李雷": {"2026-11-10 600"},
		"张伟": nil,
		"赵四": {"2025-12-01 200"},
	}
	for _, name := range []string{"王芳", "李雷", "张伟", "赵四"} {
		ids[name] = mustAdd(t, st, map[string]string{"name": name})
		for _, b := range buys[name] {
			d, amount, _ := strings.Cut(b, " ")
			if _, _, err := st.AddPurchase(ctx, ids[name], PurchaseInput{Amount: amount, Date: d}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := st.RegradeToday(ctx); err != nil {
		t.Fatal(err)
	}
	return st, clk, ids
}

type graded struct{ grade, score, segment, stage string }

func readGraded(t *testing.T, st *Store, id int64) graded {
	t.Helper()
	r, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	score, _ := r.Values["score"].(float64)
	return graded{r.Str("grade"), strconv.FormatFloat(score, 'f', -1, 64), r.Str("segment"), r.Str("stage")}
}

// Moving today forward regrades on the first read: recency, scores, stages
// and segments are those of the new day, worked out by hand below (weights
// R 0.3, F 0.3, M 0.4; score = (weighted - 1) / 4 × 100).
func TestGradesAgeWithTheClock(t *testing.T) {
	ctx := context.Background()
	st, clk, ids := agingLedger(t)
	steps := []struct {
		days int
		want map[string]graded
	}{
		// R5 F4 M5 = 92.5 A; 李雷 R4 F1 M3 = 42.5, first purchase 12 days ago: new;
		// 赵四 R1 F1 M2 = 10, 356 days without a purchase: dormant.
		{0, map[string]graded{
			"王芳": {"A", "92.5", tiering.SegImportantValue, tiering.StageActive},
			"李雷": {"C", "42.5", tiering.SegGeneralDevelop, tiering.StageNew},
			"张伟": {"D", "0", "", tiering.StageProspect},
			"赵四": {"C", "10", tiering.SegGeneralRetain, tiering.StageDormant},
		}},
		{1, map[string]graded{
			"王芳": {"A", "92.5", tiering.SegImportantValue, tiering.StageActive},
			"李雷": {"C", "42.5", tiering.SegGeneralDevelop, tiering.StageNew},
			"张伟": {"D", "0", "", tiering.StageProspect},
			"赵四": {"C", "10", tiering.SegGeneralRetain, tiering.StageDormant},
		}},
		// 2026-12-22: 王芳 32 days: R3 = 77.5 B; 李雷 42 days: R3 = 35, no
		// longer new; 赵四's purchase left the window and is 386 days old.
		// Only 王芳 and 李雷 are in the window: average recency 37 days.
		{30, map[string]graded{
			"王芳": {"B", "77.5", tiering.SegImportantValue, tiering.StageActive},
			"李雷": {"C", "35", tiering.SegGeneralRetain, tiering.StageActive},
			"张伟": {"D", "0", "", tiering.StageProspect},
			"赵四": {"C", "0", "", tiering.StageChurned},
		}},
		// 2027-02-21: 王芳 93 days: R2 = 70 B, dormant (over 90 days); 李雷
		// 103 days: R2 = 27.5, dormant.
		{91, map[string]graded{
			"王芳": {"B", "70", tiering.SegImportantValue, tiering.StageDormant},
			"李雷": {"C", "27.5", tiering.SegGeneralRetain, tiering.StageDormant},
			"张伟": {"D", "0", "", tiering.StageProspect},
			"赵四": {"C", "0", "", tiering.StageChurned},
		}},
		// 2027-11-23: every purchase is out of the window and over a year old.
		{366, map[string]graded{
			"王芳": {"C", "0", "", tiering.StageChurned},
			"李雷": {"C", "0", "", tiering.StageChurned},
			"张伟": {"D", "0", "", tiering.StageProspect},
			"赵四": {"C", "0", "", tiering.StageChurned},
		}},
	}
	start := clk.t
	for _, step := range steps {
		clk.t = start.AddDate(0, 0, step.days)
		today := clk.t.Format("2006-01-02")
		_, ran, err := st.RegradeIfStale(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ran != (step.days != 0) {
			t.Errorf("+%d days: regraded = %v", step.days, ran)
		}
		if d, _ := st.GradedFor(ctx); d != today {
			t.Errorf("+%d days: graded for %q, want %s", step.days, d, today)
		}
		for name, want := range step.want {
			if got := readGraded(t, st, ids[name]); got != want {
				t.Errorf("+%d days, %s: got %+v, want %+v", step.days, name, got, want)
			}
		}
		// A second read the same day has nothing to do.
		if _, ran, _ := st.RegradeIfStale(ctx); ran {
			t.Errorf("+%d days: regraded twice on one day", step.days)
		}
	}
}

// The agenda and a grade filter read the regraded values: on 2026-12-22
// 王芳 is B (contact every 30 days), due 30 days after she was added.
func TestAgendaAndFilterAfterTheDays(t *testing.T) {
	ctx := context.Background()
	st, clk, ids := agingLedger(t)
	clk.t = clk.t.AddDate(0, 0, 30)
	if _, _, err := st.RegradeIfStale(ctx); err != nil {
		t.Fatal(err)
	}
	a, err := st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Items) != 1 || a.Items[0].CustomerID != ids["王芳"] || a.Items[0].Grade != "B" || a.Items[0].Kind != AgendaCadence {
		t.Errorf("agenda on 2026-12-22: %+v", a.Items)
	}
	if n, _ := st.Count(ctx, Query{Filter: "grade=A"}); n != 0 {
		t.Errorf("grade=A counts %d on 2026-12-22, want 0", n)
	}
	if n, _ := st.Count(ctx, Query{Filter: "stage=churned"}); n != 1 {
		t.Errorf("stage=churned counts %d, want 1 (赵四)", n)
	}
	// 王芳's move is recorded as the passing of time, in the reader's language.
	h, err := st.GradeHistory(ctx, ids["王芳"], "2026-12-01", 10)
	if err != nil || len(h) != 1 {
		t.Fatalf("history of 王芳: %+v %v", h, err)
	}
	if h[0].Old != "A" || h[0].New != "B" || h[0].Reason != ReasonTime {
		t.Errorf("history of 王芳: %+v", h[0])
	}
	if got := st.ReasonText(h[0].Reason, i18n.ZH); got != "时间推移" {
		t.Errorf("zh reason %q", got)
	}
	if got := st.ReasonText(h[0].Reason, i18n.EN); got != "passage of time" {
		t.Errorf("en reason %q", got)
	}
}

// addContactOn logs a contact on the ledger of st as it was on the day of
// in.At (a second store on the same file, its clock at that moment): a
// follow-up is planned on the day of the call, and may be overdue today.
func addContactOn(t *testing.T, st *Store, id int64, in ContactInput) {
	t.Helper()
	then := agendaDay(t, in.At)
	past, err := Open(st.Path(), WithClock(func() time.Time { return then }))
	if err != nil {
		t.Fatal(err)
	}
	defer past.Close()
	if _, err := past.AddContact(context.Background(), id, in); err != nil {
		t.Fatal(err)
	}
}

// An undo that takes a move straight back cancels it in the last 30 days'
// movements; the redo after it counts once.
func TestMovementsLeaveOutUndoRedoPairs(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	id := mustAdd(t, st, map[string]string{"name": "王芳"})
	// Alone in the ledger, a first purchase scores 3/3/3 = 50: D→C.
	if _, ch, err := st.AddPurchase(ctx, id, PurchaseInput{Amount: "100", Date: "2026-11-20"}); err != nil || ch.Grade == nil || ch.Grade.New != "C" {
		t.Fatalf("purchase: %+v %v", ch.Grade, err)
	}
	if _, err := st.Undo(ctx); err != nil { // C→D
		t.Fatal(err)
	}
	sum, err := st.TierSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m := sum.Movements; m.Up != 0 || m.Down != 0 || len(m.Moves) != 0 {
		t.Errorf("purchase then undo: %+v, want no movement", m)
	}
	if _, err := st.Redo(ctx); err != nil { // D→C again
		t.Fatal(err)
	}
	sum, _ = st.TierSummary(ctx)
	if m := sum.Movements; m.Up != 1 || m.Down != 0 || len(m.Moves) != 1 || m.Moves[0] != (GradeMove{From: "D", To: "C", Count: 1}) {
		t.Errorf("purchase, undo, redo: %+v, want one D→C", m)
	}
	// The history itself keeps all three, each in the reader's language.
	h, _ := st.GradeHistory(ctx, id, "", 10)
	var reasons []string
	for _, e := range h {
		reasons = append(reasons, st.ReasonText(e.Reason, i18n.ZH))
	}
	if got := strings.Join(reasons, ","); got != "重做,撤销,购买 ¥100.00" {
		t.Errorf("history reasons %s", got)
	}
}

// A purchase grades its own customer with the stored cut points; on a
// young ledger those were computed from too few buyers (here none), so the
// grades are not settled until a full regrade has graded the buyers
// against each other. Stale says so on the same day, and one regrade
// settles them. Two buyers on one day: R and F tie (score 3 each); of
// two spends the lower is in the second fifth (M 2) and the higher in the
// fourth (M 4), so 0.3×3 + 0.3×3 + 0.4×4 = 3.4 → 60 points (B) and
// 0.3×3 + 0.3×3 + 0.4×2 = 2.6 → 40 points (C).
func TestPurchasesUnsettleTodaysGrades(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	if _, err := st.RegradeToday(ctx); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, name := range []string{"甲", "乙", "丙"} {
		ids[name] = mustAdd(t, st, map[string]string{"name": name})
	}
	for name, amount := range map[string]string{"甲": "3000", "乙": "600"} {
		if _, _, err := st.AddPurchase(ctx, ids[name], PurchaseInput{Amount: amount, Date: "2026-11-01"}); err != nil {
			t.Fatal(err)
		}
	}
	if g := readGraded(t, st, ids["甲"]); g.grade != "C" {
		t.Fatalf("甲 before the regrade: %+v, want C (graded against the empty ledger's cut points)", g)
	}
	stale, err := st.Stale(ctx)
	if err != nil || !stale {
		t.Fatalf("Stale after purchases graded against old cut points: %v, %v; want true", stale, err)
	}
	if _, regraded, err := st.RegradeIfStale(ctx); err != nil || !regraded {
		t.Fatalf("RegradeIfStale: regraded %v, %v; want a regrade", regraded, err)
	}
	want := map[string]graded{"甲": {"B", "60", "", ""}, "乙": {"C", "40", "", ""}, "丙": {"D", "0", "", ""}}
	for name, w := range want {
		if g := readGraded(t, st, ids[name]); g.grade != w.grade || g.score != w.score {
			t.Errorf("%s: %s %s, want %s %s", name, g.grade, g.score, w.grade, w.score)
		}
	}
	if _, regraded, err := st.RegradeIfStale(ctx); err != nil || regraded {
		t.Fatalf("a second RegradeIfStale: regraded %v, %v; want none (settled)", regraded, err)
	}
	if _, _, err := st.AddPurchase(ctx, ids["丙"], PurchaseInput{Amount: "50", Date: "2026-11-20"}); err != nil {
		t.Fatal(err)
	}
	if stale, err := st.Stale(ctx); err != nil || !stale {
		t.Fatalf("Stale after another purchase: %v, %v; want true", stale, err)
	}
}

// The day's regrade writes the purchase models' fit in a transaction after
// the grades': one cut short between the two leaves grades for today and a
// fit for another day, which Stale still calls due, and the next regrade
// fits again.
func TestAFitNotForTodayIsStale(t *testing.T) {
	ctx := context.Background()
	st, _, _ := agingLedger(t)
	if stale, err := st.Stale(ctx); err != nil || stale {
		t.Fatalf("Stale right after the regrade: %v, %v", stale, err)
	}
	if _, err := st.db.ExecContext(ctx, "UPDATE settings SET value = json_set(value, '$.fit_for', '2026-11-21') WHERE key = ?", modelFitKey); err != nil {
		t.Fatal(err)
	}
	if stale, err := st.Stale(ctx); err != nil || !stale {
		t.Fatalf("Stale with yesterday's fit: %v, %v; want true", stale, err)
	}
	if _, regraded, err := st.RegradeIfStale(ctx); err != nil || !regraded {
		t.Fatalf("RegradeIfStale: %v, %v", regraded, err)
	}
	fit, _, err := readModelFit(ctx, st.db)
	if err != nil || fit.FitFor != "2026-11-22" {
		t.Fatalf("the fit after the regrade is for %q (%v), want 2026-11-22", fit.FitFor, err)
	}
	if stale, err := st.Stale(ctx); err != nil || stale {
		t.Fatalf("Stale after the refit: %v, %v", stale, err)
	}
}
