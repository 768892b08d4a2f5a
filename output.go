package main

import (
	"errors"
	"io"
	"os"
	"syscall"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// checkedWriter remembers the first failed write, so a command whose output
// could not be written (a full disk, a closed pipe) exits 1 even when it
// printed with fmt.Fprint and never looked at the error.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
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
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EFBIG) ||
		(out.err != nil && errors.Is(err, out.err)) {
		return outputError(err)
	}
	return err
}
