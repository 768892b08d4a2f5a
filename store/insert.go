package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// newCustomer is everything a new customer's row holds: the values a
// person, a generator or a sheet gave, and what its history makes of the
// stored aggregates and grade.
type newCustomer struct {
	values      map[string]any // column key → typed value (as ParseValue returns); a column left out holds its empty value
	opening     Opening        // the opening balance, as normaliseOpening makes it
	agg         aggregates     // from the purchases and the opening balance
	winCount    int64          // purchases since the stored window start
	winSpend    int64          // their amount, fen
	lastContact string         // ISO date
	grade       tiering.Result // ungraded for a customer graded after it is written
	at          string         // created_at and updated_at, unless the inserter has its own
}

// ungraded is the grade a customer holds until it is graded: the schema's
// defaults.
var ungraded = tiering.Result{Grade: "D", Stage: "prospect"}

// insertFixed are the columns every new customer's row sets besides its
// values: id first, then the values, then these, then (with logs)
// insertLogs, then created_at and updated_at.
var insertFixed = []string{"opening_spend", "opening_count", "opening_last", "total_spend", "purchases", "first_purchase",
	"last_purchase", "median_gap", "grade", "score", "segment", "stage"}

// insertLogs are the columns only a customer written with its purchase and
// contact logs sets; other rows leave them to the schema's defaults (zero
// and the empty date), three fewer values to bind for each of an import's
// rows.
var insertLogs = []string{"win_count", "win_spend", "last_contact"}

// customerInserter is the one way a customer is added to the ledger, be it
// by hand (AddCustomer), generated (Bulk) or imported (ImportRows): every
// new row goes through args and insert, so the three cannot store the same
// input differently. It serves one transaction and a fixed set of value
// columns; a row leaves the others empty.
type customerInserter struct {
	tx      *sql.Tx
	cols    []Column // the value columns, in statement order
	logs    bool     // rows set insertLogs
	at      string   // every row's created_at and updated_at; "" when each row has its own
	byKey   map[string]int
	perRow  int // parameters per row
	perStmt int // the most rows one statement writes
	stmts   map[int]*sql.Stmt
}

// maxInsertRows is the most rows one multi-row statement writes (customers
// inserted, grades updated): fewer, larger statements cost the pure-Go
// driver less per row.
const maxInsertRows = 256

// newCustomerInserter prepares to insert customers carrying values of cols
// (writable columns, no duplicates) in tx; with logs, their window counts
// and last contact too. With at set, every row is created at that time,
// written once into the statement instead of bound for each row (an
// import's hundred thousand rows share it); otherwise each row's
// newCustomer.at is.
func newCustomerInserter(tx *sql.Tx, cols []Column, logs bool, at string) *customerInserter {
	ins := &customerInserter{tx: tx, cols: cols, logs: logs, at: at, byKey: make(map[string]int, len(cols)), stmts: map[int]*sql.Stmt{}}
	for i, c := range cols {
		ins.byKey[c.Key] = i
	}
	ins.perRow = 1 + len(cols) + len(insertFixed)
	if logs {
		ins.perRow += len(insertLogs)
	}
	if at == "" {
		ins.perRow += 2
	}
	// SQLite binds at most 32,766 parameters a statement
	ins.perStmt = max(1, min(maxInsertRows, 30000/ins.perRow))
	return ins
}

// writableColumns are the columns of cols a customer's values may set.
func writableColumns(cols []Column) []Column {
	out := make([]Column, 0, len(cols))
	for _, c := range cols {
		if !c.ReadOnly {
			out = append(out, c)
		}
	}
	return out
}

// args appends the statement parameters of c to dst, the id first: nil,
// which lets the ledger pick the next id, until the caller sets it (an
// import numbers its rows itself). It only reads the inserter's columns,
// so rows can be made ready on other goroutines.
func (ins *customerInserter) args(dst []any, c *newCustomer) ([]any, error) {
	for k := range c.values {
		if _, ok := ins.byKey[k]; !ok {
			return dst, i18n.Errorf("col.unknown", k)
		}
	}
	dst = append(dst, nil)
	for _, col := range ins.cols {
		v, ok := c.values[col.Key]
		if !ok {
			v = zeroValue(col)
		}
		dst = append(dst, dbValue(v))
	}
	o, a, g := &c.opening, &c.agg, c.grade
	dst = append(dst, o.Spend, o.Count, o.Last, a.total, a.count, a.first, a.last, a.medianGap,
		g.Grade, g.Score, g.Segment, g.Stage)
	if ins.logs {
		dst = append(dst, c.winCount, c.winSpend, c.lastContact)
	} else if c.winCount != 0 || c.winSpend != 0 || c.lastContact != "" {
		return dst, fmt.Errorf("insert customer: an inserter without logs was given a window count or a last contact")
	}
	if ins.at == "" {
		dst = append(dst, c.at, c.at)
	}
	return dst, nil
}

// insertOne writes one customer and returns its id.
func (ins *customerInserter) insertOne(ctx context.Context, c *newCustomer) (int64, error) {
	args, err := ins.args(make([]any, 0, ins.perRow), c)
	if err != nil {
		return 0, err
	}
	res, err := ins.insert(ctx, args)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert customer: %w", err)
	}
	return id, nil
}

// insert writes the rows whose parameters args holds (at most perStmt
// rows), in one statement prepared once per row count.
func (ins *customerInserter) insert(ctx context.Context, args []any) (sql.Result, error) {
	n := len(args) / ins.perRow
	st, ok := ins.stmts[n]
	if !ok {
		var err error
		// OR FAIL: any error fails the whole transaction, so SQLite need
		// not keep a statement journal to undo half a statement (it copied
		// every page a statement touched).
		tail := ""
		if ins.at != "" {
			tail = sqlString(ins.at) + "," + sqlString(ins.at)
		}
		q := "INSERT OR FAIL INTO customers(" + ins.columnList() + ") VALUES " + rowsSQL(n, ins.perRow, tail)
		st, err = ins.tx.PrepareContext(ctx, q) //nolint:sqlclosecheck // kept for the transaction; close closes it
		if err != nil {
			return nil, fmt.Errorf("insert customers: %w", err)
		}
		ins.stmts[n] = st
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("insert customers: %w", err)
	}
	return res, nil
}

func (ins *customerInserter) columnList() string {
	names := make([]string, 0, ins.perRow)
	names = append(names, "id")
	for _, c := range ins.cols {
		names = append(names, c.sqlName)
	}
	names = append(names, insertFixed...)
	if ins.logs {
		names = append(names, insertLogs...)
	}
	names = append(names, "created_at", "updated_at")
	return strings.Join(names, ",")
}

// close closes the inserter's statements.
func (ins *customerInserter) close() {
	for _, st := range ins.stmts {
		st.Close()
	}
	clear(ins.stmts)
}

// zeroValue is what a new customer holds in a column its row leaves empty
// (the schema's default).
func zeroValue(c Column) any {
	if c.Custom || c.nullable {
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
