package tiering

import (
	"math/rand/v2"
	"testing"
	"time"
)

// By hand, on 22 Nov 2026: 王芳 bought 300 yuan two days ago (one
// purchase), 张伟 500 yuan 21 days ago, 李雷 never bought and 赵六 never
// bought but is pinned to a (lower case). With two buyers the cut points
// are R 21, 2, 2 days, F 1, 1 and M 300, 500, 500 yuan (the fifth score
// unreached), averages 11.5 days, 1 purchase, 400 yuan, so 王芳 scores R 4,
// F 3, M 2: 0.3·4 + 0.3·3 + 0.4·2 = 2.9, (2.9 − 1)/4·100 = 47.5 (C); 张伟
// R 2, F 3, M 4: 3.1, 52.5 (C); 李雷 D; 赵六 A. Lines at B 50, A 52 move 张伟
// to A. An empty slot between them is no one: the same cut points.
func TestGradeBriefsByHand(t *testing.T) {
	now := testNow()
	briefs := []Brief{
		NewBrief(Input{LastPurchase: ago(2), FirstPurchase: ago(2), Purchases: 1, Frequency: 1, Monetary: 30000}),
		{},
		NewBrief(Input{LastPurchase: ago(21), FirstPurchase: ago(21), Purchases: 1, Frequency: 1, Monetary: 50000}),
		NewBrief(Input{}),
		NewBrief(Input{Pinned: "a"}),
	}
	r := DefaultRules()
	cuts, grades, ok := GradeBriefs(briefs, r, now)
	if !ok {
		t.Fatal("the default rules do not grade by brief")
	}
	if got := string(grades); got != "CDCDA" {
		t.Errorf("grades %q, want CDCDA", got)
	}
	want := Cuts{R: [4]float64{21, 2, 2, -Unreached}, F: [4]float64{1, 1, Unreached, Unreached},
		M: [4]float64{300, 500, 500, Unreached}, AvgR: 11.5, AvgF: 1, AvgM: 400, N: 2}
	if cuts != want {
		t.Errorf("cuts %+v, want %+v", cuts, want)
	}
	r.GradeB, r.GradeA = 50, 52
	if _, grades, _ := GradeBriefs(briefs, r, now); string(grades) != "CDADA" {
		t.Errorf("lines B 50, A 52: grades %q, want CDADA", grades)
	}
}

// Rules that weigh loyalty or an extra column need what a brief leaves
// out: nothing is graded.
func TestGradeBriefsRefusesWhatBriefsLack(t *testing.T) {
	briefs := []Brief{NewBrief(buyer(3, 2, 50000))}
	loyal := DefaultRules()
	loyal.WeightLoyalty = 0.2
	extra := DefaultRules()
	extra.Extra = []ExtraDim{{Column: "budget", Mode: DimQuintile, Weight: 0.1}}
	for what, r := range map[string]Rules{"loyalty": loyal, "extra column": extra} {
		if r.GradesByBrief() {
			t.Errorf("%s: rules grade by brief", what)
		}
		if _, grades, ok := GradeBriefs(briefs, r, testNow()); ok || grades != nil {
			t.Errorf("%s: graded %q", what, grades)
		}
	}
}

// Over random ledgers and rules (big enough to be graded on every CPU),
// dates in another time zone, pins of every case and some that are no
// pin, and empty slots between the customers, GradeBriefs gives GradeAll's
// cut points and grades.
func TestGradeBriefsIsGradeAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 1))
	east := time.FixedZone("CST", 8*3600)
	for round := range 6 {
		n := []int{0, 1, 7, 300, 5000, 2*parallelMin + 17}[round]
		ins := randomLedger(rng, n)
		for i := range ins {
			in := &ins[i]
			switch rng.IntN(40) {
			case 0:
				in.Pinned = []string{"a", "b", "c", "d", "AB", "x", "Ａ"}[rng.IntN(7)]
			case 1:
				in.LastPurchase = in.LastPurchase.In(east)
			case 2:
				y, m, d := in.LastPurchase.Date()
				in.LastPurchase = time.Date(y, m, d, 0, 0, 0, 0, east)
			case 3:
				in.LastPurchase = time.Time{} // purchases but no date
			case 4:
				in.Potential = rng.IntN(20) - 10
			}
		}
		r := randomRules(rng)
		now := testNow().AddDate(0, 0, rng.IntN(30))
		wantCuts, want := GradeAll(ins, r, now)
		var briefs []Brief
		var at []int
		for _, in := range ins {
			for rng.IntN(5) == 0 {
				briefs = append(briefs, Brief{})
			}
			at = append(at, len(briefs))
			briefs = append(briefs, NewBrief(in))
		}
		cuts, grades, ok := GradeBriefs(briefs, r, now)
		if !ok {
			t.Fatalf("round %d: random rules do not grade by brief", round)
		}
		if cuts != wantCuts {
			t.Fatalf("round %d (%d customers): cuts\n got %+v\nwant %+v", round, n, cuts, wantCuts)
		}
		for i, j := range at {
			if string(grades[j]) != want[i].Grade {
				t.Fatalf("round %d: customer %d (%+v) graded %c, want %s", round, i, ins[i], grades[j], want[i].Grade)
			}
		}
		for j, b := range briefs {
			if b == (Brief{}) && grades[j] != 'D' {
				t.Fatalf("round %d: empty slot %d graded %c", round, j, grades[j])
			}
		}
	}
}
