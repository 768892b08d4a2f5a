package filter

import "strings"

// Quote writes v as a filter value that reads back as exactly v: bare when
// nothing in it would split the term, else in quotes ("王 芳"). Quotes
// inside a value are dropped when it is read, so a value holding one cannot
// be written: ok is false.
func Quote(v string) (quoted string, ok bool) {
	if strings.ContainsAny(v, "\"“”") {
		return "", false
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r == '\u3000' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
		return `"` + v + `"`, true
	}
	return v, true
}
