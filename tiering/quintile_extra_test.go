package tiering

import (
	"encoding/json"
	"strings"
	"testing"
)

// creditLedger is ten buyers whose 信用 cells are 10, 20, ... 100, a buyer
// with an empty cell and a prospect with 1000 (prospects are not compared
// with).
func creditLedger() []Input {
	var ins []Input
	for i := 1; i <= 10; i++ {
		in := bought(30, 50)
		in.ID = int64(i)
		in.Extra = []ExtraValue{{Set: true, Num: float64(10 * i)}}
		ins = append(ins, in)
	}
	empty := bought(30, 50)
	empty.ID = 11
	ins = append(ins, empty)
	ins = append(ins, Input{ID: 12, Extra: []ExtraValue{{Set: true, Num: 1000}}})
	return ins
}

func creditRules() Rules {
	r := only()
	r.Extra = []ExtraDim{{Column: "信用", Weight: 1, Mode: DimQuintile}}
	return r
}

func TestQuintileColumnCutPoints(t *testing.T) {
	c := ComputeCuts(creditLedger(), creditRules(), testNow())
	// Ten values, mid-rank percentiles 5%, 15%, ... 95%: 30 is the first at
	// or above 20%, 50 at 40%, 70 at 60%, 90 at 80%.
	if c.X[0] != [4]float64{30, 50, 70, 90} || c.XN[0] != 10 {
		t.Fatalf("cut points %v over %d, want [30 50 70 90] over 10", c.X[0], c.XN[0])
	}
	// A column in another mode has no cut points.
	r := creditRules()
	r.Extra[0].Mode = DimThresholds
	if c := ComputeCuts(creditLedger(), r, testNow()); c.X[0] != [4]float64{} || c.XN[0] != 0 {
		t.Errorf("thresholds column got cut points %v %d", c.X[0], c.XN[0])
	}
}

func TestQuintileColumnScores(t *testing.T) {
	cuts, res := GradeAll(creditLedger(), creditRules(), testNow())
	// Scores 1 2 2 3 3 4 4 5 5 ... by value; the score is (s−1)/4×100.
	want := []float64{0, 0, 25, 25, 50, 50, 75, 75, 100, 100, 0, 0}
	for i, r := range res {
		if r.Score != want[i] {
			t.Errorf("customer %d: score %v, want %v", i+1, r.Score, want[i])
		}
	}
	// One customer graded alone with the ledger's cuts scores the same.
	in := bought(30, 50)
	in.Extra = []ExtraValue{{Set: true, Num: 69.99}}
	if g := Grade(in, cuts, creditRules(), testNow()); g.Score != 50 {
		t.Errorf("69.99 reaches 30 and 50: score %v, want 50", g.Score)
	}
	// With no one to compare with, a value scores 3 as a lone customer.
	if g := Grade(in, Cuts{}, creditRules(), testNow()); g.Score != 50 {
		t.Errorf("no cut points: score %v, want 50 (3/5)", g.Score)
	}
}

func TestQuintileColumnTies(t *testing.T) {
	// Eight of ten share 0: the 0s' mid-rank is 40%, reaching scores 2 and
	// 3; 7 (80%, then 95%) reaches 4 and 5.
	var ins []Input
	for i, v := range []float64{0, 0, 0, 0, 0, 0, 0, 0, 7, 7} {
		in := bought(30, 50)
		in.ID = int64(i + 1)
		in.Extra = []ExtraValue{{Set: true, Num: v}}
		ins = append(ins, in)
	}
	c := ComputeCuts(ins, creditRules(), testNow())
	if c.X[0] != [4]float64{0, 0, 7, 7} {
		t.Errorf("cut points with ties %v, want [0 0 7 7]", c.X[0])
	}
	// All equal: everyone reaches every score that is reached.
	ins = ins[:8]
	c = ComputeCuts(ins, creditRules(), testNow())
	if c.X[0] != [4]float64{0, 0, Unreached, Unreached} {
		t.Errorf("all equal %v", c.X[0])
	}
}

func TestQuintileColumnExplainAndSameScores(t *testing.T) {
	cuts, _ := GradeAll(creditLedger(), creditRules(), testNow())
	in := bought(30, 50)
	in.Extra = []ExtraValue{{Set: true, Num: 70}}
	ex := Explain(in, cuts, creditRules(), testNow())
	if len(ex.Extra) != 1 || ex.Extra[0].Score != 4 || ex.Extra[0].Cuts != [4]float64{30, 50, 70, 90} || ex.Extra[0].N != 10 {
		t.Fatalf("explanation %+v", ex.Extra)
	}
	en := strings.Join(ex.Lines("en"), "\n")
	if want := "信用: 70 → 4/5 (quintiles over 10 customers: ≥30 → 2, ≥50 → 3, ≥70 → 4, ≥90 → 5), weight 1"; !strings.Contains(en, want) {
		t.Errorf("explain lacks %q:\n%s", want, en)
	}
	zh := strings.Join(ex.Lines("zh"), "\n")
	if want := "信用：70 → 4/5 分（按 10 位客户的五分位：≥30 得 2 分，≥50 得 3 分，≥70 得 4 分，≥90 得 5 分），权重 1"; !strings.Contains(zh, want) {
		t.Errorf("Chinese explain lacks %q:\n%s", want, zh)
	}
	// Cut points survive the JSON the ledger keeps them in.
	b, err := json.Marshal(cuts)
	if err != nil {
		t.Fatal(err)
	}
	var back Cuts
	if err := json.Unmarshal(b, &back); err != nil || !back.Equal(cuts) {
		t.Errorf("cuts JSON round trip: %v %+v", err, back)
	}
	// Moved quintile cut points change scores; moved cut points of a
	// column scored by thresholds do not.
	moved := cuts
	moved.X[0][2] = 71
	if cuts.SameScores(moved, creditRules()) {
		t.Error("moved quintile cut points reported as the same scores")
	}
	thr := creditRules()
	thr.Extra[0].Mode = DimThresholds
	if !cuts.SameScores(moved, thr) {
		t.Error("a thresholds column's cut points count for the scores")
	}
}
