package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// regradeWritePragmas set up the connection a regrade writes on. The rows
// that change (about 1% of a million customers a day) sit all over the
// grade, score, segment, stage and agenda indexes, so each dirties its own
// leaf page in every one of them:
//   - a page cache large enough for all of them (pages are allocated only
//     as used) keeps SQLite from spilling dirty pages to the log in the
//     middle of the transaction and reading them back;
//   - the statement journals the tally triggers need stay in memory
//     instead of a temporary file written for every row.
var regradeWritePragmas = []string{
	"PRAGMA cache_size = -262144",
	"PRAGMA temp_store = MEMORY",
}

// regradeMapPragmas have the connection read the ledger through a memory
// map instead of a read call and a page allocation per page: about a second
// less on the day's regrade at a million customers, which a reader waits
// for. The pages it touches count in the process's resident memory (about
// 1 GB more at a million customers, the file's own pages, shared with the
// page cache), so the table's background regrade, which nobody waits for,
// does without it.
//
// Read through the map, the pages the cache holds are only those the
// transaction changed, so its limit is raised to 1 GiB: the day's regrade
// at a million customers dirties about 60,000 pages (240 MB), past the
// 256 MB cache once its bookkeeping is counted, and a cache that fills
// spills pages to the log mid-transaction and writes some of them twice (a
// quarter more writes at the commit). The memory is taken only as pages
// change.
var regradeMapPragmas = []string{
	"PRAGMA mmap_size = 2147418112",
	"PRAGMA cache_size = -1048576",
}

// regradeResetPragmas give the connection back to the pool as it was.
var regradeResetPragmas = []string{
	"PRAGMA cache_size = -2000",
	"PRAGMA temp_store = DEFAULT",
	"PRAGMA mmap_size = 0",
}

// regradeConn takes a connection of the pool for a regrade's writes, set up
// by regradeWritePragmas, and with mapped by regradeMapPragma; wait, when not
// zero, replaces the store's wait for another process's write lock. release
// gives it back as it was.
func (s *Store) regradeConn(ctx context.Context, wait time.Duration, mapped bool) (conn *sql.Conn, release func(), err error) {
	conn, err = s.db.Conn(ctx)
	if err != nil {
		return nil, nil, s.classify(fmt.Errorf("regrade: %w", err))
	}
	set := regradeWritePragmas
	if mapped {
		set = append(set[:len(set):len(set)], regradeMapPragmas...)
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
