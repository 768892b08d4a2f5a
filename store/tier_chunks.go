package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/kehu-app/kehu/model"
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

// statsChunkSQL is previewChunkSQL with each customer's model stats after
// its packed inputs, '|' before each (empty when not kept): the day's
// regrade refits the model on them. The spend is a REAL, written as
// quote() writes it, which SQLite checks reads back as the same double
// (else it writes twenty digits); the day numbers and count are integers.
const statsChunkSQL = `SELECT count(*), CAST(group_concat(id || ',' || tier_in
		|| '|' || coalesce(CAST(m_x AS INTEGER), '') || '|' || coalesce(CAST(m_first AS INTEGER), '')
		|| '|' || coalesce(CAST(m_last AS INTEGER), '') || '|' || CASE WHEN m_spend IS NULL THEN '' ELSE quote(m_spend) END, ';') AS BLOB)
	FROM customers WHERE deleted_at IS NULL AND id >= ? AND id < ?`

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
	t, err := s.readTierChunks(ctx, &previewTable{full: stored != ws, ws: ws, grades: true}, chunk)
	if err != nil || t == nil {
		return nil, nil, nil, err
	}
	return t.ids, t.inputs, t.grade, nil
}

// readTierChunks reads every live customer into t's slots (t says what of
// them to keep), chunk ids at a time by a few connections at once, each in
// one read transaction, and squeezes them together in id order; with
// t.full their window counts come from the purchase log. It returns nil
// when the ledger has no customer.
func (s *Store) readTierChunks(ctx context.Context, t *previewTable, chunk int64) (*previewTable, error) {
	if ok, err := s.makeTierSlots(ctx, t, chunk); err != nil || !ok {
		return nil, err
	}
	return s.fillTierSlots(ctx, t)
}

// makeTierSlots makes t's slots, one per id between the lowest and highest
// there are now; it says false when the ledger has no customer.
func (s *Store) makeTierSlots(ctx context.Context, t *previewTable, chunk int64) (bool, error) {
	lo, hi, err := idRange(ctx, s.db, 0, 0)
	if err != nil {
		return false, fmt.Errorf("read customers: %w", err)
	}
	if hi == 0 {
		return false, nil
	}
	// One slot per id between the ends (ids are SQLite's, given in turn:
	// the range is about the customers ever added), each reader filling the
	// slots of its chunks; the empty ones (trashed or deleted) are squeezed
	// out after.
	span := hi - lo + 1
	t.init(lo, hi, chunk)
	t.present, t.ids = make([]bool, span), make([]int64, span)
	if t.slim {
		t.slims = make([]tiering.Slim, span)
	} else {
		t.inputs = make([]tiering.Input, span)
	}
	if t.grades {
		t.grade = make([]string, span)
	}
	switch {
	case t.curs && t.packCurs:
		t.packed, t.odd = make([]packedCur, span), map[int64]cur{}
	case t.curs:
		t.cur = make([]cur, span)
	}
	switch {
	case t.stats && t.summarise:
		t.fitSlots, t.fitOK = make([]fitSum, span), make([]bool, span)
	case t.stats:
		t.stat = make([]sql.Null[modelStats], span)
	}
	return true, nil
}

// fillTierSlots reads the customers into t's slots, a few connections at
// once, and squeezes them together in id order.
func (s *Store) fillTierSlots(ctx context.Context, t *previewTable) (*previewTable, error) {
	if err := s.readChunks(ctx, t); err != nil {
		return nil, err
	}
	t.squeeze()
	if t.full {
		var err error
		if t.newWin, err = scanWindow(ctx, s.db, t.ws, t.ids, t.addWindow); err != nil {
			return nil, fmt.Errorf("read customers: %w", err)
		}
	}
	return t, nil
}

// readChunks fills t's slots by a few readers at once, each on a
// connection of the pool, until no chunk is left.
func (s *Store) readChunks(ctx context.Context, t chunkFiller) error {
	readers := int(min(int64(min(previewReaders, runtime.GOMAXPROCS(0))), t.plan().chunks))
	errs := make([]error, readers)
	var wg sync.WaitGroup
	for r := range readers {
		wg.Go(func() { errs[r] = s.readPreviewChunks(ctx, t) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// chunkFiller is a table of slots, one per id from its plan's lo, that the
// chunked readers fill: its query (previewChunkSQL or statsChunkSQL) and
// how a chunk's joined entries go into their slots.
type chunkFiller interface {
	plan() *chunkPlan
	query() string
	// fill decodes a chunk's entries, joined by ';', of the customers with
	// from <= id < below, into their slots, and says how many there were.
	fill(dec *tierDecoder, b []byte, from, below int64) (int, error)
}

// chunkPlan is how the ids from lo to end are cut into chunks, and the
// next chunk a reader is to read.
type chunkPlan struct {
	lo, chunk, chunks int64
	end               int64        // one past the last id read: a customer added since has no slot
	next              atomic.Int64 // the next chunk to read
}

// init plans chunks of chunk ids over lo..hi.
func (c *chunkPlan) init(lo, hi, chunk int64) {
	c.lo, c.end, c.chunk, c.chunks = lo, hi+1, chunk, (hi-lo+chunk)/chunk
}

func (c *chunkPlan) plan() *chunkPlan { return c }

// previewTable is the slots the chunked readers fill, one per id from lo,
// and what they keep of each customer besides its id and inputs: its
// stored grade (the preview), its current grading columns (the regrade's
// cur) and its model stats. With slim, the inputs are kept in their
// compact form (slims, for rules that grade by brief), else in full
// (inputs).
type previewTable struct {
	chunkPlan
	full                bool // window counts from the purchase log: leave them 0
	ws                  string
	grades, curs, stats bool
	slim                bool
	packCurs            bool // with curs: keep them packed (packed, odd)
	// summarise, with stats, keeps each customer's summary as of the day
	// today instead of its stats (fitSlots, fitOK; see sums): what the
	// day's refit and churn scores read, without the stats beside them.
	summarise bool
	today     int64
	present   []bool
	ids       []int64
	inputs    []tiering.Input
	slims     []tiering.Slim
	grade     []string
	cur       []cur
	packed    []packedCur
	oddMu     sync.Mutex
	odd       map[int64]cur
	stat      []sql.Null[modelStats]
	fitSlots  []fitSum
	fitOK     []bool
	newWin    map[int][2]int64 // with full: the window counts read, by position
}

func (t *previewTable) query() string {
	if t.stats {
		return statsChunkSQL
	}
	return previewChunkSQL
}

// squeeze moves the filled slots together, in id order.
func (t *previewTable) squeeze() {
	n := 0
	for i, ok := range t.present {
		if !ok {
			continue
		}
		if i != n {
			t.ids[n] = t.ids[i]
			if t.slim {
				t.slims[n] = t.slims[i]
			} else {
				t.inputs[n] = t.inputs[i]
			}
			if t.grades {
				t.grade[n] = t.grade[i]
			}
			if t.packed != nil {
				t.packed[n] = t.packed[i]
			} else if t.curs {
				t.cur[n] = t.cur[i]
			}
			if t.summarise {
				t.fitSlots[n], t.fitOK[n] = t.fitSlots[i], t.fitOK[i]
			} else if t.stats {
				t.stat[n] = t.stat[i]
			}
		}
		n++
	}
	t.ids = t.ids[:n]
	if t.slim {
		t.slims = t.slims[:n]
	} else {
		t.inputs = t.inputs[:n]
	}
	if t.grades {
		t.grade = t.grade[:n]
	}
	if t.packed != nil {
		t.packed = t.packed[:n]
	} else if t.curs {
		t.cur = t.cur[:n]
	}
	if t.summarise {
		t.fitSlots, t.fitOK = t.fitSlots[:n], t.fitOK[:n]
	} else if t.stats {
		t.stat = t.stat[:n]
	}
}

// packCur keeps customer id's current columns c packed in slot i, or
// whole among the odd ones when they do not pack.
func (t *previewTable) packCur(id, i int64, c cur) {
	p, ok := packCur(c)
	t.packed[i] = p
	if !ok {
		t.oddMu.Lock()
		t.odd[id] = c
		t.oddMu.Unlock()
	}
}

// sums is the summaries kept (summarise), moved together in place in
// their slots' memory: the slots go.
func (t *previewTable) sums() *modelSums {
	m := &modelSums{n: len(t.ids)}
	k := 0
	for _, ok := range t.fitOK {
		if ok {
			k++
		}
	}
	m.fits, m.at = t.fitSlots[:0], make([]int32, 0, k)
	for i, ok := range t.fitOK {
		if ok {
			m.fits = append(m.fits, t.fitSlots[i])
			m.at = append(m.at, int32(i))
		}
	}
	t.fitSlots, t.fitOK = nil, nil
	return m
}

// addWindow adds a window count and spend read from the purchase log to
// the inputs at position i.
func (t *previewTable) addWindow(i int, n, sum int64) {
	if t.slim {
		t.slims[i].Frequency += n
		t.slims[i].Monetary += sum
		return
	}
	t.inputs[i].Frequency += int(n)
	t.inputs[i].Monetary += sum
}

// readPreviewChunks reads chunks of t until none is left, in one read
// transaction of its own.
func (s *Store) readPreviewChunks(ctx context.Context, t chunkFiller) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a read: nothing to keep or lose
	stmt, err := tx.PrepareContext(ctx, t.query())
	if err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	defer stmt.Close()
	dec := newTierDecoder()
	var buf sql.RawBytes
	p := t.plan()
	for {
		k := p.next.Add(1) - 1
		if k >= p.chunks {
			return nil
		}
		from := p.lo + k*p.chunk
		// The last chunk stops at the ids there were when the slots were
		// made: a customer another process adds meanwhile is graded by its
		// own write, not read here.
		if err := readChunk(ctx, t, stmt, dec, &buf, from, min(from+p.chunk, p.end)); err != nil {
			p.next.Store(p.chunks) // the other readers stop at their next chunk
			return err
		}
	}
}

// readChunk reads the live customers with from <= id < below into their
// slots of t.
func readChunk(ctx context.Context, t chunkFiller, stmt *sql.Stmt, dec *tierDecoder, buf *sql.RawBytes, from, below int64) error {
	rows, err := stmt.QueryContext(ctx, from, below)
	if err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	defer rows.Close()
	var want int
	if rows.Next() {
		if err := rows.Scan(&want, buf); err != nil {
			return fmt.Errorf("read customers: %w", err)
		}
		got, err := t.fill(dec, *buf, from, below)
		if err != nil {
			return err
		}
		if got != want {
			// (a customer whose packed inputs are NULL is left out of the
			// join but counted)
			return fmt.Errorf("read customers: %d of %d customers' inputs readable from id %d", got, want, from)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	return nil
}

// fill decodes a chunk's "id,tier_in" entries, joined by ';', into their
// slots, and says how many there were.
func (t *previewTable) fill(dec *tierDecoder, b []byte, from, below int64) (int, error) {
	n := 0
	for e := (chunkEntries{rest: b, from: from, below: below}); ; {
		id, packed, ok, err := e.next()
		if err != nil || !ok {
			return n, err
		}
		var stats sql.Null[modelStats]
		if t.stats {
			k := bytes.IndexByte(packed, '|')
			if k < 0 {
				return n, fmt.Errorf("read customers: customer %d: no model stats", id)
			}
			if stats, err = parseModelStats(packed[k+1:]); err != nil {
				return n, fmt.Errorf("read customers: customer %d: %w", id, err)
			}
			packed = packed[:k]
		}
		r, c, err := dec.unpack(packed)
		if err != nil {
			return n, fmt.Errorf("read customers: customer %d: %w", id, err)
		}
		i := id - t.lo
		if t.present[i] {
			return n, fmt.Errorf("read customers: customer %d read twice", id)
		}
		t.present[i], t.ids[i] = true, id
		if t.grades {
			t.grade[i] = c.grade
		}
		if t.packed != nil {
			t.packCur(id, i, c)
		} else if t.curs {
			t.cur[i] = c
		}
		if t.summarise {
			if stats.Valid {
				s, ok := model.SummaryAsOf(stats.V.x, stats.V.first, stats.V.last, stats.V.spend, t.today)
				t.fitSlots[i], t.fitOK[i] = fitSum{Stats: s.Stats, repeat: s.RepeatSpend}, ok
			}
		} else if t.stats {
			t.stat[i] = stats
		}
		var in tiering.Input
		if t.full {
			in = r.input(id, 0, 0, t.ws)
		} else {
			in = r.input(id, c.winCount, c.winSpend, t.ws)
		}
		if t.slim {
			t.slims[i] = tiering.NewSlim(in)
		} else {
			t.inputs[i] = in
		}
		n++
	}
}

// chunkEntries walks a chunk's "id,tier_in" entries, joined by ';', each
// id checked to lie in [from, below).
type chunkEntries struct {
	rest        []byte
	from, below int64
}

// next is the next entry's id and packed inputs; ok is false after the last.
func (e *chunkEntries) next() (id int64, packed []byte, ok bool, err error) {
	if len(e.rest) == 0 {
		return 0, nil, false, nil
	}
	entry := e.rest
	if j := bytes.IndexByte(e.rest, ';'); j >= 0 {
		entry, e.rest = e.rest[:j], e.rest[j+1:]
	} else {
		e.rest = nil
	}
	j := bytes.IndexByte(entry, ',')
	if j < 0 {
		return 0, nil, false, fmt.Errorf("read customers: unexpected customer entry %q", entry)
	}
	id, err = parseInt(entry[:j])
	if err != nil || id < e.from || id >= e.below {
		return 0, nil, false, fmt.Errorf("read customers: unexpected customer id %q", entry[:j])
	}
	return id, entry[j+1:], true, nil
}

// parseModelStats reads the "x|first|last|spend" statsChunkSQL writes after
// a customer's inputs: valid when none is empty, as when read column by
// column.
func parseModelStats(b []byte) (sql.Null[modelStats], error) {
	var f [4][]byte
	for k := range 3 {
		j := bytes.IndexByte(b, '|')
		if j < 0 {
			return sql.Null[modelStats]{}, fmt.Errorf("model stats %q", b)
		}
		f[k], b = b[:j], b[j+1:]
	}
	f[3] = b
	for _, v := range f {
		if len(v) == 0 {
			return sql.Null[modelStats]{}, nil
		}
	}
	x, err1 := parseInt(f[0])
	first, err2 := parseInt(f[1])
	last, err3 := parseInt(f[2])
	spend, err4 := strconv.ParseFloat(string(f[3]), 64)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return sql.Null[modelStats]{}, fmt.Errorf("model stats: %w", err)
	}
	return sql.Null[modelStats]{V: modelStats{x: int(x), first: first, last: last, spend: spend}, Valid: true}, nil
}
