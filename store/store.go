// Package store owns kehu's ledger: one SQLite file (modernc.org/sqlite, pure
// Go) holding customers, purchases, contacts, grade history, the journal that
// powers undo and audit, saved views and settings. Nothing outside this
// package writes SQL.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
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

	mu      sync.Mutex   // guards cols and fast
	cols    []Column     // built-in then custom, refreshed after schema changes
	fast    *fastQueries // the in-memory copy for filters and sorts, once enabled
	rules   *rulesCache
	writeMu sync.Mutex // serialises this process's write transactions

	// setMemLimit, when set (WithCopyMemoryLimit), holds the Go heap near
	// what the filter copy needs while it is built.
	setMemLimit func(int64) int64

	// setGCPercent, when set (WithRegradeGCPercent), paces the collector
	// closer while RegradeAll runs.
	setGCPercent func(int) int

	// heavy lets one memory-heavy background job run at a time in this
	// process: the filter copy's build and the history tally's warm-up
	// each hold a hundred or more megabytes at a million customers, and
	// together they would take the table past its memory budget.
	heavy chan struct{}

	created  bool // Open made the file
	readOnly bool // this process cannot write the file or its folder

	// checkpoints are the background checkpoints after large commits
	// (checkpointAside); Close waits for them.
	checkpoints sync.WaitGroup

	scratchDir string        // removed by Close (a dry run's scratch ledger)
	busy       time.Duration // how long a write waits for another process's lock

	// historyScanned, set only by tests, runs between a history recount's
	// snapshot and its write (see history_recount.go).
	historyScanned func()
}

// Option configures Open.
type Option func(*Store)

// WithClock makes the store read time from now (tests, KEHU_NOW).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithCopyMemoryLimit lets the filter copy's builds lower the process's
// soft memory limit through set (debug.SetMemoryLimit) while they run: with
// the collector's default pacing the heap grows to about twice the copy
// before a collection, and the process keeps that peak (at 1M customers
// 368 MB where the built copy holds ~150 MB; 282 MB with the limit, for ~8%
// more CPU in the background build). The limit is the process's: only a
// process that runs one table may pass this, never `kehu serve`.
func WithCopyMemoryLimit(set func(int64) int64) Option {
	return func(s *Store) { s.setMemLimit = set }
}

// WithRegradeGCPercent lets RegradeAll set the collector's target through
// set (debug.SetGCPercent) to regradeGCPercent while it runs, and put the
// one before back after: a regrade of a million customers holds some
// 150 MB at once for a few seconds, and with the default pacing the heap
// grows to twice that beside the table's own (a table opened on a new day
// at 1M peaked at 328 MB against 268 MB this way, for the same CPU: what
// the regrade holds is nearly all pointer-free slices, cheap to mark). The
// setting is the process's: like WithCopyMemoryLimit, only for a process
// that runs one table, whose regrades run one at a time.
func WithRegradeGCPercent(set func(int) int) Option {
	return func(s *Store) { s.setGCPercent = set }
}

// regradeGCPercent is the collector's target while RegradeAll runs, when
// the store may set it (WithRegradeGCPercent).
const regradeGCPercent = 25

// RemoveOnClose makes Close remove dir (a scratch ledger's folder) after
// closing the ledger.
func RemoveOnClose(dir string) Option { return func(s *Store) { s.scratchDir = dir } }

// busyTimeout is how long a writer waits for another process's write lock
// before it gives up with db.busy (nothing written). Writes of the CLI and
// the table take milliseconds; an import or demo holds the lock longer, and
// a writer behind one of those is told so rather than left hanging.
const busyTimeout = 5 * time.Second

// Open opens the ledger at path, creating it (file 0600, folder 0700) when it
// does not exist; Created then reports true. A file that is not a kehu
// ledger, or is damaged, is refused and never written.
func Open(path string, opts ...Option) (*Store, error) { return open(path, true, opts) }

// OpenExisting opens the ledger at path for commands that only read it: a
// missing ledger is an error (db.missing) and nothing is created, not even
// its folder. A ledger on read-only storage is opened read-only.
func OpenExisting(path string, opts ...Option) (*Store, error) { return open(path, false, opts) }

func open(path string, create bool, opts []Option) (*Store, error) {
	s := &Store{path: path, now: time.Now, busy: busyTimeout, heavy: make(chan struct{}, 1)}
	for _, o := range opts {
		o(s)
	}
	created, err := prepareFile(path, create)
	if err != nil {
		return nil, err
	}
	s.created = created
	// A ledger this process may not write (read-only file, folder or mount)
	// can still be read: SQLite opens it read-only.
	s.readOnly = !writable(path) || !writable(filepath.Dir(path))
	mode := modeReadWrite
	if s.readOnly {
		mode = modeReadOnly
	}
	if err := s.connect(mode, create); err != nil && s.readOnly && KindOf(err) != KindBusy && errors.As(err, new(*ledgerError)) {
		// SQLite cannot set up the shared-memory index of a WAL ledger in
		// a folder it may not write: read the file as it stands instead.
		// Safe because this process cannot change it either.
		if err2 := s.connect(modeImmutable, create); err2 != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	return s, nil
}

// connect opens the pool in mode, checks the file through it and, when it
// may write, brings the schema up to date.
func (s *Store) connect(mode openMode, create bool) error {
	db, err := sql.Open("sqlite", dsn(s.path, mode, s.busy))
	if err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	// Writes are serialised by writeMu and SQLite's lock; the other
	// connections serve readers (the table's windows, exports) beside them.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(poolIdle)
	db.SetConnMaxIdleTime(0)
	s.db = db
	if err := s.inspect(create); err != nil {
		db.Close()
		return err
	}
	if err := s.loadColumns(context.Background()); err != nil {
		db.Close()
		return s.classify(err)
	}
	return nil
}

// poolIdle is how many connections the pool keeps open between uses
// (database/sql's default).
const poolIdle = 2

// Created reports whether Open created the ledger file.
func (s *Store) Created() bool { return s.created }

// ReadOnly reports whether the ledger was opened read-only (the file or its
// folder cannot be written by this process): every write fails with
// db.readonly, so reading commands should not try to persist anything.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Path is the ledger file's path.
func (s *Store) Path() string { return s.path }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Close closes the ledger once a write in flight on another goroutine (a
// served session's, a background regrade's) has committed.
func (s *Store) Close() error {
	s.closeFast()
	s.WaitCheckpoints()
	s.writeMu.Lock()
	err := s.db.Close()
	s.writeMu.Unlock()
	if s.scratchDir != "" {
		if rerr := os.RemoveAll(s.scratchDir); err == nil {
			err = rerr
		}
	}
	return err
}

// openMode is how a connection may touch the file.
type openMode int

const (
	modeReadWrite openMode = iota
	modeReadOnly           // reads with SQLite's locks: sees other writers' commits
	modeImmutable          // no locks, no -wal/-shm: only for files nobody here can change
)

func dsn(path string, mode openMode, busy time.Duration) string {
	q := url.Values{}
	switch mode {
	case modeReadWrite:
		// Journal mode is set by inspect once the file is known to be ours:
		// a pragma here would convert a foreign SQLite file before we look.
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_txlock", "immediate")
	case modeReadOnly:
		q.Add("mode", "ro")
	case modeImmutable:
		q.Add("mode", "ro")
		q.Add("immutable", "1")
	}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

var sqliteMagic = []byte("SQLite format 3\x00")

// prepareFile creates a new ledger's folder and file with private
// permissions (when create is set), and refuses a file that is not an SQLite
// database or belongs to another program, from its 100-byte header alone:
// nothing opens it before that. It reports whether it created the file.
func prepareFile(path string, create bool) (bool, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if !create {
			return false, i18n.Errorf("db.missing", path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return false, fmt.Errorf("%w: %w", i18n.Errorf("db.cantcreate", path), err)
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if errors.Is(err, os.ErrExist) {
			return false, nil // another kehu created it a moment ago
		}
		if err != nil {
			return false, fmt.Errorf("%w: %w", i18n.Errorf("db.cantcreate", path), err)
		}
		return true, f.Close()
	}
	if err != nil {
		return false, fmt.Errorf("%w: %w", i18n.Errorf("db.cantopen", path), err)
	}
	if !st.Mode().IsRegular() {
		return false, i18n.Errorf("db.notsqlite", path)
	}
	if st.Size() == 0 {
		return false, nil // created and never written: a new ledger
	}
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("%w: %w", i18n.Errorf("db.cantopen", path), err)
	}
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil || n < len(head) || !bytes.Equal(head[:len(sqliteMagic)], sqliteMagic) {
		return false, i18n.Errorf("db.notsqlite", path)
	}
	// The header's user_version (offset 60) and application_id (offset 68),
	// big-endian. In WAL mode the file's header can lag behind commits still
	// in the log, so an id of 0 is settled by inspect through SQLite.
	version := int(binary.BigEndian.Uint32(head[60:64]))
	appID := int32(binary.BigEndian.Uint32(head[68:72]))
	if appID != 0 && appID != applicationID {
		return false, i18n.Errorf("db.foreign", path)
	}
	if appID == applicationID && version > SchemaVersion() {
		return false, i18n.Errorf("db.newer", path, version, SchemaVersion())
	}
	return false, nil
}

// inspect reads the ledger's identity through the real connection (with
// SQLite's locks, so another process's write is never mistaken for
// damage), then, when it may write, switches it to WAL and migrates it.
func (s *Store) inspect(create bool) error {
	ctx := context.Background()
	var appID, version, tables int
	err := s.db.QueryRowContext(ctx, "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)").Scan(&appID, &version, &tables)
	if err != nil {
		return s.classify(err)
	}
	switch {
	case appID == 0 && version == 0 && tables == 0:
		if !create || s.readOnly {
			return i18n.Errorf("db.missing", s.path) // an empty file: no ledger yet
		}
	case appID != applicationID:
		return i18n.Errorf("db.foreign", s.path)
	case version > SchemaVersion():
		return i18n.Errorf("db.newer", s.path, version, SchemaVersion())
	}
	if s.readOnly {
		if version < SchemaVersion() {
			return i18n.Errorf("db.readonly.old", s.path)
		}
		return s.touch(ctx)
	}
	if err := s.useWAL(ctx); err != nil {
		return s.classify(err)
	}
	if err := s.migrate(version); err != nil {
		return s.classify(err)
	}
	return s.touch(ctx)
}

// useWAL switches the ledger to write-ahead logging unless it is already.
// SQLite answers the switch with SQLITE_BUSY at once, without waiting for
// the busy timeout, while another process holds a lock on the file (a new
// ledger opened by several processes at the same moment): the switch is
// tried again, for as long as a write would wait, until it is made or
// another process has made it.
func (s *Store) useWAL(ctx context.Context) error { return s.useWALOn(ctx, s.db) }

// useWALOn is useWAL through q (the pool or one connection).
func (s *Store) useWALOn(ctx context.Context, q queryer) error {
	deadline := time.Now().Add(s.busy)
	for {
		var journal string
		err := q.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal)
		if err == nil && strings.EqualFold(journal, "wal") {
			return nil
		}
		if err == nil {
			if err = q.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&journal); err == nil {
				if strings.EqualFold(journal, "wal") {
					return nil
				}
				// SQLite answers with the mode it kept when another
				// connection's lock stopped the switch.
				err = errJournalKept
			}
		}
		kept := errors.Is(err, errJournalKept)
		if kept && time.Now().After(deadline) {
			// The ledger works as it is, with a rollback journal; the next
			// open tries the switch again.
			return nil
		}
		if !kept && !IsBusy(err) || time.Now().After(deadline) {
			return fmt.Errorf("switch to WAL: %w", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// errJournalKept is a switch of journal mode SQLite did not make.
var errJournalKept = errors.New("journal mode kept")

// touch reads the first page of the main table: a damaged schema or root
// page shows here. (PRAGMA quick_check would read the whole file: seconds
// at a million customers, on every start.) Damage deeper in the file is
// reported by the query that meets it and never written over.
func (s *Store) touch(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM customers LIMIT 1)").Scan(&one); err != nil {
		return s.classify(err)
	}
	return nil
}

// migrate brings the schema up from version to SchemaVersion(), copying the
// file aside first when an existing ledger is migrated. Each step re-reads
// the version inside its write transaction: two processes opening a new
// ledger at once both get here, and the second must not repeat a step.
func (s *Store) migrate(version int) error {
	ctx := context.Background()
	if version == SchemaVersion() {
		return nil
	}
	if version > 0 {
		if err := s.backupBeforeMigration(ctx); err != nil {
			return fmt.Errorf("backup before migration: %w", err)
		}
	}
	for v := version; v < SchemaVersion(); {
		// A new ledger is built in one transaction, every step at once: a
		// process opening it meanwhile sees no schema or all of it, never a
		// half-built one it would take for an old ledger to back up.
		to := v + 1
		if version == 0 {
			to = SchemaVersion()
		}
		err := s.tx(ctx, func(tx *sql.Tx) error {
			for step := v; step < to; step++ {
				if err := s.migrateStep(ctx, tx, step); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", v, to, err)
		}
		v = to
	}
	return nil
}

// migrateStep takes the schema from version v to v+1 inside tx, unless
// another process did meanwhile.
func (s *Store) migrateStep(ctx context.Context, tx *sql.Tx, v int) error {
	var cur int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
		return err
	}
	if cur > v {
		return nil // done by another process meanwhile
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return err
	}
	if v == 0 {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return err
		}
		// An empty ledger's grades are trivially those of today.
		if err := setGradedFor(ctx, tx, s.today()); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1))
	return err
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
		return s.classify(fmt.Errorf("begin: %w", err))
	}
	// Rolled back however fn ends, a panic included: an open transaction
	// would keep its connection (and the write lock) forever.
	defer tx.Rollback() // (after a commit: sql.ErrTxDone, ignored)
	if err := fn(tx); err != nil {
		return s.classify(err)
	}
	if err := tx.Commit(); err != nil {
		return s.classify(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// timestamp is the store's text form of a moment.
func (s *Store) timestamp() string { return s.now().Format("2006-01-02 15:04:05") }

// today is the store's ISO date.
func (s *Store) today() string { return s.now().Format("2006-01-02") }

// Checkpoint folds the write-ahead log into the ledger file (after bulk
// loads). Under Litestream it does nothing: see Replicated.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.Replicated() {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

// holdHeavy waits for this process's other memory-heavy background job to
// finish (see Store.heavy) and returns its release, or ctx's error when
// ctx ends first.
func (s *Store) holdHeavy(ctx context.Context) (func(), error) {
	select {
	case s.heavy <- struct{}{}:
		return func() { <-s.heavy }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
