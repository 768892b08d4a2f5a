package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"strings"
)

// Bulk loads many customers fast (the demo shop, benchmarks): prepared
// statements in one transaction, aggregates computed on the way in, no
// journal (nothing to undo in generated data). Close grades the whole ledger
// in that same transaction, so a load cut short at any point leaves the
// ledger as it was, never loaded but ungraded.
type Bulk struct {
	s       *Store
	ctx     context.Context
	conn    *sql.Conn
	tx      *sql.Tx
	cust    *customerInserter
	multi   map[int]*sql.Stmt // purchase inserts of n rows at once
	contact *sql.Stmt
	args    []any
	ws      string   // window start the win_* columns count from
	setWS   bool     // the ledger had none: store ws at commit
	indexes []string // CREATE INDEX statements dropped for the load, rebuilt at Close
	tallies []string // the tally triggers dropped with them (recounted at Close)

	// Graded is what grading the ledger at Close did.
	Graded RegradeReport
}

// secondaryIndexes lists the CREATE statements of the indexes a bulk load
// drops and builds again at the end: those on customers and purchases. The
// contacts' indexes stay: every contact inserted fires a trigger that finds
// the customer's newest contact through contacts_customer, and without it
// each insert scanned every contact written so far (a load of a million
// customers with half a million contacts never finished).
func secondaryIndexes(ctx context.Context, db *sql.DB) ([]string, error) {
	out, err := queryColumn[string](ctx, db, `SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('customers', 'purchases')`)
	if err != nil {
		return nil, fmt.Errorf("bulk load: %w", err)
	}
	return out, nil
}

// indexName is the name in a CREATE INDEX statement.
func indexName(create string) string {
	f := strings.Fields(create)
	for i, w := range f {
		if strings.EqualFold(w, "INDEX") && i+1 < len(f) {
			return f[i+1]
		}
	}
	return ""
}

// maxMulti is the most purchases written by one INSERT statement: fewer
// statements means far less per-call overhead in the pure-Go driver.
const maxMulti = 32

// BulkCustomer is one generated customer with its history.
type BulkCustomer struct {
	Fields    map[string]any // column key -> stored value (see ParseValue types), custom columns too
	CreatedAt string
	Purchases []Purchase // sorted by date
	Contacts  []Contact  // sorted by time
}

// NewBulk starts a bulk load in one transaction; Close commits it, Abort
// drops it. Into an empty ledger the secondary indexes are dropped for the
// load and rebuilt at Close: building an index from sorted data is several
// times faster than keeping it up to date row by row.
func (s *Store) NewBulk(ctx context.Context) (*Bulk, error) {
	b := &Bulk{s: s, ctx: ctx}
	stored, err := storedWindow(ctx, s.db)
	if err != nil {
		return nil, err
	}
	if b.ws, err = s.windowFor(ctx, s.db); err != nil {
		return nil, err
	}
	b.setWS = stored == ""
	var have int
	if err := s.db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM purchases)").Scan(&have); err != nil {
		return nil, fmt.Errorf("bulk load: %w", err)
	}
	if have == 0 {
		if b.indexes, err = secondaryIndexes(ctx, s.db); err != nil {
			return nil, err
		}
	}
	if err := b.begin(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *Bulk) begin() error {
	b.s.writeMu.Lock()
	conn, err := b.s.db.Conn(b.ctx)
	if err != nil {
		b.s.writeMu.Unlock()
		return fmt.Errorf("bulk load: %w", err)
	}
	b.conn = conn
	// A large page cache keeps the indexes' hot pages in memory during the
	// load; commit puts the default back on this connection.
	if _, err := conn.ExecContext(b.ctx, "PRAGMA cache_size = -262144"); err != nil {
		return b.fail(err)
	}
	tx, err := conn.BeginTx(b.ctx, nil)
	if err != nil {
		return b.fail(err)
	}
	b.tx = tx
	for _, q := range b.indexes {
		if _, err := tx.ExecContext(b.ctx, "DROP INDEX "+indexName(q)); err != nil {
			return b.fail(err)
		}
	}
	if len(b.indexes) > 0 {
		if b.tallies, err = suspendTallies(b.ctx, tx); err != nil {
			return b.fail(err)
		}
	}
	b.multi = map[int]*sql.Stmt{}
	b.cust = newCustomerInserter(tx, writableColumns(b.s.Columns()), true, "")
	if b.contact, err = tx.PrepareContext(b.ctx, "INSERT INTO contacts(customer_id, at, channel, kind, summary, outcome, next_follow_up, created_at) VALUES(?,?,?,?,?,?,?,?)"); err != nil {
		return b.fail(err)
	}
	return nil
}

func (b *Bulk) fail(err error) error {
	if b.tx != nil {
		b.tx.Rollback()
		b.tx = nil
	}
	b.release()
	return fmt.Errorf("bulk load: %w", err)
}

// release gives the connection back with the default cache size.
func (b *Bulk) release() {
	if b.conn == nil {
		return
	}
	// Best effort: the connection goes back to the pool either way, and a
	// larger cache on it costs memory, not correctness.
	_, _ = b.conn.ExecContext(context.Background(), "PRAGMA cache_size = -2000")
	_ = b.conn.Close()
	b.conn = nil
	b.s.writeMu.Unlock()
}

// purchaseStmt returns the statement inserting n purchases at once.
func (b *Bulk) purchaseStmt(n int) (*sql.Stmt, error) {
	if st, ok := b.multi[n]; ok {
		return st, nil
	}
	q := "INSERT INTO purchases(customer_id, date, product, qty, amount, note, created_at) VALUES" +
		strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?),", n), ",")
	st, err := b.tx.PrepareContext(b.ctx, q)
	if err != nil {
		return nil, err
	}
	b.multi[n] = st
	return st, nil
}

// Add writes one customer with its purchases and contacts.
func (b *Bulk) Add(c BulkCustomer) (int64, error) {
	if b.tx == nil {
		return 0, fmt.Errorf("bulk load: closed")
	}
	dates := make([]string, 0, len(c.Purchases))
	var spend, winCount, winSpend int64
	for _, p := range c.Purchases {
		spend += p.Amount
		if p.Amount > 0 {
			dates = append(dates, p.Date) // a refund is not a purchase
		}
		if p.Date >= b.ws {
			if p.Amount > 0 {
				winCount++
			}
			winSpend += p.Amount
		}
	}
	agg := aggregate(dates, spend, 0, 0, "")
	var lastContact, next string
	if n := len(c.Contacts); n > 0 {
		lastContact = c.Contacts[n-1].At
		if len(lastContact) > 10 {
			lastContact = lastContact[:10]
		}
		next = c.Contacts[n-1].NextFollowUp
	}
	nc := newCustomer{values: c.Fields, agg: agg, winCount: winCount, winSpend: winSpend, lastContact: lastContact,
		grade: ungraded, at: c.CreatedAt}
	if len(c.Contacts) > 0 {
		// the last contact's follow-up is the customer's
		nc.values = maps.Clone(c.Fields)
		nc.values["next_follow_up"] = next
	}
	id, err := b.cust.insertOne(b.ctx, &nc)
	if err != nil {
		return 0, b.fail(err)
	}
	for ps := c.Purchases; len(ps) > 0; {
		n := min(len(ps), maxMulti)
		st, err := b.purchaseStmt(n) //nolint:sqlclosecheck // cached per size; Bulk closes them at the end
		if err != nil {
			return 0, b.fail(err)
		}
		b.args = b.args[:0]
		for _, p := range ps[:n] {
			b.args = append(b.args, id, p.Date, p.Product, p.Qty, p.Amount, p.Note, p.Date+" 12:00:00")
		}
		if _, err := st.ExecContext(b.ctx, b.args...); err != nil {
			return 0, b.fail(err)
		}
		ps = ps[n:]
	}
	for _, ct := range c.Contacts {
		if _, err := b.contact.ExecContext(b.ctx, id, ct.At, ct.Channel, ct.Kind, ct.Summary, ct.Outcome, ct.NextFollowUp, ct.At+":00"); err != nil {
			return 0, b.fail(err)
		}
	}
	return id, nil
}

func (b *Bulk) commit() error {
	if b.tx == nil {
		return nil
	}
	b.cust.close()
	for _, st := range b.multi {
		st.Close()
	}
	b.contact.Close()
	var err error
	if b.setWS {
		err = setStoredWindow(b.ctx, b.tx, b.ws)
	}
	// Graded before the indexes are rebuilt: the grades' own indexes are
	// then built once from the final values.
	if err == nil {
		b.Graded, err = b.s.regradeTxAll(b.ctx, b.tx, ReasonAdded, false)
	}
	for _, q := range b.indexes {
		if err == nil {
			_, err = b.tx.ExecContext(b.ctx, q)
		}
	}
	if err == nil {
		err = resumeTallies(b.ctx, b.tx, b.tallies)
	}
	if err != nil {
		b.tx.Rollback()
	} else {
		err = b.tx.Commit()
	}
	b.tx = nil
	b.release()
	if err != nil {
		return fmt.Errorf("bulk load: commit: %w", err)
	}
	return nil
}

// Close grades the ledger and commits the load, in one transaction.
func (b *Bulk) Close() error { return b.commit() }

// Abort rolls back the load.
func (b *Bulk) Abort() {
	if b.tx != nil {
		_ = b.fail(nil) // fail(nil) rolls back and returns nil
	}
}
