package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The rules screen in the built binary: a graded column's threshold is
// changed, previewed, saved, then undone from the table, the grades checked
// with export at each step. Only potential weighs (no bonus for its stars),
// so each grade is worked out by hand: a score s from the thresholds is
// (s-1)/4 × 100 points, A from 80, B from 60, D for who never bought.
func TestTUIRulesScreenChangesAColumnThreshold(t *testing.T) {
	l := newLedger(t)
	for _, c := range []struct{ name, potential string }{{"王芳", "4"}, {"李雷", "3"}, {"张伟", "2"}, {"赵敏", "1"}} {
		l.ok("add", c.name, "--set", "potential="+c.potential)
		l.ok("buy", c.name, "--amount", "100", "--date", "2026-11-01")
	}
	l.ok("add", "陈静", "--set", "potential=5") // never bought: D whatever the rules
	rules := filepath.Join(t.TempDir(), "rules.toml")
	file := "potential_bonus = 0\n\n[weights]\nr = 0\nf = 0\nm = 0\n\n[[columns]]\ncolumn = 'potential'\nweight = 1\nmode = 'thresholds'\nthresholds = [1, 2, 3, 4]\n"
	if err := os.WriteFile(rules, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	l.ok("rules", "import", rules, "--apply")
	grades := func() string {
		return l.ok("export", "--columns", "name,grade", "--header", "keys")
	}
	// Thresholds 1, 2, 3, 4: stars 4 reach score 5 (100, A), 3 score 4
	// (75, B), 2 score 3 (50, C), 1 score 2 (25, C).
	before := "name,grade\r\n王芳,A\r\n李雷,B\r\n张伟,C\r\n赵敏,C\r\n陈静,D\r\n"
	if got := grades(); got != before {
		t.Fatalf("grades under the file's rules:\n%s", got)
	}

	tt := startTUI(t, l, 100, 30)
	tt.waitFor("row 1/5")
	tt.keys("R")
	tt.waitFor("Tiering rules", "Graded column 1", "Potential thresholds", "1, 2, 3, 4")
	// Window, R, F, M, bonus, lines A and B, loyalty, then the column's
	// picker, weight, mode and thresholds.
	for range 11 {
		tt.keys("Tab")
	}
	tt.waitFor("▸ Potential thresholds")
	tt.keys("C-a", "C-k")
	tt.typeText("2, 3, 4, 5")
	tt.keys("C-p")
	// Thresholds 2, 3, 4, 5: 王芳 scores 4 (75, B), 李雷 3 (50, C).
	tt.waitFor("Preview: 2 of 5 customers would change grade", "A→B 1  王芳", "B→C 1  李雷")
	if got := grades(); got != before {
		t.Fatalf("the preview changed grades:\n%s", got)
	}
	tt.keys("C-s")
	tt.waitFor("rules saved: 2 of 5 customers changed grade")
	after := "name,grade\r\n王芳,B\r\n李雷,C\r\n张伟,C\r\n赵敏,C\r\n陈静,D\r\n"
	if got := grades(); got != after {
		t.Errorf("grades after saving:\n%s", got)
	}
	if shown := l.ok("rules", "show"); !strings.Contains(shown, "thresholds = [2.0, 3.0, 4.0, 5.0]") {
		t.Errorf("rules after saving:\n%s", shown)
	}
	tt.keys("u")
	tt.waitFor("undone", "A 1 B 1 C 2 D 1")
	if got := grades(); got != before {
		t.Errorf("grades after undo:\n%s", got)
	}
	tt.quit()
}
