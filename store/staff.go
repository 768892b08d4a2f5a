package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// Company sizes, the choices of the company_size column.
const (
	SizeMicro  = "micro"  // 微型: fewer than 10 people
	SizeSmall  = "small"  // 小型: 10–99
	SizeMedium = "medium" // 中型: 100–999
	SizeLarge  = "large"  // 大型: 1000 or more
)

// CompanySizes lists the company size keys, smallest first.
func CompanySizes() []string { return []string{SizeMicro, SizeSmall, SizeMedium, SizeLarge} }

func parseCompanySize(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case SizeMicro, "微型", "微型企业", "个体":
		return SizeMicro, nil
	case SizeSmall, "小型", "小型企业", "小":
		return SizeSmall, nil
	case SizeMedium, "中型", "中型企业", "中":
		return SizeMedium, nil
	case SizeLarge, "大型", "大型企业", "大":
		return SizeLarge, nil
	}
	return "", i18n.Errorf("size.bad", s, strings.Join(CompanySizes(), ", "))
}

// parseReferrer reads a referrer given as a customer id ("12" or "#12");
// names and phones are resolved to an id by the store first.
func parseReferrer(s string) (any, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if s == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return nil, i18n.Errorf("referrer.bad", s)
	}
	return id, nil
}

// referrerID turns what a user typed for referred_by (an id, a phone or a
// unique name) into the referring customer's id as text; "" stays "".
func (s *Store) referrerID(ctx context.Context, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" || isPlaceholder(raw) {
		return "", nil
	}
	id, err := s.Resolve(ctx, raw)
	if err != nil {
		return "", i18n.Errorf("referrer.unknown", raw, err)
	}
	return strconv.FormatInt(id, 10), nil
}

// StaffMember is one person of the shop's staff list.
type StaffMember struct {
	Name      string     `json:"name"`
	CreatedAt string     `json:"created_at"`
	Customers int        `json:"customers"`      // customers they own
	Lang      string     `json:"lang,omitempty"` // the served table's language for them ("" the SSH client's)
	Keys      []StaffKey `json:"keys"`           // the SSH keys they connect with
}

// MaxStaffName is the longest staff name, in characters.
const MaxStaffName = tiering.MaxOwnerRunes

func checkStaffName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", i18n.Errorf("staff.empty")
	}
	if err := freeText("staff", "Staff name", "员工姓名", name, validate.OneLine); err != nil {
		return "", err
	}
	if n := utf8.RuneCountInString(name); n > MaxStaffName {
		return "", i18n.Errorf("staff.long", MaxStaffName, n)
	}
	return name, nil
}

// AddStaff puts name on the staff list; a name already there is refused.
func (s *Store) AddStaff(ctx context.Context, name string) error {
	return s.AddStaffWith(ctx, name, StaffAccess{})
}

// Staff lists the staff by name, with how many customers each owns.
func (s *Store) Staff(ctx context.Context) ([]StaffMember, error) {
	keys, err := s.staffKeys(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.name, s.created_at, s.lang,
		(SELECT count(*) FROM customers c WHERE c.owner = s.name AND c.deleted_at IS NULL)
		FROM staff s ORDER BY s.name`)
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	defer rows.Close()
	out := []StaffMember{}
	for rows.Next() {
		var m StaffMember
		if err := rows.Scan(&m.Name, &m.CreatedAt, &m.Lang, &m.Customers); err != nil {
			return nil, fmt.Errorf("list staff: %w", err)
		}
		m.Keys = keys[m.Name]
		if m.Keys == nil {
			m.Keys = []StaffKey{}
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// RemoveStaff takes name off the staff list. Someone who still owns
// customers (in the trash too), or is a grade's default owner, is refused:
// give those to someone else first, so no customer is left with an owner
// who is not on the list.
func (s *Store) RemoveStaff(ctx context.Context, name string) error {
	name = strings.TrimSpace(name)
	rules, err := s.Rules(ctx)
	if err != nil {
		return err
	}
	for _, g := range tiering.Grades() {
		if rules.Policy(g).Owner == name {
			return i18n.Errorf("staff.default", name, g)
		}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var owned int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE owner = ?", name).Scan(&owned); err != nil {
			return err
		}
		if owned > 0 {
			return i18n.Errorf("staff.owns", name, owned)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM staff WHERE name = ?", name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return i18n.Errorf("staff.unknown", name)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("remove staff: %w", err)
	}
	return nil
}

// isStaff reports whether name is on the staff list.
func (s *Store) isStaff(ctx context.Context, q queryer, name string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM staff WHERE name = ?", name).Scan(&n); err != nil {
		return false, fmt.Errorf("read staff: %w", err)
	}
	return n > 0, nil
}

// checkOwner refuses an owner who is not on the staff list.
func (s *Store) checkOwner(ctx context.Context, name string) error {
	if name == "" {
		return nil
	}
	ok, err := s.isStaff(ctx, s.db, name)
	if err != nil {
		return err
	}
	if !ok {
		return i18n.Errorf("owner.unknown", name)
	}
	return nil
}

// CheckOwners refuses rules whose grade policies name a default owner who
// is not on the staff list.
func (s *Store) CheckOwners(ctx context.Context, r tiering.Rules) error {
	var errs []error
	for _, g := range tiering.Grades() {
		if o := r.Policy(g).Owner; o != "" {
			if err := s.checkOwner(ctx, o); err != nil {
				errs = append(errs, i18n.Errorf("owner.policy", g, err))
			}
		}
	}
	return errors.Join(errs...)
}

// checkReferrer refuses a referrer that is not a live customer.
func (s *Store) checkReferrer(ctx context.Context, id int64) error {
	if id == 0 {
		return nil
	}
	var live bool
	err := s.db.QueryRowContext(ctx, "SELECT deleted_at IS NULL FROM customers WHERE id = ?", id).Scan(&live)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !live {
		return i18n.Errorf("referrer.unknown", "#"+strconv.FormatInt(id, 10), i18n.Errorf("cust.notfound", strconv.FormatInt(id, 10)))
	}
	if err != nil {
		return fmt.Errorf("read referrer: %w", err)
	}
	return nil
}
