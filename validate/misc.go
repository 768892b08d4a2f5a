package validate

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameLen is the longest name accepted, in characters.
const maxNameLen = 100

// Count parses a non-negative whole number of things: "12", "12次", "12 times",
// "1 time", "12个", "12件", "1,200", full-width digits; "12.0" is taken as 12. Negatives,
// fractions and counts above 2147483647 are refused; "" is refused with key "count.empty".
func Count(s string) (int, error) {
	bad := func(key string) (int, error) { return 0, fail("count", key, s, "") }
	t := clean(s)
	if t == "" {
		return bad("count.empty")
	}
	if utf8.RuneCountInString(t) > 64 {
		return bad("count.invalid")
	}
	l := strings.ToLower(t)
	for _, suf := range []string{"times", "time", "次", "个", "個", "件"} {
		if strings.HasSuffix(l, suf) {
			l = strings.TrimRight(strings.TrimSuffix(l, suf), " ")
			break
		}
	}
	neg := false
	if l != "" && (l[0] == '-' || l[0] == '+') {
		neg = l[0] == '-'
		l = l[1:]
	}
	intPart, frac, hasDot := strings.Cut(l, ".")
	if intPart == "" || !allDigits(frac) || (hasDot && frac == "") {
		return bad("count.invalid")
	}
	digits, ok := ungroup(intPart)
	if !ok {
		return bad("count.invalid")
	}
	if strings.TrimRight(frac, "0") != "" {
		return bad("count.integer")
	}
	n, ok := digitsToUint(digits)
	if !ok || n > math.MaxInt32 {
		return bad("count.range")
	}
	if neg && n != 0 {
		return bad("count.negative")
	}
	return int(n), nil
}

// Name checks a required name: surrounding spaces (ASCII or full-width) are trimmed, ""
// is refused with key "name.required", text Text refuses for an Identity (control
// characters such as tabs and line breaks, direction overrides, invalid UTF-8) is refused,
// and so is anything longer than 100 characters. The text is otherwise kept exactly as typed.
func Name(s string) (string, error) {
	t := strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == 0xFEFF || r == 0x200B
	})
	if t == "" {
		return "", fail("name", "name.required", s, "")
	}
	if err := Text("name", t, Identity); err != nil {
		return "", err
	}
	if utf8.RuneCountInString(t) > maxNameLen {
		return "", fail("name", "name.long", s, strconv.Itoa(maxNameLen))
	}
	return t, nil
}

// Potential parses the owner's 0-5 star rating: "3", "3星", "3颗星", "3 stars", "三星",
// "★★★", "★★★☆☆" (3), "***". "" means no rating and returns 0, nil.
func Potential(s string) (int, error) {
	bad := func(key string) (int, error) { return 0, fail("potential", key, s, "") }
	t := clean(s)
	if t == "" {
		return 0, nil
	}
	if utf8.RuneCountInString(t) > 32 {
		return bad("potential.invalid")
	}
	l := strings.ToLower(t)
	for _, suf := range []string{"颗星", "顆星", "stars", "star", "星"} {
		if strings.HasSuffix(l, suf) {
			l = strings.TrimRight(strings.TrimSuffix(l, suf), " ")
			break
		}
	}
	if l == "" {
		return bad("potential.invalid")
	}
	// Stars: filled ones count, hollow ones do not.
	stars, isStars := 0, true
	for _, r := range l {
		switch r {
		case '★', '*', '⭐', '✭', '✮', '✯':
			stars++
		case '☆', '✩', ' ':
		default:
			isStars = false
		}
	}
	if isStars {
		if stars > 5 {
			return bad("potential.range")
		}
		return stars, nil
	}
	if n, ok := zhDigit[l]; ok {
		return n, nil
	}
	if l[0] == '-' && len(l) > 1 && allDigits(l[1:]) {
		return bad("potential.range")
	}
	if l[0] == '+' {
		l = l[1:]
	}
	if l == "" || !allDigits(l) {
		return bad("potential.invalid")
	}
	if len(l) > 2 {
		return bad("potential.range")
	}
	n, _ := strconv.Atoi(l)
	if n > 5 {
		return bad("potential.range")
	}
	return n, nil
}

// zhDigit reads the Chinese numerals a star rating can be written with.
var zhDigit = map[string]int{
	"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
}

// yesNo is every accepted spelling of yes and no, lower-cased.
var yesNo = map[string]bool{
	"yes": true, "y": true, "true": true, "t": true, "1": true, "on": true,
	"是": true, "对": true, "對": true, "有": true, "√": true, "✓": true, "✔": true,
	"no": false, "n": false, "false": false, "f": false, "0": false, "off": false,
	"否": false, "错": false, "錯": false, "不是": false, "没有": false, "×": false, "✗": false, "✘": false,
}

// YesNo parses a yes/no answer: yes/no, y/n, true/false, t/f, on/off, 1/0 (any case),
// 是/否, 对/错, 有/没有, √/×. "" is refused with key "yesno.empty".
func YesNo(s string) (bool, error) {
	t := strings.ToLower(clean(s))
	if t == "" {
		return false, fail("yesno", "yesno.empty", s, "")
	}
	v, ok := yesNo[t]
	if !ok {
		return false, fail("yesno", "yesno.invalid", s, "")
	}
	return v, nil
}

// Number parses a plain decimal number such as "1234.5", "-3", "1,234.5", ".5" or with
// full-width digits. Exponents, percentages and currency symbols are refused (use Money
// for amounts); thousands commas must sit every 3 digits. "" is refused with key
// "number.empty".
func Number(s string) (float64, error) {
	bad := func(key string) (float64, error) { return 0, fail("number", key, s, "") }
	t := clean(s)
	if t == "" {
		return bad("number.empty")
	}
	if utf8.RuneCountInString(t) > 64 {
		return bad("number.invalid")
	}
	sign := ""
	if t[0] == '-' || t[0] == '+' {
		if t[0] == '-' {
			sign = "-"
		}
		t = strings.TrimLeft(t[1:], " ")
	}
	intPart, frac, hasDot := strings.Cut(t, ".")
	if (intPart == "" && frac == "") || !allDigits(frac) {
		return bad("number.invalid")
	}
	for i := 0; i < len(intPart); i++ {
		if !isDigit(intPart[i]) && intPart[i] != ',' {
			return bad("number.invalid")
		}
	}
	digits, ok := ungroup(intPart)
	if !ok {
		return bad("number.comma")
	}
	if digits == "" {
		digits = "0"
	}
	num := sign + digits
	if hasDot && frac != "" {
		num += "." + frac
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return bad("number.range")
	}
	if f == 0 {
		f = 0 // no negative zero
	}
	return f, nil
}
