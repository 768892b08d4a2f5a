package store

import (
	"context"
	"errors"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// The migrations counted in the history's one pass are the matrices
// TierHistory gives for each pair of month ends: 09-30 → 10-31 by hand
// (王芳 A→B, 李雷 and 赵敏 stay A, 陈静 B, 刘洋 C), then every pair against
// a separate TierHistory call.
func TestTierHistoryMigrationsEveryPair(t *testing.T) {
	st := historyLedger(t)
	ctx := context.Background()
	h, mig, err := st.TierHistoryMigrations(ctx, HistoryOptions{Months: 3})
	if err != nil {
		t.Fatal(err)
	}
	if h.Matrix.From != "2026-08-31" || h.Matrix.To != "2026-11-22" {
		t.Fatalf("matrix = %+v", h.Matrix)
	}
	mx, err := mig.Between("2026-09", "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]int{{2, 1, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}}; mx.From != "2026-09-30" || mx.To != "2026-10-31" ||
		!equalInts(mx.Counts, want) || !near(mx.Shares[0][1], 1.0/3) || mx.Shares[3][3] != 0 {
		t.Errorf("09 → 10 = %+v", mx)
	}
	months := []string{"2026-08", "2026-09", "2026-10", "2026-11"}
	for i, from := range months {
		for _, to := range months[i+1:] {
			got, err := mig.Between(from, to)
			if err != nil {
				t.Fatal(err)
			}
			want, err := st.TierHistory(ctx, HistoryOptions{Months: 3, From: from, To: to})
			if err != nil {
				t.Fatal(err)
			}
			if got.From != want.Matrix.From || got.To != want.Matrix.To || !equalInts(got.Counts, want.Matrix.Counts) {
				t.Errorf("%s → %s: %+v, TierHistory says %+v", from, to, got, want.Matrix)
			}
			for a := range got.Shares {
				for b := range got.Shares[a] {
					if !near(got.Shares[a][b], want.Matrix.Shares[a][b]) {
						t.Errorf("%s → %s share [%d][%d] = %v, want %v", from, to, a, b, got.Shares[a][b], want.Matrix.Shares[a][b])
					}
				}
			}
		}
	}
	for _, bad := range [][2]string{{"2026-10", "2026-09"}, {"2026-10", "2026-10"}, {"2026-01", "2026-10"}} {
		var ie *i18n.Error
		if _, err := mig.Between(bad[0], bad[1]); !errors.As(err, &ie) {
			t.Errorf("%v: want a translated error, got %v", bad, err)
		}
	}
}
