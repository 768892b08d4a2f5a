package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// ImportColumn is a custom column that an import creates inside its own
// transaction, so a failed or dry-run import leaves no column behind.
type ImportColumn struct {
	Key   string // column key: letters, digits, Chinese or _ (see ImportColumnKey)
	Label string // header shown; may differ from Key (e.g. the sheet's own header)
	Type  Type   // Text, Number, Money, Date, Choice or YesNo
}

// Opening is a customer's purchase history summarised by an imported sheet:
// total spend, number of purchases and the last purchase date. It is stored
// beside the purchase log (opening_spend, opening_count, opening_last) and
// counts in the aggregates and in tiering exactly like purchases do.
type Opening struct {
	Spend    int64  // fen
	Count    int64  // purchases
	Last     string // ISO date, "" when unknown
	HasSpend bool   // the sheet gave a spend for this row
	HasCount bool   // the sheet gave a purchase count for this row
	HasLast  bool   // the sheet gave a last purchase date for this row
}

func (o *Opening) any() bool { return o != nil && (o.HasSpend || o.HasCount || o.HasLast) }

// ImportRow is one validated row of an imported sheet.
type ImportRow struct {
	Line    int            // the row's number in the source (for messages)
	Values  map[string]any // column key → typed value (as ParseValue returns); only cells that hold a value
	Opening *Opening       // nil when the row carries no summary cells
}

// ImportOptions configures ImportRows.
type ImportOptions struct {
	// Keys are every column key rows may carry (built-in writable columns
	// and the keys of Columns). "name" must be among them.
	Keys []string
	// Columns are the custom columns to create before the rows are written.
	Columns []ImportColumn
	// DryRun runs the whole import, then rolls it back: nothing is written,
	// the result says what would have happened.
	DryRun bool
	// Reason is written to the grade history, e.g. "import customers.xlsx".
	Reason string
	// Progress, when set, is called with the number of rows written so far.
	Progress func(done int)
	// Rows, when known, is about how many rows will come. A large import
	// (at least 5,000 rows and half the ledger) drops the secondary indexes
	// of customers while it writes and builds them again before it commits:
	// much faster than updating them row by row.
	Rows int
}

// ImportResult says what ImportRows did (or would do, in a dry run).
type ImportResult struct {
	Added     int
	Updated   int // existing customers whose values or opening balance changed
	Unchanged int // rows matching an existing customer with nothing new
	Columns   []Column
	Regrade   RegradeReport
}

// errDryRun rolls a dry-run import back.
var errDryRun = errors.New("dry run")

// ImportColumnKey derives the key AddColumn would give a column named name
// ("" when name cannot be a column key).
func ImportColumnKey(name string) string {
	key := strings.ToLower(strings.Join(strings.Fields(strings.TrimSpace(name)), "_"))
	if key == "" || !customKeyRe.MatchString(key) || len(key) > 60 {
		return ""
	}
	return key
}

// importBatch is how many rows go in one multi-row statement.
const importBatch = 256

// ImportRows writes validated rows in one transaction: a row whose phone
// matches a live customer (else whose name and company match one without a
// different phone) updates that customer, any other row adds one. Empty
// cells never erase what the ledger holds. Opening balances replace the
// customer's previous opening balance field by field, and the stored
// aggregates (total spend, purchases, last purchase) are recomputed from it
// and the purchase log. A new customer whose sheet gives a spend or a last
// purchase date but no count gets one opening purchase. Every added customer
// and every changed field is journalled in one batch, so one undo takes the
// whole import back (opening balances of customers that existed before stay:
// the journal cannot restore them). Before the transaction commits the
// whole ledger is regraded (cut points included) and grade moves go to the
// grade history, so the ledger is never seen half graded.
//
// New rows are written in multi-row statements; rows is pulled inside the
// transaction and an error from it rolls everything back. Nothing is
// written in a dry run.
func (s *Store) ImportRows(ctx context.Context, opts ImportOptions, rows iter.Seq2[ImportRow, error]) (ImportResult, error) {
	var res ImportResult
	im, err := s.newImporter(opts)
	if err != nil {
		return res, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := im.prepare(ctx, tx); err != nil {
			return err
		}
		defer im.close()
		rebuild, err := im.dropIndexes(ctx, tx)
		if err != nil {
			return err
		}
		for row, err := range rows {
			if err != nil {
				return err
			}
			if err := im.push(ctx, tx, row, &res); err != nil {
				return err
			}
			if im.done%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
		if err := im.flush(ctx, tx, &res); err != nil {
			return err
		}
		if opts.Progress != nil {
			opts.Progress(im.done)
		}
		if res.Added+res.Updated > 0 {
			var err error
			if res.Regrade, err = im.regrade(ctx, tx); err != nil {
				return err
			}
		}
		for _, q := range rebuild {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("import: rebuild index: %w", err)
			}
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	res.Columns = im.created
	s.forgetTiering()
	if opts.DryRun && errors.Is(err, errDryRun) {
		return res, nil
	}
	if err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	if len(opts.Columns) > 0 {
		if err := s.loadColumns(ctx); err != nil {
			return res, err
		}
		res.Columns = res.Columns[:0]
		for _, ic := range opts.Columns {
			if c, ok := s.Column(ic.Key); ok {
				res.Columns = append(res.Columns, c)
			}
		}
	}
	return res, nil
}

// importer holds an import's columns, statements and pending rows.
type importer struct {
	s       *Store
	opts    ImportOptions
	cols    []Column // the columns rows may carry, in Keys order
	byKey   map[string]int
	created []Column
	batch   int64
	at      string
	reason  string
	rules   tiering.Rules
	cuts    tiering.Cuts
	nextID  int64
	done    int
	perStmt int // rows per multi-row statement

	pending    []ImportRow
	pendPhone  map[string]bool
	pendName   map[string]bool
	insertFull *sql.Stmt // multi-row insert of perStmt customers
	read       *sql.Stmt
	update     *sql.Stmt
	journal    *sql.Stmt
	insertCols []string
	stmts      map[string]*sql.Stmt // multi-row statements of full batches
}

// exec runs a multi-row statement; full batches reuse one prepared statement.
func (im *importer) exec(ctx context.Context, tx *sql.Tx, q string, full bool, args ...any) error {
	if !full {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}
	st, err := im.stmt(ctx, tx, q)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// stmt prepares q once per import.
func (im *importer) stmt(ctx context.Context, tx *sql.Tx, q string) (*sql.Stmt, error) {
	if st, ok := im.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	im.stmts[q] = st
	return st, nil
}

func (s *Store) newImporter(opts ImportOptions) (*importer, error) {
	im := &importer{s: s, opts: opts, byKey: map[string]int{}, reason: opts.Reason,
		pendPhone: map[string]bool{}, pendName: map[string]bool{}, stmts: map[string]*sql.Stmt{}}
	if im.reason == "" {
		im.reason = "import"
	}
	newCols := map[string]Column{}
	for _, ic := range opts.Columns {
		key := ImportColumnKey(ic.Key)
		if key == "" || key != ic.Key {
			return nil, i18n.Errorf("col.badname", ic.Key)
		}
		if _, ok := s.Column(key); ok {
			return nil, i18n.Errorf("col.exists", ic.Key)
		}
		if _, err := ParseType(string(ic.Type)); err != nil {
			return nil, err
		}
		if _, dup := newCols[key]; dup {
			return nil, i18n.Errorf("col.exists", ic.Key)
		}
		label := strings.TrimSpace(ic.Label)
		if label == "" {
			label = key
		}
		c := Column{Key: key, LabelEN: label, LabelZH: label, Type: ic.Type, Custom: true,
			sqlName: customSQLName(key), nullable: true, Width: defaultWidth(ic.Type, label)}
		newCols[key] = c
		im.created = append(im.created, c)
	}
	hasName := false
	for _, k := range opts.Keys {
		c, ok := newCols[k]
		if !ok {
			var found bool
			c, found = s.Column(k)
			if !found || c.Key != k {
				return nil, i18n.Errorf("col.unknown", k)
			}
		}
		if c.ReadOnly {
			return nil, i18n.Errorf("col.readonly", k)
		}
		if _, dup := im.byKey[k]; dup {
			continue
		}
		im.byKey[k] = len(im.cols)
		im.cols = append(im.cols, c)
		hasName = hasName || k == "name"
	}
	if !hasName {
		return nil, i18n.Errorf("col.unknown", "name")
	}
	return im, nil
}

// insertFixed are the columns every inserted customer sets besides its values.
var insertFixed = []string{"opening_spend", "opening_count", "opening_last", "total_spend", "purchases", "first_purchase",
	"last_purchase", "median_gap"}

func (im *importer) prepare(ctx context.Context, tx *sql.Tx) error {
	s := im.s
	// A bulk insert touches every index of customers: give this
	// connection a page cache that holds them (SQLite's default is 2 MB).
	// Index builds sort in memory rather than in temporary files.
	for _, q := range []string{"PRAGMA cache_size = -131072", "PRAGMA temp_store = MEMORY"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	for _, c := range im.created {
		if err := addColumnTx(ctx, tx, c, s.timestamp()); err != nil {
			return fmt.Errorf("add column %q: %w", c.LabelEN, err)
		}
	}
	var err error
	if im.rules, im.cuts, err = s.tieringState(ctx, tx); err != nil {
		return err
	}
	if im.batch, err = s.newBatch(ctx, tx); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) + 1 FROM customers").Scan(&im.nextID); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	im.at = s.timestamp()
	names := make([]string, len(im.cols))
	for i, c := range im.cols {
		names[i] = c.sqlName
	}
	im.insertCols = append(append([]string{"id"}, names...), insertFixed...)
	// (created_at and updated_at follow, bound once per statement as ?1)
	im.perStmt = min(importBatch, 30000/len(im.insertCols))
	prep := func(dst **sql.Stmt, q string) {
		if err != nil {
			return
		}
		*dst, err = tx.PrepareContext(ctx, q)
		if err != nil {
			err = fmt.Errorf("prepare import: %w", err)
		}
	}
	prep(&im.insertFull, im.insertSQL(im.perStmt))
	prep(&im.read, fmt.Sprintf("SELECT %s, opening_spend, opening_count, opening_last FROM customers WHERE id = ?", strings.Join(names, ",")))
	sets := make([]string, 0, len(names)+4)
	for _, n := range names {
		sets = append(sets, n+" = ?")
	}
	sets = append(sets, "opening_spend = ?", "opening_count = ?", "opening_last = ?", "updated_at = ?")
	prep(&im.update, "UPDATE customers SET "+strings.Join(sets, ", ")+" WHERE id = ?")
	prep(&im.journal, "INSERT INTO journal(batch, at, op, entity, entity_id, field, old, new) VALUES(?,?,?,?,?,?,?,?)")
	return err
}

func (im *importer) insertSQL(n int) string {
	at := sqlString(im.at)
	return "INSERT INTO customers(" + strings.Join(im.insertCols, ",") + ",created_at,updated_at) VALUES " + rowsSQL(n, len(im.insertCols), at+","+at)
}

// rowsSQL writes n rows of per parameters, each row ending with the SQL
// constants of tail: "(?,?,'x'),(?,?,'x')". Constants shared by every row
// are written into the statement rather than bound again for each row
// (numbered parameters such as ?1 would do, but SQLite looks their names
// up linearly, which makes binding a large statement quadratic).
func rowsSQL(n, per int, tail string) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", per), ",")
	if tail != "" {
		one += "," + tail
	}
	one += ")"
	return strings.TrimSuffix(strings.Repeat(one+",", n), ",")
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (im *importer) close() {
	for _, st := range []*sql.Stmt{im.insertFull, im.read, im.update, im.journal} {
		if st != nil {
			st.Close()
		}
	}
	for _, st := range im.stmts {
		st.Close()
	}
}

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
// too), puts one made for matching by name and company in their place, and
// returns the statements that undo this.
func (im *importer) dropIndexes(ctx context.Context, tx *sql.Tx) ([]string, error) {
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
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers'
		AND sql IS NOT NULL AND name NOT IN ('customers_phone', 'customers_created_at', 'customers_last_contact', 'customers_next_follow_up')
		ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("import: list indexes: %w", err)
	}
	var names, rebuild []string
	for rows.Next() {
		var n, q string
		if err := rows.Scan(&n, &q); err != nil {
			rows.Close()
			return nil, fmt.Errorf("import: list indexes: %w", err)
		}
		names = append(names, n)
		rebuild = append(rebuild, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("import: list indexes: %w", err)
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(n, `"`, `""`)+`"`); err != nil {
			return nil, fmt.Errorf("import: drop index %s: %w", n, err)
		}
	}
	// Matching by name and company reads this index alone; it lives only
	// as long as the import's transaction.
	if _, err := tx.ExecContext(ctx, "CREATE INDEX kehu_import_match ON customers(name, company, phone, deleted_at)"); err != nil {
		return nil, fmt.Errorf("import: match index: %w", err)
	}
	return append([]string{"DROP INDEX kehu_import_match"}, rebuild...), nil
}

// rowKeys are the identities a row is matched by.
func rowKeys(r ImportRow) (phone, nameKey string) {
	phone, _ = r.Values["phone"].(string)
	name, _ := r.Values["name"].(string)
	company, _ := r.Values["company"].(string)
	return phone, name + "\x00" + company
}

// push queues a row; rows that could match a queued one are written after it.
func (im *importer) push(ctx context.Context, tx *sql.Tx, row ImportRow, res *ImportResult) error {
	for k := range row.Values {
		if _, ok := im.byKey[k]; !ok {
			return fmt.Errorf("row %d: %w", row.Line, i18n.Errorf("col.unknown", k))
		}
	}
	if name, _ := row.Values["name"].(string); name == "" {
		return fmt.Errorf("row %d: %w", row.Line, i18n.Errorf("col.unknown", "name"))
	}
	phone, nameKey := rowKeys(row)
	if (phone != "" && im.pendPhone[phone]) || im.pendName[nameKey] {
		if err := im.flush(ctx, tx, res); err != nil {
			return err
		}
	}
	im.pending = append(im.pending, row)
	if phone != "" {
		im.pendPhone[phone] = true
	}
	im.pendName[nameKey] = true
	if len(im.pending) >= im.perStmt {
		return im.flush(ctx, tx, res)
	}
	return nil
}

// flush writes the queued rows: matches update their customer one by one,
// new customers go in multi-row inserts with their journal entries.
func (im *importer) flush(ctx context.Context, tx *sql.Tx, res *ImportResult) error {
	if len(im.pending) == 0 {
		return nil
	}
	ids, err := im.matchAll(ctx, tx, im.pending)
	if err != nil {
		return err
	}
	var added []ImportRow
	for i, row := range im.pending {
		if ids[i] == 0 {
			added = append(added, row)
			continue
		}
		changed, err := im.change(ctx, tx, ids[i], row)
		if err != nil {
			return fmt.Errorf("row %d: %w", row.Line, err)
		}
		if changed {
			res.Updated++
		} else {
			res.Unchanged++
		}
	}
	if err := im.add(ctx, tx, added); err != nil {
		return err
	}
	res.Added += len(added)
	prev := im.done
	im.done += len(im.pending)
	if im.opts.Progress != nil && im.done/1000 != prev/1000 {
		im.opts.Progress(im.done)
	}
	im.pending = im.pending[:0]
	clear(im.pendPhone)
	clear(im.pendName)
	return nil
}

// matchAll finds the live customer each row stands for (0 when none): by
// phone, else by name and company, only a customer without a different
// phone; the lowest id wins.
func (im *importer) matchAll(ctx context.Context, tx *sql.Tx, rows []ImportRow) ([]int64, error) {
	ids := make([]int64, len(rows))
	var phones []any
	seen := map[string]bool{}
	for _, r := range rows {
		if phone, _ := rowKeys(r); phone != "" && !seen[phone] {
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
		phone, key := rowKeys(r)
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
		name, _ := r.Values["name"].(string)
		company, _ := r.Values["company"].(string)
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
		phone, key := rowKeys(r)
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
func (im *importer) scanRows2(ctx context.Context, tx *sql.Tx, q string, args []any, into map[string]int64, named bool) error {
	st, err := im.stmt(ctx, tx, q)
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

// zeroValue is what a new customer holds in a column the row leaves empty.
func zeroValue(c Column) any {
	if c.Custom {
		return nil
	}
	switch c.Type {
	case Money, Int:
		return int64(0)
	case Number:
		return float64(0)
	}
	return ""
}

// add inserts new customers (graded by the regrade that ends the import)
// and their journal entries, in multi-row statements.
func (im *importer) add(ctx context.Context, tx *sql.Tx, rows []ImportRow) error {
	if len(rows) == 0 {
		return nil
	}
	args := make([]any, 0, len(rows)*len(im.insertCols))
	jargs := make([]any, 0, len(rows)*2)
	for _, row := range rows {
		id := im.nextID
		im.nextID++
		args = append(args, id)
		for _, c := range im.cols {
			v, ok := row.Values[c.Key]
			if !ok {
				v = zeroValue(c)
			}
			args = append(args, dbValue(v))
		}
		var o Opening
		if row.Opening != nil {
			o = *row.Opening
		}
		if !o.HasCount && (o.Spend != 0 || o.Last != "") {
			o.Count = 1
		}
		agg := aggregate(nil, 0, o.Spend, o.Count, o.Last)
		args = append(args, o.Spend, o.Count, o.Last, agg.total, agg.count, agg.first, agg.last, agg.medianGap)
		b, err := auditJSON(row.Values, row.Opening.any(), o)
		if err != nil {
			return fmt.Errorf("journal: %w", err)
		}
		jargs = append(jargs, id, b)
	}
	var err error
	if len(rows) == im.perStmt {
		_, err = im.insertFull.ExecContext(ctx, args...)
	} else {
		_, err = tx.ExecContext(ctx, im.insertSQL(len(rows)), args...)
	}
	if err != nil {
		return fmt.Errorf("insert customers: %w", err)
	}
	q := "INSERT INTO journal(entity_id, new, batch, at, op, entity, field, old) VALUES " + rowsSQL(len(rows), 2, strconv.FormatInt(im.batch, 10)+","+sqlString(im.at)+",'add','customers','',NULL")
	if err := im.exec(ctx, tx, q, len(rows) == im.perStmt, jargs...); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// auditJSON is the journal's record of an added customer: its values (and
// opening balance) as a JSON object with sorted keys, as json.Marshal of
// the map would write it, without reflection.
func auditJSON(vals map[string]any, opening bool, o Opening) (string, error) {
	keys := make([]string, 0, len(vals)+3)
	for k := range vals {
		keys = append(keys, k)
	}
	if opening {
		keys = append(keys, "opening_count", "opening_last", "opening_spend")
	}
	slices.Sort(keys)
	b := make([]byte, 0, 256)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		var v any
		switch k {
		case "opening_count":
			v = o.Count
		case "opening_last":
			v = o.Last
		case "opening_spend":
			v = o.Spend
		default:
			v = vals[k]
		}
		switch x := v.(type) {
		case string:
			b = appendJSONString(b, x)
		case int64:
			b = strconv.AppendInt(b, x, 10)
		case bool:
			b = strconv.AppendBool(b, x)
		case nil:
			b = append(b, "null"...)
		default:
			j, err := json.Marshal(x)
			if err != nil {
				return "", err
			}
			b = append(b, j...)
		}
	}
	return string(append(b, '}')), nil
}

// appendJSONString appends s as a JSON string (invalid UTF-8 replaced).
func appendJSONString(b []byte, s string) []byte {
	s = strings.ToValidUTF8(s, "\uFFFD")
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c < 0x20 || c == '<' || c == '>' || c == '&':
			b = append(b, '\\', 'u', '0', '0', hexDigit(c>>4), hexDigit(c&0xF))
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

func hexDigit(c byte) byte { return "0123456789abcdef"[c] }

// change merges a row into customer id; it reports whether anything changed.
func (im *importer) change(ctx context.Context, tx *sql.Tx, id int64, row ImportRow) (bool, error) {
	raw := make([]any, len(im.cols)+3)
	dest := make([]any, len(raw))
	for i := range raw {
		dest[i] = &raw[i]
	}
	if err := im.read.QueryRowContext(ctx, id).Scan(dest...); err != nil {
		return false, fmt.Errorf("read customer %d: %w", id, err)
	}
	args := make([]any, 0, len(im.cols)+5)
	changed := false
	for i, c := range im.cols {
		old := normalise(c, raw[i])
		v, ok := row.Values[c.Key]
		if !ok || sameValue(old, v) {
			args = append(args, dbValue(old))
			continue
		}
		changed = true
		args = append(args, dbValue(v))
		if err := im.log(ctx, "edit", id, c.Key, old, v); err != nil {
			return false, err
		}
	}
	n := len(im.cols)
	oldSpend, _ := raw[n].(int64)
	oldCount, _ := raw[n+1].(int64)
	oldLast, _ := raw[n+2].(string)
	o := Opening{Spend: oldSpend, Count: oldCount, Last: oldLast}
	if p := row.Opening; p != nil {
		if p.HasSpend {
			o.Spend = p.Spend
		}
		if p.HasCount {
			o.Count = p.Count
		}
		if p.HasLast {
			o.Last = p.Last
		}
		if !p.HasCount && o.Count == 0 && (o.Spend != 0 || o.Last != "") {
			o.Count = 1
		}
	}
	openingChanged := o.Spend != oldSpend || o.Count != oldCount || o.Last != oldLast
	if !changed && !openingChanged {
		return false, nil
	}
	args = append(args, o.Spend, o.Count, o.Last, im.at, id)
	if _, err := im.update.ExecContext(ctx, args...); err != nil {
		return false, fmt.Errorf("update customer %d: %w", id, err)
	}
	if openingChanged {
		if err := im.s.refreshAggregates(ctx, tx, id); err != nil {
			return false, err
		}
	}
	return true, nil
}

func sameValue(old, v any) bool {
	if (old == nil) != (v == nil) {
		return false
	}
	if b, ok := v.(bool); ok {
		ob, isBool := old.(bool)
		return isBool && ob == b
	}
	return fmt.Sprint(old) == fmt.Sprint(v)
}

func (im *importer) log(ctx context.Context, op string, id int64, field string, old, new any) error {
	o, n, err := journalValues(old, new)
	if err != nil {
		return err
	}
	if _, err := im.journal.ExecContext(ctx, im.batch, im.at, op, "customers", id, field, o, n); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// regrade is RegradeAll inside the import's transaction: new cut points,
// every live customer graded, changed grades written in multi-row
// statements, grade moves in the history.
func (im *importer) regrade(ctx context.Context, tx *sql.Tx) (RegradeReport, error) {
	start := time.Now()
	s := im.s
	now := s.now()
	ws := im.rules.WindowStart(now).Format(parseDay)
	// The import adds no purchases, so the customers' window counts stay
	// right for the stored window; only a window that has moved since needs
	// the purchase log scanned.
	stored, err := storedWindow(ctx, tx)
	if err != nil {
		return RegradeReport{}, err
	}
	snap, err := s.readTiers(ctx, tx, ws, stored != ws)
	if err != nil {
		return RegradeReport{}, err
	}
	ids, inputs, curs := snap.ids, snap.inputs, snap.curs
	computeStart := time.Now()
	cuts, results := tiering.GradeAll(inputs, im.rules, now)
	rep := RegradeReport{Customers: len(ids), CutsChanged: !cuts.Equal(im.cuts), Compute: time.Since(computeStart)}
	var upd, hist []any
	flushUpd := func() error {
		if len(upd) > 0 {
			q := `UPDATE customers SET grade = v.column2, score = v.column3, segment = v.column4, stage = v.column5
				FROM (VALUES ` + strings.TrimSuffix(strings.Repeat("(?,?,?,?,?),", len(upd)/5), ",") + `) AS v WHERE customers.id = v.column1`
			if err := im.exec(ctx, tx, q, len(upd) == 5*importBatch, upd...); err != nil {
				return fmt.Errorf("regrade: write grades: %w", err)
			}
			upd = upd[:0]
		}
		return nil
	}
	flushHist := func() error {
		if len(hist) > 0 {
			q := "INSERT INTO grade_history(customer_id, old_grade, new_grade, score, at, reason) VALUES " + rowsSQL(len(hist)/4, 4, sqlString(im.at)+","+sqlString(im.reason))
			if err := im.exec(ctx, tx, q, len(hist) == 4*importBatch, hist...); err != nil {
				return fmt.Errorf("regrade: write grade history: %w", err)
			}
			hist = hist[:0]
		}
		return nil
	}
	flush := func() error {
		if err := flushUpd(); err != nil {
			return err
		}
		return flushHist()
	}
	for i, res := range results {
		c := curs[i]
		if res.Grade == c.grade && res.Score == c.score && res.Segment == c.segment && res.Stage == c.stage {
			continue
		}
		rep.Changed++
		upd = append(upd, ids[i], res.Grade, res.Score, res.Segment, res.Stage)
		if res.Grade != c.grade {
			rep.GradeMoves++
			if len(rep.Moves) < 100 {
				var name string
				tx.QueryRowContext(ctx, "SELECT name FROM customers WHERE id = ?", ids[i]).Scan(&name)
				rep.Moves = append(rep.Moves, GradeChange{ID: ids[i], Name: name, Old: c.grade, New: res.Grade, Score: res.Score, Reason: im.reason})
			}
			hist = append(hist, ids[i], c.grade, res.Grade, res.Score)
		}
		if len(upd) >= 5*importBatch {
			if err := flushUpd(); err != nil {
				return rep, err
			}
		}
		if len(hist) >= 4*importBatch {
			if err := flushHist(); err != nil {
				return rep, err
			}
		}
	}
	if err := flush(); err != nil {
		return rep, err
	}
	b, err := json.Marshal(cuts)
	if err != nil {
		return rep, fmt.Errorf("regrade: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES('tiering.cuts', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", string(b)); err != nil {
		return rep, fmt.Errorf("regrade: write cuts: %w", err)
	}
	rep.Total = time.Since(start)
	return rep, nil
}
