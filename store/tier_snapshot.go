package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/kehu-app/kehu/tiering"
)

// tierSnapshot is every live customer's tiering inputs and current grade,
// in id order. The inputs are in full (inputs) or, for rules that grade by
// brief, in their compact form (slims): one of the two is nil.
type tierSnapshot struct {
	ids    []int64
	inputs []tiering.Input
	slims  []tiering.Slim
	curs   []cur
	// packed and odd hold the current columns instead of curs in a
	// chunked read's compact form (packedCur; odd by id)
	packed []packedCur
	odd    map[int64]cur
	// sums, when read instead of stats, are the summaries as of the day
	// the stats give (see modelSums)
	sums   *modelSums
	stats  []sql.Null[modelStats] // the stored model stats, when the refit reads them
	newWin map[int][2]int64       // full scans only: window count and spend by position
}

// leave takes the purchases that leave the window (by customer: count and
// spend, departingPurchases) off the customers' window counts in the
// grading inputs; the rows keep theirs until the regrade's write moves the
// window.
func (t *tierSnapshot) leave(departing map[int64][2]int64) {
	for id, d := range departing {
		if i, ok := slices.BinarySearch(t.ids, id); ok {
			t.addWindow(i, -d[0], -d[1])
		}
	}
}

// addWindow adds a window count and spend to the inputs at position i.
func (t *tierSnapshot) addWindow(i int, n, sum int64) {
	if t.slims != nil {
		t.slims[i].Frequency += n
		t.slims[i].Monetary += sum
		return
	}
	t.inputs[i].Frequency += int(n)
	t.inputs[i].Monetary += sum
}

// readTiers reads the snapshot through q (the store or a transaction).
// With full, the window counts come from a scan of the purchase log instead
// of the customers' win_* columns. A below other than 0 reads only the
// customers whose id is lower.
func (s *Store) readTiers(ctx context.Context, q queryer, ws string, full bool, below int64, withStats bool) (*tierSnapshot, error) {
	snap, err := readTierRange(ctx, q, ws, full, 0, below, withStats, 0)
	if err != nil {
		return nil, err
	}
	if full {
		if snap.newWin, err = scanWindow(ctx, q, ws, snap.ids, snap.addWindow); err != nil {
			return nil, err
		}
	}
	return snap, nil
}

// readTiersParallel is readTiers over the whole ledger, read in chunks of
// ids by two connections of the pool at once (readTierChunks): reading and
// decoding a million customers is most of a regrade, a machine has more
// than one core, and the driver's work per row read costs as much as
// SQLite's; a row per chunk of 4,096 ids costs a few hundred rows. The
// readers' chunks are read in two read transactions a moment apart; a
// writer meanwhile is caught by the guarded writes of the regrade.
func (s *Store) readTiersParallel(ctx context.Context, ws string, full, withStats bool) (*tierSnapshot, error) {
	return s.readTiersAs(ctx, &previewTable{full: full, ws: ws, curs: true, stats: withStats})
}

// readTiersChunked is readTiersParallel for the day's regrade as of day
// today: with the inputs in their compact form (tierSnapshot.slims) when
// slim, and with withStats the customers' summaries as of today
// (tierSnapshot.sums) instead of their stats.
func (s *Store) readTiersChunked(ctx context.Context, ws string, full, withStats, slim bool, today int64) (*tierSnapshot, error) {
	return s.readTiersAs(ctx, &previewTable{full: full, ws: ws, curs: true, stats: withStats, slim: slim, packCurs: slim, summarise: withStats, today: today})
}

// readTiersAs reads the snapshot into t's slots.
func (s *Store) readTiersAs(ctx context.Context, t *previewTable) (*tierSnapshot, error) {
	t, err := s.readTierChunks(ctx, t, previewChunk)
	if err != nil {
		return nil, fmt.Errorf("regrade: %w", err)
	}
	if t == nil {
		return &tierSnapshot{}, nil
	}
	snap := &tierSnapshot{ids: t.ids, inputs: t.inputs, slims: t.slims, curs: t.cur, packed: t.packed, odd: t.odd, stats: t.stat, newWin: t.newWin}
	if t.summarise {
		snap.sums = t.sums()
	}
	return snap, nil
}

// idRange is the lowest and highest customer id with from <= id < below
// (below 0: no bound), 0 and 0 when there is none. Each end is its own
// subquery: SQLite reads a lone min() or max() from the end of the primary
// key, but min() and max() in one SELECT walk every row between them.
func idRange(ctx context.Context, q queryer, from, below int64) (lo, hi int64, err error) {
	where, args := "id >= ?", []any{from}
	if below > 0 {
		where, args = where+" AND id < ?", append(args, below)
	}
	err = q.QueryRowContext(ctx, "SELECT coalesce((SELECT min(id) FROM customers WHERE "+where+"), 0), coalesce((SELECT max(id) FROM customers WHERE "+where+"), 0)",
		append(args, args...)...).Scan(&lo, &hi)
	return lo, hi, err
}

// readTierRange reads the live customers with from <= id < below (0: no
// bound) in id order, without their window counts when full, and with
// their model stats when withStats. Its slices have room for at least
// capacity customers.
func readTierRange(ctx context.Context, q queryer, ws string, full bool, from, below int64, withStats bool, capacity int) (*tierSnapshot, error) {
	where, args := "deleted_at IS NULL AND id >= ?", []any{from}
	if below > 0 {
		where, args = where+" AND id < ?", append(args, below)
	}
	// Size the slices once, from the ids' range (the ends of the primary
	// key, not a count): growing them for a million rows costs more.
	lo, hi, err := idRange(ctx, q, from, below)
	if err != nil {
		return nil, fmt.Errorf("regrade: count customers: %w", err)
	}
	n := 0
	if hi > 0 {
		n = int(hi - lo + 1)
	}
	n = max(n, capacity)
	snap := &tierSnapshot{ids: make([]int64, 0, n), inputs: make([]tiering.Input, 0, n), curs: make([]cur, 0, n)}
	// The inputs travel in one column that SQLite keeps packed (tier_in);
	// the driver's cost is per column, so the model stats (for the day's
	// refit) come along only when asked for.
	cols := "id, tier_in"
	if withStats {
		cols += ", m_x, m_first, m_last, m_spend"
		snap.stats = make([]sql.Null[modelStats], 0, n)
	}
	rows, err := q.QueryContext(ctx, "SELECT "+cols+" FROM customers WHERE "+where+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("regrade: read customers: %w", err)
	}
	defer rows.Close()
	var id int64
	var packed sql.RawBytes
	var x, first, last sql.NullInt64
	var spend sql.NullFloat64
	dest := []any{&id, &packed}
	if withStats {
		dest = append(dest, &x, &first, &last, &spend)
	}
	dec := newTierDecoder()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("regrade: read customers: %w", err)
		}
		r, c, err := dec.unpack(packed)
		if err != nil {
			return nil, fmt.Errorf("regrade: customer %d: %w", id, err)
		}
		snap.ids = append(snap.ids, id)
		if full {
			snap.inputs = append(snap.inputs, r.input(id, 0, 0, ws))
		} else {
			snap.inputs = append(snap.inputs, r.input(id, c.winCount, c.winSpend, ws))
		}
		snap.curs = append(snap.curs, c)
		if withStats {
			var st sql.Null[modelStats]
			if x.Valid && first.Valid && last.Valid && spend.Valid {
				st = sql.Null[modelStats]{V: modelStats{x: int(x.Int64), first: first.Int64, last: last.Int64, spend: spend.Float64}, Valid: true}
			}
			snap.stats = append(snap.stats, st)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("regrade: read customers: %w", err)
	}
	return snap, nil
}
