package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// Side says whose value a merged field takes.
type Side int

// Sides of a merge. PreferNewer is the default: the non-empty value of the
// customer updated more recently.
const (
	PreferNewer Side = iota
	PreferKeep
	PreferDrop
)

// MergeOptions say how Merge settles fields that differ.
type MergeOptions struct {
	// Prefer names, per column key, the side whose value wins.
	Prefer map[string]Side
	// Lang is the language of the lines Merge adds to the survivor's notes.
	Lang i18n.Lang
}

// FieldConflict is a field both customers had, with different values.
type FieldConflict struct {
	Key         string
	Kept, Other string // display text
	FromDrop    bool   // the kept value is the dropped customer's
}

// MergeResult says what a merge did.
type MergeResult struct {
	Keep, Drop int64
	Moved      map[string]int // per table: rows that moved to the survivor
	Conflicts  []FieldConflict
	Grade      *GradeChange
}

// mergeRows is the journal's record of a merge: both customer rows before
// and after (every stored column), and the rows of each per-customer table
// that moved from the dropped customer to the survivor. Undo and redo put
// exactly these back.
type mergeRows struct {
	Drop     int64              `json:"drop"`
	Keep     map[string]any     `json:"keep"`
	DropRow  map[string]any     `json:"drop_row"`
	Moved    map[string][]int64 `json:"moved,omitempty"`
	Conflict []string           `json:"conflicts,omitempty"`
}

// MergeableColumn reports whether a merge settles column key field by
// field (and so whether --prefer may name it): the columns a user edits.
func (s *Store) MergeableColumn(key string) bool {
	c, ok := s.Column(key)
	return ok && !c.ReadOnly
}

// Merge makes customer keep the one row for both customers: field by field
// the winner (by default the most recent non-empty value; tags are joined;
// notes are joined and say which values differed), the dropped customer's
// purchases, contacts, grade history and every other per-customer row move
// to keep, its opening balance is added, keep's totals are recomputed and
// it is regraded, and drop goes to the trash. All in one transaction and
// one journal entry: Undo restores both rows exactly.
func (s *Store) Merge(ctx context.Context, keep, drop int64, opt MergeOptions) (MergeResult, error) {
	res := MergeResult{Keep: keep, Drop: drop, Moved: map[string]int{}}
	if keep == drop {
		return res, i18n.Errorf("merge.same", keep)
	}
	for k := range opt.Prefer {
		if !s.MergeableColumn(k) {
			return res, i18n.Errorf("merge.prefer.col", k)
		}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range []int64{keep, drop} {
			if err := s.checkLive(ctx, tx, id); err != nil {
				return err
			}
		}
		batch, err := s.newBatch(ctx, tx)
		if err != nil {
			return err
		}
		keepBefore, err := snapshotRow(ctx, tx, keep)
		if err != nil {
			return err
		}
		dropBefore, err := snapshotRow(ctx, tx, drop)
		if err != nil {
			return err
		}
		moved, err := s.mergeRowsTx(ctx, tx, keep, drop, opt, &res)
		if err != nil {
			return err
		}
		for t, ids := range moved {
			res.Moved[t] = len(ids)
		}
		if res.Grade, err = s.regradeTx(ctx, tx, keep, ReasonMerge+" #"+itoa(drop)); err != nil {
			return err
		}
		if _, err := s.regradeTx(ctx, tx, drop, ReasonMerge+" #"+itoa(keep)); err != nil {
			return err
		}
		keepAfter, err := snapshotRow(ctx, tx, keep)
		if err != nil {
			return err
		}
		dropAfter, err := snapshotRow(ctx, tx, drop)
		if err != nil {
			return err
		}
		var conflicts []string
		for _, c := range res.Conflicts {
			conflicts = append(conflicts, c.Key)
		}
		return s.journal(ctx, tx, batch, "merge", "customers", keep, "",
			mergeRows{Drop: drop, Keep: keepBefore, DropRow: dropBefore},
			mergeRows{Drop: drop, Keep: keepAfter, DropRow: dropAfter, Moved: moved, Conflict: conflicts})
	})
	if err != nil {
		return MergeResult{}, fmt.Errorf("merge #%d into #%d: %w", drop, keep, err)
	}
	return res, nil
}

// mergeRowsTx does the merge's writes and returns the rows it moved.
func (s *Store) mergeRowsTx(ctx context.Context, tx *sql.Tx, keep, drop int64, opt MergeOptions, res *MergeResult) (map[string][]int64, error) {
	cols := s.Columns()
	k, err := getRecord(ctx, tx, cols, keep)
	if err != nil {
		return nil, err
	}
	d, err := getRecord(ctx, tx, cols, drop)
	if err != nil {
		return nil, err
	}
	dropNewer := d.Str("updated_at") > k.Str("updated_at")
	var notes []string
	for _, c := range cols {
		if c.ReadOnly || c.Key == "notes" {
			continue
		}
		kv, dv := k.Values[c.Key], d.Values[c.Key]
		side := opt.Prefer[c.Key]
		var v any
		switch {
		case c.Key == "tags" && side == PreferNewer:
			v = strings.Join(unionTags(k.Str("tags"), d.Str("tags")), ",")
		case side == PreferDrop, side == PreferNewer && empty(kv) && !empty(dv),
			side == PreferNewer && dropNewer && !empty(dv):
			v = dv
		default:
			v = kv
		}
		if c.Key != "tags" && !empty(kv) && !empty(dv) && !same(kv, dv) {
			fromDrop := same(v, dv)
			kept, other := Format(c, kv, opt.Lang), Format(c, dv, opt.Lang)
			if fromDrop {
				kept, other = other, kept
			}
			res.Conflicts = append(res.Conflicts, FieldConflict{Key: c.Key, Kept: kept, Other: other, FromDrop: fromDrop})
			from, had := keep, drop
			if fromDrop {
				from, had = drop, keep
			}
			notes = append(notes, opt.Lang.T("merge.note.field", c.Label(opt.Lang), kept, from, had, other))
		}
		if !same(v, kv) {
			if err := s.writeField(ctx, tx, keep, c, v); err != nil {
				return nil, fmt.Errorf("write %s: %w", c.Key, err)
			}
		}
	}
	if err := s.mergeNotes(ctx, tx, k, d, opt, notes); err != nil {
		return nil, err
	}
	// The dropped customer's opening balance (a migrated sheet's totals)
	// is the survivor's too.
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET
		opening_spend = opening_spend + (SELECT opening_spend FROM customers WHERE id = ?2),
		opening_count = opening_count + (SELECT opening_count FROM customers WHERE id = ?2),
		opening_last = max(opening_last, (SELECT opening_last FROM customers WHERE id = ?2)),
		last_contact = max(last_contact, (SELECT last_contact FROM customers WHERE id = ?2))
		WHERE id = ?1`, keep, drop); err != nil {
		return nil, fmt.Errorf("add opening balance: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET opening_spend = 0, opening_count = 0, opening_last = '', last_contact = '', next_follow_up = '' WHERE id = ?`, drop); err != nil {
		return nil, fmt.Errorf("clear opening balance: %w", err)
	}
	moved, err := moveCustomerRows(ctx, tx, drop, keep)
	if err != nil {
		return nil, err
	}
	if err := s.resumBalances(ctx, tx, keep, drop); err != nil {
		return nil, err
	}
	for _, id := range []int64{keep, drop} {
		if _, err := s.refreshAggregates(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	return moved, s.markDeleted(ctx, tx, drop, true)
}

// mergeNotes joins both customers' notes (the survivor's unless --prefer
// names a side) and adds a line saying which values differed.
func (s *Store) mergeNotes(ctx context.Context, tx *sql.Tx, k, d Record, opt MergeOptions, lines []string) error {
	c, _ := s.Column("notes")
	kn, dn := k.Str("notes"), d.Str("notes")
	var parts []string
	switch opt.Prefer["notes"] {
	case PreferKeep:
		parts = append(parts, kn)
	case PreferDrop:
		parts = append(parts, dn)
	default:
		parts = append(parts, kn)
		if dn != kn {
			parts = append(parts, dn)
		}
	}
	if len(lines) > 0 {
		head := opt.Lang.T("merge.note.head", d.ID, d.Str("name"), s.today())
		parts = append(parts, head+"\n"+strings.Join(lines, "\n"))
	}
	parts = slices.DeleteFunc(parts, func(p string) bool { return strings.TrimSpace(p) == "" })
	notes := strings.Join(parts, "\n")
	if notes == kn {
		return nil
	}
	return s.writeField(ctx, tx, k.ID, c, notes)
}

// unionTags is a's tags then b's that a lacks.
func unionTags(a, b string) []string {
	out := SplitTags(a)
	for _, t := range SplitTags(b) {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// empty reports a value a merge treats as not given.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case int64:
		return x == 0 // potential: 0 stars is not set
	}
	return false
}

func same(a, b any) bool { return (a == nil) == (b == nil) && fmt.Sprint(a) == fmt.Sprint(b) }

// customerTables lists the tables that hold rows per customer (a
// customer_id column): every one of them moves in a merge, those added
// after this code was written included.
func customerTables(ctx context.Context, tx *sql.Tx) ([]string, error) {
	out, err := queryColumn[string](ctx, tx, `SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND p.name = 'customer_id' ORDER BY m.name`)
	if err != nil {
		return nil, fmt.Errorf("list customer tables: %w", err)
	}
	return out, nil
}

// moveCustomerRows gives every per-customer row of from to to, and returns
// the rowids moved per table.
func moveCustomerRows(ctx context.Context, tx *sql.Tx, from, to int64) (map[string][]int64, error) {
	tables, err := customerTables(ctx, tx)
	if err != nil {
		return nil, err
	}
	moved := map[string][]int64{}
	for _, t := range tables {
		ids, err := queryColumn[int64](ctx, tx, `SELECT rowid FROM "`+t+`" WHERE customer_id = ? ORDER BY rowid`, from)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", t, err)
		}
		if len(ids) == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE "`+t+`" SET customer_id = ? WHERE customer_id = ?`, to, from); err != nil {
			return nil, fmt.Errorf("move %s: %w", t, err)
		}
		moved[t] = ids
	}
	return moved, nil
}

// setOwner gives the rows ids of table t to customer id.
func setOwner(ctx context.Context, tx *sql.Tx, t string, ids []int64, id int64) error {
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := []any{id}
		for _, r := range part {
			args = append(args, r)
		}
		q := `UPDATE "` + t + `" SET customer_id = ? WHERE rowid IN (?` + strings.Repeat(",?", len(part)-1) + `)`
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("move %s: %w", t, err)
		}
	}
	return nil
}

// snapshotRow reads every stored column of a customer row as SQLite holds
// it (generated columns are recomputed by SQLite and left out).
func snapshotRow(ctx context.Context, tx *sql.Tx, id int64) (map[string]any, error) {
	names, err := storedColumns(ctx, tx)
	if err != nil {
		return nil, err
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = `"` + n + `"`
	}
	vals := make([]any, len(names))
	dest := make([]any, len(names))
	for i := range vals {
		dest[i] = &vals[i]
	}
	if err := tx.QueryRowContext(ctx, "SELECT "+strings.Join(quoted, ", ")+" FROM customers WHERE id = ?", id).Scan(dest...); err != nil {
		return nil, fmt.Errorf("read customer %d: %w", id, err)
	}
	row := make(map[string]any, len(names))
	for i, n := range names {
		if b, ok := vals[i].([]byte); ok {
			vals[i] = string(b)
		}
		row[n] = vals[i]
	}
	return row, nil
}

// storedColumns lists the customers table's columns (table_info leaves the
// generated ones out).
func storedColumns(ctx context.Context, q queryer) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT name FROM pragma_table_info('customers') ORDER BY cid")
	if err != nil {
		return nil, fmt.Errorf("read columns: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("read columns: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// restoreRow writes a snapshot back to its customer row, column by column
// as it was stored. Columns added since the snapshot keep their values.
func restoreRow(ctx context.Context, tx *sql.Tx, id int64, row map[string]any) error {
	var sets []string
	var args []any
	for n, v := range row {
		if n == "id" {
			continue
		}
		sets = append(sets, `"`+n+`" = ?`)
		args = append(args, v)
	}
	args = append(args, id)
	if _, err := tx.ExecContext(ctx, "UPDATE customers SET "+strings.Join(sets, ", ")+" WHERE id = ?", args...); err != nil {
		return fmt.Errorf("restore customer %d: %w", id, err)
	}
	return nil
}

// applyMerge undoes (or redoes) a merge from its journal entry: both rows
// as they were before (after) it, and the moved rows back (again).
func (s *Store) applyMerge(ctx context.Context, tx *sql.Tx, e Entry, undo bool) (int64, error) {
	var before, after mergeRows
	if err := decodeMerge(e.Old, &before); err != nil {
		return 0, err
	}
	if err := decodeMerge(e.New, &after); err != nil {
		return 0, err
	}
	keep, drop := e.EntityID, after.Drop
	state, owner := after, keep
	if undo {
		state, owner = before, drop
	}
	tables := make([]string, 0, len(after.Moved))
	for t := range after.Moved {
		tables = append(tables, t)
	}
	slices.Sort(tables)
	for _, t := range tables {
		if err := setOwner(ctx, tx, t, after.Moved[t], owner); err != nil {
			return 0, err
		}
	}
	if err := restoreRow(ctx, tx, keep, state.Keep); err != nil {
		return 0, err
	}
	if err := restoreRow(ctx, tx, drop, state.DropRow); err != nil {
		return 0, err
	}
	return keep, nil
}

// decodeMerge reads a merge's journal value; numbers come back as int64
// when they are whole (SQLite stores them by the column's type either way).
func decodeMerge(text string, m *mergeRows) error {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	if err := d.Decode(m); err != nil {
		return fmt.Errorf("journal merge: %w", err)
	}
	for _, row := range []map[string]any{m.Keep, m.DropRow} {
		for k, v := range row {
			n, ok := v.(json.Number)
			if !ok {
				continue
			}
			if i, err := n.Int64(); err == nil {
				row[k] = i
			} else if f, err := n.Float64(); err == nil {
				row[k] = f
			} else {
				return fmt.Errorf("journal merge: %s: %w", k, err)
			}
		}
	}
	return nil
}
