package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// runTTY runs the built kehu binary on a pseudo-terminal of 160×48 and
// measures, from the outside, what a user sees:
//
//   - first_frame_ms: from just before the process is started to the first
//     byte of output containing the status bar's "row 1/";
//   - key_down_ms, key_pgdn_ms: from writing a key to the pty to the first
//     output showing the new "row x/" (bubbletea draws at most 60 frames a
//     second, so up to 16.7 ms of each is the renderer's frame tick);
//   - rss_first_mb, rss_moves_mb: VmRSS of the kehu process (from
//     /proc/PID/status) after the first frame and after the moves;
//   - rss_copy_peak_mb: its peak RSS (VmHWM) once the in-memory filter
//     copy built in the background has settled.
//
// With -now (passed to kehu as KEHU_NOW) the ledger is opened on a day it
// was not graded for, and the table regrades everyone in the background:
// the run then measures that instead, and prints only
//
//   - newday_regrade_s: from just before the process is started to the
//     status bar's "regraded: N grade moves";
//   - rss_newday_peak_mb: the process's peak RSS (VmHWM) once the regrade
//     has reported and the memory has settled (the filter copy's build
//     included).
//
// The run regrades the ledger: give it a fresh copy each time.
//
// The pty answers the terminal queries lipgloss makes at start (background
// colour, cursor position) as a terminal would, so no query times out.
// Each figure is printed as "name value" on its own line.
func runTTY(args []string) error {
	fs := flag.NewFlagSet("tty", flag.ExitOnError)
	bin := fs.String("bin", "kehu", "kehu binary")
	db := fs.String("db", "", "ledger")
	downs := fs.Int("down", 100, "cursor moves down to time")
	pgdns := fs.Int("pgdn", 20, "page moves down to time")
	timeout := fs.Duration("timeout", 60*time.Second, "give up after")
	now := fs.String("now", "", "KEHU_NOW for kehu: a day the ledger was not graded for (regrades it)")
	_ = fs.Parse(args) // ExitOnError: Parse exits on a bad flag

	master, slave, err := openPTY(48, 160)
	if err != nil {
		return err
	}
	defer master.Close()
	cmd := exec.Command(*bin, "--db", *db, "--lang", "en")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor")
	if *now != "" {
		cmd.Env = append(cmd.Env, "KEHU_NOW="+*now)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}

	t := &term{master: master, seen: make(chan struct{}, 1)}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	slave.Close()
	go t.read()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill() // already gone is fine
		}
	}()

	deadline := time.Now().Add(*timeout)
	rowRe := regexp.MustCompile(`row ([0-9,]+)/`)
	// wait until the output since mark shows "row want/" and return when.
	wait := func(mark int, want int) (time.Time, error) {
		for {
			t.mu.Lock()
			out := t.buf.Bytes()[mark:]
			for _, m := range rowRe.FindAllSubmatchIndex(out, -1) {
				n, _ := strconv.Atoi(strings.ReplaceAll(string(out[m[2]:m[3]]), ",", ""))
				if n == want {
					at := t.arrival(mark + m[1])
					t.mu.Unlock()
					return at, nil
				}
			}
			t.mu.Unlock()
			select {
			case <-t.seen:
			case err := <-done:
				return time.Time{}, fmt.Errorf("kehu exited: %v\n%s", err, t.tail())
			case <-time.After(time.Until(deadline)):
				return time.Time{}, fmt.Errorf("timed out waiting for row %d\n%s", want, t.tail())
			}
		}
	}
	at, err := wait(0, 1)
	if err != nil {
		return err
	}
	if *now != "" {
		return newDay(t, cmd, start, done, deadline)
	}
	fmt.Printf("first_frame_ms %.2f\n", ms(at.Sub(start)))
	// Let the counts and the read-ahead arrive before measuring memory.
	time.Sleep(1 * time.Second)
	fmt.Printf("rss_first_mb %.1f\n", rssMB(cmd.Process.Pid))

	row := 1
	key := func(k string, step int, name string) error {
		var lat []float64
		for i := 0; i < stepCount(name, *downs, *pgdns); i++ {
			t.mu.Lock()
			mark := t.buf.Len()
			t.mu.Unlock()
			sent := time.Now()
			if _, err := master.WriteString(k); err != nil {
				return err
			}
			row += step
			at, err := wait(mark, row)
			if err != nil {
				return err
			}
			lat = append(lat, ms(at.Sub(sent)))
			time.Sleep(20 * time.Millisecond) // a fast typist, not a flood
		}
		for _, v := range lat {
			fmt.Printf("%s %.3f\n", name, v)
		}
		return nil
	}
	if err := key("j", 1, "key_down_ms"); err != nil {
		return err
	}
	// A page is the table's height: learn it from the first page move.
	t.mu.Lock()
	mark := t.buf.Len()
	t.mu.Unlock()
	_, _ = master.WriteString("\x1b[6~")
	page, err := waitAnyRow(t, rowRe, mark, row, done, deadline)
	if err != nil {
		return err
	}
	row += page
	if err := key("\x1b[6~", page, "key_pgdn_ms"); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	fmt.Printf("rss_moves_mb %.1f\n", rssMB(cmd.Process.Pid))
	// The table builds its in-memory filter copy in the background after
	// the first frame: wait until the memory settles, then report the
	// peak (VmHWM), which includes the build's own transient.
	settle(cmd.Process.Pid, 3*time.Second, 180*time.Second)
	fmt.Printf("rss_copy_peak_mb %.1f\n", procMB(cmd.Process.Pid, "VmHWM:"))
	return quit(t, done)
}

// newDay waits for the table's background regrade of a new day to report
// on the status bar, then for the memory to settle, prints its figures and
// quits kehu.
func newDay(t *term, cmd *exec.Cmd, start time.Time, done chan error, deadline time.Time) error {
	doneRe := regexp.MustCompile(`regraded: [0-9,]+ grade moves`)
	for {
		t.mu.Lock()
		loc := doneRe.FindIndex(t.buf.Bytes())
		var at time.Time
		if loc != nil {
			at = t.arrival(loc[1])
		}
		t.mu.Unlock()
		if loc != nil {
			fmt.Printf("newday_regrade_s %.3f\n", at.Sub(start).Seconds())
			break
		}
		select {
		case <-t.seen:
		case err := <-done:
			return fmt.Errorf("kehu exited: %v\n%s", err, t.tail())
		case <-time.After(time.Until(deadline)):
			return fmt.Errorf("timed out waiting for the day's regrade\n%s", t.tail())
		}
	}
	settle(cmd.Process.Pid, 3*time.Second, 180*time.Second)
	fmt.Printf("rss_newday_peak_mb %.1f\n", procMB(cmd.Process.Pid, "VmHWM:"))
	return quit(t, done)
}

// quit types q and waits for kehu to end.
func quit(t *term, done chan error) error {
	_, _ = t.master.WriteString("q")
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("kehu: %v\n%s", err, t.tail())
		}
	case <-time.After(30 * time.Second):
		return fmt.Errorf("kehu did not quit")
	}
	return nil
}

func stepCount(name string, downs, pgdns int) int {
	if name == "key_down_ms" {
		return downs
	}
	return pgdns
}

// waitAnyRow waits for a "row x/" with x other than from and returns x-from.
func waitAnyRow(t *term, re *regexp.Regexp, mark, from int, done chan error, deadline time.Time) (int, error) {
	for {
		t.mu.Lock()
		out := t.buf.Bytes()[mark:]
		for _, m := range re.FindAllSubmatch(out, -1) {
			n, _ := strconv.Atoi(strings.ReplaceAll(string(m[1]), ",", ""))
			if n != from {
				t.mu.Unlock()
				return n - from, nil
			}
		}
		t.mu.Unlock()
		select {
		case <-t.seen:
		case err := <-done:
			return 0, fmt.Errorf("kehu exited: %v", err)
		case <-time.After(time.Until(deadline)):
			return 0, fmt.Errorf("timed out waiting for a page move\n%s", t.tail())
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// term collects what the program writes and answers its queries.
type chunk struct {
	end int
	at  time.Time
}

type term struct {
	master *os.File
	mu     sync.Mutex
	buf    bytes.Buffer
	chunks []chunk // where each chunk read ends in buf, and when it came
	seen   chan struct{}
}

func (t *term) read() {
	p := make([]byte, 1<<16)
	for {
		n, err := t.master.Read(p)
		if n > 0 {
			now := time.Now()
			data := p[:n]
			// Background colour (OSC 11) and cursor position (DSR) queries.
			if bytes.Contains(data, []byte("\x1b]11;?")) {
				_, _ = t.master.WriteString("\x1b]11;rgb:0000/0000/0000\x1b\\")
			}
			if bytes.Contains(data, []byte("\x1b[6n")) {
				_, _ = t.master.WriteString("\x1b[1;1R")
			}
			t.mu.Lock()
			t.buf.Write(data)
			t.chunks = append(t.chunks, chunk{t.buf.Len(), now})
			t.mu.Unlock()
			select {
			case t.seen <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// arrival is when the byte at offset end-1 of buf was read (t.mu held).
func (t *term) arrival(end int) time.Time {
	for _, c := range t.chunks {
		if c.end >= end {
			return c.at
		}
	}
	return time.Now()
}

func (t *term) tail() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buf.Bytes()
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strconv.Quote(string(b))
}

// openPTY opens a pseudo-terminal pair of rows×cols.
func openPTY(rows, cols uint16) (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("unlockpt: %w", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("ptsname: %w", err)
	}
	slave, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: rows, Col: cols}); err != nil {
		master.Close()
		slave.Close()
		return nil, nil, err
	}
	return master, slave, nil
}

// rssMB is VmRSS of pid in MB (1 MB = 2^20 bytes), or -1.
func rssMB(pid int) float64 { return procMB(pid, "VmRSS:") }

// settle waits until the process's RSS has stayed within 1% for quiet, or
// for at most limit.
func settle(pid int, quiet, limit time.Duration) {
	end := time.Now().Add(limit)
	last, since := rssMB(pid), time.Now()
	for time.Now().Before(end) && time.Since(since) < quiet {
		time.Sleep(250 * time.Millisecond)
		if now := rssMB(pid); now > last*1.01 || now < last*0.99 {
			last, since = now, time.Now()
		}
	}
}

// procMB reads a memory figure (VmRSS:, VmHWM:) of /proc/PID/status in MB.
func procMB(pid int, field string) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return -1
}
