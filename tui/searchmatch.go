package tui

import (
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// matcher is what a search looks for: the text typed, any case, and for
// a term that reads as a phone number its digits alone, so 138 0013 8000,
// 138-0013-8000 and +86 13800138000 all find 13800138000.
type matcher struct {
	text   string // lower-cased
	digits string // "" unless the term is a phone number as people write one
}

func newMatcher(term string) matcher {
	mt := matcher{text: strings.ToLower(term)}
	var d strings.Builder
	for _, r := range term {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r == ' ' || r == '-' || r == '+' || r == '(' || r == ')' || r == '\u3000':
		default:
			return mt
		}
	}
	digits := d.String()
	if strings.HasPrefix(strings.TrimSpace(term), "+86") || strings.HasPrefix(digits, "86") && len(digits) == 13 {
		digits = digits[2:]
	}
	if len(digits) >= 3 {
		mt.digits = digits
	}
	return mt
}

// phoneLike are the columns a phone number is looked for in, digits only.
func phoneLike(c store.Column) bool { return c.Key == "phone" || c.Key == "wechat" }

// cell reports whether a cell as shown holds the term; money is matched as
// shown (¥1,234.50) and as typed (1234.50).
func (mt matcher) cell(c store.Column, v any, l i18n.Lang, rules tiering.Rules) bool {
	text := cellText(c, v, l, rules)
	if strings.Contains(strings.ToLower(text), mt.text) {
		return true
	}
	if c.Type == store.Money && strings.Contains(store.Format(c, v, l), mt.text) {
		return true
	}
	return mt.digits != "" && phoneLike(c) && strings.Contains(digitsOf(text), mt.digits)
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
