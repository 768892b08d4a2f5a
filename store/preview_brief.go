package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/kehu-app/kehu/tiering"
)

// errOddGrade stops the brief read at a stored grade that is not one byte
// (a ledger graded by nothing yet, or written by hand): the preview then
// grades everyone from their full inputs, which keep any grade.
var errOddGrade = errors.New("a stored grade not one byte long")

// previewBriefs is the full preview (previewGraded) of rules that grade by
// brief (tiering.Rules.GradesByBrief): each customer read into 25 bytes,
// its brief and its stored grade's letter, instead of some 190 of full
// inputs, ids and grade strings. At a million customers that is most of
// the preview's memory, written once and read twice: its page faults and
// the collector's scan of the inputs' pointers cost about as much as the
// grading. ok is false, with nothing counted, when a stored grade is not
// one byte long.
func (s *Store) previewBriefs(ctx context.Context, r tiering.Rules, chunk int64) (p RulesPreview, ok bool, err error) {
	ws := r.WindowStart(s.now()).Format(parseDay)
	stored, err := storedWindow(ctx, s.db)
	if err != nil {
		return RulesPreview{}, false, fmt.Errorf("preview: %w", err)
	}
	lo, hi, err := idRange(ctx, s.db, 0, 0)
	if err != nil {
		return RulesPreview{}, false, fmt.Errorf("preview: read customers: %w", err)
	}
	if hi == 0 {
		return newRulesPreview(0), true, nil
	}
	t := &briefTable{full: stored != ws, ws: ws, briefs: make([]tiering.Brief, hi-lo+1), was: make([]byte, hi-lo+1)}
	t.init(lo, hi, chunk)
	if err := s.readChunks(ctx, t); errors.Is(err, errOddGrade) {
		return RulesPreview{}, false, nil
	} else if err != nil {
		return RulesPreview{}, false, fmt.Errorf("preview: %w", err)
	}
	if t.full {
		err := scanWindowEach(ctx, s.db, ws, func(id, n, sum int64) {
			if i := id - lo; i >= 0 && i < int64(len(t.was)) && t.was[i] != 0 {
				t.briefs[i].Frequency += n
				t.briefs[i].Monetary += sum
			}
		})
		if err != nil {
			return RulesPreview{}, false, fmt.Errorf("preview: %w", err)
		}
	}
	_, grades, ok := tiering.GradeBriefs(t.briefs, r, s.now())
	if !ok {
		return RulesPreview{}, false, nil
	}
	// Count the moves by letters in a table, then into the counter the
	// full path uses: the same preview from the same pairs of grades.
	n := make([]int32, 256*256)
	customers := 0
	named := map[int64]string{}
	for i, was := range t.was {
		if was == 0 {
			continue
		}
		customers++
		now := grades[i]
		k := int(was)<<8 | int(now)
		n[k]++
		if was != now && n[k] <= PreviewNames {
			named[lo+int64(i)] = string([]byte{was}) + "→" + string([]byte{now})
		}
	}
	var c moveCounter
	for k, m := range n {
		if m != 0 {
			i, j := c.index(string([]byte{byte(k >> 8)})), c.index(string([]byte{byte(k)}))
			c.n[i][j] += int(m)
		}
	}
	p = c.preview(customers)
	if err := p.name(ctx, s.db, named); err != nil {
		return RulesPreview{}, false, err
	}
	return p, true, nil
}

// briefTable is the brief read's slots, one per id from lo: each live
// customer's brief under the rules' window and its stored grade's letter,
// 0 where no live customer has the id.
type briefTable struct {
	chunkPlan
	full   bool // window counts from the purchase log: leave them 0
	ws     string
	briefs []tiering.Brief
	was    []byte
}

func (t *briefTable) query() string { return previewChunkSQL }

func (t *briefTable) fill(dec *tierDecoder, b []byte, from, below int64) (int, error) {
	n := 0
	for e := (chunkEntries{rest: b, from: from, below: below}); ; {
		id, packed, ok, err := e.next()
		if err != nil || !ok {
			return n, err
		}
		brief, grade, err := dec.brief(packed, t.ws, t.full)
		if err != nil {
			return n, fmt.Errorf("read customers: customer %d: %w", id, err)
		}
		if len(grade) != 1 || grade[0] == 0 {
			return n, errOddGrade
		}
		i := id - t.lo
		if t.was[i] != 0 {
			return n, fmt.Errorf("read customers: customer %d read twice", id)
		}
		t.briefs[i], t.was[i] = brief, grade[0]
		n++
	}
}

// brief reads one tier_in value as unpack does, keeping what a brief holds
// under a window from ws (full: the window's counts are read from the
// purchase log, not the row's) and the stored grade. It parses each field
// as it finds its end, in one pass and without unpack's slices of every
// field: a million rows of some 75 bytes are a fifth of the preview's
// time.
func (d *tierDecoder) brief(b []byte, ws string, full bool) (tiering.Brief, []byte, error) {
	// the fields: 0 count, 1 median gap, 2 potential, 3 opening spend,
	// 4 opening count, 5 window count, 6 window spend, 7 score, 8 first,
	// 9 last, 10 opening last, 11 pinned, 12 grade, 13 segment, 14 stage
	var v [7]int64
	p := 0
	for i := range v {
		if i == 1 {
			var err error
			if p, err = d.floatField(b, p); err != nil {
				return tiering.Brief{}, nil, err
			}
			continue
		}
		n, next, err := intField(b, p)
		if err != nil {
			return tiering.Brief{}, nil, fmt.Errorf("tier_in: %w", err)
		}
		if next < 0 {
			return tiering.Brief{}, nil, fmt.Errorf("unexpected tier_in %q", b)
		}
		v[i], p = n, next
	}
	var err error
	if p, err = d.floatField(b, p); err != nil { // score
		return tiering.Brief{}, nil, err
	}
	var f [5][]byte // fields 8 to 12
	for i := range f {
		q := skipField(b, p)
		if q < 0 {
			return tiering.Brief{}, nil, fmt.Errorf("unexpected tier_in %q", b)
		}
		f[i], p = b[p:q-1], q
	}
	if bytes.Count(b[p:], comma) != 1 { // segment, stage
		return tiering.Brief{}, nil, fmt.Errorf("unexpected tier_in %q", b)
	}
	last, openLast, pinned, grade := f[1], f[2], f[3], f[4]
	count, potential, openSpend, openCount := v[0], v[2], v[3], v[4]
	freq, spend := v[5], v[6]
	if full {
		freq, spend = 0, 0
	}
	if openCount > 0 && string(openLast) >= ws {
		freq += openCount
		spend += openSpend
	}
	br := tiering.Brief{Monetary: spend, Frequency: freq, Purchased: count > 0, Potential: int8(min(max(potential, 0), 5))}
	br.LastDay, br.HasLast = d.dayNumber(last)
	if len(pinned) == 1 {
		br.Pinned = pinned[0]
	}
	return br, grade, nil
}

var comma = []byte{','}

// skipField is the position after the comma that ends the field at p, -1
// when no comma does.
func skipField(b []byte, p int) int {
	for ; p < len(b); p++ {
		if b[p] == ',' {
			return p + 1
		}
	}
	return -1
}

// floatField checks the REAL field at p as unpack's parse does, and says
// where the next field starts. A brief has no use for the value, but a
// value the full read refuses must be refused here too. SQLite writes a
// REAL as digits, a point and digits: with up to 15 of each, such a field
// always parses; any other goes through the parse.
func (d *tierDecoder) floatField(b []byte, p int) (int, error) {
	start, point := p, -1
	simple := true
	for ; p < len(b) && b[p] != ','; p++ {
		switch c := b[p]; {
		case c == '.' && point < 0:
			point = p
		case c < '0' || c > '9':
			simple = false
		}
	}
	if p == len(b) {
		return -1, fmt.Errorf("unexpected tier_in %q", b)
	}
	simple = simple && point > start && point < p-1 && point-start <= 15 && p-point-1 <= 15
	if !simple {
		if _, err := d.float(b[start:p]); err != nil {
			return -1, fmt.Errorf("tier_in: %w", err)
		}
	}
	return p + 1, nil
}

// intField parses the integer field at p as parseInt does, and says where
// the next field starts: -1 when no comma ends this one.
func intField(b []byte, p int) (n int64, next int, err error) {
	start := p
	neg := p < len(b) && b[p] == '-'
	if neg {
		p++
	}
	digits := p
	for ; p < len(b) && b[p] != ','; p++ {
		c := b[p] - '0'
		if c > 9 {
			return 0, 0, fmt.Errorf("bad integer %q", fieldAt(b, start))
		}
		n = n*10 + int64(c)
	}
	if p == digits || p-digits > 18 {
		return 0, 0, fmt.Errorf("bad integer %q", fieldAt(b, start))
	}
	if p == len(b) {
		return 0, -1, nil
	}
	if neg {
		n = -n
	}
	return n, p + 1, nil
}

// fieldAt is the field at p, for a message.
func fieldAt(b []byte, p int) []byte {
	if q := skipField(b, p); q >= 0 {
		return b[p : q-1]
	}
	return b[p:]
}

// dayNumber is a stored date as tiering.DayNumber gives it, false when it
// is empty or no date (as day reads it).
func (d *tierDecoder) dayNumber(b []byte) (int32, bool) {
	if len(b) == 0 {
		return 0, false
	}
	if n, ok := d.dayNums[string(b)]; ok {
		return n.day, n.ok
	}
	t := day(string(b))
	n := knownDay{ok: !t.IsZero()}
	if n.ok {
		n.day = tiering.DayNumber(t)
	}
	d.dayNums[string(b)] = n
	return n.day, n.ok
}

// knownDay is a date read once: its day number, and whether it is one.
type knownDay struct {
	day int32
	ok  bool
}
