package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// :import tells its counts and where the rejects went in the words kehu
// import prints, and :regrade its first line.
func TestCommandLineTellsWhatTheCLIPrints(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 30)
	dir := t.TempDir()
	src := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(src, []byte("客户名称,联系方式\n周杰,13700000001\n吴敏,12\n黄磊,13700000003\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	command(t, m, "import "+src)
	want := "3 rows: 2 added, 0 updated, 0 unchanged, 1 rejected · rejected rows written to " + src + ".rejects.csv"
	if m.status.text != want || !m.status.warn {
		t.Errorf("after :import the status is %q (warn %v), want %q as a warning", m.status.text, m.status.warn, want)
	}
	command(t, m, "regrade")
	// (the eight customers of the shop and the two imported)
	if !strings.Contains(m.status.text, "regraded as of 2026-03-15: 10 customers, 0 grade moves") {
		t.Errorf("after :regrade the status is %q", m.status.text)
	}
}
