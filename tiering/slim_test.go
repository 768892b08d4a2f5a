package tiering

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// Over random ledgers and rules (big enough to be graded on every CPU),
// dates in another time zone, first purchases within the new-customer
// days, median gaps around the dormancy line, pins of every case and some
// that are no pin, and empty slots between the customers, GradeSlims gives
// GradeAll's cut points and every customer's grade, score, segment and
// stage, and GradeSlim gives Grade's against other cut points.
func TestGradeSlimsIsGradeAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 5))
	east := time.FixedZone("CST", 8*3600)
	for round := range 6 {
		n := []int{0, 1, 7, 300, 5000, 2*parallelMin + 17}[round]
		ins := randomLedger(rng, n)
		for i := range ins {
			in := &ins[i]
			switch rng.IntN(30) {
			case 0:
				in.Pinned = []string{"a", "b", "c", "d", "AB", "x", "Ａ"}[rng.IntN(7)]
			case 1:
				in.LastPurchase = in.LastPurchase.In(east)
				in.FirstPurchase = in.FirstPurchase.In(east)
			case 2:
				y, m, d := in.FirstPurchase.Date()
				in.FirstPurchase = time.Date(y, m, d, 0, 0, 0, 0, east)
			case 3:
				in.LastPurchase = time.Time{} // purchases but no date
			case 4:
				in.Potential = rng.IntN(20) - 10
			case 5:
				in.FirstPurchase = ago(rng.IntN(NewDays + 5))
				in.LastPurchase = in.FirstPurchase
			case 6:
				in.FirstPurchase = time.Time{}
			case 7:
				in.MedianGapDays = []float64{DormantDays / DormantGapFactor, math.Inf(1), 0.5, 1e9}[rng.IntN(4)]
			}
		}
		r := randomRules(rng)
		now := testNow().AddDate(0, 0, rng.IntN(30))
		wantCuts, want := GradeAll(ins, r, now)
		var slims []Slim
		var at []int
		for _, in := range ins {
			for rng.IntN(5) == 0 {
				slims = append(slims, Slim{})
			}
			at = append(at, len(slims))
			slims = append(slims, NewSlim(in))
		}
		cuts, graded, ok := GradeSlims(slims, r, now)
		if !ok {
			t.Fatalf("round %d: random rules do not grade by brief", round)
		}
		if cuts != wantCuts {
			t.Fatalf("round %d (%d customers): cuts\n got %+v\nwant %+v", round, n, cuts, wantCuts)
		}
		other := DefaultRules()
		other.GradeA, other.GradeB = 40, 20
		for i, j := range at {
			g, w := graded[j], want[i]
			if g.Grade() != w.Grade || g.Score != w.Score || g.Segment() != w.Segment || g.Stage() != w.Stage {
				t.Fatalf("round %d: customer %d (%+v) graded %s %v %q %q, want %s %v %q %q", round, i, ins[i],
					g.Grade(), g.Score, g.Segment(), g.Stage(), w.Grade, w.Score, w.Segment, w.Stage)
			}
			if got, w := GradeSlim(slims[j], Cuts{}, other, now), Grade(ins[i], Cuts{}, other, now); got != w {
				t.Fatalf("round %d: customer %d without cut points: GradeSlim %+v, Grade %+v", round, i, got, w)
			}
		}
		for j, s := range slims {
			if s == (Slim{}) && (graded[j].Grade() != "D" || graded[j].Stage() != StageProspect || graded[j].Segment() != "") {
				t.Fatalf("round %d: empty slot %d graded %+v", round, j, graded[j])
			}
		}
	}
}

// By hand: a Result's grade, segment and stage come back from its compact
// form; a grade Grade never gives cannot be kept compact.
func TestCompactResult(t *testing.T) {
	r := Result{Grade: "B", Score: 61.5, R: 3, F: 4, M: 5, Segment: SegGeneralKeep, Stage: StageDormant}
	g, ok := Compact(r)
	if !ok || g.Grade() != "B" || g.Score != 61.5 || g.Segment() != "general_keep" || g.Stage() != "dormant" {
		t.Errorf("Compact(%+v) = %+v, %v", r, g, ok)
	}
	g, ok = Compact(Result{Grade: "D", Stage: StageProspect})
	if !ok || g.Segment() != "" || g.Stage() != "prospect" {
		t.Errorf("a prospect: %+v, %v", g, ok)
	}
	for _, bad := range []Result{{Grade: "E", Stage: StageNew}, {Grade: "a", Stage: StageNew}, {Grade: "A", Stage: "gone"}, {Grade: "A", Segment: "vip", Stage: StageNew}} {
		if _, ok := Compact(bad); ok {
			t.Errorf("Compact(%+v) kept", bad)
		}
	}
}
