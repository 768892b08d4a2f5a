package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// StaffKey is an SSH public key a staff member signs in to the served
// table with.
type StaffKey struct {
	Key         string `json:"key"`               // authorized_keys form: type and base64, no comment
	Fingerprint string `json:"fingerprint"`       // SHA256:…
	Comment     string `json:"comment,omitempty"` // the .pub file's comment (user@host)
}

// StaffAccess is how a staff member reaches the served table: their keys
// and, when set, the language their table opens in ("" follows the SSH
// client's LANG).
type StaffAccess struct {
	Keys []StaffKey
	Lang string
}

// AddStaffWith puts name on the staff list with access, in one
// transaction: a name already there, or a key another staff member has, is
// refused and nothing is added.
func (s *Store) AddStaffWith(ctx context.Context, name string, access StaffAccess) error {
	name, err := checkStaffName(name)
	if err != nil {
		return err
	}
	if access.Lang != "" {
		l, err := i18n.Parse(access.Lang)
		if err != nil {
			return err
		}
		access.Lang = string(l)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM staff WHERE name = ?", name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return i18n.Errorf("staff.exists", name)
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO staff(name, created_at, lang) VALUES(?, ?, ?)", name, s.timestamp(), access.Lang)
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		return s.addKeys(ctx, tx, id, access.Keys)
	})
	if err != nil {
		return fmt.Errorf("add staff: %w", err)
	}
	return nil
}

// addKeys gives staff member id keys; a key already on the list (anyone's)
// is refused, so a key always names one person.
func (s *Store) addKeys(ctx context.Context, tx *sql.Tx, id int64, keys []StaffKey) error {
	for _, k := range keys {
		var owner string
		err := tx.QueryRowContext(ctx, "SELECT s.name FROM staff_keys k JOIN staff s ON s.id = k.staff_id WHERE k.key = ?", k.Key).Scan(&owner)
		if err == nil {
			return i18n.Errorf("staff.key.taken", k.Fingerprint, owner)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO staff_keys(staff_id, key, fingerprint, comment, added_at) VALUES(?,?,?,?,?)",
			id, k.Key, k.Fingerprint, k.Comment, s.timestamp()); err != nil {
			return err
		}
	}
	return nil
}

// AddStaffKeys gives staff member name more keys (a second computer).
func (s *Store) AddStaffKeys(ctx context.Context, name string, keys []StaffKey) error {
	name = strings.TrimSpace(name)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM staff WHERE name = ?", name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return i18n.Errorf("staff.unknown", name)
		}
		if err != nil {
			return err
		}
		return s.addKeys(ctx, tx, id, keys)
	})
	if err != nil {
		return fmt.Errorf("add staff key: %w", err)
	}
	return nil
}

// RevokeStaffKeys takes every key of staff member name away, so they can no
// longer connect, and says how many there were. Their customers stay
// theirs (RemoveStaff needs those given to someone else first).
func (s *Store) RevokeStaffKeys(ctx context.Context, name string) (int, error) {
	name = strings.TrimSpace(name)
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		ok, err := s.isStaff(ctx, tx, name)
		if err != nil {
			return err
		}
		if !ok {
			return i18n.Errorf("staff.unknown", name)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM staff_keys WHERE staff_id = (SELECT id FROM staff WHERE name = ?)", name)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("revoke staff keys: %w", err)
	}
	return int(n), nil
}

// StaffByKey is the staff member whose key is key (authorized_keys form);
// ok is false when the key is nobody's.
func (s *Store) StaffByKey(ctx context.Context, key string) (m StaffMember, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT s.name, s.created_at, s.lang FROM staff_keys k JOIN staff s ON s.id = k.staff_id
		WHERE k.key = ?`, key).Scan(&m.Name, &m.CreatedAt, &m.Lang)
	if errors.Is(err, sql.ErrNoRows) {
		return StaffMember{}, false, nil
	}
	if err != nil {
		return StaffMember{}, false, fmt.Errorf("read staff keys: %w", s.classify(err))
	}
	return m, true, nil
}

// staffKeys reads every staff member's keys, by staff name.
func (s *Store) staffKeys(ctx context.Context) (map[string][]StaffKey, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT s.name, k.key, k.fingerprint, k.comment FROM staff_keys k JOIN staff s ON s.id = k.staff_id ORDER BY k.id")
	if err != nil {
		return nil, fmt.Errorf("read staff keys: %w", err)
	}
	defer rows.Close()
	out := map[string][]StaffKey{}
	for rows.Next() {
		var name string
		var k StaffKey
		if err := rows.Scan(&name, &k.Key, &k.Fingerprint, &k.Comment); err != nil {
			return nil, fmt.Errorf("read staff keys: %w", err)
		}
		out[name] = append(out[name], k)
	}
	return out, rows.Err()
}
