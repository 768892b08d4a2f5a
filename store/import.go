package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"
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
	// Accounts are the member account balances the row gives; nil when none.
	Accounts *AccountOpening
}

// ImportOptions configures ImportRows.
type ImportOptions struct {
	// Keys are every column key rows may carry (built-in writable columns
	// and the keys of Columns). "name" must be among them.
	Keys []string
	// Columns are the custom columns to create before the rows are written.
	Columns []ImportColumn
	// MergeDuplicates merges a row that is no customer by the usual match
	// but has the phone (after normalisation), WeChat id or email of a
	// customer already in the ledger into that customer, as a match
	// updates one, instead of adding it. Rows that only look alike by name
	// are still added (a dry run lists them).
	MergeDuplicates bool
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
	// Accounts says the rows may carry member account balances (see
	// ImportRow.Accounts). A large import keeps the partial indexes no
	// customer it adds can enter instead of building them again (see
	// quietIndexes); without it, those over balances may be kept while
	// rows enter them, which costs time, never correctness.
	Accounts bool
	// Preview, when set, has seen the opening balances of the rows to come
	// (see ImportPreview): new customers are then graded as they are
	// written instead of being written a second time by a regrade.
	// ImportRows uses it up.
	Preview *ImportPreview
	// Alone says nothing else in this process reads the ledger while the
	// import runs (the command line's import; not the table's, whose
	// screens go on reading). An import alone into an empty ledger may then
	// write it through a rollback journal, about a fifth faster at a
	// million rows (see loadJournal).
	Alone bool
}

// ImportResult says what ImportRows did (or would do, in a dry run).
type ImportResult struct {
	Added     int
	Updated   int // existing customers whose values or opening balance changed
	Unchanged int // rows matching an existing customer with nothing new
	// Merged are the rows MergeDuplicates merged into a customer by a
	// shared contact detail (counted here only, not in Updated or Unchanged).
	Merged  int
	Columns []Column
	Regrade RegradeReport
	// Duplicates, in a dry run, are the rows that look like a customer
	// already in the ledger or like another row (see ImportDuplicates).
	Duplicates []ImportDuplicate
	// AccountDiffs are the accounts of matched customers whose balance the
	// sheet gives differently; the ledger's balances are left as they are.
	AccountDiffs []ImportAccountDiff
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

// ImportRows writes validated rows in one transaction: a row whose phone
// matches a live customer (else whose name and company match one without a
// different phone) updates that customer, any other row adds one. Empty
// cells never erase what the ledger holds. Opening balances replace the
// customer's previous opening balance field by field, and the stored
// aggregates (total spend, purchases, last purchase) are recomputed from it
// and the purchase log. A new customer whose sheet gives a spend or a last
// purchase date but no count gets one opening purchase. A new customer
// whose row gives points, stored value or owed gets one opening account
// entry per non-zero account; a matched customer gets none (a re-import adds
// nothing), and a balance the sheet gives differently is listed in
// ImportResult.AccountDiffs instead. Every added customer
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
	im, err := s.newImportRun(opts)
	if err != nil {
		return res, err
	}
	// The import gets a connection of its own with a page cache of 128 MB
	// (SQLite's default is 2 MB), which holds what 100,000 rows write (about
	// 1 KiB a customer, table and indexes): pages that do not fit spill into
	// the WAL before the commit and are read back from it. A cache the size
	// of a million-row import saved 7% of its time for 800 MB more memory;
	// the cache grows only while the indexes are built again (see
	// rebuildIndexes). Temporary tables stay in memory until the indexes
	// are built (see rebuildIndexes for why those use temporary files).
	// The connection gets SQLite's defaults back afterwards.
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
	for _, q := range []string{fmt.Sprintf("PRAGMA cache_size = -%d", importCacheKiB), "PRAGMA temp_store = MEMORY"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return res, fmt.Errorf("import: %w", err)
		}
	}
	if opts.Alone && !opts.DryRun {
		if back := s.loadJournal(ctx, conn); back != nil {
			defer back() // before conn goes back to the pool (defers run last first)
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
		// A load that drops the indexes counts the customers it adds for
		// the tallies itself rather than firing their triggers for every
		// row (see resumeTallies).
		if len(rebuild) > 0 {
			if im.tallies, err = suspendTallies(ctx, tx); err != nil {
				return err
			}
			var above int64
			if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM customers").Scan(&above); err != nil {
				return fmt.Errorf("import: %w", err)
			}
			im.delta = newTallyDelta(above)
			im.profile = newImportProfile()
		}
		// Rows are made ready (checked, converted, graded, their journal
		// record written) on another goroutine: this one only talks to SQLite.
		items := make(chan prepped, 2*maxInsertRows)
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
		// before the final grades, whose few updates the triggers count
		if err := im.resumeTallies(ctx, tx); err != nil {
			return fmt.Errorf("import: %w", err)
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
		if err := im.rebuildIndexes(ctx, tx, rebuild, opts.Indexes); err != nil {
			return err
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
