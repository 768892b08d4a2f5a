package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// Journal states.
const (
	stateDone       = 0
	stateUndone     = 1
	stateSuperseded = 2
)

// newBatch starts a user action: redo history is superseded by it, and its
// journal entries share the returned batch number.
func (s *Store) newBatch(ctx context.Context, tx *sql.Tx) (int64, error) {
	// A served session's new change supersedes only its own redo history:
	// another session's undone changes stay redo-able by that session.
	supersede, args := "UPDATE journal SET state = ? WHERE state = ?", []any{stateSuperseded, stateUndone}
	if sess := ActorOf(ctx).Session; sess != "" {
		supersede, args = supersede+" AND session = ?", append(args, sess)
	}
	if _, err := tx.ExecContext(ctx, supersede, args...); err != nil {
		return 0, fmt.Errorf("journal: %w", err)
	}
	var b int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(batch), 0) + 1 FROM journal").Scan(&b); err != nil {
		return 0, fmt.Errorf("journal: %w", err)
	}
	return b, nil
}

// journalValues encodes an entry's old and new values as JSON (nil stays NULL).
func journalValues(old, new any) (o, n any, err error) {
	enc := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	if o, err = enc(old); err != nil {
		return nil, nil, fmt.Errorf("journal: %w", err)
	}
	if n, err = enc(new); err != nil {
		return nil, nil, fmt.Errorf("journal: %w", err)
	}
	return o, n, nil
}

func (s *Store) journal(ctx context.Context, tx *sql.Tx, batch int64, op, entity string, id int64, field string, old, new any) error {
	o, n, err := journalValues(old, new)
	if err != nil {
		return err
	}
	a := ActorOf(ctx)
	_, err = tx.ExecContext(ctx, "INSERT INTO journal(batch, at, op, entity, entity_id, field, old, new, staff, session) VALUES(?,?,?,?,?,?,?,?,?,?)",
		batch, s.timestamp(), op, entity, id, field, o, n, a.Staff, a.Session)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// Entry is one journal line: the audit trail.
type Entry struct {
	ID       int64
	Batch    int64
	At       string
	Op       string // add, edit, delete, restore; import: customers EntityID to New's "last" added by an import
	Entity   string // customers, purchases, contacts, accounts, settings (Field: the key)
	EntityID int64
	Field    string
	Old, New string // JSON
	Undone   bool
	Staff    string // the staff member of the served session that made it ("" for the owner's table or a command)
	Session  string // that session ("" likewise)
}

const entryCols = "id, batch, at, op, entity, entity_id, field, coalesce(old,''), coalesce(new,''), state, staff, session"

// scanEntries reads journal lines selected as entryCols.
func scanEntries(rows *sql.Rows) ([]Entry, error) {
	var out []Entry
	for rows.Next() {
		var e Entry
		var st int
		if err := rows.Scan(&e.ID, &e.Batch, &e.At, &e.Op, &e.Entity, &e.EntityID, &e.Field, &e.Old, &e.New, &st, &e.Staff, &e.Session); err != nil {
			return nil, fmt.Errorf("read journal: %w", err)
		}
		e.Undone = st != stateDone
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	return out, nil
}

// Journal returns the latest limit entries about customer id (0 = all), newest first.
func (s *Store) Journal(ctx context.Context, id int64, limit int) ([]Entry, error) {
	q := "SELECT " + entryCols + " FROM journal"
	var args []any
	if id != 0 {
		q += ` WHERE entity = 'customers' AND (entity_id = ? OR op = 'import' AND entity_id < ? AND json_extract(new, '$.last') >= ?
			OR op = 'merge' AND json_extract(new, '$.drop') = ?)`
		args = append(args, id, id, id, id)
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	defer rows.Close()
	return scanEntries(rows)
}

// UndoResult says what an undo or redo changed.
type UndoResult struct {
	CustomerID int64  // the customer concerned, to put the cursor on
	Op         string // the original operation
	Entity     string
	Field      string
	Grade      *GradeChange
}

// Undo reverts the latest action still done. It works across restarts: the
// journal is in the ledger. With an Actor's session in ctx it reverts that
// session's latest action only.
func (s *Store) Undo(ctx context.Context) (UndoResult, error) {
	return s.step(ctx, true)
}

// Redo re-applies the latest undone action, unless a new change superseded it.
func (s *Store) Redo(ctx context.Context) (UndoResult, error) {
	return s.step(ctx, false)
}

func (s *Store) step(ctx context.Context, undo bool) (UndoResult, error) {
	var res UndoResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		from, to, order := stateDone, stateUndone, "DESC"
		if !undo {
			from, to, order = stateUndone, stateDone, "ASC"
		}
		q, args := "SELECT batch FROM journal WHERE state = ?", []any{from}
		if sess := ActorOf(ctx).Session; sess != "" {
			q, args = q+" AND session = ?", append(args, sess)
		}
		var batch int64
		err := tx.QueryRowContext(ctx, q+" ORDER BY batch "+order+" LIMIT 1", args...).Scan(&batch)
		if errors.Is(err, sql.ErrNoRows) {
			if undo {
				return i18n.Errorf("undo.none")
			}
			return i18n.Errorf("redo.none")
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT id, op, entity, entity_id, field, coalesce(old,''), coalesce(new,'') FROM journal WHERE batch = ? ORDER BY id "+order, batch)
		if err != nil {
			return err
		}
		var entries []Entry
		for rows.Next() {
			var e Entry
			if err := rows.Scan(&e.ID, &e.Op, &e.Entity, &e.EntityID, &e.Field, &e.Old, &e.New); err != nil {
				rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
				return err
			}
			entries = append(entries, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		touched := map[int64]bool{}
		settings := false
		for _, e := range entries {
			if e.Entity == "settings" {
				// The rules changed back: every grade may move.
				if err := applySetting(ctx, tx, e, undo); err != nil {
					return err
				}
				settings = true
				res = UndoResult{Op: e.Op, Entity: e.Entity, Field: e.Field}
				continue
			}
			cid, err := s.apply(ctx, tx, e, undo)
			if err != nil {
				return err
			}
			touched[cid] = true
			if e.Entity != "accounts" || res.Op == "" {
				// a purchase's account entries report as the purchase
				res = UndoResult{CustomerID: cid, Op: e.Op, Entity: e.Entity, Field: e.Field}
			}
		}
		reason := map[bool]string{true: ReasonUndo, false: ReasonRedo}[undo]
		if settings {
			s.forgetTiering()
			if _, err := s.regradeTxAll(ctx, tx, reason, true); err != nil {
				return err
			}
		}
		for cid := range touched {
			g, err := s.regradeTx(ctx, tx, cid, reason)
			if err != nil {
				return err
			}
			if g != nil {
				res.Grade = g
			}
		}
		_, err = tx.ExecContext(ctx, "UPDATE journal SET state = ? WHERE batch = ?", to, batch)
		return err
	})
	if err != nil {
		return UndoResult{}, fmt.Errorf("%s: %w", map[bool]string{true: "undo", false: "redo"}[undo], err)
	}
	s.forgetTiering() // the rules may have changed back
	return res, nil
}

// apply undoes (or redoes) one journal entry and returns the customer it concerns.
func (s *Store) apply(ctx context.Context, tx *sql.Tx, e Entry, undo bool) (int64, error) {
	switch e.Entity {
	case "customers":
		switch e.Op {
		case "merge":
			return s.applyMerge(ctx, tx, e, undo)
		case "add", "restore":
			return e.EntityID, s.markDeleted(ctx, tx, e.EntityID, undo)
		case "import":
			var ie importEntry
			if err := json.Unmarshal([]byte(e.New), &ie); err != nil {
				return 0, fmt.Errorf("journal import: %w", err)
			}
			return e.EntityID, s.markDeletedRange(ctx, tx, e.EntityID, ie.Last, undo)
		case "delete":
			return e.EntityID, s.markDeleted(ctx, tx, e.EntityID, !undo)
		case "edit":
			c, ok := s.Column(e.Field)
			if !ok {
				return 0, fmt.Errorf("journal names unknown column %q", e.Field)
			}
			if ActorOf(ctx).Session != "" {
				if err := s.checkCellUnchanged(ctx, tx, e, c, undo); err != nil {
					return 0, err
				}
			}
			text := e.New
			if undo {
				text = e.Old
			}
			v, err := decodeValue(c, text)
			if err != nil {
				return 0, err
			}
			return e.EntityID, s.writeField(ctx, tx, e.EntityID, c, v)
		}
	case "purchases":
		var p Purchase
		if err := json.Unmarshal([]byte(e.New), &p); err != nil {
			return 0, fmt.Errorf("journal purchase: %w", err)
		}
		if undo {
			if _, err := tx.ExecContext(ctx, "DELETE FROM purchases WHERE id = ?", p.ID); err != nil {
				return 0, err
			}
		} else if err := s.insertPurchase(ctx, tx, &p); err != nil {
			return 0, err
		}
		total, err := s.refreshAggregates(ctx, tx, p.CustomerID)
		if err != nil {
			return 0, err
		}
		// Taking a sale back, or a refund again, may not leave refunds
		// larger than what was spent.
		if lowers := (undo && p.Amount > 0) || (!undo && p.Amount < 0); lowers && total < 0 {
			return 0, i18n.Errorf("purchase.undo.negative", validate.FormatYuan(total))
		}
		return p.CustomerID, nil
	case "accounts":
		return s.applyAccount(ctx, tx, e, undo)
	case "contacts":
		if e.Op == "resolve" {
			return applyResolve(ctx, tx, e, undo)
		}
		var c Contact
		if err := json.Unmarshal([]byte(e.New), &c); err != nil {
			return 0, fmt.Errorf("journal contact: %w", err)
		}
		if undo {
			if _, err := tx.ExecContext(ctx, "DELETE FROM contacts WHERE id = ?", c.ID); err != nil {
				return 0, err
			}
		} else if err := s.insertContact(ctx, tx, &c); err != nil {
			return 0, err
		}
		return c.CustomerID, s.refreshContacts(ctx, tx, c.CustomerID)
	}
	return 0, fmt.Errorf("journal entry %s %s cannot be undone", e.Op, e.Entity)
}

func decodeValue(c Column, text string) (any, error) {
	if text == "" {
		return nil, nil
	}
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("journal value: %w", err)
	}
	switch x := v.(type) {
	case json.Number:
		if c.Type == Number || c.Key == "score" {
			return x.Float64()
		}
		return x.Int64()
	}
	return v, nil
}
