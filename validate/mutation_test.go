package validate

import (
	"errors"
	"testing"
)

// errKey is the message key of a validation failure, "" when s passed.
func phoneKey(t *testing.T, s string) (string, string) {
	t.Helper()
	got, err := Phone(s)
	if err == nil {
		return got, ""
	}
	var ve *Error
	if !errors.As(err, &ve) {
		t.Fatalf("Phone(%q): %v is not a *Error", s, err)
	}
	return got, ve.Key
}

// The phone rules at their edges, each with the exact outcome: the stored
// form, or which message explains the refusal.
func TestPhoneEdges(t *testing.T) {
	cases := []struct {
		in, want, key string
	}{
		{"0086", "", "phone.country"},               // too short to hold a number after 0086: the 00 prefix is refused
		{"00", "", "phone.invalid"},                 // nothing after the 00
		{"0086 139 1234 5678", "13912345678", ""},   // 0086 then a mobile
		{"+86 21 6123 4567", "021-61234567", ""},    // after +86 a landline is written without its 0
		{"+86 20 8123 4567", "020-81234567", ""},    // area 2x: Guangzhou
		{"+86 10 1234 56789", "", "phone.landline"}, // 010 then nine digits: a landline too long, not a mobile
		{"+86 139 1234 5678", "13912345678", ""},
		{"+86 (0)10 1234 5678", "010-12345678", ""},
	}
	for _, c := range cases {
		got, key := phoneKey(t, c.in)
		if got != c.want || key != c.key {
			t.Errorf("Phone(%q) = %q, %q; want %q, %q", c.in, got, key, c.want, c.key)
		}
	}
}

// fold's ranges include both ends: full-width ! and ~, and the dashes
// U+2010 and U+2015.
func TestFoldRangeEnds(t *testing.T) {
	for in, want := range map[string]string{
		"！":      "!",
		"～":      "~",
		"\uff00": "\uff00", // just below the full-width range
		"｟":      "｟",      // U+FF5F, just above it
		"‐":      "-",      // U+2010
		"―":      "-",      // U+2015
		"‖":      "‖",      // U+2016
		"\u200f": "\u200f",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
