package model

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// A fit allowed to sort the caller's stats in place (Reorder) is the fit
// of the same stats left alone, to the last bit, under both models and
// the CDNOW customers in a shuffled order.
func TestFitReorderIsTheSameFit(t *testing.T) {
	stats := statsOf(cdnowSummaries(t))
	rng := rand.New(rand.NewPCG(5, 8))
	rng.Shuffle(len(stats), func(i, j int) { stats[i], stats[j] = stats[j], stats[i] })
	for _, kind := range []Kind{BGNBD, MBGNBD} {
		want, err := FitPurchases(stats, FitOptions{Kind: kind, Unit: Days})
		if err != nil {
			t.Fatal(err)
		}
		own := slices.Clone(stats)
		got, err := FitPurchases(own, FitOptions{Kind: kind, Unit: Days, Reorder: true})
		if err != nil {
			t.Fatal(err)
		}
		if *got != *want {
			t.Errorf("%v: reordered fit %+v, want %+v", kind, *got, *want)
		}
		if slices.Equal(own, stats) {
			t.Errorf("%v: the stats were not sorted in place", kind)
		}
	}
}
