package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// loadJournal puts a ledger that has no customers yet on a rollback
// journal for the import about to fill it, through conn, and returns what
// puts it back on write-ahead logging afterwards (nil when the ledger stays
// as it is).
//
// With write-ahead logging every page of a first import is written twice:
// into the log as the transaction spills out of the page cache, then into
// the ledger file by the checkpoint after the commit. A million-row sheet
// writes 0.94 GB each time. A rollback journal keeps only the pages as they
// were before (an empty ledger has a handful) and the transaction writes
// the ledger file itself: the import of a million rows took 27 s instead of
// 33.5 s, and 3.6 s of system time instead of 9.3 s. The load stays one
// transaction: a crash or a failed row leaves a hot journal, and SQLite
// puts the empty ledger back from it before anyone reads the file. The
// journal is synced in full for the load (synchronous = FULL), since with
// a rollback journal the NORMAL setting can lose the ledger in a power cut.
//
// Only an import alone in this process (ImportOptions.Alone: the command
// line's, not the table's, whose screens read on during an import) into an
// empty ledger is switched: with customers in it, the journal would copy
// every page the import changes, and readers, which write-ahead logging
// lets read during the import, would wait for its lock. The switch needs
// the ledger to itself: it waits up to loadSwitchWait for readers to
// finish (the day's snapshot of the empty ledger, taken as the command
// starts, is one), and when one still reads, or when Litestream replicates
// the ledger (it follows the log), the import runs on the log as before.
func (s *Store) loadJournal(ctx context.Context, conn *sql.Conn) func() {
	if s.Replicated() || s.readOnly {
		return nil
	}
	var empty bool
	if err := conn.QueryRowContext(ctx, "SELECT NOT EXISTS (SELECT 1 FROM customers)").Scan(&empty); err != nil || !empty {
		return nil
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = FULL"); err != nil {
		return nil
	}
	normal := func() {
		// Best effort, like the import's other settings on conn: a
		// connection left syncing in full is slower, not wrong.
		_, _ = conn.ExecContext(context.Background(), "PRAGMA synchronous = NORMAL")
	}
	// Every connection open on a ledger on the log keeps a shared lock
	// on its file, idle or not: the pool's idle ones (the day's snapshot
	// read through one) are closed for the switch, and the pool keeps
	// none until the ledger is back on the log.
	s.db.SetMaxIdleConns(0)
	if !switchJournal(ctx, conn, "delete", loadSwitchWait) {
		s.db.SetMaxIdleConns(poolIdle)
		normal()
		return nil
	}
	return func() {
		defer s.db.SetMaxIdleConns(poolIdle)
		// Other processes that open the ledger meanwhile read it on the
		// rollback journal; useWALOn waits for them as long as a write
		// would. Should it give up, the ledger still works, and the next
		// open switches it back.
		_ = s.useWALOn(context.Background(), conn)
		normal()
	}
}

// loadSwitchWait is how long a first import waits for readers of the empty
// ledger before it gives up the rollback journal.
const loadSwitchWait = 2 * time.Second

// switchJournal sets the journal mode through conn, trying again while
// another connection's lock stops it (SQLite answers that at once, without
// the busy timeout), for at most wait. It reports whether the mode is set.
func switchJournal(ctx context.Context, conn *sql.Conn, mode string, wait time.Duration) bool {
	deadline := time.Now().Add(wait)
	for {
		var got string
		err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = "+mode).Scan(&got)
		if err == nil && strings.EqualFold(got, mode) {
			return true
		}
		if err != nil && !IsBusy(err) || time.Now().After(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(10 * time.Millisecond):
		}
	}
}
