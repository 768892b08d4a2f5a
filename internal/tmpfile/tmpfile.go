// Package tmpfile makes the temporary files and folders kehu writes
// through, so that none outlives the process that made it: each is locked
// (flock) for as long as its process holds it open, and whoever makes the
// next one of the same name removes those whose lock is free, left by a run
// that was killed. A file written in place of a target is made beside it
// (so it can be renamed over it), 0600 from its first byte.
package tmpfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// maxLinks bounds the symbolic links Target follows (the kernel's own limit is 40).
const maxLinks = 40

// Target resolves the file an export or a rejects list is to replace:
// symbolic links are followed to the file they name (which need not exist
// yet), so the link stays and its target is replaced. An existing target
// that is not a regular file (a folder, a device such as /dev/null, a FIFO
// or a socket) is refused: writing a file in its place would replace it.
func Target(path string) (string, error) {
	p := path
	for i := 0; ; i++ {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", fmt.Errorf("write %s: %w", path, err)
		}
		switch m := fi.Mode(); {
		case m&fs.ModeSymlink != 0:
			if i == maxLinks {
				return "", i18n.Errorf("file.links", path)
			}
			link, err := os.Readlink(p)
			if err != nil {
				return "", fmt.Errorf("write %s: %w", path, err)
			}
			if !filepath.IsAbs(link) {
				link = filepath.Join(filepath.Dir(p), link)
			}
			p = link
		case m.IsDir():
			return "", i18n.Errorf("file.isdir", path)
		case m&fs.ModeNamedPipe != 0:
			return "", i18n.Errorf("file.special", path, i18n.Errorf("file.kind.fifo"))
		case m&fs.ModeSocket != 0:
			return "", i18n.Errorf("file.special", path, i18n.Errorf("file.kind.socket"))
		case m&fs.ModeDevice != 0:
			return "", i18n.Errorf("file.special", path, i18n.Errorf("file.kind.device"))
		case !m.IsRegular():
			return "", i18n.Errorf("file.special", path, i18n.Errorf("file.kind.other"))
		default:
			return p, nil
		}
	}
}

// Beside creates a temporary file in target's folder, named .BASE.*.tmp
// (hidden, and never taken for the finished file), mode 0600 and locked
// until it is closed. Leftovers of the same name that no live process
// holds are removed first. Rename it over target before closing it, so no
// other run takes it for a leftover in between.
func Beside(target string) (*os.File, error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	prefix := "." + base + "."
	sweep(dir, func(name string) bool { return strings.HasPrefix(name, prefix) && strings.HasSuffix(name, ".tmp") })
	for try := 0; ; try++ {
		f, err := os.CreateTemp(dir, prefix+"*.tmp")
		if err != nil {
			return nil, err
		}
		ok, err := claim(f, f.Name())
		if ok {
			return f, nil
		}
		f.Close()
		if err != nil || try == maxClaims {
			os.Remove(f.Name())
			return nil, claimError(f.Name(), err)
		}
		// Another run's sweep took it for a leftover in the instant before
		// the lock: that run removes it; make another.
	}
}

// lockName is the file inside a Dir that holds its lock.
const lockName = ".lock"

// Dir creates a private folder in the system's temporary folder, named
// PREFIX*, for a library's own temporary files (excelize's), locked while
// this process lives; remove deletes it with everything in it. Folders of
// the same prefix whose process is gone are removed first.
func Dir(prefix string) (dir string, remove func(), err error) {
	tmp := os.TempDir()
	sweepDirs(tmp, prefix)
	for try := 0; ; try++ {
		dir, err = os.MkdirTemp(tmp, prefix+"*")
		if err != nil {
			return "", nil, err
		}
		lockPath := filepath.Join(dir, lockName)
		lf, err := os.OpenFile(lockPath, os.O_CREATE|os.O_RDWR|os.O_EXCL, 0o600)
		if err != nil {
			os.RemoveAll(dir)
			return "", nil, err
		}
		ok, err := claim(lf, lockPath)
		if ok {
			return dir, func() {
				os.RemoveAll(dir)
				lf.Close()
			}, nil
		}
		lf.Close()
		if err != nil || try == maxClaims {
			os.RemoveAll(dir)
			return "", nil, claimError(dir, err)
		}
		// Another run's sweep took the folder for a leftover in the instant
		// before the lock: that run removes it; make another.
	}
}

// maxClaims bounds the fresh names tried when other runs' sweeps keep
// taking them between creation and lock. Each such race is an instant, but
// a run descheduled on a busy machine can lose several in a row to a run
// that keeps sweeping; each lost try costs only a create and a remove.
const maxClaims = 100

// claim locks f, just created at path, and reports whether it is this
// run's for good. A sweeper removes only what it holds the lock of, and
// removes it before letting the lock go; so if the lock is free and path
// still names f, no sweep can take it from now on. If a sweep got the lock
// first (it is busy) or has already removed path, f is lost and claim
// reports false with no error.
func claim(f *os.File, path string) (bool, error) {
	if err := lock(f); err != nil {
		if heldElsewhere(err) {
			return false, nil
		}
		return false, err
	}
	held, err := f.Stat()
	if err != nil {
		return false, err
	}
	named, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(held, named), nil
}

// claimError is the failure to claim a temporary path: err, or other
// runs' sweeps having taken every fresh name tried.
func claimError(path string, err error) error {
	if err == nil {
		return fmt.Errorf("lock temporary %s: taken by another run's sweep %d times", path, maxClaims+1)
	}
	return fmt.Errorf("lock temporary %s: %w", path, err)
}

// sweep removes the regular files of dir whose name match accepts and
// that no live process holds locked.
func sweep(dir string, match func(string) bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !match(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if abandoned(f) {
			os.Remove(p)
		}
		f.Close()
	}
}

// sweepDirs removes the folders of dir named PREFIX* whose lock no live
// process holds.
func sweepDirs(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		f, err := os.OpenFile(filepath.Join(p, lockName), os.O_RDWR, 0)
		if err != nil {
			continue // not ours, or being made this instant
		}
		if abandoned(f) {
			os.RemoveAll(p)
		}
		f.Close()
	}
}
