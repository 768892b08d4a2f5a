package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// addColumnTx is AddColumn's schema change, inside the caller's transaction.
func addColumnTx(ctx context.Context, tx *sql.Tx, c Column, at string) error {
	sqlType := map[Type]string{Text: "TEXT", Number: "REAL", Money: "INTEGER", Date: "TEXT", Choice: "TEXT", YesNo: "INTEGER"}[c.Type]
	if sqlType == "" {
		return i18n.Errorf("col.badtype", string(c.Type))
	}
	var pos int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position),0)+1 FROM custom_columns`).Scan(&pos); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO custom_columns(key,label,type,choices,position,created_at) VALUES(?,?,?,?,?,?)`,
		c.Key, c.LabelEN, string(c.Type), strings.Join(c.Choices, "|"), pos, at); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`ALTER TABLE customers ADD COLUMN %s %s`, c.sqlName, sqlType)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`CREATE INDEX "customers_x_%s" ON customers(%s)`, c.Key, c.sqlName))
	return err
}

// dropIndexes drops, for a large import, the indexes of customers whose
// keys the new rows scatter (the phone's stays for matching; those on
// created_at, last_contact and next_follow_up, where new rows append, stay
// too, as do the quiet ones: see quietIndexes), puts one made for matching
// by name and company in their place, and returns the statements that undo
// this. Into an empty ledger (matching in memory) every index but the quiet
// ones goes.
func (im *importRun) dropIndexes(ctx context.Context, tx *sql.Tx) ([]string, error) {
	if im.opts.Rows < 5000 {
		return nil, nil
	}
	var existing int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM customers").Scan(&existing); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if im.opts.Rows*2 < existing {
		return nil, nil
	}
	keep := "'customers_phone', 'customers_created_at', 'customers_last_contact', 'customers_next_follow_up'"
	if im.byMemory {
		keep = "''"
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers'
		AND sql IS NOT NULL AND name NOT IN (`+keep+`) ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("import: list indexes: %w", err)
	}
	var names, creates []string
	for rows.Next() {
		var n, q string
		if err := rows.Scan(&n, &q); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
			return nil, fmt.Errorf("import: list indexes: %w", err)
		}
		names = append(names, n)
		creates = append(creates, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("import: list indexes: %w", err)
	}
	byName := make(map[string]string, len(names))
	for i, n := range names {
		byName[n] = creates[i]
	}
	quiet, err := im.quietIndexes(ctx, tx, byName)
	if err != nil {
		return nil, err
	}
	var rebuild []string
	for i, n := range names {
		if quiet[n] {
			continue
		}
		names[len(rebuild)] = n
		rebuild = append(rebuild, creates[i])
	}
	names = names[:len(rebuild)]
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(n, `"`, `""`)+`"`); err != nil {
			return nil, fmt.Errorf("import: drop index %s: %w", n, err)
		}
	}
	if im.byMemory {
		return rebuild, nil
	}
	// Matching by name and company reads this index alone; it lives only
	// as long as the import's transaction.
	if _, err := tx.ExecContext(ctx, "CREATE INDEX kehu_import_match ON customers(name, company, phone, deleted_at)"); err != nil {
		return nil, fmt.Errorf("import: match index: %w", err)
	}
	return append([]string{"DROP INDEX kehu_import_match"}, rebuild...), nil
}
