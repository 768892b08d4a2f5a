package tiering

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// sortInt64s gives slices.Sort's order for values of every span: a few
// distinct, money-like, negative and positive, and the whole int64 range,
// below and above the size sorted by radix.
func TestSortInt64sIsSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 11))
	draws := map[string]func() int64{
		"one value":   func() int64 { return -42 },
		"few":         func() int64 { return int64(rng.IntN(5)) * 1000 },
		"money":       func() int64 { return int64(rng.ExpFloat64()*50000) - 10_000 },
		"days":        func() int64 { return -int64(rng.IntN(400)) },
		"whole range": func() int64 { return int64(rng.Uint64()) },
		"ends":        func() int64 { return []int64{math.MinInt64, math.MaxInt64, 0, -1, 1}[rng.IntN(5)] },
	}
	for what, draw := range draws {
		for _, n := range []int{1, 2, radixMin - 1, radixMin, 50_000} {
			vals := make([]int64, n)
			for i := range vals {
				vals[i] = draw()
			}
			want := slices.Clone(vals)
			slices.Sort(want)
			lo, hi := slices.Min(vals), slices.Max(vals)
			sortInt64s(vals, lo, uint64(hi)-uint64(lo))
			if !slices.Equal(vals, want) {
				t.Fatalf("%s, %d values: not in order", what, n)
			}
		}
	}
}
