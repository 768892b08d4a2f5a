package store

import (
	"context"
	"math/bits"
)

// A keystroke in the filter prompt asks first for the table's first
// screenful of rows, and the counts after them. In id order the first
// matching rows are among the first rows of the copy for any common term,
// so the window evaluates the filter on a growing prefix (or suffix, for
// the descending order) and stops as soon as it holds enough rows; a rare
// term reaches the end of the copy at about the cost of one full pass.
// The counts then read the whole set, which the window does not wait for.

// firstSpanRows is the fewest rows the first step of a window reads.
const firstSpanRows = 64

// fastWindow is the positions of the window's rows in the copy, when the
// view is in id order and no recent answer holds it already (then the
// whole view is as quick to read). ok is false when the copy cannot answer
// this way; the caller then tries fastView.
func (s *Store) fastWindow(ctx context.Context, q Query, offset, limit int) (*memCopy, []uint32, bool) {
	f := s.fastQueries()
	if f == nil || offset < 0 || limit <= 0 {
		return nil, nil, false
	}
	c := f.current(ctx)
	if c == nil {
		return nil, nil, false
	}
	key, desc, ok := fastSort(s, q.Sort)
	if !ok || key != "" {
		return nil, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cf := range c.filters {
		if cf.expr == q.Filter {
			return nil, nil, false
		}
	}
	groups, err := s.resolveFilter(q.Filter)
	if err != nil {
		return nil, nil, false
	}
	for _, g := range groups {
		for _, r := range g {
			if r.kind == termBought {
				return nil, nil, false // one ledger read per step: read once instead
			}
		}
	}
	need := offset + limit
	found := make([]uint32, 0, need)
	all := newBitset(c.n) // every step's rows, the whole set once they cover the copy
	covered := 0
	for step := max(firstSpanRows, roundUp64(2*need)); covered < c.n && len(found) < need; step *= 4 {
		if ctx.Err() != nil {
			return nil, nil, false
		}
		sp := rowSpan{covered, min(c.n, covered+step)}
		if desc {
			sp = rowSpan{max(0, c.n-covered-step), c.n - covered}
		}
		part, ok := c.evalFilterSpan(ctx, s, groups, sp)
		if !ok {
			return nil, nil, false
		}
		all.or(part)
		found = appendSpan(found, part, sp, desc)
		covered += sp.hi - sp.lo
	}
	if covered == c.n {
		c.filters = remember(c.filters, cachedFilter{expr: q.Filter, rows: all})
	}
	if offset >= len(found) {
		return c, nil, true
	}
	return c, found[offset:min(need, len(found))], true
}

// appendSpan appends the rows of sp set in b, ascending or descending.
func appendSpan(out []uint32, b bitset, sp rowSpan, desc bool) []uint32 {
	if !desc {
		for w := sp.lo >> 6; w < len(b) && w<<6 < sp.hi; w++ {
			for x := b[w]; x != 0; x &= x - 1 {
				out = append(out, uint32(w<<6+bits.TrailingZeros64(x)))
			}
		}
		return out
	}
	if sp.hi == sp.lo {
		return out
	}
	for w := (sp.hi - 1) >> 6; w >= 0 && (w+1)<<6 > sp.lo; w-- {
		for x := b[w]; x != 0; {
			top := 63 - bits.LeadingZeros64(x)
			out = append(out, uint32(w<<6+top))
			x &^= 1 << uint(top)
		}
	}
	return out
}

func roundUp64(n int) int { return (n + 63) &^ 63 }
