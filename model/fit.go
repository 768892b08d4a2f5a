package model

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/optimize"
)

// Kind says which purchase model is used.
type Kind int

const (
	// BGNBD is the beta-geometric/NBD model (Fader, Hardie & Lee 2005): a
	// customer may drop out after each repeat purchase. The default. A
	// customer without a repeat purchase is alive by construction (see
	// Prediction.NoRepeat).
	BGNBD Kind = iota
	// MBGNBD is the modified BG/NBD (Batislam, Denizel & Filiztekin 2007): a
	// customer may also drop out right after the first purchase, so one-time
	// buyers get a P(alive) below 1.
	MBGNBD
)

// String names the model: "bg/nbd" or "mbg/nbd".
func (k Kind) String() string {
	if k == MBGNBD {
		return "mbg/nbd"
	}
	return "bg/nbd"
}

// Params are the four BG/NBD (or MBG/NBD) parameters: purchase rates are
// gamma(R, Alpha) across customers (Alpha in the fit's time unit), drop-out
// probabilities beta(A, B).
type Params struct {
	R, Alpha, A, B float64
}

func positiveFinite(v float64) bool { return v > 0 && !math.IsInf(v, 1) }

func (p Params) check() error {
	if !positiveFinite(p.R) || !positiveFinite(p.Alpha) || !positiveFinite(p.A) || !positiveFinite(p.B) {
		return fmt.Errorf("r=%v alpha=%v a=%v b=%v: %w", p.R, p.Alpha, p.A, p.B, ErrBadParams)
	}
	return nil
}

// DefaultMinRepeaters is the fewest customers with a repeat purchase a fit
// accepts when FitOptions.MinRepeaters is zero: below it the drop-out
// parameters rest on too little evidence to be shown to anyone.
const DefaultMinRepeaters = 20

// FitOptions choose the model and say the unit the Stats are in (Summarise's
// unit argument); FitSpend uses only MinRepeaters and MaxIterations.
type FitOptions struct {
	Kind          Kind
	Unit          Unit
	MinRepeaters  int // 0: DefaultMinRepeaters
	MaxIterations int // optimiser iterations per start; 0: DefaultMaxIterations
	// SpendStart, when set (every parameter positive and finite), is where
	// FitSpend starts: a refit on data that moved by a day starts from the
	// previous day's fit and settles in a step or two instead of a few
	// dozen (0.12 s instead of 0.78 s at 900,000 customers). The usual
	// starting points follow should it not converge. (The purchase model
	// gains nothing from it: its data moves with every day, and from the
	// day before's fit it took as long as from its own starts.)
	SpendStart SpendParams
	// Reorder lets FitPurchases sort the caller's stats in place instead
	// of a copy of them (24 MB at a million customers): for a caller that
	// made them for the fit alone. The fit is the same.
	Reorder bool
}

// DefaultMaxIterations bounds a fit's optimiser iterations per starting
// point; well-posed fits take a few dozen.
const DefaultMaxIterations = 500

// PurchaseModel is a fitted BG/NBD or MBG/NBD model.
type PurchaseModel struct {
	Kind          Kind
	Unit          Unit
	Params        Params
	LogLikelihood float64
	Customers     int // customers fitted on
	Repeaters     int // of them, customers with a repeat purchase
	Distinct      int // distinct (x, t_x, T) triples, the size of the sum actually taken
	Iterations    int // optimiser iterations of the accepted run
}

// LogLikelihood is the model's total log-likelihood of the stats at p, for
// checking a fit against published figures or comparing models.
func LogLikelihood(kind Kind, p Params, stats []Stats) (float64, error) {
	if err := p.check(); err != nil {
		return 0, err
	}
	g, err := group(stats, kind)
	if err != nil {
		return 0, err
	}
	ll := g.logLik(p, nil)
	if math.IsNaN(ll) || math.IsInf(ll, 0) {
		return 0, fmt.Errorf("log-likelihood %v: %w", ll, ErrNonFinite)
	}
	return ll, nil
}

// checkBase refuses data a fit cannot learn from.
func checkBase(stats []Stats, minRepeaters int) (repeaters int, err error) {
	if len(stats) == 0 {
		return 0, ErrNoCustomers
	}
	firstT := stats[0].T
	sameDay := true
	for _, s := range stats {
		if s.X > 0 {
			repeaters++
		}
		if s.X > 0 || s.T != firstT {
			sameDay = false
		}
	}
	if sameDay {
		return 0, fmt.Errorf("%d customers: %w", len(stats), ErrOneDay)
	}
	if repeaters < minRepeaters {
		return repeaters, ErrTooFewRepeaters.with(repeaters, minRepeaters)
	}
	return repeaters, nil
}

// maxLogParam bounds |log parameter|: beyond e^±40 a run has left any
// plausible region and its arithmetic is near overflow.
const maxLogParam = 40

// FitPurchases fits the model in opts.Kind to one Stats per customer by
// maximum likelihood. The parameters are optimised on the log scale (so they
// stay positive without constraints) by BFGS from gonum's optimize package,
// on the mean log-likelihood with its exact gradient; a run that does not
// reach a small gradient is retried from other starting points before
// ErrNoConvergence is returned.
func FitPurchases(stats []Stats, opts FitOptions) (*PurchaseModel, error) {
	minRep := opts.MinRepeaters
	if minRep <= 0 {
		minRep = DefaultMinRepeaters
	}
	repeaters, err := checkBase(stats, minRep)
	if err != nil {
		return nil, err
	}
	// (the starts sum the stats in the caller's order: before any sort)
	points := starts(stats)
	g, err := groupOf(stats, opts.Kind, opts.Reorder)
	if err != nil {
		return nil, err
	}
	best, iters, err := optimiseLog(g.objective, points, opts.MaxIterations)
	if err != nil {
		return nil, err
	}
	p := Params{R: math.Exp(best[0]), Alpha: math.Exp(best[1]), A: math.Exp(best[2]), B: math.Exp(best[3])}
	ll := g.logLik(p, nil)
	if p.check() != nil || math.IsNaN(ll) || math.IsInf(ll, 0) {
		return nil, fmt.Errorf("r=%v alpha=%v a=%v b=%v log-likelihood %v: %w", p.R, p.Alpha, p.A, p.B, ll, ErrNonFinite)
	}
	return &PurchaseModel{
		Kind: opts.Kind, Unit: opts.Unit, Params: p, LogLikelihood: ll,
		Customers: len(stats), Repeaters: repeaters, Distinct: len(g.cells), Iterations: iters,
	}, nil
}

// starts are the log-parameter points a fit tries in turn: a neutral start
// scaled to the data's purchase rate, then two that lean towards high and low
// drop-out.
func starts(stats []Stats) [][]float64 {
	var sumX, sumT float64
	for _, s := range stats {
		sumX += float64(s.X)
		sumT += s.T
	}
	// With r = 1 the mean purchase rate is 1/α; start α at the observed
	// time per repeat purchase so the first steps are not spent on scale.
	alpha := 1.0
	if sumX > 0 && sumT > 0 {
		alpha = sumT / sumX
	}
	la := math.Log(alpha)
	return [][]float64{
		{0, la, 0, math.Log(3)},
		{math.Log(0.5), la, math.Log(0.5), math.Log(5)},
		{math.Log(2), la + math.Log(2), math.Log(2), math.Log(2)},
	}
}

// objective is the negative mean log-likelihood in log-parameters with its
// gradient.
func (g *grouped) objective() optimize.Problem {
	return cachedProblem(4, func(x, grad []float64) float64 {
		p := Params{R: math.Exp(x[0]), Alpha: math.Exp(x[1]), A: math.Exp(x[2]), B: math.Exp(x[3])}
		return g.logLik(p, grad)
	}, g.total)
}

// cachedProblem turns a log-likelihood with gradient (in log-parameters) into
// gonum's problem: minimise −LL/n. gonum asks for the value and the gradient
// in separate calls, at the same point in practice, so both are computed
// together and cached.
func cachedProblem(dim int, logLik func(x, grad []float64) float64, n float64) optimize.Problem {
	last := make([]float64, dim)
	lastGrad := make([]float64, dim)
	var lastF float64
	valid := false
	eval := func(x []float64) {
		if valid && slices.Equal(x, last) {
			return
		}
		copy(last, x)
		valid = true
		for _, v := range x {
			if math.IsNaN(v) || math.Abs(v) > maxLogParam {
				// Far outside: a large value and a gradient pointing home keep
				// the line search away without producing NaN.
				lastF = math.MaxFloat64 / 4
				for i, w := range x {
					lastGrad[i] = math.Copysign(1, w)
				}
				return
			}
		}
		ll := logLik(x, lastGrad)
		lastF = -ll / n
		for i := range lastGrad {
			lastGrad[i] = -lastGrad[i] / n
		}
		if math.IsNaN(lastF) || math.IsInf(lastF, 0) {
			lastF = math.MaxFloat64 / 4
		}
	}
	return optimize.Problem{
		Func: func(x []float64) float64 { eval(x); return lastF },
		Grad: func(grad, x []float64) { eval(x); copy(grad, lastGrad) },
	}
}

// gradTolerance is the largest gradient norm (of the mean log-likelihood in
// log-parameters) accepted as a maximum; at 1e-5 the parameters are settled
// to far better than the 1 % anyone reads them to.
const gradTolerance = 1e-5

// optimiseLog minimises the problem from each start in turn with BFGS and
// returns the first point whose gradient is within tolerance.
func optimiseLog(newProblem func() optimize.Problem, startPoints [][]float64, maxIter int) ([]float64, int, error) {
	if maxIter <= 0 {
		maxIter = DefaultMaxIterations
	}
	var lastErr error
	for _, x0 := range startPoints {
		prob := newProblem()
		settings := &optimize.Settings{
			GradientThreshold: 1e-9,
			MajorIterations:   maxIter,
			Converger:         &optimize.FunctionConverge{Absolute: 1e-14, Relative: 1e-14, Iterations: 20},
		}
		res, err := optimize.Minimize(prob, x0, settings, &optimize.BFGS{})
		if res == nil {
			lastErr = err
			continue
		}
		grad := make([]float64, len(x0))
		prob.Grad(grad, res.X)
		norm := 0.0
		for _, v := range grad {
			norm = math.Max(norm, math.Abs(v))
		}
		outside := false
		for _, v := range res.X {
			outside = outside || math.Abs(v) > maxLogParam
		}
		if norm <= gradTolerance && !outside && res.F < math.MaxFloat64/8 {
			return res.X, res.MajorIterations, nil
		}
		if err != nil {
			lastErr = fmt.Errorf("status %v, gradient %.3g (%v): %w", res.Status, norm, err, ErrNoConvergence)
		} else {
			lastErr = fmt.Errorf("status %v, gradient %.3g: %w", res.Status, norm, ErrNoConvergence)
		}
	}
	if lastErr == nil || !errors.Is(lastErr, ErrNoConvergence) {
		lastErr = fmt.Errorf("%w: %w", ErrNoConvergence, lastErr)
	}
	return nil, 0, lastErr
}
