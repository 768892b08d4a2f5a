package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// Hostile text as an old ledger (written before text was checked) may hold
// it: a title-setting OSC, a red SGR, a C1 CSI, a bell, a bidi override.
const (
	hostileTitle = "\x1b]0;pwned\x07"
	hostileRed   = "\x1b[31mred"
	hostileC1    = "\u009b2J"
	hostileBidi  = "\u202eevil"
)

// hostileLedger stores one customer whose every text field holds control
// characters, through store calls that do not validate (the bulk loader and
// the import's row writer), as a ledger written by an older kehu would hold
// them; its due follow-up puts it in the agenda.
func hostileLedger(t *testing.T) (*store.Store, int64) {
	t.Helper()
	st := newTestStore(t)
	ctx := context.Background()
	b, err := st.NewBulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, err := b.Add(store.BulkCustomer{
		Fields: map[string]any{
			"name": "Evil" + hostileTitle, "phone": "13800138000", "company": hostileRed, "wechat": hostileBidi,
			"tags": "vip,t" + hostileC1, "notes": "line1\nline2" + hostileTitle, "needs": "bell\x07",
		},
		CreatedAt: "2026-01-01 10:00:00",
		Purchases: []store.Purchase{{Date: "2026-03-01", Product: "Tea" + hostileRed, Qty: 1, Amount: 50000, Note: "n" + hostileC1}},
		Contacts: []store.Contact{{At: "2026-03-02 10:00", Channel: "phone", Kind: "contact",
			Summary: "sum" + hostileTitle, Outcome: "out" + hostileRed, NextFollowUp: "2026-03-15"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	rows := func(yield func(store.ImportRow, error) bool) {
		yield(store.ImportRow{Line: 2, Values: map[string]any{"name": "Evil" + hostileTitle, "phone": "13800138000", "x_col": "v" + hostileRed}}, nil)
	}
	if _, err := st.ImportRows(ctx, store.ImportOptions{Keys: []string{"name", "phone", "x_col"},
		Columns: []store.ImportColumn{{Key: "x_col", Label: "Col" + hostileTitle, Type: store.Text}}}, rows); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RegradeAll(ctx, "seed"+hostileTitle); err != nil {
		t.Fatal(err)
	}
	return st, id
}

// assertNeutral fails when a raw control character reached the screen and
// checks that the hostile values show in their visible form.
func assertNeutral(t *testing.T, what, v string, visible ...string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\x07", "\u009b", "\u202e", "\x9b"} {
		if strings.Contains(v, bad) {
			t.Errorf("%s: %q reached the screen:\n%q", what, bad, v)
		}
	}
	for _, want := range visible {
		if !strings.Contains(v, want) {
			t.Errorf("%s: %q not shown:\n%s", what, want, v)
		}
	}
}

func TestHostileTextIsShownVisibleOnEveryScreen(t *testing.T) {
	st, id := hostileLedger(t)
	e := scEnv(st, i18n.EN)
	e.width, e.height = 200, 60 // every field and list on one screen

	d := drive(t, newDetail(e, id))
	v := d.s.View()
	assertNeutral(t, "detail", v,
		`Evil\x1b]0;pwned\x07`, // title and name field
		`\x1b[31mred`,          // company
		`\u202eevil`,           // wechat
		`t\u009b2J`,            // tags
		`line1 line2\x1b]0;`,   // notes, one line
		`bell\x07`,             // needs
		`Col\x1b]0;pwned\x07`,  // custom column label
		`v\x1b[31mred`,         // custom column value
		`Tea\x1b[31mred`,       // product
		`n\u009b2J`,            // purchase note
		`sum\x1b]0;pwned\x07`,  // contact summary
		`out\x1b[31mred`,       // contact outcome
	)

	// Editing an old value shows it escaped; Enter without a change keeps it.
	det := d.s.(*detailScreen)
	for i, c := range det.cols {
		if c.Key == "company" {
			det.cur = i
		}
	}
	d.key("enter")
	assertNeutral(t, "detail editor", d.s.View(), `\x1b[31mred`)
	d.key("enter")
	rec, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Str("company"); got != hostileRed {
		t.Errorf("unchanged edit rewrote the company: %q", got)
	}

	screens := map[string]screen{
		"agenda":   opened(t, newAgenda(e)),
		"summary":  opened(t, newSummary(e)),
		"explain":  opened(t, newExplain(e, id)),
		"contact":  opened(t, newContactForm(e, id)),
		"purchase": opened(t, newPurchaseForm(e, id)),
	}
	wants := map[string][]string{
		"agenda":   {`Evil\x1b]0;pwned\x07`},
		"explain":  {`Evil\x1b]0;pwned\x07`},
		"contact":  {`Evil\x1b]0;pwned\x07`},
		"purchase": {`Evil\x1b]0;pwned\x07`},
	}
	for name, s := range screens {
		assertNeutral(t, name, s.View(), wants[name]...)
	}

	m := newTestModel(t, st, i18n.EN, 200, 20)
	assertNeutral(t, "table", m.View(), `Evil\x1b]`, `\x1b[31mred`, `\u202eevil`)

	// The cell editor shows an old value escaped; Enter without a change
	// keeps it, a change stores plain text.
	for i, c := range m.g.cols {
		if c.Key == "wechat" {
			m.g.col = i
		}
	}
	press(t, m, "enter")
	assertNeutral(t, "cell editor", m.View(), `\u202eevil`)
	press(t, m, "enter")
	if rec, _ := st.Get(context.Background(), id); rec.Str("wechat") != hostileBidi {
		t.Errorf("unchanged cell edit rewrote the WeChat id: %q", rec.Str("wechat"))
	}
	press(t, m, "enter", "backspace")
	press(t, m, "enter")
	if rec, _ := st.Get(context.Background(), id); rec.Str("wechat") != `\u202eevi` {
		t.Errorf("edited WeChat id = %q, want the escapes as typed text", rec.Str("wechat"))
	}
}
