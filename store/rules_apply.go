package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// rulesKey is the settings key of the tiering rules.
const rulesKey = "tiering.rules"

// PreviewNames is how many customers a RulesPreview names per move.
const PreviewNames = 5

// Lines renders the preview in lang: how many move, then each move (most
// customers first) with the first names.
func (p RulesPreview) Lines(l i18n.Lang) []string {
	if p.Changes == 0 {
		return []string{l.T("rules.preview.none", p.Customers)}
	}
	out := []string{l.T("rules.preview.title", p.Changes, p.Customers)}
	moves := slices.Collect(maps.Keys(p.Moves))
	slices.SortFunc(moves, func(a, b string) int {
		if p.Moves[a] != p.Moves[b] {
			return p.Moves[b] - p.Moves[a]
		}
		return strings.Compare(a, b)
	})
	for _, m := range moves {
		names := strings.Join(p.Names[m], l.T("rules.preview.sep"))
		if n := p.Moves[m] - len(p.Names[m]); n > 0 {
			names += l.T("rules.preview.more", n)
		}
		out = append(out, fmt.Sprintf("  %s  %d  %s", m, p.Moves[m], names))
	}
	return out
}

// ApplyRules stores new rules and regrades the ledger under them in one
// transaction, written to the journal as one change: undo puts the old
// rules back and regrades again. The grades move exactly as
// PreviewRulesDetail said they would.
func (s *Store) ApplyRules(ctx context.Context, r tiering.Rules) (RegradeReport, error) {
	if err := r.Validate(); err != nil {
		return RegradeReport{}, i18n.Errorf("rules.bad", err)
	}
	if err := s.CheckDimensions(r); err != nil {
		return RegradeReport{}, err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return RegradeReport{}, fmt.Errorf("apply rules: %w", err)
	}
	var rep RegradeReport
	err = s.tx(ctx, func(tx *sql.Tx) error {
		batch, err := s.newBatch(ctx, tx)
		if err != nil {
			return err
		}
		var old any
		var raw string
		switch err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", rulesKey).Scan(&raw); {
		case err == nil && json.Valid([]byte(raw)):
			old = json.RawMessage(raw)
		case err == nil:
			// Damaged rules that are not even JSON are kept in the
			// journal as their text, so nothing of them is lost.
			old = raw
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("read rules: %w", err)
		}
		if err := s.journal(ctx, tx, batch, "edit", "settings", 0, rulesKey, old, json.RawMessage(b)); err != nil {
			return err
		}
		if err := putSetting(ctx, tx, rulesKey, b); err != nil {
			return err
		}
		s.forgetTiering()
		rep, err = s.regradeTxAll(ctx, tx, ReasonRules, true)
		return err
	})
	s.forgetTiering()
	if err != nil {
		return RegradeReport{}, fmt.Errorf("apply rules: %w", err)
	}
	return rep, nil
}

// applySetting undoes (or redoes) a journaled settings change: the old (or
// new) value is written back, or the setting removed when it was not set.
func applySetting(ctx context.Context, tx *sql.Tx, e Entry, undo bool) error {
	text := e.New
	if undo {
		text = e.Old
	}
	if text == "" {
		_, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", e.Field)
		return err
	}
	return putSetting(ctx, tx, e.Field, []byte(text))
}
