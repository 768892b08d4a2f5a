package importer

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// A last purchase date or a birthday after today cannot be true: the row
// goes to the rejects file with a reason naming today; the others go in,
// graded as of today.
func TestImportRefusesDatesAfterToday(t *testing.T) {
	ctx := context.Background()
	// The ledger was made (and so graded) a week ago.
	ledger := filepath.Join(t.TempDir(), "ledger.db")
	old, err := store.Open(ledger, store.WithClock(func() time.Time { return today.AddDate(0, 0, -7) }))
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	st, err := store.Open(ledger, store.WithClock(func() time.Time { return today }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	path := filepath.Join(t.TempDir(), "c.csv")
	writeCSV(t, path, [][]string{
		{"姓名", "电话", "累计消费", "最近购买日期", "生日"},
		{"王芳", "13800138000", "1200", "2026-11-20", "1990-05-01"},
		{"李雷", "13900139000", "800", "2026-12-01", ""},
		{"张伟", "13700137000", "", "", "2027-01-01"},
	}, false, false)
	rep, err := ImportFile(ctx, st, path, Options{Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || rep.Rejected != 2 || len(rep.Rejects) != 2 {
		t.Fatalf("report %+v", rep)
	}
	if r := rep.Rejects[0].Reason; !strings.Contains(r, "purchase date 2026-12-01 is after today (2026-11-22)") {
		t.Errorf("reject of 李雷: %q", r)
	}
	if r := rep.Rejects[1].Reason; !strings.Contains(r, "birthday 2027-01-01 is after today (2026-11-22)") {
		t.Errorf("reject of 张伟: %q", r)
	}
	// The import graded every customer, and so the ledger, as of today.
	if d, _ := st.GradedFor(ctx); d != "2026-11-22" {
		t.Errorf("graded for %q after the import", d)
	}
}
