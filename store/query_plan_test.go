package store

import (
	"context"
	"strings"
	"testing"
)

// The table reads a page of a sorted or grade-filtered view through SQL
// while its in-memory copy is being built, so at a million customers those
// reads must walk an index in the view's order, sorting at most the
// customers that tie on the sort key by id (a temporary B-tree for the
// last term), never a whole grade or the whole ledger. A grade filter read
// in id order needs customers_grade ((grade, id)): customers_agenda also
// begins with the grade but orders each grade by its next follow-up. The
// scores are read from customers_grading, which begins with the score.
func TestPagedViewsReadAnIndexInOrder(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	cases := []struct {
		q    Query
		want string // the plan, steps joined by "; "
	}{
		{Query{Filter: "grade=C"}, "SEARCH customers USING INDEX customers_grade (grade=?)"},
		{Query{Sort: []SortKey{{Key: "grade"}}}, "SCAN customers USING INDEX customers_grade"},
		{Query{Sort: []SortKey{{Key: "grade", Desc: true}}}, "SCAN customers USING INDEX customers_agenda; USE TEMP B-TREE FOR LAST TERM OF ORDER BY"},
		{Query{Sort: []SortKey{{Key: "score"}}}, "SCAN customers USING INDEX customers_grading; USE TEMP B-TREE FOR LAST TERM OF ORDER BY"},
		{Query{Sort: []SortKey{{Key: "score", Desc: true}}}, "SCAN customers USING INDEX customers_grading; USE TEMP B-TREE FOR LAST TERM OF ORDER BY"},
		{Query{Filter: "score>50"}, "SCAN customers USING INDEX customers_regrade"},
		{Query{Filter: "score>50", Sort: []SortKey{{Key: "score"}}}, "SEARCH customers USING INDEX customers_grading (score>?); USE TEMP B-TREE FOR LAST TERM OF ORDER BY"},
	}
	for _, c := range cases {
		comp, err := st.compile(c.q)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := explain(ctx, st, comp.windowSQL(), append(comp.args, 50, 100000)...)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(plan, "; "); got != c.want {
			t.Errorf("filter %q, sort %v: plan %q, want %q", c.q.Filter, c.q.Sort, got, c.want)
		}
	}
}

// explain is the detail of each step of SQLite's plan for q with args.
func explain(ctx context.Context, st *Store, q string, args ...any) ([]string, error) {
	rows, err := st.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		plan = append(plan, detail)
	}
	return plan, rows.Err()
}
