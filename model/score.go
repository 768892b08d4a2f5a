package model

import (
	"fmt"
	"math"
)

// DefaultMonthlyDiscount is a monthly discount rate of 1 % (about 12.7 % a
// year), the usual default in the customer-value literature; pass it as
// ScoreOptions.MonthlyDiscount when the rules give none.
const DefaultMonthlyDiscount = 0.01

// DefaultValueMonths is the customer-value horizon when none is given.
const DefaultValueMonths = 12

// daysPerMonth is an average calendar month.
const daysPerMonth = 365.25 / 12

// ScoreOptions set the horizons of Score.
type ScoreOptions struct {
	HorizonDays     float64 // expected purchases over this many days; 0: DefaultHorizonDays
	ValueMonths     int     // customer value over this many months; 0: DefaultValueMonths
	MonthlyDiscount float64 // discount rate per month; 0 means undiscounted, below 0 is refused
}

// Score is everything the models say of one customer.
type Score struct {
	Prediction
	// ValueKnown is false when no spend model was given (too few repeat
	// buyers for Gamma-Gamma); ExpectedSpend and Value are then 0 and must
	// not be shown.
	ValueKnown bool
	// ExpectedSpend is Gamma-Gamma's expected spend per purchase.
	ExpectedSpend float64
	// Value is the discounted expected spend over the value horizon:
	//
	//	Σ_{m=1..M} ExpectedSpend · (E[Y(m·L)] − E[Y((m−1)·L)]) / (1+d)^m
	//
	// where E[Y(t)] is the expected number of purchases in the t days after
	// the calibration end (P(alive) times the conditional expectation, as in
	// ExpectedPurchases), L = 365.25/12 days and d the monthly discount rate:
	// the expected purchases of each month, valued at the expected spend and
	// discounted to the calibration end. Spend and purchase counts are
	// independent under Gamma-Gamma, which is what lets them multiply.
	Value float64
}

// Models are the fitted models Score uses; Spend may be nil. Fitted models
// are only read by their methods, so one may serve several goroutines.
type Models struct {
	Purchases *PurchaseModel
	Spend     *SpendModel
}

// maxCached bounds Score's cache of conditional expectations (about 150
// bytes an entry with a value horizon): summaries in whole days or weeks
// repeat (x, T) so much that the bound is never reached, while times in
// fractions of a day would otherwise grow it with every customer.
const maxCached = 200_000

// expectationKey is what the conditional expectation depends on: not t_x,
// which enters only P(alive).
type expectationKey struct {
	x int
	T float64
}

// Score scores every summary: P(alive) with the NoRepeat flag, expected
// purchases over the horizon and, with a spend model, expected spend and
// customer value. Customers sharing (x, T) share the expensive part, so a
// base in whole days costs far less than one evaluation per customer. The
// first customer whose numbers cannot be computed stops it with an error
// naming the customer's index; nothing partial is returned.
func (m Models) Score(summaries []Summary, opts ScoreOptions) ([]Score, error) {
	out := make([]Score, len(summaries))
	err := m.score(len(summaries), func(i int) (Stats, float64) { return summaries[i].Stats, summaries[i].RepeatSpend },
		func(i int, sc Score) { out[i] = sc }, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ScoreEach is Score over n customers read through at (their stats and
// mean repeat spend, asked for in order), each result handed to emit in
// order instead of gathered in a slice: a caller scoring a million
// customers holds neither their summaries nor their scores at once.
// Scores emitted before an error stand; the error names the customer.
func (m Models) ScoreEach(n int, at func(i int) (Stats, float64), emit func(i int, sc Score), opts ScoreOptions) error {
	return m.score(n, at, emit, opts)
}

// score is Score over any indexed source of stats and mean repeat spend,
// handing each result to emit, so that PredictAll copies neither its input
// nor a slice of Scores.
func (m Models) score(n int, at func(i int) (Stats, float64), emit func(i int, sc Score), opts ScoreOptions) error {
	pm := m.Purchases
	if pm == nil {
		return fmt.Errorf("no purchase model: %w", ErrBadParams)
	}
	if err := pm.Params.check(); err != nil {
		return err
	}
	horizon, months, d, err := opts.resolve()
	if err != nil {
		return err
	}
	// cached[0] is the horizon's expectation, cached[1..months] those of the
	// month ends.
	cache := map[expectationKey][]float64{}
	var ex []float64
	for i := range n {
		s, repeatSpend := at(i)
		if err := s.check(); err != nil {
			return fmt.Errorf("customer %d: %w", i, err)
		}
		key := expectationKey{s.X, s.T}
		cached, ok := cache[key]
		sc, err := m.scoreOne(s, repeatSpend, horizon, months, d, cached, &ex)
		if err != nil {
			return fmt.Errorf("customer %d: %w", i, err)
		}
		if !ok && len(cache) < maxCached {
			cache[key] = ex
			ex = nil
		}
		emit(i, sc)
	}
	return nil
}

// resolve fills in the defaults and checks the options.
func (o ScoreOptions) resolve() (horizon float64, months int, discount float64, err error) {
	horizon, months, discount = o.HorizonDays, o.ValueMonths, o.MonthlyDiscount
	if horizon == 0 {
		horizon = DefaultHorizonDays
	}
	if months == 0 {
		months = DefaultValueMonths
	}
	if !(horizon > 0) || math.IsInf(horizon, 1) || months < 0 || !(discount >= 0) || math.IsInf(discount, 1) {
		return 0, 0, 0, fmt.Errorf("horizon %v days, %d months, discount %v: %w", horizon, months, discount, ErrBadParams)
	}
	return horizon, months, discount, nil
}

// ScoreOne is Score for one summary, without Score's cache of shared
// expectations: for a reader that computes one customer's numbers when it
// shows them (a few microseconds with a value horizon). It gives exactly
// what Score gives for the same summary.
func (m Models) ScoreOne(s Summary, opts ScoreOptions) (Score, error) {
	pm := m.Purchases
	if pm == nil {
		return Score{}, fmt.Errorf("no purchase model: %w", ErrBadParams)
	}
	if err := pm.Params.check(); err != nil {
		return Score{}, err
	}
	horizon, months, d, err := opts.resolve()
	if err != nil {
		return Score{}, err
	}
	if err := s.check(); err != nil {
		return Score{}, err
	}
	var ex []float64
	return m.scoreOne(s.Stats, s.RepeatSpend, horizon, months, d, nil, &ex)
}

// scoreOne scores one customer whose stats were checked. cached, when not
// nil, holds the conditional expectations of (x, T) (the expensive part);
// else they are computed into *ex, reusing its storage.
func (m Models) scoreOne(s Stats, repeatSpend, horizon float64, months int, d float64, cached []float64, ex *[]float64) (Score, error) {
	pm := m.Purchases
	withValue := m.Spend != nil
	shift := pm.Kind.shift()
	e := cached
	if e == nil {
		points := 1
		if withValue {
			points += months
		}
		if cap(*ex) < points {
			*ex = make([]float64, points)
		}
		e = (*ex)[:points]
		*ex = e
		var err error
		if e[0], err = expectedIfAlive(pm.Params, shift, s, pm.unitTime(horizon)); err != nil {
			return Score{}, err
		}
		for k := 1; k < points; k++ {
			if e[k], err = expectedIfAlive(pm.Params, shift, s, pm.unitTime(float64(k)*daysPerMonth)); err != nil {
				return Score{}, err
			}
		}
	}
	alive := pAlive(pm.Params, shift, s)
	sc := Score{Prediction: newPrediction(pm.Kind, s, alive, alive*e[0])}
	if withValue {
		sc.ValueKnown = true
		sc.ExpectedSpend = m.Spend.ExpectedSpend(s.X, repeatSpend)
		sc.Value = discountedValue(e[1:], alive*sc.ExpectedSpend, d)
		if math.IsNaN(sc.Value) || math.IsInf(sc.Value, 0) || math.IsNaN(sc.ExpectedSpend) || math.IsInf(sc.ExpectedSpend, 0) {
			return Score{}, fmt.Errorf("value %v, spend %v: %w", sc.Value, sc.ExpectedSpend, ErrNonFinite)
		}
	}
	return sc, nil
}

// discountedValue sums the month-by-month increments of the cumulative
// conditional expectations cum, each times perPurchase and discounted by
// (1+d)^month. Increments are floored at 0: cumulative expectations do not
// fall, and rounding must not make a month subtract value.
func discountedValue(cum []float64, perPurchase, d float64) float64 {
	v, prev, factor := 0.0, 0.0, 1.0
	for _, c := range cum {
		factor /= 1 + d
		v += math.Max(0, c-prev) * perPurchase * factor
		prev = math.Max(prev, c)
	}
	return v
}

// PredictAll is Score without the spend model: P(alive) and expected
// purchases over horizonDays (0: DefaultHorizonDays) for every customer.
func (m *PurchaseModel) PredictAll(stats []Stats, horizonDays float64) ([]Prediction, error) {
	out := make([]Prediction, len(stats))
	err := Models{Purchases: m}.score(len(stats), func(i int) (Stats, float64) { return stats[i], 0 },
		func(i int, sc Score) { out[i] = sc.Prediction }, ScoreOptions{HorizonDays: horizonDays})
	if err != nil {
		return nil, err
	}
	return out, nil
}
