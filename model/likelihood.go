package model

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mathext"
)

// cell is one distinct (x, t_x, T) triple with the number of customers who
// share it. Real and synthetic bases have far fewer distinct triples than
// customers (times are whole days or weeks), so the likelihood is summed over
// cells, and the logarithms of α+T, α+t_x and b+x−1 are computed once per
// distinct value rather than once per customer.
type cell struct {
	ix, iT, itx int32
	n           float64
}

// grouped holds the sufficient statistics of a fit and scratch space for one
// evaluation; it is used by one goroutine at a time.
type grouped struct {
	shift  float64 // 0 for BG/NBD, 1 for MBG/NBD (a drop-out chance at the first purchase)
	total  float64 // customers
	xs     []float64
	xCount []float64
	ts     []float64
	txs    []float64
	cells  []cell

	lT, iT, ltx, itx, lbx, ibx []float64
	has4                       []bool
	// lse and w4 are, per cell with two terms, log(e^A3 + e^A4) and
	// e^A4 / (e^A3 + e^A4): the costly part of an evaluation, computed
	// for disjoint ranges of cells at once (cellTerms).
	lse, w4 []float64
}

func (k Kind) shift() float64 {
	if k == MBGNBD {
		return 1
	}
	return 0
}

// group validates the stats and collapses identical triples.
func group(stats []Stats, kind Kind) (*grouped, error) { return groupOf(stats, kind, false) }

// groupOf is group, sorting stats in place when inPlace (else a copy).
func groupOf(stats []Stats, kind Kind, inPlace bool) (*grouped, error) {
	for _, s := range stats {
		if err := s.check(); err != nil {
			return nil, err
		}
	}
	keys := stats
	if !inPlace {
		keys = slices.Clone(stats)
	}
	slices.SortFunc(keys, func(p, q Stats) int {
		if c := cmp.Compare(p.X, q.X); c != 0 {
			return c
		}
		if c := cmp.Compare(p.Tx, q.Tx); c != 0 {
			return c
		}
		return cmp.Compare(p.T, q.T)
	})
	g := &grouped{shift: kind.shift(), total: float64(len(stats))}
	xIndex := map[int]int32{}
	tIndex := map[float64]int32{}
	txIndex := map[float64]int32{}
	indexOf := func(m map[float64]int32, vals *[]float64, v float64) int32 {
		i, ok := m[v]
		if !ok {
			i = int32(len(*vals))
			m[v] = i
			*vals = append(*vals, v)
		}
		return i
	}
	for i, s := range keys {
		if i > 0 && s == keys[i-1] {
			g.cells[len(g.cells)-1].n++
			continue
		}
		ix, ok := xIndex[s.X]
		if !ok {
			ix = int32(len(g.xs))
			xIndex[s.X] = ix
			g.xs = append(g.xs, float64(s.X))
			g.xCount = append(g.xCount, 0)
		}
		g.cells = append(g.cells, cell{ix: ix, iT: indexOf(tIndex, &g.ts, s.T), itx: indexOf(txIndex, &g.txs, s.Tx), n: 1})
	}
	for _, c := range g.cells {
		g.xCount[c.ix] += c.n
	}
	g.lT, g.iT = make([]float64, len(g.ts)), make([]float64, len(g.ts))
	g.ltx, g.itx = make([]float64, len(g.txs)), make([]float64, len(g.txs))
	g.lbx, g.ibx = make([]float64, len(g.xs)), make([]float64, len(g.xs))
	g.has4 = make([]bool, len(g.xs))
	g.lse, g.w4 = make([]float64, len(g.cells)), make([]float64, len(g.cells))
	return g, nil
}

// parallelCellsMin is the fewest cells whose terms logLik computes on
// several processors: below it one goroutine is quicker.
const parallelCellsMin = 8192

// cellParts is how many ranges of cells logLik computes the terms of at
// once.
func (g *grouped) cellParts() int {
	if len(g.cells) < parallelCellsMin {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), 4)
}

// cellTerms computes lse and w4 of the cells from lo to hi (each cell's
// own, whichever goroutine computes it), from the parameters' logarithms
// and the per-value tables logLik has filled.
func (g *grouped) cellTerms(r, lnA float64, lo, hi int) {
	for i := lo; i < hi; i++ {
		c := g.cells[i]
		if !g.has4[c.ix] {
			continue
		}
		k := r + g.xs[c.ix]
		a3 := -k * g.lT[c.iT]
		a4 := lnA - g.lbx[c.ix] - k*g.ltx[c.itx]
		if a3 >= a4 {
			e := math.Exp(a4 - a3)
			g.lse[i] = a3 + math.Log1p(e)
			g.w4[i] = e / (1 + e)
		} else {
			e := math.Exp(a3 - a4)
			g.lse[i] = a4 + math.Log1p(e)
			g.w4[i] = 1 / (1 + e)
		}
	}
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// logLik returns the total log-likelihood at p and, when grad is not nil,
// its gradient with respect to (log r, log α, log a, log b).
//
// Per customer (Fader, Hardie & Lee 2005, eq. 6; Batislam et al. 2007 with
// s = 1, where the customer may drop out at the first purchase too):
//
//	LL = A1 + A2 + log(e^A3 + δ e^A4)
//	A1 = lnΓ(r+x) − lnΓ(r) + r ln α
//	A2 = lnΓ(a+b) + lnΓ(b+x+s) − lnΓ(b) − lnΓ(a+b+x+s)
//	A3 = −(r+x) ln(α+T)
//	A4 = ln a − ln(b+x−1+s) − (r+x) ln(α+t_x)
//
// with δ = 1 when x > 0 or s = 1. The sum of the two exponentials is taken as
// a log-sum-exp so that neither term underflows for large x or T.
func (g *grouped) logLik(p Params, grad []float64) float64 {
	return g.logLikParts(p, grad, g.cellParts())
}

// logLikParts is logLik with the cells' terms computed in parts ranges at
// once. The terms are summed in the cells' order whatever parts is, so the
// result is the same to the last bit.
func (g *grouped) logLikParts(p Params, grad []float64, parts int) float64 {
	r, alpha, a, b := p.R, p.Alpha, p.A, p.B
	s := g.shift
	lnAlpha, lnA := math.Log(alpha), math.Log(a)
	var ll, dr, dalpha, da, db float64
	want := grad != nil
	var psiR, psiAB float64
	if want {
		psiR, psiAB = mathext.Digamma(r), mathext.Digamma(a+b)
	}
	lgR, lgAB, lgB := lgamma(r), lgamma(a+b), lgamma(b)
	for j, x := range g.xs {
		n := g.xCount[j]
		ll += n * (lgamma(r+x) - lgR + r*lnAlpha + lgAB + lgamma(b+x+s) - lgB - lgamma(a+b+x+s))
		if want {
			psiABX := mathext.Digamma(a + b + x + s)
			dr += n * (mathext.Digamma(r+x) - psiR + lnAlpha)
			dalpha += n * r / alpha
			da += n * (psiAB - psiABX)
			db += n * (psiAB + mathext.Digamma(b+x+s) - mathext.Digamma(b) - psiABX)
		}
		g.has4[j] = x > 0 || s > 0
		if g.has4[j] {
			g.lbx[j] = math.Log(b + x - 1 + s)
			g.ibx[j] = 1 / (b + x - 1 + s)
		}
	}
	for i, t := range g.ts {
		g.lT[i] = math.Log(alpha + t)
		g.iT[i] = 1 / (alpha + t)
	}
	for i, t := range g.txs {
		g.ltx[i] = math.Log(alpha + t)
		g.itx[i] = 1 / (alpha + t)
	}
	// log(e^a3 + e^a4) and the weight of the second term, w4 = e^a4 /
	// (e^a3 + e^a4), of every cell that has both terms
	if parts <= 1 {
		g.cellTerms(r, lnA, 0, len(g.cells))
	} else {
		var wg sync.WaitGroup
		for k := range parts {
			lo, hi := len(g.cells)*k/parts, len(g.cells)*(k+1)/parts
			wg.Go(func() { g.cellTerms(r, lnA, lo, hi) })
		}
		wg.Wait()
	}
	for i, c := range g.cells {
		k := r + g.xs[c.ix]
		lT := g.lT[c.iT]
		a3 := -k * lT
		if !g.has4[c.ix] {
			ll += c.n * a3
			if want {
				dr -= c.n * lT
				dalpha -= c.n * k * g.iT[c.iT]
			}
			continue
		}
		ltx := g.ltx[c.itx]
		lse, w4 := g.lse[i], g.w4[i]
		ll += c.n * lse
		if want {
			w3 := 1 - w4
			dr -= c.n * (w3*lT + w4*ltx)
			dalpha -= c.n * k * (w3*g.iT[c.iT] + w4*g.itx[c.itx])
			da += c.n * w4 / a
			db -= c.n * w4 * g.ibx[c.ix]
		}
	}
	if want {
		grad[0], grad[1], grad[2], grad[3] = dr*r, dalpha*alpha, da*a, db*b
	}
	return ll
}
