package model

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// DefaultHorizonDays is the prediction horizon when none is given.
const DefaultHorizonDays = 90

// Prediction is what the purchase model says of one customer.
type Prediction struct {
	// PAlive is the probability that the customer has not dropped out.
	PAlive float64
	// NoRepeat is true for a customer without a repeat purchase. Under
	// BG/NBD such a customer's PAlive is 1 by the model's construction (a
	// customer can only drop out after a repeat purchase), not because the
	// data say so: callers must not show it as "100 % likely active" and
	// should fall back to their own rule, or use MBGNBD, which gives these
	// customers a real probability.
	NoRepeat bool
	// PAliveByConvention is true when PAlive is 1 only by BG/NBD's
	// construction (a NoRepeat customer under BGNBD): it is then no estimate
	// at all and must not be shown or used as one.
	PAliveByConvention bool
	// ExpectedPurchases is the expected number of purchase days in the
	// horizon after the calibration end.
	ExpectedPurchases float64
}

// unitTime converts days into the model's unit.
func (m *PurchaseModel) unitTime(days float64) float64 { return days / m.Unit.DaysPer() }

// PAlive is the probability that a customer with stats s is still alive at
// the calibration end:
//
//	1 / (1 + δ · a/(b+x−1+s) · ((α+T)/(α+t_x))^(r+x))
//
// with s = 0, δ = [x > 0] for BG/NBD and s = 1, δ = 1 for MBG/NBD. The power
// is taken through logarithms so that large x or T cannot overflow it.
func (m *PurchaseModel) PAlive(s Stats) (float64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	return pAlive(m.Params, m.Kind.shift(), s), nil
}

func pAlive(p Params, shift float64, s Stats) float64 {
	x := float64(s.X)
	if x == 0 && shift == 0 {
		return 1
	}
	logOdds := math.Log(p.A) - math.Log(p.B+x-1+shift) + (p.R+x)*(math.Log(p.Alpha+s.T)-math.Log(p.Alpha+s.Tx))
	// 1/(1+e^L), written so that neither branch overflows.
	if logOdds > 0 {
		e := math.Exp(-logOdds)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(logOdds))
}

// ExpectedPurchases is the expected number of purchase days of a customer
// with stats s in the horizonDays after the calibration end.
func (m *PurchaseModel) ExpectedPurchases(s Stats, horizonDays float64) (float64, error) {
	pr, err := m.Predict(s, horizonDays)
	return pr.ExpectedPurchases, err
}

// Predict gives P(alive) and the expected purchases in horizonDays (0:
// DefaultHorizonDays) for one customer.
func (m *PurchaseModel) Predict(s Stats, horizonDays float64) (Prediction, error) {
	if err := s.check(); err != nil {
		return Prediction{}, err
	}
	if err := m.Params.check(); err != nil {
		return Prediction{}, err
	}
	if horizonDays == 0 {
		horizonDays = DefaultHorizonDays
	}
	if !(horizonDays > 0) || math.IsInf(horizonDays, 1) {
		return Prediction{}, fmt.Errorf("horizon %v days: %w", horizonDays, ErrBadParams)
	}
	shift := m.Kind.shift()
	alive := pAlive(m.Params, shift, s)
	e, err := expectedIfAlive(m.Params, shift, s, m.unitTime(horizonDays))
	if err != nil {
		return Prediction{}, err
	}
	return newPrediction(m.Kind, s, alive, alive*e), nil
}

func newPrediction(kind Kind, s Stats, alive, expected float64) Prediction {
	noRepeat := s.X == 0
	return Prediction{PAlive: alive, NoRepeat: noRepeat, PAliveByConvention: noRepeat && kind == BGNBD, ExpectedPurchases: expected}
}

// expectedIfAlive is the expected number of purchases in (T, T+t] of a
// customer who is alive at T. Given alive, the purchase rate is
// gamma(r+x, α+T) and the drop-out probability beta(a, b+x+s), so (Fader,
// Hardie & Lee 2005, eq. 10, with s = 1 for MBG/NBD)
//
//	E = (a+b+x+s−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x+s; a+b+x+s−1; z)],  z = t/(α+T+t).
//
// Euler's transformation 2F1(A,B;C;z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z)
// turns the bracket into
//
//	1 − (1−z)^(a−1) · 2F1(a+b+s−1−r, a−1; a+b+x+s−1; z),
//
// whose factors stay near 1 where the original ones overflow and underflow
// (large x). The expression is 0/0 at a = 1 and the hypergeometric function
// has a pole where its third argument is 0; both singularities are
// removable, so near them E is the mean of two evaluations either side,
// exact to second order.
//
// The hypergeometric route is used while z ≤ 0.9 (a horizon up to nine
// times α+T), where gonum's Hypergeo sums its power series; beyond that its
// continuations lose accuracy badly for large x and can run for very long,
// so those customers, and any result outside [0, (r+x)t/(α+T)], go to the
// quadrature of expectedIfAliveQuad.
func expectedIfAlive(p Params, shift float64, s Stats, t float64) (float64, error) {
	x := float64(s.X)
	c := t / (p.Alpha + s.T)
	// The expectation is bounded by the purchases of a customer who never
	// drops out: E[λ]·t = (r+x)t/(α+T).
	bound := (p.R + x) * c
	valid := func(e float64) bool {
		return !math.IsNaN(e) && !math.IsInf(e, 0) && e >= -1e-9*bound && e <= bound*(1+1e-6)+1e-12
	}
	// gonum's series also fails (NaN, after milliseconds of terms) when its
	// third argument is huge, as with a and b in the millions (a drop-out
	// probability the same for everyone): those go straight to quadrature.
	if c <= 9 && p.A+p.B+x+shift < maxHypergeoC {
		if e := expectedIfAliveHypergeo(p, shift, x, c); valid(e) {
			return math.Max(0, math.Min(e, bound)), nil
		}
	}
	e := expectedIfAliveQuad(p, shift, s, t)
	if !valid(e) {
		return 0, fmt.Errorf("expected purchases %v (bound %v) for x=%d t_x=%v T=%v: %w", e, bound, s.X, s.Tx, s.T, ErrNonFinite)
	}
	return math.Max(0, math.Min(e, bound)), nil
}

// maxHypergeoC bounds the hypergeometric route's third argument.
const maxHypergeoC = 1e4

// expectedIfAliveHypergeo evaluates the closed form above for c = t/(α+T).
func expectedIfAliveHypergeo(p Params, shift, x, c float64) float64 {
	const near = 1e-4
	ln1mz := -math.Log1p(c)
	z := -math.Expm1(ln1mz)
	eval := func(a, b float64) float64 {
		bigC := a + b + x + shift - 1
		f := mathext.Hypergeo(bigC-p.R-x, a-1, bigC, z)
		bracket := -math.Expm1((a-1)*ln1mz) - math.Exp((a-1)*ln1mz)*(f-1)
		return bigC / (a - 1) * bracket
	}
	a, b := p.A, p.B
	switch {
	case math.Abs(a-1) < near:
		return (eval(a-near, b) + eval(a+near, b)) / 2
	case math.Abs(a+b+x+shift-1) < near:
		return (eval(a, b-near) + eval(a, b+near)) / 2
	}
	return eval(a, b)
}
