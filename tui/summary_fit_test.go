package tui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
)

// At 80 columns in English the segment table, whose longest name is wider
// than the screen leaves, cuts the name rather than the figures: the
// customers without a segment keep their spend and its share.
func TestSummarySegmentsFitEighty(t *testing.T) {
	st, _ := plantedTiers(t)
	m := newTestModel(t, st, i18n.EN, 80, 24)
	press(t, m, "t", "G")
	v := ansi.Strip(m.View())
	want := "No segment (no purchase… 2 40.0% █▋·· ¥0.00 0.0% ····"
	if !hasLine(v, want) {
		t.Errorf("no line %q:\n%s", want, v)
	}
	checkFrame(t, m.View(), 80, 24)
}
