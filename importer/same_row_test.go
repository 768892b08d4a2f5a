package importer

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kehu-app/kehu/store"
)

// TestImportStoresWhatAddStores: a customer imported from a sheet is the
// customer typed in by hand with the same cells (kehu add or the form):
// every column, the custom one, the grade and the creation time alike.
func TestImportStoresWhatAddStores(t *testing.T) {
	ctx := context.Background()
	header := []string{"客户名称", "手机", "邮箱", "公司", "客户类型", "生日", "性别", "标签", "备注", "潜力", "下次跟进", "会员卡"}
	cells := []string{"王芳", "138 0013 8000", "wf@example.com", "茶语轩", "企业", "1990年5月1日", "女", "VIP", "喜欢龙井", "3", "2026-12-01", "VIP000001"}
	// Three stars of potential are worth 3/5 of the 10-point bonus: score
	// 6, grade D without a purchase.
	want := map[string]string{
		"name": "王芳", "phone": "13800138000", "email": "wf@example.com", "company": "茶语轩", "kind": "enterprise",
		"birthday": "1990-05-01", "gender": "female", "tags": "VIP", "notes": "喜欢龙井", "potential": "3",
		"next_follow_up": "2026-12-01", "会员卡": "VIP000001",
		"grade": "D", "score": "6.0", "stage": "Prospect", "total_spend": "0.00", "purchases": "0", "open_complaints": "0", "loyalty": "1",
	}

	imported := newStore(t)
	path := filepath.Join(t.TempDir(), "customers.csv")
	writeCSV(t, path, [][]string{header, cells}, true, false)
	rep, err := ImportFile(ctx, imported, path, Options{})
	if err != nil || rep.Added != 1 || rep.Rejected != 0 {
		t.Fatalf("import: %+v %v", rep, err)
	}

	added := newStore(t)
	if _, err := added.AddColumn(ctx, "会员卡", store.Text, nil); err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{}
	for i, h := range header {
		key := map[string]string{"客户名称": "name", "手机": "phone", "邮箱": "email", "公司": "company", "客户类型": "kind",
			"生日": "birthday", "性别": "gender", "标签": "tags", "备注": "notes", "潜力": "potential", "下次跟进": "next_follow_up",
			"会员卡": "会员卡"}[h]
		fields[key] = cells[i]
	}
	if _, err := added.AddCustomer(ctx, fields); err != nil {
		t.Fatal(err)
	}

	for name, st := range map[string]*store.Store{"imported": imported, "added": added} {
		if got := customer(t, st, "王芳"); !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", name, got, want)
		}
		r, err := st.Get(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if r.Values["created_at"] != "2026-11-22 10:00:00" || r.Values["updated_at"] != "2026-11-22 10:00:00" {
			t.Errorf("%s: created %v, updated %v; want both 2026-11-22 10:00:00", name, r.Values["created_at"], r.Values["updated_at"])
		}
	}
}
