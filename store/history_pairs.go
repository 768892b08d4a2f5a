package store

import (
	"context"
	"slices"

	"github.com/kehu-app/kehu/i18n"
)

// Migrations are the grade migrations between every two month ends of a
// tier history, counted in the history's one pass, so a screen can move the
// migration matrix's months without reading the ledger again.
type Migrations struct {
	days   []string // the month ends, oldest first (see TierHistory)
	grades []string
	// counts[i][j][a][b]: customers in grade a at days[i] and b at days[j],
	// i < j, who were customers on both days.
	counts [][][][]int
}

func newMigrations(days, grades []string) *Migrations {
	m := &Migrations{days: days, grades: grades, counts: make([][][][]int, len(days))}
	for i := range days {
		m.counts[i] = make([][][]int, len(days))
		for j := i + 1; j < len(days); j++ {
			m.counts[i][j] = make([][]int, len(grades))
			for a := range grades {
				m.counts[i][j][a] = make([]int, len(grades))
			}
		}
	}
	return m
}

// add counts n customers, placed alike at every month end.
func (m *Migrations) add(exists []bool, grade []int, n int) {
	for i := range m.days {
		if !exists[i] || grade[i] < 0 {
			continue
		}
		for j := i + 1; j < len(m.days); j++ {
			if exists[j] && grade[j] >= 0 {
				m.counts[i][j][grade[i]][grade[j]] += n
			}
		}
	}
}

// Between is the migration from the end of month from to the end of month
// to ("2026-05"; the running month ends today), as TierHistory's Matrix
// would give it for those months.
func (m *Migrations) Between(from, to string) (Migration, error) {
	idx := func(month string) int {
		return slices.IndexFunc(m.days, func(d string) bool { return d[:7] == month })
	}
	i, j := idx(from), idx(to)
	if i < 0 || j < 0 || i >= j {
		return Migration{}, i18n.Errorf("history.month", from+" → "+to, m.days[0][:7], m.days[len(m.days)-1][:7])
	}
	mx := Migration{From: m.days[i], To: m.days[j], Grades: m.grades, Counts: make([][]int, len(m.grades)), Shares: make([][]float64, len(m.grades))}
	for a := range m.grades {
		mx.Counts[a] = slices.Clone(m.counts[i][j][a])
		mx.Shares[a] = make([]float64, len(m.grades))
		n := 0
		for _, c := range mx.Counts[a] {
			n += c
		}
		for b, c := range mx.Counts[a] {
			if n > 0 {
				mx.Shares[a][b] = float64(c) / float64(n)
			}
		}
	}
	return mx, nil
}

// TierHistoryMigrations is TierHistory with the migrations between every
// two of its month ends.
func (s *Store) TierHistoryMigrations(ctx context.Context, opt HistoryOptions) (History, *Migrations, error) {
	return s.tierHistory(ctx, opt, true)
}
