package tui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// TestExportMessageNamesAbsolutePath: `x` with a bare file name says the
// absolute path of the file it wrote.
func TestExportMessageNamesAbsolutePath(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	dir := t.TempDir()
	t.Chdir(dir)
	m := newTestModel(t, st, i18n.EN, 200, 30)
	press(t, m, "x")
	clearInput(t, m)
	typeText(t, m, "shop.csv")
	press(t, m, "enter")
	want := "to " + filepath.Join(dir, "shop.csv")
	if m.status.err || !strings.Contains(m.status.text, want) {
		t.Errorf("status %q, want it to contain %q", m.status.text, want)
	}
}
