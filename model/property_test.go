package model

import (
	"errors"
	"math"
	"testing"
)

var extremeParams = []Params{
	{R: 1e-3, Alpha: 1e-3, A: 1e-3, B: 1e-3},
	{R: 1e3, Alpha: 1e5, A: 1e3, B: 1e3},
	{R: 1e-3, Alpha: 1e5, A: 1e3, B: 1e-3},
	{R: 1e3, Alpha: 1e-3, A: 1e-3, B: 1e3},
	{R: 0.243, Alpha: 4.414 * 7, A: 0.793, B: 2.426},
	{R: 5, Alpha: 0.5, A: 1, B: 1e3},      // a exactly at the 0/0 point
	{R: 0.5, Alpha: 10, A: 0.4, B: 0.6},   // a+b−1 = 0: the pole for x = 0
	{R: 2, Alpha: 1, A: 0.99995, B: 1e-3}, // a just beside 1
}

// For x up to 1000, T up to ten years, horizons from a day to a year and
// tiny and huge parameters, both models give P(alive) in [0, 1] and a finite,
// non-negative expectation no larger than a never-dropping customer's.
func TestPredictionsFiniteForExtremeInputs(t *testing.T) {
	for _, kind := range []Kind{BGNBD, MBGNBD} {
		for _, p := range extremeParams {
			m := &PurchaseModel{Kind: kind, Unit: Days, Params: p}
			for _, x := range []int{0, 1, 2, 7, 100, 1000} {
				for _, T := range []float64{0, 1, 30, 365, 3650} {
					for _, frac := range []float64{0, 0.5, 1} {
						s := Stats{X: x, Tx: T * frac, T: T}
						if x == 0 {
							s.Tx = 0
						}
						for _, h := range []float64{1, 90, 365.25} {
							pr, err := m.Predict(s, h)
							if err != nil {
								t.Errorf("%v %+v %+v h=%v: %v", kind, p, s, h, err)
								continue
							}
							bound := (p.R + float64(x)) * h / (p.Alpha + T)
							e := pr.ExpectedPurchases
							if math.IsNaN(e) || math.IsInf(e, 0) || e < 0 || e > bound*(1+1e-6) {
								t.Errorf("%v %+v %+v h=%v: expected %v (bound %v)", kind, p, s, h, e, bound)
							}
							if math.IsNaN(pr.PAlive) || pr.PAlive < 0 || pr.PAlive > 1 {
								t.Errorf("%v %+v %+v: P(alive) %v", kind, p, s, pr.PAlive)
							}
						}
					}
				}
			}
		}
	}
}

func TestOneTimeBuyersAreFlagged(t *testing.T) {
	for _, p := range extremeParams {
		bg := &PurchaseModel{Kind: BGNBD, Unit: Days, Params: p}
		mbg := &PurchaseModel{Kind: MBGNBD, Unit: Days, Params: p}
		for _, T := range []float64{1, 30, 3650} {
			s := Stats{X: 0, T: T}
			b, err := bg.Predict(s, 90)
			if err != nil || b.PAlive != 1 || !b.NoRepeat || !b.PAliveByConvention {
				t.Errorf("BG/NBD %+v T=%v: %+v %v; want P(alive)=1 by convention, flagged NoRepeat", p, T, b, err)
			}
			m, err := mbg.Predict(s, 90)
			if err != nil || !(m.PAlive < 1) || !m.NoRepeat || m.PAliveByConvention {
				t.Errorf("MBG/NBD %+v T=%v: %+v %v; want P(alive) below 1, flagged NoRepeat", p, T, m, err)
			}
			r, _ := bg.Predict(Stats{X: 1, Tx: T / 2, T: T}, 90)
			if r.NoRepeat || r.PAliveByConvention {
				t.Errorf("a repeat buyer flagged NoRepeat: %+v", r)
			}
		}
	}
}

// A more recent last purchase (t_x up, all else equal) can only make a
// customer more likely to be alive.
func TestPAliveRisesWithRecency(t *testing.T) {
	for _, kind := range []Kind{BGNBD, MBGNBD} {
		for _, p := range extremeParams[:5] {
			m := &PurchaseModel{Kind: kind, Unit: Days, Params: p}
			for _, x := range []int{1, 3, 20} {
				prev := -1.0
				for tx := 0.0; tx <= 365; tx += 5 {
					pa, err := m.PAlive(Stats{X: x, Tx: tx, T: 365})
					if err != nil {
						t.Fatal(err)
					}
					if pa < prev {
						t.Errorf("%v %+v x=%d: P(alive) fell from %v to %v at t_x=%v", kind, p, x, prev, pa, tx)
					}
					prev = pa
				}
			}
		}
	}
	// And strictly, at the published fit.
	m := &PurchaseModel{Kind: BGNBD, Unit: Weeks, Params: Params{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}}
	early, _ := m.PAlive(Stats{X: 2, Tx: 5, T: 38.86})
	late, _ := m.PAlive(Stats{X: 2, Tx: 35, T: 38.86})
	if !(early < 0.3 && late > 0.7) {
		t.Errorf("P(alive) %v with last purchase at week 5, %v at week 35", early, late)
	}
}

// The closed form (gonum's Hypergeo) and the quadrature are two independent
// computations of the same expectation; on realistic parameters they agree.
func TestHypergeometricAgreesWithQuadrature(t *testing.T) {
	for _, kind := range []Kind{BGNBD, MBGNBD} {
		for _, p := range []Params{{0.243, 31, 0.793, 2.426}, {2, 10, 1.5, 20}, {0.5, 100, 0.2, 0.5}, {5, 1, 5, 2.4}} {
			for _, x := range []int{0, 1, 3, 10, 50} {
				for _, T := range []float64{5, 30, 200, 730} {
					s := Stats{X: x, T: T}
					if x > 0 {
						s.Tx = T / 2
					}
					c := 90 / (p.Alpha + T)
					if c > 9 {
						continue
					}
					h := expectedIfAliveHypergeo(p, kind.shift(), float64(x), c)
					q := expectedIfAliveQuad(p, kind.shift(), s, 90)
					if math.Abs(h-q) > 1e-6*h {
						t.Errorf("%v %+v %+v: hypergeometric %v, quadrature %v", kind, p, s, h, q)
					}
				}
			}
		}
	}
}

func TestExpectedPurchasesGrowWithHorizon(t *testing.T) {
	m := &PurchaseModel{Kind: BGNBD, Unit: Days, Params: Params{0.243, 31, 0.793, 2.426}}
	prev := 0.0
	for _, h := range []float64{1, 7, 30, 90, 365, 3650} {
		e, err := m.ExpectedPurchases(Stats{X: 3, Tx: 100, T: 200}, h)
		if err != nil || !(e > prev) {
			t.Errorf("horizon %v: %v (%v), previous %v", h, e, err, prev)
		}
		prev = e
	}
}

func repeaters(n, oneTime int) []Stats {
	var out []Stats
	for i := range n {
		out = append(out, Stats{X: 1 + i%4, Tx: float64(10 + i%30), T: 60})
	}
	for range oneTime {
		out = append(out, Stats{X: 0, T: 45})
	}
	return out
}

func TestFitRefusesThinOrBadData(t *testing.T) {
	if _, err := FitPurchases(nil, FitOptions{}); !errors.Is(err, ErrNoCustomers) {
		t.Errorf("no customers: %v", err)
	}
	sameDay := []Stats{{X: 0, T: 12}, {X: 0, T: 12}, {X: 0, T: 12}}
	if _, err := FitPurchases(sameDay, FitOptions{}); !errors.Is(err, ErrOneDay) {
		t.Errorf("all on one day: %v", err)
	}
	_, err := FitPurchases(repeaters(10, 500), FitOptions{})
	var me *Error
	if !errors.Is(err, ErrTooFewRepeaters) || !errors.As(err, &me) || me.Have != 10 || me.Need != DefaultMinRepeaters || me.Key != "model.too_few_repeaters" {
		t.Errorf("10 repeaters: %v (%+v)", err, me)
	}
	bad := append(repeaters(30, 10), Stats{X: 2, Tx: 70, T: 60})
	if _, err := FitPurchases(bad, FitOptions{}); !errors.Is(err, ErrBadStats) {
		t.Errorf("last purchase after the end: %v", err)
	}
	if _, err := FitPurchases(append(repeaters(30, 10), Stats{X: 0, Tx: 3, T: 60}), FitOptions{}); !errors.Is(err, ErrBadStats) {
		t.Errorf("recency without a repeat purchase: %v", err)
	}
	if _, err := FitPurchases(append(repeaters(30, 10), Stats{X: 1, Tx: math.NaN(), T: 60}), FitOptions{}); !errors.Is(err, ErrBadStats) {
		t.Errorf("NaN recency: %v", err)
	}
	if _, err := FitPurchases(repeaters(40, 100), FitOptions{MaxIterations: 1}); !errors.Is(err, ErrNoConvergence) {
		t.Errorf("one iteration: %v, want no convergence", err)
	}
	if _, err := FitSpend([]Summary{{Stats: Stats{X: 1, Tx: 1, T: 2}, RepeatSpend: 5}}, FitOptions{}); !errors.Is(err, ErrTooFewRepeaters) {
		t.Errorf("spend on one customer: %v", err)
	}
}

func TestFitOnSmallSyntheticBase(t *testing.T) {
	m, err := FitPurchases(repeaters(40, 100), FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Customers != 140 || m.Repeaters != 40 || m.Distinct > 41 {
		t.Errorf("%+v", m)
	}
	for _, v := range []float64{m.Params.R, m.Params.Alpha, m.Params.A, m.Params.B, m.LogLikelihood} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("non-finite fit %+v", m)
		}
	}
}

func TestPredictRefusesBadInput(t *testing.T) {
	good := &PurchaseModel{Params: Params{1, 1, 1, 1}}
	if _, err := good.Predict(Stats{X: 1, Tx: 5, T: 3}, 90); !errors.Is(err, ErrBadStats) {
		t.Errorf("t_x > T: %v", err)
	}
	if _, err := good.Predict(Stats{X: 1, Tx: 1, T: 3}, -5); !errors.Is(err, ErrBadParams) {
		t.Errorf("negative horizon: %v", err)
	}
	nan := &PurchaseModel{Params: Params{math.NaN(), 1, 1, 1}}
	if _, err := nan.Predict(Stats{X: 1, Tx: 1, T: 3}, 90); !errors.Is(err, ErrBadParams) {
		t.Errorf("NaN parameter: %v", err)
	}
	if _, err := (Models{Purchases: good}).Score([]Summary{{Stats: Stats{X: 1, Tx: 1, T: 3}}}, ScoreOptions{MonthlyDiscount: -0.1}); !errors.Is(err, ErrBadParams) {
		t.Errorf("negative discount: %v", err)
	}
	sc, err := (Models{Purchases: good}).Score([]Summary{{Stats: Stats{X: 1, Tx: 1, T: 3}, RepeatSpend: 10}}, ScoreOptions{})
	if err != nil || sc[0].ValueKnown || sc[0].Value != 0 {
		t.Errorf("without a spend model: %+v %v; want no value", sc, err)
	}
}

// For a narrow drop-out distribution (a and b in the hundreds and
// thousands) the quadrature integrates over a range of a few widths only;
// it must still agree with the hypergeometric closed form, which is exact
// there.
func TestQuadratureNarrowDropoutMatchesClosedForm(t *testing.T) {
	p := Params{R: 0.7, Alpha: 11, A: 300, B: 3000}
	for _, s := range []Stats{{X: 0, T: 30}, {X: 5, Tx: 20, T: 30}, {X: 30, Tx: 200, T: 300}} {
		for _, days := range []float64{30, 90, 365} {
			closed := expectedIfAliveHypergeo(p, 0, float64(s.X), days/(p.Alpha+s.T))
			quad := expectedIfAliveQuad(p, 0, s, days)
			if math.Abs(quad-closed) > 1e-9*math.Max(1, closed) {
				t.Errorf("x=%d T=%v %v days: quadrature %v, closed form %v", s.X, s.T, days, quad, closed)
			}
		}
	}
}
