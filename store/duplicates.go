package store

import (
	"context"
	"database/sql"
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
	return eachIdentity(ctx, s.db, fn)
}

func eachIdentity(ctx context.Context, q queryer, fn func(dedupe.Customer) error) error {
	rows, err := q.QueryContext(ctx, `SELECT id, name || x'1f' || phone || x'1f' || email || x'1f' || wechat || x'1f' || company
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
		var ok [4]bool
		c.Name, packed, ok[0] = strings.Cut(packed, "\x1f")
		c.Phone, packed, ok[1] = strings.Cut(packed, "\x1f")
		c.Email, packed, ok[2] = strings.Cut(packed, "\x1f")
		c.WeChat, c.Company, ok[3] = strings.Cut(packed, "\x1f")
		if ok != [4]bool{true, true, true, true} || strings.Contains(c.Company, "\x1f") {
			odd = append(odd, c.ID)
			continue
		}
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
	who, err := identities(ctx, q, odd)
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
	if err := growFinder(ctx, s.db, f); err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	if err := s.EachIdentity(ctx, func(c dedupe.Customer) error { f.Add(c); return nil }); err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	return f.Matches(), nil
}

// growFinder sizes f for the ledger's customers: the largest id (read from
// the primary key at once) bounds how many there are, the trash included.
func growFinder(ctx context.Context, q queryer, f *dedupe.Finder) error {
	n, err := nextCustomerID(ctx, q)
	if err != nil {
		return err
	}
	f.Grow(int(n))
	return nil
}

// Identities reads the identifying fields of the given customers (trashed
// ones included), for showing matches; ids not in the ledger are left out.
func (s *Store) Identities(ctx context.Context, ids []int64) (map[int64]dedupe.Customer, error) {
	return identities(ctx, s.db, ids)
}

func identities(ctx context.Context, qr queryer, ids []int64) (map[int64]dedupe.Customer, error) {
	out := make(map[int64]dedupe.Customer, len(ids))
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		q := "SELECT id, name, phone, email, wechat, company FROM customers WHERE id IN (?" + strings.Repeat(",?", len(part)-1) + ")"
		if err := readIdentities(ctx, qr, q, args, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readIdentities(ctx context.Context, qr queryer, q string, args []any, out map[int64]dedupe.Customer) error {
	rows, err := qr.QueryContext(ctx, q, args...)
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

// ImportDuplicate is a row of a dry-run import that looks like a customer
// already in the ledger, or like another row of the same sheet.
type ImportDuplicate struct {
	Row       dedupe.Customer // as the row would be added (ID: the id it would get)
	Other     dedupe.Customer
	OtherNew  bool // Other is another row of the sheet
	Reasons   []dedupe.Reason
	Certainty int
}

// maxImportDuplicates bounds what a dry run lists: the most certain first.
const maxImportDuplicates = 200

// nextCustomerID is the id the next customer added will get at least.
func nextCustomerID(ctx context.Context, q queryer) (int64, error) {
	var id int64
	if err := q.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) + 1 FROM customers").Scan(&id); err != nil {
		return 0, fmt.Errorf("read customers: %w", err)
	}
	return id, nil
}

// importDuplicates finds, inside a dry-run import's transaction, the pairs
// with at least one customer the import added (id from firstNew on).
// Matches of many customers at once are left to 'kehu duplicates'.
func importDuplicates(ctx context.Context, tx *sql.Tx, firstNew int64) ([]ImportDuplicate, error) {
	f := dedupe.NewFinder()
	if err := growFinder(ctx, tx, f); err != nil {
		return nil, err
	}
	if err := eachIdentity(ctx, tx, func(c dedupe.Customer) error { f.Add(c); return nil }); err != nil {
		return nil, err
	}
	var pairs []dedupe.Match
	var ids []int64
	for _, m := range f.Matches() {
		if m.Group() || m.IDs[1] < firstNew {
			continue
		}
		pairs = append(pairs, m)
		ids = append(ids, m.IDs...)
		if len(pairs) == maxImportDuplicates {
			break
		}
	}
	who, err := identities(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]ImportDuplicate, 0, len(pairs))
	for _, m := range pairs {
		// IDs are ascending: the second is the sheet's; the first may be too.
		out = append(out, ImportDuplicate{Row: who[m.IDs[1]], Other: who[m.IDs[0]], OtherNew: m.IDs[0] >= firstNew,
			Reasons: m.Reasons, Certainty: m.Certainty})
	}
	return out, nil
}
