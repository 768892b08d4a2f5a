package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// Record is one customer with every column's value, keyed by column key.
type Record struct {
	ID      int64
	Values  map[string]any
	Deleted bool
}

// Text returns a column's value as display text in lang.
func (r Record) Text(s *Store, key string, l i18n.Lang) string {
	c, ok := s.Column(key)
	if !ok {
		return ""
	}
	return Format(c, r.Values[key], l)
}

// Str returns a string column's raw value ("" when absent or not a string).
func (r Record) Str(key string) string { v, _ := r.Values[key].(string); return v }

// Int returns an integer column's raw value (money in fen).
func (r Record) Int(key string) int64 { v, _ := r.Values[key].(int64); return v }

// GradeChange tells that a customer's grade moved.
type GradeChange struct {
	ID       int64
	Name     string
	Old, New string
	Score    float64
	Reason   string
}

// String is the status-bar form, e.g. "王芳 B→A".
func (g GradeChange) String() string { return g.Name + " " + g.Old + "→" + g.New }

// Change reports what a write did.
type Change struct {
	ID       int64
	Old, New any
	Grade    *GradeChange // set when the write moved the customer's grade
	Warnings []error      // e.g. a duplicate phone: stored, but worth saying
}

// Get reads one customer, trashed or not.
func (s *Store) Get(ctx context.Context, id int64) (Record, error) {
	return getRecord(ctx, s.db, s.Columns(), id)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// queryColumn runs a query of one column and returns its values.
func queryColumn[T any](ctx context.Context, q queryer, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func getRecord(ctx context.Context, q queryer, cols []Column, id int64) (Record, error) {
	names := make([]string, 0, len(cols)+1)
	for _, c := range cols {
		names = append(names, c.sqlName)
	}
	names = append(names, "deleted_at IS NOT NULL")
	vals := make([]any, len(names))
	dest := make([]any, len(names))
	for i := range vals {
		dest[i] = &vals[i]
	}
	err := q.QueryRowContext(ctx, "SELECT "+strings.Join(names, ", ")+" FROM customers WHERE id = ?", id).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, i18n.Errorf("cust.notfound", strconv.FormatInt(id, 10))
	}
	if err != nil {
		return Record{}, fmt.Errorf("read customer %d: %w", id, err)
	}
	r := Record{ID: id, Values: make(map[string]any, len(cols))}
	for i, c := range cols {
		r.Values[c.Key] = normalise(c, vals[i])
	}
	r.Deleted = vals[len(vals)-1].(int64) != 0
	return r, nil
}

// Resolve finds the customer a user means: an id, a phone (any accepted
// shape) or a unique name. An ambiguous name fails and lists the candidates.
func (s *Store) Resolve(ctx context.Context, ref string) (int64, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return 0, i18n.Errorf("cust.notfound", ref)
	}
	if id, err := strconv.ParseInt(strings.TrimPrefix(ref, "#"), 10, 64); err == nil && len(ref) < 11 {
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE id = ? AND deleted_at IS NULL", id).Scan(&n); err != nil {
			return 0, fmt.Errorf("find customer: %w", err)
		}
		if n == 1 {
			return id, nil
		}
	}
	if phone, err := ParseValue(Column{Key: "phone"}, ref); err == nil && phone != "" {
		if ids, err := s.idsWhere(ctx, "phone = ?", phone); err != nil {
			return 0, err
		} else if len(ids) == 1 {
			return ids[0], nil
		} else if len(ids) > 1 {
			return 0, s.ambiguous(ctx, ref, ids)
		}
	}
	ids, err := s.idsWhere(ctx, "name = ?", ref)
	if err != nil {
		return 0, err
	}
	switch len(ids) {
	case 0:
		return 0, i18n.Errorf("cust.notfound", ref)
	case 1:
		return ids[0], nil
	}
	return 0, s.ambiguous(ctx, ref, ids)
}

func (s *Store) idsWhere(ctx context.Context, cond string, args ...any) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM customers WHERE deleted_at IS NULL AND "+cond+" ORDER BY id LIMIT 20", args...)
	if err != nil {
		return nil, fmt.Errorf("find customer: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("find customer: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (s *Store) ambiguous(ctx context.Context, ref string, ids []int64) error {
	var list []string
	for _, id := range ids {
		r, err := s.Get(ctx, id)
		if err != nil {
			return err
		}
		desc := fmt.Sprintf("#%d %s", id, r.Str("name"))
		if p := r.Str("phone"); p != "" {
			desc += " " + p
		}
		if c := r.Str("company"); c != "" {
			desc += " (" + c + ")"
		}
		list = append(list, desc)
	}
	return i18n.Errorf("cust.ambiguous", ref, len(ids), strings.Join(list, "; "))
}

// FindByPhone returns the live customers that have this (normalised) phone.
func (s *Store) FindByPhone(ctx context.Context, phone string) ([]int64, error) {
	if phone == "" {
		return nil, nil
	}
	return s.idsWhere(ctx, "phone = ?", phone)
}

// ParseFields validates raw text per column key (name, phone, custom keys...)
// and returns the typed values; every bad field is reported, none written.
func (s *Store) ParseFields(fields map[string]string) (map[string]any, error) {
	out := make(map[string]any, len(fields))
	var errs []error
	for k, raw := range fields {
		c, ok := s.Column(k)
		if !ok {
			errs = append(errs, i18n.Errorf("col.unknown", k))
			continue
		}
		if c.ReadOnly {
			errs = append(errs, i18n.Errorf("col.readonly", c.Key))
			continue
		}
		if c.Key == "referred_by" {
			var err error
			if raw, err = s.referrerID(context.Background(), raw); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		v, err := ParseValue(c, raw)
		if err == nil {
			err = s.CheckValue(c, v)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[c.Key] = v
	}
	if _, ok := out["name"]; !ok && len(errs) == 0 {
		if _, err := ParseValue(Column{Key: "name"}, ""); err != nil {
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

// AddCustomer validates fields (column key → typed text) and adds the
// customer. A phone that another customer has is stored but reported in
// Change.Warnings with that customer.
func (s *Store) AddCustomer(ctx context.Context, fields map[string]string) (Change, error) {
	if staff := ActorOf(ctx).Staff; staff != "" && strings.TrimSpace(fields["owner"]) == "" {
		// Added in a served session: the staff member who added the
		// customer looks after them until someone says otherwise.
		fields = maps.Clone(fields)
		fields["owner"] = staff
	}
	vals, err := s.ParseFields(fields)
	if err != nil {
		return Change{}, err
	}
	var ch Change
	err = s.tx(ctx, func(tx *sql.Tx) error {
		batch, err := s.newBatch(ctx, tx)
		if err != nil {
			return err
		}
		id, warn, err := s.insertCustomer(ctx, tx, vals)
		if err != nil {
			return err
		}
		ch.ID, ch.Warnings = id, warn
		ch.New = vals["name"]
		if err := s.journal(ctx, tx, batch, "add", "customers", id, "", nil, vals); err != nil {
			return err
		}
		g, err := s.regradeTx(ctx, tx, id, ReasonAdded)
		ch.Grade = g
		if rid, ok := vals["referred_by"].(int64); ok && rid != 0 && err == nil {
			_, err = s.regradeTx(ctx, tx, rid, ReasonEdit+" referred_by") // a referral counts for the referrer's loyalty
		}
		return err
	})
	if err != nil {
		return Change{}, fmt.Errorf("add customer: %w", err)
	}
	return ch, nil
}

func (s *Store) insertCustomer(ctx context.Context, tx *sql.Tx, vals map[string]any) (int64, []error, error) {
	var warn []error
	if p, _ := vals["phone"].(string); p != "" {
		var other int64
		var name string
		err := tx.QueryRowContext(ctx, "SELECT id, name FROM customers WHERE phone = ? AND deleted_at IS NULL LIMIT 1", p).Scan(&other, &name)
		if err == nil {
			warn = append(warn, i18n.Errorf("cust.duplicate", p, name, other))
		} else if !errors.Is(err, sql.ErrNoRows) {
			return 0, nil, err
		}
	}
	ins := newCustomerInserter(tx, writableColumns(s.Columns()), false, s.timestamp())
	defer ins.close()
	id, err := ins.insertOne(ctx, &newCustomer{values: vals, grade: ungraded})
	return id, warn, err
}

func dbValue(v any) any {
	if b, ok := v.(bool); ok {
		if b {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

// SetField validates raw for column key and stores it on customer id, with
// its journal entry and a live regrade, in one transaction.
func (s *Store) SetField(ctx context.Context, id int64, key, raw string) (Change, error) {
	c, ok := s.Column(key)
	if !ok {
		return Change{}, i18n.Errorf("col.unknown", key)
	}
	if c.ReadOnly {
		return Change{}, i18n.Errorf("col.readonly", c.Label(i18n.EN))
	}
	if c.Key == "referred_by" {
		var err error
		if raw, err = s.referrerID(ctx, raw); err != nil {
			return Change{}, err
		}
		if raw == strconv.FormatInt(id, 10) {
			return Change{}, i18n.Errorf("referrer.self")
		}
	}
	v, err := ParseValue(c, raw)
	if err == nil {
		err = s.CheckValue(c, v)
	}
	if err != nil {
		return Change{}, err
	}
	var ch Change
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		ch, err = s.setFieldTx(ctx, tx, id, c, v)
		return err
	})
	if err != nil {
		return Change{}, fmt.Errorf("edit %s: %w", c.Key, err)
	}
	return ch, nil
}

func (s *Store) setFieldTx(ctx context.Context, tx *sql.Tx, id int64, c Column, v any) (Change, error) {
	ch := Change{ID: id, New: v}
	var old any
	var deleted bool
	err := tx.QueryRowContext(ctx, "SELECT "+c.sqlName+", deleted_at IS NOT NULL FROM customers WHERE id = ?", id).Scan(&old, &deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return ch, i18n.Errorf("cust.notfound", strconv.FormatInt(id, 10))
	}
	if err != nil {
		return ch, err
	}
	if deleted {
		return ch, i18n.Errorf("cust.deleted", id)
	}
	old = normalise(c, old)
	ch.Old = old
	if fmt.Sprint(old) == fmt.Sprint(v) && (old == nil) == (v == nil) {
		return ch, nil
	}
	if c.Key == "phone" {
		if p, _ := v.(string); p != "" {
			var other int64
			var name string
			err := tx.QueryRowContext(ctx, "SELECT id, name FROM customers WHERE phone = ? AND id != ? AND deleted_at IS NULL LIMIT 1", p, id).Scan(&other, &name)
			if err == nil {
				ch.Warnings = append(ch.Warnings, i18n.Errorf("cust.duplicate", p, name, other))
			}
		}
	}
	batch, err := s.newBatch(ctx, tx)
	if err != nil {
		return ch, err
	}
	if err := s.writeField(ctx, tx, id, c, v); err != nil {
		return ch, err
	}
	if err := s.journal(ctx, tx, batch, "edit", "customers", id, c.Key, old, v); err != nil {
		return ch, err
	}
	ch.Grade, err = s.regradeTx(ctx, tx, id, ReasonEdit+" "+c.Key)
	if err != nil || c.Key != "referred_by" {
		return ch, err
	}
	// A referral counts for the referrer's loyalty: the one who lost it
	// and the one who gained it are regraded too.
	for _, r := range []any{old, v} {
		if rid, ok := r.(int64); ok && rid != 0 && rid != id {
			if _, err := s.regradeTx(ctx, tx, rid, ReasonEdit+" "+c.Key); err != nil {
				return ch, err
			}
		}
	}
	return ch, nil
}

func (s *Store) writeField(ctx context.Context, tx *sql.Tx, id int64, c Column, v any) error {
	_, err := tx.ExecContext(ctx, "UPDATE customers SET "+c.sqlName+" = ?, updated_at = ? WHERE id = ?", dbValue(v), s.timestamp(), id)
	return err
}

// Delete moves a customer to the trash (soft delete; Undo or Restore brings it back).
func (s *Store) Delete(ctx context.Context, id int64) error {
	return s.setDeleted(ctx, id, true)
}

// Restore takes a customer out of the trash.
func (s *Store) Restore(ctx context.Context, id int64) error {
	return s.setDeleted(ctx, id, false)
}

func (s *Store) setDeleted(ctx context.Context, id int64, del bool) error {
	op := "delete"
	if !del {
		op = "restore"
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var deleted bool
		err := tx.QueryRowContext(ctx, "SELECT deleted_at IS NOT NULL FROM customers WHERE id = ?", id).Scan(&deleted)
		if errors.Is(err, sql.ErrNoRows) {
			return i18n.Errorf("cust.notfound", strconv.FormatInt(id, 10))
		}
		if err != nil {
			return err
		}
		if deleted == del {
			return nil
		}
		batch, err := s.newBatch(ctx, tx)
		if err != nil {
			return err
		}
		if err := s.markDeleted(ctx, tx, id, del); err != nil {
			return err
		}
		return s.journal(ctx, tx, batch, op, "customers", id, "", nil, nil)
	})
	if err != nil {
		return fmt.Errorf("%s customer %d: %w", op, id, err)
	}
	return nil
}

func (s *Store) markDeleted(ctx context.Context, tx *sql.Tx, id int64, del bool) error {
	var at any
	if del {
		at = s.timestamp()
	}
	_, err := tx.ExecContext(ctx, "UPDATE customers SET deleted_at = ?, updated_at = ? WHERE id = ?", at, s.timestamp(), id)
	return err
}

// markDeletedRange trashes (or restores) customers first to last at once.
func (s *Store) markDeletedRange(ctx context.Context, tx *sql.Tx, first, last int64, del bool) error {
	var at any
	if del {
		at = s.timestamp()
	}
	_, err := tx.ExecContext(ctx, "UPDATE customers SET deleted_at = ?, updated_at = ? WHERE id BETWEEN ? AND ?", at, s.timestamp(), first, last)
	return err
}

// CountAll is the number of live customers.
func (s *Store) CountAll(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE deleted_at IS NULL").Scan(&n); err != nil {
		return 0, s.classify(fmt.Errorf("count customers: %w", err))
	}
	return n, nil
}
