package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The likelihood and its gradient with the cells' terms computed on
// several processors are the ones computed on one, to the last bit, for
// both models, at parameters near and far from a fit.
func TestLogLikInPartsIsTheSameToTheBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	stats := make([]Stats, 0, 4*parallelCellsMin)
	for len(stats) < cap(stats) {
		T := float64(1 + rng.IntN(2000))
		x := rng.IntN(30)
		tx := 0.0
		if x > 0 {
			tx = float64(rng.IntN(int(T) + 1))
		}
		stats = append(stats, Stats{X: x, Tx: tx, T: T})
	}
	for _, kind := range []Kind{BGNBD, MBGNBD} {
		g, err := group(stats, kind)
		if err != nil {
			t.Fatal(err)
		}
		if g.cellParts() < 2 && len(g.cells) < parallelCellsMin {
			t.Fatalf("%d cells: too few to be computed in parts", len(g.cells))
		}
		for _, p := range []Params{{R: 0.68, Alpha: 10.8, A: 1.43, B: 3.1}, {R: 0.01, Alpha: 900, A: 0.05, B: 40}, {R: 25, Alpha: 0.2, A: 8, B: 0.3}} {
			one := make([]float64, 4)
			want := g.logLikParts(p, one, 1)
			for _, parts := range []int{2, 3, 4} {
				// (the terms of another point first: a cell the parts
				// missed would keep them)
				g.logLikParts(Params{R: 2, Alpha: 2, A: 2, B: 2}, nil, 1)
				grad := make([]float64, 4)
				got := g.logLikParts(p, grad, parts)
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%v at %+v in %d parts: log-likelihood %v, in one %v", kind, p, parts, got, want)
				}
				for i := range grad {
					if math.Float64bits(grad[i]) != math.Float64bits(one[i]) {
						t.Errorf("%v at %+v in %d parts: gradient[%d] %v, in one %v", kind, p, parts, i, grad[i], one[i])
					}
				}
			}
			if math.IsNaN(want) || math.IsInf(want, 0) || want >= 0 {
				t.Errorf("%v at %+v: log-likelihood %v, want a finite negative number", kind, p, want)
			}
		}
	}
}
