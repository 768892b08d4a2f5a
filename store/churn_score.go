package store

import (
	"math"
	"runtime"
	"sync"

	"github.com/kehu-app/kehu/model"
)

// parallelScoreMin is the fewest summaries scoreChurn splits among the
// processors: below it one goroutine is quicker than starting several.
const parallelScoreMin = 20000

// scoreChurn scores the summaries in one batch; when one of them cannot be
// scored, each is scored on its own, so that one alone has no estimate.
//
// A large batch (the day's regrade scores every customer while its write
// goes on, and the commit waits for the scores) is split among the
// processors by the customers' (purchases, age): the expensive part of a
// score, the expected purchases, is shared by every customer with the same
// pair and computed once per part, so each pair goes to one part only. Each
// summary's score is what scoring it alone gives, whichever part scores it.
func (fm fitModels) scoreChurn(sums []model.Summary) []churnScore {
	out := make([]churnScore, len(sums))
	parts := min(runtime.GOMAXPROCS(0), 4)
	if len(sums) < parallelScoreMin || parts < 2 {
		parts = 1
	}
	idx := make([][]int, parts)
	for i := range sums {
		k := 0
		if parts > 1 {
			k = int(scorePairHash(sums[i]) % uint64(parts))
		}
		idx[k] = append(idx[k], i)
	}
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() {
			at := idx[k]
			errs[k] = fm.models.ScoreEach(len(at), func(i int) (model.Stats, float64) {
				return sums[at[i]].Stats, sums[at[i]].RepeatSpend
			}, func(i int, sc model.Score) {
				out[at[i]] = fm.newChurnScore(sums[at[i]], sc.PAlive, true, sc.Value, sc.ValueKnown)
			}, fm.opts)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			for i, sum := range sums {
				out[i] = fm.scoreChurnOne(sum)
			}
			return out
		}
	}
	return out
}

// scorePairHash mixes a summary's purchase count and age, the pair its
// expected purchases depend on.
func scorePairHash(s model.Summary) uint64 {
	h := uint64(s.X)*0x9e3779b97f4a7c15 ^ math.Float64bits(s.T)
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>32
}
