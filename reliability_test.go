//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
	"github.com/xuri/excelize/v2"
)

// The reliability suite drives the real binary the way a shop does at its
// worst: processes killed with SIGKILL at random moments, several writers,
// a nightly export and the table on one ledger at once. The short run is
// part of go test ./...; KEHU_RELIABILITY=long runs the figures quoted in
// RELIABILITY.md.

// relConfig sizes a run.
type relConfig struct {
	name          string
	killTrials    int // per command
	demoCustomers int // the killed demo's shop
	importRows    int // rows of the killed import's sheet
	exportShop    int // customers of the killed export's ledger
	writerCmds    int // commands per writer process loop
	tuiAdds       int // customers added through the table during the concurrency run
}

func reliabilityConfig() relConfig {
	if os.Getenv("KEHU_RELIABILITY") == "long" {
		return relConfig{name: "long", killTrials: 40, demoCustomers: 5000, importRows: 5000, exportShop: 20000, writerCmds: 2500, tuiAdds: 60}
	}
	return relConfig{name: "short", killTrials: 2, demoCustomers: 500, importRows: 300, exportShop: 1000, writerCmds: 12, tuiAdds: 2}
}

// relStats are the run's figures, logged at the end of each test.
type relStats struct {
	mu        sync.Mutex
	trials    int   // kill trials
	killed    int   // trials where the kill landed before the command finished
	kept      int   // trials whose change was in the ledger (or file) after the kill
	commands  int   // commands run to completion
	failures  int   // commands that failed (each also fails the test)
	peakRSSKB int64 // largest resident set of any kehu process
}

func (s *relStats) add(f func(*relStats)) {
	s.mu.Lock()
	f(s)
	s.mu.Unlock()
}

func (s *relStats) log(t *testing.T, what string, start time.Time) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	t.Logf("reliability %s: trials %d (killed before finishing %d, change complete after the kill %d, absent %d), commands %d, failures %d, peak memory %.1f MB, %v",
		what, s.trials, s.killed, s.kept, s.trials-s.kept, s.commands, s.failures, float64(s.peakRSSKB)/1024, time.Since(start).Round(time.Second))
}

// relEnv is the environment of every process of a run: its own ledger and
// its own TMPDIR, so leftover temporary files can be counted.
func relEnv(l *ledger, tmp string) []string {
	return append([]string{"PATH=" + os.Getenv("PATH"), "TMPDIR=" + tmp}, l.env...)
}

// runRel runs kehu to completion and records its peak memory.
func runRel(t *testing.T, st *relStats, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, kehuBin, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{out: out.String(), err: errb.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run kehu %v: %v", args, err)
	}
	st.add(func(s *relStats) {
		s.commands++
		if r.code != 0 {
			s.failures++
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > s.peakRSSKB {
			s.peakRSSKB = ru.Maxrss
		}
	})
	return r
}

// mustRel is runRel that fails the test unless kehu exits 0.
func mustRel(t *testing.T, st *relStats, env []string, args ...string) string {
	t.Helper()
	r := runRel(t, st, env, args...)
	if r.code != 0 {
		t.Fatalf("kehu %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.out, r.err)
	}
	return r.out
}

// killAfter starts kehu and sends SIGKILL after delay; it reports whether
// the process was still running (killed) or had already exited 0.
func killAfter(t *testing.T, st *relStats, env []string, delay time.Duration, args ...string) bool {
	t.Helper()
	cmd, errb, done := startKehu(t, env, args...)
	var err error
	select {
	case err = <-done:
	case <-time.After(delay):
		if kerr := cmd.Process.Signal(syscall.SIGKILL); kerr != nil && !errors.Is(kerr, os.ErrProcessDone) {
			t.Fatalf("kill kehu: %v", kerr)
		}
		err = <-done
	}
	killed := false
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		ws, ok := ee.Sys().(syscall.WaitStatus)
		if !ok || !ws.Signaled() {
			t.Fatalf("kehu %s failed on its own (exit %d): %s", strings.Join(args, " "), ee.ExitCode(), errb.String())
		}
		killed = true
	} else if err != nil {
		t.Fatal(err)
	}
	st.add(func(s *relStats) {
		s.trials++
		if killed {
			s.killed++
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > s.peakRSSKB {
			s.peakRSSKB = ru.Maxrss
		}
	})
	return killed
}

// startKehu starts kehu with args in env, its stderr kept in errb; done
// receives what Wait returns once it exits.
func startKehu(t *testing.T, env []string, args ...string) (cmd *exec.Cmd, errb *bytes.Buffer, done <-chan error) {
	t.Helper()
	cmd = exec.Command(kehuBin, args...)
	cmd.Env = env
	errb = new(bytes.Buffer)
	cmd.Stderr = errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	return cmd, errb, exited
}

// timed runs kehu once to completion and returns how long it took: kills
// then land anywhere in [0, 1.2×] of that.
func timed(t *testing.T, st *relStats, env []string, args ...string) time.Duration {
	t.Helper()
	start := time.Now()
	mustRel(t, st, env, args...)
	return time.Since(start)
}

func randomDelay(r *rand.Rand, full time.Duration) time.Duration {
	return time.Duration(r.Int64N(int64(full)*6/5 + 1))
}

// sound opens the ledger at path after a kill and checks SQLite's
// integrity; it returns the number of live customers, or -1 when the kill
// came before the ledger existed.
func sound(t *testing.T, path string) int {
	t.Helper()
	st, err := store.OpenExisting(path)
	if err != nil {
		if _, serr := os.Stat(path); errors.Is(serr, os.ErrNotExist) || strings.Contains(err.Error(), "no ledger") {
			return -1
		}
		t.Fatalf("ledger after a kill does not open: %v", err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Fatalf("ledger after a kill: %v", err)
	}
	n, err := st.CountAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// purchasesAndSpend sums the purchases and total_spend columns of every
// customer through kehu export.
func purchasesAndSpend(t *testing.T, st *relStats, env []string) (int, string) {
	t.Helper()
	rows := csvRows(t, mustRel(t, st, env, "export", "--header", "keys", "--columns", "purchases,total_spend"))
	var n int
	var fen int64
	for _, r := range rows[1:] {
		p, err := strconv.Atoi(r[0])
		if err != nil {
			t.Fatalf("purchases %q", r[0])
		}
		n += p
		fen += parseFen(t, r[1])
	}
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return n, fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// parseFen reads an exported amount ("1234.50", "-20.00") as fen.
func parseFen(t *testing.T, s string) int64 {
	t.Helper()
	sign := int64(1)
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		sign, s = -1, rest
	}
	yuan, cents, _ := strings.Cut(s, ".")
	y, err1 := strconv.ParseInt(yuan, 10, 64)
	c, err2 := strconv.ParseInt(cents, 10, 64)
	if err1 != nil || err2 != nil || len(cents) != 2 {
		t.Fatalf("amount %q", s)
	}
	return sign * (y*100 + c)
}

// tempLeft counts files in dir (a run's TMPDIR or an export's folder)
// whose names look temporary: hidden .tmp files, excelize's and SQLite's.
func tempLeft(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, ".tmp") || strings.HasPrefix(n, "excelize") || strings.HasSuffix(n, "-journal") || strings.HasPrefix(n, "kehu-") {
			left = append(left, n)
		}
	}
	return left
}

// finish fails the trial run when a temporary file survived it in tmp,
// then logs its figures under name.
func (s *relStats) finish(t *testing.T, tmp, name string, start time.Time) {
	t.Helper()
	if left := tempLeft(t, tmp); len(left) > 0 {
		t.Errorf("temporary files left in TMPDIR: %v", left)
	}
	s.log(t, name, start)
}

func TestReliabilityKillDemo(t *testing.T) {
	cfg := reliabilityConfig()
	var st relStats
	start := time.Now()
	r := rand.New(rand.NewPCG(1, 2))
	tmp := t.TempDir()
	n := strconv.Itoa(cfg.demoCustomers)
	// The reference shop: what a demo that finishes writes.
	ref := newLedger(t)
	refEnv := relEnv(ref, tmp)
	full := timed(t, &st, refEnv, "demo", "--customers", n, "--seed", "5")
	wantPurchases, wantSpend := purchasesAndSpend(t, &st, refEnv)
	for i := range cfg.killTrials {
		l := newLedger(t)
		env := relEnv(l, tmp)
		killAfter(t, &st, env, randomDelay(r, full), "demo", "--customers", n, "--seed", "5")
		switch got := sound(t, l.path); got {
		case -1, 0:
			// nothing written; the demo runs again from scratch
		case cfg.demoCustomers:
			if p, s := purchasesAndSpend(t, &st, env); p != wantPurchases || s != wantSpend {
				t.Fatalf("trial %d: demo kept %d purchases, %s spent; a finished demo writes %d, %s", i, p, s, wantPurchases, wantSpend)
			}
			st.add(func(s *relStats) { s.kept++ })
		default:
			t.Fatalf("trial %d: %d customers after a killed demo of %d: not all-or-nothing", i, got, cfg.demoCustomers)
		}
		// Whatever the kill left, kehu reads it and the demo can run (again).
		if sound(t, l.path) <= 0 {
			mustRel(t, &st, env, "demo", "--customers", n, "--seed", "5")
		}
		mustRel(t, &st, env, "tiers")
	}
	st.finish(t, tmp, "kill demo ("+cfg.name+")", start)
}

func TestReliabilityKillAdd(t *testing.T) {
	cfg := reliabilityConfig()
	var st relStats
	start := time.Now()
	r := rand.New(rand.NewPCG(3, 4))
	tmp := t.TempDir()
	l := newLedger(t)
	env := relEnv(l, tmp)
	mustRel(t, &st, env, "demo", "--customers", "200", "--seed", "2")
	full := timed(t, &st, env, "add", "计时", "--phone", "13700000000", "--tag", "计时")
	have := 201
	for i := range cfg.killTrials * 4 { // add is short: more trials to land inside it
		name := fmt.Sprintf("杀测%03d", i)
		killAfter(t, &st, env, randomDelay(r, full), "add", name, "--tag", "kill", "--set", "notes=第"+strconv.Itoa(i)+"次")
		got := sound(t, l.path)
		switch got {
		case have:
		case have + 1:
			rows := csvRows(t, mustRel(t, &st, env, "export", "--header", "keys", "--columns", "name,tags,notes", "--where", "name="+name))
			if len(rows) != 2 || rows[1][1] != "kill" || rows[1][2] != "第"+strconv.Itoa(i)+"次" {
				t.Fatalf("trial %d: the added customer is incomplete: %v", i, rows)
			}
			have++
			st.add(func(s *relStats) { s.kept++ })
		default:
			t.Fatalf("trial %d: %d customers, want %d or %d", i, got, have, have+1)
		}
	}
	st.finish(t, tmp, "kill add ("+cfg.name+")", start)
}

func TestReliabilityKillImport(t *testing.T) {
	cfg := reliabilityConfig()
	var st relStats
	start := time.Now()
	r := rand.New(rand.NewPCG(5, 6))
	tmp := t.TempDir()
	l := newLedger(t)
	env := relEnv(l, tmp)
	mustRel(t, &st, env, "demo", "--customers", "300", "--seed", "3")
	sheet := func(trial int) string {
		var b strings.Builder
		b.WriteString("客户名称,公司,消费金额,购买次数,最近购买日期,备注\n")
		for i := range cfg.importRows {
			fmt.Fprintf(&b, "导入%d-%d,公司%d,%d.50,%d,2026-10-%02d,第%d行\n", trial, i, i%50, 100+i, 1+i%9, 1+i%28, i)
		}
		p := filepath.Join(t.TempDir(), fmt.Sprintf("sheet%d.csv", trial))
		writeFile(t, p, b.String())
		return p
	}
	full := timed(t, &st, env, "import", sheet(-1))
	have := 300 + cfg.importRows
	for i := range cfg.killTrials {
		p := sheet(i)
		killAfter(t, &st, env, randomDelay(r, full), "import", p)
		switch got := sound(t, l.path); got {
		case have:
		case have + cfg.importRows:
			have = got
			st.add(func(s *relStats) { s.kept++ })
		default:
			t.Fatalf("trial %d: %d customers after a killed import of %d rows into %d: not all-or-nothing", i, got, cfg.importRows, have)
		}
		if _, err := os.Stat(p + ".rejects.csv"); err == nil {
			t.Errorf("trial %d: a rejects file for a sheet without bad rows", i)
		}
	}
	// Importing a sheet a killed run may have taken adds nobody twice.
	before := sound(t, l.path)
	mustRel(t, &st, env, "import", sheet(-1))
	if after := sound(t, l.path); after != before {
		t.Errorf("re-import added %d customers", after-before)
	}
	st.finish(t, tmp, "kill import ("+cfg.name+")", start)
}

func TestReliabilityKillExport(t *testing.T) {
	cfg := reliabilityConfig()
	var st relStats
	start := time.Now()
	r := rand.New(rand.NewPCG(7, 8))
	tmp := t.TempDir()
	l := newLedger(t)
	env := relEnv(l, tmp)
	mustRel(t, &st, env, "demo", "--customers", strconv.Itoa(cfg.exportShop), "--seed", "4")
	outDir := t.TempDir()
	out := filepath.Join(outDir, "nightly.csv")
	full := timed(t, &st, env, "export", "--bom", "--out", out)
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	old := []byte("the export of yesterday\n")
	xlsxOut := filepath.Join(outDir, "nightly.xlsx")
	xlsxFull := timed(t, &st, env, "export", "--out", xlsxOut)
	for i := range cfg.killTrials {
		if i%2 == 1 { // every other trial an XLSX export, checked as a workbook
			if err := os.WriteFile(xlsxOut, old, 0o644); err != nil {
				t.Fatal(err)
			}
			killAfter(t, &st, env, randomDelay(r, xlsxFull), "export", "--out", xlsxOut)
			got, err := os.ReadFile(xlsxOut)
			if err != nil {
				t.Fatalf("trial %d: %v", i, err)
			}
			if !bytes.Equal(got, old) {
				if rows := xlsxRows(t, xlsxOut); rows != cfg.exportShop+1 {
					t.Fatalf("trial %d: after a killed XLSX export the workbook has %d rows, want %d", i, rows, cfg.exportShop+1)
				}
				st.add(func(s *relStats) { s.kept++ })
			}
			continue
		}
		if err := os.WriteFile(out, old, 0o644); err != nil {
			t.Fatal(err)
		}
		killAfter(t, &st, env, randomDelay(r, full), "export", "--bom", "--out", out)
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("trial %d: %v", i, err)
		}
		if !bytes.Equal(got, old) && !bytes.Equal(got, want) {
			t.Fatalf("trial %d: after a killed export the file is neither the old one nor a whole export (%d bytes of %d)", i, len(got), len(want))
		}
		if bytes.Equal(got, want) {
			st.add(func(s *relStats) { s.kept++ })
		}
		if sound(t, l.path) != cfg.exportShop {
			t.Fatalf("trial %d: the ledger changed under an export", i)
		}
	}
	// A kill leaves the temporary file it was writing; the next run that
	// writes there removes it and finishes the job.
	killedLeft := len(tempLeft(t, outDir))
	mustRel(t, &st, env, "export", "--bom", "--out", out)
	mustRel(t, &st, env, "export", "--out", xlsxOut)
	if got, _ := os.ReadFile(out); !bytes.Equal(got, want) {
		t.Error("the export after the kills differs from the first")
	}
	if left := tempLeft(t, outDir); len(left) > 0 {
		t.Errorf("temporary files beside the export after the next run: %v", left)
	}
	t.Logf("temporary files beside the export: %d left by the kills, 0 after the next run", killedLeft)
	st.finish(t, tmp, "kill export ("+cfg.name+")", start)
}

// TestReliabilityConcurrentUse is a shop's busiest moment: four scripts
// adding customers, logging purchases and contacts, an export and the
// agenda every second, and the table open with customers added through it.
// Every command must succeed and every write must be in the ledger.
func TestReliabilityConcurrentUse(t *testing.T) {
	cfg := reliabilityConfig()
	var st relStats
	start := time.Now()
	tmp := t.TempDir()
	l := newLedger(t)
	env := relEnv(l, tmp)
	const seed = 300
	mustRel(t, &st, env, "demo", "--customers", strconv.Itoa(seed), "--seed", "9")
	basePurchases, baseSpend := purchasesAndSpend(t, &st, env)

	var (
		mu        sync.Mutex
		adds      int
		buys      int
		boughtFen int64
		failed    []string
	)
	fail := func(r result, args []string) {
		mu.Lock()
		failed = append(failed, fmt.Sprintf("kehu %s: exit %d: %s", strings.Join(args, " "), r.code, strings.TrimSpace(r.err)))
		mu.Unlock()
	}
	stop := make(chan struct{})
	scriptsDone := make(chan struct{})
	var readers sync.WaitGroup
	readers.Add(1)
	go func() { // the nightly export and the agenda, every second
		defer readers.Done()
		out := filepath.Join(t.TempDir(), "kehu-{date}.csv")
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for first := true; ; first = false {
			if !first {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
			for _, args := range [][]string{{"export", "--bom", "--out", out}, {"agenda", "--json"}, {"export", "--columns", "id,name,total_spend"}} {
				if r := runRel(t, &st, env, args...); r.code != 0 {
					fail(r, args)
				}
			}
		}
	}()

	var tuiAdded int
	var tuiPeakKB int64
	readers.Add(1)
	go func() { // the table, open all along, adding customers
		defer readers.Done()
		if _, err := exec.LookPath("tmux"); err != nil || cfg.tuiAdds == 0 {
			return
		}
		tt := startTUI(t, l, 120, 30)
		tt.waitFor("row 1/")
		// At least tuiAdds, and on for as long as the scripts write.
		for i := 0; i < cfg.tuiAdds || !closed(scriptsDone); i++ {
			name := fmt.Sprintf("表格%03d", i)
			tt.keys("a")
			tt.waitFor("new customer")
			tt.typeText(name)
			tt.keys("Enter")
			tt.waitFor("added " + name)
			tuiAdded++
		}
		tuiPeakKB = vmHWM(tt.pid())
		tt.quit()
	}()

	var writers sync.WaitGroup
	defer func() {
		if !closed(scriptsDone) {
			close(scriptsDone)
		}
	}()
	for w := range 4 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			r := rand.New(rand.NewPCG(uint64(w), 99))
			for i := range cfg.writerCmds {
				var args []string
				switch i % 3 {
				case 0:
					args = []string{"add", fmt.Sprintf("并发%d-%04d", w, i), "--tag", "并发"}
				case 1:
					fen := 100 + r.Int64N(100000)
					args = []string{"buy", strconv.Itoa(1 + r.IntN(seed)), "--amount", fmt.Sprintf("%d.%02d", fen/100, fen%100), "--product", "并发测试"}
					res := runRel(t, &st, env, args...)
					if res.code != 0 {
						fail(res, args)
						continue
					}
					mu.Lock()
					buys++
					boughtFen += fen
					mu.Unlock()
					continue
				case 2:
					args = []string{"log", strconv.Itoa(1 + r.IntN(seed)), "--channel", "phone", "--note", "并发测试", "--next", "2026-12-01"}
				}
				res := runRel(t, &st, env, args...)
				if res.code != 0 {
					fail(res, args)
					continue
				}
				if args[0] == "add" {
					mu.Lock()
					adds++
					mu.Unlock()
				}
			}
		}()
	}
	writers.Wait()
	close(scriptsDone)
	close(stop)
	readers.Wait()

	for _, f := range failed {
		t.Error(f)
	}
	if len(failed) > 0 {
		t.Fatalf("%d of %d commands failed under concurrent use", len(failed), st.commands)
	}
	wantAdds := 4 * ((cfg.writerCmds + 2) / 3)
	if adds != wantAdds {
		t.Fatalf("%d adds succeeded, want %d", adds, wantAdds)
	}
	if got := sound(t, l.path); got != seed+adds+tuiAdded {
		t.Errorf("%d customers, want %d (demo) + %d (scripts) + %d (table)", got, seed, adds, tuiAdded)
	}
	gotPurchases, gotSpend := purchasesAndSpend(t, &st, env)
	wantSpend := parseFen(t, baseSpend) + boughtFen
	if gotPurchases != basePurchases+buys || parseFen(t, gotSpend) != wantSpend {
		t.Errorf("purchases %d, spend %s; want %d, %d fen", gotPurchases, gotSpend, basePurchases+buys, wantSpend)
	}
	if n := len(csvRows(t, mustRel(t, &st, env, "export", "--columns", "id", "--where", "tag:并发"))) - 1; n != adds {
		t.Errorf("%d customers tagged by the scripts, want %d", n, adds)
	}
	if left := tempLeft(t, tmp); len(left) > 0 {
		t.Errorf("temporary files left in TMPDIR: %v", left)
	}
	if tuiPeakKB > st.peakRSSKB {
		st.peakRSSKB = tuiPeakKB
	}
	t.Logf("concurrent use: %d adds, %d purchases, %d through the table, table peak memory %.1f MB", adds, buys, tuiAdded, float64(tuiPeakKB)/1024)
	st.log(t, "concurrent use ("+cfg.name+")", start)
}

// xlsxRows counts the rows of an exported workbook's customer sheet; a
// workbook that does not open fails the test.
func xlsxRows(t *testing.T, path string) int {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("%s is not a whole workbook: %v", path, err)
	}
	defer f.Close()
	// The customers sheet comes first, named in the export's language.
	rows, err := f.Rows(f.GetSheetList()[0])
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Error(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return n
}

// closed reports whether ch is closed.
func closed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// vmHWM is a running process's peak resident memory in KB (0 if unknown).
func vmHWM(pid string) int64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}
