package validate

import (
	"math"
	"strings"
	"testing"
)

func TestFormatYuan(t *testing.T) {
	for _, tc := range []struct {
		fen  int64
		want string
	}{
		{0, "¥0.00"},
		{5, "¥0.05"},
		{128000, "¥1,280.00"},
		{429911350, "¥4,299,113.50"},
		{1620697600, "¥16,206,976.00"},
		{99999, "¥999.99"},
		{100000, "¥1,000.00"},
		{-5, "-¥0.05"},
		{-1200, "-¥12.00"},
		{-123456789, "-¥1,234,567.89"},
		{-9223372036854775808, "-¥92,233,720,368,547,758.08"},
	} {
		if got := FormatYuan(tc.fen); got != tc.want {
			t.Errorf("FormatYuan(%d) = %q, want %q", tc.fen, got, tc.want)
		}
	}
}

func TestFormatYuanFloat(t *testing.T) {
	if got := FormatYuanFloat(5500.006); got != "¥5,500.01" {
		t.Errorf("FormatYuanFloat(5500.006) = %q", got)
	}
	if got := FormatYuanFloat(math.MaxFloat64); !strings.HasPrefix(got, "¥1.79769e+308") {
		t.Errorf("FormatYuanFloat(max) = %q", got)
	}
	if got := FormatYuanFloat(1e300); got != "¥1e+300" {
		t.Errorf("FormatYuanFloat(1e300) = %q", got)
	}
}

func TestFormatYuanFit(t *testing.T) {
	for _, tc := range []struct {
		fen   int64
		width int
		want  string
	}{
		{429911350, 13, "¥4,299,113.50"},
		{429911350, 12, "429.9万"},
		{429911350, 7, "429.9万"},
		{128000, 9, "¥1,280.00"},
		{128000, 8, "¥1,280.00"}, // under 万: never abbreviated to 0.1万
		{1000000000000, 6, "100亿"},
		{1234567890000, 9, "123.5亿"},
		{1234567890000, 10, "123.5亿"},
		{12345678900, 9, "1.2亿"},
		{-429911350, 8, "-429.9万"},
		{429911350, 3, "¥4,299,113.50"}, // nothing shorter fits: the caller clips
	} {
		if got := FormatYuanFit(tc.fen, tc.width); got != tc.want {
			t.Errorf("FormatYuanFit(%d, %d) = %q, want %q", tc.fen, tc.width, got, tc.want)
		}
	}
}
