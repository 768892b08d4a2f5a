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
	requireTool(t, "tmux", "tmux")
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	tt := &tmuxTUI{t: t, socket: fmt.Sprintf("kehu-test-%d-%s-%d", os.Getpid(), name, tmuxSeq.Add(1)), session: "kehu"}
	// A terminal user's kehu does not see CI: termenv takes CI for "no
	// terminal" and would draw without colour when the suite runs in CI.
	cmdline := "exec env -u CI"
	for _, e := range l.env {
		cmdline += " " + shellQuote(e)
	}
	cmdline += " TERM=xterm-256color " + shellQuote(program)
	for _, a := range args {
		cmdline += " " + shellQuote(a)
	}
	tt.tmux("new-session", "-d", "-s", tt.session, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmdline)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tt.socket, "kill-server").Run() }) // gone already is fine
	return tt
}

// requireTool finds the command an end-to-end test needs. Without it the
// test is skipped on a developer's machine but fails under CI (CI set), so a
// CI image that lost the tool cannot turn the tests green by skipping them.
// pkg names the Debian package .ci/run installs it from (tmux,
// openssh-client…).
func requireTool(t toolT, command, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(command)
	if err == nil {
		return path
	}
	if ciRequiresTools(os.Getenv("CI")) {
		t.Fatalf("%s is required in CI: install the Debian package %s (.ci/run does)", command, pkg)
	}
	t.Skipf("%s not installed (Debian package %s)", command, pkg)
	return ""
}

// toolT is the part of *testing.T requireTool uses.
type toolT interface {
	Helper()
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
}

// ciRequiresTools reports whether the CI variable asks for every tool:
// any value but empty, "0" and "false".
func ciRequiresTools(ci string) bool {
	switch strings.ToLower(strings.TrimSpace(ci)) {
	case "", "0", "false":
		return false
	}
	return true
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
		gap := 40 * time.Millisecond
		if k == "Escape" {
			// A lone ESC read together with the next key is Alt+key (so a
			// loaded machine turned Escape, c into alt+c): give the program
			// time to read it on its own.
			gap = 300 * time.Millisecond
		}
		time.Sleep(gap)
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

// toolRecorder stands in for *testing.T: it records whether requireTool
// failed or skipped and stops it there, as FailNow and SkipNow would.
type toolRecorder struct{ failed, skipped bool }

type stopped struct{}

func (r *toolRecorder) Helper()               {}
func (r *toolRecorder) Fatalf(string, ...any) { r.failed = true; panic(stopped{}) }
func (r *toolRecorder) Skipf(string, ...any)  { r.skipped = true; panic(stopped{}) }
func (r *toolRecorder) run(command string) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(stopped); !ok {
				panic(v)
			}
		}
	}()
	requireTool(r, command, "some-package")
}

func TestRequireToolFailsUnderCI(t *testing.T) {
	for ci, want := range map[string]bool{"": false, "0": false, "false": false, "FALSE": false, "true": true, "1": true, "yes": true} {
		if got := ciRequiresTools(ci); got != want {
			t.Errorf("CI=%q: tools required %v, want %v", ci, got, want)
		}
	}
	const missing = "kehu-no-such-tool-x9"
	t.Setenv("CI", "true")
	var r toolRecorder
	r.run(missing)
	if !r.failed || r.skipped {
		t.Errorf("CI=true, missing tool: failed %v skipped %v; want a failure", r.failed, r.skipped)
	}
	t.Setenv("CI", "")
	r = toolRecorder{}
	r.run(missing)
	if r.failed || !r.skipped {
		t.Errorf("no CI, missing tool: failed %v skipped %v; want a skip", r.failed, r.skipped)
	}
	// A tool that is there is found whatever CI says.
	t.Setenv("CI", "true")
	r = toolRecorder{}
	r.run("go")
	if r.failed || r.skipped {
		t.Errorf("go on the PATH: failed %v skipped %v", r.failed, r.skipped)
	}
}
