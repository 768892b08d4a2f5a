//go:build unix

package tmpfile

import (
	"errors"
	"os"
	"syscall"
)

// heldElsewhere reports whether lock failed because another holds the lock.
func heldElsewhere(err error) bool {
	return errors.Is(err, syscall.EWOULDBLOCK)
}

// lock takes f's exclusive lock; the kernel releases it when the process
// ends, however it ends.
func lock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// abandoned reports whether no live process holds f's lock (and takes it).
func abandoned(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
