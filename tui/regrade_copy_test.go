package tui

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/i18n"
	"github.com/muesli/termenv"
)

// Opened on a later day, the table starts its in-memory filter copy only
// once the day's regrade has reported (the regrade's writes would drop a
// copy built before it, and the two builds' memory would add up); opened
// on the day the ledger is graded for, it starts the copy at once.
func TestTableBuildsItsCopyAfterTheDaysRegrade(t *testing.T) {
	// open opens the table on day, the ledger graded on 15 March.
	open := func(day time.Time) *model {
		t.Helper()
		clk := &movingClock{t: time.Date(2026, 3, 15, 12, 0, 0, 0, time.Local)}
		st := agingShop(t, clk)
		clk.t = day
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.Ascii)
		m, err := newModel(context.Background(), st, i18n.EN, r, false, options{now: clk.now})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	ready := func(m *model) error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := m.e.st.WaitFastQueries(ctx)
		return err
	}

	if err := ready(open(time.Date(2026, 3, 15, 18, 0, 0, 0, time.Local))); err != nil {
		t.Errorf("opened on the day graded for: the copy was not built: %v", err)
	}
	m := open(time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	st := m.e.st
	init := m.Init()
	if err := ready(m); err == nil {
		t.Error("opened on a later day: the copy was started before the day's regrade")
	}
	drain(t, m, init)
	if d, _ := st.GradedFor(context.Background()); d != "2026-03-20" {
		t.Fatalf("graded for %s after opening on 2026-03-20", d)
	}
	if err := ready(m); err != nil {
		t.Errorf("the copy was not built after the day's regrade: %v", err)
	}
}
