package validate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Read-only patterns, matched after fold (so digits are ASCII and spaces are ' ').
var (
	reDateSep     = regexp.MustCompile(`^(\d{4}) ?([-/.]) ?(\d{1,2}) ?([-/.]) ?(\d{1,2})$`)
	reDateZh      = regexp.MustCompile(`^(\d{4}) *年 *(\d{1,2}) *月 *(\d{1,2}) *[日号]?$`)
	reDateCompact = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	reDateDMY     = regexp.MustCompile(`^\d{1,2} ?[-/.] ?\d{1,2} ?[-/.] ?\d{4}$`)

	reTimeColon = regexp.MustCompile(`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?$`)
	reTimeZh    = regexp.MustCompile(`(\d{1,2}) *[点时時] *(?:(\d{1,2}) *分 *(?:(\d{1,2}) *秒)?)?$`)
)

// Date checks a calendar date and returns it as ISO YYYY-MM-DD. "" is allowed (optional
// field) and returns "", nil. Accepted: 2026-11-22, 2026/11/22, 2026.11.22,
// 2026年11月22日 (日 or 号, or neither), 20261122, single-digit month and day (2026-1-5)
// and full-width digits. The date must exist (2026-02-30 is refused) and the year must be
// 1900-2200. Day-first shapes such as 22/11/2026 are refused as ambiguous.
func Date(s string) (string, error) {
	t := clean(s)
	if t == "" {
		return "", nil
	}
	y, m, d, err := parseDate(t, "date", s)
	if err != nil {
		return "", err
	}
	return isoDate(y, m, d), nil
}

// isoDate writes YYYY-MM-DD (y is 1900-2200 once parsed).
func isoDate(y, m, d int) string {
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b[:])
}

// DateTime checks a date with an optional time of day and returns "YYYY-MM-DD HH:MM"
// (24-hour clock; seconds are accepted and dropped). "" is allowed and returns "", nil.
// The date is any shape Date accepts; alone it means 00:00. The time follows after a
// space or a 'T' (or directly after 日/号): "2026-11-22 14:05", "2026-11-22T14:05:09",
// "2026年11月22日 14点05分". Time zones and am/pm are refused.
func DateTime(s string) (string, error) {
	t := clean(s)
	if t == "" {
		return "", nil
	}
	bad := func(key string) (string, error) { return "", fail("datetime", key, s, "") }
	if utf8.RuneCountInString(t) > 64 {
		return bad("datetime.invalid")
	}
	y, mo, d, derr := parseDate(t, "datetime", s)
	if derr == nil {
		return fmt.Sprintf("%04d-%02d-%02d 00:00", y, mo, d), nil
	}

	loc := reTimeColon.FindStringSubmatchIndex(t)
	if loc == nil {
		loc = reTimeZh.FindStringSubmatchIndex(t)
	}
	if loc == nil {
		if derr.Key != "date.invalid" {
			return "", derr
		}
		return bad("datetime.invalid")
	}
	datePart := t[:loc[0]]
	last, _ := utf8.DecodeLastRuneInString(datePart)
	switch last {
	case ' ', 'T', 't', '日', '号':
	default:
		return bad("datetime.invalid")
	}
	datePart = strings.TrimRight(datePart, " ")
	datePart = strings.TrimSuffix(strings.TrimSuffix(datePart, "T"), "t")
	datePart = strings.TrimRight(datePart, " ")
	if datePart == "" {
		return bad("datetime.invalid")
	}
	y, mo, d, derr = parseDate(datePart, "datetime", s)
	if derr != nil {
		if derr.Key == "date.invalid" {
			return bad("datetime.invalid")
		}
		return "", derr
	}

	group := func(i int) int {
		if loc[2*i] < 0 {
			return 0
		}
		n, _ := strconv.Atoi(t[loc[2*i]:loc[2*i+1]])
		return n
	}
	h, mi, sec := group(1), group(2), group(3)
	if h > 23 || mi > 59 || sec > 59 {
		return bad("datetime.time")
	}
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi), nil
}

// parseDate reads a folded, trimmed date; field and value label the error.
func parseDate(t, field, value string) (y, m, d int, err *Error) {
	bad := func(key, detail string) (int, int, int, *Error) {
		return 0, 0, 0, fail(field, key, value, detail)
	}
	if y, m, d, ok := numericDate(t); ok {
		return checkDate(y, m, d, bad)
	}
	var parts []string
	if p := reDateSep.FindStringSubmatch(t); p != nil && p[2] == p[4] {
		parts = []string{p[1], p[3], p[5]}
	} else if p := reDateZh.FindStringSubmatch(t); p != nil {
		parts = p[1:4]
	} else if p := reDateCompact.FindStringSubmatch(t); p != nil {
		parts = p[1:4]
	} else if reDateDMY.MatchString(t) {
		return bad("date.order", "")
	} else {
		return bad("date.invalid", "")
	}
	y, _ = strconv.Atoi(parts[0])
	m, _ = strconv.Atoi(parts[1])
	d, _ = strconv.Atoi(parts[2])
	return checkDate(y, m, d, bad)
}

// numericDate reads the commonest shapes, 2026-11-22, 2026/1/5 and
// 2026.11.22 (one separator, no spaces), without a regular expression;
// anything else is left to the patterns.
func numericDate(t string) (y, m, d int, ok bool) {
	if len(t) < 8 || len(t) > 10 {
		return 0, 0, 0, false
	}
	for i := 0; i < 4; i++ {
		if !isDigit(t[i]) {
			return 0, 0, 0, false
		}
		y = y*10 + int(t[i]-'0')
	}
	sep := t[4]
	if sep != '-' && sep != '/' && sep != '.' {
		return 0, 0, 0, false
	}
	num := func(s string) (int, string, bool) {
		n, i := 0, 0
		for ; i < len(s) && i < 2 && isDigit(s[i]); i++ {
			n = n*10 + int(s[i]-'0')
		}
		return n, s[i:], i > 0
	}
	m, rest, ok := num(t[5:])
	if !ok || len(rest) < 2 || rest[0] != sep {
		return 0, 0, 0, false
	}
	d, rest, ok = num(rest[1:])
	if !ok || rest != "" {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// checkDate refuses a year, month or day that does not exist.
func checkDate(y, m, d int, bad func(key, detail string) (int, int, int, *Error)) (int, int, int, *Error) {
	if y < 1900 || y > 2200 {
		return bad("date.year", "")
	}
	if m < 1 || m > 12 {
		return bad("date.month", "")
	}
	if dim := daysIn(y, m); d < 1 || d > dim {
		return bad("date.day", strconv.Itoa(dim))
	}
	return y, m, d, nil
}

// daysIn is the number of days in month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
