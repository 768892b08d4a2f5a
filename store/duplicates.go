package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/dedupe"
)

// EachIdentity streams the identifying fields of every live customer (id
// order) to fn: what finding duplicates reads, and nothing more. The five
// fields come packed in one column (the driver's cost is per column read);
// validation keeps the separator out of them, and a row that has it anyway
// is read field by field.
func (s *Store) EachIdentity(ctx context.Context, fn func(dedupe.Customer) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name || x'1f' || phone || x'1f' || email || x'1f' || wechat || x'1f' || company
		FROM customers WHERE deleted_at IS NULL ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	defer rows.Close()
	var odd []int64
	for rows.Next() {
		var c dedupe.Customer
		var packed string
		if err := rows.Scan(&c.ID, &packed); err != nil {
			return fmt.Errorf("read customers: %w", err)
		}
		f := strings.Split(packed, "\x1f")
		if len(f) != 5 {
			odd = append(odd, c.ID)
			continue
		}
		c.Name, c.Phone, c.Email, c.WeChat, c.Company = f[0], f[1], f[2], f[3], f[4]
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	if len(odd) == 0 {
		return nil
	}
	who, err := s.Identities(ctx, odd)
	if err != nil {
		return err
	}
	for _, id := range odd {
		if err := fn(who[id]); err != nil {
			return err
		}
	}
	return nil
}

// FindDuplicates finds the live customers that look like one another, most
// certain first. It reads the ledger and changes nothing.
func (s *Store) FindDuplicates(ctx context.Context) ([]dedupe.Match, error) {
	f := dedupe.NewFinder()
	if err := s.EachIdentity(ctx, func(c dedupe.Customer) error { f.Add(c); return nil }); err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	return f.Matches(), nil
}

// Identities reads the identifying fields of the given customers (trashed
// ones included), for showing matches; ids not in the ledger are left out.
func (s *Store) Identities(ctx context.Context, ids []int64) (map[int64]dedupe.Customer, error) {
	out := make(map[int64]dedupe.Customer, len(ids))
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		q := "SELECT id, name, phone, email, wechat, company FROM customers WHERE id IN (?" + strings.Repeat(",?", len(part)-1) + ")"
		if err := s.readIdentities(ctx, q, args, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) readIdentities(ctx context.Context, q string, args []any, out map[int64]dedupe.Customer) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c dedupe.Customer
		if err := rows.Scan(&c.ID, &c.Name, &c.Phone, &c.Email, &c.WeChat, &c.Company); err != nil {
			return fmt.Errorf("read customers: %w", err)
		}
		out[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	return nil
}
