package tiering

import (
	"math/rand/v2"
	"testing"
)

// benchLedger generates n customers like a shop's ledger.
func benchLedger(n int) []Input {
	return randomLedger(rand.New(rand.NewPCG(2026, 11)), n)
}

// BenchmarkGrade grades one customer against ledger cuts.
func BenchmarkGrade(b *testing.B) {
	ins := benchLedger(10000)
	rules := DefaultRules()
	now := testNow()
	cuts := ComputeCuts(ins, rules, now)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = Grade(ins[i%len(ins)], cuts, rules, now)
		i++
	}
}

// BenchmarkExplain builds and renders one customer's explanation.
func BenchmarkExplain(b *testing.B) {
	ins := benchLedger(10000)
	rules := DefaultRules()
	now := testNow()
	cuts := ComputeCuts(ins, rules, now)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = Explain(ins[i%len(ins)], cuts, rules, now).Lines("zh")
		i++
	}
}

// BenchmarkComputeCuts computes the cuts of 1,000,000 customers.
func BenchmarkComputeCuts(b *testing.B) {
	ins := benchLedger(1_000_000)
	rules := DefaultRules()
	now := testNow()
	b.ReportAllocs()
	for b.Loop() {
		_ = ComputeCuts(ins, rules, now)
	}
}

// BenchmarkGradeAll computes the cuts of 1,000,000 customers and grades
// them all: the full regrade, target under 1 s.
func BenchmarkGradeAll(b *testing.B) {
	ins := benchLedger(1_000_000)
	rules := DefaultRules()
	now := testNow()
	b.ReportAllocs()
	for b.Loop() {
		_, _ = GradeAll(ins, rules, now)
	}
}

// BenchmarkComputeCutsWideMoney computes cuts where spend spans a wide
// range of fen (no histogram: the sort path).
func BenchmarkComputeCutsWideMoney(b *testing.B) {
	ins := benchLedger(1_000_000)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range ins {
		ins[i].Monetary = int64(rng.ExpFloat64() * 1e7)
	}
	rules := DefaultRules()
	now := testNow()
	b.ReportAllocs()
	for b.Loop() {
		_ = ComputeCuts(ins, rules, now)
	}
}
