package tui

import (
	"math"
	"strings"
)

// bar draws share (0..1) as a bar w cells wide, in eighths; the rest is
// dotted so the bar's length reads without colour.
func bar(share float64, w int) string {
	if w <= 0 {
		return ""
	}
	share = min(max(share, 0), 1)
	eighths := int(share*float64(w*8) + 0.5)
	full := eighths / 8
	out := strings.Repeat("█", full)
	if rem := eighths % 8; rem > 0 && full < w {
		out += string([]rune("▏▎▍▌▋▊▉")[rem-1])
		full++
	}
	return out + strings.Repeat("·", w-full)
}

// sparkLevels are the eighths of a cell a sparkline draws with.
var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// sparkline draws vals as one cell each, scaled to the largest: ▁ the
// lowest non-zero eighth, █ the largest, · nothing at all. Block characters
// carry it without colour.
func sparkline(vals []float64) string {
	top := 0.0
	for _, v := range vals {
		top = max(top, v)
	}
	var b strings.Builder
	for _, v := range vals {
		if v <= 0 || top <= 0 {
			b.WriteRune('·')
			continue
		}
		i := int(math.Ceil(v/top*8)) - 1
		b.WriteRune(sparkLevels[min(max(i, 0), 7)])
	}
	return b.String()
}
