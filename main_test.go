package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// kehuBin is the binary built once for the end-to-end tests.
var kehuBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kehu-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	kehuBin = filepath.Join(dir, "kehu")
	if runtime.GOOS == "windows" {
		kehuBin += ".exe"
	}
	args := []string{"build", "-o", kehuBin}
	if e2eCoverDir() != "" {
		// Coverage of the CLI and TUI paths the end-to-end tests drive:
		// the binary writes its counters to the directory as it exits.
		args = append(args, "-cover", "-coverpkg=./...")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build kehu:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	out, err string
	code     int
	maxRSS   int64 // peak resident memory of the process, in bytes
}

// ledger is a temporary ledger the tests run commands against.
type ledger struct {
	t    *testing.T
	path string
	env  []string
}

// e2eCoverDir is where a binary built with -cover writes its coverage
// counters (KEHU_E2E_GOCOVERDIR; see TESTING.md), "" when not measuring.
func e2eCoverDir() string { return os.Getenv("KEHU_E2E_GOCOVERDIR") }

// fixedDay is "today" for every end-to-end test (KEHU_NOW).
const fixedDay = "2026-11-22"

func newLedger(t *testing.T) *ledger {
	t.Helper()
	dir := t.TempDir()
	l := &ledger{t: t, path: filepath.Join(dir, "ledger.db"), env: []string{
		"KEHU_DB=" + filepath.Join(dir, "ledger.db"),
		"KEHU_LANG=en",
		"KEHU_NOW=" + fixedDay + " 10:00:00",
		"HOME=" + dir,
		"XDG_DATA_HOME=" + filepath.Join(dir, "xdg"),
		"NO_COLOR=1",
	}}
	if d := e2eCoverDir(); d != "" {
		l.env = append(l.env, "GOCOVERDIR="+d)
	}
	return l
}

// run runs kehu with args and optional stdin.
func (l *ledger) run(stdin string, args ...string) result {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, kehuBin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, l.env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{out: out.String(), err: errb.String()}
	if cmd.ProcessState != nil {
		r.maxRSS = maxRSS(cmd.ProcessState)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		l.t.Fatalf("run kehu %v: %v", args, err)
	}
	return r
}

// ok runs kehu and fails the test unless it exits 0.
func (l *ledger) ok(args ...string) string {
	l.t.Helper()
	r := l.run("", args...)
	if r.code != 0 {
		l.t.Fatalf("kehu %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.out, r.err)
	}
	return r.out
}

// fails runs kehu, expects exit code want and a message on stderr that
// contains every part of wantMsg.
func (l *ledger) fails(want int, wantMsg []string, args ...string) result {
	l.t.Helper()
	r := l.run("", args...)
	if r.code != want {
		l.t.Fatalf("kehu %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, want, r.out, r.err)
	}
	for _, m := range wantMsg {
		if !strings.Contains(r.err, m) {
			l.t.Errorf("kehu %s: stderr %q does not mention %q", strings.Join(args, " "), r.err, m)
		}
	}
	return r
}

// snapshot is the ledger's content as CSV with keys, to prove that a
// refused command wrote nothing; "" while there is no ledger at all (the
// reading commands refuse a missing ledger).
func (l *ledger) snapshot() string {
	l.t.Helper()
	if _, err := os.Stat(l.path); errors.Is(err, os.ErrNotExist) {
		return ""
	}
	return l.ok("export", "--header", "keys", "--columns", "id,name,phone,email,total_spend,purchases,last_purchase,last_contact,next_follow_up,tags,notes")
}
