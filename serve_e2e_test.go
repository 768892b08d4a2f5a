package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sshServer is kehu serve running in tmux on 127.0.0.1, its log in a file.
type sshServer struct {
	t    *testing.T
	l    *ledger
	tt   *tmuxTUI
	dir  string
	log  string
	rc   string // where the shell writes kehu serve's exit code
	port string
}

// startServe runs kehu serve on a free port of 127.0.0.1 with extra flags.
func startServe(t *testing.T, l *ledger, extra ...string) *sshServer {
	t.Helper()
	requireTool(t, "ssh", "openssh-client")
	requireTool(t, "ssh-keygen", "openssh-client")
	dir := t.TempDir()
	s := &sshServer{t: t, l: l, dir: dir, log: filepath.Join(dir, "serve.log"), rc: filepath.Join(dir, "serve.rc")}
	cmd := shellQuote(kehuBin) + " serve --listen 127.0.0.1:0"
	for _, a := range extra {
		cmd += " " + shellQuote(a)
	}
	cmd += " 2>" + shellQuote(s.log) + "; echo $? >" + shellQuote(s.rc) + "; sleep 60"
	s.tt = startTUIProgram(t, l, 100, 10, "/bin/sh", "-c", cmd)
	re := regexp.MustCompile(`listening on 127\.0\.0\.1:(\d+)`)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(s.readLog()); m != nil {
			s.port = m[1]
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("kehu serve never said where it listens; log:\n%s", s.readLog())
	return nil
}

func (s *sshServer) readLog() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}

// waitLog waits until the server's log contains text.
func (s *sshServer) waitLog(text string) {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(s.readLog(), text) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("the server's log never said %q:\n%s", text, s.readLog())
}

// key makes an SSH key pair named name and returns the private key's path
// (the public key is beside it, with .pub).
func sshKey(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name+"@test", "-f", p).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return p
}

// sshArgs are the OpenSSH client's options for the test server: no user
// configuration, agent or known hosts, only the given key.
func (s *sshServer) sshArgs(key string, extra ...string) []string {
	args := []string{"-F", "/dev/null", "-p", s.port, "-i", key,
		"-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "SendEnv=LANG"}
	return append(args, extra...)
}

// connect opens a table over SSH in tmux, with the client's LANG set to
// lang; when ssh ends, its exit code stays on the pane.
func (s *sshServer) connect(key, lang string) *tmuxTUI {
	s.t.Helper()
	cmd := "LANG=" + shellQuote(lang) + " ssh -t"
	for _, a := range s.sshArgs(key, "kehu@127.0.0.1") {
		cmd += " " + shellQuote(a)
	}
	cmd += "; echo ssh-exit=$?; sleep 60"
	return startTUIProgram(s.t, s.l, 110, 45, "/bin/sh", "-c", cmd)
}

// runSSH runs ssh with key to completion (no table) and returns what it
// printed and its exit code.
func (s *sshServer) runSSH(key string, extra ...string) (string, int) {
	s.t.Helper()
	cmd := exec.Command("ssh", s.sshArgs(key, extra...)...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		s.t.Fatalf("ssh: %v", err)
	}
	return string(out), code
}

// stop sends kehu serve SIGTERM and returns its exit code.
func (s *sshServer) stop() string {
	s.t.Helper()
	s.stopAsync()
	return s.waitExit()
}

// stopAsync sends kehu serve SIGTERM.
func (s *sshServer) stopAsync() {
	s.t.Helper()
	out, err := exec.Command("pgrep", "-P", s.tt.pid(), "-f", "kehu serve").Output()
	if err != nil {
		s.t.Fatalf("find kehu serve under the shell %s: %v", s.tt.pid(), err)
	}
	var pid int
	if _, err := fmt.Sscan(strings.TrimSpace(string(out)), &pid); err != nil {
		s.t.Fatalf("kehu serve pid %q: %v", out, err)
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		s.t.Fatal(err)
	}
}

// waitExit waits for kehu serve to exit and returns its exit code.
func (s *sshServer) waitExit() string {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(s.rc); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("kehu serve did not exit after SIGTERM; log:\n%s", s.readLog())
	return ""
}

// TestServeTwoCountersOverSSH drives kehu serve with the real OpenSSH
// client: two staff members' tables on one ledger, a change in one seen in
// the other within a second without moving its cursor, attribution in the
// journal and the owner of a customer added in a session, and the keys
// that may not get in.
func TestServeTwoCountersOverSSH(t *testing.T) {
	l := newLedger(t)
	for _, n := range []string{"甲客户", "乙客户", "丙客户"} {
		l.ok("add", n)
	}
	keys := t.TempDir()
	wang, li, zhao, stranger := sshKey(t, keys, "wang"), sshKey(t, keys, "li"), sshKey(t, keys, "zhao"), sshKey(t, keys, "stranger")
	l.ok("staff", "add", "小王", "--key", wang+".pub")
	l.ok("staff", "add", "小李", "--key", li+".pub")
	l.ok("staff", "add", "小赵", "--key", zhao+".pub")
	srv := startServe(t, l)
	hostKey := filepath.Join(filepath.Dir(l.path), "ssh_host_ed25519_key")
	if st, err := os.Stat(hostKey); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("host key %s: %v, mode %v; want a file of mode 0600 made on first run", hostKey, err, st)
	}

	one := srv.connect(wang, "en_US.UTF-8")
	one.waitFor("甲客户", "row 1/3")
	two := srv.connect(li, "zh_CN.UTF-8")
	two.waitFor("姓名", "甲客户") // the client's LANG picks the table's language
	two.keys("j", "j")
	two.waitFor("3/3")

	// 小王 renames the first customer; 小李's table shows it within a
	// second, the cursor still on the third row.
	one.keys("e")
	one.keys("C-u")
	one.typeText("甲客户改")
	one.keys("Enter")
	one.waitFor("saved Name")
	start := time.Now()
	screen := two.waitFor("甲客户改")
	if took := time.Since(start); took > time.Second {
		t.Errorf("the other session showed the change after %v, want within 1s", took)
	}
	if !strings.Contains(screen, "3/3") {
		t.Errorf("the other session's cursor moved off its row:\n%s", screen)
	}

	// 小李 writes the same cell later: theirs stands, 小王 hears of it, and
	// 小王's undo does not take 小李's value back.
	two.keys("k", "k")
	two.waitFor("1/3")
	two.keys("e", "C-u")
	two.typeText("甲客户李")
	two.keys("Enter")
	two.waitFor("已保存 姓名")
	one.waitFor("小李 changed Name of 甲客户李 after you")
	one.keys("u")
	one.waitFor("was changed by 小李 after your change")
	if snap := l.snapshot(); !strings.Contains(snap, "甲客户李") {
		t.Errorf("小李's later value was lost:\n%s", snap)
	}

	// A customer added in a session is looked after by its staff member,
	// and the detail's changes say who made them.
	one.keys("a")
	one.typeText("丁客户")
	one.keys("Enter")
	one.waitFor("added 丁客户")
	if out := l.ok("staff", "list"); !strings.Contains(out, "小王  1 customers") {
		t.Errorf("the customer 小王 added is not theirs:\n%s", out)
	}
	two.waitFor("1/4") // a customer added elsewhere is counted without a key
	two.keys("o")
	two.waitFor("修改记录", "小李  姓名  甲客户改 → 甲客户李", "小王  姓名  甲客户 → 甲客户改")

	// A key not on the staff list is refused, with nothing but public keys
	// offered, and logged.
	out, code := srv.runSSH(stranger, "kehu@127.0.0.1", "true")
	if code != 255 || !strings.Contains(out, "Permission denied (publickey)") {
		t.Errorf("an unknown key got: exit %d %q; want 255 and Permission denied (publickey)", code, out)
	}
	srv.waitLog("refused key SHA256:")
	// A staff member taken off the list can no longer connect.
	l.ok("staff", "remove", "小赵")
	out, code = srv.runSSH(zhao, "kehu@127.0.0.1", "true")
	if code != 255 || !strings.Contains(out, "Permission denied (publickey)") {
		t.Errorf("a removed staff member got: exit %d %q; want 255 and Permission denied (publickey)", code, out)
	}
	one.quit2()
	two.keys("q") // from the detail back to the table
	two.waitFor("第 1/4 行")
	two.quit2()
	if rc := srv.stop(); rc != "0" {
		t.Errorf("kehu serve exited %s after SIGTERM, want 0; log:\n%s", rc, srv.readLog())
	}
}

// quit2 presses q in a session and waits for ssh to end.
func (tt *tmuxTUI) quit2() {
	tt.t.Helper()
	tt.keys("q")
	tt.waitFor("ssh-exit=0")
}

// TestServeStopsCleanlyMidEdit sends kehu serve SIGTERM while a staff
// member is typing: the session is told, Enter within the grace period
// still saves, the server exits 0 and the ledger holds every save.
func TestServeStopsCleanlyMidEdit(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "甲客户")
	keys := t.TempDir()
	wang := sshKey(t, keys, "wang")
	l.ok("staff", "add", "小王", "--key", wang+".pub", "--table-lang", "en")
	srv := startServe(t, l, "--grace", "4s")
	one := srv.connect(wang, "zh_CN.UTF-8") // the staff member's language wins over the client's
	one.waitFor("Name", "甲客户")
	one.keys("e", "C-u")
	one.typeText("甲客户停")
	srv.stopAsync()
	one.waitFor("kehu serve is stopping")
	one.keys("Enter")
	one.waitFor("kehu serve stopped. Everything you saved is in the ledger.")
	if rc := srv.waitExit(); rc != "0" {
		t.Errorf("kehu serve exited %s, want 0; log:\n%s", rc, srv.readLog())
	}
	if snap := l.snapshot(); !strings.Contains(snap, "甲客户停") {
		t.Errorf("the save made while the server stopped was lost:\n%s", snap)
	}
	l.ok("check")
}

// TestServeLimits: one session more than --max-sessions is told the
// server is busy, and a session idle past --idle-timeout is closed.
func TestServeLimits(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "甲客户")
	keys := t.TempDir()
	wang, li := sshKey(t, keys, "wang"), sshKey(t, keys, "li")
	l.ok("staff", "add", "小王", "--key", wang+".pub")
	l.ok("staff", "add", "小李", "--key", li+".pub")
	srv := startServe(t, l, "--max-sessions", "1", "--idle-timeout", "3s")
	one := srv.connect(wang, "en_US.UTF-8")
	one.waitFor("甲客户")
	out, code := srv.runSSH(li, "-tt", "kehu@127.0.0.1")
	if code == 0 || !strings.Contains(out, "kehu is busy: all 1 sessions are in use") {
		t.Errorf("a session past the limit got exit %d %q; want the busy message", code, out)
	}
	one.waitFor("closed after 3s without a key")
	srv.waitLog("小王 closed for being idle")
}
