package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// synthetic simulates n customers of a BG/NBD process in whole days (rates
// gamma(0.25, 30 days), drop-out beta(0.8, 2.5)), first purchases spread
// over two years before the calibration end, with a gamma-gamma spend per
// purchase day. Same seed, same base.
func synthetic(n int) []Summary {
	src := rand.New(rand.NewPCG(1, 2))
	rate := distuv.Gamma{Alpha: 0.25, Beta: 30, Src: src}
	drop := distuv.Beta{Alpha: 0.8, Beta: 2.5, Src: src}
	scale := distuv.Gamma{Alpha: 3.7, Beta: 15, Src: src}
	out := make([]Summary, n)
	for i := range out {
		T := float64(1 + src.IntN(730))
		lambda, p := rate.Rand(), drop.Rand()
		nu := scale.Rand()
		spend := distuv.Gamma{Alpha: 6, Beta: nu, Src: src}
		t, lastDay, x, total := 0.0, 0.0, 0, 0.0
		for {
			t += src.ExpFloat64() / lambda
			if t > T {
				break
			}
			if d := math.Floor(t); d > lastDay {
				lastDay = d
				x++
				total += spend.Rand()
			}
			if src.Float64() < p {
				break
			}
		}
		s := Summary{Stats: Stats{X: x, T: T}}
		if x > 0 {
			s.Tx = lastDay
			s.RepeatSpend = total / float64(x)
		}
		out[i] = s
	}
	return out
}

const benchCustomers = 1_000_000

func BenchmarkFitPurchases1M(b *testing.B) {
	stats := statsOf(synthetic(benchCustomers))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m, err := FitPurchases(stats, FitOptions{Unit: Days})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(m.Distinct), "distinct-triples")
	}
}

func BenchmarkFitSpend1M(b *testing.B) {
	summaries := synthetic(benchCustomers)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := FitSpend(summaries, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPredictAll1M(b *testing.B) {
	summaries := synthetic(benchCustomers)
	stats := statsOf(summaries)
	m, err := FitPurchases(stats, FitOptions{Unit: Days})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := m.PredictAll(stats, 90); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScore1M(b *testing.B) {
	summaries := synthetic(benchCustomers)
	pm, err := FitPurchases(statsOf(summaries), FitOptions{Unit: Days})
	if err != nil {
		b.Fatal(err)
	}
	sm, err := FitSpend(summaries, FitOptions{})
	if err != nil {
		b.Fatal(err)
	}
	models := Models{Purchases: pm, Spend: sm}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := models.Score(summaries, ScoreOptions{MonthlyDiscount: DefaultMonthlyDiscount}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSyntheticFitRecoversItsParameters: the base the benchmarks use,
// at 20,000 customers, gives back the parameters it was drawn from
// (loosely: days are whole, so t_x and x are rounded).
func TestSyntheticFitRecoversItsParameters(t *testing.T) {
	summaries := synthetic(20000)
	m, err := FitPurchases(statsOf(summaries), FitOptions{Unit: Days})
	if err != nil {
		t.Fatal(err)
	}
	within(t, "r", m.Params.R, 0.25, 0.15)
	within(t, "alpha", m.Params.Alpha, 30, 0.2)
	within(t, "a", m.Params.A, 0.8, 0.25)
	within(t, "b", m.Params.B, 2.5, 0.3)
	sm, err := FitSpend(summaries, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	within(t, "p", sm.Params.P, 6, 0.15)
	within(t, "q", sm.Params.Q, 3.7, 0.2)
	within(t, "gamma", sm.Params.Gamma, 15, 0.25)
}
