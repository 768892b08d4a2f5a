package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"iter"
	"strings"
	"sync"
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
	// Indexes, when set, is called as a large import builds the ledger's
	// indexes again once its rows are written (see Rows): with 0 before the
	// first, then after each, out of total. A million rows take tens of
	// seconds there.
	Indexes func(done, total int)
	// Rows, when known, is about how many rows will come. A large import
	// (at least 5,000 rows and half the ledger) drops the secondary indexes
	// of customers while it writes and builds them again before it commits:
	// much faster than updating them row by row.
	Rows int
	// Preview, when set, has seen the opening balances of the rows to come
	// (see ImportPreview): new customers are then graded as they are
	// written instead of being written a second time by a regrade.
	// ImportRows uses it up.
	Preview *ImportPreview
}

// ImportResult says what ImportRows did (or would do, in a dry run).
type ImportResult struct {
	Added     int
	Updated   int // existing customers whose values or opening balance changed
	Unchanged int // rows matching an existing customer with nothing new
	Columns   []Column
	Regrade   RegradeReport
	// Duplicates, in a dry run, are the rows that look like a customer
	// already in the ledger or like another row (see ImportDuplicates).
	Duplicates []ImportDuplicate
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
// the journal cannot restore them); the added customers take one entry
// (see journalAdded). New customers are graded as they are
// written (see ImportOptions.Preview); before the transaction commits the
// cut points are computed over the whole ledger, grades they move are
// rewritten and moves of customers who were there before go to the grade
// history (a new customer's first grade is not a move), so the ledger is
// never seen half graded.
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
	// The import gets a connection of its own with a page cache of 128 MB
	// (SQLite's default is 2 MB), which holds what 100,000 rows write (about
	// 1 KiB a customer, table and indexes): pages that do not fit spill into
	// the WAL before the commit and are read back from it. A cache the size
	// of a million-row import saved 7% of its time for 800 MB more memory.
	// Index builds sort in memory, not in temporary files. The connection
	// gets SQLite's defaults back afterwards.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer func() {
		// Best effort: the connection goes back to the pool either way; the
		// import's large cache on it costs memory, not correctness.
		_, _ = conn.ExecContext(context.Background(), "PRAGMA cache_size = -2000")
		_, _ = conn.ExecContext(context.Background(), "PRAGMA temp_store = DEFAULT")
		_ = conn.Close()
	}()
	for _, q := range []string{"PRAGMA cache_size = -131072", "PRAGMA temp_store = MEMORY"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return res, fmt.Errorf("import: %w", err)
		}
	}
	err = s.txOn(ctx, conn, func(tx *sql.Tx) error {
		firstNew, err := nextCustomerID(ctx, tx)
		if err != nil {
			return err
		}
		if err := im.prepare(ctx, tx); err != nil {
			return err
		}
		defer im.close()
		if err := im.startGrades(ctx, tx); err != nil {
			return err
		}
		rebuild, err := im.dropIndexes(ctx, tx)
		if err != nil {
			return err
		}
		// Rows are made ready (checked, converted, graded, their journal
		// record written) on another goroutine: this one only talks to SQLite.
		items := make(chan prepped, 2*importBatch)
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			defer close(items)
			for row, err := range rows {
				p := prepped{err: err}
				if err == nil {
					p = im.prep(row)
				}
				select {
				case items <- p:
				case <-done:
					return
				}
				if p.err != nil {
					return
				}
			}
		})
		defer func() {
			close(done)
			wg.Wait()
		}()
		for p := range items {
			if p.err != nil {
				return p.err
			}
			if err := im.push(ctx, tx, p, &res); err != nil {
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
		if err := im.journalAdded(ctx, res.Added); err != nil {
			return err
		}
		if opts.Indexes != nil && len(rebuild) > 0 {
			opts.Indexes(0, len(rebuild))
		}
		if res.Added+res.Updated > 0 {
			var err error
			if res.Regrade, err = im.finishGrades(ctx, tx); err != nil {
				return err
			}
		}
		for i, q := range rebuild {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("import: rebuild index: %w", err)
			}
			if opts.Indexes != nil {
				opts.Indexes(i+1, len(rebuild))
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if opts.DryRun {
			if res.Duplicates, err = importDuplicates(ctx, tx, firstNew); err != nil {
				return err
			}
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
		if cerr := ctx.Err(); cerr != nil {
			// cancelled: database/sql rolls the transaction back itself, and
			// what failed next says "statement is closed", not why
			err = cerr
		}
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

	pending    []prepped
	pendPhone  map[string]bool
	pendName   map[string]bool
	insertFull *sql.Stmt // multi-row insert of perStmt customers
	read       *sql.Stmt
	update     *sql.Stmt
	journal    *sql.Stmt
	keysOf     *sql.Stmt // a live customer's phone, name and company
	insertCols []string
	stmts      map[string]*sql.Stmt // multi-row statements of full batches

	// Matching. When the ledger had no live customer, a row can only
	// match a customer this import added: those are found in memory (keys
	// hashed, each hit checked against the row in the ledger) and the
	// ledger is asked only when a check fails.
	live     int  // live customers when the import began
	byMemory bool // match in memory (live == 0)
	seed     maphash.Seed
	phoneIDs map[uint64]int64 // phone → lowest id added with it
	nameAny  map[uint64]int64 // name and company → lowest id added with them
	nameBare map[uint64]int64 // the same, among customers added without a phone

	// Grading (see ImportOptions.Preview).
	now       time.Time
	ws        string          // window start
	stored    string          // window start of the customers' win_* columns
	prov      tiering.Cuts    // cut points new customers are graded with as they are written
	firstNew  int64           // id of the first customer the import adds
	newInputs []tiering.Input // every added customer's inputs, by id - firstNew
	dirty     map[int64]bool  // added customers changed after they were graded
	prepDays  dayCache        // prep's own: dates parsed once
	exist     *tierSnapshot   // live customers before the import; nil when none
	touched   bool            // one of them was changed
}

// exec runs a multi-row statement; full batches reuse one prepared statement.
func (im *importer) exec(ctx context.Context, tx *sql.Tx, q string, full bool, args ...any) error {
	if !full {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}
	st, err := im.stmt(ctx, tx, q) //nolint:sqlclosecheck // cached per import; closed when the import ends
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
	"last_purchase", "median_gap", "grade", "score", "segment", "stage"}

func (im *importer) prepare(ctx context.Context, tx *sql.Tx) error {
	s := im.s
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
	im.firstNew = im.nextID
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE deleted_at IS NULL").Scan(&im.live); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	im.dirty = map[int64]bool{}
	if im.byMemory = im.live == 0; im.byMemory {
		im.seed = maphash.MakeSeed()
		im.phoneIDs, im.nameAny, im.nameBare = map[uint64]int64{}, map[uint64]int64{}, map[uint64]int64{}
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
		*dst, err = tx.PrepareContext(ctx, q) //nolint:sqlclosecheck // kept for the import; closed when it ends
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
	prep(&im.keysOf, "SELECT phone, name, company FROM customers WHERE id = ? AND deleted_at IS NULL")
	return err
}

func (im *importer) insertSQL(n int) string {
	at := sqlString(im.at)
	// OR FAIL: any error fails the whole import, so SQLite need not keep a
	// statement journal to undo half a statement (it copied every page a
	// statement touched).
	return "INSERT OR FAIL INTO customers(" + strings.Join(im.insertCols, ",") + ",created_at,updated_at) VALUES " + rowsSQL(n, len(im.insertCols), at+","+at)
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
	for _, st := range []*sql.Stmt{im.insertFull, im.read, im.update, im.journal, im.keysOf} {
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
// returns the statements that undo this. Into an empty ledger (matching in
// memory) every index goes.
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
	keep := "'customers_phone', 'customers_created_at', 'customers_last_contact', 'customers_next_follow_up'"
	if im.byMemory {
		keep = "''"
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers'
		AND sql IS NOT NULL AND name NOT IN (`+keep+`) ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("import: list indexes: %w", err)
	}
	var names, rebuild []string
	for rows.Next() {
		var n, q string
		if err := rows.Scan(&n, &q); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
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

// prepped is a row made ready for writing.
type prepped struct {
	row     ImportRow
	phone   string
	nameKey string
	args    []any         // the insert's values should it add a customer; args[0], the id, is set then
	in      tiering.Input // that customer's tiering inputs (ID set when added)
	err     error
}

// prep checks a row and works out what adding it would write, graded with
// the provisional cut points. It runs beside the writer: it reads only
// what does not change during the import.
func (im *importer) prep(row ImportRow) prepped {
	p := prepped{row: row}
	for k := range row.Values {
		if _, ok := im.byKey[k]; !ok {
			p.err = fmt.Errorf("row %d: %w", row.Line, i18n.Errorf("col.unknown", k))
			return p
		}
	}
	if name, _ := row.Values["name"].(string); name == "" {
		p.err = fmt.Errorf("row %d: %w", row.Line, i18n.Errorf("col.unknown", "name"))
		return p
	}
	p.phone, p.nameKey = rowKeys(row)
	p.args = make([]any, 0, len(im.insertCols))
	p.args = append(p.args, int64(0))
	for _, c := range im.cols {
		v, ok := row.Values[c.Key]
		if !ok {
			v = zeroValue(c)
		}
		p.args = append(p.args, dbValue(v))
	}
	o := normaliseOpening(row.Opening)
	agg := aggregate(nil, 0, o.Spend, o.Count, o.Last)
	potential, _ := row.Values["potential"].(int64)
	pinned, _ := row.Values["pinned"].(string)
	p.in = openingInput(o, potential, pinned, im.ws, im.prepDays)
	g := tiering.Grade(p.in, im.prov, im.rules, im.now)
	p.args = append(p.args, o.Spend, o.Count, o.Last, agg.total, agg.count, agg.first, agg.last, agg.medianGap,
		g.Grade, g.Score, g.Segment, g.Stage)
	return p
}

// push queues a row; rows that could match a queued one are written after it.
func (im *importer) push(ctx context.Context, tx *sql.Tx, p prepped, res *ImportResult) error {
	phone, nameKey := p.phone, p.nameKey
	if (phone != "" && im.pendPhone[phone]) || im.pendName[nameKey] {
		if err := im.flush(ctx, tx, res); err != nil {
			return err
		}
	}
	im.pending = append(im.pending, p)
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
// new customers go in multi-row inserts.
func (im *importer) flush(ctx context.Context, tx *sql.Tx, res *ImportResult) error {
	if len(im.pending) == 0 {
		return nil
	}
	ids, err := im.match(ctx, tx, im.pending)
	if err != nil {
		return err
	}
	var added []prepped
	for i, p := range im.pending {
		row := p.row
		if ids[i] == 0 {
			added = append(added, p)
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
	im.done += len(im.pending)
	clear(im.pending) // (let the rows go)
	im.pending = im.pending[:0]
	clear(im.pendPhone)
	clear(im.pendName)
	return nil
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

// add inserts new customers, graded with the provisional cut points (see
// finishGrades), in multi-row statements; journalAdded writes their one
// journal entry at the end.
func (im *importer) add(ctx context.Context, tx *sql.Tx, rows []prepped) error {
	if len(rows) == 0 {
		return nil
	}
	args := make([]any, 0, len(rows)*len(im.insertCols))
	for _, p := range rows {
		id := im.nextID
		im.nextID++
		p.args[0] = id
		args = append(args, p.args...)
		p.in.ID = id
		im.newInputs = append(im.newInputs, p.in)
		if im.byMemory {
			name, _ := p.row.Values["name"].(string)
			company, _ := p.row.Values["company"].(string)
			im.remember(id, p.phone, name, company)
		}
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
	return nil
}

// journalAdded writes the one journal entry of the customers the import
// added: their ids run from firstNew to nextID-1, and their values are the
// rows themselves (each later change is journalled with its old value, so
// what the import wrote can always be told). Undoing it trashes them all in
// one statement.
func (im *importer) journalAdded(ctx context.Context, added int) error {
	if added == 0 {
		return nil
	}
	b, err := json.Marshal(importEntry{Last: im.nextID - 1, Added: added, Source: im.reason})
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if _, err := im.journal.ExecContext(ctx, im.batch, im.at, "import", "customers", im.firstNew, "", nil, string(b)); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// importEntry is the new value of an "import" journal entry, whose
// entity_id is the first customer added.
type importEntry struct {
	Last   int64  `json:"last"`   // the last customer added
	Added  int    `json:"added"`  // how many (Last - entity_id + 1)
	Source string `json:"source"` // e.g. "import customers.xlsx"
}

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
		if _, err := im.s.refreshAggregates(ctx, tx, id); err != nil {
			return false, err
		}
	}
	if id >= im.firstNew {
		// added by this import: its inputs change, its grade is redone at the end
		in := &im.newInputs[id-im.firstNew]
		potential, pinned := int64(in.Potential), in.Pinned
		if v, ok := row.Values["potential"].(int64); ok {
			potential = v
		}
		if v, ok := row.Values["pinned"].(string); ok {
			pinned = v
		}
		*in = openingInput(o, potential, pinned, im.ws, nil)
		in.ID = id
		im.dirty[id] = true
	} else {
		im.touched = true
	}
	if im.byMemory {
		_, p := row.Values["phone"]
		_, n := row.Values["name"]
		_, c := row.Values["company"]
		if p || n || c {
			var phone, name, company string
			if err := im.keysOf.QueryRowContext(ctx, id).Scan(&phone, &name, &company); err != nil {
				return false, fmt.Errorf("read customer %d: %w", id, err)
			}
			im.remember(id, phone, name, company)
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
