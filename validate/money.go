package validate

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxMoneyLen bounds the input Money will look at (runes, after trimming).
const maxMoneyLen = 64

// Money parses an amount of money and returns it in fen (1/100 yuan), using integer
// arithmetic only. Accepted: 1234.5, 1,234.50, ¥1234, ￥1234, ¥ 1,234, 1234元, 12块,
// RMB 12, 12 CNY, 1.2万 (= 12000.00 yuan), 1.2万元, full-width digits, and a leading
// minus for a refund (-12.5, -¥12, ¥-12). At most 2 decimals: more is refused, never
// rounded; with 万 the amount in yuan after ×10000 must have at most 2 decimals (1.23456万
// = 12345.60 is fine, 1.2345678万 is refused). Thousands commas must sit every 3 digits.
// Amounts outside int64 fen are refused. "" is refused with key "money.empty": callers
// decide whether an empty amount is allowed.
func Money(s string) (int64, error) {
	bad := func(key, detail string) (int64, error) { return 0, fail("money", key, s, detail) }
	t := clean(s)
	if t == "" {
		return bad("money.empty", "")
	}
	if utf8.RuneCountInString(t) > maxMoneyLen {
		return bad("money.invalid", "")
	}

	// Prefixes: one sign and one currency marker, in either order.
	neg, sawSign, sawCur := false, false, false
prefix:
	for {
		t = strings.TrimLeft(t, " ")
		switch {
		case !sawSign && (strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+")):
			neg, sawSign = t[0] == '-', true
			t = t[1:]
		case !sawCur && strings.HasPrefix(t, "¥"):
			sawCur = true
			t = t[len("¥"):]
		case !sawCur && hasPrefixFold(t, "RMB"), !sawCur && hasPrefixFold(t, "CNY"):
			sawCur = true
			t = t[3:]
		default:
			break prefix
		}
	}

	// Suffixes: [万] then one of 元/块 or RMB/CNY.
	t = strings.TrimRight(t, " ")
	switch {
	case strings.HasSuffix(t, "元"):
		t = strings.TrimSuffix(t, "元")
	case strings.HasSuffix(t, "块"):
		t = strings.TrimSuffix(t, "块")
	case !sawCur && (hasSuffixFold(t, "RMB") || hasSuffixFold(t, "CNY")):
		t = t[:len(t)-3]
	}
	t = strings.TrimRight(t, " ")
	wan := strings.HasSuffix(t, "万")
	if wan {
		t = strings.TrimRight(strings.TrimSuffix(t, "万"), " ")
	}

	// The number itself: digits, thousands commas, one decimal point.
	for i := 0; i < len(t); i++ {
		if c := t[i]; !isDigit(c) && c != ',' && c != '.' {
			return bad("money.invalid", "")
		}
	}
	intPart, frac, _ := strings.Cut(t, ".")
	if strings.Contains(frac, ".") || (intPart == "" && frac == "") {
		return bad("money.invalid", "")
	}
	if strings.Contains(frac, ",") {
		return bad("money.comma", "")
	}
	intDigits, ok := ungroup(intPart)
	if !ok {
		return bad("money.comma", "")
	}

	// Scale to fen: plain amounts have at most 2 typed decimals; with 万 the fraction is
	// in units of 10000 yuan, so up to 6 significant decimals stay within fen.
	scale := uint64(100)
	places := 2
	if wan {
		frac = strings.TrimRight(frac, "0")
		scale, places = 1000000, 6
		if len(frac) > places {
			return bad("money.decimals", strconv.Itoa(len(frac)-4))
		}
	} else if len(frac) > places {
		return bad("money.decimals", strconv.Itoa(len(frac)))
	}
	frac += strings.Repeat("0", places-len(frac))

	limit := uint64(1<<63 - 1)
	if neg {
		limit++
	}
	whole, ok := digitsToUint(intDigits)
	if !ok || whole > limit/scale {
		return bad("money.range", "")
	}
	part, _ := digitsToUint(frac) // at most 6 digits
	mag := whole*scale + part
	if mag < whole*scale || mag > limit {
		return bad("money.range", "")
	}
	if !neg {
		return int64(mag), nil
	}
	return int64(-mag), nil // two's complement: also right for 1<<63
}

// FormatMoney renders fen as a plain yuan decimal with exactly two places and no
// thousands separators, as stored in CSV: 123450 -> "1234.50", -5 -> "-0.05", 0 -> "0.00".
// Money(FormatMoney(v)) == v for every int64.
func FormatMoney(fen int64) string {
	u := uint64(fen)
	sign := ""
	if fen < 0 {
		u = -u
		sign = "-"
	}
	c := u % 100
	return sign + strconv.FormatUint(u/100, 10) + "." + string([]byte{byte('0' + c/10), byte('0' + c%10)})
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case; p must be upper-case ASCII.
func hasPrefixFold(s, p string) bool {
	return len(s) >= len(p) && upperASCII(s[:len(p)]) == p
}

// hasSuffixFold is strings.HasSuffix ignoring ASCII case; p must be upper-case ASCII.
func hasSuffixFold(s, p string) bool {
	return len(s) >= len(p) && upperASCII(s[len(s)-len(p):]) == p
}

// upperASCII upper-cases ASCII letters only, byte by byte.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
