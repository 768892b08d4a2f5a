package store

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// colOrder is every row of the copy sorted by one column ascending, ties in
// id order (ORDER BY col, id), and each row's rank: rows with equal values
// share a rank.
type colOrder struct {
	perm []uint32
	rank []uint32
}

// keepOrders is how many columns' orders a copy keeps (4 bytes a row each).
const keepOrders = 3

// cachedFilter and cachedView are recent answers: scrolling, counting and
// locating a row ask for the same view again and again.
type cachedFilter struct {
	expr string
	rows bitset
}

type cachedView struct {
	key  string
	rows []uint32
}

const keepAnswers = 6

// fastView is the view's rows, as positions in the copy, in the view's
// order; ok is false when the copy cannot answer (not ready, or a term or
// sort it does not reproduce).
func (s *Store) fastView(ctx context.Context, q Query) (*memCopy, []uint32, bool) {
	f := s.fastQueries()
	if f == nil {
		return nil, nil, false
	}
	c := f.current(ctx)
	if c == nil {
		return nil, nil, false
	}
	key, desc, ok := fastSort(s, q.Sort)
	if !ok {
		return nil, nil, false
	}
	viewKey := q.Filter + "\x00" + key + fmt.Sprint(desc)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range c.views {
		if v.key == viewKey {
			return c, v.rows, true
		}
	}
	bits, ok := c.filterRows(ctx, s, q.Filter)
	if !ok {
		return nil, nil, false
	}
	rows, ok := c.orderRows(bits, key, desc)
	if !ok {
		return nil, nil, false
	}
	c.views = remember(c.views, cachedView{key: viewKey, rows: rows})
	return c, rows, true
}

// fastFilter is the set of rows the filter selects (the copy locked).
func (s *Store) fastFilter(ctx context.Context, expr string) (*memCopy, bitset, bool) {
	f := s.fastQueries()
	if f == nil {
		return nil, nil, false
	}
	c := f.current(ctx)
	if c == nil {
		return nil, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	bits, ok := c.filterRows(ctx, s, expr)
	return c, bits, ok
}

func remember[T any](list []T, v T) []T {
	if len(list) >= keepAnswers {
		list = list[1:]
	}
	return append(list, v)
}

// filterRows evaluates expr, from the cache when it was asked lately.
func (c *memCopy) filterRows(ctx context.Context, s *Store, expr string) (bitset, bool) {
	for _, f := range c.filters {
		if f.expr == expr {
			return f.rows, true
		}
	}
	groups, err := s.resolveFilter(expr)
	if err != nil {
		return nil, false
	}
	bits, ok := c.evalFilter(ctx, s, groups)
	if !ok {
		return nil, false
	}
	c.filters = remember(c.filters, cachedFilter{expr: expr, rows: bits})
	return bits, true
}

// fastSort is the one column the copy sorts by ("" for id order): the SQL
// path's ORDER BY stops at id, and ends with id.
func fastSort(s *Store, keys []SortKey) (string, bool, bool) {
	if len(keys) == 0 {
		return "", false, true
	}
	col, ok := s.Column(keys[0].Key)
	if !ok {
		return "", false, false
	}
	if len(keys) > 1 && col.Key != "id" && (keys[1].Key != "id" || keys[1].Desc) {
		return "", false, false
	}
	if col.Key == "id" {
		return "", keys[0].Desc, true
	}
	return col.Key, keys[0].Desc, true
}

// orderRows lists the rows in bits in the view's order.
func (c *memCopy) orderRows(bits bitset, key string, desc bool) ([]uint32, bool) {
	out := make([]uint32, 0, bits.count())
	if key == "" {
		if desc {
			for i := c.n - 1; i >= 0; i-- {
				if bits.has(i) {
					out = append(out, uint32(i))
				}
			}
			return out, true
		}
		for i := 0; i < c.n; i++ {
			if bits.has(i) {
				out = append(out, uint32(i))
			}
		}
		return out, true
	}
	o, ok := c.order(key)
	if !ok {
		return nil, false
	}
	if !desc {
		for _, r := range o.perm {
			if bits.has(int(r)) {
				out = append(out, r)
			}
		}
		return out, true
	}
	// Descending by value, ties still in id order: the runs of equal rank
	// from the end, each read forwards.
	for i := len(o.perm) - 1; i >= 0; {
		j := i
		for j > 0 && o.rank[o.perm[j-1]] == o.rank[o.perm[i]] {
			j--
		}
		for _, r := range o.perm[j : i+1] {
			if bits.has(int(r)) {
				out = append(out, r)
			}
		}
		i = j - 1
	}
	return out, true
}

// order sorts the rows by column key once per copy.
func (c *memCopy) order(key string) (*colOrder, bool) {
	if o, ok := c.orders[key]; ok {
		return o, true
	}
	var compare func(a, b uint32) int
	switch {
	case c.strs[key] != nil:
		sc := c.strs[key]
		if !sc.arena {
			return c.keepOrder(key, orderByCodes(c.n, len(sc.dict), func(i int) int { return int(sc.codes[i]) },
				func(a, b int) int { return bytes.Compare(sc.dict[a], sc.dict[b]) })), true
		}
		compare = func(a, b uint32) int { return bytes.Compare(sc.at(int(a)), sc.at(int(b))) }
	case c.nums[key] != nil:
		nc := c.nums[key]
		if !nc.plain && nc.null == nil {
			return c.keepOrder(key, orderByCodes(c.n, len(nc.dict), func(i int) int { return int(nc.codes[i]) },
				func(a, b int) int { return cmp.Compare(nc.dict[a], nc.dict[b]) })), true
		}
		compare = func(a, b uint32) int {
			// NULL sorts before every number, as in ORDER BY.
			na, nb := nc.isNull(int(a)), nc.isNull(int(b))
			if na || nb {
				return compareBool(nb, na)
			}
			return cmp.Compare(nc.at(int(a)), nc.at(int(b)))
		}
	case c.anys[key] != nil:
		ac := c.anys[key]
		compare = func(a, b uint32) int {
			ca, cb := ac.class[a], ac.class[b]
			if ca != cb {
				return cmp.Compare(ca, cb)
			}
			switch ca {
			case classNumber:
				return cmp.Compare(ac.nums.at(int(a)), ac.nums.at(int(b)))
			case classText:
				return bytes.Compare(ac.strs.at(int(a)), ac.strs.at(int(b)))
			}
			return 0
		}
	default:
		return nil, false
	}
	perm := make([]uint32, c.n)
	for i := range perm {
		perm[i] = uint32(i)
	}
	slices.SortStableFunc(perm, compare)
	rank := make([]uint32, c.n)
	r := uint32(0)
	for i, p := range perm {
		if i > 0 && compare(perm[i-1], p) != 0 {
			r++
		}
		rank[p] = r
	}
	return c.keepOrder(key, &colOrder{perm: perm, rank: rank}), true
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

func (c *memCopy) keepOrder(key string, o *colOrder) *colOrder {
	if len(c.orders) >= keepOrders {
		for k := range c.orders {
			delete(c.orders, k)
			break
		}
	}
	c.orders[key] = o
	return o
}

// orderByCodes sorts a dictionary column: the dictionary is sorted once,
// then the rows are placed by a counting sort on their value's rank, which
// keeps them in id order within a value.
func orderByCodes(n, dictLen int, code func(int) int, compareCodes func(a, b int) int) *colOrder {
	byValue := make([]int, dictLen)
	for i := range byValue {
		byValue[i] = i
	}
	slices.SortFunc(byValue, compareCodes)
	rankOf := make([]uint32, dictLen)
	for r, code := range byValue {
		rankOf[code] = uint32(r)
	}
	start := make([]int, dictLen+1)
	for i := 0; i < n; i++ {
		start[rankOf[code(i)]+1]++
	}
	for r := 1; r <= dictLen; r++ {
		start[r] += start[r-1]
	}
	perm := make([]uint32, n)
	rank := make([]uint32, n)
	for i := 0; i < n; i++ {
		r := rankOf[code(i)]
		perm[start[r]] = uint32(i)
		start[r]++
		rank[i] = r
	}
	return &colOrder{perm: perm, rank: rank}
}

// rowsByID reads the view's columns of the customers ids from the ledger,
// in the order of ids; a customer deleted meanwhile is left out.
func (s *Store) rowsByID(ctx context.Context, c *compiled, ids []int64) ([]Row, error) {
	byID := make(map[int64]Row, len(ids))
	const chunk = 500
	for from := 0; from < len(ids); from += chunk {
		part := ids[from:min(from+chunk, len(ids))]
		if err := s.readRowsByID(ctx, c, part, byID); err != nil {
			return nil, err
		}
	}
	out := make([]Row, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// readRowsByID reads one chunk of rowsByID into byID.
func (s *Store) readRowsByID(ctx context.Context, c *compiled, ids []int64, byID map[int64]Row) error {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	rows, err := s.db.QueryContext(ctx, "SELECT "+c.selectList()+" FROM customers WHERE deleted_at IS NULL AND id IN ("+ph+")", args...)
	if err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	defer rows.Close()
	return scanRows(rows, c.cols, func(r Row) error { byID[r.ID] = r; return nil })
}

// CountByGrade counts the customers the query's filter selects, in all and
// by grade (one read of the view, not one per grade).
func (s *Store) CountByGrade(ctx context.Context, q Query) (int, map[string]int, error) {
	c, err := s.compile(q)
	if err != nil {
		return 0, nil, err
	}
	byGrade := map[string]int{}
	if mc, bits, ok := s.fastFilter(ctx, q.Filter); ok {
		if gc := mc.strs["grade"]; gc != nil && !gc.arena {
			perCode := make([]int, len(gc.dict))
			total := 0
			for i, w := range bits {
				for ; w != 0; w &= w - 1 {
					perCode[gc.codes[i*64+trailingZeros(w)]]++
					total++
				}
			}
			for code, n := range perCode {
				if n > 0 {
					byGrade[string(gc.dict[code])] = n
				}
			}
			return total, byGrade, nil
		}
	}
	rows, err := s.db.QueryContext(ctx, "SELECT grade, count(*) FROM customers WHERE "+c.where+" GROUP BY grade", c.args...)
	if err != nil {
		return 0, nil, s.classify(fmt.Errorf("count customers: %w", err))
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var g string
		var n int
		if err := rows.Scan(&g, &n); err != nil {
			return 0, nil, s.classify(fmt.Errorf("count customers: %w", err))
		}
		byGrade[g] = n
		total += n
	}
	if err := rows.Err(); err != nil {
		return 0, nil, s.classify(fmt.Errorf("count customers: %w", err))
	}
	return total, byGrade, nil
}
