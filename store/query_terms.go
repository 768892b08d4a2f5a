package store

import (
	"strings"

	"github.com/kehu-app/kehu/filter"
	"github.com/kehu-app/kehu/i18n"
)

// termKind is what a filter term tests, once its column and values are
// resolved. The SQL path and the in-memory copy both start from a resolved
// term, so they read a value, a grade label or a list the same way.
type termKind int

const (
	termFreeText termKind = iota // the value in any text column
	termBought                   // a product bought (purchases)
	termGradeAt                  // the grade at a past day (grade history)
	termMoved                    // a recent grade move (grade history)
	termTags                     // the tag list, read as ",a,b,", contains value
	termContains                 // the column contains value
	termIn                       // = or != one of args
	termRange                    // < <= > >= args[0]; an empty cell is in no range
)

// resolvedTerm is one filter term with its column and values resolved.
type resolvedTerm struct {
	kind  termKind
	not   bool   // negated: -text, !~, !=
	col   Column // the column (not for free text or bought)
	op    string // termRange: < <= > >=
	value string // termFreeText, termContains: the text; termTags: the pattern; termGradeAt: the day
	args  []any  // termIn, termRange: values as filterValue parses them
	term  filter.Term
}

// resolveTerm resolves t's column and values; errors are the user's.
func (s *Store) resolveTerm(t filter.Term) (resolvedTerm, error) {
	r := resolvedTerm{term: t}
	if t.Op == "" {
		r.kind, r.value, r.not = termFreeText, t.Value, t.Not
		return r, nil
	}
	if isBoughtTerm(t) {
		r.kind = termBought
		return r, nil
	}
	if s.isMovedTerm(t) {
		r.kind = termMoved
		_, _, err := s.compileMoved(t) // a bad move is said while it is typed
		return r, err
	}
	if day, ok, err := s.gradeAtTerm(t); ok {
		r.kind, r.value = termGradeAt, day
		return r, err
	}
	col, ok := s.Column(t.Key)
	if !ok {
		return r, i18n.Errorf("filter.unknowncol", t.Key)
	}
	r.col = col
	op := t.Op
	if col.Type == Tags && op == ":" {
		op = "=" // tag:vip has the tag vip
	}
	if op == ":" {
		op = "~"
	}
	r.not = op[0] == '!'
	if col.Type == Tags && (op == "~" || op == "=" || op == "!~" || op == "!=") {
		r.kind, r.value = termTags, t.Value
		if op == "=" || op == "!=" {
			r.value = "," + t.Value + ","
		}
		return r, nil
	}
	if op == "~" || op == "!~" {
		r.kind, r.value = termContains, t.Value
		return r, nil
	}
	values := []string{t.Value}
	if (op == "=" || op == "!=") && strings.Contains(t.Value, ",") && col.Type != Money && col.Type != Number {
		values = strings.Split(t.Value, ",")
	}
	for _, v := range values {
		if col.Type == Grade {
			v = s.gradeOfLabel(v)
		}
		a, err := filterValue(col, strings.TrimSpace(v))
		if err != nil {
			return r, err
		}
		r.args = append(r.args, a)
	}
	if len(r.args) > 1 || op == "=" || op == "!=" {
		r.kind = termIn
		return r, nil
	}
	if !orderable(col) {
		return r, i18n.Errorf("filter.badop", op, col.Key)
	}
	r.kind, r.op, r.not = termRange, op, false
	return r, nil
}

// sql is the term as a WHERE condition and its arguments.
func (s *Store) termSQL(r resolvedTerm) (string, []any, error) {
	name := r.col.sqlName
	if r.col.nullable {
		name = "coalesce(" + name + ", '')"
	}
	not := ""
	if r.not {
		not = "NOT "
	}
	switch r.kind {
	case termFreeText:
		var ors []string
		var args []any
		for _, k := range textColumns {
			ors = append(ors, k+` LIKE ? ESCAPE '\'`)
			args = append(args, likeArg(r.value))
		}
		for _, c := range s.Columns() {
			if freeTextCustom(c) {
				// coalesce: an empty (NULL) cell would make the whole OR
				// NULL, and a negated term would then drop the customer.
				ors = append(ors, "coalesce("+c.sqlName+`, '') LIKE ? ESCAPE '\'`)
				args = append(args, likeArg(r.value))
			}
		}
		return not + "(" + strings.Join(ors, " OR ") + ")", args, nil
	case termBought:
		return compileBought(r.term)
	case termGradeAt:
		return s.compileGradeAt(r.term, r.value)
	case termMoved:
		return s.compileMoved(r.term)
	case termTags:
		return not + `(',' || tags || ',') LIKE ? ESCAPE '\'`, []any{likeArg(r.value)}, nil
	case termContains:
		return not + name + ` LIKE ? ESCAPE '\'`, []any{likeArg(r.value)}, nil
	case termIn:
		if len(r.args) > 1 {
			ph := strings.TrimSuffix(strings.Repeat("?,", len(r.args)), ",")
			return name + " " + not + "IN (" + ph + ")", r.args, nil
		}
		op := "="
		if r.not {
			op = "!="
		}
		return name + " " + op + " ?", r.args, nil
	}
	// An empty custom cell is NULL, and NULL is in no range: coalesced to
	// '' it would compare as text, above every number. An empty built-in
	// cell is '', which is in no range either: a blank follow-up date is
	// not before 2026-12-01.
	return "(" + r.col.sqlName + " <> '' AND " + r.col.sqlName + " " + r.op + " ?)", r.args, nil
}

// freeTextCustom reports whether free text searches custom column c.
func freeTextCustom(c Column) bool { return c.Custom && (c.Type == Text || c.Type == Choice) }
