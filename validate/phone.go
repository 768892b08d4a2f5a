package validate

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Phone checks and normalises a Chinese phone number. "" is allowed (optional field) and
// returns "", nil.
//
// A mobile (11 digits starting 13-19) is stored as the 11 digits; a +86, 0086 or 86 prefix,
// spaces, dashes, dots, parentheses and full-width digits and punctuation are accepted:
// "+86 138-1234-5678" -> "13812345678". A landline must carry its area code and is stored
// as AREA-NUMBER: "(010)12345678", "010 1234 5678", "+86 10 12345678" -> "010-12345678",
// "0755 1234567" -> "0755-1234567". The area code length follows the Chinese numbering
// plan (010 and 02X are three digits, every other code four); the number after it has 7-8
// digits. Anything else is refused with the reason.
func Phone(s string) (string, error) {
	t := clean(s)
	if t == "" {
		return "", nil
	}
	bad := func(key, detail string) (string, error) {
		return "", fail("phone", key, s, detail)
	}
	if utf8.RuneCountInString(t) > 40 {
		return bad("phone.invalid", "")
	}

	// Collect the digits, note a leading '+' and where the first digit group ends.
	var digits []byte
	intl := false
	firstGroup := -1
	depth := 0
	endGroup := func() {
		if firstGroup < 0 && len(digits) > 0 {
			firstGroup = len(digits)
		}
	}
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '+' && len(digits) == 0 && !intl:
			intl = true
		case r == '(':
			depth++
			if depth > 1 {
				return bad("phone.invalid", "")
			}
			endGroup()
		case r == ')':
			depth--
			if depth < 0 {
				return bad("phone.invalid", "")
			}
			endGroup()
		case r == '-' || r == '.' || r == ' ' || r == '/':
			endGroup()
		default:
			return bad("phone.chars", showRune(r))
		}
	}
	if depth != 0 || len(digits) == 0 {
		return bad("phone.invalid", "")
	}
	endGroup()
	d := string(digits)

	// Country code.
	cc := false
	switch {
	case intl:
		if len(d) < 2 || d[:2] != "86" {
			return bad("phone.country", "")
		}
		d, cc = d[2:], true
	case len(d) > 4 && d[:4] == "0086":
		d, cc = d[4:], true
	case len(d) > 2 && d[:2] == "00":
		return bad("phone.country", "")
	case firstGroup == 2 && len(d) > 2 && d[:2] == "86":
		d, cc = d[2:], true
	case len(d) == 13 && d[:3] == "861" && d[3] >= '3':
		d, cc = d[2:], true
	}
	if cc {
		// After +86 a landline is written without its trunk 0 (+86 10 12345678,
		// +86 755 1234567), though some write it anyway (+86 (0)10 ...).
		if d == "" {
			return bad("phone.invalid", "")
		}
		switch {
		case d[0] == '0':
		case d[0] == '1' && len(d) == 11 && d[1] >= '3':
		case d[0] == '1' && len(d) >= 2 && d[1] == '0':
			d = "0" + d
		case d[0] >= '2':
			d = "0" + d
		}
	}

	switch d[0] {
	case '1':
		if len(d) == 11 {
			if d[1] < '3' {
				return bad("phone.mobile_prefix", "")
			}
			return d, nil
		}
		if len(d) >= 2 && d[1] >= '3' && len(d) >= 9 && len(d) <= 13 {
			return bad("phone.mobile_length", strconv.Itoa(len(d)))
		}
		return bad("phone.invalid", "")
	case '0':
		if len(d) == 12 && d[1] == '1' && d[2] >= '3' {
			return d[1:], nil // a long-distance 0 dialled before a mobile
		}
		if len(d) < 3 {
			return bad("phone.invalid", "")
		}
		if d[1] == '0' {
			return bad("phone.country", "")
		}
		area := 4
		if d[1] == '1' || d[1] == '2' {
			area = 3
			if d[1] == '1' && d[2] != '0' {
				return bad("phone.area", d[:3])
			}
		}
		local := len(d) - area
		if local < 7 || local > 8 {
			if local <= 0 {
				return bad("phone.invalid", "")
			}
			return bad("phone.landline", strconv.Itoa(local))
		}
		return d[:area] + "-" + d[area:], nil
	default:
		if len(d) == 7 || len(d) == 8 {
			return bad("phone.area_missing", "")
		}
		return bad("phone.invalid", "")
	}
}

// showRune renders an offending character for a message: itself when printable,
// otherwise its code point.
func showRune(r rune) string {
	if unicode.IsPrint(r) {
		return string(r)
	}
	return fmt.Sprintf("U+%04X", r)
}
