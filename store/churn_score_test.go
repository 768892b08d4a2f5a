package store

import (
	"math/rand/v2"
	"testing"

	"github.com/kehu-app/kehu/model"
)

// A batch large enough to be scored in parts gives every customer what
// scoring it alone gives, and one summary the models cannot score sends
// the whole batch to scoring one by one, where only that one has no
// estimate.
func TestScoreChurnInPartsEqualsOneByOne(t *testing.T) {
	fm := newFitModels("bg/nbd", [9]float64{0.68, 10.8, 1.43, 3.1, 6.2, 4.1, 15.5, 90, 0.01})
	rng := rand.New(rand.NewPCG(7, 11))
	const n = 3 * parallelScoreMin
	const today = 20000
	sums := make([]model.Summary, 0, n)
	for len(sums) < n {
		first := today - rng.Int64N(1500)
		x := rng.IntN(25)
		last := first
		if x > 0 {
			last = first + rng.Int64N(today-first+1)
		}
		s, ok := model.SummaryAsOf(x, first, last, float64(rng.IntN(50000))/100, today)
		if !ok {
			t.Fatalf("summary %d: not valid", len(sums))
		}
		sums = append(sums, s)
	}
	check := func(t *testing.T, sums []model.Summary) []churnScore {
		t.Helper()
		got := fm.scoreChurn(sums)
		if len(got) != len(sums) {
			t.Fatalf("%d scores for %d summaries", len(got), len(sums))
		}
		for i, s := range sums {
			if want := fm.scoreChurnOne(s); got[i] != want {
				t.Fatalf("summary %d (%+v): scored %+v in parts, %+v alone", i, s.Stats, got[i], want)
			}
		}
		return got
	}
	t.Run("all scorable", func(t *testing.T) {
		got := check(t, sums)
		var withP, valued int
		for _, c := range got {
			if c.hasP {
				withP++
			}
			if c.valued {
				valued++
			}
		}
		// Every repeat buyer has a P(alive) (one-time buyers have none
		// under BG/NBD) and every customer a value.
		if withP < n/2 || withP == n || valued != n {
			t.Errorf("%d of %d with P(alive), %d valued", withP, n, valued)
		}
	})
	t.Run("one not scorable", func(t *testing.T) {
		bad := append([]model.Summary(nil), sums...)
		bad[n/2].Tx = bad[n/2].T + 1 // last purchase after the end
		got := check(t, bad)
		if c := got[n/2]; c.hasP || c.valued {
			t.Errorf("the summary the models cannot score got %+v", c)
		}
	})
}
