package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// regradeMapPragmas set up the connection a reader's regrade (the day's
// regrade in one transaction, which a reader waits for) writes on:
//   - the ledger is read through a memory map instead of a read call and a
//     page allocation per page: about a second less at a million
//     customers. The pages it touches count in the process's resident
//     memory (about 1 GB more at a million customers, the file's own pages,
//     shared with the page cache);
//   - read through the map, the pages the cache holds are only those the
//     transaction changed, so its limit is raised to 1 GiB: the day's
//     regrade at a million customers dirties about 60,000 pages (240 MB),
//     and a cache that fills spills pages to the log mid-transaction and
//     writes some of them twice (a quarter more writes at the commit). The
//     memory is taken only as pages change;
//   - the statement journals the tally triggers need stay in memory
//     instead of a temporary file written for every row;
//   - its commit does not copy the pages it wrote from the log into the
//     ledger file (a checkpoint): at a million customers that copy and the
//     two flushes to disk it needs take 1.3 s of the day's regrade, most
//     of it waiting for the disk. The regrade has it done beside its
//     remaining work instead (checkpointAside).
//
// The table's background regrade (RegradeAll), which nobody waits for and
// which runs inside a process with a memory budget, takes none of these and
// keeps the pool's defaults. Its writes go in short transactions, so a small
// cache costs it little; but without the map a large cache fills with every
// page the regrade reads, not only those it changes, and held in memory the
// temporary storage of the first transaction's one statement that moves the
// window (its grouping and its statement journal, over every customer whose
// purchases left the window) grows with the days since the last regrade.
// Measured at 100,000 customers nine days on: the process's peak resident
// memory 277 MB with a 256 MB cache and temp_store = MEMORY, 130 MB with the
// defaults, for the same CPU time.
var regradeMapPragmas = []string{
	"PRAGMA mmap_size = 2147418112",
	"PRAGMA cache_size = -1048576",
	"PRAGMA temp_store = MEMORY",
	"PRAGMA wal_autocheckpoint = 0",
}

// regradeResetPragmas give the connection back to the pool as it was.
var regradeResetPragmas = []string{
	"PRAGMA cache_size = -2000",
	"PRAGMA temp_store = DEFAULT",
	"PRAGMA mmap_size = 0",
	"PRAGMA wal_autocheckpoint = 1000",
}

// regradeConn takes a connection of the pool for a regrade's writes, set up
// by regradeMapPragmas when mapped (else left as the pool has it); wait,
// when not zero, replaces the store's wait for another process's write lock.
// release gives it back as it was.
func (s *Store) regradeConn(ctx context.Context, wait time.Duration, mapped bool) (conn *sql.Conn, release func(), err error) {
	conn, err = s.db.Conn(ctx)
	if err != nil {
		return nil, nil, s.classify(fmt.Errorf("regrade: %w", err))
	}
	var set []string
	if mapped {
		set = append(set, regradeMapPragmas...)
	}
	if wait > 0 {
		set = append([]string{fmt.Sprintf("PRAGMA busy_timeout = %d", wait.Milliseconds())}, set...)
	}
	release = func() {
		// (failing, the connection keeps a larger cache or a shorter wait
		// until the pool closes it: nothing worse)
		bg := context.Background()
		for _, q := range regradeResetPragmas {
			_, _ = conn.ExecContext(bg, q)
		}
		if wait > 0 {
			_, _ = conn.ExecContext(bg, fmt.Sprintf("PRAGMA busy_timeout = %d", s.busy.Milliseconds()))
		}
		_ = conn.Close()
	}
	for _, q := range set {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			release()
			return nil, nil, s.classify(fmt.Errorf("regrade: %w", err))
		}
	}
	return conn, release, nil
}

// checkpointAside copies the pages of the commit just made (on a
// connection that does not checkpoint at commit, regradeMapPragmas) from
// the log into the ledger file, on a connection of its own, while the
// caller goes on: a passive checkpoint, which neither waits for nor holds
// up readers and writers. Close waits for it. Should it not run (no
// connection, another checkpoint under way), the next commit past the
// log's limit, or the last connection's close, does it.
func (s *Store) checkpointAside() {
	s.checkpoints.Add(1)
	go func() {
		defer s.checkpoints.Done()
		ctx := context.Background()
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = conn.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
	}()
}

// WaitCheckpoints waits for the checkpoints the day's regrade started
// beside its remaining work (checkpointAside): after it, the pages written
// so far are in the ledger file, not only in its log.
func (s *Store) WaitCheckpoints() { s.checkpoints.Wait() }
