package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Email checks one email address and lowercases its domain; the part before @ is kept
// as typed. "" is allowed (optional field) and returns "", nil. Full-width characters
// and the Chinese full stop "。" typed by an input method are folded ("name＠qq。com" ->
// "name@qq.com"). Lists (commas, semicolons, several addresses), spaces and display
// names ("Zhang <z@example.com>") are refused.
func Email(s string) (string, error) {
	t := strings.ReplaceAll(clean(s), "。", ".")
	if t == "" {
		return "", nil
	}
	bad := func(key string) (string, error) { return "", fail("email", key, s, "") }
	if len(t) > 254 {
		return bad("email.invalid")
	}
	ats := strings.Count(t, "@")
	if strings.ContainsAny(t, ",;") || (ats > 1 && strings.Contains(t, " ")) {
		return bad("email.list")
	}
	if strings.ContainsAny(t, "<>\"") {
		return bad("email.invalid")
	}
	if strings.Contains(t, " ") {
		return bad("email.space")
	}
	if ats != 1 {
		return bad("email.at")
	}
	local, domain, _ := strings.Cut(t, "@")
	if !validLocal(local) {
		return bad("email.local")
	}
	domain = strings.ToLower(domain)
	if !validDomain(domain) {
		return bad("email.domain")
	}
	return local + "@" + domain, nil
}

// validLocal checks the part before @ (dot-atom form; letters may be any script).
func validLocal(l string) bool {
	if l == "" || len(l) > 64 || l[0] == '.' || l[len(l)-1] == '.' || strings.Contains(l, "..") {
		return false
	}
	for _, r := range l {
		if r < utf8.RuneSelf {
			if isAlnumASCII(r) || strings.ContainsRune("!#$%&'*+/=?^_`{|}~.-", r) {
				continue
			}
			return false
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// validDomain checks a lowercased domain: at least two dot-separated labels of letters,
// digits and inner hyphens, and a top-level label of at least two characters that is not
// all digits.
func validDomain(d string) bool {
	if d == "" || len(d) > 253 {
		return false
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, lb := range labels {
		if lb == "" || len(lb) > 63 || lb[0] == '-' || lb[len(lb)-1] == '-' {
			return false
		}
		for _, r := range lb {
			if r == '-' || (r < utf8.RuneSelf && isAlnumASCII(r)) {
				continue
			}
			if r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				continue
			}
			return false
		}
	}
	tld := labels[len(labels)-1]
	return utf8.RuneCountInString(tld) >= 2 && !allDigits(tld)
}

func isAlnumASCII(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}
