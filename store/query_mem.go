package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// A scan of a million customers in SQLite takes most of a second here, too
// slow for a filter that follows the keyboard. The table therefore asks for
// an in-memory, columnar copy of the customer view (EnableFastQueries):
// Window, Count, CountByGrade and IndexOf answer filters and sorts from it,
// and read the rows they return from the ledger by id, so the values shown
// are always the ledger's.
//
// The ledger stays the source of truth. The copy records SQLite's
// data_version, read on a connection of its own that never writes: any
// commit by another connection (this process's others or another process)
// changes it. Every query reads it first (microseconds); a copy of another
// version is dropped and rebuilt in the background while the queries take
// the SQL path, which gives the same rows, only slower.

// fastQueries owns the copy of one store.
type fastQueries struct {
	s      *Store
	conn   *sql.Conn // reads PRAGMA data_version; never writes
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex // guards conn's use and the fields below
	cur      *memCopy   // nil while none matches the ledger
	building bool
	builds   int           // builds finished, for tests and benchmarks
	lastDur  time.Duration // how long the last build took
}

// EnableFastQueries starts building the in-memory copy that answers
// filters and sorts without scanning the ledger; until it is ready, and
// while it is rebuilt after a write, queries read the ledger as before.
// Calling it again does nothing. Close stops it.
func (s *Store) EnableFastQueries(ctx context.Context) error {
	s.mu.Lock()
	if s.fast != nil {
		s.mu.Unlock()
		return nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		s.mu.Unlock()
		return s.classify(fmt.Errorf("fast queries: %w", err))
	}
	f := &fastQueries{s: s, conn: conn}
	f.ctx, f.cancel = context.WithCancel(context.Background())
	s.fast = f
	s.mu.Unlock()
	f.current(ctx) // starts the first build
	return nil
}

// WaitFastQueries waits until the in-memory copy matches the ledger (for
// benchmarks and tests: the table never waits for it). It reports how long
// the last build took.
func (s *Store) WaitFastQueries(ctx context.Context) (time.Duration, error) {
	f := s.fastQueries()
	if f == nil {
		return 0, fmt.Errorf("fast queries are not enabled")
	}
	for {
		if c := f.current(ctx); c != nil {
			f.mu.Lock()
			d := f.lastDur
			f.mu.Unlock()
			return d, nil
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// FastQueriesReady reports whether the in-memory copy is built (it may be
// one write behind: the next query checks and takes the SQL path then).
// While it is, a filter answers in milliseconds, so the table filters on
// every keystroke instead of waiting for a pause in the typing.
func (s *Store) FastQueriesReady() bool {
	f := s.fastQueries()
	if f == nil {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cur != nil
}

func (s *Store) fastQueries() *fastQueries {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fast
}

// closeFast stops a build and releases the copy's connection.
func (s *Store) closeFast() {
	f := s.fastQueries()
	if f == nil {
		return
	}
	f.cancel()
	f.wg.Wait()
	f.mu.Lock()
	defer f.mu.Unlock()
	_ = f.conn.Close() // the pool closes next; nothing to report
	f.cur = nil
}

// current is the copy when it matches the ledger, else nil (and a build is
// started when none is running).
func (f *fastQueries) current(ctx context.Context) *memCopy {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ctx.Err() != nil {
		return nil
	}
	var v int64
	if err := f.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return nil
	}
	cols := columnsKey(f.s.Columns())
	if f.cur != nil && f.cur.version == v && f.cur.colsKey == cols {
		return f.cur
	}
	f.cur = nil // stale: freed now, so that two copies never share the memory
	if !f.building {
		f.building = true
		f.wg.Add(1)
		go f.build(v)
	}
	return nil
}

func (f *fastQueries) build(version int64) {
	defer f.wg.Done()
	release, err := f.s.holdHeavy(f.ctx)
	if err != nil { // closing
		f.mu.Lock()
		f.building = false
		f.mu.Unlock()
		return
	}
	defer release()
	start := time.Now()
	c, err := buildCopy(f.ctx, f.s, version)
	f.mu.Lock()
	f.building = false
	if err == nil {
		f.cur = c
		f.builds++
		f.lastDur = time.Since(start)
	}
	f.mu.Unlock()
	// The build's garbage (every row read, the columns' growth by
	// doubling) is about as large as the copy itself, and the runtime
	// would keep those pages for a while: returned now, the process holds
	// little more than the copy. One collection per build.
	debug.FreeOSMemory()
}

func columnsKey(cols []Column) string {
	var b strings.Builder
	for _, c := range cols {
		b.WriteString(c.Key)
		b.WriteByte(0)
		b.WriteString(string(c.Type))
		b.WriteByte(0)
	}
	return b.String()
}

// memCopy is the copy of the live customers, in id order, as of one
// data_version.
type memCopy struct {
	version int64
	colsKey string
	n       int
	ids     []int64
	strs    map[string]*strColumn
	nums    map[string]*numColumn
	anys    map[string]*anyColumn

	mu      sync.Mutex // guards the caches below
	orders  map[string]*colOrder
	filters []cachedFilter
	views   []cachedView
}

// buildCopy reads every live customer once.
func buildCopy(ctx context.Context, s *Store, version int64) (*memCopy, error) {
	cols := s.Columns()
	c := &memCopy{version: version, colsKey: columnsKey(cols), strs: map[string]*strColumn{},
		nums: map[string]*numColumn{}, anys: map[string]*anyColumn{}, orders: map[string]*colOrder{}}
	var rows int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE deleted_at IS NULL").Scan(&rows); err != nil {
		return nil, fmt.Errorf("fast queries: %w", err)
	}
	if s.setMemLimit != nil {
		defer limitMemoryForCopy(s.setMemLimit, rows)()
	}
	names := []string{"id"}
	dest := []any{new(int64)}
	type filler func(row int)
	var fill []filler
	var modelCols []string // scored in Go after the read (see fillModelColumns)
	for _, col := range cols {
		if col.Key == "id" {
			continue
		}
		if !col.Custom && isModelColumn(col.Key) {
			modelCols = append(modelCols, col.Key)
			continue
		}
		names = append(names, col.sqlName)
		switch {
		case col.Custom:
			ac := &anyColumn{class: make([]valueClass, 0, rows), nums: newNumColumn(), strs: newStrColumn()}
			c.anys[col.Key] = ac
			var v any
			dest = append(dest, &v)
			fill = append(fill, func(row int) {
				switch x := v.(type) {
				case nil:
					ac.class = append(ac.class, classNull)
					ac.nums.add(0, false, row, rows)
					ac.strs.add(nil)
				case int64:
					ac.class = append(ac.class, classNumber)
					ac.nums.add(float64(x), false, row, rows)
					ac.strs.add(nil)
				case float64:
					ac.class = append(ac.class, classNumber)
					ac.nums.add(x, false, row, rows)
					ac.strs.add(nil)
				case string:
					ac.class = append(ac.class, classText)
					ac.nums.add(0, false, row, rows)
					ac.strs.add([]byte(x))
				case []byte:
					ac.class = append(ac.class, classText)
					ac.nums.add(0, false, row, rows)
					ac.strs.add(x)
				default:
					ac.class = append(ac.class, classText)
					ac.nums.add(0, false, row, rows)
					ac.strs.add([]byte(fmt.Sprint(x)))
				}
			})
		case storedAsNumber(col):
			nc := newNumColumn()
			c.nums[col.Key] = nc
			var v sql.NullFloat64
			dest = append(dest, &v)
			fill = append(fill, func(row int) { nc.add(v.Float64, !v.Valid, row, rows) })
		default:
			sc := newStrColumn()
			c.strs[col.Key] = sc
			var v sql.RawBytes
			dest = append(dest, &v)
			fill = append(fill, func(int) { sc.add(v) })
		}
	}
	var models *modelColumns
	if len(modelCols) > 0 {
		models = &modelColumns{keys: modelCols, stats: make([]compactStats, 0, rows)}
		var x, first, last sql.NullInt64
		var spend sql.NullFloat64
		names = append(names, "m_x", "m_first", "m_last", "m_spend")
		dest = append(dest, &x, &first, &last, &spend)
		fill = append(fill, func(int) {
			models.add(compactStats{x: int32(x.Int64), first: int32(first.Int64), last: int32(last.Int64), spend: spend.Float64,
				valid: x.Valid && first.Valid && last.Valid && spend.Valid})
		})
	}
	c.ids = make([]int64, 0, rows)
	rs, err := s.db.QueryContext(ctx, "SELECT "+strings.Join(names, ", ")+" FROM customers WHERE deleted_at IS NULL ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("fast queries: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		if err := rs.Scan(dest...); err != nil {
			return nil, fmt.Errorf("fast queries: %w", err)
		}
		row := len(c.ids)
		if row >= rows {
			// More rows than counted: the ledger moved between the two
			// reads; the copy is out of date already.
			return nil, fmt.Errorf("fast queries: the ledger changed while it was read")
		}
		c.ids = append(c.ids, *dest[0].(*int64))
		for _, f := range fill {
			f(row)
		}
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("fast queries: %w", err)
	}
	c.n = len(c.ids)
	if models != nil {
		if err := models.fill(ctx, s, c); err != nil {
			return nil, err
		}
	}
	for _, sc := range c.strs {
		sc.finish()
	}
	for _, nc := range c.nums {
		nc.finish()
	}
	for _, ac := range c.anys {
		ac.nums.finish()
		ac.strs.finish()
	}
	return c, nil
}

// storedAsNumber reports whether a built-in column holds numbers.
func storedAsNumber(c Column) bool {
	switch c.Type {
	case Int, Money, Number, YesNo:
		return true
	}
	return false
}

// copyBytesPerRow and copyHeadroom size the soft memory limit of a copy's
// build: the built copy holds ~150 bytes a customer, the read's buffers
// and the columns' growth by doubling need room above that.
const (
	copyBytesPerRow = 200
	copyHeadroom    = 32 << 20
)

// limitMemoryForCopy lowers the soft memory limit, through set, to the heap
// in use now plus what a copy of rows customers needs, unless the limit is
// already lower; the function it returns puts the limit back.
func limitMemoryForCopy(set func(int64) int64, rows int) (restore func()) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	limit := int64(ms.HeapAlloc) + copyBytesPerRow*int64(rows) + copyHeadroom
	prev := set(-1) // a negative limit reads the limit without changing it
	if limit >= prev {
		return func() {}
	}
	set(limit)
	return func() { set(prev) }
}
