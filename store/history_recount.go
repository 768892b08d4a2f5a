package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"time"
)

// Counting the tier history's tally again from every customer takes
// seconds at a million customers; under the write lock it would keep every
// other writer waiting past its busy timeout. So the count is done in three
// steps:
//
//  1. a short write transaction empties history_dirty and marks the tally
//     as being counted (history_meta's month empty, its day a token);
//  2. a read-only transaction counts every customer under its snapshot,
//     keeping the tally and each customer's trajectory in memory;
//  3. a write transaction, if the mark is still its token, writes the count
//     over the tally, then counts again, from their rows as they stand, the
//     customers listed in history_dirty: those written since step 1.
//
// Customers not listed were not written after step 1, so the snapshot,
// taken after it, holds them as they stand. A customer listed before step 1
// would not be listed again by a later write (the triggers list a customer
// once): that is why step 1 empties the list. Another count started
// meanwhile (by this process or another), or a load that forgot the tally,
// changes the mark: step 3 then writes nothing, since the list it relies on
// may have been emptied. When step 3 cannot write (another process holds
// the lock, the file cannot be written) the snapshot's count is the
// history, exact as of the snapshot, and the tally stays marked for the
// next look.

// markHistoryRecount empties history_dirty and marks the tally as being
// counted again, returning the mark's token.
func markHistoryRecount(ctx context.Context, tx *sql.Tx) (string, error) {
	token := fmt.Sprintf("recount %d %d %d", os.Getpid(), time.Now().UnixNano(), rand.Uint64())
	if _, err := tx.ExecContext(ctx, "DELETE FROM history_dirty"); err != nil {
		return "", fmt.Errorf("tier history: tally: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO history_meta(id, month, day, months) VALUES (1, '', ?, 0)", token); err != nil {
		return "", fmt.Errorf("tier history: tally: %w", err)
	}
	return token, nil
}

// recountedCust is one customer's trajectory as counted under the
// snapshot: an index into the distinct keys (a few hundred at a million
// customers). Its spend is in the count's spends, every customer's in
// turn, one varint a month: no pointer per customer for the collector to
// follow, ~30 bytes a customer in all.
type recountedCust struct {
	id  int64
	key int32
}

// recountHistoryTally counts the tally again from every customer (see the
// top of this file) and returns it with the customers counted live.
func (s *Store) recountHistoryTally(ctx context.Context, acc *histAcc, token string) (map[string]*historyTrajectory, []histState, error) {
	tally := map[string]*historyTrajectory{}
	keyIndex := map[string]int32{}
	var keys []string
	var custs []recountedCust
	var spends []byte
	var live []histState
	var stay []int64
	err := func() error {
		tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return fmt.Errorf("tier history: tally: %w", err)
		}
		defer func() { _ = tx.Rollback() }()
		live, stay, err = scanHistoryTally(ctx, tx, acc, tally, false, func(id int64, key string, spend []int64) error {
			k, ok := keyIndex[key]
			if !ok {
				k = int32(len(keys))
				keyIndex[key] = k
				keys = append(keys, key)
			}
			for _, v := range spend {
				spends = binary.AppendVarint(spends, v)
			}
			custs = append(custs, recountedCust{id: id, key: k})
			return nil
		})
		return err
	}()
	if err != nil {
		return nil, nil, s.classify(err)
	}
	if s.historyScanned != nil {
		s.historyScanned()
	}
	// Step 3 works on a copy: when it fails the snapshot's count stands.
	written := make(map[string]*historyTrajectory, len(tally))
	for key, t := range tally {
		written[key] = &historyTrajectory{n: t.n, spend: append([]int64(nil), t.spend...)}
	}
	var writtenLive []histState
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var mark string
		err := tx.QueryRowContext(ctx, "SELECT day FROM history_meta WHERE id = 1 AND month = ''").Scan(&mark)
		if errors.Is(err, sql.ErrNoRows) || err == nil && mark != token {
			return errHistoryRecountOvertaken
		}
		if err != nil {
			return fmt.Errorf("tier history: tally: %w", err)
		}
		for _, q := range []string{"DELETE FROM history_tally", "DELETE FROM history_cust"} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("tier history: tally: %w", err)
			}
		}
		ins := &historyCustWriter{tx: tx, month: acc.days[len(acc.days)-1][:7]}
		defer ins.close()
		spend := make([]int64, len(acc.days))
		var text []byte
		rest := spends
		for _, c := range custs {
			for i := range spend {
				v, n := binary.Varint(rest)
				if n <= 0 {
					return errors.New("tier history: tally: spends cut short")
				}
				spend[i], rest = v, rest[n:]
			}
			text = appendSpend(text[:0], spend)
			if err := ins.add(ctx, c.id, keys[c.key], string(text)); err != nil {
				return fmt.Errorf("tier history: tally: %w", err)
			}
		}
		if err := ins.flush(ctx); err != nil {
			return fmt.Errorf("tier history: tally: %w", err)
		}
		// The customers counted live stay listed (they have no
		// history_cust row), beside those written since step 1.
		for _, id := range stay {
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO history_dirty(customer) VALUES (?)", id); err != nil {
				return fmt.Errorf("tier history: tally: %w", err)
			}
		}
		writtenLive, err = updateHistoryTally(ctx, tx, acc, written, true)
		return err
	})
	if err != nil {
		// The snapshot's count is exact as of the snapshot; the tally stays
		// marked and is counted again on the next look.
		return tally, live, nil
	}
	return written, writtenLive, nil
}

// errHistoryRecountOvertaken: another count, or a load, changed the
// tally's mark while this count read its snapshot.
var errHistoryRecountOvertaken = errors.New("tier history: tally: counted again meanwhile")
