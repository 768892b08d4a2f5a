package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// tmuxSeq numbers tmux servers so one test can run several tables.
var tmuxSeq atomic.Int64

// tmuxTUI runs the built kehu binary in a detached tmux session on its own
// server socket, so tests never touch a user's tmux.
type tmuxTUI struct {
	t       *testing.T
	socket  string
	session string
}

// startTUI opens the table on l's ledger in a w×h tmux window.
func startTUI(t *testing.T, l *ledger, w, h int, args ...string) *tmuxTUI {
	t.Helper()
	return startTUIProgram(t, l, w, h, kehuBin, args...)
}

// startTUIProgram runs program (kehu, or a script calling it) with l's
// environment in a w×h tmux window.
func startTUIProgram(t *testing.T, l *ledger, w, h int, program string, args ...string) *tmuxTUI {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is required in CI (.ci/run installs it)")
		}
		t.Skip("tmux not installed")
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	tt := &tmuxTUI{t: t, socket: fmt.Sprintf("kehu-test-%d-%s-%d", os.Getpid(), name, tmuxSeq.Add(1)), session: "kehu"}
	cmdline := "exec env"
	for _, e := range l.env {
		cmdline += " " + shellQuote(e)
	}
	cmdline += " TERM=xterm-256color " + shellQuote(program)
	for _, a := range args {
		cmdline += " " + shellQuote(a)
	}
	tt.tmux("new-session", "-d", "-s", tt.session, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmdline)
	t.Cleanup(func() { exec.Command("tmux", "-L", tt.socket, "kill-server").Run() })
	return tt
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (tt *tmuxTUI) tmux(args ...string) string {
	tt.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tt.socket}, args...)...).CombinedOutput()
	if err != nil {
		tt.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// keys sends tmux key names (Enter, Escape, Tab, C-s, Down…) one by one.
func (tt *tmuxTUI) keys(keys ...string) {
	tt.t.Helper()
	for _, k := range keys {
		tt.tmux("send-keys", "-t", tt.session, k)
		time.Sleep(40 * time.Millisecond)
	}
}

// typeText types literal text (Chinese included).
func (tt *tmuxTUI) typeText(s string) {
	tt.t.Helper()
	tt.tmux("send-keys", "-t", tt.session, "-l", s)
	time.Sleep(60 * time.Millisecond)
}

// screen returns what the pane shows now.
func (tt *tmuxTUI) screen() string {
	tt.t.Helper()
	return tt.tmux("capture-pane", "-p", "-t", tt.session)
}

// waitFor waits until the screen contains every part, and returns it.
func (tt *tmuxTUI) waitFor(parts ...string) string {
	tt.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tt.screen()
		all := true
		for _, p := range parts {
			if !strings.Contains(s, p) {
				all = false
				break
			}
		}
		if all {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	tt.t.Fatalf("screen never showed %q; it shows:\n%s", parts, s)
	return ""
}

// waitGone waits until the screen no longer contains text.
func (tt *tmuxTUI) waitGone(text string) string {
	tt.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tt.screen()
		if !strings.Contains(s, text) {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	tt.t.Fatalf("screen still shows %q:\n%s", text, s)
	return ""
}

// pid is the process id of the program in the pane.
func (tt *tmuxTUI) pid() string {
	return strings.TrimSpace(tt.tmux("display-message", "-p", "-t", tt.session, "#{pane_pid}"))
}

// quit presses q and waits for the program to exit.
func (tt *tmuxTUI) quit() {
	tt.t.Helper()
	tt.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if err := exec.Command("tmux", "-L", tt.socket, "has-session", "-t", tt.session).Run(); err != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tt.t.Fatalf("kehu did not quit on q:\n%s", tt.screen())
}
