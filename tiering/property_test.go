package tiering

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// randomRules draws rules with random modes, weights, thresholds and bonus.
func randomRules(rng *rand.Rand) Rules {
	r := DefaultRules()
	for _, d := range []*DimRule{&r.R, &r.F, &r.M} {
		if rng.IntN(2) == 0 {
			d.Mode = ModeAbsolute
		}
	}
	r.WeightR, r.WeightF, r.WeightM = rng.Float64(), rng.Float64(), rng.Float64()
	if rng.IntN(5) == 0 {
		r.WeightF = 0
	}
	r.PotentialBonus = float64(rng.IntN(30))
	th := func(scale float64) [4]float64 {
		var t [4]float64
		for i := range t {
			t[i] = float64(rng.IntN(int(scale)))
		}
		slices.Sort(t[:])
		return t
	}
	r.F.Thresholds = th(20)
	r.M.Thresholds = th(5000)
	rt := th(400)
	slices.Reverse(rt[:])
	r.R.Thresholds = rt
	if err := r.Validate(); err != nil {
		panic(err)
	}
	return r
}

// TestQuintileIsMidRank checks the cut points against a direct computation
// of the mid-rank percentile of every customer in the window.
func TestQuintileIsMidRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for round := range 300 {
		ins := randomLedger(rng, 1+rng.IntN(60))
		if round%3 == 0 { // many ties
			for i := range ins {
				if ins[i].Frequency > 0 {
					ins[i].Monetary = int64(rng.IntN(3)) * 1000
					ins[i].LastPurchase = ago(rng.IntN(4))
				}
			}
		}
		_, res := GradeAll(ins, DefaultRules(), testNow())
		var pop []int
		for i := range ins {
			if inPopulation(&ins[i]) {
				pop = append(pop, i)
			}
		}
		n := len(pop)
		for _, i := range pop {
			var want [3]int
			for d := range 3 {
				less, eq := 0, 0
				for _, j := range pop {
					vi, vj := dimValue(ins[i], d), dimValue(ins[j], d)
					switch {
					case vj < vi:
						less++
					case vj == vi:
						eq++
					}
				}
				// 1 + floor(5 × (less + eq/2) / n), in integers.
				want[d] = 1 + (10*less+5*eq)/(2*n)
			}
			got := [3]int{res[i].R, res[i].F, res[i].M}
			if got != want {
				t.Fatalf("round %d customer %d: scores %v, mid-rank gives %v", round, i, got, want)
			}
		}
	}
}

// dimValue is a customer's value on dimension d, higher is better.
func dimValue(in Input, d int) int64 {
	switch d {
	case dR:
		return -int64(DaysSince(in.LastPurchase, testNow()))
	case dF:
		return int64(in.Frequency)
	}
	return in.Monetary
}

// change is one way a customer gets better: more spend, a more recent
// purchase, a new purchase, a first purchase.
type change struct {
	name  string
	apply func(rng *rand.Rand, in *Input)
}

func improvements() []change {
	return []change{
		{"more spend", func(rng *rand.Rand, in *Input) {
			in.Monetary += 1 + int64(rng.IntN(200000))
		}},
		{"a little more spend", func(rng *rand.Rand, in *Input) {
			in.Monetary++
		}},
		{"more recent purchase", func(rng *rand.Rand, in *Input) {
			if in.LastPurchase.IsZero() {
				return
			}
			days := DaysSince(in.LastPurchase, testNow())
			if days <= 0 {
				return
			}
			in.LastPurchase = ago(rng.IntN(days))
		}},
		{"one day more recent", func(rng *rand.Rand, in *Input) {
			if !in.LastPurchase.IsZero() && DaysSince(in.LastPurchase, testNow()) > 0 {
				in.LastPurchase = in.LastPurchase.AddDate(0, 0, 1)
			}
		}},
		{"a new purchase today", func(rng *rand.Rand, in *Input) {
			in.Purchases++
			in.Frequency++
			in.Monetary += int64(rng.IntN(100000))
			in.LastPurchase = ago(0)
			if in.FirstPurchase.IsZero() {
				in.FirstPurchase = ago(0)
			}
		}},
	}
}

// TestMonotonic: more spend or a more recent purchase never lowers a
// customer's score (nor any of its R, F, M scores), both against fixed cuts
// and against cuts recomputed from the ledger with that customer changed.
func TestMonotonic(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	now := testNow()
	for round := range 400 {
		rules := DefaultRules()
		if round%2 == 1 {
			rules = randomRules(rng)
		}
		ins := randomLedger(rng, 1+rng.IntN(80))
		cuts, before := GradeAll(ins, rules, now)
		for _, ch := range improvements() {
			for range 5 {
				i := rng.IntN(len(ins))
				old := ins[i]
				ch.apply(rng, &ins[i])
				fixed := Grade(ins[i], cuts, rules, now)
				newCuts := ComputeCuts(ins, rules, now)
				recomputed := Grade(ins[i], newCuts, rules, now)
				for _, after := range []struct {
					how string
					r   Result
				}{{"fixed cuts", fixed}, {"recomputed cuts", recomputed}} {
					b, a := before[i], after.r
					if a.Score < b.Score || a.R < b.R || a.F < b.F || a.M < b.M {
						t.Fatalf("round %d, %s, %s: customer %d got worse\nbefore %+v %+v\nafter  %+v %+v\nrules %+v",
							round, ch.name, after.how, i, old, b, ins[i], a, rules)
					}
				}
				ins[i] = old
			}
		}
	}
}

// TestTiesNeverSplit: customers with equal values get equal scores, in any
// ledger, whatever their position.
func TestTiesNeverSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for range 200 {
		ins := randomLedger(rng, 2+rng.IntN(100))
		// Clone a few customers (with other IDs, stars and pins).
		for k := 0; k < 10; k++ {
			i, j := rng.IntN(len(ins)), rng.IntN(len(ins))
			id := ins[j].ID
			ins[j] = ins[i]
			ins[j].ID, ins[j].Pinned, ins[j].Potential = id, "", ins[i].Potential
		}
		_, res := GradeAll(ins, DefaultRules(), testNow())
		for i := range ins {
			for j := range ins {
				a, b := ins[i], ins[j]
				a.ID, b.ID, a.Pinned, b.Pinned = 0, 0, "", ""
				if reflect.DeepEqual(a, b) && (res[i].Score != res[j].Score || res[i].R != res[j].R || res[i].F != res[j].F || res[i].M != res[j].M) {
					t.Fatalf("equal customers %d and %d graded %+v and %+v", i, j, res[i], res[j])
				}
			}
		}
	}
}

// TestLocationIndependent: the same dates seen from another time zone give
// the same grades.
func TestLocationIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	ins := randomLedger(rng, 500)
	_, want := GradeAll(ins, DefaultRules(), testNow())
	east := time.FixedZone("CST", 8*3600)
	y, m, d := testNow().Date()
	for _, now := range []time.Time{time.Date(y, m, d, 0, 0, 1, 0, east), time.Date(y, m, d, 23, 59, 0, 0, east)} {
		_, got := GradeAll(ins, DefaultRules(), now)
		if !slices.Equal(got, want) {
			t.Errorf("grades change with now = %v", now)
		}
	}
}
