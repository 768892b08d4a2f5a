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
	for len(b) > 0 {
		entry := b
		if j := bytes.IndexByte(b, ';'); j >= 0 {
			entry, b = b[:j], b[j+1:]
		} else {
			b = nil
		}
		j := bytes.IndexByte(entry, ',')
		if j < 0 {
			return n, fmt.Errorf("read customers: unexpected customer entry %q", entry)
		}
		id, err := parseInt(entry[:j])
		if err != nil || id < from || id >= below {
			return n, fmt.Errorf("read customers: unexpected customer id %q", entry[:j])
		}
		brief, grade, err := dec.brief(entry[j+1:], t.ws, t.full)
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
	return n, nil
}

// brief reads one tier_in value as unpack does, keeping what a brief holds
// under a window from ws (full: the window's counts are read from the
// purchase log, not the row's) and the stored grade.
func (d *tierDecoder) brief(b []byte, ws string, full bool) (tiering.Brief, []byte, error) {
	var f [15][]byte
	k, start := 0, 0
	for i, ch := range b {
		if ch != ',' {
			continue
		}
		if k == len(f)-1 {
			return tiering.Brief{}, nil, fmt.Errorf("unexpected tier_in %q", b)
		}
		f[k], k, start = b[start:i], k+1, i+1
	}
	if k != len(f)-1 {
		return tiering.Brief{}, nil, fmt.Errorf("unexpected tier_in %q", b)
	}
	f[k] = b[start:]
	// count, potential, opening spend and count, window count and spend
	var v [7]int64
	for _, i := range [...]int{0, 2, 3, 4, 5, 6} {
		n, err := parseInt(f[i])
		if err != nil {
			return tiering.Brief{}, nil, fmt.Errorf("tier_in: %w", err)
		}
		v[i] = n
	}
	count, potential, openSpend, openCount := v[0], v[2], v[3], v[4]
	freq, spend := v[5], v[6]
	if full {
		freq, spend = 0, 0
	}
	if openCount > 0 && string(f[10]) >= ws {
		freq += openCount
		spend += openSpend
	}
	br := tiering.Brief{Monetary: spend, Frequency: freq, Purchased: count > 0, Potential: int8(min(max(potential, 0), 5))}
	br.LastDay, br.HasLast = d.dayNumber(f[9])
	if len(f[11]) == 1 {
		br.Pinned = f[11][0]
	}
	return br, f[12], nil
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
