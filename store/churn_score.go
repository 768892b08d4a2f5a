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
	fm.scoreChurnEach(len(sums), func(k int) (model.Stats, float64) { return sums[k].Stats, sums[k].RepeatSpend },
		func(k int, c churnScore) { out[k] = c })
	return out
}

// scoreChurnEach is scoreChurn over n summaries that sum gives, each as its
// stats and mean repeat spend (all a score reads of it), handing summary
// k's score to emit (from several goroutines at once, each k once; on a
// failure every k again, in order).
func (fm fitModels) scoreChurnEach(n int, sum func(k int) (model.Stats, float64), emit func(k int, c churnScore)) {
	parts := min(runtime.GOMAXPROCS(0), 4)
	if n < parallelScoreMin || parts < 2 {
		parts = 1
	}
	idx := make([][]int32, parts)
	for i := range n {
		k := 0
		if parts > 1 {
			st, _ := sum(i)
			k = int(scorePairHash(st) % uint64(parts))
		}
		idx[k] = append(idx[k], int32(i))
	}
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() {
			at := idx[k]
			errs[k] = fm.models.ScoreEach(len(at), func(i int) (model.Stats, float64) {
				return sum(int(at[i]))
			}, func(i int, sc model.Score) {
				st, _ := sum(int(at[i]))
				emit(int(at[i]), fm.newChurnScore(st, sc.PAlive, true, sc.Value, sc.ValueKnown))
			}, fm.opts)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			for i := range n {
				st, m := sum(i)
				emit(i, fm.scoreChurnOne(model.Summary{Stats: st, RepeatSpend: m}))
			}
			return
		}
	}
}

// scorePairHash mixes a summary's purchase count and age, the pair its
// expected purchases depend on.
func scorePairHash(s model.Stats) uint64 {
	h := uint64(s.X)*0x9e3779b97f4a7c15 ^ math.Float64bits(s.T)
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>32
}
