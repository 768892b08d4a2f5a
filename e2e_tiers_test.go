package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Drill-down in the built binary: the tier summary's migration cell A→B
// (王芳, pinned A in September and B from 10-20 by an import) opens the
// table on her alone with the filter on the status line; Esc comes back to
// the summary as it was, Esc again to the whole table; a product's row
// opens its buyers.
func TestTUITierSummaryDrillDown(t *testing.T) {
	l := newLedger(t)
	sep := l.withNow("2026-09-10 10:00:00")
	sep.ok("add", "王芳", "--phone", "13800138000", "--set", "pinned=A")
	sep.ok("buy", "王芳", "--amount", "300", "--product", "龙井", "--date", "2026-09-10")
	sep.ok("add", "李雷", "--phone", "13900139000", "--set", "pinned=B")
	sep.ok("buy", "李雷", "--amount", "80", "--product", "普洱", "--date", "2026-09-10")
	sheet := filepath.Join(t.TempDir(), "pins.csv")
	if err := os.WriteFile(sheet, []byte("name,phone,指定等级\n王芳,13800138000,B\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l.withNow("2026-10-20 10:00:00").ok("import", sheet)

	tt := startTUI(t, l, 100, 30)
	tt.waitFor("row 1/2")
	tt.keys("t")
	tt.waitFor("[1 Overview]", "By grade")
	tt.keys("3")
	tt.waitFor("Migration 2025-11-30 → 2026-11-22")
	// The matrix's start, from November 2025 to September 2026.
	for range 10 {
		tt.keys("}")
	}
	tt.waitFor("Migration 2026-09-30 → 2026-11-22")
	// Past the month's four grade rows to the matrix's row A, then to B.
	tt.keys("Down", "Down", "Down", "Down", "Right")
	tt.waitFor("[1 100.0%]")
	tt.keys("Enter")
	s := tt.waitFor("grade@2026-09=A grade@2026-11=B", "row 1/1", "王芳")
	if strings.Contains(s, "李雷") {
		t.Errorf("the cell A→B shows 李雷 too:\n%s", s)
	}
	tt.keys("Escape")
	tt.waitFor("Migration 2026-09-30 → 2026-11-22", "[1 100.0%]")
	tt.keys("Escape")
	s = tt.waitFor("row 1/2", "李雷")
	if strings.Contains(s, "grade@") {
		t.Errorf("the drill-down's filter stayed after Esc:\n%s", s)
	}
	tt.keys("t", "4")
	tt.waitFor("Products 2026-11-22", "龙井", "普洱")
	tt.keys("Down", "Enter")
	s = tt.waitFor("bought=普洱", "row 1/1", "李雷")
	if strings.Contains(s, "王芳") {
		t.Errorf("普洱's buyers show 王芳:\n%s", s)
	}
	tt.quit()
}

// Drill-down on the overview's recent moves in the built binary: an
// import on 11-10 moves 王芳 and 张伟 from A to B and 刘洋 from C to D;
// Enter on A→B 2 opens the table on those two alone, with the filter on
// the status line, and Esc comes back to the overview on the move.
func TestTUITierSummaryDrillDownRecentMove(t *testing.T) {
	l := newLedger(t)
	oct := l.withNow("2026-10-01 10:00:00")
	oct.ok("add", "王芳", "--phone", "13800138000", "--set", "pinned=A")
	oct.ok("add", "张伟", "--phone", "13700137000", "--set", "pinned=A")
	oct.ok("add", "李雷", "--phone", "13900139000", "--set", "pinned=B")
	oct.ok("add", "刘洋", "--phone", "13600136000", "--set", "pinned=C")
	sheet := filepath.Join(t.TempDir(), "pins.csv")
	if err := os.WriteFile(sheet, []byte("name,phone,指定等级\n王芳,13800138000,B\n张伟,13700137000,B\n刘洋,13600136000,D\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l.withNow("2026-11-10 10:00:00").ok("import", sheet)

	tt := startTUI(t, l, 100, 30)
	tt.waitFor("row 1/4")
	tt.keys("t")
	tt.waitFor("[1 Overview]", "Grade movements, last 30 days: 0 up, 3 down", "A→B  2")
	// The last row that opens customers is the move C→D; A→B is above it.
	tt.keys("G")
	tt.waitFor("▸ C→D  1")
	tt.keys("Up")
	tt.waitFor("▸ A→B  2")
	tt.keys("Enter")
	s := tt.waitFor("moved=A→B", "row 1/2", "王芳", "张伟")
	if strings.Contains(s, "李雷") || strings.Contains(s, "刘洋") {
		t.Errorf("the move A→B shows customers who did not make it:\n%s", s)
	}
	tt.keys("Escape")
	tt.waitFor("[1 Overview]", "▸ A→B  2")
	tt.keys("Escape")
	s = tt.waitFor("row 1/4", "刘洋")
	if strings.Contains(s, "moved=") {
		t.Errorf("the drill-down's filter stayed after Esc:\n%s", s)
	}
	tt.quit()
}
