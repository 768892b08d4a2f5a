package store

import (
	"context"
	"database/sql"
	"fmt"
)

// The page cache an import's connection keeps while it writes rows, and
// the most it may grow to while it builds the indexes again (KiB).
const (
	importCacheKiB       = 128 << 10
	rebuildCacheMaxKiB   = 1 << 20
	rebuildCacheSlackKiB = 96 << 10
)

// rebuildIndexes runs the CREATE statements a large import dropped its
// indexes with. Each one scans the whole customers table; with the import's
// page cache smaller than that table (305 MB at a million rows), every scan
// reads every page back from the write-ahead log. For the rebuild the cache
// grows to hold the table and every index built (at most
// rebuildCacheMaxKiB): SQLite keeps the pages an index build wrote in the
// cache until they fill nine tenths of it, and makes room for them by
// dropping the table's pages, so with a cache for the table alone each
// later build read the table back (34 builds over a million customers read
// 1.49 million pages with a 640 MB cache, 0.24 million with 1 GB). The
// indexes of customers take about twice the table. The import's connection
// gets SQLite's default back when it is returned.
func (im *importRun) rebuildIndexes(ctx context.Context, tx *sql.Tx, rebuild []string, progress func(done, total int)) error {
	if len(rebuild) == 0 {
		return nil
	}
	var pages, pageSize int64
	if err := tx.QueryRowContext(ctx, "SELECT (SELECT page_count FROM pragma_page_count), (SELECT page_size FROM pragma_page_size)").Scan(&pages, &pageSize); err != nil {
		return fmt.Errorf("import: rebuild index: %w", err)
	}
	if want := min(3*pages*pageSize/1024+rebuildCacheSlackKiB, rebuildCacheMaxKiB); want > importCacheKiB {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", want)); err != nil {
			return fmt.Errorf("import: rebuild index: %w", err)
		}
	}
	// The sorter of a CREATE INDEX allocates every key on its own while
	// temporary storage is in memory; with temporary files it packs the
	// keys into one growing block instead, and still sorts in memory while
	// they fit in the page cache (a million rows' keys do, several times
	// over). Building the 34 indexes of a million customers took 20-21 s
	// of CPU that way against 24-25 s. The import kept temporary storage
	// in memory until here for its own temporary tables. SQLite refuses
	// the change inside a transaction once this connection has opened its
	// temporary database; the rebuild then only costs more, so the error
	// is not the import's.
	_, _ = tx.ExecContext(ctx, "PRAGMA temp_store = FILE")
	for i, q := range rebuild {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("import: rebuild index: %w", err)
		}
		if progress != nil {
			progress(i+1, len(rebuild))
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}
