package main

import (
	"regexp"
	"strings"
	"testing"
)

// The rough edges an owner coming from Excel hit in the table, tried on the
// built binary in tmux.

// Enter on a computed cell says it cannot be edited and holds the keys
// typed next: D does not delete the customer and G does not jump to the
// last row; Esc ends the hold and j moves again.
func TestTUIEnterOnComputedCellHoldsTypedKeys(t *testing.T) {
	l := newLedger(t)
	for _, name := range []string{"王芳", "李雷", "韩梅梅"} {
		l.ok("add", name)
	}
	tt := startTUI(t, l, 120, 30)
	tt.waitFor("row 1/3")
	tt.right(columnsTo(t, "grade"))
	tt.waitFor("Grade │")
	tt.keys("Enter")
	tt.waitFor("Grade is computed and cannot be edited — typing is ignored")
	tt.typeText("DG")
	// Had D or G acted, the count would be 2 or the cursor on row 3:
	// "row 2/3" cannot show on the way to either.
	tt.keys("Escape", "j")
	tt.waitFor("row 2/3")
	if n := l.countAll(); n != 3 {
		t.Fatalf("the D typed on a held computed cell deleted a customer: %d left", n)
	}
}

// Tab after naming a new customer saves them and lands on the phone, a
// column that takes typing, not the computed ID beside the name: Enter
// there edits the new customer's phone.
func TestTUITabAfterAddLandsOnAnEditableColumn(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	tt := startTUI(t, l, 120, 30)
	tt.waitFor("row 1/1")
	tt.keys("a")
	tt.waitFor("new customer")
	tt.typeText("李雷")
	tt.keys("Tab")
	tt.waitFor("added", "row 2/2", " Phone │")
	tt.keys("Enter", "C-u")
	tt.typeText("13900139000")
	tt.keys("Enter")
	tt.waitFor("saved")
	if got := l.field(2, "phone"); got != "13900139000" {
		t.Errorf("phone of the customer added with Tab: %q", got)
	}
}

// A next follow-up before today is drawn in colour in the table; one due
// today, a later one and the other dates are not.
func TestTUIOverdueFollowUpColoured(t *testing.T) {
	l := newLedger(t)
	l.env = withoutEnv(l.env, "NO_COLOR")
	before := l.withNow("2026-11-01 10:00:00")
	for name, next := range map[string]string{"王芳": "2026-11-20", "李雷": "2026-11-22", "韩梅梅": "2026-11-25"} {
		before.ok("add", name)
		before.ok("log", name, "--channel", "phone", "--next", next, "--at", "2026-11-01 09:00")
	}
	tt := startTUI(t, l, 200, 20)
	tt.waitFor("row 1/3", "2026-11-25")
	tt.keys("G") // the cursor off 王芳's row, whose cells are drawn highlighted
	tt.waitFor("row 3/3")
	screen := tt.tmux("capture-pane", "-e", "-p", "-t", tt.session)
	// The SGR sequences right before each date.
	for date, want := range map[string]bool{"2026-11-20": true, "2026-11-22": false, "2026-11-25": false, "2026-11-01": false} {
		m := regexp.MustCompile(`((?:\x1b\[[0-9;]*m)*)` + date).FindStringSubmatch(screen)
		if m == nil {
			t.Fatalf("%s not on screen:\n%s", date, tt.screen())
		}
		coloured := regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m`).MatchString(m[1])
		if coloured != want {
			t.Errorf("%s on 2026-11-22: coloured %v, want %v (sequences before it %q)", date, coloured, want, m[1])
		}
	}
}

// At 80 columns the footer cannot hold every key and ends with "…", and
// the header ends with "…" for the columns past the right edge; at 200
// both are whole and neither says more.
func TestTUIEightyColumnFooterSaysThereIsMore(t *testing.T) {
	l := demoLedger(t, 30)
	for _, lang := range []string{"en", "zh"} {
		narrow := startTUI(t, l, 80, 24, "--lang", lang)
		s := narrow.waitFor("1/30") // the status line's count: the rows and their widths are in
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		if foot := strings.TrimRight(lines[len(lines)-1], " "); !strings.HasSuffix(foot, " …") {
			t.Errorf("%s 80x24: footer %q does not end with …", lang, foot)
		}
		if head := strings.TrimRight(lines[0], " "); !strings.HasSuffix(head, "…") {
			t.Errorf("%s 80x24: header %q lacks the more-columns marker", lang, head)
		}
		narrow.quit()
	}
	wide := startTUI(t, l, 240, 24)
	s := wide.waitFor("row 1/30")
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if foot := strings.TrimRight(lines[len(lines)-1], " "); !strings.HasSuffix(foot, "q/ctrl+c quit") {
		t.Errorf("240x24: footer %q, want every key through q/ctrl+c quit", foot)
	}
}

// withoutEnv is env without the variable key.
func withoutEnv(env []string, key string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, key+"=") {
			out = append(out, e)
		}
	}
	return out
}
