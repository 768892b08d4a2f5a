// Package serve serves kehu's table over SSH: every connection of a staff
// member whose key is on the staff list gets the full table on the shared
// ledger, with its own cursor, view, filter and language, and sees what the
// others (and commands, and cron jobs) change within a second.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tui"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"
)

// Defaults of Config.
const (
	DefaultListen      = "127.0.0.1:2222"
	DefaultMaxSessions = 8
	DefaultIdleTimeout = 30 * time.Minute
	DefaultGrace       = 5 * time.Second
	DefaultPoll        = 200 * time.Millisecond
	// MaxSessionsLimit bounds --max-sessions: every session reads the
	// ledger on each change, and one SQLite file serves a shop, not a call
	// centre.
	MaxSessionsLimit = 64
)

// Config is how a Server runs.
type Config struct {
	Store       *store.Store
	Listen      string        // host:port; DefaultListen when ""
	HostKeyPath string        // made on first run
	MaxSessions int           // DefaultMaxSessions when 0
	IdleTimeout time.Duration // a session with no key for this long is closed; DefaultIdleTimeout when 0
	Grace       time.Duration // how long sessions are told before a stop closes them; DefaultGrace when 0
	Poll        time.Duration // how often the ledger's change signal is read; DefaultPoll when 0
	Lang        i18n.Lang     // the log's language, and a session's when its client sends no LANG
	Log         io.Writer     // one line per connection, refusal and stop
	TUIOptions  []tui.Option  // for every session's table (the clock in tests)
}

// Server is a running kehu SSH server.
type Server struct {
	cfg         Config
	ln          net.Listener
	srv         *ssh.Server
	hub         *hub
	fingerprint string
	logMu       sync.Mutex
}

// New checks cfg, makes the host key on first run and listens; Serve then
// accepts connections.
func New(cfg Config) (*Server, error) {
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.MaxSessions == 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.MaxSessions < 1 || cfg.MaxSessions > MaxSessionsLimit {
		return nil, i18n.Errorf("serve.max.bad", cfg.MaxSessions, MaxSessionsLimit)
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.Grace <= 0 {
		cfg.Grace = DefaultGrace
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	fp, err := ensureHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, fingerprint: fp}
	s.hub = newHub(cfg, s.logf)
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Keys only: with no password or keyboard-interactive handler the
		// server offers neither method.
		wish.WithPublicKeyAuth(s.allowKey),
		wish.WithMiddleware(
			bm.MiddlewareWithProgramHandler(s.hub.program, termenv.ANSI256),
			s.hub.admit,
		),
	)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.srv = srv
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", i18n.Errorf("serve.listen", cfg.Listen), err)
	}
	s.ln = ln
	return s, nil
}

// Addr is the address the server listens on (the port chosen when the
// listen address gave port 0).
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// HostKeyFingerprint is the host key's SHA256 fingerprint, for staff to
// check on their first connection.
func (s *Server) HostKeyFingerprint() string { return s.fingerprint }

// Serve accepts connections until ctx is done, then stops: no new
// connection is taken, every session is told and, after the grace period,
// closed once its last write is committed. It returns nil after a clean
// stop.
func (s *Server) Serve(ctx context.Context) error {
	if err := s.hub.start(); err != nil {
		s.ln.Close()
		return err
	}
	served := make(chan error, 1)
	go func() { served <- s.srv.Serve(s.ln) }()
	select {
	case err := <-served:
		s.hub.stop(0)
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.logf("serve.log.stopping", s.hub.count(), s.cfg.Grace)
	// Stop taking connections first; the sessions go on meanwhile.
	shut := make(chan error, 1)
	go func() {
		sctx, cancel := context.WithTimeout(context.Background(), s.cfg.Grace+30*time.Second)
		defer cancel()
		shut <- s.srv.Shutdown(sctx)
	}()
	s.hub.stop(s.cfg.Grace)
	if err := <-shut; err != nil {
		s.srv.Close() // connections that never opened a session
	}
	if err := <-served; err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	s.logf("serve.log.stopped")
	return nil
}

// allowKey lets a connection in when key is a staff member's; any other
// key is refused and logged. Who the user says they are does not matter.
func (s *Server) allowKey(ctx ssh.Context, key ssh.PublicKey) bool {
	m, ok, err := s.cfg.Store.StaffByKey(ctx, authorizedForm(key))
	if err != nil {
		s.logf("serve.log.keyerr", gossh.FingerprintSHA256(key), i18n.Message(err, s.cfg.Lang))
		return false
	}
	if !ok {
		s.logf("serve.log.refused", gossh.FingerprintSHA256(key), ctx.User(), ctx.RemoteAddr())
		return false
	}
	ctx.SetValue(staffCtxKey{}, m)
	return true
}

type staffCtxKey struct{}

// logf writes one line to the log, in the server's language, stamped with
// the time.
func (s *Server) logf(key string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.cfg.Log, "%s %s\n", time.Now().Format("2006-01-02 15:04:05"), s.cfg.Lang.T(key, args...))
}
