package tui

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/muesli/termenv"
)

// logContactOn logs a contact on the ledger of st as it was on day (a
// second store on the same file, its clock set to day 09:00): a follow-up
// is planned on the day of the call, and may be overdue today.
func logContactOn(t *testing.T, st *store.Store, day string, id int64, in store.ContactInput) {
	t.Helper()
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		t.Fatal(err)
	}
	then := d.Add(9 * time.Hour)
	past, err := store.Open(st.Path(), store.WithClock(func() time.Time { return then }))
	if err != nil {
		t.Fatal(err)
	}
	defer past.Close()
	if _, err := past.AddContact(context.Background(), id, in); err != nil {
		t.Fatal(err)
	}
}

// movingClock is a clock a test moves.
type movingClock struct{ t time.Time }

func (c *movingClock) now() time.Time { return c.t }

// agingShop is one customer whose first purchase, 2026-02-14, makes her a
// new customer (under 30 days) until 2026-03-16, graded for 2026-03-15.
func agingShop(t *testing.T, clk *movingClock) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "ledger.db"), store.WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	ch, err := st.AddCustomer(ctx, map[string]string{"name": "王芳"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddPurchase(ctx, ch.ID, store.PurchaseInput{Amount: "500", Date: "2026-02-14"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RegradeToday(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

func agingModel(t *testing.T, st *store.Store, clk *movingClock) *model {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := newModel(context.Background(), st, i18n.EN, r, false, options{now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	m.view.Columns = nil
	drain(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: 140, Height: 12})
	command(t, m, "col show stage")
	return m
}

func stageOnScreen(t *testing.T, m *model) string {
	t.Helper()
	v := m.View()
	for _, s := range []string{"New", "Active"} {
		if strings.Contains(v, s) {
			return s
		}
	}
	t.Fatalf("no stage on screen:\n%s", v)
	return ""
}

// A table left open across midnight regrades at the rollover, in the
// background: the note shows while keys still work, then the stage of the
// new day is on screen.
func TestTableRegradesAtMidnight(t *testing.T) {
	clk := &movingClock{t: time.Date(2026, 3, 15, 23, 59, 30, 0, time.Local)}
	st := agingShop(t, clk)
	m := agingModel(t, st, clk)
	if got := stageOnScreen(t, m); got != "New" {
		t.Fatalf("before midnight the stage is %s", got)
	}
	// A tick before midnight (the clock has not moved) does nothing.
	if _, cmd := m.Update(dayTickMsg{}); cmd != nil {
		drain(t, m, cmd)
	}
	if d, _ := st.GradedFor(context.Background()); d != "2026-03-15" {
		t.Fatalf("graded for %s after a tick on the same day", d)
	}
	clk.t = time.Date(2026, 3, 16, 0, 0, 1, 0, time.Local)
	_, cmd := m.Update(dayTickMsg{})
	if !strings.Contains(m.View(), "regrading as of 2026-03-16…") {
		t.Errorf("no note while regrading:\n%s", m.View())
	}
	send(t, m, keyMsg("l")) // the keyboard is not blocked meanwhile
	drain(t, m, cmd)
	if got := stageOnScreen(t, m); got != "Active" {
		t.Errorf("after midnight the stage is %s, want Active (30 days since the first purchase)", got)
	}
	if strings.Contains(m.View(), "regrading as of") {
		t.Errorf("the note stayed after the regrade:\n%s", m.View())
	}
	if d, _ := st.GradedFor(context.Background()); d != "2026-03-16" {
		t.Errorf("graded for %s, want 2026-03-16", d)
	}
}

// Opening the table on a later day shows it at once and regrades in the
// background.
func TestTableOpensOnALaterDayAndRegrades(t *testing.T) {
	clk := &movingClock{t: time.Date(2026, 3, 15, 12, 0, 0, 0, time.Local)}
	st := agingShop(t, clk)
	clk.t = time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := newModel(context.Background(), st, i18n.EN, r, false, options{now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	init := m.Init()
	if !strings.Contains(m.status.text, "regrading as of 2026-03-20…") {
		t.Errorf("status on opening: %q", m.status.text)
	}
	drain(t, m, init)
	if d, _ := st.GradedFor(context.Background()); d != "2026-03-20" {
		t.Errorf("graded for %s after opening on 2026-03-20", d)
	}
	rec, err := st.Get(context.Background(), 1)
	if err != nil || rec.Str("stage") != "active" {
		t.Errorf("stage %q after opening on 2026-03-20 (%v)", rec.Str("stage"), err)
	}
}

// The contact form opens on the follow-up planned ahead: saving keeps it,
// and clearing it is a visible choice (the next one along).
func TestContactFormOpensOnThePlannedFollowUp(t *testing.T) {
	st, ids := scShop(t) // today 2026-03-15
	ctx := context.Background()
	if _, err := st.AddContact(ctx, ids[0], store.ContactInput{Channel: "phone", Next: "2026-03-20"}); err != nil {
		t.Fatal(err)
	}
	next := func() string {
		r, err := st.Get(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		return r.Str("next_follow_up")
	}
	d := drive(t, newContactForm(scEnv(st, i18n.EN), ids[0]))
	d.mustShow("2026-03-20", "current")
	d.typ("asked about the gift box")
	d.key("ctrl+s")
	if d.closed == nil || next() != "2026-03-20" {
		t.Fatalf("after saving the form as it opened: closed %v, follow-up %q", d.closed, next())
	}
	d = drive(t, newContactForm(scEnv(st, i18n.EN), ids[0]))
	d.key("tab", "tab") // summary → outcome → next follow-up
	d.key("right")      // the choice after the current one: clear
	d.mustShow("clear the follow-up")
	d.key("ctrl+s")
	if d.closed == nil || next() != "" {
		t.Errorf("after choosing to clear: closed %v, follow-up %q", d.closed, next())
	}
	// A follow-up before today is refused beside the field.
	d = drive(t, newContactForm(scEnv(st, i18n.EN), ids[0]))
	d.key("tab", "tab")
	d.typ("2026-03-01")
	d.key("ctrl+s")
	d.mustShow("before today (2026-03-15)")
	if d.closed != nil {
		t.Error("the form closed with a follow-up in the past")
	}
}

// The purchase form refuses a date after today beside the field, and
// writes nothing.
func TestPurchaseFormRefusesAFutureDate(t *testing.T) {
	st, ids := scShop(t) // today 2026-03-15
	d := drive(t, newPurchaseForm(scEnv(st, i18n.EN), ids[4]))
	d.typ("300")
	d.key("tab", "tab", "tab", "ctrl+u")
	d.typ("2026-03-16")
	d.key("ctrl+s")
	d.mustShow("purchase date 2026-03-16 is after today (2026-03-15)")
	if ps, _ := st.Purchases(context.Background(), ids[4], 10); len(ps) != 0 || d.closed != nil {
		t.Errorf("a purchase dated tomorrow was logged: %v", ps)
	}
}

// Points past their age are written off when the table opens on a later
// day, without an account screen being opened: the points column is as of
// today, like the grades.
func TestTableOpensOnALaterDayAndExpiresPoints(t *testing.T) {
	clk := &movingClock{t: time.Date(2026, 3, 15, 12, 0, 0, 0, time.Local)}
	st := agingShop(t, clk) // 500 yuan on 2026-02-14: 500 points, gone 2027-02-14
	if got := cellValue(t, st, 1, "points"); got != "500" {
		t.Fatalf("points before: %q, want 500", got)
	}
	clk.t = time.Date(2027, 2, 20, 9, 0, 0, 0, time.Local)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m, err := newModel(context.Background(), st, i18n.EN, r, false, options{now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	drain(t, m, m.Init())
	if got := cellValue(t, st, 1, "points"); got != "0" {
		t.Errorf("points after opening on 2027-02-20: %q, want 0", got)
	}
}
