package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kehu-app/kehu/filter"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// SortKey orders the view by one column.
type SortKey struct {
	Key  string `json:"key"`
	Desc bool   `json:"desc,omitempty"`
}

// ParseSort reads "total_spend:desc" or "name" (also "-total_spend").
func (s *Store) ParseSort(spec string) ([]SortKey, error) {
	var out []SortKey
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k := SortKey{Key: part}
		if strings.HasPrefix(part, "-") {
			k = SortKey{Key: part[1:], Desc: true}
		}
		if name, dir, ok := strings.Cut(k.Key, ":"); ok {
			k.Key = name
			switch strings.ToLower(dir) {
			case "desc", "d", "down":
				k.Desc = true
			case "asc", "a", "up", "":
				k.Desc = false
			default:
				return nil, i18n.Errorf("sort.bad", part)
			}
		}
		c, ok := s.Column(k.Key)
		if !ok {
			return nil, i18n.Errorf("sort.bad", k.Key)
		}
		k.Key = c.Key
		out = append(out, k)
	}
	return out, nil
}

// Query selects rows of the customer view: a filter in the filter language,
// a sort, and the columns to return (nil = the default columns).
type Query struct {
	Filter  string
	Sort    []SortKey
	Columns []string
}

// Row is one customer in the view: its id and the values of the query's
// columns, in order (see ParseValue for the value types).
type Row struct {
	ID     int64
	Values []any
}

// compiled is a query turned into SQL.
type compiled struct {
	cols    []Column
	where   string
	args    []any
	orderBy string
	sortCol []Column
}

func (s *Store) compile(q Query) (*compiled, error) {
	c := &compiled{}
	keys := q.Columns
	if len(keys) == 0 {
		keys = s.DefaultColumns()
	}
	for _, k := range keys {
		col, ok := s.Column(k)
		if !ok {
			return nil, i18n.Errorf("col.unknown", k)
		}
		c.cols = append(c.cols, col)
	}
	where, args, err := s.compileFilter(q.Filter)
	if err != nil {
		return nil, err
	}
	c.where, c.args = where, args
	var order []string
	for _, k := range q.Sort {
		col, ok := s.Column(k.Key)
		if !ok {
			return nil, i18n.Errorf("sort.bad", k.Key)
		}
		c.sortCol = append(c.sortCol, col)
		dir := ""
		if k.Desc {
			dir = " DESC"
		}
		expr := col.sqlName
		if col.Key == "grade" {
			// A first when ascending: the letters already sort that way.
			expr = "grade"
		}
		order = append(order, expr+dir)
		if col.Key == "id" {
			break
		}
	}
	order = append(order, "id")
	c.orderBy = strings.Join(order, ", ")
	return c, nil
}

func (c *compiled) selectList() string {
	var b strings.Builder
	b.WriteString("id")
	for _, col := range c.cols {
		b.WriteString(", ")
		b.WriteString(col.sqlName)
	}
	return b.String()
}

// windowSQL reads a page of the view: the query's arguments, then the
// limit and the offset.
func (c *compiled) windowSQL() string {
	return fmt.Sprintf("SELECT %s FROM customers WHERE %s ORDER BY %s LIMIT ? OFFSET ?", c.selectList(), c.where, c.orderBy)
}

// Count returns how many customers the query's filter selects.
func (s *Store) Count(ctx context.Context, q Query) (int, error) {
	c, err := s.compile(q)
	if err != nil {
		return 0, err
	}
	if _, bits, ok := s.fastFilter(ctx, q.Filter); ok {
		return bits.count(), nil
	}
	var n int
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE "+c.where, c.args...).Scan(&n)
	if err != nil {
		return 0, s.classify(fmt.Errorf("count customers: %w", err))
	}
	return n, nil
}

// Window returns limit rows of the view starting at offset.
func (s *Store) Window(ctx context.Context, q Query, offset, limit int) ([]Row, error) {
	c, err := s.compile(q)
	if err != nil {
		return nil, err
	}
	if mc, rows, ok := s.fastWindow(ctx, q, offset, limit); ok {
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = mc.ids[r]
		}
		return s.rowsByID(ctx, c, ids)
	}
	if mc, view, ok := s.fastView(ctx, q); ok {
		ids := make([]int64, 0, limit)
		for i := offset; i < len(view) && i < offset+limit; i++ {
			ids = append(ids, mc.ids[view[i]])
		}
		return s.rowsByID(ctx, c, ids)
	}
	rows, err := s.db.QueryContext(ctx, c.windowSQL(), append(c.args, limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("read customers: %w", err)
	}
	defer rows.Close()
	out := make([]Row, 0, limit)
	err = scanRows(rows, c.cols, func(r Row) error { out = append(out, r); return nil })
	return out, err
}

// Each streams every row of the view to fn in order, without holding them.
// fn must not write to the store. Returning an error from fn stops the scan.
func (s *Store) Each(ctx context.Context, q Query, fn func(Row) error) error {
	c, err := s.compile(q)
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM customers WHERE %s ORDER BY %s",
		c.selectList(), c.where, c.orderBy), c.args...)
	if err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	defer rows.Close()
	return scanRows(rows, c.cols, fn)
}

// QueryColumns resolves a query's column list (nil = defaults).
func (s *Store) QueryColumns(q Query) ([]Column, error) {
	c, err := s.compile(q)
	if err != nil {
		return nil, err
	}
	return c.cols, nil
}

func scanRows(rows *sql.Rows, cols []Column, fn func(Row) error) error {
	dest := make([]any, len(cols)+1)
	vals := make([]any, len(cols)+1)
	for i := range dest {
		dest[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("read customers: %w", err)
		}
		r := Row{ID: vals[0].(int64), Values: make([]any, len(cols))}
		for i, col := range cols {
			r.Values[i] = normalise(col, vals[i+1])
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	return nil
}

// normalise maps driver values onto the store's value types.
func normalise(c Column, v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case int64:
		switch c.Type {
		case YesNo:
			return x != 0
		case Number:
			return float64(x)
		}
		return x
	case float64:
		if c.Type == Money || c.Type == Int {
			return int64(x)
		}
		return x
	}
	return v
}

// IndexOf returns the position of customer id in the view, or -1 when the
// filter excludes it: the TUI keeps its cursor on a customer whose row moved.
func (s *Store) IndexOf(ctx context.Context, q Query, id int64) (int, error) {
	c, err := s.compile(q)
	if err != nil {
		return 0, err
	}
	if mc, view, ok := s.fastView(ctx, q); ok {
		row, found := slices.BinarySearch(mc.ids, id)
		if !found {
			return -1, nil
		}
		return slices.Index(view, uint32(row)), nil
	}
	var in int
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE id = ? AND "+c.where,
		append([]any{id}, c.args...)...).Scan(&in)
	if err != nil {
		return 0, fmt.Errorf("locate customer: %w", err)
	}
	if in == 0 {
		return -1, nil
	}
	// Rows before id in the sort order: a lexicographic comparison on the
	// sort columns then id, built as (a < x) OR (a = x AND (b < y OR ...)).
	keys := make([]string, 0, len(c.sortCol)+1)
	descs := make([]bool, 0, len(c.sortCol)+1)
	for i, col := range c.sortCol {
		// ORDER BY puts NULL (an empty custom cell) before every value;
		// -Inf stands for it so that = and < agree with that order.
		keys = append(keys, "coalesce("+col.sqlName+", -9e999)")
		descs = append(descs, orderDesc(c.orderBy, i))
		if col.Key == "id" {
			break
		}
	}
	keys = append(keys, "id")
	descs = append(descs, false)
	var cond strings.Builder
	var args []any
	for i := range keys {
		if i > 0 {
			cond.WriteString(" OR (")
			for j := 0; j < i; j++ {
				if j > 0 {
					cond.WriteString(" AND ")
				}
				fmt.Fprintf(&cond, "%s = (SELECT %s FROM customers WHERE id = ?)", keys[j], keys[j])
				args = append(args, id)
			}
			cond.WriteString(" AND ")
		} else {
			cond.WriteString("(")
		}
		op := "<"
		if descs[i] {
			op = ">"
		}
		fmt.Fprintf(&cond, "%s %s (SELECT %s FROM customers WHERE id = ?))", keys[i], op, keys[i])
		args = append(args, id)
	}
	var n int
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE "+c.where+" AND ("+cond.String()+")",
		append(append([]any{}, c.args...), args...)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("locate customer: %w", err)
	}
	return n, nil
}

func orderDesc(orderBy string, i int) bool {
	parts := strings.Split(orderBy, ", ")
	return i < len(parts) && strings.HasSuffix(parts[i], " DESC")
}

// textColumns are searched by free-text filter terms.
var textColumns = []string{"name", "phone", "email", "wechat", "company", "industry", "source", "tags", "notes", "needs", "address"}

// compileFilter turns the filter language into a WHERE clause. Errors point
// at the offending term.
func (s *Store) compileFilter(expr string) (string, []any, error) {
	groups, err := s.resolveFilter(expr)
	if err != nil {
		return "", nil, err
	}
	var parts [][]string
	var args []any
	for _, g := range groups {
		var part []string
		for _, r := range g {
			sqlPart, a, err := s.termSQL(r)
			if err != nil {
				return "", nil, i18n.Errorf("filter.term", r.term.Index, r.term.Text, err)
			}
			part = append(part, sqlPart)
			args = append(args, a...)
		}
		parts = append(parts, part)
	}
	switch len(parts) {
	case 0:
		return "deleted_at IS NULL", args, nil
	case 1:
		return strings.Join(append([]string{"deleted_at IS NULL"}, parts[0]...), " AND "), args, nil
	}
	alts := make([]string, len(parts))
	for i, g := range parts {
		alts[i] = "(" + strings.Join(g, " AND ") + ")"
	}
	return "deleted_at IS NULL AND (" + strings.Join(alts, " OR ") + ")", args, nil
}

// resolveFilter parses expr and resolves its terms: alternatives (or) of
// terms that must all match. Errors point at the offending term.
func (s *Store) resolveFilter(expr string) ([][]resolvedTerm, error) {
	terms, err := filter.Parse(expr)
	if err != nil {
		var fe *filter.Error
		if errors.As(err, &fe) {
			var why error
			switch fe.Kind {
			case "quote":
				why = i18n.Errorf("filter.quote")
			case "value":
				why = i18n.Errorf("filter.empty", fe.Op)
			case "or":
				why = i18n.Errorf("filter.or")
			default:
				why = i18n.Errorf("filter.nocolumn", fe.Op)
			}
			return nil, i18n.Errorf("filter.term", fe.Index, fe.Text, why)
		}
		return nil, err
	}
	var groups [][]resolvedTerm
	for _, t := range terms {
		r, err := s.resolveTerm(t)
		if err != nil {
			return nil, i18n.Errorf("filter.term", t.Index, t.Text, err)
		}
		for len(groups) <= t.Group {
			groups = append(groups, nil)
		}
		groups[t.Group] = append(groups[t.Group], r)
	}
	return groups, nil
}

func likeArg(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(v) + "%"
}

func orderable(c Column) bool {
	switch c.Type {
	case Money, Number, Int, Date, DateTime, Text, Grade:
		return true
	}
	return false
}

// filterValue parses a filter value for column c; money in yuan as typed.
func filterValue(c Column, v string) (any, error) {
	switch c.Type {
	case Grade:
		g, err := parseGrade(v)
		if err != nil {
			return nil, err
		}
		return g, nil
	case Stage:
		for _, k := range tiering.Stages() {
			if strings.EqualFold(v, k) || v == tiering.StageName(k, "zh") || strings.EqualFold(v, tiering.StageName(k, "en")) {
				return k, nil
			}
		}
		return nil, i18n.Errorf("filter.badvalue", v, strings.Join(tiering.Stages(), ", "))
	case Segment:
		if v == "" {
			return "", nil // segment= keeps the customers without one
		}
		for _, k := range tiering.Segments() {
			if strings.EqualFold(v, k) || v == tiering.SegmentName(k, "zh") || strings.EqualFold(v, tiering.SegmentName(k, "en")) {
				return k, nil
			}
		}
		return nil, i18n.Errorf("filter.badvalue", v, strings.Join(tiering.Segments(), ", "))
	case DateTime:
		return v, nil
	case Text, Tags:
		return v, nil
	}
	if v == "" {
		return "", nil
	}
	val, err := ParseValue(c, v)
	if err != nil {
		return nil, err
	}
	if b, ok := val.(bool); ok {
		if b {
			return int64(1), nil
		}
		return int64(0), nil
	}
	return val, nil
}
