//go:build unix

package store

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// writeLimit guesses why a write to the ledger at path failed: a finite
// file-size limit that the ledger or its write-ahead log has reached, or a
// file system with less than a megabyte free.
func writeLimit(path string) writeLimitKind {
	var rl unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_FSIZE, &rl) == nil && rl.Cur != unix.RLIM_INFINITY {
		for _, p := range []string{path, path + "-wal", path + "-journal"} {
			if fi, err := os.Stat(p); err == nil && uint64(fi.Size())+1<<20 >= rl.Cur {
				return limitFileSize
			}
		}
	}
	var fs unix.Statfs_t
	if unix.Statfs(filepath.Dir(path), &fs) == nil && uint64(fs.Bavail)*uint64(fs.Bsize) < 1<<20 {
		return limitDiskFull
	}
	return limitUnknown
}

// writable reports whether this process may write path (a file or folder).
// It asks the kernel (access(2)), so a read-only mount counts too.
func writable(path string) bool { return unix.Access(path, unix.W_OK) == nil }
