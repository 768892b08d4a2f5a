package main

import "testing"

// The duplicates screen in the real binary: M lists the planted pair, Enter
// opens the confirmation, Enter merges, and u on the table restores both.
func TestTUIDuplicatesMergeThenUndo(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13912345678")
	l.ok("add", "李雷", "--phone", "13800000001")
	l.ok("add", "王 芳", "--phone", "+86 139-1234-5678", "--email", "wf@example.com")
	tt := startTUI(t, l, 120, 30)
	tt.waitFor("row 1/3")
	tt.keys("M")
	tt.waitFor("Likely duplicates: 1", "#3", "王 芳", "same phone")
	tt.keys("Enter")
	tt.waitFor("Merge #3 王 芳 into #1 王芳", "wf@example.com")
	tt.keys("Enter")
	tt.waitFor("Merged #3 王 芳 into #1 王芳", "Likely duplicates: 0")
	if n := l.countAll(); n != 2 {
		t.Fatalf("after the merge the ledger has %d live customers, want 2", n)
	}
	if got := l.field(1, "email"); got != "wf@example.com" {
		t.Fatalf("survivor's email %q, want the merged row's wf@example.com", got)
	}
	tt.keys("Escape")
	tt.waitFor("/2")
	tt.keys("u")
	tt.waitFor("undone", "/3")
	if n := l.countAll(); n != 3 {
		t.Fatalf("after undo the ledger has %d live customers, want 3", n)
	}
	if got, email := l.name(3), l.field(1, "email"); got != "王 芳" || email != "" {
		t.Fatalf("after undo #3 is %q and #1's email %q; want 王 芳 and none", got, email)
	}
}
