package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/kehu-app/kehu/serve"
	"github.com/spf13/cobra"
)

// serveFlags are kehu serve's options.
type serveFlags struct {
	listen      string
	hostKey     string
	maxSessions int
	idle        time.Duration
	grace       time.Duration
}

func newServeCmd(a *app) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the table over SSH to the staff (two counters, one ledger)",
		Long: `Run an SSH server in which every connection gets the full kehu table on this
ledger, with its own cursor, view, filter and language. Staff connect with
their own SSH key (kehu staff add NAME --key FILE.pub); the key decides who
they are, whatever user name they give. Passwords are never accepted.

Every change made in a session is recorded under that staff member's name
(the detail's history shows it); a customer added in a session is theirs to
look after unless an owner is given. What one session, a command or a cron
job changes appears in every other table within a second, the cursor staying
where it was.

The host key is made on first run (mode 0600) beside the ledger unless
--host-key says where. By default only this computer can connect: give
--listen 0.0.0.0:2222 for the shop's other computers. SIGTERM (systemctl stop)
stops taking connections, tells every session, lets them save what they are
typing for --grace, and exits 0 once every write is committed.`,
		Example: "  kehu staff add 小李 --key xiaoli.pub\n  kehu serve --listen 0.0.0.0:2222\n  ssh -p 2222 kehu@shop-pc",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.serve(cmd.Context(), f)
		},
	}
	cmd.Flags().StringVar(&f.listen, "listen", serve.DefaultListen, "address to listen on; another computer's connections need e.g. 0.0.0.0:2222")
	cmd.Flags().StringVar(&f.hostKey, "host-key", "", "the server's SSH host key, made on first run (default: ssh_host_ed25519_key beside the ledger)")
	cmd.Flags().IntVar(&f.maxSessions, "max-sessions", serve.DefaultMaxSessions, "most sessions at once; one more is told the server is busy")
	cmd.Flags().DurationVar(&f.idle, "idle-timeout", serve.DefaultIdleTimeout, "close a session after this long without a key")
	cmd.Flags().DurationVar(&f.grace, "grace", serve.DefaultGrace, "on SIGTERM, how long sessions may still save before they are closed")
	return cmd
}

// serve runs the SSH server until the process is told to stop.
func (a *app) serve(ctx context.Context, f serveFlags) error {
	st, err := a.open()
	if err != nil {
		return err
	}
	defer st.Close()
	hostKey := f.hostKey
	if hostKey == "" {
		hostKey = filepath.Join(filepath.Dir(st.Path()), "ssh_host_ed25519_key")
	}
	srv, err := serve.New(serve.Config{
		Store: st, Listen: f.listen, HostKeyPath: hostKey, MaxSessions: f.maxSessions,
		IdleTimeout: f.idle, Grace: f.grace, Lang: a.lang, Log: a.stderr,
	})
	if err != nil {
		return err
	}
	addr := srv.Addr().String()
	fmt.Fprintln(a.stderr, a.lang.T("serve.started", addr, st.Path()))
	fmt.Fprintln(a.stderr, a.lang.T("serve.hostkey", hostKey, srv.HostKeyFingerprint()))
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		fmt.Fprintln(a.stderr, a.lang.T("serve.public", addr))
		if name, err := os.Hostname(); err == nil {
			host = name
		}
	} else {
		host = "localhost"
	}
	fmt.Fprintln(a.stderr, a.lang.T("serve.howto", port, host))
	staff, err := st.Staff(ctx)
	if err != nil {
		return err
	}
	keys := 0
	for _, m := range staff {
		keys += len(m.Keys)
	}
	if keys == 0 {
		fmt.Fprintln(a.stderr, "kehu: "+a.lang.T("cli.warn", a.lang.T("serve.nokeys")))
	}
	return srv.Serve(ctx)
}
