package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/tiering"
)

func gradeScore(t *testing.T, st *Store, id int64) string {
	t.Helper()
	r, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r.Str("grade") + " " + Format(Column{Key: "score", Type: Number}, r.Values["score"], "en")
}

// Loyalty alone grades: (loyalty − 1) ÷ 4 × 100 points. 王芳 first bought
// 800 days ago (2 points for tenure) and again 10 days ago (1 month of the
// last 12: no point): loyalty 3, 50 points, C.
func TestReferralsAndComplaintsFeedLoyalty(t *testing.T) {
	ctx := context.Background()
	st, _ := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	r := tiering.DefaultRules()
	r.WeightR, r.WeightF, r.WeightM, r.WeightLoyalty = 0, 0, 0, 1
	if _, err := st.ApplyRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	wang := mustAdd(t, st, map[string]string{"name": "王芳"})
	for _, d := range []string{"2024-09-13", "2026-11-12"} {
		if _, _, err := st.AddPurchase(ctx, wang, PurchaseInput{Amount: "100", Date: d}); err != nil {
			t.Fatal(err)
		}
	}
	if got := gradeScore(t, st, wang); got != "C 50.0" {
		t.Fatalf("王芳 before referring = %s, want C 50", got)
	}
	// One referral: loyalty 4, 75 points, B, regraded as the referral is made.
	li := mustAdd(t, st, map[string]string{"name": "李雷", "referred_by": "王芳"})
	if got := gradeScore(t, st, wang); got != "B 75.0" {
		t.Errorf("王芳 after referring 李雷 = %s, want B 75", got)
	}
	// An open complaint takes a point off until it is resolved.
	c, err := st.AddContact(ctx, wang, ContactInput{Channel: "phone", Kind: "complaint", Summary: "慢"})
	if err != nil {
		t.Fatal(err)
	}
	if got := gradeScore(t, st, wang); got != "C 50.0" {
		t.Errorf("王芳 with an open complaint = %s, want C 50", got)
	}
	ex, err := st.Explain(ctx, wang)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Loyalty.Score != 3 || ex.Loyalty.Referrals != 1 || ex.Loyalty.OpenComplaints != 1 || ex.Loyalty.TenurePoints != 2 || ex.Loyalty.ActiveMonths != 1 {
		t.Errorf("explain loyalty = %+v", ex.Loyalty)
	}
	if _, err := st.ResolveComplaint(ctx, c.ID, "道歉"); err != nil {
		t.Fatal(err)
	}
	if got := gradeScore(t, st, wang); got != "B 75.0" {
		t.Errorf("王芳 once the complaint is resolved = %s, want B 75", got)
	}
	// The referral taken back: loyalty 3 again.
	if _, err := st.SetField(ctx, li, "referred_by", ""); err != nil {
		t.Fatal(err)
	}
	if got := gradeScore(t, st, wang); got != "C 50.0" {
		t.Errorf("王芳 once 李雷's referral is cleared = %s, want C 50", got)
	}
	// A full regrade agrees with the live ones.
	if _, err := st.RegradeAll(ctx, ReasonCuts); err != nil {
		t.Fatal(err)
	}
	if got := gradeScore(t, st, wang); got != "C 50.0" {
		t.Errorf("王芳 after a full regrade = %s, want C 50", got)
	}
}

func TestAColumnAsADimension(t *testing.T) {
	ctx := context.Background()
	st, _ := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	if _, err := st.AddColumn(ctx, "信用", Number, nil); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, c := range []struct{ name, credit, size string }{{"甲", "95", "large"}, {"乙", "55", "small"}, {"丙", "", ""}} {
		fields := map[string]string{"name": c.name, "信用": c.credit, "company_size": c.size}
		ids[c.name] = mustAdd(t, st, fields)
		if _, _, err := st.AddPurchase(ctx, ids[c.name], PurchaseInput{Amount: "100", Date: "2026-11-01"}); err != nil {
			t.Fatal(err)
		}
	}
	r := tiering.DefaultRules()
	r.WeightR, r.WeightF, r.WeightM = 0, 0, 0
	r.Extra = []tiering.ExtraDim{
		{Column: "信用", Weight: 1, Mode: tiering.DimThresholds, Thresholds: [4]float64{60, 70, 80, 90}},
		{Column: "company_size", Weight: 1, Mode: tiering.DimChoice, Choices: map[string]int{"large": 5, "medium": 4, "small": 3}},
	}
	// 甲: credit 95 → 5, large → 5: 100, A. 乙: 55 → 1, small → 3: mean 2,
	// 25 points, C. 丙: both empty → 1 and 1: 0, C.
	pv, err := st.PreviewRulesDetail(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"甲": "A 100.0", "乙": "C 25.0", "丙": "C 0.0"}
	moved := 0
	for name, w := range want {
		if got := gradeScore(t, st, ids[name]); got != w {
			t.Errorf("%s = %s, want %s", name, got, w)
		}
	}
	for _, n := range pv.Moves {
		moved += n
	}
	if moved != pv.Changes {
		t.Errorf("preview moves %v, changes %d", pv.Moves, pv.Changes)
	}
	ex, err := st.Explain(ctx, ids["乙"])
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(ex.Lines("en"), "\n")
	if !strings.Contains(text, "信用: 55 → 1/5 (thresholds 60, 70, 80, 90), weight 1") || !strings.Contains(text, "company_size: small → 3/5 (large=5, medium=4, small=3), weight 1") {
		t.Errorf("explain:\n%s", text)
	}
	// Grading by a text column, or one that does not exist, is refused.
	bad := r
	bad.Extra = []tiering.ExtraDim{{Column: "name", Weight: 1, Mode: tiering.DimThresholds}}
	if _, err := st.ApplyRules(ctx, bad); err == nil || !strings.Contains(err.Error(), `column "name" cannot be graded by thresholds`) {
		t.Errorf("a text column: %v", err)
	}
	bad.Extra = []tiering.ExtraDim{{Column: "积分", Weight: 1, Mode: tiering.DimThresholds}}
	if _, err := st.ApplyRules(ctx, bad); err == nil || !strings.Contains(err.Error(), `no column "积分"`) {
		t.Errorf("a missing column: %v", err)
	}
}
