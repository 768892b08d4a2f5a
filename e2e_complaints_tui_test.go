package main

import (
	"encoding/json"
	"testing"
)

// A complaint logged with the CLI is resolved from the table's complaints
// list (C, x, a note, Enter); the table's u opens it again.
func TestTUIComplaintResolvedFromTheList(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	l.ok("add", "李雷", "--phone", "13900139000")
	l.ok("log", "李雷", "--channel", "phone", "--kind", "complaint", "--note", "送货晚了", "--at", "2026-11-20 09:00")
	openComplaints := func() []struct{ ID int64 } {
		var open []struct{ ID int64 }
		if err := json.Unmarshal([]byte(l.ok("complaints", "--open", "--json")), &open); err != nil {
			t.Fatal(err)
		}
		return open
	}
	if n := len(openComplaints()); n != 1 {
		t.Fatalf("%d open complaints after logging one", n)
	}

	tt := startTUI(t, l, 100, 30)
	tt.waitFor("row 1/2")
	tt.keys("C")
	tt.waitFor("1 complaints, 1 open", "李雷", "送货晚了")
	tt.keys("x")
	tt.waitFor("Resolve #1 of 李雷")
	tt.typeText("refunded the fee")
	tt.keys("Enter")
	tt.waitFor("1 complaints, 0 open", "refunded the fee")
	if open := openComplaints(); len(open) != 0 {
		t.Fatalf("open complaints after resolving in the list: %+v", open)
	}

	tt.keys("Escape")
	tt.waitFor("row ")
	tt.keys("u")
	l.eventually("u opens the complaint again", func() bool { return len(openComplaints()) == 1 })
}
