package dedupe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// titles are forms of address typed after a Chinese name (王芳女士, 李总).
// They are removed only when at least two runes of name remain: in 王女士
// the title is all that tells her from 王先生 or 王芳, so it stays.
var titles = []string{
	"先生", "女士", "小姐", "老师", "师傅", "老板", "经理", "总监", "总经理", "董事长", "医生", "阿姨", "叔叔", "总",
}

// prefixTitles are English forms of address typed before a name.
var prefixTitles = []string{"mr.", "mrs.", "ms.", "dr.", "mr ", "mrs ", "ms ", "miss ", "dr "}

// closer is the closing mark of an opening bracket (a parenthesised remark).
func closer(r rune) (rune, bool) {
	switch r {
	case '(':
		return ')', true
	case '（':
		return '）', true
	case '[':
		return ']', true
	case '【':
		return '】', true
	case '〔':
		return '〕', true
	case '{':
		return '}', true
	case '「':
		return '」', true
	case '<':
		return '>', true
	case '《':
		return '》', true
	}
	return 0, false
}

func isClosing(r rune) bool {
	switch r {
	case ')', '）', ']', '】', '〕', '}', '」', '>', '》':
		return true
	}
	return false
}

// plain reports a name that NameKey leaves as it is: no spaces, marks,
// brackets, capitals or full-width forms, and no title at its end.
func plain(s string) bool {
	for _, r := range s {
		if r < 0x80 {
			if r <= ' ' || r == '.' || r >= 'A' && r <= 'Z' || r == '(' || r == '[' || r == '{' || r == '<' || isClosing(r) || r == 0x7f {
				return false
			}
			continue
		}
		if r == '·' || r == '•' || r == '・' || r >= 0xFF01 && r <= 0xFF5E || r == '\u3000' || unicode.IsSpace(r) || unicode.IsUpper(r) || isClosing(r) {
			return false
		}
		if _, ok := closer(r); ok {
			return false
		}
	}
	for _, t := range titles {
		if strings.HasSuffix(s, t) {
			return false
		}
	}
	return true
}

// fold turns full-width ASCII into ASCII, the ideographic space into a
// space, and letters into lower case: the forms a sheet mixes freely.
func fold(s string) string {
	if isFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\u3000':
			r = ' '
		case r >= 0xFF01 && r <= 0xFF5E && r != '（' && r != '）':
			r -= 0xFEE0
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// isFolded reports text fold would leave as it is.
func isFolded(s string) bool {
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r == '\u3000' || r >= 0xFF01 && r <= 0xFF5E || r >= 0x80 && unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// NameKey is a customer name with what people add around it removed: spaces
// and middle dots, parenthesised remarks ("王芳(老客户)", "王芳（老客户）"),
// and a form of address after a full name ("王芳女士") or before one
// ("Mr. Li"). Names with equal keys were probably typed for one person.
// A name that is nothing but a remark keeps the remark's text.
func NameKey(name string) string {
	if plain(name) {
		return name
	}
	s := fold(strings.TrimSpace(name))
	for _, p := range prefixTitles {
		if rest := strings.TrimSpace(strings.TrimPrefix(s, p)); rest != s && rest != "" {
			s = rest
			break
		}
	}
	outside := stripRemarks(s)
	if outside == "" {
		outside = s // only a remark: keep its words rather than nothing
	}
	key := squeeze(outside)
	for _, t := range titles {
		if rest, ok := strings.CutSuffix(key, t); ok && utf8.RuneCountInString(rest) >= 2 {
			key = rest
			break
		}
	}
	return key
}

// stripRemarks removes bracketed text (nested or not) and stray brackets.
func stripRemarks(s string) string {
	var b strings.Builder
	var open []rune
	for _, r := range s {
		if c, ok := closer(r); ok {
			open = append(open, c)
			continue
		}
		if len(open) > 0 && r == open[len(open)-1] {
			open = open[:len(open)-1]
			continue
		}
		if isClosing(r) {
			continue // a closing mark without its opening one
		}
		if len(open) == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// squeeze drops spaces, the marks between parts of a transcribed name
// (买买提·艾力) and brackets.
func squeeze(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || r == '·' || r == '•' || r == '・' || r == '.' {
			continue
		}
		if _, ok := closer(r); ok || isClosing(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// PhoneKey is a phone's digits without a +86 or 0086 prefix, so that
// "+86 138-0013-8000", "13800138000" and "010-12345678" / "01012345678"
// compare equal. Fewer than five digits is no phone ("").
func PhoneKey(phone string) string {
	var b strings.Builder
	for _, r := range phone {
		if r >= '０' && r <= '９' {
			r = r - '０' + '0'
		}
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0086") && len(d) > 4:
		d = d[4:]
	case strings.HasPrefix(d, "86") && len(d) == 13 && d[2] == '1':
		d = d[2:]
	}
	if len(d) < 5 {
		return ""
	}
	return d
}

// ContactKey is an email address or WeChat id folded for comparison:
// trimmed and in lower case.
func ContactKey(s string) string { return fold(strings.TrimSpace(s)) }

// CompanyKey is a company name folded for comparison: full-width letters
// and brackets as ASCII, lower case, no spaces.
func CompanyKey(s string) string {
	if isFolded(s) && !strings.ContainsFunc(s, func(r rune) bool { return r == '（' || r == '）' || unicode.IsSpace(r) }) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range fold(s) {
		switch {
		case r == '（':
			r = '('
		case r == '）':
			r = ')'
		case unicode.IsSpace(r):
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// similar reports whether two name keys of at least three runes each are
// one edit (a rune changed, added or removed) apart.
func similar(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < 3 || len(rb) < 3 || a == b {
		return false
	}
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		diff := 0
		for i := range ra {
			if ra[i] != rb[i] {
				diff++
			}
		}
		return diff == 1
	case 1:
		i := 0
		for i < len(rb) && ra[i] == rb[i] {
			i++
		}
		for ; i < len(rb); i++ {
			if ra[i+1] != rb[i] {
				return false
			}
		}
		return true
	}
	return false
}
