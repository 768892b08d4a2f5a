//go:build !unix

package store

import "os"

// writeLimit cannot tell why a write failed on this system.
func writeLimit(string) writeLimitKind { return limitUnknown }

// writable reports whether path may be written, from its permission bits.
func writable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().Perm()&0o200 != 0
}
