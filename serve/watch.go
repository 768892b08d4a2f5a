package serve

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tui"
	gossh "golang.org/x/crypto/ssh"
)

// journalBatch is how many journal lines the watcher reads at a time.
const journalBatch = 500

// run is the watcher: every poll it reads the ledger's change signal and,
// when it moved, tells every session to read its rows again and the
// earlier writer of any cell overwritten since; it also closes sessions
// idle past the limit.
func (h *hub) run() {
	defer h.watching.Done()
	t := time.NewTicker(h.cfg.Poll)
	defer t.Stop()
	last, err := h.watch.Version(h.base)
	if err != nil {
		h.logf("serve.log.watch", i18n.Message(err, h.cfg.Lang))
	}
	for {
		select {
		case <-h.quit:
			return
		case <-t.C:
		}
		h.closeIdle()
		v, err := h.watch.Version(h.base)
		if err != nil {
			continue // a busy moment: the next poll reads it again
		}
		if v == last {
			continue
		}
		last = v
		h.noticeOverwrites()
		for _, ss := range h.list() {
			h.refresh(ss)
		}
	}
}

// list is the sessions whose table is running.
func (h *hub) list() []*session {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]*session, 0, len(h.sessions))
	for _, ss := range h.sessions {
		if ss.program != nil {
			out = append(out, ss)
		}
	}
	return out
}

// refresh sends the session a LedgerChanged unless one is still on its way:
// a session busy for a moment gets one refresh, not a queue of them, and
// the watcher never waits for it.
func (h *hub) refresh(ss *session) {
	if !ss.pending.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer ss.pending.Store(false)
		ss.program.Send(tui.LedgerChanged{})
	}()
}

func (h *hub) send(ss *session, msg tea.Msg) {
	go ss.program.Send(msg)
}

// noticeOverwrites reads the journal lines written since the last look and
// tells a session when another session, or a command, wrote a cell it had
// written last: the later write stands, and both are in the journal, so
// the earlier writer can see what happened and undo their own.
func (h *hub) noticeOverwrites() {
	entries, err := h.cfg.Store.JournalSince(h.base, h.lastJID, journalBatch)
	if err != nil || len(entries) == 0 {
		return
	}
	h.lastJID = entries[len(entries)-1].ID
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, e := range entries {
		if e.Entity != "customers" || e.Op != "edit" || e.Undone {
			continue
		}
		c := cell{e.EntityID, e.Field}
		prev, seen := h.cells[c]
		h.cells[c] = writer{session: e.Session, staff: e.Staff}
		if !seen || prev.session == "" || prev.session == e.Session {
			continue
		}
		ss := h.sessions[prev.session]
		if ss == nil || ss.program == nil {
			continue
		}
		h.send(ss, tui.Notice{Text: h.overwriteText(ss.lang, e)})
	}
}

// overwriteText says who overwrote which cell of whom, in lang.
func (h *hub) overwriteText(l i18n.Lang, e store.Entry) string {
	who := e.Staff
	if who == "" {
		who = l.T("serve.someone")
	}
	field := e.Field
	if c, ok := h.cfg.Store.Column(e.Field); ok {
		field = c.Label(l)
	}
	name := "#" + itoa(e.EntityID)
	if r, err := h.cfg.Store.Get(h.base, e.EntityID); err == nil {
		name = r.Str("name")
	}
	return l.T("serve.overwritten", who, field, name)
}

// closeIdle closes the sessions with no key for the idle limit.
func (h *hub) closeIdle() {
	limit := time.Now().Add(-h.cfg.IdleTimeout).UnixNano()
	for _, ss := range h.list() {
		if ss.lastKey.Load() < limit && ss.closing.CompareAndSwap("", "idle") {
			h.logf("serve.log.idle", ss.staff, ss.id)
			ss.program.Quit()
		}
	}
}

// stop refuses new sessions, tells the running ones the server is
// stopping, gives them grace to finish what they type, then quits them and
// waits until each table has returned: a table writes only while it
// handles a key, so once it returned nothing of it is in flight.
func (h *hub) stop(grace time.Duration) {
	h.mu.Lock()
	h.stopping = true
	h.mu.Unlock()
	sessions := h.list()
	if grace > 0 && len(sessions) > 0 {
		for _, ss := range sessions {
			h.send(ss, tui.Stopping{Text: ss.lang.T("serve.stopping", grace)})
		}
		deadline := time.After(grace)
		done := make(chan struct{})
		go func() { h.wg.Wait(); close(done) }()
		select {
		case <-deadline:
		case <-done:
		}
	}
	for _, ss := range h.list() {
		ss.closing.CompareAndSwap("", "stop")
		ss.program.Quit()
	}
	h.wg.Wait()
	close(h.quit)
	h.watching.Wait()
	if h.watch != nil {
		h.watch.Close()
	}
}

func keyFingerprint(pk ssh.PublicKey) string { return gossh.FingerprintSHA256(pk) }
