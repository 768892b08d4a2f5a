package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
)

// rowKeys are the identities a row is matched by.
func rowKeys(r ImportRow) (phone, nameKey string) {
	phone, _ = r.Values["phone"].(string)
	name, _ := r.Values["name"].(string)
	company, _ := r.Values["company"].(string)
	return phone, name + "\x00" + company
}

// match finds the live customer each row stands for, as matchAll does:
// in memory when the import began on an empty ledger, else in the ledger.
func (im *importRun) match(ctx context.Context, tx *sql.Tx, rows []prepped) ([]int64, error) {
	if !im.byMemory {
		return im.matchAll(ctx, tx, rows)
	}
	ids := make([]int64, len(rows))
	var again []int // rows whose memory hit did not hold: ask the ledger
	for i, r := range rows {
		// a row with a phone matches by phone first; else, or when the phone
		// is new, by name and company (only a customer without a phone, when
		// the row has one)
		phone, key := r.phone, r.nameKey
		var id int64
		if phone != "" {
			id = im.phoneIDs[im.hash(phone)]
		}
		byPhone := id != 0
		if !byPhone {
			byName := im.nameAny
			if phone != "" {
				byName = im.nameBare
			}
			if id = byName[im.hash(key)]; id == 0 {
				continue
			}
		}
		checkPhone := ""
		if byPhone {
			checkPhone = phone
		}
		ok, err := im.holds(ctx, id, checkPhone, key, !byPhone && phone != "")
		if err != nil {
			return nil, err
		}
		if ok {
			ids[i] = id
		} else {
			again = append(again, i)
		}
	}
	if len(again) > 0 {
		sub := make([]prepped, len(again))
		for j, i := range again {
			sub[j] = rows[i]
		}
		found, err := im.matchAll(ctx, tx, sub)
		if err != nil {
			return nil, err
		}
		for j, i := range again {
			ids[i] = found[j]
		}
	}
	return ids, nil
}

func (im *importRun) hash(s string) uint64 { return maphash.String(im.seed, s) }

// holds checks a memory hit against the ledger: customer id is live and
// has the phone (when phone is set), else the name and company of key
// (and no phone, when bare).
func (im *importRun) holds(ctx context.Context, id int64, phone, key string, bare bool) (bool, error) {
	var p, name, company string
	err := im.keysOf.QueryRowContext(ctx, id).Scan(&p, &name, &company)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find customers: %w", err)
	}
	if phone != "" {
		return p == phone, nil
	}
	return name+"\x00"+company == key && (!bare || p == ""), nil
}

// remember notes the keys of customer id for matching in memory; the
// lowest id keeps a key.
func (im *importRun) remember(id int64, phone, name, company string) {
	put := func(m map[uint64]int64, k string) {
		h := im.hash(k)
		if old, ok := m[h]; !ok || id < old {
			m[h] = id
		}
	}
	if phone != "" {
		put(im.phoneIDs, phone)
	}
	key := name + "\x00" + company
	put(im.nameAny, key)
	if phone == "" {
		put(im.nameBare, key)
	}
}

// matchAll finds the live customer each row stands for (0 when none): by
// phone, else by name and company, only a customer without a different
// phone; the lowest id wins.
func (im *importRun) matchAll(ctx context.Context, tx *sql.Tx, rows []prepped) ([]int64, error) {
	ids := make([]int64, len(rows))
	var phones []any
	seen := map[string]bool{}
	for _, r := range rows {
		if phone := r.phone; phone != "" && !seen[phone] {
			seen[phone] = true
			phones = append(phones, phone)
		}
	}
	byPhone := map[string]int64{}
	if len(phones) > 0 {
		// (no ORDER BY: it would make SQLite walk the table in id order
		// instead of using the phone index; the lowest id is kept here)
		phones = pad(phones, 1, im.perStmt)
		q := "SELECT phone, id FROM customers WHERE deleted_at IS NULL AND phone IN (" + placeholders(len(phones)) + ")"
		if err := im.scanRows2(ctx, tx, q, phones, byPhone, false); err != nil {
			return nil, err
		}
	}
	// Rows without a phone match a customer of the same name and company;
	// rows with an unknown phone only one that has no phone.
	var withPhone, noPhone []any
	seen = map[string]bool{}
	for i, r := range rows {
		phone, key := r.phone, r.nameKey
		if id, ok := byPhone[phone]; ok && phone != "" {
			ids[i] = id
			continue
		}
		k := key
		if phone != "" {
			k = "p" + key
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		name, _ := r.row.Values["name"].(string)
		company, _ := r.row.Values["company"].(string)
		if phone != "" {
			withPhone = append(withPhone, name, company)
		} else {
			noPhone = append(noPhone, name, company)
		}
	}
	byNameNoPhone, byNameAny := map[string]int64{}, map[string]int64{}
	if len(withPhone) > 0 {
		withPhone = pad(withPhone, 2, im.perStmt)
		q := "SELECT name, company, id FROM customers WHERE phone = '' AND deleted_at IS NULL AND (name, company) IN (VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?),", len(withPhone)/2), ",") + ")"
		if err := im.scanRows2(ctx, tx, q, withPhone, byNameNoPhone, true); err != nil {
			return nil, err
		}
	}
	if len(noPhone) > 0 {
		noPhone = pad(noPhone, 2, im.perStmt)
		q := "SELECT name, company, id FROM customers WHERE deleted_at IS NULL AND (name, company) IN (VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?),", len(noPhone)/2), ",") + ")"
		if err := im.scanRows2(ctx, tx, q, noPhone, byNameAny, true); err != nil {
			return nil, err
		}
	}
	for i, r := range rows {
		if ids[i] != 0 {
			continue
		}
		phone, key := r.phone, r.nameKey
		if phone != "" {
			ids[i] = byNameNoPhone[key]
		} else {
			ids[i] = byNameAny[key]
		}
	}
	return ids, nil
}

// scanRows2 runs a query of (key, id) rows, or (name, company, id) rows
// when named, and keeps the lowest id per key.
func (im *importRun) scanRows2(ctx context.Context, tx *sql.Tx, q string, args []any, into map[string]int64, named bool) error {
	st, err := im.stmt(ctx, tx, q) //nolint:sqlclosecheck // cached per import; closed when the import ends
	if err != nil {
		return fmt.Errorf("find customers: %w", err)
	}
	rs, err := st.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("find customers: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var k, company string
		var id int64
		var err error
		if named {
			err = rs.Scan(&k, &company, &id)
			k += "\x00" + company
		} else {
			err = rs.Scan(&k, &id)
		}
		if err != nil {
			return fmt.Errorf("find customers: %w", err)
		}
		if old, ok := into[k]; !ok || id < old {
			into[k] = id
		}
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("find customers: %w", err)
	}
	return nil
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// pad repeats the first group of per arguments until args holds n groups,
// so that a lookup always has the same shape and one prepared statement
// serves every batch (a repeated value changes nothing in an IN list).
func pad(args []any, per, n int) []any {
	for len(args) < per*n {
		args = append(args, args[:per]...)
	}
	return args
}
