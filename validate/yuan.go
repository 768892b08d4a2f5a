package validate

import (
	"math"
	"strconv"
	"strings"
)

// FormatYuan renders fen the way a person reads money everywhere in kehu:
// a yuan sign, thousands separators and two decimals (123456789 ->
// "¥1,234,567.89", -1200 -> "-¥12.00"). Files written for other programs
// (CSV, XLSX) keep FormatMoney's plain numbers instead.
func FormatYuan(fen int64) string {
	u := uint64(fen)
	if fen < 0 {
		u = -u
	}
	var b strings.Builder
	if fen < 0 {
		b.WriteByte('-')
	}
	b.WriteString("¥")
	writeGrouped(&b, strconv.FormatUint(u/100, 10))
	c := u % 100
	b.WriteByte('.')
	b.WriteByte(byte('0' + c/10))
	b.WriteByte(byte('0' + c%10))
	return b.String()
}

// FormatYuanFloat is FormatYuan for an amount in yuan that need not be whole
// fen (an average, a cut point), rounded to the fen; an amount too large for
// int64 fen keeps six significant digits.
func FormatYuanFloat(yuan float64) string {
	f := math.Round(yuan * 100)
	if !(math.Abs(f) < 1<<62) {
		return "¥" + strconv.FormatFloat(yuan, 'g', 6, 64)
	}
	return FormatYuan(int64(f))
}

// FormatYuanFit is FormatYuan when that fits in width columns, else the
// amount in 万 (ten thousands) or 亿 (hundred millions) with one decimal,
// the way a shop owner abbreviates: 429911350 fen -> "429.9万" at width 8.
// An amount under 万, or that fits no shorter form, is returned in full for
// the caller to clip.
func FormatYuanFit(fen int64, width int) string {
	full := FormatYuan(fen)
	if DisplayWidth(full) <= width {
		return full
	}
	yuan := float64(fen) / 100
	div, unit := 1e8, "亿"
	switch {
	case math.Abs(yuan) < 1e4:
		return full // it would round to nothing in 万
	case math.Abs(yuan) < 1e8:
		div, unit = 1e4, "万"
	}
	s := strings.TrimSuffix(strconv.FormatFloat(yuan/div, 'f', 1, 64), ".0") + unit
	if DisplayWidth(s) <= width {
		return s
	}
	return full
}

// writeGrouped writes a run of decimal digits with a comma between each
// group of three from the right.
func writeGrouped(b *strings.Builder, digits string) {
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(digits[i])
	}
}
