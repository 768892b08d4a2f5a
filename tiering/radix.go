package tiering

import (
	"math/bits"
	"slices"
)

// radixMin is the fewest values sorted by radix: below it a comparison
// sort is as fast and needs no second buffer.
const radixMin = 1 << 12

// radixBits is the width of one radix digit: 2,048 counters fit in the
// first-level cache, and money in fen (spans of up to 2^33) sorts in three
// passes.
const radixBits = 11

// sortInt64s sorts vals, all within lo..lo+span, in ascending order. A
// million spends are most of the cut points' time when sorted by
// comparison (some 60 ms); a least-significant-digit radix sort of their
// offsets from lo is a few passes over them.
func sortInt64s(vals []int64, lo int64, span uint64) {
	if len(vals) < radixMin {
		slices.Sort(vals)
		return
	}
	passes := (bits.Len64(span) + radixBits - 1) / radixBits
	const buckets = 1 << radixBits
	counts := make([][buckets]int, passes)
	for _, v := range vals {
		k := uint64(v) - uint64(lo)
		for p := range counts {
			counts[p][(k>>(p*radixBits))&(buckets-1)]++
		}
	}
	src, dst := vals, make([]int64, len(vals))
	for p := range counts {
		c := &counts[p]
		if c[(uint64(src[0])-uint64(lo))>>(p*radixBits)&(buckets-1)] == len(src) {
			continue // every value has the same digit here
		}
		sum := 0
		for d := range c {
			c[d], sum = sum, sum+c[d]
		}
		for _, v := range src {
			d := (uint64(v) - uint64(lo)) >> (p * radixBits) & (buckets - 1)
			dst[c[d]] = v
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &vals[0] {
		copy(vals, src)
	}
}
