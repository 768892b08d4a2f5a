package store

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// RulesPreview says what saving new tiering rules would do to the grades,
// without writing anything.
type RulesPreview struct {
	Customers int            `json:"customers"`
	Changes   int            `json:"changes"` // customers whose grade would change
	Before    map[string]int `json:"before"`  // customers per grade now
	After     map[string]int `json:"after"`   // customers per grade under the new rules
	Moves     map[string]int `json:"moves"`   // "B→A" → customers
	// Names are, per move, the first PreviewNames customers' names (lowest
	// id first), so the owner sees who moves.
	Names map[string][]string `json:"names"`
}

// PreviewRules grades the whole ledger under r, as SetRules would, and
// returns how many customers would change grade and the customers per grade
// under r. Nothing is written.
func (s *Store) PreviewRules(ctx context.Context, r tiering.Rules) (changes int, byGrade map[string]int, err error) {
	p, err := s.PreviewRulesDetail(ctx, r)
	if err != nil {
		return 0, nil, err
	}
	return p.Changes, p.After, nil
}

// PreviewRulesDetail is PreviewRules with the grade counts before and after
// and the moves between grades.
func (s *Store) PreviewRulesDetail(ctx context.Context, r tiering.Rules) (RulesPreview, error) {
	if err := r.Validate(); err != nil {
		return RulesPreview{}, i18n.Errorf("rules.bad", err)
	}
	p, ok, err := s.previewFromScores(ctx, r)
	if err != nil || ok {
		return p, err
	}
	return s.previewFull(ctx, r)
}

// previewFull grades every customer under r, as a regrade would.
func (s *Store) previewFull(ctx context.Context, r tiering.Rules) (RulesPreview, error) {
	ids, inputs, curs, err := s.gradeInputs(ctx, r)
	if err != nil {
		return RulesPreview{}, err
	}
	if err := s.fillDimensions(ctx, s.db, r, ids, inputs, 0); err != nil {
		return RulesPreview{}, fmt.Errorf("preview: %w", err)
	}
	_, results := tiering.GradeAll(inputs, r, s.now())
	p := newRulesPreview(len(inputs))
	named := map[int64]string{}
	for i, res := range results {
		was := curs[i].grade
		p.Before[was]++
		p.After[res.Grade]++
		if res.Grade != was {
			p.Changes++
			m := was + "→" + res.Grade
			p.Moves[m]++
			if p.Moves[m] <= PreviewNames {
				named[ids[i]] = m
			}
		}
	}
	if err := p.name(ctx, s.db, named); err != nil {
		return RulesPreview{}, err
	}
	return p, nil
}

// newRulesPreview is an empty preview of n customers, every grade counted.
func newRulesPreview(n int) RulesPreview {
	p := RulesPreview{Customers: n, Before: map[string]int{}, After: map[string]int{}, Moves: map[string]int{}, Names: map[string][]string{}}
	for _, g := range tiering.Grades() {
		p.Before[g], p.After[g] = 0, 0
	}
	return p
}

// name lists the named customers' names under their moves, lowest id
// first.
func (p *RulesPreview) name(ctx context.Context, q queryer, named map[int64]string) error {
	for _, id := range slices.Sorted(maps.Keys(named)) {
		var name string
		if err := q.QueryRowContext(ctx, "SELECT name FROM customers WHERE id = ?", id).Scan(&name); err != nil {
			return fmt.Errorf("preview: read names: %w", err)
		}
		p.Names[named[id]] = append(p.Names[named[id]], name)
	}
	return nil
}

// gradeInputs reads the tiering inputs of every live customer under rules
// (the window decides F and M), with its stored grade (cur.grade), as RegradeAll does:
// in two halves at once, the window counts from the customers' own win_*
// columns when the rules keep the stored window, else from the purchase log.
func (s *Store) gradeInputs(ctx context.Context, rules tiering.Rules) ([]int64, []tiering.Input, []cur, error) {
	ws := rules.WindowStart(s.now()).Format(parseDay)
	stored, err := storedWindow(ctx, s.db)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("preview: %w", err)
	}
	snap, err := s.readTiersParallel(ctx, ws, stored != ws, false)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("preview: %w", err)
	}
	return snap.ids, snap.inputs, snap.curs, nil
}
