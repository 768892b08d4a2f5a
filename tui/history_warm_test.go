package tui

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/muesli/termenv"
)

func historyStale(t *testing.T, st *store.Store) bool {
	t.Helper()
	stale, err := st.HistoryStale(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stale
}

// The table opened on the first days of a new month regrades for the day in
// the background and then counts the tier history's tally for the month,
// off the user's path; once it is up to date nothing more is started.
func TestTableWarmsTheHistoryAfterTheDaysRegrade(t *testing.T) {
	clk := &movingClock{t: time.Date(2026, 3, 15, 12, 0, 0, 0, time.Local)}
	st := agingShop(t, clk)
	if _, err := st.TierHistory(context.Background(), store.HistoryOptions{}); err != nil {
		t.Fatal(err) // the tally is counted for March
	}
	clk.t = time.Date(2026, 4, 2, 9, 0, 0, 0, time.Local)
	if !historyStale(t, st) {
		t.Fatal("the tally counted in March is up to date on 2 April")
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := newModel(context.Background(), st, i18n.EN, r, false, options{now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	init := m.Init()
	if !historyStale(t, st) {
		t.Error("the table counted the history while opening, before its regrade")
	}
	drain(t, m, init)
	if d, _ := st.GradedFor(context.Background()); d != "2026-04-02" {
		t.Errorf("graded for %s after opening on 2026-04-02", d)
	}
	if historyStale(t, st) {
		t.Error("after the day's regrade the history's tally is not up to date")
	}
	if cmd := m.warmHistory(); cmd != nil {
		t.Error("a warm-up is started though the tally is up to date")
	}
}

// A table opened on a ledger already graded for today (a cron export
// regraded it) but whose history tally is still for last month warms the
// tally too, without a regrade.
func TestTableWarmsTheHistoryWhenAlreadyGradedForToday(t *testing.T) {
	clk := &movingClock{t: time.Date(2026, 3, 15, 12, 0, 0, 0, time.Local)}
	st := agingShop(t, clk)
	if _, err := st.TierHistory(context.Background(), store.HistoryOptions{}); err != nil {
		t.Fatal(err) // the tally is counted for March
	}
	clk.t = time.Date(2026, 4, 2, 9, 0, 0, 0, time.Local)
	if _, _, err := st.RegradeIfStale(context.Background()); err != nil {
		t.Fatal(err) // graded for 2 April, as an export would leave it
	}
	if !historyStale(t, st) {
		t.Fatal("the regrade alone brought the tally up to date")
	}
	agingModel(t, st, clk) // opened, its first commands run
	if historyStale(t, st) {
		t.Error("the table opened on a graded ledger left the history's tally for March")
	}
}
