package store

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strconv"

	"github.com/kehu-app/kehu/filter"
)

// The copy answers a filter with exactly the rows the SQL path selects.
// Terms whose SQL meaning it does not reproduce (bought, a custom column's
// own term, a column that may be NULL) report ok=false, and the whole query
// takes the SQL path.

// rowSpan is the rows lo..hi-1 of the copy: a filter is evaluated on all
// of them, or on the first ones only when a window needs just a screenful.
type rowSpan struct{ lo, hi int }

// evalFilter is the set of rows matching groups: any group whose terms all
// match.
func (c *memCopy) evalFilter(ctx context.Context, s *Store, groups [][]resolvedTerm) (bitset, bool) {
	return c.evalFilterSpan(ctx, s, groups, rowSpan{0, c.n})
}

// evalFilterSpan is evalFilter on the rows of sp only: no row outside it
// is set.
func (c *memCopy) evalFilterSpan(ctx context.Context, s *Store, groups [][]resolvedTerm, sp rowSpan) (bitset, bool) {
	out := newBitset(c.n)
	if len(groups) == 0 {
		out.fillSpan(sp)
		return out, true
	}
	for _, g := range groups {
		acc := newBitset(c.n)
		acc.fillSpan(sp)
		for _, r := range g {
			b, ok := c.evalTerm(ctx, s, r, sp)
			if !ok {
				return nil, false
			}
			acc.and(b)
		}
		out.or(acc)
	}
	return out, true
}

func (c *memCopy) evalTerm(ctx context.Context, s *Store, r resolvedTerm, sp rowSpan) (bitset, bool) {
	out := newBitset(c.n)
	switch r.kind {
	case termFreeText:
		needle := foldASCII([]byte(r.value))
		for _, k := range textColumns {
			sc := c.strs[k]
			if sc == nil {
				return nil, false
			}
			sc.contains(sp, needle, out)
		}
		for _, col := range s.Columns() {
			if !freeTextCustom(col) {
				continue
			}
			ac := c.anys[col.Key]
			if ac == nil || !ac.textOnly() {
				return nil, false
			}
			// An empty cell is '' (coalesce), and numbers are absent, so
			// the text part holds exactly what LIKE reads.
			ac.strs.contains(sp, needle, out)
		}
	case termTags:
		sc := c.strs["tags"]
		if sc == nil || r.col.Key != "tags" {
			return nil, false
		}
		needle := foldASCII([]byte(r.value))
		var buf []byte
		sc.match(sp, func(v []byte) bool {
			buf = append(append(append(buf[:0], ','), v...), ',')
			return containsFold(buf, needle)
		}, out)
	case termBought:
		if !c.evalBought(ctx, s, r.term, out) {
			return nil, false
		}
		out.keepSpan(sp)
		return out, true // the negation is in the SQL
	case termContains:
		if nc := c.builtinNumber(r.col); nc != nil && (r.col.Type == Int || r.col.Type == Money) {
			// LIKE reads an integer as its decimal digits.
			needle := []byte(r.value)
			var buf []byte
			for i := sp.lo; i < sp.hi; i++ {
				buf = strconv.AppendInt(buf[:0], int64(nc.at(i)), 10)
				if bytes.Contains(buf, needle) {
					out.set(i)
				}
			}
			break
		}
		sc := c.builtinText(r.col)
		if ac := c.anys[r.col.Key]; ac != nil && ac.textOnly() {
			sc = ac.strs // coalesce(col, ''): an empty cell holds ''
		}
		if sc == nil {
			return nil, false
		}
		sc.contains(sp, foldASCII([]byte(r.value)), out)
	case termIn:
		if !c.evalIn(r, sp, out) {
			return nil, false
		}
	case termRange:
		if !c.evalRange(r, sp, out) {
			return nil, false
		}
	default:
		return nil, false
	}
	if r.not {
		out.notSpan(sp)
	}
	return out, true
}

// textOnly reports whether the custom column holds no numbers.
func (a *anyColumn) textOnly() bool {
	for _, cl := range a.class {
		if cl == classNumber {
			return false
		}
	}
	return true
}

// builtinText is a built-in text column that is never NULL, or nil.
func (c *memCopy) builtinText(col Column) *strColumn {
	if col.Custom || col.nullable {
		return nil
	}
	return c.strs[col.Key]
}

// builtinNumber is a built-in number column that is never NULL, or nil.
func (c *memCopy) builtinNumber(col Column) *numColumn {
	if col.Custom || col.nullable {
		return nil
	}
	return c.nums[col.Key]
}

// numArg is a filter value compared with a number column: SQLite compares
// numbers by value, and text (” for an empty value) is never equal to a
// number and sorts above every one.
func numArg(a any) (v float64, text, ok bool) {
	switch x := a.(type) {
	case int64:
		return float64(x), false, true
	case float64:
		return x, false, true
	case string:
		return 0, true, x == ""
	}
	return 0, false, false
}

func (c *memCopy) evalIn(r resolvedTerm, sp rowSpan, out bitset) bool {
	if sc := c.builtinText(r.col); sc != nil {
		want := make([][]byte, 0, len(r.args))
		for _, a := range r.args {
			v, ok := a.(string)
			if !ok {
				return false
			}
			want = append(want, []byte(v))
		}
		sc.match(sp, func(v []byte) bool {
			for _, w := range want {
				if bytes.Equal(v, w) {
					return true
				}
			}
			return false
		}, out)
		return true
	}
	nc := c.builtinNumber(r.col)
	if nc == nil {
		return c.evalCellsIn(r, sp, out)
	}
	var want []float64
	for _, a := range r.args {
		v, text, ok := numArg(a)
		if !ok {
			return false
		}
		if !text {
			want = append(want, v)
		}
	}
	for i := sp.lo; i < sp.hi; i++ {
		if slices.Contains(want, nc.at(i)) {
			out.set(i)
		}
	}
	return true
}

func (c *memCopy) evalRange(r resolvedTerm, sp rowSpan, out bitset) bool {
	if len(r.args) != 1 {
		return false
	}
	keep := func(d int) bool {
		switch r.op {
		case "<":
			return d < 0
		case "<=":
			return d <= 0
		case ">":
			return d > 0
		case ">=":
			return d >= 0
		}
		return false
	}
	if sc := c.builtinText(r.col); sc != nil {
		v, ok := r.args[0].(string)
		if !ok {
			return false
		}
		w := []byte(v)
		sc.match(sp, func(x []byte) bool { return len(x) > 0 && keep(bytes.Compare(x, w)) }, out)
		return true
	}
	nc := c.builtinNumber(r.col)
	if nc == nil {
		return c.evalCellsRange(r, sp, keep, out)
	}
	v, text, ok := numArg(r.args[0])
	if !ok || text {
		return false
	}
	for i := sp.lo; i < sp.hi; i++ {
		if keep(cmp.Compare(nc.at(i), v)) {
			out.set(i)
		}
	}
	return true
}

// cellAt reads one row of a column that may hold NULL (a custom column or
// a nullable built-in) as SQLite sees it: its storage class and value.
type cellAt func(i int) (valueClass, float64, []byte)

// cells is the column as cells, or nil when the copy does not hold it.
func (c *memCopy) cells(col Column) cellAt {
	if ac := c.anys[col.Key]; ac != nil {
		return func(i int) (valueClass, float64, []byte) {
			switch ac.class[i] {
			case classNumber:
				return classNumber, ac.nums.at(i), nil
			case classText:
				return classText, 0, ac.strs.at(i)
			}
			return classNull, 0, nil
		}
	}
	if nc := c.nums[col.Key]; nc != nil {
		return func(i int) (valueClass, float64, []byte) {
			if nc.isNull(i) {
				return classNull, 0, nil
			}
			return classNumber, nc.at(i), nil
		}
	}
	return nil
}

// evalCellsIn is coalesce(col, ”) = ? (or IN): the coalesce has no
// affinity, so an empty cell is the text ” and a number never equals text.
func (c *memCopy) evalCellsIn(r resolvedTerm, sp rowSpan, out bitset) bool {
	at := c.cells(r.col)
	if at == nil {
		return false
	}
	var texts [][]byte
	var nums []float64
	for _, a := range r.args {
		switch x := a.(type) {
		case string:
			texts = append(texts, []byte(x))
		case int64:
			nums = append(nums, float64(x))
		case float64:
			nums = append(nums, x)
		default:
			return false
		}
	}
	for i := sp.lo; i < sp.hi; i++ {
		cl, v, b := at(i)
		switch cl {
		case classNumber:
			if slices.Contains(nums, v) {
				out.set(i)
			}
		default:
			for _, w := range texts {
				if bytes.Equal(b, w) {
					out.set(i)
					break
				}
			}
		}
	}
	return true
}

// evalCellsRange is (col <> ” AND col op ?) on a column that may be NULL:
// NULL is in no range. Only cells of the argument's kind are compared;
// a column mixing numbers and text takes the SQL path.
func (c *memCopy) evalCellsRange(r resolvedTerm, sp rowSpan, keep func(int) bool, out bitset) bool {
	at := c.cells(r.col)
	if at == nil || len(r.args) != 1 {
		return false
	}
	text, isText := r.args[0].(string)
	num, _, isNum := numArg(r.args[0])
	if isText {
		isNum = false
	}
	if !isText && !isNum {
		return false
	}
	w := []byte(text)
	for i := sp.lo; i < sp.hi; i++ {
		cl, v, b := at(i)
		switch {
		case cl == classNull:
		case cl == classText && isText:
			if len(b) > 0 && keep(bytes.Compare(b, w)) {
				out.set(i)
			}
		case cl == classNumber && isNum:
			if keep(cmp.Compare(v, num)) {
				out.set(i)
			}
		default:
			return false
		}
	}
	return true
}

// evalBought reads the buyers (or the customers who never bought) from the
// ledger, as the SQL path does, and marks their rows.
func (c *memCopy) evalBought(ctx context.Context, s *Store, t filter.Term, out bitset) bool {
	cond, args, err := compileBought(t)
	if err != nil {
		return false
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM customers WHERE deleted_at IS NULL AND "+cond+" ORDER BY id", args...)
	if err != nil {
		return false
	}
	defer rows.Close()
	row := 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return false
		}
		for row < c.n && c.ids[row] < id {
			row++
		}
		if row < c.n && c.ids[row] == id {
			out.set(row)
		}
	}
	return rows.Err() == nil
}
