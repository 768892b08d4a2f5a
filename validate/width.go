package validate

import "unicode"

// DisplayWidth is how many terminal cells s takes: a Chinese character or a
// full-width form is two, anything else one. Plain-text tables align their
// columns with it.
func DisplayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || r >= 0xFF00 && r <= 0xFF60 || r >= 0x3000 && r <= 0x303F) {
			w += 2
		} else {
			w++
		}
	}
	return w
}
