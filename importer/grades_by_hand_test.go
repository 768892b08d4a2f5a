package importer

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// TestImportGradesByHand imports a sheet whose grades are worked out by
// hand (today 2026-11-22, default rules: quintiles, weights R 0.3 F 0.3
// M 0.4, A from 80, B from 60). The five customers bought within the year
// rank 1..5 in days since the last purchase, count and spend, each rank
// distinct, so each of their R, F and M scores is the rank.
func TestImportGradesByHand(t *testing.T) {
	st := newStore(t)
	path := filepath.Join(t.TempDir(), "tiers.csv")
	writeCSV(t, path, [][]string{
		{"客户名称", "累计消费金额", "购买次数", "最近购买日期"},
		{"甲", "9000", "5", "2026-11-19"}, // 3 days: R5 F5 M5 → 100
		{"乙", "5000", "4", "2026-11-12"}, // 10 days: R4 F4 M3 → 65
		{"丙", "7000", "1", "2026-11-02"}, // 20 days: R3 F1 M4 → 45
		{"丁", "2000", "3", "2026-10-13"}, // 40 days: R2 F3 M2 → 32.5
		{"戊", "100", "2", "2026-08-14"},  // 100 days: R1 F2 M1 → 7.5
		{"己", "300", "3", "2025-10-18"},  // 400 days: outside the window, 1 1 1 → 0
		{"庚", "", "", ""},                // never bought: D
	}, true, false)
	rep, err := ImportFile(context.Background(), st, path, Options{Lang: i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 7 {
		t.Fatalf("added %d, want 7", rep.Added)
	}
	want := map[string]struct {
		grade string
		score float64
	}{
		"甲": {"A", 100}, "乙": {"B", 65}, "丙": {"C", 45}, "丁": {"C", 32.5}, "戊": {"C", 7.5}, "己": {"C", 0}, "庚": {"D", 0},
	}
	seen := 0
	err = st.Each(context.Background(), store.Query{Columns: []string{"name", "grade", "score"}}, func(r store.Row) error {
		name := r.Values[0].(string)
		w, ok := want[name]
		if !ok {
			t.Errorf("unexpected customer %s", name)
			return nil
		}
		seen++
		if r.Values[1] != w.grade || r.Values[2] != w.score {
			t.Errorf("%s: grade %v score %v, want %s %.1f", name, r.Values[1], r.Values[2], w.grade, w.score)
		}
		return nil
	})
	if err != nil || seen != 7 {
		t.Fatalf("read %d customers: %v", seen, err)
	}
}
