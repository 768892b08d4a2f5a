//go:build !unix

package tmpfile

import (
	"os"
	"time"
)

// heldElsewhere is never true where lock does nothing.
func heldElsewhere(error) bool { return false }

// lock does nothing where flock is not available.
func lock(*os.File) error { return nil }

// abandoned takes a file untouched for a day for a leftover, where locks
// cannot tell.
func abandoned(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && time.Since(fi.ModTime()) > 24*time.Hour
}
