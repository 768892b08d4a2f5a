// Package store owns kehu's ledger: one SQLite file (modernc.org/sqlite, pure
// Go) holding customers, purchases, contacts, grade history, the journal that
// powers undo and audit, saved views and settings. Nothing outside this
// package writes SQL.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/kehu-app/kehu/i18n"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// SchemaVersion is the schema this build writes (PRAGMA user_version).
func SchemaVersion() int { return len(migrations) }

// Store is an open ledger. It is safe for use by several goroutines.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time

	mu      sync.Mutex // guards cols
	cols    []Column   // built-in then custom, refreshed after schema changes
	rules   *rulesCache
	writeMu sync.Mutex // serialises this process's write transactions
}

// Option configures Open.
type Option func(*Store)

// WithClock makes the store read time from now (tests, KEHU_NOW).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// Open opens the ledger at path, creating it (file 0600, folder 0700) when it
// does not exist. A file that is not a kehu ledger, or is damaged, is refused
// and never written.
func Open(path string, opts ...Option) (*Store, error) {
	s := &Store{path: path, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if err := prepareFile(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// One writer connection avoids SQLITE_BUSY between our own goroutines;
	// WAL lets readers (exports, a second kehu) run beside it.
	db.SetMaxOpenConns(4)
	db.SetConnMaxIdleTime(0)
	s.db = db
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.loadColumns(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Path is the ledger file's path.
func (s *Store) Path() string { return s.path }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Close closes the ledger.
func (s *Store) Close() error { return s.db.Close() }

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	if readOnly {
		// immutable: no locks and no -wal/-shm files beside a file we may refuse
		q.Add("mode", "ro")
		q.Add("immutable", "1")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_txlock", "immediate")
	}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

var sqliteMagic = []byte("SQLite format 3\x00")

// prepareFile creates a new ledger's folder and file with private
// permissions, and checks that an existing file is a healthy kehu ledger
// before anything opens it for writing.
func prepareFile(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("create ledger folder: %w", err)
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("create ledger: %w", err)
		}
		return f.Close()
	}
	if err != nil {
		return fmt.Errorf("open ledger: %w", err)
	}
	if st.IsDir() {
		return i18n.Errorf("db.notsqlite", path)
	}
	if st.Size() == 0 {
		return nil // created by us and never written: a new ledger
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open ledger: %w", err)
	}
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && n < len(sqliteMagic) {
		return i18n.Errorf("db.notsqlite", path)
	}
	if !bytes.Equal(head[:len(sqliteMagic)], sqliteMagic) {
		return i18n.Errorf("db.notsqlite", path)
	}
	// Look inside read-only: application id, schema and a quick check of the
	// first pages. Nothing here can write to the file.
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return i18n.Errorf("db.damaged", path, err)
	}
	defer db.Close()
	var appID, version int
	if err := db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		return i18n.Errorf("db.damaged", path, err)
	}
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return i18n.Errorf("db.damaged", path, err)
	}
	var tables int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return i18n.Errorf("db.damaged", path, err)
	}
	if appID != applicationID {
		if appID == 0 && version == 0 && tables == 0 {
			return nil // an empty SQLite file: ours to initialise
		}
		return i18n.Errorf("db.foreign", path)
	}
	if version > SchemaVersion() {
		return i18n.Errorf("db.newer", path, version, SchemaVersion())
	}
	// Touch the first page of the main table: a damaged schema or root page
	// shows here. (PRAGMA quick_check would read the whole file: seconds at
	// a million customers, on every start.) Damage deeper in the file is
	// reported by the query that meets it and never written over.
	if version > 0 {
		var one int
		if err := db.QueryRow("SELECT count(*) FROM (SELECT 1 FROM customers LIMIT 1)").Scan(&one); err != nil {
			return i18n.Errorf("db.damaged", path, err)
		}
	}
	return nil
}

// migrate brings the schema up to SchemaVersion(), copying the file aside first
// when an existing ledger is migrated.
func (s *Store) migrate() error {
	ctx := context.Background()
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version == SchemaVersion() {
		return nil
	}
	if version > 0 {
		backup := fmt.Sprintf("%s.v%d-%s.bak", s.path, version, s.now().Format("20060102-150405"))
		if err := s.Backup(ctx, backup); err != nil {
			return fmt.Errorf("backup before migration: %w", err)
		}
	}
	for v := version; v < SchemaVersion(); v++ {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return err
			}
			if v == 0 {
				if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
		}
	}
	return nil
}

// tx runs fn in one immediate write transaction and commits it.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.txOn(ctx, s.db, fn)
}

// txOn is tx on a given connection (or the pool).
func (s *Store) txOn(ctx context.Context, on interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, fn func(*sql.Tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := on.BeginTx(ctx, nil)
	if err != nil {
		return wrapBusy(fmt.Errorf("begin: %w", err))
	}
	// Rolled back however fn ends, a panic included: an open transaction
	// would keep its connection (and the write lock) forever.
	defer tx.Rollback() // (after a commit: sql.ErrTxDone, ignored)
	if err := fn(tx); err != nil {
		return wrapBusy(err)
	}
	if err := tx.Commit(); err != nil {
		return wrapBusy(fmt.Errorf("commit: %w", err))
	}
	return nil
}

func wrapBusy(err error) error {
	if err != nil && strings.Contains(err.Error(), "SQLITE_BUSY") {
		return fmt.Errorf("%w: %v", i18n.Errorf("db.busy"), err)
	}
	return err
}

// Backup writes a consistent copy of the ledger to path (VACUUM INTO), which
// must not exist yet.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return os.Chmod(path, 0o600)
}

// timestamp is the store's text form of a moment.
func (s *Store) timestamp() string { return s.now().Format("2006-01-02 15:04:05") }

// today is the store's ISO date.
func (s *Store) today() string { return s.now().Format("2006-01-02") }

// Checkpoint folds the write-ahead log into the ledger file (after bulk loads).
func (s *Store) Checkpoint(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
