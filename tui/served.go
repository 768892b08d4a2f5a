package tui

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// LedgerChanged tells a served table that the ledger changed elsewhere
// (another session, a command, a cron job): it reads its rows and counts
// again and keeps the cursor on the customer it was on.
type LedgerChanged struct{}

// Notice is a line from the server for this session's status bar (another
// session changed a cell this one had written, say).
type Notice struct{ Text string }

// Stopping tells a served table that the server is stopping: Text stays on
// its last line until the session closes.
type Stopping struct{ Text string }

// ledgerWatcher is a screen over the table that shows figures read from
// the whole ledger (the tier summary): a change made elsewhere has it read
// them again.
type ledgerWatcher interface {
	ledgerChanged() tea.Cmd
}

// served is what the root keeps for a table served over SSH.
type served struct {
	stopping string // the banner on the last line while the server stops
}

// NewSession builds the table for one served connection: the full table on
// st, drawn with r, in lang. ctx carries the session's store.Actor, so its
// changes are journalled as that staff member's. Unlike Run it does not
// remember the view on leaving: the view remembered is the owner's.
func NewSession(ctx context.Context, st *store.Store, lang i18n.Lang, r *lipgloss.Renderer, opts ...Option) (tea.Model, error) {
	o := options{regradeDelay: 1500 * time.Millisecond, filterDelay: 150 * time.Millisecond, dayTicks: true}
	for _, f := range opts {
		f(&o)
	}
	m, err := newModel(ctx, st, lang, r, false, o)
	if err != nil {
		return nil, err
	}
	m.served = &served{}
	return m, nil
}

// servedUpdate handles the server's messages; ok is false for any other.
func (m *model) servedUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case LedgerChanged:
		cmds := []tea.Cmd{m.liveRefresh()}
		for _, sc := range m.stack.screens {
			if w, ok := sc.(ledgerWatcher); ok {
				cmds = append(cmds, w.ledgerChanged())
			}
		}
		return tea.Batch(cmds...), true
	case Notice:
		m.status = status{text: msg.Text, warn: true}
		return nil, true
	case Stopping:
		if m.served != nil {
			m.served.stopping = msg.Text
		}
		return nil, true
	}
	return nil, false
}

// servedView puts the stopping banner on the frame's last line.
func (m *model) servedView(frame string) string {
	if m.served == nil || m.served.stopping == "" {
		return frame
	}
	lines := strings.Split(frame, "\n")
	banner := fitStyled(m.c.sty.errMsg.Render(" "+m.served.stopping), m.e.width)
	lines[len(lines)-1] = banner
	return strings.Join(lines, "\n")
}

// liveRefresh reads the rows on screen and the counts again after a change
// made elsewhere, keeping the cursor on the same customer (their row may
// have moved with the sort); when they left the view the cursor stays on
// the same line.
func (m *tableScreen) liveRefresh() tea.Cmd {
	var id int64
	if r, ok := m.current(); ok {
		id = r.ID
	}
	m.relocate(id)
	return tea.Batch(m.countCmd(), m.prefetchCmd())
}

// byStaff is " · by 小王" after a history line a served session's staff
// member caused ("" for the owner's table and commands).
func byStaff(staff string, l i18n.Lang) string {
	if staff == "" {
		return ""
	}
	return " · " + l.T("detail.by", validate.Visible(staff))
}

// addChanges adds the detail's latest changes from the journal: when, who
// (a served session's staff member) and what.
func (d *detailScreen) addChanges(head, add func(string)) {
	l := d.e.lang
	head(l.T("detail.changes", len(d.changes)))
	if len(d.changes) == 0 {
		add(d.e.sty.dim.Render("  " + l.T("detail.none")))
	}
	for _, e := range d.changes {
		what := l.T("detail.op." + e.Entity + "." + e.Op)
		if e.Entity == "customers" && e.Op == "edit" {
			what = e.Field
			if c, ok := d.e.st.Column(e.Field); ok {
				what = c.Label(l) + "  " + journalText(c, e.Old, l, d.e.rules) + " → " + journalText(c, e.New, l, d.e.rules)
			}
		}
		line := "  " + e.At + "  "
		if e.Staff != "" {
			line += d.e.sty.helpHead.Render(validate.Visible(e.Staff)) + "  "
		}
		line += validate.Visible(what)
		if e.Undone {
			line += "  " + d.e.sty.dim.Render(l.T("detail.undone"))
		}
		add(line)
	}
}

// journalText is a journal value (JSON) as the table shows it.
func journalText(c store.Column, raw string, l i18n.Lang, rules tiering.Rules) string {
	if raw == "" || raw == "null" {
		return "—"
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return validate.Visible(raw)
	}
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil && c.Type != store.Number {
			v = i
		} else if f, err := n.Float64(); err == nil {
			v = f
		}
	}
	if s := cellText(c, v, l, rules); s != "" {
		return s
	}
	return "—"
}
