package store

import (
	"bytes"
	"math/bits"
	"slices"
)

// The in-memory copy stores each column compactly: a column with few
// distinct values (grade, industry, dates, most amounts) as 16-bit codes into
// a dictionary, so a test runs once per distinct value; a column with many
// (names, phones, addresses) as one byte arena with offsets, searched with
// bytes.Index across all rows at once.

// dictLimit is the number of distinct values a dictionary column may hold
// before it turns into a plain one.
const dictLimit = 1 << 16

// mostlyDistinct is the dictionary size from which a column where most
// rows so far brought a new value becomes an arena.
const mostlyDistinct = 1024

// strColumn holds one text column of every row.
type strColumn struct {
	codes []uint16 // dictionary mode: the row's value is dict[codes[i]]
	dict  [][]byte
	index map[string]uint16 // while building

	arena  bool     // arena mode: the row's value is data[offs[i]:offs[i+1]]
	data   []byte   // arena mode
	offs   []uint32 // arena mode, one more than the rows
	folded []byte   // arena mode: data with ASCII letters lower-cased; nil when data has no upper case
}

func newStrColumn() *strColumn { return &strColumn{index: map[string]uint16{}} }

func (c *strColumn) add(b []byte) {
	if c.arena {
		c.data = append(c.data, b...)
		c.offs = append(c.offs, uint32(len(c.data)))
		return
	}
	if code, ok := c.index[string(b)]; ok {
		c.codes = append(c.codes, code)
		return
	}
	if len(c.dict) == dictLimit || len(c.dict) >= mostlyDistinct && 2*len(c.dict) > len(c.codes) {
		// Mostly distinct values (names, phones): a dictionary would
		// only cost a map lookup a row.
		c.toArena()
		c.add(b)
		return
	}
	code := uint16(len(c.dict))
	c.dict = append(c.dict, bytes.Clone(b))
	c.index[string(b)] = code
	c.codes = append(c.codes, code)
}

// toArena turns a dictionary column that outgrew dictLimit into an arena.
func (c *strColumn) toArena() {
	c.arena = true
	c.offs = append(make([]uint32, 0, 2*len(c.codes)+1), 0)
	for _, code := range c.codes {
		c.data = append(c.data, c.dict[code]...)
		c.offs = append(c.offs, uint32(len(c.data)))
	}
	c.codes, c.dict, c.index = nil, nil, nil
}

// finish drops what only the build needed and folds an arena's case.
func (c *strColumn) finish() {
	c.index = nil
	if !c.arena {
		return
	}
	c.data = slices.Clip(c.data)
	c.offs = c.offs[:len(c.offs):len(c.offs)]
	if hasUpperASCII(c.data) {
		c.folded = foldASCII(c.data)
	}
}

// at is row i's value (valid until the column changes; do not modify).
func (c *strColumn) at(i int) []byte {
	if c.arena {
		return c.data[c.offs[i]:c.offs[i+1]]
	}
	return c.dict[c.codes[i]]
}

// match sets in out the rows of sp whose value satisfies pred.
func (c *strColumn) match(sp rowSpan, pred func([]byte) bool, out bitset) {
	if c.arena {
		for i := sp.lo; i < sp.hi; i++ {
			if pred(c.data[c.offs[i]:c.offs[i+1]]) {
				out.set(i)
			}
		}
		return
	}
	ok := make([]bool, len(c.dict))
	for i, v := range c.dict {
		ok[i] = pred(v)
	}
	for i, code := range c.codes[sp.lo:sp.hi] {
		if ok[code] {
			out.set(sp.lo + i)
		}
	}
}

// contains sets in out the rows of sp whose value contains needle, ASCII
// letters matching either case (SQLite's LIKE). needle is already folded.
// Rows already in out are not searched again: a free-text term searches
// one column after another, and a common term is mostly found in the
// first.
func (c *strColumn) contains(sp rowSpan, needle []byte, out bitset) {
	if !c.arena || len(needle) == 0 {
		c.match(sp, func(v []byte) bool { return containsFold(v, needle) }, out)
		return
	}
	hay := c.data
	if c.folded != nil && hasLetterASCII(needle) {
		hay = c.folded
	}
	for row := sp.lo; row < sp.hi; {
		if out.has(row) {
			if row&63 == 0 && row+64 <= sp.hi && out[row>>6] == ^uint64(0) {
				row += 64
			} else {
				row++
			}
			continue
		}
		end := row + 1
		for end < sp.hi {
			if end&63 == 0 && end+64 <= sp.hi && out[end>>6] == 0 {
				end += 64
				continue
			}
			if out.has(end) {
				break
			}
			end++
		}
		c.searchRows(rowSpan{row, end}, hay, needle, out)
		row = end
	}
}

// searchRows sets the rows of sp whose bytes in hay contain needle, with
// one bytes.Index across all of them at once.
func (c *strColumn) searchRows(sp rowSpan, hay, needle []byte, out bitset) {
	row := sp.lo
	stop := int(c.offs[sp.hi])
	for from := int(c.offs[sp.lo]); from < stop; {
		at := bytes.Index(hay[from:stop], needle)
		if at < 0 {
			return
		}
		at += from
		for int(c.offs[row+1]) <= at {
			row++ // rows are short: walking beats a binary search
		}
		if at+len(needle) <= int(c.offs[row+1]) {
			out.set(row)
			from = int(c.offs[row+1]) // the next row
			continue
		}
		from = at + 1 // straddles two rows
	}
}

// numColumn holds one number column of every row (money in fen, counts,
// scores), with the rows where it is NULL.
type numColumn struct {
	codes []uint16
	dict  []float64
	index map[float64]uint16
	vals  []float64 // plain mode
	plain bool
	null  bitset // nil when no row is NULL
}

func newNumColumn() *numColumn { return &numColumn{index: map[float64]uint16{}} }

func (c *numColumn) add(v float64, null bool, row, rows int) {
	if null {
		if c.null == nil {
			c.null = newBitset(rows)
		}
		c.null.set(row)
	}
	if c.plain {
		c.vals = append(c.vals, v)
		return
	}
	if code, ok := c.index[v]; ok {
		c.codes = append(c.codes, code)
		return
	}
	if len(c.dict) == dictLimit {
		c.plain = true
		c.vals = make([]float64, len(c.codes), 2*len(c.codes)+1)
		for i, code := range c.codes {
			c.vals[i] = c.dict[code]
		}
		c.codes, c.dict, c.index = nil, nil, nil
		c.vals = append(c.vals, v)
		return
	}
	code := uint16(len(c.dict))
	c.dict = append(c.dict, v)
	c.index[v] = code
	c.codes = append(c.codes, code)
}

func (c *numColumn) finish() { c.index = nil }

func (c *numColumn) at(i int) float64 {
	if c.plain {
		return c.vals[i]
	}
	return c.dict[c.codes[i]]
}

func (c *numColumn) isNull(i int) bool { return c.null != nil && c.null.has(i) }

// valueClass orders SQLite's storage classes as ORDER BY does.
type valueClass uint8

const (
	classNull valueClass = iota
	classNumber
	classText
)

// anyColumn holds a custom column, whose cells may be empty (NULL), numbers
// or text whatever the column's type.
type anyColumn struct {
	class []valueClass
	nums  *numColumn
	strs  *strColumn
}

// bitset is a set of row positions.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitset) has(i int) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

func (b bitset) and(o bitset) {
	for i := range b {
		b[i] &= o[i]
	}
}

func (b bitset) or(o bitset) {
	for i := range b {
		b[i] |= o[i]
	}
}

// fillSpan sets the rows of sp (and no others).
func (b bitset) fillSpan(sp rowSpan) {
	for i := range b {
		b[i] = 0
	}
	b.notSpan(sp)
}

// notSpan complements the rows of sp, leaving the others.
func (b bitset) notSpan(sp rowSpan) {
	for i := sp.lo; i < sp.hi; {
		if i&63 == 0 && i+64 <= sp.hi {
			b[i>>6] = ^b[i>>6]
			i += 64
			continue
		}
		b[i>>6] ^= 1 << (uint(i) & 63)
		i++
	}
}

// keepSpan clears every row outside sp.
func (b bitset) keepSpan(sp rowSpan) {
	mask := newBitset(len(b) * 64)
	mask.notSpan(sp)
	b.and(mask)
}

func hasUpperASCII(b []byte) bool {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

func hasLetterASCII(b []byte) bool {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' {
			return true
		}
	}
	return false
}

func foldASCII(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// containsFold reports whether v contains needle (folded), ASCII letters of
// v matching either case.
func containsFold(v, needle []byte) bool {
	if !hasUpperASCII(v) || !hasLetterASCII(needle) {
		return bytes.Contains(v, needle)
	}
	return bytes.Contains(foldASCII(v), needle)
}

func trailingZeros(w uint64) int { return bits.TrailingZeros64(w) }
