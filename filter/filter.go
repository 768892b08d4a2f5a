// Package filter parses kehu's filter language, shared by the TUI's `f` and
// `kehu export --where`:
//
//	grade=A            a column compared with a value (= != > >= < <=)
//	spend>1000         money in yuan, dates ISO, counts as numbers
//	name~张            contains (~), does not contain (!~)
//	tag:vip            has the tag (key:value means contains for other columns)
//	grade=A,B          any of several values
//	bought~龙井        bought a product containing the text (bought=, bought!~)
//	grade@2026-05=A    graded A at the end of that month (grade history)
//	moved=A→B          moved from A to B in the last 30 days (also A>B)
//	王                 free text, matched across the text columns
//	"王 芳"            quotes keep spaces together, in values too: notes~"call back"
//
// Terms are separated by spaces and all must match (AND); the word or (或,
// OR) between terms starts an alternative: name~张三 or name~李四 matches
// either, and a b or c reads (a and b) or c. A quoted "or" is text. Parse
// only splits and classifies terms; package store resolves columns and
// values.
package filter

import (
	"fmt"
	"strings"
	"unicode"
)

// Term is one condition of a filter.
type Term struct {
	Index int    // 1-based position among the terms, for error messages
	Text  string // the term as typed
	Key   string // column name as typed; "" for free text
	Op    string // "=", "!=", ">", ">=", "<", "<=", "~", "!~", ":"; "" for free text
	Value string // the value, unquoted
	Not   bool   // free text preceded by '-': must not match
	// Group numbers the alternatives: terms of one group must all match,
	// and a row matches when any group does (0 for the first).
	Group int
}

// Error points at the term that could not be parsed.
type Error struct {
	Index int
	Text  string
	Msg   string
	Kind  string // "column" (missing before Op), "value" (missing after Op), "quote" (unclosed), "or" (or with no term on a side)
	Op    string
}

func (e *Error) Error() string { return fmt.Sprintf("filter term %d %q: %s", e.Index, e.Text, e.Msg) }

var ops = []string{">=", "<=", "!=", "!~", "=", ">", "<", "~", ":"}

// Parse splits expr into terms. An empty expression has no terms.
func Parse(expr string) ([]Term, error) {
	raw, err := split(expr)
	if err != nil {
		return nil, err
	}
	terms := make([]Term, 0, len(raw))
	group := 0
	for i, r := range raw {
		if isOr(r) {
			if i == 0 || i == len(raw)-1 || isOr(raw[i-1]) {
				return nil, &Error{Index: i + 1, Text: r.text, Msg: "or needs a term on each side", Kind: "or"}
			}
			group++
			continue
		}
		t := Term{Index: i + 1, Text: r.text, Group: group}
		key, op, val, ok := cut(r.text, r.quoted)
		if !ok {
			t.Value = unquote(r.text)
			if strings.HasPrefix(r.text, "-") && len(r.text) > 1 && !r.quoted[0] {
				t.Not = true
				t.Value = unquote(r.text[1:])
			}
			terms = append(terms, t)
			continue
		}
		if key == "" {
			return nil, &Error{Index: i + 1, Text: r.text, Msg: "missing column before " + op, Kind: "column", Op: op}
		}
		t.Key, t.Op, t.Value = key, op, unquote(val)
		if t.Value == "" && op != "=" && op != "!=" {
			return nil, &Error{Index: i + 1, Text: r.text, Msg: "missing value after " + op, Kind: "value", Op: op}
		}
		terms = append(terms, t)
	}
	return terms, nil
}

// isOr reports whether a word is the unquoted or between alternatives.
func isOr(r rawTerm) bool {
	return r.text == "或" || strings.EqualFold(r.text, "or")
}

type rawTerm struct {
	text   string
	quoted []bool // per byte: inside quotes
}

// split cuts expr at unquoted spaces. Quotes are " or the Chinese “ ”.
func split(expr string) ([]rawTerm, error) {
	var out []rawTerm
	var cur strings.Builder
	var q []bool
	inQuote := false
	var closeQuote rune
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, rawTerm{text: cur.String(), quoted: q})
		}
		cur.Reset()
		q = nil
	}
	for _, r := range expr {
		switch {
		case inQuote && r == closeQuote:
			inQuote = false
			cur.WriteRune(r)
			q = appendN(q, true, len(string(r)))
		case !inQuote && (r == '"' || r == '“'):
			inQuote = true
			closeQuote = '"'
			if r == '“' {
				closeQuote = '”'
			}
			cur.WriteRune(r)
			q = appendN(q, true, len(string(r)))
		case !inQuote && (unicode.IsSpace(r) || r == '\u3000'):
			flush()
		default:
			cur.WriteRune(r)
			q = appendN(q, inQuote, len(string(r)))
		}
	}
	if inQuote {
		return nil, &Error{Index: len(out) + 1, Text: cur.String(), Msg: "unclosed quote", Kind: "quote"}
	}
	flush()
	return out, nil
}

func appendN(b []bool, v bool, n int) []bool {
	for i := 0; i < n; i++ {
		b = append(b, v)
	}
	return b
}

// cut finds the first unquoted operator in a term whose left side looks like
// a column name.
func cut(s string, quoted []bool) (key, op, val string, ok bool) {
	for i := 0; i < len(s); i++ {
		if quoted[i] {
			return "", "", "", false
		}
		for _, o := range ops {
			if strings.HasPrefix(s[i:], o) {
				k := s[:i]
				if !isKey(k) {
					return "", "", "", false
				}
				return k, o, s[i+len(o):], true
			}
		}
	}
	return "", "", "", false
}

func isKey(k string) bool {
	for _, r := range k {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' || r == '@') {
			return false
		}
	}
	return true
}

func unquote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '"' || r == '“' || r == '”' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
