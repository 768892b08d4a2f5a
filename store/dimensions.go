package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// fillDimensions reads, for the customers of ids (inputs in the same
// order), what loyalty and the owner's graded columns need: referrals
// brought, open complaints, months of the last 12 with a purchase, and the
// columns' values. Nothing is read while the rules weigh none of them, so
// grading costs what it always did until the owner turns them on. only,
// when not 0, reads that one customer, loyalty's inputs always: its
// explanation shows loyalty whatever its weight.
func (s *Store) fillDimensions(ctx context.Context, q queryer, rules tiering.Rules, ids []int64, inputs []tiering.Input, only int64) error {
	needLoyalty := rules.NeedsLoyalty() || only != 0
	if !needLoyalty && len(rules.Extra) == 0 {
		return nil
	}
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	one, args := "", []any{}
	if only != 0 {
		one, args = " AND c.id = ?", []any{only}
	}
	if needLoyalty {
		err := eachRow(ctx, q, `SELECT c.id, c.open_complaints,
			(SELECT count(*) FROM customers r WHERE r.referred_by = c.id AND r.deleted_at IS NULL)
			FROM customers c WHERE c.deleted_at IS NULL`+one, args, func(rows *sql.Rows) error {
			var id int64
			var open, refs int
			if err := rows.Scan(&id, &open, &refs); err != nil {
				return err
			}
			if i, ok := pos[id]; ok {
				inputs[i].OpenComplaints, inputs[i].Referrals = open, refs
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("read loyalty: %w", err)
		}
		// Months of the last 12 (purchases of the last 365 days) with a
		// purchase; a refund is not one.
		since := s.now().AddDate(0, 0, -364).Format(parseDay)
		pq := "SELECT customer_id, count(DISTINCT substr(date, 1, 7)) FROM purchases WHERE date >= ? AND amount > 0"
		pargs := []any{since}
		if only != 0 {
			pq += " AND customer_id = ?"
			pargs = append(pargs, only)
		}
		err = eachRow(ctx, q, pq+" GROUP BY customer_id", pargs, func(rows *sql.Rows) error {
			var id int64
			var months int
			if err := rows.Scan(&id, &months); err != nil {
				return err
			}
			if i, ok := pos[id]; ok {
				inputs[i].ActiveMonths = months
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("read loyalty: %w", err)
		}
	}
	for d, dim := range rules.Extra {
		col, ok := s.Column(dim.Column)
		if !ok {
			continue // a column removed since: every customer's cell is empty
		}
		err := eachRow(ctx, q, "SELECT c.id, c."+col.sqlName+" FROM customers c WHERE c.deleted_at IS NULL AND c."+col.sqlName+" IS NOT NULL"+one, args,
			func(rows *sql.Rows) error {
				var id int64
				var v any
				if err := rows.Scan(&id, &v); err != nil {
					return err
				}
				i, ok := pos[id]
				if !ok {
					return nil
				}
				x := extraValue(col, v)
				if !x.Set {
					return nil
				}
				if inputs[i].Extra == nil {
					inputs[i].Extra = make([]tiering.ExtraValue, len(rules.Extra))
				}
				inputs[i].Extra[d] = x
				return nil
			})
		if err != nil {
			return fmt.Errorf("read %s: %w", col.Key, err)
		}
	}
	return nil
}

// extraValue is a stored cell as a dimension's value: money in yuan,
// numbers as they are, choices and text by their words; an empty text is
// no value.
func extraValue(c Column, v any) tiering.ExtraValue {
	switch x := v.(type) {
	case int64:
		if c.Type == Money {
			return tiering.ExtraValue{Set: true, Num: float64(x) / 100}
		}
		return tiering.ExtraValue{Set: true, Num: float64(x)}
	case float64:
		return tiering.ExtraValue{Set: true, Num: x}
	case string:
		if x == "" {
			return tiering.ExtraValue{}
		}
		return tiering.ExtraValue{Set: true, Text: x}
	case []byte:
		if len(x) == 0 {
			return tiering.ExtraValue{}
		}
		return tiering.ExtraValue{Set: true, Text: string(x)}
	}
	return tiering.ExtraValue{}
}

// eachRow runs query and calls fn for each row.
func eachRow(ctx context.Context, q queryer, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CheckDimensions refuses rules that grade a column kehu cannot score: one
// that does not exist, or is not a number, money or choice column.
func (s *Store) CheckDimensions(r tiering.Rules) error {
	for _, d := range r.Extra {
		if err := s.CheckDimension(d); err != nil {
			return err
		}
	}
	return nil
}

// CheckDimension refuses one graded column kehu cannot score: one that does
// not exist; one the grade itself makes (score, grade) or loyalty, which
// has a weight of its own; quintile or thresholds on anything but a number
// or money column, choice on anything but a choice column.
func (s *Store) CheckDimension(d tiering.ExtraDim) error {
	c, ok := s.Column(d.Column)
	if !ok {
		return i18n.Errorf("dimension.unknown", d.Column)
	}
	switch c.Key {
	case "score", "grade", "pinned":
		return i18n.Errorf("dimension.circular", d.Column)
	case loyaltyKey:
		return i18n.Errorf("dimension.loyalty", d.Column)
	}
	switch {
	case d.Mode == tiering.DimChoice && c.Type == Choice:
	case (d.Mode == tiering.DimThresholds || d.Mode == tiering.DimQuintile) && (c.Type == Number || c.Type == Money || c.Type == Int):
	default:
		return i18n.Errorf("dimension.type", d.Column, d.Mode)
	}
	return nil
}
