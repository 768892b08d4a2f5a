package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/kehu-app/kehu/tiering"
)

// scoreGroup is the live customers sharing a stored score, grade, pin and
// stage, and how many they are.
type scoreGroup struct {
	score                float64
	grade, pinned, stage string
	n                    int
}

// previewFromScores is the preview of rules r that score every customer
// as the stored rules do (only the grade lines or what the grades mean
// differ), graded from the stored scores: one grouped read of an index
// instead of every customer's inputs. ok is false, with nothing read
// beyond a few settings, when r scores differently or the stored scores
// are not known to be exactly a full grading's of today (see
// grading_exact.go); the caller then grades everyone.
//
// Under the stored rules a customer's stored grade is its pin, D when it
// never purchased (stage prospect) or the old lines' grade of its score;
// under r it is the same with r's lines, so each group moves as one.
func (s *Store) previewFromScores(ctx context.Context, r tiering.Rules) (p RulesPreview, ok bool, err error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return RulesPreview{}, false, fmt.Errorf("preview: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a read: nothing to keep or lose
	stored, _, err := s.tieringState(ctx, tx)
	if RulesDamaged(err) {
		// Nothing says how the stored scores were reached: grade everyone.
		return RulesPreview{}, false, nil
	}
	if err != nil {
		return RulesPreview{}, false, err
	}
	if !stored.SameScoring(r) {
		return RulesPreview{}, false, nil
	}
	if exact, err := s.gradingExact(ctx, tx, stored); err != nil || !exact {
		return RulesPreview{}, false, err
	}
	groups, err := readScoreGroups(ctx, tx)
	if err != nil {
		return RulesPreview{}, false, err
	}
	p = newRulesPreview(0)
	var moving []scoreGroup
	for _, g := range groups {
		after := r.GradeOf(g.score, g.stage != tiering.StageProspect, g.pinned)
		p.Customers += g.n
		p.Before[g.grade] += g.n
		p.After[after] += g.n
		if after != g.grade {
			p.Changes += g.n
			p.Moves[g.grade+"→"+after] += g.n
			moving = append(moving, g)
		}
	}
	named, err := firstMovers(ctx, tx, r, moving)
	if err != nil {
		return RulesPreview{}, false, err
	}
	if err := p.name(ctx, tx, named); err != nil {
		return RulesPreview{}, false, err
	}
	return p, true, nil
}

// readScoreGroups reads the live customers grouped by stored score, grade,
// pin and stage, from customers_grading alone.
func readScoreGroups(ctx context.Context, q queryer) ([]scoreGroup, error) {
	var groups []scoreGroup
	err := eachRow(ctx, q, `SELECT score, grade, pinned, stage, count(*) FROM customers INDEXED BY customers_grading
		WHERE deleted_at IS NULL GROUP BY score, grade, pinned, stage`, nil, func(rows *sql.Rows) error {
		var g scoreGroup
		if err := rows.Scan(&g.score, &g.grade, &g.pinned, &g.stage, &g.n); err != nil {
			return err
		}
		groups = append(groups, g)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("preview: read scores: %w", err)
	}
	return groups, nil
}

// firstMovers finds, per move, the PreviewNames customers with the lowest
// ids among the moving groups: each group's first ones, read in id order
// from customers_grading, then the lowest of them all.
func firstMovers(ctx context.Context, q queryer, r tiering.Rules, moving []scoreGroup) (map[int64]string, error) {
	byMove := map[string][]int64{}
	for _, g := range moving {
		m := g.grade + "→" + r.GradeOf(g.score, g.stage != tiering.StageProspect, g.pinned)
		err := eachRow(ctx, q, `SELECT id FROM customers INDEXED BY customers_grading
			WHERE deleted_at IS NULL AND score = ? AND grade = ? AND pinned = ? AND stage = ? ORDER BY id LIMIT ?`,
			[]any{g.score, g.grade, g.pinned, g.stage, PreviewNames}, func(rows *sql.Rows) error {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
				byMove[m] = append(byMove[m], id)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("preview: read names: %w", err)
		}
	}
	named := map[int64]string{}
	for m, ids := range byMove {
		slices.Sort(ids)
		for _, id := range ids[:min(len(ids), PreviewNames)] {
			named[id] = m
		}
	}
	return named, nil
}
