package model

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/optimize"
)

// SpendParams are the Gamma-Gamma parameters (Fader, Hardie & Lee 2005,
// "RFM and CLV"): a transaction's value is gamma(P, ν), and ν is
// gamma(Q, Gamma) across customers.
type SpendParams struct {
	P, Q, Gamma float64
}

// SpendModel is a fitted Gamma-Gamma model of spend per purchase.
type SpendModel struct {
	Params        SpendParams
	LogLikelihood float64
	Customers     int // customers fitted on: repeat purchase and positive mean repeat spend
	Iterations    int
}

// spendGroup holds, per distinct repeat count x, the customers' count and
// sum of log mean spend, and per customer x and mean spend for the one term
// that does not separate.
type spendGroup struct {
	xs      []float64
	xCount  []float64
	sumLogM []float64
	ix      []int32
	m       []float64
	total   float64
}

func newSpendGroup(n int, at func(i int) (x int, repeatSpend float64)) *spendGroup {
	g := &spendGroup{}
	index := map[int]int32{}
	for k := range n {
		x, m := at(k)
		if x <= 0 || !(m > 0) || math.IsInf(m, 1) {
			continue
		}
		i, ok := index[x]
		if !ok {
			i = int32(len(g.xs))
			index[x] = i
			g.xs = append(g.xs, float64(x))
			g.xCount = append(g.xCount, 0)
			g.sumLogM = append(g.sumLogM, 0)
		}
		g.xCount[i]++
		g.sumLogM[i] += math.Log(m)
		g.ix = append(g.ix, i)
		g.m = append(g.m, m)
	}
	g.total = float64(len(g.m))
	return g
}

// logLik is the Gamma-Gamma log-likelihood of the customers' mean repeat
// spend m over x repeat purchases,
//
//	lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ+mx),
//
// and, if grad is not nil, its gradient in (log p, log q, log γ).
func (g *spendGroup) logLik(sp SpendParams, grad []float64) float64 {
	p, q, gam := sp.P, sp.Q, sp.Gamma
	lnGam := math.Log(gam)
	lgQ := lgamma(q)
	var ll, dp, dq, dg float64
	want := grad != nil
	psiQ := 0.0
	if want {
		psiQ = mathext.Digamma(q)
	}
	for i, x := range g.xs {
		n := g.xCount[i]
		px := p * x
		ll += n*(lgamma(px+q)-lgamma(px)-lgQ+q*lnGam+px*math.Log(x)) + (px-1)*g.sumLogM[i]
		if want {
			psiPXQ := mathext.Digamma(px + q)
			dp += n*x*(psiPXQ-mathext.Digamma(px)+math.Log(x)) + x*g.sumLogM[i]
			dq += n * (psiPXQ - psiQ + lnGam)
			dg += n * q / gam
		}
	}
	for j, m := range g.m {
		x := g.xs[g.ix[j]]
		d := gam + m*x
		ld := math.Log(d)
		ll -= (p*x + q) * ld
		if want {
			dp -= x * ld
			dq -= ld
			dg -= (p*x + q) / d
		}
	}
	if want {
		grad[0], grad[1], grad[2] = dp*p, dq*q, dg*gam
	}
	return ll
}

func (g *spendGroup) objective() optimize.Problem {
	return cachedProblem(3, func(x, grad []float64) float64 {
		sp := SpendParams{P: math.Exp(x[0]), Q: math.Exp(x[1]), Gamma: math.Exp(x[2])}
		return g.logLik(sp, grad)
	}, g.total)
}

// FitSpend fits Gamma-Gamma by maximum likelihood to the customers with a
// repeat purchase and a positive mean repeat spend (Summary.RepeatSpend);
// others are left out, as the model describes repeat spend only. At least
// opts.MinRepeaters (0: DefaultMinRepeaters) must remain. A fit whose Q is not
// above 1 has no finite mean spend and is refused with ErrNonFinite, so that
// every expected spend it gives is a finite number.
func FitSpend(summaries []Summary, opts FitOptions) (*SpendModel, error) {
	return FitSpendEach(len(summaries), func(i int) (int, float64) { return summaries[i].X, summaries[i].RepeatSpend }, opts)
}

// FitSpendEach is FitSpend over n customers whose repeat purchase count
// and mean repeat spend at gives, in order: a caller that keeps a million
// customers' summaries in a compact form of its own fits them without a
// slice of Summaries.
func FitSpendEach(n int, at func(i int) (x int, repeatSpend float64), opts FitOptions) (*SpendModel, error) {
	minCustomers := opts.MinRepeaters
	if minCustomers <= 0 {
		minCustomers = DefaultMinRepeaters
	}
	g := newSpendGroup(n, at)
	if len(g.m) < minCustomers {
		return nil, ErrTooFewRepeaters.with(len(g.m), minCustomers)
	}
	mean := 0.0
	for _, m := range g.m {
		mean += m
	}
	mean /= g.total
	// Start at p = 1, q = 2, γ = mean spend: the model's mean pγ/(q−1) then
	// equals the observed one.
	lm := math.Log(mean)
	points := [][]float64{
		{0, math.Log(2), lm},
		{math.Log(5), math.Log(4), lm + math.Log(3)},
		{math.Log(0.5), math.Log(1.5), lm - math.Log(4)},
	}
	if st := opts.SpendStart; positiveFinite(st.P) && positiveFinite(st.Q) && positiveFinite(st.Gamma) {
		points = append([][]float64{{math.Log(st.P), math.Log(st.Q), math.Log(st.Gamma)}}, points...)
	}
	x, iters, err := optimiseLog(g.objective, points, opts.MaxIterations)
	if err != nil {
		return nil, fmt.Errorf("gamma-gamma: %w", err)
	}
	sp := SpendParams{P: math.Exp(x[0]), Q: math.Exp(x[1]), Gamma: math.Exp(x[2])}
	ll := g.logLik(sp, nil)
	if math.IsNaN(ll) || math.IsInf(ll, 0) || !positiveFinite(sp.P) || !positiveFinite(sp.Gamma) || !(sp.Q > 1) || math.IsInf(sp.Q, 1) {
		return nil, fmt.Errorf("gamma-gamma p=%v q=%v gamma=%v log-likelihood %v: %w", sp.P, sp.Q, sp.Gamma, ll, ErrNonFinite)
	}
	return &SpendModel{Params: sp, LogLikelihood: ll, Customers: len(g.m), Iterations: iters}, nil
}

// MeanSpend is the population mean spend per purchase, pγ/(q−1): the
// expectation for a customer without a repeat purchase.
func (m *SpendModel) MeanSpend() float64 {
	sp := m.Params
	return sp.P * sp.Gamma / (sp.Q - 1)
}

// ExpectedSpend is the expected spend per purchase of a customer with x
// repeat purchases of mean value mean,
//
//	E(M | x, m) = p(γ + x·m) / (px + q − 1),
//
// a weighted average of the population mean and the customer's own mean
// that leans towards the customer's own as x grows. For x = 0 (or a mean that
// is not positive) it is the population mean.
func (m *SpendModel) ExpectedSpend(x int, mean float64) float64 {
	sp := m.Params
	if x <= 0 || !(mean > 0) || math.IsInf(mean, 1) {
		return m.MeanSpend()
	}
	fx := float64(x)
	return sp.P * (sp.Gamma + fx*mean) / (sp.P*fx + sp.Q - 1)
}
