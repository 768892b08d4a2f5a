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
	return s.previewGraded(ctx, r, previewChunk)
}

// previewGraded is previewFull reading the customers chunk ids at a time:
// by brief when r grades by brief, else from their full inputs.
func (s *Store) previewGraded(ctx context.Context, r tiering.Rules, chunk int64) (RulesPreview, error) {
	if r.GradesByBrief() {
		p, ok, err := s.previewBriefs(ctx, r, chunk)
		if err != nil || ok {
			return p, err
		}
	}
	return s.previewByInputs(ctx, r, chunk)
}

// previewByInputs is previewGraded from every customer's full inputs.
func (s *Store) previewByInputs(ctx context.Context, r tiering.Rules, chunk int64) (RulesPreview, error) {
	ids, inputs, grades, err := s.previewInputs(ctx, r, chunk)
	if err != nil {
		return RulesPreview{}, err
	}
	if err := s.fillDimensions(ctx, s.db, r, ids, inputs, 0); err != nil {
		return RulesPreview{}, fmt.Errorf("preview: %w", err)
	}
	_, results := tiering.GradeAll(inputs, r, s.now())
	var c moveCounter
	named := map[int64]string{}
	for i := range results {
		was, now := grades[i], results[i].Grade
		if n := c.add(was, now); was != now && n <= PreviewNames {
			named[ids[i]] = was + "→" + now
		}
	}
	p := c.preview(len(inputs))
	if err := p.name(ctx, s.db, named); err != nil {
		return RulesPreview{}, err
	}
	return p, nil
}

// moveCounter counts customers by their grade before and after: a ledger
// has a handful of grades, so a short list of them and a table of counts
// instead of a map's hashing for every customer.
type moveCounter struct {
	grades []string
	n      [][]int // n[before][after], by position in grades
}

// add counts a customer graded was before and now after, and says how
// many have made that move so far, this one included.
func (c *moveCounter) add(was, now string) int {
	i, j := c.index(was), c.index(now)
	c.n[i][j]++
	return c.n[i][j]
}

func (c *moveCounter) index(g string) int {
	for i, h := range c.grades {
		if h == g {
			return i
		}
	}
	c.grades = append(c.grades, g)
	for i := range c.n {
		c.n[i] = append(c.n[i], 0)
	}
	c.n = append(c.n, make([]int, len(c.grades)))
	return len(c.grades) - 1
}

// preview is the counts as a preview of n customers.
func (c *moveCounter) preview(n int) RulesPreview {
	p := newRulesPreview(n)
	for i, was := range c.grades {
		for j, now := range c.grades {
			k := c.n[i][j]
			if k == 0 {
				continue
			}
			p.Before[was] += k
			p.After[now] += k
			if i != j {
				p.Changes += k
				p.Moves[was+"→"+now] += k
			}
		}
	}
	return p
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
