package serve

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tui"
)

// session is one connected table.
type session struct {
	id      string
	staff   string
	lang    i18n.Lang
	remote  string
	program *tea.Program // set once the table is built
	lastKey atomic.Int64 // unix nanoseconds of the last input
	closing atomic.Value // why the server closed it: "" (the user left), "idle" or "stop"
	pending atomic.Bool  // a LedgerChanged is on its way to the program
	cancel  context.CancelFunc
}

func (ss *session) why() string {
	v, _ := ss.closing.Load().(string)
	return v
}

// hub keeps the sessions: it admits them (within the limit), watches the
// ledger for changes and tells every session, closes idle ones and stops
// them all.
type hub struct {
	cfg  Config
	logf func(string, ...any)
	base context.Context // sessions' store calls: not cancelled by the stop signal

	mu       sync.Mutex
	sessions map[string]*session
	stopping bool
	seq      int
	started  string // the server start, in session ids: unique across restarts
	wg       sync.WaitGroup

	// cells: who wrote each customer cell last since the start, so an
	// earlier writer hears when a later one overwrites them.
	cells   map[cell]writer
	lastJID int64

	watch    *store.ChangeWatch
	quit     chan struct{}
	watching sync.WaitGroup
}

type cell struct {
	id    int64
	field string
}

type writer struct{ session, staff string }

func newHub(cfg Config, logf func(string, ...any)) *hub {
	return &hub{
		cfg: cfg, logf: logf, base: context.Background(),
		sessions: map[string]*session{}, cells: map[cell]writer{},
		started: time.Now().Format("20060102T150405"), quit: make(chan struct{}),
	}
}

// start opens the change watch and runs the watcher.
func (h *hub) start() error {
	w, err := h.cfg.Store.WatchChanges()
	if err != nil {
		return err
	}
	h.watch = w
	if h.lastJID, err = h.cfg.Store.LastJournalID(h.base); err != nil {
		w.Close()
		return err
	}
	h.watching.Add(1)
	go h.run()
	return nil
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.sessions)
}

// admit is the outer middleware: it checks the terminal and the key again,
// takes a place among the sessions (or says the server is full or
// stopping), and after the table closes says why when the server closed it.
func (h *hub) admit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		lang := h.cfg.Lang
		if _, _, ok := sess.Pty(); !ok {
			fmt.Fprint(sess.Stderr(), line(lang.T("serve.notty")))
			_ = sess.Exit(1)
			return
		}
		m, ok, err := h.cfg.Store.StaffByKey(h.base, authorizedForm(sess.PublicKey()))
		if err != nil || !ok {
			// Revoked between sign-in and now.
			h.logf("serve.log.refused", fingerprint(sess.PublicKey()), sess.User(), sess.RemoteAddr())
			fmt.Fprint(sess.Stderr(), line(lang.T("serve.gone")))
			_ = sess.Exit(1)
			return
		}
		lang = sessionLang(m.Lang, sess.Environ(), h.cfg.Lang)
		ss, why := h.join(m.Name, lang, sess.RemoteAddr().String())
		if ss == nil {
			if why == "full" {
				h.logf("serve.log.full", m.Name, sess.RemoteAddr(), h.cfg.MaxSessions)
				fmt.Fprint(sess.Stderr(), line(lang.T("serve.full", h.cfg.MaxSessions)))
			} else {
				fmt.Fprint(sess.Stderr(), line(lang.T("serve.stopping.refuse")))
			}
			_ = sess.Exit(1)
			return
		}
		defer h.leave(ss)
		sess.Context().SetValue(sessionCtxKey{}, ss)
		h.logf("serve.log.joined", m.Name, ss.remote, ss.id)
		next(sess)
		switch ss.why() {
		case "idle":
			fmt.Fprint(sess.Stderr(), line(lang.T("serve.idle", h.cfg.IdleTimeout)))
		case "stop":
			fmt.Fprint(sess.Stderr(), line(lang.T("serve.stopped")))
		}
	}
}

type sessionCtxKey struct{}

// line ends s for a terminal in raw mode.
func line(s string) string { return s + "\r\n" }

// join takes a place for a new session; it returns nil and "full" or
// "stopping" when there is none.
func (h *hub) join(staff string, lang i18n.Lang, remote string) (*session, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopping {
		return nil, "stopping"
	}
	if len(h.sessions) >= h.cfg.MaxSessions {
		return nil, "full"
	}
	h.seq++
	ss := &session{id: h.started + "-" + strconv.Itoa(h.seq), staff: staff, lang: lang, remote: remote}
	ss.lastKey.Store(time.Now().UnixNano())
	ss.closing.Store("")
	h.sessions[ss.id] = ss
	h.wg.Add(1)
	return ss, ""
}

func (h *hub) leave(ss *session) {
	h.mu.Lock()
	delete(h.sessions, ss.id)
	h.mu.Unlock()
	if ss.cancel != nil {
		ss.cancel()
	}
	h.logf("serve.log.left", ss.staff, ss.remote, ss.id)
	h.wg.Done()
}

// program builds the session's table: its changes are the staff member's,
// in its own session, and its input is timed for the idle limit.
func (h *hub) program(sess ssh.Session) *tea.Program {
	ss, _ := sess.Context().Value(sessionCtxKey{}).(*session)
	if ss == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(store.WithActor(h.base, store.Actor{Staff: ss.staff, Session: ss.id}))
	m, err := tui.NewSession(ctx, h.cfg.Store, ss.lang, bm.MakeRenderer(sess), h.cfg.TUIOptions...)
	if err != nil {
		cancel()
		fmt.Fprint(sess.Stderr(), line(i18n.Message(err, ss.lang)))
		return nil
	}
	// The process's own stop signal is the server's to handle: a session
	// must not quit on it before it has been told.
	p := tea.NewProgram(m, tea.WithInput(&keyClock{r: sess, last: &ss.lastKey}), tea.WithOutput(sess),
		tea.WithAltScreen(), tea.WithoutSignalHandler(), tea.WithContext(ctx))
	h.mu.Lock()
	ss.program, ss.cancel = p, cancel
	h.mu.Unlock()
	return p
}

// keyClock is a session's input that notes when the last key came.
type keyClock struct {
	r    io.Reader
	last *atomic.Int64
}

func (k *keyClock) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if n > 0 {
		k.last.Store(time.Now().UnixNano())
	}
	return n, err
}

// sessionLang is a session's language: the staff member's setting, else
// the SSH client's LANG (or LC_ALL, KEHU_LANG), else the server's.
func sessionLang(staffLang string, environ []string, fallback i18n.Lang) i18n.Lang {
	if l, err := i18n.Parse(staffLang); staffLang != "" && err == nil {
		return l
	}
	env := map[string]string{}
	for _, kv := range environ {
		for i := 0; i < len(kv); i++ {
			if kv[i] == '=' {
				env[kv[:i]] = kv[i+1:]
				break
			}
		}
	}
	for _, k := range []string{"KEHU_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if env[k] != "" {
			return i18n.Detect(func(key string) string { return env[key] })
		}
	}
	return fallback
}

func fingerprint(pk ssh.PublicKey) string {
	if pk == nil {
		return "-"
	}
	return keyFingerprint(pk)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
