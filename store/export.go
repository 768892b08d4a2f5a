package store

import (
	"context"
	"fmt"
)

// The queries below serve exports: the purchases, contacts and tier summary
// of exactly the customers a view selects, streamed, never held.

// CountViewPurchases counts the purchases of the customers q selects,
// stopping at limit (0 = no limit): an export only needs to know whether
// they fit in a sheet.
func (s *Store) CountViewPurchases(ctx context.Context, q Query, limit int) (int, error) {
	return s.countView(ctx, q, "purchases", limit)
}

// CountViewContacts counts the contact entries of the customers q selects,
// stopping at limit (0 = no limit).
func (s *Store) CountViewContacts(ctx context.Context, q Query, limit int) (int, error) {
	return s.countView(ctx, q, "contacts", limit)
}

func (s *Store) countView(ctx context.Context, q Query, table string, limit int) (int, error) {
	c, err := s.compile(Query{Filter: q.Filter, Columns: []string{"id"}})
	if err != nil {
		return 0, err
	}
	if limit <= 0 {
		limit = -1
	}
	var n int
	// A join walks the customers and probes the table's customer index,
	// stopping at limit; IN (SELECT ...) would first build the id list.
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM (SELECT id FROM customers WHERE "+c.where+") v JOIN "+table+
		" t ON t.customer_id = v.id LIMIT ?)", append(c.args, limit)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", table, err)
	}
	return n, nil
}

// EachViewPurchase streams the purchases of the customers q selects, with
// the customer's name, ordered by customer id, then date. fn must not write
// to the store; an error from fn stops the scan.
func (s *Store) EachViewPurchase(ctx context.Context, q Query, fn func(p Purchase, name string) error) error {
	c, err := s.compile(Query{Filter: q.Filter, Columns: []string{"id"}})
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.customer_id, v.name, p.date, p.product, p.qty, p.amount, p.note, p.created_at
		FROM (SELECT id, name FROM customers WHERE `+c.where+`) v JOIN purchases p ON p.customer_id = v.id
		ORDER BY p.customer_id, p.date, p.id`, c.args...)
	if err != nil {
		return fmt.Errorf("read purchases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p Purchase
		var name string
		if err := rows.Scan(&p.ID, &p.CustomerID, &name, &p.Date, &p.Product, &p.Qty, &p.Amount, &p.Note, &p.CreatedAt); err != nil {
			return fmt.Errorf("read purchases: %w", err)
		}
		if err := fn(p, name); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read purchases: %w", err)
	}
	return nil
}

// EachViewContact streams the contact log of the customers q selects, with
// the customer's name, ordered by customer id, then time. fn must not write
// to the store; an error from fn stops the scan.
func (s *Store) EachViewContact(ctx context.Context, q Query, fn func(c Contact, name string) error) error {
	c, err := s.compile(Query{Filter: q.Filter, Columns: []string{"id"}})
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT k.id, k.customer_id, v.name, k.at, k.channel, k.kind, k.summary, k.outcome, k.next_follow_up, k.created_at
		FROM (SELECT id, name FROM customers WHERE `+c.where+`) v JOIN contacts k ON k.customer_id = v.id
		ORDER BY k.customer_id, k.at, k.id`, c.args...)
	if err != nil {
		return fmt.Errorf("read contacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k Contact
		var name string
		if err := rows.Scan(&k.ID, &k.CustomerID, &name, &k.At, &k.Channel, &k.Kind, &k.Summary, &k.Outcome, &k.NextFollowUp, &k.CreatedAt); err != nil {
			return fmt.Errorf("read contacts: %w", err)
		}
		if err := fn(k, name); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read contacts: %w", err)
	}
	return nil
}

// TierSum is one grade's share of a view: customers and their total spend.
type TierSum struct {
	Grade     string
	Customers int
	Spend     int64 // fen
}

// ViewTiers sums the customers q selects per grade, A to D; grades nobody
// holds are listed with zeros.
func (s *Store) ViewTiers(ctx context.Context, q Query) ([]TierSum, error) {
	c, err := s.compile(Query{Filter: q.Filter, Columns: []string{"id"}})
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT grade, count(*), coalesce(sum(total_spend), 0) FROM customers WHERE "+c.where+" GROUP BY grade ORDER BY grade", c.args...)
	if err != nil {
		return nil, fmt.Errorf("sum tiers: %w", err)
	}
	defer rows.Close()
	got := map[string]TierSum{}
	var extra []TierSum
	for rows.Next() {
		var t TierSum
		if err := rows.Scan(&t.Grade, &t.Customers, &t.Spend); err != nil {
			return nil, fmt.Errorf("sum tiers: %w", err)
		}
		got[t.Grade] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sum tiers: %w", err)
	}
	out := make([]TierSum, 0, 4)
	for _, g := range []string{"A", "B", "C", "D"} {
		t := got[g]
		t.Grade = g
		out = append(out, t)
		delete(got, g)
	}
	for _, t := range got {
		extra = append(extra, t)
	}
	return append(out, extra...), nil
}
