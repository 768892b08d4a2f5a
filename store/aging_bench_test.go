package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/kehu-app/kehu/internal/benchledger"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// BenchmarkRegradeNextDay is the day's regrade a reader runs first (kehu
// export from cron, kehu tiers): the ledger was graded yesterday, and is
// brought up to today in one transaction, inputs read, the window moved by
// a day, cut points and grades computed, changed rows written, then the
// models' fit and the churn watch, and the pages copied into the file.
// Each iteration is the next day on a copy of the cached ledger.
func BenchmarkRegradeNextDay(b *testing.B) {
	src := benchStore(b)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "copy.db")
	if err := src.Backup(ctx, path); err != nil {
		b.Fatal(err)
	}
	day := benchledger.Now
	st, err := store.Open(path, store.WithClock(func() time.Time { return day }))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, _, err := st.RegradeIfStale(ctx); err != nil { // graded for the cached day
		b.Fatal(err)
	}
	b.ResetTimer()
	var moved, changed int
	cpu0 := cpuTime()
	for b.Loop() {
		day = day.AddDate(0, 0, 1)
		rep, ran, err := st.RegradeIfStale(ctx)
		if err != nil || !ran {
			b.Fatal(ran, err)
		}
		// its pages copied into the file too, which it leaves running
		st.WaitCheckpoints()
		moved += rep.GradeMoves
		changed += rep.Changed
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(changed)/float64(b.N), "changed/op")
	b.ReportMetric(float64(moved)/float64(b.N), "moves/op")
}

// BenchmarkPreviewRules is the rules screen's preview (ctrl+p): the whole
// ledger graded under rules that move grade A's threshold, nothing
// written. The ledger is first brought up to its day by a full regrade, as
// the day's first reader does, so the stored scores are known to be
// today's and the preview grades from them. BenchmarkPreviewRescoring is
// the preview of rules that score differently (or of any rules after an
// edit since the day's regrade): every customer graded again.
func BenchmarkPreviewRules(b *testing.B) {
	benchPreview(b, func(r *tiering.Rules) { r.GradeA = 75 })
}

// BenchmarkPreviewRescoring previews new weights: every customer graded.
func BenchmarkPreviewRescoring(b *testing.B) {
	benchPreview(b, func(r *tiering.Rules) { r.WeightR, r.WeightM = 0.35, 0.35 })
}

func benchPreview(b *testing.B, change func(*tiering.Rules)) {
	src := benchStore(b)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "copy.db")
	if err := src.Backup(ctx, path); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path, store.WithClock(func() time.Time { return benchledger.Now }))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := st.RegradeAll(ctx, store.ReasonCuts); err != nil {
		b.Fatal(err)
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		b.Fatal(err)
	}
	change(&rules)
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := st.PreviewRulesDetail(ctx, rules); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}
