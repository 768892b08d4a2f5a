// Package validate normalises and checks what users type: phones, emails, dates, money, counts.
//
// Every parser trims its input and folds full-width characters (０-９, Ａ-Ｚ, ，．－：
// and the ideographic space) to their ASCII forms before checking, so text typed with a
// Chinese input method is accepted the same as ASCII. Failures are *Error values carrying
// a catalogue key, the value typed, and an English (Error) and Chinese (Zh) message that
// says what was wrong and what is accepted.
//
// Empty input: the string results (Phone, Email, Date, DateTime) treat "" as "not given"
// and return "", nil; Potential returns 0, nil; Money, Count, Number and YesNo refuse ""
// with a "<field>.empty" key so the caller decides; Name refuses "" with "name.required".
package validate

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error is a validation failure; Key names the message in the i18n catalogue, Value is what was typed.
//
// Field is the thing being checked ("phone", "money", ...; callers may overwrite it with a
// column name). Detail is a language-neutral fragment substituted into the message for
// "{detail}" (a count of digits, an offending character...); it may be empty.
type Error struct {
	Field  string
	Key    string
	Value  string
	Detail string
	// FieldZh, when set, names the field in Chinese (a column's Chinese
	// label); else Zh names the fields it knows in Chinese and others as Field.
	FieldZh string
}

// Error renders the failure in English, e.g.
// `phone "123": not a Chinese mobile (11 digits starting 13-19) or a landline with area code`.
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	msg := e.text(false)
	var b strings.Builder
	b.WriteString(e.Field)
	if e.Value != "" {
		if e.Field != "" {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Quote(shorten(e.Value)))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(msg)
	return b.String()
}

// Zh renders the same failure in Chinese, e.g. `电话“123”：不是中国手机号…`.
func (e *Error) Zh() string {
	if e == nil {
		return "<nil>"
	}
	msg := e.text(true)
	var b strings.Builder
	if e.FieldZh != "" {
		b.WriteString(e.FieldZh)
	} else if l, ok := fieldZh[e.Field]; ok {
		b.WriteString(l)
	} else {
		b.WriteString(e.Field)
	}
	if e.Value != "" {
		q := strconv.Quote(shorten(e.Value))
		b.WriteString("“" + q[1:len(q)-1] + "”")
	}
	if b.Len() > 0 {
		b.WriteString("：")
	}
	b.WriteString(msg)
	return b.String()
}

// text is the message for e.Key in one language with {detail} filled in.
func (e *Error) text(zh bool) string {
	m, ok := messages[e.Key]
	if !ok {
		if e.Detail != "" {
			return e.Key + " (" + e.Detail + ")"
		}
		return e.Key
	}
	t := m.en
	if zh {
		t = m.zh
	}
	return strings.ReplaceAll(t, "{detail}", Visible(e.Detail))
}

// Message returns the English and Chinese templates for a validation key (as used in
// Error.Key); "{detail}" in them stands for Error.Detail. ok is false for an unknown key.
func Message(key string) (en, zh string, ok bool) {
	m, ok := messages[key]
	return m.en, m.zh, ok
}

// Keys lists every message key this package can return, sorted.
func Keys() []string {
	ks := make([]string, 0, len(messages))
	for k := range messages {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// fail builds the error every parser returns.
func fail(field, key, value, detail string) *Error {
	return &Error{Field: field, Key: key, Value: value, Detail: detail}
}

// shorten keeps error messages readable when someone pastes a paragraph.
func shorten(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// fold maps full-width ASCII (U+FF01-U+FF5E) and ￥ to their narrow forms, every kind of
// dash and minus to '-', every space (ideographic, no-break, tab, newline) to ' ', and drops
// zero-width characters and the BOM. It is idempotent.
func fold(s string) string {
	if !needsFold(s) {
		return s // most cells: no copy
	}
	return foldRunes(s)
}

// needsFold reports whether fold changes s (invalid UTF-8 and control
// characters are left to foldRunes).
func needsFold(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7F || r >= 0x80 && folds(r) {
			return true
		}
	}
	return false
}

// foldRunes is fold, rune by rune.
func foldRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			b.WriteRune(r - 0xFEE0)
		case r == 0xFFE5: // ￥ full-width yen
			b.WriteRune('¥')
		case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF:
			// zero-width: drop
		case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE63:
			b.WriteByte('-')
		case r == 0xFE62:
			b.WriteByte('+')
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// folds reports whether fold changes the non-ASCII rune r.
func folds(r rune) bool {
	return r >= 0xFF01 && r <= 0xFF5E || r == 0xFFE5 || r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF ||
		r >= 0x2010 && r <= 0x2015 || r == 0x2212 || r == 0xFE63 || r == 0xFE62 || unicode.IsSpace(r) || r == utf8.RuneError
}

// clean is fold followed by trimming spaces.
func clean(s string) string { return strings.TrimSpace(fold(s)) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// allDigits reports whether s is only ASCII digits ("" is true).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// ungroup removes thousands commas from an integer part, checking that they sit in valid
// positions (first group 1-3 digits not starting with 0, then groups of exactly 3).
// Without commas it only checks for digits. "" is accepted and returned as "".
func ungroup(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, allDigits(s)
	}
	groups := strings.Split(s, ",")
	first := groups[0]
	if len(first) < 1 || len(first) > 3 || first[0] == '0' || !allDigits(first) {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// digitsToUint parses ASCII digits, reporting overflow of uint64.
func digitsToUint(ds string) (uint64, bool) {
	var n uint64
	for i := 0; i < len(ds); i++ {
		d := uint64(ds[i] - '0')
		if n > (^uint64(0)-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}
