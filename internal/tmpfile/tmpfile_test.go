package tmpfile

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestBesideRemovesOnlyAbandonedLeftovers(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out.csv")
	live, err := Beside(target)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if fi, err := live.Stat(); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", fi.Mode(), err)
	}
	dead := filepath.Join(dir, ".out.csv.999.tmp") // a killed run's: nobody holds it
	if err := os.WriteFile(dead, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	second, err := Beside(target)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if _, err := os.Stat(live.Name()); err != nil {
		t.Errorf("a file another export is writing was removed: %v", err)
	}
	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the abandoned leftover is still there: %v", err)
	}
}

func TestDirRemovesOnlyAbandonedFolders(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	live, removeLive, err := Dir("kehu-test-")
	if err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(os.TempDir(), "kehu-test-dead")
	if err := os.Mkdir(dead, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dead, lockName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, removeSecond, err := Dir("kehu-test-")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a folder in use was removed: %v", err)
	}
	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the abandoned folder is still there: %v", err)
	}
	removeLive()
	removeSecond()
	if entries, _ := os.ReadDir(os.TempDir()); len(entries) != 0 {
		t.Errorf("left: %v", entries)
	}
}

func TestTargetRefusesSpecialFiles(t *testing.T) {
	if _, err := Target("/dev/null"); err == nil {
		t.Error("/dev/null accepted")
	}
	p := filepath.Join(t.TempDir(), "a.csv")
	if got, err := Target(p); err != nil || got != p {
		t.Errorf("a new file: %q %v", got, err)
	}
}

// Two runs at once (each sweeping before it creates, as every export and
// import does) and a third doing nothing but sweep: whatever a live run
// has made must stay until that run removes it. A sweeper that could take
// a folder or file in the instant between its creation and its lock
// removes it under its owner, and a check here fails.
func TestConcurrentUsersSweepNothingLive(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	const prefix, rounds = "kehu-race-", 300
	besideDir := t.TempDir()
	target := filepath.Join(besideDir, "out.csv")
	stop := make(chan struct{})
	var sweeper sync.WaitGroup
	sweeper.Add(1)
	go func() {
		defer sweeper.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			sweepDirs(os.TempDir(), prefix)
			sweep(besideDir, func(name string) bool { return strings.HasPrefix(name, ".out.csv.") && strings.HasSuffix(name, ".tmp") })
		}
	}()
	var users sync.WaitGroup
	failures := make(chan string, 4*rounds)
	for u := 0; u < 2; u++ {
		users.Add(1)
		go func() {
			defer users.Done()
			useRepeatedly(prefix, target, rounds, func(f string) { failures <- f })
		}()
	}
	users.Wait()
	close(stop)
	sweeper.Wait()
	close(failures)
	n := 0
	for f := range failures {
		if n++; n <= 5 {
			t.Error(f)
		}
	}
	if n > 5 {
		t.Errorf("and %d more", n-5)
	}
	if entries, _ := os.ReadDir(os.TempDir()); len(entries) != 0 {
		t.Errorf("left in the temporary folder: %d entries", len(entries))
	}
}

// useRepeatedly is one run making and using temporary folders and files
// rounds times, as the XLSX import and every export do, reporting through
// fail anything of its own that vanished while it was in use.
func useRepeatedly(prefix, target string, rounds int, fail func(string)) {
	for i := 0; i < rounds; i++ {
		dir, remove, err := Dir(prefix)
		if err != nil {
			fail("Dir: " + err.Error())
			return
		}
		part := filepath.Join(dir, "sheet.xml")
		if err := os.WriteFile(part, []byte("<row/>"), 0o600); err != nil {
			fail("a live folder was swept before its first file: " + err.Error())
		} else if _, err := os.Stat(part); err != nil {
			fail("a live folder's file was swept: " + err.Error())
		}
		remove()
		f, err := Beside(target)
		if err != nil {
			fail("Beside: " + err.Error())
			return
		}
		if _, err := f.WriteString("a,b\n"); err != nil {
			fail(err.Error())
		}
		if _, err := os.Stat(f.Name()); err != nil {
			fail("a live temporary file was swept: " + err.Error())
		}
		os.Remove(f.Name())
		f.Close()
	}
}

// The same with two processes of their own (this test binary run again as
// TestHelperUser), sweeping each other's leftovers through the lock the
// kernel keeps per open file, as two kehu commands at once do.
func TestConcurrentProcessesSweepNothingLive(t *testing.T) {
	tmp := t.TempDir()
	target := filepath.Join(t.TempDir(), "out.csv")
	var runs []*exec.Cmd
	var outs []*strings.Builder
	for u := 0; u < 2; u++ {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestHelperUser$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "KEHU_TMPFILE_HELPER_TARGET="+target)
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		runs, outs = append(runs, cmd), append(outs, out)
	}
	for i, cmd := range runs {
		if err := cmd.Wait(); err != nil {
			t.Errorf("user %d: %v\n%s", i+1, err, outs[i])
		}
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("left in the temporary folder: %d entries", len(entries))
	}
}

// TestHelperUser is one user of TestConcurrentProcessesSweepNothingLive;
// run on its own it does nothing.
func TestHelperUser(t *testing.T) {
	target := os.Getenv("KEHU_TMPFILE_HELPER_TARGET")
	if target == "" {
		t.Skip("run by TestConcurrentProcessesSweepNothingLive")
	}
	useRepeatedly("kehu-race-", target, 500, func(f string) { t.Error(f) })
}
