package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
	gossh "golang.org/x/crypto/ssh"
)

// loadSession is one staff member's table over SSH, driven by the load
// test through Go's SSH client (the real OpenSSH client is for the
// end-to-end tests; this one lets the test read the screen's bytes as they
// come and time them).
type loadSession struct {
	name  string
	conn  *gossh.Client
	sess  *gossh.Session
	in    interface{ Write([]byte) (int, error) }
	mu    sync.Mutex
	out   bytes.Buffer // what the server sent since the last mark
	moved chan struct{}

	row      int             // the cursor's row, 1-based
	moves    []time.Duration // key → the status line showing the new row
	saves    []time.Duration // Enter → "saved"
	failed   []string
	attempts int
	// unacked are the values of saves whose "saved" the screen did not
	// show in time: another session's overwrite notice can replace it. The
	// journal decides whether each was written.
	unacked []string
}

func (s *loadSession) read(r *bufio.Reader) {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if bytes.Contains(buf[:n], []byte("\x1b[c")) {
				// The server asks the terminal for its background colour
				// and attributes, as a real terminal would be asked: answer
				// as one (dark background, a VT220).
				_, _ = s.in.Write([]byte("\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;c"))
			}
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			select {
			case s.moved <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// send writes keys after forgetting what was shown so far.
func (s *loadSession) send(keys string) time.Time {
	s.mu.Lock()
	s.out.Reset()
	s.mu.Unlock()
	start := time.Now()
	_, _ = s.in.Write([]byte(keys))
	return start
}

// wait waits until what came since the last send matches re, or a failure
// text shows, or the timeout passes; it reports what was seen.
func (s *loadSession) wait(re *regexp.Regexp, timeout time.Duration) (bool, string) {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		text := ansiStrip(s.out.String())
		s.mu.Unlock()
		if re.MatchString(text) {
			return true, text
		}
		for _, bad := range []string{"busy", "nothing was changed", "cannot"} {
			if strings.Contains(text, bad) {
				return false, text
			}
		}
		select {
		case <-s.moved:
		case <-deadline:
			return false, text
		}
	}
}

var ansiRE = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]`)

func ansiStrip(s string) string { return ansiRE.ReplaceAllString(s, "") }

func dialLoad(t *testing.T, addr, name string, key ed25519.PrivateKey) *loadSession {
	t.Helper()
	signer, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "kehu", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatalf("%s: dial: %v", name, err)
	}
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 30, 120, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &loadSession{name: name, conn: conn, sess: sess, in: in, moved: make(chan struct{}, 1), row: 1}
	go s.read(bufio.NewReader(out))
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	if ok, text := s.wait(regexp.MustCompile(`row 1/`), 30*time.Second); !ok {
		t.Fatalf("%s: the table never opened:\n%s", name, text)
	}
	return s
}

func rssOf(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(math.Ceil(q*float64(len(s))))-1]
}

// TestServeLoad: eight staff members' tables moving and editing at once
// over SSH, and a command-line writer beside them, for KEHU_SERVE_LOAD
// (e.g. 60s): no write may fail, every save acknowledged on screen is in
// the journal under its staff member, and the figures (memory per session,
// key → screen latency) are logged for BENCHMARKS.md. Skipped unless the
// variable is set: it takes a minute.
func TestServeLoad(t *testing.T) {
	spec := os.Getenv("KEHU_SERVE_LOAD")
	if spec == "" {
		t.Skip("set KEHU_SERVE_LOAD=60s to run the load trial of kehu serve")
	}
	dur, err := time.ParseDuration(spec)
	if err != nil {
		t.Fatal(err)
	}
	const sessions, customers = 8, 2000
	l := newLedger(t)
	l.ok("demo", "--customers", strconv.Itoa(customers))
	dir := t.TempDir()
	keys := make([]ed25519.PrivateKey, sessions)
	for i := range keys {
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		pk, _ := gossh.NewPublicKey(pub)
		p := filepath.Join(dir, fmt.Sprintf("s%d.pub", i+1))
		if err := os.WriteFile(p, gossh.MarshalAuthorizedKey(pk), 0o644); err != nil {
			t.Fatal(err)
		}
		l.ok("staff", "add", fmt.Sprintf("员工%d", i+1), "--key", p, "--table-lang", "en")
		keys[i] = priv
	}

	cmd := exec.Command(kehuBin, "serve", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host_key"))
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, l.env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	var log bytes.Buffer
	var logMu sync.Mutex
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`listening on (127\.0\.0\.1:\d+)`)
		for sc.Scan() {
			logMu.Lock()
			log.WriteString(sc.Text() + "\n")
			logMu.Unlock()
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addrc <- m[1]
			}
		}
	}()
	var addr string
	select {
	case addr = <-addrc:
	case <-time.After(30 * time.Second):
		t.Fatal("kehu serve never said where it listens")
	}
	time.Sleep(time.Second)
	rssIdle := rssOf(cmd.Process.Pid)

	ss := make([]*loadSession, sessions)
	for i := range ss {
		ss[i] = dialLoad(t, addr, fmt.Sprintf("员工%d", i+1), keys[i])
	}
	rssOpen := rssOf(cmd.Process.Pid)

	// The command-line writer: a purchase every 250 ms, as a till script
	// or cron job would, through the real binary.
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var cliOK, cliFailed int
	var cliErrs []string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := 0; ctx.Err() == nil; n++ {
			r := l.run("", "buy", strconv.Itoa(1+n%customers), "--amount", "10")
			if r.code == 0 {
				cliOK++
			} else {
				cliFailed++
				cliErrs = append(cliErrs, r.err)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}()

	rowRE := func(n int) *regexp.Regexp { return regexp.MustCompile(`row ` + strconv.Itoa(n) + `/`) }
	savedRE := regexp.MustCompile(`saved Name`)
	rssPeak := rssOpen
	for i, s := range ss {
		wg.Add(1)
		go func(i int, s *loadSession) {
			defer wg.Done()
			rng := mrand.New(mrand.NewPCG(uint64(i), 7))
			for n := 0; ctx.Err() == nil; n++ {
				if n%4 == 3 {
					// Edit the name under the cursor: a new value each time.
					s.send("e")
					time.Sleep(50 * time.Millisecond)
					val := fmt.Sprintf("L%d-%d", i+1, n)
					s.attempts++
					s.send("\x15" + val) // ctrl+u clears, then the value
					time.Sleep(50 * time.Millisecond)
					start := s.send("\r")
					ok, _ := s.wait(savedRE, 10*time.Second)
					if !ok {
						s.unacked = append(s.unacked, val)
						continue
					}
					s.saves = append(s.saves, time.Since(start))
					continue
				}
				key, next := "j", s.row+1
				if s.row >= customers || (s.row > 1 && rng.IntN(3) == 0) {
					key, next = "k", s.row-1
				}
				start := s.send(key)
				if ok, text := s.wait(rowRE(next), 5*time.Second); !ok {
					s.failed = append(s.failed, fmt.Sprintf("move to row %d not shown: %s", next, tail(text)))
					continue
				}
				s.moves = append(s.moves, time.Since(start))
				s.row = next
			}
		}(i, s)
	}
	go func() {
		for ctx.Err() == nil {
			if r := rssOf(cmd.Process.Pid); r > rssPeak {
				rssPeak = r
			}
			time.Sleep(500 * time.Millisecond)
		}
	}()
	wg.Wait()

	for _, s := range ss {
		s.send("\x1b") // out of an editor left open by a failed step
	}
	time.Sleep(500 * time.Millisecond)
	for _, s := range ss {
		s.send("q")
	}
	for _, s := range ss {
		done := make(chan struct{})
		go func() { _ = s.sess.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Errorf("%s: the table did not close on q", s.name)
		}
		s.conn.Close()
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		logMu.Lock()
		t.Fatalf("kehu serve after SIGTERM: %v\n%s", err, log.String())
	}

	// Every acknowledged save is in the journal under its staff member.
	st, err := store.OpenExisting(l.path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	entries, err := st.JournalSince(context.Background(), 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	edits := map[string]int{}
	written := map[string]bool{} // staff + the value written
	for _, e := range entries {
		if e.Op == "edit" && e.Field == "name" {
			edits[e.Staff]++
			var v string
			if err := json.Unmarshal([]byte(e.New), &v); err == nil {
				written[e.Staff+"\x00"+v] = true
			}
		}
	}
	var all, allSaves []time.Duration
	failed := 0
	t.Logf("%d sessions, %s, %d customers; CLI writer: %d purchases, %d failed", sessions, dur, customers, cliOK, cliFailed)
	t.Logf("| session | moves | key → row shown p50 / p95 / max | saves | Enter → saved p50 / p95 / max | failed |")
	for _, s := range ss {
		all = append(all, s.moves...)
		allSaves = append(allSaves, s.saves...)
		failed += len(s.failed)
		t.Logf("| %s | %d | %v / %v / %v | %d | %v / %v / %v | %d |", s.name, len(s.moves),
			quantile(s.moves, .5).Round(time.Millisecond), quantile(s.moves, .95).Round(time.Millisecond), quantile(s.moves, 1).Round(time.Millisecond),
			len(s.saves), quantile(s.saves, .5).Round(time.Millisecond), quantile(s.saves, .95).Round(time.Millisecond), quantile(s.saves, 1).Round(time.Millisecond), len(s.failed))
		for _, f := range s.failed {
			t.Errorf("%s: %s", s.name, f)
		}
		late := 0
		for _, v := range s.unacked {
			if written[s.name+"\x00"+v] {
				late++
			} else {
				failed++
				t.Errorf("%s: save of %q neither shown nor in the journal", s.name, v)
			}
		}
		if edits[s.name] != s.attempts || len(s.saves)+late != s.attempts {
			t.Errorf("%s: %d saves tried, %d acknowledged on screen, %d found in the journal only, %d edits in the journal", s.name, s.attempts, len(s.saves), late, edits[s.name])
		}
	}
	t.Logf("all: %d moves p50 %v p95 %v; %d saves p50 %v p95 %v", len(all), quantile(all, .5).Round(time.Millisecond), quantile(all, .95).Round(time.Millisecond),
		len(allSaves), quantile(allSaves, .5).Round(time.Millisecond), quantile(allSaves, .95).Round(time.Millisecond))
	t.Logf("server RSS: idle %.1f MB, %d sessions open %.1f MB (%.1f MB a session), peak under load %.1f MB",
		mb(rssIdle), sessions, mb(rssOpen), mb(rssOpen-rssIdle)/sessions, mb(rssPeak))
	if cliFailed > 0 {
		t.Errorf("%d command-line writes failed: %v", cliFailed, cliErrs)
	}
	if failed > 0 {
		t.Errorf("%d session operations failed", failed)
	}
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func tail(s string) string {
	if len(s) > 300 {
		return s[len(s)-300:]
	}
	return s
}
