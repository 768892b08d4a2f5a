package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/kehu-app/kehu/tiering"
)

// previewChunk is how many ids one read of the preview covers.
const previewChunk = 4096

// previewReaders is how many pool connections the preview reads on at
// once: two, as the day's regrade reads its halves, leaving the pool's
// others to the screen that asked.
const previewReaders = 2

// previewChunkSQL reads the live customers of a range of ids as one row:
// how many they are and their ids and packed inputs, joined by SQLite.
// Reading a million customers a row each, the driver's work per row
// (a step, a column's type and value, a Go string, database/sql's locking
// and conversion) costs about as much CPU as SQLite's own walk of the
// index; a row per 4,096 ids is a few hundred rows. The join's order does
// not matter: each customer goes to the slot of its id.
const previewChunkSQL = `SELECT count(*), CAST(group_concat(id || ',' || tier_in, ';') AS BLOB) FROM customers
	WHERE deleted_at IS NULL AND id >= ? AND id < ?`

// previewInputs reads the tiering inputs of every live customer under
// rules (the window decides F and M), in id order, with its stored grade,
// as a full regrade would grade them: the window counts from the
// customers' own win_* columns when the rules keep the stored window,
// else from the purchase log. The ids are read in chunks by a few
// connections at once, each in one read transaction.
func (s *Store) previewInputs(ctx context.Context, rules tiering.Rules, chunk int64) (ids []int64, inputs []tiering.Input, grades []string, err error) {
	ws := rules.WindowStart(s.now()).Format(parseDay)
	stored, err := storedWindow(ctx, s.db)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("preview: %w", err)
	}
	full := stored != ws
	lo, hi, err := idRange(ctx, s.db, 0, 0)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("preview: read customers: %w", err)
	}
	if hi == 0 {
		return nil, nil, nil, nil
	}
	// One slot per id between the ends (ids are SQLite's, given in turn:
	// the range is about the customers ever added), each reader filling the
	// slots of its chunks; the empty ones (trashed or deleted) are squeezed
	// out after.
	span := hi - lo + 1
	t := &previewTable{lo: lo, chunk: chunk, chunks: (span + chunk - 1) / chunk, full: full, ws: ws,
		present: make([]bool, span), ids: make([]int64, span), inputs: make([]tiering.Input, span), grades: make([]string, span)}
	readers := int(min(int64(min(previewReaders, runtime.GOMAXPROCS(0))), t.chunks))
	errs := make([]error, readers)
	var wg sync.WaitGroup
	for r := range readers {
		wg.Go(func() { errs[r] = s.readPreviewChunks(ctx, t) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, nil, err
	}
	ids, inputs, grades = t.squeeze()
	if full {
		if _, err := scanWindow(ctx, s.db, ws, ids, inputs); err != nil {
			return nil, nil, nil, fmt.Errorf("preview: %w", err)
		}
	}
	return ids, inputs, grades, nil
}

// previewTable is the slots the preview's readers fill, one per id from lo.
type previewTable struct {
	lo, chunk, chunks int64
	next              atomic.Int64 // the next chunk to read
	full              bool         // window counts from the purchase log: leave them 0
	ws                string
	present           []bool
	ids               []int64
	inputs            []tiering.Input
	grades            []string
}

// squeeze moves the filled slots together, in id order.
func (t *previewTable) squeeze() ([]int64, []tiering.Input, []string) {
	n := 0
	for i, ok := range t.present {
		if !ok {
			continue
		}
		if i != n {
			t.ids[n], t.inputs[n], t.grades[n] = t.ids[i], t.inputs[i], t.grades[i]
		}
		n++
	}
	return t.ids[:n], t.inputs[:n], t.grades[:n]
}

// readPreviewChunks reads chunks of t until none is left, in one read
// transaction of its own.
func (s *Store) readPreviewChunks(ctx context.Context, t *previewTable) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("preview: read customers: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a read: nothing to keep or lose
	stmt, err := tx.PrepareContext(ctx, previewChunkSQL)
	if err != nil {
		return fmt.Errorf("preview: read customers: %w", err)
	}
	defer stmt.Close()
	dec := newTierDecoder()
	var buf sql.RawBytes
	for {
		k := t.next.Add(1) - 1
		if k >= t.chunks {
			return nil
		}
		from := t.lo + k*t.chunk
		if err := t.readChunk(ctx, stmt, dec, &buf, from, from+t.chunk); err != nil {
			t.next.Store(t.chunks) // the other readers stop at their next chunk
			return err
		}
	}
}

// readChunk reads the live customers with from <= id < below into their
// slots.
func (t *previewTable) readChunk(ctx context.Context, stmt *sql.Stmt, dec *tierDecoder, buf *sql.RawBytes, from, below int64) error {
	rows, err := stmt.QueryContext(ctx, from, below)
	if err != nil {
		return fmt.Errorf("preview: read customers: %w", err)
	}
	defer rows.Close()
	var want int
	if rows.Next() {
		if err := rows.Scan(&want, buf); err != nil {
			return fmt.Errorf("preview: read customers: %w", err)
		}
		got, err := t.fill(dec, *buf, from, below)
		if err != nil {
			return err
		}
		if got != want {
			// (a customer whose packed inputs are NULL is left out of the
			// join but counted)
			return fmt.Errorf("preview: read customers: %d of %d customers' inputs readable from id %d", got, want, from)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("preview: read customers: %w", err)
	}
	return nil
}

// fill decodes a chunk's "id,tier_in" entries, joined by ';', into their
// slots, and says how many there were.
func (t *previewTable) fill(dec *tierDecoder, b []byte, from, below int64) (int, error) {
	n := 0
	for len(b) > 0 {
		entry := b
		if j := bytes.IndexByte(b, ';'); j >= 0 {
			entry, b = b[:j], b[j+1:]
		} else {
			b = nil
		}
		j := bytes.IndexByte(entry, ',')
		if j < 0 {
			return n, fmt.Errorf("preview: unexpected customer entry %q", entry)
		}
		id, err := parseInt(entry[:j])
		if err != nil || id < from || id >= below {
			return n, fmt.Errorf("preview: unexpected customer id %q", entry[:j])
		}
		r, c, err := dec.unpack(entry[j+1:])
		if err != nil {
			return n, fmt.Errorf("preview: customer %d: %w", id, err)
		}
		i := id - t.lo
		if t.present[i] {
			return n, fmt.Errorf("preview: customer %d read twice", id)
		}
		t.present[i], t.ids[i], t.grades[i] = true, id, c.grade
		if t.full {
			t.inputs[i] = r.input(id, 0, 0, t.ws)
		} else {
			t.inputs[i] = r.input(id, c.winCount, c.winSpend, t.ws)
		}
		n++
	}
	return n, nil
}
