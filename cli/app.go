// Package cli is kehu's command line: the cobra commands, their flags and
// output, each a thin layer over the store, importer and export packages.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

// app carries what every command needs: flags, environment, output streams.
type app struct {
	ctx     context.Context // cancelled by SIGINT and SIGTERM
	dbPath  string
	langArg string
	lang    i18n.Lang
	getenv  func(string) string
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	now     func() time.Time
	use     *ledgerUse // held by a writing command on its ledger
	version string
}

// exitError carries a process exit code with its error.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// usageError marks err as a usage mistake (exit code 2).
func usageError(err error) error { return exitError{code: 2, err: err} }

// Main runs kehu as a process: arguments, environment and standard streams
// of the process, cancelled by SIGINT and SIGTERM. It returns the exit code.
func Main(version string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, version, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
}

// Run executes kehu with args and returns the exit code: 0 success, 1
// failure, 2 usage error, 3 import finished with rejected rows.
func Run(ctx context.Context, version string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := newOutput(stdout)
	a := &app{ctx: ctx, getenv: getenv, stdin: stdin, stdout: out, stderr: stderr, now: time.Now, version: version}
	a.lang = i18n.Detect(getenv)
	if l, ok := langInArgs(args); ok {
		a.lang = l // cobra prints --help before any hook could read --lang
	}
	if v := getenv("KEHU_NOW"); v != "" {
		t, err := parseNow(v)
		if err != nil {
			fmt.Fprintln(stderr, "kehu: "+i18n.Message(err, a.lang))
			return 2
		}
		a.now = func() time.Time { return t }
	}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(out)
	root.SetErr(stderr)
	setHelpLanguage(root, a.lang)
	failed, execErr := root.ExecuteContextC(ctx)
	out.flush()
	a.finishLedgerUse()
	err := a.explainError(execErr, out)
	if err == nil {
		return 0
	}
	var ee exitError
	code := 1
	if errors.As(err, &ee) {
		code = ee.code
	} else if isUsage(err) {
		code = 2
	}
	if l, perr := i18n.Parse(a.langArg); a.langArg != "" && perr == nil {
		a.lang = l // --lang was read before the flag or argument that failed
	}
	msg := i18n.Message(err, a.lang)
	if code == 2 {
		msg = usageMessage(root, err, a.lang)
	}
	fmt.Fprintln(stderr, "kehu: "+validate.VisibleLines(msg))
	if code == 2 && !strings.Contains(err.Error(), "--help") {
		path := root.Name()
		if failed != nil {
			path = failed.CommandPath() // the help of the command that was mistyped
		}
		fmt.Fprintln(stderr, a.lang.T("cli.seehelp", path))
	}
	return code
}

// isUsage recognises cobra's own flag and argument errors.
func isUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand", "unknown command", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "required flag", "arg(s)"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// cobraUsage are cobra's (and pflag's) own usage messages, with the
// catalogue key that says them in the user's language.
var cobraUsage = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^unknown flag: (\S+)$`), "cli.usage.flag"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.+)' in (\S+)$`), "cli.usage.short"},
	{regexp.MustCompile(`^unknown command "(.*)" for "(.+)"$`), "cli.usage.command"},
	{regexp.MustCompile(`^flag needs an argument: (.+)$`), "cli.usage.needsvalue"},
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.+)" flag: .*$`), "cli.usage.badvalue"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "cli.usage.args"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "cli.usage.minargs"},
}

// usageMessage is a usage error as the user reads it: cobra's own messages
// in the interface language (English keeps cobra's words), and for a
// mistyped command the commands it may have meant.
func usageMessage(root *cobra.Command, err error, l i18n.Lang) string {
	msg := i18n.Message(err, l)
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return msg
	}
	text := err.Error()
	for _, u := range cobraUsage {
		m := u.re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		if l != i18n.EN {
			args := make([]any, len(m)-1)
			for i, v := range m[1:] {
				args[i] = v
			}
			msg = l.T(u.key, args...)
		}
		if u.key == "cli.usage.command" && m[2] == root.Name() {
			if s := root.SuggestionsFor(m[1]); len(s) > 0 {
				msg += "\n" + l.T("cli.usage.didyoumean", strings.Join(s, ", "))
			}
		}
		break
	}
	return msg
}

func parseNow(v string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, i18n.Errorf("input.now.bad", v)
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "kehu",
		Short: "客户 — a keyboard-driven terminal spreadsheet of customers",
		Long: `kehu (客户, "customer") keeps a shop's customers in one SQLite ledger and
shows them as a spreadsheet in the terminal. Every customer is graded A/B/C/D
from real purchases; contacts and follow-ups feed a daily agenda.

Run without a command to open the table. First time? Try:
  kehu demo      # a sample shop to explore
  kehu           # open it (press ? for keys)`,
		Version:       a.version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if a.langArg != "" {
				l, err := i18n.Parse(a.langArg)
				if err != nil {
					return usageError(err)
				}
				a.lang = l
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runTUI(cmd.Context())
		},
	}
	root.SetVersionTemplate("kehu {{.Version}}\n")
	root.SuggestionsMinimumDistance = 2 // for usageMessage's "did you mean"
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "ledger file (default $KEHU_DB, else $XDG_DATA_HOME/kehu/ledger.db)")
	root.PersistentFlags().StringVar(&a.langArg, "lang", "", "interface language: zh or en (default $KEHU_LANG, else from LANG)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError(err) })
	root.AddCommand(
		newDemoCmd(a),
		newAddCmd(a),
		newBuyCmd(a),
		newLogCmd(a),
		newExportCmd(a),
		newImportCmd(a),
		newTiersCmd(a),
		newAgendaCmd(a),
		newBackupCmd(a),
		newRestoreCmd(a),
		newRegradeCmd(a),
		newDuplicatesCmd(a),
		newMergeCmd(a),
		newRulesCmd(a),
		newStaffCmd(a),
		newComplaintsCmd(a),
		newModelCmd(a),
		newTopUpCmd(a),
		newPointsCmd(a),
		newRepayCmd(a),
		newCreditLimitCmd(a),
		newStatementCmd(a),
		newCheckCmd(a),
		newAccountRulesCmd(a),
		newServeCmd(a),
	)
	return root
}

// ledgerPath resolves --db, $KEHU_DB, then the XDG data folder.
func (a *app) ledgerPath() (string, error) {
	if a.dbPath != "" {
		return a.dbPath, nil
	}
	if p := a.getenv("KEHU_DB"); p != "" {
		return p, nil
	}
	base := a.getenv("XDG_DATA_HOME")
	if base == "" {
		home := a.getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("find the ledger: no --db, KEHU_DB or home folder: %w", err)
			}
			home = h
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "kehu", "ledger.db"), nil
}

// open opens the ledger for a command that writes, creating it on first use
// (and saying so on stderr, so a mistyped --db does not pass unnoticed).
func (a *app) open(opts ...store.Option) (*store.Store, error) {
	p, err := a.ledgerPath()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(p, append([]store.Option{store.WithClock(a.now)}, opts...)...)
	if err != nil {
		return nil, err
	}
	if st.Created() {
		fmt.Fprintln(a.stderr, a.lang.T("db.created", p))
	}
	if err := a.afterWritingOpen(a.ctx, st); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// openExisting opens the ledger for a command that only reads it: a missing
// ledger is an error and nothing is created.
func (a *app) openExisting() (*store.Store, error) {
	p, err := a.ledgerPath()
	if err != nil {
		return nil, err
	}
	return store.OpenExisting(p, store.WithClock(a.now))
}
