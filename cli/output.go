package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/mattn/go-isatty"
)

// checkedWriter remembers the first failed write, so a command whose output
// could not be written (a full disk, a closed pipe) exits 1 even when it
// printed with fmt.Fprint and never looked at the error.
//
// To a terminal, what the commands print goes through shown: control
// characters in the data (a customer's name from an older ledger, a CSV
// streamed with --out -) are shown as escapes (\x1b) and never reach the
// terminal raw, whichever command prints them. A file or a pipe gets the
// bytes exactly. The table draws on the terminal itself, not through here.
type checkedWriter struct {
	w     io.Writer
	shown *validate.VisibleWriter // set when w is a terminal
	err   error
}

// newOutput wraps a command's standard output.
func newOutput(w io.Writer) *checkedWriter {
	c := &checkedWriter{w: w}
	if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		c.shown = validate.NewVisibleWriter(w)
	}
	return c
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	var n int
	var err error
	if c.shown != nil {
		n, err = c.shown.Write(p)
	} else {
		n, err = c.w.Write(p)
	}
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// flush writes what the terminal escaping holds back (half a character at
// the very end).
func (c *checkedWriter) flush() {
	if c.shown == nil {
		return
	}
	if err := c.shown.Flush(); err != nil && c.err == nil {
		c.err = err
	}
}

// fileOf is the file behind w, looking through a checkedWriter.
func fileOf(w io.Writer) (*os.File, bool) {
	if c, ok := w.(*checkedWriter); ok {
		w = c.w
	}
	f, ok := w.(*os.File)
	return f, ok
}

// outputError tells why writing the output failed, in the reader's words.
func outputError(err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return exitError{code: 1, err: i18n.Errorf("out.full")}
	case errors.Is(err, syscall.EFBIG):
		return exitError{code: 1, err: i18n.Errorf("out.fsizelimit")}
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return exitError{code: 1, err: i18n.Errorf("out.failed", errno.Error())}
	}
	return exitError{code: 1, err: i18n.Errorf("out.failed", err.Error())}
}

// explainError makes a command's error readable: ledger failures become
// their catalogue message (never SQLite's text), a full disk under the
// output says so, and a command that succeeded but could not write its
// output fails.
func (a *app) explainError(err error, out *checkedWriter) error {
	if err == nil {
		if out.err != nil {
			return outputError(out.err)
		}
		return nil
	}
	if store.IsLedgerError(err) {
		path, _ := a.ledgerPath()
		return store.Classify(err, path)
	}
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return err
	}
	// A command stopped by ctrl+c or SIGTERM whose context error reached
	// here unexplained: every write is one transaction, so say so plainly
	// rather than the library's "context canceled".
	if a.ctx != nil && a.ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return i18n.Errorf("db.interrupted")
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EFBIG) ||
		(out.err != nil && errors.Is(err, out.err)) {
		return outputError(err)
	}
	return err
}

// padName pads a name with spaces to ten terminal cells, so the columns
// after it line up.
func padName(s string) string {
	w := 0
	for _, r := range s {
		if r > 0x2e80 {
			w += 2
		} else {
			w++
		}
	}
	if w < 10 {
		s += strings.Repeat(" ", 10-w)
	}
	return s
}
