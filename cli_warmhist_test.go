package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
)

// historyStaleOn opens the ledger with the clock at day and asks whether
// the tier history's tally is up to date for it.
func historyStaleOn(t *testing.T, path string, day time.Time) bool {
	t.Helper()
	st, err := store.Open(path, store.WithClock(func() time.Time { return day }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stale, err := st.HistoryStale(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stale
}

// The nightly regrade of the first of a month leaves the tier history's
// tally counted for the new month, so the first look does not wait; its
// report and exit code are those of the regrade alone.
func TestCLIRegradePreparesTheHistory(t *testing.T) {
	l := newLedger(t) // 2026-11-22
	l.ok("add", "王芳")
	l.ok("buy", "王芳", "--amount", "580", "--date", "2026-11-20")
	l.ok("tiers", "--history") // the tally is counted for November
	dec1 := time.Date(2026, 12, 1, 0, 5, 0, 0, time.Local)
	if !historyStaleOn(t, l.path, dec1) {
		t.Fatal("the tally counted in November is up to date on 1 December")
	}
	r := l.withNow("2026-12-01 00:05:00").run("", "regrade")
	if r.code != 0 || r.err != "" {
		t.Fatalf("kehu regrade: exit %d, stderr %q", r.code, r.err)
	}
	if !strings.HasPrefix(r.out, "regraded as of 2026-12-01: 1 customer") {
		t.Errorf("kehu regrade printed %q", r.out)
	}
	if historyStaleOn(t, l.path, dec1) {
		t.Error("after kehu regrade on 1 December the history's tally is not up to date")
	}
}
