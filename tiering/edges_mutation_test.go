package tiering

import (
	"strings"
	"testing"
)

// The rules' limits include their ends: a 32-character label and a 3650-day
// cadence are accepted, one more is refused; a control character is refused
// wherever it stands, first place included.
func TestRulesLimitsAtTheirEnds(t *testing.T) {
	cases := []struct {
		what string
		edit func(*Rules)
		ok   bool
	}{
		{"32-character label", func(r *Rules) { r.Labels["A"] = strings.Repeat("金", 32) }, true},
		{"33-character label", func(r *Rules) { r.Labels["A"] = strings.Repeat("金", 33) }, false},
		{"tab first in a label", func(r *Rules) { r.Labels["B"] = "\t银" }, false},
		{"newline last in a label", func(r *Rules) { r.Labels["B"] = "银\n" }, false},
		{"cadence 3650 days", func(r *Rules) { r.Cadence["C"] = 3650 }, true},
		{"cadence 3651 days", func(r *Rules) { r.Cadence["C"] = 3651 }, false},
		{"cadence 0 days", func(r *Rules) { r.Cadence["C"] = 0 }, true},
		{"cadence -1 days", func(r *Rules) { r.Cadence["C"] = -1 }, false},
	}
	for _, c := range cases {
		r := DefaultRules()
		c.edit(&r)
		if err := r.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: Validate() = %v, want ok %v", c.what, err, c.ok)
		}
	}
}

// A customer whose first purchase was 29 days ago is new; at 30 days it is
// not any more.
func TestNewStageEndsAtThirtyDays(t *testing.T) {
	for days, want := range map[int]string{29: StageNew, 30: StageActive} {
		in := Input{FirstPurchase: ago(days), LastPurchase: ago(days), Purchases: 1, Frequency: 1, Monetary: 10000}
		if got := Grade(in, Cuts{}, absRules(), testNow()).Stage; got != want {
			t.Errorf("first purchase %d days ago: stage %s, want %s", days, got, want)
		}
	}
}

// A purchase today is recent, not unknown: the customer stays active.
func TestPurchaseTodayIsActive(t *testing.T) {
	in := Input{FirstPurchase: ago(100), LastPurchase: ago(0), Purchases: 2, Frequency: 2, Monetary: 10000, MedianGapDays: 100}
	if got := Grade(in, Cuts{}, absRules(), testNow()).Stage; got != StageActive {
		t.Errorf("last purchase today: stage %s, want %s", got, StageActive)
	}
}
