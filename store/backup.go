package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/kehu-app/kehu/i18n"
	sqlite "modernc.org/sqlite"
)

// LedgerInfo is what a ledger file holds, as far as a person choosing a
// backup needs to know.
type LedgerInfo struct {
	Schema     int    `json:"schema"`
	Customers  int    `json:"customers"` // not in the trash
	Purchases  int    `json:"purchases"`
	Contacts   int    `json:"contacts"`
	LastChange string `json:"last_change"` // newest journal entry or customer edit; "" for an empty ledger
}

// infoQuery reads a LedgerInfo (all but the schema) in one statement, so
// the figures belong to one moment.
const infoQuery = `SELECT
	(SELECT count(*) FROM customers WHERE deleted_at IS NULL),
	(SELECT count(*) FROM purchases),
	(SELECT count(*) FROM contacts),
	coalesce((SELECT max(at) FROM journal), ''),
	coalesce((SELECT max(updated_at) FROM customers), '')`

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readInfo(ctx context.Context, q queryRower) (LedgerInfo, error) {
	var in LedgerInfo
	var journalAt, updatedAt string
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&in.Schema); err != nil {
		return in, fmt.Errorf("read schema version: %w", err)
	}
	if in.Schema == 0 {
		return in, nil // an empty ledger: no tables yet
	}
	if err := q.QueryRowContext(ctx, infoQuery).Scan(&in.Customers, &in.Purchases, &in.Contacts, &journalAt, &updatedAt); err != nil {
		return in, fmt.Errorf("count the ledger: %w", err)
	}
	in.LastChange = max(journalAt, updatedAt) // same text form: the later sorts last
	return in, nil
}

// Info is what the open ledger holds now.
func (s *Store) Info(ctx context.Context) (LedgerInfo, error) { return readInfo(ctx, s.db) }

// SnapshotState is a read of the ledger fixed at one moment (the write-ahead
// log keeps it while later changes commit), from which a snapshot file is
// written. Close it when done.
type SnapshotState struct {
	s    *Store
	conn *sql.Conn
}

// BeginSnapshot fixes the ledger's state now; the copy itself (Write) may
// run later or in another goroutine while the ledger goes on changing.
func (s *Store) BeginSnapshot(ctx context.Context) (*SnapshotState, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, i18n.Errorf("backup.readfail")
	}
	p := &SnapshotState{s: s, conn: conn}
	// A deferred transaction reads one state of the ledger from its first
	// read to its end, whatever commits in between.
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		p.discardConn()
		return nil, i18n.Errorf("backup.readfail")
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		p.Close()
		return nil, i18n.Errorf("backup.readfail")
	}
	return p, nil
}

// Close ends the read; the connection goes back to the pool only when the
// transaction is certainly over.
func (p *SnapshotState) Close() {
	if p.conn == nil {
		return
	}
	if _, err := p.conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		p.discardConn()
		return
	}
	p.conn.Close()
	p.conn = nil
}

// discardConn closes the connection for good instead of pooling it: one
// left inside a transaction would pin an old state of the ledger.
func (p *SnapshotState) discardConn() {
	_ = p.conn.Raw(func(any) error { return driver.ErrBadConn })
	p.conn.Close()
	p.conn = nil
}

// Write copies the fixed state to dst, which must not exist, and checks
// the copy: SQLite's integrity check, and the same counts as the ledger
// had in that state. The file is private (0600) from its first byte and
// appears under its name only once complete and checked; on any failure
// nothing is left behind. It returns what the snapshot holds.
func (p *SnapshotState) Write(ctx context.Context, dst string) (LedgerInfo, error) {
	if p.conn == nil {
		return LedgerInfo{}, errors.New("snapshot: already closed")
	}
	if err := p.s.refuseTarget(dst); err != nil {
		return LedgerInfo{}, err
	}
	want, err := readInfo(ctx, p.conn)
	if err != nil {
		return LedgerInfo{}, i18n.Errorf("backup.failed", dst, i18n.Errorf("backup.readfail"))
	}
	// Written in a private folder beside dst, then linked into place: a
	// half-written or unchecked snapshot never carries the final name.
	tmpDir, err := os.MkdirTemp(filepath.Dir(dst), ".kehu-snapshot-")
	if err != nil {
		return LedgerInfo{}, i18n.Errorf("backup.failed", dst, fileCause(err, filepath.Dir(dst)))
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, "snapshot.db")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return LedgerInfo{}, i18n.Errorf("backup.failed", dst, fileCause(err, filepath.Dir(dst)))
	}
	f.Close()
	if err := p.copyTo(ctx, tmp); err != nil {
		if ctx.Err() != nil {
			return LedgerInfo{}, i18n.Errorf("backup.cancelled", dst)
		}
		return LedgerInfo{}, i18n.Errorf("backup.failed", dst, sqliteCause(err))
	}
	// SQLite's quick check reads every page of the copy and checks its
	// structure; the full check also matches every index entry to its row,
	// which costs ten times as long on a big ledger; the copy reproduces the
	// ledger page for page, so such a mismatch could only be the ledger's own
	// (restore runs the full check on the file it is given).
	got, err := checkLedgerFile(ctx, tmp, dst, false)
	if err != nil {
		return LedgerInfo{}, i18n.Errorf("backup.unverified", dst, err)
	}
	if got != want {
		return LedgerInfo{}, i18n.Errorf("backup.mismatch", dst, got.Customers, got.Purchases, want.Customers, want.Purchases)
	}
	if err := syncFile(tmp); err != nil {
		return LedgerInfo{}, i18n.Errorf("backup.failed", dst, fileCause(err, filepath.Dir(dst)))
	}
	if err := placeNew(tmp, dst); err != nil {
		return LedgerInfo{}, err
	}
	return got, nil
}

// copyTo writes the fixed state into the empty file at path with SQLite's
// online backup, in steps so a cancel is noticed.
func (p *SnapshotState) copyTo(ctx context.Context, path string) error {
	// The copy is checked, synced and renamed as a whole afterwards: a
	// rollback journal beside it would only slow it down.
	uri := fileURI(path, "_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	return p.conn.Raw(func(dc any) error {
		b, ok := dc.(interface {
			NewBackup(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("the SQLite driver offers no online backup")
		}
		bk, err := b.NewBackup(uri)
		if err != nil {
			return fmt.Errorf("start the copy: %w", err)
		}
		for {
			if err := ctx.Err(); err != nil {
				_ = bk.Finish() // abandoned: the cancel is what to report
				return err
			}
			more, err := bk.Step(4096)
			if err != nil {
				_ = bk.Finish() // the step's failure is what to report
				return fmt.Errorf("copy: %w", err)
			}
			if !more {
				break
			}
		}
		if err := bk.Finish(); err != nil {
			return fmt.Errorf("finish the copy: %w", err)
		}
		return nil
	})
}

// refuseTarget refuses a snapshot path that exists or that SQLite would
// take for part of the ledger itself (its log, index or journal).
func (s *Store) refuseTarget(dst string) error {
	abs, err := filepath.Abs(dst)
	if err != nil {
		return i18n.Errorf("backup.failed", dst, i18n.Errorf("backup.badpath"))
	}
	ledger, _ := filepath.Abs(s.path)
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if abs == ledger+suffix {
			return i18n.Errorf("backup.isledger", dst)
		}
	}
	fi, err := os.Stat(dst)
	if err == nil {
		if li, lerr := os.Stat(s.path); lerr == nil && os.SameFile(fi, li) {
			return i18n.Errorf("backup.isledger", dst)
		}
		return i18n.Errorf("backup.exists", dst)
	}
	if !errors.Is(err, os.ErrNotExist) {
		return i18n.Errorf("backup.failed", dst, fileCause(err, filepath.Dir(dst)))
	}
	return nil
}

// placeNew gives the finished file at tmp the name dst without ever
// replacing a file that appeared there meanwhile.
func placeNew(tmp, dst string) error {
	err := os.Link(tmp, dst)
	if errors.Is(err, os.ErrExist) {
		return i18n.Errorf("backup.exists", dst)
	}
	if err != nil {
		// A file system without hard links: check, then rename.
		if _, serr := os.Lstat(dst); serr == nil {
			return i18n.Errorf("backup.exists", dst)
		}
		if err := os.Rename(tmp, dst); err != nil {
			return i18n.Errorf("backup.failed", dst, fileCause(err, filepath.Dir(dst)))
		}
	}
	syncDir(filepath.Dir(dst))
	return nil
}

// Backup writes a consistent, checked copy of the ledger to path, which
// must not exist (private, complete and checked before it carries the name).
func (s *Store) Backup(ctx context.Context, path string) error {
	_, err := s.Snapshot(ctx, path)
	return err
}

// Snapshot is Backup that also says what the copy holds.
func (s *Store) Snapshot(ctx context.Context, path string) (LedgerInfo, error) {
	if err := s.refuseTarget(path); err != nil {
		return LedgerInfo{}, err
	}
	p, err := s.BeginSnapshot(ctx)
	if err != nil {
		return LedgerInfo{}, i18n.Errorf("backup.failed", path, err)
	}
	defer p.Close()
	return p.Write(ctx, path)
}

// checkLedgerFile checks that the file at path, a working copy of the file
// the user knows as shown (the name its messages give), is a whole kehu
// ledger this build can open (application id, schema, SQLite's check) and
// says what it holds. It only reads the file. full runs SQLite's whole
// integrity check, else its quick check.
func checkLedgerFile(ctx context.Context, path, shown string, full bool) (LedgerInfo, error) {
	db, err := openForReading(path, shown)
	if err != nil {
		return LedgerInfo{}, err
	}
	defer db.Close()
	var appID int
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return LedgerInfo{}, i18n.Errorf("backup.damaged", shown)
	}
	if appID != applicationID {
		return LedgerInfo{}, i18n.Errorf("db.foreign", shown)
	}
	in, err := readInfo(ctx, db)
	if err != nil {
		return LedgerInfo{}, i18n.Errorf("backup.damaged", shown)
	}
	if in.Schema > SchemaVersion() {
		return LedgerInfo{}, i18n.Errorf("db.newer", shown, in.Schema, SchemaVersion())
	}
	check := "PRAGMA quick_check"
	if full {
		check = "PRAGMA integrity_check"
	}
	rows, err := db.QueryContext(ctx, check)
	if err != nil {
		return LedgerInfo{}, i18n.Errorf("backup.damaged", shown)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return LedgerInfo{}, i18n.Errorf("backup.damaged", shown)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil || len(problems) > 0 {
		return LedgerInfo{}, i18n.Errorf("backup.damaged", shown)
	}
	return in, nil
}

// ReadLedgerInfo says what the kehu ledger at path holds, without the
// (slow, whole-file) integrity check.
func ReadLedgerInfo(ctx context.Context, path string) (LedgerInfo, error) {
	db, err := openForReading(path, path)
	if err != nil {
		return LedgerInfo{}, err
	}
	defer db.Close()
	in, err := readInfo(ctx, db)
	if err != nil {
		return LedgerInfo{}, i18n.Errorf("backup.damaged", path)
	}
	return in, nil
}

// openForReading opens an SQLite file strictly read-only, after checking
// it is one; messages name it shown.
func openForReading(path, shown string) (*sql.DB, error) {
	if err := checkHeader(path, shown); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", fileURI(path, "mode=ro&immutable=1"))
	if err != nil {
		return nil, i18n.Errorf("backup.damaged", shown)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// fileURI is path as an SQLite "file:" URI with query; the characters a
// URI reserves are escaped, so a snapshot folder may be called anything.
func fileURI(path, query string) string {
	uri := "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	if query != "" {
		uri += "?" + query
	}
	return uri
}

// checkHeader checks that path is a readable SQLite file.
func checkHeader(path, shown string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return i18n.Errorf("backup.nofile", shown)
		}
		return i18n.Errorf("backup.unreadable", shown)
	}
	head := make([]byte, len(sqliteMagic))
	_, rerr := io.ReadFull(f, head)
	f.Close()
	if rerr != nil || string(head) != string(sqliteMagic) {
		return i18n.Errorf("db.notsqlite", shown)
	}
	return nil
}

// fileCause names, in the user's words, why a file operation in dir failed.
func fileCause(err error, dir string) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return i18n.Errorf("backup.diskfull")
	case errors.Is(err, syscall.EFBIG):
		return i18n.Errorf("backup.toobig")
	case errors.Is(err, os.ErrPermission), errors.Is(err, syscall.EROFS):
		return i18n.Errorf("backup.notwritable", dir)
	case errors.Is(err, os.ErrNotExist):
		return i18n.Errorf("backup.nofolder", dir)
	}
	return i18n.Errorf("backup.writefail")
}

// sqliteCause names, in the user's words, why SQLite could not write a copy.
func sqliteCause(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 13: // SQLITE_FULL
			return i18n.Errorf("backup.diskfull")
		case 10: // SQLITE_IOERR: a write refused by the system (no space, size limit)
			return i18n.Errorf("backup.ioerr")
		case 14: // SQLITE_CANTOPEN
			return i18n.Errorf("backup.writefail")
		}
	}
	if strings.Contains(err.Error(), "no space") {
		return i18n.Errorf("backup.diskfull")
	}
	return i18n.Errorf("backup.writefail")
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a new name in dir durable; a failure here (some file
// systems refuse it) leaves the data itself intact, so it is not reported.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
