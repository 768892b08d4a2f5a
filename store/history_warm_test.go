package store

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// After a new month WarmHistory rolls the tally over without counting every
// customer; after a load forgot the tally it counts it again, once. Either
// way the next history reads it without counting, with the scan's figures.
func TestWarmHistoryAfterANewMonth(t *testing.T) {
	for _, c := range []struct {
		name   string
		forget bool
		counts int
	}{{"a new month", false, 0}, {"a forgotten tally", true, 1}} {
		t.Run(c.name, func(t *testing.T) { warmHistoryAfter(t, c.forget, c.counts) })
	}
}

func warmHistoryAfter(t *testing.T, forget bool, wantCounts int) {
	st, _, _ := recountLedger(t, 5*time.Second, forget)
	ctx := context.Background()
	if stale, err := st.HistoryStale(ctx); err != nil || !stale {
		t.Fatalf("HistoryStale with the tally for October = %v, %v; want true", stale, err)
	}
	counts := 0
	st.historyScanned = func() { counts++ }
	warmed, err := st.WarmHistory(ctx)
	if err != nil || !warmed {
		t.Fatalf("WarmHistory = %v, %v; want true (the tally was for October)", warmed, err)
	}
	if counts != wantCounts {
		t.Fatalf("WarmHistory counted every customer %d times, want %d", counts, wantCounts)
	}
	if m := historyMark(t, st); m != "2026-11" {
		t.Errorf("the tally is for %q after WarmHistory, want 2026-11", m)
	}
	if stale, err := st.HistoryStale(ctx); err != nil || stale {
		t.Errorf("HistoryStale after WarmHistory = %v, %v; want false", stale, err)
	}
	if warmed, err := st.WarmHistory(ctx); err != nil || warmed {
		t.Errorf("a second WarmHistory = %v, %v; want false (nothing to do)", warmed, err)
	}
	h, err := st.TierHistory(ctx, HistoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if counts != wantCounts {
		t.Errorf("the history after WarmHistory counted every customer again (%d counts)", counts)
	}
	// 王芳 and 李雷 both added on 10-05; in November only 李雷's 50 yuan.
	if end, added, spend := novemberTotals(t, h); end != 2 || added != 0 || spend != 5000 {
		t.Errorf("November: %d at the end, %d new, spend %d; want 2, 0, 5000", end, added, spend)
	}
	want, _, err := st.tierHistoryVia(ctx, HistoryOptions{}, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("the history\n%+v\nthe scan's\n%+v", h, want)
	}
}

// A cancelled warm-up leaves the tally to the next look, which counts it.
func TestWarmHistoryCancelled(t *testing.T) {
	st, _, _ := recountLedger(t, 5*time.Second, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if warmed, err := st.WarmHistory(ctx); err == nil || warmed {
		t.Fatalf("WarmHistory with a cancelled context = %v, %v; want an error", warmed, err)
	}
	if stale, err := st.HistoryStale(context.Background()); err != nil || !stale {
		t.Errorf("HistoryStale after a cancelled warm-up = %v, %v; want true", stale, err)
	}
	checkHistoryTally(t, st, "after a cancelled warm-up")
}

// While the filter copy is built in this process the warm-up waits for it
// (the two hold their memories at once otherwise), and gives up with its
// context; once the build is done it counts.
func TestWarmHistoryWaitsForTheCopysBuild(t *testing.T) {
	st, _, _ := recountLedger(t, 5*time.Second, false)
	release, err := st.holdHeavy(context.Background()) // a build in progress
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if warmed, err := st.WarmHistory(ctx); err == nil || warmed {
		t.Fatalf("WarmHistory beside a build = %v, %v; want it to wait until its context ends", warmed, err)
	}
	if stale, err := st.HistoryStale(context.Background()); err != nil || !stale {
		t.Fatalf("HistoryStale after a warm-up that waited = %v, %v; want true", stale, err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := st.WarmHistory(context.Background())
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("WarmHistory ran beside a build (err %v)", err)
	case <-time.After(50 * time.Millisecond):
	}
	release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if stale, err := st.HistoryStale(context.Background()); err != nil || stale {
		t.Errorf("HistoryStale after the build and the warm-up = %v, %v; want false", stale, err)
	}
}
