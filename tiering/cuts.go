package tiering

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"time"
)

// Unreached marks a quintile cut point that no value reaches: an F or M cut
// equal to Unreached, or an R cut equal to -Unreached, is never met (this
// happens when one value is shared by so many customers that the scores
// above it are empty). It is finite so Cuts encode as JSON.
const Unreached = math.MaxFloat64

// Cuts are the ledger-wide reference points: the quintile cut points per
// dimension and the averages used for segments, computed by ComputeCuts
// over the customers with a purchase in the window.
//
// R[i], F[i] and M[i] are the values that reach score i+2: F >= F[i]
// (purchases) and M >= M[i] (yuan) for higher-is-better, days <= R[i] for
// recency, so F and M ascend and R descends. Each is a value some customer
// has (see Unreached). The zero Cuts (N == 0, an empty ledger) scores every
// quintile dimension 3, as a lone customer would be scored.
type Cuts struct {
	R    [4]float64 `json:"r"`     // days since last purchase reaching scores 2..5 (descending)
	F    [4]float64 `json:"f"`     // purchases in the window reaching scores 2..5 (ascending)
	M    [4]float64 `json:"m"`     // spend in the window, yuan, reaching scores 2..5 (ascending)
	AvgR float64    `json:"avg_r"` // average days since last purchase
	AvgF float64    `json:"avg_f"` // average purchases in the window
	AvgM float64    `json:"avg_m"` // average spend in the window, yuan
	N    int        `json:"n"`     // customers with a purchase within the window

	// X are the cut points of Rules.Extra's quintile columns, by position:
	// X[i][k] is the value reaching score k+2 (ascending; Unreached when no
	// value reaches it), over the XN[i] customers who have purchased and
	// have a value in the column. Columns in other modes stay zero.
	X  [MaxExtraDims][4]float64 `json:"x,omitzero"`
	XN [MaxExtraDims]int        `json:"xn,omitzero"`
}

// Equal reports whether c and o are identical, averages and N included.
// When they are, every Result (segments included) is the same under both.
func (c Cuts) Equal(o Cuts) bool { return c == o }

// SameScores reports whether grading any customer with o under rules gives
// the same Grade, Score and R, F, M scores as with c: only the cut points
// of the quintile dimensions matter for that. Segments, which compare with
// the averages, may still differ; use Equal to know that they cannot.
func (c Cuts) SameScores(o Cuts, rules Rules) bool {
	if (c.N == 0) != (o.N == 0) {
		return false
	}
	if c.N == 0 {
		return true
	}
	for i, d := range rules.Extra[:min(len(rules.Extra), MaxExtraDims)] {
		if d.Mode == DimQuintile && (c.X[i] != o.X[i] || (c.XN[i] == 0) != (o.XN[i] == 0)) {
			return false
		}
	}
	return (rules.R.Absolute() || c.R == o.R) &&
		(rules.F.Absolute() || c.F == o.F) &&
		(rules.M.Absolute() || c.M == o.M)
}

// inPopulation reports whether a customer counts for the quintiles and
// averages: it has purchased and has a purchase within the window.
func inPopulation(in *Input) bool {
	return in.Purchases > 0 && in.Frequency > 0 && !in.LastPurchase.IsZero()
}

// ComputeCuts computes the quintile cut points and averages over the
// customers with a purchase in the window (Purchases > 0, Frequency > 0 and
// a last purchase date). Cut points are computed for every dimension
// whatever its mode, so the same Cuts serve if the owner switches modes.
// The result does not depend on the order of inputs. It handles 1,000,000
// inputs in a fraction of a second.
func ComputeCuts(inputs []Input, rules Rules, now time.Time) Cuts {
	c := computeRFMCuts(inputs, now)
	extraCuts(&c, inputs, rules)
	return c
}

// computeRFMCuts computes the cut points and averages of R, F and M; the
// population does not depend on the rules (Frequency is counted by the
// caller).
func computeRFMCuts(inputs []Input, now time.Time) Cuts {
	n := 0
	for i := range inputs {
		if inPopulation(&inputs[i]) {
			n++
		}
	}
	if n == 0 {
		return Cuts{}
	}
	nowDay := dayNumber(now)
	buf := make([]int64, 3*n)
	rv, fv, mv := buf[:n], buf[n:2*n], buf[2*n:]
	j := 0
	for i := range inputs {
		in := &inputs[i]
		if !inPopulation(in) {
			continue
		}
		// R is negated so that higher is better in every column.
		rv[j] = -max(nowDay-dayNumber(in.LastPurchase), 0)
		fv[j] = int64(in.Frequency)
		mv[j] = in.Monetary
		j++
	}
	return rfmCuts(rv, fv, mv)
}

// rfmCuts computes the cut points and averages of R, F and M from the
// population's values, R negated (so higher is better in every column)
// and M in fen. It may reorder the values.
func rfmCuts(rv, fv, mv []int64) Cuts {
	var c Cuts
	n := len(rv)
	c.N = n
	// Money usually needs a sort; days and counts a histogram. Overlap them
	// on big ledgers.
	var rq, fq, mq quintile
	if n >= parallelMin && runtime.GOMAXPROCS(0) > 1 {
		var wg sync.WaitGroup
		wg.Go(func() { mq = quintiles(mv) })
		rq = quintiles(rv)
		fq = quintiles(fv)
		wg.Wait()
	} else {
		rq, fq, mq = quintiles(rv), quintiles(fv), quintiles(mv)
	}
	for k := range 4 {
		c.R[k], c.F[k], c.M[k] = -Unreached, Unreached, Unreached
		if rq.reached[k] {
			c.R[k] = float64(-rq.cut[k])
		}
		if fq.reached[k] {
			c.F[k] = float64(fq.cut[k])
		}
		if mq.reached[k] {
			c.M[k] = yuan(mq.cut[k])
		}
	}
	c.AvgR = -rq.mean
	if c.AvgR == 0 {
		c.AvgR = 0 // no negative zero
	}
	c.AvgF = fq.mean
	c.AvgM = mq.mean / 100
	return c
}

// extraCuts computes the cut points of the rules' quintile columns, each
// over the customers who have purchased and have a value in it. The
// values are plain numbers (money in yuan) handed in by the caller.
func extraCuts(c *Cuts, inputs []Input, rules Rules) {
	var vals []float64
	for i, d := range rules.Extra[:min(len(rules.Extra), MaxExtraDims)] {
		if d.Mode != DimQuintile {
			continue
		}
		vals = vals[:0]
		for j := range inputs {
			in := &inputs[j]
			if in.Purchases > 0 && i < len(in.Extra) && in.Extra[i].Set && finite(in.Extra[i].Num) {
				vals = append(vals, in.Extra[i].Num)
			}
		}
		c.X[i], c.XN[i] = floatQuintiles(vals)
	}
}

// floatQuintiles is the quintile cut points of vals (higher is better) as
// quintiles computes them for whole numbers: for each score k+2, the first
// value whose mid-rank percentile reaches (k+1)/5, Unreached when none
// does. It sorts vals.
func floatQuintiles(vals []float64) ([4]float64, int) {
	cuts := [4]float64{Unreached, Unreached, Unreached, Unreached}
	n := int64(len(vals))
	if n == 0 {
		return [4]float64{}, 0
	}
	slices.Sort(vals)
	var less int64
	k := 1
	for i := 0; i < len(vals); {
		j := i + 1
		for j < len(vals) && vals[j] == vals[i] {
			j++
		}
		cnt := int64(j - i)
		for k <= 4 && 10*less+5*cnt >= 2*int64(k)*n {
			cuts[k-1] = vals[i]
			k++
		}
		less += cnt
		i = j
	}
	return cuts, len(vals)
}

// yuan converts fen to yuan.
func yuan(fen int64) float64 { return float64(fen) / 100 }

// quintile is the outcome of scanning one column.
type quintile struct {
	cut     [4]int64
	reached [4]bool
	mean    float64
}

// walker scans (value, count) groups in ascending value order and records,
// for each score k+1 (k = 1..4), the first value whose mid-rank percentile
// (less + equal/2) / n reaches k/5.
type walker struct {
	n, less int64
	k       int
	sum     float64
	q       quintile
}

func (w *walker) add(v int64, c int64) {
	// (less + c/2)/n >= k/5  <=>  10*less + 5*c >= 2*k*n, in integers.
	for w.k <= 4 && 10*w.less+5*c >= 2*int64(w.k)*w.n {
		w.q.cut[w.k-1] = v
		w.q.reached[w.k-1] = true
		w.k++
	}
	w.sum += float64(v) * float64(c)
	w.less += c
}

// maxHistogram bounds the value span counted with a histogram instead of a
// sort.
const maxHistogram = 1 << 22

// quintiles computes the cut points and mean of vals (higher is better).
// It may reorder vals. Small integer spans (days, counts) are counted in a
// histogram; wide ones (money) are sorted.
func quintiles(vals []int64) quintile {
	w := walker{n: int64(len(vals)), k: 1}
	if len(vals) == 0 {
		return w.q
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo = min(lo, v)
		hi = max(hi, v)
	}
	span := uint64(hi) - uint64(lo) // no overflow in unsigned arithmetic
	if span < maxHistogram && span <= 2*uint64(len(vals))+1024 {
		counts := make([]int32, span+1)
		for _, v := range vals {
			counts[uint64(v)-uint64(lo)]++
		}
		for i, c := range counts {
			if c != 0 {
				w.add(lo+int64(i), int64(c))
			}
		}
	} else {
		sortInt64s(vals, lo, span)
		for i := 0; i < len(vals); {
			j := i + 1
			for j < len(vals) && vals[j] == vals[i] {
				j++
			}
			w.add(vals[i], int64(j-i))
			i = j
		}
	}
	w.q.mean = w.sum / float64(w.n)
	return w.q
}
