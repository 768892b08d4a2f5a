package store

import (
	"strings"
	"time"

	"github.com/kehu-app/kehu/filter"
	"github.com/kehu-app/kehu/i18n"
)

// A grade-at term selects customers by the grade they had at the end of a
// past month, as the grade history tells it: grade@2026-05=A keeps those
// who were customers on 2026-05-31 and graded A that evening. Two of them
// pick a migration, grade@2026-05=A grade@2026-11=B, which is what a cell
// of the tier history's migration matrix opens. A month still running ends
// today; a single day (grade@2026-05-15) is read as that day's end.

// gradeAtTerm splits a term's key into its grade column and its day.
func (s *Store) gradeAtTerm(t filter.Term) (day string, ok bool, err error) {
	col, at, found := strings.Cut(t.Key, "@")
	if !found {
		return "", false, nil
	}
	c, known := s.Column(col)
	if !known || c.Type != Grade {
		return "", true, i18n.Errorf("filter.unknowncol", t.Key)
	}
	today := s.now().Format(parseDay)
	var end time.Time
	if d, perr := time.Parse(parseDay, at); perr == nil {
		end = d
	} else if m, perr := time.Parse("2006-01", at); perr == nil {
		end = m.AddDate(0, 1, -1)
	} else {
		return "", true, i18n.Errorf("filter.gradeat.day", at)
	}
	day = end.Format(parseDay)
	if day > today {
		if at > today[:len(at)] {
			return "", true, i18n.Errorf("filter.gradeat.future", at, today)
		}
		day = today // the month still running
	}
	return day, true, nil
}

// gradeAtSQL is a customer's grade at the end of the day bound twice: the
// newest move made by then, or before any move the grade the first one
// left, or with no moves at all the grade today.
const gradeAtSQL = `coalesce(
	(SELECT h.new_grade FROM grade_history h WHERE h.customer_id = customers.id AND h.at <= ? ORDER BY h.at DESC, h.id DESC LIMIT 1),
	(SELECT h.old_grade FROM grade_history h WHERE h.customer_id = customers.id ORDER BY h.at, h.id LIMIT 1),
	grade)`

// existedSQL says the customer was one by the end of the day: added by
// then, or (imported later with their past) had bought by then.
const existedSQL = `(created_at <= ? OR EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = customers.id AND p.amount > 0 AND p.date <= ?))`

// compileGradeAt turns a grade-at term on day into SQL: = and != with one
// grade or several (grade@2026-05=A,B); a customer who was not one yet on
// that day matches neither.
func (s *Store) compileGradeAt(t filter.Term, day string) (string, []any, error) {
	if t.Op != "=" && t.Op != "!=" {
		return "", nil, i18n.Errorf("filter.badop", t.Op, t.Key)
	}
	if strings.TrimSpace(t.Value) == "" {
		return "", nil, i18n.Errorf("filter.empty", t.Op)
	}
	var grades []any
	for _, v := range strings.Split(t.Value, ",") {
		g, err := parseGrade(s.gradeOfLabel(strings.TrimSpace(v)))
		if err != nil {
			return "", nil, err
		}
		grades = append(grades, g)
	}
	end := day + " 23:59:59"
	in := " IN ("
	if t.Op == "!=" {
		in = " NOT IN ("
	}
	clause := "(" + existedSQL + " AND " + gradeAtSQL + in + strings.TrimSuffix(strings.Repeat("?,", len(grades)), ",") + "))"
	return clause, append([]any{end, day, end}, grades...), nil
}
