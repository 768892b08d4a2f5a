package tmpfile

import (
	"errors"
	"os"
	"path/filepath"
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
