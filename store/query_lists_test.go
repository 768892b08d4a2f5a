package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// gradedLedger holds six live customers with grades set by hand (A, B, A,
// C, D, B) and a deleted A customer, so filter counts are known without the
// grader.
func gradedLedger(t *testing.T) *Store {
	t.Helper()
	st := openTest(t)
	ctx := context.Background()
	for _, c := range []struct{ name, grade string }{
		{"王芳", "A"}, {"李雷", "B"}, {"刘洋", "A"}, {"张伟", "C"}, {"陈静", "D"}, {"赵敏", "B"}, {"已删除", "A"},
	} {
		id := mustAdd(t, st, map[string]string{"name": c.name})
		if _, err := st.db.ExecContext(ctx, "UPDATE customers SET grade = ? WHERE id = ?", c.grade, id); err != nil {
			t.Fatal(err)
		}
		if c.name == "已删除" {
			if err := st.Delete(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	return st
}

// namesWhere lists the names of the live customers a filter keeps, sorted.
func namesWhere(t *testing.T, st *Store, expr string) []string {
	t.Helper()
	var out []string
	err := st.Each(context.Background(), Query{Filter: expr, Columns: []string{"name"}}, func(r Row) error {
		out = append(out, r.Values[0].(string))
		return nil
	})
	if err != nil {
		t.Fatalf("filter %q: %v", expr, err)
	}
	slices.Sort(out)
	return out
}

func TestFilterGradeLists(t *testing.T) {
	st := gradedLedger(t)
	cases := []struct {
		expr string
		want []string
	}{
		{"grade=A", []string{"刘洋", "王芳"}},
		{"grade=A,B", []string{"刘洋", "李雷", "王芳", "赵敏"}},
		{"grade=a,b", []string{"刘洋", "李雷", "王芳", "赵敏"}},
		{"grade!=A,B", []string{"张伟", "陈静"}},
		{"grade!=A", []string{"张伟", "李雷", "赵敏", "陈静"}},
		{"grade=C,D,B", []string{"张伟", "李雷", "赵敏", "陈静"}},
		{"grade<C", []string{"刘洋", "李雷", "王芳", "赵敏"}},
	}
	for _, c := range cases {
		slices.Sort(c.want)
		if got := namesWhere(t, st, c.expr); !slices.Equal(got, c.want) {
			t.Errorf("%s keeps %q, want %q", c.expr, got, c.want)
		}
		n, err := st.Count(context.Background(), Query{Filter: c.expr})
		if err != nil {
			t.Fatal(err)
		}
		if n != len(c.want) {
			t.Errorf("Count(%s) = %d, want %d", c.expr, n, len(c.want))
		}
	}
	// A bad grade in a list names the term.
	_, err := st.Count(context.Background(), Query{Filter: "grade=A,X"})
	var ie *i18n.Error
	if err == nil || !errors.As(err, &ie) || !strings.Contains(err.Error(), "grade=A,X") {
		t.Errorf("grade=A,X: %v, want a message naming the term", err)
	}
}

// A custom choice column keeps to its list on every write path.
func TestChoiceColumnRefusesValueOutsideList(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	col, err := st.AddColumn(ctx, "渠道", Choice, []string{"Online", "门店"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(col.Choices, []string{"Online", "门店"}) {
		t.Fatalf("choices %q", col.Choices)
	}
	id := mustAdd(t, st, map[string]string{"name": "王芳", "渠道": "门店"})

	if _, err := st.SetField(ctx, id, "渠道", "电话"); err == nil {
		t.Error("SetField accepted 电话 outside [Online 门店]")
	} else if !strings.Contains(err.Error(), "Online, 门店") {
		t.Errorf("refusal %q does not list the choices", err)
	}
	if _, err := st.AddCustomer(ctx, map[string]string{"name": "李雷", "渠道": "电话"}); err == nil {
		t.Error("AddCustomer accepted 电话 outside [Online 门店]")
	}
	if n, err := st.CountAll(ctx); err != nil || n != 1 {
		t.Errorf("%d customers (%v) after refused writes, want 1", n, err)
	}
	r, err := st.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Str("渠道"); got != "门店" {
		t.Errorf("渠道 after a refused edit %q, want 门店", got)
	}

	// A listed value is stored in the list's spelling.
	if _, err := st.SetField(ctx, id, "渠道", "online"); err != nil {
		t.Fatal(err)
	}
	if r = mustGetRecord(t, st, id); r.Str("渠道") != "Online" {
		t.Errorf("渠道 = %q, want Online", r.Str("渠道"))
	}
	// Empty clears a custom cell.
	if _, err := st.SetField(ctx, id, "渠道", ""); err != nil {
		t.Fatal(err)
	}
	if r = mustGetRecord(t, st, id); r.Values["渠道"] != nil {
		t.Errorf("渠道 after clearing = %#v, want nil", r.Values["渠道"])
	}
}

// mustGetRecord reads customer id, failing the test when the read fails.
func mustGetRecord(t *testing.T, st *Store, id int64) Record {
	t.Helper()
	r, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("read customer %d: %v", id, err)
	}
	return r
}
