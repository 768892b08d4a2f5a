package export

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

func TestTarget(t *testing.T) {
	for _, tc := range []struct {
		out, format      string
		path, wantFormat string
	}{
		{"", "", "-", "csv"},
		{"-", "XLSX", "-", "xlsx"},
		{"kehu-{date}.xlsx", "", "kehu-2026-11-22.xlsx", "xlsx"},
		{"nightly/{date}-{time}.CSV", "", "nightly/2026-11-22-100000.CSV", "csv"},
		{"a.xlsx", " csv ", "a.xlsx", "csv"},
	} {
		path, format, err := Target(tc.out, tc.format, today)
		if err != nil || path != tc.path || format != tc.wantFormat {
			t.Errorf("Target(%q, %q) = %q, %q, %v; want %q, %q", tc.out, tc.format, path, format, err, tc.path, tc.wantFormat)
		}
	}
	_, _, err := Target("a.pdf", "pdf", today)
	var ie *i18n.Error
	if !errors.As(err, &ie) || ie.Key != "export.badformat" {
		t.Errorf("format pdf: %v, want export.badformat", err)
	}
	if h, err := ParseHeader(" Keys "); h != HeaderKeys || err != nil {
		t.Errorf("header Keys = %q, %v", h, err)
	}
	if _, err := ParseHeader("names"); !errors.As(err, &ie) || ie.Key != "export.badheader" {
		t.Errorf("header names: %v, want export.badheader", err)
	}
}

// A selection starts from the saved view, adds the filter to the view's,
// and replaces sort and columns only when they were given.
func TestSelectionQuery(t *testing.T) {
	st := shop(t)
	ctx := context.Background()
	v := store.View{Filter: "grade=A,B", Sort: []store.SortKey{{Key: "name"}}, Columns: []string{"name", "phone"}}
	if err := st.SaveView(ctx, "vip", v); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLastView(ctx, store.View{Filter: "tag:VIP", Columns: []string{"name"}}); err != nil {
		t.Fatal(err)
	}
	q, err := Selection{View: "vip", Where: " spend>100 "}.Query(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if q.Filter != "grade=A,B spend>100" || !reflect.DeepEqual(q.Sort, []store.SortKey{{Key: "name"}}) || !reflect.DeepEqual(q.Columns, []string{"name", "phone"}) {
		t.Errorf("view vip + where: %+v", q)
	}
	q, err = Selection{View: "vip", Sort: "total_spend:desc", SortSet: true, Columns: "phone, 预存金额,", ColsSet: true}.Query(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if q.Filter != "grade=A,B" || !reflect.DeepEqual(q.Sort, []store.SortKey{{Key: "total_spend", Desc: true}}) || len(q.Columns) != 2 || q.Columns[0] != "phone" {
		t.Errorf("view vip, sort and columns replaced: %+v", q)
	}
	if q, err = (Selection{View: LastView}).Query(ctx, st); err != nil || q.Filter != "tag:VIP" || !reflect.DeepEqual(q.Columns, []string{"name"}) {
		t.Errorf("last view: %+v, %v", q, err)
	}
	var ie *i18n.Error
	if _, err := (Selection{Columns: "name,nope", ColsSet: true}).Query(ctx, st); !errors.As(err, &ie) || ie.Key != "col.unknown" {
		t.Errorf("unknown column: %v", err)
	}
	if _, err := (Selection{View: "missing"}).Query(ctx, st); err == nil {
		t.Error("a missing view was accepted")
	}
}
