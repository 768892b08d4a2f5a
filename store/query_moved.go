package store

import (
	"strings"
	"time"

	"github.com/kehu-app/kehu/filter"
	"github.com/kehu-app/kehu/i18n"
)

// A moved term selects customers by their recent grade moves, the ones the
// tier summary counts: moved=A→B keeps those whose grade went from A to B
// in the last MovementDays days (also written A>B or A->B, with grade
// labels too; 调级=A→B in Chinese), moved!=A→B everyone else. As in the
// summary, a move taken straight back by undo (or an undo taken back by
// redo) is no move.
var movedKeys = map[string]bool{"moved": true, "调级": true}

// isMovedTerm reports whether t is a moved term rather than a column.
// AddColumn refuses the word, but a ledger can still hold a custom column
// named moved (made by an import or by an older kehu): then the word is
// the column's, except for = and != with a value that reads as a move
// (moved=A→B, what the summary's drill-down writes), so both stay
// reachable; such a cell is still found with moved~A→B.
func (s *Store) isMovedTerm(t filter.Term) bool {
	if t.Key == "" || !movedKeys[strings.ToLower(t.Key)] {
		return false
	}
	if c, ok := s.Column(t.Key); !ok || !c.Custom {
		return true
	}
	if t.Op != "=" && t.Op != "!=" {
		return false
	}
	_, _, err := s.parseMove(t.Value)
	return err == nil
}

// movementSince is the start of the days whose grade moves the summary
// counts and moved= selects, as grade history stores its times.
func movementSince(now time.Time) string {
	y, m, d := now.Date()
	return time.Date(y, m, d-MovementDays, 0, 0, 0, 0, now.Location()).Format("2006-01-02 15:04:05")
}

// parseMove reads a move's value (A→B, A>B or A->B, by letter or label).
func (s *Store) parseMove(v string) (from, to string, err error) {
	var a, b string
	found := false
	for _, sep := range []string{"→", "->", ">"} {
		if a, b, found = strings.Cut(v, sep); found {
			break
		}
	}
	if !found {
		return "", "", i18n.Errorf("filter.moved.value", v)
	}
	if from, err = parseGrade(s.gradeOfLabel(strings.TrimSpace(a))); err != nil {
		return "", "", err
	}
	if to, err = parseGrade(s.gradeOfLabel(strings.TrimSpace(b))); err != nil {
		return "", "", err
	}
	if from == to {
		return "", "", i18n.Errorf("filter.moved.value", v)
	}
	return from, to, nil
}

// movedWalkSQL keeps, among the customers with an undo or redo since the
// start (bound first), those whose from→to move (bound second and third)
// still stands. It walks each one's history since the start in order, as
// a stack of moves written "|A>B": an undo or redo reversing the move on
// top takes it off, anything else goes on; the customer's last stack holds
// the moves that stand. The summary's count cancels moves the same way.
const movedWalkSQL = `WITH RECURSIVE h(c, k, cnt, o, n, r) AS (
	SELECT customer_id, row_number() OVER w, count(*) OVER (PARTITION BY customer_id), old_grade, new_grade, reason
	FROM grade_history
	WHERE at >= ? AND customer_id IN (SELECT customer_id FROM grade_history WHERE at >= ? AND reason IN (?, ?))
		AND customer_id IN (SELECT customer_id FROM grade_history WHERE at >= ? AND old_grade = ? AND new_grade = ?)
	WINDOW w AS (PARTITION BY customer_id ORDER BY at, id)
), walk(c, k, cnt, st) AS (
	SELECT c, 0, cnt, '' FROM h WHERE k = 1
	UNION ALL
	SELECT w.c, h.k, w.cnt, CASE
		WHEN h.r IN (?, ?) AND substr(w.st, -length('|' || h.n || '>' || h.o)) = '|' || h.n || '>' || h.o
		THEN substr(w.st, 1, length(w.st) - length('|' || h.n || '>' || h.o))
		ELSE w.st || '|' || h.o || '>' || h.n END
	FROM walk w JOIN h ON h.c = w.c AND h.k = w.k + 1
)
SELECT c FROM walk WHERE k = cnt AND instr(st || '|', '|' || ? || '>' || ? || '|') > 0`

// compileMoved turns a moved term into a set membership test: the
// customers with the move and no undo or redo since the start, and those
// with one whose move the walk finds standing.
func (s *Store) compileMoved(t filter.Term) (string, []any, error) {
	if t.Op != "=" && t.Op != "!=" {
		return "", nil, i18n.Errorf("filter.badop", t.Op, t.Key)
	}
	if strings.TrimSpace(t.Value) == "" {
		return "", nil, i18n.Errorf("filter.empty", t.Op)
	}
	from, to, err := s.parseMove(t.Value)
	if err != nil {
		return "", nil, err
	}
	since := movementSince(s.now())
	in := "id IN"
	if t.Op == "!=" {
		in = "id NOT IN"
	}
	plain := `SELECT customer_id FROM grade_history WHERE at >= ? AND old_grade = ? AND new_grade = ?
		AND customer_id NOT IN (SELECT customer_id FROM grade_history WHERE at >= ? AND reason IN (?, ?))`
	args := []any{since, from, to, since, ReasonUndo, ReasonRedo,
		since, since, ReasonUndo, ReasonRedo, since, from, to, ReasonUndo, ReasonRedo, from, to}
	return in + " (" + plain + " UNION ALL SELECT c FROM (" + movedWalkSQL + "))", args, nil
}

// FilterWord reports whether name (a column's key or label, any case) is a
// word of the filter language (bought, 买过, moved, 调级): a column of that
// name would be shadowed by the term, so AddColumn refuses it and an import
// numbers it like a name already taken.
func FilterWord(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return boughtKeys[n] || movedKeys[n]
}
