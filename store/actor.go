package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kehu-app/kehu/i18n"
)

// Actor is who makes the changes of a context: the staff member signed in
// to a served table, and that connection's session. The zero Actor is the
// owner's own table or the command line.
type Actor struct {
	Staff   string
	Session string
}

type actorKey struct{}

// WithActor returns ctx carrying a: every change made with it records a's
// staff member and session in the journal (and the grade moves it causes),
// undo and redo with it step through a's session only, and a customer
// added with it is owned by a's staff member unless an owner is given.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorOf is the actor ctx carries (the zero Actor when none).
func ActorOf(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// ChangeWatch tells cheaply whether the ledger changed: SQLite's
// data_version, read on a connection of its own that never writes, moves
// with every commit of any other connection, this process's or another's
// (a command, a cron job).
type ChangeWatch struct {
	db *sql.DB
}

// WatchChanges opens a ChangeWatch on the ledger; Close it when done.
func (s *Store) WatchChanges() (*ChangeWatch, error) {
	db, err := sql.Open("sqlite", dsn(s.path, modeReadOnly, s.busy))
	if err != nil {
		return nil, fmt.Errorf("watch the ledger: %w", err)
	}
	// One connection, never closed while idle: data_version only compares
	// within the same connection.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	return &ChangeWatch{db: db}, nil
}

// Version is a number that differs from the last one read whenever another
// connection committed meanwhile.
func (w *ChangeWatch) Version(ctx context.Context) (int64, error) {
	var v int64
	if err := w.db.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("watch the ledger: %w", err)
	}
	return v, nil
}

// Close closes the watch's connection.
func (w *ChangeWatch) Close() error { return w.db.Close() }

// LastJournalID is the newest journal line's id (0 when none).
func (s *Store) LastJournalID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.db.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM journal").Scan(&id); err != nil {
		return 0, fmt.Errorf("read journal: %w", err)
	}
	return id, nil
}

// JournalSince returns up to limit journal lines written after line id
// after, oldest first: what changed since a reader last looked.
func (s *Store) JournalSince(ctx context.Context, after int64, limit int) ([]Entry, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+entryCols+" FROM journal WHERE id > ? ORDER BY id LIMIT ?", after, limit)
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	defer rows.Close()
	return scanEntries(rows)
}

// checkCellUnchanged refuses to undo (redo) a session's edit when the cell
// no longer holds what the edit wrote (what the undo left): someone else
// wrote it since, and their later value stands rather than being silently
// overwritten by an undo.
func (s *Store) checkCellUnchanged(ctx context.Context, tx *sql.Tx, e Entry, c Column, undo bool) error {
	want := e.New
	if !undo {
		want = e.Old
	}
	wantV, err := decodeValue(c, want)
	if err != nil {
		return err
	}
	var cur any
	if err := tx.QueryRowContext(ctx, "SELECT "+c.sqlName+" FROM customers WHERE id = ?", e.EntityID).Scan(&cur); err != nil {
		return fmt.Errorf("read %s: %w", c.Key, err)
	}
	if b, ok := cur.([]byte); ok {
		cur = string(b)
	}
	if fmt.Sprint(dbValue(wantV)) == fmt.Sprint(cur) {
		return nil
	}
	var who string
	err = tx.QueryRowContext(ctx, `SELECT staff FROM journal WHERE entity = 'customers' AND entity_id = ? AND field = ? AND id > ? AND state = ?
		ORDER BY id DESC LIMIT 1`, e.EntityID, e.Field, e.ID, stateDone).Scan(&who)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read journal: %w", err)
	}
	if who == "" {
		return i18n.Errorf("undo.overwritten.cli", columnName{c.Label(i18n.EN), c.Label(i18n.ZH)}, e.EntityID)
	}
	return i18n.Errorf("undo.overwritten", columnName{c.Label(i18n.EN), c.Label(i18n.ZH)}, e.EntityID, who)
}

// columnName is a column's label as a message argument: an argument that
// is an error is rendered in the reader's language (Zh for Chinese).
type columnName struct{ en, zh string }

func (c columnName) Error() string { return c.en }
func (c columnName) Zh() string    { return c.zh }
