package tiering

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestDaysSince(t *testing.T) {
	east := time.FixedZone("CST", 8*3600)
	west := time.FixedZone("EST", -5*3600)
	tests := []struct {
		name   string
		t, now time.Time
		want   int
	}{
		{"same instant", testNow(), testNow(), 0},
		{"same date, earlier hour", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), testNow(), 0},
		{"yesterday 23:59", time.Date(2026, 11, 21, 23, 59, 0, 0, time.UTC), time.Date(2026, 11, 22, 0, 1, 0, 0, time.UTC), 1},
		{"UTC date against local clock east", time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 22, 7, 0, 0, 0, east), 1},
		{"UTC date against local clock west", time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 22, 23, 0, 0, 0, west), 1},
		{"leap day", time.Date(2024, 2, 28, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), 2},
		{"non-leap", time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 1},
		{"a year", time.Date(2025, 11, 22, 0, 0, 0, 0, time.UTC), testNow(), 365},
		{"future", ago(-3), testNow(), -3},
		{"1900 is not leap", time.Date(1900, 2, 28, 0, 0, 0, 0, time.UTC), time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC), 1},
		{"2000 is leap", time.Date(2000, 2, 28, 0, 0, 0, 0, time.UTC), time.Date(2000, 3, 1, 0, 0, 0, 0, time.UTC), 2},
	}
	for _, tc := range tests {
		if got := DaysSince(tc.t, tc.now); got != tc.want {
			t.Errorf("%s: DaysSince = %d, want %d", tc.name, got, tc.want)
		}
	}
	// Agreement with time arithmetic over a wide range of dates, before 1970 too.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		a := time.Date(1+rng.IntN(3000), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		b := time.Date(1+rng.IntN(3000), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		want := int(b.Sub(a).Hours() / 24)
		if b.Year()-a.Year() > 250 || a.Year()-b.Year() > 250 {
			// time.Duration overflows beyond ~292 years: compare via Unix seconds.
			want = int((b.Unix() - a.Unix()) / 86400)
		}
		if got := DaysSince(a, b); got != want {
			t.Fatalf("DaysSince(%v, %v) = %d, want %d", a, b, got, want)
		}
	}
}

func TestWindowStart(t *testing.T) {
	now := testNow()
	for _, w := range []int{1, 30, 365, 3650} {
		r := DefaultRules()
		r.WindowDays = w
		ws := r.WindowStart(now)
		if d := DaysSince(ws, now); d != w-1 {
			t.Errorf("window %d: first day is %d days ago, want %d", w, d, w-1)
		}
		if ws.Hour() != 0 || ws.Location() != now.Location() {
			t.Errorf("window %d: start %v is not midnight in now's location", w, ws)
		}
	}
	r := DefaultRules()
	r.WindowDays = 0
	if d := DaysSince(r.WindowStart(now), now); d != 364 {
		t.Errorf("invalid window falls back to 365 days: got first day %d days ago", d)
	}
}

// scoresOf grades every customer of a ledger and returns one dimension's
// scores.
func scoresOf(ins []Input, rules Rules, dim byte) []int {
	_, res := GradeAll(ins, rules, testNow())
	out := make([]int, len(res))
	for i, r := range res {
		switch dim {
		case 'R':
			out[i] = r.R
		case 'F':
			out[i] = r.F
		default:
			out[i] = r.M
		}
	}
	return out
}

func TestQuintileScores(t *testing.T) {
	tests := []struct {
		name   string
		values []int64 // the "higher is better" values
		want   []int
	}{
		{"1 customer", []int64{7}, []int{3}},
		{"2 customers", []int64{1, 2}, []int{2, 4}},
		{"3 customers", []int64{1, 2, 3}, []int{1, 3, 5}},
		{"5 customers", []int64{10, 20, 30, 40, 50}, []int{1, 2, 3, 4, 5}},
		{"5 customers shuffled", []int64{40, 10, 50, 30, 20}, []int{4, 1, 5, 3, 2}},
		{"10 customers", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []int{1, 1, 2, 2, 3, 3, 4, 4, 5, 5}},
		{"all equal", []int64{5, 5, 5, 5, 5, 5, 5}, []int{3, 3, 3, 3, 3, 3, 3}},
		{"half tied at the bottom", []int64{1, 1, 1, 1, 1, 2, 3, 4, 5, 6}, []int{2, 2, 2, 2, 2, 3, 4, 4, 5, 5}},
		{"tied at the top", []int64{1, 2, 3, 9, 9, 9, 9, 9, 9, 9}, []int{1, 1, 2, 4, 4, 4, 4, 4, 4, 4}},
		{"two groups", []int64{1, 1, 1, 2, 2, 2}, []int{2, 2, 2, 4, 4, 4}},
	}
	for _, tc := range tests {
		// M: fen; F: counts; R: days, lower is better, so use 1000 - value.
		for _, dim := range []byte{'R', 'F', 'M'} {
			ins := make([]Input, len(tc.values))
			for i, v := range tc.values {
				ins[i] = buyer(30, 3, 10000)
				switch dim {
				case 'R':
					ins[i].LastPurchase = ago(int(300 - v))
				case 'F':
					ins[i].Frequency = int(v)
				default:
					ins[i].Monetary = v * 100
				}
			}
			got := scoresOf(ins, DefaultRules(), dim)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s, %c: scores %v, want %v", tc.name, dim, got, tc.want)
			}
		}
	}
}

func TestQuintileEmptyLedger(t *testing.T) {
	cuts := ComputeCuts(nil, DefaultRules(), testNow())
	if !cuts.Equal(Cuts{}) {
		t.Fatalf("cuts of an empty ledger = %+v, want zero", cuts)
	}
	// Only prospects and lapsed customers: still nobody in the window.
	ins := []Input{{ID: 1}, {ID: 2, Purchases: 2, LastPurchase: ago(500), FirstPurchase: ago(700)}}
	cuts, res := GradeAll(ins, DefaultRules(), testNow())
	if cuts.N != 0 || !cuts.Equal(Cuts{}) {
		t.Fatalf("cuts = %+v, want zero", cuts)
	}
	if res[0].Grade != "D" || res[1].Grade != "C" || res[1].R != 1 || res[1].F != 1 || res[1].M != 1 {
		t.Errorf("results %+v", res)
	}
	// A customer graded against empty cuts scores like a lone customer: 3.
	r := Grade(buyer(5, 2, 100), Cuts{}, DefaultRules(), testNow())
	if r.R != 3 || r.F != 3 || r.M != 3 || r.Score != 50 || r.Grade != "C" || r.Segment != SegGeneralRetain {
		t.Errorf("against empty cuts: %+v", r)
	}
	_, alone := GradeAll([]Input{buyer(5, 2, 100)}, DefaultRules(), testNow())
	if alone[0] != r {
		t.Errorf("lone customer %+v differs from empty cuts %+v", alone[0], r)
	}
}

func TestComputeCutsValues(t *testing.T) {
	var ins []Input
	for i := 1; i <= 10; i++ {
		ins = append(ins, buyer(i*10, i, int64(i)*10000))
	}
	ins = append(ins, Input{ID: 99}, Input{Purchases: 1, LastPurchase: ago(400), FirstPurchase: ago(400)}) // not counted
	c := ComputeCuts(ins, DefaultRules(), testNow())
	want := Cuts{
		R: [4]float64{80, 60, 40, 20}, F: [4]float64{3, 5, 7, 9}, M: [4]float64{300, 500, 700, 900},
		AvgR: 55, AvgF: 5.5, AvgM: 550, N: 10,
	}
	if !c.Equal(want) {
		t.Errorf("cuts = %+v\nwant   %+v", c, want)
	}
	// Unreached cut points stay JSON-encodable and are never met.
	eq := ComputeCuts([]Input{buyer(3, 2, 500), buyer(3, 2, 500)}, DefaultRules(), testNow())
	if eq.F[2] != Unreached || eq.F[3] != Unreached || eq.R[3] != -Unreached || eq.M[1] != 5 {
		t.Errorf("all-equal cuts = %+v", eq)
	}
}

func TestComputeCutsOrderIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	ins := randomLedger(rng, 5000)
	a := ComputeCuts(ins, DefaultRules(), testNow())
	rng.Shuffle(len(ins), func(i, j int) { ins[i], ins[j] = ins[j], ins[i] })
	b := ComputeCuts(ins, DefaultRules(), testNow())
	if !a.Equal(b) {
		t.Errorf("cuts depend on order:\n%+v\n%+v", a, b)
	}
}

func TestCutsEqualSameScores(t *testing.T) {
	base := Cuts{R: [4]float64{80, 60, 40, 20}, F: [4]float64{3, 5, 7, 9}, M: [4]float64{300, 500, 700, 900}, AvgR: 55, AvgF: 5.5, AvgM: 550, N: 10}
	avg := base
	avg.AvgM = 551
	avg.N = 11
	m := base
	m.M[0] = 301
	rules := DefaultRules()
	absM := DefaultRules()
	absM.M.Mode = ModeAbsolute
	tests := []struct {
		name        string
		o           Cuts
		rules       Rules
		equal, same bool
	}{
		{"identical", base, rules, true, true},
		{"averages moved", avg, rules, false, true},
		{"M cut moved", m, rules, false, false},
		{"M cut moved, M absolute", m, absM, false, true},
		{"empty", Cuts{}, rules, false, false},
	}
	for _, tc := range tests {
		if got := base.Equal(tc.o); got != tc.equal {
			t.Errorf("%s: Equal = %v", tc.name, got)
		}
		if got := base.SameScores(tc.o, tc.rules); got != tc.same {
			t.Errorf("%s: SameScores = %v", tc.name, got)
		}
	}
	if !(Cuts{}).SameScores(Cuts{AvgM: 3}, rules) {
		t.Error("two empty cuts must give the same scores")
	}
}

func TestAbsoluteThresholds(t *testing.T) {
	rules := absRules() // R 180,90,30,7; F 2,3,5,10; M 100,500,2000,10000
	rTests := []struct{ days, want int }{
		{0, 5}, {7, 5}, {8, 4}, {30, 4}, {31, 3}, {90, 3}, {91, 2}, {180, 2}, {181, 1}, {364, 1},
	}
	for _, tc := range rTests {
		if got := Grade(buyer(tc.days, 3, 100), Cuts{}, rules, testNow()).R; got != tc.want {
			t.Errorf("R for %d days = %d, want %d", tc.days, got, tc.want)
		}
	}
	fTests := []struct{ freq, want int }{{1, 1}, {2, 2}, {3, 3}, {4, 3}, {5, 4}, {9, 4}, {10, 5}, {500, 5}}
	for _, tc := range fTests {
		if got := Grade(buyer(3, tc.freq, 100), Cuts{}, rules, testNow()).F; got != tc.want {
			t.Errorf("F for %d purchases = %d, want %d", tc.freq, got, tc.want)
		}
	}
	mTests := []struct {
		fen  int64
		want int
	}{{-500, 1}, {0, 1}, {9999, 1}, {10000, 2}, {49999, 2}, {50000, 3}, {199999, 3}, {200000, 4}, {1000000, 5}, {math.MaxInt64, 5}}
	for _, tc := range mTests {
		if got := Grade(buyer(3, 3, tc.fen), Cuts{}, rules, testNow()).M; got != tc.want {
			t.Errorf("M for %d fen = %d, want %d", tc.fen, got, tc.want)
		}
	}
	// Outside the window: R still by thresholds, F and M forced to 1 even
	// when the thresholds would give 0 spend a higher score.
	rules.R.Thresholds = [4]float64{1000, 500, 30, 7}
	rules.M.Thresholds = [4]float64{-10, 0, 0, 0}
	lapsed := Input{FirstPurchase: ago(700), LastPurchase: ago(400), Purchases: 4}
	if r := Grade(lapsed, Cuts{}, rules, testNow()); r.R != 3 || r.F != 1 || r.M != 1 {
		t.Errorf("lapsed customer, absolute: %+v", r)
	}
	if r := Grade(lapsed, Cuts{}, DefaultRules(), testNow()); r.R != 1 || r.F != 1 || r.M != 1 || r.Score != 0 {
		t.Errorf("lapsed customer, quintile: %+v", r)
	}
	// Mixed: quintile F with absolute R and M.
	mixed := absRules()
	mixed.F.Mode = ModeQuintile
	cuts := Cuts{F: [4]float64{2, 4, 6, 8}, N: 10}
	if r := Grade(buyer(3, 6, 300000), cuts, mixed, testNow()); r.R != 5 || r.F != 4 || r.M != 4 {
		t.Errorf("mixed modes: %+v", r)
	}
}

func TestWeightsAndGrades(t *testing.T) {
	// Absolute rules pin the scores: R 5 (3 days), F 1 (1 purchase), M 3 (¥600).
	in := buyer(3, 1, 60000)
	tests := []struct {
		name       string
		wR, wF, wM float64
		a, b       float64
		wantScore  float64
		wantGrade  string
	}{
		{"default weights", 0.3, 0.3, 0.4, 80, 60, 50, "C"},           // (1.5+0.3+1.2)=3.0 → 50
		{"R only", 1, 0, 0, 80, 60, 100, "A"},                         // 5 → 100
		{"F only", 0, 1, 0, 80, 60, 0, "C"},                           // 1 → 0
		{"M only", 0, 0, 2, 80, 60, 50, "C"},                          // 3 → 50
		{"unnormalised", 3, 3, 4, 80, 60, 50, "C"},                    // same as default
		{"R and F", 1, 1, 0, 80, 60, 50, "C"},                         // 3 → 50
		{"R and M", 1, 0, 1, 80, 60, 75, "B"},                         // 4 → 75
		{"A boundary exact", 1, 0, 1, 75, 60, 75, "A"},                // score == GradeA
		{"B boundary exact", 1, 0, 1, 75.1, 75, 75, "B"},              // score == GradeB
		{"just below B", 1, 0, 1, 90, 75.1, 75, "C"},                  // score < GradeB
		{"A = B = 0", 0.3, 0.3, 0.4, 0, 0, 50, "A"},                   // everything is A
		{"thirds", 1, 1, 1, 80, 60, 50, "C"},                          // (5+1+3)/3=3 → 50
		{"A at 100", 1, 0, 0, 100, 100, 100, "A"},                     // perfect
		{"rounding to one decimal", 0.1, 0.2, 0.3, 80, 60, 41.7, "C"}, // (0.5+0.2+0.9)/0.6=2.6667 → 41.67
	}
	for _, tc := range tests {
		r := absRules()
		r.WeightR, r.WeightF, r.WeightM, r.GradeA, r.GradeB = tc.wR, tc.wF, tc.wM, tc.a, tc.b
		got := Grade(in, Cuts{}, r, testNow())
		if got.R != 5 || got.F != 1 || got.M != 3 {
			t.Fatalf("%s: scores %d %d %d, want 5 1 3", tc.name, got.R, got.F, got.M)
		}
		if got.Score != tc.wantScore || got.Grade != tc.wantGrade {
			t.Errorf("%s: score %v grade %s, want %v %s", tc.name, got.Score, got.Grade, tc.wantScore, tc.wantGrade)
		}
	}
}

func TestGradeFromScoreRounding(t *testing.T) {
	// 79.96 rounds to 80.0: the grade follows the shown score.
	r := absRules()
	r.PotentialBonus = 79.96 * 5 / 3 // 3 stars
	r.WeightR, r.WeightF, r.WeightM = 0, 1, 0
	in := buyer(3, 1, 100)
	in.Potential = 3
	got := Grade(in, Cuts{}, r, testNow())
	if got.Score != 80 || got.Grade != "A" {
		t.Errorf("score %v grade %s, want 80 A", got.Score, got.Grade)
	}
}

func TestNeverPurchased(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want Result
	}{
		{"blank", Input{}, Result{Grade: "D", Stage: StageProspect}},
		{"potential", Input{Potential: 4}, Result{Grade: "D", Score: 8, Stage: StageProspect}},
		{"inconsistent frequency", Input{Frequency: 3, Monetary: 5000, LastPurchase: ago(3), Potential: 5}, Result{Grade: "D", Score: 10, Stage: StageProspect}},
		{"pinned prospect", Input{Pinned: "A", Potential: 1}, Result{Grade: "A", Score: 2, Stage: StageProspect}},
	}
	cuts := Cuts{R: [4]float64{80, 60, 40, 20}, F: [4]float64{3, 5, 7, 9}, M: [4]float64{300, 500, 700, 900}, AvgR: 55, AvgF: 5.5, AvgM: 550, N: 10}
	for _, tc := range tests {
		if got := Grade(tc.in, cuts, DefaultRules(), testNow()); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestPinned(t *testing.T) {
	cuts := Cuts{R: [4]float64{80, 60, 40, 20}, F: [4]float64{3, 5, 7, 9}, M: [4]float64{300, 500, 700, 900}, AvgR: 55, AvgF: 5.5, AvgM: 550, N: 10}
	top := buyer(1, 20, 500000) // 5,5,5 → A, 100
	low := buyer(300, 1, 100)   // 1,1,1 → C, 0
	tests := []struct {
		in         Input
		pin        string
		want       string
		wantScore  float64
		wantPinned bool
	}{
		{top, "", "A", 100, false},
		{top, "D", "D", 100, true},
		{top, "c", "C", 100, true},
		{low, "A", "A", 0, true},
		{low, "b", "B", 0, true},
		{low, "X", "C", 0, false},
		{low, "AB", "C", 0, false},
		{low, " A", "C", 0, false},
	}
	for _, tc := range tests {
		in := tc.in
		in.Pinned = tc.pin
		got := Grade(in, cuts, DefaultRules(), testNow())
		if got.Grade != tc.want || got.Score != tc.wantScore {
			t.Errorf("pin %q: grade %s score %v, want %s %v", tc.pin, got.Grade, got.Score, tc.want, tc.wantScore)
		}
		e := Explain(in, cuts, DefaultRules(), testNow())
		if (e.Rule == RulePinned) != tc.wantPinned {
			t.Errorf("pin %q: explanation rule %q", tc.pin, e.Rule)
		}
	}
}

func TestPotentialBonus(t *testing.T) {
	// Absolute rules: R 3 (31 days), F 3 (3 purchases), M 3 (¥500) → 50 points.
	in := buyer(31, 3, 50000)
	tests := []struct {
		stars int
		bonus float64
		want  float64
	}{
		{0, 10, 50}, {1, 10, 52}, {3, 10, 56}, {5, 10, 60},
		{-2, 10, 50}, {9, 10, 60}, // clamped to 0..5
		{5, 0, 50}, {5, 50, 100}, {5, 70, 100}, {4, 62.5, 100}, {2, 25, 60},
	}
	for _, tc := range tests {
		r := absRules()
		r.PotentialBonus = tc.bonus
		in.Potential = tc.stars
		if got := Grade(in, Cuts{}, r, testNow()).Score; got != tc.want {
			t.Errorf("%d stars, bonus %v: score %v, want %v", tc.stars, tc.bonus, got, tc.want)
		}
	}
	// The cap: a perfect customer with 5 stars stays at 100 and the
	// explanation says so.
	top := buyer(1, 20, 5_000_000)
	top.Potential = 5
	if got := Grade(top, Cuts{}, absRules(), testNow()); got.Score != 100 || got.Grade != "A" {
		t.Errorf("perfect customer: %+v", got)
	}
	e := Explain(top, Cuts{}, absRules(), testNow())
	if !e.Capped || e.Total != 110 {
		t.Errorf("explanation: capped %v total %v", e.Capped, e.Total)
	}
}

func TestSegments(t *testing.T) {
	cuts := Cuts{R: [4]float64{80, 60, 40, 20}, F: [4]float64{3, 5, 7, 9}, M: [4]float64{300, 500, 700, 900}, AvgR: 30, AvgF: 4, AvgM: 500, N: 10}
	// high: R 10 days, F 6, M ¥800; low: R 50 days, F 2, M ¥100.
	val := func(rHigh, fHigh, mHigh bool) Input {
		in := buyer(50, 2, 10000)
		if rHigh {
			in.LastPurchase = ago(10)
		}
		if fHigh {
			in.Frequency = 6
		}
		if mHigh {
			in.Monetary = 80000
		}
		return in
	}
	tests := []struct {
		r, f, m bool
		want    string
		zh      string
	}{
		{true, true, true, SegImportantValue, "重要价值"},
		{true, false, true, SegImportantDevelop, "重要发展"},
		{false, true, true, SegImportantKeep, "重要保持"},
		{false, false, true, SegImportantRetain, "重要挽留"},
		{true, true, false, SegGeneralValue, "一般价值"},
		{true, false, false, SegGeneralDevelop, "一般发展"},
		{false, true, false, SegGeneralKeep, "一般保持"},
		{false, false, false, SegGeneralRetain, "一般挽留"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		got := Grade(val(tc.r, tc.f, tc.m), cuts, DefaultRules(), testNow()).Segment
		if got != tc.want {
			t.Errorf("R↑%v F↑%v M↑%v: segment %q, want %q", tc.r, tc.f, tc.m, got, tc.want)
		}
		if SegmentName(got, "zh") != tc.zh {
			t.Errorf("%s: zh name %q, want %q", got, SegmentName(got, "zh"), tc.zh)
		}
		seen[got] = true
	}
	if len(seen) != 8 {
		t.Errorf("saw %d segments, want 8", len(seen))
	}
	// Exactly at the average is low on every dimension.
	at := buyer(30, 4, 50000)
	if got := Grade(at, cuts, DefaultRules(), testNow()).Segment; got != SegGeneralRetain {
		t.Errorf("at the averages: %q, want %q", got, SegGeneralRetain)
	}
	// One day more recent than the average, one purchase and one fen more.
	above := buyer(29, 5, 50001)
	if got := Grade(above, cuts, DefaultRules(), testNow()).Segment; got != SegImportantValue {
		t.Errorf("just above the averages: %q, want %q", got, SegImportantValue)
	}
	// No purchase in the window: no segment.
	lapsed := Input{Purchases: 3, LastPurchase: ago(400), FirstPurchase: ago(500)}
	if got := Grade(lapsed, cuts, DefaultRules(), testNow()).Segment; got != "" {
		t.Errorf("lapsed: segment %q", got)
	}
}

func TestStages(t *testing.T) {
	in := func(first, last int, gap float64) Input {
		return Input{FirstPurchase: ago(first), LastPurchase: ago(last), Purchases: 3, Frequency: 1, Monetary: 100, MedianGapDays: gap}
	}
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"never", Input{}, StageProspect},
		{"first purchase today", in(0, 0, 0), StageNew},
		{"first purchase 29 days ago", in(29, 29, 0), StageNew},
		{"first purchase 30 days ago", in(30, 30, 0), StageActive},
		{"silent 90 days", in(400, 90, 0), StageActive},
		{"silent 91 days", in(400, 91, 0), StageDormant},
		{"gap 40: silent 120 days", in(400, 120, 40), StageActive},
		{"gap 40: silent 121 days", in(400, 121, 40), StageDormant},
		{"gap 30.5: silent 91 days", in(400, 91, 30.5), StageActive},
		{"gap 30.5: silent 92 days", in(400, 92, 30.5), StageDormant},
		{"gap 20: max is 90", in(400, 91, 20), StageDormant},
		{"gap 200: silent 364 days", in(900, 364, 200), StageActive},
		{"gap 200: silent 365 days", in(900, 365, 200), StageChurned},
		{"silent 364 days", in(900, 364, 0), StageDormant},
		{"silent 365 days", in(900, 365, 0), StageChurned},
		{"silent 3000 days", in(4000, 3000, 0), StageChurned},
		{"no dates at all", Input{Purchases: 2}, StageChurned},
		{"future purchase", in(-5, -5, 0), StageNew},
		{"NaN gap", in(400, 91, math.NaN()), StageDormant},
		{"infinite gap", in(400, 91, math.Inf(1)), StageDormant},
	}
	for _, tc := range tests {
		if got := Grade(tc.in, Cuts{}, DefaultRules(), testNow()).Stage; got != tc.want {
			t.Errorf("%s: stage %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	segs := Segments()
	if len(segs) != 8 {
		t.Fatalf("%d segments", len(segs))
	}
	for _, lists := range [][]string{segs, Stages()} {
		for _, lang := range []string{"zh", "en"} {
			names := map[string]bool{}
			for _, k := range lists {
				name := SegmentName(k, lang)
				if name == k {
					name = StageName(k, lang)
				}
				if name == "" || name == k || names[name] {
					t.Errorf("%s: name %q for %q is missing or repeated", lang, name, k)
				}
				names[name] = true
			}
		}
	}
	if got := SegmentName(SegImportantDevelop, "en"); got != "Important to develop" {
		t.Errorf("en name %q", got)
	}
	if got := SegmentName(SegImportantValue, "zh-CN"); got != "重要价值" {
		t.Errorf("zh-CN name %q", got)
	}
	want := map[string]string{StageProspect: "潜在", StageNew: "新客", StageActive: "活跃", StageDormant: "沉睡", StageChurned: "流失"}
	for k, v := range want {
		if StageName(k, "zh") != v {
			t.Errorf("StageName(%q, zh) = %q, want %q", k, StageName(k, "zh"), v)
		}
	}
	if SegmentName("bogus", "en") != "bogus" || StageName("", "zh") != "" {
		t.Error("unknown keys must come back as they are")
	}
	segs[0] = "changed"
	if Segments()[0] != SegImportantValue {
		t.Error("Segments must return a fresh slice")
	}
}

func TestGradeAllMatchesGrade(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	sizes := []int{3000, 4*parallelMin + 17} // the second is graded in parallel
	if testing.Short() {
		sizes = sizes[:1]
	}
	for k, rules := range []Rules{DefaultRules(), absRules(), DefaultRules()} {
		ins := randomLedger(rng, sizes[k%len(sizes)])
		cuts, res := GradeAll(ins, rules, testNow())
		if !cuts.Equal(ComputeCuts(ins, rules, testNow())) {
			t.Fatal("GradeAll cuts differ from ComputeCuts")
		}
		for i, in := range ins {
			if g := Grade(in, cuts, rules, testNow()); g != res[i] {
				t.Fatalf("customer %d: GradeAll %+v, Grade %+v", i, res[i], g)
			}
		}
	}
}

func TestGradeDoesNotAllocate(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ins := randomLedger(rng, 1000)
	rules := DefaultRules()
	cuts := ComputeCuts(ins, rules, testNow())
	now := testNow()
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		_ = Grade(ins[i%len(ins)], cuts, rules, now)
		i++
	})
	if allocs != 0 {
		t.Errorf("Grade allocates %v times per call", allocs)
	}
}

func TestNoPanics(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	weird := []float64{math.NaN(), math.Inf(1), math.Inf(-1), -1, 0, 1e308, -1e308, 5}
	pick := func() float64 { return weird[rng.IntN(len(weird))] }
	times := []time.Time{{}, ago(0), ago(-1000), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC)}
	for range 3000 {
		r := DefaultRules()
		r.WindowDays = rng.IntN(10000) - 100
		r.WeightR, r.WeightF, r.WeightM, r.PotentialBonus, r.GradeA, r.GradeB = pick(), pick(), pick(), pick(), pick(), pick()
		r.R.Mode = []string{"", ModeAbsolute, ModeQuintile, "??"}[rng.IntN(4)]
		r.M.Mode = r.R.Mode
		r.R.Thresholds = [4]float64{pick(), pick(), pick(), pick()}
		r.Labels, r.Colors, r.Cadence = nil, nil, nil
		in := Input{
			FirstPurchase: times[rng.IntN(len(times))], LastPurchase: times[rng.IntN(len(times))],
			Purchases: rng.IntN(5) - 2, Frequency: rng.IntN(5) - 2,
			Monetary: []int64{math.MinInt64, math.MaxInt64, 0, -1, 1}[rng.IntN(5)], MedianGapDays: pick(),
			Potential: rng.IntN(20) - 10, Pinned: []string{"", "A", "z", "é", "DD"}[rng.IntN(5)],
		}
		cuts := Cuts{R: [4]float64{pick(), pick(), pick(), pick()}, M: [4]float64{pick(), pick(), pick(), pick()}, AvgR: pick(), AvgM: pick(), N: rng.IntN(3) - 1}
		now := times[rng.IntN(len(times))]
		res := Grade(in, cuts, r, now)
		if !ValidGrade(res.Grade) || !(res.Score >= 0 && res.Score <= 100) {
			t.Fatalf("bad result %+v for %+v under %+v", res, in, r)
		}
		for _, lang := range []string{"zh", "en"} {
			if len(Explain(in, cuts, r, now).Lines(lang)) == 0 {
				t.Fatal("no lines")
			}
		}
		_, _ = GradeAll([]Input{in, in}, r, now)
		_ = r.Validate()
	}
}

func ExampleGradeAll() {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	ledger := []Input{
		{ID: 1, FirstPurchase: day(300), LastPurchase: day(3), Purchases: 12, Frequency: 10, Monetary: 880000, Potential: 4},
		{ID: 2, FirstPurchase: day(200), LastPurchase: day(40), Purchases: 3, Frequency: 3, Monetary: 45000},
		{ID: 3, FirstPurchase: day(12), LastPurchase: day(12), Purchases: 1, Frequency: 1, Monetary: 9900},
		{ID: 4, FirstPurchase: day(900), LastPurchase: day(500), Purchases: 6},
		{ID: 5, Potential: 3},
	}
	_, results := GradeAll(ledger, DefaultRules(), now)
	for i, r := range results {
		fmt.Printf("%d %s %5.1f R%d F%d M%d %-17s %s\n", ledger[i].ID, r.Grade, r.Score, r.R, r.F, r.M, r.Segment, r.Stage)
	}
	// Output:
	// 1 A 100.0 R5 F5 M5 important_value   active
	// 2 C  35.0 R1 F3 M3 general_retain    active
	// 3 C  15.0 R3 F1 M1 general_develop   new
	// 4 C   0.0 R1 F1 M1                   churned
	// 5 D   6.0 R0 F0 M0                   prospect
}
