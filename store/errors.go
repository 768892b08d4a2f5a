package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ledgerError is an SQLite failure told in the reader's words. Its text is
// only the catalogue message (never SQLite's own), while errors.As and
// errors.Is still reach the driver's error underneath.
type ledgerError struct {
	msg   *i18n.Error
	cause error
}

func (e *ledgerError) Error() string   { return e.msg.Error() }
func (e *ledgerError) Unwrap() []error { return []error{e.msg, e.cause} }

func newLedgerError(cause error, key string, args ...any) error {
	return &ledgerError{msg: &i18n.Error{Key: key, Args: args}, cause: cause}
}

// ErrorKind sorts ledger failures by what the reader can do about them.
type ErrorKind int

// The kinds of ledger failure.
const (
	KindOther    ErrorKind = iota // not an SQLite failure
	KindBusy                      // another process holds the write lock: try again
	KindDamaged                   // the integrity check found damage: restore a backup
	KindReadOnly                  // the file or its folder cannot be written
	KindFull                      // disk full or file-size limit
	KindLimit                     // a value, row or statement over SQLite's limits
	KindIO                        // the operating system failed a read or write
	KindInternal                  // any other SQLite failure
)

// sqliteCode is the extended result code of the SQLite failure in err's
// chain, if there is one.
func sqliteCode(err error) (int, bool) {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code(), true
	}
	return 0, false
}

// IsLedgerError reports whether err is (or wraps) a failure of the ledger
// file itself, told or not yet told by Classify.
func IsLedgerError(err error) bool {
	var le *ledgerError
	if errors.As(err, &le) {
		return true
	}
	if isClosed(err) {
		return true
	}
	_, ok := sqliteCode(err)
	return ok
}

// closedTexts are database/sql's messages for a ledger used after Close. The
// package keeps the first one unexported, so only its text tells it apart.
var closedTexts = []string{"sql: database is closed", sql.ErrConnDone.Error()}

// isClosed reports whether err says the ledger's connection was already
// closed (by a shutdown racing a read, or a caller's mistake).
func isClosed(err error) bool {
	if err == nil {
		return false
	}
	for _, t := range closedTexts {
		if err.Error() == t {
			return true
		}
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return isClosed(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if isClosed(e) {
				return true
			}
		}
	}
	return false
}

// IsBusy reports whether err is another process holding the ledger's lock.
func IsBusy(err error) bool {
	code, ok := sqliteCode(err)
	return ok && (code&0xff == sqlite3.SQLITE_BUSY || code&0xff == sqlite3.SQLITE_LOCKED)
}

// Classify turns an SQLite failure in err's chain into a message in the
// reader's language that says what happened and that nothing was changed;
// other errors are returned as they are. Damage is claimed only after the
// ledger at path fails SQLite's own integrity check.
func Classify(err error, path string) error {
	return classify(err, path, func() (bool, error) { return checkIntegrity(path) })
}

// classify is Classify with the store's own connection for the integrity
// check (the file may be gone from path, or be open read-only).
func (s *Store) classify(err error) error {
	return classify(err, s.path, func() (bool, error) { return s.quickCheck(context.Background()) })
}

func classify(err error, path string, intact func() (bool, error)) error {
	if err == nil {
		return nil
	}
	var done *ledgerError
	if errors.As(err, &done) {
		return done // already told; the English context around it is for developers
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return newLedgerError(err, "db.interrupted")
	}
	if isClosed(err) {
		return newLedgerError(err, "db.closed")
	}
	code, ok := sqliteCode(err)
	if !ok {
		return err
	}
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return newLedgerError(err, "db.busy")
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		ok, cerr := intact()
		if cerr == nil && !ok {
			return newLedgerError(err, "db.damaged", path)
		}
		if cerr != nil && IsBusy(cerr) {
			return newLedgerError(err, "db.busy")
		}
		return newLedgerError(err, "db.unreadable", path)
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return newLedgerError(err, "db.readonly", path)
	case sqlite3.SQLITE_FULL:
		return diskFull(err, path)
	case sqlite3.SQLITE_IOERR:
		if code == sqlite3.SQLITE_IOERR_WRITE || code == sqlite3.SQLITE_IOERR_FSYNC || code == sqlite3.SQLITE_IOERR_TRUNCATE {
			return diskFull(err, path)
		}
		return newLedgerError(err, "db.io", path)
	case sqlite3.SQLITE_CANTOPEN:
		return newLedgerError(err, "db.cantopen", path)
	case sqlite3.SQLITE_TOOBIG:
		return newLedgerError(err, "db.toobig")
	case sqlite3.SQLITE_NOMEM:
		return newLedgerError(err, "db.nomem")
	case sqlite3.SQLITE_INTERRUPT:
		return newLedgerError(err, "db.interrupted")
	case sqlite3.SQLITE_ERROR:
		// SQLite reports its column limit as a generic error; the text is
		// the only way to tell it apart.
		if strings.Contains(err.Error(), "too many columns") {
			return newLedgerError(err, "db.toomanycols", maxColumns)
		}
	}
	return newLedgerError(err, "db.internal", code)
}

// maxColumns is SQLite's default SQLITE_MAX_COLUMN: the most columns a table
// (and so the customers table with its custom columns) can have.
const maxColumns = 2000

// diskFull tells a failed write apart: the file-size limit (ulimit -f), a
// full disk, or a disk that failed.
func diskFull(err error, path string) error {
	switch writeLimit(path) {
	case limitFileSize:
		return newLedgerError(err, "db.fsizelimit", path)
	case limitDiskFull:
		return newLedgerError(err, "db.full", path)
	}
	if code, _ := sqliteCode(err); code&0xff == sqlite3.SQLITE_FULL {
		return newLedgerError(err, "db.full", path)
	}
	return newLedgerError(err, "db.io", path)
}

// writeLimitKind is what stopped a write, as far as the system tells.
type writeLimitKind int

const (
	limitUnknown  writeLimitKind = iota
	limitFileSize                // the process's file-size limit (RLIMIT_FSIZE)
	limitDiskFull                // the file system has no space left
)

// KindOf sorts err (as returned by Classify or any store method).
func KindOf(err error) ErrorKind {
	var le *ledgerError
	if !errors.As(err, &le) {
		return KindOther
	}
	switch le.msg.Key {
	case "db.busy":
		return KindBusy
	case "db.damaged":
		return KindDamaged
	case "db.readonly":
		return KindReadOnly
	case "db.full", "db.fsizelimit":
		return KindFull
	case "db.toobig", "db.toomanycols":
		return KindLimit
	case "db.io", "db.cantopen":
		return KindIO
	}
	return KindInternal
}

// checkIntegrity runs SQLite's quick check on the ledger at path through a
// fresh read-only connection: ok is false only when SQLite itself reports
// damage.
func checkIntegrity(path string) (ok bool, err error) {
	db, err := sql.Open("sqlite", dsn(path, modeReadOnly, busyTimeout))
	if err != nil {
		return false, err
	}
	defer db.Close()
	return quickCheck(context.Background(), db)
}

// quickCheck is the store's integrity check on its own connection.
func (s *Store) quickCheck(ctx context.Context) (bool, error) { return quickCheck(ctx, s.db) }

func quickCheck(ctx context.Context, db *sql.DB) (bool, error) {
	var res string
	err := db.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&res)
	if err != nil {
		code, isSQLite := sqliteCode(err)
		if isSQLite && (code&0xff == sqlite3.SQLITE_CORRUPT || code&0xff == sqlite3.SQLITE_NOTADB) {
			return false, nil
		}
		return false, fmt.Errorf("quick check: %w", err)
	}
	return res == "ok", nil
}

// IntegrityCheck runs SQLite's full integrity check: nil when the ledger is
// sound, else a damaged-ledger error.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&res); err != nil {
		return s.classify(err)
	}
	if res != "ok" {
		return i18n.Errorf("db.damaged", s.path)
	}
	return nil
}
