package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// SetSetting stores v as JSON under key.
func (s *Store) SetSetting(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error { return putSetting(ctx, tx, key, b) })
	if err != nil {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	return nil
}

// putSetting writes one JSON-encoded setting inside tx.
func putSetting(ctx context.Context, tx *sql.Tx, key string, value []byte) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, string(value))
	return err
}

// settingText reads a setting holding one JSON string; "" when it is not set.
func settingText(ctx context.Context, q queryer, key string) (string, error) {
	var v string
	if _, err := readSetting(ctx, q, key, &v); err != nil {
		return "", err
	}
	return v, nil
}

// putSettingText writes a setting holding one string inside tx.
func putSettingText(ctx context.Context, tx *sql.Tx, key, v string) error {
	b, err := json.Marshal(v) // a string always encodes
	if err != nil {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	return putSetting(ctx, tx, key, b)
}

// Setting decodes the JSON stored under key into v; found is false (and v
// untouched) when the key is not set.
func (s *Store) Setting(ctx context.Context, key string, v any) (found bool, err error) {
	return readSetting(ctx, s.db, key, v)
}

// readSetting decodes the JSON stored under key into v through q (a
// transaction or the pool); found is false (and v untouched) when the key
// is not set.
func readSetting(ctx context.Context, q queryer, key string, v any) (found bool, err error) {
	var raw string
	err = q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("setting %s: %w", key, err)
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return false, fmt.Errorf("setting %s: %w", key, err)
	}
	return true, nil
}

// View is a saved view: filter, sort, visible columns in order and widths.
type View struct {
	Name    string         `json:"name,omitempty"`
	Filter  string         `json:"filter,omitempty"`
	Sort    []SortKey      `json:"sort,omitempty"`
	Columns []string       `json:"columns,omitempty"`
	Widths  map[string]int `json:"widths,omitempty"`
}

// Query is the view as a store query.
func (v View) Query() Query { return Query{Filter: v.Filter, Sort: v.Sort, Columns: v.Columns} }

var viewNameRe = regexp.MustCompile(`^[\p{L}\p{N}_.-]{1,40}$`)

// lastView is the settings key of the view on screen when the TUI quit.
const lastView = "view.last"

// SaveView stores v under name, replacing a view of that name.
func (s *Store) SaveView(ctx context.Context, name string, v View) error {
	name = strings.TrimSpace(name)
	if !viewNameRe.MatchString(name) {
		return i18n.Errorf("view.badname", name)
	}
	if err := s.checkView(v); err != nil {
		return err
	}
	v.Name = name
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("save view: %w", err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO views(name, spec, updated_at) VALUES(?,?,?) ON CONFLICT(name) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at",
			name, string(b), s.timestamp())
		return err
	})
}

// checkView refuses a view whose filter, sort or columns do not compile.
func (s *Store) checkView(v View) error {
	_, err := s.compile(v.Query())
	return err
}

// LoadView reads the saved view name.
func (s *Store) LoadView(ctx context.Context, name string) (View, error) {
	var raw string
	err := s.db.QueryRowContext(ctx, "SELECT spec FROM views WHERE name = ?", strings.TrimSpace(name)).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return View{}, i18n.Errorf("view.notfound", name)
	}
	if err != nil {
		return View{}, fmt.Errorf("load view: %w", err)
	}
	var v View
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return View{}, fmt.Errorf("load view %s: %w", name, err)
	}
	return s.sanitizeView(v), nil
}

// sanitizeView drops columns that no longer exist (a view saved before a
// column was removed must still open).
func (s *Store) sanitizeView(v View) View {
	cols := v.Columns[:0:0]
	for _, k := range v.Columns {
		if _, ok := s.Column(k); ok {
			cols = append(cols, k)
		}
	}
	v.Columns = cols
	return v
}

// Views lists the saved view names.
func (s *Store) Views(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM views ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("list views: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list views: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// DeleteView removes a saved view.
func (s *Store) DeleteView(ctx context.Context, name string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, "DELETE FROM views WHERE name = ?", name)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return i18n.Errorf("view.notfound", name)
		}
		return nil
	})
}

// SaveLastView remembers the view on screen when the TUI quits.
func (s *Store) SaveLastView(ctx context.Context, v View) error {
	return s.SetSetting(ctx, lastView, v)
}

// LastView is the view the TUI showed when it last quit (zero View if none).
func (s *Store) LastView(ctx context.Context) (View, error) {
	var v View
	if _, err := s.Setting(ctx, lastView, &v); err != nil {
		return View{}, err
	}
	if s.checkView(v) != nil {
		return View{}, nil
	}
	return s.sanitizeView(v), nil
}
